//! Prints the catalog snapshot of a database as JSON, to see what the conformance suite compares:
//! `cargo run -p codegen-test-catalog --example snapshot -- postgres://postgres@127.0.0.1:5433/db`
//! (or `mysql://...`, or the path of a SQLite file).

fn main() {
    let Some(target) = std::env::args().nth(1) else {
        eprintln!("usage: snapshot <postgres://... | mysql://... | file.db>");
        std::process::exit(2);
    };
    let catalog = if target.starts_with("postgres://") || target.starts_with("postgresql://") {
        codegen_test_catalog::postgres(&target)
    } else if target.starts_with("mysql://") || target.starts_with("mariadb://") {
        codegen_test_catalog::mysql(&target)
    } else {
        rusqlite::Connection::open(&target).map_err(Into::into).and_then(|conn| codegen_test_catalog::sqlite(&conn))
    };
    match catalog {
        Ok(catalog) => println!("{}", catalog.to_json()),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}

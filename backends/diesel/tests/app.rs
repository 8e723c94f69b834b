//! The generated code against the real `diesel` 2.3: `backends/diesel/app` is a crate that
//! includes the schema.rs and models.rs we generate for the bundled example (SQLite and
//! PostgreSQL) and for every fixture, and whose tests create the tables with our SQL backend and
//! insert, join, update and delete through the generated code.
//!
//! The app is its own workspace: diesel's SQLite driver needs a `libsqlite3-sys` older than the
//! one `rusqlite` pulls into this workspace, and a build has room for only one.
//!
//! `generated_files_are_up_to_date` keeps the committed files equal to what the backend renders
//! now (`CODEGEN_BLESS=1 cargo test -p codegen-diesel --test app` rewrites them);
//! `generated_code_compiles_and_queries_real_databases` builds and runs the app.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Backend, Dialect, Schema};
use codegen_diesel::{DieselBackend, DieselOptions};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn app() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("app")
}

struct Case {
    /// Folder under app/src/generated.
    name: &'static str,
    source: &'static str,
    source_dialect: Dialect,
    dialect: Dialect,
    /// Options beyond the defaults, to compile what they change.
    options: fn(DieselOptions) -> DieselOptions,
}

fn defaults(options: DieselOptions) -> DieselOptions {
    options
}

/// Doc comments, imports and sorted columns.
fn every_option(options: DieselOptions) -> DieselOptions {
    DieselOptions {
        with_docs: codegen_diesel::DocComments::WithFallback,
        import_types: Some(vec!["diesel::sql_types::*".into(), "diesel::pg::sql_types::*".into()]),
        column_sorting: codegen_diesel::ColumnSorting::Name,
        ..options
    }
}

const CASES: &[Case] = &[
    Case {
        name: "example_sqlite",
        source: "examples/experiments/schema.sql",
        source_dialect: Dialect::Postgres,
        dialect: Dialect::Sqlite,
        options: defaults,
    },
    Case {
        name: "example_pg",
        source: "examples/experiments/schema.sql",
        source_dialect: Dialect::Postgres,
        dialect: Dialect::Postgres,
        options: defaults,
    },
    // Compiled against diesel's MySQL backend (no client library, so not run).
    Case {
        name: "example_mysql",
        source: "examples/experiments/schema.sql",
        source_dialect: Dialect::Postgres,
        dialect: Dialect::Mysql,
        options: defaults,
    },
    Case {
        name: "sqlite_affinities",
        source: "tests/fixtures/diesel/sqlite_affinities/schema.sql",
        source_dialect: Dialect::Sqlite,
        dialect: Dialect::Sqlite,
        options: defaults,
    },
    Case {
        name: "sqlite_relations",
        source: "tests/fixtures/diesel/sqlite_relations/schema.sql",
        source_dialect: Dialect::Sqlite,
        dialect: Dialect::Sqlite,
        options: defaults,
    },
    Case {
        name: "pg_types",
        source: "tests/fixtures/diesel/pg_types/schema.sql",
        source_dialect: Dialect::Postgres,
        dialect: Dialect::Postgres,
        options: defaults,
    },
    Case {
        name: "pg_types_every_option",
        source: "tests/fixtures/diesel/pg_types/schema.sql",
        source_dialect: Dialect::Postgres,
        dialect: Dialect::Postgres,
        options: every_option,
    },
    Case {
        name: "pg_schemas",
        source: "tests/fixtures/diesel/pg_schemas/schema.sql",
        source_dialect: Dialect::Postgres,
        dialect: Dialect::Postgres,
        options: defaults,
    },
];

fn read(case: &Case) -> Schema {
    let path = repo().join(case.source);
    let text = std::fs::read_to_string(&path).unwrap();
    read_sql_str(&text, Path::new(case.source), case.source_dialect).unwrap_or_else(|e| panic!("{e}")).schema
}

/// Every file the app includes for `case`: schema.rs, models.rs and the DDL that creates it.
fn render(case: &Case) -> Vec<(PathBuf, String)> {
    let schema = read(case);
    // The derives `diesel setup` writes into diesel.toml: filtering on a custom type needs QueryId.
    let options = (case.options)(DieselOptions {
        models: true,
        custom_type_derives: Some(vec!["diesel::query_builder::QueryId".into(), "Clone".into()]),
        ..DieselOptions::for_dialect(case.dialect)
    });
    let generated = DieselBackend.generate(&schema, &options).unwrap_or_else(|d| panic!("{}: {d}", case.name));
    let mut files: Vec<(PathBuf, String)> = generated.files.into_iter().map(|f| (f.path, f.contents)).collect();
    let (ddl, _) = codegen_sql::render_schema(&schema, case.dialect).unwrap_or_else(|d| panic!("{d}"));
    files.push(("schema.sql".into(), ddl));
    files
}

#[test]
fn generated_files_are_up_to_date() {
    let bless = std::env::var_os("CODEGEN_BLESS").is_some();
    let mut stale = Vec::new();
    for case in CASES {
        let dir = app().join("src/generated").join(case.name);
        for (path, contents) in render(case) {
            let path = dir.join(path);
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            if on_disk != contents {
                if bless {
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::write(&path, contents).unwrap();
                } else {
                    stale.push(path.display().to_string());
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files (run `CODEGEN_BLESS=1 cargo test -p codegen-diesel --test app`):\n{}",
        stale.join("\n")
    );
}

#[test]
fn generated_code_compiles_and_queries_real_databases() {
    // diesel's PostgreSQL driver links libpq, whose linkable `libpq.so` comes with `libpq-dev`,
    // which a fresh machine may lack: CI installs it and must run this; a newcomer's
    // `cargo test --workspace` is told how to enable it instead of failing to link.
    if !libpq_is_linkable() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(!ci, "CI needs libpq-dev for the diesel app (.ci/setup.d/20-diesel.sh installs it)");
        eprintln!("note: skipping the diesel app: libpq-dev is not installed (apt-get install libpq-dev)");
        return;
    }
    // A target folder of its own: the app is another workspace, with other dependency versions.
    let target = repo().join("target/diesel-app");
    let status = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--manifest-path"])
        .arg(app().join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the diesel app failed to build or its tests failed (see above)");
}

/// Whether the linker can find `libpq.so` (not just the runtime `libpq.so.5`).
fn libpq_is_linkable() -> bool {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PQ_LIB_DIR").map(PathBuf::from).into_iter().collect();
    dirs.extend(
        ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"]
            .map(PathBuf::from),
    );
    dirs.iter().any(|dir| dir.join("libpq.so").exists())
}

//! `codegen seed --format diesel` and `--format sea-orm`: the seed functions, with the schema.rs
//! or entities codegen generates for the same schema, compiled against the real diesel 2.3 and
//! sea-orm 2.0 in the existing compile harnesses (`tests/diesel-app` and `tests/sea-orm-app`,
//! `--features seed`, their cached target folders) and run twice on SQLite, PostgreSQL and
//! MariaDB by their `tests/seed.rs`.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Backend, Dialect, Schema};
use codegen_diesel::{DieselBackend, DieselOptions};
use codegen_sea_orm::{SeaOrmBackend, SeaOrmOptions};
use codegen_seed::plan::Plan;
use codegen_seed::prepare::{SeedOptions, prepare};
use codegen_seed::render::diesel::render_diesel_seed;
use codegen_seed::render::sea_orm::render_sea_orm_seed;

use crate::servers;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn schema(path: &str) -> Schema {
    let path = root().join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    read_sql_str(&text, &path, Dialect::Postgres).unwrap().schema
}

fn suffix(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgres => "pg",
        Dialect::Mysql => "my",
    }
}

const SCHEMAS: [(&str, &str); 2] =
    [("hard", "tests/fixtures/seed/hard.sql"), ("example", "examples/experiments/schema.sql")];

/// Whether diesel's drivers can link here (libpq-dev, libmariadb-dev): a failure in CI.
fn linkable() -> bool {
    let pq =
        Command::new("sh").args(["-c", "ls /usr/lib/*/libpq.so /usr/lib/libpq.so 2>/dev/null | grep -q ."]).status();
    let my = ["mysqlclient", "libmariadb"]
        .iter()
        .any(|lib| Command::new("pkg-config").args(["--exists", lib]).status().is_ok_and(|s| s.success()));
    let found = pq.is_ok_and(|s| s.success()) && my;
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(found || !ci, "CI needs libpq-dev and libmariadb-dev for the diesel app");
    if !found {
        eprintln!("note: skipping the Diesel seed functions: libpq-dev or libmariadb-dev is missing");
    }
    found
}

#[test]
fn diesel_seed_functions_compile_and_run_twice_on_sqlite_postgres_and_mariadb() {
    if !linkable() {
        return;
    }
    let pg = servers::postgres();
    let my = servers::mysql();
    let dir = tempfile::tempdir().unwrap();
    let mut modules = String::new();
    let mut cases = String::new();
    let mut databases = Vec::new();
    let mut env = Vec::new();
    for (label, path) in SCHEMAS {
        let schema = schema(path);
        for dialect in Dialect::ALL {
            if (dialect == Dialect::Postgres && pg.is_none()) || (dialect == Dialect::Mysql && my.is_none()) {
                continue;
            }
            let name = format!("{label}_{}", suffix(dialect));
            let case_dir = dir.path().join(&name);
            std::fs::create_dir_all(&case_dir).unwrap();
            let generated = DieselBackend.generate(&schema, &DieselOptions::for_dialect(dialect)).unwrap();
            std::fs::write(case_dir.join("schema.rs"), &generated.files[0].contents).unwrap();
            let prepared =
                prepare(&schema, &Plan::default(), &SeedOptions { seed: Some(4), ..SeedOptions::new(dialect) })
                    .unwrap();
            std::fs::write(
                case_dir.join("seed.rs"),
                render_diesel_seed(&prepared, &DieselOptions::for_dialect(dialect), "super::schema").unwrap(),
            )
            .unwrap();
            let ddl = codegen_sql::render_schema(&schema, dialect).unwrap().0;
            std::fs::write(case_dir.join("schema.sql"), &ddl).unwrap();
            let _ = writeln!(
                modules,
                "pub mod {name} {{\n    #[path = {:?}]\n    pub mod schema;\n    #[path = {:?}]\n    pub mod seed;\n}}",
                case_dir.join("schema.rs").display().to_string(),
                case_dir.join("seed.rs").display().to_string()
            );
            let counts: Vec<String> =
                prepared.tables.iter().map(|t| format!("({:?}, {})", t.name.name, t.rows)).collect();
            let function = |d: Dialect| {
                if d == dialect { format!("Some({name}::seed::seed)") } else { "None".to_string() }
            };
            let _ = writeln!(
                cases,
                "    SeedCase {{ name: {name:?}, ddl: include_str!({:?}), counts: &[{}], sqlite: {}, pg: {}, my: {} }},",
                case_dir.join("schema.sql").display().to_string(),
                counts.join(", "),
                function(Dialect::Sqlite),
                function(Dialect::Postgres),
                function(Dialect::Mysql)
            );
            let server = match dialect {
                Dialect::Postgres => pg.as_ref().map(|pg| ("PG", pg.fresh_database("diesel_seed"))),
                Dialect::Mysql => my.as_ref().map(|my| ("MY", my.fresh_database("diesel_seed"))),
                Dialect::Sqlite => None,
            };
            if let Some((prefix, db)) = server {
                db.execute(&ddl).unwrap_or_else(|e| panic!("{name}: {e}"));
                env.push((format!("CODEGEN_SEED_{prefix}_{}", name.to_uppercase()), db.url()));
                databases.push(db);
            }
        }
    }
    let _ = writeln!(modules, "pub const CASES: &[SeedCase] = &[\n{cases}];");
    let file = dir.path().join("seed_modules.rs");
    std::fs::write(&file, modules).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--features", "seed", "--test", "seed", "--manifest-path"])
        .arg(root().join("tests/diesel-app/Cargo.toml"))
        .env("CARGO_TARGET_DIR", root().join("target/diesel-app"))
        .env("CODEGEN_SEED_MODULES", &file)
        .envs(env)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the Diesel seed functions failed to build or run:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    drop(databases);
}

#[test]
fn sea_orm_seed_functions_compile_and_run_twice_on_sqlite_postgres_and_mariadb() {
    let pg = servers::postgres();
    let my = servers::mysql();
    let dir = tempfile::tempdir().unwrap();
    let mut modules = String::new();
    let mut cases = String::new();
    let mut arms = String::new();
    let mut databases = Vec::new();
    let mut sqlite_files = Vec::new();
    let mut env = Vec::new();
    for (label, path) in SCHEMAS {
        let schema = schema(path);
        for dialect in Dialect::ALL {
            if (dialect == Dialect::Postgres && pg.is_none()) || (dialect == Dialect::Mysql && my.is_none()) {
                continue;
            }
            let name = format!("{label}_{}", suffix(dialect));
            let case_dir = dir.path().join(&name);
            let entities = case_dir.join("entities");
            std::fs::create_dir_all(&entities).unwrap();
            let options = SeaOrmOptions { dialect: Some(dialect), ..SeaOrmOptions::default() };
            for file in SeaOrmBackend.generate(&schema, &options).unwrap().files {
                std::fs::write(entities.join(&file.path), &file.contents).unwrap();
            }
            let prepared =
                prepare(&schema, &Plan::default(), &SeedOptions { seed: Some(4), ..SeedOptions::new(dialect) })
                    .unwrap();
            std::fs::write(
                case_dir.join("seed.rs"),
                render_sea_orm_seed(&prepared, &options, "super::entities").unwrap(),
            )
            .unwrap();
            let _ = writeln!(
                modules,
                "pub mod {name} {{\n    #[path = {:?}]\n    pub mod entities;\n    #[path = {:?}]\n    pub mod seed;\n}}",
                entities.join("mod.rs").display().to_string(),
                case_dir.join("seed.rs").display().to_string()
            );
            let counts: Vec<String> =
                prepared.tables.iter().map(|t| format!("({:?}, {})", t.name.name, t.rows)).collect();
            let _ = writeln!(cases, "    SeedCase {{ name: {name:?}, counts: &[{}] }},", counts.join(", "));
            let _ = writeln!(arms, "        {name:?} => {name}::seed::seed(db).await,");
            let ddl = codegen_sql::render_schema(&schema, dialect).unwrap().0;
            let variable = format!("CODEGEN_SEED_DB_{}", name.to_uppercase());
            let server = match dialect {
                Dialect::Postgres => pg.as_ref().map(|pg| pg.fresh_database("sea_orm_seed")),
                Dialect::Mysql => my.as_ref().map(|my| my.fresh_database("sea_orm_seed")),
                Dialect::Sqlite => None,
            };
            match server {
                Some(db) => {
                    db.execute(&ddl).unwrap_or_else(|e| panic!("{name}: {e}"));
                    env.push((variable, db.url()));
                    databases.push(db);
                }
                None => {
                    let file = case_dir.join("seed.db");
                    rusqlite::Connection::open(&file).unwrap().execute_batch(&ddl).unwrap();
                    env.push((variable, format!("sqlite://{}?mode=rwc", file.display())));
                    sqlite_files.push(file);
                }
            }
        }
    }
    let _ = writeln!(modules, "pub const CASES: &[SeedCase] = &[\n{cases}];");
    let _ = writeln!(
        modules,
        "pub async fn seed_case(name: &str, db: &sea_orm::DatabaseConnection) -> Result<(), sea_orm::DbErr> {{\n    match name {{\n{arms}        _ => unreachable!(),\n    }}\n}}"
    );
    let file = dir.path().join("seed_modules.rs");
    std::fs::write(&file, modules).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--features", "seed", "--test", "seed", "--manifest-path"])
        .arg(root().join("tests/sea-orm-app/Cargo.toml"))
        .env("CARGO_TARGET_DIR", root().join("target/sea-orm-app"))
        .env("CODEGEN_SEED_MODULES", &file)
        .envs(env)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the SeaORM seed functions failed to build or run:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // SQLite checked every foreign key (sqlx turns them on): no row points at a missing parent.
    for file in sqlite_files {
        let conn = rusqlite::Connection::open(&file).unwrap();
        let dangling: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(dangling, 0, "{}", file.display());
    }
    drop(databases);
}

//! The schemas every test runs on: the bundled example and the fixtures beside this file.

use std::path::{Path, PathBuf};

use codegen_core::read::sql::read_sql_file;
use codegen_core::{Dialect, Schema};

/// `(name, model)` for the example and each `fixtures/*.sql` (PostgreSQL DDL), in name order.
pub fn sql_fixtures() -> Vec<(String, Schema)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("../../examples/experiments/schema.sql")];
    let mut own: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    own.sort();
    paths.extend(own);
    paths.iter().map(|p| (name_of(p), read(p))).collect()
}

fn name_of(path: &Path) -> String {
    let stem = path.file_stem().expect("file name").to_string_lossy();
    if stem == "schema" { "example".into() } else { stem.into_owned() }
}

fn read(path: &Path) -> Schema {
    match read_sql_file(path, Dialect::Postgres) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// The model of the SQLite database `sql` builds, read back through the SQLite reader, as a
/// user pointing `--schema` at the database file would.
pub fn sqlite_database_schema(sql: &str) -> Schema {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("fixture.db");
    let connection = rusqlite::Connection::open(&db).expect("create the database");
    connection.execute_batch(sql).expect("fixture SQL runs");
    drop(connection);
    codegen_db::read_sqlite_file(&db).expect("our SQLite reader reads it").schema
}

//! Reading SQLite database files: the model matches the DDL that made the database.

use std::path::{Path, PathBuf};

use codegen_core::read::ReadError;
use codegen_core::read::sql::read_sql_str;
use codegen_core::{ColumnType, Dialect, IndexKey, ObjectKind, QualifiedName, Schema, Severity, SortOrder};
use codegen_db::{is_sqlite_file, read_sqlite_file};

const RICH: &str = include_str!("fixtures/rich_sqlite.sql");

/// A database built by SQLite itself from `ddl`, in a directory that lives as long as the guard.
fn database(ddl: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(ddl).unwrap();
    conn.close().unwrap();
    (dir, path)
}

fn from_ddl(ddl: &str) -> Schema {
    read_sql_str(ddl, Path::new("schema.sql"), Dialect::Sqlite).unwrap().schema
}

fn from_db(ddl: &str) -> Schema {
    let (_dir, path) = database(ddl);
    read_sqlite_file(&path).unwrap().schema
}

#[test]
fn rich_schema_reads_the_same_from_the_database_as_from_its_ddl() {
    let (from_db, from_ddl) = (from_db(RICH), from_ddl(RICH));
    // Compare piece by piece first, so a failure names what differs.
    assert_eq!(from_db.enums, from_ddl.enums);
    for (db, ddl) in from_db.tables.iter().zip(&from_ddl.tables) {
        assert_eq!(db, ddl, "table `{}`", ddl.name);
    }
    assert_eq!(from_db.views, from_ddl.views);
    assert_eq!(from_db, from_ddl);
}

#[test]
fn the_rich_fixture_exercises_what_it_claims() {
    let schema = from_db(RICH);
    let accounts = schema.table(&"accounts".into_name()).unwrap();
    assert_eq!(accounts.column("status").unwrap().ty, ColumnType::Enum { name: "accounts_status".into_name() });
    assert!(accounts.column("email_domain").unwrap().generated.as_ref().is_some_and(|g| !g.stored));
    assert!(accounts.column("name_length").unwrap().generated.as_ref().is_some_and(|g| g.stored));
    assert!(accounts.column("first name").is_some() && accounts.column("order").is_some());
    let index = |name: &str| accounts.indexes.iter().find(|i| i.name == name).unwrap();
    assert_eq!(index("accounts_lower_email").parts[0].key, IndexKey::Expression("lower(email)".into()));
    assert_eq!(index("accounts_created_desc").parts[0].order, Some(SortOrder::Desc));
    assert_eq!(index("accounts_active_nickname").predicate.as_deref(), Some("status = 'active'"));
    let addresses = schema.table(&"addresses".into_name()).unwrap();
    let region_fk = &addresses.foreign_keys[1];
    assert_eq!(region_fk.columns, ["country_code", "region_code"]);
    assert_eq!(region_fk.name.as_deref(), Some("addresses_region_fk"));
    let notes = schema.table(&"notes".into_name()).unwrap();
    assert_eq!(notes.foreign_keys[0].referenced_columns, ["id"]);
    assert_eq!(schema.views.len(), 1);
}

trait IntoName {
    fn into_name(self) -> codegen_core::QualifiedName;
}

impl IntoName for &str {
    fn into_name(self) -> codegen_core::QualifiedName {
        codegen_core::QualifiedName::new(self)
    }
}

#[test]
fn the_catalog_is_the_truth_after_alter_table() {
    let ddl = "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);
               ALTER TABLE t ADD COLUMN b INTEGER NOT NULL DEFAULT 7;
               ALTER TABLE t RENAME COLUMN a TO title;
               ALTER TABLE t RENAME TO items;";
    let schema = from_db(ddl);
    assert_eq!(schema, from_ddl(ddl));
    let names: Vec<&str> = schema.tables[0].columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "title", "b"]);
}

#[test]
fn triggers_and_virtual_tables_are_carried_as_written() {
    let ddl = "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT);
               CREATE VIRTUAL TABLE docs USING fts5(body);
               CREATE TRIGGER t_insert AFTER INSERT ON t BEGIN INSERT INTO docs (body) VALUES (new.body); END;";
    let (_dir, path) = database(ddl);
    let loaded = read_sqlite_file(&path).unwrap();
    let names: Vec<&str> = loaded.schema.tables.iter().map(|t| t.name.name.as_str()).collect();
    assert_eq!(names, ["t"], "no virtual table nor its shadow tables among the tables");
    let objects: Vec<(ObjectKind, &str)> =
        loaded.schema.objects.iter().map(|o| (o.kind, o.name.name.as_str())).collect();
    assert_eq!(objects, [(ObjectKind::VirtualTable, "docs"), (ObjectKind::Trigger, "t_insert")]);
    let trigger = &loaded.schema.objects[1];
    assert_eq!(trigger.table, Some(QualifiedName::new("t")));
    assert!(trigger.definition[0].ends_with("END"), "{:?}", trigger.definition);
    // Written back for SQLite, both are created again, the trigger after its table.
    let (sql, _) = codegen_sql::render_schema(&loaded.schema, Dialect::Sqlite).unwrap();
    let (_dir2, again) = database(&sql);
    let reread = read_sqlite_file(&again).unwrap();
    assert_eq!(reread.schema.objects.len(), 2, "{sql}");
}

#[test]
fn a_text_file_named_like_a_database_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    std::fs::write(&path, "CREATE TABLE t (id INTEGER);\n").unwrap();
    assert!(!is_sqlite_file(&path));
    let error = read_sqlite_file(&path).unwrap_err();
    assert!(matches!(error, ReadError::Invalid(_)));
    assert!(error.to_string().contains("x.db"), "{error}");
}

#[test]
fn a_corrupt_database_is_an_error_naming_the_file() {
    let (_dir, path) = database(RICH);
    let mut bytes = std::fs::read(&path).unwrap();
    // Keep the header, scribble over the schema page.
    for b in &mut bytes[100..4096] {
        *b = 0xA5;
    }
    std::fs::write(&path, bytes).unwrap();
    let error = read_sqlite_file(&path).unwrap_err();
    assert!(error.to_string().contains("app.db"), "{error}");
}

#[test]
fn a_missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.db");
    let error = read_sqlite_file(&path).unwrap_err();
    assert!(matches!(error, ReadError::Io { .. }), "{error}");
    assert!(error.to_string().contains("missing.db"));
    assert!(!path.exists(), "reading must not create the file");
}

#[test]
fn reading_leaves_the_file_untouched() {
    assert_read_leaves_untouched(RICH);
}

#[test]
fn reading_a_wal_database_creates_no_files_beside_it() {
    assert_read_leaves_untouched(&format!("PRAGMA journal_mode = WAL;\n{RICH}"));
}

fn assert_read_leaves_untouched(ddl: &str) {
    let (dir, path) = database(ddl);
    let before = (std::fs::read(&path).unwrap(), std::fs::metadata(&path).unwrap().modified().unwrap());
    assert!(is_sqlite_file(&path));
    read_sqlite_file(&path).unwrap();
    let after = (std::fs::read(&path).unwrap(), std::fs::metadata(&path).unwrap().modified().unwrap());
    assert!(before == after, "the database file changed");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files, ["app.db"], "no journal or other file is left behind");
}

#[test]
fn a_table_whose_stored_sql_does_not_parse_is_read_from_the_catalog() {
    // SQLite accepts `ON CONFLICT` on a table constraint; the DDL reader does not, so this table
    // comes from the pragmas alone (its types through the same type rules).
    let ddl = "CREATE TABLE f (
                   id INTEGER PRIMARY KEY,
                   n UNSIGNED BIG INT NOT NULL DEFAULT 3,
                   u TEXT DEFAULT CURRENT_DATE,
                   UNIQUE (u) ON CONFLICT REPLACE
               );
               CREATE INDEX f_n ON f (n DESC);
               CREATE VIEW fv AS SELECT id, n AS m FROM f;";
    let (_dir, path) = database(ddl);
    let loaded = read_sqlite_file(&path).unwrap();
    let f = &loaded.schema.tables[0];
    let n = f.column("n").unwrap();
    assert_eq!(n.ty, ColumnType::Integer { width: codegen_core::IntWidth::Big, unsigned: true });
    assert_eq!(
        n.default,
        Some(codegen_core::ColumnDefault::Literal { value: codegen_core::Literal::Number("3".into()) })
    );
    assert!(!n.nullable);
    assert_eq!(f.column("u").unwrap().default, Some(codegen_core::ColumnDefault::CurrentDate));
    assert_eq!(f.uniques[0].columns, ["u"]);
    assert_eq!(f.indexes[0].parts[0].order, Some(SortOrder::Desc));
    // The engine knows the view's column types even though the reader could not trace them.
    assert_eq!(loaded.schema.views[0].columns[1].declared_type, "UNSIGNED BIG INT");
    assert!(loaded.diagnostics.iter().any(|d| d.severity == Severity::Warning && d.message.contains("table `f`")));
}

/// The bundled PostgreSQL example, rendered for SQLite by the SQL backend and executed by SQLite,
/// reads back from the database as it reads from the rendered DDL.
#[test]
fn the_example_rendered_for_sqlite_reads_back_the_same() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/experiments/schema.sql");
    let schema = codegen_core::read::sql::read_sql_file(&example, Dialect::Postgres).unwrap().schema;
    let (ddl, _) = codegen_sql::render_schema(&schema, Dialect::Sqlite).unwrap();
    let (_dir, path) = database(&ddl);
    let loaded = read_sqlite_file(&path).unwrap();
    assert!(loaded.diagnostics.iter().all(|d| d.severity == Severity::Note), "{}", loaded.diagnostics);
    assert_eq!(loaded.schema.tables.len(), schema.tables.len());
    assert_eq!(loaded.schema, from_ddl(&ddl), "rendered DDL:\n{ddl}");
}

#[test]
fn a_path_with_uri_characters_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my app?#%20.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY);").unwrap();
    conn.close().unwrap();
    assert_eq!(read_sqlite_file(&path).unwrap().schema.tables.len(), 1);
}

#[test]
fn a_database_open_in_another_connection_is_read() {
    let (_dir, path) = database("PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY);");
    let writer = rusqlite::Connection::open(&path).unwrap();
    writer.execute_batch("CREATE TABLE u (id INTEGER PRIMARY KEY);").unwrap();
    let tables = read_sqlite_file(&path).unwrap().schema.tables;
    assert_eq!(tables.len(), 2, "the committed table still in the -wal file is seen");
    drop(writer);
}

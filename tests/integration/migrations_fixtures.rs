//! The four changes a team asked for, as fixtures (`tests/fixtures/migrations/<case>`): the
//! migration codegen writes per dialect is compared with the checked-in one (`UPDATE_EXPECT=1`
//! rewrites it), then run with rows in the tables, checking the rows survive both ways and the
//! database reads back as the target schema.

use std::path::{Path, PathBuf};

use codegen_core::diff::{DiffOptions, HintsFile, diff_schemas};
use codegen_core::read::sql::read_sql_file;
use codegen_core::{Dialect, Schema};
use codegen_sql::migration::{MigrationOptions, MigrationScript, Reversibility, render_migration};

use crate::migrations_roundtrip::normalized;

const CASES: [&str; 4] = ["add_settings_json", "users_organizations_join", "rename_state_to_status", "split_address"];

struct Case {
    dir: PathBuf,
    from: Schema,
    to: Schema,
    options: DiffOptions,
}

fn case(name: &str) -> Case {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/migrations").join(name);
    let read = |file: &str| read_sql_file(&dir.join(file), Dialect::Postgres).expect("the fixture reads").schema;
    let hints = dir.join("hints");
    let options = if hints.exists() {
        DiffOptions::from_hints(HintsFile::read_file(&hints).expect("the hints read"))
    } else {
        DiffOptions::default()
    };
    Case { from: read("from.sql"), to: read("to.sql"), options, dir }
}

impl Case {
    fn script(&self, dialect: Dialect) -> MigrationScript {
        let diff = diff_schemas(&self.from, &self.to, &self.options);
        assert!(!diff.diagnostics.has_errors(), "{}", diff.diagnostics);
        assert!(diff.diagnostics.is_empty(), "{}: the diff has warnings: {}", self.dir.display(), diff.diagnostics);
        render_migration(&self.from, &self.to, &diff, &MigrationOptions::new(dialect))
            .unwrap_or_else(|e| panic!("{}: the {dialect} migration does not render: {e}", self.dir.display()))
    }

    fn text(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join(file)).unwrap_or_else(|e| panic!("{}/{file}: {e}", self.dir.display()))
    }

    /// Expected rows of a `.tsv` file.
    fn rows(&self, file: &str) -> Vec<Vec<String>> {
        self.text(file).lines().map(|l| l.split('\t').map(str::to_string).collect()).collect()
    }
}

/// Compare with the checked-in file, or rewrite it under `UPDATE_EXPECT=1`.
fn expect_file(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_EXPECT=1 to write it)", path.display()));
    if expected != actual {
        let diff =
            similar::TextDiff::from_lines(&expected, actual).unified_diff().header("expected", "actual").to_string();
        panic!("{} differs (UPDATE_EXPECT=1 rewrites it):\n{diff}", path.display());
    }
}

#[test]
fn the_expected_migrations_are_what_codegen_writes() {
    for name in CASES {
        let case = case(name);
        for dialect in Dialect::ALL {
            let script = case.script(dialect);
            expect_file(&case.dir.join(format!("expected/{dialect}.up.sql")), &script.up_sql());
            expect_file(&case.dir.join(format!("expected/{dialect}.down.sql")), &script.down_sql());
        }
    }
}

#[test]
fn the_grades_are_lossless_where_the_data_comes_back() {
    for name in CASES {
        let case = case(name);
        for dialect in Dialect::ALL {
            assert_eq!(case.script(dialect).grade, Reversibility::Lossless, "{name} on {dialect}");
        }
    }
}

#[test]
fn the_rename_is_a_rename_and_not_a_drop() {
    let case = case("rename_state_to_status");
    let up = case.script(Dialect::Postgres).up;
    assert!(up.contains(&"ALTER TABLE experiments RENAME COLUMN state TO status".to_string()), "{up:#?}");
    assert!(!up.iter().any(|s| s.contains("DROP COLUMN")), "{up:#?}");
    // Without the hints the same change is a drop and an add, reported as a probable rename.
    let diff = diff_schemas(&case.from, &case.to, &DiffOptions::default());
    let warning = diff.diagnostics.iter().find(|d| d.message.contains("probable rename")).expect("a warning");
    assert!(warning.message.contains("experiments.state"), "{warning}");
    assert_eq!(warning.help.as_deref(), Some("if it is a rename, give the hint `experiments.state=status`"));
}

fn sqlite_rows(conn: &rusqlite::Connection, sql: &str) -> Vec<Vec<String>> {
    let mut statement = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let width = statement.column_count();
    let rows = statement
        .query_map([], |row| {
            (0..width)
                .map(|i| {
                    Ok(match row.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => "NULL".to_string(),
                        rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                        rusqlite::types::ValueRef::Real(x) => x.to_string(),
                        rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                            String::from_utf8_lossy(t).into_owned()
                        }
                    })
                })
                .collect::<Result<Vec<String>, rusqlite::Error>>()
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// Our SQL read back by our reader: the model as the database holds it.
fn as_written(schema: &Schema, dialect: Dialect) -> Schema {
    let sql = codegen_sql::render_schema(schema, dialect).unwrap().0;
    codegen_core::read::sql::read_sql_str(&sql, Path::new("generated.sql"), dialect).unwrap().schema
}

#[test]
fn the_migrations_keep_the_rows_on_sqlite() {
    for name in CASES {
        let case = case(name);
        let script = case.script(Dialect::Sqlite);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let conn = rusqlite::Connection::open(&path).unwrap();
        // Enforced, as applications run them: the migration must switch them off for its rebuilds.
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        conn.execute_batch(&codegen_sql::render_schema(&case.from, Dialect::Sqlite).unwrap().0).unwrap();
        conn.execute_batch(&case.text("seed.sql")).unwrap();
        conn.execute_batch(&script.up_sql()).unwrap_or_else(|e| panic!("{name}: up fails: {e}"));
        assert_eq!(sqlite_rows(&conn, &case.text("check_up.sql")), case.rows("after_up.tsv"), "{name}: after up");
        let live = codegen_db::read_sqlite_file(&path).unwrap().schema;
        assert_eq!(normalized(live), normalized(as_written(&case.to, Dialect::Sqlite)), "{name}: schema after up");
        conn.execute_batch(&script.down_sql()).unwrap_or_else(|e| panic!("{name}: down fails: {e}"));
        assert_eq!(sqlite_rows(&conn, &case.text("check_down.sql")), case.rows("after_down.tsv"), "{name}: after down");
        let live = codegen_db::read_sqlite_file(&path).unwrap().schema;
        assert_eq!(normalized(live), normalized(as_written(&case.from, Dialect::Sqlite)), "{name}: schema after down");
    }
}

#[test]
fn the_migrations_keep_the_rows_on_postgres() {
    let Some(server) = crate::servers::postgres() else { return };
    for name in CASES {
        let case = case(name);
        let script = case.script(Dialect::Postgres);
        let db = server.fresh_database(name);
        db.execute(&codegen_sql::render_schema(&case.from, Dialect::Postgres).unwrap().0).unwrap();
        db.execute(&case.text("seed.sql")).unwrap();
        db.execute(&script.up_sql()).unwrap_or_else(|e| panic!("{name}: up fails: {e}"));
        assert_eq!(db.query_rows(&case.text("check_up.sql")).unwrap(), case.rows("after_up.tsv"), "{name}: after up");
        let live = codegen_db::read_postgres(&db.url(), &[]).unwrap().schema;
        assert_eq!(normalized(live), normalized(case.to.clone()), "{name}: schema after up");
        db.execute(&script.down_sql()).unwrap_or_else(|e| panic!("{name}: down fails: {e}"));
        assert_eq!(
            db.query_rows(&case.text("check_down.sql")).unwrap(),
            case.rows("after_down.tsv"),
            "{name}: after down"
        );
        let live = codegen_db::read_postgres(&db.url(), &[]).unwrap().schema;
        assert_eq!(normalized(live), normalized(case.from.clone()), "{name}: schema after down");
    }
}

#[test]
fn the_migrations_keep_the_rows_on_mariadb() {
    let Some(server) = crate::servers::mysql() else { return };
    for name in CASES {
        let case = case(name);
        let script = case.script(Dialect::Mysql);
        let db = server.fresh_database(name);
        db.execute(&codegen_sql::render_schema(&case.from, Dialect::Mysql).unwrap().0).unwrap();
        db.execute(&case.text("seed.sql")).unwrap();
        db.execute(&script.up_sql()).unwrap_or_else(|e| panic!("{name}: up fails: {e}"));
        assert_eq!(db.query_rows(&case.text("check_up.sql")).unwrap(), case.rows("after_up.tsv"), "{name}: after up");
        let live = codegen_db::read_mysql(&db.url()).unwrap().schema;
        assert_eq!(normalized(live), normalized(as_written(&case.to, Dialect::Mysql)), "{name}: schema after up");
        db.execute(&script.down_sql()).unwrap_or_else(|e| panic!("{name}: down fails: {e}"));
        assert_eq!(
            db.query_rows(&case.text("check_down.sql")).unwrap(),
            case.rows("after_down.tsv"),
            "{name}: after down"
        );
        let live = codegen_db::read_mysql(&db.url()).unwrap().schema;
        assert_eq!(normalized(live), normalized(as_written(&case.from, Dialect::Mysql)), "{name}: schema after down");
    }
}

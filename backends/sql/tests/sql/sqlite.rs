//! The SQLite script executed in a real (in-memory) SQLite.

use codegen_core::Dialect;
use rusqlite::Connection;

use crate::{fixture, render};

/// A database built from the example-like model, with foreign keys enforced.
fn database() -> Connection {
    let (script, _) = render(&fixture::experiments(), Dialect::Sqlite);
    let db = Connection::open_in_memory().unwrap();
    db.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    db.execute_batch(&script).unwrap_or_else(|e| panic!("{e}\n{script}"));
    db
}

fn objects(db: &Connection, kind: &str) -> Vec<String> {
    let mut statement = db
        .prepare("SELECT name FROM sqlite_master WHERE type = ?1 AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    statement.query_map([kind], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
}

/// An organization, a user and a project, each with id 1.
fn seed(db: &Connection) {
    db.execute_batch(
        "INSERT INTO organizations (name) VALUES ('Acme');
         INSERT INTO user (email, Name, api_token) VALUES ('a@example.com', 'Ada', 'x');
         INSERT INTO projects (organization_id, name, owner_id) VALUES (1, 'Site', 1);",
    )
    .unwrap();
}

#[test]
fn every_table_index_and_view_is_created() {
    let db = database();
    let tables = ["assignments", "experiments", "memberships", "organizations", "projects", "user", "variants"];
    assert_eq!(objects(&db, "table"), tables);
    let indexes = [
        "assignments_assigned_at_idx",
        "experiments_project_id_status_idx",
        "experiments_running_idx",
        "memberships_project_id_idx",
        "user_email_lower_idx",
        "user_name_idx",
        "user_tags_idx",
    ];
    assert_eq!(objects(&db, "index"), indexes);
    assert_eq!(objects(&db, "view"), ["experiment_counts", "running_experiments"]);
}

#[test]
fn counters_and_defaults_fill_in_left_out_columns() {
    let db = database();
    seed(&db);
    let (id, priority, name_length): (i64, i64, i64) = db
        .query_row("SELECT id, priority, name_length FROM projects", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!((id, priority, name_length), (1, 5, 4));
    let created_at: Option<String> = db.query_row("SELECT created_at FROM organizations", [], |r| r.get(0)).unwrap();
    assert!(created_at.is_some());
}

#[test]
fn the_enum_check_rejects_a_value_outside_the_enum() {
    let db = database();
    seed(&db);
    db.execute("INSERT INTO experiments (project_id, name, status) VALUES (1, 'ok', 'running')", []).unwrap();
    let error =
        db.execute("INSERT INTO experiments (project_id, name, status) VALUES (1, 'bad', 'exploded')", []).unwrap_err();
    assert!(error.to_string().contains("CHECK constraint failed"), "{error}");
}

#[test]
fn foreign_keys_are_enforced_including_the_cycle() {
    let db = database();
    seed(&db);
    let error = db.execute("INSERT INTO projects (organization_id, name) VALUES (42, 'orphan')", []).unwrap_err();
    assert!(error.to_string().contains("FOREIGN KEY constraint failed"), "{error}");
    // experiments -> variants is the half of the cycle SQLite keeps inline.
    db.execute("INSERT INTO experiments (project_id, name) VALUES (1, 'e')", []).unwrap();
    let error = db.execute("UPDATE experiments SET winning_variant_id = 7", []).unwrap_err();
    assert!(error.to_string().contains("FOREIGN KEY constraint failed"), "{error}");
    db.execute("INSERT INTO variants (experiment_id, key) VALUES (1, 'control')", []).unwrap();
    db.execute("UPDATE experiments SET winning_variant_id = 1", []).unwrap();
    // ON DELETE CASCADE from organizations reaches projects, experiments and variants.
    db.execute("DELETE FROM organizations", []).unwrap();
    let left: i64 = db.query_row("SELECT count(*) FROM variants", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
}

#[test]
fn the_bundled_example_runs_in_sqlite() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/experiments/schema.sql");
    let example = codegen_core::read::sql::read_sql_file(&path, Dialect::Postgres).unwrap().schema;
    let (script, _) = render(&example, Dialect::Sqlite);
    let db = Connection::open_in_memory().unwrap();
    db.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    db.execute_batch(&script).unwrap_or_else(|e| panic!("{e}\n{script}"));
    let names: Vec<String> = example.tables.iter().map(|t| t.name.name.clone()).collect();
    let mut expected = names.clone();
    expected.sort();
    assert_eq!(objects(&db, "table"), expected);
    let error = db
        .execute_batch(
            "INSERT INTO organizations (name) VALUES ('Acme');
             INSERT INTO projects (organization_id, name) VALUES (1, 'Site');
             INSERT INTO experiments (project_id, name, status) VALUES (1, 'x', 'exploded');",
        )
        .unwrap_err();
    assert!(error.to_string().contains("CHECK constraint failed"), "{error}");
}

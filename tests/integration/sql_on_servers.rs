//! The SQL backend's output, executed by the real servers: SQLite (embedded, always), PostgreSQL
//! and MariaDB (started by `.ci/servers.sh`; these tests fail in CI without them).
//!
//! Executing is the start: each test also checks that the database enforces what the model says
//! (enums, checks, foreign keys, uniques, defaults).

use std::path::Path;

use codegen_core::Dialect;
use codegen_core::model::Schema;
use codegen_core::read::sql::read_sql_file;

use crate::servers;

fn example() -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/experiments/schema.sql");
    read_sql_file(&path, Dialect::Postgres).unwrap().schema
}

fn render(schema: &Schema, dialect: Dialect) -> String {
    codegen_sql::render_schema(schema, dialect).expect("renders").0
}

/// Inserts that must succeed, then violations that each database must reject, per dialect.
const SEED: &str = "
INSERT INTO organizations (name) VALUES ('Acme');
INSERT INTO users (email, display_name) VALUES ('ada@example.com', 'Ada');
INSERT INTO projects (organization_id, name, created_by) VALUES (1, 'Checkout', 1);
INSERT INTO memberships (user_id, project_id, role) VALUES (1, 1, 'owner');
INSERT INTO experiments (project_id, name) VALUES (1, 'Green button');
INSERT INTO variants (experiment_id, key, name, is_control) VALUES (1, 'control', 'Control', TRUE);
INSERT INTO metrics (experiment_id, name) VALUES (1, 'conversion');
";

fn violations(dialect: Dialect) -> Vec<(&'static str, String)> {
    let key = if dialect == Dialect::Mysql { "`key`" } else { "key" };
    vec![
        ("enum value", "INSERT INTO experiments (project_id, name, status) VALUES (1, 'x', 'exploded')".into()),
        ("check", "INSERT INTO experiments (project_id, name, traffic_percent) VALUES (1, 'x', 101)".into()),
        ("foreign key", "INSERT INTO experiments (project_id, name) VALUES (99, 'x')".into()),
        ("unique membership", "INSERT INTO memberships (user_id, project_id) VALUES (1, 1)".into()),
        ("unique per organization", "INSERT INTO projects (organization_id, name) VALUES (1, 'Checkout')".into()),
        ("not null", format!("INSERT INTO variants (experiment_id, {key}) VALUES (1, 'b')")),
    ]
}

#[test]
fn example_sqlite_output_runs_and_enforces_the_model() {
    let sql = render(&example(), Dialect::Sqlite);
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn.execute_batch(&sql).unwrap_or_else(|e| panic!("SQLite rejects our DDL: {e}\n{sql}"));
    conn.execute_batch(SEED).unwrap();
    let status: String = conn.query_row("SELECT status FROM experiments", [], |r| r.get(0)).unwrap();
    assert_eq!(status, "draft", "the enum default applies");
    for (what, statement) in violations(Dialect::Sqlite) {
        assert!(conn.execute_batch(&statement).is_err(), "SQLite accepted a {what} violation: {statement}");
    }
    // ON DELETE CASCADE reaches the variants.
    conn.execute_batch("DELETE FROM experiments").unwrap();
    let variants: i64 = conn.query_row("SELECT count(*) FROM variants", [], |r| r.get(0)).unwrap();
    assert_eq!(variants, 0);
}

#[test]
fn example_postgres_output_runs_and_enforces_the_model() {
    let Some(server) = servers::postgres() else { return };
    let db = server.fresh_database("example_pg");
    let sql = render(&example(), Dialect::Postgres);
    db.execute(&sql).unwrap_or_else(|e| panic!("PostgreSQL rejects our DDL: {e}\n{sql}"));
    db.execute(SEED).unwrap();
    let rows = db.query_rows("SELECT status, traffic_percent FROM experiments").unwrap();
    assert_eq!(rows, [["draft", "100"]]);
    for (what, statement) in violations(Dialect::Postgres) {
        assert!(db.execute(&statement).is_err(), "PostgreSQL accepted a {what} violation: {statement}");
    }
    let comment = db.query_rows("SELECT obj_description('experiments'::regclass, 'pg_class')").unwrap();
    assert_eq!(comment, [["An A/B test run inside one project"]]);
}

#[test]
fn example_mysql_output_runs_on_mariadb_and_enforces_the_model() {
    let Some(server) = servers::mysql() else { return };
    let db = server.fresh_database("example_my");
    let sql = render(&example(), Dialect::Mysql);
    db.execute(&sql).unwrap_or_else(|e| panic!("MariaDB rejects our DDL: {e}\n{sql}"));
    db.execute(&SEED.replace("(experiment_id, key,", "(experiment_id, `key`,")).unwrap();
    let rows = db.query_rows("SELECT status, traffic_percent FROM experiments").unwrap();
    assert_eq!(rows, [["draft", "100"]]);
    for (what, statement) in violations(Dialect::Mysql) {
        assert!(db.execute(&statement).is_err(), "MariaDB accepted a {what} violation: {statement}");
    }
}

/// A fixture with what the example lacks: namespaces, arrays, uuid defaults, partial,
/// expression and method indexes, generated columns, a foreign-key cycle, a view.
const FEATURES_PG: &str = "
CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('eur', 'usd');
CREATE TABLE billing.accounts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id INTEGER,
    currency billing.currency NOT NULL DEFAULT 'eur',
    tags TEXT[] NOT NULL DEFAULT '{}',
    public_id UUID NOT NULL DEFAULT gen_random_uuid(),
    balance NUMERIC(12, 2) NOT NULL DEFAULT 0,
    balance_cents BIGINT GENERATED ALWAYS AS ((balance * 100)::bigint) STORED,
    \"Display Name\" TEXT
);
CREATE TABLE people (
    id SERIAL PRIMARY KEY,
    email TEXT NOT NULL,
    main_account_id BIGINT REFERENCES billing.accounts (id),
    deleted_at TIMESTAMP
);
ALTER TABLE billing.accounts ADD CONSTRAINT accounts_owner_fk FOREIGN KEY (owner_id) REFERENCES people (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX people_email_live ON people (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX accounts_tags_gin ON billing.accounts USING gin (tags);
CREATE VIEW live_people AS SELECT id, email FROM people WHERE deleted_at IS NULL;
";

#[test]
fn features_fixture_runs_on_postgres_and_round_trips() {
    let schema = codegen_core::read::sql::read_sql_str(FEATURES_PG, Path::new("features.sql"), Dialect::Postgres)
        .unwrap()
        .schema;
    let sql = render(&schema, Dialect::Postgres);
    let reread =
        codegen_core::read::sql::read_sql_str(&sql, Path::new("generated.sql"), Dialect::Postgres).unwrap().schema;
    assert_eq!(render(&reread, Dialect::Postgres), sql, "not a fixpoint");
    let Some(server) = servers::postgres() else { return };
    let db = server.fresh_database("features_pg");
    db.execute(&sql).unwrap_or_else(|e| panic!("PostgreSQL rejects our DDL: {e}\n{sql}"));
    db.execute("INSERT INTO people (email) VALUES ('a@x.io'); INSERT INTO billing.accounts (owner_id, balance) VALUES (1, 2.5);")
        .unwrap();
    assert_eq!(db.query_rows("SELECT balance_cents, currency FROM billing.accounts").unwrap(), [["250", "eur"]]);
    assert!(
        db.execute("INSERT INTO people (email) VALUES ('A@X.IO')").is_err(),
        "the partial expression index is unique"
    );
    assert_eq!(db.query_rows("SELECT count(*) FROM live_people").unwrap(), [["1"]]);
}

#[test]
fn features_fixture_degrades_with_warnings_and_runs_on_mariadb_and_sqlite() {
    let schema = codegen_core::read::sql::read_sql_str(FEATURES_PG, Path::new("features.sql"), Dialect::Postgres)
        .unwrap()
        .schema;
    for dialect in [Dialect::Mysql, Dialect::Sqlite] {
        let (sql, warnings) = codegen_sql::render_schema(&schema, dialect).unwrap();
        assert!(!warnings.is_empty(), "{dialect}: namespaces and arrays cannot be expressed; warnings expected");
        if dialect == Dialect::Sqlite {
            let conn = rusqlite::Connection::open_in_memory().unwrap();
            conn.execute_batch(&sql).unwrap_or_else(|e| panic!("SQLite rejects our DDL: {e}\n{sql}"));
        } else if let Some(server) = servers::mysql() {
            let db = server.fresh_database("features_my");
            db.execute(&sql).unwrap_or_else(|e| panic!("MariaDB rejects our DDL: {e}\n{sql}"));
        }
    }
}

#[test]
fn a_foreign_key_mysql_cannot_hold_is_an_error_naming_both_columns() {
    let schema = codegen_core::read::sql::read_sql_str(
        "CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (a_id BIGINT CONSTRAINT b_a_fk REFERENCES a (id));",
        Path::new("mixed.sql"),
        Dialect::Postgres,
    )
    .unwrap()
    .schema;
    assert!(codegen_sql::render_schema(&schema, Dialect::Postgres).is_ok());
    let errors = codegen_sql::render_schema(&schema, Dialect::Mysql).expect_err("MySQL cannot hold it");
    let message = &errors.errors().next().unwrap().message;
    assert!(message.contains("`b.a_id` is BIGINT but `a.id` is INT"), "{message}");
}

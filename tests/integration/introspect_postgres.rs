//! Live PostgreSQL introspection: model -> our SQL -> a real server -> `read_postgres` -> the same
//! model.

use std::path::Path;

use codegen_core::Dialect;
use codegen_core::model::*;
use codegen_core::read::sql::read_sql_file;

/// Clear what legitimately differs between a model read from a file and one read from the server.
fn normalized(mut schema: Schema) -> Schema {
    for table in &mut schema.tables {
        for column in &mut table.columns {
            // The source's spelling (`BIGINT` vs `bigint`, `TIMESTAMPTZ` vs `timestamp with time
            // zone`); the neutral `ty` is what is compared.
            column.declared_type.clear();
        }
        // PostgreSQL names every constraint, the DDL may not (`PRIMARY KEY` inline gets
        // `<table>_pkey`).
        if let Some(pk) = &mut table.primary_key {
            pk.name = None;
        }
        // PostgreSQL stores checks and index predicates/expressions deparsed (`(balance >= (0)::numeric)`),
        // so only their presence and names are compared.
        for column in &mut table.columns {
            if let Some(generated) = &mut column.generated {
                generated.expression.clear();
            }
        }
        for check in &mut table.checks {
            check.expression.clear();
        }
        for index in &mut table.indexes {
            index.predicate = index.predicate.as_ref().map(|_| String::new());
            for part in &mut index.parts {
                if let IndexKey::Expression(e) = &mut part.key {
                    e.clear();
                }
            }
        }
    }
    for view in &mut schema.views {
        // pg_get_viewdef deparses the query (qualified columns, its own layout).
        view.definition.clear();
        for column in &mut view.columns {
            column.declared_type.clear();
        }
    }
    schema
}

fn assert_live_round_trip(file: &Path, hint: &str) {
    let Some(server) = crate::servers::postgres() else { return };
    let expected = read_sql_file(file, Dialect::Postgres).expect("the fixture reads").schema;
    let (sql, _warnings) = codegen_sql::render_schema(&expected, Dialect::Postgres).expect("the model renders");
    let db = server.fresh_database(hint);
    db.execute(&sql).unwrap_or_else(|e| panic!("PostgreSQL rejects our SQL: {e}\n{sql}"));
    let live =
        codegen_introspect::read_postgres(&db.url(), &[]).unwrap_or_else(|e| panic!("introspection fails: {e}")).schema;
    assert_eq!(normalized(live), normalized(expected), "introspected model differs; applied SQL:\n{sql}");
}

#[test]
fn the_example_reads_back_from_postgres() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_live_round_trip(&root.join("examples/experiments/schema.sql"), "introspect_example");
}

#[test]
fn every_feature_reads_back_from_postgres() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_live_round_trip(&root.join("tests/fixtures/introspect/pg_features.sql"), "introspect_features");
}

#[test]
fn an_unreachable_server_is_one_redacted_line() {
    let error =
        codegen_introspect::read_postgres("postgres://app:s3cret@127.0.0.1:1/app", &[]).unwrap_err().to_string();
    assert!(!error.contains("s3cret"), "{error}");
    assert!(error.contains("cannot connect"), "{error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");
}

#[test]
fn the_cli_reads_a_postgres_url() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("introspect_cli");
    db.execute("CREATE TABLE widgets (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT NOT NULL)")
        .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["--target", "sql", "--schema", &db.url()])
        .output()
        .expect("codegen runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("widgets") && stdout.contains("GENERATED ALWAYS AS IDENTITY"), "{stdout}");
}

/// `url` with its database (the last path segment) replaced.
fn with_database(url: &str, database: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{database}")
}

#[test]
fn an_unknown_database_is_one_clear_line() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("introspect_unknown");
    let error = codegen_introspect::read_postgres(&with_database(&db.url(), "no_such_database_here"), &[])
        .unwrap_err()
        .to_string();
    assert!(error.contains("unknown database"), "{error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");
}

#[test]
fn a_wrong_role_is_one_clear_redacted_line() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("introspect_role");
    let url = db.url();
    let (_, rest) = url.split_once("://").unwrap();
    let host_and_db = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let error = codegen_introspect::read_postgres(&format!("postgres://nobody_here:t0ps3cret@{host_and_db}"), &[])
        .unwrap_err()
        .to_string();
    assert!(!error.contains("t0ps3cret"), "{error}");
    assert!(error.contains("nobody_here:***@"), "{error}");
    assert!(error.contains("authentication failed"), "{error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");
}

#[test]
fn a_schema_filter_reads_only_those_namespaces() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("introspect_filter");
    db.execute("CREATE SCHEMA audit; CREATE TABLE audit.events (id INT PRIMARY KEY); CREATE TABLE things (id INT)")
        .unwrap();
    let only_audit = codegen_introspect::read_postgres(&db.url(), &["audit".to_string()]).unwrap().schema;
    let names: Vec<String> = only_audit.tables.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, ["audit.events"]);
    assert_eq!(only_audit.namespaces, ["audit"]);
}

/// 1,000 tables with keys, foreign keys, a unique constraint, an index and an enum each.
fn thousand_tables() -> String {
    let mut sql = String::from("CREATE TYPE state AS ENUM ('new', 'old');\n");
    for i in 0..1000 {
        let parent = if i == 0 {
            String::new()
        } else {
            format!(
                ",\n    CONSTRAINT t{i}_parent_fkey FOREIGN KEY (parent_id) REFERENCES t{} (id) ON DELETE CASCADE",
                i - 1
            )
        };
        sql.push_str(&format!(
            "CREATE TABLE t{i} (\n    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n    parent_id BIGINT,\n    \
             code VARCHAR(40) NOT NULL,\n    state state NOT NULL DEFAULT 'new',\n    amount NUMERIC(10, 2),\n    \
             note TEXT,\n    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n    flags INTEGER[],\n    \
             CONSTRAINT t{i}_code_key UNIQUE (code){parent}\n);\nCREATE INDEX t{i}_created_at_idx ON t{i} (created_at DESC);\n"
        ));
    }
    sql
}

#[test]
fn a_thousand_tables_read_back_from_postgres() {
    let Some(server) = crate::servers::postgres() else { return };
    let expected =
        codegen_core::read::sql::read_sql_str(&thousand_tables(), Path::new("thousand.sql"), Dialect::Postgres)
            .expect("the generated schema reads")
            .schema;
    let (sql, _warnings) = codegen_sql::render_schema(&expected, Dialect::Postgres).expect("the model renders");
    let db = server.fresh_database("introspect_thousand");
    db.execute(&sql).unwrap_or_else(|e| panic!("PostgreSQL rejects our SQL: {e}"));
    let started = std::time::Instant::now();
    let live = codegen_introspect::read_postgres(&db.url(), &[]).expect("introspection works").schema;
    eprintln!("introspected 1,000 tables in {:?}", started.elapsed());
    assert_eq!(live.tables.len(), 1000);
    assert_eq!(normalized(live), normalized(expected));
}

#[test]
fn the_cli_schemas_flag_filters_namespaces() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("introspect_cli_filter");
    db.execute("CREATE SCHEMA audit; CREATE TABLE audit.events (id INT PRIMARY KEY); CREATE TABLE things (id INT)")
        .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["--target", "sql", "--schema", &db.url(), "--schemas", "audit"])
        .output()
        .expect("codegen runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("audit.events") && !stdout.contains("things"), "{stdout}");
}

#[test]
fn a_partitioned_table_is_read_through_its_parent() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("introspect_partitions");
    db.execute(
        "CREATE TABLE m (id INT NOT NULL, at DATE NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
         CREATE TABLE m2020 PARTITION OF m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
         CREATE INDEX m_at_idx ON m (at);",
    )
    .unwrap();
    let live = codegen_introspect::read_postgres(&db.url(), &[]).expect("introspection works").schema;
    let names: Vec<String> = live.tables.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, ["m"]);
    let indexes: Vec<&str> = live.tables[0].indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(indexes, ["m_at_idx"]);
}

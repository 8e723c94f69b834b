//! Live PostgreSQL introspection: model -> our SQL -> a real server -> `read_postgres` -> the same
//! model.

use std::path::Path;

use codegen_core::Dialect;
use codegen_core::model::*;
use codegen_core::read::sql::read_sql_file;

/// Clear what legitimately differs between a model read from a file and one read from the server.
fn normalized(mut schema: Schema) -> Schema {
    // How the source spelled types and defaults is not what these compare.
    schema = schema.without_spellings();
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
    let live = codegen_db::read_postgres(&db.url(), &[]).unwrap_or_else(|e| panic!("introspection fails: {e}")).schema;
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
    let error = codegen_db::read_postgres("postgres://app:s3cret@127.0.0.1:1/app", &[]).unwrap_err().to_string();
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
    let error =
        codegen_db::read_postgres(&with_database(&db.url(), "no_such_database_here"), &[]).unwrap_err().to_string();
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
    let error = codegen_db::read_postgres(&format!("postgres://nobody_here:t0ps3cret@{host_and_db}"), &[])
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
    let only_audit = codegen_db::read_postgres(&db.url(), &["audit".to_string()]).unwrap().schema;
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
    let live = codegen_db::read_postgres(&db.url(), &[]).expect("introspection works").schema;
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
    let live = codegen_db::read_postgres(&db.url(), &[]).expect("introspection works").schema;
    let names: Vec<String> = live.tables.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, ["m"]);
    let indexes: Vec<&str> = live.tables[0].indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(indexes, ["m_at_idx"]);
}

#[test]
fn domains_read_as_their_base_types_with_their_rules() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("introspect_domains");
    db.execute(
        "CREATE DOMAIN quantity AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0);
         CREATE DOMAIN email AS varchar(320) CHECK (VALUE LIKE '%@%');
         CREATE DOMAIN small_quantity AS quantity CHECK (VALUE < 100);
         CREATE TABLE orders (id INT PRIMARY KEY, qty quantity, contact email, spare quantity DEFAULT 5,
           few small_quantity);",
    )
    .unwrap();
    let loaded = codegen_db::read_postgres(&db.url(), &[]).expect("introspection works");
    let orders = &loaded.schema.tables[0];
    let column = |name: &str| orders.columns.iter().find(|c| c.name == name).unwrap();
    assert_eq!((&column("qty").ty, column("qty").nullable), (&ColumnType::INT, false));
    assert_eq!(column("qty").default, Some(ColumnDefault::Literal { value: Literal::Number("1".into()) }));
    // The column's own default wins over the domain's.
    assert_eq!(column("spare").default, Some(ColumnDefault::Literal { value: Literal::Number("5".into()) }));
    assert_eq!(
        (&column("contact").ty, column("contact").nullable),
        (&ColumnType::Varchar { length: Some(320), national: false }, true)
    );
    let checks: Vec<(&str, &str)> =
        orders.checks.iter().map(|c| (c.name.as_deref().unwrap(), c.expression.as_str())).collect();
    assert!(checks.contains(&("orders_qty_quantity_check", "qty > 0")), "{checks:?}");
    assert!(
        checks.iter().any(|(name, e)| *name == "orders_contact_email_check" && e.contains("contact")),
        "{checks:?}"
    );
    // A domain over a domain: the base type, and the rules of both.
    assert_eq!((&column("few").ty, column("few").nullable), (&ColumnType::INT, false));
    let few_below_100 = |(name, e): &(&str, &str)| *name == "orders_few_small_quantity_check" && e.contains("few");
    assert!(checks.iter().any(few_below_100), "{checks:?}");
    assert!(checks.contains(&("orders_few_quantity_check", "few > 0")), "{checks:?}");
    let notes: Vec<String> = loaded.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(notes.iter().any(|n| n.contains("orders.qty is of domain public.quantity")), "{notes:?}");
}

#[test]
fn sslmode_require_against_a_server_without_tls_is_one_clear_line() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("introspect_tls");
    let error =
        codegen_db::read_postgres(&format!("{}?sslmode=require", db.url()), &[]).map(|_| ()).unwrap_err().to_string();
    assert!(error.contains("does not offer TLS") && error.contains("sslmode=require"), "{error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    // prefer (the default) falls back to a plain connection; disable never tries TLS.
    for mode in ["prefer", "disable"] {
        codegen_db::read_postgres(&format!("{}?sslmode={mode}", db.url()), &[]).expect("plain works");
    }
    let error =
        codegen_db::read_postgres(&format!("{}?sslmode=sometimes", db.url()), &[]).map(|_| ()).unwrap_err().to_string();
    assert!(error.contains("unknown sslmode `sometimes`"), "{error}");
}

#[test]
fn a_role_without_table_privileges_introspects_in_a_read_only_transaction() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("introspect_readonly");
    let role = format!("reader_{}", std::process::id());
    db.execute(&format!(
        "CREATE TABLE t (id INT PRIMARY KEY, parent INT REFERENCES t (id) ON DELETE CASCADE);
         DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN; ALTER ROLE {role} SET log_statement = 'all';"
    ))
    .unwrap();
    // The role has no privilege on `t`: the catalog is all introspection reads.
    let (base, tail) = db.url().split_once("://").map(|(s, r)| (s.to_string(), r.to_string())).unwrap();
    let host_and_db = tail.rsplit_once('@').map_or(tail.as_str(), |(_, h)| h).to_string();
    let url = format!("{base}://{role}@{host_and_db}");
    // .ci/servers.sh logs to $CODEGEN_SERVERS_DIR/pg/pg.log; with log_statement = all for this role
    // only, every statement it sends is there.
    let log = std::env::var("CODEGEN_SERVERS_DIR").ok().map(|d| Path::new(&d).join("pg/pg.log"));
    let before = log.as_ref().and_then(|l| std::fs::metadata(l).ok()).map_or(0, |m| m.len() as usize);
    let live = codegen_db::read_postgres(&url, &[]);
    db.execute(&format!("DROP ROLE {role}")).unwrap();
    let live = live.expect("a role without table privileges introspects").schema;
    assert_eq!(live.tables[0].foreign_keys[0].on_delete, ReferentialAction::Cascade);

    let Some(text) = log.and_then(|l| std::fs::read(l).ok()) else {
        eprintln!("note: the server log is not at $CODEGEN_SERVERS_DIR/pg/pg.log; statements not checked");
        return;
    };
    let text = String::from_utf8_lossy(&text[before.min(text.len())..]).into_owned();
    let statements: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_once("LOG:  statement: ").or_else(|| l.split_once("LOG:  execute ")).map(|(_, s)| s))
        .collect();
    let start = statements.iter().position(|s| s.starts_with("START TRANSACTION") && s.contains("READ ONLY"));
    let start = start.unwrap_or_else(|| panic!("no read-only transaction: {statements:#?}"));
    assert_eq!(statements.last().copied(), Some("COMMIT"), "{statements:#?}");
    for statement in &statements[start + 1..statements.len() - 1] {
        let query = statement.split_once(": ").map_or(*statement, |(_, q)| q);
        assert!(query.starts_with("SELECT"), "not a read: {statement}");
    }
}

#[test]
fn tls_through_rustls_follows_sslmode_on_a_tls_only_server() {
    let Some(server) = crate::tls_servers::tls_postgres() else { return };
    let url = server.url();
    // require encrypts without checking the certificate (libpq's meaning); prefer is the default.
    for query in ["?sslmode=require", "?sslmode=prefer", ""] {
        codegen_db::read_postgres(&format!("{url}{query}"), &[])
            .unwrap_or_else(|e| panic!("TLS with {query:?} fails: {e}"));
    }
    let error = |query: &str| {
        let error = codegen_db::read_postgres(&format!("{url}{query}"), &[]).map(|_| ()).unwrap_err().to_string();
        assert_eq!(error.trim().lines().count(), 1, "{error}");
        error
    };
    // The server rejects plain connections; a self-signed certificate fails verification.
    let plain = error("?sslmode=disable");
    assert!(plain.contains("no encryption"), "{plain}");
    let verified = error("?sslmode=verify-full");
    assert!(verified.contains("TLS failed (sslmode=verify-full)") && verified.contains("certificate"), "{verified}");
}

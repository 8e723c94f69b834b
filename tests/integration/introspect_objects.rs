//! Database objects beyond tables read from live servers: extensions, sequences, functions,
//! procedures, aggregates, triggers, rules, policies and row-level security from PostgreSQL;
//! triggers, routines and events from MariaDB. Each case loads a schema, introspects it, writes
//! it out with the SQL backend, loads that into a fresh database and introspects again: the two
//! models must be equal, and the objects must be the ones the DDL reader finds in the source.

use std::collections::BTreeSet;
use std::path::Path;

use codegen_core::Dialect;
use codegen_core::model::*;
use codegen_core::read::sql::read_sql_str;

use crate::servers::TestDb;

/// An object's identity for comparing a DDL file with a catalog: kind, name, table and the
/// number of arguments. The signature's text is left out because it is the source's spelling
/// (`a int` in a hand-written file, `a integer` from the server).
type Key = (ObjectKind, String, Option<String>, Option<usize>);

fn keys(schema: &Schema) -> BTreeSet<Key> {
    schema
        .objects
        .iter()
        .map(|o| {
            let arity = o.signature.as_ref().map(|s| s.split(',').filter(|a| !a.trim().is_empty()).count());
            (o.kind, o.name.to_string(), o.table.as_ref().map(ToString::to_string), arity)
        })
        .collect()
}

fn object<'a>(schema: &'a Schema, kind: ObjectKind, name: &str) -> &'a DbObject {
    schema
        .objects
        .iter()
        .find(|o| o.kind == kind && o.name.name == name)
        .unwrap_or_else(|| panic!("no {kind:?} {name} among {:#?}", keys(schema)))
}

/// Where two models differ (objects compared in key order), one line each.
fn model_differences(left: &Schema, right: &Schema) -> Vec<String> {
    let json = |schema: &Schema| {
        let mut schema = schema.clone();
        schema.objects.sort_by_key(|o| format!("{:?}", o.key()));
        serde_json::to_value(&schema).expect("a model serialises")
    };
    codegen_test_catalog::diff_json(&json(left), &json(right)).iter().map(ToString::to_string).collect()
}

/// Load `sql`, introspect; render that for the same engine, load it into a fresh database,
/// introspect again; the two models must be equal. Returns the first model.
fn live_round_trip(
    load: impl Fn(&TestDb, &str) -> Result<String, String>,
    fresh: impl Fn(&str) -> TestDb,
    read: impl Fn(&str) -> Schema,
    dialect: Dialect,
    sql: &str,
    hint: &str,
) -> Schema {
    let source = fresh(hint);
    load(&source, sql).unwrap_or_else(|e| panic!("the source schema does not load: {e}"));
    let first = read(&source.url());
    let (rendered, _warnings) = codegen_sql::render_schema(&first, dialect).expect("the model renders");
    let copy = fresh(&format!("{hint}_copy"));
    load(&copy, &rendered)
        .unwrap_or_else(|e| panic!("our SQL of the introspected schema does not load: {e}\n{rendered}"));
    let second = read(&copy.url());
    let differences = model_differences(&first, &second);
    assert!(
        differences.is_empty(),
        "the copy reads back differently:\n{}\nour SQL:\n{rendered}",
        differences.join("\n")
    );
    first
}

fn pg_round_trip(sql: &str, hint: &str) -> Option<Schema> {
    let server = crate::servers::postgres()?;
    Some(live_round_trip(
        |db, sql| db.execute(sql),
        |hint| server.fresh_database(hint),
        |url| codegen_db::read_postgres(url, &[]).unwrap_or_else(|e| panic!("introspection fails: {e}")).schema,
        Dialect::Postgres,
        sql,
        hint,
    ))
}

fn my_round_trip(sql: &str, hint: &str) -> Option<Schema> {
    let server = crate::servers::mysql()?;
    Some(live_round_trip(
        |db, sql| db.execute(sql),
        |hint| server.fresh_database(hint),
        |url| codegen_db::read_mysql(url).unwrap_or_else(|e| panic!("introspection fails: {e}")).schema,
        Dialect::Mysql,
        sql,
        hint,
    ))
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/introspect").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn corpus(path: &str) -> String {
    let path = crate::corpus::cases::corpus_dir().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_ddl(sql: &str, dialect: Dialect) -> Schema {
    read_sql_str(sql, Path::new("source.sql"), dialect).expect("the source reads").schema
}

#[test]
fn postgres_objects_read_back_and_reload() {
    let sql = fixture("pg_objects.sql");
    let Some(live) = pg_round_trip(&sql, "objects_pg") else { return };
    assert_eq!(keys(&live), keys(&read_ddl(&sql, Dialect::Postgres)), "the DDL reader and the catalog disagree");

    // Extensions with their schema; plpgsql is built in and left out.
    let citext = object(&live, ObjectKind::Extension, "citext");
    assert_eq!(citext.definition, ["CREATE EXTENSION IF NOT EXISTS \"citext\" WITH SCHEMA \"public\""]);
    assert!(live.objects.iter().all(|o| o.name.name != "plpgsql"));
    // A standalone sequence keeps its options; one owned by a column with its own start stays a
    // sequence; a serial's folds back into its column.
    let invoices = object(&live, ObjectKind::Sequence, "invoice_number_seq");
    let create = &invoices.definition[0];
    assert!(create.contains("START WITH 1000") && create.contains("INCREMENT BY 10"), "{create}");
    assert!(create.contains("MAXVALUE 999999") && create.contains("CACHE 5"), "{create}");
    assert_eq!(invoices.comment.as_deref(), Some("Invoice numbers, in steps of ten"));
    let legacy = object(&live, ObjectKind::Sequence, "legacy_ticket_seq");
    assert_eq!(legacy.table, Some(QualifiedName::new("tickets")));
    assert!(legacy.definition.iter().any(|s| s.contains("OWNED BY")), "{:?}", legacy.definition);
    assert!(!live.objects.iter().any(|o| o.name.name == "tenants_id_seq" || o.name.name == "accounts_id_seq"));
    let tenant_id = &live.table(&QualifiedName::new("tenants")).unwrap().columns[0];
    assert_eq!(tenant_id.default, Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::Serial }));

    // Triggers depend on their table and function; policies on their table.
    let touch = object(&live, ObjectKind::Trigger, "accounts_touch");
    let refers =
        |o: &DbObject, kind: RefKind, name: &str| o.depends_on.iter().any(|r| r.kind == kind && r.name.name == name);
    assert!(refers(touch, RefKind::Table, "accounts"), "{:?}", touch.depends_on);
    assert!(refers(touch, RefKind::Object(ObjectKind::Function), "touch_updated_at"), "{:?}", touch.depends_on);
    assert_eq!(touch.comment.as_deref(), Some("Keeps updated_at current"));
    let audit = object(&live, ObjectKind::ConstraintTrigger, "invoices_audit");
    assert!(audit.definition[0].contains("DEFERRABLE INITIALLY DEFERRED"), "{:?}", audit.definition);
    let policy = object(&live, ObjectKind::Policy, "tenant_insert");
    assert!(refers(policy, RefKind::Table, "accounts"), "{:?}", policy.depends_on);
    assert!(policy.definition[0].contains("AS RESTRICTIVE FOR INSERT"), "{:?}", policy.definition);
    let security = object(&live, ObjectKind::RowSecurity, "accounts");
    assert!(security.definition.iter().any(|s| s.contains("FORCE ROW LEVEL SECURITY")), "{:?}", security.definition);

    // Functions, procedures and aggregates, with comments and what they use.
    assert_eq!(
        object(&live, ObjectKind::Function, "current_tenant").comment.as_deref(),
        Some("The tenant of this session")
    );
    object(&live, ObjectKind::Procedure, "archive_before");
    let aggregate = object(&live, ObjectKind::Aggregate, "sum_positive");
    assert!(refers(aggregate, RefKind::Object(ObjectKind::Function), "add_positive"), "{:?}", aggregate.depends_on);
    assert_eq!(aggregate.signature.as_deref(), Some("numeric"));
    assert_eq!(aggregate.comment.as_deref(), Some("Sum of the positive values"));
    object(&live, ObjectKind::Rule, "audit_log_no_delete");
    assert!(live.view(&QualifiedName::new("tenant_sizes")).is_some_and(|v| v.materialized));
}

#[test]
fn the_cli_writes_postgres_objects_that_load() {
    let Some(server) = crate::servers::postgres() else { return };
    let source = server.fresh_database("objects_cli");
    source.execute(&fixture("pg_objects.sql")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["--target", "sql", "--database-url", &source.url()])
        .output()
        .expect("codegen runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let sql = String::from_utf8_lossy(&output.stdout);
    assert!(sql.contains("CREATE EXTENSION IF NOT EXISTS \"citext\""), "{sql}");
    let copy = server.fresh_database("objects_cli_copy");
    copy.execute(&sql).unwrap_or_else(|e| panic!("the CLI's SQL does not load: {e}\n{sql}"));
    let rows = copy.query_rows("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal").unwrap();
    assert_eq!(rows, [["2"]]);
}

/// Pagila as pg_dump wrote it, changed only where PostgreSQL 15 cannot load it: `uuidv7()` (18),
/// a `VIRTUAL` generated column (18) and the pgvector extension (not installed here; citext
/// stands in, so an extension with a comment is still read).
fn pagila_for_postgres_15() -> String {
    corpus("pagila/pagila-schema.sql")
        .replace("uuidv7()", "gen_random_uuid()")
        .replace(") VIRTUAL\n", ") STORED\n")
        .replace("EXTENSION IF NOT EXISTS vector", "EXTENSION IF NOT EXISTS citext")
        .replace("COMMENT ON EXTENSION vector", "COMMENT ON EXTENSION citext")
        .replace("public.vector(20)", "real[]")
        .replace("USING hnsw (embedding public.vector_cosine_ops)", "(film_id)")
}

#[test]
fn pagila_objects_read_back_from_postgres() {
    let sql = pagila_for_postgres_15();
    let Some(live) = pg_round_trip(&sql, "objects_pagila") else { return };
    let from_dump = read_ddl(&sql, Dialect::Postgres);
    // pg_dump and the catalog spell signatures alike: the keys are equal in full. Domains are the
    // exception: introspection reads a domain column as its base type with the domain's rules.
    let full = |s: &Schema| {
        s.objects
            .iter()
            .filter(|o| o.kind != ObjectKind::Domain)
            .map(|o| format!("{:?}", o.key()))
            .collect::<BTreeSet<_>>()
    };
    let (live_keys, dump_keys) = (full(&live), full(&from_dump));
    let only_live: Vec<_> = live_keys.difference(&dump_keys).collect();
    let only_dump: Vec<_> = dump_keys.difference(&live_keys).collect();
    assert!(
        only_live.is_empty() && only_dump.is_empty(),
        "only live: {only_live:#?}\nonly in the dump: {only_dump:#?}"
    );
    for (kind, name) in [
        (ObjectKind::Function, "film_in_stock"),
        (ObjectKind::Function, "last_updated"),
        (ObjectKind::Aggregate, "group_concat"),
        (ObjectKind::Trigger, "film_fulltext_trigger"),
    ] {
        object(&live, kind, name);
    }
    let triggers = live.objects.iter().filter(|o| o.kind == ObjectKind::Trigger).count();
    assert!(triggers >= 15, "{triggers} triggers");
}

#[test]
fn mariadb_objects_read_back_and_reload() {
    let sql = fixture("mysql_objects.sql");
    let Some(live) = my_round_trip(&sql, "objects_my") else { return };
    assert_eq!(keys(&live), keys(&read_ddl(&sql, Dialect::Mysql)), "the DDL reader and the catalog disagree");

    let apply = object(&live, ObjectKind::Trigger, "stock_moves_apply");
    assert_eq!(apply.table, Some(QualifiedName::new("stock_moves")));
    assert!(apply.depends_on.iter().any(|r| r.kind == RefKind::Table && r.name.name == "products"), "{apply:?}");
    let tax = object(&live, ObjectKind::Function, "price_with_tax");
    let text = &tax.definition[0];
    assert!(!text.contains("DEFINER"), "{text}");
    for part in ["RETURNS decimal(10,2)", "DETERMINISTIC", "NO SQL", "COMMENT 'Gross price"] {
        assert!(text.contains(part), "{part} missing: {text}");
    }
    let restock = &object(&live, ObjectKind::Procedure, "restock").definition[0];
    assert!(restock.contains("OUT p_new_stock int") && restock.contains("SQL SECURITY INVOKER"), "{restock}");
    let event = &object(&live, ObjectKind::Event, "nightly_cleanup").definition[0];
    for part in
        ["EVERY 1 DAY STARTS '2030-01-01 03:00:00'", "ON COMPLETION PRESERVE", "DISABLE", "DO CALL forget_moves()"]
    {
        assert!(event.contains(part), "{part} missing: {event}");
    }
}

/// Sakila for MySQL, changed only to load into the test's own database: it creates and uses a
/// database named `sakila`, and one view names its tables `sakila.film`.
fn sakila_for_a_test_database() -> String {
    corpus("sakila-sea-schema/mysql/sakila-schema.sql")
        .replace("DROP SCHEMA IF EXISTS sakila;", "")
        .replace("CREATE SCHEMA sakila;", "")
        .replace("USE sakila;", "")
        .replace("sakila.", "")
}

#[test]
fn sakila_objects_read_back_from_mariadb() {
    let sql = sakila_for_a_test_database();
    let Some(live) = my_round_trip(&sql, "objects_sakila") else { return };
    assert_eq!(keys(&live), keys(&read_ddl(&sql, Dialect::Mysql)), "the DDL reader and the catalog disagree");
    let kinds: Vec<ObjectKind> = live.objects.iter().map(|o| o.kind).collect();
    let count = |kind| kinds.iter().filter(|k| **k == kind).count();
    assert_eq!((count(ObjectKind::Trigger), count(ObjectKind::Procedure), count(ObjectKind::Function)), (3, 3, 3));
}

#[test]
fn a_mariadb_user_who_cannot_see_objects_is_told_so() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("objects_my_hidden");
    db.execute(&fixture("mysql_objects.sql")).unwrap();
    // SELECT and SHOW VIEW read every table; information_schema then shows no trigger, routine
    // or event at all, which must not pass for a database without them.
    let user = format!("objects_reader_{}", std::process::id());
    db.execute(&format!(
        "CREATE USER '{user}'@'%' IDENTIFIED BY 'r34d'; GRANT SELECT, SHOW VIEW ON `{}`.* TO '{user}'@'%'",
        db.name()
    ))
    .unwrap();
    let url = db.url();
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    let loaded = codegen_db::read_mysql(&format!("{scheme}://{user}:r34d@{host}"));
    db.execute(&format!("DROP USER '{user}'@'%'")).unwrap();
    let loaded = loaded.expect("a user with SELECT and SHOW VIEW can introspect");
    assert!(loaded.schema.objects.is_empty(), "{:?}", keys(&loaded.schema));
    let warnings: Vec<&str> = loaded.diagnostics.iter().map(|d| d.message.as_str()).collect();
    for kind in ["triggers are not read", "events are not read", "procedures and functions other users defined"] {
        assert!(warnings.iter().any(|w| w.starts_with(kind)), "no warning for {kind}: {warnings:#?}");
    }
}

/// A disabled trigger (and a rule or trigger switched to fire always or on replicas) stays so:
/// read from a dump, from the catalog, written back and loaded again.
#[test]
fn trigger_and_rule_switches_survive_dumps_and_introspection() {
    let sql = "CREATE TABLE films (id integer PRIMARY KEY, title text);
CREATE TABLE film_log (id integer, title text);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER films_touch BEFORE UPDATE ON films FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER films_audit AFTER INSERT ON films FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER films_kept BEFORE DELETE ON films FOR EACH ROW EXECUTE FUNCTION touch();
CREATE RULE films_copy AS ON INSERT TO films DO ALSO INSERT INTO film_log VALUES (NEW.id, NEW.title);
ALTER TABLE films DISABLE TRIGGER films_touch;
ALTER TABLE ONLY films ENABLE ALWAYS TRIGGER films_audit;
ALTER TABLE films DISABLE TRIGGER films_kept;
ALTER TABLE films ENABLE TRIGGER films_kept;
ALTER TABLE films ENABLE REPLICA RULE films_copy;
";
    let switches = |schema: &Schema| -> Vec<String> {
        let mut found: Vec<String> = schema
            .objects
            .iter()
            .flat_map(|o| o.definition.iter().skip(1).map(move |s| format!("{}: {}", o.name.name, s)))
            .collect();
        found.sort();
        found
    };
    let expected = vec![
        "films_audit: ALTER TABLE \"films\" ENABLE ALWAYS TRIGGER \"films_audit\"".to_string(),
        "films_copy: ALTER TABLE \"films\" ENABLE REPLICA RULE \"films_copy\"".to_string(),
        "films_touch: ALTER TABLE \"films\" DISABLE TRIGGER \"films_touch\"".to_string(),
    ];
    let dump = read_ddl(sql, Dialect::Postgres);
    assert_eq!(switches(&dump), expected, "a re-enabled trigger carries no switch");
    let (rendered, _) = codegen_sql::render_schema(&dump, Dialect::Postgres).expect("the model renders");
    assert!(rendered.contains("DISABLE TRIGGER \"films_touch\""), "{rendered}");
    let Some(live) = pg_round_trip(sql, "switches_pg") else { return };
    let catalog_switches: Vec<String> = switches(&live).iter().map(|s| s.replace("\"public\".", "")).collect();
    assert_eq!(catalog_switches, expected, "the catalog's switches");
}

/// Composite and range types come back from the catalog (they are column types: without them the
/// output does not load), and the range's constructor functions, which the server makes with the
/// type, are not taken for the user's.
#[test]
fn composite_and_range_types_come_back_without_their_constructors() {
    let sql = "CREATE TYPE inventory_item AS (name text, supplier_id integer, price numeric(8,2));
CREATE TYPE float_range AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE items (id integer PRIMARY KEY, item inventory_item, during float_range);
CREATE FUNCTION item_price(i inventory_item) RETURNS numeric LANGUAGE sql AS 'select i.price';
";
    let ddl = read_ddl(sql, Dialect::Postgres);
    let Some(live) = pg_round_trip(sql, "types_pg") else { return };
    assert_eq!(keys(&live), keys(&ddl), "the DDL reader and the catalog disagree");
    let functions: Vec<&str> =
        live.objects.iter().filter(|o| o.kind == ObjectKind::Function).map(|o| o.name.name.as_str()).collect();
    assert_eq!(functions, vec!["item_price"], "no range constructor is a user function");
    let range = object(&live, ObjectKind::Type, "float_range");
    assert!(range.definition[0].contains("subtype_diff = float8mi"), "{:?}", range.definition);
}

#[test]
fn constraint_comments_and_invoker_views_survive_a_live_round_trip() {
    let pg = "CREATE TABLE accounts (id bigint PRIMARY KEY, email text CONSTRAINT accounts_email_key UNIQUE);
              COMMENT ON CONSTRAINT accounts_pkey ON accounts IS 'The key sessions refer to';
              COMMENT ON CONSTRAINT accounts_email_key ON accounts IS 'One account per address';
              CREATE VIEW account_emails WITH (security_invoker = true) AS SELECT id, email FROM accounts;";
    if let Some(live) = pg_round_trip(pg, "comments_pg") {
        let accounts = live.table(&QualifiedName::new("accounts")).unwrap();
        let comments: Vec<(&str, &str)> =
            accounts.constraint_comments.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            comments,
            [("accounts_email_key", "One account per address"), ("accounts_pkey", "The key sessions refer to")]
        );
        assert!(live.view(&QualifiedName::new("account_emails")).unwrap().security_invoker);
    }
    let my = "CREATE TABLE accounts (id int PRIMARY KEY, email varchar(200));
              CREATE SQL SECURITY INVOKER VIEW account_emails AS SELECT id, email FROM accounts;
              CREATE VIEW account_ids AS SELECT id FROM accounts;";
    if let Some(live) = my_round_trip(my, "invoker_my") {
        assert!(live.view(&QualifiedName::new("account_emails")).unwrap().security_invoker);
        assert!(!live.view(&QualifiedName::new("account_ids")).unwrap().security_invoker);
    }
}

//! Migrations of database objects (functions, triggers, procedures, extensions, policies, ...)
//! proven on the real engines: for schemas A and B written the way people write them, a
//! database loaded with A and migrated up by codegen's `diff(A, B)` holds the same objects, as
//! the engine's own catalog reports them (`pg_get_functiondef`, `pg_get_triggerdef`,
//! `information_schema.routines`, `sqlite_master`), as a database loaded with B; migrated down it
//! holds A's again, and up once more B's.

use std::path::Path;

use codegen_core::Dialect;
use codegen_core::diff::{Change, DiffOptions, diff_schemas};
use codegen_migrations::{ObjectComparison, compare_schemas_with};
use codegen_sql::migration::{MigrationOptions, MigrationScript, Reversibility, render_migration};

use crate::servers::{self, TestDb};

fn read(sql: &str, dialect: Dialect) -> codegen_core::Schema {
    codegen_core::read::sql::read_sql_str(sql, Path::new("schema.sql"), dialect)
        .unwrap_or_else(|e| panic!("the test schema reads: {e:?}"))
        .schema
}

fn migration(a: &str, b: &str, dialect: Dialect) -> MigrationScript {
    let (a, b) = (read(a, dialect), read(b, dialect));
    let diff = diff_schemas(&a, &b, &DiffOptions::default());
    render_migration(&a, &b, &diff, &MigrationOptions::new(dialect))
        .unwrap_or_else(|e| panic!("the {dialect} migration renders: {e}"))
}

/// The objects of a PostgreSQL database as the server spells them (extension members left out:
/// they come and go with their extension).
const PG_CATALOG: &str = "
with ext as (select objid from pg_depend where deptype = 'e')
select 'routine ' || p.oid::regprocedure::text || ' ' || p.prokind::text || ' ' ||
       case when p.prokind = 'a' then '' else pg_get_functiondef(p.oid) end
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
 where n.nspname = 'public' and p.oid not in (select objid from ext)
union all select 'trigger ' || pg_get_triggerdef(t.oid) from pg_trigger t where not t.tgisinternal
union all select 'extension ' || extname || ' ' || extnamespace::regnamespace::text from pg_extension
union all select 'policy ' || polname || ' ' || polrelid::regclass::text || ' ' || polcmd::text || ' ' ||
       coalesce(pg_get_expr(polqual, polrelid), '') || ' ' || coalesce(pg_get_expr(polwithcheck, polrelid), '')
  from pg_policy
union all select 'row security ' || c.oid::regclass::text || ' ' || c.relforcerowsecurity::text
  from pg_class c where c.relrowsecurity
union all select 'sequence ' || c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind = 'S' and n.nspname = 'public'
union all select 'rule ' || rulename || ' ' || definition from pg_rules where schemaname = 'public'
union all select 'operator ' || o.oid::regoperator::text || ' ' || o.oprcode::text from pg_operator o
 where o.oprnamespace = 'public'::regnamespace and o.oid not in (select objid from ext)
union all select 'domain ' || t.oid::regtype::text || ' ' || format_type(t.typbasetype, t.typtypmod) || ' ' ||
       t.typnotnull::text || ' ' || coalesce(t.typdefault, '') from pg_type t
 where t.typtype = 'd' and t.typnamespace = 'public'::regnamespace
union all select 'view ' || viewname || ' ' || definition from pg_views where schemaname = 'public'
union all select 'column ' || table_name || '.' || column_name || ' ' || udt_name || ' ' || coalesce(column_default, '')
  from information_schema.columns where table_schema = 'public'
order by 1";

const MYSQL_CATALOG: &str = "
select concat('trigger ', trigger_name, ' ', event_object_table, ' ', action_timing, ' ', event_manipulation, ' ',
              action_statement) from information_schema.triggers where trigger_schema = database()
union all select concat('routine ', routine_type, ' ', routine_name, ' ', coalesce(dtd_identifier, ''), ' ',
              routine_definition) from information_schema.routines where routine_schema = database()
union all select concat('parameter ', specific_name, ' ', ordinal_position, ' ', coalesce(parameter_mode, ''), ' ',
              coalesce(parameter_name, ''), ' ', dtd_identifier) from information_schema.parameters
              where specific_schema = database()
union all select concat('event ', event_name, ' ', event_definition) from information_schema.events
              where event_schema = database()
union all select concat('column ', table_name, '.', column_name, ' ', column_type) from information_schema.columns
              where table_schema = database()
order by 1";

fn catalog(db: &TestDb, query: &str) -> Vec<Vec<String>> {
    db.query_rows(query).unwrap_or_else(|e| panic!("the catalog query runs: {e}"))
}

/// The script as the `mariadb` client takes it: a routine or trigger body holds `;`.
fn for_mysql_client(statements: &[String]) -> String {
    statements.iter().map(|s| format!("DELIMITER ;;\n{s};;\nDELIMITER ;\n")).collect()
}

fn script(statements: &[String], dialect: Dialect) -> String {
    match dialect {
        Dialect::Mysql => for_mysql_client(statements),
        _ => statements.iter().map(|s| format!("{s};\n")).collect(),
    }
}

/// The model codegen's migrations reader (which `codegen verify` and `codegen lint` use) makes of
/// `statements` run on `previous`.
fn replayed(previous: &codegen_core::Schema, statements: &[String], dialect: Dialect) -> codegen_core::Schema {
    let text: String = statements.iter().map(|s| format!("{s};\n")).collect();
    let mut reader = codegen_core::read::sql::SqlReader::with_schema(previous.clone(), dialect);
    reader.apply_script(&text, Path::new("migration.sql"));
    reader.finish().unwrap_or_else(|e| panic!("the migration replays: {e:?}\n{text}")).schema
}

/// The up replayed on A's model gives B's, objects and their definitions included; the down
/// replayed on that gives A's.
fn replays_to_the_target(a: &str, b: &str, dialect: Dialect, script: &MigrationScript) {
    let (a, b) = (read(a, dialect), read(b, dialect));
    let up = replayed(&a, &script.up, dialect);
    let drifts = compare_schemas_with(&b, &up, ObjectComparison::Definition);
    assert!(drifts.is_empty(), "the up replayed: {drifts:?}\n{}", script.up_sql());
    let down = replayed(&up, &script.down, dialect);
    let drifts = compare_schemas_with(&a, &down, ObjectComparison::Definition);
    assert!(drifts.is_empty(), "the down replayed: {drifts:?}\n{}", script.down_sql());
}

/// Load A and B into two databases; migrate A's up, down and up again, comparing catalogs.
fn prove_on_server(
    new_db: impl Fn(&str) -> TestDb,
    query: &str,
    dialect: Dialect,
    a: &str,
    b: &str,
) -> MigrationScript {
    let script_ab = migration(a, b, dialect);
    replays_to_the_target(a, b, dialect, &script_ab);
    let (db, expected) = (new_db("objects_a"), new_db("objects_b"));
    db.execute(a).unwrap_or_else(|e| panic!("schema A loads: {e}"));
    expected.execute(b).unwrap_or_else(|e| panic!("schema B loads: {e}"));
    let (catalog_a, catalog_b) = (catalog(&db, query), catalog(&expected, query));
    assert_ne!(catalog_a, catalog_b, "the case must change some object");
    let run = |statements: &[String], step: &str| {
        db.execute(&script(statements, dialect))
            .unwrap_or_else(|e| panic!("the {step} runs: {e}\n--- script:\n{}", statements.join(";\n")))
    };
    run(&script_ab.up, "up");
    assert_eq!(catalog(&db, query), catalog_b, "after the up:\n{}", script_ab.up_sql());
    run(&script_ab.down, "down");
    assert_eq!(catalog(&db, query), catalog_a, "after the down:\n{}", script_ab.down_sql());
    run(&script_ab.up, "up again");
    assert_eq!(catalog(&db, query), catalog_b, "after the up again");
    script_ab
}

const PG_FILMS: &str = "CREATE TABLE films (id integer PRIMARY KEY, title text NOT NULL, updated_at timestamp);\n";

const PG_TOUCH: &str = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER films_touch BEFORE UPDATE ON films FOR EACH ROW EXECUTE FUNCTION touch();
";

#[test]
fn postgres_functions_triggers_extensions_and_policies_migrate_both_ways() {
    let Some(pg) = servers::postgres() else { return };
    let new_db = |hint: &str| pg.fresh_database(hint);
    let prove = |a: &str, b: &str| prove_on_server(new_db, PG_CATALOG, Dialect::Postgres, a, b);

    // A function and the trigger that runs it are added, then dropped by the down.
    let b = format!("{PG_FILMS}{PG_TOUCH}");
    let added = prove(PG_FILMS, &b);
    assert_eq!(added.grade, Reversibility::Lossless);
    let up = added.up_sql();
    assert!(up.find("CREATE FUNCTION touch").unwrap() < up.find("CREATE TRIGGER").unwrap(), "{up}");
    let down = added.down_sql();
    assert!(down.find("DROP TRIGGER films_touch ON").unwrap() < down.find("DROP FUNCTION touch()").unwrap(), "{down}");

    // A function body changes (replaced in place, its trigger untouched); a trigger is dropped;
    // a SQL function's result type changes (dropped and created, with the view that calls it).
    let a = format!(
        "{PG_FILMS}{PG_TOUCH}CREATE TRIGGER films_touch_insert BEFORE INSERT ON films FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION film_count() RETURNS bigint LANGUAGE sql AS 'select count(*) from films';
CREATE VIEW film_stats AS SELECT film_count() AS n;
"
    );
    let b = format!(
        "{PG_FILMS}CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END $$;
CREATE TRIGGER films_touch BEFORE UPDATE ON films FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION film_count() RETURNS integer LANGUAGE sql AS 'select count(*)::int from films';
CREATE VIEW film_stats AS SELECT film_count() AS n;
"
    );
    let changed = prove(&a, &b);
    assert!(changed.up_sql().contains("CREATE OR REPLACE FUNCTION touch()"), "{}", changed.up_sql());
    assert!(
        !changed.up_sql().contains("DROP TRIGGER films_touch ON"),
        "an unchanged trigger stays: {}",
        changed.up_sql()
    );

    // Extensions (a column type and an index operator class from them), row-level security and
    // a policy; a standalone sequence a default draws from.
    let b = "CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE SEQUENCE ticket_numbers START 1000;
CREATE TABLE films (id integer PRIMARY KEY, title text NOT NULL, updated_at timestamp, tag citext,
  ticket bigint DEFAULT nextval('ticket_numbers'));
CREATE INDEX films_title_trgm ON films USING gin (title gin_trgm_ops);
ALTER TABLE films ENABLE ROW LEVEL SECURITY;
CREATE POLICY films_visible ON films FOR SELECT USING (title <> '');
";
    // A function's result type changes: dropped and created, with the aggregate that uses it
    // and the view that calls the aggregate.
    let aggregate = |returns: &str| {
        format!(
            "{PG_FILMS}CREATE FUNCTION add_up(state int, value int) RETURNS int LANGUAGE sql AS 'select state + value';
CREATE FUNCTION finish(state int) RETURNS {returns} LANGUAGE sql AS 'select state';
CREATE AGGREGATE total(int) (SFUNC = add_up, STYPE = int, FINALFUNC = finish);
CREATE VIEW film_total AS SELECT total(id) AS t FROM films;
"
        )
    };
    prove(&aggregate("int"), &aggregate("bigint"));
    // An OUT argument's type is the result, not the identity: the function is dropped and created.
    let counts = |ty: &str| {
        format!(
            "{PG_FILMS}CREATE FUNCTION film_counts(OUT n {ty}) LANGUAGE sql AS 'select count(*)::{ty} from films';\n"
        )
    };
    let out_changed = prove(&counts("int"), &counts("bigint"));
    assert!(out_changed.up_sql().contains("DROP FUNCTION film_counts(OUT n int)"), "{}", out_changed.up_sql());

    let extended = prove(PG_FILMS, b);
    let up = extended.up_sql();
    assert!(up.find("CREATE EXTENSION IF NOT EXISTS pg_trgm").unwrap() < up.find("films_title_trgm").unwrap(), "{up}");
    let down = extended.down_sql();
    assert!(down.find("DROP POLICY films_visible ON").unwrap() < down.find("DROP EXTENSION citext").unwrap(), "{down}");
}

#[test]
fn mariadb_triggers_routines_and_events_migrate_both_ways() {
    let Some(my) = servers::mysql() else { return };
    let new_db = |hint: &str| my.fresh_database(hint);
    let prove = |a: &str, b: &str| prove_on_server(new_db, MYSQL_CATALOG, Dialect::Mysql, a, b);
    let table = "CREATE TABLE orders (id int PRIMARY KEY, total decimal(10,2) NOT NULL, audited_at datetime);\n";
    let objects = "DELIMITER ;;
CREATE TRIGGER orders_audit BEFORE UPDATE ON orders FOR EACH ROW BEGIN
  SET NEW.audited_at = NOW();
END;;
CREATE PROCEDURE order_total(IN p_id int, OUT p_total decimal(10,2))
BEGIN
  SELECT total INTO p_total FROM orders WHERE id = p_id;
END;;
CREATE FUNCTION with_tax(amount decimal(10,2)) RETURNS decimal(10,2) DETERMINISTIC
RETURN amount * 1.2;;
DELIMITER ;
CREATE EVENT purge_orders ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM orders WHERE total = 0;
";
    let added = prove(table, &format!("{table}{objects}"));
    assert!(added.up_sql().contains("CREATE TRIGGER orders_audit"), "{}", added.up_sql());
    for drop in ["DROP TRIGGER", "DROP PROCEDURE", "DROP FUNCTION", "DROP EVENT"] {
        assert!(added.down_sql().contains(drop), "{drop} in {}", added.down_sql());
    }
    // The trigger and the procedure (its body and an argument's type) change: dropped and
    // created, as MySQL has no OR REPLACE for them and no overloads. The function and the event go.
    let changed = "DELIMITER ;;
CREATE TRIGGER orders_audit BEFORE UPDATE ON orders FOR EACH ROW BEGIN
  SET NEW.audited_at = UTC_TIMESTAMP();
END;;
CREATE PROCEDURE order_total(IN p_id int, OUT p_total decimal(12,2))
BEGIN
  SELECT COALESCE(SUM(total), 0) INTO p_total FROM orders WHERE id = p_id;
END;;
DELIMITER ;
";
    let dropped = prove(&format!("{table}{objects}"), &format!("{table}{changed}"));
    // The down creates the dropped function and event again from their definitions.
    assert_eq!(dropped.grade, Reversibility::Lossless, "{}", dropped.up_sql());
}

/// The objects SQLite keeps, as it stored their text.
fn sqlite_catalog(conn: &rusqlite::Connection) -> Vec<(String, String, String, String)> {
    let mut statement = conn
        .prepare("select type, name, tbl_name, coalesce(sql, '') from sqlite_master where type in ('trigger', 'view') order by name")
        .unwrap();
    statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect()
}

fn sqlite_loaded(sql: &str) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(sql).unwrap_or_else(|e| panic!("the schema loads on SQLite: {e}"));
    conn
}

#[test]
fn sqlite_triggers_migrate_and_survive_a_table_rebuild() {
    let tables = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, updated_at TEXT);
CREATE TABLE item_log (id INTEGER PRIMARY KEY, item_id INTEGER, note TEXT);
";
    let touch = "CREATE TRIGGER items_touch AFTER UPDATE OF name ON items BEGIN
  UPDATE items SET updated_at = 'touched' WHERE id = NEW.id;
END;
";
    let log = "CREATE TRIGGER items_log AFTER INSERT ON items BEGIN
  INSERT INTO item_log (item_id, note) VALUES (NEW.id, 'inserted');
END;
";
    let names_items = "CREATE TRIGGER log_touches AFTER INSERT ON item_log WHEN NEW.note = 'touch' BEGIN
  UPDATE items SET name = name || '!' WHERE id = NEW.item_id;
END;
";
    let cases = [
        // Added, dropped, changed.
        (tables.to_string(), format!("{tables}{touch}")),
        (format!("{tables}{touch}{log}"), format!("{tables}{log}")),
        (format!("{tables}{touch}"), format!("{tables}{}", touch.replace("'touched'", "'changed'"))),
        // `name` becomes NOT NULL: SQLite rebuilds `items`, which drops its triggers with it,
        // and refuses the rename into place while another table's trigger names `items`.
        (
            format!("{tables}{touch}{log}{names_items}"),
            format!("{}{touch}{log}{names_items}", tables.replace("name TEXT,", "name TEXT NOT NULL DEFAULT '',")),
        ),
    ];
    for (a, b) in &cases {
        let script = migration(a, b, Dialect::Sqlite);
        replays_to_the_target(a, b, Dialect::Sqlite, &script);
        let db = sqlite_loaded(a);
        let (catalog_a, catalog_b) = (sqlite_catalog(&db), sqlite_catalog(&sqlite_loaded(b)));
        db.execute_batch(&script.up_sql()).unwrap_or_else(|e| panic!("the up runs: {e}\n{}", script.up_sql()));
        assert_eq!(sqlite_catalog(&db), catalog_b, "after the up:\n{}", script.up_sql());
        db.execute_batch(&script.down_sql()).unwrap_or_else(|e| panic!("the down runs: {e}\n{}", script.down_sql()));
        assert_eq!(sqlite_catalog(&db), catalog_a, "after the down:\n{}", script.down_sql());
    }
    // The rebuilt table's triggers fire.
    let (a, b) = &cases[3];
    let script = migration(a, b, Dialect::Sqlite);
    assert!(script.up.iter().any(|s| s.starts_with("DROP TABLE")), "a rebuild: {}", script.up_sql());
    let db = sqlite_loaded(a);
    db.execute_batch(&script.up_sql()).unwrap();
    db.execute_batch("INSERT INTO items (id, name) VALUES (1, 'a'); UPDATE items SET name = 'b' WHERE id = 1;")
        .unwrap();
    let fired: (i64, String) = db
        .query_row("select (select count(*) from item_log), (select updated_at from items where id = 1)", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(fired, (1, "touched".to_string()));
}

#[test]
fn objects_of_another_dialect_are_left_out_with_one_warning_each() {
    let a = read("CREATE TABLE films (id integer PRIMARY KEY);", Dialect::Postgres);
    let b = read(
        &format!("CREATE TABLE films (id integer PRIMARY KEY, title text NOT NULL, updated_at timestamp);\n{PG_TOUCH}"),
        Dialect::Postgres,
    );
    let diff = diff_schemas(&a, &b, &DiffOptions::default());
    assert_eq!(diff.changes.iter().filter(|c| matches!(c, Change::CreateObject(_))).count(), 2);
    let script = render_migration(&a, &b, &diff, &MigrationOptions::new(Dialect::Sqlite)).unwrap();
    assert!(!script.up_sql().contains("touch"), "{}", script.up_sql());
    assert!(!script.down_sql().contains("touch"), "{}", script.down_sql());
    let warnings: Vec<String> =
        script.diagnostics.iter().map(|d| d.message.clone()).filter(|m| m.contains("left out")).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
}

/// A corpus schema created from nothing by a migration, and dropped again by its down: the
/// up builds what the whole-schema output of the same model builds (same catalog), and the
/// down leaves nothing behind. `setup` runs first on both databases.
fn from_nothing_and_back(
    pg: &servers::PgServer,
    file: &str,
    setup: &str,
    adjust: impl Fn(&mut codegen_core::Schema),
) -> Vec<Vec<String>> {
    let path = crate::corpus::cases::corpus_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut schema =
        codegen_core::read::sql::read_sql_str(&text, &path, Dialect::Postgres).expect("the corpus schema reads").schema;
    adjust(&mut schema);
    let empty = codegen_core::Schema { dialect: Some(Dialect::Postgres), ..Default::default() };
    let diff = diff_schemas(&empty, &schema, &DiffOptions::default());
    let script = render_migration(&empty, &schema, &diff, &MigrationOptions::new(Dialect::Postgres)).expect("renders");
    assert_eq!(script.grade, Reversibility::Lossless, "the up drops nothing the down must bring back");
    let up = replayed(&empty, &script.up, Dialect::Postgres);
    let objects = |s: &codegen_core::Schema| {
        let mut keys: Vec<String> = s.objects.iter().map(|o| o.describe()).collect();
        keys.sort();
        keys
    };
    assert_eq!(objects(&up), objects(&schema), "{file}: the up replayed carries every object");
    assert_eq!(
        objects(&replayed(&up, &script.down, Dialect::Postgres)),
        Vec::<String>::new(),
        "{file}: the down replayed"
    );

    let (db, whole) = (pg.fresh_database("corpus_up"), pg.fresh_database("corpus_whole"));
    db.execute(setup).unwrap();
    whole.execute(setup).unwrap();
    let before = catalog(&db, PG_CATALOG);
    // The whole-schema output of the same model, loaded beside, is what the up must build.
    let (ddl, _) = codegen_sql::render_schema(&schema, Dialect::Postgres).expect("the schema renders");
    whole.execute(&ddl).unwrap_or_else(|e| panic!("{file}: the whole-schema output loads: {e}"));
    db.execute(&script.up_sql()).unwrap_or_else(|e| panic!("{file}: the up loads: {e}"));
    let after_up = catalog(&db, PG_CATALOG);
    assert_eq!(after_up, catalog(&whole, PG_CATALOG), "{file}");
    db.execute(&script.down_sql()).unwrap_or_else(|e| panic!("{file}: the down runs: {e}"));
    assert_eq!(catalog(&db, PG_CATALOG), before, "{file}: the down leaves the database as it was");
    let left: Vec<Vec<String>> = db
        .query_rows(
            "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'",
        )
        .unwrap();
    assert_eq!(left, Vec::<Vec<String>>::new(), "{file}: nothing is left");
    after_up
}

/// Pagila (a full pg_dump with functions, aggregates, triggers, domains, sequences, views and
/// partitions). Three changes make it load on PostgreSQL 15, all in the test: `uuidv7()`
/// (PostgreSQL 18) gets a stand-in created beforehand, its virtual generated column (PostgreSQL
/// 18, kept as written for a PostgreSQL source) is made stored, and the `vector` extension
/// (pgvector, not packaged for Debian 12) goes, with `film_embedding`, the one table that uses
/// it, and that table's trigger. Danbooru (a production `structure.sql`: extensions, custom operators,
/// functions) as it is.
#[test]
fn corpus_schemas_are_created_from_nothing_and_dropped_again_on_postgres() {
    let Some(pg) = servers::postgres() else { return };
    let stand_in = "CREATE FUNCTION uuidv7() RETURNS uuid LANGUAGE sql AS 'select gen_random_uuid()';";
    let pagila = from_nothing_and_back(&pg, "pagila/pagila-schema.sql", stand_in, |schema| {
        let uses_vector = |name: &str| name == "vector" || name == "film_embedding";
        schema.tables.retain(|t| !uses_vector(&t.name.name));
        for generated in schema.tables.iter_mut().flat_map(|t| &mut t.columns).filter_map(|c| c.generated.as_mut()) {
            generated.stored = true;
        }
        schema
            .objects
            .retain(|o| !uses_vector(&o.name.name) && !o.table.as_ref().is_some_and(|t| uses_vector(&t.name)));
        assert!(schema.objects.len() >= 40, "pagila carries its functions, triggers and sequences");
    });
    for expected in ["routine film_in_stock(", "routine group_concat(text) a", "trigger CREATE TRIGGER last_updated"] {
        assert!(pagila.iter().any(|row| row.join("\t").starts_with(expected)), "{expected} after the up");
    }
    let danbooru = from_nothing_and_back(&pg, "danbooru-postgres/structure.sql", "", |_| {});
    assert!(danbooru.iter().any(|row| row.join("\t").starts_with("extension pg_trgm")), "danbooru's extensions");
}

/// `codegen diff` writes a migrations folder step by step through `schemas` (the first step
/// from nothing), as a user would; `codegen verify` runs it.
fn migrations_folder(schemas: &[&str], dialect: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut previous = dir.path().join("empty.sql");
    std::fs::write(&previous, "").unwrap();
    for (i, schema) in schemas.iter().enumerate() {
        let file = dir.path().join(format!("schema{i}.sql"));
        std::fs::write(&file, schema).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(["diff", "-q", "-d", dialect, "-f", "diesel", "-n", &format!("step{i}"), "--version", &i.to_string()])
            .arg("--from")
            .arg(&previous)
            .arg("--to")
            .arg(&file)
            .arg("-o")
            .arg(dir.path().join("migrations"))
            .output()
            .unwrap();
        assert!(out.status.success(), "codegen diff: {}", String::from_utf8_lossy(&out.stderr));
        previous = file;
    }
    dir
}

fn verify(dir: &Path, url: Option<&str>) -> (Option<i32>, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"));
    command.arg("verify").arg(dir.join("migrations")).env("NO_COLOR", "1").env_remove("CODEGEN_VERIFY_DATABASE_URL");
    if let Some(url) = url {
        command.args(["--database-url", url]);
    }
    let out = command.output().unwrap();
    (out.status.code(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// Replace `from` by `to` in the down of migration `step`.
fn spoil_down(dir: &Path, step: usize, from: &str, to: &str) {
    let migrations = dir.join("migrations");
    let folder = std::fs::read_dir(&migrations)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{step}_")))
        .unwrap();
    let down = folder.join("down.sql");
    let text = std::fs::read_to_string(&down).unwrap();
    assert!(text.contains(from), "{from} in {text}");
    std::fs::write(&down, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn verify_checks_that_a_down_restores_objects_exactly() {
    // SQLite: the trigger's text is compared in the model and in the catalog.
    let tables = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, updated_at TEXT);\n";
    let touch = "CREATE TRIGGER items_touch AFTER UPDATE OF name ON items BEGIN\n  UPDATE items SET updated_at = 'touched' WHERE id = NEW.id;\nEND;\n";
    let rebuilt = tables.replace("name TEXT,", "name TEXT NOT NULL DEFAULT '',");
    let changed = format!("{rebuilt}{}", touch.replace("'touched'", "'changed'"));
    let dir = migrations_folder(&[tables, &format!("{tables}{touch}"), &changed], "sqlite");
    let (code, out) = verify(dir.path(), None);
    assert_eq!(code, Some(0), "{out}");
    spoil_down(dir.path(), 2, "'touched'", "'spoilt'");
    let (code, out) = verify(dir.path(), None);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("`trigger items_touch on items`: definition differs"), "{out}");

    if let Some(pg) = servers::postgres() {
        let b = format!("{PG_FILMS}{PG_TOUCH}");
        let c = b.replace("now()", "clock_timestamp()")
            + "CREATE EXTENSION IF NOT EXISTS citext;\nALTER TABLE films ENABLE ROW LEVEL SECURITY;\nCREATE POLICY films_all ON films USING (true);\n";
        let dir = migrations_folder(&[PG_FILMS, &b, &c], "postgres");
        let db = pg.fresh_database("verify_objects");
        let (code, out) = verify(dir.path(), Some(&db.url()));
        assert_eq!(code, Some(0), "{out}");
        spoil_down(dir.path(), 2, "now()", "localtimestamp");
        let db = pg.fresh_database("verify_objects_spoilt");
        let (code, out) = verify(dir.path(), Some(&db.url()));
        assert_eq!(code, Some(1), "{out}");
        assert!(out.contains("`function touch()`: definition differs"), "{out}");
    }

    if let Some(my) = servers::mysql() {
        let table = "CREATE TABLE orders (id int PRIMARY KEY, total decimal(10,2) NOT NULL, audited_at datetime);\n";
        let trigger = "DELIMITER ;;\nCREATE TRIGGER orders_audit BEFORE UPDATE ON orders FOR EACH ROW BEGIN\n  SET NEW.audited_at = NOW();\nEND;;\nDELIMITER ;\n";
        let procedure = "DELIMITER ;;\nCREATE PROCEDURE order_total(IN p_id int, OUT p_total decimal(10,2))\nBEGIN\n  SELECT total INTO p_total FROM orders WHERE id = p_id;\nEND;;\nDELIMITER ;\n";
        let b = format!("{table}{trigger}{procedure}");
        let c = format!(
            "{table}{}{}",
            trigger.replace("NOW()", "UTC_TIMESTAMP()"),
            procedure.replace("total INTO", "total * 2 INTO")
        );
        let dir = migrations_folder(&[table, &b, &c], "mysql");
        let db = my.fresh_database("verify_objects");
        let (code, out) = verify(dir.path(), Some(&db.url()));
        assert_eq!(code, Some(0), "{out}");
        spoil_down(dir.path(), 2, "SELECT total INTO", "SELECT total + 1 INTO");
        let db = my.fresh_database("verify_objects_spoilt");
        let (code, out) = verify(dir.path(), Some(&db.url()));
        assert_eq!(code, Some(1), "{out}");
        assert!(out.contains("`procedure order_total`: definition differs"), "{out}");
    }
}

/// A sequence whose options change is altered: its counter stays (a drop and create would start
/// it again, and PostgreSQL refuses to drop it while a default draws from it).
#[test]
fn a_changed_sequence_is_altered_and_keeps_its_counter() {
    let Some(pg) = servers::postgres() else { return };
    let schema = |options: &str| {
        format!(
            "CREATE SEQUENCE ticket_numbers {options};
CREATE TABLE tickets (id bigint PRIMARY KEY DEFAULT nextval('ticket_numbers'), title text NOT NULL);\n"
        )
    };
    let (a, b) = (schema("START 1000"), schema("START 1000 INCREMENT BY 10 CACHE 5 MAXVALUE 9000000"));
    let migrated = migration(&a, &b, Dialect::Postgres);
    replays_to_the_target(&a, &b, Dialect::Postgres, &migrated);
    let up = migrated.up_sql();
    assert!(up.contains("ALTER SEQUENCE ticket_numbers"), "{up}");
    assert!(!up.contains("DROP SEQUENCE"), "{up}");
    assert_eq!(migrated.grade, Reversibility::Lossless);

    let db = pg.fresh_database("sequence_alter");
    db.execute(&a).unwrap();
    let insert = "INSERT INTO tickets (title) VALUES ('a'), ('b'), ('c');";
    db.execute(insert).unwrap();
    let options = "SELECT increment_by, cache_size, max_value, last_value FROM pg_sequences WHERE sequencename = 'ticket_numbers'";
    db.execute(&script(&migrated.up, Dialect::Postgres)).unwrap_or_else(|e| panic!("the up runs: {e}\n{up}"));
    assert_eq!(catalog(&db, options), vec![vec!["10", "5", "9000000", "1002"]]);
    db.execute(insert).unwrap();
    db.execute(&script(&migrated.down, Dialect::Postgres)).unwrap_or_else(|e| panic!("the down runs: {e}"));
    // Three rows took 1012, 1022 and 1032; the cache of 5 reserved up to 1052.
    assert_eq!(catalog(&db, options), vec![vec!["1", "1", "9223372036854775807", "1052"]]);
    db.execute(insert).unwrap();
    let ids = catalog(&db, "SELECT min(id), max(id), count(DISTINCT id) FROM tickets");
    assert_eq!(ids, vec![vec!["1000", "1055", "9"]], "no key was handed out twice");
}

//! `codegen seed` against real engines: every generated dataset loads into SQLite, PostgreSQL 15
//! and MariaDB with every constraint enforced (the bundled example, the corpus schemas that read
//! today, and fixtures with cycles, self-references, composite keys, partial uniques and checks);
//! scripts run twice with the real clients and add nothing the second time; output is
//! byte-identical for the same schema, plan and seed; impossible plans are located errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Dialect, Schema};
use codegen_db::seed::{LoadError, SeedRun, seed_url};
use codegen_seed::plan::{Plan, parse_plan};
use codegen_seed::prepare::{SeedOptions, prepare};
use codegen_seed::render::sql::render_sql_script;

use crate::servers;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn read(path: &Path, dialect: Dialect) -> Schema {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_sql_str(&text, path, dialect).unwrap_or_else(|e| panic!("{}: {e}", path.display())).schema
}

fn example() -> Schema {
    read(&root().join("examples/experiments/schema.sql"), Dialect::Postgres)
}

fn fixture(name: &str) -> Schema {
    read(&root().join("tests/fixtures/seed").join(name), Dialect::Postgres)
}

fn plan_file(name: &str) -> Plan {
    let path = root().join("tests/fixtures/seed").join(name);
    parse_plan(&std::fs::read_to_string(&path).unwrap(), &path).unwrap()
}

fn script(schema: &Schema, plan: &Plan, dialect: Dialect, seed: u64) -> String {
    let options = SeedOptions { seed: Some(seed), ..SeedOptions::new(dialect) };
    let prepared = prepare(schema, plan, &options).unwrap_or_else(|d| panic!("{d}"));
    render_sql_script(&prepared).unwrap()
}

fn ddl(schema: &Schema, dialect: Dialect) -> String {
    codegen_sql::render_schema(schema, dialect).unwrap_or_else(|d| panic!("{d}")).0
}

/// The DDL for `dialect`, or `None` (with a note) when codegen's SQL backend cannot write this
/// schema for it: a limit of that backend, not of seeding.
fn ddl_for(label: &str, schema: &Schema, dialect: Dialect, native: Option<Dialect>) -> Option<String> {
    match codegen_sql::render_schema(schema, dialect) {
        Ok((text, _)) => Some(text),
        Err(d) => {
            assert_ne!(native, Some(dialect), "{label}: no DDL for its own dialect: {d}");
            eprintln!("note: {label}: the SQL backend cannot write it for {dialect}; not seeded there");
            None
        }
    }
}

/// The corpus folder: `../shared/corpus` beside the repository (CODEGEN_CORPUS overrides it locally).
fn corpus() -> Option<PathBuf> {
    let path = std::env::var_os("CODEGEN_CORPUS").map(PathBuf::from).unwrap_or_else(|| root().join("../shared/corpus"));
    if path.is_dir() {
        return Some(path);
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(!ci, "the corpus is missing at {}", path.display());
    eprintln!("note: skipping corpus seeding: no corpus at {} (set CODEGEN_CORPUS)", path.display());
    None
}

/// A scratch SQLite file with `ddl` applied.
fn sqlite_db(dir: &Path, name: &str, ddl: &str) -> PathBuf {
    let path = dir.join(format!("{name}.db"));
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(ddl).unwrap_or_else(|e| panic!("{name}: {e}\n{ddl}"));
    path
}

fn sqlite_count(path: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| r.get(0)).unwrap()
}

fn sqlite3_available() -> bool {
    let found = Command::new("sqlite3").arg("-version").output().is_ok_and(|o| o.status.success());
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(found || !ci, "the sqlite3 client is missing (.ci/setup.d/50-seed.sh installs it)");
    if !found {
        eprintln!("note: skipping the sqlite3 client run (apt-get install sqlite3)");
    }
    found
}

#[test]
fn the_same_schema_plan_and_seed_give_byte_identical_scripts() {
    let schema = example();
    for dialect in Dialect::ALL {
        let a = script(&schema, &Plan::default(), dialect, 7);
        let b = script(&schema, &Plan::default(), dialect, 7);
        assert_eq!(a, b, "{dialect}: two runs differ");
        assert_ne!(a, script(&schema, &Plan::default(), dialect, 8), "{dialect}: the seed changes nothing");
    }
}

#[test]
fn adding_a_table_leaves_the_other_tables_rows_alone() {
    let schema = example();
    let mut bigger = schema.clone();
    let mut extra = codegen_core::Table::new("audit_log");
    extra.columns.push(codegen_core::Column::new("message", codegen_core::ColumnType::TEXT, "text"));
    bigger.tables.insert(0, extra);
    let rows = |text: &str| text.lines().filter(|l| l.starts_with("  (")).map(str::to_owned).collect::<Vec<_>>();
    let before = rows(&script(&schema, &Plan::default(), Dialect::Postgres, 3));
    let after = rows(&script(&bigger, &Plan::default(), Dialect::Postgres, 3));
    for row in &before {
        assert!(after.contains(row), "row changed by an unrelated table: {row}");
    }
}

#[test]
fn sql_scripts_run_twice_with_the_real_clients_and_add_nothing_the_second_time() {
    let schema = example();
    let plan = Plan::default();
    let tables: Vec<String> = schema.tables.iter().map(|t| t.name.name.clone()).collect();
    let expected = 10 * tables.len();
    let count_all = |query: &dyn Fn(&str) -> i64| tables.iter().map(|t| query(t)).sum::<i64>() as usize;

    if sqlite3_available() {
        let dir = tempfile::tempdir().unwrap();
        let db = sqlite_db(dir.path(), "example", &ddl(&schema, Dialect::Sqlite));
        let file = dir.path().join("seed.sql");
        std::fs::write(&file, script(&schema, &plan, Dialect::Sqlite, 1)).unwrap();
        for run in 1..=2 {
            let out = Command::new("sqlite3")
                .arg("-bail")
                .arg(&db)
                .arg(format!(".read {}", file.display()))
                .output()
                .unwrap();
            assert!(out.status.success(), "sqlite3 run {run}: {}", String::from_utf8_lossy(&out.stderr));
            assert_eq!(count_all(&|t| sqlite_count(&db, t)), expected, "sqlite3 run {run}");
        }
    }
    if let Some(pg) = servers::postgres() {
        let db = pg.fresh_database("seed_script");
        db.execute(&ddl(&schema, Dialect::Postgres)).unwrap();
        let text = script(&schema, &plan, Dialect::Postgres, 1);
        for run in 1..=2 {
            db.execute(&text).unwrap_or_else(|e| panic!("psql run {run}: {e}"));
            let n = count_all(&|t| db.query_rows(&format!("select count(*) from {t}")).unwrap()[0][0].parse().unwrap());
            assert_eq!(n, expected, "psql run {run}");
        }
        // The sequences moved past the explicit keys: the application's next insert works.
        db.execute("insert into organizations (name) values ('after the seed')").unwrap();
    }
    if let Some(my) = servers::mysql() {
        let db = my.fresh_database("seed_script");
        db.execute(&ddl(&schema, Dialect::Mysql)).unwrap();
        let text = script(&schema, &plan, Dialect::Mysql, 1);
        for run in 1..=2 {
            db.execute(&text).unwrap_or_else(|e| panic!("mariadb run {run}: {e}"));
            let n = count_all(&|t| db.query_rows(&format!("select count(*) from {t}")).unwrap()[0][0].parse().unwrap());
            assert_eq!(n, expected, "mariadb run {run}");
        }
        db.execute("insert into organizations (name) values ('after the seed')").unwrap();
    }
}

/// Load `schema` with `plan` into all three engines (tables created by codegen's SQL backend),
/// twice (the second beside the first rows), then once with --truncate.
fn load_everywhere(label: &str, schema: &Schema, plan: &Plan) {
    load_where_possible(label, schema, plan, None);
}

fn load_where_possible(label: &str, schema: &Schema, plan: &Plan, native: Option<Dialect>) {
    let run = SeedRun { seed: Some(11), ..SeedRun::default() };
    let dir = tempfile::tempdir().unwrap();
    if let Some(sqlite_ddl) = ddl_for(label, schema, Dialect::Sqlite, native) {
        let path = sqlite_db(dir.path(), label, &sqlite_ddl);
        let url = path.to_string_lossy().to_string();
        let first = seed_url(&url, schema, plan, &run).unwrap_or_else(|e| panic!("{label} on SQLite: {e}: {e:?}"));
        seed_url(&url, schema, plan, &run).unwrap_or_else(|e| panic!("{label} on SQLite, second load: {e:?}"));
        let conn = rusqlite::Connection::open(&path).unwrap();
        let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(broken, 0, "{label}: foreign keys broken on SQLite");
        drop(conn);
        let again = seed_url(&url, schema, plan, &SeedRun { truncate: true, ..run.clone() }).unwrap();
        assert_eq!(again.rows, first.rows, "{label}: the same plan makes the same number of rows");
    }

    if let Some(pg) = servers::postgres()
        && let Some(pg_ddl) = ddl_for(label, schema, Dialect::Postgres, native)
    {
        let db = pg.fresh_database(label);
        db.execute(&pg_ddl).unwrap_or_else(|e| panic!("{label} DDL on PostgreSQL: {e}"));
        seed_url(&db.url(), schema, plan, &run).unwrap_or_else(|e| panic!("{label} on PostgreSQL: {e:?}"));
        seed_url(&db.url(), schema, plan, &run).unwrap_or_else(|e| panic!("{label} on PostgreSQL, second load: {e:?}"));
        seed_url(&db.url(), schema, plan, &SeedRun { truncate: true, ..run.clone() }).unwrap();
    }
    if let Some(my) = servers::mysql()
        && let Some(my_ddl) = ddl_for(label, schema, Dialect::Mysql, native)
    {
        let db = my.fresh_database(label);
        db.execute(&my_ddl).unwrap_or_else(|e| panic!("{label} DDL on MariaDB: {e}"));
        seed_url(&db.url(), schema, plan, &run).unwrap_or_else(|e| panic!("{label} on MariaDB: {e:?}"));
        seed_url(&db.url(), schema, plan, &run).unwrap_or_else(|e| panic!("{label} on MariaDB, second load: {e:?}"));
    }
}

#[test]
fn the_example_loads_into_every_engine() {
    load_everywhere("example", &example(), &Plan::with_volumes([("experiments", 300), ("memberships", 60)]));
}

#[test]
fn the_hard_fixture_loads_into_every_engine() {
    load_everywhere(
        "hard",
        &fixture("hard.sql"),
        &Plan::with_volumes([("employees", 200), ("employee_departments", 150)]),
    );
}

#[test]
fn the_corpus_schemas_that_read_today_load_into_every_engine() {
    let Some(corpus) = corpus() else { return };
    let cases = [
        ("chinook/Chinook_Sqlite.ddl.sql", Dialect::Sqlite),
        ("chinook/Chinook_Sqlite_AutoIncrementPKs.ddl.sql", Dialect::Sqlite),
        ("northwind-postgres/northwind.schema-only.sql", Dialect::Postgres),
        ("mywind-mysql/northwind.sql", Dialect::Mysql),
        ("mywind-mysql/northwind-default-current-timestamp.sql", Dialect::Mysql),
    ];
    for (file, dialect) in cases {
        let schema = read(&corpus.join(file), dialect);
        let label = file.split('/').next().unwrap().replace('-', "_");
        load_where_possible(&label, &schema, &Plan::default(), Some(dialect));
    }
}

#[test]
fn the_projects_and_experiments_request_works_as_written() {
    let schema = fixture("projects.sql");
    let plan = plan_file("projects.toml");
    let dir = tempfile::tempdir().unwrap();
    let path = sqlite_db(dir.path(), "projects", &ddl(&schema, Dialect::Sqlite));
    seed_url(&path.to_string_lossy(), &schema, &plan, &SeedRun::default()).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let projects: i64 = conn.query_row("SELECT count(*) FROM projects", [], |r| r.get(0)).unwrap();
    assert_eq!(projects, 40);
    let (least, most): (i64, i64) = conn
        .query_row(
            "SELECT min(n), max(n) FROM (SELECT p.id, (SELECT count(*) FROM experiments e WHERE e.project_id = p.id) AS n FROM projects p)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(least >= 3 && most <= 10, "experiments per project: {least}..{most}");
    let mix: Vec<(String, i64)> = conn
        .prepare("SELECT status, count(*) FROM experiments GROUP BY status ORDER BY 2 DESC")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let statuses: Vec<&str> = mix.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(statuses, ["active", "paused", "completed"], "weights 6:3:1 give this order: {mix:?}");
    // Dates tell the story: completed_at only on completed experiments, and after they started.
    let stray: i64 = conn
        .query_row("SELECT count(*) FROM experiments WHERE (completed_at IS NULL) = (status = 'completed')", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(stray, 0);
    let backwards: i64 =
        conn.query_row("SELECT count(*) FROM experiments WHERE completed_at < started_at", [], |r| r.get(0)).unwrap();
    assert_eq!(backwards, 0);
    // E-commerce names: adjective, material, product.
    let name: String = conn.query_row("SELECT name FROM projects ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    assert!(name.split(' ').count() >= 3, "{name}");
}

#[test]
fn a_cycle_of_not_null_keys_loads_where_keys_can_wait_and_is_refused_where_they_cannot() {
    let schema = fixture("deferrable.sql");
    let plan = Plan::default();
    // SQLite defers every key to commit.
    let dir = tempfile::tempdir().unwrap();
    let path = sqlite_db(dir.path(), "deferrable", &ddl(&schema, Dialect::Sqlite));
    seed_url(&path.to_string_lossy(), &schema, &plan, &SeedRun::default()).unwrap();
    assert_eq!(sqlite_count(&path, "authors"), 10);
    // MariaDB cannot: an error naming the cycle and the fix, before anything is written.
    let error = prepare(&schema, &plan, &SeedOptions::new(Dialect::Mysql)).unwrap_err();
    let first = error.iter().next().unwrap();
    assert!(first.message.contains("cycle"), "{first}");
    assert!(first.help.as_deref().unwrap_or_default().contains("nullable"), "{first}");
    // A PostgreSQL schema whose keys are not DEFERRABLE: refused before any database or file is
    // touched, naming the key and the statement that fixes it.
    let text = std::fs::read_to_string(root().join("tests/fixtures/seed/deferrable.sql")).unwrap();
    let plain = codegen_core::read::sql::read_sql_str(
        &text.replace("DEFERRABLE INITIALLY IMMEDIATE", ""),
        Path::new("deferrable.sql"),
        Dialect::Postgres,
    )
    .unwrap()
    .schema;
    let error = prepare(&plain, &plan, &SeedOptions::new(Dialect::Postgres)).unwrap_err();
    let first = error.iter().next().unwrap();
    assert!(first.message.contains("not DEFERRABLE"), "{first}");
    assert!(first.help.as_deref().unwrap_or_default().contains("ALTER CONSTRAINT"), "{first}");
    // SQLite defers every key with its pragma: the same schema seeds there.
    assert!(prepare(&plain, &plan, &SeedOptions::new(Dialect::Sqlite)).is_ok());
    if let Some(pg) = servers::postgres() {
        // The fixture's own DDL keeps DEFERRABLE: the load succeeds.
        let db = pg.fresh_database("deferrable");
        db.execute(&std::fs::read_to_string(root().join("tests/fixtures/seed/deferrable.sql")).unwrap()).unwrap();
        seed_url(&db.url(), &schema, &plan, &SeedRun::default()).unwrap();
        assert_eq!(db.query_rows("select count(*) from books").unwrap(), [["10"]]);
        // Without DEFERRABLE, a located refusal and nothing written.
        let strict = pg.fresh_database("not_deferrable");
        strict
            .execute(
                &std::fs::read_to_string(root().join("tests/fixtures/seed/deferrable.sql"))
                    .unwrap()
                    .replace("DEFERRABLE INITIALLY IMMEDIATE", ""),
            )
            .unwrap();
        match seed_url(&strict.url(), &schema, &plan, &SeedRun::default()) {
            Err(LoadError::Plan(d)) => assert!(d.to_string().contains("not DEFERRABLE"), "{d}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(strict.query_rows("select count(*) from authors").unwrap(), [["0"]]);
    }
}

#[test]
fn impossible_plans_are_located_errors_with_suggestions() {
    let schema = example();
    let text = "[tables.experiment]\nrows = 3\n[tables.users.columns]\nemial = { generator = \"email\" }\n[tables.variants]\nper = \"experiment_id\"\ncount = \"1..2\"\n[tables.variants.columns]\nkey = { values = [\"a\"] }\n";
    let plan = parse_plan(text, Path::new("seed.toml")).unwrap();
    let error = prepare(&schema, &plan, &SeedOptions::new(Dialect::Postgres)).unwrap_err();
    let messages: Vec<String> = error.iter().map(ToString::to_string).collect();
    let joined = messages.join("\n");
    assert!(joined.contains("seed.toml:1:9") && joined.contains("did you mean `experiments`?"), "{joined}");
    assert!(joined.contains("seed.toml:4:1") && joined.contains("did you mean `email`?"), "{joined}");
    // Two variants per experiment cannot share the one key value `a` (unique (experiment_id, key)).
    let plan = parse_plan("[tables.variants]\nper = \"experiment_id\"\ncount = \"2..3\"\n[tables.variants.columns]\nkey = { values = [\"a\"] }\n", Path::new("seed.toml")).unwrap();
    let error = prepare(&schema, &plan, &SeedOptions::new(Dialect::Postgres)).unwrap_err();
    assert!(error.to_string().contains("lower the count's maximum to 1"), "{error}");
    // More unique rows than a column can hold.
    let plan = Plan::with_volumes([("organizations", 70_000)]);
    let mut tiny = schema.clone();
    tiny.tables.iter_mut().find(|t| t.name.name == "organizations").unwrap().column_mut("name").unwrap().ty =
        codegen_core::ColumnType::varchar(Some(3));
    let error = prepare(&tiny, &plan, &SeedOptions::new(Dialect::Postgres)).unwrap_err();
    assert!(error.to_string().contains("distinct values"), "{error}");
}

#[test]
fn the_knex_seed_file_runs_twice_with_knex_and_adds_nothing_the_second_time() {
    let tools = root().join("tools/seed");
    if !tools.join("node_modules/knex").is_dir() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(!ci, "tools/seed is not installed (.ci/setup.d/50-seed.sh runs npm ci)");
        eprintln!("note: skipping the Knex run: npm ci in tools/seed first");
        return;
    }
    let schema = fixture("hard.sql");
    let dir = tempfile::tempdir().unwrap();
    // SQLite through better-sqlite3, foreign keys on.
    let path = sqlite_db(dir.path(), "knex", &ddl(&schema, Dialect::Sqlite));
    knex_twice(&tools, dir.path(), &schema, Dialect::Sqlite, &path.to_string_lossy(), &|sql| {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap().to_string()
    });
    let conn = rusqlite::Connection::open(&path).unwrap();
    let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0, "foreign keys broken on SQLite");
    if let Some(pg) = servers::postgres() {
        let db = pg.fresh_database("knex_seed");
        db.execute(&ddl(&schema, Dialect::Postgres)).unwrap();
        knex_twice(&tools, dir.path(), &schema, Dialect::Postgres, &db.url(), &|sql| {
            db.query_rows(sql).unwrap()[0][0].clone()
        });
    }
    if let Some(my) = servers::mysql() {
        let db = my.fresh_database("knex_seed");
        db.execute(&ddl(&schema, Dialect::Mysql)).unwrap();
        knex_twice(&tools, dir.path(), &schema, Dialect::Mysql, &db.url(), &|sql| {
            db.query_rows(sql).unwrap()[0][0].clone()
        });
    }
}

/// Write the Knex seed file of `schema` for `dialect`, run it twice through the real `knex` and
/// the dialect's driver, and count every table's rows after each run.
fn knex_twice(tools: &Path, dir: &Path, schema: &Schema, dialect: Dialect, url: &str, scalar: &dyn Fn(&str) -> String) {
    let prepared = prepare(schema, &Plan::default(), &SeedOptions { seed: Some(4), ..SeedOptions::new(dialect) })
        .unwrap_or_else(|d| panic!("{dialect}: {d}"));
    let text = codegen_seed::render::knex::render_knex_seed(&prepared).unwrap();
    let file = dir.join(format!("codegen_seed_{dialect}.js"));
    std::fs::write(&file, text).unwrap();
    let expected: Vec<(String, u64)> = prepared.tables.iter().map(|t| (t.name.name.clone(), t.rows)).collect();
    let quote = |t: &str| codegen_sql::quote_ident(t, dialect);
    for run in 1..=2 {
        let out = Command::new("node")
            .arg(tools.join("run-knex-seed.js"))
            .arg(&file)
            .current_dir(tools)
            .env("DATABASE_URL", url)
            .output()
            .unwrap();
        assert!(out.status.success(), "{dialect}: knex run {run}: {}", String::from_utf8_lossy(&out.stderr));
        for (table, rows) in &expected {
            let counted: u64 = scalar(&format!("select count(*) from {}", quote(table))).parse().unwrap();
            assert_eq!(counted, *rows, "{dialect}: knex run {run}: rows of {table}");
        }
    }
    // The cycle's later updates ran: some departments have managers.
    let managed = scalar("select count(*) from departments where manager_id is not null");
    assert_ne!(managed, "0", "{dialect}: no cycle update ran");
}

#[test]
fn the_cli_writes_a_script_and_exits_2_on_a_bad_plan() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_codegen");
    let out = Command::new(bin)
        .current_dir(root())
        .args(["seed", "--format", "sql", "--dialect", "sqlite", "--seed", "5", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(dir.path().join("seed.sql")).unwrap();
    assert!(text.contains("ON CONFLICT DO NOTHING"));
    let plan = dir.path().join("bad.toml");
    std::fs::write(&plan, "[tables.nope]\nrows = 1\n").unwrap();
    let out =
        Command::new(bin).current_dir(root()).args(["seed", "--format", "sql", "--plan"]).arg(&plan).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
}

#[test]
fn the_cli_writes_each_framework_file_in_its_format() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_codegen");
    let cases = [
        ("knex", "codegen_seed.js", "exports.seed = async function seed(knex)"),
        ("prisma", "seed.ts", "await createMissing(tx."),
        ("diesel", "seed.rs", "pub fn seed(conn: &mut diesel::sqlite::SqliteConnection) -> QueryResult<()>"),
        ("sea-orm", "seed.rs", "pub async fn seed(db: &DatabaseConnection) -> Result<(), DbErr>"),
    ];
    for (format, file, expected) in cases {
        let out_dir = dir.path().join(format);
        let out = Command::new(bin)
            .current_dir(root())
            .args(["seed", "--format", format, "--dialect", "sqlite", "--seed", "5", "--out"])
            .arg(&out_dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        let text = std::fs::read_to_string(out_dir.join(file)).unwrap();
        assert!(text.contains(expected), "{format}: {text}");
        assert!(!text.contains("INSERT INTO \"organizations\""), "{format}: rows went as SQL: {text}");
    }
    let out = Command::new(bin).current_dir(root()).args(["seed", "--format", "typeorm"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sea-orm"));
}

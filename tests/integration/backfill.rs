//! `codegen backfill`: the experiment-duration backfill written for each dialect and framework,
//! refused with a located error (and nothing written) when the expression does not fit the
//! model, lint-clean, and run on SQLite, PostgreSQL and MariaDB with rows: stopped halfway by a
//! failing batch and rerun, it finishes with every completed experiment's duration, NULL for
//! every active one, and no row written twice; its down gives the NULLs back. On PostgreSQL a
//! client keeps writing to the table meanwhile, and its longest wait is measured.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use codegen_core::Dialect;
use codegen_core::lint::{LintOptions, lint_path};

use crate::servers;

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).env("NO_COLOR", "1").output().expect("codegen runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Rows in the server tests, and the batch size: 12 batches.
const ROWS: i64 = 6_000;
const BATCH: &str = "500";
/// The first row of the batch the simulated crash stops: batches 1-6 are committed before it.
const CRASH_AT: i64 = 3_100;

/// The table in each dialect, with `touches` counting writes of the duration (by a test trigger).
fn schema_sql(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => {
            "CREATE TABLE experiments (id bigint PRIMARY KEY, name text NOT NULL, status text NOT NULL,
             created_at timestamp NOT NULL, completed_at timestamp, note text, touches integer NOT NULL DEFAULT 0,
             experiment_duration interval);\n"
        }
        Dialect::Mysql => {
            "CREATE TABLE experiments (id bigint NOT NULL PRIMARY KEY, name varchar(100) NOT NULL,
             status varchar(20) NOT NULL, created_at datetime NOT NULL, completed_at datetime NULL, note text,
             touches int NOT NULL DEFAULT 0, experiment_duration bigint NULL);\n"
        }
        Dialect::Sqlite => {
            "CREATE TABLE experiments (id INTEGER PRIMARY KEY, name text NOT NULL, status text NOT NULL,
             created_at datetime NOT NULL, completed_at datetime, note text, touches integer NOT NULL DEFAULT 0,
             experiment_duration integer);\n"
        }
    }
}

/// The duration in each dialect: PostgreSQL's interval; seconds elsewhere, where two timestamps
/// subtracted are not a duration (the planner says so: see `mysql_timestamps_subtracted_are_refused`).
fn duration(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "experiment_duration = completed_at - created_at",
        Dialect::Mysql => "experiment_duration = TIMESTAMPDIFF(SECOND, created_at, completed_at)",
        Dialect::Sqlite => {
            "experiment_duration = CAST(round((julianday(completed_at) - julianday(created_at)) * 86400) AS INTEGER)"
        }
    }
}

fn dialect_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "postgres",
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
    }
}

/// `codegen backfill` of the duration into `out` (`--where status = 'completed' --else-null`).
fn backfill(dir: &Path, dialect: Dialect, format: &str, out: &Path, version: &str) -> Output {
    let schema = dir.join("schema.sql");
    std::fs::write(&schema, schema_sql(dialect)).unwrap();
    codegen(&[
        "backfill",
        "--schema",
        schema.to_str().unwrap(),
        "--table",
        "experiments",
        "--set",
        duration(dialect),
        "--where",
        "status = 'completed'",
        "--else-null",
        "--batch-size",
        BATCH,
        "--dialect",
        dialect_name(dialect),
        "--format",
        format,
        "--out",
        out.to_str().unwrap(),
        "--name",
        "backfill_duration",
        "--version",
        version,
    ])
}

/// The plain-SQL up and down of the duration backfill.
fn up_and_down(dialect: Dialect) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("migrations");
    let o = backfill(dir.path(), dialect, "sql", &out, "20260101000000");
    assert!(o.status.success(), "{}", text(&o));
    let read = |which: &str| {
        std::fs::read_to_string(out.join(format!("20260101000000_backfill_duration.{which}.sql"))).unwrap()
    };
    (read("up"), read("down"))
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn an_unknown_column_is_a_located_error_with_a_suggestion_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.sql");
    std::fs::write(&schema, schema_sql(Dialect::Postgres)).unwrap();
    let out = dir.path().join("migrations");
    let o = codegen(&[
        "backfill",
        "--schema",
        schema.to_str().unwrap(),
        "--table",
        "experiments",
        "--set",
        "experiment_duration = complted_at - created_at",
        "--dialect",
        "postgres",
        "--format",
        "diesel",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let shown = text(&o);
    assert!(shown.contains("table `experiments` has no column `complted_at`"), "{shown}");
    assert!(shown.contains("at --set:1:23"), "{shown}");
    assert!(shown.contains("did you mean `completed_at`?"), "{shown}");
    assert!(!out.exists(), "nothing is written: {:?}", files(&out));

    let o = codegen(&[
        "backfill",
        "--schema",
        schema.to_str().unwrap(),
        "--table",
        "experiment",
        "--set",
        "experiment_duration = NULL",
        "--dialect",
        "postgres",
        "--format",
        "sql",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("no table `experiment`") && text(&o).contains("did you mean `experiments`?"));
    assert!(!out.exists());
}

#[test]
fn mysql_timestamps_subtracted_are_refused_with_the_form_that_gives_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.sql");
    std::fs::write(&schema, schema_sql(Dialect::Mysql)).unwrap();
    let out = dir.path().join("migrations");
    let o = codegen(&[
        "backfill",
        "--schema",
        schema.to_str().unwrap(),
        "--table",
        "experiments",
        "--set",
        "experiment_duration = completed_at - created_at",
        "--dialect",
        "mysql",
        "--format",
        "sqlx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("TIMESTAMPDIFF(SECOND, created_at, completed_at)"), "{}", text(&o));
    assert!(!out.exists());
}

#[test]
fn every_framework_layout_is_written_and_marked_to_run_outside_a_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let expectations: &[(&str, &str, &str, &str)] = &[
        (
            "diesel",
            "2026-01-01-000000",
            "2026-01-01-000000_backfill_duration/metadata.toml",
            "run_in_transaction = false",
        ),
        ("sqlx", "20260101000000", "20260101000000_backfill_duration.up.sql", "-- no-transaction"),
        ("sea-orm", "20260101_000000", "m20260101_000000_backfill_duration.rs", "Some(false)"),
        ("knex", "20260101000000", "20260101000000_backfill_duration.js", "transaction: false"),
        ("typeorm", "1767225600000", "1767225600000-BackfillDuration.ts", "transaction = false"),
        ("prisma", "20260101000000", "20260101000000_backfill_duration/migration.sql", "COMMIT;"),
    ];
    for (format, version, file, marker) in expectations {
        let out = dir.path().join(format);
        let o = backfill(dir.path(), Dialect::Postgres, format, &out, version);
        assert!(o.status.success(), "{format}: {}", text(&o));
        let written = std::fs::read_to_string(out.join(file)).unwrap_or_else(|_| panic!("{format}: {:?}", files(&out)));
        assert!(written.contains(marker), "{format}: {file} lacks {marker}:\n{written}");
    }
    // refinery and drizzle-orm run every migration in a transaction: no COMMIT per batch, and a warning.
    for (format, version) in [("refinery", "1"), ("drizzle", "0000")] {
        let out = dir.path().join(format);
        let o = backfill(dir.path(), Dialect::Postgres, format, &out, version);
        assert!(o.status.success(), "{format}: {}", text(&o));
        assert!(text(&o).contains("cannot commit one by one"), "{format}: {}", text(&o));
        let all: String = files(&out).iter().map(|f| std::fs::read_to_string(out.join(f)).unwrap()).collect();
        assert!(all.contains("DO $codegen$") && !all.contains("COMMIT;"), "{format}:\n{all}");
    }
}

#[test]
fn the_generated_backfills_are_lint_clean_under_the_default_preset() {
    for dialect in Dialect::ALL {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("migrations");
        let init = out.join("2025-01-01-000000_init");
        std::fs::create_dir_all(&init).unwrap();
        std::fs::write(init.join("up.sql"), schema_sql(dialect)).unwrap();
        std::fs::write(init.join("down.sql"), "DROP TABLE experiments;\n").unwrap();
        let o = backfill(dir.path(), dialect, "diesel", &out, "2026-01-01-000000");
        assert!(o.status.success(), "{}", text(&o));
        // The folder, backfill included, is itself a schema source for the next one.
        let o = codegen(&[
            "backfill",
            "--schema",
            out.to_str().unwrap(),
            "--table",
            "experiments",
            "--set",
            "note = name",
            "--dialect",
            dialect_name(dialect),
            "--format",
            "diesel",
            "--out",
            out.to_str().unwrap(),
            "--version",
            "2026-01-02-000000",
        ]);
        assert!(o.status.success(), "{dialect:?}: {}", text(&o));
        let report = lint_path(&out, &LintOptions::new(dialect)).expect("the folder lints");
        let findings: Vec<String> = report
            .findings
            .iter()
            .map(|f| format!("{} {}:{} {}", f.rule, f.location.file.display(), f.location.line, f.message))
            .collect();
        assert!(findings.is_empty(), "{dialect:?}: {findings:#?}");
        assert!(report.statements >= 3, "{dialect:?}: the backfills' statements are read");
    }
}

/// `n` experiments: two in three completed, each a different length; every third active.
fn rows(dialect: Dialect) -> String {
    let mut values = Vec::new();
    for id in 1..=ROWS {
        let created = "2024-01-01 00:00:00";
        let (status, completed) = if id % 3 == 0 {
            ("active", "NULL".to_string())
        } else {
            // id minutes and id % 97 hours after the start.
            let seconds = id * 60 + (id % 97) * 3600;
            let at = match dialect {
                Dialect::Postgres => format!("timestamp '2024-01-01 00:00:00' + interval '{seconds} seconds'"),
                Dialect::Mysql => format!("TIMESTAMP '2024-01-01 00:00:00' + INTERVAL {seconds} SECOND"),
                Dialect::Sqlite => format!("datetime('2024-01-01 00:00:00', '+{seconds} seconds')"),
            };
            ("completed", at)
        };
        values.push(format!("({id}, 'experiment {id}', '{status}', '{created}', {completed})"));
    }
    format!("INSERT INTO experiments (id, name, status, created_at, completed_at) VALUES {};\n", values.join(",\n"))
}

/// A trigger that counts the writes of the duration in `touches` and fails the write of any
/// row listed in `crash_at` (a migration stopped halfway).
fn test_triggers(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => {
            "CREATE TABLE crash_at (id bigint PRIMARY KEY);
             CREATE TABLE slow_batches (on_row bigint);
             CREATE FUNCTION count_touch() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               IF NEW.experiment_duration IS DISTINCT FROM OLD.experiment_duration THEN
                 NEW.touches := OLD.touches + 1;
                 IF EXISTS (SELECT 1 FROM crash_at WHERE id = NEW.id) THEN
                   RAISE EXCEPTION 'simulated crash at row %', NEW.id;
                 END IF;
                 IF NEW.id % 500 = 1 AND EXISTS (SELECT 1 FROM slow_batches) THEN
                   PERFORM pg_sleep(0.06);
                 END IF;
               END IF;
               RETURN NEW;
             END $$;
             CREATE TRIGGER count_touch BEFORE UPDATE ON experiments FOR EACH ROW EXECUTE FUNCTION count_touch();"
        }
        Dialect::Mysql => {
            "CREATE TABLE crash_at (id bigint PRIMARY KEY);
             CREATE TABLE slow_batches (on_row bigint);
             CREATE TRIGGER count_touch BEFORE UPDATE ON experiments FOR EACH ROW
             BEGIN
               IF NOT (NEW.experiment_duration <=> OLD.experiment_duration) THEN
                 SET NEW.touches = OLD.touches + 1;
                 IF EXISTS (SELECT 1 FROM crash_at WHERE id = NEW.id) THEN
                   SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated crash';
                 END IF;
                 IF NEW.id % 500 = 1 AND EXISTS (SELECT 1 FROM slow_batches) THEN
                   DO SLEEP(0.06);
                 END IF;
               END IF;
             END;"
        }
        Dialect::Sqlite => {
            "CREATE TABLE crash_at (id integer PRIMARY KEY);
             CREATE TRIGGER count_touch AFTER UPDATE OF experiment_duration ON experiments
             WHEN NEW.experiment_duration IS NOT OLD.experiment_duration
             BEGIN
               SELECT RAISE(ABORT, 'simulated crash') WHERE EXISTS (SELECT 1 FROM crash_at WHERE id = NEW.id);
               UPDATE experiments SET touches = touches + 1 WHERE id = NEW.id;
             END;"
        }
    }
}

/// Counts that say whether the backfill is done right: (completed rows with the right duration,
/// completed rows without it, active rows with a duration, the most writes of one row).
fn state_query(dialect: Dialect) -> &'static str {
    // Each dialect's own arithmetic, independent of the expression the backfill used.
    match dialect {
        Dialect::Postgres => {
            "SELECT count(*) FILTER (WHERE status = 'completed' AND extract(epoch FROM experiment_duration) = extract(epoch FROM completed_at) - extract(epoch FROM created_at)),
                    count(*) FILTER (WHERE status = 'completed' AND experiment_duration IS NULL),
                    count(*) FILTER (WHERE status = 'active' AND experiment_duration IS NOT NULL),
                    max(touches) FROM experiments"
        }
        Dialect::Mysql => {
            "SELECT SUM(status = 'completed' AND experiment_duration = UNIX_TIMESTAMP(completed_at) - UNIX_TIMESTAMP(created_at)),
                    SUM(status = 'completed' AND experiment_duration IS NULL),
                    SUM(status = 'active' AND experiment_duration IS NOT NULL),
                    MAX(touches) FROM experiments"
        }
        Dialect::Sqlite => {
            "SELECT sum(status = 'completed' AND experiment_duration = strftime('%s', completed_at) - strftime('%s', created_at)),
                    sum(status = 'completed' AND experiment_duration IS NULL),
                    sum(status = 'active' AND experiment_duration IS NOT NULL),
                    max(touches) FROM experiments"
        }
    }
}

/// What a database must do for the story: run a script, read the state counts.
trait Db {
    fn run(&mut self, sql: &str) -> Result<(), String>;
    fn state(&mut self, dialect: Dialect) -> [i64; 4];
}

struct Sqlite(rusqlite::Connection);

impl Db for Sqlite {
    fn run(&mut self, sql: &str) -> Result<(), String> {
        self.0.execute_batch(sql).map_err(|e| e.to_string())
    }

    fn state(&mut self, dialect: Dialect) -> [i64; 4] {
        self.0
            .query_row(state_query(dialect), [], |r| {
                Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, Option<i64>>(3)?.unwrap_or(0)])
            })
            .unwrap()
    }
}

struct Pg(postgres::Client);

impl Db for Pg {
    fn run(&mut self, sql: &str) -> Result<(), String> {
        self.0.batch_execute(sql).map_err(|e| e.as_db_error().map_or(e.to_string(), |d| d.message().to_string()))
    }

    fn state(&mut self, dialect: Dialect) -> [i64; 4] {
        let row = self.0.query_one(state_query(dialect), &[]).unwrap();
        [row.get(0), row.get(1), row.get(2), row.get::<_, i32>(3) as i64]
    }
}

struct Maria(mysql::Conn);

impl Db for Maria {
    fn run(&mut self, sql: &str) -> Result<(), String> {
        use mysql::prelude::Queryable;
        // Every statement's result, so that an error after the first statement is seen.
        let mut result = self.0.query_iter(sql).map_err(|e| e.to_string())?;
        while let Some(set) = result.iter() {
            for row in set {
                row.map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }

    fn state(&mut self, dialect: Dialect) -> [i64; 4] {
        use mysql::prelude::Queryable;
        let row: (Option<i64>, Option<i64>, Option<i64>, Option<i64>) =
            self.0.query_first(state_query(dialect)).unwrap().unwrap();
        [row.0.unwrap_or(0), row.1.unwrap_or(0), row.2.unwrap_or(0), row.3.unwrap_or(0)]
    }
}

/// Completed rows among the first `n` ids.
fn completed_up_to(n: i64) -> i64 {
    n - n / 3
}

/// The story on one database: a run stopped halfway, the rerun, a guard, the down.
fn stopped_rerun_and_down(db: &mut dyn Db, dialect: Dialect) {
    let (up, down) = up_and_down(dialect);
    db.run(schema_sql(dialect)).unwrap();
    db.run(&rows(dialect)).unwrap();
    db.run(test_triggers(dialect)).unwrap();
    let completed = completed_up_to(ROWS);

    // Stopped halfway: a batch fails; the batches before it stay committed (SQLite's one
    // UPDATE rolls back whole).
    db.run(&format!("INSERT INTO crash_at VALUES ({CRASH_AT})")).unwrap();
    let error = db.run(&up).expect_err("the simulated crash stops the up");
    assert!(error.contains("simulated crash"), "{error}");
    let done_before_crash =
        if dialect == Dialect::Sqlite { 0 } else { completed_up_to(CRASH_AT - 1 - (CRASH_AT - 1) % 500) };
    assert_eq!(
        db.state(dialect),
        [done_before_crash, completed - done_before_crash, 0, i64::from(done_before_crash > 0)]
    );

    // Rerun: it finishes, and no row is written twice.
    db.run("DELETE FROM crash_at").unwrap();
    db.run(&up).unwrap();
    assert_eq!(db.state(dialect), [completed, 0, 0, 1], "{dialect:?}: after the rerun");
    // Once more: nothing left to do, nothing written.
    db.run(&up).unwrap();
    assert_eq!(db.state(dialect)[3], 1, "{dialect:?}: a finished backfill writes nothing when rerun");

    // The down gives back the NULLs.
    db.run(&down).unwrap();
    assert_eq!(db.state(dialect), [0, completed, 0, 2]);

    // A value the down could not restore stops the up before it writes anything.
    let wrong = if dialect == Dialect::Postgres { "interval '1 second'" } else { "1" };
    db.run(&format!("UPDATE experiments SET experiment_duration = {wrong} WHERE id = 2")).unwrap();
    let error = db.run(&up).expect_err("the guard stops the up");
    assert!(error.contains("holds values the down could not restore"), "{dialect:?}: {error}");
    assert_eq!(db.state(dialect)[1], completed - 1, "{dialect:?}: nothing else was written");
}

#[test]
fn sqlite_backfill_stopped_and_rerun_finishes_and_its_down_restores() {
    let mut db = Sqlite(rusqlite::Connection::open_in_memory().unwrap());
    stopped_rerun_and_down(&mut db, Dialect::Sqlite);
}

#[test]
fn mariadb_backfill_stopped_halfway_and_rerun_finishes_and_its_down_restores() {
    let Some(server) = servers::mysql() else { return };
    let test_db = server.fresh_database("backfill");
    let conn = mysql::Conn::new(mysql::Opts::from_url(&test_db.url()).unwrap()).expect("connect");
    let mut db = Maria(conn);
    stopped_rerun_and_down(&mut db, Dialect::Mysql);
}

#[test]
fn postgres_backfill_stopped_halfway_and_rerun_finishes_and_its_down_restores() {
    let Some(server) = servers::postgres() else { return };
    let test_db = server.fresh_database("backfill");
    let client = postgres::Client::connect(&test_db.url(), postgres::NoTls).expect("connect");
    let mut db = Pg(client);
    stopped_rerun_and_down(&mut db, Dialect::Postgres);
}

/// What the writing client saw: its longest wait, its writes and its failures.
#[derive(Debug, Default)]
struct Writes {
    longest: Duration,
    writes: u64,
    failures: Vec<String>,
}

/// Update the first row (which the first batch locks) and the rows after it, one per statement,
/// until told to stop.
fn writer(dialect: Dialect, url: String, stop: Arc<AtomicBool>) -> Writes {
    let mut update: Box<dyn FnMut(i64) -> Result<(), String>> = match dialect {
        Dialect::Mysql => {
            use mysql::prelude::Queryable;
            let mut conn = mysql::Conn::new(mysql::Opts::from_url(&url).unwrap()).expect("the writer connects");
            Box::new(move |id| {
                conn.exec_drop("UPDATE experiments SET note = 'written meanwhile' WHERE id = ?", (id,))
                    .map_err(|e| e.to_string())
            })
        }
        _ => {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("the writer connects");
            Box::new(move |id| {
                client
                    .execute("UPDATE experiments SET note = 'written meanwhile' WHERE id = $1", &[&id])
                    .map(drop)
                    .map_err(|e| e.to_string())
            })
        }
    };
    let mut seen = Writes::default();
    let mut next = 2;
    while !stop.load(Ordering::Relaxed) {
        for id in [1, next] {
            let started = Instant::now();
            if let Err(e) = update(id) {
                seen.failures.push(e);
            }
            seen.longest = seen.longest.max(started.elapsed());
            seen.writes += 1;
        }
        next = if next >= ROWS { 2 } else { next + 97 };
    }
    seen
}

/// Run `up` while the writer writes; the backfill's time and what the writer saw.
fn run_with_writer(dialect: Dialect, url: &str, db: &mut dyn Db, up: &str) -> (Duration, Writes) {
    let stop = Arc::new(AtomicBool::new(false));
    let handle = {
        let (url, stop) = (url.to_string(), stop.clone());
        std::thread::spawn(move || writer(dialect, url, stop))
    };
    std::thread::sleep(Duration::from_millis(50));
    let started = Instant::now();
    db.run(up).expect("the backfill runs beside the writer");
    let took = started.elapsed();
    std::thread::sleep(Duration::from_millis(50));
    stop.store(true, Ordering::Relaxed);
    (took, handle.join().expect("the writer ends"))
}

/// The backfill, then the same loop in one transaction, each beside a writing client: the
/// writer's longest wait with batches is a batch, in one transaction the whole run.
fn beside_a_writer(dialect: Dialect, fresh: &dyn Fn() -> (String, Box<dyn Db>), one_transaction: &str, batched: &str) {
    assert_ne!(batched, one_transaction);
    let mut figures = Vec::new();
    for (label, up) in [("batched", batched), ("one transaction", one_transaction)] {
        let (url, mut db) = fresh();
        db.run(schema_sql(dialect)).unwrap();
        db.run(&rows(dialect)).unwrap();
        db.run(test_triggers(dialect)).unwrap();
        // Each batch takes at least 60 ms, so a lock held across batches shows (with a margin for a loaded CI machine).
        db.run("INSERT INTO slow_batches VALUES (1)").unwrap();
        let (took, writes) = run_with_writer(dialect, &url, db.as_mut(), up);
        assert!(writes.failures.is_empty(), "{label}: the writer's queries failed: {:?}", writes.failures);
        assert!(writes.writes > 10, "{label}: the writer kept writing ({} writes)", writes.writes);
        let completed = completed_up_to(ROWS);
        assert_eq!(db.state(dialect), [completed, 0, 0, 1], "{label}: every row is right");
        figures.push((label, took, writes.longest, writes.writes));
    }
    for (label, took, longest, writes) in &figures {
        eprintln!(
            "{dialect:?} backfill of {ROWS} rows in batches of {BATCH} ({label}): {:.0} ms; the writer's longest wait {:.1} ms over {writes} writes",
            took.as_secs_f64() * 1e3,
            longest.as_secs_f64() * 1e3
        );
    }
    let (batched_took, batched_longest) = (figures[0].1, figures[0].2);
    let one_longest = figures[1].2;
    // 12 batches of at least 60 ms: a lock held longer than one batch would show as a wait
    // of a good part of the whole run, as it does in one transaction.
    assert!(batched_longest < batched_took / 3, "batched: the writer waited {batched_longest:?} of {batched_took:?}");
    assert!(one_longest > batched_longest * 2, "the contrast: {one_longest:?} vs {batched_longest:?}");
}

#[test]
fn postgres_backfill_beside_a_writing_client_holds_no_lock_longer_than_a_batch() {
    let Some(server) = servers::postgres() else { return };
    let (batched, _) = up_and_down(Dialect::Postgres);
    // The same loop in one transaction, as refinery and drizzle-orm run it: the contrast.
    let one_transaction = batched.replace("    COMMIT;\n", "");
    let databases = std::cell::RefCell::new(Vec::new());
    let fresh = || {
        let test_db = server.fresh_database("backfill_live");
        let url = test_db.url();
        databases.borrow_mut().push(test_db);
        let client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        (url, Box::new(Pg(client)) as Box<dyn Db>)
    };
    beside_a_writer(Dialect::Postgres, &fresh, &one_transaction, &batched);
}

#[test]
fn mariadb_backfill_beside_a_writing_client_holds_no_lock_longer_than_a_batch() {
    let Some(server) = servers::mysql() else { return };
    let (batched, _) = up_and_down(Dialect::Mysql);
    let call = "CALL codegen_backfill_duration();";
    assert!(batched.contains(call), "{batched}");
    let one_transaction =
        batched.replace("    COMMIT;\n", "").replace(call, &format!("START TRANSACTION;\n{call}\nCOMMIT;"));
    let databases = std::cell::RefCell::new(Vec::new());
    let fresh = || {
        let test_db = server.fresh_database("backfill_live");
        let url = test_db.url();
        databases.borrow_mut().push(test_db);
        let conn = mysql::Conn::new(mysql::Opts::from_url(&url).unwrap()).expect("connect");
        (url, Box::new(Maria(conn)) as Box<dyn Db>)
    };
    beside_a_writer(Dialect::Mysql, &fresh, &one_transaction, &batched);
}

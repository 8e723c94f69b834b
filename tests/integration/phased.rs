//! `codegen diff --phased`: a rename, a type change or a NOT NULL addition as separately
//! deployable migrations (expand, backfill, switch, contract), applied step by step on real
//! databases with rows in them, and each step lint-clean under `codegen lint`'s default preset.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::{Duration, Instant};

use codegen_core::Dialect;
use codegen_core::lint::{LintOptions, lint_path};

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).env("NO_COLOR", "1").output().expect("codegen runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

const BEFORE: &str = "CREATE TABLE experiments (id bigint PRIMARY KEY, state text NOT NULL, score integer);\n";
const AFTER: &str = "CREATE TABLE experiments (id bigint PRIMARY KEY, status text NOT NULL, score integer);\n";

/// The two schemas as files in `dir`, and `codegen diff --phased` from one to the other into `out`.
fn phased(dir: &Path, before: &str, after: &str, extra: &[&str]) -> Output {
    std::fs::write(dir.join("before.sql"), before).unwrap();
    std::fs::write(dir.join("after.sql"), after).unwrap();
    let (from, to) = (dir.join("before.sql").display().to_string(), dir.join("after.sql").display().to_string());
    let mut args = vec!["diff", "--phased", "--from", &from, "--to", &to, "--name", "move"];
    args.extend_from_slice(extra);
    codegen(&args)
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap().flatten() {
            let path = entry.path();
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

/// The up scripts of a diesel folder, in version order.
fn diesel_ups(out: &Path) -> Vec<(String, String)> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(out).unwrap().flatten().map(|e| e.path()).collect();
    dirs.sort();
    dirs.iter()
        .map(|d| {
            let name = d.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(d.join("up.sql")).unwrap())
        })
        .collect()
}

/// Lint a folder under the default preset; every finding, rendered for the assertion message.
fn lint_findings(dir: &Path, dialect: Dialect) -> Vec<String> {
    let report = lint_path(dir, &LintOptions::new(dialect)).expect("the folder lints");
    report
        .findings
        .iter()
        .map(|f| format!("{} {}:{} {}", f.rule, f.location.file.display(), f.location.line, f.message))
        .collect()
}

fn write_diesel_init(out: &Path, sql: &str, table: &str) {
    let init = out.join("00000000000000_init");
    std::fs::create_dir_all(&init).unwrap();
    std::fs::write(init.join("up.sql"), sql).unwrap();
    std::fs::write(init.join("down.sql"), format!("DROP TABLE {table};\n")).unwrap();
}

#[test]
fn phased_rename_writes_four_diesel_steps_in_order_and_each_is_lint_clean() {
    for dialect in ["postgres", "sqlite"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("migrations");
        let (before, after) = if dialect == "sqlite" {
            (BEFORE.replace(" NOT NULL", ""), AFTER.replace(" NOT NULL", ""))
        } else {
            (BEFORE.to_string(), AFTER.to_string())
        };
        let o = phased(
            dir.path(),
            &before,
            &after,
            &["-d", dialect, "-f", "diesel", "-o", &out.display().to_string(), "--rename", "experiments.state=status"],
        );
        assert!(o.status.success(), "{}", text(&o));
        let written = files(&out);
        let dirs: Vec<&str> = written.iter().filter_map(|f| f.split_once('/').map(|(d, _)| d)).collect();
        let mut steps: Vec<&str> = dirs.iter().map(|d| d.split_once('_').unwrap().1).collect();
        steps.dedup();
        assert_eq!(steps, ["move_1_expand", "move_2_backfill", "move_3_switch", "move_4_contract"], "{written:?}");
        // diesel sorts by version: the clock versions are one second apart, in step order.
        let mut versions: Vec<&str> = dirs.iter().map(|d| d.split_once('_').unwrap().0).collect();
        versions.dedup();
        assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
        if dialect == "postgres" {
            assert!(written.iter().any(|f| f.ends_with("move_2_backfill/metadata.toml")), "{written:?}");
        }
        write_diesel_init(&out, &before, "experiments");
        let dialect: Dialect = dialect.parse().unwrap();
        assert_eq!(lint_findings(&out, dialect), Vec::<String>::new(), "{dialect}");
    }
}

#[test]
fn phased_steps_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let expected: [(&str, &[&str]); 6] = [
        (
            "sql",
            &[
                "10_move_1_expand.down.sql",
                "10_move_1_expand.up.sql",
                "11_move_2_backfill.down.sql",
                "11_move_2_backfill.up.sql",
                "12_move_3_switch.down.sql",
                "12_move_3_switch.up.sql",
                "13_move_4_contract.down.sql",
                "13_move_4_contract.up.sql",
            ],
        ),
        (
            "sqlx",
            &[
                "10_move_1_expand.down.sql",
                "10_move_1_expand.up.sql",
                "11_move_2_backfill.down.sql",
                "11_move_2_backfill.up.sql",
                "12_move_3_switch.down.sql",
                "12_move_3_switch.up.sql",
                "13_move_4_contract.down.sql",
                "13_move_4_contract.up.sql",
            ],
        ),
        (
            "refinery",
            &[
                "V10__move_1_expand.down.sql",
                "V10__move_1_expand.sql",
                "V11__move_2_backfill.down.sql",
                "V11__move_2_backfill.sql",
                "V12__move_3_switch.down.sql",
                "V12__move_3_switch.sql",
                "V13__move_4_contract.down.sql",
                "V13__move_4_contract.sql",
            ],
        ),
        (
            "prisma",
            &[
                "10_move_1_expand/down.sql",
                "10_move_1_expand/migration.sql",
                "11_move_2_backfill/down.sql",
                "11_move_2_backfill/migration.sql",
                "12_move_3_switch/down.sql",
                "12_move_3_switch/migration.sql",
                "13_move_4_contract/down.sql",
                "13_move_4_contract/migration.sql",
            ],
        ),
        (
            "diesel",
            &[
                "10_move_1_expand/down.sql",
                "10_move_1_expand/up.sql",
                "11_move_2_backfill/down.sql",
                "11_move_2_backfill/metadata.toml",
                "11_move_2_backfill/up.sql",
                "12_move_3_switch/down.sql",
                "12_move_3_switch/up.sql",
                "13_move_4_contract/down.sql",
                "13_move_4_contract/up.sql",
            ],
        ),
        (
            "sea-orm",
            &["m10_move_1_expand.rs", "m11_move_2_backfill.rs", "m12_move_3_switch.rs", "m13_move_4_contract.rs"],
        ),
    ];
    for (format, names) in expected {
        let out = dir.path().join(format);
        let o = phased(
            dir.path(),
            BEFORE,
            AFTER,
            &[
                "-d",
                "postgres",
                "-f",
                format,
                "-o",
                &out.display().to_string(),
                "--version",
                "10",
                "--rename",
                "experiments.state=status",
                "--batch-size",
                "250",
            ],
        );
        assert!(o.status.success(), "{format}: {}", text(&o));
        assert_eq!(files(&out), names, "{format}");
        let backfill = names
            .iter()
            .find(|n| n.contains("backfill") && !n.contains("down") && !n.ends_with(".toml"))
            .map(|n| std::fs::read_to_string(out.join(n)).unwrap())
            .unwrap();
        assert!(backfill.contains("(250)"), "{format}: the batch size reaches the CALL:\n{backfill}");
        if format == "sqlx" {
            assert!(backfill.starts_with("-- no-transaction\n"), "sqlx runs it outside a transaction:\n{backfill}");
        }
    }
    // The layouts with a down beside each up lint clean after an initial migration.
    for (format, init) in [("sqlx", "0_init.up.sql"), ("prisma", "0_init/migration.sql")] {
        let out = dir.path().join(format);
        let init = out.join(init);
        std::fs::create_dir_all(init.parent().unwrap()).unwrap();
        std::fs::write(&init, BEFORE).unwrap();
        if format == "sqlx" {
            std::fs::write(out.join("0_init.down.sql"), "DROP TABLE experiments;\n").unwrap();
        }
        assert_eq!(lint_findings(&out, Dialect::Postgres), Vec::<String>::new(), "{format}");
    }
}

#[test]
fn phased_refuses_what_it_cannot_stage() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m").display().to_string();
    // A dropped table is not a change live code can be phased through.
    let o = phased(
        dir.path(),
        BEFORE,
        "CREATE TABLE other (id bigint PRIMARY KEY);\n",
        &["-d", "postgres", "-f", "diesel", "-o", &out],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--phased cannot stage"), "{}", text(&o));
    // NOT NULL without a fill: nothing says what the NULLs become.
    let o = phased(
        dir.path(),
        "CREATE TABLE t (id bigint PRIMARY KEY, note text);\n",
        "CREATE TABLE t (id bigint PRIMARY KEY, note text NOT NULL);\n",
        &["-d", "postgres", "-f", "diesel", "-o", &out],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--fill t.note="), "{}", text(&o));
    // MySQL plans are not written yet, and say so.
    let o = phased(
        dir.path(),
        BEFORE,
        AFTER,
        &["-d", "mysql", "-f", "diesel", "-o", &out, "--rename", "experiments.state=status"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("mysql is not supported yet"), "{}", text(&o));
    // --batch-size needs --phased, and a positive number.
    let o = codegen(&["diff", "--from", "a.sql", "--to", "b.sql", "-d", "postgres", "-f", "sql", "--batch-size", "10"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = phased(dir.path(), BEFORE, AFTER, &["-d", "postgres", "-f", "sql", "--batch-size", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!Path::new(&out).exists(), "nothing was written");
}

/// What the test application saw: queries that failed, reads that returned another value than
/// it wrote.
#[derive(Debug, Default)]
struct Traffic {
    failures: Vec<String>,
    wrong_reads: Vec<String>,
    inserted: Vec<i64>,
    expected: BTreeMap<i64, String>,
    queries: u64,
    /// When each round of four queries started, and how long it took.
    rounds: Vec<(Instant, Duration)>,
}

/// The application: inserts a row, updates an older one and reads both back, through `state`
/// (phase 0) and then through `status` (phase 1), until told to stop.
fn application(url: String, seeded: i64, phase: Arc<AtomicU8>, stop: Arc<AtomicBool>) -> Traffic {
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("the application connects");
    let mut traffic = Traffic::default();
    let mut i: i64 = 0;
    while !stop.load(Ordering::SeqCst) {
        i += 1;
        let round = Instant::now();
        let column = if phase.load(Ordering::SeqCst) == 0 { "state" } else { "status" };
        let id = 1_000_000 + i;
        let value = format!("inserted-{i}-via-{column}");
        let insert = format!("INSERT INTO experiments (id, {column}, score) VALUES ($1, $2, 0)");
        match client.execute(insert.as_str(), &[&id, &value]) {
            Ok(_) => {
                traffic.inserted.push(id);
                traffic.expected.insert(id, value);
            }
            Err(e) => traffic.failures.push(format!("{insert}: {e}")),
        }
        // Update a seeded row (the backfill walks those) and read it back.
        let target = 1 + (i * 37) % seeded;
        let value = format!("updated-{i}-via-{column}");
        let update = format!("UPDATE experiments SET {column} = $2 WHERE id = $1");
        match client.execute(update.as_str(), &[&target, &value]) {
            Ok(1) => {
                traffic.expected.insert(target, value.clone());
            }
            Ok(n) => traffic.failures.push(format!("{update}: {n} rows")),
            Err(e) => traffic.failures.push(format!("{update}: {e}")),
        }
        let select = format!("SELECT {column} FROM experiments WHERE id = $1");
        for check in [id, target] {
            match client.query_opt(select.as_str(), &[&check]) {
                Ok(Some(row)) => {
                    let found: Option<String> = row.get(0);
                    if found.as_ref() != traffic.expected.get(&check) {
                        traffic.wrong_reads.push(format!("{check}: {found:?} != {:?}", traffic.expected.get(&check)));
                    }
                }
                Ok(None) => traffic.wrong_reads.push(format!("{check}: row missing")),
                Err(e) => traffic.failures.push(format!("{select}: {e}")),
            }
        }
        traffic.queries += 4;
        traffic.rounds.push((round, round.elapsed()));
    }
    traffic
}

#[test]
fn phased_rename_on_postgres_under_live_traffic() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("phased");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("migrations");
    let o = phased(
        dir.path(),
        BEFORE,
        AFTER,
        &[
            "-d",
            "postgres",
            "-f",
            "diesel",
            "-o",
            &out.display().to_string(),
            "--rename",
            "experiments.state=status",
            "--batch-size",
            "500",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let steps = diesel_ups(&out);
    assert_eq!(steps.len(), 4);

    let mut admin = postgres::Client::connect(&db.url(), postgres::NoTls).expect("connect");
    admin.batch_execute(BEFORE).unwrap();
    let seeded: i64 = 50_000;
    admin
        .batch_execute(&format!(
            "INSERT INTO experiments (id, state, score) SELECT g, 'seed-' || g, g FROM generate_series(1, {seeded}) AS g"
        ))
        .unwrap();
    let mut expected: BTreeMap<i64, String> = (1..=seeded).map(|id| (id, format!("seed-{id}"))).collect();

    let phase = Arc::new(AtomicU8::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let app = {
        let (url, phase, stop) = (db.url(), phase.clone(), stop.clone());
        std::thread::spawn(move || application(url, seeded, phase, stop))
    };
    let pause = || std::thread::sleep(Duration::from_millis(300));
    pause();
    let mut timings = Vec::new();
    let mut backfill = None;
    for (name, up) in &steps {
        if name.ends_with("_4_contract") {
            // The application switches to the new column before the old one goes.
            phase.store(1, Ordering::SeqCst);
            pause();
        }
        let started = Instant::now();
        admin.batch_execute(up).unwrap_or_else(|e| panic!("{name}: {e}\n{up}"));
        timings.push(format!("{name}: {:?}", started.elapsed()));
        if name.ends_with("_2_backfill") {
            backfill = Some((started, started.elapsed()));
        }
        pause();
    }
    stop.store(true, Ordering::SeqCst);
    let traffic = app.join().expect("the application thread does not panic");
    // The backfill commits every batch: the application's writes to the rows it walks wait for
    // one batch at most, never for the whole backfill (with one batch of all 50,000 rows the
    // slowest round measured 231 ms of a 505 ms backfill; in batches of 500, 13-20 ms of 650 ms).
    let (backfill_start, backfill_took) = backfill.expect("a backfill step");
    let during: Vec<Duration> = traffic
        .rounds
        .iter()
        .filter(|(at, _)| *at >= backfill_start && *at <= backfill_start + backfill_took)
        .map(|(_, took)| *took)
        .collect();
    let slowest = during.iter().max().copied().unwrap_or_default();
    eprintln!(
        "phased rename under traffic: {} queries; {} rounds during the backfill, the slowest {slowest:?}; {timings:?}",
        traffic.queries,
        during.len()
    );
    assert!(during.len() > 5, "the application ran during the backfill ({} rounds)", during.len());
    assert!(slowest < backfill_took / 5, "no round waits for the whole backfill ({slowest:?} of {backfill_took:?})");

    assert_eq!(traffic.failures, Vec::<String>::new(), "no query of the application fails");
    assert_eq!(traffic.wrong_reads, Vec::<String>::new(), "every read returns what was written");
    assert!(traffic.queries > 100, "the application ran during the migration ({} queries)", traffic.queries);
    expected.extend(traffic.expected);
    let rows: BTreeMap<i64, String> = admin
        .query("SELECT id, status FROM experiments", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)))
        .collect();
    assert_eq!(rows.len(), seeded as usize + traffic.inserted.len(), "no row lost");
    assert!(rows == expected, "every row holds the value last written, through either column");
    let columns: Vec<String> = admin
        .query("SELECT column_name::text FROM information_schema.columns WHERE table_name = 'experiments' ORDER BY ordinal_position", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(columns, ["id", "score", "status"]);
    let leftovers: i64 = admin
        .query_one(
            "SELECT (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'codegen_%') + \
             (SELECT count(*) FROM pg_proc WHERE proname LIKE 'codegen_%') + \
             (SELECT count(*) FROM pg_constraint WHERE conname LIKE 'codegen_%')",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(leftovers, 0, "the contract step removes the triggers, functions, procedure and checks");
    let not_null: String = admin
        .query_one("SELECT is_nullable::text FROM information_schema.columns WHERE table_name = 'experiments' AND column_name = 'status'", &[])
        .unwrap()
        .get(0);
    assert_eq!(not_null, "NO");

    // And every down, newest first, brings the old column back with its values.
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&out).unwrap().flatten().map(|e| e.path()).collect();
    dirs.sort();
    for d in dirs.iter().rev() {
        let down = std::fs::read_to_string(d.join("down.sql")).unwrap();
        admin.batch_execute(&down).unwrap_or_else(|e| panic!("{}: {e}\n{down}", d.display()));
    }
    let back: BTreeMap<i64, String> = admin
        .query("SELECT id, state FROM experiments", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)))
        .collect();
    assert!(back == expected, "the downs restore every value in the old column");
}

#[test]
fn phased_type_change_and_not_null_on_postgres_keep_every_value() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("phased_type");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("migrations");
    let before = "CREATE TABLE readings (id integer PRIMARY KEY, value integer NOT NULL, note text);\n";
    let after = "CREATE TABLE readings (id integer PRIMARY KEY, value bigint NOT NULL, note text NOT NULL);\n";
    let o = phased(
        dir.path(),
        before,
        after,
        &[
            "-d",
            "postgres",
            "-f",
            "diesel",
            "-o",
            &out.display().to_string(),
            "--fill",
            "readings.note='none'",
            "--batch-size",
            "7",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let mut client = postgres::Client::connect(&db.url(), postgres::NoTls).expect("connect");
    client.batch_execute(before).unwrap();
    client
        .batch_execute(
            "INSERT INTO readings SELECT g, g * 1000, CASE WHEN g % 3 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, 100) AS g",
        )
        .unwrap();
    for (name, up) in diesel_ups(&out) {
        client.batch_execute(&up).unwrap_or_else(|e| panic!("{name}: {e:?}\n{up}"));
        if name.ends_with("_1_expand") {
            // Old code still writes the integer column: the trigger copies it into the new one;
            // and it updates rows the backfill has not reached, with NULL notes.
            client.batch_execute("INSERT INTO readings (id, value, note) VALUES (101, 101000, 'late')").unwrap();
            client.batch_execute("UPDATE readings SET value = value WHERE id IN (3, 4)").unwrap();
        }
    }
    let rows: Vec<(i32, i64, String)> = client
        .query("SELECT id, value, note FROM readings ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(rows.len(), 101);
    for (id, value, note) in &rows {
        assert_eq!(*value, i64::from(*id) * 1000, "row {id}");
        let expected = if *id == 101 {
            "late".to_string()
        } else if id % 3 == 0 {
            "none".to_string()
        } else {
            format!("n{id}")
        };
        assert_eq!(*note, expected, "row {id}");
    }
    let types: Vec<(String, String, String)> = client
        .query(
            "SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns \
             WHERE table_name = 'readings' ORDER BY column_name",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(
        types,
        [
            ("id".to_string(), "integer".to_string(), "NO".to_string()),
            ("note".to_string(), "text".to_string(), "NO".to_string()),
            ("value".to_string(), "bigint".to_string(), "NO".to_string()),
        ]
    );
    write_diesel_init(&out, before, "readings");
    assert_eq!(lint_findings(&out, Dialect::Postgres), Vec::<String>::new());
}

#[test]
fn phased_rename_on_sqlite_step_by_step_keeps_rows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("migrations");
    let before = "CREATE TABLE experiments (id integer PRIMARY KEY, state text, score integer);\n";
    let after = "CREATE TABLE experiments (id integer PRIMARY KEY, status text, score integer);\n";
    let o = phased(
        dir.path(),
        before,
        after,
        &["-d", "sqlite", "-f", "diesel", "-o", &out.display().to_string(), "--rename", "experiments.state=status"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let db = rusqlite::Connection::open(dir.path().join("app.db")).unwrap();
    db.execute_batch(before).unwrap();
    db.execute_batch("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO experiments SELECT i, 'seed-' || i, i FROM n").unwrap();
    let mut expected: BTreeMap<i64, String> = (1..=2000).map(|id| (id, format!("seed-{id}"))).collect();
    let mut column = "state";
    let mut next = 10_000;
    // Between steps the application writes through the column it knows.
    let mut write = |db: &rusqlite::Connection, column: &str, expected: &mut BTreeMap<i64, String>| {
        next += 1;
        let value = format!("via-{column}-{next}");
        db.execute(&format!("INSERT INTO experiments (id, {column}, score) VALUES (?1, ?2, 0)"), (next, &value))
            .unwrap();
        expected.insert(next, value);
        let target = next % 2000 + 1;
        let value = format!("updated-via-{column}-{next}");
        db.execute(&format!("UPDATE experiments SET {column} = ?2 WHERE id = ?1"), (target, &value)).unwrap();
        expected.insert(target, value);
    };
    for (name, up) in diesel_ups(&out) {
        if name.ends_with("_4_contract") {
            column = "status";
            write(&db, column, &mut expected);
        }
        db.execute_batch(&up).unwrap_or_else(|e| panic!("{name}: {e}\n{up}"));
        write(&db, column, &mut expected);
        if name.ends_with("_2_backfill") {
            // Both columns agree on every row once the backfill ran.
            let differ: i64 =
                db.query_row("SELECT count(*) FROM experiments WHERE state IS NOT status", [], |r| r.get(0)).unwrap();
            assert_eq!(differ, 0);
        }
    }
    let mut stmt = db.prepare("SELECT id, status FROM experiments").unwrap();
    let rows: BTreeMap<i64, String> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    assert_eq!(rows.len(), expected.len(), "no row lost");
    assert!(rows == expected, "every row holds the value last written");
    let columns: Vec<String> = db
        .prepare("SELECT name FROM pragma_table_info('experiments') ORDER BY cid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(columns, ["id", "score", "status"]);
    write_diesel_init(&out, before, "experiments");
    assert_eq!(lint_findings(&out, Dialect::Sqlite), Vec::<String>::new());
}

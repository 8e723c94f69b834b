//! `--phased` moves on PostgreSQL: the user-preferences split in four steps, with old and new
//! application code writing between them, and under live traffic: no failed query, no write
//! waiting for more than a batch, every value where the last write put it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::{Duration, Instant};

use codegen_core::Dialect;
use codegen_core::lint::{LintOptions, lint_path};

use crate::moves::{
    Db, INLINE, PREFERENCES_IN_USERS, PREFERENCES_JOINED, SPLIT, USERS_AFTER, USERS_BEFORE, diff_in, text, user_rows,
};
use crate::servers;

/// `codegen diff --phased` from `before` to `after` with the move `hint`, as a diesel folder whose
/// first migration (written by hand, `init_down` its down) creates `before`; every step is
/// lint-clean, with no finding at all.
fn phased_folder(dir: &Path, before: &str, after: &str, hint: &str, init_down: &str) -> PathBuf {
    let out = dir.join("migrations");
    let out_text = out.display().to_string();
    let args = [
        "--format",
        "diesel",
        "--out",
        &out_text,
        "--phased",
        "--batch-size",
        "37",
        "--version",
        "1",
        "--rename",
        hint,
    ];
    let o = diff_in(dir, before, after, "postgres", &args);
    assert!(o.status.success(), "{}", text(&o));
    let init = out.join("0_init");
    std::fs::create_dir_all(&init).unwrap();
    std::fs::write(init.join("up.sql"), before).unwrap();
    std::fs::write(init.join("down.sql"), init_down).unwrap();
    let report = lint_path(&out, &LintOptions::new(Dialect::Postgres)).unwrap();
    let findings: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {}:{} {}", f.rule, f.location.file.display(), f.location.line, f.message))
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
    out
}

/// Step `n` (`expand`, `backfill`, ...) of a folder [`phased_folder`] wrote: its `up.sql` or `down.sql`.
fn step_sql(out: &Path, n: usize, kind: &str, file: &str) -> String {
    std::fs::read_to_string(out.join(format!("{n}_schema_change_{n}_{kind}")).join(file)).unwrap()
}

/// `--phased` on PostgreSQL: the split in four steps, with old and new application code writing
/// between them. Both places stay in step through the triggers, the batched copy fills the rest,
/// and after the contract (and its down) every value is where it belongs.
#[test]
fn a_phased_move_keeps_both_places_in_step_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let out = phased_folder(dir.path(), USERS_BEFORE, USERS_AFTER, SPLIT, "DROP TABLE users;\n");
    let step = |n: usize, kind: &str, file: &str| step_sql(&out, n, kind, file);

    let Some(server) = servers::postgres() else { return };
    let db = Db::Server(server.fresh_database("moves_phased"));
    db.run(USERS_BEFORE).unwrap();
    db.run(&user_rows(false)).unwrap();
    db.run(&step(1, "expand", "up.sql")).unwrap();
    // Old code writes the old columns: the trigger copies them at once.
    db.run("UPDATE users SET theme = 'old app' WHERE id = 3; INSERT INTO users (id, email, locale) VALUES (1001, 'n@x', 'fr')").unwrap();
    assert_eq!(db.rows("SELECT theme FROM user_preferences WHERE user_id = 3"), [["old app"]]);
    assert_eq!(db.rows("SELECT locale FROM user_preferences WHERE user_id = 1001"), [["fr"]]);
    db.run(&step(2, "backfill", "up.sql")).unwrap();
    let before = db.rows(PREFERENCES_IN_USERS);
    assert_eq!(db.rows(PREFERENCES_JOINED), before, "the copy and the triggers agree with the old columns");
    // Rerun: nothing changes.
    db.run(&step(2, "backfill", "up.sql")).unwrap();
    assert_eq!(db.rows(PREFERENCES_JOINED), before);
    // New code writes the new table: the old columns follow, for old code still running.
    db.run("UPDATE user_preferences SET locale = 'new app' WHERE user_id = 5; INSERT INTO user_preferences (user_id, theme) VALUES (4, 'dark')").unwrap();
    assert_eq!(db.rows("SELECT locale FROM users WHERE id = 5"), [["new app"]]);
    assert_eq!(db.rows("SELECT theme FROM users WHERE id = 4"), [["dark"]]);
    let before = db.rows(PREFERENCES_IN_USERS);
    db.run(&step(4, "contract", "up.sql")).unwrap();
    assert_eq!(db.rows(PREFERENCES_JOINED), before, "after the contract every value is in user_preferences");
    db.run(&step(4, "contract", "down.sql")).unwrap();
    assert_eq!(db.rows(PREFERENCES_IN_USERS), before, "the contract's down fills the old columns back");
    db.run(&step(1, "expand", "down.sql")).unwrap();
    assert_eq!(db.rows(PREFERENCES_IN_USERS), before, "the expand's down keeps users whole");
}

/// What the application saw.
#[derive(Debug, Default)]
struct Traffic {
    failures: Vec<String>,
    wrong_reads: Vec<String>,
    /// The theme each user should end with (`None`: no preferences).
    expected: BTreeMap<i32, Option<String>>,
    queries: u64,
    /// When each round started, and how long it took.
    rounds: Vec<(Instant, Duration)>,
}

/// The application: sets a user's theme and reads it back, through `users.theme` (phase 0, the
/// old code) and then through `user_preferences` (phase 1, the new code), until told to stop.
fn application(url: String, seeded: i32, phase: Arc<AtomicU8>, stop: Arc<AtomicBool>) -> Traffic {
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("the application connects");
    let mut traffic = Traffic::default();
    let mut i: i32 = 0;
    while !stop.load(Ordering::SeqCst) {
        i += 1;
        let round = Instant::now();
        let target = 1 + (i * 37) % seeded;
        let new_code = phase.load(Ordering::SeqCst) == 1;
        let value = format!("theme-{i}-{}", if new_code { "new" } else { "old" });
        let (write, read) = if new_code {
            (
                "INSERT INTO user_preferences (user_id, theme) VALUES ($1, $2) \
                 ON CONFLICT (user_id) DO UPDATE SET theme = EXCLUDED.theme",
                "SELECT theme FROM user_preferences WHERE user_id = $1",
            )
        } else {
            ("UPDATE users SET theme = $2 WHERE id = $1", "SELECT theme FROM users WHERE id = $1")
        };
        match client.execute(write, &[&target, &value]) {
            Ok(1) => {
                traffic.expected.insert(target, Some(value.clone()));
            }
            Ok(n) => traffic.failures.push(format!("{write}: {n} rows")),
            Err(e) => traffic.failures.push(format!("{write}: {e}")),
        }
        match client.query_opt(read, &[&target]) {
            Ok(Some(row)) => {
                let found: Option<String> = row.get(0);
                if found.as_ref() != Some(&value) {
                    traffic.wrong_reads.push(format!("{target}: {found:?} != {value}"));
                }
            }
            Ok(None) => traffic.wrong_reads.push(format!("{target}: row missing")),
            Err(e) => traffic.failures.push(format!("{read}: {e}")),
        }
        traffic.queries += 2;
        traffic.rounds.push((round, round.elapsed()));
    }
    traffic
}

#[test]
fn a_phased_move_under_live_traffic_on_postgres() {
    let Some(server) = servers::postgres() else { return };
    let db = server.fresh_database("moves_live");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("migrations");
    let out_text = out.display().to_string();
    let args = [
        "--format",
        "diesel",
        "--out",
        &out_text,
        "--phased",
        "--batch-size",
        "500",
        "--version",
        "1",
        "--rename",
        SPLIT,
    ];
    let o = diff_in(dir.path(), USERS_BEFORE, USERS_AFTER, "postgres", &args);
    assert!(o.status.success(), "{}", text(&o));
    let step = |n: usize, kind: &str| {
        std::fs::read_to_string(out.join(format!("{n}_schema_change_{n}_{kind}")).join("up.sql")).unwrap()
    };

    let mut admin = postgres::Client::connect(&db.url(), postgres::NoTls).expect("connect");
    admin.batch_execute(USERS_BEFORE).unwrap();
    let seeded: i32 = 20_000;
    admin
        .batch_execute(&format!(
            "INSERT INTO users (id, email, theme) SELECT g, 'u' || g || '@example.com', \
             CASE WHEN g % 5 = 0 THEN NULL ELSE 'seed-' || g END FROM generate_series(1, {seeded}) AS g"
        ))
        .unwrap();
    let mut expected: BTreeMap<i32, Option<String>> =
        (1..=seeded).map(|id| (id, (id % 5 != 0).then(|| format!("seed-{id}")))).collect();

    let phase = Arc::new(AtomicU8::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let app = {
        let (url, phase, stop) = (db.url(), phase.clone(), stop.clone());
        std::thread::spawn(move || application(url, seeded, phase, stop))
    };
    let pause = || std::thread::sleep(Duration::from_millis(300));
    pause();
    let mut backfill = None;
    for (n, kind) in [(1, "expand"), (2, "backfill"), (3, "switch"), (4, "contract")] {
        if kind == "switch" {
            // The new code reads and writes user_preferences from here on.
            phase.store(1, Ordering::SeqCst);
        }
        let up = step(n, kind);
        let started = Instant::now();
        admin.batch_execute(&up).unwrap_or_else(|e| panic!("{kind}: {e}\n{up}"));
        if kind == "backfill" {
            backfill = Some((started, started.elapsed()));
        }
        pause();
    }
    stop.store(true, Ordering::SeqCst);
    let traffic = app.join().expect("the application thread does not panic");
    let (backfill_start, backfill_took) = backfill.expect("a backfill step");
    let during: Vec<Duration> = traffic
        .rounds
        .iter()
        .filter(|(at, _)| *at >= backfill_start && *at <= backfill_start + backfill_took)
        .map(|(_, took)| *took)
        .collect();
    let slowest = during.iter().max().copied().unwrap_or_default();
    eprintln!(
        "phased move under traffic: {} queries; backfill {backfill_took:?}; {} rounds during it, the slowest {slowest:?}",
        traffic.queries,
        during.len()
    );
    assert_eq!(traffic.failures, Vec::<String>::new(), "no query of the application fails");
    assert_eq!(traffic.wrong_reads, Vec::<String>::new(), "every read returns what was written");
    assert!(during.len() > 5, "the application ran during the backfill ({} rounds)", during.len());
    assert!(slowest < backfill_took / 5, "no round waits for the whole backfill ({slowest:?} of {backfill_took:?})");
    expected.extend(traffic.expected);
    let rows: BTreeMap<i32, Option<String>> = admin
        .query(
            "SELECT users.id, user_preferences.theme FROM users LEFT JOIN user_preferences ON user_preferences.user_id = users.id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get::<_, i32>(0), r.get::<_, Option<String>>(1)))
        .collect();
    assert_eq!(rows.len(), seeded as usize, "no user lost");
    let wrong: Vec<String> = rows
        .iter()
        .filter(|(id, theme)| expected.get(id) != Some(theme))
        .take(5)
        .map(|(id, theme)| format!("{id}: {theme:?} != {:?}", expected.get(id)))
        .collect();
    assert!(wrong.is_empty(), "every user's theme is the last one written, through either place: {wrong:?}");
}

/// `--phased` on PostgreSQL: the fold (the split's reverse) in four steps, with old code writing
/// the one-to-one table and new code writing the parent's columns between them.
#[test]
fn a_phased_fold_keeps_both_places_in_step_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let out = phased_folder(
        dir.path(),
        USERS_AFTER,
        USERS_BEFORE,
        INLINE,
        "DROP TABLE user_preferences;\nDROP TABLE users;\n",
    );
    let step = |n: usize, kind: &str, file: &str| step_sql(&out, n, kind, file);

    let Some(server) = servers::postgres() else { return };
    let db = Db::Server(server.fresh_database("moves_phased_fold"));
    db.run(USERS_AFTER).unwrap();
    db.run(&user_rows(true)).unwrap();
    let original = db.rows(PREFERENCES_JOINED);
    db.run(&step(1, "expand", "up.sql")).unwrap();
    // Old code writes the one-to-one table: the parent's new columns follow at once.
    db.run("UPDATE user_preferences SET theme = 'old app' WHERE user_id = 3; INSERT INTO user_preferences (user_id, locale) VALUES (4, 'fr'); DELETE FROM user_preferences WHERE user_id = 5").unwrap();
    assert_eq!(db.rows("SELECT theme FROM users WHERE id = 3"), [["old app"]]);
    assert_eq!(db.rows("SELECT locale FROM users WHERE id = 4"), [["fr"]]);
    db.run(&step(2, "backfill", "up.sql")).unwrap();
    let joined = db.rows(PREFERENCES_JOINED);
    assert_eq!(db.rows(PREFERENCES_IN_USERS), joined, "the copy and the triggers agree with the one-to-one table");
    assert_ne!(joined, original, "the old application's writes are in");
    db.run(&step(2, "backfill", "up.sql")).unwrap();
    assert_eq!(db.rows(PREFERENCES_IN_USERS), joined, "a rerun changes nothing");
    // New code writes the parent's columns: the one-to-one table follows for old code still running.
    db.run("UPDATE users SET locale = 'new app' WHERE id = 6; UPDATE users SET theme = 'dark' WHERE id = 8").unwrap();
    assert_eq!(db.rows("SELECT locale FROM user_preferences WHERE user_id = 6"), [["new app"]]);
    assert_eq!(db.rows("SELECT theme FROM user_preferences WHERE user_id = 8"), [["dark"]]);
    let before = db.rows(PREFERENCES_IN_USERS);
    db.run(&step(4, "contract", "up.sql")).unwrap();
    assert_eq!(db.rows(PREFERENCES_IN_USERS), before, "after the contract every value is in users");
    assert!(db.run("SELECT 1 FROM user_preferences").is_err(), "the one-to-one table is gone");
    db.run(&step(4, "contract", "down.sql")).unwrap();
    assert_eq!(db.rows(PREFERENCES_JOINED), before, "the contract's down fills the table back");
    db.run(&step(1, "expand", "down.sql")).unwrap();
    assert_eq!(db.rows(PREFERENCES_JOINED), before, "the expand's down keeps user_preferences whole");
    assert!(db.run("SELECT theme FROM users").is_err(), "the expand's down drops the new columns");
}

//! `codegen verify`: migrations applied up, down and up again on a scratch database, each step
//! compared with the replayed model.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/verify").join(name).display().to_string()
}

fn verify(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("verify")
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CODEGEN_VERIFY_DATABASE_URL")
        .output()
        .expect("codegen runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn a_good_folder_passes_on_sqlite() {
    let o = verify(&[&fixture("good")]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = text(&o);
    assert_eq!(out.matches("ok    ").count(), 3, "{out}");
    assert!(out.contains("all 3 migration(s) verified"), "{out}");
}

#[test]
fn a_down_that_leaves_a_column_behind_fails_naming_the_down_file() {
    let o = verify(&[&fixture("wrong_down")]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("DRIFT ") && out.contains("2024-01-02-000000_add_email/down.sql"), "{out}");
    assert!(out.contains("`users.email` should not exist"), "{out}");
}

#[test]
fn an_up_that_drifts_from_its_sql_fails_naming_the_up_file_and_column() {
    let o = verify(&[&fixture("drifting_up")]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("20240102000000_add_email.up.sql: after up"), "{out}");
    assert!(out.contains("`users.email` is missing"), "{out}");
    // The first migration was fine and is reported so.
    assert!(out.contains("ok    20240101000000_create_users"), "{out}");
    // --verbose shows what the replay skipped, which explains the drift.
    let o = verify(&["--verbose", &fixture("drifting_up")]);
    assert!(text(&o).contains("skipped `ROLLBACK`"), "{}", text(&o));
}

#[test]
fn a_folder_without_migrations_is_bad_input() {
    let empty = tempfile::tempdir().unwrap();
    let o = verify(&[&empty.path().display().to_string()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("holds no SQL migrations"), "{}", text(&o));
    assert!(!text(&o).contains("panicked"));
}

#[test]
fn postgres_migrations_without_a_database_are_refused_clearly() {
    let o = verify(&[&fixture("good"), "--dialect", "postgres"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("pass --database-url"), "{}", text(&o));
}

#[test]
fn verify_runs_on_postgres_and_refuses_a_database_in_use() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("verify");
    let url = db.url();
    let o = verify(&[&fixture("good"), "--database-url", &url]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // The database now holds the migrated tables: without --scratch it is refused, untouched.
    let o = verify(&[&fixture("good"), "--database-url", &url]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("is not empty") && text(&o).contains("--scratch"), "{}", text(&o));

    let o = verify(&[&fixture("wrong_down"), "--database-url", &url, "--scratch"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("add_email/down.sql"), "{}", text(&o));

    let o = verify(&[&fixture("drifting_up"), "--database-url", &url, "--scratch"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("`users.email` is missing"), "{}", text(&o));
}

#[test]
fn postgres_respellings_are_not_drift_but_a_forgotten_enum_value_is() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("verifyfeatures");
    let o = verify(&[&fixture("postgres_features"), "--database-url", &db.url()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    // Checks, a partial index, a view, an enum default and bigserial: all as the SQL says.
    assert!(out.contains("ok    20240101000000_init"), "{out}");
    assert!(out.contains("20240102000000_add_paused/down.sql"), "{out}");
    assert!(out.contains("`enum experiment_status`: values differs"), "{out}");
}

#[test]
fn verify_runs_on_mariadb_where_ddl_commits_implicitly() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("verify");
    let url = db.url();
    let o = verify(&[&fixture("wrong_down"), "--database-url", &url]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("add_email/down.sql") && text(&o).contains("`users.email` should not exist"));
    assert!(!text(&o).contains(":dev@"), "the password is redacted:\n{}", text(&o));

    let o = verify(&[&fixture("wrong_down"), "--database-url", &url]);
    assert_eq!(o.status.code(), Some(2), "a database in use is refused: {}", text(&o));

    // MySQL commits each ALTER at once, so the ROLLBACK undoes nothing: the database does hold
    // the column the SQL describes, and verify agrees.
    let o = verify(&[&fixture("drifting_up"), "--database-url", &url, "--scratch"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn postgres_index_built_concurrently_runs_outside_a_transaction() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("verifyconcurrently");
    let o = verify(&[&fixture("postgres_concurrently"), "--database-url", &db.url()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn a_migration_codegen_cannot_read_is_bad_input_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("1_init.up.sql"), "CREATE TABLE t (id integer PRIMARY KEY);\n").unwrap();
    std::fs::write(dir.path().join("2_bad.up.sql"), "-- typo\nCREATE TABEL u (id integer);\n").unwrap();
    let o = verify(&[&dir.path().display().to_string()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("2_bad.up.sql:2:"), "{}", text(&o));
    assert!(!text(&o).contains("panicked"), "{}", text(&o));
}

#[test]
fn the_bundled_example_migrations_verify_on_postgres() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("verifyexample");
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/experiments/migrations");
    let o = verify(&[&folder.display().to_string(), "--dialect", "postgres", "--database-url", &db.url()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("all 4 migration(s) verified"), "{}", text(&o));
}

/// A `--phased` rename (plpgsql procedure, NOT VALID check, VALIDATE CONSTRAINT) replays and
/// introspects step by step; the one drift is the column order the contract's down cannot restore
/// (PostgreSQL appends a re-added column).
#[test]
fn a_phased_rename_verifies_on_postgres_up_to_the_column_order_of_its_last_down() {
    let Some(server) = crate::servers::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let before = "CREATE TABLE experiments (id bigint PRIMARY KEY, state text NOT NULL, score integer);\n";
    let after = "CREATE TABLE experiments (id bigint PRIMARY KEY, status text NOT NULL, score integer);\n";
    std::fs::write(dir.path().join("before.sql"), before).unwrap();
    std::fs::write(dir.path().join("after.sql"), after).unwrap();
    let out = dir.path().join("migrations");
    std::fs::create_dir_all(out.join("00000000000000_init")).unwrap();
    std::fs::write(out.join("00000000000000_init/up.sql"), before).unwrap();
    std::fs::write(out.join("00000000000000_init/down.sql"), "DROP TABLE experiments;\n").unwrap();
    let (from, to, out_arg) = (
        dir.path().join("before.sql").display().to_string(),
        dir.path().join("after.sql").display().to_string(),
        out.display().to_string(),
    );
    let diff = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["diff", "--phased", "--from", &from, "--to", &to, "--name", "move", "-d", "postgres", "-f", "diesel"])
        .args(["-o", &out_arg, "--rename", "experiments.state=status", "--version", "20240101000000"])
        .output()
        .unwrap();
    assert!(diff.status.success(), "{}", text(&diff));

    let db = server.fresh_database("verifyphased");
    let o = verify(&[&out_arg, "--dialect", "postgres", "--database-url", &db.url()]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    for step in ["1_expand", "2_backfill", "3_switch"] {
        assert!(out.contains(&format!("move_{step}: up matches the replay; down returns")), "{out}");
    }
    assert!(out.contains("move_4_contract/down.sql") && out.contains("column order differs"), "{out}");
    assert_eq!(out.lines().filter(|l| l.starts_with("DRIFT ")).count(), 1, "{out}");
}

#[test]
fn mariadb_a_failing_statement_after_the_first_fails_the_migration() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("verifylater");
    let dir = tempfile::tempdir().unwrap();
    let init = dir.path().join("2025-01-01-000000_init");
    std::fs::create_dir_all(&init).unwrap();
    std::fs::write(init.join("up.sql"), "CREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO missing VALUES (1);\n")
        .unwrap();
    std::fs::write(init.join("down.sql"), "DROP TABLE a;\n").unwrap();
    let o = verify(&[&dir.path().display().to_string(), "--dialect", "mysql", "--database-url", &db.url()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("missing"), "the second statement's error is shown: {}", text(&o));
}

//! The proof that generated entities work: tests/sea-orm-app compiles the entities generated for
//! the example and every fixture against the real sea-orm 2.0, and runs them on SQLite (and on
//! PostgreSQL and MariaDB when CODEGEN_TEST_POSTGRES_URL and CODEGEN_TEST_MYSQL_URL are set;
//! required under CI=true).
//!
//! That crate is a workspace of its own (sqlx-sqlite and this workspace's rusqlite need different
//! libsqlite3-sys versions), so this test builds and runs it with cargo, in target/sea-orm-app.

use std::path::Path;
use std::process::Command;

#[test]
fn generated_entities_compile_and_run_against_sea_orm() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = Command::new(env!("CARGO"))
        .arg("test")
        .arg("--manifest-path")
        .arg(root.join("tests/sea-orm-app/Cargo.toml"))
        .arg("--target-dir")
        .arg(root.join("target/sea-orm-app"))
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "tests/sea-orm-app failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}");
    // A run that compiled nothing into tests would pass vacuously.
    let passed: usize = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert!(passed >= 20, "expected at least 20 passing tests in tests/sea-orm-app, saw {passed}\n{stdout}");
}

//! `examples/migrations/`: the four changes users describe, as migrations folders in every layout
//! `codegen diff` writes. These tests keep the example true: the checked-in folders are what
//! `regenerate.sh` writes today, they run up, down and up with `codegen verify` (SQLite always,
//! PostgreSQL and MariaDB when their servers are up, and always under CI), and `codegen lint` finds
//! in them only the errors their READMEs explain.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::servers;

const CASES: [&str; 4] = ["add_settings_json", "users_organizations_join", "rename_state_to_status", "split_address"];
const DIALECTS: [&str; 3] = ["postgres", "mysql", "sqlite"];
/// Every layout folder of a case and dialect, as `regenerate.sh` names them.
const LAYOUTS: [&str; 10] =
    ["sql", "diesel", "sqlx", "refinery", "prisma", "sea-orm", "knex", "knex-ts", "typeorm", "drizzle"];
/// The layouts `codegen verify` runs (SeaORM's are Rust, run by the application's migrator).
const VERIFIABLE: [&str; 9] = ["sql", "diesel", "sqlx", "refinery", "prisma", "knex", "knex-ts", "typeorm", "drizzle"];

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/migrations")
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).env("NO_COLOR", "1").output().expect("codegen runs")
}

fn show(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Every file under `dir`, by its path relative to `dir`.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, String> {
    fn walk(root: &Path, dir: &Path, found: &mut BTreeMap<PathBuf, String>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, found);
            } else {
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                found.insert(path.strip_prefix(root).unwrap().to_path_buf(), text);
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(dir, dir, &mut found);
    found
}

#[test]
fn the_checked_in_migrations_are_what_regenerate_sh_writes() {
    let out = tempfile::tempdir().unwrap();
    let script = examples().join("regenerate.sh");
    let run = Command::new("bash")
        .arg(&script)
        .arg(out.path())
        .env("CODEGEN", env!("CARGO_BIN_EXE_codegen"))
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    assert!(run.status.success(), "regenerate.sh fails: {}", show(&run));
    for case in CASES {
        for dialect in DIALECTS {
            let written = out.path().join(case).join(dialect);
            let checked_in = examples().join(case).join(dialect);
            let (written, checked_in) = (files_under(&written), files_under(&checked_in));
            let names = |files: &BTreeMap<PathBuf, String>| files.keys().cloned().collect::<Vec<_>>();
            assert_eq!(
                names(&checked_in),
                names(&written),
                "{case}/{dialect}: the files differ (run examples/migrations/regenerate.sh)"
            );
            for (path, expected) in &checked_in {
                let actual = &written[path];
                if expected != actual {
                    let diff = similar::TextDiff::from_lines(expected, actual)
                        .unified_diff()
                        .header("checked in", "regenerated")
                        .to_string();
                    panic!(
                        "{case}/{dialect}/{} differs (run examples/migrations/regenerate.sh):\n{diff}",
                        path.display()
                    );
                }
            }
            for layout in LAYOUTS {
                assert!(checked_in.keys().any(|p| p.starts_with(layout)), "{case}/{dialect}: no `{layout}` folder");
            }
        }
    }
}

/// The example's schemas and hints are the fixtures' (`tests/fixtures/migrations`), whose test
/// runs the same migrations with rows in the tables on every database: the rows survive both ways.
#[test]
fn the_example_inputs_are_the_fixtures_that_prove_the_rows_survive() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/migrations");
    for case in CASES {
        for file in ["from.sql", "to.sql", "hints"] {
            let fixture = std::fs::read_to_string(fixtures.join(case).join(file)).ok();
            let example = std::fs::read_to_string(examples().join(case).join(file)).ok();
            assert_eq!(example, fixture, "examples/migrations/{case}/{file} differs from the fixture's");
        }
        assert!(examples().join(case).join("README.md").is_file(), "{case} has no README.md");
    }
}

fn verify_folders(dialect: &str) -> Vec<(&'static str, &'static str, PathBuf)> {
    let mut folders = Vec::new();
    for case in CASES {
        for layout in VERIFIABLE {
            folders.push((case, layout, examples().join(case).join(dialect).join(layout)));
        }
    }
    folders
}

#[test]
fn the_examples_verify_up_down_up_on_sqlite() {
    for (case, layout, folder) in verify_folders("sqlite") {
        let o = codegen(&["verify", "--dialect", "sqlite", folder.to_str().unwrap()]);
        assert!(o.status.success(), "{case}/sqlite/{layout}: verify fails: {}", show(&o));
    }
}

#[test]
fn the_examples_verify_up_down_up_on_postgres() {
    let Some(server) = servers::postgres() else { return };
    for (case, layout, folder) in verify_folders("postgres") {
        let db = server.fresh_database("examples");
        let url = db.url();
        let o = codegen(&["verify", "--dialect", "postgres", "--database-url", &url, folder.to_str().unwrap()]);
        assert!(o.status.success(), "{case}/postgres/{layout}: verify fails: {}", show(&o));
    }
}

#[test]
fn the_examples_verify_up_down_up_on_mariadb() {
    let Some(server) = servers::mysql() else { return };
    for (case, layout, folder) in verify_folders("mysql") {
        let db = server.fresh_database("examples");
        let url = db.url();
        let o = codegen(&["verify", "--dialect", "mysql", "--database-url", &url, folder.to_str().unwrap()]);
        assert!(o.status.success(), "{case}/mysql/{layout}: verify fails: {}", show(&o));
    }
}

/// The errors `codegen lint --preset default` must find, each explained in the case's README:
/// dropping `address` breaks code still reading it, so the user allows it once the code moved.
fn expected_lint_errors(case: &str) -> Vec<String> {
    match case {
        "split_address" => vec!["drop-column organizations.address".to_string()],
        _ => Vec::new(),
    }
}

#[test]
fn lint_finds_only_the_errors_the_readmes_explain() {
    for case in CASES {
        for dialect in DIALECTS {
            let folder = examples().join(case).join(dialect).join("sql");
            let o = codegen(&[
                "lint",
                "--dialect",
                dialect,
                "--preset",
                "default",
                "--format",
                "json",
                folder.to_str().unwrap(),
            ]);
            let report: serde_json::Value = serde_json::from_slice(&o.stdout)
                .unwrap_or_else(|e| panic!("{case}/{dialect}: lint's JSON: {e}: {}", show(&o)));
            let errors: Vec<String> = report["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .filter(|f| f["level"] == "error")
                .map(|f| format!("{} {}", f["rule"].as_str().unwrap_or("?"), f["object"].as_str().unwrap_or("?")))
                .collect();
            assert_eq!(errors, expected_lint_errors(case), "{case}/{dialect}: {}", show(&o));
            assert_eq!(o.status.success(), errors.is_empty(), "{case}/{dialect}: exit status: {}", show(&o));
        }
    }
}

//! `codegen --target sea-orm` as a user runs it: files in a folder, options from codegen.toml,
//! a rerun over its own files, and clean failures.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/experiments/schema.sql")
}

fn codegen_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("codegen runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn writes_the_entity_folder_and_reruns_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let schema = example();
    let args = ["--target", "sea-orm", "--schema", schema.to_str().unwrap(), "--out", "entities"];
    let first = codegen_in(dir.path(), &args);
    assert!(first.status.success(), "{}", stderr(&first));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("entities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "experiments.rs",
            "memberships.rs",
            "metrics.rs",
            "mod.rs",
            "organizations.rs",
            "prelude.rs",
            "projects.rs",
            "sea_orm_active_enums.rs",
            "users.rs",
            "variants.rs"
        ]
    );
    let projects = std::fs::read_to_string(dir.path().join("entities/projects.rs")).unwrap();
    assert!(projects.contains("impl Related<super::organizations::Entity> for Entity"), "{projects}");
    // Its own files carry the marker, so a rerun replaces them; --check then finds nothing stale.
    let again = codegen_in(dir.path(), &args);
    assert!(again.status.success(), "{}", stderr(&again));
    let check = codegen_in(dir.path(), &[&args[..], &["--check"]].concat());
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn options_come_from_codegen_toml() {
    let dir = tempfile::tempdir().unwrap();
    let toml = format!(
        "[schema]\npath = {:?}\ndialect = \"postgres\"\n\n[targets.sea-orm]\nout = \"gen\"\nwith-serde = \"both\"\nignore = [\"metrics\"]\nlib = true\n",
        example().to_str().unwrap()
    );
    std::fs::write(dir.path().join("codegen.toml"), toml).unwrap();
    let out = codegen_in(dir.path(), &["--target", "sea-orm"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("gen/lib.rs").is_file());
    assert!(!dir.path().join("gen/metrics.rs").exists());
    let users = std::fs::read_to_string(dir.path().join("gen/users.rs")).unwrap();
    assert!(users.contains("use serde::{Deserialize, Serialize};"), "{users}");
}

#[test]
fn a_table_without_a_primary_key_fails_with_its_name_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("schema.sql"),
        "CREATE TABLE ok (id INT PRIMARY KEY);\nCREATE TABLE log (message TEXT);\n",
    )
    .unwrap();
    let out = codegen_in(
        dir.path(),
        &["--target", "sea-orm", "--schema", "schema.sql", "--schema-dialect", "postgres", "--out", "gen"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("table `log` has no primary key"), "{err}");
    assert!(err.contains("schema.sql:2"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!dir.path().join("gen").exists(), "a failed run writes nothing");
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let toml =
        format!("[schema]\npath = {:?}\n\n[targets.sea-orm]\nwith_serde = \"both\"\n", example().to_str().unwrap());
    std::fs::write(dir.path().join("codegen.toml"), toml).unwrap();
    let out = codegen_in(dir.path(), &["--target", "sea-orm", "--out", "gen"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("unknown field `with_serde`"), "{}", stderr(&out));
}

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
fn a_table_without_a_primary_key_is_left_out_with_its_name_and_line() {
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
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("table `log` has no primary key"), "{err}");
    assert!(err.contains("schema.sql:2"), "{err}");
    assert!(dir.path().join("gen/ok.rs").is_file(), "the other tables get their entities");
    assert!(!dir.path().join("gen/log.rs").exists(), "the keyless table gets none");
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

/// What a user adds to an entity file: a hook and a helper, outside the generated region.
const USER_CODE: &str = r#"
#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C: ConnectionTrait>(mut self, _db: &C, _insert: bool) -> Result<Self, DbErr> {
        if let sea_orm::ActiveValue::Set(name) = &self.name {
            self.name = sea_orm::ActiveValue::Set(name.trim().to_string());
        }
        Ok(self)
    }
}

/// Mine: the display form of a user.
pub fn display_name(user: &Model) -> String {
    format!("{} <{}>", user.name, user.email)
}
"#;

#[test]
fn a_rerun_rewrites_the_generated_region_and_keeps_the_users_code() {
    let dir = tempfile::tempdir().unwrap();
    let write_schema = |extra: &str| {
        std::fs::write(
            dir.path().join("schema.sql"),
            format!("CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    name TEXT NOT NULL,\n    email TEXT NOT NULL{extra}\n);\n"),
        )
        .unwrap()
    };
    write_schema("");
    let args = ["--target", "sea-orm", "--schema", "schema.sql", "--schema-dialect", "sqlite", "--out", "entities"];
    let first = codegen_in(dir.path(), &args);
    assert!(first.status.success(), "{}", stderr(&first));
    let path = dir.path().join("entities/users.rs");
    let generated = std::fs::read_to_string(&path).unwrap();
    // The default impl is written once, after the region: the user's to replace.
    let (region, after) = generated.split_once("// codegen:end\n").expect("the region is closed");
    assert!(region.contains("// codegen:begin generated"), "{generated}");
    assert_eq!(after, "\nimpl ActiveModelBehavior for ActiveModel {}\n");

    // The user replaces the default impl with a hook and adds a helper; the schema gains a column.
    let edited = format!("{region}// codegen:end\n{USER_CODE}");
    std::fs::write(&path, &edited).unwrap();
    write_schema(",\n    bio TEXT");
    let stale = codegen_in(dir.path(), &[&args[..], &["--check"]].concat());
    assert_eq!(stale.status.code(), Some(1), "the new column makes the region stale: {}", stderr(&stale));
    assert!(String::from_utf8_lossy(&stale.stdout).contains("+    pub bio: Option<String>,"));

    let rerun = codegen_in(dir.path(), &args);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let after_rerun = std::fs::read_to_string(&path).unwrap();
    let (new_region, kept) = after_rerun.split_once("// codegen:end\n").unwrap();
    assert_eq!(kept, USER_CODE, "the user's code survives byte for byte");
    assert!(new_region.contains("pub bio: Option<String>,"), "{after_rerun}");
    assert!(!after_rerun.contains("impl ActiveModelBehavior for ActiveModel {}"), "{after_rerun}");
    // --check compares only the region: the user's code is not a difference.
    let check = codegen_in(dir.path(), &[&args[..], &["--check"]].concat());
    assert!(check.status.success(), "{}{}", stderr(&check), String::from_utf8_lossy(&check.stdout));
}

#[test]
fn broken_markers_are_refused_with_their_line_and_force_replaces_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.sql"), "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);\n").unwrap();
    let args = ["--target", "sea-orm", "--schema", "schema.sql", "--schema-dialect", "sqlite", "--out", "entities"];
    assert!(codegen_in(dir.path(), &args).status.success());
    let path = dir.path().join("entities/tags.rs");
    let generated = std::fs::read_to_string(&path).unwrap();
    let broken = generated.replace("// codegen:end\n", "fn mine() {}\n");
    std::fs::write(&path, &broken).unwrap();

    let refused = codegen_in(dir.path(), &args);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    let err = stderr(&refused);
    assert!(err.contains("is never closed by a `// codegen:end` line"), "{err}");
    assert!(err.contains("tags.rs:3"), "the begin marker's line: {err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken, "nothing is written");

    let forced = codegen_in(dir.path(), &[&args[..], &["--force"]].concat());
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), generated);
}

#[test]
fn a_hand_written_file_without_markers_is_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.sql"), "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);\n").unwrap();
    std::fs::create_dir(dir.path().join("entities")).unwrap();
    std::fs::write(dir.path().join("entities/tags.rs"), "pub struct Mine;\n").unwrap();
    let args = ["--target", "sea-orm", "--schema", "schema.sql", "--schema-dialect", "sqlite", "--out", "entities"];
    let refused = codegen_in(dir.path(), &args);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("refusing to overwrite"), "{}", stderr(&refused));
    assert_eq!(std::fs::read_to_string(dir.path().join("entities/tags.rs")).unwrap(), "pub struct Mine;\n");
    assert!(!dir.path().join("entities/mod.rs").exists(), "a refused run writes nothing");
}

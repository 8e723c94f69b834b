//! Editing the schema makes cargo rebuild the crate that checks against it, and the build then
//! fails: the derive's `include_bytes!` of the schema puts the file in cargo's dep-info.
//!
//! A crate is written to a temporary folder and `cargo check`ed twice, before and after the
//! schema renames a column. It builds in `target/codegen-macros-rebuild` of this workspace so
//! that later runs reuse the compiled dependencies.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("macros/ sits in the workspace").to_path_buf()
}

fn cargo_check(dir: &Path) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(["check", "--quiet", "--message-format", "short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace_root().join("target").join("codegen-macros-rebuild"))
        .output()
        .expect("cargo runs")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn editing_the_schema_rebuilds_and_fails_the_crate() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let macros = Path::new(env!("CARGO_MANIFEST_DIR"));
    write(
        &root.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"schema-user\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\ncodegen-macros = {{ path = {:?} }}\n\n[workspace]\n",
            macros.display().to_string()
        ),
    );
    // The workspace's lock file pins the same versions the workspace was tested with.
    std::fs::copy(workspace_root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    write(&root.join("db/schema.sql"), "CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL);\n");
    write(
        &root.join("src/lib.rs"),
        "#[derive(codegen_macros::CheckSchema)]\n#[schema(source = \"db/schema.sql\", table = \"notes\")]\npub struct Note {\n    pub id: i64,\n    pub body: String,\n}\n",
    );

    let first = cargo_check(root);
    assert!(first.status.success(), "the crate fits the schema: {}", String::from_utf8_lossy(&first.stderr));

    // File systems with coarse timestamps need the edit to land in a later second.
    std::thread::sleep(Duration::from_millis(1100));
    write(&root.join("db/schema.sql"), "CREATE TABLE notes (id BIGINT PRIMARY KEY, text TEXT NOT NULL);\n");

    let second = cargo_check(root);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success(), "the renamed column must fail the rebuild");
    assert!(stderr.contains("has no column `body`") && stderr.contains("the columns are `id`, `text`"), "{stderr}");
}

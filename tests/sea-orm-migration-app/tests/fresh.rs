//! The migrations under src/ are exactly what codegen writes today for the fixtures in
//! tests/fixtures/verify/schemas: nothing -> before.sql, then before.sql -> after.sql with the
//! rename experiments.state=status. `CODEGEN_BLESS=1 cargo test --test fresh` rewrites them.

use std::path::{Path, PathBuf};

use codegen_core::Dialect;
use codegen_core::diff::{DiffOptions, RenameHints, diff_schemas};
use codegen_core::read::sql::read_sql_file;
use codegen_migrations::{DownGrade, MigrationFormat, MigrationText, render_files};
use codegen_sql::migration::{MigrationOptions, Reversibility, render_migration};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn generate(from: &str, to: &str, renames: &[&str], name: &str, version: &str) -> (String, String) {
    let read = |file: &str| {
        let path = root().join("tests/fixtures/verify/schemas").join(file);
        read_sql_file(&path, Dialect::Sqlite).unwrap().schema
    };
    let (from, to) = (read(from), read(to));
    let mut hints = RenameHints::default();
    for rename in renames {
        hints.add(rename).unwrap();
    }
    let diff = diff_schemas(&from, &to, &DiffOptions::new(hints, Vec::new()));
    let script = render_migration(&from, &to, &diff, &MigrationOptions::new(Dialect::Sqlite)).unwrap();
    let grade = match script.grade {
        Reversibility::Lossless => DownGrade::Lossless,
        Reversibility::Lossy => DownGrade::Lossy,
        Reversibility::Irreversible => DownGrade::Irreversible,
    };
    let text = MigrationText { up: script.up, down: script.down, grade, notes: script.notes };
    let file = render_files(&text, MigrationFormat::SeaOrm, name, version).unwrap().remove(0);
    (file.path.display().to_string(), file.contents)
}

#[test]
fn migrations_are_what_codegen_generates() {
    let bless = std::env::var_os("CODEGEN_BLESS").is_some();
    let generated = [
        generate("empty.sql", "before.sql", &[], "init", "20240101_000000"),
        generate("before.sql", "after.sql", &["experiments.state=status"], "rename_state", "20240102_000000"),
    ];
    for (file, contents) in generated {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(&file);
        if bless {
            std::fs::write(&path, &contents).unwrap();
            continue;
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(on_disk, contents, "src/{file} is stale: rerun with CODEGEN_BLESS=1");
    }
}

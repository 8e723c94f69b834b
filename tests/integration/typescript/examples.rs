//! `tsc --noEmit` over the Knex (JavaScript and TypeScript) and TypeORM migrations checked in under
//! `examples/migrations/` (`migration_examples` keeps them what `codegen diff` writes): the example
//! a user copies type-checks against the real packages.

use std::path::Path;

use super::tools::{self, Project};

/// The layouts whose files are TypeScript or JavaScript (Drizzle's are SQL).
const LAYOUTS: [&str; 3] = ["knex", "knex-ts", "typeorm"];

#[test]
fn the_example_knex_and_typeorm_migrations_type_check() {
    if !tools::available() {
        return;
    }
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/migrations");
    let project = Project::new();
    let mut count = 0;
    for case in std::fs::read_dir(&examples).expect("examples/migrations").flatten() {
        for dialect in ["postgres", "mysql", "sqlite"] {
            for layout in LAYOUTS {
                let folder = case.path().join(dialect).join(layout);
                let Ok(files) = std::fs::read_dir(&folder) else { continue };
                for file in files.flatten() {
                    let name = file.file_name().to_string_lossy().to_string();
                    let text = std::fs::read_to_string(file.path()).expect("a migration reads");
                    let case = case.file_name().to_string_lossy().to_string();
                    project.write(format!("{case}/{dialect}/{layout}/{name}"), &text);
                    count += 1;
                }
            }
        }
    }
    assert!(count >= 4 * 3 * LAYOUTS.len() * 2, "only {count} example migrations found");
    let output = project.bin("tsc", &["-p", "."]);
    assert!(output.status.success(), "tsc finds errors in the example migrations:\n{}", tools::show(&output));
}

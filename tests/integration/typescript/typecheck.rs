//! `tsc --noEmit` over everything the TypeScript targets write, in one project and one run: every
//! input through Drizzle, TypeORM and Kysely (the example in all three dialects), and the Knex
//! (JavaScript and TypeScript) and TypeORM migrations of the example.

use codegen_core::diff::{DiffOptions, diff_schemas};
use codegen_core::{Backend, Dialect, GeneratedFile, Schema};
use codegen_drizzle::{DrizzleBackend, DrizzleOptions};
use codegen_kysely::{KyselyBackend, KyselyOptions};
use codegen_migrations::{DownGrade, LayoutOptions, MigrationFormat, MigrationText, render_files_with};
use codegen_sql::migration::{MigrationOptions, Reversibility, render_migration};
use codegen_typeorm::{TypeOrmBackend, TypeOrmOptions};

use super::inputs;
use super::tools::{self, Project};

/// Every target's files for `schema` in `dialect`, by target name; a backend error fails.
pub fn generate_all(schema: &Schema, dialect: Dialect, what: &str) -> Vec<(&'static str, Vec<GeneratedFile>)> {
    let fail =
        |target: &'static str| move |d: codegen_core::Diagnostics| panic!("{target} fails on {what} ({dialect}): {d}");
    vec![
        (
            "drizzle",
            DrizzleBackend
                .generate(schema, &DrizzleOptions::for_dialect(dialect))
                .unwrap_or_else(fail("drizzle"))
                .files,
        ),
        (
            "typeorm",
            TypeOrmBackend
                .generate(schema, &TypeOrmOptions::for_dialect(dialect))
                .unwrap_or_else(fail("typeorm"))
                .files,
        ),
        (
            "kysely",
            KyselyBackend.generate(schema, &KyselyOptions::for_dialect(dialect)).unwrap_or_else(fail("kysely")).files,
        ),
    ]
}

/// The migration from `from` to `to` in `dialect` as the SQL backend writes it.
pub fn migration_text(from: &Schema, to: &Schema, dialect: Dialect, options: &DiffOptions) -> MigrationText {
    let diff = diff_schemas(from, to, options);
    let script = render_migration(from, to, &diff, &MigrationOptions::new(dialect)).expect("the migration renders");
    MigrationText {
        up: script.up,
        down: script.down,
        grade: match script.grade {
            Reversibility::Lossless => DownGrade::Lossless,
            Reversibility::Lossy => DownGrade::Lossy,
            Reversibility::Irreversible => DownGrade::Irreversible,
        },
        notes: script.notes,
    }
}

#[test]
fn every_generated_typescript_file_type_checks_against_the_real_packages() {
    if !tools::available() {
        return;
    }
    let project = Project::new();
    let (inputs, unread) = inputs::all();
    if !unread.is_empty() {
        eprintln!("note: corpus files that do not read yet (not typed): {unread:#?}");
    }
    let mut count = 0;
    for input in &inputs {
        let dialects: Vec<Dialect> = if input.name == "example" { Dialect::ALL.to_vec() } else { vec![input.dialect] };
        for dialect in dialects {
            for (target, files) in generate_all(&input.schema, dialect, &input.name) {
                for file in files {
                    project.write(format!("{target}/{}-{dialect}/{}", input.name, file.path.display()), &file.contents);
                    count += 1;
                }
            }
        }
    }
    let example = inputs::example();
    for dialect in Dialect::ALL {
        let text = migration_text(&Schema::default(), &example, dialect, &DiffOptions::default());
        for (format, version, typescript) in [
            (MigrationFormat::Knex, "20240131120000", false),
            (MigrationFormat::Knex, "20240131120000", true),
            (MigrationFormat::TypeOrm, "1706702400000", false),
        ] {
            let layout = LayoutOptions { dialect: Some(dialect), typescript, ..Default::default() };
            for file in render_files_with(&text, format, "init", version, &layout).expect("the files render") {
                let folder = format!("migrations/{format}-{dialect}-{}", if typescript { "ts" } else { "js" });
                project.write(format!("{folder}/{}", file.path.display()), &file.contents);
                count += 1;
            }
        }
    }
    let started = std::time::Instant::now();
    let output = project.bin("tsc", &["-p", "."]);
    eprintln!("tsc checked {count} generated files in {:.1} s", started.elapsed().as_secs_f64());
    assert!(output.status.success(), "tsc found errors in generated files:\n{}", tools::show(&output));
}

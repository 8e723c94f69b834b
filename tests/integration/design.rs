//! `codegen design` end to end (issue 17), on the bundled example and the ten domains of
//! `codegen-design/tests/domains`, designed for each dialect:
//! - the SQL loads on the real engine (SQLite in memory, PostgreSQL 15, MariaDB) and the loaded
//!   catalog has every table and foreign key of the design;
//! - `--init`'s first migration is clean under `codegen lint --preset strict`, and `codegen
//!   verify` applies it up, down and up again on SQLite;
//! - the Diesel and SeaORM code compiles against the real crates (the corpus suite's harnesses),
//!   and Prisma's own validator accepts the Prisma schema.
//!
//! Servers and node are required under `CI=true`; locally, what cannot run is skipped with a note.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::corpus::compile;
use crate::corpus::engines::Engine;
use crate::servers;

const DIALECTS: [&str; 3] = ["sqlite", "postgres", "mysql"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `(name, description)`: the bundled example, then the ten domains.
fn descriptions() -> Vec<(String, PathBuf)> {
    let mut out = vec![("example".to_owned(), root().join("examples/design/domain.md"))];
    let domains = root().join("codegen-design/tests/domains");
    let mut names: Vec<String> = std::fs::read_dir(&domains)
        .expect("codegen-design/tests/domains lists")
        .flatten()
        .filter(|e| e.path().join("domain.md").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    out.extend(names.into_iter().map(|name| (name.clone(), domains.join(name).join("domain.md"))));
    assert!(out.len() >= 11, "the example and ten domains, found {}", out.len());
    out
}

/// A folder to run codegen in, with its own codegen.toml (Diesel models on, so they compile too).
fn work_dir(name: &str) -> PathBuf {
    let dir = root().join("target/design-suite").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the work folder is writable");
    std::fs::write(dir.join("codegen.toml"), "[targets.diesel]\nmodels = true\n").expect("writable");
    dir
}

fn codegen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("codegen runs")
}

/// Runs codegen and returns its stdout; a failure names the run and shows codegen's report.
fn codegen_ok(dir: &Path, args: &[&str]) -> String {
    let output = codegen(dir, args);
    assert!(output.status.success(), "codegen {} failed:\n{}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("the suite's paths are UTF-8")
}

/// A name without its PostgreSQL schema: `public.users` -> `users`.
fn unqualified(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// Per table of the model (`--target json`), how many foreign keys it has.
fn model_foreign_keys(model: &str) -> BTreeMap<String, usize> {
    let model: serde_json::Value = serde_json::from_str(model).expect("--target json prints JSON");
    model["tables"]
        .as_array()
        .expect("a model has tables")
        .iter()
        .map(|table| {
            let name = table["name"]["name"].as_str().expect("a table has a name").to_owned();
            (name, table["foreign_keys"].as_array().map_or(0, Vec::len))
        })
        .collect()
}

#[test]
fn designed_sql_loads_on_every_engine_with_every_foreign_key() {
    let postgres = servers::postgres().map(Engine::Postgres);
    let mysql = servers::mysql().map(Engine::Mysql);
    let dir = work_dir("load");
    let mut failures = Vec::new();
    for (name, description) in descriptions() {
        for dialect in DIALECTS {
            let engine = match dialect {
                "sqlite" => Some(&Engine::Sqlite),
                "postgres" => postgres.as_ref(),
                _ => mysql.as_ref(),
            };
            let Some(engine) = engine else { continue };
            let design = |target: &str| {
                codegen_ok(&dir, &["design", path(&description), "-q", "--dialect", dialect, "--target", target])
            };
            let expected = model_foreign_keys(&design("json"));
            let sql = design("sql");
            let catalog = match engine.load(sql.as_bytes(), None) {
                Ok(loaded) => loaded.catalog,
                Err(why) => {
                    failures.push(format!("{name} ({dialect}): does not load on {}: {why}", engine.name()));
                    continue;
                }
            };
            let loaded: BTreeMap<String, usize> =
                catalog.tables.iter().map(|(table, t)| (unqualified(table).to_owned(), t.foreign_keys.len())).collect();
            if loaded != expected {
                failures.push(format!(
                    "{name} ({dialect}) on {}: tables and foreign keys per table differ\n  designed: {expected:?}\n  loaded:   {loaded:?}",
                    engine.name()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn designed_first_migrations_are_strict_lint_clean_and_verify() {
    let dir = work_dir("init");
    let mut failures = Vec::new();
    for (name, description) in descriptions() {
        for dialect in DIALECTS {
            let project = dir.join(format!("{name}-{dialect}"));
            codegen_ok(
                &dir,
                &[
                    "design",
                    path(&description),
                    "-q",
                    "--dialect",
                    dialect,
                    "--init",
                    path(&project),
                    "--migration-version",
                    "1",
                ],
            );
            let migrations = project.join("migrations");
            let lint = codegen(
                &project,
                &["lint", path(&migrations), "--preset", "strict", "--dialect", dialect, "--format", "json"],
            );
            let report: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap_or_else(|_| {
                panic!("{name} ({dialect}): lint printed no JSON: {}", String::from_utf8_lossy(&lint.stderr))
            });
            let findings = report["findings"].as_array().map_or(0, Vec::len);
            if !lint.status.success() || findings > 0 {
                failures.push(format!("{name} ({dialect}): {findings} strict findings: {report}"));
            }
            if dialect == "sqlite" {
                let verify = codegen(&project, &["verify", path(&migrations), "--dialect", "sqlite"]);
                if !verify.status.success() {
                    failures.push(format!(
                        "{name}: codegen verify fails on the first migration:\n{}",
                        String::from_utf8_lossy(&verify.stderr)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn designed_orm_code_compiles_and_prisma_validates() {
    let dir = work_dir("targets");
    let generated = dir.join("generated");
    let mut diesel = Vec::new();
    let mut sea_orm = Vec::new();
    let mut prisma = Vec::new();
    for (name, description) in descriptions() {
        for dialect in DIALECTS {
            let module = format!("design_{name}_{dialect}");
            for target in ["diesel", "sea-orm", "prisma"] {
                let out = generated.join(target).join(&module);
                codegen_ok(
                    &dir,
                    &[
                        "design",
                        path(&description),
                        "-q",
                        "--dialect",
                        dialect,
                        "--target",
                        target,
                        "--out",
                        path(&out),
                    ],
                );
                let file = format!("{name} ({dialect})");
                match target {
                    "diesel" => diesel.push(compile::diesel_unit(&file, &out)),
                    "sea-orm" => sea_orm.push(compile::sea_orm_unit(&file, &module, &out)),
                    _ => prisma.push((
                        file,
                        std::fs::read_to_string(out.join("schema.prisma")).expect("a Prisma schema is written"),
                    )),
                }
            }
        }
    }
    let mut failures = Vec::new();
    if crate::corpus::prisma::available() {
        for ((file, _), verdict) in prisma.iter().zip(crate::corpus::prisma::validate(&prisma)) {
            if let Some(why) = verdict {
                failures.push(format!("Prisma, {file}: {why}"));
            }
        }
    }
    // One harness at a time: the corpus suite may be building the other one.
    for (label, harness, units) in [("Diesel", &compile::DIESEL, &diesel), ("SeaORM", &compile::SEA_ORM, &sea_orm)] {
        let modules_file = generated.join(format!("{label}_modules.rs"));
        for (file, why) in compile::compile(harness, units, &modules_file) {
            failures.push(format!("{label}, {file}: {why}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The bundled example's description.
fn example() -> PathBuf {
    root().join("examples/design/domain.md")
}

#[test]
fn strict_design_is_a_located_error_with_exit_2_and_writes_nothing() {
    let dir = work_dir("strict");
    let out = dir.join("out");
    let run = codegen(&dir, &["design", path(&example()), "--strict", "--target", "sql", "--out", path(&out)]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    // The sentence is quoted, with its file and line, and the nearest accepted forms are named.
    assert!(stderr.contains("\"We are building the back office for a group of product teams.\""), "{stderr}");
    assert!(stderr.contains("domain.md:3:"), "{stderr}");
    assert!(stderr.contains("nearest accepted forms"), "{stderr}");
    assert!(!out.exists(), "nothing is written on an error");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_description_with_nothing_to_design_is_an_error_naming_it() {
    let dir = work_dir("nothing");
    let description = dir.join("notes.md");
    std::fs::write(&description, "Hello there.\nWe like good software.\n").unwrap();
    let run = codegen(&dir, &["design", path(&description), "--target", "sql"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("names no entity") && stderr.contains("notes.md:1:1"), "{stderr}");
    assert!(run.stdout.is_empty(), "no schema is printed");
}

#[test]
fn init_writes_a_starter_project_and_never_into_a_folder_with_files() {
    let dir = work_dir("init-cli");
    let project = dir.join("project");
    codegen_ok(&dir, &["design", path(&example()), "-q", "--init", path(&project), "--migration-version", "1"]);
    let config = std::fs::read_to_string(project.join("codegen.toml")).unwrap();
    // "We use Prisma": the first migration is in Prisma Migrate's layout, the target configured.
    assert!(project.join("migrations/1_init/migration.sql").is_file());
    assert!(config.contains("[targets.prisma]"), "{config}");
    // The starter project generates from its schema.sql as any project does.
    let generated = codegen_ok(&project, &["--target", "json"]);
    let designed = codegen_ok(&dir, &["design", path(&example()), "-q", "--target", "json"]);
    assert_eq!(model_foreign_keys(&generated), model_foreign_keys(&designed));

    let hand_written = project.join("schema.sql");
    std::fs::write(&hand_written, "-- mine\n").unwrap();
    let again = codegen(&dir, &["design", path(&example()), "-q", "--init", path(&project)]);
    assert_eq!(again.status.code(), Some(2), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
    assert_eq!(std::fs::read_to_string(&hand_written).unwrap(), "-- mine\n", "a user's file is never clobbered");
}

#[test]
fn the_printed_spec_and_codegen_toml_are_sources_of_the_same_schema() {
    let dir = work_dir("spec");
    let designed = codegen_ok(&dir, &["design", path(&example()), "-q", "--target", "json"]);
    let spec = dir.join("domain.toml");
    std::fs::write(&spec, codegen_ok(&dir, &["design", path(&example()), "-q", "--print-spec"])).unwrap();
    assert_eq!(codegen_ok(&dir, &["design", path(&spec), "-q", "--target", "json"]), designed);

    // `[schema] path = "domain.md"`: the description is a schema source for the main job.
    std::fs::copy(example(), dir.join("domain.md")).unwrap();
    std::fs::write(dir.join("codegen.toml"), "[schema]\npath = \"domain.md\"\n").unwrap();
    assert_eq!(codegen_ok(&dir, &["-q", "--target", "json"]), designed);
}

#[test]
fn explain_names_each_decision_with_the_sentence_behind_it() {
    let dir = work_dir("explain");
    let explained = codegen_ok(&dir, &["design", path(&example()), "-q", "--explain"]);
    assert!(explained.contains("memberships"), "{explained}");
    assert!(explained.contains("because: \"Users can belong to multiple projects"), "{explained}");
    // Every decision line is followed by where it came from or is a default.
    assert!(explained.lines().filter(|l| l.contains("because:")).count() >= 10, "{explained}");
}

#[test]
fn global_flags_go_before_the_subcommand_and_generation_flags_do_not() {
    let dir = work_dir("globals");
    let quiet = codegen(&dir, &["-q", "design", path(&example()), "--target", "sql"]);
    assert!(quiet.status.success(), "{}", String::from_utf8_lossy(&quiet.stderr));
    assert!(quiet.stderr.is_empty(), "-q before the subcommand silences warnings");
    let mixed = codegen(&dir, &["--target", "sql", "design", path(&example())]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("`--target` belongs to generation"));
}

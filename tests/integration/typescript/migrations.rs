//! `codegen diff --format knex|typeorm|drizzle` run by each tool's own runner on SQLite and
//! PostgreSQL: the example's tables, then a column rename; up, down and up again, with a row kept
//! through the rename both ways, and the catalog left behind the one the model describes.
//! `codegen verify` and `codegen lint` read the same folders.

use std::path::Path;
use std::process::Command;

use codegen_core::{Dialect, Schema};

use super::catalogs::{self, assert_same, read_pg, read_sqlite, to_affinity, without_tool_tables};
use super::inputs;
use super::tools::{self, Project};
use crate::servers;

fn codegen(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).current_dir(dir).output().expect("codegen runs")
}

/// The example and the example with `users.display_name` renamed to `full_name`.
fn versions() -> (Schema, Schema) {
    let v1 = inputs::example();
    let mut v2 = v1.clone();
    let users = v2.tables.iter_mut().find(|t| t.name.name == "users").expect("users");
    users.column_mut("display_name").expect("display_name").name = "full_name".into();
    (v1, v2)
}

/// Write the two migrations of `format` for `dialect` into `project/<folder>` with the CLI.
fn write_migrations(project: &Project, format: &str, dialect: Dialect, folder: &str) {
    let (v1, v2) = versions();
    for (name, schema) in [("v1.json", &v1), ("v2.json", &v2)] {
        project.write(name, &schema.to_json());
    }
    project.write("empty.json", &Schema::default().to_json());
    let d = dialect.to_string();
    let steps: [(&str, &str, &str, &[&str]); 2] = [
        ("empty.json", "v1.json", "init", &[]),
        ("v1.json", "v2.json", "rename_display_name", &["--rename", "users.display_name=full_name"]),
    ];
    for (i, (from, to, name, extra)) in steps.iter().enumerate() {
        // Versions in order: Knex's and TypeORM's from a fixed clock, Drizzle's from its journal.
        let version = match format {
            "knex" => format!("2024013112000{i}"),
            "typeorm" => format!("170670240000{i}"),
            _ => format!("000{i}"),
        };
        let mut args = vec![
            "diff",
            "--from",
            from,
            "--to",
            to,
            "--dialect",
            &d,
            "--format",
            format,
            "--out",
            folder,
            "--name",
            name,
            "--version",
            &version,
        ];
        args.extend_from_slice(extra);
        let output = codegen(project.path(), &args);
        assert!(output.status.success(), "codegen diff --format {format} failed:\n{}", tools::show(&output));
    }
}

fn assert_observations(result: &serde_json::Value, what: &str) {
    let columns = |v: &serde_json::Value| {
        v.as_array()
            .map(|a| a.iter().filter_map(|c| c.as_str().map(String::from)).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert!(columns(&result["afterUp"]).contains(&"full_name".to_string()), "{what}: up renames: {result}");
    assert!(columns(&result["afterDown"]).contains(&"display_name".to_string()), "{what}: down renames back: {result}");
    assert_eq!(result["rowAfterDown"], "Ada", "{what}: the row is kept through the down");
    assert!(columns(&result["afterUpAgain"]).contains(&"full_name".to_string()), "{what}: up again: {result}");
    assert_eq!(result["rowAfterUpAgain"], "Ada", "{what}: the row is kept through the up again");
    assert_eq!(result["tablesAfterFullDown"], 0, "{what}: the first migration's down drops its tables");
    assert_eq!(result["tablesAfterUpAgain"], 3, "{what}: and its up builds them again");
}

const FORMATS: [&str; 3] = ["knex", "typeorm", "drizzle"];

#[test]
fn knex_typeorm_and_drizzle_migrations_run_up_down_up_with_their_runners_on_sqlite() {
    if !tools::available() {
        return;
    }
    let project = Project::new();
    let (_, v2) = versions();
    for format in FORMATS {
        let folder = format!("{format}-sqlite");
        write_migrations(&project, format, Dialect::Sqlite, &folder);
        let db = project.path().join(format!("{format}.db"));
        let result = project.script("migrate.mts", &[format, "sqlite", db.to_str().unwrap(), &folder]);
        assert_observations(&result, &format!("{format} on SQLite"));
        let mut found = without_tool_tables(read_sqlite(&db));
        let ours = codegen_sql::render_schema(&v2, Dialect::Sqlite).expect("renders").0;
        let mut expected = read_sqlite(&catalogs::sqlite_db(project.path(), &format!("{format}-expected.db"), &ours));
        to_affinity(&mut expected);
        to_affinity(&mut found);
        assert_same(&expected, &found, &format!("{format} migrations on SQLite"));
        // codegen's own checks read the same folder.
        let verify = codegen(project.path(), &["verify", &folder, "--dialect", "sqlite"]);
        assert!(verify.status.success(), "codegen verify {format}:\n{}", tools::show(&verify));
        let lint = codegen(project.path(), &["lint", &folder, "--dialect", "sqlite"]);
        let text = tools::show(&lint);
        assert!(
            lint.status.success() && text.contains("rename-column"),
            "codegen lint {format} sees the rename:\n{text}"
        );
    }
}

#[test]
fn knex_typeorm_and_drizzle_migrations_run_up_down_up_with_their_runners_on_postgres() {
    if !tools::available() {
        return;
    }
    let Some(pg) = servers::postgres() else { return };
    let project = Project::new();
    let (_, v2) = versions();
    let reference = pg.fresh_database("ts_migrations_sql");
    reference.execute(&codegen_sql::render_schema(&v2, Dialect::Postgres).expect("renders").0).expect("our SQL runs");
    let expected = read_pg(&reference);
    for format in FORMATS {
        let folder = format!("{format}-postgres");
        write_migrations(&project, format, Dialect::Postgres, &folder);
        let db = pg.fresh_database(&format!("ts_migrations_{format}"));
        let result = project.script("migrate.mts", &[format, "postgres", &db.url(), &folder]);
        assert_observations(&result, &format!("{format} on PostgreSQL"));
        assert_same(&expected, &without_tool_tables(read_pg(&db)), &format!("{format} migrations on PostgreSQL"));
        let scratch = pg.fresh_database(&format!("ts_verify_{format}"));
        let verify = codegen(project.path(), &["verify", &folder, "--database-url", &scratch.url()]);
        assert!(verify.status.success(), "codegen verify {format} on PostgreSQL:\n{}", tools::show(&verify));
    }
}

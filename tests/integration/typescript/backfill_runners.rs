//! `codegen backfill --format knex|typeorm` run by Knex's and TypeORM's own migration runners on
//! PostgreSQL: the DO block that COMMITs per batch only runs outside a transaction, so this
//! proves each file's "no transaction" marking is the one its runner honours.

use std::process::Command;

use super::tools::{self, Project};
use crate::servers;

const SCHEMA: &str = "CREATE TABLE experiments (id bigint PRIMARY KEY, status text NOT NULL,
    created_at timestamp NOT NULL, completed_at timestamp, experiment_duration interval);\n";

#[test]
fn knex_and_typeorm_run_the_batched_backfill_outside_a_transaction_up_and_down() {
    if !tools::available() {
        return;
    }
    let Some(pg) = servers::postgres() else { return };
    let project = Project::new();
    project.write("schema.sql", SCHEMA);
    for (format, version) in [("knex", "20260101000000"), ("typeorm", "1767225600000")] {
        let db = pg.fresh_database(&format!("backfill_{format}"));
        db.execute(SCHEMA).unwrap();
        db.execute(
            "INSERT INTO experiments SELECT g, CASE WHEN g % 3 = 0 THEN 'active' ELSE 'completed' END,
               timestamp '2024-01-01' + g * interval '1 minute',
               CASE WHEN g % 3 = 0 THEN NULL ELSE timestamp '2024-01-01' + g * interval '1 hour' END
             FROM generate_series(1, 2500) g",
        )
        .unwrap();
        let folder = format!("{format}-migrations");
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args([
                "backfill",
                "--schema",
                "schema.sql",
                "--table",
                "experiments",
                "--set",
                "experiment_duration = completed_at - created_at",
                "--where",
                "status = 'completed'",
                "--else-null",
                "--dialect",
                "postgres",
                "--format",
                format,
                "--out",
                &folder,
                "--name",
                "backfill_duration",
                "--version",
                version,
            ])
            .current_dir(project.path())
            .output()
            .expect("codegen runs");
        assert!(output.status.success(), "{}", tools::show(&output));
        let result = project.script("backfill.mts", &[format, &db.url(), &folder]);
        assert_eq!(result["afterUp"]["done"], 1667, "{format}: every completed experiment has its duration: {result}");
        assert_eq!(result["afterUp"]["filled"], 1667, "{format}: and no active one: {result}");
        assert_eq!(result["afterDown"]["filled"], 0, "{format}: the down gives the NULLs back: {result}");
    }
}

//! A field typed with an alias: the derive cannot see through it, so rustc checks that diesel
//! reads the column (BIGINT, `Int8` on PostgreSQL) into it.

use codegen_macros::CheckSchema;

type ProjectId = i64;

#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct Experiment {
    id: i64,
    project_id: ProjectId,
}

fn main() {
    assert_eq!(Experiment::SCHEMA_COLUMNS, ["id", "project_id"]);
}

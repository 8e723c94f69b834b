//! A newtype diesel cannot read the column into: rustc's error points at the field.

use codegen_macros::CheckSchema;

struct ProjectId(i64);

#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct Experiment {
    id: i64,
    project_id: ProjectId,
}

fn main() {}

use codegen_macros::CheckSchema;

/// An alias the derive cannot see through.
type ProjectId = i64;

#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct Experiment {
    id: i64,
    project_id: ProjectId,
}

fn main() {}

use codegen_macros::CheckSchema;

// The Rust enum does not derive CheckSchema, so nothing ties its values to the database's.
enum ExperimentStatus {
    Draft,
    Running,
}

#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct Experiment {
    id: i64,
    status: ExperimentStatus,
}

fn main() {}

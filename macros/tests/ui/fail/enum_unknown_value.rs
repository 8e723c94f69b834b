use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(enum = "experiment_status")]
enum ExperimentStatus {
    Draft,
    Runing,
    Paused,
    Completed,
    Archived,
}

fn main() {}

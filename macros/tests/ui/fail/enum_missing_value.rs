use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(enum = "experiment_status")]
enum ExperimentStatus {
    Draft,
    Running,
    #[schema(rename = "completed")]
    Done,
}

fn main() {}

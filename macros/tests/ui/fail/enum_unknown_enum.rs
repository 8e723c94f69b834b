use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(enum = "experiment_state")]
enum ExperimentStatus {
    Draft,
}

fn main() {}

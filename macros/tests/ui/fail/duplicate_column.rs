use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct Experiment {
    id: i64,
    #[schema(column = "id")]
    experiment_id: i64,
}

fn main() {}

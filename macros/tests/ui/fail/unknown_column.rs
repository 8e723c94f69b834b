use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct Experiment {
    id: i64,
    titel: String,
}

fn main() {}

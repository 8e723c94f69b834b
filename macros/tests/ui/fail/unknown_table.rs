use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(table = "experiment")]
struct Experiment {
    id: i64,
}

fn main() {}

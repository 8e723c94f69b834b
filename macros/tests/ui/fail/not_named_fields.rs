use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct Experiment(i64, String);

fn main() {}

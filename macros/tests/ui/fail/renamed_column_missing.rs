use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct Experiment {
    id: i64,
    #[schema(column = "hypotesis")]
    why: Option<String>,
}

fn main() {}

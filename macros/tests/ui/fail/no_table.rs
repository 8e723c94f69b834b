use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
struct Experiment {
    id: i64,
}

fn main() {}

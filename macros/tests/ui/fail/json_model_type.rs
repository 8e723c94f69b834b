use codegen_macros::CheckSchema;

// A JSON model written by `codegen --target json`, the offline snapshot of a database.
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/model.json", table = "customers", orm = "sea-orm")]
struct Customer {
    id: u64,
    full_name: String,
}

fn main() {}

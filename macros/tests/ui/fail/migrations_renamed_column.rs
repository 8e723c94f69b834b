use codegen_macros::CheckSchema;

// The second migration renamed customers.name to full_name.
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/migrations", table = "customers")]
struct Customer {
    id: i64,
    name: String,
}

fn main() {}

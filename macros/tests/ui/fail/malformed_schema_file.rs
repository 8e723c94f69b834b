use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/malformed.sql", table = "customers")]
struct Customer {
    id: i64,
}

fn main() {}

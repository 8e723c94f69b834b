use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/no_such_schema.sql", table = "customers")]
struct Customer {
    id: i64,
}

fn main() {}

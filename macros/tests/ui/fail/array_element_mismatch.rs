use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/shop.sql", table = "orders")]
struct OrderTags {
    id: i64,
    tags: Vec<i32>,
}

fn main() {}

use codegen_macros::CheckSchema;

// `INT UNSIGNED` holds values up to 4294967295: i32 cannot read them all.
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/inventory_mysql.sql", dialect = "mysql", table = "items")]
struct Item {
    id: i32,
    stock: u16,
}

fn main() {}

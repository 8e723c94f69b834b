use codegen_macros::CheckSchema;

// diesel reads NUMERIC as bigdecimal::BigDecimal; rust_decimal is SeaORM's choice.
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/shop.sql", table = "orders", orm = "diesel")]
struct OrderTotal {
    id: i64,
    total: rust_decimal::Decimal,
}

mod rust_decimal {
    pub struct Decimal;
}

fn main() {}

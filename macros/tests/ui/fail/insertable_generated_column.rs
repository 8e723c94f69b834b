use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/shop.sql", table = "orders", insertable)]
struct NewOrder {
    customer_id: i64,
    total: bigdecimal::BigDecimal,
    quantity: i32,
    placed_at: chrono::NaiveDateTime,
    total_cents: Option<i64>,
}

mod bigdecimal {
    pub struct BigDecimal;
}

fn main() {}

use codegen_macros::CheckSchema;

// TIMESTAMP (without time zone) is a naive date-time; SeaORM reads it as DateTime (NaiveDateTime).
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/shop.sql", table = "orders", orm = "sea-orm")]
struct Order {
    id: i64,
    placed_at: chrono::DateTime<chrono::Utc>,
    ship_on: chrono::NaiveDateTime,
}

fn main() {}

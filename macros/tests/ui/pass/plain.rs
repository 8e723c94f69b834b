//! Structs that fit the schema, one per source kind and ORM mapping. Types the test crate does
//! not depend on are stand-ins: the derive reads types as written.

use codegen_macros::CheckSchema;

mod bigdecimal {
    pub struct BigDecimal;
}
mod rust_decimal {
    pub struct Decimal;
}
mod uuid {
    pub struct Uuid;
}
mod serde_json {
    pub struct Value;
}

#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/shop.sql", enum = "order_status")]
enum OrderStatus {
    Pending,
    Paid,
    Shipped,
    #[schema(rename = "cancelled")]
    Canceled,
}

/// Every column of `orders`, as diesel reads them.
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/shop.sql", table = "orders", all_columns)]
struct Order {
    id: i64,
    customer_id: i64,
    status: OrderStatus,
    total: bigdecimal::BigDecimal,
    weight_kg: Option<f32>,
    score: Option<f64>,
    quantity: i32,
    note: Option<String>,
    receipt: Option<Vec<u8>>,
    ship_on: Option<chrono::NaiveDate>,
    ship_at: Option<chrono::NaiveTime>,
    placed_at: chrono::NaiveDateTime,
    paid_at: Option<chrono::DateTime<chrono::Utc>>,
    tracking: Option<uuid::Uuid>,
    details: Option<serde_json::Value>,
    tags: Vec<String>,
    total_cents: Option<i64>,
    #[schema(skip)]
    _cache: (),
}

/// The same table as SeaORM reads it, with prelude-style names.
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/shop.sql", table = "orders", orm = "sea-orm")]
struct OrderModel {
    id: i64,
    total: rust_decimal::Decimal,
    placed_at: DateTime,
    paid_at: Option<DateTimeWithTimeZone>,
    #[schema(column = "status")]
    state: OrderStatus,
}

type DateTime = chrono::NaiveDateTime;
type DateTimeWithTimeZone = chrono::DateTime<chrono::FixedOffset>;

/// An insert: NOT NULL columns without defaults are present; Option on a defaulted column
/// means "use the default".
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/shop.sql", table = "orders", insertable)]
struct NewOrder<'a> {
    customer_id: i64,
    total: bigdecimal::BigDecimal,
    quantity: i32,
    placed_at: chrono::NaiveDateTime,
    note: &'a str,
    status: Option<OrderStatus>,
}

/// A migrations folder, replayed: the column is `full_name` after the second migration.
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/migrations", table = "customers")]
struct Customer {
    id: i64,
    full_name: String,
}

/// A JSON model, and a field kept by the application but not in the table.
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/model.json", table = "customers")]
struct CustomerSnapshot {
    id: i64,
    #[schema(column = "full_name")]
    name: String,
    #[schema(skip)]
    loaded_at: std::time::Instant,
}

/// A newtype the derive cannot see through, and an Option the application fills in later.
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/shop.sql", table = "orders")]
struct OrderDraft {
    #[schema(allow_option)]
    customer_id: Option<i64>,
    #[schema(unchecked_type)]
    quantity: Quantity,
}

struct Quantity(i32);

/// MySQL spelling, read with `dialect`: unsigned widths, TINYINT, an inline ENUM.
#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/inventory_mysql.sql", dialect = "mysql", enum = "items_visibility")]
enum Visibility {
    Public,
    Private,
}

#[derive(CheckSchema)]
#[schema(source = "../../../../macros/tests/fixtures/inventory_mysql.sql", dialect = "mysql", table = "items", all_columns)]
struct Item {
    id: u32,
    stock: u16,
    priority: i8,
    visibility: Visibility,
    price: bigdecimal::BigDecimal,
    listed_at: Option<chrono::NaiveDateTime>,
}

fn main() {
    assert_eq!(Item::SCHEMA_COLUMNS.len(), 6);
    let _ = OrderDraft { customer_id: None, quantity: Quantity(1) }.quantity.0;
    assert_eq!(Order::SCHEMA_TABLE, "orders");
    assert_eq!(OrderModel::SCHEMA_COLUMNS, ["id", "total", "placed_at", "paid_at", "status"]);
    assert_eq!(OrderStatus::SCHEMA_VALUES, ["pending", "paid", "shipped", "cancelled"]);
    assert_eq!(NewOrder::SCHEMA_COLUMNS.len(), 6);
    assert_eq!(Customer::SCHEMA_COLUMNS, ["id", "full_name"]);
    assert_eq!(CustomerSnapshot::SCHEMA_COLUMNS, ["id", "full_name"]);
}

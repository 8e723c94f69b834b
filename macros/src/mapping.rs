//! Which Rust types each ORM reads a column type into: diesel's `FromSql` impls and the types
//! `sea-orm-cli generate entity` writes (with SeaORM's prelude aliases).

use codegen_core::model::{ColumnType, IntWidth};

use crate::rust_type::Shape;

/// The ORM whose mapping the checks follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orm {
    Diesel,
    SeaOrm,
}

impl Orm {
    pub fn name(self) -> &'static str {
        match self {
            Orm::Diesel => "diesel",
            Orm::SeaOrm => "SeaORM",
        }
    }
}

/// One accepted Rust type: its canonical name (see [`Shape`]) and how to suggest it.
pub struct Accepted {
    pub canonical: &'static str,
    pub written: &'static str,
}

const fn a(canonical: &'static str, written: &'static str) -> Accepted {
    Accepted { canonical, written }
}

/// What a column accepts.
pub enum Expect {
    /// One of these scalars; the first is the one to suggest.
    Types(&'static [Accepted]),
    /// A Rust enum checked against this database enum, or a `String`.
    Enum,
    /// `Vec<T>`, `T` fitting the element type.
    Array(ColumnType),
    /// The model has no neutral type for the column: any Rust type is accepted.
    Unchecked,
}

const TEXT_DIESEL: &[Accepted] = &[a("String", "String"), a("&str", "&str")];
const TEXT_SEA: &[Accepted] = &[a("String", "String")];
const BYTES_DIESEL: &[Accepted] = &[a("Vec<u8>", "Vec<u8>"), a("&[u8]", "&[u8]")];
const BYTES_SEA: &[Accepted] = &[a("Vec<u8>", "Vec<u8>")];
const DATE_DIESEL: &[Accepted] = &[a("NaiveDate", "chrono::NaiveDate"), a("Date", "time::Date")];
const DATE_SEA: &[Accepted] = &[
    a("Date", "sea_orm::prelude::Date"),
    a("NaiveDate", "chrono::NaiveDate"),
    a("TimeDate", "sea_orm::prelude::TimeDate"),
];
const TIME_DIESEL: &[Accepted] = &[a("NaiveTime", "chrono::NaiveTime"), a("Time", "time::Time")];
const TIME_SEA: &[Accepted] = &[
    a("Time", "sea_orm::prelude::Time"),
    a("NaiveTime", "chrono::NaiveTime"),
    a("TimeTime", "sea_orm::prelude::TimeTime"),
];
const TIMESTAMP_DIESEL: &[Accepted] =
    &[a("NaiveDateTime", "chrono::NaiveDateTime"), a("PrimitiveDateTime", "time::PrimitiveDateTime")];
const TIMESTAMP_SEA: &[Accepted] = &[
    a("DateTime", "sea_orm::prelude::DateTime"),
    a("NaiveDateTime", "chrono::NaiveDateTime"),
    a("TimeDateTime", "sea_orm::prelude::TimeDateTime"),
    a("PrimitiveDateTime", "time::PrimitiveDateTime"),
];
const TIMESTAMPTZ_DIESEL: &[Accepted] = &[
    a("DateTime<Utc>", "chrono::DateTime<chrono::Utc>"),
    a("DateTime<Local>", "chrono::DateTime<chrono::Local>"),
    a("NaiveDateTime", "chrono::NaiveDateTime"),
    a("OffsetDateTime", "time::OffsetDateTime"),
];
const TIMESTAMPTZ_SEA: &[Accepted] = &[
    a("DateTimeWithTimeZone", "sea_orm::prelude::DateTimeWithTimeZone"),
    a("DateTime<FixedOffset>", "chrono::DateTime<chrono::FixedOffset>"),
    a("DateTimeUtc", "sea_orm::prelude::DateTimeUtc"),
    a("DateTime<Utc>", "chrono::DateTime<chrono::Utc>"),
    a("DateTimeLocal", "sea_orm::prelude::DateTimeLocal"),
    a("DateTime<Local>", "chrono::DateTime<chrono::Local>"),
    a("TimeDateTimeWithTimeZone", "sea_orm::prelude::TimeDateTimeWithTimeZone"),
    a("OffsetDateTime", "time::OffsetDateTime"),
];
const DECIMAL_DIESEL: &[Accepted] = &[a("BigDecimal", "bigdecimal::BigDecimal")];
const DECIMAL_SEA: &[Accepted] =
    &[a("Decimal", "sea_orm::prelude::Decimal"), a("BigDecimal", "bigdecimal::BigDecimal")];
const JSON_DIESEL: &[Accepted] = &[a("Value", "serde_json::Value")];
const JSON_SEA: &[Accepted] = &[a("Json", "sea_orm::prelude::Json"), a("Value", "serde_json::Value")];
const UUID: &[Accepted] = &[a("Uuid", "uuid::Uuid")];
const BOOL: &[Accepted] = &[a("bool", "bool")];
const F32: &[Accepted] = &[a("f32", "f32")];
const F64: &[Accepted] = &[a("f64", "f64")];
const INTERVAL_DIESEL: &[Accepted] = &[a("PgInterval", "diesel::pg::data_types::PgInterval")];

fn integer(width: IntWidth, unsigned: bool) -> &'static [Accepted] {
    const I8: &[Accepted] = &[a("i8", "i8")];
    const I16: &[Accepted] = &[a("i16", "i16")];
    const I32: &[Accepted] = &[a("i32", "i32")];
    const I64: &[Accepted] = &[a("i64", "i64")];
    const U8: &[Accepted] = &[a("u8", "u8")];
    const U16: &[Accepted] = &[a("u16", "u16")];
    const U32: &[Accepted] = &[a("u32", "u32")];
    const U64: &[Accepted] = &[a("u64", "u64")];
    match (width, unsigned) {
        (IntWidth::Tiny, false) => I8,
        (IntWidth::Small, false) => I16,
        (IntWidth::Medium | IntWidth::Int, false) => I32,
        (IntWidth::Big, false) => I64,
        (IntWidth::Tiny, true) => U8,
        (IntWidth::Small, true) => U16,
        (IntWidth::Medium | IntWidth::Int, true) => U32,
        (IntWidth::Big, true) => U64,
    }
}

/// SeaORM reads MySQL's `YEAR` into a `u16`.
const U16_YEAR: &[Accepted] = &[a("u16", "u16")];

/// What `orm` reads a column of type `ty` into.
pub fn expect(orm: Orm, ty: &ColumnType) -> Expect {
    let diesel = orm == Orm::Diesel;
    let pick = |d: &'static [Accepted], s: &'static [Accepted]| Expect::Types(if diesel { d } else { s });
    match ty {
        ColumnType::Integer { width, unsigned } => Expect::Types(integer(*width, *unsigned)),
        ColumnType::Decimal { .. } => pick(DECIMAL_DIESEL, DECIMAL_SEA),
        ColumnType::Real => Expect::Types(F32),
        ColumnType::Double => Expect::Types(F64),
        ColumnType::Bool => Expect::Types(BOOL),
        ColumnType::Text { .. } | ColumnType::Varchar { .. } | ColumnType::Char { .. } => pick(TEXT_DIESEL, TEXT_SEA),
        ColumnType::Bytes { .. } | ColumnType::Binary { .. } => pick(BYTES_DIESEL, BYTES_SEA),
        ColumnType::Year => Expect::Types(if diesel { integer(IntWidth::Small, false) } else { U16_YEAR }),
        ColumnType::Date => pick(DATE_DIESEL, DATE_SEA),
        ColumnType::Time { .. } => pick(TIME_DIESEL, TIME_SEA),
        ColumnType::Timestamp { .. } => pick(TIMESTAMP_DIESEL, TIMESTAMP_SEA),
        ColumnType::TimestampTz { .. } => pick(TIMESTAMPTZ_DIESEL, TIMESTAMPTZ_SEA),
        // SeaORM has no interval type; its generator falls back to a custom column type.
        ColumnType::Interval if diesel => Expect::Types(INTERVAL_DIESEL),
        ColumnType::Uuid => Expect::Types(UUID),
        ColumnType::Json | ColumnType::Jsonb => pick(JSON_DIESEL, JSON_SEA),
        ColumnType::Enum { .. } => Expect::Enum,
        ColumnType::Array { element } => Expect::Array((**element).clone()),
        ColumnType::Interval | ColumnType::Other { .. } | ColumnType::Bit { .. } | ColumnType::Set { .. } => {
            Expect::Unchecked
        }
    }
}

/// Whether a non-null shape fits the column type. Enums accept any type that is not a known
/// scalar: the Rust enum's own derive checks its values, and expansion ties the two together.
pub fn fits(orm: Orm, ty: &ColumnType, shape: &Shape) -> bool {
    match (expect(orm, ty), shape) {
        (Expect::Unchecked, _) => true,
        (Expect::Types(accepted), Shape::Scalar(name)) => accepted.iter().any(|a| a.canonical == name),
        (Expect::Enum, Shape::Scalar(name)) => name == "String" || !is_known_scalar(name),
        // Array elements may be NULL: diesel and SeaORM both read them into Option<T> too.
        (Expect::Array(element), Shape::Vec(inner)) => fits(orm, &element, inner.non_null()),
        _ => false,
    }
}

/// The Rust type to suggest for a column, `Option` included when it is nullable.
pub fn suggest(orm: Orm, ty: &ColumnType, nullable: bool, enum_type: Option<&str>) -> String {
    let inner = match expect(orm, ty) {
        Expect::Types(accepted) => accepted[0].written.to_string(),
        Expect::Enum => enum_type.map_or_else(|| "a Rust enum".to_string(), str::to_string),
        Expect::Array(element) => format!("Vec<{}>", suggest(orm, &element, false, enum_type)),
        Expect::Unchecked => "any type".to_string(),
    };
    if nullable { format!("Option<{inner}>") } else { inner }
}

/// Names of the scalars the mapping knows, so that a known scalar on an enum column is a mistake.
pub fn is_known_scalar(name: &str) -> bool {
    const OTHERS: &[&str] = &[
        "i8",
        "i16",
        "i32",
        "i64",
        "u8",
        "u16",
        "u32",
        "u64",
        "f32",
        "f64",
        "bool",
        "String",
        "&str",
        "Vec<u8>",
        "&[u8]",
        "Uuid",
        "Value",
        "Json",
        "Decimal",
        "BigDecimal",
        "PgInterval",
    ];
    let tables = [DATE_SEA, DATE_DIESEL, TIME_SEA, TIME_DIESEL, TIMESTAMP_SEA, TIMESTAMPTZ_SEA, TIMESTAMPTZ_DIESEL];
    OTHERS.contains(&name) || tables.iter().any(|t| t.iter().any(|a| a.canonical == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(name: &str) -> Shape {
        Shape::Scalar(name.into())
    }

    #[test]
    fn integer_widths_map_to_exactly_one_rust_integer() {
        assert!(fits(Orm::Diesel, &ColumnType::BIGINT, &scalar("i64")));
        assert!(!fits(Orm::Diesel, &ColumnType::BIGINT, &scalar("i32")));
        assert!(fits(Orm::SeaOrm, &ColumnType::SMALLINT, &scalar("i16")));
        let unsigned = ColumnType::Integer { width: IntWidth::Int, unsigned: true };
        assert!(fits(Orm::Diesel, &unsigned, &scalar("u32")));
        assert!(!fits(Orm::Diesel, &unsigned, &scalar("i32")));
    }

    #[test]
    fn the_orms_differ_where_their_type_mappings_do() {
        let ts = ColumnType::Timestamp { precision: None, datetime: false };
        assert!(fits(Orm::SeaOrm, &ts, &scalar("DateTime")));
        assert!(!fits(Orm::Diesel, &ts, &scalar("DateTime")));
        let decimal = ColumnType::Decimal { precision: Some(10), scale: Some(2) };
        assert!(fits(Orm::SeaOrm, &decimal, &scalar("Decimal")));
        assert!(!fits(Orm::Diesel, &decimal, &scalar("Decimal")));
    }

    #[test]
    fn arrays_check_their_elements_and_enums_refuse_known_scalars() {
        let array = ColumnType::Array { element: Box::new(ColumnType::TEXT) };
        assert!(fits(Orm::Diesel, &array, &Shape::Vec(Box::new(scalar("String")))));
        assert!(!fits(Orm::Diesel, &array, &Shape::Vec(Box::new(scalar("i32")))));
        let mood = ColumnType::Enum { name: codegen_core::model::QualifiedName::new("mood") };
        assert!(fits(Orm::Diesel, &mood, &scalar("Mood")));
        assert!(!fits(Orm::Diesel, &mood, &scalar("i32")));
        assert_eq!(suggest(Orm::Diesel, &ColumnType::BIGINT, true, None), "Option<i64>");
    }
}

//! SeaORM: column types in the two steps sea-orm-cli takes. First what sea-schema reads a
//! database column as (a sea-query `ColumnType`, here [`SeaOrmType`], worked out from the model's
//! typed facts per dialect in `server.rs` and `sqlite.rs`); then what sea-orm-codegen writes for
//! that type: the Rust type, the `column_type` attribute and the `ColumnType` expression of the
//! expanded format, all from the one value. No step looks at a column's declared type text.

mod server;
mod sqlite;

use super::{RustType, ints, rust};
use crate::{ColumnType, Dialect, IntWidth, QualifiedName};

/// A column's type as sea-query's `ColumnType` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeaOrmType {
    Char(Option<u32>),
    /// `String(StringLen::N(n))`, or `StringLen::None` without a length.
    String(Option<u32>),
    Text,
    TinyInteger,
    SmallInteger,
    Integer,
    BigInteger,
    TinyUnsigned,
    SmallUnsigned,
    Unsigned,
    BigUnsigned,
    Float,
    Double,
    Decimal(Option<(u32, u32)>),
    /// A date and time without a zone: chrono's `NaiveDateTime`.
    DateTime,
    /// A date and time in UTC: chrono's `DateTime<Utc>` (sea-orm's `DateTimeUtc`).
    Timestamp,
    TimestampWithTimeZone,
    Time,
    Date,
    Year,
    Interval,
    Binary(u32),
    VarBinary(Option<u32>),
    Blob,
    Bit(Option<u32>),
    VarBit(u32),
    Boolean,
    Json,
    JsonBinary,
    Uuid,
    Enum(QualifiedName),
    /// MySQL `SET(...)`: text, created through `custom("set")`.
    Set,
    Array(Box<SeaOrmType>),
    /// A type SeaORM has no form for: sea-orm-cli reads it as text and leaves it out of every
    /// query (`ignore`).
    Custom(String),
}

/// How integer literals are written in a `ColumnType` expression: the expanded format's tokens
/// carry `quote!`'s `u32` suffix, the `column_type` attribute does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Literals {
    Suffixed,
    Plain,
}

// The Rust types, under the names of SeaORM's prelude where it has one.
const F32: RustType = rust("f32", "f32");
const F64: RustType = rust("f64", "f64");
const BOOL: RustType = rust("bool", "bool");
const STRING: RustType = rust("String", "String");
const BYTES: RustType = rust("Vec<u8>", "Vec<u8>");
const DECIMAL: RustType = rust("Decimal", "sea_orm::prelude::Decimal");
const BIG_DECIMAL: RustType = rust("BigDecimal", "bigdecimal::BigDecimal");
const JSON: RustType = rust("Json", "sea_orm::prelude::Json");
const JSON_VALUE: RustType = rust("Value", "serde_json::Value");
const UUID: RustType = rust("Uuid", "uuid::Uuid");
const DATE: RustType = rust("Date", "sea_orm::prelude::Date");
const NAIVE_DATE: RustType = rust("NaiveDate", "chrono::NaiveDate");
const TIME_DATE: RustType = rust("TimeDate", "sea_orm::prelude::TimeDate");
const TIME: RustType = rust("Time", "sea_orm::prelude::Time");
const NAIVE_TIME: RustType = rust("NaiveTime", "chrono::NaiveTime");
const TIME_TIME: RustType = rust("TimeTime", "sea_orm::prelude::TimeTime");
const DATE_TIME: RustType = rust("DateTime", "sea_orm::prelude::DateTime");
const NAIVE_DATE_TIME: RustType = rust("NaiveDateTime", "chrono::NaiveDateTime");
const TIME_DATE_TIME: RustType = rust("TimeDateTime", "sea_orm::prelude::TimeDateTime");
const PRIMITIVE_DATE_TIME: RustType = rust("PrimitiveDateTime", "time::PrimitiveDateTime");
const DATE_TIME_UTC: RustType = rust("DateTimeUtc", "sea_orm::prelude::DateTimeUtc");
const CHRONO_UTC: RustType = rust("DateTime<Utc>", "chrono::DateTime<chrono::Utc>");
const DATE_TIME_LOCAL: RustType = rust("DateTimeLocal", "sea_orm::prelude::DateTimeLocal");
const CHRONO_LOCAL: RustType = rust("DateTime<Local>", "chrono::DateTime<chrono::Local>");
const DATE_TIME_TZ: RustType = rust("DateTimeWithTimeZone", "sea_orm::prelude::DateTimeWithTimeZone");
const CHRONO_FIXED: RustType = rust("DateTime<FixedOffset>", "chrono::DateTime<chrono::FixedOffset>");
const TIME_DATE_TIME_TZ: RustType = rust("TimeDateTimeWithTimeZone", "sea_orm::prelude::TimeDateTimeWithTimeZone");
const OFFSET_DATE_TIME: RustType = rust("OffsetDateTime", "time::OffsetDateTime");

impl SeaOrmType {
    /// One value of each scalar type that has Rust types of its own.
    pub const SCALARS: &[SeaOrmType] = &[
        SeaOrmType::Text,
        SeaOrmType::TinyInteger,
        SeaOrmType::SmallInteger,
        SeaOrmType::Integer,
        SeaOrmType::BigInteger,
        SeaOrmType::TinyUnsigned,
        SeaOrmType::SmallUnsigned,
        SeaOrmType::Unsigned,
        SeaOrmType::BigUnsigned,
        SeaOrmType::Float,
        SeaOrmType::Double,
        SeaOrmType::Decimal(None),
        SeaOrmType::DateTime,
        SeaOrmType::Timestamp,
        SeaOrmType::TimestampWithTimeZone,
        SeaOrmType::Time,
        SeaOrmType::Date,
        SeaOrmType::Blob,
        SeaOrmType::Boolean,
        SeaOrmType::Json,
        SeaOrmType::Uuid,
    ];

    /// What sea-schema reads a column of type `ty` as, in `dialect`'s database (`None`: a
    /// server dialect other than MySQL's).
    pub fn of(ty: &ColumnType, dialect: Option<Dialect>) -> SeaOrmType {
        match dialect {
            Some(Dialect::Sqlite) => sqlite::sea_type(ty),
            _ => server::sea_type(ty, dialect == Some(Dialect::Mysql)),
        }
    }

    /// The Rust types SeaORM reads this type into (every `TryGetable` a derive accepts), the one
    /// sea-orm-codegen writes with chrono first; empty for enums and arrays, whose Rust type is
    /// another's.
    pub fn rust_types(&self) -> &'static [RustType] {
        use SeaOrmType as S;
        match self {
            S::TinyInteger => ints::of(IntWidth::Tiny, false),
            S::SmallInteger => ints::of(IntWidth::Small, false),
            S::Integer => ints::of(IntWidth::Int, false),
            S::BigInteger => ints::of(IntWidth::Big, false),
            S::TinyUnsigned => ints::of(IntWidth::Tiny, true),
            // SeaORM reads MySQL's `YEAR` into a `u16`.
            S::SmallUnsigned | S::Year => ints::of(IntWidth::Small, true),
            S::Unsigned => ints::of(IntWidth::Int, true),
            S::BigUnsigned => ints::of(IntWidth::Big, true),
            S::Float => &[F32],
            S::Double => &[F64],
            S::Decimal(_) => &[DECIMAL, BIG_DECIMAL],
            S::Boolean => &[BOOL],
            S::Char(_) | S::String(_) | S::Text | S::Interval | S::Set | S::Custom(_) => &[STRING],
            S::Binary(_) | S::VarBinary(_) | S::Blob | S::Bit(_) | S::VarBit(_) => &[BYTES],
            S::Date => &[DATE, NAIVE_DATE, TIME_DATE],
            S::Time => &[TIME, NAIVE_TIME, TIME_TIME],
            S::DateTime => &[DATE_TIME, NAIVE_DATE_TIME, TIME_DATE_TIME, PRIMITIVE_DATE_TIME],
            S::Timestamp => &[DATE_TIME_UTC, CHRONO_UTC, TIME_DATE_TIME, TIME_DATE_TIME_TZ, OFFSET_DATE_TIME],
            S::TimestampWithTimeZone => &[
                DATE_TIME_TZ,
                CHRONO_FIXED,
                DATE_TIME_UTC,
                CHRONO_UTC,
                DATE_TIME_LOCAL,
                CHRONO_LOCAL,
                TIME_DATE_TIME_TZ,
                OFFSET_DATE_TIME,
            ],
            S::Uuid => &[UUID],
            S::Json | S::JsonBinary => &[JSON, JSON_VALUE],
            S::Enum(_) | S::Array(_) => &[],
        }
    }

    /// The Rust type sea-orm-codegen writes, except where it does not work: a MySQL `TIMESTAMP`
    /// is stored in UTC and read back in UTC; with the time crate sea-orm-cli writes
    /// `TimeDateTime`, which sqlx refuses to decode from a TIMESTAMP ("mismatched types"), so that
    /// is `TimeDateTimeWithTimeZone`. `YEAR` is a `u16`: sqlx decodes it into no signed type
    /// (sea-orm-cli's `i32` fails on every read). Bit strings are bytes. `None` for enums and
    /// arrays.
    pub fn rust_type(&self, chrono: bool, mysql: bool) -> Option<RustType> {
        use SeaOrmType as S;
        Some(match self {
            _ if chrono => *self.rust_types().first()?,
            S::Date => TIME_DATE,
            S::Time => TIME_TIME,
            S::DateTime => TIME_DATE_TIME,
            S::Timestamp if mysql => TIME_DATE_TIME_TZ,
            S::Timestamp => TIME_DATE_TIME,
            S::TimestampWithTimeZone => TIME_DATE_TIME_TZ,
            _ => *self.rust_types().first()?,
        })
    }

    /// Whether the Rust type has no `Eq` (floats).
    pub fn is_float(&self) -> bool {
        matches!(self, SeaOrmType::Float | SeaOrmType::Double)
    }

    /// The `ColumnType` expression the expanded format's `ColumnTrait::def` starts from, as
    /// sea-orm-cli writes it, in Rust source: `ColumnType::Decimal(Some((10u32, 2u32)))`.
    /// `enum_type` names the Rust type of an enum column.
    pub fn column_type(&self, literals: Literals, enum_type: &dyn Fn(&QualifiedName) -> String) -> String {
        use SeaOrmType as S;
        let n = |n: &u32| match literals {
            Literals::Suffixed => format!("{n}u32"),
            Literals::Plain => n.to_string(),
        };
        let some = |v: &Option<u32>| v.as_ref().map_or_else(|| "None".to_string(), |v| format!("Some({})", n(v)));
        let len = |v: &Option<u32>| {
            v.as_ref().map_or_else(|| "StringLen::None".to_string(), |v| format!("StringLen::N({})", n(v)))
        };
        let body = match self {
            S::Char(length) => format!("Char({})", some(length)),
            S::String(length) => format!("String({})", len(length)),
            S::Decimal(Some((p, s))) => format!("Decimal(Some(({}, {})))", n(p), n(s)),
            S::Decimal(None) => "Decimal(None)".into(),
            S::Interval => "Interval(None, None)".into(),
            S::Binary(length) => format!("Binary({})", n(length)),
            S::VarBinary(length) => format!("VarBinary({})", len(length)),
            S::Bit(length) => format!("Bit({})", some(length)),
            S::VarBit(length) => format!("VarBit({})", n(length)),
            S::Enum(name) => return format!("{}::db_type().get_column_type().to_owned()", enum_type(name)),
            S::Set => "custom(\"set\")".into(),
            S::Array(element) => format!("Array(RcOrArc::new({}))", element.column_type(literals, enum_type)),
            S::Custom(raw) => format!("custom({raw:?})"),
            unit => format!("{unit:?}"),
        };
        format!("ColumnType::{body}")
    }

    /// sea-orm-codegen's `column_type = "..."` attribute: only where the Rust type leaves the
    /// column type open. `Year` and `Bit` are ours (sea-orm-cli writes none, so SeaORM would
    /// create an integer or a `Vec<u8>`'s binary column).
    pub fn attribute(&self) -> Option<String> {
        use SeaOrmType as S;
        let open = matches!(
            self,
            S::Float
                | S::Double
                | S::Decimal(Some(_))
                | S::Text
                | S::JsonBinary
                | S::Blob
                | S::Binary(_)
                | S::VarBinary(_)
                | S::Bit(_)
                | S::Year
        );
        let source = self.column_type(Literals::Plain, &|_| String::new());
        open.then(|| source.trim_start_matches("ColumnType::").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_gives_the_attribute_and_the_expression() {
        let decimal = SeaOrmType::Decimal(Some((12, 2)));
        assert_eq!(decimal.attribute().as_deref(), Some("Decimal(Some((12, 2)))"));
        assert_eq!(
            decimal.column_type(Literals::Suffixed, &|_| String::new()),
            "ColumnType::Decimal(Some((12u32, 2u32)))"
        );
        assert_eq!(SeaOrmType::Bit(None).attribute().as_deref(), Some("Bit(None)"));
        assert_eq!(SeaOrmType::String(Some(5)).attribute(), None);
        let tags = SeaOrmType::Array(Box::new(SeaOrmType::Enum(QualifiedName::new("mood"))));
        assert_eq!(
            tags.column_type(Literals::Suffixed, &|n| format!("{}Enum", n.name)),
            "ColumnType::Array(RcOrArc::new(moodEnum::db_type().get_column_type().to_owned()))"
        );
    }

    #[test]
    fn the_time_crate_and_mysql_timestamps_pick_their_own_types() {
        assert_eq!(SeaOrmType::Date.rust_type(false, false).unwrap().canonical, "TimeDate");
        assert_eq!(SeaOrmType::Timestamp.rust_type(false, true).unwrap().canonical, "TimeDateTimeWithTimeZone");
        assert_eq!(SeaOrmType::Timestamp.rust_type(true, true).unwrap().canonical, "DateTimeUtc");
        assert_eq!(SeaOrmType::Year.rust_type(true, false).unwrap().canonical, "u16");
    }
}

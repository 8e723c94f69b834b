//! Diesel: the SQL types of `diesel::sql_types` (and `diesel::pg::sql_types`), spelled as
//! `diesel print-schema` spells them per database (`Int4` for PostgreSQL, `Integer` for SQLite,
//! `Bigint` for MySQL: aliases of one another in Diesel), and the Rust types Diesel's `FromSql`
//! impls read each into.

use super::{RustType, ints, rust};
use crate::{ColumnType, Dialect, IntWidth, LobSize};

macro_rules! diesel_types {
    ($($variant:ident),* $(,)?) => {
        /// A SQL type Diesel provides, by its name in `diesel::sql_types`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum DieselType {
            $($variant),*
        }

        impl DieselType {
            /// Every type.
            pub const ALL: &[DieselType] = &[$(DieselType::$variant),*];

            /// The type's name in `diesel::sql_types`.
            pub fn name(self) -> &'static str {
                match self {
                    $(DieselType::$variant => stringify!($variant)),*
                }
            }
        }
    };
}

diesel_types! {
    Bool, TinyInt, Tinyint, SmallInt, Smallint, Int2, Integer, Int4, BigInt, Bigint, Int8,
    SmallSerial, Serial, BigSerial,
    Float, Float4, Double, Float8, Numeric, Decimal, Money,
    Text, Varchar, VarChar, Bpchar, Char, Citext, Tinytext, Mediumtext, Longtext,
    Binary, Bytea, Blob, Tinyblob, Mediumblob, Longblob, Varbinary, Bit,
    Date, Time, Timestamp, Datetime, Timestamptz, Interval,
    Uuid, Json, Jsonb,
    Cidr, Inet, MacAddr, MacAddr8, Macaddr, Macaddr8, Oid, PgLsn, Record,
    Range, Int4range, Int8range, Daterange, Numrange, Tsrange, Tstzrange,
    Int4multirange, Int8multirange, Datemultirange, Nummultirange, Tsmultirange, Tstzmultirange,
}

const TEXT: &[RustType] = &[rust("String", "String"), rust("&str", "&str")];
const BYTES: &[RustType] = &[rust("Vec<u8>", "Vec<u8>"), rust("&[u8]", "&[u8]")];
const DATE: &[RustType] = &[rust("NaiveDate", "chrono::NaiveDate"), rust("Date", "time::Date")];
const TIME: &[RustType] = &[rust("NaiveTime", "chrono::NaiveTime"), rust("Time", "time::Time")];
const TIMESTAMP: &[RustType] =
    &[rust("NaiveDateTime", "chrono::NaiveDateTime"), rust("PrimitiveDateTime", "time::PrimitiveDateTime")];
const TIMESTAMPTZ: &[RustType] = &[
    rust("DateTime<Utc>", "chrono::DateTime<chrono::Utc>"),
    rust("DateTime<Local>", "chrono::DateTime<chrono::Local>"),
    rust("NaiveDateTime", "chrono::NaiveDateTime"),
    rust("OffsetDateTime", "time::OffsetDateTime"),
];
const DECIMAL: &[RustType] = &[rust("BigDecimal", "bigdecimal::BigDecimal")];
const JSON: &[RustType] = &[rust("Value", "serde_json::Value")];
const UUID: &[RustType] = &[rust("Uuid", "uuid::Uuid")];
const INTERVAL: &[RustType] = &[rust("PgInterval", "diesel::pg::data_types::PgInterval")];
const BOOL: &[RustType] = &[rust("bool", "bool")];
const F32: &[RustType] = &[rust("f32", "f32")];
const F64: &[RustType] = &[rust("f64", "f64")];

impl DieselType {
    /// The types `diesel::sql_types` provides for PostgreSQL, which print-schema uses as they are
    /// (a catalog type named otherwise is declared in the generated `sql_types` module).
    pub const POSTGRES: &[DieselType] = {
        use DieselType::*;
        &[
            Cidr,
            Citext,
            Inet,
            Jsonb,
            MacAddr,
            MacAddr8,
            Money,
            Oid,
            Range,
            Timestamptz,
            Uuid,
            Json,
            PgLsn,
            Record,
            Interval,
            Int4range,
            Int8range,
            Daterange,
            Numrange,
            Tsrange,
            Tstzrange,
            Int4multirange,
            Int8multirange,
            Datemultirange,
            Nummultirange,
            Tsmultirange,
            Tstzmultirange,
            SmallSerial,
            BigSerial,
            Serial,
            Bytea,
            Bpchar,
            Macaddr,
            Macaddr8,
            Bool,
            Integer,
            SmallInt,
            BigInt,
            Binary,
            Text,
            Double,
            Float,
            Numeric,
            Timestamp,
            Date,
            Time,
            Float4,
            Smallint,
            Int2,
            Int4,
            Int8,
            Bigint,
            Float8,
            Decimal,
            VarChar,
            Varchar,
            Char,
            Bit,
        ]
    };

    /// The PostgreSQL type Diesel provides under `name` (print-schema's camel-cased catalog name).
    pub fn postgres_named(name: &str) -> Option<DieselType> {
        Self::POSTGRES.iter().copied().find(|t| t.name() == name)
    }

    /// The integer type of `width` under its `diesel::sql_types` name.
    pub fn integer(width: IntWidth) -> DieselType {
        match width {
            IntWidth::Tiny => DieselType::TinyInt,
            IntWidth::Small => DieselType::SmallInt,
            IntWidth::Medium | IntWidth::Int => DieselType::Integer,
            IntWidth::Big => DieselType::BigInt,
        }
    }

    /// The path of the type for generated code: `diesel::sql_types::Int4`.
    pub fn path(self) -> String {
        format!("diesel::sql_types::{}", self.name())
    }

    /// The Rust types Diesel reads this type into (with `Unsigned<..>` around it when
    /// `unsigned`), the one generated models use first; empty where Diesel has none without a
    /// feature codegen does not assume (network addresses, ranges, money).
    pub fn rust_types(self, unsigned: bool) -> &'static [RustType] {
        use DieselType::*;
        match self {
            Bool => BOOL,
            TinyInt | Tinyint => ints::of(IntWidth::Tiny, unsigned),
            SmallInt | Smallint | Int2 | SmallSerial => ints::of(IntWidth::Small, unsigned),
            Integer | Int4 | Serial => ints::of(IntWidth::Int, unsigned),
            BigInt | Bigint | Int8 | BigSerial => ints::of(IntWidth::Big, unsigned),
            Float | Float4 => F32,
            Double | Float8 => F64,
            Numeric | Decimal => DECIMAL,
            Text | Varchar | VarChar | Bpchar | Char | Citext | Tinytext | Mediumtext | Longtext => TEXT,
            Binary | Bytea | Blob | Tinyblob | Mediumblob | Longblob | Varbinary | Bit => BYTES,
            Timestamp | Datetime => TIMESTAMP,
            Timestamptz => TIMESTAMPTZ,
            Date => DATE,
            Time => TIME,
            Uuid => UUID,
            Json | Jsonb => JSON,
            Interval => INTERVAL,
            _ => &[],
        }
    }

    /// The Rust type generated models read this type into.
    pub fn rust_type(self, unsigned: bool) -> Option<RustType> {
        self.rust_types(unsigned).first().copied()
    }
}

/// print-schema's PostgreSQL type of a scalar neutral type (named after its catalog name), or
/// `None` for the types that need more than the neutral type (arrays, enums, bit varying,
/// verbatim types).
pub fn postgres(ty: &ColumnType) -> Option<DieselType> {
    Some(match ty {
        ColumnType::Integer { width: IntWidth::Tiny | IntWidth::Small, .. } | ColumnType::Year => DieselType::Int2,
        ColumnType::Integer { width: IntWidth::Medium | IntWidth::Int, .. } => DieselType::Int4,
        ColumnType::Integer { width: IntWidth::Big, .. } => DieselType::Int8,
        ColumnType::Decimal { .. } => DieselType::Numeric,
        ColumnType::Real => DieselType::Float4,
        ColumnType::Double => DieselType::Float8,
        ColumnType::Bool => DieselType::Bool,
        ColumnType::Text { .. } => DieselType::Text,
        ColumnType::Varchar { .. } => DieselType::Varchar,
        ColumnType::Char { .. } => DieselType::Bpchar,
        ColumnType::Bytes { .. } | ColumnType::Binary { .. } => DieselType::Bytea,
        ColumnType::Bit { varying: false, .. } => DieselType::Bit,
        ColumnType::Date => DieselType::Date,
        ColumnType::Time { .. } => DieselType::Time,
        ColumnType::Timestamp { .. } => DieselType::Timestamp,
        ColumnType::TimestampTz { .. } => DieselType::Timestamptz,
        ColumnType::Interval => DieselType::Interval,
        ColumnType::Uuid => DieselType::Uuid,
        ColumnType::Json => DieselType::Json,
        ColumnType::Jsonb => DieselType::Jsonb,
        ColumnType::Bit { varying: true, .. }
        | ColumnType::Set { .. }
        | ColumnType::Enum { .. }
        | ColumnType::Array { .. }
        | ColumnType::Other { .. } => return None,
    })
}

/// print-schema's MySQL type of a neutral type (named after the catalog's column type), or
/// `None` for the types MySQL declares per column (enums, sets) or that Diesel has no MySQL type
/// for. Where print-schema's name would not compile (it declares a custom SQL type for
/// `MEDIUMINT` and `YEAR`, which Diesel's MySQL backend has no type for), the type is the one
/// Diesel reads those columns as. [`mysql_unsigned`] says which take `Unsigned<..>`.
pub fn mysql(ty: &ColumnType) -> Option<DieselType> {
    Some(match ty {
        ColumnType::Integer { width, .. } => match width {
            IntWidth::Tiny => DieselType::Tinyint,
            IntWidth::Small => DieselType::Smallint,
            // print-schema: a custom `Mediumint` type, which does not compile; Diesel reads
            // MEDIUMINT (MYSQL_TYPE_INT24) as an Integer.
            IntWidth::Medium | IntWidth::Int => DieselType::Integer,
            IntWidth::Big => DieselType::Bigint,
        },
        // `tinyint(1)` and `BOOL`.
        ColumnType::Bool => DieselType::Bool,
        ColumnType::Decimal { .. } => DieselType::Decimal,
        ColumnType::Real => DieselType::Float,
        ColumnType::Double => DieselType::Double,
        ColumnType::Text { size } => match size {
            None => DieselType::Text,
            Some(LobSize::Tiny) => DieselType::Tinytext,
            Some(LobSize::Medium) => DieselType::Mediumtext,
            Some(LobSize::Long) => DieselType::Longtext,
        },
        ColumnType::Bytes { size } => match size {
            None => DieselType::Blob,
            Some(LobSize::Tiny) => DieselType::Tinyblob,
            Some(LobSize::Medium) => DieselType::Mediumblob,
            Some(LobSize::Long) => DieselType::Longblob,
        },
        ColumnType::Varchar { .. } => DieselType::Varchar,
        ColumnType::Char { .. } => DieselType::Char,
        ColumnType::Binary { varying: true, .. } => DieselType::Varbinary,
        ColumnType::Binary { varying: false, .. } => DieselType::Binary,
        ColumnType::Bit { .. } => DieselType::Bit,
        // print-schema: a custom `Year` type, which does not compile; Diesel reads YEAR
        // (MYSQL_TYPE_YEAR, always flagged unsigned) as an unsigned SMALLINT.
        ColumnType::Year => DieselType::Smallint,
        ColumnType::Date => DieselType::Date,
        ColumnType::Time { .. } => DieselType::Time,
        // MySQL's DATETIME; its TIMESTAMP is the zoned type.
        ColumnType::Timestamp { .. } => DieselType::Datetime,
        ColumnType::TimestampTz { .. } => DieselType::Timestamp,
        ColumnType::Json | ColumnType::Jsonb => DieselType::Json,
        // Types MySQL does not have, from another dialect's schema: what the SQL backend writes.
        ColumnType::Uuid | ColumnType::Interval => DieselType::Text,
        ColumnType::Array { .. } => DieselType::Json,
        ColumnType::Set { .. } | ColumnType::Enum { .. } | ColumnType::Other { .. } => return None,
    })
}

/// Whether [`mysql`]'s type of `ty` is `Unsigned<..>`.
pub fn mysql_unsigned(ty: &ColumnType) -> bool {
    matches!(ty, ColumnType::Integer { unsigned: true, .. } | ColumnType::Year)
}

/// The SQLite type of a neutral type where the declared spelling says nothing (print-schema's
/// rules on the declared type come first; see the Diesel backend), or `None` for a verbatim type.
pub fn sqlite(ty: &ColumnType) -> Option<DieselType> {
    Some(match ty {
        ColumnType::Integer { width: IntWidth::Tiny | IntWidth::Small, .. } => DieselType::SmallInt,
        ColumnType::Integer { width: IntWidth::Medium | IntWidth::Int, .. } | ColumnType::Year => DieselType::Integer,
        ColumnType::Integer { width: IntWidth::Big, .. } => DieselType::BigInt,
        ColumnType::Decimal { .. } | ColumnType::Double => DieselType::Double,
        ColumnType::Real => DieselType::Float,
        ColumnType::Bool => DieselType::Bool,
        // The SQL backend stores arrays as JSON text, and sets and enums as text.
        ColumnType::Text { .. }
        | ColumnType::Varchar { .. }
        | ColumnType::Char { .. }
        | ColumnType::Uuid
        | ColumnType::Json
        | ColumnType::Jsonb
        | ColumnType::Interval
        | ColumnType::Enum { .. }
        | ColumnType::Set { .. }
        | ColumnType::Array { .. } => DieselType::Text,
        ColumnType::Bytes { .. } | ColumnType::Binary { .. } | ColumnType::Bit { .. } => DieselType::Binary,
        ColumnType::Date => DieselType::Date,
        ColumnType::Time { .. } => DieselType::Time,
        ColumnType::Timestamp { .. } | ColumnType::TimestampTz { .. } => DieselType::Timestamp,
        ColumnType::Other { .. } => return None,
    })
}

/// The Diesel SQL type of a scalar column in `dialect`, as the backend writes it where the
/// declared spelling and per-column declarations play no part: what the derive's trait bounds
/// name.
pub fn for_dialect(ty: &ColumnType, dialect: Dialect) -> Option<DieselType> {
    match dialect {
        Dialect::Postgres => postgres(ty),
        Dialect::Mysql => mysql(ty),
        Dialect::Sqlite => sqlite(ty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_variants_and_postgres_names_resolve() {
        assert_eq!(DieselType::Timestamptz.name(), "Timestamptz");
        assert_eq!(DieselType::postgres_named("Int4"), Some(DieselType::Int4));
        // A MySQL-only spelling is no PostgreSQL type: print-schema declares such a type itself.
        assert_eq!(DieselType::postgres_named("Longblob"), None);
    }

    #[test]
    fn aliases_read_into_one_rust_type_and_unsigned_widens_nothing() {
        for t in [DieselType::SmallInt, DieselType::Smallint, DieselType::Int2] {
            assert_eq!(t.rust_type(false).unwrap().path, "i16");
            assert_eq!(t.rust_type(true).unwrap().path, "u16");
        }
        assert_eq!(DieselType::Timestamptz.rust_type(false).unwrap().path, "chrono::DateTime<chrono::Utc>");
        assert!(DieselType::Inet.rust_type(false).is_none());
    }
}

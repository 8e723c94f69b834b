//! Column types, in the two steps sea-orm-cli takes: what sea-schema reads a database column as
//! (a sea-query `ColumnType`, here [`SeaType`], worked out from the model's typed facts per
//! dialect in `server.rs` and `sqlite.rs`), then what sea-orm-codegen writes for that type: the
//! Rust type, the `column_type` attribute and the `ColumnType` expression of the expanded format.
//! No step looks at a column's declared type text: every rule keys on `ColumnType`.

mod server;
mod sqlite;

use codegen_core::{ColumnType, Dialect, QualifiedName};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::options::{DateTimeCrate, SeaOrmOptions};

/// A column's type as sea-query's `ColumnType` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeaType {
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
    Array(Box<SeaType>),
    /// A type SeaORM has no form for: sea-orm-cli reads it as text and leaves it out of every
    /// query (`ignore`).
    Custom(String),
}

/// What sea-schema reads a column of type `ty` as, in `dialect`'s database.
pub fn sea_type(ty: &ColumnType, dialect: Option<Dialect>) -> SeaType {
    match dialect {
        Some(Dialect::Sqlite) => sqlite::sea_type(ty),
        _ => server::sea_type(ty, dialect == Some(Dialect::Mysql)),
    }
}

/// How one column is typed in a `Model`.
#[derive(Debug, Clone)]
pub struct FieldType {
    /// The Rust type, without the `Option` a nullable column adds.
    pub rust: TokenStream,
    /// The `column_type = "..."` value, where the Rust type alone does not determine it.
    pub column_type: Option<String>,
    /// Whether the type has no `Eq` (floats), which takes `Eq` off the model's derives.
    pub is_float: bool,
    /// The enum the column holds (looking through arrays), for the `use` of its Rust type.
    pub enum_name: Option<QualifiedName>,
    /// A type SeaORM has no form for: the column is kept as text and marked `ignore`.
    pub unsupported: Option<String>,
    /// The SQL type the column is read as (`select_as`), where SeaORM cannot decode what the
    /// database stores: see [`select_as`].
    pub select_as: Option<&'static str>,
}

/// The Rust side of `ty`; `enum_ident` names the Rust type of an enum column.
pub fn field_type(
    ty: &ColumnType,
    options: &SeaOrmOptions,
    enum_ident: &dyn Fn(&QualifiedName) -> String,
) -> FieldType {
    let sea = sea_type(ty, options.dialect);
    let mut is_float = false;
    let rust = rust_type(&sea, options, enum_ident, &mut is_float);
    let unsupported = match &sea {
        SeaType::Custom(raw) => Some(raw.clone()),
        SeaType::VarBit(_) => Some("bit varying".into()),
        _ => None,
    };
    FieldType {
        rust,
        column_type: column_type_attribute(&sea),
        is_float,
        enum_name: ty.enum_name().cloned(),
        unsupported,
        select_as: select_as(&sea, options.dialect),
    }
}

/// SQLite stores a NUMERIC or DECIMAL value that is a whole number (`20.00`, `7`) as an INTEGER,
/// and SeaORM decodes a `Decimal` on SQLite through an `f64`, which sqlx refuses from an INTEGER
/// ("mismatched types": the whole query fails). sea-orm-cli's `DECIMAL(p, s)` entities fail so on
/// every whole amount; ours read the column as REAL, which holds every value SQLite keeps there.
fn select_as(sea: &SeaType, dialect: Option<Dialect>) -> Option<&'static str> {
    (dialect == Some(Dialect::Sqlite) && matches!(sea, SeaType::Decimal(_))).then_some("REAL")
}

/// sea-orm-codegen's `column_type = "..."` attribute: only where the Rust type leaves the
/// column type open. `Year` and `Bit` are ours (sea-orm-cli writes none, so SeaORM would create
/// an integer or a `Vec<u8>`'s binary column).
fn column_type_attribute(sea: &SeaType) -> Option<String> {
    Some(match sea {
        SeaType::Float => "Float".into(),
        SeaType::Double => "Double".into(),
        SeaType::Decimal(Some((p, s))) => format!("Decimal(Some(({p}, {s})))"),
        SeaType::Text => "Text".into(),
        SeaType::JsonBinary => "JsonBinary".into(),
        SeaType::Blob => "Blob".into(),
        SeaType::Binary(n) => format!("Binary({n})"),
        SeaType::VarBinary(Some(n)) => format!("VarBinary(StringLen::N({n}))"),
        SeaType::VarBinary(None) => "VarBinary(StringLen::None)".into(),
        SeaType::Bit(length) => format!("Bit({length:?})"),
        SeaType::Year => "Year".into(),
        _ => return None,
    })
}

/// sea-orm-codegen's Rust type, except where it does not work: a MySQL `TIMESTAMP` is stored in
/// UTC and read back in UTC; with the time crate sea-orm-cli writes `TimeDateTime`, which sqlx
/// refuses to decode from a TIMESTAMP ("mismatched types"), so that is `TimeDateTimeWithTimeZone`.
/// `YEAR` is a `u16`: sqlx decodes it into no signed type (sea-orm-cli's `i32` fails on every
/// read). Bit strings are bytes.
fn rust_type(
    sea: &SeaType,
    options: &SeaOrmOptions,
    enum_ident: &dyn Fn(&QualifiedName) -> String,
    is_float: &mut bool,
) -> TokenStream {
    let chrono = options.date_time_crate == DateTimeCrate::Chrono;
    let mysql = options.dialect == Some(Dialect::Mysql);
    let name = match sea {
        SeaType::TinyInteger => "i8",
        SeaType::SmallInteger => "i16",
        SeaType::Integer => "i32",
        SeaType::BigInteger => "i64",
        SeaType::TinyUnsigned => "u8",
        SeaType::SmallUnsigned => "u16",
        SeaType::Unsigned => "u32",
        SeaType::BigUnsigned => "u64",
        SeaType::Float => {
            *is_float = true;
            "f32"
        }
        SeaType::Double => {
            *is_float = true;
            "f64"
        }
        SeaType::Decimal(_) => "Decimal",
        SeaType::Boolean => "bool",
        SeaType::Char(_)
        | SeaType::String(_)
        | SeaType::Text
        | SeaType::Interval
        | SeaType::Set
        | SeaType::Custom(_) => "String",
        SeaType::Year => "u16",
        SeaType::Binary(_) | SeaType::VarBinary(_) | SeaType::Blob | SeaType::Bit(_) | SeaType::VarBit(_) => {
            return quote!(Vec<u8>);
        }
        SeaType::Date if chrono => "Date",
        SeaType::Date => "TimeDate",
        SeaType::Time if chrono => "Time",
        SeaType::Time => "TimeTime",
        SeaType::DateTime if chrono => "DateTime",
        SeaType::DateTime => "TimeDateTime",
        SeaType::Timestamp if chrono => "DateTimeUtc",
        SeaType::Timestamp if mysql => "TimeDateTimeWithTimeZone",
        SeaType::Timestamp => "TimeDateTime",
        SeaType::TimestampWithTimeZone if chrono => "DateTimeWithTimeZone",
        SeaType::TimestampWithTimeZone => "TimeDateTimeWithTimeZone",
        SeaType::Uuid => "Uuid",
        SeaType::Json | SeaType::JsonBinary => "Json",
        SeaType::Enum(name) => {
            let ident = format_ident!("{}", enum_ident(name));
            return quote!(#ident);
        }
        SeaType::Array(element) => {
            let inner = rust_type(element, options, enum_ident, is_float);
            return quote!(Vec<#inner>);
        }
    };
    let ident = format_ident!("{name}");
    quote!(#ident)
}

/// The `ColumnType` expression the expanded format's `ColumnTrait::def` starts from, as
/// sea-orm-cli writes it for what sea-schema reads.
pub fn column_type_expr(
    ty: &ColumnType,
    options: &SeaOrmOptions,
    enum_ident: &dyn Fn(&QualifiedName) -> String,
) -> TokenStream {
    column_type_tokens(&sea_type(ty, options.dialect), enum_ident)
}

fn column_type_tokens(sea: &SeaType, enum_ident: &dyn Fn(&QualifiedName) -> String) -> TokenStream {
    let simple = |name: &str| {
        let ident = format_ident!("{name}");
        quote!(ColumnType::#ident)
    };
    match sea {
        SeaType::Char(Some(n)) => quote!(ColumnType::Char(Some(#n))),
        SeaType::Char(None) => quote!(ColumnType::Char(None)),
        SeaType::String(Some(n)) => quote!(ColumnType::String(StringLen::N(#n))),
        SeaType::String(None) => quote!(ColumnType::String(StringLen::None)),
        SeaType::Text => simple("Text"),
        SeaType::TinyInteger => simple("TinyInteger"),
        SeaType::SmallInteger => simple("SmallInteger"),
        SeaType::Integer => simple("Integer"),
        SeaType::BigInteger => simple("BigInteger"),
        SeaType::TinyUnsigned => simple("TinyUnsigned"),
        SeaType::SmallUnsigned => simple("SmallUnsigned"),
        SeaType::Unsigned => simple("Unsigned"),
        SeaType::BigUnsigned => simple("BigUnsigned"),
        SeaType::Float => simple("Float"),
        SeaType::Double => simple("Double"),
        SeaType::Decimal(Some((p, s))) => quote!(ColumnType::Decimal(Some((#p, #s)))),
        SeaType::Decimal(None) => quote!(ColumnType::Decimal(None)),
        SeaType::DateTime => simple("DateTime"),
        SeaType::Timestamp => simple("Timestamp"),
        SeaType::TimestampWithTimeZone => simple("TimestampWithTimeZone"),
        SeaType::Time => simple("Time"),
        SeaType::Date => simple("Date"),
        SeaType::Year => simple("Year"),
        SeaType::Interval => quote!(ColumnType::Interval(None, None)),
        SeaType::Binary(n) => quote!(ColumnType::Binary(#n)),
        SeaType::VarBinary(Some(n)) => quote!(ColumnType::VarBinary(StringLen::N(#n))),
        SeaType::VarBinary(None) => quote!(ColumnType::VarBinary(StringLen::None)),
        SeaType::Blob => simple("Blob"),
        SeaType::Bit(Some(n)) => quote!(ColumnType::Bit(Some(#n))),
        SeaType::Bit(None) => quote!(ColumnType::Bit(None)),
        SeaType::VarBit(n) => quote!(ColumnType::VarBit(#n)),
        SeaType::Boolean => simple("Boolean"),
        SeaType::Json => simple("Json"),
        SeaType::JsonBinary => simple("JsonBinary"),
        SeaType::Uuid => simple("Uuid"),
        SeaType::Enum(name) => {
            let ident = format_ident!("{}", enum_ident(name));
            quote!(#ident::db_type().get_column_type().to_owned())
        }
        SeaType::Set => quote!(ColumnType::custom("set")),
        SeaType::Array(element) => {
            let inner = column_type_tokens(element, enum_ident);
            quote!(ColumnType::Array(RcOrArc::new(#inner)))
        }
        SeaType::Custom(raw) => quote!(ColumnType::custom(#raw)),
    }
}

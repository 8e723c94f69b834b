//! Column types: the neutral type to the Rust field type and the `column_type` attribute, as
//! sea-orm-cli writes them for what sea-schema reads from the database.

use codegen_core::{ColumnType, IntWidth, QualifiedName};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::options::{DateTimeCrate, SeaOrmOptions};
use codegen_core::Dialect;

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
    /// A type the model could not map: the column is kept as text and marked `ignore`.
    pub unsupported: Option<String>,
}

/// The Rust side of `ty`; `enum_ident` names the Rust type of an enum column.
pub fn field_type(
    ty: &ColumnType,
    declared: &str,
    options: &SeaOrmOptions,
    enum_ident: &dyn Fn(&QualifiedName) -> String,
) -> FieldType {
    let sqlite_ty;
    let ty = if options.dialect == Some(Dialect::Sqlite) {
        sqlite_ty = sqlite_storage(ty);
        &sqlite_ty
    } else {
        ty
    };
    let dates = options.date_time_crate;
    let mut out =
        FieldType { rust: TokenStream::new(), column_type: None, is_float: false, enum_name: None, unsupported: None };
    let mysql = options.dialect == Some(Dialect::Mysql);
    out.rust = rust_type(ty, dates, mysql, enum_ident, &mut out.is_float);
    out.enum_name = ty.enum_name().cloned();
    out.column_type = match ty {
        ColumnType::Real => Some("Float".into()),
        ColumnType::Double => Some("Double".into()),
        ColumnType::Decimal { precision: Some(p), scale } => {
            Some(format!("Decimal(Some(({p}, {})))", scale.unwrap_or(0)))
        }
        ColumnType::Text { .. } => Some("Text".into()),
        ColumnType::Jsonb => Some("JsonBinary".into()),
        ColumnType::Bytes { .. } if blob_dialect(options.dialect) => Some("Blob".into()),
        ColumnType::Bytes { .. } => Some("VarBinary(StringLen::None)".into()),
        ColumnType::Binary { length, varying: false } => Some(format!("Binary({})", length.unwrap_or(1))),
        ColumnType::Binary { length: Some(n), varying: true } => Some(format!("VarBinary(StringLen::N({n}))")),
        ColumnType::Binary { length: None, varying: true } => Some("VarBinary(StringLen::None)".into()),
        ColumnType::Bit { length, varying: false } => Some(format!("Bit({length:?})")),
        ColumnType::Year => Some("Year".into()),
        _ => None,
    };
    match ty {
        ColumnType::Other { raw } => out.unsupported = Some(raw.clone()),
        ColumnType::Bit { varying: true, .. } => out.unsupported = Some("bit varying".into()),
        ColumnType::Set { .. } if !mysql => out.unsupported = Some("SET".into()),
        _ => {}
    }
    let _ = declared;
    out
}

/// Where sea-schema reads an unbounded bytes column as `Blob` (PostgreSQL's `bytea` is `VarBinary`).
fn blob_dialect(dialect: Option<Dialect>) -> bool {
    matches!(dialect, Some(Dialect::Mysql | Dialect::Sqlite))
}

/// `mysql`: a MySQL `TIMESTAMP` is stored in UTC and read back in UTC, so, as sea-orm-cli types
/// it, chrono's `DateTimeUtc`. With the time crate sea-orm-cli writes `TimeDateTime`, which sqlx
/// refuses to decode from a TIMESTAMP ("mismatched types"), so that stays `TimeDateTimeWithTimeZone`.
/// `YEAR` is a `u16`: sqlx decodes it into no signed type (sea-orm-cli's `i32` fails on every read).
fn rust_type(
    ty: &ColumnType,
    dates: DateTimeCrate,
    mysql: bool,
    enum_ident: &dyn Fn(&QualifiedName) -> String,
    is_float: &mut bool,
) -> TokenStream {
    let chrono = dates == DateTimeCrate::Chrono;
    let name = match ty {
        ColumnType::Integer { width, unsigned: false } => match width {
            IntWidth::Tiny => "i8",
            IntWidth::Small => "i16",
            IntWidth::Medium | IntWidth::Int => "i32",
            IntWidth::Big => "i64",
        },
        ColumnType::Integer { width, unsigned: true } => match width {
            IntWidth::Tiny => "u8",
            IntWidth::Small => "u16",
            IntWidth::Medium | IntWidth::Int => "u32",
            IntWidth::Big => "u64",
        },
        ColumnType::Decimal { .. } => "Decimal",
        ColumnType::Real => {
            *is_float = true;
            "f32"
        }
        ColumnType::Double => {
            *is_float = true;
            "f64"
        }
        ColumnType::Bool => "bool",
        ColumnType::Text { .. } | ColumnType::Varchar { .. } | ColumnType::Char { .. } | ColumnType::Interval => {
            "String"
        }
        ColumnType::Year => "u16",
        ColumnType::Other { .. } | ColumnType::Set { .. } => "String",
        ColumnType::Bytes { .. } | ColumnType::Binary { .. } | ColumnType::Bit { .. } => return quote!(Vec<u8>),
        ColumnType::Date if chrono => "Date",
        ColumnType::Date => "TimeDate",
        ColumnType::Time { .. } if chrono => "Time",
        ColumnType::Time { .. } => "TimeTime",
        ColumnType::Timestamp { .. } if chrono => "DateTime",
        ColumnType::Timestamp { .. } => "TimeDateTime",
        ColumnType::TimestampTz { .. } if mysql && chrono => "DateTimeUtc",
        ColumnType::TimestampTz { .. } if chrono => "DateTimeWithTimeZone",
        ColumnType::TimestampTz { .. } => "TimeDateTimeWithTimeZone",
        ColumnType::Uuid => "Uuid",
        ColumnType::Json | ColumnType::Jsonb => "Json",
        ColumnType::Enum { name } => {
            let ident = format_ident!("{}", enum_ident(name));
            return quote!(#ident);
        }
        ColumnType::Array { element } => {
            let inner = rust_type(element, dates, mysql, enum_ident, is_float);
            return quote!(Vec<#inner>);
        }
    };
    let ident = format_ident!("{name}");
    quote!(#ident)
}

/// SQLite stores every integer as 8 bytes and every float as a double; sea-orm-cli types them so.
fn sqlite_storage(ty: &ColumnType) -> ColumnType {
    match ty {
        ColumnType::Integer { .. } => ColumnType::BIGINT,
        ColumnType::Real => ColumnType::Double,
        other => other.clone(),
    }
}

/// The `ColumnType` expression the expanded format's `ColumnTrait::def` starts from, as
/// sea-orm-cli writes it for what sea-schema reads.
pub fn column_type_expr(
    ty: &ColumnType,
    declared: &str,
    options: &SeaOrmOptions,
    enum_ident: &dyn Fn(&QualifiedName) -> String,
) -> TokenStream {
    let sqlite_ty;
    let ty = if options.dialect == Some(Dialect::Sqlite) {
        sqlite_ty = sqlite_storage(ty);
        &sqlite_ty
    } else {
        ty
    };
    let _ = declared;
    column_type_inner(ty, blob_dialect(options.dialect), options.dialect == Some(Dialect::Mysql), enum_ident)
}

fn column_type_inner(
    ty: &ColumnType,
    declared_blob: bool,
    mysql: bool,
    enum_ident: &dyn Fn(&QualifiedName) -> String,
) -> TokenStream {
    let simple = |name: &str| {
        let ident = format_ident!("{name}");
        quote!(ColumnType::#ident)
    };
    match ty {
        ColumnType::Integer { width, unsigned } => simple(match (width, unsigned) {
            (IntWidth::Tiny, false) => "TinyInteger",
            (IntWidth::Small, false) => "SmallInteger",
            (IntWidth::Medium | IntWidth::Int, false) => "Integer",
            (IntWidth::Big, false) => "BigInteger",
            (IntWidth::Tiny, true) => "TinyUnsigned",
            (IntWidth::Small, true) => "SmallUnsigned",
            (IntWidth::Medium | IntWidth::Int, true) => "Unsigned",
            (IntWidth::Big, true) => "BigUnsigned",
        }),
        ColumnType::Decimal { precision: Some(p), scale } => {
            let s = scale.unwrap_or(0);
            quote!(ColumnType::Decimal(Some((#p, #s))))
        }
        ColumnType::Decimal { precision: None, .. } => quote!(ColumnType::Decimal(None)),
        ColumnType::Real => simple("Float"),
        ColumnType::Double => simple("Double"),
        ColumnType::Bool => simple("Boolean"),
        ColumnType::Text { .. } => simple("Text"),
        ColumnType::Varchar { length: Some(n), .. } => quote!(ColumnType::String(StringLen::N(#n))),
        ColumnType::Varchar { length: None, .. } => quote!(ColumnType::String(StringLen::None)),
        ColumnType::Char { length: Some(n), .. } => quote!(ColumnType::Char(Some(#n))),
        ColumnType::Char { length: None, .. } => quote!(ColumnType::Char(None)),
        ColumnType::Bytes { .. } if mysql || declared_blob => simple("Blob"),
        ColumnType::Bytes { .. } => quote!(ColumnType::VarBinary(StringLen::None)),
        ColumnType::Binary { length, varying: false } => {
            let n = length.unwrap_or(1);
            quote!(ColumnType::Binary(#n))
        }
        ColumnType::Binary { length: Some(n), varying: true } => quote!(ColumnType::VarBinary(StringLen::N(#n))),
        ColumnType::Binary { length: None, varying: true } => quote!(ColumnType::VarBinary(StringLen::None)),
        ColumnType::Bit { length, varying: false } => match length {
            Some(n) => quote!(ColumnType::Bit(Some(#n))),
            None => quote!(ColumnType::Bit(None)),
        },
        ColumnType::Bit { length, varying: true } => {
            let n = length.unwrap_or(1);
            quote!(ColumnType::VarBit(#n))
        }
        ColumnType::Year => simple("Year"),
        ColumnType::Set { .. } => quote!(ColumnType::custom("set")),
        ColumnType::Date => simple("Date"),
        ColumnType::Time { .. } => simple("Time"),
        ColumnType::Timestamp { .. } => simple("DateTime"),
        ColumnType::TimestampTz { .. } if mysql => simple("Timestamp"),
        ColumnType::TimestampTz { .. } => simple("TimestampWithTimeZone"),
        ColumnType::Interval => quote!(ColumnType::Interval(None, None)),
        ColumnType::Uuid => simple("Uuid"),
        ColumnType::Json => simple("Json"),
        ColumnType::Jsonb => simple("JsonBinary"),
        ColumnType::Enum { name } => {
            let ident = format_ident!("{}", enum_ident(name));
            quote!(#ident::db_type().get_column_type().to_owned())
        }
        ColumnType::Array { element } => {
            let inner = column_type_inner(element, declared_blob, mysql, enum_ident);
            quote!(ColumnType::Array(RcOrArc::new(#inner)))
        }
        ColumnType::Other { raw } => quote!(ColumnType::custom(#raw)),
    }
}

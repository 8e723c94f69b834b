//! Lowering sqlparser data types to neutral column types.

use sqlparser::ast::{ArrayElemTypeDef, CharacterLength, DataType, ExactNumberInfo, TimezoneInfo};

use crate::dialect::Dialect;
use crate::model::{AutoIncrement, ColumnType, IntWidth, LobSize};

/// A lowered type; `serial` is set for PostgreSQL's `serial` pseudo-types, which are an integer
/// plus an auto-increment default.
pub(crate) struct LoweredType {
    pub ty: ColumnType,
    pub serial: Option<AutoIncrement>,
}

fn int(width: IntWidth, unsigned: bool) -> ColumnType {
    ColumnType::Integer { width, unsigned }
}

fn char_len(len: &Option<CharacterLength>) -> Option<u32> {
    match len {
        Some(CharacterLength::IntegerLength { length, .. }) => Some(*length as u32),
        _ => None,
    }
}

fn precision(p: &Option<u64>) -> Option<u32> {
    p.map(|p| p as u32)
}

fn decimal(info: &ExactNumberInfo) -> ColumnType {
    match info {
        ExactNumberInfo::None => ColumnType::Decimal { precision: None, scale: None },
        ExactNumberInfo::Precision(p) => ColumnType::Decimal { precision: Some(*p as u32), scale: None },
        ExactNumberInfo::PrecisionAndScale(p, s) => {
            ColumnType::Decimal { precision: Some(*p as u32), scale: Some((*s).max(0) as u32) }
        }
    }
}

/// Lower a declared type. Never fails: what has no neutral form becomes `Other`.
pub(crate) fn lower_type(data_type: &DataType, dialect: Dialect) -> LoweredType {
    let plain = |ty| LoweredType { ty, serial: None };
    let ty = match data_type {
        DataType::TinyInt(Some(1)) if dialect == Dialect::Mysql => ColumnType::Bool,
        DataType::TinyInt(_) => int(IntWidth::Tiny, false),
        DataType::TinyIntUnsigned(_) | DataType::UTinyInt => int(IntWidth::Tiny, true),
        DataType::Int2(_) | DataType::SmallInt(_) | DataType::Int16 => int(IntWidth::Small, false),
        DataType::Int2Unsigned(_) | DataType::SmallIntUnsigned(_) | DataType::USmallInt => int(IntWidth::Small, true),
        DataType::MediumInt(_) => int(IntWidth::Medium, false),
        DataType::MediumIntUnsigned(_) => int(IntWidth::Medium, true),
        // SQLite's INT8 and friends are still just INTEGER affinity; keep the declared width.
        DataType::Int(_) | DataType::Int4(_) | DataType::Integer(_) | DataType::Int32 | DataType::Signed => {
            int(IntWidth::Int, false)
        }
        DataType::IntUnsigned(_) | DataType::Int4Unsigned(_) | DataType::IntegerUnsigned(_) | DataType::UInt32 => {
            int(IntWidth::Int, true)
        }
        DataType::BigInt(_) | DataType::Int8(_) | DataType::Int64 => int(IntWidth::Big, false),
        DataType::BigIntUnsigned(_) | DataType::UBigInt | DataType::Int8Unsigned(_) | DataType::UInt64 => {
            int(IntWidth::Big, true)
        }
        DataType::Numeric(info) | DataType::Decimal(info) | DataType::Dec(info) => decimal(info),
        DataType::Real | DataType::Float4 | DataType::Float32 => ColumnType::Real,
        DataType::Float(ExactNumberInfo::Precision(p)) if *p <= 24 => ColumnType::Real,
        DataType::Float(ExactNumberInfo::None) if dialect == Dialect::Mysql => ColumnType::Real,
        DataType::Float(_) | DataType::Float8 | DataType::Float64 | DataType::Double(_) | DataType::DoublePrecision => {
            ColumnType::Double
        }
        DataType::Bool | DataType::Boolean => ColumnType::Bool,
        DataType::Text | DataType::String(None) => ColumnType::TEXT,
        DataType::TinyText => ColumnType::Text { size: Some(LobSize::Tiny) },
        DataType::MediumText => ColumnType::Text { size: Some(LobSize::Medium) },
        DataType::LongText => ColumnType::Text { size: Some(LobSize::Long) },
        DataType::Varchar(len) | DataType::CharacterVarying(len) | DataType::CharVarying(len) => {
            ColumnType::Varchar { length: char_len(len), national: false }
        }
        DataType::Nvarchar(len) => ColumnType::Varchar { length: char_len(len), national: true },
        DataType::Char(len) | DataType::Character(len) => ColumnType::Char { length: char_len(len), national: false },
        DataType::Bytea | DataType::Blob(_) | DataType::Bytes(_) => ColumnType::BYTES,
        DataType::TinyBlob => ColumnType::Bytes { size: Some(LobSize::Tiny) },
        DataType::MediumBlob => ColumnType::Bytes { size: Some(LobSize::Medium) },
        DataType::LongBlob => ColumnType::Bytes { size: Some(LobSize::Long) },
        DataType::Binary(len) => ColumnType::Binary { length: len.map(|n| n as u32), varying: false },
        DataType::Varbinary(len) => ColumnType::Binary {
            length: match len {
                Some(sqlparser::ast::BinaryLength::IntegerLength { length }) => Some(*length as u32),
                _ => None,
            },
            varying: true,
        },
        DataType::Bit(len) => ColumnType::Bit { length: len.map(|n| n as u32), varying: false },
        DataType::BitVarying(len) => ColumnType::Bit { length: len.map(|n| n as u32), varying: true },
        DataType::Date => ColumnType::Date,
        DataType::Time(p, TimezoneInfo::None | TimezoneInfo::WithoutTimeZone) => {
            ColumnType::Time { precision: precision(p) }
        }
        // Only SQLite has both spellings for one meaning; MySQL's TIMESTAMP is the zoned type.
        DataType::Datetime(p) => {
            ColumnType::Timestamp { precision: precision(p), datetime: dialect == Dialect::Sqlite }
        }
        // MySQL's TIMESTAMP converts to and from UTC: it is the zoned type there.
        DataType::Timestamp(p, TimezoneInfo::None) if dialect == Dialect::Mysql => {
            ColumnType::TimestampTz { precision: precision(p) }
        }
        DataType::Timestamp(p, TimezoneInfo::None | TimezoneInfo::WithoutTimeZone) => {
            ColumnType::Timestamp { precision: precision(p), datetime: false }
        }
        DataType::Timestamp(p, TimezoneInfo::Tz | TimezoneInfo::WithTimeZone) => {
            ColumnType::TimestampTz { precision: precision(p) }
        }
        DataType::Interval { .. } => ColumnType::Interval,
        DataType::Uuid => ColumnType::Uuid,
        DataType::Set(values) => ColumnType::Set { values: values.clone() },
        DataType::JSON => ColumnType::Json,
        DataType::JSONB => ColumnType::Jsonb,
        DataType::Array(
            ArrayElemTypeDef::SquareBracket(inner, _)
            | ArrayElemTypeDef::AngleBracket(inner)
            | ArrayElemTypeDef::Parenthesis(inner),
        ) => ColumnType::Array { element: Box::new(lower_type(inner, dialect).ty) },
        DataType::Custom(name, modifiers) if modifiers.is_empty() => {
            let text = name.to_string();
            match text.to_ascii_lowercase().as_str() {
                "serial" | "serial4" => return serial(IntWidth::Int),
                "bigserial" | "serial8" => return serial(IntWidth::Big),
                "smallserial" | "serial2" => return serial(IntWidth::Small),
                "timestamptz" => ColumnType::TimestampTz { precision: None },
                "timetz" => ColumnType::Other { raw: text },
                "int8" | "bigint" => int(IntWidth::Big, false),
                "int4" | "int" | "integer" => int(IntWidth::Int, false),
                "int2" | "smallint" => int(IntWidth::Small, false),
                "double" | "float8" => ColumnType::Double,
                "float4" => ColumnType::Real,
                "bool" => ColumnType::Bool,
                "jsonb" => ColumnType::Jsonb,
                "json" => ColumnType::Json,
                "uuid" => ColumnType::Uuid,
                "bytea" | "blob" => ColumnType::BYTES,
                "datetime" => ColumnType::Timestamp { precision: None, datetime: dialect == Dialect::Sqlite },
                "year" if dialect == Dialect::Mysql => ColumnType::Year,
                "interval" => ColumnType::Interval,
                _ => ColumnType::Other { raw: text },
            }
        }
        DataType::Custom(name, modifiers) => {
            let lower = name.to_string().to_ascii_lowercase();
            let first = modifiers.first().and_then(|m| match m {
                sqlparser::ast::TypeModifier::Number(n, _) => n.parse::<u32>().ok(),
                _ => None,
            });
            match lower.as_str() {
                "timestamptz" => ColumnType::TimestampTz { precision: first },
                "datetime" => ColumnType::Timestamp { precision: first, datetime: dialect == Dialect::Sqlite },
                _ => ColumnType::Other { raw: data_type.to_string() },
            }
        }
        other => ColumnType::Other { raw: other.to_string() },
    };
    plain(ty)
}

fn serial(width: IntWidth) -> LoweredType {
    LoweredType { ty: int(width, false), serial: Some(AutoIncrement::Serial) }
}

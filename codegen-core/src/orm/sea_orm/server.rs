//! PostgreSQL and MySQL/MariaDB: what sea-schema reads each neutral type as. The catalogs of both
//! servers name their types exactly, so the neutral type decides; where sea-orm-cli reads a MySQL
//! type badly (MEDIUMINT, MEDIUMBLOB, JSON on MariaDB: `ignore`d; BLOB as `Binary(255)`) we take
//! the type itself, and the fixtures' differences files say so.

use crate::{ColumnType, IntWidth};

use super::SeaOrmType as SeaType;

pub(super) fn sea_type(ty: &ColumnType, mysql: bool) -> SeaType {
    match ty {
        ColumnType::Integer { width, unsigned: false } => match width {
            IntWidth::Tiny => SeaType::TinyInteger,
            IntWidth::Small => SeaType::SmallInteger,
            IntWidth::Medium | IntWidth::Int => SeaType::Integer,
            IntWidth::Big => SeaType::BigInteger,
        },
        ColumnType::Integer { width, unsigned: true } => match width {
            IntWidth::Tiny => SeaType::TinyUnsigned,
            IntWidth::Small => SeaType::SmallUnsigned,
            IntWidth::Medium | IntWidth::Int => SeaType::Unsigned,
            IntWidth::Big => SeaType::BigUnsigned,
        },
        ColumnType::Decimal { precision: Some(p), scale } => SeaType::Decimal(Some((*p, scale.unwrap_or(0)))),
        ColumnType::Decimal { precision: None, .. } => SeaType::Decimal(None),
        ColumnType::Real => SeaType::Float,
        ColumnType::Double => SeaType::Double,
        ColumnType::Bool => SeaType::Boolean,
        ColumnType::Text { .. } => SeaType::Text,
        ColumnType::Varchar { length, .. } => SeaType::String(*length),
        ColumnType::Char { length, .. } => SeaType::Char(*length),
        // PostgreSQL's bytea is a `VarBinary` to sea-schema; MySQL's BLOBs are blobs.
        ColumnType::Bytes { .. } if mysql => SeaType::Blob,
        ColumnType::Bytes { .. } => SeaType::VarBinary(None),
        ColumnType::Binary { length, varying: false } => SeaType::Binary(length.unwrap_or(1)),
        ColumnType::Binary { length, varying: true } => SeaType::VarBinary(*length),
        ColumnType::Bit { length, varying: false } => SeaType::Bit(*length),
        ColumnType::Bit { length, varying: true } => SeaType::VarBit(length.unwrap_or(1)),
        ColumnType::Year => SeaType::Year,
        ColumnType::Set { .. } if mysql => SeaType::Set,
        ColumnType::Set { .. } => SeaType::Custom("SET".into()),
        ColumnType::Date => SeaType::Date,
        ColumnType::Time { .. } => SeaType::Time,
        ColumnType::Timestamp { .. } => SeaType::DateTime,
        // MySQL's TIMESTAMP is stored in UTC: the model's zoned type, sea-query's `Timestamp`.
        ColumnType::TimestampTz { .. } if mysql => SeaType::Timestamp,
        ColumnType::TimestampTz { .. } => SeaType::TimestampWithTimeZone,
        ColumnType::Interval => SeaType::Interval,
        ColumnType::Uuid => SeaType::Uuid,
        ColumnType::Json => SeaType::Json,
        ColumnType::Jsonb => SeaType::JsonBinary,
        ColumnType::Enum { name } => SeaType::Enum(name.clone()),
        ColumnType::Array { element } => SeaType::Array(Box::new(sea_type(element, mysql))),
        ColumnType::Other { raw } => SeaType::Custom(raw.clone()),
    }
}

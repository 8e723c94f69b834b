//! SQLite: what sea-schema (0.18, under sea-orm-cli 2.0) reads each column as. sea-schema keys on
//! the declared type's name: `tinyint` is `TinyInteger` (`i8`), `smallint` `SmallInteger`
//! (`i16`), any other name holding `int` `BigInteger` (`i64`, SQLite stores every integer in up to
//! 8 bytes); `char(n)`/`varchar(n)` keep their length and any other name holding `char`, `clob`
//! or `text` (`NVARCHAR(160)`, `NCHAR`) is `Text`; `real`, `double` and names holding `floa` or
//! `doub` are `Double`, and only `float` itself is `Float` (`f32`); `decimal(p, s)` is
//! `Decimal`; `timestamp` is `Timestamp` (`DateTimeUtc`); `blob` is `Blob` and `blob(n)`
//! `Binary(n)`; `boolean` is `Boolean`; the names sea-query writes for SQLite (`datetime_text`,
//! `date_text`, `time_text`, `json_text`, `uuid_text`, `varbinary_blob(n)`, `real(p, s)`) read
//! back as their types.
//!
//! Every other name is a custom type that sea-orm-cli leaves out of the model (`ignore`, read as
//! text, never written): `DATE`, `DATETIME`, `TIME`, `NUMERIC(10,2)`, `BOOL`, `JSON`, `UUID`,
//! `BINARY(16)`. SeaORM reads and writes all of these on SQLite (tests/sea-orm-app proves each),
//! so here they keep their type, and the fixtures' differences files list them.
//!
//! The model types columns from the declared name by SQLite's rules, which see a few names
//! alike that sea-schema tells apart (`FLOAT` and `DOUBLE`; `INT2` and `SMALLINT`; `CHARACTER(n)`
//! and `CHAR(n)`): those follow the typed fact, and the fixtures list where that differs.

use crate::{ColumnType, IntWidth};

use super::SeaOrmType as SeaType;

pub(super) fn sea_type(ty: &ColumnType) -> SeaType {
    match ty {
        ColumnType::Integer { width: IntWidth::Tiny, unsigned: false } => SeaType::TinyInteger,
        ColumnType::Integer { width: IntWidth::Small, unsigned: false } => SeaType::SmallInteger,
        ColumnType::Integer { .. } => SeaType::BigInteger,
        // sea-schema takes a precision only with a scale: `DECIMAL(10)` is `Decimal(None)`.
        ColumnType::Decimal { precision: Some(p), scale: Some(s) } => SeaType::Decimal(Some((*p, *s))),
        ColumnType::Decimal { .. } => SeaType::Decimal(None),
        // SQLite stores every float in 8 bytes.
        ColumnType::Real | ColumnType::Double => SeaType::Double,
        ColumnType::Bool => SeaType::Boolean,
        ColumnType::Text { .. }
        | ColumnType::Varchar { national: true, .. }
        | ColumnType::Char { national: true, .. } => SeaType::Text,
        ColumnType::Varchar { length, national: false } => SeaType::String(*length),
        ColumnType::Char { length, national: false } => SeaType::Char(*length),
        ColumnType::Bytes { .. } => SeaType::Blob,
        ColumnType::Timestamp { datetime: true, .. } => SeaType::DateTime,
        ColumnType::Timestamp { datetime: false, .. } => SeaType::Timestamp,
        ColumnType::TimestampTz { .. } => SeaType::TimestampWithTimeZone,
        other => super::server::sea_type(other, false),
    }
}

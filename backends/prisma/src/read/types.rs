//! Prisma scalar types and native type attributes back to neutral column types.

use codegen_core::{ColumnType, Dialect, IntWidth, LobSize};

/// A native type attribute: `@db.VarChar(255)` is `("VarChar", [255])`.
pub struct Native<'a> {
    pub name: &'a str,
    pub args: Vec<u32>,
}

/// The neutral type of a scalar field, or `None` when the scalar or native type is unknown.
pub fn lower_scalar(scalar: &str, native: Option<&Native>, dialect: Dialect) -> Option<ColumnType> {
    use ColumnType as T;
    let arg = |i: usize| native.and_then(|n| n.args.get(i).copied());
    let int = |width, unsigned| T::Integer { width, unsigned };
    // The precision each database uses when none is given: the model keeps it as `None`.
    let precision = |default: u32| arg(0).filter(|p| *p != default);
    let native_name = native.map(|n| n.name);
    Some(match (dialect, scalar, native_name) {
        (_, "Int", None) => T::INT,
        (_, "BigInt", None) => T::BIGINT,
        (_, "Float", None) => T::Double,
        (Dialect::Sqlite, "Decimal", None) => T::Decimal { precision: None, scale: None },
        (_, "Decimal", None) => T::Decimal { precision: Some(65), scale: Some(30) },
        (_, "Boolean", None | Some("Boolean" | "TinyInt")) => T::Bool,
        (Dialect::Mysql, "String", None) => T::Varchar { length: Some(191), national: false },
        (_, "String", None) => T::TEXT,
        (Dialect::Sqlite, "DateTime", None) => T::Timestamp { precision: None, datetime: false },
        (_, "DateTime", None) => T::Timestamp { precision: Some(3), datetime: false },
        (Dialect::Postgres, "Json", None) => T::Jsonb,
        (_, "Json", None) => T::Json,
        (Dialect::Mysql, "Bytes", Some("TinyBlob")) => T::Bytes { size: Some(LobSize::Tiny) },
        (Dialect::Mysql, "Bytes", Some("MediumBlob")) => T::Bytes { size: Some(LobSize::Medium) },
        (Dialect::Mysql, "Bytes", Some("LongBlob")) => T::Bytes { size: Some(LobSize::Long) },
        (Dialect::Mysql, "Bytes", Some("Binary")) => T::Binary { length: arg(0), varying: false },
        (Dialect::Mysql, "Bytes", Some("VarBinary")) => T::Binary { length: arg(0), varying: true },
        (Dialect::Mysql, "Bytes" | "Boolean", Some("Bit")) => T::Bit { length: arg(0), varying: false },
        (Dialect::Postgres, "String", Some("Bit")) => T::Bit { length: arg(0), varying: false },
        (Dialect::Postgres, "String", Some("VarBit")) => T::Bit { length: arg(0), varying: true },
        (Dialect::Mysql, "Int", Some("Year")) => T::Year,
        (_, "Bytes", _) => T::BYTES,

        (_, "Int", Some("SmallInt")) => int(IntWidth::Small, false),
        (_, "Int", Some("Integer" | "Int")) => T::INT,
        (_, "Int", Some("TinyInt")) => int(IntWidth::Tiny, false),
        (_, "Int", Some("MediumInt")) => int(IntWidth::Medium, false),
        (_, "Int", Some("UnsignedTinyInt")) => int(IntWidth::Tiny, true),
        (_, "Int", Some("UnsignedSmallInt")) => int(IntWidth::Small, true),
        (_, "Int", Some("UnsignedMediumInt")) => int(IntWidth::Medium, true),
        (_, "Int", Some("UnsignedInt")) => int(IntWidth::Int, true),
        (_, "BigInt", Some("BigInt")) => T::BIGINT,
        (_, "BigInt", Some("UnsignedBigInt")) => int(IntWidth::Big, true),
        (_, "Float", Some("Real" | "Float")) => T::Real,
        (_, "Float", Some("DoublePrecision" | "Double")) => T::Double,
        (_, "Decimal", Some("Decimal")) => T::Decimal { precision: arg(0), scale: arg(1) },
        (_, "String", Some("Text")) => T::TEXT,
        (_, "String", Some("TinyText")) => T::Text { size: Some(LobSize::Tiny) },
        (_, "String", Some("MediumText")) => T::Text { size: Some(LobSize::Medium) },
        (_, "String", Some("LongText")) => T::Text { size: Some(LobSize::Long) },
        (_, "String", Some("VarChar")) => T::Varchar { length: arg(0), national: false },
        (_, "String", Some("Char")) => T::Char { length: arg(0), national: false },
        (_, "String", Some("Uuid")) => T::Uuid,
        (_, "DateTime", Some("Date")) => T::Date,
        (Dialect::Postgres, "DateTime", Some("Time")) => T::Time { precision: precision(6) },
        (Dialect::Postgres, "DateTime", Some("Timestamp")) => T::Timestamp { precision: precision(6), datetime: false },
        (Dialect::Postgres, "DateTime", Some("Timestamptz")) => T::TimestampTz { precision: precision(6) },
        (_, "DateTime", Some("Time")) => T::Time { precision: precision(0) },
        (_, "DateTime", Some("DateTime")) => T::Timestamp { precision: precision(0), datetime: false },
        (_, "DateTime", Some("Timestamp")) => T::TimestampTz { precision: precision(0) },
        (_, "Json", Some("Json")) => T::Json,
        (_, "Json", Some("JsonB")) => T::Jsonb,
        // Native types the model has no neutral form for (`Money`, `Inet`, `Xml`, ...).
        (_, _, Some(other)) if is_scalar(scalar) => T::Other { raw: native_sql(other, native) },
        _ => return None,
    })
}

/// Prisma's scalar types.
pub fn is_scalar(name: &str) -> bool {
    matches!(name, "Int" | "BigInt" | "Float" | "Decimal" | "Boolean" | "String" | "DateTime" | "Json" | "Bytes")
}

fn native_sql(name: &str, native: Option<&Native>) -> String {
    let args = native.map(|n| n.args.clone()).unwrap_or_default();
    let name = name.to_ascii_lowercase();
    if args.is_empty() {
        name
    } else {
        format!("{name}({})", args.iter().map(u32::to_string).collect::<Vec<_>>().join(", "))
    }
}

/// A SQL spelling of a neutral type, for [`codegen_core::Column::declared_type`].
pub fn declared_type(ty: &ColumnType) -> String {
    use ColumnType as T;
    let sized = |name: &str, a: &Option<u32>| match a {
        Some(a) => format!("{name}({a})"),
        None => name.to_string(),
    };
    match ty {
        T::Integer { width, unsigned } => {
            let name = width.type_name();
            if *unsigned { format!("{name} unsigned") } else { name.into() }
        }
        T::Decimal { precision: Some(p), scale: Some(s) } => format!("decimal({p}, {s})"),
        T::Decimal { precision, .. } => sized("decimal", precision),
        T::Real => "real".into(),
        T::Double => "double precision".into(),
        T::Bool => "boolean".into(),
        T::Text { size: None } => "text".into(),
        T::Text { size: Some(size) } => format!("{}text", size.mysql_prefix().to_ascii_lowercase()),
        T::Varchar { length, .. } => sized("varchar", length),
        T::Char { length, .. } => sized("char", length),
        T::Bytes { size: None } => "bytea".into(),
        T::Bytes { size: Some(size) } => format!("{}blob", size.mysql_prefix().to_ascii_lowercase()),
        T::Binary { length, varying: false } => sized("binary", length),
        T::Binary { length, varying: true } => sized("varbinary", length),
        T::Bit { length, varying: false } => sized("bit", length),
        T::Bit { length, varying: true } => sized("varbit", length),
        T::Year => "year".into(),
        T::Set { values } => format!("set({})", values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")),
        T::Date => "date".into(),
        T::Time { precision } => sized("time", precision),
        T::Timestamp { precision, .. } => sized("timestamp", precision),
        T::TimestampTz { precision } => sized("timestamptz", precision),
        T::Interval => "interval".into(),
        T::Uuid => "uuid".into(),
        T::Json => "json".into(),
        T::Jsonb => "jsonb".into(),
        T::Enum { name } => name.name.clone(),
        T::Array { element } => format!("{}[]", declared_type(element)),
        T::Other { raw } => raw.clone(),
    }
}

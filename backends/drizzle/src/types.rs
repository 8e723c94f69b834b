//! Neutral column types as drizzle-orm column builders, one mapping per dialect, written the way
//! drizzle-kit pull writes them (`varchar({ length: 200 })`, `bigint({ mode: "number" })`,
//! `timestamp({ withTimezone: true, mode: "string" })`).
//!
//! A type drizzle-orm has no builder for (PostgreSQL `bytea` and bit strings, MySQL blobs, bit
//! and SET, anything the model keeps verbatim) becomes a `customType` whose `dataType()` is the
//! SQL backend's spelling, so the DDL drizzle-kit generates from the schema is the SQL backend's.

use codegen_core::{AutoIncrement, Column, ColumnDefault, ColumnType, Dialect, IntWidth, LobSize};

use crate::options::{BigintMode, DateMode, DrizzleOptions};

/// What a value of the column is in TypeScript: decides how a default literal is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Data {
    Number,
    BigInt,
    String,
    Bool,
    /// A `Date` (mode "date"), JSON, a `Buffer` or a custom type: defaults go through `sql`.
    Other,
}

/// One column builder call, before the column's name goes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Builder {
    /// The function called: an import of the dialect's core module, an enum's variable, or a
    /// custom type's binding (see [`Builder::custom`]).
    pub func: String,
    /// The options object's entries, rendered (`length: 200`).
    pub options: Vec<String>,
    /// `.array()` calls (PostgreSQL).
    pub array: usize,
    /// `Some(sql)` when `func` is a custom type with this `dataType()`.
    pub custom: Option<String>,
    /// Where `func` comes from: `true` for the dialect's core module.
    pub imported: bool,
    pub data: Data,
}

impl Builder {
    fn core(func: &str, data: Data) -> Self {
        Self { func: func.into(), options: Vec::new(), array: 0, custom: None, imported: true, data }
    }

    fn with(mut self, option: impl Into<String>) -> Self {
        self.options.push(option.into());
        self
    }

    fn custom(sql: &str) -> Self {
        Self {
            func: String::new(),
            options: Vec::new(),
            array: 0,
            custom: Some(sql.into()),
            imported: false,
            data: Data::Other,
        }
    }

    fn maybe(self, key: &str, value: Option<u32>) -> Self {
        match value {
            Some(v) => self.with(format!("{key}: {v}")),
            None => self,
        }
    }
}

/// The builder for `column` in `options.dialect`; `enum_var` names an enum's variable and
/// `enum_values` gives the values MySQL and SQLite write inline.
pub fn builder(
    column: &Column,
    options: &DrizzleOptions,
    enum_var: &dyn Fn(&codegen_core::QualifiedName) -> Option<String>,
    enum_values: &dyn Fn(&codegen_core::QualifiedName) -> Option<Vec<String>>,
) -> Builder {
    let counter = match &column.default {
        Some(ColumnDefault::AutoIncrement { strategy }) => Some(*strategy),
        _ => None,
    };
    match options.dialect {
        Dialect::Postgres => postgres(&column.ty, counter, options, enum_var),
        Dialect::Mysql => mysql(&column.ty, options, enum_values),
        Dialect::Sqlite => sqlite(&column.ty, enum_values),
    }
}

fn date_mode(builder: Builder, options: &DrizzleOptions) -> Builder {
    match options.date_mode {
        DateMode::String => Builder { data: Data::String, ..builder.with("mode: \"string\"") },
        DateMode::Date => builder.with("mode: \"date\""),
    }
}

fn bigint(func: &str, options: &DrizzleOptions) -> Builder {
    match options.bigint_mode {
        BigintMode::Number => Builder::core(func, Data::Number).with("mode: \"number\""),
        BigintMode::Bigint => Builder::core(func, Data::BigInt).with("mode: \"bigint\""),
    }
}

fn postgres(
    ty: &ColumnType,
    counter: Option<AutoIncrement>,
    options: &DrizzleOptions,
    enum_var: &dyn Fn(&codegen_core::QualifiedName) -> Option<String>,
) -> Builder {
    use ColumnType as T;
    // The SQL backend widens unsigned integers (PostgreSQL has none); so does this mapping.
    let width = match ty {
        T::Integer { width, unsigned: false } => Some(*width),
        T::Integer { width: IntWidth::Tiny, unsigned: true } => Some(IntWidth::Small),
        T::Integer { width: IntWidth::Small | IntWidth::Medium, unsigned: true } => Some(IntWidth::Int),
        T::Integer { width: IntWidth::Int, unsigned: true } => Some(IntWidth::Big),
        T::Integer { width: IntWidth::Big, unsigned: true } if counter.is_some() => Some(IntWidth::Big),
        _ => None,
    };
    if let Some(width) = width {
        return match (width, counter) {
            (IntWidth::Tiny | IntWidth::Small, Some(AutoIncrement::Serial)) => {
                Builder::core("smallserial", Data::Number)
            }
            (IntWidth::Medium | IntWidth::Int, Some(AutoIncrement::Serial)) => Builder::core("serial", Data::Number),
            (IntWidth::Big, Some(AutoIncrement::Serial)) => bigint("bigserial", options),
            (IntWidth::Tiny | IntWidth::Small, _) => Builder::core("smallint", Data::Number),
            (IntWidth::Medium | IntWidth::Int, _) => Builder::core("integer", Data::Number),
            (IntWidth::Big, _) => bigint("bigint", options),
        };
    }
    match ty {
        T::Integer { .. } => Builder::core("numeric", Data::String).with("precision: 20"),
        T::Decimal { precision, scale } => {
            Builder::core("numeric", Data::String).maybe("precision", *precision).maybe("scale", precision.and(*scale))
        }
        T::Real => Builder::core("real", Data::Number),
        T::Double => Builder::core("doublePrecision", Data::Number),
        T::Bool => Builder::core("boolean", Data::Bool),
        T::Text { .. } => Builder::core("text", Data::String),
        T::Varchar { length, .. } => Builder::core("varchar", Data::String).maybe("length", *length),
        T::Char { length, .. } => Builder::core("char", Data::String).maybe("length", *length),
        T::Year => Builder::core("smallint", Data::Number),
        T::Set { .. } => Builder { array: 1, ..Builder::core("text", Data::Other) },
        T::Date => date_mode(Builder::core("date", Data::Other), options),
        T::Time { precision } => Builder::core("time", Data::String).maybe("precision", *precision),
        T::Timestamp { precision, .. } => {
            date_mode(Builder::core("timestamp", Data::Other).maybe("precision", *precision), options)
        }
        T::TimestampTz { precision } => date_mode(
            Builder::core("timestamp", Data::Other).maybe("precision", *precision).with("withTimezone: true"),
            options,
        ),
        T::Interval => Builder::core("interval", Data::String),
        T::Uuid => Builder::core("uuid", Data::String),
        T::Json => Builder::core("json", Data::Other),
        T::Jsonb => Builder::core("jsonb", Data::Other),
        T::Enum { name } => match enum_var(name) {
            Some(var) => Builder { func: var, imported: false, ..Builder::core("", Data::String) },
            None => Builder::core("text", Data::String),
        },
        T::Array { element } => {
            let inner = postgres(element, None, options, enum_var);
            // Multi-dimensional arrays chain `.array()`; a custom type's array is its own SQL.
            if inner.custom.is_some() {
                let sql = codegen_sql::render_type(ty, Dialect::Postgres, &[]).sql;
                return Builder::custom(&sql);
            }
            Builder { array: inner.array + 1, data: Data::Other, ..inner }
        }
        T::Bytes { .. } | T::Binary { .. } | T::Bit { .. } | T::Other { .. } => {
            Builder::custom(&codegen_sql::render_type(ty, Dialect::Postgres, &[]).sql)
        }
    }
}

fn mysql(
    ty: &ColumnType,
    options: &DrizzleOptions,
    enum_values: &dyn Fn(&codegen_core::QualifiedName) -> Option<Vec<String>>,
) -> Builder {
    use ColumnType as T;
    let unsigned = |b: Builder, u: bool| if u { b.with("unsigned: true") } else { b };
    let fsp = |b: Builder, p: &Option<u32>| b.maybe("fsp", p.map(|p| p.min(6)));
    match ty {
        T::Integer { width: IntWidth::Tiny, unsigned: u } => unsigned(Builder::core("tinyint", Data::Number), *u),
        T::Integer { width: IntWidth::Small, unsigned: u } => unsigned(Builder::core("smallint", Data::Number), *u),
        T::Integer { width: IntWidth::Medium, unsigned: u } => unsigned(Builder::core("mediumint", Data::Number), *u),
        T::Integer { width: IntWidth::Int, unsigned: u } => unsigned(Builder::core("int", Data::Number), *u),
        T::Integer { width: IntWidth::Big, unsigned: u } => unsigned(bigint("bigint", options), *u),
        // MySQL has no unconstrained DECIMAL; the SQL backend writes DECIMAL(65, 30).
        T::Decimal { precision: None, .. } => {
            Builder::core("decimal", Data::String).with("precision: 65").with("scale: 30")
        }
        T::Decimal { precision, scale } => {
            Builder::core("decimal", Data::String).maybe("precision", *precision).maybe("scale", *scale)
        }
        T::Real => Builder::core("float", Data::Number),
        T::Double => Builder::core("double", Data::Number),
        T::Bool => Builder::core("boolean", Data::Bool),
        T::Text { size: None } => Builder::core("text", Data::String),
        T::Text { size: Some(LobSize::Tiny) } => Builder::core("tinytext", Data::String),
        T::Text { size: Some(LobSize::Medium) } => Builder::core("mediumtext", Data::String),
        T::Text { size: Some(LobSize::Long) } => Builder::core("longtext", Data::String),
        T::Varchar { length, .. } => {
            Builder::core("varchar", Data::String).with(format!("length: {}", length.unwrap_or(255)))
        }
        T::Char { length, .. } => Builder::core("char", Data::String).maybe("length", *length),
        T::Binary { length, varying: false } => Builder::core("binary", Data::String).maybe("length", *length),
        T::Binary { length, varying: true } => {
            Builder::core("varbinary", Data::String).with(format!("length: {}", length.unwrap_or(255)))
        }
        T::Year => Builder::core("year", Data::Number),
        T::Date => date_mode(Builder::core("date", Data::Other), options),
        T::Time { precision } => fsp(Builder::core("time", Data::String), precision),
        T::Timestamp { precision, .. } => date_mode(fsp(Builder::core("datetime", Data::Other), precision), options),
        T::TimestampTz { precision } => date_mode(fsp(Builder::core("timestamp", Data::Other), precision), options),
        T::Interval => Builder::core("varchar", Data::String).with("length: 255"),
        T::Uuid => Builder::core("char", Data::String).with("length: 36"),
        T::Json | T::Jsonb | T::Array { .. } => Builder::core("json", Data::Other),
        T::Enum { name } => match enum_values(name) {
            Some(values) => Builder {
                options: vec![format!(
                    "[{}]",
                    values.iter().map(|v| codegen_typescript::string(v)).collect::<Vec<_>>().join(", ")
                )],
                ..Builder::core("mysqlEnum", Data::String)
            },
            None => Builder::core("text", Data::String),
        },
        T::Bytes { .. } | T::Bit { .. } | T::Set { .. } | T::Other { .. } => {
            Builder::custom(&codegen_sql::render_type(ty, Dialect::Mysql, &[]).sql)
        }
    }
}

fn sqlite(ty: &ColumnType, enum_values: &dyn Fn(&codegen_core::QualifiedName) -> Option<Vec<String>>) -> Builder {
    use ColumnType as T;
    match ty {
        T::Integer { .. } | T::Year => Builder::core("integer", Data::Number),
        T::Bool => Builder::core("integer", Data::Bool).with("mode: \"boolean\""),
        T::Decimal { .. } => Builder::core("numeric", Data::String),
        T::Real | T::Double => Builder::core("real", Data::Number),
        T::Varchar { length: Some(n), .. } | T::Char { length: Some(n), .. } => {
            Builder::core("text", Data::String).with(format!("length: {n}"))
        }
        T::Enum { name } => match enum_values(name) {
            Some(values) => Builder::core("text", Data::String).with(format!(
                "enum: [{}]",
                values.iter().map(|v| codegen_typescript::string(v)).collect::<Vec<_>>().join(", ")
            )),
            None => Builder::core("text", Data::String),
        },
        T::Json | T::Jsonb | T::Array { .. } => Builder::core("text", Data::Other).with("mode: \"json\""),
        T::Bytes { .. } | T::Binary { .. } => Builder::core("blob", Data::Other).with("mode: \"buffer\""),
        // DATE, TIME and TIMESTAMP have NUMERIC affinity in SQLite, as drizzle-kit pull reads them.
        T::Date | T::Time { .. } | T::Timestamp { .. } | T::TimestampTz { .. } => {
            Builder::core("numeric", Data::String)
        }
        T::Text { .. } | T::Varchar { .. } | T::Char { .. } | T::Uuid | T::Set { .. } | T::Interval => {
            Builder::core("text", Data::String)
        }
        T::Bit { .. } => Builder::core("integer", Data::Number),
        T::Other { raw } => sqlite_affinity(raw),
    }
}

/// SQLite's type affinity rules (section 3.1 of its datatype document) for a type the model kept
/// verbatim: the builder whose storage class the column has.
fn sqlite_affinity(raw: &str) -> Builder {
    let upper = raw.to_ascii_uppercase();
    if upper.contains("INT") {
        Builder::core("integer", Data::Number)
    } else if ["CHAR", "CLOB", "TEXT"].iter().any(|t| upper.contains(t)) {
        Builder::core("text", Data::String)
    } else if upper.contains("BLOB") || upper.trim().is_empty() {
        Builder::core("blob", Data::Other).with("mode: \"buffer\"")
    } else if ["REAL", "FLOA", "DOUB"].iter().any(|t| upper.contains(t)) {
        Builder::core("real", Data::Number)
    } else {
        Builder::core("numeric", Data::String)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg(ty: ColumnType) -> Builder {
        postgres(&ty, None, &DrizzleOptions::default(), &|_| None)
    }

    #[test]
    fn postgres_types_take_drizzle_builders_and_the_rest_custom_types() {
        let b = pg(ColumnType::varchar(Some(200)));
        assert_eq!((b.func.as_str(), b.options.as_slice()), ("varchar", ["length: 200".to_string()].as_slice()));
        assert_eq!(pg(ColumnType::Integer { width: IntWidth::Big, unsigned: false }).options, ["mode: \"number\""]);
        let ts = pg(ColumnType::TimestampTz { precision: Some(3) });
        assert_eq!(ts.options, ["precision: 3", "withTimezone: true", "mode: \"string\""]);
        assert_eq!(pg(ColumnType::BYTES).custom.as_deref(), Some("bytea"));
        assert_eq!(pg(ColumnType::Bit { length: Some(8), varying: true }).custom.as_deref(), Some("bit varying(8)"));
        let arr =
            pg(ColumnType::Array { element: Box::new(ColumnType::Array { element: Box::new(ColumnType::TEXT) }) });
        assert_eq!((arr.func.as_str(), arr.array), ("text", 2));
    }

    #[test]
    fn sqlite_keeps_storage_classes() {
        assert_eq!(sqlite(&ColumnType::Bool, &|_| None).options, ["mode: \"boolean\""]);
        assert_eq!(sqlite_affinity("MEDIUMINT").func, "integer");
        assert_eq!(sqlite_affinity("FLOATING POINT").func, "integer", "SQLite's own example: INT wins");
        assert_eq!(sqlite_affinity("STRING").func, "numeric");
    }
}

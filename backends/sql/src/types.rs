//! Neutral column types in each dialect's spelling.
//!
//! The spellings are the ones the SQL reader maps back to the same neutral type, so output read
//! again gives the model it came from wherever the dialect can express it.

use codegen_core::{ColumnType, Diagnostic, Dialect, EnumType, IntWidth, Severity};

use crate::quote::{quote_literal, quote_name};

/// A dialect's spelling of a neutral type, and what it could not keep, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedType {
    /// The type as written in a column definition (`bigint`, `VARCHAR(255)`, `ENUM('a', 'b')`).
    pub sql: String,
    /// Set when the spelling is not exact: a warning (or note) saying what changed, or an error
    /// when the type cannot be written at all. It names no object: the caller adds that.
    pub issue: Option<Diagnostic>,
}

impl RenderedType {
    pub(crate) fn exact(sql: impl Into<String>) -> Self {
        Self { sql: sql.into(), issue: None }
    }

    fn with(sql: impl Into<String>, severity: Severity, message: impl Into<String>) -> Self {
        Self { sql: sql.into(), issue: Some(Diagnostic::new(severity, message)) }
    }

    fn warning(sql: impl Into<String>, message: impl Into<String>) -> Self {
        Self::with(sql, Severity::Warning, message)
    }
}

/// Spell `ty` for `dialect`. `enums` resolves [`ColumnType::Enum`], which MySQL writes inline.
///
/// An enum in SQLite becomes `TEXT`: the `CHECK (col IN (...))` that restricts it belongs to the
/// column and is written there.
pub fn render_type(ty: &ColumnType, dialect: Dialect, enums: &[EnumType]) -> RenderedType {
    match dialect {
        Dialect::Postgres => postgres(ty),
        Dialect::Mysql => mysql(ty, enums),
        Dialect::Sqlite => sqlite(ty),
    }
}

fn exact(sql: impl Into<String>) -> RenderedType {
    RenderedType::exact(sql)
}

/// `name`, `name(a)` or `name(a, b)`.
fn sized(name: &str, a: Option<u32>, b: Option<u32>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{name}({a}, {b})"),
        (Some(a), None) => format!("{name}({a})"),
        _ => name.to_string(),
    }
}

fn postgres(ty: &ColumnType) -> RenderedType {
    use ColumnType as T;
    match ty {
        T::Integer { width, unsigned: false } => exact(match width {
            IntWidth::Tiny | IntWidth::Small => "smallint",
            IntWidth::Medium | IntWidth::Int => "integer",
            IntWidth::Big => "bigint",
        }),
        T::Integer { width, unsigned: true } => {
            let wider = match width {
                IntWidth::Tiny => "smallint",
                IntWidth::Small | IntWidth::Medium => "integer",
                IntWidth::Int => "bigint",
                IntWidth::Big => "numeric(20)",
            };
            RenderedType::warning(
                wider,
                format!(
                    "PostgreSQL has no unsigned integers: written as `{wider}`, which also accepts negative values"
                ),
            )
        }
        T::Decimal { precision, scale } => exact(sized("numeric", *precision, precision.and(*scale))),
        T::Real => exact("real"),
        T::Double => exact("double precision"),
        T::Bool => exact("boolean"),
        T::Text { .. } => exact("text"),
        T::Varchar { length, .. } => exact(sized("varchar", *length, None)),
        T::Char { length, .. } => exact(sized("char", *length, None)),
        T::Bytes { .. } => exact("bytea"),
        T::Binary { .. } => exact("bytea"),
        T::Bit { length, varying: false } => exact(sized("bit", *length, None)),
        T::Bit { length, varying: true } => exact(sized("bit varying", *length, None)),
        T::Year => RenderedType::warning("smallint", "PostgreSQL has no year type: written as smallint"),
        T::Set { values } => RenderedType::warning(
            "text[]",
            format!("PostgreSQL has no SET type: written as text[] (the values were {})", values.join(", ")),
        ),
        T::Date => exact("date"),
        T::Time { precision } => exact(sized("time", *precision, None)),
        T::Timestamp { precision, .. } => exact(sized("timestamp", *precision, None)),
        T::TimestampTz { precision } => exact(sized("timestamptz", *precision, None)),
        T::Interval => exact("interval"),
        T::Uuid => exact("uuid"),
        T::Json => exact("json"),
        T::Jsonb => exact("jsonb"),
        T::Enum { name } => exact(quote_name(name, Dialect::Postgres)),
        T::Array { element } => {
            let element = postgres(element);
            RenderedType { sql: format!("{}[]", element.sql), issue: element.issue }
        }
        T::Other { raw } => exact(raw.clone()),
    }
}

/// MySQL rejects a fractional-seconds precision above 6.
fn mysql_fraction(name: &str, precision: Option<u32>) -> RenderedType {
    match precision {
        Some(p) if p > 6 => RenderedType::warning(
            format!("{name}(6)"),
            format!("MySQL keeps at most 6 fractional digits: precision {p} reduced to 6"),
        ),
        _ => RenderedType::exact(sized(name, precision, None)),
    }
}

fn mysql(ty: &ColumnType, enums: &[EnumType]) -> RenderedType {
    use ColumnType as T;
    match ty {
        T::Integer { width, unsigned } => {
            let name = match width {
                IntWidth::Tiny => "TINYINT",
                IntWidth::Small => "SMALLINT",
                IntWidth::Medium => "MEDIUMINT",
                IntWidth::Int => "INT",
                IntWidth::Big => "BIGINT",
            };
            exact(if *unsigned { format!("{name} UNSIGNED") } else { name.to_string() })
        }
        T::Decimal { precision: None, .. } => RenderedType::warning(
            "DECIMAL(65, 30)",
            "MySQL has no unconstrained DECIMAL (bare DECIMAL means DECIMAL(10, 0)): written as DECIMAL(65, 30)",
        ),
        T::Decimal { precision, scale } => exact(sized("DECIMAL", *precision, *scale)),
        T::Real => exact("FLOAT"),
        T::Double => exact("DOUBLE"),
        T::Bool => exact("BOOLEAN"),
        T::Text { size } => exact(format!("{}TEXT", size.map_or("", |s| s.mysql_prefix()))),
        T::Varchar { length: Some(n), .. } => exact(format!("VARCHAR({n})")),
        T::Varchar { length: None, .. } => {
            RenderedType::warning("VARCHAR(255)", "MySQL needs a VARCHAR length: written as VARCHAR(255)")
        }
        T::Char { length, .. } => exact(sized("CHAR", *length, None)),
        T::Bytes { size } => exact(format!("{}BLOB", size.map_or("", |s| s.mysql_prefix()))),
        T::Binary { length, varying: false } => exact(sized("BINARY", *length, None)),
        T::Binary { length: Some(n), varying: true } => exact(format!("VARBINARY({n})")),
        T::Binary { length: None, varying: true } => {
            RenderedType::warning("VARBINARY(255)", "MySQL needs a VARBINARY length: written as VARBINARY(255)")
        }
        T::Bit { length, .. } => exact(sized("BIT", *length, None)),
        T::Year => exact("YEAR"),
        T::Set { values } => {
            let values: Vec<String> = values.iter().map(|v| quote_literal(v, Dialect::Mysql)).collect();
            exact(format!("SET({})", values.join(", ")))
        }
        T::Date => exact("DATE"),
        T::Time { precision } => mysql_fraction("TIME", *precision),
        T::Timestamp { precision, .. } => mysql_fraction("DATETIME", *precision),
        T::TimestampTz { precision } => mysql_fraction("TIMESTAMP", *precision),
        T::Interval => RenderedType::warning("VARCHAR(255)", "MySQL has no interval type: written as VARCHAR(255)"),
        T::Uuid => RenderedType::warning("CHAR(36)", "MySQL has no uuid type: written as CHAR(36)"),
        T::Json => exact("JSON"),
        T::Jsonb => RenderedType::with("JSON", Severity::Note, "MySQL has one JSON type: jsonb written as JSON"),
        T::Enum { name } => match enums.iter().find(|e| &e.name == name) {
            Some(e) => {
                let values: Vec<String> = e.values.iter().map(|v| quote_literal(v, Dialect::Mysql)).collect();
                exact(format!("ENUM({})", values.join(", ")))
            }
            None => RenderedType::with(
                "TEXT",
                Severity::Error,
                format!("enum `{name}` is not declared, and MySQL writes an enum's values inline"),
            ),
        },
        T::Array { .. } => RenderedType::warning("JSON", "MySQL has no arrays: written as JSON"),
        T::Other { raw } => exact(raw.clone()),
    }
}

fn sqlite(ty: &ColumnType) -> RenderedType {
    use ColumnType as T;
    match ty {
        // SQLite accepts any words as a type name and keeps the declared width for our reader.
        T::Integer { width, unsigned } => {
            let name = match width {
                IntWidth::Tiny => "TINYINT",
                IntWidth::Small => "SMALLINT",
                IntWidth::Medium => "MEDIUMINT",
                IntWidth::Int => "INTEGER",
                IntWidth::Big => "BIGINT",
            };
            exact(if *unsigned { format!("{name} UNSIGNED") } else { name.to_string() })
        }
        T::Decimal { precision, scale } => exact(sized("DECIMAL", *precision, precision.and(*scale))),
        T::Real => exact("REAL"),
        T::Double => exact("DOUBLE"),
        T::Bool => exact("BOOLEAN"),
        T::Text { .. } | T::Enum { .. } => exact("TEXT"),
        T::Varchar { length, .. } => exact(sized("VARCHAR", *length, None)),
        T::Char { length, .. } => exact(sized("CHAR", *length, None)),
        T::Bytes { .. } => exact("BLOB"),
        T::Binary { length, varying: false } => exact(sized("BINARY", *length, None)),
        T::Binary { length, varying: true } => exact(sized("VARBINARY", *length, None)),
        T::Bit { length, .. } => exact(sized("BIT", *length, None)),
        T::Year => exact("YEAR"),
        T::Set { .. } => RenderedType::warning("TEXT", "SQLite has no SET type: written as TEXT"),
        T::Date => exact("DATE"),
        T::Time { precision } => exact(sized("TIME", *precision, None)),
        T::Timestamp { precision, datetime: true } => exact(sized("DATETIME", *precision, None)),
        T::Timestamp { precision, .. } => exact(sized("TIMESTAMP", *precision, None)),
        T::TimestampTz { precision } => exact(sized("TIMESTAMPTZ", *precision, None)),
        T::Interval => exact("INTERVAL"),
        T::Uuid => exact("UUID"),
        T::Json => exact("JSON"),
        T::Jsonb => exact("JSONB"),
        T::Array { .. } => RenderedType::warning("JSON", "SQLite has no arrays: written as JSON"),
        T::Other { raw } => exact(raw.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen_core::QualifiedName;

    fn sql(ty: ColumnType, dialect: Dialect) -> String {
        render_type(&ty, dialect, &[]).sql
    }

    #[test]
    fn common_types_per_dialect() {
        let decimal = ColumnType::Decimal { precision: Some(6), scale: Some(4) };
        assert_eq!(sql(decimal.clone(), Dialect::Postgres), "numeric(6, 4)");
        assert_eq!(sql(decimal.clone(), Dialect::Mysql), "DECIMAL(6, 4)");
        assert_eq!(sql(decimal, Dialect::Sqlite), "DECIMAL(6, 4)");
        let ts = ColumnType::TimestampTz { precision: Some(3) };
        assert_eq!(sql(ts.clone(), Dialect::Postgres), "timestamptz(3)");
        assert_eq!(sql(ts.clone(), Dialect::Mysql), "TIMESTAMP(3)");
        assert_eq!(sql(ts, Dialect::Sqlite), "TIMESTAMPTZ(3)");
        assert_eq!(sql(ColumnType::timestamp(None), Dialect::Mysql), "DATETIME");
    }

    #[test]
    fn unsigned_widens_in_postgres_with_a_warning() {
        let ty = ColumnType::Integer { width: IntWidth::Int, unsigned: true };
        let rendered = render_type(&ty, Dialect::Postgres, &[]);
        assert_eq!(rendered.sql, "bigint");
        assert_eq!(rendered.issue.unwrap().severity, Severity::Warning);
        assert_eq!(sql(ty, Dialect::Mysql), "INT UNSIGNED");
    }

    #[test]
    fn arrays_are_native_only_in_postgres() {
        let ty = ColumnType::Array { element: Box::new(ColumnType::TEXT) };
        assert_eq!(render_type(&ty, Dialect::Postgres, &[]), RenderedType::exact("text[]"));
        let mysql = render_type(&ty, Dialect::Mysql, &[]);
        assert_eq!(mysql.sql, "JSON");
        assert!(mysql.issue.is_some());
    }

    #[test]
    fn mysql_enums_are_inline_and_must_be_declared() {
        let name = QualifiedName::new("mood");
        let enums = [EnumType {
            name: name.clone(),
            values: vec!["ok".into(), "it's".into()],
            comment: None,
            loc: Default::default(),
        }];
        let ty = ColumnType::Enum { name };
        assert_eq!(sql_with(&ty, &enums), "ENUM('ok', 'it''s')");
        let missing = render_type(&ty, Dialect::Mysql, &[]);
        assert!(missing.issue.unwrap().is_error());
    }

    fn sql_with(ty: &ColumnType, enums: &[EnumType]) -> String {
        render_type(ty, Dialect::Mysql, enums).sql
    }
}

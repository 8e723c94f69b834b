//! Which Diesel SQL type a column gets, per dialect, named the way `diesel print-schema` names it:
//! after the type's catalog name for PostgreSQL (`int4`, `varchar`, `_text`), after the
//! upper-camel-cased column type for MySQL (`Bigint`, `Longtext`, `Varbinary`; mapped from the
//! model's typed facts), and by print-schema's substring rules on the declared spelling for
//! SQLite (as SQLite's own affinity rules read it), falling back to the neutral type where
//! print-schema would give up.

use std::fmt;

use codegen_core::dialect::is_postgres_builtin_type;
use codegen_core::orm::diesel::{self as diesel_types, DieselType};
use codegen_core::{ColumnType, Dialect, QualifiedName};
use heck::ToUpperCamelCase;

/// A column's type as written in `table!`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnSqlType {
    /// The type's name in `diesel::sql_types` or in the generated `sql_types` module.
    pub name: SqlTypeName,
    pub array: bool,
    pub nullable: bool,
    pub unsigned: bool,
    /// `#[max_length = N]`.
    pub max_length: Option<u32>,
    /// Set when the type is not one Diesel provides and `sql_types` must declare it.
    pub custom: Option<CustomSqlType>,
}

/// A SQL type Diesel provides, or one the generated `sql_types` module declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SqlTypeName {
    Diesel(DieselType),
    Declared(String),
}

impl fmt::Display for SqlTypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlTypeName::Diesel(t) => f.write_str(t.name()),
            SqlTypeName::Declared(name) => f.write_str(name),
        }
    }
}

/// A SQL type that the generated `sql_types` module declares.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct CustomSqlType {
    pub rust_name: String,
    pub sql_name: String,
    /// The PostgreSQL schema, when not the default one.
    pub schema: Option<String>,
    /// The model enum this type stands for.
    pub enum_name: Option<QualifiedName>,
}

impl fmt::Display for ColumnSqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nullable {
            f.write_str("Nullable<")?;
        }
        if self.array {
            f.write_str("Array<Nullable<")?;
        }
        if self.unsigned {
            f.write_str("Unsigned<")?;
        }
        write!(f, "{}", self.name)?;
        if self.unsigned {
            f.write_str(">")?;
        }
        if self.array {
            f.write_str(">>")?;
        }
        if self.nullable {
            f.write_str(">")?;
        }
        Ok(())
    }
}

/// Why a column has no Diesel type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsupported(pub String);

/// The type facts of one column the mapping needs.
pub(crate) struct ColumnFacts<'a> {
    pub ty: &'a ColumnType,
    /// The declared spelling when it is SQLite's own (the schema was written for SQLite), read
    /// only for SQLite: print-schema's SQLite rules are substring tests on it (`UNSIGNED BIG INT`
    /// is `BigInt`, `BLOB SUB_TYPE TEXT` is `Text`), as SQLite's affinity rules are. Another
    /// dialect's spelling is not what the SQLite database holds (`appointment_status`, a
    /// PostgreSQL enum written as TEXT for SQLite, would read as `Integer` for its "int").
    pub declared: Option<&'a str>,
    pub nullable: bool,
    /// SQLite: the column is the table's rowid alias, or references one, and the option to
    /// widen those to `BigInt` is on.
    pub sqlite_rowid_as_bigint: bool,
    /// MySQL: the owning table and column, which name its per-column enum and set types.
    pub table_rust_name: &'a str,
    pub column_rust_name: &'a str,
    /// MySQL: the values of the column's enum, whose longest is its `#[max_length]`.
    pub enum_values: Option<&'a [String]>,
}

pub(crate) fn diesel_type(facts: &ColumnFacts<'_>, dialect: Dialect) -> Result<ColumnSqlType, Unsupported> {
    let mut ty = match dialect {
        Dialect::Postgres => pg_type(facts.ty)?,
        Dialect::Sqlite => sqlite_type(facts)?,
        Dialect::Mysql => mysql_type(facts)?,
    };
    ty.nullable = facts.nullable;
    Ok(ty)
}

fn plain(name: DieselType) -> ColumnSqlType {
    declared_as(SqlTypeName::Diesel(name))
}

fn declared_as(name: SqlTypeName) -> ColumnSqlType {
    ColumnSqlType { name, array: false, nullable: false, unsigned: false, max_length: None, custom: None }
}

/// PostgreSQL: print-schema names the type after its catalog name (`udt_name`), camel-cased.
fn pg_type(ty: &ColumnType) -> Result<ColumnSqlType, Unsupported> {
    if let Some(name) = diesel_types::postgres(ty) {
        let max_length = match ty {
            ColumnType::Varchar { length, .. } => *length,
            // information_schema gives bit strings a length: `bit` is `bit(1)`.
            ColumnType::Char { length, .. } | ColumnType::Bit { length, .. } => Some(length.unwrap_or(1)),
            _ => None,
        };
        return Ok(ColumnSqlType { max_length, ..plain(name) });
    }
    Ok(match ty {
        ColumnType::Array { element } => {
            if matches!(**element, ColumnType::Array { .. }) {
                return Err(Unsupported("nested arrays".into()));
            }
            let mut inner = pg_type(element)?;
            // information_schema reports no length for array columns.
            inner.max_length = None;
            inner.array = true;
            inner
        }
        ColumnType::Bit { varying: true, length } => custom_pg("varbit").with_max_length(*length),
        ColumnType::Set { .. } => ColumnSqlType { array: true, ..plain(DieselType::Text) },
        ColumnType::Enum { name } => {
            let rust_name = name.name.to_upper_camel_case();
            ColumnSqlType {
                custom: Some(CustomSqlType {
                    rust_name: rust_name.clone(),
                    sql_name: name.name.clone(),
                    schema: name.schema.clone().filter(|s| s != "public"),
                    enum_name: Some(name.clone()),
                }),
                ..declared_as(SqlTypeName::Declared(rust_name.clone()))
            }
        }
        ColumnType::Other { raw } => {
            let udt = pg_udt_name(raw);
            let rust_name = udt.to_upper_camel_case();
            DieselType::postgres_named(&rust_name).map_or_else(|| custom_pg(&udt), plain)
        }
        scalar => unreachable!("codegen_core::orm::diesel::postgres maps {scalar:?}"),
    })
}

/// A PostgreSQL type Diesel does not provide, declared in the generated `sql_types` module. As
/// print-schema does, PostgreSQL's own types name their schema, `pg_catalog` (`tsvector`,
/// `varbit`); a type from an extension or the user is in the default schema.
fn custom_pg(udt: &str) -> ColumnSqlType {
    let rust_name = udt.to_upper_camel_case();
    ColumnSqlType {
        custom: Some(CustomSqlType {
            rust_name: rust_name.clone(),
            sql_name: udt.into(),
            schema: is_postgres_builtin_type(udt).then(|| "pg_catalog".to_string()),
            enum_name: None,
        }),
        ..declared_as(SqlTypeName::Declared(rust_name.clone()))
    }
}

/// The catalog name of a type the model keeps verbatim: lower case, without modifiers and
/// without a schema qualifier.
fn pg_udt_name(raw: &str) -> String {
    let base = raw.split('(').next().unwrap_or(raw).trim().to_ascii_lowercase();
    let base = base.rsplit('.').next().unwrap_or(&base).trim_matches('"').to_string();
    match base.as_str() {
        "time with time zone" => "timetz".into(),
        "bit varying" => "varbit".into(),
        "double precision" => "float8".into(),
        _ => base,
    }
}

/// SQLite: print-schema applies SQLite's own affinity-style rules to the declared type; where
/// they find nothing (a declared type from another dialect), the neutral type decides.
fn sqlite_type(facts: &ColumnFacts<'_>) -> Result<ColumnSqlType, Unsupported> {
    // The SQL backend stores arrays as JSON text; the declared `TEXT[]` is another dialect's.
    if matches!(facts.ty, ColumnType::Array { .. }) {
        return Ok(plain(DieselType::Text));
    }
    if let Some(name) =
        facts.declared.and_then(|d| sqlite_affinity_type(&d.to_ascii_lowercase(), facts.sqlite_rowid_as_bigint))
    {
        return Ok(plain(name));
    }
    match (diesel_types::sqlite(facts.ty), facts.ty) {
        (Some(name), _) => Ok(plain(name)),
        (None, ColumnType::Other { raw }) => Err(Unsupported(format!("Diesel has no SQLite type for `{raw}`"))),
        (None, other) => unreachable!("codegen_core::orm::diesel::sqlite maps {other:?}"),
    }
}

/// print-schema's rules for a lower-cased SQLite declared type, in its order.
fn sqlite_affinity_type(t: &str, rowid_as_bigint: bool) -> Option<DieselType> {
    let t = if t == "generated always" { "" } else { t };
    Some(if t == "boolean" || t == "bool" || (t.contains("tiny") && t.contains("int")) {
        DieselType::Bool
    } else if t == "int2" || (t.contains("small") && t.contains("int")) {
        DieselType::SmallInt
    } else if t == "int8" || (t.contains("big") && t.contains("int")) {
        DieselType::BigInt
    } else if t.contains("int") {
        if rowid_as_bigint { DieselType::BigInt } else { DieselType::Integer }
    } else if t.contains("char") || t.contains("clob") || t.contains("text") {
        DieselType::Text
    } else if t.contains("blob") || t.contains("binary") || t.is_empty() {
        DieselType::Binary
    } else if t.contains("float") || t.contains("real") {
        DieselType::Float
    } else if t.contains("double") || t.contains("num") || t.contains("dec") {
        DieselType::Double
    } else if t == "datetime" || t == "timestamp" {
        DieselType::Timestamp
    } else if t == "date" {
        DieselType::Date
    } else if t == "time" {
        DieselType::Time
    } else {
        return None;
    })
}

/// MySQL: print-schema upper-camel-cases the catalog's column type (`bigint(20) unsigned` is
/// `Unsigned<Bigint>`, `longtext` is `Longtext`, `tinyint(1)` is `Bool`), mapped here from the
/// model's typed facts. Where print-schema's name would not compile (it declares a custom SQL
/// type for `MEDIUMINT` and `YEAR`, which Diesel's MySQL backend has no type for), the type is
/// the one Diesel reads those columns as; see tests/fixtures/diesel/README.md.
fn mysql_type(facts: &ColumnFacts<'_>) -> Result<ColumnSqlType, Unsupported> {
    if let Some(name) = diesel_types::mysql(facts.ty) {
        let max_length = match facts.ty {
            ColumnType::Varchar { length, .. } => *length,
            ColumnType::Char { length, .. } | ColumnType::Binary { length, .. } => Some(length.unwrap_or(1)),
            _ => None,
        };
        return Ok(ColumnSqlType { max_length, unsigned: diesel_types::mysql_unsigned(facts.ty), ..plain(name) });
    }
    Ok(match facts.ty {
        // The catalog's character length of a SET is that of all its values, comma-separated.
        ColumnType::Set { values } => {
            let all =
                values.iter().map(|v| v.chars().count() as u32).sum::<u32>() + values.len().saturating_sub(1) as u32;
            mysql_column_type(facts, "Set", None).with_max_length(Some(all))
        }
        ColumnType::Enum { name } => {
            let longest = facts.enum_values.and_then(|v| v.iter().map(|v| v.chars().count() as u32).max());
            mysql_column_type(facts, "Enum", Some(name.clone())).with_max_length(longest)
        }
        ColumnType::Other { raw } => return Err(Unsupported(format!("Diesel has no MySQL type for `{raw}`"))),
        other => unreachable!("codegen_core::orm::diesel::mysql maps {other:?}"),
    })
}

/// A type print-schema declares per MySQL column (`ChoicesMoodEnum`), named after the table,
/// the column and the MySQL type.
fn mysql_column_type(facts: &ColumnFacts<'_>, mysql_name: &str, enum_name: Option<QualifiedName>) -> ColumnSqlType {
    let rust_name = format!("{} {} {mysql_name}", facts.table_rust_name, facts.column_rust_name).to_upper_camel_case();
    ColumnSqlType {
        custom: Some(CustomSqlType {
            rust_name: rust_name.clone(),
            sql_name: mysql_name.into(),
            schema: None,
            enum_name,
        }),
        ..declared_as(SqlTypeName::Declared(rust_name.clone()))
    }
}

impl ColumnSqlType {
    /// Whether two columns have one SQL type, nullability and length aside: what `joinable!`
    /// and `belongs_to` need of a foreign key and the key it references (PostgreSQL lets a
    /// `smallint` reference an `integer`; Diesel does not compare them).
    pub fn same_sql_type(&self, other: &ColumnSqlType) -> bool {
        (&self.name, self.array, self.unsigned) == (&other.name, other.array, other.unsigned)
    }

    fn with_max_length(self, max_length: Option<u32>) -> Self {
        ColumnSqlType { max_length, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(ty: &'a ColumnType, declared: &'a str) -> ColumnFacts<'a> {
        ColumnFacts {
            ty,
            declared: Some(declared),
            nullable: false,
            sqlite_rowid_as_bigint: false,
            table_rust_name: "t",
            column_rust_name: "c",
            enum_values: None,
        }
    }

    #[test]
    fn sqlite_keys_on_the_declared_spelling_first() {
        let ty = ColumnType::Other { raw: "x".into() };
        let name = |declared| diesel_type(&facts(&ty, declared), Dialect::Sqlite).map(|t| t.name.to_string());
        assert_eq!(name("TINYINT").unwrap(), "Bool");
        assert_eq!(name("MEDIUMINT").unwrap(), "Integer");
        assert_eq!(name("VARCHAR(20)").unwrap(), "Text");
        assert_eq!(name("").unwrap(), "Binary");
        assert_eq!(name("NUMERIC(6,4)").unwrap(), "Double");
        assert_eq!(name("DATETIME").unwrap(), "Timestamp");
        assert!(name("geometry").is_err());
    }

    #[test]
    fn postgres_arrays_wrap_nullable_elements() {
        let ty = ColumnType::Array { element: Box::new(ColumnType::TEXT) };
        let t = diesel_type(&ColumnFacts { nullable: true, ..facts(&ty, "text[]") }, Dialect::Postgres).unwrap();
        assert_eq!(t.to_string(), "Nullable<Array<Nullable<Text>>>");
    }
}

#[cfg(test)]
mod custom_type_tests {
    use super::*;

    fn custom(raw: &str) -> CustomSqlType {
        let ty = ColumnType::Other { raw: raw.into() };
        let facts = ColumnFacts {
            ty: &ty,
            declared: Some(raw),
            nullable: false,
            sqlite_rowid_as_bigint: false,
            table_rust_name: "t",
            column_rust_name: "c",
            enum_values: None,
        };
        diesel_type(&facts, Dialect::Postgres).unwrap().custom.expect("a custom type")
    }

    #[test]
    fn postgres_own_types_name_pg_catalog_as_print_schema_does() {
        let tsvector = custom("tsvector");
        assert_eq!((tsvector.rust_name.as_str(), tsvector.schema.as_deref()), ("Tsvector", Some("pg_catalog")));
        assert_eq!(custom("pg_catalog.tsquery").schema.as_deref(), Some("pg_catalog"));
        assert_eq!(custom("time with time zone").sql_name, "timetz");
        // Extension and user types live in the default schema.
        assert_eq!(custom("hstore").schema, None);
        assert_eq!(custom("public.postal_address").schema, None);
    }
}

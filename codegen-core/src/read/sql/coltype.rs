//! Declared column types to neutral types: the one place where a type as written (`BLOB SUB_TYPE
//! TEXT`, `character varying(40)`, `int(10) unsigned zerofill`, `timestamp(3) with time zone`)
//! becomes a [`ColumnType`], for every dialect and every reader (DDL, migrations, the catalogs of
//! live databases and SQLite files).

use super::lex::{Kind, Tok, lex, matching_close, split_commas};
use crate::dialect::Dialect;
use crate::model::{AutoIncrement, Column, ColumnType, IntWidth, LobSize, ObjectKind, Schema};

/// A declared type, lowered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredType {
    pub ty: ColumnType,
    /// PostgreSQL `serial` and MySQL `SERIAL`: an integer plus a counting default.
    pub serial: Option<AutoIncrement>,
    /// MySQL's inline `ENUM(...)` values; the reader turns them into an enum of the table.
    pub enum_values: Option<Vec<String>>,
}

impl DeclaredType {
    fn of(ty: ColumnType) -> Self {
        Self { ty, serial: None, enum_values: None }
    }
}

/// The parts of a type name: `timestamp(3) with time zone[]` is words `TIMESTAMP`, arguments
/// `3`, words after `WITH TIME ZONE`, one array dimension.
struct Parts {
    before: Vec<String>,
    args: Option<Vec<String>>,
    after: Vec<String>,
    array_dims: usize,
    /// The name was quoted or qualified by a namespace other than `pg_catalog`: a user type.
    user_type: bool,
}

impl Parts {
    fn name(&self) -> String {
        self.before.join(" ")
    }

    fn arg(&self, i: usize) -> Option<u32> {
        self.args.as_ref()?.get(i)?.trim().parse().ok()
    }

    fn has_after(&self, word: &str) -> bool {
        self.after.iter().any(|w| w == word)
    }

    /// Every word of the name, before and after the arguments (SQLite's type name).
    fn all_words(&self) -> String {
        let mut words = self.before.clone();
        words.extend(self.after.iter().cloned());
        words.join(" ")
    }
}

fn parse_parts(text: &str, dialect: Dialect) -> Parts {
    let toks = lex(text, dialect);
    let mut parts = Parts { before: Vec::new(), args: None, after: Vec::new(), array_dims: 0, user_type: false };
    let mut i = 0;
    let word = |t: &Tok| t.text(text).to_ascii_uppercase();
    while i < toks.len() {
        let t = toks[i];
        match t.kind {
            Kind::Word | Kind::Quoted => {
                // `schema.name`: a qualified (user) type unless the schema is pg_catalog.
                if toks.get(i + 1).is_some_and(|d| d.is_punct(text, '.')) {
                    if !t.text(text).eq_ignore_ascii_case("pg_catalog") {
                        parts.user_type = true;
                    }
                    i += 2;
                    continue;
                }
                if t.kind == Kind::Quoted {
                    parts.user_type = true;
                }
                if parts.args.is_none() && parts.array_dims == 0 {
                    parts.before.push(word(&t));
                } else if word(&t) == "ARRAY" {
                    parts.array_dims += 1;
                } else {
                    parts.after.push(word(&t));
                }
                i += 1;
            }
            Kind::Punct if t.is_punct(text, '(') && parts.args.is_none() => {
                let close = matching_close(text, &toks, i).unwrap_or(toks.len());
                let args = split_commas(text, &toks, i + 1, close)
                    .into_iter()
                    .map(|(a, b)| match toks.get(a) {
                        Some(s) if s.kind == Kind::String && b == a + 1 => s.string_value(text),
                        _ => super::lex::span_text(text, &toks, a, b).to_string(),
                    })
                    .collect();
                parts.args = Some(args);
                i = close + 1;
            }
            Kind::Punct if t.is_punct(text, '[') => {
                parts.array_dims += 1;
                i = matching_close(text, &toks, i).map_or(toks.len(), |c| c + 1);
            }
            _ => i += 1,
        }
    }
    parts
}

/// Lower a declared type as `dialect` reads it. Never fails: what has no neutral form is
/// [`ColumnType::Other`] with the text as written.
pub fn lower_declared_type(text: &str, dialect: Dialect) -> DeclaredType {
    let parts = parse_parts(text, dialect);
    let raw = || ColumnType::Other { raw: text.trim().to_string() };
    let mut declared = match dialect {
        Dialect::Postgres => postgres(&parts, text),
        Dialect::Mysql => mysql(&parts, text),
        Dialect::Sqlite => sqlite(&parts, text),
    };
    if parts.user_type && dialect != Dialect::Sqlite {
        declared = DeclaredType::of(raw());
    }
    if parts.array_dims > 0 && dialect == Dialect::Postgres {
        let element = if parts.user_type {
            // The element's type name: the text up to its first bracket or ARRAY.
            let upper = text.to_ascii_uppercase();
            let cut = text.find('[').or_else(|| upper.find(" ARRAY")).unwrap_or(text.len());
            ColumnType::Other { raw: text[..cut].trim().to_string() }
        } else {
            declared.ty
        };
        declared = DeclaredType::of(ColumnType::Array { element: Box::new(element) });
    }
    declared
}

fn int(width: IntWidth, unsigned: bool) -> ColumnType {
    ColumnType::Integer { width, unsigned }
}

fn serial(width: IntWidth) -> DeclaredType {
    DeclaredType { ty: int(width, false), serial: Some(AutoIncrement::Serial), enum_values: None }
}

fn float_by_precision(parts: &Parts) -> ColumnType {
    match parts.arg(0) {
        Some(p) if p <= 24 => ColumnType::Real,
        _ => ColumnType::Double,
    }
}

fn decimal(parts: &Parts) -> ColumnType {
    ColumnType::Decimal { precision: parts.arg(0), scale: parts.arg(0).and(parts.arg(1)) }
}

fn postgres(parts: &Parts, text: &str) -> DeclaredType {
    use ColumnType as T;
    let with_tz = parts.has_after("WITH") || parts.before.iter().any(|w| w == "WITH");
    let name = parts.name();
    let name =
        name.strip_suffix(" WITH TIME ZONE").or_else(|| name.strip_suffix(" WITHOUT TIME ZONE")).unwrap_or(&name);
    let ty = match name {
        "SMALLINT" | "INT2" => int(IntWidth::Small, false),
        "INTEGER" | "INT" | "INT4" => T::INT,
        "BIGINT" | "INT8" => T::BIGINT,
        "SERIAL" | "SERIAL4" => return serial(IntWidth::Int),
        "BIGSERIAL" | "SERIAL8" => return serial(IntWidth::Big),
        "SMALLSERIAL" | "SERIAL2" => return serial(IntWidth::Small),
        "REAL" | "FLOAT4" => T::Real,
        "DOUBLE PRECISION" | "FLOAT8" => T::Double,
        "FLOAT" => float_by_precision(parts),
        "NUMERIC" | "DECIMAL" | "DEC" => decimal(parts),
        "BOOLEAN" | "BOOL" => T::Bool,
        "TEXT" => T::TEXT,
        "VARCHAR" | "CHARACTER VARYING" | "CHAR VARYING" => T::Varchar { length: parts.arg(0), national: false },
        "NATIONAL CHARACTER VARYING" | "NATIONAL CHAR VARYING" | "NCHAR VARYING" => {
            T::Varchar { length: parts.arg(0), national: true }
        }
        "CHAR" | "CHARACTER" | "BPCHAR" => T::Char { length: parts.arg(0), national: false },
        "NCHAR" | "NATIONAL CHARACTER" | "NATIONAL CHAR" => T::Char { length: parts.arg(0), national: true },
        "BYTEA" => T::BYTES,
        "BIT" => T::Bit { length: parts.arg(0), varying: false },
        "BIT VARYING" | "VARBIT" => T::Bit { length: parts.arg(0), varying: true },
        "DATE" => T::Date,
        "TIME" if !with_tz => T::Time { precision: parts.arg(0) },
        "TIMESTAMP" if !with_tz => T::Timestamp { precision: parts.arg(0), datetime: false },
        "TIMESTAMP" | "TIMESTAMPTZ" => T::TimestampTz { precision: parts.arg(0) },
        "UUID" => T::Uuid,
        "JSON" => T::Json,
        "JSONB" => T::Jsonb,
        n if n == "INTERVAL" || n.starts_with("INTERVAL ") => T::Interval,
        _ => T::Other { raw: element_text(text) },
    };
    DeclaredType::of(ty)
}

/// A type's text without its array brackets (the element of `mytype[]`).
fn element_text(text: &str) -> String {
    text.split('[').next().unwrap_or(text).trim().to_string()
}

/// MySQL's type attributes, which may follow a type name with or without arguments.
const MYSQL_ATTRIBUTES: &[&str] = &["UNSIGNED", "SIGNED", "ZEROFILL", "BINARY", "ASCII", "UNICODE", "BYTE"];

fn mysql(parts: &Parts, text: &str) -> DeclaredType {
    use ColumnType as T;
    let is_attribute = |w: &String| MYSQL_ATTRIBUTES.contains(&w.as_str());
    let attribute = |a: &str| parts.before.iter().chain(&parts.after).any(|w| w == a);
    let unsigned = attribute("UNSIGNED") || attribute("ZEROFILL");
    // `BINARY(16)` is a type; `VARCHAR(10) BINARY` an attribute.
    let leading = parts.before.first().cloned();
    let mut words: Vec<String> = parts.before.iter().skip(1).filter(|w| !is_attribute(w)).cloned().collect();
    words.insert(0, leading.unwrap_or_default());
    let name = words.join(" ");
    let lob = |size| Some(size);
    let ty = match name.as_str() {
        "TINYINT" if parts.arg(0) == Some(1) && !unsigned => T::Bool,
        "BOOL" | "BOOLEAN" => T::Bool,
        "TINYINT" | "INT1" => int(IntWidth::Tiny, unsigned),
        "SMALLINT" | "INT2" => int(IntWidth::Small, unsigned),
        "MEDIUMINT" | "MIDDLEINT" | "INT3" => int(IntWidth::Medium, unsigned),
        "INT" | "INTEGER" | "INT4" => int(IntWidth::Int, unsigned),
        "BIGINT" | "INT8" => int(IntWidth::Big, unsigned),
        "SERIAL" => {
            return DeclaredType {
                ty: int(IntWidth::Big, true),
                serial: Some(AutoIncrement::AutoIncrement),
                enum_values: None,
            };
        }
        // A bare DECIMAL is DECIMAL(10, 0) in MySQL.
        "DECIMAL" | "NUMERIC" | "DEC" | "FIXED" => {
            T::Decimal { precision: Some(parts.arg(0).unwrap_or(10)), scale: Some(parts.arg(1).unwrap_or(0)) }
        }
        // MySQL's FLOAT is single precision unless a precision above 24 says otherwise.
        "FLOAT" if parts.args.as_ref().is_none_or(|a| a.len() == 2) => T::Real,
        "FLOAT" | "FLOAT4" => float_by_precision(parts),
        "DOUBLE" | "DOUBLE PRECISION" | "REAL" | "FLOAT8" => T::Double,
        "BIT" => T::Bit { length: parts.arg(0), varying: false },
        "CHAR" | "CHARACTER" => T::Char { length: parts.arg(0), national: false },
        "NCHAR" | "NATIONAL CHAR" | "NATIONAL CHARACTER" => T::Char { length: parts.arg(0), national: true },
        "VARCHAR" | "CHARACTER VARYING" | "CHAR VARYING" => T::Varchar { length: parts.arg(0), national: false },
        "NVARCHAR"
        | "NATIONAL VARCHAR"
        | "NATIONAL CHARACTER VARYING"
        | "NATIONAL CHAR VARYING"
        | "NCHAR VARCHAR"
        | "NCHAR VARYING" => T::Varchar { length: parts.arg(0), national: true },
        "TINYTEXT" => T::Text { size: lob(LobSize::Tiny) },
        "TEXT" => T::TEXT,
        "MEDIUMTEXT" | "LONG VARCHAR" | "LONG" => T::Text { size: lob(LobSize::Medium) },
        "LONGTEXT" => T::Text { size: lob(LobSize::Long) },
        "BINARY" => T::Binary { length: parts.arg(0), varying: false },
        "VARBINARY" => T::Binary { length: parts.arg(0), varying: true },
        "TINYBLOB" => T::Bytes { size: lob(LobSize::Tiny) },
        "BLOB" => T::BYTES,
        "MEDIUMBLOB" | "LONG VARBINARY" => T::Bytes { size: lob(LobSize::Medium) },
        "LONGBLOB" => T::Bytes { size: lob(LobSize::Long) },
        "DATE" => T::Date,
        "TIME" => T::Time { precision: parts.arg(0) },
        "DATETIME" => T::Timestamp { precision: parts.arg(0), datetime: false },
        "TIMESTAMP" => T::TimestampTz { precision: parts.arg(0) },
        "YEAR" => T::Year,
        "JSON" => T::Json,
        "UUID" => T::Uuid,
        "ENUM" => {
            return DeclaredType {
                ty: T::Other { raw: text.trim().to_string() },
                serial: None,
                enum_values: Some(parts.args.clone().unwrap_or_default()),
            };
        }
        "SET" => T::Set { values: parts.args.clone().unwrap_or_default() },
        _ => T::Other { raw: text.trim().to_string() },
    };
    DeclaredType::of(ty)
}

/// SQLite takes any sequence of names, with an optional `(n)` or `(n, m)`, as a type name, and
/// gives the column an affinity by the rules of its documentation (section 3.1 of "Datatypes In
/// SQLite"). Known names keep their precise neutral type; any other name gets its affinity's.
fn sqlite(parts: &Parts, text: &str) -> DeclaredType {
    use ColumnType as T;
    let name = parts.all_words();
    let ty = match name.as_str() {
        "INTEGER" | "INT" => T::INT,
        "TINYINT" => int(IntWidth::Tiny, false),
        "SMALLINT" | "INT2" => int(IntWidth::Small, false),
        "MEDIUMINT" => int(IntWidth::Medium, false),
        "BIGINT" | "INT8" => T::BIGINT,
        "UNSIGNED BIG INT" | "BIGINT UNSIGNED" => int(IntWidth::Big, true),
        "BOOLEAN" | "BOOL" => T::Bool,
        "REAL" | "FLOAT4" => T::Real,
        "FLOAT" | "DOUBLE" | "DOUBLE PRECISION" | "FLOAT8" => T::Double,
        "NUMERIC" | "DECIMAL" => decimal(parts),
        "TEXT" | "CLOB" => T::TEXT,
        "VARCHAR" | "VARYING CHARACTER" | "CHARACTER VARYING" => T::Varchar { length: parts.arg(0), national: false },
        "NVARCHAR" | "NATIONAL VARCHAR" | "NATIONAL CHARACTER VARYING" => {
            T::Varchar { length: parts.arg(0), national: true }
        }
        "CHAR" | "CHARACTER" => T::Char { length: parts.arg(0), national: false },
        "NCHAR" | "NATIVE CHARACTER" | "NATIONAL CHARACTER" | "NATIONAL CHAR" => {
            T::Char { length: parts.arg(0), national: true }
        }
        "BLOB" | "" => T::BYTES,
        "BINARY" => T::Binary { length: parts.arg(0), varying: false },
        "VARBINARY" => T::Binary { length: parts.arg(0), varying: true },
        "DATE" => T::Date,
        "DATETIME" => T::Timestamp { precision: parts.arg(0), datetime: true },
        "TIMESTAMP" => T::Timestamp { precision: parts.arg(0), datetime: false },
        "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => T::TimestampTz { precision: parts.arg(0) },
        "TIME" => T::Time { precision: parts.arg(0) },
        "UUID" => T::Uuid,
        "JSON" => T::Json,
        "JSONB" => T::Jsonb,
        "INTERVAL" => T::Interval,
        _ => match sqlite_affinity(&name) {
            SqliteAffinity::Integer => {
                let width = if name.contains("BIG") {
                    IntWidth::Big
                } else if name.contains("SMALL") {
                    IntWidth::Small
                } else if name.contains("TINY") {
                    IntWidth::Tiny
                } else if name.contains("MEDIUM") {
                    IntWidth::Medium
                } else {
                    IntWidth::Int
                };
                int(width, name.contains("UNSIGNED"))
            }
            SqliteAffinity::Text => T::TEXT,
            SqliteAffinity::Blob => T::BYTES,
            SqliteAffinity::Real => T::Double,
            SqliteAffinity::Numeric => T::Other { raw: text.trim().to_string() },
        },
    };
    DeclaredType::of(ty)
}

/// The column's type as the source declared it, when output for `dialect` may write it as
/// it stands: the source is in that dialect, and the declared type still says what the model
/// says (a type changed since, by a diff or a rename of its enum, is written from the model).
pub fn declared_type_for<'a>(schema: &Schema, column: &'a Column, dialect: Dialect) -> Option<&'a str> {
    let declared = column.declared_type.trim();
    if schema.dialect != Some(dialect) || (declared.is_empty() && dialect != Dialect::Sqlite) {
        return None;
    }
    let lowered = lower_declared_type(declared, dialect);
    let fits = |ty: &ColumnType, lowered: &ColumnType| -> bool {
        ty == lowered
            || match (ty, lowered) {
                (ColumnType::Enum { name }, ColumnType::Other { raw }) => {
                    let raw = raw.replace('"', "");
                    raw == name.to_string() || raw == format!("public.{name}") || raw.to_lowercase().starts_with("enum")
                }
                // A domain's column: the model holds the base type.
                (_, ColumnType::Other { raw }) => schema.objects.iter().any(|o| {
                    matches!(o.kind, ObjectKind::Domain | ObjectKind::Type)
                        && raw.replace('"', "").trim_start_matches("public.") == o.name.to_string()
                }),
                _ => false,
            }
    };
    let ok = match (&column.ty, &lowered.ty) {
        (ColumnType::Array { element }, ColumnType::Array { element: lowered }) => fits(element, lowered),
        // SQLite writes an enum as the declared text type with a CHECK.
        (ColumnType::Enum { .. }, lowered) if dialect == Dialect::Sqlite => lowered.is_text(),
        (ty, lowered) => fits(ty, lowered),
    };
    ok.then_some(declared)
}

/// The column's default as the source wrote it, when output for `dialect` may write it as it
/// stands: the source is in that dialect and the written default still means the model's.
pub fn declared_default_for<'a>(schema: &Schema, column: &'a Column, dialect: Dialect) -> Option<&'a str> {
    let declared = column.declared_default.as_deref()?;
    if schema.dialect != Some(dialect) {
        return None;
    }
    let parser_dialect = super::parser_dialect(dialect);
    let expr =
        sqlparser::parser::Parser::new(parser_dialect.as_ref()).try_with_sql(declared).ok()?.parse_expr().ok()?;
    let mut lowered = super::expr::lower_default(&expr);
    // Booleans are spelled 0/1 in SQLite and MySQL and held as booleans in the model.
    if column.ty == ColumnType::Bool
        && let crate::model::ColumnDefault::Literal { value: crate::model::Literal::Number(n) } = &lowered
        && (n == "0" || n == "1")
    {
        lowered = crate::model::ColumnDefault::Literal { value: crate::model::Literal::Bool(n == "1") };
    }
    (column.default.as_ref() == Some(&lowered)).then_some(declared)
}

/// SQLite's five column affinities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqliteAffinity {
    Integer,
    Text,
    Blob,
    Real,
    Numeric,
}

/// The affinity SQLite gives a declared type, by its rules in order: `INT` anywhere is INTEGER;
/// `CHAR`, `CLOB` or `TEXT` is TEXT; `BLOB` or no type is BLOB; `REAL`, `FLOA` or `DOUB` is
/// REAL; anything else is NUMERIC.
pub fn sqlite_affinity(declared: &str) -> SqliteAffinity {
    let upper = declared.to_ascii_uppercase();
    if upper.contains("INT") {
        SqliteAffinity::Integer
    } else if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") {
        SqliteAffinity::Text
    } else if upper.contains("BLOB") || upper.trim().is_empty() {
        SqliteAffinity::Blob
    } else if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") {
        SqliteAffinity::Real
    } else {
        SqliteAffinity::Numeric
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnType as T;

    fn ty(text: &str, dialect: Dialect) -> ColumnType {
        lower_declared_type(text, dialect).ty
    }

    #[test]
    fn sqlite_takes_any_words_as_a_type_name() {
        let d = Dialect::Sqlite;
        assert_eq!(ty("UNSIGNED BIG INT", d), int(IntWidth::Big, true));
        assert_eq!(ty("VARYING CHARACTER(255)", d), T::Varchar { length: Some(255), national: false });
        assert_eq!(ty("NATIVE CHARACTER(70)", d), T::Char { length: Some(70), national: true });
        assert_eq!(ty("NVARCHAR(160)", d), T::Varchar { length: Some(160), national: true });
        assert_eq!(ty("DOUBLE PRECISION", d), T::Double);
        assert_eq!(ty("BLOB SUB_TYPE TEXT", d), T::TEXT, "TEXT comes before BLOB in SQLite's rules");
        assert_eq!(ty("DATETIME", d), T::Timestamp { precision: None, datetime: true });
        assert_eq!(ty("", d), T::BYTES);
        assert_eq!(ty("MONEY", d), T::Other { raw: "MONEY".into() });
        assert_eq!(ty("BIGINTEGER", d), T::BIGINT);
        assert_eq!(ty("decimal(10, 2)", d), T::Decimal { precision: Some(10), scale: Some(2) });
    }

    #[test]
    fn sqlite_affinity_rules_in_order() {
        assert_eq!(sqlite_affinity("CHARINT"), SqliteAffinity::Integer);
        assert_eq!(sqlite_affinity("FLOATING POINT"), SqliteAffinity::Integer, "POINT contains INT");
        assert_eq!(sqlite_affinity("STRING"), SqliteAffinity::Numeric);
        assert_eq!(sqlite_affinity(""), SqliteAffinity::Blob);
    }

    #[test]
    fn postgres_spellings_and_catalog_names() {
        let d = Dialect::Postgres;
        assert_eq!(ty("character varying(40)", d), T::Varchar { length: Some(40), national: false });
        assert_eq!(ty("timestamp(3) with time zone", d), T::TimestampTz { precision: Some(3) });
        assert_eq!(ty("timestamp without time zone", d), T::timestamp(None));
        assert_eq!(ty("pg_catalog.int4", d), T::INT);
        assert_eq!(ty("integer[]", d), T::Array { element: Box::new(T::INT) });
        assert_eq!(ty("public.mpaa_rating", d), T::Other { raw: "public.mpaa_rating".into() });
        assert_eq!(
            ty("public.\"bıgınt\"[]", d),
            T::Array { element: Box::new(T::Other { raw: "public.\"bıgınt\"".into() }) }
        );
        assert_eq!(ty("interval day to second(3)", d), T::Interval);
        assert_eq!(lower_declared_type("bigserial", d).serial, Some(AutoIncrement::Serial));
        assert_eq!(ty("bit varying(8)", d), T::Bit { length: Some(8), varying: true });
    }

    #[test]
    fn mysql_sizes_attributes_and_inline_enums() {
        let d = Dialect::Mysql;
        assert_eq!(ty("int(10) unsigned zerofill", d), int(IntWidth::Int, true));
        assert_eq!(ty("tinyint(1)", d), T::Bool);
        assert_eq!(ty("LONGTEXT", d), T::Text { size: Some(LobSize::Long) });
        assert_eq!(ty("varbinary(16)", d), T::Binary { length: Some(16), varying: true });
        assert_eq!(ty("decimal", d), T::Decimal { precision: Some(10), scale: Some(0) });
        assert_eq!(ty("year(4)", d), T::Year);
        assert_eq!(ty("VARCHAR(40) BINARY", d), T::Varchar { length: Some(40), national: false });
        assert_eq!(ty("set('a','b c')", d), T::Set { values: vec!["a".into(), "b c".into()] });
        assert_eq!(lower_declared_type("enum('G','PG-13')", d).enum_values, Some(vec!["G".into(), "PG-13".into()]));
        assert_eq!(ty("timestamp(6)", d), T::TimestampTz { precision: Some(6) });
    }
}

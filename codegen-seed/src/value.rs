//! One generated value, and its spellings: a SQL literal per dialect, PostgreSQL's COPY text
//! format, and JSON for the JavaScript seed files.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use codegen_core::Dialect;

/// A cell of a generated row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    /// Unsigned values past `i64::MAX` (MySQL `BIGINT UNSIGNED`).
    UInt(u64),
    Float(f64),
    /// An exact decimal, as text (`12.50`).
    Decimal(String),
    Text(String),
    Bytes(Vec<u8>),
    Date(NaiveDate),
    Time(NaiveTime),
    Timestamp(NaiveDateTime),
    /// A UTC instant.
    TimestampTz(NaiveDateTime),
    Uuid(u128),
    /// A JSON document, as text.
    Json(String),
    /// A bit string of `0`s and `1`s.
    Bits(String),
    Interval(String),
    Array(Vec<Value>),
    /// A value in the database's own text form, for types the model keeps as written
    /// (`inet`, `money`, `tsvector`, ...).
    Raw(String),
    /// A SQL expression the database evaluates (a plan's `sql = "..."`), written verbatim.
    Sql(String),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as an ordered number, for range checks and comparisons.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::UInt(u) => Some(*u as f64),
            Value::Float(f) => Some(*f),
            Value::Decimal(d) => d.parse().ok(),
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        }
    }

    /// The value as text the way the database would show it (no quotes).
    pub fn as_text(&self) -> Option<String> {
        Some(match self {
            Value::Null => return None,
            Value::Bool(b) => if *b { "true" } else { "false" }.to_string(),
            Value::Int(i) => i.to_string(),
            Value::UInt(u) => u.to_string(),
            Value::Float(f) => format_float(*f),
            Value::Decimal(d)
            | Value::Text(d)
            | Value::Json(d)
            | Value::Bits(d)
            | Value::Interval(d)
            | Value::Raw(d)
            | Value::Sql(d) => d.clone(),
            Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Time(t) => format_time(t),
            Value::Timestamp(t) => format_timestamp(t),
            Value::TimestampTz(t) => format!("{}+00:00", format_timestamp(t)),
            Value::Uuid(u) => format_uuid(*u),
            Value::Array(items) => array_json(items),
        })
    }

    /// A SQL literal for `dialect`.
    pub fn sql_literal(&self, dialect: Dialect) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Bool(b) => match dialect {
                Dialect::Postgres => if *b { "TRUE" } else { "FALSE" }.into(),
                _ => if *b { "1" } else { "0" }.into(),
            },
            Value::Int(i) => i.to_string(),
            Value::UInt(u) => u.to_string(),
            Value::Float(f) => format_float(*f),
            Value::Decimal(d) | Value::Sql(d) => d.clone(),
            Value::Bytes(b) => match dialect {
                Dialect::Postgres => format!("'\\x{}'::bytea", hex(b)),
                Dialect::Mysql | Dialect::Sqlite => format!("X'{}'", hex(b)),
            },
            Value::Bits(bits) => match dialect {
                Dialect::Postgres | Dialect::Mysql => format!("B'{bits}'"),
                Dialect::Sqlite => quote(bits, dialect),
            },
            Value::TimestampTz(t) if dialect == Dialect::Mysql => quote(&format_timestamp(t), dialect),
            Value::Array(items) if dialect == Dialect::Postgres => quote(&pg_array(items), dialect),
            other => quote(&other.as_text().unwrap_or_default(), dialect),
        }
    }

    /// The value in PostgreSQL's `COPY ... FROM STDIN` text format (`\N` for NULL).
    pub fn write_copy_text(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("\\N"),
            Value::Bool(b) => out.push(if *b { 't' } else { 'f' }),
            Value::Int(i) => {
                use std::fmt::Write;
                let _ = write!(out, "{i}");
            }
            Value::Bytes(b) => {
                out.push_str("\\\\x");
                out.push_str(&hex(b));
            }
            Value::Array(items) => copy_escape(&pg_array(items), out),
            Value::Text(t) | Value::Json(t) | Value::Raw(t) => copy_escape(t, out),
            other => copy_escape(&other.as_text().unwrap_or_default(), out),
        }
    }

    /// The value as a JSON literal, for JavaScript seed files.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::UInt(u) => J::from(*u),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Array(items) => J::Array(items.iter().map(Value::to_json).collect()),
            other => J::String(other.as_text().unwrap_or_default()),
        }
    }
}

/// Floats with enough digits to read back exactly, and no exponent a database might refuse.
pub fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{f:.1}") } else { format!("{f}") }
}

pub fn format_time(t: &NaiveTime) -> String {
    if t.nanosecond_part() == 0 { t.format("%H:%M:%S").to_string() } else { t.format("%H:%M:%S%.6f").to_string() }
}

pub fn format_timestamp(t: &NaiveDateTime) -> String {
    if t.time().nanosecond_part() == 0 {
        t.format("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S%.6f").to_string()
    }
}

trait Nanos {
    fn nanosecond_part(&self) -> u32;
}

impl Nanos for NaiveTime {
    fn nanosecond_part(&self) -> u32 {
        chrono::Timelike::nanosecond(self)
    }
}

pub fn format_uuid(u: u128) -> String {
    let h = format!("{u:032x}");
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn quote(text: &str, dialect: Dialect) -> String {
    let mut escaped = text.replace('\'', "''");
    if dialect == Dialect::Mysql {
        escaped = escaped.replace('\\', "\\\\");
    }
    format!("'{escaped}'")
}

/// A PostgreSQL array literal: `{"a","b"}`, elements quoted and escaped.
fn pg_array(items: &[Value]) -> String {
    let inner: Vec<String> = items
        .iter()
        .map(|v| match v {
            Value::Null => "NULL".to_string(),
            Value::Array(nested) => pg_array(nested),
            other => {
                let text = other.as_text().unwrap_or_default();
                format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
            }
        })
        .collect();
    format!("{{{}}}", inner.join(","))
}

/// Arrays where the database has none (MySQL, SQLite) are JSON.
fn array_json(items: &[Value]) -> String {
    serde_json::Value::Array(items.iter().map(Value::to_json).collect()).to_string()
}

/// Escape text for COPY's text format: backslash, tab, newline, carriage return.
fn copy_escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_follow_the_dialect() {
        assert_eq!(Value::Text("it's \\".into()).sql_literal(Dialect::Mysql), "'it''s \\\\'");
        assert_eq!(Value::Text("it's \\".into()).sql_literal(Dialect::Postgres), "'it''s \\'");
        assert_eq!(Value::Bool(true).sql_literal(Dialect::Sqlite), "1");
        assert_eq!(Value::Bytes(vec![1, 255]).sql_literal(Dialect::Postgres), "'\\x01ff'::bytea");
        let arr = Value::Array(vec![Value::Text("a\"b".into()), Value::Null]);
        assert_eq!(arr.sql_literal(Dialect::Postgres), "'{\"a\\\"b\",NULL}'");
        let mut copy = String::new();
        Value::Text("a\tb\nc\\".into()).write_copy_text(&mut copy);
        assert_eq!(copy, "a\\tb\\nc\\\\");
    }
}

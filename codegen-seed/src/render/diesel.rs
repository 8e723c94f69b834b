//! A Diesel seed function (`seed.rs`): `pub fn seed(conn: &mut SqliteConnection) -> QueryResult<()>`
//! (or `PgConnection`, `MysqlConnection`), writing the rows through the `schema.rs` codegen's
//! Diesel backend generates, in one transaction.
//!
//! Running it twice adds nothing: `insert_into(...).on_conflict_do_nothing()` on PostgreSQL and
//! SQLite, `insert_or_ignore_into` on MySQL (Diesel has no key-only skip there). Tables whose
//! columns have a type this file does not spell as a Rust value (enums and other custom SQL
//! types, arrays, intervals, bit strings), keyless tables and plan `sql = ...` values go through
//! `diesel::sql_query` with the SQL script's statements.

use std::convert::Infallible;
use std::fmt::Write;

use codegen_core::Dialect;
use codegen_diesel::{DieselColumn, DieselOptions, DieselTable, diesel_tables};

use crate::generate::{GenerateError, RowSink, generate};
use crate::prepare::{Prepared, TableSeed};
use crate::render::raw::RawStatements;
use crate::render::sql::{closing, opening};
use crate::value::{Value, format_time, format_timestamp, format_uuid, hex};

/// Rows per `insert_into`.
const CHUNK: usize = 100;

/// The Rust type a Diesel SQL type takes values as, and the helper that makes one from text.
fn rust_type(column: &DieselColumn) -> Option<(&'static str, Option<&'static str>)> {
    if column.custom || column.array {
        return None;
    }
    let signed = match column.sql_type.as_str() {
        "Bool" => ("bool", None),
        "TinyInt" | "Tinyint" => ("i8", None),
        "Int2" | "SmallInt" | "Smallint" => ("i16", None),
        "Int4" | "Integer" => ("i32", None),
        "Int8" | "BigInt" | "Bigint" => ("i64", None),
        "Float4" | "Float" => ("f32", None),
        "Float8" | "Double" => ("f64", None),
        "Numeric" | "Decimal" => ("bigdecimal::BigDecimal", Some("decimal")),
        "Text" | "Varchar" | "VarChar" | "Bpchar" | "Char" | "Citext" | "Tinytext" | "Mediumtext" | "Longtext" => {
            ("&'static str", None)
        }
        "Bytea" | "Binary" | "Blob" | "Tinyblob" | "Mediumblob" | "Longblob" | "Varbinary" => {
            ("Vec<u8>", Some("bytes"))
        }
        "Date" => ("chrono::NaiveDate", Some("date")),
        "Time" => ("chrono::NaiveTime", Some("time")),
        "Timestamp" | "Datetime" => ("chrono::NaiveDateTime", Some("timestamp")),
        "Timestamptz" | "TimestamptzSqlite" => ("chrono::DateTime<chrono::Utc>", Some("instant")),
        "Uuid" => ("uuid::Uuid", Some("uuid")),
        "Json" | "Jsonb" => ("serde_json::Value", Some("json")),
        _ => return None,
    };
    if !column.unsigned {
        return Some(signed);
    }
    Some(match signed.0 {
        "i8" => ("u8", None),
        "i16" => ("u16", None),
        "i32" => ("u32", None),
        "i64" => ("u64", None),
        _ => return None,
    })
}

/// `value` as a Rust expression of the column's type (without `Some`).
fn rust_value(value: &Value, column: &DieselColumn) -> String {
    let (ty, helper) = rust_type(column).expect("only typed columns are written as values");
    let text = match value {
        Value::Timestamp(t) | Value::TimestampTz(t) if matches!(helper, Some("timestamp" | "instant")) => {
            format_timestamp(t)
        }
        Value::Time(t) => format_time(t),
        Value::Uuid(u) => format_uuid(*u),
        Value::Bytes(b) => hex(b),
        Value::Bool(b) if ty != "bool" => u8::from(*b).to_string(),
        other => other.as_text().unwrap_or_default(),
    };
    match (ty, helper) {
        ("bool", _) => (text == "true" || text == "1").to_string(),
        ("&'static str", _) => format!("{text:?}"),
        ("f32" | "f64", _) => {
            let text = if text.contains(['.', 'e', 'E', 'N', 'i']) { text } else { format!("{text}.0") };
            format!("{text}{}", ty)
        }
        (_, Some(helper)) => format!("{helper}({text:?})"),
        (ty, None) => format!("{text}{ty}"),
    }
}

struct DieselSink {
    out: String,
    tables: Vec<Option<DieselTable>>,
    dialect: Dialect,
    /// The open table, when it is written through `schema.rs`; with each row column's position.
    open: Option<(DieselTable, Vec<usize>)>,
    rows: Vec<String>,
    helpers: std::collections::BTreeSet<&'static str>,
    /// Statements of tables written as SQL.
    raw: RawStatements,
}

impl DieselSink {
    fn flush(&mut self) {
        let Some((table, _)) = &self.open else { return };
        if self.rows.is_empty() {
            return;
        }
        let rows = self.rows.join(",\n            ");
        let path = format!("schema::{}::table", table.path);
        let _ = match self.dialect {
            Dialect::Mysql => writeln!(
                self.out,
                "        diesel::insert_or_ignore_into({path})\n            .values(vec![\n            {rows},\n            ])\n            .execute(conn)?;"
            ),
            _ => writeln!(
                self.out,
                "        diesel::insert_into({path})\n            .values(vec![\n            {rows},\n            ])\n            .on_conflict_do_nothing()\n            .execute(conn)?;"
            ),
        };
        self.rows.clear();
    }

    fn write_raw(&mut self, statements: Vec<String>) {
        for statement in statements {
            let _ = writeln!(self.out, "        diesel::sql_query({statement:?}).execute(conn)?;");
        }
    }

    fn assignment(&mut self, table: &DieselTable, position: usize, value: &Value) -> String {
        let column = &table.columns[position];
        let (ty, helper) = rust_type(column).expect("typed");
        if let Some(helper) = helper {
            self.helpers.insert(helper);
        }
        let value = match (value, column.nullable) {
            (Value::Null, _) => format!("None::<{ty}>"),
            (v, true) => format!("Some({})", rust_value(v, column)),
            (v, false) => rust_value(v, column),
        };
        format!("schema::{}::{}.eq({value})", table.path, column.rust_name)
    }
}

/// Per column of `table`'s rows: its column in the Diesel table, if every one has one.
fn positions(table: &TableSeed, diesel: &DieselTable) -> Option<Vec<usize>> {
    table.columns.iter().map(|c| diesel.columns.iter().position(|d| d.sql_name == c.name)).collect()
}

impl RowSink for DieselSink {
    type Error = Infallible;

    fn begin_table(&mut self, prepared: &Prepared, table: &TableSeed) -> Result<(), Infallible> {
        let diesel = self.tables[table.table].clone();
        let typed = diesel.and_then(|d| {
            let at = positions(table, &d)?;
            let all_typed = at.iter().all(|&p| rust_type(&d.columns[p]).is_some());
            (all_typed && table.conflict_key.is_some() && !table.uses_sql() && at.len() <= 32).then_some((d, at))
        });
        let how = if typed.is_some() { "" } else { ", as SQL (a type, key or value schema.rs cannot take here)" };
        let _ = writeln!(self.out, "        // {}: {} rows{how}", table.name, table.rows);
        if typed.is_none() {
            self.raw.begin_table(prepared, table);
        }
        self.open = typed;
        Ok(())
    }

    fn row(&mut self, values: &[Value]) -> Result<(), Infallible> {
        let Some((table, at)) = self.open.clone() else {
            let statements = self.raw.row(values);
            self.write_raw(statements);
            return Ok(());
        };
        let cells: Vec<String> = values.iter().zip(&at).map(|(v, &p)| self.assignment(&table, p, v)).collect();
        // A one-element tuple needs its comma.
        let row = if cells.len() == 1 { format!("({},)", cells[0]) } else { format!("({})", cells.join(", ")) };
        self.rows.push(row);
        if self.rows.len() >= CHUNK {
            self.flush();
        }
        Ok(())
    }

    fn end_table(&mut self, prepared: &Prepared, table: &TableSeed) -> Result<(), Infallible> {
        if self.open.is_none() {
            let statements = self.raw.end_table(prepared, table);
            self.write_raw(statements);
        }
        self.flush();
        self.open = None;
        Ok(())
    }

    fn update(
        &mut self,
        prepared: &Prepared,
        table: &TableSeed,
        key: &[(usize, Value)],
        set: &[(usize, Value)],
    ) -> Result<(), Infallible> {
        let typed = self.tables[table.table].clone().and_then(|d| {
            let at = positions(table, &d)?;
            let used = key.iter().chain(set).all(|(c, _)| rust_type(&d.columns[at[*c]]).is_some());
            used.then_some((d, at))
        });
        let Some((diesel, at)) = typed else {
            let statements = self.raw.update(prepared, table, key, set);
            self.write_raw(statements);
            return Ok(());
        };
        let filters: Vec<String> =
            key.iter().map(|(c, v)| format!(".filter({})", self.assignment(&diesel, at[*c], v))).collect();
        let sets: Vec<String> = set.iter().map(|(c, v)| self.assignment(&diesel, at[*c], v)).collect();
        let _ = writeln!(
            self.out,
            "        diesel::update(schema::{}::table{})\n            .set(({},))\n            .execute(conn)?;",
            diesel.path,
            filters.join(""),
            sets.join(", ")
        );
        Ok(())
    }

    fn finish(&mut self, _: &Prepared) -> Result<(), Infallible> {
        Ok(())
    }
}

/// Helpers that make typed values from text, as the seed file uses them.
fn helper(name: &str) -> &'static str {
    match name {
        "decimal" => "fn decimal(text: &str) -> bigdecimal::BigDecimal {\n    text.parse().expect(\"a decimal\")\n}\n",
        "bytes" => {
            "fn bytes(hex: &str) -> Vec<u8> {\n    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect(\"hex\")).collect()\n}\n"
        }
        "date" => "fn date(text: &str) -> chrono::NaiveDate {\n    text.parse().expect(\"a date\")\n}\n",
        "time" => "fn time(text: &str) -> chrono::NaiveTime {\n    text.parse().expect(\"a time\")\n}\n",
        "timestamp" => {
            "fn timestamp(text: &str) -> chrono::NaiveDateTime {\n    chrono::NaiveDateTime::parse_from_str(text, \"%Y-%m-%d %H:%M:%S%.f\").expect(\"a timestamp\")\n}\n"
        }
        "instant" => {
            "fn instant(text: &str) -> chrono::DateTime<chrono::Utc> {\n    chrono::NaiveDateTime::parse_from_str(text, \"%Y-%m-%d %H:%M:%S%.f\").expect(\"a timestamp\").and_utc()\n}\n"
        }
        "uuid" => "fn uuid(text: &str) -> uuid::Uuid {\n    text.parse().expect(\"a UUID\")\n}\n",
        "json" => "fn json(text: &str) -> serde_json::Value {\n    serde_json::from_str(text).expect(\"JSON\")\n}\n",
        _ => "",
    }
}

/// The Diesel seed file for `prepared`, writing through the `schema.rs` codegen generates for the
/// same schema with `options`, found at `schema_module` (`crate::schema` in a usual project).
pub fn render_diesel_seed(
    prepared: &Prepared,
    options: &DieselOptions,
    schema_module: &str,
) -> Result<String, GenerateError<Infallible>> {
    let options = DieselOptions { dialect: prepared.dialect, ..options.clone() };
    let tables = diesel_tables(&prepared.schema, &options).unwrap_or_default();
    let by_table: Vec<Option<DieselTable>> =
        prepared.schema.tables.iter().map(|t| tables.iter().find(|d| d.name == t.name).cloned()).collect();
    let mut sink = DieselSink {
        out: String::new(),
        tables: by_table,
        dialect: prepared.dialect,
        open: None,
        rows: Vec::new(),
        helpers: Default::default(),
        raw: RawStatements::new(prepared.dialect),
    };
    generate(prepared, &mut sink)?;

    let connection = match prepared.dialect {
        Dialect::Postgres => "diesel::pg::PgConnection",
        Dialect::Mysql => "diesel::mysql::MysqlConnection",
        Dialect::Sqlite => "diesel::sqlite::SqliteConnection",
    };
    let mut text = format!(
        "// Seed data generated by codegen (seed {}, {} rows) for {}. Running it again adds no rows.\n\
         // Call `seed(&mut conn)` from a binary or test; it writes through the schema.rs codegen generates.\n\n",
        prepared.seed,
        prepared.tables.iter().map(|t| t.rows).sum::<u64>(),
        prepared.dialect
    );
    let _ = writeln!(text, "#![allow(clippy::all, unused_imports)]\n");
    let _ =
        writeln!(text, "use diesel::prelude::*;\nuse diesel::connection::SimpleConnection;\n\nuse {schema_module};\n");
    for name in &sink.helpers {
        text.push_str(helper(name));
        text.push('\n');
    }
    let _ = writeln!(text, "/// Loads the seed rows in one transaction; a second call adds nothing.");
    let _ = writeln!(text, "pub fn seed(conn: &mut {connection}) -> QueryResult<()> {{");
    let mut setup: Vec<String> = opening(prepared, prepared.dialect);
    // The transaction is Diesel's; the session settings around it are the script's.
    setup.retain(|s| s != "BEGIN" && s != "START TRANSACTION");
    let (outside, inside): (Vec<String>, Vec<String>) =
        setup.into_iter().partition(|s| s == "PRAGMA foreign_keys = ON" || s.starts_with("SET time_zone"));
    for statement in outside {
        let _ = writeln!(text, "    conn.batch_execute({statement:?})?;");
    }
    text.push_str("    conn.transaction(|conn| {\n");
    for statement in inside {
        let _ = writeln!(text, "        conn.batch_execute({statement:?})?;");
    }
    text.push_str(&sink.out);
    for statement in closing(prepared, prepared.dialect).into_iter().filter(|s| s != "COMMIT") {
        let _ = writeln!(text, "        diesel::sql_query({statement:?}).execute(conn)?;");
    }
    text.push_str("        Ok(())\n    })\n}\n");
    Ok(text)
}

//! Seed rows as SQL statements for one dialect: batched multi-row `INSERT`s that skip rows
//! already there (so a script runs twice without error and without new rows), the later
//! `UPDATE`s of cycles, and sequences moved past the explicit keys.
//!
//! Conflicts are skipped with the forms that skip only key conflicts: PostgreSQL and SQLite
//! `ON CONFLICT DO NOTHING`, MySQL `ON DUPLICATE KEY UPDATE k = k`. (`INSERT IGNORE` and
//! `INSERT OR IGNORE` would also swallow NOT NULL and CHECK failures.) Tables with no key get
//! one `INSERT ... SELECT ... WHERE NOT EXISTS` per row.

use codegen_core::{AutoIncrement, ColumnType, Dialect, QualifiedName};
use codegen_sql::quote_ident;

use crate::generate::RowSink;
use crate::prepare::{Prepared, TableSeed};
use crate::value::Value;

/// Rows per `INSERT`.
pub const BATCH: usize = 500;

/// A sink that turns rows into complete SQL statements, each handed to `emit`.
pub struct SqlStatements<F> {
    dialect: Dialect,
    emit: F,
    /// Statements around the data: transaction, session settings, sequences.
    pub with_transaction: bool,
    prefix: String,
    buffer: String,
    rows_in_batch: usize,
    current: Option<TableShape>,
}

struct TableShape {
    keyless: bool,
    guard_columns: Vec<usize>,
    columns: Vec<String>,
    conflict_column: Option<String>,
}

impl<F, E> SqlStatements<F>
where
    F: FnMut(&str) -> Result<(), E>,
{
    pub fn new(dialect: Dialect, emit: F) -> Self {
        Self {
            dialect,
            emit,
            with_transaction: true,
            prefix: String::new(),
            buffer: String::new(),
            rows_in_batch: 0,
            current: None,
        }
    }

    fn flush(&mut self) -> Result<(), E> {
        if self.rows_in_batch == 0 {
            return Ok(());
        }
        let shape = self.current.as_ref().expect("a table is open");
        match self.dialect {
            Dialect::Postgres | Dialect::Sqlite => self.buffer.push_str("\nON CONFLICT DO NOTHING"),
            Dialect::Mysql => {
                if let Some(c) = &shape.conflict_column {
                    let c = quote_ident(c, Dialect::Mysql);
                    self.buffer.push_str(&format!("\nON DUPLICATE KEY UPDATE {c} = {c}"));
                }
            }
        }
        let statement = std::mem::take(&mut self.buffer);
        self.rows_in_batch = 0;
        (self.emit)(&statement)
    }
}

/// A table name in `dialect` (namespaces only on PostgreSQL, as the SQL backend writes them).
pub fn table_name(name: &QualifiedName, dialect: Dialect) -> String {
    match (&name.schema, dialect) {
        (Some(schema), Dialect::Postgres) => {
            format!("{}.{}", quote_ident(schema, dialect), quote_ident(&name.name, dialect))
        }
        _ => quote_ident(&name.name, dialect),
    }
}

/// The statements that open a seed script or load (session settings, transaction).
pub fn opening(prepared: &Prepared, dialect: Dialect) -> Vec<String> {
    let mut out = Vec::new();
    match dialect {
        Dialect::Postgres => {
            out.push("BEGIN".into());
            if !prepared.deferred_cycles.is_empty() {
                out.push("SET CONSTRAINTS ALL DEFERRED".into());
            }
        }
        Dialect::Mysql => {
            out.push("SET time_zone = '+00:00'".into());
            out.push("START TRANSACTION".into());
        }
        Dialect::Sqlite => {
            out.push("PRAGMA foreign_keys = ON".into());
            out.push("BEGIN".into());
            out.push("PRAGMA defer_foreign_keys = ON".into());
        }
    }
    out
}

/// The statements that move sequences past the explicit keys, then commit.
pub fn closing(prepared: &Prepared, dialect: Dialect) -> Vec<String> {
    let mut out = sequence_statements(prepared, dialect);
    out.push("COMMIT".into());
    out
}

/// PostgreSQL: `setval` of every serial and identity column to its maximum, so the application's
/// next insert does not collide. MySQL and SQLite move their counters on explicit inserts.
pub fn sequence_statements(prepared: &Prepared, dialect: Dialect) -> Vec<String> {
    if dialect != Dialect::Postgres {
        return Vec::new();
    }
    let mut out = Vec::new();
    for table in &prepared.tables {
        for (c, _) in &table.serials {
            let column = &table.columns[*c].name;
            let name = table_name(&table.name, dialect);
            let literal = name.replace('\'', "''");
            let col = quote_ident(column, dialect);
            out.push(format!(
                "SELECT setval(pg_get_serial_sequence('{literal}', '{}'), (SELECT COALESCE(max({col}), 0) + 1 FROM {name}), false)",
                column.replace('\'', "''")
            ));
        }
    }
    out
}

impl<F, E> RowSink for SqlStatements<F>
where
    F: FnMut(&str) -> Result<(), E>,
{
    type Error = E;

    fn begin_table(&mut self, prepared: &Prepared, table: &TableSeed) -> Result<(), E> {
        let dialect = self.dialect;
        let columns: Vec<String> = table.columns.iter().map(|c| quote_ident(&c.name, dialect)).collect();
        let overriding =
            dialect == Dialect::Postgres && table.serials.iter().any(|(_, s)| *s == AutoIncrement::IdentityAlways);
        self.prefix = format!(
            "INSERT INTO {} ({}){}\nVALUES",
            table_name(&table.name, dialect),
            columns.join(", "),
            if overriding { " OVERRIDING SYSTEM VALUE" } else { "" }
        );
        let keyless = table.conflict_key.is_none();
        let guard_columns = (0..table.columns.len())
            .filter(|&c| {
                !matches!(table.columns[c].ty, ColumnType::Json | ColumnType::Jsonb | ColumnType::Array { .. })
            })
            .collect();
        let conflict_column =
            table.conflict_key.as_ref().and_then(|k| k.first()).map(|&c| table.columns[c].name.clone());
        self.current = Some(TableShape { keyless, guard_columns, columns, conflict_column });
        let _ = prepared;
        Ok(())
    }

    fn row(&mut self, values: &[Value]) -> Result<(), E> {
        let dialect = self.dialect;
        let shape = self.current.as_ref().expect("a table is open");
        if shape.keyless {
            let literals: Vec<String> = values.iter().map(|v| v.sql_literal(dialect)).collect();
            let table =
                self.prefix.trim_start_matches("INSERT INTO ").split(" (").next().unwrap_or_default().to_string();
            let conditions: Vec<String> = shape
                .guard_columns
                .iter()
                .map(|&c| match &values[c] {
                    Value::Null => format!("{} IS NULL", shape.columns[c]),
                    v => format!("{} = {}", shape.columns[c], v.sql_literal(dialect)),
                })
                .collect();
            let from = if dialect == Dialect::Mysql { " FROM DUAL" } else { "" };
            let head = self.prefix.trim_end_matches("\nVALUES");
            let statement = format!(
                "{head}\nSELECT {}{from} WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {})",
                literals.join(", "),
                if conditions.is_empty() { "1 = 1".to_string() } else { conditions.join(" AND ") }
            );
            return (self.emit)(&statement);
        }
        if self.rows_in_batch == 0 {
            self.buffer.push_str(&self.prefix);
            self.buffer.push_str("\n  (");
        } else {
            self.buffer.push_str(",\n  (");
        }
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.buffer.push_str(", ");
            }
            self.buffer.push_str(&v.sql_literal(dialect));
        }
        self.buffer.push(')');
        self.rows_in_batch += 1;
        if self.rows_in_batch >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn end_table(&mut self, _: &Prepared, _: &TableSeed) -> Result<(), E> {
        self.flush()
    }

    fn update(
        &mut self,
        _: &Prepared,
        table: &TableSeed,
        key: &[(usize, Value)],
        set: &[(usize, Value)],
    ) -> Result<(), E> {
        let dialect = self.dialect;
        let assignments: Vec<String> = set
            .iter()
            .map(|(c, v)| format!("{} = {}", quote_ident(&table.columns[*c].name, dialect), v.sql_literal(dialect)))
            .collect();
        let conditions: Vec<String> = key
            .iter()
            .map(|(c, v)| format!("{} = {}", quote_ident(&table.columns[*c].name, dialect), v.sql_literal(dialect)))
            .collect();
        let statement = format!(
            "UPDATE {} SET {} WHERE {}",
            table_name(&table.name, dialect),
            assignments.join(", "),
            conditions.join(" AND ")
        );
        (self.emit)(&statement)
    }

    fn finish(&mut self, _: &Prepared) -> Result<(), E> {
        Ok(())
    }
}

/// The whole seed script for `dialect`, as one file's text.
pub fn render_sql_script(
    prepared: &Prepared,
) -> Result<String, crate::generate::GenerateError<std::convert::Infallible>> {
    let dialect = prepared.dialect;
    let mut text = format!(
        "-- Seed data generated by codegen (seed {}, {} rows). Running it again adds no rows.\n",
        prepared.seed,
        prepared.tables.iter().map(|t| t.rows).sum::<u64>()
    );
    if dialect == Dialect::Postgres && !prepared.deferred_cycles.is_empty() {
        text.push_str(&format!(
            "-- Cycles of NOT NULL keys are checked at COMMIT: their keys must be DEFERRABLE ({}).\n",
            prepared.deferred_cycles.join("; ")
        ));
    }
    for statement in opening(prepared, dialect) {
        text.push_str(&statement);
        text.push_str(";\n");
    }
    {
        let mut sink = SqlStatements::new(dialect, |s: &str| {
            text.push_str(s);
            text.push_str(";\n");
            Ok::<(), std::convert::Infallible>(())
        });
        crate::generate::generate(prepared, &mut sink)?;
    }
    for statement in closing(prepared, dialect) {
        text.push_str(&statement);
        text.push_str(";\n");
    }
    Ok(text)
}

//! SQLite: one prepared `INSERT ... ON CONFLICT DO NOTHING` per table, executed per row, in one
//! transaction with foreign keys on and their checks deferred to commit.

use std::time::Instant;

use codegen_core::{Dialect, Schema};
use codegen_seed::generate::{GenerateError, RowSink, generate};
use codegen_seed::plan::Plan;
use codegen_seed::prepare::{Existing, ExistingTable, Prepared, TableSeed};
use codegen_seed::render::sql::table_name;
use codegen_seed::value::Value;
use rusqlite::types::Value as Sql;

use super::{LoadError, LoadReport, Progress, SeedRun, plan_rows, read_existing_keys, serial_candidates};

/// Seed through an open connection.
pub fn seed_sqlite(
    conn: &mut rusqlite::Connection,
    schema: &Schema,
    plan: &Plan,
    run: &SeedRun,
) -> Result<LoadReport, LoadError> {
    let started = Instant::now();
    let db = |e: rusqlite::Error| LoadError::Database(e.to_string());
    conn.execute_batch("PRAGMA foreign_keys = ON").map_err(db)?;
    let tx = conn.transaction().map_err(db)?;
    tx.execute_batch("PRAGMA defer_foreign_keys = ON").map_err(db)?;
    if run.truncate {
        for table in &schema.tables {
            tx.execute_batch(&format!("DELETE FROM {}", table_name(&table.name, Dialect::Sqlite))).map_err(db)?;
        }
    }
    let existing = if run.truncate { Existing::default() } else { existing(&tx, schema, plan, run)? };
    let prepared = plan_rows(schema, plan, run, Dialect::Sqlite, existing)?;
    let progress = Progress::new(prepared.tables.iter().map(|t| t.rows).sum(), run.progress);
    let stats = {
        let mut sink = Sink { tx: &tx, insert: String::new(), progress: &progress, keyless: false };
        generate(&prepared, &mut sink).map_err(|e| match e {
            GenerateError::Sink(e) => LoadError::Database(e.to_string()),
            other => LoadError::Generate(other.to_string()),
        })?
    };
    tx.commit().map_err(|e| LoadError::Database(format!("at commit (deferred foreign keys are checked here): {e}")))?;
    progress.finish();
    Ok(LoadReport { rows: stats.rows, updates: stats.updates, per_table: stats.per_table, elapsed: started.elapsed() })
}

struct Sink<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    insert: String,
    progress: &'a Progress,
    keyless: bool,
}

fn sql_value(value: &Value) -> Sql {
    match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Int(i) => Sql::Integer(*i),
        Value::UInt(u) => Sql::Integer(*u as i64),
        Value::Float(f) => Sql::Real(*f),
        Value::Bytes(b) => Sql::Blob(b.clone()),
        other => Sql::Text(other.as_text().unwrap_or_default()),
    }
}

impl RowSink for Sink<'_> {
    type Error = rusqlite::Error;

    fn begin_table(&mut self, _: &Prepared, table: &TableSeed) -> Result<(), rusqlite::Error> {
        let columns: Vec<String> =
            table.columns.iter().map(|c| codegen_sql::quote_ident(&c.name, Dialect::Sqlite)).collect();
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        self.keyless = table.conflict_key.is_none();
        self.insert = format!(
            "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING",
            table_name(&table.name, Dialect::Sqlite),
            columns.join(", "),
            marks.join(", ")
        );
        self.progress.table(&table.name.to_string());
        Ok(())
    }

    fn row(&mut self, values: &[Value]) -> Result<(), rusqlite::Error> {
        let mut statement = self.tx.prepare_cached(&self.insert)?;
        statement.execute(rusqlite::params_from_iter(values.iter().map(sql_value)))?;
        self.progress.advance(1);
        Ok(())
    }

    fn end_table(&mut self, _: &Prepared, _: &TableSeed) -> Result<(), rusqlite::Error> {
        Ok(())
    }

    fn update(
        &mut self,
        _: &Prepared,
        table: &TableSeed,
        key: &[(usize, Value)],
        set: &[(usize, Value)],
    ) -> Result<(), rusqlite::Error> {
        let q = |c: usize| codegen_sql::quote_ident(&table.columns[c].name, Dialect::Sqlite);
        let assignments: Vec<String> =
            set.iter().enumerate().map(|(i, (c, _))| format!("{} = ?{}", q(*c), i + 1)).collect();
        let conditions: Vec<String> =
            key.iter().enumerate().map(|(i, (c, _))| format!("{} = ?{}", q(*c), set.len() + i + 1)).collect();
        let sql = format!(
            "UPDATE {} SET {} WHERE {}",
            table_name(&table.name, Dialect::Sqlite),
            assignments.join(", "),
            conditions.join(" AND ")
        );
        let params: Vec<Sql> = set.iter().chain(key.iter()).map(|(_, v)| sql_value(v)).collect();
        self.tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(params))?;
        Ok(())
    }

    fn finish(&mut self, _: &Prepared) -> Result<(), rusqlite::Error> {
        Ok(())
    }
}

fn existing(
    tx: &rusqlite::Transaction<'_>,
    schema: &Schema,
    plan: &Plan,
    run: &SeedRun,
) -> Result<Existing, LoadError> {
    let mut existing = Existing::default();
    for (i, column) in serial_candidates(schema) {
        let table = &schema.tables[i];
        let max = column.as_ref().map_or("NULL".to_string(), |c| codegen_sql::quote_ident(c, Dialect::Sqlite));
        let sql = format!("SELECT count(*), max({max}) FROM {}", table_name(&table.name, Dialect::Sqlite));
        let (rows, max): (i64, Option<i64>) = tx
            .query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1).ok().flatten())))
            .map_err(|e| LoadError::Database(e.to_string()))?;
        if rows > 0 {
            let mut entry = ExistingTable { rows: rows as u64, ..ExistingTable::default() };
            if let (Some(max), Some(column)) = (max, column) {
                entry.max_serial.insert(column, max);
            }
            existing.tables.insert(table.name.clone(), entry);
        }
    }
    read_existing_keys(schema, plan, run, Dialect::Sqlite, &mut existing, |sql| {
        let db = |e: rusqlite::Error| LoadError::Database(e.to_string());
        let mut statement = tx.prepare(sql).map_err(db)?;
        let width = statement.column_count();
        let rows = statement
            .query_map([], |r| (0..width).map(|i| r.get::<_, String>(i)).collect::<Result<Vec<String>, _>>())
            .map_err(db)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(db)
    })?;
    Ok(existing)
}

//! MySQL and MariaDB: multi-row INSERTs of 500 rows (the SQL renderer's statements, sent as
//! text), in one transaction with the session in UTC. `LOAD DATA LOCAL INFILE` is off by default
//! on servers and clients alike, so the INSERT path is the one that always works.

use std::time::Instant;

use codegen_core::{Dialect, Schema};
use codegen_seed::generate::generate;
use codegen_seed::plan::Plan;
use codegen_seed::prepare::{Existing, ExistingTable};
use codegen_seed::render::sql::{SqlStatements, table_name};
use mysql::prelude::Queryable;

use super::{LoadError, LoadReport, Progress, SeedRun, plan_rows, read_existing_keys, serial_candidates};

/// Seed through an open connection.
pub fn seed_mysql(
    conn: &mut mysql::Conn,
    schema: &Schema,
    plan: &Plan,
    run: &SeedRun,
) -> Result<LoadReport, LoadError> {
    let started = Instant::now();
    let db = |e: mysql::Error| LoadError::Database(e.to_string());
    conn.query_drop("SET time_zone = '+00:00'").map_err(db)?;
    let mut tx = conn.start_transaction(mysql::TxOpts::default()).map_err(db)?;
    if run.truncate {
        // DELETE (TRUNCATE would commit); foreign keys off only for the delete, whose order is free.
        tx.query_drop("SET FOREIGN_KEY_CHECKS = 0").map_err(db)?;
        for table in &schema.tables {
            tx.query_drop(format!("DELETE FROM {}", table_name(&table.name, Dialect::Mysql))).map_err(db)?;
        }
        tx.query_drop("SET FOREIGN_KEY_CHECKS = 1").map_err(db)?;
    }
    let existing = if run.truncate { Existing::default() } else { existing(&mut tx, schema, plan, run)? };
    let prepared = plan_rows(schema, plan, run, Dialect::Mysql, existing)?;
    let progress = Progress::new(prepared.tables.iter().map(|t| t.rows).sum(), run.progress);
    let stats = {
        let mut sink = SqlStatements::new(Dialect::Mysql, |statement: &str| {
            tx.query_drop(statement).map_err(|e| format!("{}: {e}", statement.lines().next().unwrap_or_default()))?;
            let rows = statement.matches("\n  (").count() as u64;
            progress.advance(rows);
            Ok::<(), String>(())
        });
        generate(&prepared, &mut sink).map_err(|e| match e {
            codegen_seed::generate::GenerateError::Sink(message) => LoadError::Database(message),
            other => LoadError::Generate(other.to_string()),
        })?
    };
    tx.commit().map_err(db)?;
    progress.finish();
    Ok(LoadReport { rows: stats.rows, updates: stats.updates, per_table: stats.per_table, elapsed: started.elapsed() })
}

fn existing(
    tx: &mut mysql::Transaction<'_>,
    schema: &Schema,
    plan: &Plan,
    run: &SeedRun,
) -> Result<Existing, LoadError> {
    let mut existing = Existing::default();
    for (i, column) in serial_candidates(schema) {
        let table = &schema.tables[i];
        let max = column.as_ref().map_or("NULL".to_string(), |c| codegen_sql::quote_ident(c, Dialect::Mysql));
        let sql =
            format!("SELECT count(*), CAST(max({max}) AS SIGNED) FROM {}", table_name(&table.name, Dialect::Mysql));
        let row: Option<(i64, Option<i64>)> = tx.query_first(sql).map_err(|e| LoadError::Database(e.to_string()))?;
        if let Some((rows, max)) = row
            && rows > 0
        {
            let mut entry = ExistingTable { rows: rows as u64, ..ExistingTable::default() };
            if let (Some(max), Some(column)) = (max, column) {
                entry.max_serial.insert(column, max);
            }
            existing.tables.insert(table.name.clone(), entry);
        }
    }
    read_existing_keys(schema, plan, run, Dialect::Mysql, &mut existing, |sql| {
        let rows: Vec<mysql::Row> = tx.query(sql).map_err(|e| LoadError::Database(e.to_string()))?;
        Ok(rows
            .into_iter()
            .map(|r| (0..r.len()).map(|i| r.get::<String, usize>(i).unwrap_or_default()).collect())
            .collect())
    })?;
    Ok(existing)
}

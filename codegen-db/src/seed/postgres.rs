//! PostgreSQL: rows stream through `COPY ... FROM STDIN` (text format) while a second thread makes
//! them, so generation and the server's work overlap. Tables with SQL-expression values go
//! through batched INSERTs instead; cycle updates and `setval`s follow. One transaction.

use std::io::Write;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::Instant;

use codegen_core::{Dialect, Schema};
use codegen_seed::generate::{RowSink, generate};
use codegen_seed::plan::Plan;
use codegen_seed::prepare::{Existing, ExistingTable, FkStrategy, Prepared, TableSeed};
use codegen_seed::render::sql::{sequence_statements, table_name};
use codegen_seed::value::Value;
use postgres::Client;

use super::{LoadError, LoadReport, Progress, SeedRun, plan_rows, read_existing_keys, serial_candidates};

/// What the generating thread sends.
enum Message {
    Copy {
        table: String,
        statement: String,
    },
    Chunk(Vec<u8>),
    EndCopy(u64),
    /// A complete SQL statement (INSERTs of tables with expressions, cycle updates).
    Statement(String, u64),
    Failed(String),
    Done,
}

/// Bytes of COPY text per message.
const CHUNK: usize = 256 * 1024;

/// Seed through an open client (its own transaction).
pub fn seed_postgres(
    client: &mut Client,
    schema: &Schema,
    plan: &Plan,
    run: &SeedRun,
) -> Result<LoadReport, LoadError> {
    let started = Instant::now();
    let db = |e: postgres::Error| LoadError::Database(pg_message(&e));
    let mut tx = client.transaction().map_err(db)?;
    let names: Vec<String> = schema.tables.iter().map(|t| table_name(&t.name, Dialect::Postgres)).collect();
    if run.truncate && !names.is_empty() {
        tx.batch_execute(&format!("TRUNCATE {}", names.join(", "))).map_err(db)?;
    }
    let existing = if run.truncate { Existing::default() } else { existing(&mut tx, schema, plan, run)? };
    let prepared = plan_rows(schema, plan, run, Dialect::Postgres, existing)?;
    check_deferrable(&mut tx, &prepared)?;
    if !prepared.deferred_cycles.is_empty() {
        tx.batch_execute("SET CONSTRAINTS ALL DEFERRED").map_err(db)?;
    }
    let progress = Progress::new(prepared.tables.iter().map(|t| t.rows).sum(), run.progress);
    let (sender, receiver) = sync_channel::<Message>(8);
    let stats = std::thread::scope(|scope| {
        let producer = scope.spawn(|| produce(&prepared, sender));
        let loaded = consume(&mut tx, receiver, &progress);
        let stats = producer.join().unwrap_or_else(|_| Err("the row generator panicked".into()));
        match (loaded, stats) {
            (Err(e), _) => Err(e),
            (Ok(()), Err(message)) => Err(LoadError::Generate(message)),
            (Ok(()), Ok(stats)) => Ok(stats),
        }
    })?;
    for statement in sequence_statements(&prepared, Dialect::Postgres) {
        tx.batch_execute(&statement).map_err(db)?;
    }
    tx.commit().map_err(db)?;
    progress.finish();
    Ok(LoadReport { rows: stats.rows, updates: stats.updates, per_table: stats.per_table, elapsed: started.elapsed() })
}

fn produce(prepared: &Prepared, sender: SyncSender<Message>) -> Result<codegen_seed::generate::Stats, String> {
    let mut sink = CopySink {
        sender: sender.clone(),
        buffer: Vec::with_capacity(CHUNK),
        rows: 0,
        inserts: None,
        insert_head: String::new(),
        line: String::new(),
    };
    match generate(prepared, &mut sink) {
        Ok(stats) => {
            let _ = sender.send(Message::Done);
            Ok(stats)
        }
        Err(e) => {
            let message = e.to_string();
            let _ = sender.send(Message::Failed(message.clone()));
            Err(message)
        }
    }
}

fn consume(
    tx: &mut postgres::Transaction<'_>,
    receiver: Receiver<Message>,
    progress: &Progress,
) -> Result<(), LoadError> {
    let db = |e: postgres::Error| LoadError::Database(pg_message(&e));
    while let Ok(message) = receiver.recv() {
        match message {
            Message::Copy { table, statement } => {
                progress.table(&table);
                let mut writer = tx.copy_in(&statement).map_err(db)?;
                loop {
                    match receiver.recv() {
                        Ok(Message::Chunk(bytes)) => writer
                            .write_all(&bytes)
                            .map_err(|e| LoadError::Database(format!("COPY into {table}: {e}")))?,
                        Ok(Message::EndCopy(rows)) => {
                            writer
                                .finish()
                                .map_err(|e| LoadError::Database(format!("loading {table}: {}", pg_message(&e))))?;
                            progress.advance(rows);
                            break;
                        }
                        Ok(Message::Failed(message)) => return Err(LoadError::Generate(message)),
                        _ => return Err(LoadError::Generate("the row stream ended inside a COPY".into())),
                    }
                }
            }
            Message::Statement(sql, rows) => {
                tx.batch_execute(&sql)
                    .map_err(|e| LoadError::Database(format!("{}: {}", first_line(&sql), pg_message(&e))))?;
                progress.advance(rows);
            }
            Message::Chunk(_) | Message::EndCopy(_) => {}
            Message::Failed(message) => return Err(LoadError::Generate(message)),
            Message::Done => return Ok(()),
        }
    }
    Ok(())
}

struct CopySink {
    sender: SyncSender<Message>,
    buffer: Vec<u8>,
    rows: u64,
    /// Tables with SQL-expression values: INSERT statements instead of COPY.
    inserts: Option<Vec<String>>,
    insert_head: String,
    line: String,
}

impl CopySink {
    fn flush_inserts(&mut self) -> Result<(), String> {
        let rows = std::mem::take(self.inserts.as_mut().expect("insert mode"));
        if rows.is_empty() {
            return Ok(());
        }
        let statement = format!("{}{} ON CONFLICT DO NOTHING", self.insert_head, rows.join(", "));
        self.send(Message::Statement(statement, rows.len() as u64))
    }

    fn send(&self, message: Message) -> Result<(), String> {
        self.sender.send(message).map_err(|_| "the database side stopped".to_string())
    }
}

impl RowSink for CopySink {
    type Error = String;

    fn begin_table(&mut self, _: &Prepared, table: &TableSeed) -> Result<(), String> {
        self.rows = 0;
        if table.uses_sql() {
            self.inserts = Some(Vec::new());
            self.insert_head = format!(
                "INSERT INTO {} ({}) VALUES ",
                table_name(&table.name, Dialect::Postgres),
                table
                    .columns
                    .iter()
                    .map(|c| codegen_sql::quote_ident(&c.name, Dialect::Postgres))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            return Ok(());
        }
        self.inserts = None;
        let columns: Vec<String> =
            table.columns.iter().map(|c| codegen_sql::quote_ident(&c.name, Dialect::Postgres)).collect();
        let statement =
            format!("COPY {} ({}) FROM STDIN", table_name(&table.name, Dialect::Postgres), columns.join(", "));
        self.send(Message::Copy { table: table.name.to_string(), statement })
    }

    fn row(&mut self, values: &[Value]) -> Result<(), String> {
        self.rows += 1;
        if let Some(rows) = self.inserts.as_mut() {
            rows.push(format!(
                "({})",
                values.iter().map(|v| v.sql_literal(Dialect::Postgres)).collect::<Vec<_>>().join(", ")
            ));
            if rows.len() >= 500 {
                self.flush_inserts()?;
            }
            return Ok(());
        }
        self.line.clear();
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.line.push('\t');
            }
            v.write_copy_text(&mut self.line);
        }
        self.line.push('\n');
        self.buffer.extend_from_slice(self.line.as_bytes());
        if self.buffer.len() >= CHUNK {
            let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
            self.send(Message::Chunk(chunk))?;
        }
        Ok(())
    }

    fn end_table(&mut self, prepared: &Prepared, table: &TableSeed) -> Result<(), String> {
        let _ = (prepared, table);
        if self.inserts.is_some() {
            self.flush_inserts()?;
            self.inserts = None;
            return Ok(());
        }
        if !self.buffer.is_empty() {
            let chunk = std::mem::take(&mut self.buffer);
            self.send(Message::Chunk(chunk))?;
        }
        self.send(Message::EndCopy(self.rows))
    }

    fn update(
        &mut self,
        _: &Prepared,
        table: &TableSeed,
        key: &[(usize, Value)],
        set: &[(usize, Value)],
    ) -> Result<(), String> {
        let q = |c: usize| codegen_sql::quote_ident(&table.columns[c].name, Dialect::Postgres);
        let assignments: Vec<String> =
            set.iter().map(|(c, v)| format!("{} = {}", q(*c), v.sql_literal(Dialect::Postgres))).collect();
        let conditions: Vec<String> =
            key.iter().map(|(c, v)| format!("{} = {}", q(*c), v.sql_literal(Dialect::Postgres))).collect();
        self.send(Message::Statement(
            format!(
                "UPDATE {} SET {} WHERE {}",
                table_name(&table.name, Dialect::Postgres),
                assignments.join(", "),
                conditions.join(" AND ")
            ),
            0,
        ))
    }

    fn finish(&mut self, _: &Prepared) -> Result<(), String> {
        Ok(())
    }
}

/// Row counts and the largest integer keys already there.
fn existing(
    tx: &mut postgres::Transaction<'_>,
    schema: &Schema,
    plan: &Plan,
    run: &SeedRun,
) -> Result<Existing, LoadError> {
    let mut existing = Existing::default();
    for (i, column) in serial_candidates(schema) {
        let table = &schema.tables[i];
        let max = column.as_ref().map_or("NULL".to_string(), |c| codegen_sql::quote_ident(c, Dialect::Postgres));
        let sql =
            format!("SELECT count(*)::bigint, max({max})::bigint FROM {}", table_name(&table.name, Dialect::Postgres));
        let row = tx.query_one(&sql, &[]).map_err(|e| LoadError::Database(pg_message(&e)))?;
        let (rows, max): (i64, Option<i64>) = (row.get(0), row.get(1));
        if rows > 0 {
            let mut entry = ExistingTable { rows: rows as u64, ..ExistingTable::default() };
            if let (Some(max), Some(column)) = (max, column) {
                entry.max_serial.insert(column, max);
            }
            existing.tables.insert(table.name.clone(), entry);
        }
    }
    read_existing_keys(schema, plan, run, Dialect::Postgres, &mut existing, |sql| {
        let rows = tx.query(sql, &[]).map_err(|e| LoadError::Database(pg_message(&e)))?;
        Ok(rows.iter().map(|r| (0..r.len()).map(|i| r.get::<_, String>(i)).collect()).collect())
    })?;
    Ok(existing)
}

/// A cycle of NOT NULL keys needs them DEFERRABLE: say which are not before writing anything.
fn check_deferrable(tx: &mut postgres::Transaction<'_>, prepared: &Prepared) -> Result<(), LoadError> {
    let names: Vec<String> = prepared
        .tables
        .iter()
        .flat_map(|t| t.fks.iter().filter(|f| f.strategy == FkStrategy::Deferred).map(|f| f.name.clone()))
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    let rows = tx
        .query(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' AND NOT condeferrable AND conname = ANY($1)",
            &[&names],
        )
        .map_err(|e| LoadError::Database(pg_message(&e)))?;
    if rows.is_empty() {
        return Ok(());
    }
    let stuck: Vec<String> = rows.iter().map(|r| r.get::<_, String>(0)).collect();
    let mut diagnostics = codegen_core::Diagnostics::new();
    diagnostics.push(
        codegen_core::Diagnostic::error(format!(
            "the cycle {} runs through NOT NULL keys that are not DEFERRABLE ({}): no insert order satisfies them",
            prepared.deferred_cycles.join("; "),
            stuck.join(", ")
        ))
        .with_help(format!(
            "make one of them DEFERRABLE (ALTER TABLE ... ALTER CONSTRAINT {} DEFERRABLE INITIALLY IMMEDIATE) or nullable",
            stuck[0]
        )),
    );
    Err(LoadError::Plan(diagnostics))
}

fn pg_message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => {
            let mut text = db.message().to_string();
            if let Some(detail) = db.detail() {
                text.push_str(&format!(" ({detail})"));
            }
            if let Some(table) = db.table() {
                text = format!("{table}: {text}");
            }
            text
        }
        None => error.to_string(),
    }
}

fn first_line(sql: &str) -> &str {
    sql.lines().next().unwrap_or_default().get(..80).unwrap_or(sql.lines().next().unwrap_or_default())
}

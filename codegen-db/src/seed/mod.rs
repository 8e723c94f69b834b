//! Loading seed rows into a database: the rows codegen-seed makes, through each engine's bulk
//! path (PostgreSQL `COPY`, MySQL/MariaDB multi-row `INSERT`, SQLite prepared statements), in one
//! transaction: on any failure nothing stays behind. Existing rows are kept unless `truncate`;
//! new keys then start past them. Sequences and identities are moved past the explicit keys.
//!
//! ```ignore
//! // What `codegen advise` needs: this model, these volumes, this database.
//! let plan = codegen_seed::plan::Plan::with_volumes([("users", 100_000), ("orders", 1_000_000)]);
//! let report = codegen_db::seed::seed_url(url, &schema, &plan, &SeedRun::default())?;
//! ```

mod mysql;
mod postgres;
mod progress;
mod sqlite;

use std::time::Duration;

use codegen_core::{Diagnostics, Dialect, QualifiedName, Schema};
use codegen_seed::plan::Plan;
use codegen_seed::prepare::{Existing, KEY_SAMPLE, Prepared, SeedOptions, prepare, referenced_key_sets};

pub use progress::Progress;

/// Settings of one load.
#[derive(Debug, Clone, Default)]
pub struct SeedRun {
    /// `--seed` (the plan's, then 0, when absent).
    pub seed: Option<u64>,
    /// `--scale`.
    pub scale: Option<f64>,
    /// `--profile`.
    pub profile: Option<String>,
    /// Delete the seeded tables' rows first (in the same transaction).
    pub truncate: bool,
    /// Show a progress bar on stderr (only drawn on a terminal).
    pub progress: bool,
}

/// What a load did.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub rows: u64,
    pub updates: u64,
    pub per_table: Vec<(String, u64)>,
    pub elapsed: Duration,
}

/// Why a load failed; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The plan cannot be satisfied (located diagnostics).
    #[error("{} problem(s) in the seed plan", .0.errors().count())]
    Plan(Diagnostics),
    /// Connecting or talking to the database failed; the message names the URL redacted.
    #[error("{0}")]
    Database(String),
    /// Rows could not be made (a check no row satisfies).
    #[error("{0}")]
    Generate(String),
}

/// Seed the database at `url` (postgres://, mysql://, mariadb://, or a SQLite file path).
pub fn seed_url(url: &str, schema: &Schema, plan: &Plan, run: &SeedRun) -> Result<LoadReport, LoadError> {
    match crate::DatabaseUrl::parse(url).map_err(|e| LoadError::Database(e.to_string()))? {
        crate::DatabaseUrl::Postgres(url) => {
            let mut client = crate::postgres::connect_postgres(url).map_err(|e| LoadError::Database(e.to_string()))?;
            postgres::seed_postgres(&mut client, schema, plan, run).map_err(|e| scrub_error(e, url))
        }
        crate::DatabaseUrl::Mysql(_) => {
            let mut conn = crate::mysql::connect_mysql(url).map_err(LoadError::Database)?;
            mysql::seed_mysql(&mut conn, schema, plan, run).map_err(|e| scrub_error(e, url))
        }
        crate::DatabaseUrl::Sqlite(path) => {
            let mut conn = rusqlite::Connection::open(path)
                .map_err(|e| LoadError::Database(format!("cannot open SQLite database `{}`: {e}", path.display())))?;
            sqlite::seed_sqlite(&mut conn, schema, plan, run)
        }
    }
}

pub use mysql::seed_mysql;
pub use postgres::seed_postgres;
pub use sqlite::seed_sqlite;

fn scrub_error(error: LoadError, url: &str) -> LoadError {
    match error {
        LoadError::Database(message) => LoadError::Database(crate::postgres::scrub(&message, url)),
        other => other,
    }
}

/// Prepare the rows for `dialect`, given what the database holds.
fn plan_rows(
    schema: &Schema,
    plan: &Plan,
    run: &SeedRun,
    dialect: Dialect,
    existing: Existing,
) -> Result<Prepared, LoadError> {
    let options = SeedOptions { seed: run.seed, dialect, scale: run.scale, profile: run.profile.clone(), existing };
    prepare(schema, plan, &options).map_err(LoadError::Plan)
}

/// Read the keys children may reference of every table that has rows and gets no new ones: a
/// spread sample in key order (every `step`-th row, at most [`KEY_SAMPLE`]), read-only, one
/// query per referenced column set. `query` runs a SELECT and returns its rows as text.
fn read_existing_keys(
    schema: &Schema,
    plan: &Plan,
    run: &SeedRun,
    dialect: Dialect,
    existing: &mut Existing,
    mut query: impl FnMut(&str) -> Result<Vec<Vec<String>>, LoadError>,
) -> Result<(), LoadError> {
    let options = SeedOptions {
        seed: run.seed,
        dialect,
        scale: run.scale,
        profile: run.profile.clone(),
        existing: Existing::default(),
    };
    for (i, columns) in referenced_key_sets(schema, plan, &options) {
        let table = &schema.tables[i];
        let Some(entry) = existing.tables.get_mut(&table.name) else { continue };
        let sql = key_sample_sql(&table.name, &columns, entry.rows, dialect);
        let tuples = query(&sql)?;
        entry.keys.insert(columns, tuples);
    }
    Ok(())
}

/// `SELECT` of every `ceil(rows / KEY_SAMPLE)`-th key of `table` in key order, as text.
fn key_sample_sql(table: &QualifiedName, columns: &[String], rows: u64, dialect: Dialect) -> String {
    let text = match dialect {
        Dialect::Mysql => "CHAR",
        Dialect::Postgres | Dialect::Sqlite => "TEXT",
    };
    let quoted: Vec<String> = columns.iter().map(|c| codegen_sql::quote_ident(c, dialect)).collect();
    let casts: Vec<String> = quoted.iter().enumerate().map(|(i, q)| format!("CAST({q} AS {text}) AS k{i}")).collect();
    let outer: Vec<String> = (0..columns.len()).map(|i| format!("k{i}")).collect();
    let present: Vec<String> = quoted.iter().map(|q| format!("{q} IS NOT NULL")).collect();
    let step = rows.div_ceil(KEY_SAMPLE).max(1);
    format!(
        "SELECT {} FROM (SELECT {}, row_number() OVER (ORDER BY {}) AS n FROM {} WHERE {}) AS s WHERE (n - 1) % {step} = 0 ORDER BY n LIMIT {KEY_SAMPLE}",
        outer.join(", "),
        casts.join(", "),
        quoted.join(", "),
        codegen_seed::render::sql::table_name(table, dialect),
        present.join(" AND "),
    )
}

/// Every table, with its integer key column whose maximum new keys must pass, if it has one.
fn serial_candidates(schema: &Schema) -> Vec<(usize, Option<String>)> {
    let mut out = Vec::new();
    for (i, table) in schema.tables.iter().enumerate() {
        let key = match &table.primary_key {
            Some(pk) => match pk.columns.as_slice() {
                [column] if table.column(column).is_some_and(|c| c.ty.is_integer()) => Some(column.clone()),
                _ => None,
            },
            None => None,
        };
        out.push((i, key));
    }
    out
}

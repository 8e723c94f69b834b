//! Scratch databases for proofs: created on a server the user names (or a temporary SQLite
//! file), given the schema's tables, filled, analysed, and dropped when the proof is done.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use codegen_core::{Dialect, QualifiedName, Schema};

use codegen_core::diff::{DiffOptions, diff_schemas};
use codegen_sql::migration::{MigrationOptions, render_migration};

use super::conn::Conn;
use super::fill::{ScratchDatabase, ScratchFill};
use crate::postgres::redact_url;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A scratch database that exists until this value is dropped.
pub struct Scratch {
    pub database: ScratchDatabase,
    /// Where to drop it from (server URL), or the temporary directory of a SQLite file.
    cleanup: Cleanup,
    /// The database's name, for the report.
    pub name: String,
}

enum Cleanup {
    Server { admin_url: String, name: String },
    File(#[allow(dead_code, reason = "kept for its Drop: the directory goes with it")] tempfile::TempDir),
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Scratch({})", self.name)
    }
}

impl Scratch {
    /// Create an empty scratch database: on the server of `server_url` (PostgreSQL or MySQL),
    /// or a temporary SQLite file when `None`.
    pub fn create(dialect: Dialect, server_url: Option<&str>) -> Result<Scratch, String> {
        let name = format!("codegen_advise_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        match (dialect, server_url) {
            (Dialect::Sqlite, _) => {
                let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
                let path = dir.path().join("scratch.db");
                let url = path.to_string_lossy().into_owned();
                Ok(Scratch {
                    database: ScratchDatabase { dialect, url },
                    cleanup: Cleanup::File(dir),
                    name: "a temporary SQLite file".into(),
                })
            }
            (Dialect::Postgres, Some(server)) => {
                let mut admin = Conn::open(server)?;
                admin
                    .execute(&format!("CREATE DATABASE \"{name}\""))
                    .map_err(|e| format!("cannot create the scratch database on {}: {e}", redact_url(server)))?;
                let url = with_database(server, &name);
                Ok(Scratch {
                    database: ScratchDatabase { dialect, url },
                    cleanup: Cleanup::Server { admin_url: server.to_string(), name: name.clone() },
                    name,
                })
            }
            (Dialect::Mysql, Some(server)) => {
                let mut admin = Conn::open(server)?;
                admin
                    .execute(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
                    .map_err(|e| format!("cannot create the scratch database on {}: {e}", redact_url(server)))?;
                let url = with_database(server, &name);
                Ok(Scratch {
                    database: ScratchDatabase { dialect, url },
                    cleanup: Cleanup::Server { admin_url: server.to_string(), name: name.clone() },
                    name,
                })
            }
            (_, None) => Err(format!("a {dialect} scratch database needs a server: pass --scratch-url")),
        }
    }

    /// Create the schema's tables, fill them at `volumes` and gather planner statistics. Keys,
    /// unique constraints, foreign keys and indexes are added once the rows are in (each built
    /// in one pass rather than row by row; where the engine rebuilds a table to add one, it is
    /// there from the start).
    pub fn load(
        &self,
        schema: &Schema,
        volumes: &BTreeMap<QualifiedName, u64>,
        fill: &dyn ScratchFill,
    ) -> Result<(), String> {
        let dialect = self.database.dialect;
        let bare = bare_tables(schema, dialect);
        let (ddl, _) = codegen_sql::render_schema(&bare, dialect)
            .map_err(|d| format!("the schema cannot be written for {dialect}: {d}"))?;
        let mut conn = self.connect()?;
        conn.execute(&ddl).map_err(|e| format!("creating the schema on the scratch database: {e}"))?;
        fill.fill(&self.database, schema, volumes)?;
        let diff = diff_schemas(&bare, schema, &DiffOptions::default());
        let script = render_migration(&bare, schema, &diff, &MigrationOptions::new(dialect))
            .map_err(|d| format!("the schema's keys and indexes cannot be written for {dialect}: {d}"))?;
        for statement in &script.up {
            conn.execute(statement).map_err(|e| format!("adding `{statement}` after the fill: {e}"))?;
        }
        let analyze = match dialect {
            Dialect::Postgres => "VACUUM ANALYZE".to_string(),
            Dialect::Sqlite => "ANALYZE".to_string(),
            Dialect::Mysql => {
                let tables: Vec<String> =
                    schema.tables.iter().map(|t| codegen_sql::quote_name(&t.name, dialect)).collect();
                if tables.is_empty() {
                    return Ok(());
                }
                format!("ANALYZE TABLE {}", tables.join(", "))
            }
        };
        conn.execute(&analyze).map_err(|e| format!("analysing the scratch database: {e}"))?;
        Ok(())
    }

    pub fn connect(&self) -> Result<Conn, String> {
        Conn::open(&self.database.url)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Cleanup::Server { admin_url, name } = &self.cleanup
            && let Ok(mut admin) = Conn::open(admin_url)
        {
            let sql = match admin.dialect() {
                Dialect::Postgres => format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                _ => format!("DROP DATABASE IF EXISTS `{name}`"),
            };
            // Best effort: a failure leaves a database named codegen_advise_* behind.
            let _ = admin.execute(&sql);
        }
    }
}

/// The tables as the fill starts: without what can be added after it cheaply (PostgreSQL: keys,
/// uniques, foreign keys and indexes; MySQL, which rebuilds a table for a new primary key: all
/// but the primary key; SQLite, which rebuilds for any constraint: indexes only).
fn bare_tables(schema: &Schema, dialect: Dialect) -> Schema {
    let mut bare = schema.clone();
    for table in &mut bare.tables {
        table.indexes.clear();
        if dialect != Dialect::Sqlite {
            table.foreign_keys.clear();
            table.uniques.clear();
        }
        if dialect == Dialect::Postgres {
            table.primary_key = None;
        }
    }
    bare
}

/// `url` with its database replaced by `name` (query parameters kept).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let (scheme, rest) = base.split_once("://").unwrap_or(("", base));
    let authority = rest.split('/').next().unwrap_or(rest);
    let mut out = format!("{scheme}://{authority}/{name}");
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_of_a_url_is_replaced() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/app?sslmode=disable", "x"),
            "postgres://u:p@h:5432/x?sslmode=disable"
        );
        assert_eq!(with_database("mysql://dev@127.0.0.1:3307", "x"), "mysql://dev@127.0.0.1:3307/x");
    }
}

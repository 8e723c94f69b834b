//! Loading a script into a fresh database of the real engine and reading back its catalog.
//!
//! SQLite runs in memory through rusqlite. PostgreSQL scripts go through `psql` and MariaDB
//! scripts through `mariadb` (as `tests/integration/servers.rs` runs them), because dumps hold
//! client commands: `\connect`, `COPY ... FROM stdin`, `DELIMITER`. A script may create its own
//! database and switch to it (`CREATE DATABASE chinook; \c chinook`, `USE sakila`): the catalog
//! read is that of the database the script ends in, which is dropped afterwards.

use std::sync::{Mutex, MutexGuard, PoisonError};

use codegen_test_catalog::Catalog;

use crate::servers::{MySqlServer, PgServer, TestDb};

/// A real engine to load scripts into.
pub enum Engine {
    Sqlite,
    Postgres(PgServer),
    Mysql(MySqlServer),
}

/// A loaded script's catalog, and what the output's database must share with it.
pub struct Loaded {
    pub catalog: Catalog,
    /// MariaDB: the default character set and collation of the database the script ended in,
    /// which the output's database is given too (the model has no database-level defaults, and
    /// a user loads codegen's output into a database of their choosing).
    pub defaults: Option<(String, String)>,
}

/// What `SELECT` prints after the script, to find the database it ended in.
const MARKER: &str = "codegen-final-db:";

/// Held while a script that creates its own database runs: two tests loading the same dump
/// would otherwise drop each other's database.
static NAMED_DATABASES: Mutex<()> = Mutex::new(());

fn lock_if(named: bool) -> Option<MutexGuard<'static, ()>> {
    named.then(|| NAMED_DATABASES.lock().unwrap_or_else(PoisonError::into_inner))
}

impl Engine {
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres(_) => "PostgreSQL 15",
            Engine::Mysql(_) => "MariaDB",
        }
    }

    /// Loads `script` into a fresh database (with `defaults`, on MariaDB) and reads its catalog;
    /// the engine's error in one line when it refuses the script.
    /// A script is bytes: a dump may hold binary data that is not UTF-8.
    pub fn load(&self, script: &[u8], defaults: Option<&(String, String)>) -> Result<Loaded, String> {
        let text = String::from_utf8_lossy(script);
        let with = |suffix: &str| [script, suffix.as_bytes()].concat();
        match self {
            Engine::Sqlite => {
                let script = std::str::from_utf8(script).map_err(|e| format!("not UTF-8: {e}"))?;
                let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
                let path = dir.path().join("corpus.db");
                let conn = rusqlite::Connection::open(&path).map_err(|e| e.to_string())?;
                conn.execute_batch(script).map_err(|e| format!("SQLite: {e}"))?;
                drop(conn);
                // Read through a new connection: a dump writes virtual tables into sqlite_schema
                // directly (`PRAGMA writable_schema`), which only a new connection sees as such.
                let conn = rusqlite::Connection::open(&path).map_err(|e| e.to_string())?;
                let catalog = codegen_test_catalog::sqlite(&conn).map_err(|e| e.to_string())?;
                Ok(Loaded { catalog, defaults: None })
            }
            Engine::Postgres(server) => {
                let db = server.fresh_database("corpus");
                let created = created_databases(&text, false);
                let _lock = lock_if(!created.is_empty());
                let drop_created = || {
                    for name in &created {
                        let _ = db.execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
                    }
                };
                drop_created();
                let loaded = db.execute_bytes(&with(&format!("\n;\nSELECT '{MARKER}' || current_database();\n")));
                let catalog = loaded.map_err(|e| engine_error(&e)).and_then(|output| {
                    let url = url_of(&db, &final_database(&output, &db));
                    codegen_test_catalog::postgres(&url).map_err(|e| e.to_string())
                });
                drop_created();
                Ok(Loaded { catalog: catalog?, defaults: None })
            }
            Engine::Mysql(server) => {
                let db = server.fresh_database("corpus");
                let created = created_databases(&text, true);
                let _lock = lock_if(!created.is_empty());
                let drop_created = || {
                    for name in &created {
                        let _ = db.execute(&format!("DROP DATABASE IF EXISTS `{name}`"));
                    }
                };
                drop_created();
                if let Some((charset, collation)) = defaults {
                    db.execute(&format!("ALTER DATABASE `{}` CHARACTER SET {charset} COLLATE {collation}", db.name()))
                        .map_err(|e| engine_error(&e))?;
                }
                let loaded =
                    db.execute_bytes(&with(&format!("\nDELIMITER ;\nSELECT CONCAT('{MARKER}', DATABASE());\n")));
                let result = loaded.map_err(|e| engine_error(&e)).and_then(|output| {
                    let name = final_database(&output, &db);
                    let defaults = db
                        .query_rows(&format!(
                            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA \
                             WHERE SCHEMA_NAME = '{name}'"
                        ))
                        .ok()
                        .and_then(|rows| rows.into_iter().next())
                        .and_then(|row| Some((row.first()?.clone(), row.get(1)?.clone())));
                    let catalog = codegen_test_catalog::mysql(&url_of(&db, &name)).map_err(|e| e.to_string())?;
                    Ok(Loaded { catalog, defaults })
                });
                drop_created();
                result
            }
        }
    }
}

fn final_database(output: &str, db: &TestDb) -> String {
    output
        .lines()
        .find_map(|line| line.trim().strip_prefix(MARKER))
        .map_or_else(|| db.name().to_owned(), |name| name.trim().to_owned())
}

/// The test database's URL with another database's name.
fn url_of(db: &TestDb, name: &str) -> String {
    let url = db.url();
    match url.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => url,
    }
}

/// The databases a script creates (`CREATE DATABASE x`, and on MariaDB `CREATE SCHEMA x`), to
/// drop any left by an interrupted earlier run before loading it.
pub fn created_databases(script: &str, schema_is_database: bool) -> Vec<String> {
    let mut names = Vec::new();
    for line in script.lines() {
        let upper = line.trim_start().to_ascii_uppercase();
        let rest = if let Some(rest) = upper.strip_prefix("CREATE DATABASE") {
            rest
        } else if let Some(rest) = upper.strip_prefix("CREATE SCHEMA").filter(|_| schema_is_database) {
            rest
        } else {
            continue;
        };
        // The same text in its own case, past the keywords.
        let rest = &line.trim_start()[line.trim_start().len() - rest.len()..];
        let mut rest = rest.trim_start();
        loop {
            if let Some(after) = rest.strip_prefix("/*") {
                rest = after.split_once("*/").map_or("", |(_, r)| r).trim_start();
            } else if rest.len() >= 13 && rest[..13].eq_ignore_ascii_case("IF NOT EXISTS") {
                rest = rest[13..].trim_start();
            } else {
                break;
            }
        }
        let name: String = match rest.chars().next() {
            Some(quote @ ('`' | '"')) => rest[1..].split(quote).next().unwrap_or("").to_owned(),
            _ => rest.split(|c: char| c.is_whitespace() || c == ';').next().unwrap_or("").to_owned(),
        };
        if !name.is_empty() && !name.starts_with("cg_") {
            names.push(name);
        }
    }
    names
}

/// The client's error in one line: `line 1434: ERROR: there is no unique constraint ...`.
fn engine_error(error: &str) -> String {
    let line =
        error.lines().find(|l| l.contains("ERROR")).unwrap_or_else(|| error.lines().next().unwrap_or(error)).trim();
    // The harness appends how the client exited: not part of the engine's message.
    let line = line.split(" (`psql` exited").next().unwrap_or(line);
    let line = line.split(" (`mariadb` exited").next().unwrap_or(line);
    let line = line.strip_prefix("psql:<stdin>:").map_or_else(|| line.to_owned(), |rest| format!("line {rest}"));
    super::codegen::shorten(&line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_databases_a_script_creates() {
        let script = "DROP DATABASE IF EXISTS chinook;\nCREATE DATABASE chinook;\n\\c chinook;\n\
                      CREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;\n\
                      CREATE SCHEMA IF NOT EXISTS `northwind` DEFAULT CHARACTER SET utf8;\n";
        assert_eq!(created_databases(script, false), ["chinook", "shop"]);
        assert_eq!(created_databases(script, true), ["chinook", "shop", "northwind"]);
    }

    #[test]
    fn engine_errors_name_the_line() {
        let error = "psql:<stdin>:1434: ERROR:  there is no unique constraint matching given keys for referenced table \"film\" (`psql` exited with exit status: 3)";
        assert_eq!(
            engine_error(error),
            "line 1434: ERROR: there is no unique constraint matching given keys for referenced table \"film\""
        );
    }
}

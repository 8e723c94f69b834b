//! Counting rows for `codegen lint --database-url`: the risks the linter finds become facts
//! ("dropping column `bio` loses 12,345 non-null values").
//!
//! The linter (in codegen-core, driver-free) says what to count as a [`FactQuery`]; this module
//! turns it into SQL and runs it, read-only, on SQLite, PostgreSQL or MySQL/MariaDB.

use codegen_core::lint::FactQuery;
use codegen_core::{Dialect, QualifiedName};

use crate::postgres::redact_url;

#[derive(Debug, thiserror::Error)]
pub enum FactError {
    #[error("cannot open `{url}` for facts: {message}")]
    Open { url: String, message: String },
    #[error("cannot count on the database: {message}")]
    Query { message: String },
    #[error("`{0}` is not a SQLite file path, sqlite://, postgres:// or mysql:// URL")]
    Unsupported(String),
}

/// A read-only connection to count facts on.
pub enum FactSource {
    Sqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>),
    Mysql(Box<mysql::Conn>),
}

impl std::fmt::Debug for FactSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FactSource::Sqlite(_) => "FactSource::Sqlite",
            FactSource::Postgres(_) => "FactSource::Postgres",
            FactSource::Mysql(_) => "FactSource::Mysql",
        })
    }
}

impl FactSource {
    /// Open a SQLite file (a path, `sqlite://path` or `sqlite:path`) or a PostgreSQL URL, read-only.
    pub fn open(url: &str) -> Result<Self, FactError> {
        let open_error = |message: String| FactError::Open { url: redact_url(url), message };
        let parsed = crate::DatabaseUrl::parse(url).map_err(|e| FactError::Unsupported(e.url))?;
        if let crate::DatabaseUrl::Postgres(url) = parsed {
            let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| open_error(e.to_string()))?;
            client
                .batch_execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET statement_timeout = '60s'")
                .map_err(|e| open_error(e.to_string()))?;
            return Ok(FactSource::Postgres(Box::new(client)));
        }
        if let crate::DatabaseUrl::Mysql(url) = &parsed {
            use mysql::prelude::Queryable;
            let opts = mysql::Opts::from_url(url).map_err(|e| open_error(e.to_string()))?;
            // Over loopback the driver would otherwise reconnect through the server's socket.
            let opts = mysql::OptsBuilder::from_opts(opts).prefer_socket(false);
            let mut conn = mysql::Conn::new(opts).map_err(|e| open_error(e.to_string()))?;
            conn.query_drop("SET SESSION TRANSACTION READ ONLY").map_err(|e| open_error(e.to_string()))?;
            return Ok(FactSource::Mysql(Box::new(conn)));
        }
        let crate::DatabaseUrl::Sqlite(path) = parsed else { unreachable!("servers are handled above") };
        if !path.is_file() {
            return Err(open_error("no such file".into()));
        }
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = rusqlite::Connection::open_with_flags(path, flags).map_err(|e| open_error(e.to_string()))?;
        Ok(FactSource::Sqlite(connection))
    }

    /// Count what `query` asks for.
    pub fn count(&mut self, query: &FactQuery) -> Result<u64, FactError> {
        let dialect = match self {
            FactSource::Sqlite(_) => Dialect::Sqlite,
            FactSource::Postgres(_) => Dialect::Postgres,
            FactSource::Mysql(_) => Dialect::Mysql,
        };
        let sql = count_sql(query, dialect);
        let failed = |message: String| FactError::Query { message };
        let n: i64 = match self {
            FactSource::Mysql(c) => {
                use mysql::prelude::Queryable;
                c.query_first::<i64, _>(&sql).map_err(|e| failed(e.to_string()))?.unwrap_or(0)
            }
            FactSource::Sqlite(c) => c.query_row(&sql, [], |row| row.get(0)).map_err(|e| failed(e.to_string()))?,
            FactSource::Postgres(c) => {
                let row = c.query_one(sql.as_str(), &[]).map_err(|e| failed(e.to_string()))?;
                row.try_get(0).map_err(|e| failed(e.to_string()))?
            }
        };
        Ok(n.max(0) as u64)
    }
}

/// The counting query for a fact in a dialect (identifier quotes, integer cast, text length).
pub fn count_sql(query: &FactQuery, dialect: Dialect) -> String {
    let mysql = dialect == Dialect::Mysql;
    let quote = |ident: &str| {
        if mysql { format!("`{}`", ident.replace('`', "``")) } else { format!("\"{}\"", ident.replace('"', "\"\"")) }
    };
    let table = |name: &QualifiedName| match &name.schema {
        Some(schema) => format!("{}.{}", quote(schema), quote(&name.name)),
        None => quote(&name.name),
    };
    let length = if mysql { "char_length" } else { "length" };
    let inner = match query {
        FactQuery::Rows { table: t } => format!("SELECT count(*) FROM {}", table(t)),
        FactQuery::NonNullValues { table: t, column } => format!("SELECT count({}) FROM {}", quote(column), table(t)),
        FactQuery::NullValues { table: t, column } => {
            format!("SELECT count(*) FROM {} WHERE {} IS NULL", table(t), quote(column))
        }
        FactQuery::DuplicateRows { table: t, columns } => {
            let list: Vec<String> = columns.iter().map(|c| quote(c)).collect();
            let not_null: Vec<String> = list.iter().map(|c| format!("{c} IS NOT NULL")).collect();
            format!(
                "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM {} WHERE {} GROUP BY {} HAVING count(*) > 1) AS d",
                table(t),
                not_null.join(" AND "),
                list.join(", ")
            )
        }
        FactQuery::CheckViolations { table: t, expression } => {
            format!("SELECT count(*) FROM {} WHERE NOT ({expression})", table(t))
        }
        FactQuery::LongerThan { table: t, column, length: limit } => {
            format!("SELECT count(*) FROM {} WHERE {length}({}) > {limit}", table(t), quote(column))
        }
        FactQuery::OutOfRange { table: t, column, min, max } => {
            let c = quote(column);
            format!("SELECT count(*) FROM {} WHERE {c} < {min} OR {c} > {max}", table(t))
        }
        FactQuery::OrphanRows { table: t, columns, referenced_table, referenced_columns } => {
            let not_null: Vec<String> = columns.iter().map(|c| format!("c.{} IS NOT NULL", quote(c))).collect();
            let matches: Vec<String> = columns
                .iter()
                .zip(referenced_columns)
                .map(|(c, r)| format!("p.{} = c.{}", quote(r), quote(c)))
                .collect();
            format!(
                "SELECT count(*) FROM {} AS c WHERE {} AND NOT EXISTS (SELECT 1 FROM {} AS p WHERE {})",
                table(t),
                not_null.join(" AND "),
                table(referenced_table),
                matches.join(" AND ")
            )
        }
    };
    format!("SELECT CAST(({inner}) AS {})", if mysql { "SIGNED" } else { "BIGINT" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_with_rows() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.db");
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE orgs (id integer PRIMARY KEY);
             INSERT INTO orgs VALUES (1), (2);
             CREATE TABLE users (id integer PRIMARY KEY, email text, bio text, org_id integer, age integer);
             INSERT INTO users VALUES (1, 'a@x', 'hi', 1, 30), (2, 'a@x', NULL, 2, -1), (3, 'a@x', 'yo', 9, 40),
                                      (4, 'b@x', NULL, NULL, NULL), (5, NULL, NULL, 7, 5);",
        )
        .unwrap();
        (dir, path)
    }

    #[test]
    fn every_fact_counts_on_sqlite() {
        let (_dir, path) = sqlite_with_rows();
        let mut source = FactSource::open(&format!("sqlite://{}", path.display())).unwrap();
        let users = QualifiedName::new("users");
        let mut count = |q: FactQuery| source.count(&q).unwrap();
        assert_eq!(count(FactQuery::Rows { table: users.clone() }), 5);
        assert_eq!(count(FactQuery::NonNullValues { table: users.clone(), column: "bio".into() }), 2);
        assert_eq!(count(FactQuery::NullValues { table: users.clone(), column: "email".into() }), 1);
        assert_eq!(count(FactQuery::DuplicateRows { table: users.clone(), columns: vec!["email".into()] }), 2);
        assert_eq!(count(FactQuery::CheckViolations { table: users.clone(), expression: "age > 0".into() }), 1);
        assert_eq!(count(FactQuery::LongerThan { table: users.clone(), column: "email".into(), length: 2 }), 4);
        let range = FactQuery::OutOfRange { table: users.clone(), column: "age".into(), min: 0, max: 35 };
        assert_eq!(count(range), 2);
        let orphans = FactQuery::OrphanRows {
            table: users,
            columns: vec!["org_id".into()],
            referenced_table: QualifiedName::new("orgs"),
            referenced_columns: vec!["id".into()],
        };
        assert_eq!(count(orphans), 2);
    }

    #[test]
    fn a_missing_table_is_an_error_not_a_panic() {
        let (_dir, path) = sqlite_with_rows();
        let mut source = FactSource::open(path.to_str().unwrap()).unwrap();
        let err = source.count(&FactQuery::Rows { table: QualifiedName::new("ghosts") }).unwrap_err();
        assert!(err.to_string().contains("ghosts"), "{err}");
    }

    #[test]
    fn unsupported_urls_are_refused_with_the_password_hidden() {
        let err = FactSource::open("redis://dev:secret@127.0.0.1/app").unwrap_err();
        assert!(matches!(err, FactError::Unsupported(_)), "{err}");
        assert!(!err.to_string().contains("secret"), "{err}");
        let err = FactSource::open("mysql://dev:secret@127.0.0.1:1/app").unwrap_err();
        assert!(!err.to_string().contains("secret"), "{err}");
        assert!(FactSource::open("/no/such/file.db").is_err());
    }
}

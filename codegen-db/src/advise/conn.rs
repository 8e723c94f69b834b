//! One connection type over the three engines, for what the proofs need: run a statement, read
//! rows as text.

use codegen_core::Dialect;

use crate::postgres::redact_url;

/// A connection to a PostgreSQL, MySQL/MariaDB or SQLite database.
pub enum Conn {
    Postgres(Box<postgres::Client>),
    Mysql(Box<mysql::Conn>),
    Sqlite(rusqlite::Connection),
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Conn({})", self.dialect())
    }
}

/// Rows of text values (`None` is NULL).
pub type Rows = Vec<Vec<Option<String>>>;

impl Conn {
    /// Connect to `url`: `postgres://`, `mysql://`/`mariadb://`, or a SQLite file path (or
    /// `sqlite://path`). Errors name the URL with its password hidden.
    pub fn open(url: &str) -> Result<Conn, String> {
        let failed =
            |e: String| format!("cannot connect to `{}`: {}", redact_url(url), crate::postgres::scrub(&e, url));
        let parsed = crate::DatabaseUrl::parse(url).map_err(|e| e.to_string())?;
        if let crate::DatabaseUrl::Postgres(url) = parsed {
            let client = crate::postgres::connect_postgres(url).map_err(|e| failed(e.to_string()))?;
            return Ok(Conn::Postgres(Box::new(client)));
        }
        if let crate::DatabaseUrl::Mysql(url) = &parsed {
            let opts = mysql::Opts::from_url(url).map_err(|e| failed(e.to_string()))?;
            // Over loopback the driver would otherwise reconnect through the server's socket.
            let opts = mysql::OptsBuilder::from_opts(opts).prefer_socket(false);
            let conn = mysql::Conn::new(opts).map_err(|e| failed(e.to_string()))?;
            return Ok(Conn::Mysql(Box::new(conn)));
        }
        let crate::DatabaseUrl::Sqlite(path) = parsed else { unreachable!("servers are handled above") };
        let connection = rusqlite::Connection::open(path).map_err(|e| failed(e.to_string()))?;
        Ok(Conn::Sqlite(connection))
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Conn::Postgres(_) => Dialect::Postgres,
            Conn::Mysql(_) => Dialect::Mysql,
            Conn::Sqlite(_) => Dialect::Sqlite,
        }
    }

    /// Run one statement or a script, discarding results.
    pub fn execute(&mut self, sql: &str) -> Result<(), String> {
        match self {
            Conn::Postgres(c) => c.batch_execute(sql).map_err(|e| pg_message(&e)),
            Conn::Mysql(c) => {
                use mysql::prelude::Queryable;
                c.query_drop(sql).map_err(|e| e.to_string())
            }
            Conn::Sqlite(c) => c.execute_batch(sql).map_err(|e| e.to_string()),
        }
    }

    /// Every row of a query, as text.
    pub fn rows(&mut self, sql: &str) -> Result<Rows, String> {
        match self {
            Conn::Postgres(c) => {
                let mut rows = Vec::new();
                for message in c.simple_query(sql).map_err(|e| pg_message(&e))? {
                    if let postgres::SimpleQueryMessage::Row(row) = message {
                        rows.push((0..row.len()).map(|i| row.get(i).map(str::to_string)).collect());
                    }
                }
                Ok(rows)
            }
            Conn::Mysql(c) => {
                use mysql::prelude::Queryable;
                let result: Vec<mysql::Row> = c.query(sql).map_err(|e| e.to_string())?;
                Ok(result.into_iter().map(|row| row.unwrap().into_iter().map(mysql_text).collect()).collect())
            }
            Conn::Sqlite(c) => {
                let mut statement = c.prepare(sql).map_err(|e| e.to_string())?;
                let width = statement.column_count();
                let mut rows = Vec::new();
                let mut cursor = statement.query([]).map_err(|e| e.to_string())?;
                while let Some(row) = cursor.next().map_err(|e| e.to_string())? {
                    let mut values = Vec::with_capacity(width);
                    for i in 0..width {
                        values.push(sqlite_text(row.get_ref(i).map_err(|e| e.to_string())?));
                    }
                    rows.push(values);
                }
                Ok(rows)
            }
        }
    }

    /// The first column of the first row.
    pub fn value(&mut self, sql: &str) -> Result<Option<String>, String> {
        Ok(self.rows(sql)?.into_iter().next().and_then(|r| r.into_iter().next()).flatten())
    }
}

/// The server's message (severity and text), not the driver's wrapper.
pub fn pg_message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => error.to_string(),
    }
}

fn mysql_text(value: mysql::Value) -> Option<String> {
    use mysql::Value;
    match value {
        Value::NULL => None,
        Value::Bytes(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Value::Int(n) => Some(n.to_string()),
        Value::UInt(n) => Some(n.to_string()),
        Value::Float(x) => Some(x.to_string()),
        Value::Double(x) => Some(x.to_string()),
        Value::Date(y, mo, d, h, mi, s, us) => Some(format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{us:06}")),
        Value::Time(neg, d, h, mi, s, us) => {
            Some(format!("{}{}:{mi:02}:{s:02}.{us:06}", if neg { "-" } else { "" }, d * 24 + h as u32))
        }
    }
}

fn sqlite_text(value: rusqlite::types::ValueRef) -> Option<String> {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(n) => Some(n.to_string()),
        ValueRef::Real(x) => Some(x.to_string()),
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Some(b.iter().map(|x| format!("{x:02x}")).collect()),
    }
}

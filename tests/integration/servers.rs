//! Real PostgreSQL and MariaDB servers for the integration tests.
//!
//! `.ci/servers.sh` starts both servers and exports their URLs in [`POSTGRES_URL_VAR`] and
//! [`MYSQL_URL_VAR`]. A test asks for a server with [`postgres`] or [`mysql`], which return `None`
//! (after a one-line note on stderr) when the variable is not set locally, so `cargo test` works
//! without servers; under `CI=true` a missing or unreachable server is a failure instead.
//!
//! ```ignore
//! let Some(pg) = servers::postgres() else { return };
//! let db = pg.fresh_database("widgets");
//! db.execute("create table t (id int primary key)").unwrap();
//! assert_eq!(db.query_rows("select count(*) from t").unwrap(), [["0"]]);
//! ```
//!
//! SQL goes through the `psql` and `mariadb` command-line clients, so the harness needs no driver
//! crates. Passwords travel in the clients' environment (`PGPASSWORD`, `MYSQL_PWD`), never on a
//! command line, and never appear in a message.

#![allow(dead_code, reason = "shared harness: each helper is used by some test modules, not all")]

use std::fmt;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The PostgreSQL server's URL, e.g. `postgres://postgres@127.0.0.1:5433/postgres`.
pub const POSTGRES_URL_VAR: &str = "CODEGEN_TEST_POSTGRES_URL";
/// The MariaDB server's URL, e.g. `mysql://dev:dev@127.0.0.1:3307/mysql`.
pub const MYSQL_URL_VAR: &str = "CODEGEN_TEST_MYSQL_URL";

/// Seconds a client waits for a connection before giving up.
const CONNECT_TIMEOUT_SECS: &str = "5";

/// A PostgreSQL server to create test databases on.
#[derive(Debug, Clone)]
pub struct PgServer {
    url: ServerUrl,
}

/// A MariaDB (or MySQL) server to create test databases on.
#[derive(Debug, Clone)]
pub struct MySqlServer {
    url: ServerUrl,
}

/// A database that exists for one test: created by `fresh_database`, dropped (best effort) on drop.
#[derive(Debug)]
pub struct TestDb {
    kind: Kind,
    /// The server's URL with `database` replaced by this database's name.
    url: ServerUrl,
    /// The URL of the database the server's URL named, used to drop this one.
    admin: ServerUrl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Postgres,
    MySql,
}

/// The PostgreSQL server named by [`POSTGRES_URL_VAR`], or `None` (and a note) when it is not set
/// outside CI.
///
/// # Panics
/// Under `CI=true` when the variable is missing or invalid, or the server does not answer.
pub fn postgres() -> Option<PgServer> {
    server(Kind::Postgres).map(|url| PgServer { url })
}

/// The MariaDB server named by [`MYSQL_URL_VAR`], or `None` (and a note) when it is not set
/// outside CI.
///
/// # Panics
/// Under `CI=true` when the variable is missing or invalid, or the server does not answer.
pub fn mysql() -> Option<MySqlServer> {
    server(Kind::MySql).map(|url| MySqlServer { url })
}

impl PgServer {
    /// Creates a new, empty database named after `hint`, this process and a counter.
    ///
    /// # Panics
    /// When the server refuses to create it.
    pub fn fresh_database(&self, hint: &str) -> TestDb {
        TestDb::create(Kind::Postgres, &self.url, hint)
    }
}

impl MySqlServer {
    /// Creates a new, empty database named after `hint`, this process and a counter.
    ///
    /// # Panics
    /// When the server refuses to create it.
    pub fn fresh_database(&self, hint: &str) -> TestDb {
        TestDb::create(Kind::MySql, &self.url, hint)
    }
}

impl TestDb {
    fn create(kind: Kind, server: &ServerUrl, hint: &str) -> TestDb {
        let name = unique_name(hint);
        let create = match kind {
            Kind::Postgres => format!("CREATE DATABASE \"{name}\""),
            Kind::MySql => format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"),
        };
        if let Err(error) = run_client(kind, server, create.as_bytes(), Output::Text) {
            panic!("cannot create the test database {name} on {server}: {error}");
        }
        let url = ServerUrl { database: name, ..server.clone() };
        TestDb { kind, url, admin: server.clone() }
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.url.database
    }

    /// A URL that connects to this database (it contains the password, if any: do not print it).
    pub fn url(&self) -> String {
        self.url.to_string_with_password()
    }

    /// Runs an SQL script, stopping at the first error. Returns what the client printed, or the
    /// server's error as the client reports it, including the line of the script
    /// (`psql:<stdin>:3: ERROR: ...`, `ERROR 4025 (23000) at line 3: ...`).
    pub fn execute(&self, sql: &str) -> Result<String, String> {
        run_client(self.kind, &self.url, sql.as_bytes(), Output::Text)
    }

    /// [`TestDb::execute`] for a script that is not UTF-8 (a dump with binary data in it).
    pub fn execute_bytes(&self, sql: &[u8]) -> Result<String, String> {
        run_client(self.kind, &self.url, sql, Output::Text)
    }

    /// Runs one query and returns its rows, each split into fields. `NULL` reads as `"NULL"`.
    /// Values must not contain tabs or newlines (MariaDB escapes them as `\t` and `\n`).
    pub fn query_rows(&self, sql: &str) -> Result<Vec<Vec<String>>, String> {
        let text = run_client(self.kind, &self.url, sql.as_bytes(), Output::Rows)?;
        Ok(text.lines().map(|line| line.split('\t').map(str::to_owned).collect()).collect())
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = &self.url.database;
        let drop = match self.kind {
            Kind::Postgres => format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
            Kind::MySql => format!("DROP DATABASE IF EXISTS `{name}`"),
        };
        // Best effort: the servers are thrown away after the run anyway.
        let _ = run_client(self.kind, &self.admin, drop.as_bytes(), Output::Text);
    }
}

/// Reads, checks and returns the server URL of `kind`, or decides to skip or to fail.
fn server(kind: Kind) -> Option<ServerUrl> {
    let (var, what) = match kind {
        Kind::Postgres => (POSTGRES_URL_VAR, "PostgreSQL"),
        Kind::MySql => (MYSQL_URL_VAR, "MariaDB"),
    };
    let problem = match std::env::var(var) {
        Ok(value) if !value.trim().is_empty() => match ServerUrl::parse(value.trim(), kind) {
            Err(error) => format!("{var} is not a valid URL: {error}"),
            Ok(url) => match run_client(kind, &url, b"SELECT 1", Output::Rows) {
                Ok(_) => return Some(url),
                Err(error) => format!("the {what} server at {url} ({var}) does not answer: {error}"),
            },
        },
        _ => format!("{var} is not set"),
    };
    if in_ci() {
        panic!("CI requires the {what} server, and `.ci/run` should have started it: {problem}");
    }
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    // Written to stderr directly rather than with eprintln!, which the test harness captures.
    let _ = writeln!(
        std::io::stderr(),
        "note: skipping {test} locally: {problem} (run `source .ci/servers.sh` to enable it)"
    );
    None
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value.eq_ignore_ascii_case("true") || value == "1")
}

/// `cg_<hint>_<pid>_<counter>`, in lower case and at most 63 bytes (PostgreSQL's limit).
fn unique_name(hint: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut hint: String =
        hint.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    hint.truncate(32);
    format!("cg_{hint}_{}_{n}", std::process::id())
}

#[derive(Clone, Copy)]
enum Output {
    /// Whatever the client prints.
    Text,
    /// Rows only: no headers or footers, fields separated by tabs.
    Rows,
}

/// Feeds `sql` to the command-line client on stdin; returns its stdout, or its stderr on failure.
fn run_client(kind: Kind, url: &ServerUrl, sql: &[u8], output: Output) -> Result<String, String> {
    let mut command = match kind {
        Kind::Postgres => {
            let mut command = Command::new("psql");
            command.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-P", "null=NULL"]);
            command.args(["-h", &url.host, "-p", &url.port.to_string(), "-U", &url.user, "-d", &url.database]);
            if let Output::Rows = output {
                command.args(["-A", "-t", "-F", "\t"]);
            }
            command.args(["-f", "-"]);
            command.env("PGCONNECT_TIMEOUT", CONNECT_TIMEOUT_SECS);
            if let Some(password) = &url.password {
                command.env("PGPASSWORD", password);
            }
            command
        }
        Kind::MySql => {
            let mut command = Command::new("mariadb");
            // --no-defaults first: ignore ~/.my.cnf and /etc/mysql so that only the URL counts.
            command.args(["--no-defaults", "--protocol=TCP", "--default-character-set=utf8mb4"]);
            command.arg(format!("--connect-timeout={CONNECT_TIMEOUT_SECS}"));
            command.args(["-h", &url.host, "-P", &url.port.to_string(), "-u", &url.user]);
            if let Output::Rows = output {
                command.args(["-N", "-B"]);
            }
            command.arg(&url.database);
            // Always set, so that a MYSQL_PWD from the caller's environment cannot leak in.
            command.env("MYSQL_PWD", url.password.as_deref().unwrap_or(""));
            command
        }
    };
    let client = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run `{client}` (is it installed and on PATH?): {error}"))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let script = sql.to_owned();
    // Written from another thread so that a large script cannot deadlock against a full stdout.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&script);
    });
    let result = child.wait_with_output().map_err(|error| format!("`{client}` failed: {error}"))?;
    let _ = writer.join();
    let stdout = String::from_utf8_lossy(&result.stdout).into_owned();
    if result.status.success() {
        Ok(stdout)
    } else {
        let stderr = String::from_utf8_lossy(&result.stderr);
        let message = if stderr.trim().is_empty() { stdout.trim() } else { stderr.trim() };
        Err(format!("{message} (`{client}` exited with {})", result.status))
    }
}

/// `scheme://user[:password]@host[:port]/database`, as the test URLs are written. Its `Display`
/// and `Debug` never show the password.
#[derive(Clone)]
struct ServerUrl {
    scheme: String,
    user: String,
    password: Option<String>,
    host: String,
    port: u16,
    database: String,
}

impl ServerUrl {
    fn parse(text: &str, kind: Kind) -> Result<ServerUrl, String> {
        let (scheme, rest) = text.split_once("://").ok_or("expected scheme://user@host:port/database")?;
        let (schemes, default_port, default_user, default_db): (&[&str], u16, &str, &str) = match kind {
            Kind::Postgres => (&["postgres", "postgresql"], 5432, "postgres", "postgres"),
            Kind::MySql => (&["mysql", "mariadb"], 3306, "root", "mysql"),
        };
        if !schemes.contains(&scheme) {
            return Err(format!("unexpected scheme `{scheme}`, expected {}", schemes.join(" or ")));
        }
        // Query parameters (`?sslmode=...`) are not used by the harness.
        let rest = rest.split_once('?').map_or(rest, |(before, _)| before);
        let (authority, database) = rest.split_once('/').unwrap_or((rest, ""));
        let (credentials, host_port) = match authority.rsplit_once('@') {
            Some((credentials, host_port)) => (Some(credentials), host_port),
            None => (None, authority),
        };
        let (user, password) = match credentials {
            None => (default_user.to_owned(), None),
            Some(credentials) => match credentials.split_once(':') {
                Some((user, password)) => (percent_decode(user)?, Some(percent_decode(password)?)),
                None => (percent_decode(credentials)?, None),
            },
        };
        let (host, port) = match host_port.rsplit_once(':') {
            Some((host, port)) => (host, port.parse().map_err(|_| format!("invalid port `{port}`"))?),
            None => (host_port, default_port),
        };
        if host.is_empty() {
            return Err("the URL names no host".to_owned());
        }
        let database = if database.is_empty() { default_db.to_owned() } else { percent_decode(database)? };
        Ok(ServerUrl { scheme: scheme.to_owned(), user, password, host: host.to_owned(), port, database })
    }

    fn to_string_with_password(&self) -> String {
        let password = self.password.as_deref().map(|p| format!(":{}", percent_encode(p))).unwrap_or_default();
        let ServerUrl { scheme, user, host, port, database, .. } = self;
        format!("{scheme}://{}{password}@{host}:{port}/{}", percent_encode(user), percent_encode(database))
    }
}

impl fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let password = if self.password.is_some() { ":***" } else { "" };
        let ServerUrl { scheme, user, host, port, database, .. } = self;
        write!(f, "{scheme}://{user}{password}@{host}:{port}/{database}")
    }
}

impl fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServerUrl({self})")
    }
}

fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or("truncated %-escape in URL")?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| "invalid %-escape in URL")?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "a %-escape in the URL is not UTF-8".to_owned())
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_ci_urls() {
        let pg = ServerUrl::parse("postgres://postgres@127.0.0.1:5433/postgres", Kind::Postgres).unwrap();
        assert_eq!((pg.user.as_str(), pg.password.as_deref(), pg.port), ("postgres", None, 5433));
        assert_eq!(pg.to_string(), "postgres://postgres@127.0.0.1:5433/postgres");

        let my = ServerUrl::parse("mysql://dev:d%40v@127.0.0.1:3307/mysql", Kind::MySql).unwrap();
        assert_eq!((my.user.as_str(), my.password.as_deref(), my.database.as_str()), ("dev", Some("d@v"), "mysql"));
        assert_eq!(my.to_string(), "mysql://dev:***@127.0.0.1:3307/mysql");
        assert_eq!(format!("{my:?}"), "ServerUrl(mysql://dev:***@127.0.0.1:3307/mysql)");
        assert_eq!(my.to_string_with_password(), "mysql://dev:d%40v@127.0.0.1:3307/mysql");
    }

    #[test]
    fn rejects_bad_urls() {
        assert!(ServerUrl::parse("127.0.0.1:5433", Kind::Postgres).is_err());
        assert!(ServerUrl::parse("mysql://dev@127.0.0.1:3307/x", Kind::Postgres).is_err());
        assert!(ServerUrl::parse("postgres://u@h:port/x", Kind::Postgres).is_err());
    }

    #[test]
    fn unique_names_fit_and_differ() {
        let (a, b) = (unique_name("Some Hint!"), unique_name(&"x".repeat(100)));
        assert!(a.starts_with("cg_some_hint__"), "{a}");
        assert!(b.len() <= 63, "{b}");
        assert_ne!(unique_name("same"), unique_name("same"));
    }
}

//! The PostgreSQL and MariaDB servers of `.ci/servers.sh`, for the cases that need a live database.
//!
//! A missing server fails under `CI=true` and is skipped with a note otherwise. Each case gets a
//! database of its own, dropped when the case is done.

use codegen_core::Schema;

/// The environment variables `.ci/servers.sh` exports.
const POSTGRES_URL_VAR: &str = "CODEGEN_TEST_POSTGRES_URL";
const MYSQL_URL_VAR: &str = "CODEGEN_TEST_MYSQL_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Postgres,
    Mysql,
}

/// A server to create case databases on.
#[derive(Debug, Clone)]
pub struct Server {
    kind: Kind,
    /// The server's URL as exported (it names an existing database).
    url: String,
}

fn server(kind: Kind, var: &str) -> Option<Server> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(Server { kind, url }),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but {var} is not set: `source .ci/servers.sh` starts the servers"
            );
            eprintln!("note: skipped, {var} is not set (`source .ci/servers.sh` starts the servers)");
            None
        }
    }
}

pub fn postgres() -> Option<Server> {
    server(Kind::Postgres, POSTGRES_URL_VAR)
}

pub fn mysql() -> Option<Server> {
    server(Kind::Mysql, MYSQL_URL_VAR)
}

impl Server {
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The server's URL naming `database` instead.
    fn url_of(&self, database: &str) -> String {
        let (server, _) = self.url.rsplit_once('/').expect("a URL ending in /database");
        format!("{server}/{database}")
    }

    fn admin(&self, sql: &str) {
        match self.kind {
            Kind::Postgres => codegen_db::connect_postgres(&self.url)
                .expect("PostgreSQL answers")
                .batch_execute(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            Kind::Mysql => mysql_execute(&self.url, sql).unwrap_or_else(|e| panic!("{sql}: {e}")),
        }
    }

    /// A new, empty database named after `hint` and this process.
    pub fn fresh_database(&self, hint: &str) -> CaseDb {
        let name = format!(
            "codegen_prisma_{}_{}",
            std::process::id(),
            hint.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        );
        self.admin(&format!("DROP DATABASE IF EXISTS {name}"));
        self.admin(&format!("CREATE DATABASE {name}"));
        CaseDb { server: self.clone(), url: self.url_of(&name), name }
    }
}

fn mysql_execute(url: &str, sql: &str) -> Result<(), String> {
    use mysql::prelude::Queryable;
    let mut conn =
        mysql::Conn::new(mysql::Opts::from_url(url).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    conn.query_drop(sql).map_err(|e| e.to_string())
}

/// A database that lives for one case.
pub struct CaseDb {
    server: Server,
    name: String,
    url: String,
}

impl CaseDb {
    /// Run a script of several statements.
    pub fn execute(&self, sql: &str) -> Result<(), String> {
        match self.server.kind {
            Kind::Postgres => codegen_db::connect_postgres(&self.url)
                .map_err(|e| e.to_string())?
                .batch_execute(sql)
                .map_err(|e| format!("{e:?}")),
            Kind::Mysql => mysql_execute(&self.url, sql),
        }
    }

    /// The database read by codegen's live reader (PostgreSQL: `schemas`, or `public`).
    pub fn read(&self, schemas: &[String]) -> Schema {
        let loaded = match self.server.kind {
            Kind::Postgres => {
                let schemas = if schemas.is_empty() { vec!["public".to_string()] } else { schemas.to_vec() };
                codegen_db::read_postgres(&self.url, &schemas)
            }
            Kind::Mysql => codegen_db::read_mysql(&self.url),
        };
        loaded.unwrap_or_else(|e| panic!("{}: our reader fails: {e}", self.name)).schema
    }
}

impl Drop for CaseDb {
    fn drop(&mut self) {
        let drop = match self.server.kind {
            Kind::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            Kind::Mysql => format!("DROP DATABASE IF EXISTS {}", self.name),
        };
        self.server.admin(&drop);
    }
}

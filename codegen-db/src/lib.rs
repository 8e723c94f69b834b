//! Everything in codegen that talks to a database engine: reading schemas from live databases and
//! SQLite files (and, beside them, loading seed rows and proving advice), kept apart from codegen-core
//! so that neither the derive macro nor a backend pays for drivers.
//!
//! [`sqlite`] reads a SQLite database file through the embedded (bundled) SQLite;
//! [`postgres`] reads a live PostgreSQL database through the sync `postgres` driver;
//! [`mysql`] reads a live MySQL or MariaDB database through the sync `mysql` driver.

pub mod advise;
pub mod facts;
pub mod mysql;
pub mod postgres;
pub mod seed;
pub mod sqlite;
mod tls;

pub use mysql::{connect_mysql, is_mysql_url, read_mysql};
pub use postgres::{connect_postgres, read_postgres, redact_url};
pub use sqlite::{is_sqlite_file, read_sqlite_file};

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
pub mod url;

pub use mysql::{connect_mysql, is_mysql_url, read_mysql};
pub use postgres::{connect_postgres, read_postgres, redact_url};
pub use sqlite::{is_sqlite_file, read_sqlite_file};
pub use url::{DatabaseUrl, UnknownScheme};

/// The kinds of database object introspection reads from a live server of `dialect` (SQLite: all,
/// from the stored SQL). A comparison of a live model with one read from DDL looks at these.
pub fn live_object_kinds(dialect: codegen_core::Dialect) -> &'static [codegen_core::ObjectKind] {
    use codegen_core::ObjectKind as O;
    match dialect {
        codegen_core::Dialect::Postgres => &[
            O::Extension,
            O::Type,
            O::Sequence,
            O::Function,
            O::Procedure,
            O::Aggregate,
            O::Trigger,
            O::ConstraintTrigger,
            O::Rule,
            O::Policy,
            O::RowSecurity,
        ],
        codegen_core::Dialect::Mysql => &[O::Trigger, O::Procedure, O::Function, O::Event],
        codegen_core::Dialect::Sqlite => &[O::Trigger, O::VirtualTable],
    }
}

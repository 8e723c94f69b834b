//! The code codegen-diesel generated, one module per case; `src/generated` is rewritten by
//! `CODEGEN_BLESS=1 cargo test -p codegen-diesel --test app` and checked by the same test.
#![allow(clippy::all)]

macro_rules! generated {
    ($name:ident, $dir:literal) => {
        pub mod $name {
            pub mod schema {
                include!(concat!("generated/", $dir, "/schema.rs"));
            }
            pub mod models {
                include!(concat!("generated/", $dir, "/models.rs"));
            }
            /// The DDL our SQL backend writes for the same schema.
            pub const DDL: &str = include_str!(concat!("generated/", $dir, "/schema.sql"));
        }
    };
}

generated!(example_sqlite, "example_sqlite");
generated!(example_pg, "example_pg");
// Compiled only: its story returns rows with RETURNING, which MySQL lacks; tests/mysql.rs runs
// the MySQL output of the fixtures on MariaDB.
generated!(example_mysql, "example_mysql");
generated!(sqlite_affinities, "sqlite_affinities");
generated!(sqlite_relations, "sqlite_relations");
generated!(pg_types, "pg_types");
generated!(pg_types_every_option, "pg_types_every_option");
generated!(pg_schemas, "pg_schemas");
generated!(sqlite_as_written, "sqlite_as_written");
generated!(sqlite_chinook, "sqlite_chinook");
generated!(mysql_types, "mysql_types");
generated!(mysql_relations, "mysql_relations");

/// The corpus conformance suite's generated code (tests/integration/corpus), one module per
/// schema: that suite builds this crate with `--features corpus` and `CODEGEN_CORPUS_MODULES`
/// naming the file that declares them.
#[cfg(feature = "corpus")]
#[allow(warnings, clippy::all)]
pub mod corpus {
    include!(env!("CODEGEN_CORPUS_MODULES"));
}

/// codegen seed's Diesel seed functions with the schema.rs they write through, one module per
/// case: tests/integration/seed_rust.rs builds this crate with `--features seed` and
/// `CODEGEN_SEED_MODULES` naming the file that declares them and their `CASES`; tests/seed.rs
/// runs each twice.
#[cfg(feature = "seed")]
#[allow(warnings, clippy::all)]
pub mod seed_cases {
    /// One generated seed function and what it must leave in the database.
    pub struct SeedCase {
        pub name: &'static str,
        /// The DDL of the SQLite case (PostgreSQL and MariaDB databases are made by the caller).
        pub ddl: &'static str,
        /// Rows per table after every run.
        pub counts: &'static [(&'static str, i64)],
        pub sqlite: Option<fn(&mut diesel::sqlite::SqliteConnection) -> diesel::QueryResult<()>>,
        pub pg: Option<fn(&mut diesel::pg::PgConnection) -> diesel::QueryResult<()>>,
        pub my: Option<fn(&mut diesel::mysql::MysqlConnection) -> diesel::QueryResult<()>>,
    }

    include!(env!("CODEGEN_SEED_MODULES"));
}

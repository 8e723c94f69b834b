//! A catalog snapshot of a real database, and the differences between two snapshots.
//!
//! The conformance suites load a script into a fresh database, load codegen's output for it into
//! another, and compare what the engine itself reports about the two: [`sqlite`] reads
//! `sqlite_schema` and the pragmas, [`postgres`] reads `pg_catalog` through `pg_get_*` and
//! `format_type`, [`mysql`] reads MariaDB's (or MySQL's) `information_schema`. Each returns a
//! [`Catalog`]; [`diff`] lists how two differ, in words.
//!
//! ```ignore
//! let original = codegen_test_catalog::postgres("postgres://postgres@127.0.0.1:5433/a")?;
//! let output = codegen_test_catalog::postgres("postgres://postgres@127.0.0.1:5433/b")?;
//! for difference in codegen_test_catalog::diff(&original, &output) {
//!     println!("{difference}");
//! }
//! ```
//!
//! What is normalised away, because it carries no meaning: the order objects were created in,
//! OIDs, and the names an engine makes up for constraints and indexes the script left unnamed
//! (see [`names`]). Everything else is compared as the engine reports it: declared types,
//! defaults, definitions as the engine prints them back.

mod diff;
mod mysql;
pub mod names;
mod postgres;
mod sqlite;
mod sqlite_sql;

use std::collections::BTreeMap;

use serde::Serialize;

pub use diff::{Difference, diff, diff_json};
pub use mysql::snapshot as mysql;
pub use postgres::snapshot as postgres;
pub use sqlite::snapshot as sqlite;

/// Everything a database holds that a schema script defines, keyed so that two snapshots of
/// equal databases are equal.
///
/// Maps are keyed by the object's name (qualified by its PostgreSQL schema); constraints and
/// indexes whose name the engine chose are keyed by their definition instead (see [`names`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Catalog {
    /// PostgreSQL schemas besides the system ones.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub schemas: BTreeMap<String, Object>,
    pub tables: BTreeMap<String, Table>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub views: BTreeMap<String, View>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sequences: BTreeMap<String, Object>,
    /// Functions, procedures and aggregates, keyed by kind, name and argument types.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub routines: BTreeMap<String, Object>,
    /// Keyed `name on table`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub triggers: BTreeMap<String, Object>,
    /// Domains, enums, composite, range and base types.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<String, Object>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Object>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub operators: BTreeMap<String, Object>,
    /// Row-level security policies, keyed `name on table`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub policies: BTreeMap<String, Object>,
    /// Rewrite rules (not the `_RETURN` rule of a view), keyed `name on table`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, Object>,
}

/// A table: its options, columns, keys, constraints and indexes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// What changes what the table is: `without_rowid`, `strict`, `autoincrement` (SQLite),
    /// `unlogged`, `partition_by`, `partition_of`, `inherits`, `row_security`, `reloptions`
    /// (PostgreSQL), `engine`, `collation`, `create_options`, `partitioning` (MariaDB).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
    pub columns: BTreeMap<String, Column>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<Object>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub foreign_keys: BTreeMap<String, Object>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub uniques: BTreeMap<String, Object>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub checks: BTreeMap<String, Object>,
    /// PostgreSQL exclusion constraints.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub exclusions: BTreeMap<String, Object>,
    /// Indexes that back no constraint.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub indexes: BTreeMap<String, Object>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A column as the engine reports it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Column {
    /// 1-based position among the table's columns.
    pub position: usize,
    /// The type as the engine reports it: SQLite's declared text, PostgreSQL's `format_type`,
    /// MariaDB's `COLUMN_TYPE`.
    #[serde(rename = "type")]
    pub ty: String,
    pub nullable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `STORED expr` or `VIRTUAL expr`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    /// PostgreSQL `ALWAYS` / `BY DEFAULT` identity, MariaDB `auto_increment`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// A collation other than the type's (PostgreSQL) or the column's collation (SQLite, MariaDB).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// MariaDB's `EXTRA` beyond what the fields above say (`on update current_timestamp()`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A view or materialized view.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct View {
    pub materialized: bool,
    /// The query as the engine prints it back (PostgreSQL, MariaDB) or as written, token by token
    /// (SQLite).
    pub definition: String,
    /// Output columns in order, `name type`.
    pub columns: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
    /// Indexes of a materialized view.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub indexes: BTreeMap<String, Object>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub column_comments: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Any other object: its definition as the engine prints it, details the definition does not
/// show, and its comment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Object {
    pub definition: String,
    #[serde(flatten)]
    pub details: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Object {
    /// An object with a definition and nothing else.
    pub fn new(definition: impl Into<String>) -> Self {
        Object { definition: definition.into(), ..Object::default() }
    }

    /// Adds a detail (skipped when `value` is `None`).
    pub fn with(mut self, key: &str, value: Option<impl Into<String>>) -> Self {
        if let Some(value) = value {
            self.details.insert(key.to_owned(), value.into());
        }
        self
    }

    pub fn with_comment(mut self, comment: Option<String>) -> Self {
        self.comment = comment;
        self
    }
}

impl Catalog {
    /// The snapshot as JSON, for reading or for a fixture.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a catalog always serialises")
    }

    /// How many objects it holds: tables, views and every other kind.
    pub fn object_count(&self) -> usize {
        self.tables.len()
            + self.views.len()
            + self.sequences.len()
            + self.routines.len()
            + self.triggers.len()
            + self.types.len()
            + self.extensions.len()
            + self.operators.len()
            + self.policies.len()
            + self.rules.len()
    }
}

/// Why a snapshot could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("MariaDB: {0}")]
    Mysql(#[from] ::mysql::Error),
    #[error("invalid MariaDB URL: {0}")]
    MysqlUrl(#[from] ::mysql::UrlError),
}

/// Collapses runs of whitespace into one space and trims, for text whose layout carries no
/// meaning (a view's query printed back, a trigger's body).
pub(crate) fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

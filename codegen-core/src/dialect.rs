//! SQL dialects and what each can express.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    Postgres,
    Mysql,
    Sqlite,
}

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];

    pub fn as_str(&self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
        }
    }

    /// What this dialect can express, so backends warn or refuse rather than emit wrong SQL.
    pub fn capabilities(&self) -> Capabilities {
        match self {
            Dialect::Postgres => Capabilities {
                namespaces: true,
                named_enums: true,
                arrays: true,
                partial_indexes: true,
                index_methods: true,
                comments: true,
                alter_add_foreign_key: true,
                transactional_ddl: true,
            },
            Dialect::Mysql => Capabilities {
                namespaces: false,
                named_enums: false,
                arrays: false,
                partial_indexes: false,
                index_methods: false,
                comments: true,
                alter_add_foreign_key: true,
                transactional_ddl: false,
            },
            Dialect::Sqlite => Capabilities {
                namespaces: false,
                named_enums: false,
                arrays: false,
                partial_indexes: true,
                index_methods: false,
                comments: false,
                alter_add_foreign_key: false,
                transactional_ddl: true,
            },
        }
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown dialect name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown dialect `{0}` (expected postgres, mysql or sqlite)")]
pub struct UnknownDialect(pub String);

impl FromStr for Dialect {
    type Err = UnknownDialect;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Dialect::Postgres),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            "sqlite" | "sqlite3" => Ok(Dialect::Sqlite),
            _ => Err(UnknownDialect(s.to_string())),
        }
    }
}

/// Features a dialect has; a `false` is something a backend must degrade or refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Several schemas (namespaces) in one database.
    pub namespaces: bool,
    /// Enum types declared once and referenced by name (otherwise inline or as a CHECK).
    pub named_enums: bool,
    pub arrays: bool,
    /// `CREATE INDEX ... WHERE`.
    pub partial_indexes: bool,
    /// `USING gin` and other index access methods.
    pub index_methods: bool,
    /// Comments on tables and columns.
    pub comments: bool,
    /// `ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY` (SQLite has none).
    pub alter_add_foreign_key: bool,
    /// DDL inside a transaction rolls back.
    pub transactional_ddl: bool,
}

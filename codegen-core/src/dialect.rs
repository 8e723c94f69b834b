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

    /// `a` equal to `b`, NULL equal to NULL, as the dialect spells it (`=` is unknown on NULL).
    pub fn null_safe_equal(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Postgres => format!("{a} IS NOT DISTINCT FROM {b}"),
            Dialect::Mysql => format!("{a} <=> {b}"),
            Dialect::Sqlite => format!("{a} IS {b}"),
        }
    }

    /// `a` different from `b`, NULL different from any value: the negation of [`Self::null_safe_equal`].
    pub fn null_safe_differs(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Postgres => format!("{a} IS DISTINCT FROM {b}"),
            Dialect::Mysql => format!("NOT ({a} <=> {b})"),
            Dialect::Sqlite => format!("{a} IS NOT {b}"),
        }
    }

    /// What a foreign key does on delete or update when it says nothing, as the catalog reports
    /// it: InnoDB reports RESTRICT (and NO ACTION only when written), the others NO ACTION.
    pub fn default_referential_action(self) -> crate::model::ReferentialAction {
        match self {
            Dialect::Mysql => crate::model::ReferentialAction::Restrict,
            Dialect::Postgres | Dialect::Sqlite => crate::model::ReferentialAction::NoAction,
        }
    }

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

/// Whether `name` (a type's catalog name, lower case, without schema: `tsvector`, `_int4` is not
/// one) is one of PostgreSQL's own types, which live in the `pg_catalog` schema. Types from
/// extensions (`citext`, `hstore`, `geometry`) and user-defined types live in the schema they
/// were created in.
pub fn is_postgres_builtin_type(name: &str) -> bool {
    POSTGRES_BUILTIN_TYPES.binary_search(&name).is_ok()
}

/// `select typname from pg_type where typnamespace = 'pg_catalog'::regnamespace and typtype in
/// ('b', 'r', 'm', 'p') and typname not like '\_%'` on PostgreSQL 15, sorted.
const POSTGRES_BUILTIN_TYPES: &[&str] = &[
    "aclitem",
    "any",
    "anyarray",
    "anycompatible",
    "anycompatiblearray",
    "anycompatiblemultirange",
    "anycompatiblenonarray",
    "anycompatiblerange",
    "anyelement",
    "anyenum",
    "anymultirange",
    "anynonarray",
    "anyrange",
    "bit",
    "bool",
    "box",
    "bpchar",
    "bytea",
    "char",
    "cid",
    "cidr",
    "circle",
    "cstring",
    "date",
    "datemultirange",
    "daterange",
    "event_trigger",
    "fdw_handler",
    "float4",
    "float8",
    "gtsvector",
    "index_am_handler",
    "inet",
    "int2",
    "int2vector",
    "int4",
    "int4multirange",
    "int4range",
    "int8",
    "int8multirange",
    "int8range",
    "internal",
    "interval",
    "json",
    "jsonb",
    "jsonpath",
    "language_handler",
    "line",
    "lseg",
    "macaddr",
    "macaddr8",
    "money",
    "name",
    "numeric",
    "nummultirange",
    "numrange",
    "oid",
    "oidvector",
    "path",
    "pg_brin_bloom_summary",
    "pg_brin_minmax_multi_summary",
    "pg_ddl_command",
    "pg_dependencies",
    "pg_lsn",
    "pg_mcv_list",
    "pg_ndistinct",
    "pg_node_tree",
    "pg_snapshot",
    "point",
    "polygon",
    "record",
    "refcursor",
    "regclass",
    "regcollation",
    "regconfig",
    "regdictionary",
    "regnamespace",
    "regoper",
    "regoperator",
    "regproc",
    "regprocedure",
    "regrole",
    "regtype",
    "table_am_handler",
    "text",
    "tid",
    "time",
    "timestamp",
    "timestamptz",
    "timetz",
    "trigger",
    "tsm_handler",
    "tsmultirange",
    "tsquery",
    "tsrange",
    "tstzmultirange",
    "tstzrange",
    "tsvector",
    "txid_snapshot",
    "unknown",
    "uuid",
    "varbit",
    "varchar",
    "void",
    "xid",
    "xid8",
    "xml",
];

#[cfg(test)]
mod builtin_type_tests {
    use super::*;

    #[test]
    fn builtin_types_are_sorted_for_the_binary_search() {
        assert!(POSTGRES_BUILTIN_TYPES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_postgres_builtin_type("tsvector") && is_postgres_builtin_type("xml"));
        assert!(!is_postgres_builtin_type("citext") && !is_postgres_builtin_type("hstore"));
    }
}

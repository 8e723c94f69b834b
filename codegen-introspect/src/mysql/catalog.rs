//! The bulk `information_schema` queries: one per kind of object, for the whole database.

use mysql::prelude::Queryable;
use mysql::{Conn, Opts};

/// Everything read from `information_schema` for the connection's database.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    /// The connected database (`DATABASE()`), stripped from view definitions.
    pub database: String,
    /// MariaDB quotes literal defaults in `COLUMN_DEFAULT`; MySQL does not.
    pub mariadb: bool,
    pub tables: Vec<TableRow>,
    pub columns: Vec<ColumnRow>,
    pub indexes: Vec<IndexColumnRow>,
    pub foreign_keys: Vec<ForeignKeyColumnRow>,
    pub checks: Vec<CheckRow>,
    pub views: Vec<ViewRow>,
}

#[derive(Debug)]
pub(crate) struct TableRow {
    pub name: String,
    /// `BASE TABLE`, `VIEW`, `SYSTEM VERSIONED`, `SEQUENCE`.
    pub kind: String,
    pub comment: String,
}

#[derive(Debug)]
pub(crate) struct ColumnRow {
    pub table: String,
    pub name: String,
    /// `COLUMN_TYPE`: `int(10) unsigned`, `enum('a','b')`, `varchar(20)`.
    pub ty: String,
    pub nullable: bool,
    pub default: Option<String>,
    /// `auto_increment`, `STORED GENERATED`, `DEFAULT_GENERATED`, `on update ...`.
    pub extra: String,
    pub generation: Option<String>,
    pub comment: String,
}

/// One column (or expression) of one index, in index order.
#[derive(Debug)]
pub(crate) struct IndexColumnRow {
    pub table: String,
    pub name: String,
    pub unique: bool,
    pub column: Option<String>,
    /// MySQL 8's functional key parts; MariaDB has none.
    pub expression: Option<String>,
    pub prefix: Option<u64>,
    pub descending: bool,
    pub kind: String,
}

#[derive(Debug)]
pub(crate) struct ForeignKeyColumnRow {
    pub table: String,
    pub name: String,
    pub column: String,
    pub referenced_schema: String,
    pub referenced_table: String,
    pub referenced_column: String,
    pub on_update: String,
    pub on_delete: String,
}

#[derive(Debug)]
pub(crate) struct CheckRow {
    pub table: String,
    pub name: String,
    /// MariaDB's `LEVEL`: `Column` checks were written on a column and are named after it.
    pub column_level: bool,
    pub clause: String,
}

#[derive(Debug)]
pub(crate) struct ViewRow {
    pub name: String,
    pub definition: String,
}

pub(crate) fn read_catalog(opts: Opts) -> Result<Catalog, mysql::Error> {
    let mut conn = Conn::new(opts)?;
    // Introspection never writes: every query runs in one read-only transaction.
    conn.query_drop("START TRANSACTION READ ONLY")?;
    let (database, version): (Option<String>, String) =
        conn.query_first("SELECT DATABASE(), VERSION()")?.unwrap_or_default();
    let mut catalog = Catalog {
        database: database.unwrap_or_default(),
        mariadb: version.to_ascii_lowercase().contains("mariadb"),
        ..Catalog::default()
    };

    catalog.tables = conn.query_map(
        "SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
        |(name, kind, comment): (String, String, Option<String>)| TableRow {
            name,
            kind,
            comment: comment.unwrap_or_default(),
        },
    )?;

    catalog.columns = conn.query_map(
        "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, \
           GENERATION_EXPRESSION, COLUMN_COMMENT \
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
        |row: mysql::Row| {
            let (table, name, ty, nullable, default, extra, generation, comment): (
                String,
                String,
                String,
                String,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
            ) = mysql::from_row(row);
            ColumnRow {
                table,
                name,
                ty,
                nullable: nullable == "YES",
                default,
                extra: extra.unwrap_or_default(),
                generation: generation.filter(|g| !g.is_empty()),
                comment: comment.unwrap_or_default(),
            }
        },
    )?;

    // MySQL 8 has functional key parts (`EXPRESSION`); MariaDB's STATISTICS has no such column.
    let has_expression: Option<u64> = conn.query_first(
        "SELECT COUNT(*) FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'STATISTICS' AND COLUMN_NAME = 'EXPRESSION'",
    )?;
    let expression = if has_expression.unwrap_or(0) > 0 { "EXPRESSION" } else { "NULL" };
    catalog.indexes = conn.query_map(
        format!(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, {expression}, SUB_PART, COLLATION, INDEX_TYPE \
             FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
             ORDER BY TABLE_NAME, INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX"
        ),
        |row: mysql::Row| {
            let (table, name, non_unique, column, expression, prefix, collation, kind): (
                String,
                String,
                i64,
                Option<String>,
                Option<String>,
                Option<u64>,
                Option<String>,
                String,
            ) = mysql::from_row(row);
            IndexColumnRow {
                table,
                name,
                unique: non_unique == 0,
                column,
                expression,
                prefix,
                descending: collation.as_deref() == Some("D"),
                kind,
            }
        },
    )?;

    catalog.foreign_keys = conn.query_map(
        "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, \
           k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE \
         FROM information_schema.KEY_COLUMN_USAGE k \
           JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
             ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME \
             AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
         WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL \
         ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
        |row: mysql::Row| {
            let (table, name, column, referenced_schema, referenced_table, referenced_column, on_update, on_delete): (
                String,
                String,
                String,
                String,
                String,
                String,
                String,
                String,
            ) = mysql::from_row(row);
            ForeignKeyColumnRow {
                table,
                name,
                column,
                referenced_schema,
                referenced_table,
                referenced_column,
                on_update,
                on_delete,
            }
        },
    )?;

    // MariaDB's CHECK_CONSTRAINTS names the table and the level; MySQL 8's names neither.
    let checks = if catalog.mariadb {
        "SELECT TABLE_NAME, CONSTRAINT_NAME, LEVEL = 'Column', CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS \
         WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME"
    } else {
        "SELECT t.TABLE_NAME, t.CONSTRAINT_NAME, 0, c.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS t \
           JOIN information_schema.CHECK_CONSTRAINTS c \
             ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME \
         WHERE t.TABLE_SCHEMA = DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK' ORDER BY t.TABLE_NAME, t.CONSTRAINT_NAME"
    };
    catalog.checks = conn.query_map(checks, |(table, name, column_level, clause): (String, String, i64, String)| {
        CheckRow { table, name, column_level: column_level != 0, clause }
    })?;

    catalog.views = conn.query_map(
        "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
        |(name, definition): (String, String)| ViewRow { name, definition },
    )?;

    conn.query_drop("COMMIT")?;
    Ok(catalog)
}

//! The bulk `information_schema` queries: one per kind of object, for the whole database.

use mysql::prelude::{FromRow, Queryable};
use mysql::{Conn, Opts, Row};

use super::objects::{ObjectRows, read_objects};

/// Runs `sql` and converts each row; a value of an unexpected type is an error, not a panic.
pub(crate) fn rows<T: FromRow>(conn: &mut Conn, sql: &str) -> Result<Vec<T>, mysql::Error> {
    let rows: Vec<Row> = conn.query(sql)?;
    rows.into_iter().map(|row| mysql::from_row_opt(row).map_err(|e| mysql::Error::FromRowError(e.0))).collect()
}

type ColumnTuple = (String, String, String, String, Option<String>, Option<String>, Option<String>, Option<String>);
type IndexTuple = (String, String, i64, Option<String>, Option<String>, Option<u64>, Option<String>, String);
type ForeignKeyTuple = (String, String, String, String, String, String, Option<String>, Option<String>);

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
    /// Triggers, routines and events.
    pub objects: ObjectRows,
    /// Objects this user may not see: kinds it lacks the privilege for, routines and events
    /// whose body is hidden (`procedure name`).
    pub hidden_objects: Vec<String>,
}

impl Catalog {
    /// MariaDB shows `KEY_COLUMN_USAGE` to a user with only `SELECT`, but hides
    /// `REFERENTIAL_CONSTRAINTS`, `TABLE_CONSTRAINTS` and `CHECK_CONSTRAINTS`: reading on would
    /// lose every foreign-key action and check without a word.
    pub fn hidden_constraints(&self) -> bool {
        self.foreign_keys.iter().any(|f| f.on_delete.is_none() || f.on_update.is_none())
    }
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
    /// `None` when the server hides the rule from this user (see [`Catalog::hidden_constraints`]).
    pub on_update: Option<String>,
    pub on_delete: Option<String>,
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
    /// `SQL SECURITY INVOKER` (`DEFINER` is the default).
    pub security_invoker: bool,
}

pub(crate) fn read_catalog(opts: Opts) -> Result<Catalog, mysql::Error> {
    let mut conn = Conn::new(opts)?;
    // Introspection never writes: every query runs in one read-only transaction.
    conn.query_drop("START TRANSACTION READ ONLY")?;
    let about: Vec<(Option<String>, String)> = rows(&mut conn, "SELECT DATABASE(), VERSION()")?;
    let (database, version) = about.into_iter().next().unwrap_or_default();
    let mut catalog = Catalog {
        database: database.unwrap_or_default(),
        mariadb: version.to_ascii_lowercase().contains("mariadb"),
        ..Catalog::default()
    };

    let tables: Vec<(String, String, Option<String>)> = rows(
        &mut conn,
        "SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
    )?;
    catalog.tables = tables
        .into_iter()
        .map(|(name, kind, comment)| TableRow { name, kind, comment: comment.unwrap_or_default() })
        .collect();

    let columns: Vec<ColumnTuple> = rows(
        &mut conn,
        "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, \
           GENERATION_EXPRESSION, COLUMN_COMMENT \
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
    )?;
    catalog.columns = columns
        .into_iter()
        .map(|(table, name, ty, nullable, default, extra, generation, comment)| ColumnRow {
            table,
            name,
            ty,
            nullable: nullable == "YES",
            default,
            extra: extra.unwrap_or_default(),
            generation: generation.filter(|g| !g.is_empty()),
            comment: comment.unwrap_or_default(),
        })
        .collect();

    // MySQL 8 has functional key parts (`EXPRESSION`); MariaDB's STATISTICS has no such column.
    let has_expression: Vec<u64> = rows(
        &mut conn,
        "SELECT COUNT(*) FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'STATISTICS' AND COLUMN_NAME = 'EXPRESSION'",
    )?;
    let expression = if has_expression.first().is_some_and(|n| *n > 0) { "EXPRESSION" } else { "NULL" };
    let indexes: Vec<IndexTuple> = rows(
        &mut conn,
        &format!(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, {expression}, SUB_PART, COLLATION, INDEX_TYPE \
             FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
             ORDER BY TABLE_NAME, INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX"
        ),
    )?;
    catalog.indexes = indexes
        .into_iter()
        .map(|(table, name, non_unique, column, expression, prefix, collation, kind)| IndexColumnRow {
            table,
            name,
            unique: non_unique == 0,
            column,
            expression,
            prefix,
            descending: collation.as_deref() == Some("D"),
            kind,
        })
        .collect();

    let foreign_keys: Vec<ForeignKeyTuple> = rows(
        &mut conn,
        "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, \
           k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE \
         FROM information_schema.KEY_COLUMN_USAGE k \
           LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
             ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME \
             AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
         WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL \
         ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
    )?;
    catalog.foreign_keys = foreign_keys
        .into_iter()
        .map(|(table, name, column, referenced_schema, referenced_table, referenced_column, on_update, on_delete)| {
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
        })
        .collect();

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
    let checks: Vec<(String, String, i64, String)> = rows(&mut conn, checks)?;
    catalog.checks = checks
        .into_iter()
        .map(|(table, name, column_level, clause)| CheckRow { table, name, column_level: column_level != 0, clause })
        .collect();

    let views: Vec<(String, Option<String>, String)> = rows(
        &mut conn,
        "SELECT TABLE_NAME, VIEW_DEFINITION, SECURITY_TYPE FROM information_schema.VIEWS \
         WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
    )?;
    catalog.views = views
        .into_iter()
        .map(|(name, definition, security)| ViewRow {
            name,
            definition: definition.unwrap_or_default(),
            security_invoker: security.eq_ignore_ascii_case("INVOKER"),
        })
        .collect();

    (catalog.objects, catalog.hidden_objects) = read_objects(&mut conn)?;

    conn.query_drop("COMMIT")?;
    Ok(catalog)
}

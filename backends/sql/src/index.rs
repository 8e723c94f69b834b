//! `CREATE [UNIQUE] INDEX`.

use codegen_core::{Dialect, Index, IndexKey, SortOrder, Table};

use crate::context::Context;
use crate::expr::{expression, parenthesise};
use crate::keys::render_key_column;

/// How `CREATE INDEX` takes its lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Build {
    /// A plain build: writes to the table wait until it is done.
    Blocking,
    /// PostgreSQL `CONCURRENTLY`: writes go on (outside a transaction only); elsewhere plain.
    Concurrent,
}

/// The statement for `index` on `table`, or `None` (with a warning) when the dialect cannot
/// build it at all.
pub(crate) fn render_index(cx: &mut Context, table: &Table, index: &Index) -> Option<String> {
    render_index_built(cx, table, index, Build::Blocking)
}

/// [`render_index`], built as `build` says.
pub(crate) fn render_index_built(cx: &mut Context, table: &Table, index: &Index, build: Build) -> Option<String> {
    render_index_as(cx, table, index, Form::Statement(build))
}

/// Whether `index` is written in its table's `CREATE TABLE` rather than as a statement of its
/// own: MySQL-only indexes, whose conditional comment must not be a whole statement (a driver
/// sends MariaDB an empty query).
pub(crate) fn is_inline(dialect: Dialect, index: &Index) -> bool {
    dialect == Dialect::Mysql && index.mysql_only_since.is_some()
}

/// The index as an item of MySQL's `CREATE TABLE` (`SPATIAL INDEX name (columns)`).
pub(crate) fn render_index_inline(cx: &mut Context, table: &Table, index: &Index) -> Option<String> {
    render_index_as(cx, table, index, Form::Inline)
}

/// Where an index is written.
#[derive(Clone, Copy)]
enum Form {
    Statement(Build),
    Inline,
}

fn render_index_as(cx: &mut Context, table: &Table, index: &Index, form: Form) -> Option<String> {
    let object = index.name.as_str();
    let loc = &index.loc;
    let mut parts = Vec::with_capacity(index.parts.len());
    for part in &index.parts {
        // A full-text or spatial index takes whole columns; a prefix the source gave is kept.
        let whole_columns = index.method.as_deref().is_some_and(|m| {
            cx.dialect == Dialect::Mysql && (m.eq_ignore_ascii_case("fulltext") || m.eq_ignore_ascii_case("spatial"))
        });
        let mut key = match &part.key {
            IndexKey::Column(column) if whole_columns => cx.ident(column),
            IndexKey::Column(column) if cx.dialect == Dialect::Mysql && part.length.is_some() => {
                format!("{}({})", cx.ident(column), part.length.unwrap_or_default())
            }
            IndexKey::Column(column) => match render_key_column(cx, table, column, object, loc) {
                Some(key) => key,
                None => {
                    let message = format!("MySQL cannot index the JSON column `{column}`: the index is left out");
                    cx.warning(object, loc, message);
                    return None;
                }
            },
            // MySQL 8.0.13+ has functional key parts but MariaDB has none; the mysql dialect
            // writes what both accept.
            IndexKey::Expression(sql) if cx.dialect == Dialect::Mysql => {
                let message = format!(
                    "MariaDB has no expression index parts (`{sql}`): `{object}` is left out; add it by hand on MySQL 8"
                );
                cx.warning(object, loc, message);
                return None;
            }
            IndexKey::Expression(sql) => {
                let sql = expression(sql, cx.dialect);
                // SQLite keeps an index's text as written: a lone call stays as bare as the source had it.
                if cx.dialect == Dialect::Sqlite && is_lone_call(&sql) {
                    sql.trim().to_string()
                } else {
                    parenthesise(&sql)
                }
            }
        };
        // Collations are the source dialect's own names.
        if let Some(collation) = part.collation.as_ref().filter(|_| cx.schema.dialect == Some(cx.dialect))
            && cx.dialect != Dialect::Mysql
        {
            key.push_str(&format!(" COLLATE {collation}"));
        }
        if let Some(opclass) = &part.opclass {
            if cx.dialect == Dialect::Postgres {
                key.push(' ');
                key.push_str(opclass);
            } else {
                let message =
                    format!("{} has no operator classes: `{opclass}` is left out of `{object}`", cx.dialect_name());
                cx.warning(object, loc, message);
            }
        }
        match part.order {
            Some(SortOrder::Asc) => key.push_str(" ASC"),
            Some(SortOrder::Desc) => key.push_str(" DESC"),
            None => {}
        }
        if let Some(nulls) = part.nulls.as_ref().filter(|_| cx.dialect == Dialect::Postgres) {
            key.push_str(&format!(" NULLS {nulls}"));
        }
        parts.push(key);
    }

    // PostgreSQL names the method before the columns, MySQL after them.
    let (mut before, mut after) = (String::new(), String::new());
    let mut kind = if index.unique { "UNIQUE " } else { "" };
    if let Some(method) = &index.method {
        match cx.dialect {
            Dialect::Postgres => before = format!(" USING {method}"),
            Dialect::Mysql if method.eq_ignore_ascii_case("fulltext") => kind = "FULLTEXT ",
            Dialect::Mysql if method.eq_ignore_ascii_case("spatial") => kind = "SPATIAL ",
            Dialect::Mysql if ["btree", "hash"].contains(&method.to_ascii_lowercase().as_str()) => {
                after = format!(" USING {}", method.to_ascii_uppercase());
            }
            Dialect::Mysql | Dialect::Sqlite => {
                let message =
                    format!("{} has no `{method}` index method: `{object}` is a plain index", cx.dialect_name());
                cx.warning(object, loc, message);
            }
        }
    }
    if !index.include.is_empty() {
        if cx.dialect == Dialect::Postgres {
            let columns: Vec<String> = index.include.iter().map(|c| cx.ident(c)).collect();
            after.push_str(&format!(" INCLUDE ({})", columns.join(", ")));
        } else {
            let message = format!("{} has no INCLUDE columns: `{object}` keys only its key columns", cx.dialect_name());
            cx.note(object, loc, message);
        }
    }
    if let Some(predicate) = &index.predicate {
        if !cx.dialect.capabilities().partial_indexes {
            let mut message = format!("MySQL has no partial indexes: `{object}` emitted without WHERE");
            if index.unique {
                message.push_str(", so its uniqueness now covers every row");
            }
            cx.warning(object, loc, message);
        } else {
            after.push_str(&format!(" WHERE {}", expression(predicate, cx.dialect)));
        }
    }

    let name = cx.ident(&index.name);
    let parts = parts.join(", ");
    match form {
        Form::Statement(build) => {
            let concurrently =
                if build == Build::Concurrent && cx.dialect == Dialect::Postgres { "CONCURRENTLY " } else { "" };
            let table_name = cx.name(&table.name);
            Some(format!("CREATE {kind}INDEX {concurrently}{name} ON {table_name}{before} ({parts}){after};"))
        }
        Form::Inline => Some(format!("{kind}INDEX {name}{before} ({parts}){after}")),
    }
}

/// An index on a PostgreSQL materialized view.
pub(crate) fn render_view_index(cx: &mut Context, view: &codegen_core::View, index: &Index) -> Option<String> {
    let mut table = Table::new(view.name.name.clone());
    table.name = view.name.clone();
    table.columns = view.columns.clone();
    render_index(cx, &table, index)
}

/// `lower(email)`: a function's name and one parenthesised argument list, nothing around them.
fn is_lone_call(sql: &str) -> bool {
    let sql = sql.trim();
    let name_end = sql.find('(').unwrap_or(0);
    let name = &sql[..name_end];
    !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && crate::expr::is_parenthesised(&sql[name_end..])
}

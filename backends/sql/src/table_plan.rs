//! The decisions about a table that its column lines depend on (which primary key is written
//! inline, which column carries the counter), apart from both `table.rs` and `column.rs` so that
//! neither imports the other back.

use codegen_core::{Column, ColumnDefault, Dialect, Table};

use crate::context::Context;
use crate::keys::{MysqlKey, key_kind};

/// Decisions about a table that its column lines depend on.
pub(crate) struct TablePlan<'a> {
    /// The primary-key column written inline (`id ... PRIMARY KEY`).
    pub inline_pk: Option<&'a str>,
    /// The constraint name an inline primary key carries (SQLite counters only).
    pub pk_name: Option<&'a str>,
    /// The one column whose counter MySQL or SQLite can write.
    pub counter: Option<&'a str>,
}

fn is_counter(column: &Column) -> bool {
    matches!(column.default, Some(ColumnDefault::AutoIncrement { .. }))
}

pub(crate) fn plan<'a>(cx: &Context, table: &'a Table) -> TablePlan<'a> {
    let pk = table.primary_key.as_ref();
    let single_pk = pk.filter(|pk| pk.columns.len() == 1).map(|pk| pk.columns[0].as_str());
    let counter = match cx.dialect {
        Dialect::Postgres => None,
        // AUTO_INCREMENT must lead a key that exists when the table is created.
        Dialect::Mysql => {
            table.columns.iter().filter(|c| is_counter(c) && c.ty.is_integer()).map(|c| c.name.as_str()).find(|name| {
                let leads = |columns: &[String]| columns.first().is_some_and(|c| c == name);
                pk.is_some_and(|pk| leads(&pk.columns)) || table.uniques.iter().any(|u| leads(&u.columns))
            })
        }
        Dialect::Sqlite => {
            single_pk.filter(|name| table.column(name).is_some_and(|c| is_counter(c) && c.ty.is_integer()))
        }
    };
    let sqlite_counter = cx.dialect == Dialect::Sqlite && counter.is_some();
    let named = pk.is_some_and(|pk| pk.name.is_some());
    let inline_pk = single_pk
        .filter(|_| !named || sqlite_counter)
        .filter(|name| table.column(name).is_some())
        .filter(|name| key_kind(cx, table, name) == MysqlKey::Whole);
    let pk_name = pk.and_then(|pk| pk.name.as_deref()).filter(|_| inline_pk.is_some());
    TablePlan { inline_pk, pk_name, counter }
}

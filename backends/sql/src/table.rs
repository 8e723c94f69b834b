//! `CREATE TABLE` with its table-level constraints, and foreign keys added afterwards.

use std::collections::BTreeSet;

use codegen_core::{Column, ColumnDefault, Deferrable, Dialect, ForeignKey, ReferentialAction, Table};

use crate::column::render_column;
use crate::context::Context;
use crate::expr::{expression, parenthesise};
use crate::index::{is_inline, render_index_inline};
use crate::keys::{MysqlKey, key_kind, render_key_columns};
use crate::quote::quote_list;
use crate::types::render_type;

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

/// `[CONSTRAINT name] body`.
fn named(cx: &Context, name: Option<&str>, body: String) -> String {
    match name {
        Some(name) => format!("CONSTRAINT {} {body}", cx.ident(name)),
        None => body,
    }
}

/// The `CREATE TABLE` statement, leaving out the foreign keys at indexes in `deferred`.
pub(crate) fn render_create_table(cx: &mut Context, table: &Table, deferred: &BTreeSet<usize>) -> String {
    let object = table.name.to_string();
    let plan = plan(cx, table);
    // PostgreSQL: an inheriting table lists only its own columns; the parents' come with INHERITS.
    let inherits = cx.dialect == Dialect::Postgres && !table.options.inherits.is_empty();
    let inherited = |column: &Column| {
        inherits
            && table
                .options
                .inherits
                .iter()
                .any(|p| cx.schema.table(p).is_some_and(|p| p.column(&column.name).is_some()))
    };
    let own: Vec<&Column> = table.columns.iter().filter(|c| !inherited(c)).collect();
    let dialect = cx.dialect;
    let mysql_only = |since: Option<u32>| since.filter(|_| dialect == Dialect::Mysql);
    let mut items: Vec<(String, Option<u32>)> =
        own.iter().map(|c| (render_column(cx, table, c, &plan), mysql_only(c.mysql_only_since))).collect();
    let mut lines: Vec<String> = Vec::new();

    if let Some(pk) = table.primary_key.as_ref().filter(|_| plan.inline_pk.is_none()) {
        let pk_object = pk.name.clone().unwrap_or_else(|| object.clone());
        match render_key_columns(cx, table, &pk.columns, &pk_object, &table.loc) {
            Ok(columns) => lines.push(named(cx, pk.name.as_deref(), format!("PRIMARY KEY ({columns})"))),
            Err(column) => {
                let message =
                    format!("MySQL cannot index the JSON column `{column}`, so it cannot be in the primary key");
                cx.error(pk_object, &table.loc, message);
            }
        }
    }
    for (k, fk) in table.foreign_keys.iter().enumerate() {
        if !deferred.contains(&k) {
            lines.push(render_foreign_key(cx, table, fk));
        }
    }
    for unique in &table.uniques {
        let unique_object = unique.name.clone().unwrap_or_else(|| format!("{object}({})", unique.columns.join(", ")));
        match render_key_columns(cx, table, &unique.columns, &unique_object, &unique.loc) {
            Ok(columns) => lines.push(named(cx, unique.name.as_deref(), format!("UNIQUE ({columns})"))),
            Err(column) => {
                let message =
                    format!("MySQL cannot index the JSON column `{column}`: the unique constraint is left out");
                cx.warning(unique_object, &unique.loc, message);
            }
        }
    }
    let inline = |check: &codegen_core::CheckConstraint| {
        own.iter().any(|column| crate::column::is_inline_check(cx, table, check, column))
    };
    for check in table.checks.iter().filter(|c| !inline(c)) {
        lines.push(named(
            cx,
            check.name.as_deref(),
            format!("CHECK {}", parenthesise(&expression(&check.expression, cx.dialect))),
        ));
    }

    items.extend(lines.into_iter().map(|line| (line, None)));
    for index in table.indexes.iter().filter(|i| is_inline(dialect, i)) {
        if let Some(item) = render_index_inline(cx, table, index) {
            items.push((item, index.mysql_only_since));
        }
    }

    let name = cx.name(&table.name);
    let unlogged = if table.options.unlogged && cx.dialect == Dialect::Postgres { "UNLOGGED " } else { "" };
    let mut sql = if items.is_empty() {
        if cx.dialect != Dialect::Postgres {
            let message = format!("{} needs at least one column in a table", cx.dialect_name());
            cx.error(&object, &table.loc, message);
        }
        format!("CREATE {unlogged}TABLE {name} ()")
    } else {
        format!("CREATE {unlogged}TABLE {name} (\n    {}\n)", join_items(&items))
    };
    sql.push_str(&table_options(cx, table));
    sql.push(';');
    sql
}

/// The items of a column list, one a line, separated by commas. An item MySQL-only in the source
/// (`Some(version)`) is wrapped in its conditional comment with its comma inside, so the list is
/// well formed whether the engine reads it (MySQL) or skips it (MariaDB): items before the last
/// plain one carry their comma after them, items after it before them.
fn join_items(items: &[(String, Option<u32>)]) -> String {
    let last_plain = items.iter().rposition(|(_, since)| since.is_none()).unwrap_or(0);
    let lines: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, (item, since))| match since.filter(|_| i != last_plain) {
            None if i < last_plain => format!("{item},"),
            None => item.clone(),
            Some(version) if i < last_plain => mysql_conditional(version, &format!("{item},")),
            Some(version) => mysql_conditional(version, &format!(", {item}")),
        })
        .collect();
    lines.join("\n    ")
}

/// `sql` inside `/*!version ... */`. MySQL comments do not nest, so a conditional comment already
/// in it (a column's `/*!80003 SRID 0 */`) stays beside the wrapped pieces, as mysqldump writes.
fn mysql_conditional(version: u32, sql: &str) -> String {
    let mut pieces: Vec<String> = Vec::new();
    let wrap = |text: &str, pieces: &mut Vec<String>| {
        let text = text.trim();
        if !text.is_empty() {
            pieces.push(format!("/*!{version} {text}*/"));
        }
    };
    let mut rest = sql;
    while let Some(start) = rest.find("/*!") {
        wrap(&rest[..start], &mut pieces);
        let end = rest[start..].find("*/").map_or(rest.len(), |e| start + e + 2);
        pieces.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    wrap(rest, &mut pieces);
    pieces.join(" ")
}

/// What follows a table's column list: inheritance and partitioning (PostgreSQL), the engine,
/// character set and comment (MySQL), `WITHOUT ROWID` and `STRICT` (SQLite); what the target
/// cannot hold is a warning.
fn table_options(cx: &mut Context, table: &Table) -> String {
    let object = table.name.to_string();
    let options = &table.options;
    let same_dialect = cx.schema.dialect == Some(cx.dialect);
    let mut out = String::new();
    if !options.inherits.is_empty() {
        if cx.dialect == Dialect::Postgres {
            let parents: Vec<String> = options.inherits.iter().map(|p| cx.name(p)).collect();
            out.push_str(&format!(" INHERITS ({})", parents.join(", ")));
        } else {
            let message =
                format!("{} has no table inheritance: the inherited columns are written out", cx.dialect_name());
            cx.warning(&object, &table.loc, message);
        }
    }
    match cx.dialect {
        Dialect::Mysql => {
            if let Some(engine) = options.engine.as_ref().filter(|_| same_dialect) {
                out.push_str(&format!(" ENGINE={engine}"));
            }
            if let Some(charset) = options.charset.as_ref().filter(|_| same_dialect) {
                out.push_str(&format!(" DEFAULT CHARSET={charset}"));
            }
            if let Some(collation) = options.collation.as_ref().filter(|_| same_dialect) {
                out.push_str(&format!(" COLLATE={collation}"));
            }
            if let Some(comment) = &table.comment {
                out.push_str(&format!(" COMMENT={}", cx.literal(comment)));
            }
        }
        Dialect::Sqlite => {
            let mut words = Vec::new();
            if options.without_rowid {
                words.push("WITHOUT ROWID");
            }
            if options.strict {
                words.push("STRICT");
            }
            if !words.is_empty() {
                out.push(' ');
                out.push_str(&words.join(", "));
            }
        }
        Dialect::Postgres => {}
    }
    // Last: PostgreSQL takes it after INHERITS, MySQL after the table options.
    if let Some(partition_by) = &options.partition_by {
        if same_dialect && cx.dialect != Dialect::Sqlite {
            out.push_str(&format!(" PARTITION BY {partition_by}"));
        } else {
            let message =
                format!("the partitioning `{partition_by}` is the source's own: the table is written unpartitioned");
            cx.warning(&object, &table.loc, message);
        }
    }
    if let Some(storage) = options.storage.as_ref().filter(|_| same_dialect && cx.dialect == Dialect::Postgres) {
        out.push_str(&format!(" WITH {storage}"));
    }
    out
}

/// `[CONSTRAINT name] FOREIGN KEY (a) REFERENCES t (b) [ON DELETE x] [ON UPDATE y]`.
pub(crate) fn render_foreign_key(cx: &mut Context, table: &Table, fk: &ForeignKey) -> String {
    if cx.dialect == Dialect::Mysql {
        check_mysql_key_types(cx, table, fk);
    }
    let mut body =
        format!("FOREIGN KEY ({}) REFERENCES {}", quote_list(&fk.columns, cx.dialect), cx.name(&fk.referenced_table));
    if !fk.referenced_columns.is_empty() {
        body.push_str(&format!(" ({})", quote_list(&fk.referenced_columns, cx.dialect)));
    }
    for (event, action) in [("DELETE", fk.on_delete), ("UPDATE", fk.on_update)] {
        // What the dialect does unsaid is left unsaid; InnoDB reports an unsaid action as RESTRICT
        // and a written NO ACTION as NO ACTION (it treats the two alike), so NO ACTION is written.
        if action == cx.dialect.default_referential_action() {
            continue;
        }
        if action == ReferentialAction::SetDefault && cx.dialect == Dialect::Mysql {
            let object = fk.name.clone().unwrap_or_else(|| format!("{}({})", table.name, fk.columns.join(", ")));
            let message = format!("MySQL (InnoDB) rejects SET DEFAULT: `ON {event} SET DEFAULT` is left out");
            cx.warning(object, &fk.loc, message);
            continue;
        }
        body.push_str(&format!(" ON {event} {}", action.as_sql()));
    }
    match fk.deferrable {
        Some(_) if cx.dialect == Dialect::Mysql => {
            let object = fk.name.clone().unwrap_or_else(|| format!("{}({})", table.name, fk.columns.join(", ")));
            cx.warning(object, &fk.loc, "MySQL checks foreign keys at once: DEFERRABLE is left out");
        }
        Some(Deferrable::InitiallyDeferred) => body.push_str(" DEFERRABLE INITIALLY DEFERRED"),
        Some(Deferrable::InitiallyImmediate) => body.push_str(" DEFERRABLE"),
        None => {}
    }
    named(cx, fk.name.as_deref(), body)
}

/// InnoDB refuses a foreign key between integer columns of different widths or signedness
/// ("errno: 150"), which PostgreSQL and SQLite accept: say which columns, before the server does.
fn check_mysql_key_types(cx: &mut Context, table: &Table, fk: &ForeignKey) {
    let Some(target) = cx.schema.table(&fk.referenced_table) else { return };
    for (column, referenced) in fk.columns.iter().zip(&fk.referenced_columns) {
        let (Some(from), Some(to)) = (table.column(column), target.column(referenced)) else { continue };
        if from.ty.is_integer() && to.ty.is_integer() && from.ty != to.ty {
            let object = fk.name.clone().unwrap_or_else(|| format!("{}({})", table.name, fk.columns.join(", ")));
            let from_sql = render_type(&from.ty, cx.dialect, &cx.schema.enums).sql;
            let to_sql = render_type(&to.ty, cx.dialect, &cx.schema.enums).sql;
            let message = format!(
                "MySQL needs a foreign key's columns to have the referenced columns' type: `{}.{column}` is {from_sql} but `{}.{referenced}` is {to_sql}",
                table.name, fk.referenced_table
            );
            let loc = fk.loc.clone();
            cx.error(object, &loc, message);
        }
    }
}

/// `ALTER TABLE t ADD [CONSTRAINT name] FOREIGN KEY ...;`, for a key deferred to break a cycle.
pub(crate) fn render_add_foreign_key(cx: &mut Context, table: &Table, fk: &ForeignKey) -> String {
    let constraint = render_foreign_key(cx, table, fk);
    format!("ALTER TABLE {} ADD {constraint};", cx.name(&table.name))
}

#[cfg(test)]
mod tests {
    use super::{join_items, mysql_conditional};

    fn items(list: &[(&str, Option<u32>)]) -> Vec<(String, Option<u32>)> {
        list.iter().map(|(s, v)| (s.to_string(), *v)).collect()
    }

    /// The list MariaDB reads (conditional parts dropped) and MySQL 8 reads (markers dropped).
    fn as_read(sql: &str) -> (String, String) {
        let mut mariadb = String::new();
        let mut rest = sql;
        while let Some(start) = rest.find("/*!") {
            mariadb.push_str(&rest[..start]);
            rest = &rest[start + rest[start..].find("*/").unwrap() + 2..];
        }
        mariadb.push_str(rest);
        let mysql = sql.replace("/*!50705 ", "").replace("/*!80003 ", "").replace("*/", "");
        let squash = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
        (squash(mariadb), squash(mysql))
    }

    #[test]
    fn conditional_items_keep_the_list_well_formed_for_both_engines() {
        for (list, mariadb, mysql) in [
            (vec![("a int", None), ("b int", Some(50705)), ("c int", None)], "a int, c int", "a int, b int, c int"),
            (vec![("a int", None), ("KEY k (a)", Some(50705))], "a int", "a int , KEY k (a)"),
            (vec![("x int", Some(50705)), ("a int", None)], "a int", "x int, a int"),
            (
                vec![("x int", Some(50705)), ("a int", None), ("y int", Some(50705)), ("z int", Some(50705))],
                "a int",
                "x int, a int , y int , z int",
            ),
        ] {
            let joined = join_items(&items(&list));
            assert_eq!(as_read(&joined), (mariadb.to_string(), mysql.to_string()), "{joined}");
        }
    }

    #[test]
    fn a_conditional_comment_inside_stays_beside_the_wrapped_pieces() {
        assert_eq!(
            mysql_conditional(50705, "location GEOMETRY /*!80003 SRID 0 */ NOT NULL,"),
            "/*!50705 location GEOMETRY*/ /*!80003 SRID 0 */ /*!50705 NOT NULL,*/"
        );
    }
}

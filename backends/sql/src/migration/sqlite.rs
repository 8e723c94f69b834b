//! SQLite's `ALTER TABLE` renames tables and columns and adds simple columns; every other
//! change rebuilds the table as SQLite documents (<https://sqlite.org/lang_altertable.html>,
//! "Making Other Kinds Of Table Schema Changes"): create the new table under a temporary
//! name, copy the rows, drop the old table, rename the new one, recreate its indexes, and
//! check the foreign keys. The triggers on a rebuilt table, and those that name one, are
//! dropped before the rebuilds and created again after them. `PRAGMA foreign_keys = OFF` comes first, because dropping a
//! referenced table with foreign keys on deletes (or nulls) the rows that reference it; it
//! has no effect inside a transaction, which the notes say.

use std::collections::{BTreeMap, BTreeSet};

use codegen_core::deps::mentioned;
use codegen_core::diff::{Change, Fill};
use codegen_core::{Column, ColumnDefault, DbObject, Dialect, Literal, QualifiedName, Table};

use crate::index::render_index;
use crate::table::render_create_table;

use super::objects::create_object;
use super::statements::{Writer, create_table, drop_view, fill_for, rename_table, render_change};

/// Whether `ALTER TABLE ADD COLUMN` can add `column` (filled by `UPDATE` if need be).
fn simple_add(column: &Column, fills: &[Fill]) -> bool {
    let constant = match &column.default {
        None => true,
        Some(ColumnDefault::Literal { value }) => *value != Literal::Null || column.nullable,
        Some(_) => false,
    };
    let not_null_ok =
        column.nullable || matches!(&column.default, Some(ColumnDefault::Literal { value }) if *value != Literal::Null);
    let fill_ok = fill_for(fills, Dialect::Sqlite).is_none() || column.nullable;
    constant && not_null_ok && fill_ok && column.generated.is_none()
}

/// Changes SQLite runs after the rebuilds (they may depend on the rebuilt tables).
fn is_late(change: &Change) -> bool {
    matches!(
        change,
        Change::DropColumn { .. }
            | Change::DropTable(_)
            | Change::DropEnum(_)
            | Change::AddPrimaryKey { .. }
            | Change::AddUnique { .. }
            | Change::AddCheck { .. }
            | Change::CreateIndex { .. }
            | Change::AddForeignKey { .. }
            | Change::CreateView(_)
            | Change::SetTableComment { .. }
            | Change::SetConstraintComment { .. }
            | Change::SetEnumComment { .. }
            | Change::SetViewComment { .. }
            | Change::DropNamespace(_)
            | Change::CreateObjectTail(_)
            | Change::ReplaceObject { .. }
            | Change::SetObjectComment { .. }
    ) || matches!(change, Change::CreateObject(object) if object.kind.on_table())
}

fn only_comment_differs(from: &Column, to: &Column) -> bool {
    let mut a = from.clone();
    a.comment = to.comment.clone();
    a.declared_type = to.declared_type.clone();
    a.name = to.name.clone();
    a == *to
}

pub(crate) fn render(w: &mut Writer, changes: &[Change]) {
    let dropped: BTreeSet<&QualifiedName> =
        changes.iter().filter_map(|c| if let Change::DropTable(t) = c { Some(&t.name) } else { None }).collect();
    let mut rebuilt: BTreeSet<QualifiedName> = BTreeSet::new();
    for change in changes {
        match change {
            Change::AlterColumn { from, to, fills, .. }
                if only_comment_differs(from, to) && fill_for(fills, Dialect::Sqlite).is_none() => {}
            Change::AlterColumn { table, .. }
            | Change::DropColumn { table, .. }
            | Change::DropPrimaryKey { table, .. }
            | Change::DropUnique { table, .. }
            | Change::DropCheck { table, .. }
            | Change::AddPrimaryKey { table, .. }
            | Change::AddUnique { table, .. }
            | Change::AddCheck { table, .. }
            | Change::AddForeignKey { table, .. } => {
                rebuilt.insert(table.clone());
            }
            Change::DropForeignKey { table, .. } if !dropped.contains(table) => {
                rebuilt.insert(table.clone());
            }
            Change::AddColumn { table, column, fills } if !simple_add(column, fills) => {
                rebuilt.insert(table.clone());
            }
            Change::AlterEnum { columns, .. } => {
                rebuilt.extend(columns.iter().map(|c| c.table.clone()).filter(|t| !dropped.contains(t)));
            }
            _ => {}
        }
    }
    // Dropping a table that another references deletes or nulls their rows with keys enforced.
    let referenced_dropped = w.from.tables.iter().any(|t| {
        t.foreign_keys.iter().any(|fk| fk.referenced_table != t.name && dropped.contains(&fk.referenced_table))
    });
    if !rebuilt.is_empty() || referenced_dropped {
        w.push("PRAGMA foreign_keys = OFF");
        w.note("SQLite ignores PRAGMA foreign_keys inside a transaction: if the connection enforces foreign keys, run this migration outside one, or dropping a referenced table deletes the rows that reference it (ON DELETE CASCADE)");
    }
    let mut rebuilds_done = false;
    for change in changes {
        if !rebuilds_done && is_late(change) {
            rebuild_all(w, changes, &rebuilt);
            rebuilds_done = true;
        }
        let on_rebuilt = change.table().is_some_and(|t| rebuilt.contains(t));
        match change {
            Change::RenameTable { from, to } => rename_table(w, from, to),
            Change::RenameColumn { .. } | Change::CreateTable(_) => render_change(w, change),
            Change::DropView(view) => drop_view(w, view),
            _ if on_rebuilt => {}
            Change::DropForeignKey { .. } | Change::AlterEnum { .. } | Change::AlterColumn { .. } => {}
            Change::SetTableComment { .. }
            | Change::SetConstraintComment { .. }
            | Change::SetEnumComment { .. }
            | Change::SetViewComment { .. } => {}
            _ => render_change(w, change),
        }
    }
    if !rebuilds_done {
        rebuild_all(w, changes, &rebuilt);
    }
    if !rebuilt.is_empty() {
        w.push("PRAGMA foreign_key_check");
    }
    // The documented procedure's last step: enforcement comes back for the rest of the session
    // (the drivers the ORMs use, sqlx among them, turn it on for every connection).
    if !rebuilt.is_empty() || referenced_dropped {
        w.push("PRAGMA foreign_keys = ON");
    }
}

fn rebuild_all(w: &mut Writer, changes: &[Change], rebuilt: &BTreeSet<QualifiedName>) {
    let triggers = kept_triggers(w, changes, rebuilt);
    for trigger in &triggers {
        let s = format!("DROP TRIGGER IF EXISTS {}", w.name(&trigger.name));
        w.push(s);
    }
    for table in rebuilt {
        rebuild(w, changes, table);
    }
    for trigger in &triggers {
        create_object(w, trigger, false);
    }
}

/// The triggers the migration keeps as they are that a rebuild would lose or break: SQLite
/// drops a table's triggers with it, and refuses to rename the new table into place while
/// another table's trigger names the dropped one (`error in trigger ...: no such table`). They
/// are dropped before the rebuilds and created again after them all. A new or changed trigger
/// is created by its own change, after the rebuilds.
fn kept_triggers(w: &Writer, changes: &[Change], rebuilt: &BTreeSet<QualifiedName>) -> Vec<DbObject> {
    if rebuilt.is_empty() {
        return Vec::new();
    }
    let created_by_change = |object: &DbObject| {
        changes.iter().any(|c| match c {
            Change::CreateObject(o) | Change::ReplaceObject { to: o, .. } => o == object,
            _ => false,
        })
    };
    let names: BTreeSet<String> = rebuilt.iter().map(|t| t.name.to_lowercase()).collect();
    let affected = |object: &DbObject| {
        object.table.as_ref().is_some_and(|t| rebuilt.contains(t))
            || object.definition.iter().any(|s| mentioned(s, Dialect::Sqlite, false).iter().any(|n| names.contains(n)))
    };
    w.to.objects
        .iter()
        .filter(|o| o.kind.on_table() && o.dialect == Dialect::Sqlite && !created_by_change(o) && affected(o))
        .cloned()
        .collect()
}

/// The columns of `table` as they are just before its rebuild (after the renames).
fn current_columns(w: &Writer, changes: &[Change], table: &QualifiedName) -> Vec<String> {
    if let Some(created) = changes.iter().find_map(|c| match c {
        Change::CreateTable(t) if &t.name == table => Some(t),
        _ => None,
    }) {
        return created.columns.iter().map(|c| c.name.clone()).collect();
    }
    let old_name = changes
        .iter()
        .find_map(|c| match c {
            Change::RenameTable { from, to } if to == table => Some(from.clone()),
            _ => None,
        })
        .unwrap_or_else(|| table.clone());
    let Some(old) = w.from.table(&old_name) else { return Vec::new() };
    old.columns
        .iter()
        .map(|c| {
            changes
                .iter()
                .find_map(|ch| match ch {
                    Change::RenameColumn { table: t, from, to } if t == table && *from == c.name => Some(to.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| c.name.clone())
        })
        .collect()
}

fn rebuild(w: &mut Writer, changes: &[Change], name: &QualifiedName) {
    let Some(target) = w.to.table(name).cloned() else { return };
    let current = current_columns(w, changes, name);
    let mut fills: BTreeMap<&str, &[Fill]> = BTreeMap::new();
    let mut renamed_values: BTreeMap<&str, &[(String, String)]> = BTreeMap::new();
    for change in changes {
        match change {
            // A later change without a SQLite fill (a move's NOT NULL) keeps the earlier fill.
            Change::AddColumn { table, column, fills: f } | Change::AlterColumn { table, to: column, fills: f, .. }
                if table == name
                    && (fill_for(f, Dialect::Sqlite).is_some() || !fills.contains_key(column.name.as_str())) =>
            {
                fills.insert(column.name.as_str(), f);
            }
            Change::AlterEnum { renamed_values: pairs, columns, .. } if !pairs.is_empty() => {
                for c in columns.iter().filter(|c| &c.table == name) {
                    renamed_values.insert(c.column.name.as_str(), pairs);
                }
            }
            _ => {}
        }
    }

    let mut into = Vec::new();
    let mut select = Vec::new();
    for column in target.columns.iter().filter(|c| c.generated.is_none()) {
        let col = w.ident(&column.name);
        let source = if let Some(fill) = fills.get(column.name.as_str()).and_then(|f| fill_for(f, Dialect::Sqlite)) {
            fill.to_string()
        } else if current.contains(&column.name) {
            match renamed_values.get(column.name.as_str()) {
                Some(pairs) => {
                    let cases: Vec<String> = pairs
                        .iter()
                        .map(|(old, new)| format!("WHEN {} THEN {}", w.cx.literal(old), w.cx.literal(new)))
                        .collect();
                    format!("CASE {col} {} ELSE {col} END", cases.join(" "))
                }
                None => col.clone(),
            }
        } else {
            continue;
        };
        into.push(col);
        select.push(source);
    }

    let temporary = QualifiedName::new(format!("_codegen_new_{}", name.name));
    let mut staged: Table = target.clone();
    staged.name = temporary.clone();
    staged.indexes.clear();
    let create = render_create_table(&mut w.cx, &staged, &BTreeSet::new());
    w.push(create);
    if !into.is_empty() {
        let s = format!(
            "INSERT INTO {} ({}) SELECT {} FROM {}",
            w.name(&temporary),
            into.join(", "),
            select.join(", "),
            w.name(name)
        );
        w.push(s);
    }
    let s = format!("DROP TABLE {}", w.name(name));
    w.push(s);
    let s = format!("ALTER TABLE {} RENAME TO {}", w.name(&temporary), w.name(name));
    w.push(s);
    for index in &target.indexes {
        if let Some(s) = render_index(&mut w.cx, &target, index) {
            w.push(s);
        }
    }
    let _ = create_table;
}

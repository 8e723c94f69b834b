//! A migration's changes in one direction, as statements of a dialect: PostgreSQL renders
//! change by change, MySQL also works around the foreign keys that hold an index it drops, and
//! SQLite plans table rebuilds ([`super::sqlite`]).

use codegen_core::diff::Change;
use codegen_core::{Dialect, ForeignKey, IndexKey, QualifiedName, Schema};

use crate::context::Context;
use crate::index::Build;

use super::statements::render_change;
use super::writer::{Rendered, Writer};
use super::{moves, sqlite};

pub(crate) fn render_changes(
    from: &Schema,
    to: &Schema,
    changes: &[Change],
    dialect: Dialect,
    build: Build,
) -> Rendered {
    let mut w = Writer { cx: Context::new(to, dialect), from, to, statements: Vec::new(), notes: Vec::new(), build };
    if changes.is_empty() {
        return Rendered { statements: Vec::new(), notes: Vec::new(), diagnostics: w.cx.diagnostics };
    }
    match dialect {
        Dialect::Sqlite => sqlite::render(&mut w, changes),
        Dialect::Postgres => {
            for change in changes {
                render_change(&mut w, change);
            }
            if changes.iter().any(|c| matches!(c, Change::AlterEnum { .. }))
                && w.statements.iter().any(|s| s.contains(" ADD VALUE "))
            {
                w.note("PostgreSQL cannot use an enum value added by ALTER TYPE ... ADD VALUE in the transaction that added it: commit before using it");
            }
        }
        Dialect::Mysql => {
            let mut readd = Vec::new();
            for change in changes {
                for (table, key) in mysql_keys_needing(&w, changes, change) {
                    if !readd.iter().any(|(t, k)| t == &table && k == &key) {
                        let name = key.name.as_deref().map(|n| w.ident(n)).unwrap_or_default();
                        let s = format!("ALTER TABLE {} DROP FOREIGN KEY {name}", w.name(&table));
                        w.push(s);
                        readd.push((table, key));
                    }
                }
                render_change(&mut w, change);
            }
            for (table, key) in readd {
                render_change(&mut w, &Change::AddForeignKey { table, key });
            }
            w.note("MySQL commits implicitly after every DDL statement: if a statement fails, the ones before it stay applied (no rollback)");
        }
    }
    moves::allow_moved_drops(&mut w, changes);
    moves::lock_timeout(&mut w, changes);
    Rendered { statements: w.statements, notes: w.notes, diagnostics: w.cx.diagnostics }
}

/// The foreign keys MySQL would refuse to let `change` drop the index of ("needed in a
/// foreign key constraint"): named keys that stay, on columns leading the dropped index. They
/// are dropped before and added again at the end.
fn mysql_keys_needing(w: &Writer, changes: &[Change], change: &Change) -> Vec<(QualifiedName, ForeignKey)> {
    let (table, columns): (&QualifiedName, Vec<&str>) = match change {
        Change::DropIndex { table, index } => (
            table,
            index
                .parts
                .iter()
                .filter_map(|p| match &p.key {
                    IndexKey::Column(c) => Some(c.as_str()),
                    _ => None,
                })
                .collect(),
        ),
        Change::DropUnique { table, constraint } => (table, constraint.columns.iter().map(String::as_str).collect()),
        _ => return Vec::new(),
    };
    let Some(current) = w.to.table(table) else { return Vec::new() };
    current
        .foreign_keys
        .iter()
        .filter(|fk| fk.name.is_some() && !fk.columns.is_empty())
        .filter(|fk| fk.columns.len() <= columns.len() && fk.columns.iter().zip(&columns).all(|(a, b)| a == b))
        .filter(|fk| {
            !changes.iter().any(|c| matches!(c, Change::AddForeignKey { table: t, key } if t == table && key == *fk))
        })
        .map(|fk| (table.clone(), fk.clone()))
        .collect()
}

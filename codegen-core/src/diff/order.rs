//! The changes themselves, collected per phase so that the list is in an order the database
//! accepts (see the module documentation of [`super`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Column, ColumnType, QualifiedName, Schema, Table};

use super::matching::Matching;
use super::moves::{self, MoveData};
use super::objects::ObjectPlan;
use super::{Change, ColumnRef, DiffOptions, FillDirection};

/// The phases, in application order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Phase {
    CreateNamespaces,
    DropViews,
    /// Triggers, rules and policies, and objects dropped to be created again.
    DropTableObjects,
    Renames,
    DropForeignKeys,
    DropConstraints,
    Enums,
    /// Objects the tables may need (extensions, sequences, functions, domains).
    CreateObjects,
    CreateTables,
    Columns,
    /// The data of moved columns, copied once both places exist.
    Copy,
    /// NOT NULL on columns a move filled (added nullable for the copy).
    Tighten,
    DropColumns,
    DropTables,
    DropObjects,
    DropEnums,
    AddConstraints,
    AddForeignKeys,
    /// Objects that name tables (triggers, policies, `RETURNS SETOF table` functions).
    CreateTableObjects,
    CreateViews,
    /// Objects that name views.
    CreateViewObjects,
    Comments,
    DropNamespaces,
}

#[derive(Default)]
pub(super) struct Phases(Vec<(Phase, Change)>);

impl Phases {
    pub(super) fn push(&mut self, phase: Phase, change: Change) {
        self.0.push((phase, change));
    }

    fn into_changes(mut self) -> Vec<Change> {
        // Stable: within a phase, the order changes were found in (model order).
        self.0.sort_by_key(|(phase, _)| *phase);
        self.0.into_iter().map(|(_, c)| c).collect()
    }
}

/// A column compared without its declared spelling or its name (renames are separate changes).
fn same_column(a: &Column, b: &Column) -> bool {
    a.ty == b.ty
        && a.nullable == b.nullable
        && a.default == b.default
        && a.generated == b.generated
        && a.comment == b.comment
}

pub(crate) fn changes(
    from: &Schema,
    to: &Schema,
    m: &Matching,
    options: &DiffOptions,
    moved: &[MoveData],
    diagnostics: &mut Diagnostics,
) -> Vec<Change> {
    let mut out = Phases::default();
    let mut used_fills: BTreeSet<usize> = BTreeSet::new();

    namespaces(from, to, &mut out);

    // Tables: pairs of (old, mapped old, new), dropped and created ones.
    let mapped: Vec<Table> = from.tables.iter().map(|t| m.map_table(t)).collect();
    let mut kept: Vec<(&Table, &Table, &Table)> = Vec::new();
    let mut dropped: Vec<&Table> = Vec::new();
    // Name lookups by map: a diff of 1,000-table models must not compare every pair.
    let new_tables: BTreeMap<&QualifiedName, &Table> = to.tables.iter().map(|t| (&t.name, t)).collect();
    for (old, mapped) in from.tables.iter().zip(&mapped) {
        match new_tables.get(&mapped.name).copied() {
            Some(new) => kept.push((old, mapped, new)),
            None => dropped.push(old),
        }
    }
    let mapped_names: BTreeSet<&QualifiedName> = mapped.iter().map(|t| &t.name).collect();
    let created: Vec<&Table> = to.tables.iter().filter(|t| !mapped_names.contains(&t.name)).collect();
    let mut changed_tables: BTreeSet<QualifiedName> = dropped.iter().map(|t| t.name.clone()).collect();

    for &(old, mapped, new) in &kept {
        let before = out.0.len();
        if old.name != new.name {
            out.push(Phase::Renames, Change::RenameTable { from: old.name.clone(), to: new.name.clone() });
        }
        diff_table(old, mapped, new, options, &mut used_fills, &mut out, diagnostics);
        constraint_comments(mapped, new, from.dialect.or(to.dialect), &mut out);
        if out.0.len() != before {
            changed_tables.insert(old.name.clone());
        }
    }
    probable_table_renames(&dropped, &created, diagnostics);
    moves::probable_moves(from, to, moved, diagnostics);
    copy_moved_data(moved, &mut out);
    rebuild_dependent_keys(&kept, &mut out);

    // Created tables, referenced ones first; a cycle's keys are added once all exist.
    let (order, deferred) = topological(&created);
    for i in order {
        let mut table = created[i].clone();
        let late: Vec<usize> = deferred.iter().filter(|(t, _)| *t == i).map(|(_, k)| *k).collect();
        for (k, key) in created[i].foreign_keys.iter().enumerate().rev() {
            if late.contains(&k) {
                table.foreign_keys.remove(k);
                out.push(Phase::AddForeignKeys, Change::AddForeignKey { table: table.name.clone(), key: key.clone() });
            }
        }
        out.push(Phase::CreateTables, Change::CreateTable(table));
    }
    // Dropped tables, referencing ones first; keys of a cycle are dropped before.
    let (order, deferred) = topological(&dropped);
    for &(i, k) in &deferred {
        let table = dropped[i];
        out.push(
            Phase::DropForeignKeys,
            Change::DropForeignKey { table: table.name.clone(), key: table.foreign_keys[k].clone() },
        );
    }
    for i in order.into_iter().rev() {
        out.push(Phase::DropTables, Change::DropTable(dropped[i].clone()));
    }

    enums(from, to, m, &kept, &dropped, &mut out);
    let mut objects = ObjectPlan::new(from, to);
    let recreated_views = views(from, to, &changed_tables, &objects.recreated_names(), &mut out);
    objects.recreate_on_views(recreated_views);
    objects.push_changes(&mut out);

    for (i, fill) in options.fills.iter().enumerate() {
        if fill.direction == FillDirection::Up && !used_fills.contains(&i) {
            let message =
                format!("the fill of `{}.{}` is not used: no such column is added or changed", fill.table, fill.column);
            diagnostics.push(Diagnostic::warning(message).with_object(format!("{}.{}", fill.table, fill.column)));
        }
    }
    out.into_changes()
}

fn namespaces(from: &Schema, to: &Schema, out: &mut Phases) {
    let used = |s: &Schema| -> BTreeSet<String> {
        s.namespaces
            .iter()
            .cloned()
            .chain(s.tables.iter().filter_map(|t| t.name.schema.clone()))
            .chain(s.enums.iter().filter_map(|e| e.name.schema.clone()))
            .chain(s.views.iter().filter_map(|v| v.name.schema.clone()))
            .filter(|n| n != "public")
            .collect()
    };
    let (old, new) = (used(from), used(to));
    for n in new.difference(&old) {
        out.push(Phase::CreateNamespaces, Change::CreateNamespace(n.clone()));
    }
    for n in old.difference(&new) {
        out.push(Phase::DropNamespaces, Change::DropNamespace(n.clone()));
    }
}

#[allow(clippy::too_many_arguments)]
fn diff_table(
    old: &Table,
    mapped: &Table,
    new: &Table,
    options: &DiffOptions,
    used_fills: &mut BTreeSet<usize>,
    out: &mut Phases,
    diagnostics: &mut Diagnostics,
) {
    let name = &new.name;
    for (o, m) in old.columns.iter().zip(&mapped.columns) {
        if o.name != m.name {
            out.push(
                Phase::Renames,
                Change::RenameColumn { table: name.clone(), from: o.name.clone(), to: m.name.clone() },
            );
        }
    }
    let names = [&old.name, &new.name];
    let mut fills_for = |column: &str| {
        let fills = options.fills_for(&names, column);
        for (i, f) in options.fills.iter().enumerate() {
            if fills.contains(f) {
                used_fills.insert(i);
            }
        }
        fills
    };
    let mut added = Vec::new();
    for column in &new.columns {
        match mapped.column(&column.name) {
            None => {
                let fills = fills_for(&column.name);
                if !column.nullable && !column.has_database_default() && fills.is_empty() {
                    let object = format!("{name}.{}", column.name);
                    let message = format!(
                        "`{object}` is added NOT NULL without a default or a fill: the migration fails if `{name}` has rows"
                    );
                    diagnostics.push(
                        Diagnostic::warning(message)
                            .with_object(&object)
                            .with_help(format!("give a default, or a fill: `fill {object} = <SQL expression>`")),
                    );
                }
                added.push(column);
                out.push(Phase::Columns, Change::AddColumn { table: name.clone(), column: column.clone(), fills });
            }
            Some(before) => {
                let fills = fills_for(&column.name);
                if !same_column(before, column) || !fills.is_empty() {
                    let change =
                        Change::AlterColumn { table: name.clone(), from: before.clone(), to: column.clone(), fills };
                    out.push(Phase::Columns, change);
                }
            }
        }
    }
    let removed: Vec<&Column> = mapped.columns.iter().filter(|c| new.column(&c.name).is_none()).collect();
    for column in &removed {
        out.push(Phase::DropColumns, Change::DropColumn { table: name.clone(), column: (*column).clone() });
    }
    for gone in &removed {
        let alike = |c: &&&Column| {
            c.ty == gone.ty || (matches!(c.ty, ColumnType::Enum { .. }) && matches!(gone.ty, ColumnType::Enum { .. }))
        };
        // A column filled from the table's data is described already, not a rename to confirm.
        let filled = |c: &&&Column| !options.fills_for(&names, &c.name).is_empty();
        for new_column in added.iter().filter(alike).filter(|c| !filled(c)) {
            let old_name = old.columns.iter().zip(&mapped.columns).find(|(_, m)| m.name == gone.name).map(|(o, _)| o);
            let old_name = old_name.map_or(gone.name.as_str(), |o| o.name.as_str());
            let message = format!(
                "probable rename: `{}.{old_name}` is dropped and `{name}.{}` added with the same type; as written, its data is lost",
                old.name, new_column.name
            );
            diagnostics.push(
                Diagnostic::warning(message).with_object(format!("{name}.{}", new_column.name)).with_help(format!(
                    "if it is a rename, give the hint `{}.{old_name}={}`",
                    old.name, new_column.name
                )),
            );
        }
    }

    if mapped.primary_key != new.primary_key {
        if let Some(key) = &mapped.primary_key {
            out.push(Phase::DropConstraints, Change::DropPrimaryKey { table: name.clone(), key: key.clone() });
        }
        if let Some(key) = &new.primary_key {
            out.push(Phase::AddConstraints, Change::AddPrimaryKey { table: name.clone(), key: key.clone() });
        }
    }
    for key in mapped.foreign_keys.iter().filter(|k| !new.foreign_keys.contains(k)) {
        out.push(Phase::DropForeignKeys, Change::DropForeignKey { table: name.clone(), key: key.clone() });
    }
    for key in new.foreign_keys.iter().filter(|k| !mapped.foreign_keys.contains(k)) {
        out.push(Phase::AddForeignKeys, Change::AddForeignKey { table: name.clone(), key: key.clone() });
    }
    for u in mapped.uniques.iter().filter(|u| !new.uniques.contains(u)) {
        out.push(Phase::DropConstraints, Change::DropUnique { table: name.clone(), constraint: u.clone() });
    }
    for u in new.uniques.iter().filter(|u| !mapped.uniques.contains(u)) {
        out.push(Phase::AddConstraints, Change::AddUnique { table: name.clone(), constraint: u.clone() });
    }
    for c in mapped.checks.iter().filter(|c| !new.checks.contains(c)) {
        out.push(Phase::DropConstraints, Change::DropCheck { table: name.clone(), check: c.clone() });
    }
    for c in new.checks.iter().filter(|c| !mapped.checks.contains(c)) {
        out.push(Phase::AddConstraints, Change::AddCheck { table: name.clone(), check: c.clone() });
    }
    for i in mapped.indexes.iter().filter(|i| !new.indexes.contains(i)) {
        out.push(Phase::DropConstraints, Change::DropIndex { table: name.clone(), index: i.clone() });
    }
    for i in new.indexes.iter().filter(|i| !mapped.indexes.contains(i)) {
        out.push(Phase::AddConstraints, Change::CreateIndex { table: name.clone(), index: i.clone() });
    }
    if mapped.comment != new.comment {
        out.push(Phase::Comments, Change::SetTableComment { table: name.clone(), comment: new.comment.clone() });
    }
}

/// The moves' copies, and the columns they fill added nullable and made NOT NULL after the copy
/// (a NOT NULL column without a default cannot be added to a table with rows).
/// `COMMENT ON CONSTRAINT` changes of a kept table. A comment removed from a constraint that
/// stays is set to NULL; a dropped constraint takes its comment with it.
fn constraint_comments(mapped: &Table, new: &Table, dialect: Option<crate::dialect::Dialect>, out: &mut Phases) {
    let name = &new.name;
    for (constraint, comment) in &new.constraint_comments {
        if mapped.constraint_comments.get(constraint) != Some(comment) {
            let (table, constraint, comment) = (name.clone(), constraint.clone(), Some(comment.clone()));
            out.push(Phase::Comments, Change::SetConstraintComment { table, constraint, comment });
        }
    }
    // A comment removed from a constraint that stays (a dropped constraint takes its own).
    for constraint in mapped.constraint_comments.keys() {
        let exists = |t: &Table| t.has_constraint(constraint, dialect);
        if !new.constraint_comments.contains_key(constraint) && exists(new) && exists(mapped) {
            let (table, constraint) = (name.clone(), constraint.clone());
            out.push(Phase::Comments, Change::SetConstraintComment { table, constraint, comment: None });
        }
    }
}

fn copy_moved_data(moved: &[MoveData], out: &mut Phases) {
    for data in moved {
        for (table, column) in data.filled_columns() {
            let added = out.0.iter_mut().find_map(|(_, c)| match c {
                Change::AddColumn { table: t, column: col, .. } if *t == table && col.name == column => Some(col),
                _ => None,
            });
            if let Some(added) = added.filter(|c| !c.nullable && !c.has_database_default()) {
                let strict = added.clone();
                added.nullable = true;
                let loose = added.clone();
                out.push(Phase::Tighten, Change::AlterColumn { table, from: loose, to: strict, fills: Vec::new() });
            }
        }
        out.push(Phase::Copy, Change::MoveData(data.clone()));
    }
}

/// A primary key or unique constraint that is dropped (to be changed) cannot go while a foreign
/// key of another table references it: such keys are dropped before and added back after.
fn rebuild_dependent_keys(kept: &[(&Table, &Table, &Table)], out: &mut Phases) {
    let dropped_keys: Vec<(QualifiedName, Vec<String>)> = out
        .0
        .iter()
        .filter_map(|(_, c)| match c {
            Change::DropPrimaryKey { table, key } => Some((table.clone(), key.columns.clone())),
            Change::DropUnique { table, constraint } => Some((table.clone(), constraint.columns.clone())),
            _ => None,
        })
        .collect();
    if dropped_keys.is_empty() {
        return;
    }
    for &(_, mapped, new) in kept {
        for key in new.foreign_keys.iter().filter(|k| mapped.foreign_keys.contains(k)) {
            let depends = dropped_keys.iter().any(|(table, columns)| {
                *table == key.referenced_table && columns == &key.referenced_columns && *table != new.name
            });
            if depends {
                let table = new.name.clone();
                out.push(Phase::DropForeignKeys, Change::DropForeignKey { table: table.clone(), key: key.clone() });
                out.push(Phase::AddForeignKeys, Change::AddForeignKey { table, key: key.clone() });
            }
        }
    }
}

/// A dropped and a created table with the same columns are probably one table renamed.
fn probable_table_renames(dropped: &[&Table], created: &[&Table], diagnostics: &mut Diagnostics) {
    for old in dropped {
        for new in created {
            let same = old.columns.len() == new.columns.len()
                && old.columns.iter().zip(&new.columns).all(|(a, b)| a.name == b.name && a.ty == b.ty);
            if same && !old.columns.is_empty() {
                let message = format!(
                    "probable rename: table `{}` is dropped and `{}` created with the same columns; as written, its rows are lost",
                    old.name, new.name
                );
                diagnostics.push(
                    Diagnostic::warning(message)
                        .with_object(new.name.to_string())
                        .with_help(format!("if it is a rename, give the hint `{}={}`", old.name, new.name)),
                );
            }
        }
    }
}

fn enums(
    from: &Schema,
    to: &Schema,
    m: &Matching,
    kept: &[(&Table, &Table, &Table)],
    dropped: &[&Table],
    out: &mut Phases,
) {
    let mut matched = BTreeSet::new();
    for old in &from.enums {
        let mapped = m.map_enum(old);
        let Some(new) = to.enum_type(&mapped.name) else {
            out.push(Phase::DropEnums, Change::DropEnum(old.clone()));
            continue;
        };
        matched.insert(new.name.clone());
        if old.name != new.name {
            out.push(Phase::Renames, Change::RenameEnum { from: old.name.clone(), to: new.name.clone() });
        }
        if old.values != new.values {
            // The columns typed with the enum once the renames ran: in kept tables by their
            // new names, in tables still to be dropped by their old ones.
            let columns = kept
                .iter()
                .map(|(_, mapped, _)| *mapped)
                .chain(dropped.iter().copied())
                .flat_map(|t| {
                    t.columns
                        .iter()
                        .filter(|c| c.ty.enum_name() == Some(&new.name) || c.ty.enum_name() == Some(&old.name))
                        .map(|c| ColumnRef { table: t.name.clone(), column: c.clone() })
                })
                .collect();
            out.push(
                Phase::Enums,
                Change::AlterEnum {
                    name: new.name.clone(),
                    from: old.values.clone(),
                    to: new.values.clone(),
                    renamed_values: m.values.get(&old.name).cloned().unwrap_or_default(),
                    columns,
                },
            );
        }
        if old.comment != new.comment {
            out.push(Phase::Comments, Change::SetEnumComment { name: new.name.clone(), comment: new.comment.clone() });
        }
    }
    for new in to.enums.iter().filter(|e| !matched.contains(&e.name)) {
        out.push(Phase::Enums, Change::CreateEnum(new.clone()));
    }
}

/// Views dropped and created: changed ones, and those that mention a changed table or an
/// object dropped or created again. The names of the recreated views.
fn views(
    from: &Schema,
    to: &Schema,
    changed_tables: &BTreeSet<QualifiedName>,
    changed_objects: &BTreeSet<String>,
    out: &mut Phases,
) -> BTreeSet<QualifiedName> {
    let dialect = from.dialect.or(to.dialect).unwrap_or(crate::dialect::Dialect::Postgres);
    let mentions_changed = |definition: &str| {
        let lower = definition.to_lowercase();
        changed_tables.iter().any(|t| lower.contains(&t.name.to_lowercase()))
            || (!changed_objects.is_empty()
                && crate::deps::mentioned(definition, dialect, false).iter().any(|w| changed_objects.contains(w)))
    };
    let mut recreated = BTreeSet::new();
    for old in &from.views {
        let new = to.view(&old.name);
        let same = new.is_some_and(|n| {
            n.definition == old.definition
                && n.materialized == old.materialized
                && n.security_invoker == old.security_invoker
        });
        if !same || mentions_changed(&old.definition) {
            out.push(Phase::DropViews, Change::DropView(old.clone()));
            recreated.insert(old.name.clone());
        } else if let Some(new) = new
            && new.comment != old.comment
        {
            out.push(Phase::Comments, Change::SetViewComment { view: new.clone(), comment: new.comment.clone() });
        }
    }
    for new in &to.views {
        if from.view(&new.name).is_none() || recreated.contains(&new.name) {
            out.push(Phase::CreateViews, Change::CreateView(new.clone()));
        }
    }
    recreated
}

/// Tables in creation order (referenced first), and the `(table, key)` foreign keys left out to
/// break cycles.
fn topological(tables: &[&Table]) -> (Vec<usize>, Vec<(usize, usize)>) {
    let n = tables.len();
    let position = |name: &QualifiedName| tables.iter().position(|t| &t.name == name);
    let mut done = vec![false; n];
    let mut ignored: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut order = Vec::with_capacity(n);
    let waits = |i: usize, done: &[bool], ignored: &BTreeSet<(usize, usize)>| -> Vec<usize> {
        tables[i]
            .foreign_keys
            .iter()
            .enumerate()
            .filter(|(k, fk)| {
                !ignored.contains(&(i, *k)) && position(&fk.referenced_table).is_some_and(|t| t != i && !done[t])
            })
            .map(|(k, _)| k)
            .collect()
    };
    while order.len() < n {
        if let Some(i) = (0..n).find(|&i| !done[i] && waits(i, &done, &ignored).is_empty()) {
            done[i] = true;
            order.push(i);
            continue;
        }
        // Every table left waits on another: defer the keys of the first one.
        let i = (0..n).find(|&i| !done[i]).expect("a table is left");
        for k in waits(i, &done, &ignored) {
            ignored.insert((i, k));
        }
    }
    (order, ignored.into_iter().collect())
}

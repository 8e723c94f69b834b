//! The whole script: statements in an order the database accepts, joined into one text.

use std::collections::BTreeSet;

use std::collections::HashMap;

use codegen_core::deps::{NameIndex, table_dependencies, view_dependencies};
use codegen_core::{Dialect, EnumType, ObjectKind, ObjectRef, RefKind, View};

use crate::comments::{render_enum_comment, render_table_comments, render_view_comment};
use crate::context::Context;
use crate::index::{render_index, render_view_index};
use crate::names::{check_names, namespaces_to_create};
use crate::objects::{is_ownership, render_object, writable};
use crate::order::order_tables;
use crate::table::{render_add_foreign_key, render_create_table};

/// One thing the script creates, in the order the units are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Unit {
    Enum(usize),
    Object(usize),
    Table(usize),
    View(usize),
    /// The statements of an object that wait for the tables (a sequence's `OWNED BY`).
    ObjectTail(usize),
}

/// When a kind of object is written, all else equal: what tables may need first, then tables
/// and views, then what belongs to them.
fn object_rank(kind: ObjectKind) -> u8 {
    use ObjectKind as O;
    match kind {
        O::Extension | O::Language | O::ForeignDataWrapper | O::ForeignServer | O::UserMapping | O::AccessMethod => 0,
        O::Collation | O::Type | O::Domain => 1,
        O::Function
        | O::Procedure
        | O::Aggregate
        | O::Operator
        | O::OperatorClass
        | O::OperatorFamily
        | O::Cast
        | O::Conversion
        | O::Transform
        | O::TextSearchConfiguration
        | O::TextSearchDictionary
        | O::TextSearchParser
        | O::TextSearchTemplate => 2,
        O::Sequence => 3,
        O::ForeignTable | O::VirtualTable => 4,
        O::Trigger
        | O::ConstraintTrigger
        | O::Rule
        | O::Policy
        | O::RowSecurity
        | O::Statistics
        | O::Publication
        | O::EventTrigger
        | O::Event
        | O::Exclusion => 6,
    }
}

/// Render every object of the context's schema; problems go to `cx.diagnostics`.
pub(crate) fn render_script(cx: &mut Context) -> String {
    let schema = cx.schema;
    check_names(cx);
    let mut statements: Vec<String> = Vec::new();

    let capabilities = cx.dialect.capabilities();
    if capabilities.namespaces {
        for namespace in namespaces_to_create(schema) {
            statements.push(format!("CREATE SCHEMA {};", cx.ident(namespace)));
        }
        for (namespace, comment) in &schema.namespace_comments {
            statements.push(format!("COMMENT ON SCHEMA {} IS {};", cx.ident(namespace), cx.literal(comment)));
        }
    }

    // Without ALTER TABLE ... ADD FOREIGN KEY (SQLite), keys stay inline: SQLite accepts
    // references to tables created later.
    let order = order_tables(schema, capabilities.alter_add_foreign_key);
    let objects: Vec<usize> = (0..schema.objects.len()).filter(|&i| writable(cx, &schema.objects[i])).collect();
    for unit in ordered_units(cx, &order.tables, &objects) {
        match unit {
            Unit::Enum(i) => {
                let enum_type = &schema.enums[i];
                statements.extend(render_enum(cx, enum_type));
                statements.extend(render_enum_comment(cx, enum_type));
            }
            Unit::Object(i) => statements.extend(render_object(cx, &schema.objects[i], false)),
            Unit::ObjectTail(i) => statements.extend(render_object(cx, &schema.objects[i], true)),
            Unit::Table(i) => {
                let table = &schema.tables[i];
                let deferred: BTreeSet<usize> =
                    order.deferred.iter().filter(|(t, _)| *t == i).map(|(_, k)| *k).collect();
                statements.push(render_create_table(cx, table, &deferred));
                let dialect = cx.dialect;
                for index in table.indexes.iter().filter(|i| !crate::index::is_inline(dialect, i)) {
                    statements.extend(render_index(cx, table, index));
                }
                statements.extend(render_table_comments(cx, table));
            }
            Unit::View(i) => {
                let view = &schema.views[i];
                statements.push(render_view(cx, view));
                if view.materialized && cx.dialect == Dialect::Postgres {
                    for index in &view.indexes {
                        statements.extend(render_view_index(cx, view, index));
                    }
                }
                statements.extend(render_view_comment(cx, view));
            }
        }
    }
    for &(i, k) in &order.deferred {
        let table = &schema.tables[i];
        statements.push(render_add_foreign_key(cx, table, &table.foreign_keys[k]));
    }
    statements.extend(render_partition_attachments(cx));
    for table in &schema.tables {
        statements.extend(crate::comments::render_constraint_comments(cx, table));
    }

    let mut text = format!("-- Generated by codegen (dialect: {}). Do not edit by hand.\n", cx.dialect);
    for statement in statements {
        text.push('\n');
        text.push_str(&statement);
        text.push('\n');
    }
    text
}

/// Every unit in an order the database accepts: each after what it names (by the dependencies
/// the model found), tables in foreign-key order, otherwise by kind and then source order. A
/// cycle the names form is broken at its first unit in that order.
fn ordered_units(cx: &mut Context, table_order: &[usize], objects: &[usize]) -> Vec<Unit> {
    let schema = cx.schema;
    let dialect = cx.dialect;
    let index = NameIndex::new(schema);
    let mut units: Vec<(Unit, (u8, usize))> = Vec::new();
    units.extend((0..schema.enums.len()).map(|i| (Unit::Enum(i), (1, i))));
    for &i in objects {
        units.push((Unit::Object(i), (object_rank(schema.objects[i].kind), i)));
        if schema.objects[i].definition.iter().any(|s| is_ownership(&schema.objects[i], s)) {
            units.push((Unit::ObjectTail(i), (6, i)));
        }
    }
    units.extend(table_order.iter().enumerate().map(|(position, &i)| (Unit::Table(i), (4, position))));
    units.extend((0..schema.views.len()).map(|i| (Unit::View(i), (5, i))));
    let position_of: HashMap<Unit, usize> = units.iter().enumerate().map(|(p, (u, _))| (*u, p)).collect();

    // What each unit waits for, as positions in `units`.
    let find = |r: &ObjectRef| -> Option<Unit> {
        match r.kind {
            RefKind::Table => schema.tables.iter().position(|t| t.name == r.name).map(Unit::Table),
            RefKind::View => schema.views.iter().position(|v| v.name == r.name).map(Unit::View),
            RefKind::Enum => schema.enums.iter().position(|e| e.name == r.name).map(Unit::Enum),
            RefKind::Object(kind) => {
                schema.objects.iter().position(|o| o.kind == kind && o.name == r.name).map(Unit::Object)
            }
        }
    };
    let mut waits: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); units.len()];
    for (p, (unit, _)) in units.iter().enumerate() {
        let refs: Vec<ObjectRef> = match *unit {
            Unit::Object(i) => schema.objects[i].depends_on.clone(),
            Unit::ObjectTail(i) => {
                schema.objects[i].table.iter().map(|t| ObjectRef { kind: RefKind::Table, name: t.clone() }).collect()
            }
            Unit::Table(i) => table_dependencies(&schema.tables[i], dialect, &index),
            Unit::View(i) => view_dependencies(&schema.views[i], dialect, &index),
            Unit::Enum(_) => Vec::new(),
        };
        for r in refs {
            if let Some(q) = find(&r).and_then(|u| position_of.get(&u)).filter(|&&q| q != p) {
                waits[p].insert(*q);
            }
        }
        if let Unit::ObjectTail(i) = unit {
            waits[p].insert(position_of[&Unit::Object(*i)]);
        }
    }
    // Tables keep their foreign-key order among themselves.
    for pair in table_order.windows(2) {
        waits[position_of[&Unit::Table(pair[1])]].insert(position_of[&Unit::Table(pair[0])]);
    }

    let mut done = vec![false; units.len()];
    let mut out = Vec::with_capacity(units.len());
    while out.len() < units.len() {
        let ready =
            (0..units.len()).filter(|&p| !done[p] && waits[p].iter().all(|&q| done[q])).min_by_key(|&p| units[p].1);
        let p = match ready {
            Some(p) => p,
            None => {
                // A cycle: break it at the first remaining unit.
                let p = (0..units.len()).filter(|&p| !done[p]).min_by_key(|&p| units[p].1).expect("some remain");
                let (unit, _) = units[p];
                if let Unit::Object(i) = unit {
                    let object = &schema.objects[i];
                    let message = format!(
                        "{} is part of a cycle of definitions: written before what it names",
                        object.describe()
                    );
                    cx.note(object.describe(), &object.loc, message);
                }
                p
            }
        };
        done[p] = true;
        out.push(units[p].0);
    }
    out
}

/// PostgreSQL partitions are created as tables and attached to their parent afterwards, as
/// pg_dump does: each keeps its own indexes and constraints.
fn render_partition_attachments(cx: &mut Context) -> Vec<String> {
    let schema = cx.schema;
    let mut out = Vec::new();
    for table in &schema.tables {
        let Some(partition) = &table.options.partition_of else { continue };
        if cx.dialect != Dialect::Postgres {
            let message = format!(
                "{} has no table partitions: `{}` is a table of its own, not a partition of `{}`",
                cx.dialect_name(),
                table.name,
                partition.parent
            );
            cx.warning(table.name.to_string(), &table.loc, message);
            continue;
        }
        out.push(format!(
            "ALTER TABLE {} ATTACH PARTITION {} {};",
            cx.name(&partition.parent),
            cx.name(&table.name),
            partition.bound
        ));
    }
    out
}

/// `CREATE TYPE ... AS ENUM` on PostgreSQL; the other dialects write enums in their columns.
pub(crate) fn render_enum(cx: &mut Context, enum_type: &EnumType) -> Option<String> {
    if !cx.dialect.capabilities().named_enums {
        return None;
    }
    let values: Vec<String> = enum_type.values.iter().map(|v| cx.literal(v)).collect();
    Some(format!("CREATE TYPE {} AS ENUM ({});", cx.name(&enum_type.name), values.join(", ")))
}

/// `CREATE [MATERIALIZED] VIEW name AS definition;`.
pub(crate) fn render_view(cx: &mut Context, view: &View) -> String {
    let materialized = view.materialized && cx.dialect == Dialect::Postgres;
    if view.materialized && !materialized {
        let message = format!("{} has no materialized views: `{}` is a plain view", cx.dialect_name(), view.name);
        cx.warning(view.name.to_string(), &view.loc, message);
    }
    let kind = if materialized { "MATERIALIZED VIEW" } else { "VIEW" };
    let definition = view.definition.trim().trim_end_matches(';').trim_end();
    let name = cx.name(&view.name);
    match cx.dialect {
        Dialect::Mysql if view.security_invoker => format!("CREATE SQL SECURITY INVOKER VIEW {name} AS {definition};"),
        Dialect::Postgres if view.security_invoker && !materialized => {
            format!("CREATE VIEW {name} WITH (security_invoker = true) AS {definition};")
        }
        _ => {
            if view.security_invoker {
                let message = format!(
                    "`{name}` runs with its owner's privileges here: {} views have no invoker security",
                    cx.dialect_name()
                );
                cx.warning(view.name.to_string(), &view.loc, message);
            }
            format!("CREATE {kind} {name} AS {definition};")
        }
    }
}

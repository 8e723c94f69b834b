//! Database objects (extensions, sequences, functions, triggers, policies, ...) in a diff.
//!
//! Objects pair up by identity: kind, name, table, and the argument types of their signature
//! (a parameter's name or mode does not tell overloads apart). A pair whose definition differs
//! is replaced in place where the dialect allows it for the kind (a PostgreSQL function or
//! procedure whose arguments and result stay, a rule: `CREATE OR REPLACE`), otherwise dropped
//! and created again, and so is every object that depends on a recreated one (a trigger on a
//! function that is dropped and created again).
//!
//! Order: objects that belong to or name a table or view (triggers, rules, policies, a
//! `RETURNS SETOF film` function) and recreated objects are dropped first, after the views that
//! change (which take their own triggers along) and before renames and table drops (a trigger
//! goes before its table and its function); other dropped objects go after the tables (a
//! sequence, an extension or a domain a dropped table's column used). Created objects come
//! before the tables unless they name a table or view (a trigger, a `RETURNS SETOF film`
//! function), which wait for the tables, and those that name a view wait for the views. Within a
//! phase, what an object depends on comes first when creating and last when dropping.

use std::collections::{BTreeMap, BTreeSet};

use crate::dialect::Dialect;
use crate::model::{DbObject, ObjectKind, QualifiedName, RefKind, Schema};

use super::Change;
use super::order::{Phase, Phases};
use super::sequence::SequenceOptions;
use super::signature::identity_signature;

/// An object's identity across two schemas (and between a model and a database's catalog):
/// kind, name, the table it belongs to, and its signature with a PostgreSQL routine's arguments
/// reduced to their input types (`integer,text`; a MySQL routine has no overloads: none).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectIdentity {
    pub kind: ObjectKind,
    pub name: QualifiedName,
    pub table: Option<QualifiedName>,
    pub signature: Option<String>,
}

/// The identity of `object` (see [`ObjectIdentity`]).
pub fn object_identity(object: &DbObject) -> ObjectIdentity {
    let signature = object.signature.as_deref().and_then(|s| {
        if matches!(object.kind, ObjectKind::Function | ObjectKind::Procedure | ObjectKind::Aggregate) {
            identity_signature(s, object.kind, object.dialect)
        } else {
            Some(s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
        }
    });
    let table = object.table.clone().filter(|_| object.kind.on_table());
    ObjectIdentity { kind: object.kind, name: object.name.clone(), table, signature }
}

/// Whether two definitions create the same object: compared without whitespace, terminators,
/// `OR REPLACE` and `IF NOT EXISTS`, which only say how it was created. An extension is the same
/// extension in the same schema whatever version or `CASCADE` the statement asked for (the
/// server installs its default version, and recreating an extension whose types columns use
/// is refused).
pub fn same_definition(a: &DbObject, b: &DbObject) -> bool {
    if a.dialect != b.dialect {
        return false;
    }
    if a.kind == ObjectKind::Extension {
        return extension_schema(a) == extension_schema(b);
    }
    // A sequence is the same whichever way its options are spelled (`START 1` or none at all).
    if a.kind == ObjectKind::Sequence
        && let (Some(x), Some(y)) = (sequence_options(a), sequence_options(b))
    {
        let tail = |o: &DbObject| o.definition.iter().skip(1).map(|s| creation_words(s)).collect::<Vec<_>>();
        return x.alter_clauses() == y.alter_clauses() && tail(a) == tail(b);
    }
    definition_text(a) == definition_text(b)
}

/// The definition as compared: its statements without how they were created (see
/// [`same_definition`]), whitespace collapsed, joined by `;`.
pub fn definition_text(object: &DbObject) -> String {
    object.definition.iter().map(|s| creation_words(s)).collect::<Vec<_>>().join("; ")
}

/// A statement's words, its `CREATE` in capitals, without `OR REPLACE` after it and without
/// `IF NOT EXISTS`.
fn creation_words(statement: &str) -> String {
    let statement = statement.trim().trim_end_matches(';');
    let words: Vec<&str> = statement.split_whitespace().collect();
    let upper = |i: usize| words.get(i).map(|w| w.to_ascii_uppercase()).unwrap_or_default();
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if i == 1 && upper(0) == "CREATE" && upper(1) == "OR" && upper(2) == "REPLACE" {
            i += 2;
            continue;
        }
        if upper(i) == "IF" && upper(i + 1) == "NOT" && upper(i + 2) == "EXISTS" {
            i += 3;
            continue;
        }
        out.push(if i == 0 && upper(0) == "CREATE" { "CREATE" } else { words[i] });
        i += 1;
    }
    out.join(" ")
}

fn sequence_options(object: &DbObject) -> Option<SequenceOptions> {
    object.definition.first().and_then(|s| SequenceOptions::parse(s))
}

/// The schema an extension is created in (`WITH SCHEMA x` or `SCHEMA x`), `public` by default.
fn extension_schema(object: &DbObject) -> String {
    let text = object.definition.first().map(String::as_str).unwrap_or_default();
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("SCHEMA"))
        .and_then(|at| words.get(at + 1))
        .map(|w| w.trim_end_matches(';').trim_matches('"').to_string())
        .unwrap_or_else(|| "public".to_string())
}

/// The words of a PostgreSQL routine's `RETURNS` clause, lower-cased: `CREATE OR REPLACE`
/// cannot change a function's result type.
fn returns_clause(object: &DbObject) -> String {
    let Some(statement) = object.definition.first() else { return String::new() };
    // The header ends where the body starts (a dollar- or single-quoted string).
    let header = statement.split(['$', '\'']).next().unwrap_or_default();
    let words: Vec<String> = header.split_whitespace().map(str::to_lowercase).collect();
    let Some(at) = words.iter().position(|w| w == "returns") else { return String::new() };
    const ENDS: [&str; 17] = [
        "language",
        "as",
        "immutable",
        "stable",
        "volatile",
        "strict",
        "security",
        "cost",
        "rows",
        "set",
        "parallel",
        "window",
        "called",
        "leakproof",
        "support",
        "transform",
        "begin",
    ];
    words[at + 1..].iter().take_while(|w| !ENDS.contains(&w.as_str())).cloned().collect::<Vec<_>>().join(" ")
}

/// Whether `from` can become `to` in place: by `CREATE OR REPLACE`, PostgreSQL functions and
/// procedures with the same arguments (names included) and result, and rules; by `ALTER
/// SEQUENCE`, PostgreSQL sequences whose options change. MySQL has no `OR REPLACE`
/// for routines and triggers (MariaDB has), SQLite none at all; a PostgreSQL trigger is
/// dropped and created, which works before PostgreSQL 14 too.
fn replaceable_in_place(from: &DbObject, to: &DbObject) -> bool {
    if from.dialect != Dialect::Postgres || to.dialect != Dialect::Postgres || from.signature != to.signature {
        return false;
    }
    let creates =
        |o: &DbObject| o.definition.first().is_some_and(|s| s.trim_start().to_uppercase().starts_with("CREATE"));
    match to.kind {
        ObjectKind::Function | ObjectKind::Procedure => {
            creates(from) && creates(to) && returns_clause(from) == returns_clause(to)
        }
        ObjectKind::Rule => creates(to),
        // Altered, not recreated: its counter stays. What follows the CREATE (`OWNED BY`) must
        // not change.
        ObjectKind::Sequence => {
            let tail = |o: &DbObject| o.definition.iter().skip(1).map(|s| creation_words(s)).collect::<Vec<_>>();
            sequence_options(from).is_some() && sequence_options(to).is_some() && tail(from) == tail(to)
        }
        _ => false,
    }
}

/// What happens to the objects, before it is written as changes.
pub(super) struct ObjectPlan<'a> {
    from: &'a Schema,
    to: &'a Schema,
    /// Old objects only in `from`, by index.
    dropped: BTreeSet<usize>,
    /// New objects only in `to`, by index.
    created: BTreeSet<usize>,
    /// `(old, new)` pairs replaced in place.
    replaced: Vec<(usize, usize)>,
    /// `(old, new)` pairs dropped and created again.
    recreated: BTreeSet<(usize, usize)>,
    /// `(old, new)` pairs with the same definition.
    kept: Vec<(usize, usize)>,
    /// Views the migration drops (to create again or not): their triggers and rules go with them.
    dropped_views: BTreeSet<QualifiedName>,
}

/// Whether `object` names `target` among the things it depends on.
fn depends_on(object: &DbObject, target: &DbObject) -> bool {
    object.depends_on.iter().any(|r| r.kind == RefKind::Object(target.kind) && r.name == target.name)
}

impl<'a> ObjectPlan<'a> {
    pub(super) fn new(from: &'a Schema, to: &'a Schema) -> Self {
        let new_by_identity: BTreeMap<ObjectIdentity, usize> =
            to.objects.iter().enumerate().map(|(i, o)| (object_identity(o), i)).collect();
        let mut plan = ObjectPlan {
            from,
            to,
            dropped: BTreeSet::new(),
            created: BTreeSet::new(),
            replaced: Vec::new(),
            recreated: BTreeSet::new(),
            kept: Vec::new(),
            dropped_views: BTreeSet::new(),
        };
        let mut matched = BTreeSet::new();
        for (i, old) in from.objects.iter().enumerate() {
            match new_by_identity.get(&object_identity(old)) {
                Some(&j) if matched.insert(j) => {
                    let new = &to.objects[j];
                    if same_definition(old, new) {
                        plan.kept.push((i, j));
                    } else if replaceable_in_place(old, new) {
                        plan.replaced.push((i, j));
                    } else {
                        plan.recreated.insert((i, j));
                    }
                }
                _ => {
                    plan.dropped.insert(i);
                }
            }
        }
        plan.created = (0..to.objects.len()).filter(|j| !matched.contains(j)).collect();
        plan.cascade(|_| false);
        plan
    }

    /// Recreate every kept or replaced object that depends on a recreated one, or for which
    /// `also` holds (an object on a view that is dropped and created again).
    fn cascade(&mut self, also: impl Fn(&DbObject) -> bool) {
        loop {
            let recreated: Vec<&DbObject> = self.recreated.iter().map(|&(i, _)| &self.from.objects[i]).collect();
            let hit = |pair: &(usize, usize)| {
                let old = &self.from.objects[pair.0];
                also(old) || recreated.iter().any(|r| depends_on(old, r))
            };
            let moved: Vec<(usize, usize)> =
                self.kept.iter().chain(&self.replaced).copied().filter(|p| hit(p)).collect();
            if moved.is_empty() {
                return;
            }
            self.kept.retain(|p| !moved.contains(p));
            self.replaced.retain(|p| !moved.contains(p));
            self.recreated.extend(moved);
        }
    }

    /// The lower-case names of the objects dropped or created again: a view that mentions one
    /// must be dropped and created again too.
    pub(super) fn recreated_names(&self) -> BTreeSet<String> {
        self.recreated
            .iter()
            .map(|&(i, _)| i)
            .chain(self.dropped.iter().copied())
            .map(|i| self.from.objects[i].name.name.to_lowercase())
            .collect()
    }

    /// Objects on views that are dropped (and maybe created again) go with them: they are not
    /// dropped by themselves (the view's drop took them), and are created again after the view.
    pub(super) fn recreate_on_views(&mut self, views: BTreeSet<QualifiedName>) {
        if views.is_empty() {
            return;
        }
        self.cascade(|o| o.kind.on_table() && o.table.as_ref().is_some_and(|t| views.contains(t)));
        self.dropped_views = views;
    }

    /// Write the plan as changes.
    pub(super) fn push_changes(&self, out: &mut Phases) {
        self.push_drops(out);
        self.push_creates(out);
        for &(i, j) in &self.kept {
            let (old, new) = (&self.from.objects[i], &self.to.objects[j]);
            if old.comment != new.comment {
                out.push(
                    Phase::Comments,
                    Change::SetObjectComment { object: new.clone(), comment: new.comment.clone() },
                );
            }
        }
    }

    fn push_drops(&self, out: &mut Phases) {
        let objects = &self.from.objects;
        let going: BTreeSet<usize> =
            self.dropped.iter().copied().chain(self.recreated.iter().map(|&(i, _)| i)).collect();
        // Early: what waits for the tables when created (on a table, naming a table or view),
        // recreated objects, and what depends on an early one.
        let (after_tables, _) = waiting(objects);
        let mut early: BTreeSet<usize> = going
            .iter()
            .copied()
            .filter(|&i| after_tables.contains(&i) || self.recreated.iter().any(|&(o, _)| o == i))
            .collect();
        loop {
            let more: Vec<usize> = going
                .iter()
                .copied()
                .filter(|i| !early.contains(i))
                .filter(|&i| early.iter().any(|&e| depends_on(&objects[i], &objects[e])))
                .collect();
            if more.is_empty() {
                break;
            }
            early.extend(more);
        }
        let with_view =
            |o: &DbObject| o.kind.on_table() && o.table.as_ref().is_some_and(|t| self.dropped_views.contains(t));
        for i in dependency_order(objects, &going).into_iter().rev().filter(|&i| !with_view(&objects[i])) {
            let phase = if early.contains(&i) { Phase::DropTableObjects } else { Phase::DropObjects };
            out.push(phase, Change::DropObject(objects[i].clone()));
        }
    }

    fn push_creates(&self, out: &mut Phases) {
        let objects = &self.to.objects;
        let replaced: BTreeMap<usize, usize> = self.replaced.iter().map(|&(i, j)| (j, i)).collect();
        let coming: BTreeSet<usize> = self
            .created
            .iter()
            .copied()
            .chain(self.recreated.iter().map(|&(_, j)| j))
            .chain(replaced.keys().copied())
            .collect();
        let (after_tables, after_views) = waiting(objects);
        for j in dependency_order(objects, &coming) {
            let object = &objects[j];
            let phase = if after_views.contains(&j) {
                Phase::CreateViewObjects
            } else if after_tables.contains(&j) {
                Phase::CreateTableObjects
            } else {
                Phase::CreateObjects
            };
            match replaced.get(&j) {
                Some(&i) => {
                    out.push(phase, Change::ReplaceObject { from: self.from.objects[i].clone(), to: object.clone() })
                }
                None => {
                    out.push(phase, Change::CreateObject(object.clone()));
                    if object.has_tail() {
                        let phase = phase.max(Phase::CreateTableObjects);
                        out.push(phase, Change::CreateObjectTail(object.clone()));
                    }
                }
            }
        }
    }
}

/// The objects of `objects` that wait for the tables (they belong to one, or name a table or
/// view, or depend on such an object), and among them those that wait for the views.
fn waiting(objects: &[DbObject]) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let names_view = |o: &DbObject| o.depends_on.iter().any(|r| r.kind == RefKind::View);
    let names_table = |o: &DbObject| o.kind.on_table() || o.depends_on.iter().any(|r| r.kind == RefKind::Table);
    let spread = |seed: BTreeSet<usize>| {
        let mut set = seed;
        loop {
            let more: Vec<usize> = (0..objects.len())
                .filter(|i| !set.contains(i))
                .filter(|&i| set.iter().any(|&s| depends_on(&objects[i], &objects[s])))
                .collect();
            if more.is_empty() {
                return set;
            }
            set.extend(more);
        }
    };
    let after_views = spread((0..objects.len()).filter(|&i| names_view(&objects[i])).collect());
    let after_tables =
        spread((0..objects.len()).filter(|&i| names_table(&objects[i]) || after_views.contains(&i)).collect());
    (after_tables, after_views)
}

/// The objects of `among`, each after the objects (of `among`) it depends on, otherwise in
/// model order; a cycle is broken at its first object in model order.
fn dependency_order(objects: &[DbObject], among: &BTreeSet<usize>) -> Vec<usize> {
    let needs: BTreeMap<usize, Vec<usize>> = among
        .iter()
        .map(|&i| {
            let deps = among.iter().copied().filter(|&j| j != i && depends_on(&objects[i], &objects[j])).collect();
            (i, deps)
        })
        .collect();
    let mut done: BTreeSet<usize> = BTreeSet::new();
    let mut order = Vec::with_capacity(among.len());
    while order.len() < among.len() {
        let ready = among.iter().copied().find(|i| !done.contains(i) && needs[i].iter().all(|d| done.contains(d)));
        let next = ready.unwrap_or_else(|| among.iter().copied().find(|i| !done.contains(i)).expect("some remain"));
        done.insert(next);
        order.push(next);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_compare_without_how_they_were_created() {
        let o = |kind: ObjectKind, sql: &str| DbObject {
            kind,
            name: QualifiedName::new("x"),
            signature: None,
            table: None,
            dialect: Dialect::Postgres,
            definition: vec![sql.into()],
            depends_on: Vec::new(),
            comment: None,
            loc: Default::default(),
        };
        let f = |sql: &str| o(ObjectKind::Function, sql);
        assert!(same_definition(
            &f("CREATE FUNCTION x() RETURNS int AS 'select 1'"),
            &f("create or replace  FUNCTION x()\n RETURNS int AS 'select 1';")
        ));
        assert!(!same_definition(
            &f("CREATE FUNCTION x() RETURNS int AS 'select 1'"),
            &f("CREATE FUNCTION x() RETURNS int AS 'select 2'")
        ));
        let e = |sql: &str| o(ObjectKind::Extension, sql);
        assert!(same_definition(
            &e("CREATE EXTENSION IF NOT EXISTS citext"),
            &e("CREATE EXTENSION citext WITH SCHEMA public VERSION '1.6'")
        ));
        assert!(!same_definition(&e("CREATE EXTENSION citext"), &e("CREATE EXTENSION citext SCHEMA ext")));
    }

    #[test]
    fn returns_clause_stops_at_the_body_and_options() {
        let f = |sql: &str| DbObject {
            kind: ObjectKind::Function,
            name: QualifiedName::new("f"),
            signature: Some(String::new()),
            table: None,
            dialect: Dialect::Postgres,
            definition: vec![sql.into()],
            depends_on: Vec::new(),
            comment: None,
            loc: Default::default(),
        };
        assert_eq!(
            returns_clause(&f("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ returns x $$")),
            "trigger"
        );
        assert_eq!(
            returns_clause(&f("CREATE FUNCTION f() RETURNS SETOF film AS 'select 1' LANGUAGE sql")),
            "setof film"
        );
        assert!(replaceable_in_place(
            &f("CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql"),
            &f("CREATE FUNCTION f() RETURNS int AS 'select 2' LANGUAGE sql")
        ));
        assert!(!replaceable_in_place(
            &f("CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql"),
            &f("CREATE FUNCTION f() RETURNS bigint AS 'select 2' LANGUAGE sql")
        ));
    }
}

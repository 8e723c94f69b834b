//! What depends on what: the names an object's definition, a view's query or a table's
//! defaults, checks and types refer to, found by scanning their SQL for identifiers. The SQL
//! backend orders its statements by these, so a function is created before the table whose
//! default calls it and a trigger after its table and its function.

use std::collections::{BTreeSet, HashMap};

use crate::dialect::Dialect;
use crate::model::{DbObject, ObjectKind, ObjectRef, QualifiedName, RefKind, Schema, Table, View};
use crate::read::sql::referenced_words;

/// Every name a piece of SQL mentions, as lower-case last parts (`public.film` gives `film`),
/// plus the names quoted in `'seq'::regclass` and `nextval('seq')`. String bodies are skipped
/// unless `with_bodies` (a LANGUAGE sql function's body is checked when it is created).
pub fn mentioned(sql: &str, dialect: Dialect, with_bodies: bool) -> BTreeSet<String> {
    referenced_words(sql, dialect, with_bodies)
}

/// An index of the schema's named things, to resolve mentioned names to references.
pub struct NameIndex {
    by_name: HashMap<String, Vec<ObjectRef>>,
}

impl NameIndex {
    pub fn new(schema: &Schema) -> Self {
        let mut by_name: HashMap<String, Vec<ObjectRef>> = HashMap::new();
        let mut add = |name: &QualifiedName, kind: RefKind| {
            by_name.entry(name.name.to_lowercase()).or_default().push(ObjectRef { kind, name: name.clone() });
        };
        for t in &schema.tables {
            add(&t.name, RefKind::Table);
        }
        for v in &schema.views {
            add(&v.name, RefKind::View);
        }
        for e in &schema.enums {
            add(&e.name, RefKind::Enum);
        }
        for o in &schema.objects {
            // Triggers, rules and policies are never referred to by other definitions.
            if !o.kind.on_table() {
                add(&o.name, RefKind::Object(o.kind));
            }
        }
        Self { by_name }
    }

    /// The references among `names`, leaving out `itself`.
    pub fn resolve(&self, names: &BTreeSet<String>, itself: Option<&ObjectRef>) -> Vec<ObjectRef> {
        let mut out: Vec<ObjectRef> = names
            .iter()
            .filter_map(|n| self.by_name.get(n))
            .flatten()
            .filter(|r| Some(*r) != itself)
            .cloned()
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// Whether an object's string bodies are checked at creation, so what they name must exist
/// first: PostgreSQL `LANGUAGE sql` functions (not plpgsql, whose bodies are checked when run).
fn bodies_checked(object: &DbObject) -> bool {
    if object.dialect != Dialect::Postgres
        || !matches!(object.kind, ObjectKind::Function | ObjectKind::Procedure | ObjectKind::Aggregate)
    {
        return false;
    }
    let text = object.definition.join(" ").to_ascii_lowercase();
    text.contains("language sql") || text.contains("language 'sql'")
}

/// Fill [`DbObject::depends_on`] for every object from its definition (and its table).
pub fn resolve_object_dependencies(schema: &mut Schema) {
    let index = NameIndex::new(schema);
    let resolved: Vec<Vec<ObjectRef>> = schema
        .objects
        .iter()
        .map(|o| {
            let itself = ObjectRef { kind: RefKind::Object(o.kind), name: o.name.clone() };
            let mut names = BTreeSet::new();
            // A sequence is created before the tables that draw from it; its `OWNED BY` comes
            // after them, so only its CREATE counts.
            let statements = if o.kind == ObjectKind::Sequence {
                &o.definition[..1.min(o.definition.len())]
            } else {
                &o.definition[..]
            };
            for statement in statements {
                names.extend(mentioned(statement, o.dialect, bodies_checked(o)));
            }
            let mut refs = index.resolve(&names, Some(&itself));
            if let Some(table) = o.table.as_ref().filter(|_| o.kind != ObjectKind::Sequence) {
                let kind = if schema.view(table).is_some() { RefKind::View } else { RefKind::Table };
                refs.push(ObjectRef { kind, name: table.clone() });
            }
            refs.sort();
            refs.dedup();
            refs
        })
        .collect();
    for (object, refs) in schema.objects.iter_mut().zip(resolved) {
        object.depends_on = refs;
    }
}

/// What a table needs to exist first besides other tables: the types, domains, sequences and
/// functions its columns' types, defaults, checks, generated expressions and indexes name.
pub fn table_dependencies(table: &Table, dialect: Dialect, index: &NameIndex) -> Vec<ObjectRef> {
    let mut names = BTreeSet::new();
    for column in &table.columns {
        names.extend(mentioned(&column.declared_type, dialect, false));
        if let Some(crate::model::ColumnDefault::Expression { sql }) = &column.default {
            names.extend(mentioned(sql, dialect, false));
        }
        if let Some(generated) = &column.generated {
            names.extend(mentioned(&generated.expression, dialect, false));
        }
        if let Some(collation) = &column.collation {
            names.extend(mentioned(collation, dialect, false));
        }
    }
    for check in &table.checks {
        names.extend(mentioned(&check.expression, dialect, false));
    }
    for ix in &table.indexes {
        for part in &ix.parts {
            if let crate::model::IndexKey::Expression(e) = &part.key {
                names.extend(mentioned(e, dialect, false));
            }
            if let Some(opclass) = &part.opclass {
                names.extend(mentioned(opclass, dialect, false));
            }
        }
        if let Some(p) = &ix.predicate {
            names.extend(mentioned(p, dialect, false));
        }
    }
    let itself = ObjectRef { kind: RefKind::Table, name: table.name.clone() };
    index
        .resolve(&names, Some(&itself))
        .into_iter()
        .filter(|r| !matches!(r.kind, RefKind::Table | RefKind::View))
        .collect()
}

/// What a view's query names: tables, views and functions.
pub fn view_dependencies(view: &View, dialect: Dialect, index: &NameIndex) -> Vec<ObjectRef> {
    let mut names = mentioned(&view.definition, dialect, false);
    for ix in &view.indexes {
        for part in &ix.parts {
            if let Some(opclass) = &part.opclass {
                names.extend(mentioned(opclass, dialect, false));
            }
        }
    }
    let itself = ObjectRef { kind: RefKind::View, name: view.name.clone() };
    index.resolve(&names, Some(&itself))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_outside_strings_and_in_regclass_literals() {
        let names = mentioned(
            "DEFAULT nextval('public.actor_actor_id_seq'::regclass) CHECK (public.last_day(x) > 'film')",
            Dialect::Postgres,
            false,
        );
        assert!(names.contains("actor_actor_id_seq"));
        assert!(names.contains("last_day"));
        assert!(!names.contains("film"), "{names:?}");
        let body = mentioned("AS $$ SELECT * FROM film $$ LANGUAGE sql", Dialect::Postgres, true);
        assert!(body.contains("film"));
    }
}

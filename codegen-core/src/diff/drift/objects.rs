//! Database objects (functions, triggers, extensions, ...) compared between the model a
//! migration's SQL describes and the one read back from the database: paired by identity (kind,
//! name, table, argument types), and, where both sides keep the statements as written (SQLite
//! stores them verbatim), by definition too.

use std::collections::BTreeMap;

use crate::diff::{ObjectIdentity, definition_text, object_identity, same_definition};
use crate::model::{DbObject, ObjectKind, Schema};

use super::Drift;

/// How far objects are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ObjectComparison {
    /// Not compared: the found schema was read without them.
    #[default]
    Skip,
    /// Each expected object of these kinds is found, and nothing else of them: by identity (the
    /// kinds a live server's introspection reads).
    Identity(&'static [ObjectKind]),
    /// By identity, and the definitions agree (whitespace, terminators, `OR REPLACE` and
    /// `IF NOT EXISTS` aside): for a database that keeps the statements as written (SQLite).
    Definition,
}

fn by_identity(schema: &Schema) -> BTreeMap<ObjectIdentity, &DbObject> {
    schema.objects.iter().map(|o| (object_identity(o), o)).collect()
}

pub(super) fn compare_objects(expected: &Schema, found: &Schema, how: ObjectComparison, drifts: &mut Vec<Drift>) {
    if how == ObjectComparison::Skip {
        return;
    }
    let (mut want, mut have) = (by_identity(expected), by_identity(found));
    if let ObjectComparison::Identity(kinds) = how {
        want.retain(|identity, _| kinds.contains(&identity.kind));
        have.retain(|identity, _| kinds.contains(&identity.kind));
    }
    for (identity, object) in &want {
        match have.get(identity) {
            None => drifts.push(Drift::missing(object.describe(), "an object")),
            Some(other) if how == ObjectComparison::Definition && !same_definition(object, other) => drifts
                .push(Drift::differs(object.describe(), "definition", definition_text(object), definition_text(other))),
            Some(_) => {}
        }
    }
    for (identity, object) in &have {
        if !want.contains_key(identity) {
            drifts.push(Drift::unexpected(object.describe(), "an object"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Dialect;
    use crate::model::{ObjectKind, QualifiedName};

    use super::*;

    fn trigger(sql: &str) -> DbObject {
        DbObject {
            kind: ObjectKind::Trigger,
            name: QualifiedName::new("t"),
            signature: None,
            table: Some(QualifiedName::new("items")),
            dialect: Dialect::Sqlite,
            definition: vec![sql.into()],
            depends_on: Vec::new(),
            comment: None,
            loc: Default::default(),
        }
    }

    fn schema(objects: Vec<DbObject>) -> Schema {
        Schema { objects, ..Schema::default() }
    }

    #[test]
    fn objects_pair_by_identity_and_definitions_compare_as_written() {
        let a = schema(vec![trigger("CREATE TRIGGER t AFTER INSERT ON items BEGIN SELECT 1; END;")]);
        let same = schema(vec![trigger("CREATE TRIGGER IF NOT EXISTS t\n  AFTER INSERT ON items BEGIN SELECT 1; END")]);
        let changed = schema(vec![trigger("CREATE TRIGGER t AFTER INSERT ON items BEGIN SELECT 2; END")]);
        let mut drifts = Vec::new();
        compare_objects(&a, &same, ObjectComparison::Definition, &mut drifts);
        assert_eq!(drifts, []);
        compare_objects(&a, &changed, ObjectComparison::Identity(&[ObjectKind::Trigger]), &mut drifts);
        assert_eq!(drifts, []);
        compare_objects(&a, &changed, ObjectComparison::Definition, &mut drifts);
        assert_eq!(drifts.len(), 1);
        assert_eq!(drifts[0].what, "definition");
        drifts.clear();
        compare_objects(&a, &schema(Vec::new()), ObjectComparison::Identity(&[ObjectKind::Trigger]), &mut drifts);
        compare_objects(&schema(Vec::new()), &a, ObjectComparison::Identity(&[ObjectKind::Trigger]), &mut drifts);
        let text: Vec<String> = drifts.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "`trigger t on items` is missing (expected an object)",
                "`trigger t on items` should not exist (found an object)"
            ]
        );
        drifts.clear();
        compare_objects(&a, &schema(Vec::new()), ObjectComparison::Skip, &mut drifts);
        assert_eq!(drifts, []);
    }
}

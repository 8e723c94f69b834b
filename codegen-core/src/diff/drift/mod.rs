//! Comparing two models object by object, so that `codegen verify` can say what drifted where.
//! It sits beside the diff: the diff says how to go from one model to another, this says where a
//! database read back differs from the model the migrations describe.
//!
//! Source locations never take part (the model's equality already ignores them), and neither does
//! a column's declared type: it is the spelling of the source (`int4` read back from PostgreSQL
//! for `integer` in a migration), while the neutral type is compared. A constraint the SQL left
//! unnamed matches whatever name the database gave it (`users_pkey`, `posts_user_id_fkey`).
//! Check expressions, view queries, index predicates and index expressions are compared by what
//! stands for them (a check's name, a view's columns, an index's name and columns), not by their
//! text, which the server respells.

use std::fmt;

use crate::model::{CheckConstraint, Column, ForeignKey, Index, IndexKey, PrimaryKey, Schema, Table, UniqueConstraint};
use serde::Serialize;

mod objects;

pub use objects::ObjectComparison;
use objects::compare_objects;

/// One difference between the schema expected and the schema found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The object: `table`, `table.column`, `table (index name)`, `enum name`, `view name`.
    pub object: String,
    /// What differs: `missing`, `unexpected`, `type`, `nullable`, `default`, ...
    pub what: String,
    /// The expected value, when there is one to show.
    pub expected: Option<String>,
    /// The value found, when there is one to show.
    pub found: Option<String>,
}

impl Drift {
    fn missing(object: impl Into<String>, expected: impl Into<String>) -> Self {
        Self { object: object.into(), what: "missing".into(), expected: Some(expected.into()), found: None }
    }

    fn unexpected(object: impl Into<String>, found: impl Into<String>) -> Self {
        Self { object: object.into(), what: "unexpected".into(), expected: None, found: Some(found.into()) }
    }

    fn differs(object: impl Into<String>, what: &str, expected: String, found: String) -> Self {
        Self { object: object.into(), what: what.into(), expected: Some(expected), found: Some(found) }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.what.as_str(), &self.expected, &self.found) {
            ("missing", Some(expected), _) => write!(f, "`{}` is missing (expected {expected})", self.object),
            ("unexpected", _, Some(found)) => write!(f, "`{}` should not exist (found {found})", self.object),
            (what, Some(expected), Some(found)) => {
                write!(f, "`{}`: {what} differs: expected {expected}, found {found}", self.object)
            }
            (what, _, _) => write!(f, "`{}`: {what} differs", self.object),
        }
    }
}

fn show<T: Serialize + fmt::Debug>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("{value:?}"))
}

/// Every difference between `expected` and `found`, in a stable order (tables, then enums, then
/// views; within a table columns, then keys, constraints and indexes). Database objects are not
/// compared: see [`compare_schemas_with`].
pub fn compare_schemas(expected: &Schema, found: &Schema) -> Vec<Drift> {
    compare_schemas_with(expected, found, ObjectComparison::Skip)
}

/// [`compare_schemas`], and the database objects (functions, triggers, ...) after the views,
/// as far as `objects` says: the found schema must have been read with them.
pub fn compare_schemas_with(expected: &Schema, found: &Schema, objects: ObjectComparison) -> Vec<Drift> {
    let mut drifts = compare_tables_enums_views(expected, found);
    compare_objects(expected, found, objects, &mut drifts);
    drifts
}

fn compare_tables_enums_views(expected: &Schema, found: &Schema) -> Vec<Drift> {
    let mut drifts = Vec::new();
    for table in &expected.tables {
        match found.table(&table.name) {
            Some(other) => compare_tables(table, other, &mut drifts),
            None => drifts.push(Drift::missing(table.name.to_string(), "a table")),
        }
    }
    for table in &found.tables {
        if expected.table(&table.name).is_none() {
            drifts.push(Drift::unexpected(table.name.to_string(), "a table"));
        }
    }
    for item in &expected.enums {
        match found.enum_type(&item.name) {
            Some(other) if other.values != item.values => drifts.push(Drift::differs(
                format!("enum {}", item.name),
                "values",
                show(&item.values),
                show(&other.values),
            )),
            Some(_) => {}
            None => drifts.push(Drift::missing(format!("enum {}", item.name), show(&item.values))),
        }
    }
    for item in &found.enums {
        if expected.enum_type(&item.name).is_none() {
            drifts.push(Drift::unexpected(format!("enum {}", item.name), show(&item.values)));
        }
    }
    for view in &expected.views {
        match found.view(&view.name) {
            Some(other) => {
                // The query text is the server's spelling (PostgreSQL qualifies every column), so
                // the view's output columns stand for it.
                let names = |v: &crate::model::View| v.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
                if names(view) != names(other) {
                    drifts.push(Drift::differs(
                        format!("view {}", view.name),
                        "columns",
                        show(&names(view)),
                        show(&names(other)),
                    ));
                }
                if other.materialized != view.materialized {
                    drifts.push(Drift::differs(
                        format!("view {}", view.name),
                        "materialized",
                        view.materialized.to_string(),
                        other.materialized.to_string(),
                    ));
                }
            }
            None => drifts.push(Drift::missing(format!("view {}", view.name), "a view")),
        }
    }
    for view in &found.views {
        if expected.view(&view.name).is_none() {
            drifts.push(Drift::unexpected(format!("view {}", view.name), "a view"));
        }
    }
    drifts
}

fn compare_tables(expected: &Table, found: &Table, drifts: &mut Vec<Drift>) {
    let table = expected.name.to_string();
    for column in &expected.columns {
        let object = format!("{table}.{}", column.name);
        match found.column(&column.name) {
            Some(other) => compare_columns(&object, column, other, drifts),
            None => drifts.push(Drift::missing(object, format!("a column of type {}", column.declared_type))),
        }
    }
    for column in &found.columns {
        if expected.column(&column.name).is_none() {
            drifts.push(Drift::unexpected(
                format!("{table}.{}", column.name),
                format!("a column of type {}", column.declared_type),
            ));
        }
    }
    let names = |t: &Table| t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    let (expected_order, found_order) = (names(expected), names(found));
    let same_set = expected_order.len() == found_order.len()
        && expected_order.iter().all(|n| found_order.contains(n))
        && expected_order != found_order;
    if same_set {
        drifts.push(Drift::differs(table.clone(), "column order", show(&expected_order), show(&found_order)));
    }
    let same_key = match (&expected.primary_key, &found.primary_key) {
        (Some(a), Some(b)) => a.matches(b),
        (None, None) => true,
        _ => false,
    };
    if !same_key {
        drifts.push(Drift::differs(
            table.clone(),
            "primary key",
            show(&expected.primary_key),
            show(&found.primary_key),
        ));
    }
    compare_sets(&table, "foreign key", &expected.foreign_keys, &found.foreign_keys, drifts);
    compare_sets(&table, "unique constraint", &expected.uniques, &found.uniques, drifts);
    compare_checks(&table, &expected.checks, &found.checks, drifts);
    compare_sets(&table, "index", &expected.indexes, &found.indexes, drifts);
    if expected.comment != found.comment {
        drifts.push(Drift::differs(table, "comment", show(&expected.comment), show(&found.comment)));
    }
}

fn compare_columns(object: &str, expected: &Column, found: &Column, drifts: &mut Vec<Drift>) {
    if expected.ty != found.ty {
        drifts.push(Drift::differs(object, "type", show(&expected.ty), show(&found.ty)));
    }
    if expected.nullable != found.nullable {
        drifts.push(Drift::differs(object, "nullable", expected.nullable.to_string(), found.nullable.to_string()));
    }
    if expected.default != found.default {
        drifts.push(Drift::differs(object, "default", show(&expected.default), show(&found.default)));
    }
    if expected.generated != found.generated {
        drifts.push(Drift::differs(object, "generated expression", show(&expected.generated), show(&found.generated)));
    }
    if expected.comment != found.comment {
        drifts.push(Drift::differs(object, "comment", show(&expected.comment), show(&found.comment)));
    }
}

/// A constraint whose name the database may choose when the SQL gives none.
trait Named: PartialEq + Clone {
    fn name_mut(&mut self) -> Option<&mut Option<String>>;

    /// Equal, where a missing name in `self` (the expected side) matches any name.
    fn matches(&self, found: &Self) -> bool {
        let mut found = found.clone();
        let mut this = self.clone();
        if let (Some(mine), Some(theirs)) = (this.name_mut(), found.name_mut())
            && mine.is_none()
        {
            *theirs = None;
        }
        this == found
    }
}

impl Named for PrimaryKey {
    fn name_mut(&mut self) -> Option<&mut Option<String>> {
        Some(&mut self.name)
    }
}

impl Named for ForeignKey {
    fn name_mut(&mut self) -> Option<&mut Option<String>> {
        Some(&mut self.name)
    }
}

impl Named for UniqueConstraint {
    fn name_mut(&mut self) -> Option<&mut Option<String>> {
        Some(&mut self.name)
    }
}

impl Named for Index {
    fn name_mut(&mut self) -> Option<&mut Option<String>> {
        None
    }

    /// Name, columns, order, uniqueness and method must agree; a predicate or an expression key
    /// only has to be there, since the server respells its text
    /// (`status = 'running'` comes back as `status = 'running'::experiment_status`).
    fn matches(&self, found: &Self) -> bool {
        let blur = |index: &Index| {
            let mut index = index.clone();
            index.predicate = index.predicate.map(|_| String::new());
            for part in &mut index.parts {
                if let IndexKey::Expression(text) = &mut part.key {
                    text.clear();
                }
            }
            index
        };
        blur(self) == blur(found)
    }
}

/// Check constraints pair up by name; the expression text is not compared, because a server
/// stores its own spelling (PostgreSQL writes `x BETWEEN 0 AND 100` back as
/// `(x >= 0) AND (x <= 100)`). Unnamed expected checks pair with the found checks left over,
/// so only a different number of checks is drift.
fn compare_checks(table: &str, expected: &[CheckConstraint], found: &[CheckConstraint], drifts: &mut Vec<Drift>) {
    let object = format!("{table} (check constraint)");
    let named = |c: &CheckConstraint, others: &[CheckConstraint]| {
        c.name.as_ref().is_some_and(|n| others.iter().any(|o| o.name.as_ref() == Some(n)))
    };
    let expected_left: Vec<&CheckConstraint> = expected.iter().filter(|c| !named(c, found)).collect();
    let found_left: Vec<&CheckConstraint> = found.iter().filter(|c| !named(c, expected)).collect();
    // A named expected check whose name is not found is missing, whatever else is there.
    for check in expected_left.iter().filter(|c| c.name.is_some()) {
        drifts.push(Drift::missing(object.clone(), show(check)));
    }
    let unnamed = expected_left.iter().filter(|c| c.name.is_none()).count();
    if found_left.len() > unnamed {
        for check in &found_left[unnamed..] {
            drifts.push(Drift::unexpected(object.clone(), show(check)));
        }
    }
    if found_left.len() < unnamed {
        for check in expected_left.iter().filter(|c| c.name.is_none()).skip(found_left.len()) {
            drifts.push(Drift::missing(object.clone(), show(check)));
        }
    }
}

/// Constraints and indexes compare as sets: the order a reader lists them in means nothing.
fn compare_sets<T: Named + Serialize + fmt::Debug>(
    table: &str,
    kind: &str,
    expected: &[T],
    found: &[T],
    drifts: &mut Vec<Drift>,
) {
    for item in expected {
        if !found.iter().any(|f| item.matches(f)) {
            drifts.push(Drift::missing(format!("{table} ({kind})"), show(item)));
        }
    }
    for item in found {
        if !expected.iter().any(|e| e.matches(item)) {
            drifts.push(Drift::unexpected(format!("{table} ({kind})"), show(item)));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{ColumnType, IndexPart};

    use super::*;

    fn schema(columns: &[(&str, bool)]) -> Schema {
        let mut table = Table::new("users");
        for (name, nullable) in columns {
            let mut column = Column::new(*name, ColumnType::TEXT, "text");
            column.nullable = *nullable;
            table.columns.push(column);
        }
        Schema { tables: vec![table], ..Schema::default() }
    }

    #[test]
    fn equal_models_have_no_drift() {
        let a = schema(&[("id", false), ("email", true)]);
        assert_eq!(compare_schemas(&a, &a.clone()), []);
    }

    #[test]
    fn declared_type_spelling_is_not_drift() {
        let a = schema(&[("id", false)]);
        let mut b = a.clone();
        b.tables[0].columns[0].declared_type = "TEXT".into();
        assert_eq!(compare_schemas(&a, &b), []);
    }

    #[test]
    fn unnamed_constraints_match_the_names_the_database_chose() {
        let mut a = schema(&[("id", false)]);
        a.tables[0].primary_key = Some(PrimaryKey { name: None, columns: vec!["id".into()] });
        let mut b = a.clone();
        b.tables[0].primary_key = Some(PrimaryKey { name: Some("users_pkey".into()), columns: vec!["id".into()] });
        assert_eq!(compare_schemas(&a, &b), []);
        assert_eq!(compare_schemas(&b, &a).len(), 1, "a name the SQL gave must be there");
    }

    #[test]
    fn checks_pair_by_name_and_unnamed_ones_by_count() {
        let check = |name: Option<&str>, expression: &str| CheckConstraint {
            name: name.map(String::from),
            expression: expression.into(),
            column: None,
            loc: Default::default(),
        };
        let mut a = schema(&[("n", false)]);
        a.tables[0].checks = vec![check(Some("n_small"), "n BETWEEN 0 AND 9"), check(None, "n <> 5")];
        let mut b = a.clone();
        b.tables[0].checks =
            vec![check(Some("n_small"), "(n >= 0) AND (n <= 9)"), check(Some("users_n_check"), "(n <> 5)")];
        assert_eq!(compare_schemas(&a, &b), []);
        b.tables[0].checks.pop();
        assert_eq!(compare_schemas(&a, &b).len(), 1);
        b.tables[0].checks = vec![check(Some("other"), "n > 0"), check(None, "n <> 5")];
        let drifts = compare_schemas(&a, &b);
        assert!(drifts.iter().any(|d| d.what == "missing" && d.expected.as_deref().unwrap().contains("n_small")));
    }

    #[test]
    fn each_difference_names_its_object() {
        let a = schema(&[("id", false), ("email", true)]);
        let mut b = schema(&[("id", true), ("name", true)]);
        b.tables[0].indexes.push(Index {
            name: "users_name".into(),
            unique: false,
            parts: vec![IndexPart::column("name")],
            method: None,
            predicate: None,
            include: Vec::new(),
            mysql_only_since: None,
            loc: Default::default(),
        });
        let text: Vec<String> = compare_schemas(&a, &b).iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "`users.id`: nullable differs: expected false, found true",
                "`users.email` is missing (expected a column of type text)",
                "`users.name` should not exist (found a column of type text)",
                "`users (index)` should not exist (found {\"name\":\"users_name\",\"parts\":[{\"key\":{\"column\":\"name\"}}]})",
            ]
        );
    }
}

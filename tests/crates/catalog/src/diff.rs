//! How two snapshots differ, as a list a reader can act on.
//!
//! Both sides are walked as JSON trees (the serialised [`Catalog`]): an object only one side has
//! is reported once, at its top (`table public.album: only in the original`), not leaf by leaf;
//! a value both have is reported when it differs. Arrays are values (a key's column order is
//! meaningful), so they compare whole.

use std::fmt;

use serde_json::Value;

use crate::Catalog;

/// One difference between the two sides, called `left` (the original) and `right` (codegen's
/// output) in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// Where, in words: `["table public.album", "column title", "type"]`.
    pub path: Vec<String>,
    /// The left side's value, `None` when only the right side has it.
    pub left: Option<String>,
    /// The right side's value, `None` when only the left side has it.
    pub right: Option<String>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.join(" › ");
        match (&self.left, &self.right) {
            (Some(left), Some(right)) => write!(f, "{path}: {left} ≠ {right}"),
            (Some(left), None) => write!(f, "{path}: only in the original ({})", shorten(left)),
            (None, Some(right)) => write!(f, "{path}: only in the output ({})", shorten(right)),
            (None, None) => write!(f, "{path}: differs"),
        }
    }
}

/// The differences between two catalogs, in a stable order (by path).
pub fn diff(left: &Catalog, right: &Catalog) -> Vec<Difference> {
    let left = serde_json::to_value(left).expect("a catalog serialises");
    let right = serde_json::to_value(right).expect("a catalog serialises");
    diff_json(&left, &right)
}

/// The differences between two JSON trees (two catalogs, or two codegen models).
pub fn diff_json(left: &Value, right: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(&mut Vec::new(), None, left, right, &mut out);
    out
}

fn walk(path: &mut Vec<String>, parent: Option<&str>, left: &Value, right: &Value, out: &mut Vec<Difference>) {
    match (left, right) {
        (Value::Object(l), Value::Object(r)) => {
            let mut keys: Vec<&String> = l.keys().chain(r.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                path.push(label(parent, key));
                match (l.get(key), r.get(key)) {
                    (Some(a), Some(b)) => walk(path, Some(key), a, b, out),
                    (a, b) => out.push(Difference { path: visible(path), left: a.map(render), right: b.map(render) }),
                }
                path.pop();
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Difference { path: visible(path), left: Some(render(a)), right: Some(render(b)) }),
    }
}

/// The collections whose entries are labelled with their kind (`table public.album`).
const COLLECTIONS: &[(&str, &str)] = &[
    ("schemas", "schema"),
    ("tables", "table"),
    ("views", "view"),
    ("sequences", "sequence"),
    ("routines", "routine"),
    ("triggers", "trigger"),
    ("types", "type"),
    ("extensions", "extension"),
    ("operators", "operator"),
    ("policies", "policy"),
    ("rules", "rule"),
    ("columns", "column"),
    ("foreign_keys", "foreign key"),
    ("uniques", "unique"),
    ("checks", "check"),
    ("exclusions", "exclusion"),
    ("indexes", "index"),
    ("options", "option"),
    ("column_comments", "comment on column"),
];

/// The path without the collections' own names, which the entries' labels repeat; a collection
/// one side lacks entirely keeps its name.
fn visible(path: &[String]) -> Vec<String> {
    let last = path.len().saturating_sub(1);
    path.iter()
        .enumerate()
        .filter(|(i, part)| *i == last || !COLLECTIONS.iter().any(|(name, _)| name.replace('_', " ") == **part))
        .map(|(_, part)| part.clone())
        .collect()
}

/// `key` in words: an entry of a named collection reads `table public.album`, a field reads as
/// its name.
fn label(parent: Option<&str>, key: &str) -> String {
    match COLLECTIONS.iter().find(|(name, _)| Some(*name) == parent) {
        Some((_, kind)) => format!("{kind} {key}"),
        None => key.replace('_', " "),
    }
}

fn render(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => format!("[{}]", items.iter().map(render).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// A whole object's JSON is long: its first 120 characters say enough.
fn shorten(text: &str) -> String {
    const LIMIT: usize = 120;
    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Column, Object, Table};

    fn album(ty: &str) -> Catalog {
        let mut table = Table::default();
        table
            .columns
            .insert("title".into(), Column { position: 1, ty: ty.into(), nullable: false, ..Column::default() });
        let mut catalog = Catalog::default();
        catalog.tables.insert("public.album".into(), table);
        catalog
    }

    #[test]
    fn equal_catalogs_have_no_differences() {
        assert_eq!(diff(&album("text"), &album("text")), []);
    }

    #[test]
    fn a_changed_type_is_one_difference_in_words() {
        let differences = diff(&album("character varying(160)"), &album("text"));
        let listed: Vec<String> = differences.iter().map(ToString::to_string).collect();
        assert_eq!(listed, ["table public.album › column title › type: character varying(160) ≠ text"]);
    }

    #[test]
    fn a_missing_object_is_reported_once_at_its_top() {
        let mut right = album("text");
        right.triggers.insert("t on public.album".into(), Object::new("CREATE TRIGGER t ..."));
        let listed: Vec<String> = diff(&album("text"), &right).iter().map(ToString::to_string).collect();
        assert_eq!(
            listed,
            ["triggers: only in the output ({\"t on public.album\":{\"definition\":\"CREATE TRIGGER t ...\"}})"]
        );
        right.triggers.insert("u on public.album".into(), Object::new("x"));
        let mut left = album("text");
        left.triggers.insert("u on public.album".into(), Object::new("x"));
        let listed: Vec<String> = diff(&left, &right).iter().map(ToString::to_string).collect();
        assert_eq!(
            listed,
            ["trigger t on public.album: only in the output ({\"definition\":\"CREATE TRIGGER t ...\"})"]
        );
    }
}

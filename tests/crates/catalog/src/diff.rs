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
        // A list of objects (a codegen model's tables, columns, keys) compares entry by entry,
        // each known by its name: one changed column is one difference, not the whole list.
        (Value::Array(l), Value::Array(r)) if l != r && is_records(l) && is_records(r) => {
            walk(path, parent, &Value::Object(keyed(l)), &Value::Object(keyed(r)), out);
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Difference { path: visible(path), left: Some(render(a)), right: Some(render(b)) }),
    }
}

fn is_records(items: &[Value]) -> bool {
    !items.is_empty() && items.iter().all(Value::is_object)
}

/// A list of objects as a map: each keyed by its kind, name, signature and table where it has
/// them, else by its columns, else by its place; repeated keys get their place appended.
fn keyed(items: &[Value]) -> serde_json::Map<String, Value> {
    let text = |value: &Value| match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => {
            let name = o.get("name")?.as_str()?;
            Some(match o.get("schema").and_then(Value::as_str) {
                Some(schema) => format!("{schema}.{name}"),
                None => name.to_owned(),
            })
        }
        _ => None,
    };
    let mut map = serde_json::Map::new();
    for (i, item) in items.iter().enumerate() {
        let mut key = match item.get("name").and_then(text) {
            Some(name) => name,
            None => match item.get("columns").and_then(Value::as_array) {
                Some(columns) => format!("({})", columns.iter().filter_map(text).collect::<Vec<_>>().join(", ")),
                None => format!("#{}", i + 1),
            },
        };
        if let Some(kind) = item.get("kind").and_then(Value::as_str) {
            key = format!("{kind} {key}");
        }
        if let Some(signature) = item.get("signature").and_then(Value::as_str) {
            key = format!("{key}({signature})");
        }
        if let Some(table) = item.get("table").and_then(text) {
            key = format!("{key} on {table}");
        }
        if map.contains_key(&key) {
            key = format!("{key} #{}", i + 1);
        }
        map.insert(key, item.clone());
    }
    map
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
    ("enums", "enum"),
    ("objects", "object"),
    ("parts", "part"),
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
    fn lists_of_named_objects_compare_by_name() {
        let left = serde_json::json!({"tables": [{"name": {"name": "t"}, "columns": [
            {"name": "id", "declared_type": "INTEGER"}, {"name": "title", "declared_type": "NVARCHAR(10)"}]}]});
        let right = serde_json::json!({"tables": [{"name": {"name": "t"}, "columns": [
            {"name": "id", "declared_type": "INTEGER"}, {"name": "title", "declared_type": "VARCHAR(10)"}]}]});
        let listed: Vec<String> = diff_json(&left, &right).iter().map(ToString::to_string).collect();
        assert_eq!(listed, ["table t › column title › declared type: NVARCHAR(10) ≠ VARCHAR(10)"]);
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

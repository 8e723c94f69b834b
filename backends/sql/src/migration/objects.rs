//! Database objects in a migration: created from their definition, dropped by the statement
//! their dialect and kind take, replaced with `CREATE OR REPLACE` where the diff found that
//! possible. An object of another dialect is left out with a warning.

use codegen_core::diff::SequenceOptions;
use codegen_core::{DbObject, Dialect, ObjectKind};

use crate::objects::{comment_statement, drop_statement, object_statements, writable};

use super::writer::Writer;

/// `tail`: only the statements that wait for the tables (a sequence's `OWNED BY`); otherwise
/// the others and the comment.
pub(crate) fn create_object(w: &mut Writer, object: &DbObject, tail: bool) {
    if !writable(&mut w.cx, object) {
        return;
    }
    let statements: Vec<String> = object_statements(object, tail).map(str::to_string).collect();
    for s in statements {
        w.push(s);
    }
    if !tail
        && object.comment.is_some()
        && let Some(s) = comment_statement(&w.cx, object, object.comment.as_deref())
    {
        w.push(s);
    }
}

pub(crate) fn drop_object(w: &mut Writer, object: &DbObject) {
    if !writable(&mut w.cx, object) {
        return;
    }
    match drop_statement(&w.cx, object) {
        Some(s) => w.push(s),
        None => {
            let message = format!("{} cannot be dropped by name: drop it by hand", object.describe());
            w.cx.warning(object.describe(), &object.loc, message);
        }
    }
}

/// The new definition with its `CREATE` made `CREATE OR REPLACE`, then its other statements; a
/// sequence is altered to its new options instead.
pub(crate) fn replace_object(w: &mut Writer, from: &DbObject, object: &DbObject) {
    if !writable(&mut w.cx, object) {
        return;
    }
    let altered = match object.kind {
        ObjectKind::Sequence => object.definition.first().and_then(|s| SequenceOptions::parse(s)),
        _ => None,
    };
    match altered {
        // The diff pairs a sequence for replacement only when just its options changed.
        Some(options) => w.push(format!("ALTER SEQUENCE {} {}", w.cx.name(&object.name), options.alter_clauses())),
        None => {
            let statements: Vec<String> = object_statements(object, false).map(str::to_string).collect();
            for (i, s) in statements.into_iter().enumerate() {
                w.push(if i == 0 { or_replace(&s) } else { s });
            }
        }
    }
    if from.comment != object.comment
        && let Some(s) = comment_statement(&w.cx, object, object.comment.as_deref())
    {
        w.push(s);
    }
}

pub(crate) fn set_comment(w: &mut Writer, object: &DbObject, comment: Option<&str>) {
    if object.dialect == w.dialect()
        && w.dialect() == Dialect::Postgres
        && let Some(s) = comment_statement(&w.cx, object, comment)
    {
        w.push(s);
    }
}

/// `CREATE FUNCTION ...` as `CREATE OR REPLACE FUNCTION ...`; a statement that says
/// `OR REPLACE` already is kept.
fn or_replace(statement: &str) -> String {
    let words: Vec<&str> = statement.split_whitespace().take(3).collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    if upper.first().map(String::as_str) != Some("CREATE") || upper.get(1).map(String::as_str) == Some("OR") {
        return statement.to_string();
    }
    let trimmed = statement.trim_start();
    format!("CREATE OR REPLACE{}", &trimmed["CREATE".len()..])
}

#[cfg(test)]
mod tests {
    use super::or_replace;

    #[test]
    fn create_becomes_create_or_replace_once() {
        assert_eq!(or_replace("create function f() returns int"), "CREATE OR REPLACE function f() returns int");
        assert_eq!(or_replace("CREATE OR REPLACE FUNCTION f()"), "CREATE OR REPLACE FUNCTION f()");
    }
}

//! The database objects the model carries verbatim (extensions, functions, triggers, ...):
//! written for their own dialect as the source defined them, left out with a warning for
//! another.

use codegen_core::{DbObject, Dialect, ObjectKind};

use crate::context::Context;

/// Whether the object can be written for the context's dialect; a warning when it cannot.
pub(crate) fn writable(cx: &mut Context, object: &DbObject) -> bool {
    if object.dialect == cx.dialect {
        return true;
    }
    let message = format!(
        "{} is {} SQL: it is left out of the {} output",
        object.describe(),
        dialect_name(object.dialect),
        cx.dialect_name()
    );
    cx.warning(object.describe(), &object.loc, message);
    false
}

fn dialect_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "PostgreSQL",
        Dialect::Mysql => "MySQL",
        Dialect::Sqlite => "SQLite",
    }
}

/// A sequence's `ALTER SEQUENCE ... OWNED BY` needs its table; it is written after the tables.
pub(crate) fn is_ownership(object: &DbObject, statement: &str) -> bool {
    object.kind == ObjectKind::Sequence && statement.to_ascii_uppercase().contains("OWNED BY")
}

/// The object's statements, each terminated; `tail` picks the statements written after the
/// tables (a sequence's ownership) instead of the others.
pub(crate) fn render_object(cx: &Context, object: &DbObject, tail: bool) -> Vec<String> {
    let mut out = Vec::new();
    for statement in object.definition.iter().filter(|s| is_ownership(object, s) == tail) {
        let statement = statement.trim().trim_end_matches(';').trim_end();
        // A MySQL routine or trigger body holds semicolons: the mysql client needs a delimiter.
        if cx.dialect == Dialect::Mysql && statement.contains(';') {
            out.push(format!("DELIMITER ;;\n{statement};;\nDELIMITER ;"));
        } else {
            out.push(format!("{statement};"));
        }
    }
    if !tail
        && cx.dialect == Dialect::Postgres
        && let Some(comment) = &object.comment
        && let Some(target) = comment_target(cx, object)
    {
        out.push(format!("COMMENT ON {target} IS {};", cx.literal(comment)));
    }
    out
}

/// How `COMMENT ON` names the object: `FUNCTION f(integer)`, `TRIGGER t ON table`.
fn comment_target(cx: &Context, object: &DbObject) -> Option<String> {
    let name = match object.kind {
        ObjectKind::Operator | ObjectKind::Cast | ObjectKind::UserMapping | ObjectKind::RowSecurity => return None,
        ObjectKind::Extension | ObjectKind::EventTrigger | ObjectKind::Language | ObjectKind::Publication => {
            cx.ident(&object.name.name)
        }
        _ => cx.name(&object.name),
    };
    let mut target = format!("{} {name}", object.kind.keyword());
    if let Some(signature) = &object.signature {
        match object.kind {
            ObjectKind::OperatorClass | ObjectKind::OperatorFamily => target.push_str(&format!(" {signature}")),
            _ => target.push_str(&format!("({signature})")),
        }
    }
    if object.kind.on_table()
        && let Some(table) = &object.table
    {
        target.push_str(&format!(" ON {}", cx.name(table)));
    }
    Some(target)
}

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
    object.waits_for_tables(statement)
}

/// The object's statements, unterminated; `tail` picks the statements written after the
/// tables (a sequence's ownership) instead of the others.
pub(crate) fn object_statements(object: &DbObject, tail: bool) -> impl Iterator<Item = &str> {
    object
        .definition
        .iter()
        .filter(move |s| is_ownership(object, s) == tail)
        .map(|s| s.trim().trim_end_matches(';').trim_end())
}

/// The object's statements, each terminated; `tail` picks the statements written after the
/// tables (a sequence's ownership) instead of the others.
pub(crate) fn render_object(cx: &Context, object: &DbObject, tail: bool) -> Vec<String> {
    let mut out = Vec::new();
    for statement in object_statements(object, tail) {
        // A MySQL routine or trigger body holds semicolons: the mysql client needs a delimiter.
        if cx.dialect == Dialect::Mysql && statement.contains(';') {
            out.push(format!("DELIMITER ;;\n{statement};;\nDELIMITER ;"));
        } else {
            out.push(format!("{statement};"));
        }
    }
    if !tail
        && object.comment.is_some()
        && let Some(comment) = comment_statement(cx, object, object.comment.as_deref())
    {
        out.push(format!("{comment};"));
    }
    out
}

/// `COMMENT ON <object> IS ...` (PostgreSQL; `NULL` removes it), unterminated.
pub(crate) fn comment_statement(cx: &Context, object: &DbObject, comment: Option<&str>) -> Option<String> {
    if cx.dialect != Dialect::Postgres {
        return None;
    }
    let target = comment_target(cx, object)?;
    let text = comment.map_or_else(|| "NULL".to_string(), |c| cx.literal(c));
    Some(format!("COMMENT ON {target} IS {text}"))
}

/// The statement that drops the object, unterminated, in the object's own dialect: `DROP
/// FUNCTION f(integer)`, `DROP TRIGGER t ON films` (PostgreSQL) or `DROP TRIGGER t` (MySQL,
/// SQLite), `DROP POLICY p ON t`, `ALTER TABLE t DISABLE ROW LEVEL SECURITY`. `None` for a
/// kind that cannot be named to drop it (a transform).
pub(crate) fn drop_statement(cx: &Context, object: &DbObject) -> Option<String> {
    use ObjectKind as K;
    let name = match object.kind {
        K::Extension | K::EventTrigger | K::Language | K::Publication | K::ForeignDataWrapper | K::ForeignServer => {
            cx.ident(&object.name.name)
        }
        // A trigger, rule or policy is named within its table on PostgreSQL (no schema).
        K::Trigger | K::ConstraintTrigger | K::Rule | K::Policy if cx.dialect == Dialect::Postgres => {
            cx.ident(&object.name.name)
        }
        _ => cx.name(&object.name),
    };
    let table = object.table.as_ref().map(|t| cx.name(t));
    let signature = object.signature.as_deref().unwrap_or_default();
    let statement = match (object.kind, cx.dialect) {
        (K::RowSecurity, _) => {
            let table = table.unwrap_or_else(|| cx.name(&object.name));
            let forced = object.definition.iter().any(|s| s.to_ascii_uppercase().contains("FORCE ROW LEVEL"));
            let mut s = format!("ALTER TABLE {table} DISABLE ROW LEVEL SECURITY");
            if forced {
                s.push_str(", NO FORCE ROW LEVEL SECURITY");
            }
            s
        }
        (K::Exclusion, _) => format!("ALTER TABLE {} DROP CONSTRAINT {}", table?, cx.ident(&object.name.name)),
        (K::Trigger | K::ConstraintTrigger | K::Rule | K::Policy, Dialect::Postgres) => {
            format!("DROP {} {name} ON {}", object.kind.keyword(), table?)
        }
        (K::VirtualTable, _) => format!("DROP TABLE {name}"),
        (K::Function | K::Procedure | K::Aggregate, Dialect::Postgres) => {
            format!("DROP {} {name}({signature})", object.kind.keyword())
        }
        // An operator's name is its symbol, never quoted.
        (K::Operator, _) => {
            let schema = object.name.schema.as_ref().map(|s| format!("{}.", cx.ident(s))).unwrap_or_default();
            format!("DROP OPERATOR {schema}{} ({signature})", object.name.name)
        }
        (K::Cast, _) => format!("DROP CAST ({signature})"),
        (K::OperatorClass | K::OperatorFamily, _) => format!("DROP {} {name} {signature}", object.kind.keyword()),
        (K::UserMapping, _) => {
            let (user, server) = object.name.name.split_once('@')?;
            format!("DROP USER MAPPING FOR {} SERVER {}", cx.ident(user), cx.ident(server))
        }
        (K::Transform, _) => return None,
        // A sequence owned by a column goes with its table or column, which may be dropped first.
        (K::Sequence, _) if object.has_tail() => format!("DROP SEQUENCE IF EXISTS {name}"),
        (kind, _) => format!("DROP {} {name}", kind.keyword()),
    };
    Some(statement)
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

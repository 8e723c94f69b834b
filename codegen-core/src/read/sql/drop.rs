//! `DROP <kind> [IF EXISTS] name, ...`: what a drop removes from the model, and what `IF EXISTS`
//! of an absent object leaves alone.

use super::apply::first_words;
use super::classify::keywords;
use super::lex::{Tok, qualified, qualified_name};
use super::{StatementContext, alter, objects};
use crate::diagnostics::Diagnostic;
use crate::model::{ObjectKind, Schema};

/// `DROP <kind> [CONCURRENTLY] [IF EXISTS] name [, ...] [ON table] [CASCADE | RESTRICT]`.
pub(super) fn drop(schema: &mut Schema, text: &str, toks: &[Tok], cx: &StatementContext) -> Result<(), Diagnostic> {
    let d = cx.dialect;
    let words: Vec<String> = keywords(text, toks, 5).into_iter().map(|(w, _)| w).collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    use ObjectKind as O;
    let kind = match &w[1..] {
        ["TABLE", ..] => None,
        ["VIEW", ..] | ["MATERIALIZED", "VIEW", ..] => None,
        ["INDEX", ..] => None,
        ["TYPE", ..] | ["SCHEMA", ..] => None,
        ["SEQUENCE", ..] => Some(O::Sequence),
        ["FUNCTION", ..] => Some(O::Function),
        ["PROCEDURE", ..] | ["ROUTINE", ..] => Some(O::Procedure),
        ["AGGREGATE", ..] => Some(O::Aggregate),
        ["TRIGGER", ..] => Some(O::Trigger),
        ["EVENT", "TRIGGER", ..] => Some(O::EventTrigger),
        ["EVENT", ..] => Some(O::Event),
        ["DOMAIN", ..] => Some(O::Domain),
        ["EXTENSION", ..] => Some(O::Extension),
        ["OPERATOR", "CLASS", ..] => Some(O::OperatorClass),
        ["OPERATOR", "FAMILY", ..] => Some(O::OperatorFamily),
        ["OPERATOR", ..] => Some(O::Operator),
        ["CAST", ..] => Some(O::Cast),
        ["COLLATION", ..] => Some(O::Collation),
        ["CONVERSION", ..] => Some(O::Conversion),
        ["TEXT", "SEARCH", "CONFIGURATION", ..] => Some(O::TextSearchConfiguration),
        ["TEXT", "SEARCH", "DICTIONARY", ..] => Some(O::TextSearchDictionary),
        ["TEXT", "SEARCH", "PARSER", ..] => Some(O::TextSearchParser),
        ["TEXT", "SEARCH", "TEMPLATE", ..] => Some(O::TextSearchTemplate),
        ["RULE", ..] => Some(O::Rule),
        ["POLICY", ..] => Some(O::Policy),
        ["PUBLICATION", ..] => Some(O::Publication),
        ["STATISTICS", ..] => Some(O::Statistics),
        ["SERVER", ..] => Some(O::ForeignServer),
        ["FOREIGN", "TABLE", ..] => Some(O::ForeignTable),
        ["FOREIGN", "DATA", ..] => Some(O::ForeignDataWrapper),
        ["USER", "MAPPING", ..] => Some(O::UserMapping),
        ["LANGUAGE", ..] | ["PROCEDURAL", "LANGUAGE", ..] => Some(O::Language),
        ["ACCESS", "METHOD", ..] => Some(O::AccessMethod),
        ["TRANSFORM", ..] => Some(O::Transform),
        _ => return Err(cx.error(format!("cannot read `{}`", first_words(text, 3)))),
    };
    if let Some(kind) = kind {
        return objects::apply_drop(schema, kind, text, toks, cx);
    }
    let object = w.get(1).copied().unwrap_or_default();
    let object = if object == "MATERIALIZED" { "VIEW" } else { object };
    let at = toks.iter().position(|t| t.is_word(text, object)).unwrap_or(1);
    let mut i = at + 1;
    let mut if_exists = false;
    loop {
        match toks.get(i) {
            Some(t) if t.is_word(text, "CONCURRENTLY") => i += 1,
            Some(t) if t.is_word(text, "IF") => {
                if_exists = true;
                i += 2;
            }
            _ => break,
        }
    }
    let cascade = toks.last().is_some_and(|t| t.is_word(text, "CASCADE"));
    let on_table = toks
        .iter()
        .position(|t| t.is_word(text, "ON"))
        .and_then(|p| qualified_name(text, toks, p + 1, d))
        .map(|(p, _)| qualified(p, d));
    let mut names = Vec::new();
    while let Some((parts, next)) = qualified_name(text, toks, i, d) {
        if toks[i].is_word(text, "ON") || toks[i].is_word(text, "CASCADE") || toks[i].is_word(text, "RESTRICT") {
            break;
        }
        names.push(qualified(parts, d));
        i = next;
        if toks.get(i).is_some_and(|t| t.is_punct(text, ',')) {
            i += 1;
        } else {
            break;
        }
    }
    for name in names {
        match object {
            "TABLE" => alter::drop_table(schema, &name, if_exists, cascade, cx)?,
            "VIEW" => {
                let before = schema.views.len();
                schema.views.retain(|v| v.name != name);
                if before == schema.views.len() && !if_exists {
                    return Err(cx.error(format!("view `{name}` does not exist")));
                }
            }
            "INDEX" => alter::drop_index(schema, &name, on_table.as_ref(), if_exists, cx)?,
            "TYPE" => {
                if schema.enum_type(&name).is_some() {
                    let used = schema.tables.iter().any(|t| t.columns.iter().any(|c| c.ty.enum_name() == Some(&name)));
                    if used && !cascade {
                        return Err(cx.error(format!("cannot drop type `{name}`: columns still use it")));
                    }
                    schema.enums.retain(|e| e.name != name);
                } else {
                    let before = schema.objects.len();
                    schema.objects.retain(|o| !(o.kind == ObjectKind::Type && o.name == name));
                    if before == schema.objects.len() && !if_exists {
                        return Err(cx.error(format!("type `{name}` does not exist")));
                    }
                }
            }
            "SCHEMA" => {
                let before = schema.namespaces.len();
                schema.namespaces.retain(|n| *n != name.name);
                schema.namespace_comments.remove(&name.name);
                if cascade {
                    let gone = Some(name.name.clone());
                    schema.tables.retain(|t| t.name.schema != gone);
                    schema.views.retain(|v| v.name.schema != gone);
                    schema.enums.retain(|e| e.name.schema != gone);
                    schema.objects.retain(|o| o.name.schema != gone);
                }
                if before == schema.namespaces.len() && !if_exists {
                    return Err(cx.error(format!("schema `{}` does not exist", name.name)));
                }
            }
            _ => return Err(cx.error(format!("cannot read `{}`", first_words(text, 3)))),
        }
    }
    Ok(())
}

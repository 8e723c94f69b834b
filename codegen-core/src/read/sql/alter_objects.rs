//! `ALTER` of the objects beside tables: types (enum values), indexes, views and sequences.

use sqlparser::ast::Statement;

use super::apply::{first_words, parse_at};
use super::lex::{Tok, qualified, qualified_name};
use super::{StatementContext, alter, objects};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::diff::SequenceOptions;
use crate::model::{ObjectKind, QualifiedName, Schema};

pub(super) fn alter_type(
    schema: &mut Schema,
    text: &str,
    toks: &[Tok],
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let d = cx.dialect;
    let at = toks.iter().position(|t| t.is_word(text, "TYPE")).unwrap_or(1);
    let name = qualified_name(text, toks, at + 1, d).map(|(p, _)| qualified(p, d));
    if name.as_ref().is_some_and(|n| schema.enum_type(n).is_some()) {
        return match parse_at(text, cx)? {
            Statement::AlterType(alter) => alter::apply_alter_type(schema, alter, cx),
            _ => Err(cx.error("cannot read this ALTER TYPE")),
        };
    }
    objects::apply_alter(schema, ObjectKind::Type, text, toks, cx, diagnostics)
}

pub(super) fn alter_index(
    schema: &mut Schema,
    text: &str,
    toks: &[Tok],
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let d = cx.dialect;
    let mut i = 2;
    let mut if_exists = false;
    if toks.get(i).is_some_and(|t| t.is_word(text, "IF")) {
        if_exists = true;
        i += 2;
    }
    let (parts, i) = qualified_name(text, toks, i, d).ok_or_else(|| cx.error("cannot read the index's name"))?;
    let old = qualified(parts, d);
    let rest: Vec<String> = toks[i..].iter().take(3).map(|t| t.text(text).to_ascii_uppercase()).collect();
    match rest.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["RENAME", "TO", ..] => {
            let new = toks.get(i + 2).map(|t| t.ident(text, d)).ok_or_else(|| cx.error("RENAME TO needs a name"))?;
            for table in schema.tables.iter_mut().filter(|t| t.name.schema == old.schema) {
                if let Some(ix) = table.indexes.iter_mut().find(|ix| ix.name == old.name) {
                    ix.name = new;
                    return Ok(());
                }
                // PostgreSQL indexes back keys: renaming one renames the constraint.
                if alter::rename_constraint(table, &old.name, &new) {
                    return Ok(());
                }
            }
            if if_exists { Ok(()) } else { Err(cx.error(format!("index `{old}` does not exist"))) }
        }
        ["ATTACH", "PARTITION", ..] => {
            diagnostics.push(cx.note(format!(
                "skipped `ALTER INDEX {old} ATTACH PARTITION`: a partition's index follows its parent's"
            )));
            Ok(())
        }
        _ => {
            diagnostics.push(cx.note(format!("skipped `{}`: an index setting", first_words(text, 4))));
            Ok(())
        }
    }
}

pub(super) fn alter_view(
    schema: &mut Schema,
    text: &str,
    toks: &[Tok],
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let d = cx.dialect;
    let at = toks.iter().position(|t| t.is_word(text, "VIEW")).unwrap_or(1);
    let mut i = at + 1;
    let mut if_exists = false;
    if toks.get(i).is_some_and(|t| t.is_word(text, "IF")) {
        if_exists = true;
        i += 2;
    }
    let (parts, i) = qualified_name(text, toks, i, d).ok_or_else(|| cx.error("cannot read the view's name"))?;
    let name = qualified(parts, d);
    let Some(view) = schema.views.iter_mut().find(|v| v.name == name) else {
        return if if_exists { Ok(()) } else { Err(cx.error(format!("view `{name}` does not exist"))) };
    };
    let rest: Vec<String> = toks[i..].iter().take(3).map(|t| t.text(text).to_ascii_uppercase()).collect();
    match rest.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["RENAME", "TO", ..] => {
            let new = toks.get(i + 2).map(|t| t.ident(text, d)).ok_or_else(|| cx.error("RENAME TO needs a name"))?;
            view.name = QualifiedName { schema: name.schema.clone(), name: new };
        }
        ["RENAME", ..] => {
            let from = if rest.get(1).map(String::as_str) == Some("COLUMN") { i + 2 } else { i + 1 };
            let old = toks.get(from).map(|t| t.ident(text, d)).unwrap_or_default();
            let new = toks.get(from + 2).map(|t| t.ident(text, d)).unwrap_or_default();
            match view.columns.iter_mut().find(|c| c.name == old) {
                Some(c) => c.name = new,
                None => return Err(cx.error(format!("view `{name}` has no column `{old}`"))),
            }
        }
        _ => diagnostics.push(cx.note(format!("skipped `{}`: a view setting", first_words(text, 4)))),
    }
    Ok(())
}

/// `ALTER SEQUENCE s OWNED BY t.c` ties a sequence to a column (what makes it a serial's);
/// anything else joins the sequence's definition.
pub(super) fn alter_sequence(
    schema: &mut Schema,
    text: &str,
    toks: &[Tok],
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let d = cx.dialect;
    let mut i = 2;
    if toks.get(i).is_some_and(|t| t.is_word(text, "IF")) {
        i += 2;
    }
    let Some((parts, _)) = qualified_name(text, toks, i, d) else {
        return Err(cx.error("cannot read the sequence's name"));
    };
    let name = qualified(parts, d);
    let owned = toks.windows(2).position(|w| w[0].is_word(text, "OWNED") && w[1].is_word(text, "BY"));
    let exists = schema.objects.iter().any(|o| o.kind == ObjectKind::Sequence && o.name == name);
    if !exists {
        // The implicit sequence of a serial or identity column: nothing to carry.
        diagnostics.push(cx.note(format!("skipped `{}`: sequence `{name}` belongs to a column", first_words(text, 3))));
        return Ok(());
    }
    if let Some(at) = owned
        && let Some((mut parts, _)) = qualified_name(text, toks, at + 2, d)
        && parts.len() >= 2
    {
        parts.pop();
        let table = qualified(parts, d);
        if let Some(object) = schema.objects.iter_mut().find(|o| o.kind == ObjectKind::Sequence && o.name == name) {
            object.table = Some(table);
        }
    }
    // New options are folded into the CREATE (as the catalog holds them), so that a sequence
    // altered by a migration is the sequence created with those options.
    if let Some(changes) = SequenceOptions::parse_alter(text)
        && let Some(object) = schema.objects.iter_mut().find(|o| o.kind == ObjectKind::Sequence && o.name == name)
        && let Some(create) = object.definition.first()
        && let (Some(options), Some(prefix)) = (SequenceOptions::parse(create), SequenceOptions::create_prefix(create))
    {
        object.definition[0] = format!("{prefix} {}", options.merged(&changes).alter_clauses());
        return Ok(());
    }
    objects::apply_alter(schema, ObjectKind::Sequence, text, toks, cx, diagnostics)
}

//! `CREATE INDEX`: the parts of an index as the model keeps them (columns, expressions,
//! operator classes, collations, `INCLUDE`, predicates), read by the model itself.

use super::classify::keywords;
use super::lex::{Kind, Tok, matching_close, qualified, qualified_name, span_text, split_commas};
use super::{StatementContext, alter, table};
use crate::diagnostics::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{Index, IndexKey, IndexPart, QualifiedName, Schema, SortOrder};

/// `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table
/// [USING method] (parts) [INCLUDE (...)] [WITH (...)] [WHERE predicate]`, read as written.
pub(super) fn create_index(
    schema: &mut Schema,
    text: &str,
    toks: &[Tok],
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    let d = cx.dialect;
    let head: Vec<String> = keywords(text, toks, 6).into_iter().map(|(w, _)| w).collect();
    let unique = head.iter().any(|w| w == "UNIQUE");
    let mut method = head.iter().find(|w| *w == "FULLTEXT" || *w == "SPATIAL").map(|w| w.to_ascii_lowercase());
    let Some(at) = toks.iter().position(|t| t.is_word(text, "INDEX") || t.is_word(text, "KEY")) else {
        return Err(cx.error("cannot read this CREATE INDEX"));
    };
    let mut i = at + 1;
    let mut if_not_exists = false;
    while let Some(t) = toks.get(i) {
        if t.is_word(text, "CONCURRENTLY") {
            i += 1;
        } else if t.is_word(text, "IF") {
            if_not_exists = true;
            i += 3;
        } else {
            break;
        }
    }
    let mut name = None;
    if !toks.get(i).is_some_and(|t| t.is_word(text, "ON")) {
        let (parts, next) = qualified_name(text, toks, i, d).ok_or_else(|| cx.error("cannot read the index's name"))?;
        name = parts.last().cloned();
        i = next;
    }
    // MySQL: `USING BTREE` may come before ON.
    if toks.get(i).is_some_and(|t| t.is_word(text, "USING")) {
        method = toks.get(i + 1).map(|t| t.text(text).to_ascii_lowercase());
        i += 2;
    }
    if !toks.get(i).is_some_and(|t| t.is_word(text, "ON")) {
        return Err(cx.error("cannot read this CREATE INDEX: expected ON"));
    }
    i += 1;
    if toks.get(i).is_some_and(|t| t.is_word(text, "ONLY")) {
        i += 1;
    }
    let (table_parts, mut i) =
        qualified_name(text, toks, i, d).ok_or_else(|| cx.error("cannot read the index's table"))?;
    let mut table_name = qualified(table_parts, d);
    if toks.get(i).is_some_and(|t| t.is_punct(text, '*')) {
        i += 1;
    }
    if toks.get(i).is_some_and(|t| t.is_word(text, "USING")) {
        method = toks.get(i + 1).map(|t| t.ident(text, Dialect::Mysql).to_ascii_lowercase());
        i += 2;
    }
    if !toks.get(i).is_some_and(|t| t.is_punct(text, '(')) {
        return Err(cx.error("cannot read this CREATE INDEX: expected its columns"));
    }
    let close = matching_close(text, toks, i).ok_or_else(|| cx.error("unbalanced parentheses in CREATE INDEX"))?;
    let parts: Vec<IndexPart> =
        split_commas(text, toks, i + 1, close).into_iter().map(|(a, b)| index_part(text, toks, a, b, d)).collect();
    let mut include = Vec::new();
    let mut predicate = None;
    let mut j = close + 1;
    while j < toks.len() {
        let t = toks[j];
        if t.is_word(text, "INCLUDE") && toks.get(j + 1).is_some_and(|p| p.is_punct(text, '(')) {
            let c = matching_close(text, toks, j + 1).unwrap_or(toks.len() - 1);
            include = split_commas(text, toks, j + 2, c).into_iter().map(|(a, _)| toks[a].ident(text, d)).collect();
            j = c + 1;
        } else if t.is_word(text, "WHERE") {
            predicate = Some(span_text(text, toks, j + 1, toks.len()).to_string());
            break;
        } else if t.is_word(text, "USING") && d == Dialect::Mysql {
            method = toks.get(j + 1).map(|m| m.text(text).to_ascii_lowercase());
            j += 2;
        } else {
            j += 1;
        }
    }
    // Unqualified table names in PostgreSQL resolve like the index's own schema.
    if table_name.schema.is_none() && d == Dialect::Postgres && schema.table(&table_name).is_none() {
        table_name = QualifiedName::new(table_name.name);
    }
    let taken = |name: &str| {
        schema.tables.iter().any(|t| {
            let scope = if d == Dialect::Mysql { t.name == table_name } else { t.name.schema == table_name.schema };
            scope && t.indexes.iter().any(|ix| ix.name == name)
        })
    };
    let name = match name {
        Some(name) => name,
        // PostgreSQL's name for an unnamed index counts up past the names taken (`_idx1`).
        None => {
            let first = table::default_index_name(&table_name.name, &parts, &include);
            let mut candidates = std::iter::once(first.clone())
                .chain((1..).map(|n| table::default_index_name_numbered(&table_name.name, &parts, &include, n)));
            candidates.find(|n| !taken(n)).unwrap_or(first)
        }
    };
    let exists = taken(&name);
    if exists {
        return if if_not_exists { Ok(()) } else { Err(cx.error(format!("index `{name}` is created twice"))) };
    }
    if method.as_deref() == Some("btree") && d != Dialect::Mysql {
        method = None;
    }
    let mysql_only_since = cx.mysql_only_at((cx.line, cx.column));
    let index =
        Index { unique, method, predicate, include, mysql_only_since, loc: cx.loc(), ..Index::new(name, parts) };
    // PostgreSQL indexes materialized views too.
    if schema.table(&table_name).is_none()
        && let Some(view) = schema.views.iter_mut().find(|v| v.name == table_name && v.materialized)
    {
        view.indexes.push(index);
        return Ok(());
    }
    alter::table_mut(schema, &table_name, cx)?.indexes.push(index);
    Ok(())
}

/// One part of an index's key: a column (with its options) or an expression, verbatim.
pub(crate) fn index_part(text: &str, toks: &[Tok], a: usize, b: usize, d: Dialect) -> IndexPart {
    let mut end = b;
    let mut order = None;
    let mut nulls = None;
    // Trailing options: [opclass [(params)]] [ASC|DESC] [NULLS FIRST|LAST]
    loop {
        if end >= a + 2 && toks[end - 2].is_word(text, "NULLS") {
            nulls = Some(toks[end - 1].text(text).to_ascii_uppercase());
            end -= 2;
            continue;
        }
        if end > a + 1 && (toks[end - 1].is_word(text, "ASC") || toks[end - 1].is_word(text, "DESC")) {
            order = Some(if toks[end - 1].is_word(text, "DESC") { SortOrder::Desc } else { SortOrder::Asc });
            end -= 1;
            continue;
        }
        break;
    }
    // The key itself: a parenthesised expression, a function call, or a (qualified) column.
    let first = toks[a];
    let mut key_end = end;
    let mut plain_column = false;
    let mut length = None;
    if first.is_punct(text, '(') {
        key_end = matching_close(text, toks, a).map_or(end, |c| c + 1);
    } else if matches!(first.kind, Kind::Word | Kind::Quoted) {
        let mut k = a + 1;
        while k + 1 < end && toks[k].is_punct(text, '.') && matches!(toks[k + 1].kind, Kind::Word | Kind::Quoted) {
            k += 2;
        }
        if k < end && toks[k].is_punct(text, '(') {
            key_end = matching_close(text, toks, k).map_or(end, |c| c + 1);
            // MySQL `col(10)`: a prefix of the column, not a call.
            plain_column = d == Dialect::Mysql && k == a + 1;
            if plain_column {
                length = super::table::prefix_length(span_text(text, toks, k, key_end.min(end)));
            }
        } else {
            key_end = k;
            plain_column = k == a + 1;
        }
    }
    let key_end = key_end.min(end);
    let key = if plain_column {
        IndexKey::Column(first.ident(text, d))
    } else {
        let expr = span_text(text, toks, a, key_end);
        let inner = expr
            .strip_prefix('(')
            .and_then(|e| e.strip_suffix(')'))
            .filter(|_| first.is_punct(text, '(') && matching_close(text, toks, a) == Some(key_end - 1));
        IndexKey::Expression(inner.unwrap_or(expr).trim().to_string())
    };
    // After it: [COLLATE c] [opclass [(params)]].
    let mut collation = None;
    let mut k = key_end;
    if k < end && toks[k].is_word(text, "COLLATE") {
        collation = toks.get(k + 1).filter(|_| k + 1 < end).map(|t| t.text(text).to_string());
        k += 2;
        while k + 1 < end && toks[k].is_punct(text, '.') {
            if let Some(c) = collation.as_mut() {
                c.push('.');
                c.push_str(toks[k + 1].text(text));
            }
            k += 2;
        }
    }
    let opclass = (k < end).then(|| span_text(text, toks, k, end).to_string());
    IndexPart { key, order, opclass, collation, nulls, length }
}

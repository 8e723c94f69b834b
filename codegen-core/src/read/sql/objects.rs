//! Database objects the model carries verbatim (extensions, sequences, functions, triggers, ...):
//! reading their name, signature and table from the statement, and applying `CREATE`, `ALTER`,
//! `DROP` and `COMMENT` to them.

use super::StatementContext;
use super::lex::{Kind, Tok, matching_close, qualified, qualified_name, span_text};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::model::{DbObject, ObjectKind, QualifiedName, Schema};

/// The identity of an object named in a statement: name, signature, table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Named {
    pub name: QualifiedName,
    pub signature: Option<String>,
    pub table: Option<QualifiedName>,
    /// Token index after the name (and signature).
    pub after: usize,
}

/// The word after which an object's name follows, per kind.
fn name_keyword(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::OperatorClass => "CLASS",
        ObjectKind::OperatorFamily => "FAMILY",
        ObjectKind::TextSearchConfiguration => "CONFIGURATION",
        ObjectKind::TextSearchDictionary => "DICTIONARY",
        ObjectKind::TextSearchParser => "PARSER",
        ObjectKind::TextSearchTemplate => "TEMPLATE",
        ObjectKind::EventTrigger | ObjectKind::ConstraintTrigger => "TRIGGER",
        ObjectKind::ForeignDataWrapper => "WRAPPER",
        ObjectKind::ForeignServer => "SERVER",
        ObjectKind::UserMapping => "MAPPING",
        ObjectKind::ForeignTable | ObjectKind::VirtualTable => "TABLE",
        ObjectKind::AccessMethod => "METHOD",
        ObjectKind::RowSecurity => "TABLE",
        other => other.keyword(),
    }
}

/// Skip `IF [NOT] EXISTS` at `i`.
fn skip_if_exists(src: &str, toks: &[Tok], mut i: usize) -> (usize, bool) {
    if toks.get(i).is_some_and(|t| t.is_word(src, "IF")) {
        i += 1;
        if toks.get(i).is_some_and(|t| t.is_word(src, "NOT")) {
            i += 1;
        }
        if toks.get(i).is_some_and(|t| t.is_word(src, "EXISTS")) {
            i += 1;
        }
        return (i, true);
    }
    (i, false)
}

/// The argument types of a routine's parameter list, without defaults: what tells overloads
/// apart and what `DROP FUNCTION name(...)` accepts.
fn signature(src: &str, toks: &[Tok], open: usize) -> (String, usize) {
    let close = matching_close(src, toks, open).unwrap_or(toks.len().saturating_sub(1));
    let mut args = Vec::new();
    for (a, b) in super::lex::split_commas(src, toks, open + 1, close) {
        let cut = (a..b).find(|&i| toks[i].is_word(src, "DEFAULT") || toks[i].is_punct(src, '=')).unwrap_or(b);
        let text = span_text(src, toks, a, cut);
        args.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    (args.join(", "), close + 1)
}

/// An operator's name: its symbol, maybe schema-qualified (`public.~<<`).
fn operator_name(src: &str, toks: &[Tok], mut i: usize, dialect: Dialect) -> (QualifiedName, usize) {
    let mut schema = None;
    if toks.get(i).is_some_and(|t| matches!(t.kind, Kind::Word | Kind::Quoted))
        && toks.get(i + 1).is_some_and(|t| t.is_punct(src, '.'))
    {
        schema = Some(toks[i].ident(src, dialect)).filter(|s| s != "public");
        i += 2;
    }
    let mut symbol = String::new();
    while let Some(t) = toks.get(i) {
        if t.kind != Kind::Punct || t.is_punct(src, '(') {
            break;
        }
        symbol.push_str(t.text(src));
        i += 1;
    }
    (QualifiedName { schema, name: symbol }, i)
}

/// Find the object a `CREATE`/`ALTER`/`DROP`/`COMMENT` statement names, starting the search
/// for the kind's keyword at token `from`.
pub(crate) fn named(src: &str, toks: &[Tok], from: usize, kind: ObjectKind, dialect: Dialect) -> Option<Named> {
    let keyword = name_keyword(kind);
    let last_word = keyword.rsplit(' ').next().unwrap_or(keyword);
    let at = toks.iter().enumerate().skip(from).take(14).find(|(_, t)| t.is_word(src, last_word))?.0;
    let (mut i, _) = skip_if_exists(src, toks, at + 1);
    let mut signature_text = None;
    let mut table = None;
    let name = match kind {
        ObjectKind::Operator => {
            let (name, next) = operator_name(src, toks, i, dialect);
            i = next;
            if toks.get(i).is_some_and(|t| t.is_punct(src, '(')) {
                let close = matching_close(src, toks, i).unwrap_or(toks.len() - 1);
                signature_text = Some(operator_signature(src, toks, i, close));
                i = close + 1;
            }
            name
        }
        ObjectKind::Cast => {
            // `CAST (source AS target)`
            if !toks.get(i).is_some_and(|t| t.is_punct(src, '(')) {
                return None;
            }
            let close = matching_close(src, toks, i)?;
            let inner = span_text(src, toks, i + 1, close).split_whitespace().collect::<Vec<_>>().join(" ");
            signature_text = Some(inner);
            i = close + 1;
            QualifiedName::new("cast")
        }
        ObjectKind::UserMapping => {
            // `USER MAPPING FOR user SERVER server`
            let user = toks.get(i + 1).map(|t| t.ident(src, dialect)).unwrap_or_default();
            let server = toks.get(i + 3).map(|t| t.ident(src, dialect)).unwrap_or_default();
            i += 4;
            QualifiedName::new(format!("{user}@{server}"))
        }
        _ => {
            let (parts, next) = qualified_name(src, toks, i, dialect)?;
            i = next;
            qualified(parts, dialect)
        }
    };
    if matches!(kind, ObjectKind::Function | ObjectKind::Procedure | ObjectKind::Aggregate)
        && toks.get(i).is_some_and(|t| t.is_punct(src, '('))
    {
        let (sig, next) = signature(src, toks, i);
        signature_text = Some(sig);
        i = next;
    }
    if matches!(kind, ObjectKind::OperatorClass | ObjectKind::OperatorFamily)
        && let Some(using) = toks[i..].iter().position(|t| t.is_word(src, "USING"))
    {
        signature_text = toks.get(i + using + 1).map(|m| format!("USING {}", m.ident(src, dialect)));
    }
    // Objects that belong to a table name it after ON (triggers, rules after TO, policies).
    let table_word = match kind {
        ObjectKind::Rule => Some("TO"),
        ObjectKind::Trigger | ObjectKind::ConstraintTrigger | ObjectKind::Policy => Some("ON"),
        ObjectKind::Statistics => Some("FROM"),
        _ => None,
    };
    if let Some(word) = table_word {
        // Rules say `AS ON INSERT TO table`: the table follows TO.
        let mut j = i;
        while j < toks.len() {
            if toks[j].is_word(src, word) {
                if let Some((parts, _)) = qualified_name(src, toks, j + 1, dialect) {
                    table = Some(qualified(parts, dialect));
                }
                break;
            }
            j += 1;
        }
    }
    Some(Named { name, signature: signature_text, table, after: i })
}

/// `LEFTARG = a, RIGHTARG = b` as `a, b` (`NONE` for a missing side).
fn operator_signature(src: &str, toks: &[Tok], open: usize, close: usize) -> String {
    let mut left = "NONE".to_string();
    let mut right = "NONE".to_string();
    for (a, b) in super::lex::split_commas(src, toks, open + 1, close) {
        let key = toks.get(a).map(|t| t.text(src).to_ascii_uppercase()).unwrap_or_default();
        let value = span_text(src, toks, (a + 2).min(b), b).to_string();
        match key.as_str() {
            "LEFTARG" => left = value,
            "RIGHTARG" => right = value,
            _ => {}
        }
    }
    format!("{left}, {right}")
}

/// The statement's text as the object's definition: MySQL's `DEFINER = user` is dropped (the
/// user rarely exists where the schema is loaded, and the creator becomes the definer).
fn definition(src: &str, toks: &[Tok], dialect: Dialect) -> String {
    if dialect != Dialect::Mysql {
        return src.trim().to_string();
    }
    let Some(at) = toks.iter().take(6).position(|t| t.is_word(src, "DEFINER")) else {
        return src.trim().to_string();
    };
    // `DEFINER = name@host` (name and host quoted or not), or `DEFINER = CURRENT_USER[()]`.
    let mut end = at + 3;
    let at_host = toks.get(end).is_some_and(|t| t.is_punct(src, '@'));
    let call_parens =
        toks.get(end).is_some_and(|t| t.is_punct(src, '(')) && toks.get(end + 1).is_some_and(|t| t.is_punct(src, ')'));
    if at_host || call_parens {
        end += 2;
    }
    let end = end.min(toks.len());
    let mut text = String::new();
    text.push_str(&src[..toks[at].start]);
    text.push_str(src[toks[end - 1].end..].trim_start());
    text.trim().to_string()
}

/// `CREATE <kind> ...`: carry the object.
pub(crate) fn apply_create(
    schema: &mut Schema,
    kind: ObjectKind,
    src: &str,
    toks: &[Tok],
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let Some(named) = named(src, toks, 1, kind, cx.dialect) else {
        return Err(cx.error(format!("cannot read the name of this {}", kind.describe())));
    };
    if kind == ObjectKind::Language && named.name.name.eq_ignore_ascii_case("plpgsql") {
        diagnostics.push(cx.note("skipped `CREATE LANGUAGE plpgsql`: PostgreSQL has it built in"));
        return Ok(());
    }
    let or_replace = toks.iter().take(4).any(|t| t.is_word(src, "REPLACE"));
    let if_not_exists = toks.iter().take(12).any(|t| t.is_word(src, "EXISTS"));
    let object = DbObject {
        kind,
        name: named.name,
        signature: named.signature,
        table: named.table,
        dialect: cx.dialect,
        definition: vec![definition(src, toks, cx.dialect)],
        depends_on: Vec::new(),
        comment: None,
        loc: cx.loc(),
    };
    if let Some(existing) = schema.objects.iter_mut().find(|o| o.key() == object.key()) {
        if if_not_exists {
            return Ok(());
        }
        if !or_replace && kind != ObjectKind::Sequence {
            return Err(cx.error(format!("{} is created twice", object.describe())));
        }
        *existing = object;
        return Ok(());
    }
    schema.objects.push(object);
    Ok(())
}

/// `ALTER <kind> name ...`: the statement joins the object's definition.
pub(crate) fn apply_alter(
    schema: &mut Schema,
    kind: ObjectKind,
    src: &str,
    toks: &[Tok],
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let Some(named) = named(src, toks, 1, kind, cx.dialect) else {
        return Err(cx.error(format!("cannot read the name of the {} this alters", kind.describe())));
    };
    let if_exists = toks.iter().take(6).any(|t| t.is_word(src, "EXISTS"));
    let found = schema.objects.iter_mut().find(|o| {
        same_kind(o.kind, kind) && o.name == named.name && (named.signature.is_none() || o.signature == named.signature)
    });
    match found {
        Some(object) => {
            // A rename changes the identity: follow it so later statements find the object.
            if let Some(to) = toks.windows(2).position(|w| w[0].is_word(src, "RENAME") && w[1].is_word(src, "TO"))
                && let Some((parts, _)) = qualified_name(src, toks, to + 2, cx.dialect)
                && kind != ObjectKind::Trigger
            {
                let new = qualified(parts, cx.dialect);
                object.name = QualifiedName { schema: new.schema.or(object.name.schema.clone()), name: new.name };
            }
            object.definition.push(definition(src, toks, cx.dialect));
            Ok(())
        }
        None if if_exists => Ok(()),
        None => {
            diagnostics.push(
                cx.warning(format!("skipped: {} {} is not defined here", kind.describe(), named.name))
                    .with_help("an object created outside this schema (by an extension, say) is not carried"),
            );
            Ok(())
        }
    }
}

/// Kinds that name the same objects in `ALTER`/`DROP` (`ALTER ROUTINE` alters a function).
fn same_kind(a: ObjectKind, b: ObjectKind) -> bool {
    use ObjectKind as O;
    a == b
        || matches!((a, b), (O::ConstraintTrigger, O::Trigger) | (O::Trigger, O::ConstraintTrigger))
        || matches!((a, b), (O::Procedure, O::Function))
}

/// `DROP <kind> [IF EXISTS] name[, ...]`: remove the objects; true when the kind is an object kind.
pub(crate) fn apply_drop(
    schema: &mut Schema,
    kind: ObjectKind,
    src: &str,
    toks: &[Tok],
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    let keyword = name_keyword(kind);
    let last_word = keyword.rsplit(' ').next().unwrap_or(keyword);
    let Some(at) = toks.iter().take(8).position(|t| t.is_word(src, last_word)) else {
        return Err(cx.error(format!("cannot read this DROP {}", kind.keyword())));
    };
    let (mut i, if_exists) = skip_if_exists(src, toks, at + 1);
    // The table a trigger, rule or policy belongs to: `DROP TRIGGER t ON table`.
    let on = toks
        .iter()
        .position(|t| t.is_word(src, "ON"))
        .and_then(|p| qualified_name(src, toks, p + 1, cx.dialect))
        .map(|(parts, _)| qualified(parts, cx.dialect));
    loop {
        let (name, signature, next) = match kind {
            ObjectKind::Operator => {
                let (name, next) = operator_name(src, toks, i, cx.dialect);
                let (sig, next) = if toks.get(next).is_some_and(|t| t.is_punct(src, '(')) {
                    let (s, n) = signature(src, toks, next);
                    (Some(s), n)
                } else {
                    (None, next)
                };
                (name, sig, next)
            }
            _ => {
                let Some((parts, next)) = qualified_name(src, toks, i, cx.dialect) else {
                    break;
                };
                let (sig, next) = if toks.get(next).is_some_and(|t| t.is_punct(src, '(')) {
                    let (s, n) = signature(src, toks, next);
                    (Some(s), n)
                } else {
                    (None, next)
                };
                (qualified(parts, cx.dialect), sig, next)
            }
        };
        let before = schema.objects.len();
        schema.objects.retain(|o| {
            let hit = same_kind(o.kind, kind)
                && o.name == name
                && (signature.is_none() || same_signature(o.signature.as_deref(), signature.as_deref()))
                && (on.is_none() || !kind.on_table() || o.table == on);
            !hit
        });
        if before == schema.objects.len() && !if_exists {
            return Err(cx.error(format!("{} `{name}` does not exist", kind.describe())));
        }
        i = next;
        if toks.get(i).is_some_and(|t| t.is_punct(src, ',')) {
            i += 1;
        } else {
            break;
        }
    }
    Ok(())
}

/// Two argument lists name the same overload: compare the types, ignoring names and modes.
fn same_signature(a: Option<&str>, b: Option<&str>) -> bool {
    fn types(sig: &str) -> Vec<String> {
        sig.split(',')
            .map(|arg| {
                let words: Vec<&str> = arg.split_whitespace().collect();
                let words: Vec<&str> = words
                    .iter()
                    .copied()
                    .filter(|w| !matches!(w.to_ascii_uppercase().as_str(), "IN" | "OUT" | "INOUT" | "VARIADIC"))
                    .collect();
                // `name type` or `type`: the type is the last word(s) after a name; keep the tail.
                words.last().map(|w| w.to_ascii_lowercase()).unwrap_or_default()
            })
            .filter(|t| !t.is_empty())
            .collect()
    }
    match (a, b) {
        (Some(a), Some(b)) => types(a) == types(b),
        (None, None) => true,
        _ => false,
    }
}

/// `COMMENT ON <kind> name IS '...'` for an object kind; `Ok(false)` when no object matched.
pub(crate) fn apply_comment(
    schema: &mut Schema,
    kind: ObjectKind,
    src: &str,
    toks: &[Tok],
    comment: Option<String>,
    cx: &StatementContext,
) -> Result<bool, Diagnostic> {
    let Some(named) = named(src, toks, 2, kind, cx.dialect) else {
        return Err(cx.error(format!("cannot read the {} this comment is on", kind.describe())));
    };
    let found = schema.objects.iter_mut().find(|o| {
        same_kind(o.kind, kind)
            && o.name == named.name
            && (named.signature.is_none() || same_signature(o.signature.as_deref(), named.signature.as_deref()))
            && (named.table.is_none() || o.table == named.table)
    });
    match found {
        Some(object) => {
            object.comment = comment;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// A table's name as a statement the reader writes itself spells it: every part double-quoted.
pub(crate) fn quoted_table_name(name: &QualifiedName) -> String {
    match &name.schema {
        Some(schema) => format!("{}.{}", quoted_ident(schema), quoted_ident(&name.name)),
        None => quoted_ident(&name.name),
    }
}

/// A PostgreSQL identifier in double quotes, its quotes doubled.
pub(crate) fn quoted_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::super::lex::lex;
    use super::*;

    fn name_of(sql: &str, kind: ObjectKind, dialect: Dialect) -> Named {
        named(sql, &lex(sql, dialect), 1, kind, dialect).expect("named")
    }

    #[test]
    fn names_signatures_and_tables() {
        let pg = Dialect::Postgres;
        let f = name_of(
            "CREATE FUNCTION public.film_in_stock(p_film_id integer, p_store_id integer DEFAULT 1, OUT p_film_count integer) RETURNS SETOF integer",
            ObjectKind::Function,
            pg,
        );
        assert_eq!(f.name, QualifiedName::new("film_in_stock"));
        assert_eq!(f.signature.as_deref(), Some("p_film_id integer, p_store_id integer, OUT p_film_count integer"));
        let t = name_of(
            "CREATE TRIGGER last_updated BEFORE UPDATE ON public.actor FOR EACH ROW EXECUTE FUNCTION public.last_updated()",
            ObjectKind::Trigger,
            pg,
        );
        assert_eq!((t.name.name.as_str(), t.table), ("last_updated", Some(QualifiedName::new("actor"))));
        let o = name_of(
            "CREATE OPERATOR public.~<< (FUNCTION = f, LEFTARG = text, RIGHTARG = text)",
            ObjectKind::Operator,
            pg,
        );
        assert_eq!((o.name.name.as_str(), o.signature.as_deref()), ("~<<", Some("text, text")));
        let r = name_of("CREATE RULE r AS ON INSERT TO public.t DO INSTEAD NOTHING", ObjectKind::Rule, pg);
        assert_eq!(r.table, Some(QualifiedName::new("t")));
        let e = name_of("CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public", ObjectKind::Extension, pg);
        assert_eq!(e.name, QualifiedName::new("citext"));
    }

    #[test]
    fn mysql_definers_are_dropped_from_definitions() {
        let sql = "CREATE DEFINER=`root`@`localhost` TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1";
        let toks = lex(sql, Dialect::Mysql);
        assert_eq!(
            definition(sql, &toks, Dialect::Mysql),
            "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1"
        );
        let t = named(sql, &toks, 1, ObjectKind::Trigger, Dialect::Mysql).unwrap();
        assert_eq!(t.table, Some(QualifiedName::new("a")));
    }

    #[test]
    fn overloads_compare_by_argument_types() {
        assert!(same_signature(Some("a integer, b text"), Some("integer, text")));
        assert!(!same_signature(Some("integer"), Some("bigint")));
    }
}

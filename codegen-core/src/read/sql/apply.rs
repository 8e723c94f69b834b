//! Applying one statement to the model, by what it is: the statements the model reads itself
//! (indexes, enums, comments, drops, sequences, the parts of `ALTER TABLE` dumps write), the ones
//! it hands to sqlparser once prepared (`CREATE TABLE`, the rest of `ALTER TABLE`), the objects
//! it carries verbatim, and the ones it skips with a note.

use sqlparser::ast::Statement;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Tokenizer;

use super::alter_objects::{alter_index, alter_sequence, alter_type, alter_view};
use super::classify::{Action, classify, keywords};
use super::coltype::lower_declared_type;
use super::drop::drop;
use super::index::create_index;
use super::lex::{Kind, Tok, lex, matching_close, qualified, qualified_name, span_text, split_commas};
use super::prepare::{Edit, apply_edits, prepare_column, prepare_create_table};
use super::{StatementContext, alter, objects, table};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::model::{
    AutoIncrement, ColumnDefault, DbObject, EnumType, ObjectKind, PartitionOf, QualifiedName, Schema, View,
};

/// The first words of a statement, for messages.
pub(crate) fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

/// Parse `text` (one statement, starting where `cx` says) with sqlparser, positions in the file.
pub(crate) fn parse_at(text: &str, cx: &StatementContext) -> Result<Statement, Diagnostic> {
    let dialect = super::parser_dialect(cx.dialect);
    let mut tokens = Tokenizer::new(dialect.as_ref(), text).tokenize_with_location().map_err(|e| {
        super::parse_error(cx, &format!("{} at Line: {}, Column: {}", e.message, e.location.line, e.location.column))
    })?;
    let shift = |loc: &mut sqlparser::tokenizer::Location| {
        if loc.line == 1 {
            loc.column += cx.column as u64 - 1;
        }
        if loc.line > 0 {
            loc.line += cx.line as u64 - 1;
        }
    };
    for token in &mut tokens {
        shift(&mut token.span.start);
        shift(&mut token.span.end);
    }
    let mut parser = Parser::new(dialect.as_ref()).with_tokens_with_locations(tokens);
    parser.parse_statement().map_err(|e| super::parse_error(cx, &e.to_string()))
}

/// Apply one statement's text.
pub(crate) fn apply_text(
    schema: &mut Schema,
    text: &str,
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let toks = lex(text, cx.dialect);
    if toks.is_empty() {
        return Ok(());
    }

    match classify(text, &toks, cx.dialect) {
        Action::Skip(why) => {
            diagnostics.push(cx.note(format!("skipped `{}`: {why}", first_words(text, 3))));
            Ok(())
        }
        Action::SchemaRow => match toks.iter().rev().find(|t| t.kind == Kind::String) {
            Some(sql) if sql.string_value(text).trim_start().to_ascii_uppercase().starts_with("CREATE") => {
                apply_text(schema, &sql.string_value(text), cx, diagnostics)
            }
            _ => {
                diagnostics.push(cx.note("skipped a row written into sqlite_schema: it holds no CREATE statement"));
                Ok(())
            }
        },
        Action::CreateTable => create_table(schema, text, &toks, cx, diagnostics),
        Action::CreateIndex => create_index(schema, text, &toks, cx),
        Action::CreateView => create_view(schema, text, &toks, cx),
        Action::CreateType => create_type(schema, text, &toks, cx, diagnostics),
        Action::CreateSchema => create_schema(schema, text, &toks, cx, diagnostics),
        Action::AlterTable => alter_table(schema, text, &toks, cx, diagnostics),
        Action::AlterType => alter_type(schema, text, &toks, cx, diagnostics),
        Action::AlterIndex => alter_index(schema, text, &toks, cx, diagnostics),
        Action::AlterView => alter_view(schema, text, &toks, cx, diagnostics),
        Action::AlterSchema => {
            diagnostics
                .push(cx.note(format!("skipped `{}`: schemas carry no settings in the model", first_words(text, 3))));
            Ok(())
        }
        Action::AlterSequence => alter_sequence(schema, text, &toks, cx, diagnostics),
        Action::Drop => drop(schema, text, &toks, cx),
        Action::Comment => comment(schema, text, &toks, cx, diagnostics),
        Action::RenameTable => match parse_at(text, cx)? {
            Statement::RenameTable(renames) => {
                for rename in renames {
                    alter::rename_table(schema, &cx.name(&rename.old_name), cx.name(&rename.new_name), cx)?;
                }
                Ok(())
            }
            _ => Err(cx.error("cannot read this RENAME TABLE")),
        },
        Action::CreateObject(kind) => objects::apply_create(schema, kind, text, &toks, cx, diagnostics),
        Action::AlterObject(kind) => objects::apply_alter(schema, kind, text, &toks, cx, diagnostics),
        Action::Unknown => Err(unknown_statement(text, &toks, cx)),
    }
}

/// A statement no reader knows: a misspelled object word gets a suggestion.
fn unknown_statement(text: &str, toks: &[Tok], cx: &StatementContext) -> Diagnostic {
    const OBJECTS: &[&str] = &[
        "TABLE",
        "INDEX",
        "VIEW",
        "TYPE",
        "SCHEMA",
        "SEQUENCE",
        "FUNCTION",
        "PROCEDURE",
        "TRIGGER",
        "EXTENSION",
        "DOMAIN",
        "MATERIALIZED",
        "UNIQUE",
        "AGGREGATE",
        "OPERATOR",
        "POLICY",
        "RULE",
        "COLLATION",
        "CAST",
    ];
    let words: Vec<String> = keywords(text, toks, 3).into_iter().map(|(w, _)| w).collect();
    let help = match words.as_slice() {
        [verb, object, ..] if matches!(verb.as_str(), "CREATE" | "ALTER" | "DROP") => {
            // Transposed or slipped letters: the same letters, or a word two edits away.
            let letters = |w: &str| {
                let mut l: Vec<char> = w.chars().collect();
                l.sort_unstable();
                l
            };
            OBJECTS
                .iter()
                .find(|k| letters(k) == letters(object) || crate::validate::edit_distance(object, k) <= 2)
                .filter(|_| object.len() >= 4)
                .map(|k| format!("did you mean `{verb} {k}`?"))
        }
        _ => None,
    };
    let mut diagnostic =
        cx.error(format!("cannot read `{}`: codegen does not know this statement", first_words(text, 3)));
    diagnostic = match help {
        Some(help) => diagnostic.with_help(help),
        None => {
            diagnostic.with_help("if it changes no table, remove it from the schema file; otherwise please report it")
        }
    };
    diagnostic
}

fn create_table(
    schema: &mut Schema,
    text: &str,
    toks: &[Tok],
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let prepared = prepare_create_table(text, toks, cx.dialect);
    if let (Some((parent, bound)), Some(name)) = (&prepared.partition_of, &prepared.name) {
        return create_partition(schema, name, parent, bound, &prepared.options, cx);
    }
    match parse_at(&prepared.text, cx)? {
        Statement::CreateTable(create) => table::apply_create_table(schema, create, &prepared, text, cx, diagnostics),
        _ => Err(cx.error("cannot read this CREATE TABLE")),
    }
}

/// `CREATE TABLE p PARTITION OF parent FOR VALUES ...`: the parent's columns, and its bound.
fn create_partition(
    schema: &mut Schema,
    name: &QualifiedName,
    parent: &QualifiedName,
    bound: &str,
    options: &crate::model::TableOptions,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    let Some(parent_table) = schema.table(parent) else {
        return Err(cx.error(format!("table `{parent}` does not exist")).with_object(name.to_string()));
    };
    let mut table = crate::model::Table::new(name.name.clone());
    table.name = name.clone();
    table.columns = parent_table.columns.iter().map(table::inherited_column).collect();
    for column in &mut table.columns {
        column.loc = cx.loc();
    }
    table.checks = table::inherited_checks(parent_table);
    table.options = options.clone();
    table.options.partition_of = Some(PartitionOf { parent: parent.clone(), bound: bound.trim().to_string() });
    table.loc = cx.loc();
    if schema.table(name).is_some() {
        return Err(cx.error(format!("table `{name}` is created twice")));
    }
    schema.tables.push(table);
    Ok(())
}

/// `CREATE [OR REPLACE] [MATERIALIZED] VIEW name [(columns)] AS query [WITH [NO] DATA]`.
fn create_view(schema: &mut Schema, text: &str, toks: &[Tok], cx: &StatementContext) -> Result<(), Diagnostic> {
    let d = cx.dialect;
    let head: Vec<String> = keywords(text, toks, 8).into_iter().map(|(w, _)| w).collect();
    let materialized = head.iter().any(|w| w == "MATERIALIZED");
    let or_replace = head.iter().any(|w| w == "REPLACE");
    let Some(at) = toks.iter().position(|t| t.is_word(text, "VIEW")) else {
        return Err(cx.error("cannot read this CREATE VIEW"));
    };
    let mut i = at + 1;
    let mut if_not_exists = false;
    if toks.get(i).is_some_and(|t| t.is_word(text, "IF")) {
        if_not_exists = true;
        i += 3;
    }
    let (parts, mut i) = qualified_name(text, toks, i, d).ok_or_else(|| cx.error("cannot read the view's name"))?;
    let name = qualified(parts, d);
    let mut names = Vec::new();
    if toks.get(i).is_some_and(|t| t.is_punct(text, '(')) {
        let c = matching_close(text, toks, i).ok_or_else(|| cx.error("unbalanced parentheses"))?;
        names = split_commas(text, toks, i + 1, c).into_iter().map(|(a, _)| toks[a].ident(text, d)).collect();
        i = c + 1;
    }
    let Some(as_at) = toks[i..].iter().position(|t| t.is_word(text, "AS")).map(|p| i + p) else {
        return Err(cx.error(format!("cannot read view `{name}`: no AS before its query")));
    };
    let mut end = toks.len();
    // PostgreSQL: `WITH [NO] DATA` after a materialized view's query is how it is filled.
    if materialized && end >= 2 && toks[end - 1].is_word(text, "DATA") {
        end -= if toks[end - 2].is_word(text, "NO") { 3 } else { 2 };
    }
    let definition = span_text(text, toks, as_at + 1, end).to_string();
    let security_invoker = view_security_invoker(text, &toks[..at], &toks[i..as_at], d);
    if schema.view(&name).is_some() {
        if or_replace || if_not_exists {
            if if_not_exists && !or_replace {
                return Ok(());
            }
            schema.views.retain(|v| v.name != name);
        } else {
            return Err(cx.error(format!("view `{name}` is created twice")));
        }
    }
    let columns = table::view_columns_of(schema, &definition, &names, cx);
    schema.views.push(View {
        name,
        columns,
        definition,
        materialized,
        security_invoker,
        indexes: Vec::new(),
        comment: None,
        loc: cx.loc(),
    });
    Ok(())
}

/// Whether a view runs as its caller: MySQL's `SQL SECURITY INVOKER` before `VIEW`, PostgreSQL's
/// `WITH (security_invoker = true)` (or `on`, `1`, alone) between the name and `AS`.
fn view_security_invoker(text: &str, head: &[Tok], options: &[Tok], dialect: Dialect) -> bool {
    match dialect {
        Dialect::Mysql => head.windows(2).any(|w| w[0].is_word(text, "SECURITY") && w[1].is_word(text, "INVOKER")),
        Dialect::Postgres => options.iter().enumerate().any(|(k, t)| {
            t.is_word(text, "security_invoker") && {
                let value = options.get(k + 1).filter(|t| t.is_punct(text, '=')).and_then(|_| options.get(k + 2));
                value.is_none_or(|v| {
                    let v = v.text(text).trim_matches('\'').to_ascii_lowercase();
                    matches!(v.as_str(), "true" | "on" | "1" | "yes")
                })
            }
        }),
        Dialect::Sqlite => false,
    }
}

/// `CREATE TYPE name AS ENUM (...)` is an enum; any other type is carried as an object.
fn create_type(
    schema: &mut Schema,
    text: &str,
    toks: &[Tok],
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let d = cx.dialect;
    let Some(at) = toks.iter().position(|t| t.is_word(text, "TYPE")) else {
        return Err(cx.error("cannot read this CREATE TYPE"));
    };
    let (parts, i) = qualified_name(text, toks, at + 1, d).ok_or_else(|| cx.error("cannot read the type's name"))?;
    let name = qualified(parts, d);
    let is_enum =
        toks.get(i).is_some_and(|t| t.is_word(text, "AS")) && toks.get(i + 1).is_some_and(|t| t.is_word(text, "ENUM"));
    if !is_enum {
        return objects::apply_create(schema, ObjectKind::Type, text, toks, cx, diagnostics);
    }
    let open = i + 2;
    let close = matching_close(text, toks, open).ok_or_else(|| cx.error("unbalanced parentheses in CREATE TYPE"))?;
    let values =
        (open + 1..close).filter(|&k| toks[k].kind == Kind::String).map(|k| toks[k].string_value(text)).collect();
    if schema.enum_type(&name).is_some() {
        return Err(cx.error(format!("type `{name}` is created twice")));
    }
    schema.enums.push(EnumType { name, values, comment: None, loc: cx.loc() });
    Ok(())
}

fn create_schema(
    schema: &mut Schema,
    text: &str,
    toks: &[Tok],
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    if cx.dialect != Dialect::Postgres {
        diagnostics.push(cx.note(format!("skipped `{}`: a database of its own", first_words(text, 3))));
        return Ok(());
    }
    let Some(at) = toks.iter().position(|t| t.is_word(text, "SCHEMA")) else {
        return Err(cx.error("cannot read this CREATE SCHEMA"));
    };
    let mut i = at + 1;
    let mut if_not_exists = false;
    if toks.get(i).is_some_and(|t| t.is_word(text, "IF")) {
        if_not_exists = true;
        i += 3;
    }
    let name = if toks.get(i).is_some_and(|t| t.is_word(text, "AUTHORIZATION")) {
        toks.get(i + 1).map(|t| t.ident(text, cx.dialect))
    } else {
        toks.get(i).map(|t| t.ident(text, cx.dialect))
    };
    let Some(name) = name else {
        return Err(cx.error("cannot read the schema's name"));
    };
    if name == "public" {
        return Ok(());
    }
    if schema.namespaces.contains(&name) {
        return if if_not_exists { Ok(()) } else { Err(cx.error(format!("schema `{name}` is created twice"))) };
    }
    schema.namespaces.push(name);
    Ok(())
}

/// What one `ALTER TABLE` action is.
enum TableAction {
    /// Settings the model does not hold.
    Skip(&'static str),
    /// `VALIDATE CONSTRAINT c`: checks existing rows, so the model is unchanged; `c` must exist.
    Validate {
        constraint: String,
    },
    /// `ADD GENERATED ... AS IDENTITY`, `SET GENERATED`, `DROP IDENTITY` on a column.
    Identity {
        column: String,
        strategy: Option<AutoIncrement>,
        options: Option<String>,
    },
    /// `ALTER COLUMN c SET DEFAULT e` (the expression kept as written) and `DROP DEFAULT`.
    SetDefault {
        column: String,
        text: Option<String>,
    },
    /// `ALTER COLUMN c [SET DATA] TYPE t [COLLATE c] [USING e]`.
    SetType {
        column: String,
        declared: String,
        collation: Option<String>,
    },
    AttachPartition {
        child: QualifiedName,
        bound: String,
    },
    DetachPartition {
        child: QualifiedName,
    },
    Inherit {
        parent: QualifiedName,
        yes: bool,
    },
    Logged(bool),
    RowSecurity {
        enable: bool,
        force: Option<bool>,
    },
    /// `ENABLE | DISABLE | ENABLE REPLICA | ENABLE ALWAYS TRIGGER | RULE name`: kept with the
    /// trigger or rule (a dump restores a disabled trigger this way). `ALL` and `USER` are skipped.
    Switch {
        /// `DISABLE`, `ENABLE`, `ENABLE REPLICA` or `ENABLE ALWAYS`.
        state: String,
        rule: bool,
        object: String,
    },
    /// MySQL `ENGINE=`, `COMMENT=` and character set options.
    MysqlOption,
    /// Anything else: sqlparser reads it.
    Parse,
}

fn table_action(text: &str, toks: &[Tok], a: usize, b: usize, d: Dialect) -> TableAction {
    use TableAction as T;
    let w: Vec<String> = toks[a..b].iter().take(8).map(|t| t.text(text).to_ascii_uppercase()).collect();
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    let column_at = if w.get(1) == Some(&"COLUMN") { 2 } else { 1 };
    let column = || toks.get(a + column_at).map(|t| t.ident(text, d)).unwrap_or_default();
    let after_column: Vec<&str> = w.iter().skip(column_at + 1).copied().collect();
    // `... AS IDENTITY (SEQUENCE NAME s START WITH 1 ...)`: the options as written.
    let identity_options = || {
        let at = (a..b).find(|&k| toks[k].is_word(text, "IDENTITY"))?;
        let open = at + 1;
        if !toks.get(open).is_some_and(|t| t.is_punct(text, '(')) {
            return None;
        }
        let close = matching_close(text, toks, open)?;
        Some(span_text(text, toks, open + 1, close).trim().to_string())
    };
    match w.as_slice() {
        ["OWNER", "TO", ..] => T::Skip("an owner change"),
        ["CLUSTER", "ON", ..] | ["SET", "WITHOUT", "CLUSTER", ..] => T::Skip("a clustering hint"),
        ["SET", "(", ..] | ["RESET", "(", ..] | ["SET", "TABLESPACE", ..] | ["SET", "ACCESS", ..] => {
            T::Skip("a storage setting")
        }
        ["SET", "WITH", "OIDS", ..] | ["SET", "WITHOUT", "OIDS", ..] => T::Skip("a storage setting"),
        ["REPLICA", "IDENTITY", ..] => T::Skip("a replication setting"),
        ["VALIDATE", "CONSTRAINT", ..] => {
            T::Validate { constraint: toks.get(a + 2).map(|t| t.ident(text, d)).unwrap_or_default() }
        }
        ["ENABLE" | "DISABLE", "TRIGGER" | "RULE", "ALL" | "USER", ..]
        | ["ENABLE", "REPLICA" | "ALWAYS", "TRIGGER" | "RULE", "ALL" | "USER", ..] => {
            T::Skip("a switch of every trigger or rule")
        }
        [switch @ ("ENABLE" | "DISABLE"), kind @ ("TRIGGER" | "RULE"), ..] if toks.get(a + 2).is_some() => {
            T::Switch { state: switch.to_string(), rule: *kind == "RULE", object: toks[a + 2].ident(text, d) }
        }
        ["ENABLE", how @ ("REPLICA" | "ALWAYS"), kind @ ("TRIGGER" | "RULE"), ..] if toks.get(a + 3).is_some() => {
            T::Switch { state: format!("ENABLE {how}"), rule: *kind == "RULE", object: toks[a + 3].ident(text, d) }
        }
        ["ENABLE" | "DISABLE", "KEYS", ..] => T::Skip("an index maintenance switch"),
        ["ENABLE", "ROW", "LEVEL", "SECURITY", ..] => T::RowSecurity { enable: true, force: None },
        ["DISABLE", "ROW", "LEVEL", "SECURITY", ..] => T::RowSecurity { enable: false, force: None },
        ["FORCE", "ROW", "LEVEL", "SECURITY", ..] => T::RowSecurity { enable: true, force: Some(true) },
        ["NO", "FORCE", "ROW", "LEVEL", "SECURITY", ..] => T::RowSecurity { enable: true, force: Some(false) },
        ["SET", "LOGGED", ..] => T::Logged(true),
        ["SET", "UNLOGGED", ..] => T::Logged(false),
        ["ATTACH", "PARTITION", ..] => match qualified_name(text, toks, a + 2, d) {
            Some((parts, next)) => {
                T::AttachPartition { child: qualified(parts, d), bound: span_text(text, toks, next, b).to_string() }
            }
            None => T::Parse,
        },
        ["DETACH", "PARTITION", ..] => match qualified_name(text, toks, a + 2, d) {
            Some((parts, _)) => T::DetachPartition { child: qualified(parts, d) },
            None => T::Parse,
        },
        ["INHERIT", ..] | ["NO", "INHERIT", ..] => {
            let skip = if w[0] == "NO" { 2 } else { 1 };
            match qualified_name(text, toks, a + skip, d) {
                Some((parts, _)) => T::Inherit { parent: qualified(parts, d), yes: skip == 1 },
                None => T::Parse,
            }
        }
        ["ALTER", ..] => match after_column.as_slice() {
            ["ADD" | "SET", "GENERATED", kind, ..] => T::Identity {
                column: column(),
                strategy: Some(if *kind == "ALWAYS" {
                    AutoIncrement::IdentityAlways
                } else {
                    AutoIncrement::IdentityByDefault
                }),
                options: identity_options(),
            },
            ["DROP", "IDENTITY", ..] => T::Identity { column: column(), strategy: None, options: None },
            ["SET", "DEFAULT", ..] => {
                let at = a + column_at + 3;
                T::SetDefault { column: column(), text: Some(span_text(text, toks, at, b).to_string()) }
            }
            ["DROP", "DEFAULT", ..] => T::SetDefault { column: column(), text: None },
            ["SET", "STATISTICS" | "STORAGE" | "COMPRESSION", ..] | ["SET", "(", ..] | ["RESET", "(", ..] => {
                T::Skip("a column storage setting")
            }
            ["TYPE", ..] | ["SET", "DATA", "TYPE", ..] => {
                let type_at = a + column_at + 1 + if after_column[0] == "TYPE" { 1 } else { 3 };
                let end = (type_at..b)
                    .find(|&k| toks[k].is_word(text, "USING") || toks[k].is_word(text, "COLLATE"))
                    .unwrap_or(b);
                let collation = (type_at..b)
                    .find(|&k| toks[k].is_word(text, "COLLATE"))
                    .and_then(|k| toks.get(k + 1))
                    .map(|t| t.text(text).to_string());
                T::SetType { column: column(), declared: span_text(text, toks, type_at, end).to_string(), collation }
            }
            _ => T::Parse,
        },
        ["AUTO_INCREMENT", ..]
        | ["ALGORITHM", ..]
        | ["LOCK", ..]
        | ["ROW_FORMAT", ..]
        | ["FORCE"]
        | ["ORDER", "BY", ..]
            if d == Dialect::Mysql =>
        {
            T::Skip("a storage setting")
        }
        ["CONVERT", "TO", ..] if d == Dialect::Mysql => T::Skip("a character set conversion"),
        ["ENGINE", ..]
        | ["COMMENT", ..]
        | ["CHARSET", ..]
        | ["DEFAULT", "CHARSET", ..]
        | ["CHARACTER", "SET", ..]
        | ["DEFAULT", "CHARACTER", ..]
        | ["COLLATE", ..]
        | ["DEFAULT", "COLLATE", ..]
            if d == Dialect::Mysql =>
        {
            T::MysqlOption
        }
        _ => T::Parse,
    }
}

fn alter_table(
    schema: &mut Schema,
    text: &str,
    toks: &[Tok],
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let d = cx.dialect;
    let Some(at) = toks.iter().position(|t| t.is_word(text, "TABLE")) else {
        return Err(cx.error("cannot read this ALTER TABLE"));
    };
    let mut i = at + 1;
    let mut if_exists = false;
    loop {
        match toks.get(i) {
            Some(t) if t.is_word(text, "IF") => {
                if_exists = true;
                i += 2;
            }
            Some(t) if t.is_word(text, "ONLY") => i += 1,
            _ => break,
        }
    }
    let (parts, mut i) = qualified_name(text, toks, i, d).ok_or_else(|| cx.error("cannot read the table's name"))?;
    let name = qualified(parts, d);
    if toks.get(i).is_some_and(|t| t.is_punct(text, '*')) {
        i += 1;
    }
    let actions = split_commas(text, toks, i, toks.len());
    let owner_only = actions.iter().all(|&(a, b)| matches!(table_action(text, toks, a, b, d), TableAction::Skip(_)));
    if owner_only {
        let why = match actions.first().map(|&(a, b)| table_action(text, toks, a, b, d)) {
            Some(TableAction::Skip(why)) => why,
            _ => "nothing to apply",
        };
        diagnostics.push(cx.note(format!("skipped `{}`: {why}", first_words(text, 4))));
        return Ok(());
    }
    if schema.table(&name).is_none() {
        if if_exists {
            return Ok(());
        }
        alter::table_mut(schema, &name, cx)?;
    }
    let header_end = toks[i.saturating_sub(1)].end;
    for &(a, b) in &actions {
        match table_action(text, toks, a, b, d) {
            TableAction::Skip(why) => diagnostics
                .push(cx.note(format!("skipped `{}` of `{name}`: {why}", span_first_words(text, toks, a, b, 3)))),
            TableAction::Identity { column, strategy, options } => {
                let table = alter::table_mut(schema, &name, cx)?;
                let col = table.column_mut(&column).ok_or_else(|| alter::missing_column_of(&name, &column, cx))?;
                match strategy {
                    Some(strategy) => {
                        col.default = Some(ColumnDefault::AutoIncrement { strategy });
                        col.declared_default = None;
                        col.nullable = false;
                        if options.is_some() {
                            col.counter_options = options;
                        }
                    }
                    None => {
                        col.default = None;
                        col.counter_options = None;
                    }
                }
            }
            TableAction::Validate { constraint } => {
                let table = alter::table_mut(schema, &name, cx)?;
                let known = |n: &Option<String>| n.as_deref() == Some(constraint.as_str());
                if !(table.foreign_keys.iter().any(|fk| known(&fk.name)) || table.checks.iter().any(|c| known(&c.name)))
                {
                    return Err(
                        cx.error(format!("table `{name}` has no check or foreign key `{constraint}` to validate"))
                    );
                }
            }
            TableAction::SetDefault { column, text: default } => {
                let lowered = match &default {
                    Some(sql) => {
                        let parser_dialect = super::parser_dialect(d);
                        let expr = sqlparser::parser::Parser::new(parser_dialect.as_ref())
                            .try_with_sql(sql)
                            .and_then(|mut p| p.parse_expr())
                            .map_err(|e| super::parse_error(cx, &e.to_string()))?;
                        Some(super::expr::lower_default(&expr))
                    }
                    None => None,
                };
                let table = alter::table_mut(schema, &name, cx)?;
                let col = table.column_mut(&column).ok_or_else(|| alter::missing_column_of(&name, &column, cx))?;
                col.default = lowered;
                col.declared_default = default;
            }
            TableAction::SetType { column, declared, collation } => {
                let lowered = lower_declared_type(&declared, d);
                let table = alter::table_mut(schema, &name, cx)?;
                let col = table.column_mut(&column).ok_or_else(|| alter::missing_column_of(&name, &column, cx))?;
                col.ty = lowered.ty;
                col.declared_type = declared;
                if collation.is_some() {
                    col.collation = collation;
                }
            }
            TableAction::AttachPartition { child, bound } => {
                let child_table = alter::table_mut(schema, &child, cx)?;
                child_table.options.partition_of = Some(PartitionOf { parent: name.clone(), bound });
            }
            TableAction::DetachPartition { child } => {
                alter::table_mut(schema, &child, cx)?.options.partition_of = None;
            }
            TableAction::Inherit { parent, yes } => {
                let table = alter::table_mut(schema, &name, cx)?;
                table.options.inherits.retain(|p| *p != parent);
                if yes {
                    table.options.inherits.push(parent);
                }
            }
            TableAction::Logged(logged) => alter::table_mut(schema, &name, cx)?.options.unlogged = !logged,
            TableAction::RowSecurity { enable, force } => row_security(schema, &name, enable, force, cx),
            TableAction::Switch { state, rule, object } => {
                switch(schema, &name, &state, rule, &object, cx, diagnostics)
            }
            TableAction::MysqlOption => {
                let tail = span_text(text, toks, a, b);
                let fake = format!("CREATE TABLE t () {tail}");
                let prepared = prepare_create_table(&fake, &lex(&fake, d), d);
                let table = alter::table_mut(schema, &name, cx)?;
                if prepared.options.engine.is_some() {
                    table.options.engine = prepared.options.engine;
                }
                if prepared.options.charset.is_some() {
                    table.options.charset = prepared.options.charset;
                }
                if prepared.options.collation.is_some() {
                    table.options.collation = prepared.options.collation;
                }
                if prepared.comment.is_some() {
                    table.comment = prepared.comment;
                }
            }
            TableAction::Parse => {
                // sqlparser reads this action alone: every other action is blanked out, which
                // keeps the positions of this one.
                let mut edits = Vec::new();
                for &(x, y) in &actions {
                    if (x, y) != (a, b) {
                        edits.push(Edit::Blank(toks[x].start, toks[y - 1].end));
                    }
                }
                // The commas between actions go too.
                for k in i..toks.len() {
                    if toks[k].is_punct(text, ',') && !(a..b).contains(&k) && is_top_level(text, toks, i, k) {
                        edits.push(Edit::Blank(toks[k].start, toks[k].end));
                    }
                }
                let facts = column_facts_of_action(text, toks, a, b, d, &mut edits);
                let mut prepared = text.to_string();
                apply_edits(&mut prepared, edits);
                let _ = header_end;
                match parse_at(&prepared, cx)? {
                    Statement::AlterTable(alter) => {
                        alter::apply_alter_table(schema, alter, facts.as_ref(), cx, diagnostics)?
                    }
                    other => return Err(cx.error(format!("cannot apply `{}`", first_words(&other.to_string(), 3)))),
                }
            }
        }
    }
    Ok(())
}

fn is_top_level(text: &str, toks: &[Tok], from: usize, at: usize) -> bool {
    let mut depth = 0i32;
    for t in &toks[from..at] {
        if t.is_punct(text, '(') {
            depth += 1;
        } else if t.is_punct(text, ')') {
            depth -= 1;
        }
    }
    depth == 0
}

fn span_first_words(text: &str, toks: &[Tok], a: usize, b: usize, n: usize) -> String {
    first_words(span_text(text, toks, a, b), n)
}

/// `ADD [COLUMN] c type ...`, MySQL `MODIFY [COLUMN] c type ...` and `CHANGE [COLUMN] a b type ...`:
/// the column's type is cut out as in `CREATE TABLE`.
fn column_facts_of_action(
    text: &str,
    toks: &[Tok],
    a: usize,
    b: usize,
    d: Dialect,
    edits: &mut Vec<Edit>,
) -> Option<super::prepare::ColumnFacts> {
    let word = |i: usize| toks.get(i).filter(|t| t.kind == Kind::Word).map(|t| t.text(text).to_ascii_uppercase());
    let mut i = a;
    let first = word(i)?;
    i += 1;
    let names = match first.as_str() {
        "ADD" => 1,
        "MODIFY" if d == Dialect::Mysql => 1,
        "CHANGE" if d == Dialect::Mysql => 2,
        _ => return None,
    };
    if word(i).as_deref() == Some("COLUMN") {
        i += 1;
    }
    if first == "ADD" {
        let w = word(i).unwrap_or_default();
        if matches!(
            w.as_str(),
            "CONSTRAINT"
                | "PRIMARY"
                | "UNIQUE"
                | "FOREIGN"
                | "CHECK"
                | "INDEX"
                | "KEY"
                | "FULLTEXT"
                | "SPATIAL"
                | "EXCLUDE"
        ) {
            return None;
        }
        if w == "IF" {
            i += 3;
        }
    }
    let name_at = i + names - 1;
    (name_at < b).then(|| prepare_column(text, toks, name_at, b, d, edits))
}

/// Records a trigger's or rule's switch with it: a statement after its definition, replacing an
/// earlier switch; a plain `ENABLE` (the state it is created in) leaves none.
fn switch(
    schema: &mut Schema,
    table: &QualifiedName,
    state: &str,
    rule: bool,
    name: &str,
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) {
    let kinds: &[ObjectKind] =
        if rule { &[ObjectKind::Rule] } else { &[ObjectKind::Trigger, ObjectKind::ConstraintTrigger] };
    let word = if rule { "RULE" } else { "TRIGGER" };
    let found = schema.objects.iter_mut().find(|o| {
        kinds.contains(&o.kind) && o.name.name == name && o.table.as_ref().is_some_and(|t| t.name == table.name)
    });
    let Some(object) = found else {
        diagnostics.push(
            cx.note(format!("skipped `{state} {word} {name}` of `{table}`: no such {} is known", word.to_lowercase())),
        );
        return;
    };
    object.definition.retain(|s| !is_switch(s));
    if state != "ENABLE" {
        let (table, name) = (objects::quoted_table_name(table), objects::quoted_ident(name));
        object.definition.push(format!("ALTER TABLE {table} {state} {word} {name}"));
    }
}

/// Whether a statement of a trigger's or rule's definition is its switch (see [`switch`]).
pub(crate) fn is_switch(statement: &str) -> bool {
    let words: Vec<String> = statement.split_whitespace().take(8).map(str::to_ascii_uppercase).collect();
    words.first().map(String::as_str) == Some("ALTER")
        && words.iter().any(|w| w == "DISABLE" || w == "ENABLE")
        && words.iter().any(|w| w == "TRIGGER" || w == "RULE")
}

fn row_security(schema: &mut Schema, table: &QualifiedName, enable: bool, force: Option<bool>, cx: &StatementContext) {
    let key = |o: &DbObject| o.kind == ObjectKind::RowSecurity && o.table.as_ref() == Some(table);
    if !enable {
        schema.objects.retain(|o| !key(o));
        return;
    }
    let quoted = super::objects::quoted_table_name(table);
    let mut definition = vec![format!("ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY")];
    let existing_force = schema.objects.iter().find(|o| key(o)).is_some_and(|o| o.definition.len() > 1);
    if force.unwrap_or(existing_force) {
        definition.push(format!("ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY"));
    }
    schema.objects.retain(|o| !key(o));
    schema.objects.push(DbObject {
        kind: ObjectKind::RowSecurity,
        name: table.clone(),
        signature: None,
        table: Some(table.clone()),
        dialect: cx.dialect,
        definition,
        depends_on: Vec::new(),
        comment: None,
        loc: cx.loc(),
    });
}

/// `COMMENT ON CONSTRAINT name ON table IS ...` (PostgreSQL); one on a domain's constraint is
/// skipped with a note (domains are resolved into their columns).
fn constraint_comment(
    schema: &mut Schema,
    text: &str,
    toks: &[Tok],
    value: Option<String>,
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let d = cx.dialect;
    let name = toks[3].ident(text, d);
    if toks.get(5).is_some_and(|t| t.is_word(text, "DOMAIN")) {
        diagnostics.push(cx.note(format!("skipped the comment on domain constraint `{name}`")));
        return Ok(());
    }
    let (parts, _) = qualified_name(text, toks, 5, d).ok_or_else(|| cx.error("cannot read the constraint's table"))?;
    let table_name = qualified(parts, d);
    let table = alter::table_mut(schema, &table_name, cx)?;
    if !table.has_constraint(&name, Some(d)) {
        return Err(cx
            .error(format!("constraint `{name}` of table `{table_name}` does not exist"))
            .with_object(table_name.to_string()));
    }
    match value {
        Some(comment) => table.constraint_comments.insert(name, comment),
        None => table.constraint_comments.remove(&name),
    };
    Ok(())
}

/// `COMMENT ON <kind> <name> IS '...' | NULL`.
fn comment(
    schema: &mut Schema,
    text: &str,
    toks: &[Tok],
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let d = cx.dialect;
    let Some(is_at) = toks.iter().rposition(|t| t.is_word(text, "IS")) else {
        return Err(cx.error("cannot read this COMMENT: no IS"));
    };
    let value = match toks.get(is_at + 1) {
        Some(t) if t.kind == Kind::String => Some(t.string_value(text)),
        Some(t) if t.is_word(text, "NULL") => None,
        _ => return Err(cx.error("cannot read this COMMENT's text")),
    };
    let words: Vec<String> = toks[2..is_at].iter().take(4).map(|t| t.text(text).to_ascii_uppercase()).collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    use ObjectKind as O;
    let (kind_words, object) = match w.as_slice() {
        ["TABLE", ..] => (1, None),
        ["COLUMN", ..] => (1, None),
        ["VIEW", ..] => (1, None),
        ["MATERIALIZED", "VIEW", ..] => (2, None),
        ["TYPE", ..] => (1, Some(O::Type)),
        ["DOMAIN", ..] => (1, Some(O::Domain)),
        ["FUNCTION", ..] => (1, Some(O::Function)),
        ["PROCEDURE", ..] | ["ROUTINE", ..] => (1, Some(O::Procedure)),
        ["AGGREGATE", ..] => (1, Some(O::Aggregate)),
        ["TRIGGER", ..] => (1, Some(O::Trigger)),
        ["EVENT", "TRIGGER", ..] => (2, Some(O::EventTrigger)),
        ["EXTENSION", ..] => (1, Some(O::Extension)),
        ["SEQUENCE", ..] => (1, Some(O::Sequence)),
        ["OPERATOR", "CLASS", ..] => (2, Some(O::OperatorClass)),
        ["OPERATOR", "FAMILY", ..] => (2, Some(O::OperatorFamily)),
        ["OPERATOR", ..] => (1, Some(O::Operator)),
        ["CAST", ..] => (1, Some(O::Cast)),
        ["COLLATION", ..] => (1, Some(O::Collation)),
        ["CONVERSION", ..] => (1, Some(O::Conversion)),
        ["TEXT", "SEARCH", "CONFIGURATION", ..] => (3, Some(O::TextSearchConfiguration)),
        ["TEXT", "SEARCH", "DICTIONARY", ..] => (3, Some(O::TextSearchDictionary)),
        ["TEXT", "SEARCH", "PARSER", ..] => (3, Some(O::TextSearchParser)),
        ["TEXT", "SEARCH", "TEMPLATE", ..] => (3, Some(O::TextSearchTemplate)),
        ["RULE", ..] => (1, Some(O::Rule)),
        ["POLICY", ..] => (1, Some(O::Policy)),
        ["PUBLICATION", ..] => (1, Some(O::Publication)),
        ["STATISTICS", ..] => (1, Some(O::Statistics)),
        ["SERVER", ..] => (1, Some(O::ForeignServer)),
        ["FOREIGN", "TABLE", ..] => (2, Some(O::ForeignTable)),
        ["FOREIGN", "DATA", ..] => (3, Some(O::ForeignDataWrapper)),
        ["LANGUAGE", ..] | ["PROCEDURAL", "LANGUAGE", ..] => {
            diagnostics.push(cx.note("skipped a comment on a language"));
            return Ok(());
        }
        ["SCHEMA", ..] if d == Dialect::Postgres => {
            let Some(name) = toks.get(3).map(|t| t.ident(text, d)) else {
                return Err(cx.error("cannot read the schema's name"));
            };
            match value {
                Some(comment) => schema.namespace_comments.insert(name, comment),
                None => schema.namespace_comments.remove(&name),
            };
            return Ok(());
        }
        ["CONSTRAINT", ..] if d == Dialect::Postgres && toks.get(4).is_some_and(|t| t.is_word(text, "ON")) => {
            return constraint_comment(schema, text, toks, value, cx, diagnostics);
        }
        ["SCHEMA", ..]
        | ["DATABASE", ..]
        | ["ROLE", ..]
        | ["TABLESPACE", ..]
        | ["LARGE", ..]
        | ["INDEX", ..]
        | ["CONSTRAINT", ..]
        | ["ACCESS", ..]
        | ["TRANSFORM", ..] => {
            diagnostics.push(cx.note(format!(
                "skipped `{}`: the model keeps no comment on {}",
                first_words(text, 4),
                words[0].to_ascii_lowercase()
            )));
            return Ok(());
        }
        _ => return Err(cx.error(format!("cannot read `{}`", first_words(text, 4)))),
    };
    if let Some(kind) = object {
        // A type's comment may be an enum's.
        if kind == O::Type
            && let Some((parts, _)) = qualified_name(text, toks, 3, d)
        {
            let name = qualified(parts, d);
            if let Some(e) = schema.enums.iter_mut().find(|e| e.name == name) {
                e.comment = value;
                return Ok(());
            }
        }
        if !objects::apply_comment(schema, kind, text, toks, value, cx)? {
            diagnostics.push(cx.warning(format!(
                "skipped `{}`: no such {} here",
                first_words(text, 5),
                kind.describe()
            )));
        }
        return Ok(());
    }
    let name_at = 2 + kind_words;
    let (mut parts, _) =
        qualified_name(text, toks, name_at, d).ok_or_else(|| cx.error("cannot read the commented name"))?;
    match w[0] {
        "TABLE" => alter::table_mut(schema, &qualified(parts, d), cx)?.comment = value,
        "VIEW" | "MATERIALIZED" => {
            let name = qualified(parts, d);
            match schema.views.iter_mut().find(|v| v.name == name) {
                Some(v) => v.comment = value,
                None => return Err(cx.error(format!("view `{name}` does not exist"))),
            }
        }
        _ => {
            let column = parts.pop().unwrap_or_default();
            let owner = qualified(parts, d);
            if let Some(view) = schema.views.iter_mut().find(|v| v.name == owner) {
                if let Some(c) = view.columns.iter_mut().find(|c| c.name == column) {
                    c.comment = value;
                }
                return Ok(());
            }
            let table = alter::table_mut(schema, &owner, cx)?;
            match table.column_mut(&column) {
                Some(c) => c.comment = value,
                None => return Err(alter::missing_column_of(&owner, &column, cx)),
            }
        }
    }
    Ok(())
}

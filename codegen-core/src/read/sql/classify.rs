//! What a statement is, from its first words, before any full parse: whether it can change the
//! model, which reader handles it, or why it is skipped. Decided per statement kind, so a dump's
//! settings, grants and data never stop a read, and a `CREATE TABLE` is never skipped.

use super::lex::{Kind, Tok};
use crate::dialect::Dialect;
use crate::model::ObjectKind;

/// What to do with a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Changes nothing the model holds; the text says what it is, for the note.
    Skip(&'static str),
    /// `CREATE TABLE` (a `PARTITION OF` one included).
    CreateTable,
    CreateIndex,
    CreateView,
    /// `CREATE TYPE`: an enum is modelled, any other kind is carried as an object.
    CreateType,
    CreateSchema,
    AlterTable,
    AlterType,
    AlterIndex,
    /// `ALTER VIEW` / `ALTER MATERIALIZED VIEW` (renames; owners are skipped).
    AlterView,
    AlterSchema,
    AlterSequence,
    Drop,
    /// `COMMENT ON ...` of any kind.
    Comment,
    /// MySQL `RENAME TABLE a TO b`.
    RenameTable,
    /// A database object carried verbatim.
    CreateObject(ObjectKind),
    /// `ALTER <object> ...`: kept with the object's definition.
    AlterObject(ObjectKind),
    /// sqlite3 `.dump`'s `INSERT INTO sqlite_schema(...) VALUES(..., 'CREATE VIRTUAL TABLE ...')`,
    /// written under `PRAGMA writable_schema=ON`: the statement in its last string is applied.
    SchemaRow,
    /// Nothing the reader knows; an error when it could change the schema.
    Unknown,
}

/// The upper-case words at the start of the statement with their token indexes, skipping MySQL's
/// `DEFINER = user`, `ALGORITHM = x` and `SQL SECURITY x` clauses of `CREATE`.
pub(crate) fn keywords(src: &str, toks: &[Tok], limit: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() && out.len() < limit {
        let t = toks[i];
        if t.kind != Kind::Word {
            break;
        }
        let word = t.text(src).to_ascii_uppercase();
        if matches!(word.as_str(), "DEFINER" | "ALGORITHM") && toks.get(i + 1).is_some_and(|e| e.is_punct(src, '=')) {
            // `DEFINER = user@host` / `DEFINER = CURRENT_USER`: skip to the next bare word after it.
            i += 2;
            while i < toks.len()
                && !(toks[i].kind == Kind::Word && is_create_keyword(&toks[i].text(src).to_ascii_uppercase()))
            {
                i += 1;
            }
            continue;
        }
        if word == "SQL" && toks.get(i + 1).is_some_and(|t| t.is_word(src, "SECURITY")) {
            i += 3;
            continue;
        }
        out.push((word, i));
        i += 1;
    }
    out
}

fn is_create_keyword(word: &str) -> bool {
    matches!(
        word,
        "VIEW" | "TRIGGER" | "PROCEDURE" | "FUNCTION" | "EVENT" | "SQL" | "DEFINER" | "ALGORITHM" | "AGGREGATE"
    )
}

/// Decide what a statement is.
pub(crate) fn classify(src: &str, toks: &[Tok], dialect: Dialect) -> Action {
    let words: Vec<String> = keywords(src, toks, 8).into_iter().map(|(w, _)| w).collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    use Action as A;
    let Some(first) = w.first() else {
        return A::Unknown;
    };
    match *first {
        "CREATE" => classify_create(&w[1..], dialect),
        "ALTER" => classify_alter(src, toks, &w[1..], dialect),
        "DROP" => classify_drop(&w[1..]),
        "COMMENT" => A::Comment,
        "RENAME" if w.get(1) == Some(&"TABLE") => A::RenameTable,
        "SET" | "RESET" => A::Skip("a session setting"),
        "SELECT" | "WITH" | "VALUES" | "TABLE" => A::Skip("a query"),
        "INSERT"
            if dialect == Dialect::Sqlite
                && w.get(1) == Some(&"INTO")
                && w.get(2).is_some_and(|t| matches!(*t, "SQLITE_SCHEMA" | "SQLITE_MASTER")) =>
        {
            A::SchemaRow
        }
        "INSERT" | "UPDATE" | "DELETE" | "REPLACE" | "MERGE" | "UPSERT" | "TRUNCATE" | "COPY" | "LOAD" => {
            A::Skip("a data change")
        }
        "BEGIN" | "START" | "COMMIT" | "ROLLBACK" | "END" | "SAVEPOINT" | "RELEASE" | "ABORT" | "XA" => {
            A::Skip("transaction control")
        }
        "GRANT" | "REVOKE" | "REASSIGN" | "SECURITY" => A::Skip("a privilege change"),
        "LOCK" | "UNLOCK" => A::Skip("a lock"),
        "PRAGMA" => A::Skip("a SQLite pragma"),
        "USE" | "CONNECT" => A::Skip("a change of database"),
        "ANALYZE" | "ANALYSE" | "VACUUM" | "REINDEX" | "CLUSTER" | "CHECKPOINT" | "OPTIMIZE" | "REPAIR" | "CHECK"
        | "FLUSH" | "REFRESH" | "DISCARD" => A::Skip("maintenance"),
        "LISTEN" | "NOTIFY" | "UNLISTEN" | "PREPARE" | "EXECUTE" | "DEALLOCATE" | "DECLARE" | "FETCH" | "CLOSE"
        | "MOVE" | "CALL" | "DO" | "EXPLAIN" | "SHOW" | "DESCRIBE" | "DESC" | "HANDLER" | "KILL" | "SIGNAL"
        | "RESIGNAL" | "GET" | "PURGE" | "INSTALL" | "UNINSTALL" | "HELP" | "CACHE" | "ATTACH" | "DETACH" => {
            A::Skip("not a schema change")
        }
        _ => A::Unknown,
    }
}

fn classify_create(w: &[&str], dialect: Dialect) -> Action {
    use Action as A;
    use ObjectKind as O;
    // Drop the modifiers before the object word.
    let mut i = 0;
    while i < w.len()
        && matches!(
            w[i],
            "OR" | "REPLACE"
                | "GLOBAL"
                | "LOCAL"
                | "TEMP"
                | "TEMPORARY"
                | "UNLOGGED"
                | "UNIQUE"
                | "FULLTEXT"
                | "SPATIAL"
                | "TRUSTED"
                | "PROCEDURAL"
                | "DEFAULT"
                | "CONSTRAINT"
                | "RECURSIVE"
                | "MATERIALIZED"
                | "VIRTUAL"
                | "FOREIGN"
                | "EVENT"
                | "TEXT"
                | "SEARCH"
                | "OPERATOR"
                | "USER"
                | "IF"
                | "NOT"
                | "EXISTS"
                | "AGGREGATE"
        )
        && !is_object_word(w, i)
    {
        i += 1;
    }
    let has = |word: &str| w[..i.min(w.len())].contains(&word);
    let Some(object) = w.get(i) else {
        return A::Unknown;
    };
    match *object {
        "TABLE" if has("FOREIGN") => A::CreateObject(O::ForeignTable),
        "TABLE" if has("VIRTUAL") => A::CreateObject(O::VirtualTable),
        "TABLE" if has("TEMP") || has("TEMPORARY") => A::Skip("a temporary table"),
        "TABLE" => A::CreateTable,
        "INDEX" | "KEY" => A::CreateIndex,
        "VIEW" => A::CreateView,
        "TYPE" => A::CreateType,
        "SCHEMA" => A::CreateSchema,
        "DATABASE" if dialect == Dialect::Mysql => A::Skip("a database (MySQL's word for a schema) of its own"),
        "DATABASE" | "TABLESPACE" | "ROLE" | "GROUP" => A::Skip("a cluster-wide object"),
        "USER" if has("USER") => A::Skip("a cluster-wide object"),
        "USER" => A::Skip("a cluster-wide object"),
        "MAPPING" => A::CreateObject(O::UserMapping),
        "EXTENSION" => A::CreateObject(O::Extension),
        "SEQUENCE" => A::CreateObject(O::Sequence),
        "FUNCTION" => A::CreateObject(O::Function),
        "PROCEDURE" => A::CreateObject(O::Procedure),
        "AGGREGATE" => A::CreateObject(O::Aggregate),
        "TRIGGER" if has("EVENT") => A::CreateObject(O::EventTrigger),
        "TRIGGER" if has("CONSTRAINT") => A::CreateObject(O::ConstraintTrigger),
        "TRIGGER" => A::CreateObject(O::Trigger),
        "DOMAIN" => A::CreateObject(O::Domain),
        "CLASS" if has("OPERATOR") => A::CreateObject(O::OperatorClass),
        "FAMILY" if has("OPERATOR") => A::CreateObject(O::OperatorFamily),
        "CAST" => A::CreateObject(O::Cast),
        "COLLATION" => A::CreateObject(O::Collation),
        "CONVERSION" => A::CreateObject(O::Conversion),
        "CONFIGURATION" if has("SEARCH") => A::CreateObject(O::TextSearchConfiguration),
        "DICTIONARY" if has("SEARCH") => A::CreateObject(O::TextSearchDictionary),
        "PARSER" if has("SEARCH") => A::CreateObject(O::TextSearchParser),
        "TEMPLATE" if has("SEARCH") => A::CreateObject(O::TextSearchTemplate),
        "RULE" => A::CreateObject(O::Rule),
        "POLICY" => A::CreateObject(O::Policy),
        "PUBLICATION" => A::CreateObject(O::Publication),
        "SUBSCRIPTION" => A::Skip("a subscription (it connects to another server)"),
        "STATISTICS" => A::CreateObject(O::Statistics),
        "WRAPPER" if has("FOREIGN") || w.get(i.saturating_sub(1)) == Some(&"DATA") => {
            A::CreateObject(O::ForeignDataWrapper)
        }
        "DATA" if w.get(i + 1) == Some(&"WRAPPER") => A::CreateObject(O::ForeignDataWrapper),
        "SERVER" => A::CreateObject(O::ForeignServer),
        "LANGUAGE" => A::CreateObject(O::Language),
        "EVENT" if dialect == Dialect::Mysql => A::CreateObject(O::Event),
        "ACCESS" => A::CreateObject(O::AccessMethod),
        "TRANSFORM" => A::CreateObject(O::Transform),
        "OPERATOR" => A::CreateObject(O::Operator),
        _ => A::Unknown,
    }
}

/// Whether `w[i]` is the object word itself rather than a modifier (`CREATE EVENT TRIGGER`
/// vs MySQL's `CREATE EVENT e`; `CREATE OPERATOR ===` vs `CREATE OPERATOR CLASS`).
fn is_object_word(w: &[&str], i: usize) -> bool {
    match w[i] {
        "EVENT" => !matches!(w.get(i + 1), Some(&"TRIGGER")),
        "OPERATOR" => !matches!(w.get(i + 1), Some(&"CLASS") | Some(&"FAMILY")),
        "AGGREGATE" => true,
        "USER" => !matches!(w.get(i + 1), Some(&"MAPPING")),
        _ => false,
    }
}

fn classify_alter(src: &str, toks: &[Tok], w: &[&str], dialect: Dialect) -> Action {
    use Action as A;
    use ObjectKind as O;
    let owner_only = toks.windows(2).any(|p| p[0].is_word(src, "OWNER") && p[1].is_word(src, "TO"));
    let kind = match w {
        ["TABLE", ..] => return A::AlterTable,
        ["FOREIGN", "TABLE", ..] => O::ForeignTable,
        ["INDEX", ..] => return A::AlterIndex,
        ["TYPE", ..] => return if owner_only { A::Skip("an owner change") } else { A::AlterType },
        ["VIEW", ..] | ["MATERIALIZED", "VIEW", ..] => {
            return if owner_only { A::Skip("an owner change") } else { A::AlterView };
        }
        ["SCHEMA", ..] => return if owner_only { A::Skip("an owner change") } else { A::AlterSchema },
        ["SEQUENCE", ..] => return A::AlterSequence,
        ["DATABASE", ..]
        | ["ROLE", ..]
        | ["USER", "MAPPING", ..]
        | ["USER", ..]
        | ["GROUP", ..]
        | ["SYSTEM", ..]
        | ["TABLESPACE", ..]
        | ["DEFAULT", "PRIVILEGES", ..] => return A::Skip("a cluster-wide setting"),
        ["LANGUAGE", ..] | ["PROCEDURAL", "LANGUAGE", ..] => return A::Skip("a language's owner or name"),
        ["EXTENSION", ..] => O::Extension,
        ["FUNCTION", ..] => O::Function,
        ["PROCEDURE", ..] => O::Procedure,
        ["ROUTINE", ..] => O::Function,
        ["AGGREGATE", ..] => O::Aggregate,
        ["DOMAIN", ..] => O::Domain,
        ["TRIGGER", ..] => O::Trigger,
        ["EVENT", "TRIGGER", ..] => O::EventTrigger,
        ["EVENT", ..] if dialect == Dialect::Mysql => O::Event,
        ["OPERATOR", "CLASS", ..] => O::OperatorClass,
        ["OPERATOR", "FAMILY", ..] => O::OperatorFamily,
        ["OPERATOR", ..] => O::Operator,
        ["COLLATION", ..] => O::Collation,
        ["CONVERSION", ..] => O::Conversion,
        ["TEXT", "SEARCH", "CONFIGURATION", ..] => O::TextSearchConfiguration,
        ["TEXT", "SEARCH", "DICTIONARY", ..] => O::TextSearchDictionary,
        ["TEXT", "SEARCH", "PARSER", ..] => O::TextSearchParser,
        ["TEXT", "SEARCH", "TEMPLATE", ..] => O::TextSearchTemplate,
        ["RULE", ..] => O::Rule,
        ["POLICY", ..] => O::Policy,
        ["PUBLICATION", ..] => O::Publication,
        ["SUBSCRIPTION", ..] => return A::Skip("a subscription"),
        ["STATISTICS", ..] => O::Statistics,
        ["SERVER", ..] => O::ForeignServer,
        ["FOREIGN", "DATA", "WRAPPER", ..] => O::ForeignDataWrapper,
        ["LARGE", "OBJECT", ..] => return A::Skip("a large object"),
        _ => return A::Unknown,
    };
    if owner_only { A::Skip("an owner change") } else { A::AlterObject(kind) }
}

fn classify_drop(w: &[&str]) -> Action {
    use Action as A;
    match w {
        ["DATABASE", ..] | ["ROLE", ..] | ["USER", ..] | ["GROUP", ..] | ["TABLESPACE", ..] | ["OWNED", ..] => {
            A::Skip("a cluster-wide object")
        }
        ["SUBSCRIPTION", ..] => A::Skip("a subscription"),
        _ => A::Drop,
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::lex;
    use super::*;

    fn action(sql: &str, dialect: Dialect) -> Action {
        classify(sql, &lex(sql, dialect), dialect)
    }

    #[test]
    fn dump_noise_is_skipped_and_objects_are_carried() {
        let pg = Dialect::Postgres;
        assert_eq!(action("SET statement_timeout = 0", pg), Action::Skip("a session setting"));
        assert_eq!(action("SELECT pg_catalog.set_config('search_path', '', false)", pg), Action::Skip("a query"));
        assert_eq!(action("ALTER TABLE public.actor OWNER TO postgres", pg), Action::AlterTable);
        assert_eq!(
            action("ALTER PROCEDURAL LANGUAGE plpgsql OWNER TO postgres", pg),
            action("ALTER LANGUAGE x OWNER TO y", pg)
        );
        assert_eq!(
            action("CREATE OR REPLACE PROCEDURAL LANGUAGE plpgsql", pg),
            Action::CreateObject(ObjectKind::Language)
        );
        assert_eq!(
            action("CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public", pg),
            Action::CreateObject(ObjectKind::Extension)
        );
        assert_eq!(
            action("CREATE CONSTRAINT TRIGGER t AFTER INSERT ON x", pg),
            Action::CreateObject(ObjectKind::ConstraintTrigger)
        );
        assert_eq!(
            action("CREATE EVENT TRIGGER e ON ddl_command_start", pg),
            Action::CreateObject(ObjectKind::EventTrigger)
        );
        assert_eq!(
            action("CREATE OPERATOR public.~<< (PROCEDURE = f)", pg),
            Action::CreateObject(ObjectKind::Operator)
        );
        assert_eq!(
            action("CREATE OPERATOR CLASS c FOR TYPE t USING gist AS", pg),
            Action::CreateObject(ObjectKind::OperatorClass)
        );
        assert_eq!(
            action("CREATE TEXT SEARCH CONFIGURATION public.x (COPY = simple)", pg),
            Action::CreateObject(ObjectKind::TextSearchConfiguration)
        );
        assert_eq!(action("CREATE UNLOGGED TABLE t (a int)", pg), Action::CreateTable);
        assert_eq!(action("CREATE UNIQUE INDEX i ON t (a)", pg), Action::CreateIndex);
        assert_eq!(action("CREATE MATERIALIZED VIEW v AS SELECT 1", pg), Action::CreateView);
        assert_eq!(action("ALTER FUNCTION f(int) OWNER TO x", pg), Action::Skip("an owner change"));
        assert_eq!(action("ALTER SEQUENCE s OWNED BY t.id", pg), Action::AlterSequence);
        assert_eq!(action("CREATE DATABASE chinook", pg), Action::Skip("a cluster-wide object"));
    }

    #[test]
    fn mysql_definers_do_not_hide_the_object() {
        let my = Dialect::Mysql;
        assert_eq!(
            action("CREATE DEFINER=`root`@`localhost` TRIGGER t BEFORE INSERT ON a", my),
            Action::CreateObject(ObjectKind::Trigger)
        );
        assert_eq!(
            action("CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v AS SELECT 1", my),
            Action::CreateView
        );
        assert_eq!(
            action("CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1", my),
            Action::CreateObject(ObjectKind::Event)
        );
        assert_eq!(
            action("CREATE DATABASE IF NOT EXISTS sakila", my),
            Action::Skip("a database (MySQL's word for a schema) of its own")
        );
    }
}

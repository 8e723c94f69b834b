//! Quoting: identifiers exactly when a dialect needs it, and string literals always.

use codegen_core::{Dialect, QualifiedName};

use crate::keywords::is_reserved;

/// `name` as an identifier of `dialect`, quoted only when it would not read back unchanged bare:
/// a reserved word, a leading digit, a character outside `[A-Za-z0-9_]`, or (PostgreSQL only,
/// which folds bare names to lower case) an upper-case letter.
pub fn quote_ident(name: &str, dialect: Dialect) -> String {
    if needs_quotes(name, dialect) {
        let (open, close) = match dialect {
            Dialect::Mysql => ('`', "``"),
            Dialect::Postgres | Dialect::Sqlite => ('"', "\"\""),
        };
        let inner = name.replace(open, close);
        format!("{open}{inner}{open}")
    } else {
        name.to_string()
    }
}

fn needs_quotes(name: &str, dialect: Dialect) -> bool {
    let plain_char = |c: char| {
        c == '_'
            || c.is_ascii_digit()
            || c.is_ascii_lowercase()
            || (c.is_ascii_uppercase() && dialect != Dialect::Postgres)
    };
    name.is_empty()
        || name.starts_with(|c: char| c.is_ascii_digit())
        || !name.chars().all(plain_char)
        || is_reserved(name, dialect)
}

/// A table, view or type name. Only PostgreSQL has namespaces; elsewhere the name is written
/// unqualified (the caller warns about that once per object).
pub fn quote_name(name: &QualifiedName, dialect: Dialect) -> String {
    match (&name.schema, dialect) {
        (Some(schema), Dialect::Postgres) => {
            format!("{}.{}", quote_ident(schema, dialect), quote_ident(&name.name, dialect))
        }
        _ => quote_ident(&name.name, dialect),
    }
}

/// `a, b, c` with each name quoted as needed.
pub(crate) fn quote_list(names: &[String], dialect: Dialect) -> String {
    names.iter().map(|n| quote_ident(n, dialect)).collect::<Vec<_>>().join(", ")
}

/// A string literal. MySQL also treats backslash as an escape character by default.
pub(crate) fn quote_literal(text: &str, dialect: Dialect) -> String {
    let mut escaped = text.replace('\'', "''");
    if dialect == Dialect::Mysql {
        escaped = escaped.replace('\\', "\\\\");
    }
    format!("'{escaped}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_stay_bare() {
        for dialect in Dialect::ALL {
            assert_eq!(quote_ident("created_at", dialect), "created_at");
        }
    }

    #[test]
    fn names_that_need_it_are_quoted() {
        assert_eq!(quote_ident("user", Dialect::Postgres), "\"user\"");
        assert_eq!(quote_ident("key", Dialect::Mysql), "`key`");
        assert_eq!(quote_ident("key", Dialect::Postgres), "key");
        assert_eq!(quote_ident("Name", Dialect::Postgres), "\"Name\"");
        assert_eq!(quote_ident("Name", Dialect::Mysql), "Name");
        assert_eq!(quote_ident("1st", Dialect::Sqlite), "\"1st\"");
        assert_eq!(quote_ident("a\"b", Dialect::Postgres), "\"a\"\"b\"");
        assert_eq!(quote_ident("a`b", Dialect::Mysql), "`a``b`");
        assert_eq!(quote_ident("", Dialect::Sqlite), "\"\"");
    }

    #[test]
    fn literals_escape_quotes_and_mysql_backslashes() {
        assert_eq!(quote_literal("it's", Dialect::Postgres), "'it''s'");
        assert_eq!(quote_literal("a\\b", Dialect::Postgres), "'a\\b'");
        assert_eq!(quote_literal("a\\b", Dialect::Mysql), "'a\\\\b'");
    }
}

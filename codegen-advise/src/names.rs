//! Names as the database stores them: PostgreSQL folds unquoted identifiers to lower case, and
//! the model keeps the default namespace (`public`) as no namespace at all.

use codegen_core::{Dialect, QualifiedName};
use sqlparser::ast::{Ident, ObjectName};

/// An identifier as stored: unquoted PostgreSQL names fold to lower case.
pub fn fold(ident: &Ident, dialect: Dialect) -> String {
    if ident.quote_style.is_none() && dialect == Dialect::Postgres {
        ident.value.to_lowercase()
    } else {
        ident.value.clone()
    }
}

/// The identifiers of an object name, folded.
pub fn parts(name: &ObjectName, dialect: Dialect) -> Vec<String> {
    name.0.iter().filter_map(|p| p.as_ident()).map(|i| fold(i, dialect)).collect()
}

/// A (possibly qualified) table name as the model keys it.
pub fn table_of(parts: &[String]) -> QualifiedName {
    match parts {
        [] => QualifiedName::new(""),
        [name] => QualifiedName::new(name.clone()),
        [.., schema, name] => {
            let schema = (schema != "public").then(|| schema.clone());
            QualifiedName::qualified(schema, name.clone())
        }
    }
}

/// `schema.table` or `table` written by a user (flags, config, directives).
pub fn table_name(text: &str, dialect: Dialect) -> QualifiedName {
    table_of(&split_text(text, dialect))
}

/// `table.column` or `schema.table.column` written by a user; a single word is a table.
pub fn table_and_column(text: &str, dialect: Dialect) -> (QualifiedName, Option<String>) {
    let parts = split_text(text, dialect);
    match parts.as_slice() {
        [table] => (QualifiedName::new(table.clone()), None),
        [rest @ .., column] => (table_of(rest), Some(column.clone())),
        [] => (QualifiedName::new(""), None),
    }
}

fn split_text(text: &str, dialect: Dialect) -> Vec<String> {
    text.trim()
        .split('.')
        .map(|p| {
            let p = p.trim();
            let quoted = (p.starts_with('"') && p.ends_with('"') && p.len() >= 2)
                || (p.starts_with('`') && p.ends_with('`') && p.len() >= 2);
            if quoted {
                p[1..p.len() - 1].to_string()
            } else if dialect == Dialect::Postgres {
                p.to_lowercase()
            } else {
                p.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_fold_like_the_database() {
        assert_eq!(table_name("Public.Users", Dialect::Postgres), QualifiedName::new("users"));
        assert_eq!(table_name("\"Users\"", Dialect::Postgres), QualifiedName::new("Users"));
        assert_eq!(
            table_and_column("audit.log.at", Dialect::Postgres),
            (QualifiedName::qualified(Some("audit".into()), "log"), Some("at".into()))
        );
        assert_eq!(table_and_column("Users", Dialect::Mysql), (QualifiedName::new("Users"), None));
    }
}

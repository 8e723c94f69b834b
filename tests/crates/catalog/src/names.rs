//! The names engines make up for constraints and indexes a script left unnamed.
//!
//! Such a name carries no meaning: `album_artist_id_fkey` and `album_artist_id_fkey1` are the same
//! foreign key created in another order. A snapshot keys a constraint or index whose name is the
//! engine's own choice by its definition instead, so that only names a script chose (or a name
//! codegen's output changed to something no engine would choose) are compared. The rules:
//!
//! - PostgreSQL (`ChooseConstraintName`, `ChooseIndexName`, `makeObjectName`): `<table>_pkey`,
//!   `<table>_<columns>_fkey`, `<table>_<columns>_key`, `<table>_<column>_check` (or
//!   `<table>_check`), `<table>_<columns>_excl`, `<table>_<columns>_idx` (an expression part is
//!   named after its function, else `expr`), a domain's `<domain>_check`; each may carry a
//!   number after the label (`_fkey1`), and the parts are cut to fit 63 bytes.
//! - MariaDB: `PRIMARY`; a foreign key `<table>_ibfk_<n>`; a table check `CONSTRAINT_<n>`, a column
//!   check the column's name; an index or unique key its first column's name, or `<name>_<n>`;
//!   the index a foreign key creates takes the key's name.
//! - SQLite: `sqlite_autoindex_<table>_<n>` (its other constraints have no name in the catalog).

/// PostgreSQL's `NAMEDATALEN - 1`.
const PG_MAX_NAME: usize = 63;

/// Whether `name` is the one PostgreSQL chooses for an object of `table` on `columns` with
/// `label` (`pkey`, `fkey`, `key`, `check`, `excl`, `idx`), allowing the number it appends when
/// the name is taken.
pub fn is_postgres_default(name: &str, table: &str, columns: &[String], label: &str) -> bool {
    let addition = columns.join("_");
    let base = |label: &str| {
        if addition.is_empty() {
            pg_object_name(table, None, label)
        } else {
            pg_object_name(table, Some(&addition), label)
        }
    };
    if name == base(label) {
        return true;
    }
    // With a number: `<label><n>`, cut again to fit.
    (1..100).any(|n| name == base(&format!("{label}{n}")))
}

/// PostgreSQL's `makeObjectName`: `name1_name2_label`, shortening the longer of the two names
/// until the whole fits in 63 bytes.
pub fn pg_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let available = PG_MAX_NAME.saturating_sub(overhead);
    let mut len1 = name1.len();
    let mut len2 = name2.map_or(0, str::len);
    while len1 + len2 > available {
        if len1 > len2 {
            len1 -= 1;
        } else {
            len2 -= 1;
        }
    }
    let mut out = clip(name1, len1).to_owned();
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(clip(name2, len2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// The longest prefix of `text` of at most `len` bytes that ends on a character boundary (what
/// `pg_mbcliplen` does).
fn clip(text: &str, mut len: usize) -> &str {
    while !text.is_char_boundary(len) {
        len -= 1;
    }
    &text[..len]
}

/// The name PostgreSQL gives an index column in an index's name: a column's own name, an
/// expression's function name (`lower(email)` is `lower`), else `expr`; repeats get numbers.
pub fn pg_index_column_names(parts: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for part in parts {
        let base = pg_index_column_name(part);
        let mut name = base.clone();
        let mut n = 0;
        while names.contains(&name) {
            n += 1;
            name = format!("{base}{n}");
        }
        names.push(name);
    }
    names
}

fn pg_index_column_name(part: &str) -> String {
    let part = part.trim();
    let unquoted = |s: &str| s.trim_matches('"').to_owned();
    if is_identifier(part) {
        return unquoted(part);
    }
    // `lower((email)::text)` → lower; `(a + b)` → expr.
    if let Some((head, _)) = part.split_once('(') {
        let head = head.trim();
        let head = head.rsplit('.').next().unwrap_or(head);
        if !head.is_empty() && is_identifier(head) {
            return unquoted(head);
        }
    }
    "expr".to_owned()
}

fn is_identifier(text: &str) -> bool {
    (text.starts_with('"') && text.ends_with('"') && text.len() > 1)
        || (!text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$'))
}

/// Whether `name` is one MariaDB chooses for a foreign key of `table`.
pub fn is_mysql_foreign_key_default(name: &str, table: &str) -> bool {
    name.strip_prefix(table)
        .and_then(|rest| rest.strip_prefix("_ibfk_"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `name` is one MariaDB chooses for a check: `CONSTRAINT_<n>`, or the column's name for
/// a check written on a column.
pub fn is_mysql_check_default(name: &str, column_level: bool) -> bool {
    column_level
        || name.strip_prefix("CONSTRAINT_").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `name` is one MariaDB chooses for an index whose first column is `first_column`:
/// that name, or that name with `_<n>`.
pub fn is_mysql_index_default(name: &str, first_column: &str) -> bool {
    name == first_column
        || name
            .strip_prefix(first_column)
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `name` is SQLite's name for the index behind a `UNIQUE` or `PRIMARY KEY` constraint.
pub fn is_sqlite_autoindex(name: &str) -> bool {
    name.starts_with("sqlite_autoindex_")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn postgres_names_as_postgres_chooses_them() {
        assert!(is_postgres_default("album_pkey", "album", &[], "pkey"));
        assert!(is_postgres_default("album_artist_id_fkey", "album", &cols(&["artist_id"]), "fkey"));
        assert!(is_postgres_default("album_artist_id_fkey1", "album", &cols(&["artist_id"]), "fkey"));
        assert!(is_postgres_default("t_a_b_key", "t", &cols(&["a", "b"]), "key"));
        assert!(!is_postgres_default("fk_album_artist", "album", &cols(&["artist_id"]), "fkey"));
        assert!(!is_postgres_default("album_pkey", "albums", &[], "pkey"));
    }

    #[test]
    fn long_postgres_names_are_cut_like_make_object_name() {
        // Both parts are 40 bytes: the longer is cut first, then they alternate.
        let table = "a".repeat(40);
        let column = "b".repeat(40);
        let name = pg_object_name(&table, Some(&column), "fkey");
        assert_eq!(name.len(), 63);
        assert_eq!(name, format!("{}_{}_fkey", "a".repeat(29), "b".repeat(28)));
    }

    #[test]
    fn postgres_index_column_names() {
        let parts = cols(&["email", "lower((email)::text)", "(a + b)", "lower(name)"]);
        assert_eq!(pg_index_column_names(&parts), ["email", "lower", "expr", "lower1"]);
    }

    #[test]
    fn mysql_default_names() {
        assert!(is_mysql_foreign_key_default("album_ibfk_1", "album"));
        assert!(!is_mysql_foreign_key_default("fk_album", "album"));
        assert!(is_mysql_check_default("CONSTRAINT_1", false));
        assert!(is_mysql_index_default("artist_id_2", "artist_id"));
        assert!(!is_mysql_index_default("idx_artist", "artist_id"));
    }
}

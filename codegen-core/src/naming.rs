//! Names derived from SQL names: the one place backends turn table and column names into
//! identifiers of their target language.

use heck::{ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, 2024 edition) that need a raw identifier or a rename.
const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "Self", "super", "_"];

pub fn is_rust_keyword(name: &str) -> bool {
    RUST_KEYWORDS.contains(&name)
}

/// Whether `name` is a valid Rust identifier as written (keywords excluded).
pub fn is_rust_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_ascii_alphabetic() => {}
        _ => return false,
    }
    name != "_" && chars.all(|c| c == '_' || c.is_ascii_alphanumeric()) && !is_rust_keyword(name)
}

/// A Rust type name (`UpperCamelCase`) for a SQL name: `experiment_variants` -> `ExperimentVariants`.
pub fn rust_type_name(sql_name: &str) -> String {
    let name = sanitize(sql_name).to_upper_camel_case();
    prefix_if_needed(name)
}

/// A Rust field or module name (`snake_case`) for a SQL name, without raw-identifier escaping.
/// `CreatedAt` -> `created_at`, `1st` -> `_1st`, `user name` -> `user_name`.
pub fn rust_field_name(sql_name: &str) -> String {
    // Most SQL names are snake_case already; heck would rebuild the same string word by word,
    // and backends ask for thousands of these per schema.
    let name = if is_plain_snake_case(sql_name) { sql_name.to_string() } else { sanitize(sql_name).to_snake_case() };
    prefix_if_needed(name)
}

/// Whether heck's `to_snake_case` leaves `name` as it is: lowercase ASCII words of letters and
/// digits joined by single underscores.
fn is_plain_snake_case(name: &str) -> bool {
    name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !name.starts_with('_')
        && !name.ends_with('_')
        && !name.contains("__")
}

/// How a field name must be written in Rust source: as is, raw (`r#type`), or renamed
/// (`self_` for keywords that cannot be raw).
pub fn rust_ident_text(name: &str) -> String {
    if NON_RAW_KEYWORDS.contains(&name) {
        format!("{name}_")
    } else if is_rust_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// Names Diesel's `table!` cannot take as written, even when they are identifiers.
const DIESEL_RESERVED_NAMES: &[&str] = &["table", "columns", "is_nullable"];

/// Column names Diesel's `table!` cannot take although print-schema writes them: diesel 2.3's
/// `table!` binds `let q` where the columns are in scope, so a column `q` does not compile.
const DIESEL_RESERVED_COLUMN_NAMES: &[&str] = &["q"];

/// The name `diesel print-schema` gives a table or column: characters outside `[A-Za-z0-9_]`
/// become one `_`, a leading digit gets a `_` prefix, and keywords, Diesel's reserved names and
/// `__`-prefixed names get a `_` suffix. `avoid` is the owning table's name, which a column
/// must not repeat; a column also gets the suffix where print-schema's name would not compile
/// (`q`). A result that differs from the SQL name needs `#[sql_name = "..."]`.
pub fn diesel_rust_name(sql_name: &str, avoid: Option<&str>) -> String {
    let mut name = String::with_capacity(sql_name.len() + 1);
    let mut last_was_underscore = false;
    for (i, c) in sql_name.chars().enumerate() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if i == 0 && c.is_ascii_digit() {
                name.push('_');
            }
            name.push(c);
            last_was_underscore = false;
        } else {
            // A run of unmappable characters becomes one underscore.
            if !last_was_underscore {
                name.push('_');
            }
            last_was_underscore = true;
        }
    }
    let reserved = !is_plain_identifier(&name)
        || is_rust_keyword(&name)
        || DIESEL_RESERVED_NAMES.contains(&name.as_str())
        || (name.starts_with("__") && !name.ends_with('_'));
    let reserved_column = avoid.is_some() && DIESEL_RESERVED_COLUMN_NAMES.contains(&name.as_str());
    if reserved || reserved_column || avoid == Some(name.as_str()) {
        name.push('_');
    }
    name
}

/// A struct name for one row of a table: `UpperCamelCase` of the singular (`users` -> `User`,
/// `categories` -> `Category`, `addresses` -> `Address`), as Diesel's guides name them.
pub fn rust_row_type_name(table_sql_name: &str) -> String {
    let name = rust_type_name(table_sql_name);
    singular(&name).unwrap_or(name)
}

fn singular(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with("ies") && name.len() > 4 {
        Some(format!("{}y", &name[..name.len() - 3]))
    } else if ["sses", "xes", "ches", "shes", "zes"].iter().any(|s| lower.ends_with(s)) {
        Some(name[..name.len() - 2].to_string())
    } else if lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") && name.len() > 2 {
        Some(name[..name.len() - 1].to_string())
    } else {
        None
    }
}

/// Whether `name` is `[A-Za-z_][A-Za-z0-9_]*` and not `_` (keywords included).
fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && name != "_"
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// The name PostgreSQL gives an unnamed CHECK constraint of `table`: `<table>_<column>_check` after
/// the first of the table's columns the expression names, else `<table>_check` (PostgreSQL's
/// `ChooseConstraintName`; names past 63 bytes are not shortened here). Tools that must name every
/// check (drizzle) use it to build the catalog PostgreSQL builds from the unnamed constraint.
pub fn postgres_check_name(table: &str, columns: &[&str], expression: &str) -> String {
    let mut word = String::new();
    let mut quoted = false;
    let mut first: Option<String> = None;
    for c in expression.chars().chain([' ']) {
        match c {
            '"' => quoted = !quoted,
            c if quoted || c.is_alphanumeric() || c == '_' => word.push(c),
            _ => {
                if !word.is_empty() && first.is_none() {
                    first = columns.iter().find(|col| col.eq_ignore_ascii_case(&word)).map(|c| c.to_string());
                }
                word.clear();
            }
        }
    }
    postgres_object_name(table, first.as_deref(), "check")
}

/// PostgreSQL's NAMEDATALEN - 1: the longest name it keeps, in bytes.
const POSTGRES_NAME_BYTES: usize = 63;

/// PostgreSQL's `makeObjectName`: `<name1>_<name2>_<label>`, where past 63 bytes the longer of
/// `name1` and `name2` is shortened first (by whole characters), so the label always survives.
pub fn postgres_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let available = POSTGRES_NAME_BYTES.saturating_sub(overhead);
    let (mut len1, mut len2) = (name1.len(), name2.map_or(0, str::len));
    while len1 + len2 > available {
        if len1 > len2 { len1 -= 1 } else { len2 -= 1 }
    }
    let clip = |text: &str, mut len: usize| {
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        text[..len].to_string()
    };
    let mut name = clip(name1, len1);
    if let Some(name2) = name2 {
        name.push('_');
        name.push_str(&clip(name2, len2));
    }
    name.push('_');
    name.push_str(label);
    name
}

/// The name PostgreSQL gives an unnamed primary key: `<table>_pkey`.
pub fn postgres_primary_key_name(table: &str) -> String {
    postgres_object_name(table, None, "pkey")
}

/// The name PostgreSQL gives an unnamed foreign key: `<table>_<columns>_fkey`.
pub fn postgres_foreign_key_name(table: &str, columns: &[String]) -> String {
    postgres_object_name(table, Some(&columns.join("_")), "fkey")
}

/// The sequence PostgreSQL makes for a serial column: `<table>_<column>_seq`.
pub fn postgres_serial_sequence_name(table: &str, column: &str) -> String {
    postgres_object_name(table, Some(column), "seq")
}

/// The name PostgreSQL gives an unnamed unique constraint: `<table>_<columns>_key`.
pub fn postgres_unique_name(table: &str, columns: &[String]) -> String {
    postgres_object_name(table, Some(&columns.join("_")), "key")
}

/// Whether `name` can be written in a Prisma schema as is: a letter, then letters, digits or `_`.
pub fn is_prisma_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic()) && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// A Prisma name that keeps the SQL name where it is one, the way `prisma db pull` makes one:
/// what precedes the first ASCII letter is dropped and every other character that cannot be in a
/// name becomes `_` (`_nodes` -> `nodes`, `1st place` -> `st_place`, `nod-es` -> `nod_es`). A name
/// with no letter at all keeps its digits behind an `n` (`123` -> `n123`).
pub fn prisma_identifier(sql_name: &str) -> String {
    match sql_name.find(|c: char| c.is_ascii_alphabetic()) {
        Some(start) => sanitize(&sql_name[start..]),
        None => prisma_prefix_if_needed(sanitize(sql_name)),
    }
}

/// A Prisma model or enum name (`PascalCase`): `experiment_variants` -> `ExperimentVariants`.
pub fn prisma_model_name(sql_name: &str) -> String {
    prisma_prefix_if_needed(sanitize(sql_name).to_upper_camel_case())
}

/// A Prisma field name (`camelCase`): `created_at` -> `createdAt`.
pub fn prisma_field_name(sql_name: &str) -> String {
    prisma_prefix_if_needed(sanitize(sql_name).to_lower_camel_case())
}

/// Prisma names must start with a letter, where Rust allows `_`.
fn prisma_prefix_if_needed(name: String) -> String {
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) { name } else { format!("n{name}") }
}

fn sanitize(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}

fn prefix_if_needed(name: String) -> String {
    if name.is_empty() {
        "_".into()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_snake_case_shortcut_agrees_with_heck(name in "[a-z0-9_]{0,12}|[a-zA-Z0-9_ ]{0,12}") {
            if is_plain_snake_case(&name) {
                proptest::prop_assert_eq!(sanitize(&name).to_snake_case(), name);
            }
        }
    }

    #[test]
    fn names_that_are_not_identifiers_become_identifiers() {
        assert_eq!(rust_type_name("experiment_variants"), "ExperimentVariants");
        assert_eq!(rust_field_name("CreatedAt"), "created_at");
        assert_eq!(rust_field_name("1st"), "_1st");
        assert_eq!(rust_field_name("user name"), "user_name");
        assert_eq!(rust_ident_text("type"), "r#type");
        assert_eq!(rust_ident_text("self"), "self_");
        assert!(!is_rust_identifier("type"));
        assert!(is_rust_identifier("kind"));
    }

    #[test]
    fn postgres_names_a_check_after_its_first_column() {
        assert_eq!(
            postgres_check_name("categories", &["id", "name"], "char_length(name) > 0"),
            "categories_name_check"
        );
        assert_eq!(postgres_check_name("t", &["a", "b"], "b > a"), "t_b_check");
        assert_eq!(postgres_check_name("t", &["a"], "now() > '2020-01-01'"), "t_check");
    }

    #[test]
    fn postgres_names_past_63_bytes_shorten_the_longer_part_first() {
        let table = "a".repeat(40);
        let columns = vec!["b".repeat(40)];
        let name = postgres_foreign_key_name(&table, &columns);
        assert_eq!(name.len(), 63);
        assert_eq!(name, format!("{}_{}_fkey", "a".repeat(29), "b".repeat(28)));
        assert_eq!(postgres_primary_key_name(&"t".repeat(70)), format!("{}_pkey", "t".repeat(58)));
        assert_eq!(postgres_unique_name("users", &["org_id".into(), "email".into()]), "users_org_id_email_key");
    }

    #[test]
    fn prisma_names_start_with_a_letter() {
        assert_eq!(prisma_model_name("experiment_variants"), "ExperimentVariants");
        assert_eq!(prisma_field_name("created_at"), "createdAt");
        assert_eq!(prisma_identifier("user name"), "user_name");
        assert_eq!(prisma_identifier("1st"), "st");
        assert_eq!(prisma_identifier("_nodes"), "nodes");
        assert_eq!(prisma_identifier("1st place"), "st_place");
        assert_eq!(prisma_identifier("nod-es2"), "nod_es2");
        assert_eq!(prisma_identifier("123"), "n123");
        assert_eq!(prisma_field_name("_id"), "id");
        assert!(!is_prisma_identifier("_id"));
        assert!(is_prisma_identifier("user_id"));
    }

    #[test]
    fn diesel_names_follow_print_schema() {
        assert_eq!(diesel_rust_name("users", None), "users");
        assert_eq!(diesel_rust_name("type", None), "type_");
        assert_eq!(diesel_rust_name("1st", None), "_1st");
        assert_eq!(diesel_rust_name("user name", None), "user_name");
        assert_eq!(diesel_rust_name("a--b", None), "a_b");
        assert_eq!(diesel_rust_name("table", None), "table_");
        assert_eq!(diesel_rust_name("__x", None), "__x_");
        assert_eq!(diesel_rust_name("items", Some("items")), "items_");
        assert_eq!((diesel_rust_name("q", Some("t")), diesel_rust_name("q", None)), ("q_".into(), "q".into()));
        assert_eq!(rust_row_type_name("users"), "User");
        assert_eq!(rust_row_type_name("categories"), "Category");
        assert_eq!(rust_row_type_name("addresses"), "Address");
        assert_eq!(rust_row_type_name("status"), "Status");
    }
}

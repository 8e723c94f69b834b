//! Names derived from SQL names: the one place backends turn table and column names into
//! identifiers of their target language.

use heck::{ToSnakeCase, ToUpperCamelCase};

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
    let name = sanitize(sql_name).to_snake_case();
    prefix_if_needed(name)
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
}

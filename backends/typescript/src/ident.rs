//! Identifiers: which names TypeScript takes as written, and how a SQL name becomes one.

use std::collections::BTreeSet;

/// Words that cannot name a binding (`const`, `class`, a parameter) in a TypeScript module, which
/// is strict-mode code: ECMAScript's reserved and strict-mode reserved words, `await` (modules),
/// `arguments` and `eval`, and the type names a class or interface cannot take (`string`, `any`).
const RESERVED: &[&str] = &[
    "any",
    "arguments",
    "await",
    "bigint",
    "boolean",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "never",
    "new",
    "null",
    "number",
    "object",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "string",
    "super",
    "switch",
    "symbol",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "unknown",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// Whether `name` cannot name a binding or a type.
pub fn is_reserved(name: &str) -> bool {
    RESERVED.contains(&name)
}

/// Whether `name` is an identifier as written (`[A-Za-z_$][A-Za-z0-9_$]*`, the ASCII subset
/// drizzle-kit tests for), reserved words included: a property may be named `delete`.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c == '$' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c == '$' || c.is_ascii_alphanumeric())
}

/// An object key as written: the name itself where it is an identifier, else a string literal
/// (`"user name"`), as drizzle-kit and kysely-codegen write keys.
pub fn property_key(name: &str) -> String {
    if is_identifier(name) { name.to_string() } else { crate::literal::string(name) }
}

/// A binding name for `wanted` that is an identifier, not reserved and not in `taken` (which it
/// joins): other characters become `_`, a leading digit gets a `_` prefix, a reserved word or a
/// name already taken gets `suffix` and then a number (`delete` -> `deleteTable`).
pub fn unique_binding(wanted: &str, suffix: &str, taken: &mut BTreeSet<String>) -> String {
    let mut name: String =
        wanted.chars().map(|c| if c == '$' || c == '_' || c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if is_reserved(&name) || taken.contains(&name) {
        name.push_str(suffix);
    }
    let base = name.clone();
    let mut n = 2;
    while is_reserved(&name) || taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_are_identifiers_that_clash_with_nothing() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique_binding("users", "Table", &mut taken), "users");
        assert_eq!(unique_binding("users", "Table", &mut taken), "usersTable");
        assert_eq!(unique_binding("users", "Table", &mut taken), "usersTable2");
        assert_eq!(unique_binding("delete", "Table", &mut taken), "deleteTable");
        assert_eq!(unique_binding("1st place", "Table", &mut taken), "_1st_place");
        assert_eq!(property_key("createdAt"), "createdAt");
        assert_eq!(property_key("delete"), "delete");
        assert_eq!(property_key("user name"), "\"user name\"");
        assert!(!is_identifier("1st"));
    }
}

//! SeaORM-specific names on top of [`codegen_core::naming`]: DeriveEntityModel turns each field
//! into a `Column` variant by UpperCamelCase, which drops leading underscores, so a field must
//! start with a letter after them (`_1st_place` would make the invalid variant `1stPlace`).

use codegen_core::naming::{is_rust_keyword, rust_field_name, rust_ident_text, rust_type_name};

/// A type or variant name for a SQL name: `user data` -> `UserData`; `self` -> `Self_`, since
/// `Self` cannot be a name.
pub fn type_name(sql: &str) -> String {
    let name = rust_type_name(sql);
    if is_rust_keyword(&name) { format!("{name}_") } else { name }
}

/// A table's module as written in Rust: `posts`, `r#type`, `self_`.
pub fn module_text(table: &str) -> String {
    rust_ident_text(&rust_field_name(table))
}

/// The file that holds a table's module: `type.rs` for `r#type`, `self_.rs` for `self_`.
pub fn module_file_stem(table: &str) -> String {
    module_text(table).trim_start_matches("r#").to_string()
}

/// The field for a column, before keyword escaping: `type`, `created_at`, `col_1st_place`.
pub fn field_name(column: &str) -> String {
    let name = rust_field_name(column);
    if name.trim_start_matches('_').starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("col{name}")
    }
}

/// The field as written in Rust source: `r#type`, `self_`.
pub fn field_ident_text(column: &str) -> String {
    rust_ident_text(&field_name(column))
}

/// Whether the derive needs `column_name`: sea-orm-cli's rule, the SQL name is not its own
/// snake_case (the derive maps `self_` back to `self` by itself).
pub fn needs_column_name(column: &str) -> bool {
    rust_field_name(column) != column
}

/// The `Column` variant DeriveEntityModel makes of the column's field.
pub fn column_variant(column: &str) -> String {
    type_name(&field_name(column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_identifiers_whose_variant_is_one_too() {
        assert_eq!(field_ident_text("type"), "r#type");
        assert_eq!(field_ident_text("self"), "self_");
        assert_eq!(field_ident_text("1st_place"), "col_1st_place");
        assert_eq!(column_variant("1st_place"), "Col1stPlace");
        assert_eq!(column_variant("author_id"), "AuthorId");
        assert!(needs_column_name("1st_place"));
        assert!(needs_column_name("CreatedAt"));
        assert!(!needs_column_name("self"));
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(module_text("type"), "r#type");
        assert_eq!(module_file_stem("type"), "type");
        assert_eq!(module_file_stem("self"), "self_");
    }
}

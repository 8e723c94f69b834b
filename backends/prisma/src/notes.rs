//! The `///` lines `prisma db pull` writes above a model or enum that needs a word of warning
//! (a reserved name, no identifier, check constraints, ...), in its own words: they reach the
//! generated client's documentation, and a schema that matches db pull's has them too.
//! codegen's own, more specific notes are `//` comments beside them.

use codegen_core::{IndexKey, Table};

/// The model was renamed from a reserved name.
pub fn renamed(kind: &str, from: &str, to: &str) -> String {
    format!(
        "/// This {kind} has been renamed to '{to}' during introspection, because the original name '{from}' is reserved."
    )
}

pub const NO_IDENTIFIER: &str = "/// The underlying table does not contain a valid unique identifier and can therefore currently not be handled by Prisma Client.";

pub const PARTITIONED: &str = "/// This table is a partition table and requires additional setup for migrations. Visit https://pris.ly/d/partition-tables for more info.";

pub const CHECKS: &str = "/// This table contains check constraints and requires additional setup for migrations. Visit https://pris.ly/d/check-constraints for more info.";

pub const EXPRESSION_INDEX: &str = "/// This model contains an expression index which requires additional setup for migrations. Visit https://pris.ly/d/expression-indexes for more info.";

pub const MODEL_COMMENTS: &str = "/// This model or at least one of its fields has comments in the database, and requires an additional setup for migrations: Read more: https://pris.ly/d/database-comments";

pub const ENUM_COMMENT: &str = "/// This enum is commented in the database, and requires an additional setup for migrations: Read more: https://pris.ly/d/database-comments";

pub const VIEW_COMMENTS: &str = "/// This view or at least one of its fields has comments in the database, and requires an additional setup for migrations: Read more: https://pris.ly/d/database-comments";

/// The lines db pull writes above `table`'s model, in its order (the renaming and the
/// identifier are decided by the caller).
pub fn model_notes(table: &Table, renamed_from: Option<(&str, &str)>, identified: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some((from, to)) = renamed_from {
        notes.push(renamed("model", from, to));
    }
    if !identified {
        notes.push(NO_IDENTIFIER.into());
    }
    if table.options.partition_by.is_some() {
        notes.push(PARTITIONED.into());
    }
    if !table.checks.is_empty() {
        notes.push(CHECKS.into());
    }
    if table.indexes.iter().any(|i| i.parts.iter().any(|p| matches!(p.key, IndexKey::Expression(_)))) {
        notes.push(EXPRESSION_INDEX.into());
    }
    if table.comment.is_some() || table.columns.iter().any(|c| c.comment.is_some()) {
        notes.push(MODEL_COMMENTS.into());
    }
    notes
}

/// Whether a doc comment line (without its `///`) is one of db pull's notes rather than a comment.
pub fn is_db_pull_note(line: &str) -> bool {
    let line = line.trim();
    let fixed = [NO_IDENTIFIER, PARTITIONED, CHECKS, EXPRESSION_INDEX, MODEL_COMMENTS, ENUM_COMMENT, VIEW_COMMENTS];
    fixed.iter().any(|note| note.trim_start_matches("/// ") == line)
        || (line.starts_with("This model has been renamed to '") || line.starts_with("This enum has been renamed to '"))
            && line.ends_with("' is reserved.")
        || line.starts_with("This model represents a foreign data wrapper")
}

//! What every TypeScript output of codegen shares: string and template literals, identifiers and
//! reserved words, the names TypeScript tools derive from SQL names (drizzle-kit's camelCase,
//! class names), and the generated region a file keeps the user's code around.
//!
//! Pure text functions; each backend (Drizzle, TypeORM, Kysely) and the Knex/TypeORM/Drizzle
//! migration layouts build on them, so that each rule is written once.

pub mod case;
pub mod file;
pub mod ident;
pub mod literal;

pub use case::{camel_case, drizzle_camel_case, pascal_case};
pub use file::{GeneratedTs, MARKER};
pub use ident::{is_identifier, is_reserved, property_key, unique_binding};
pub use literal::{sql_template, string};

use codegen_core::{Diagnostic, Diagnostics, Schema};

/// One warning for the database objects (functions, triggers, extensions, ...) an ORM's schema
/// has no place for, saying how many of each kind are left out and where they belong.
pub fn warn_objects(schema: &Schema, target: &str, diagnostics: &mut Diagnostics) {
    if schema.objects.is_empty() {
        return;
    }
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for object in &schema.objects {
        *counts.entry(object.kind.describe()).or_default() += 1;
    }
    let kinds: Vec<String> = counts.iter().map(|(kind, n)| format!("{n} {kind}")).collect();
    diagnostics.push(
        Diagnostic::warning(format!(
            "{} database object(s) have no place in {target} and are left out: {}",
            schema.objects.len(),
            kinds.join(", ")
        ))
        .with_help("keep them in SQL migrations (`codegen diff` writes them) or `codegen --target sql`"),
    );
}

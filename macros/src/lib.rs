//! `#[derive(CheckSchema)]`: check an application's structs and enums against the database schema
//! at compile time, with no database running.
//!
//! The schema comes from `#[schema(source = "...")]` or from the `[schema]` of the nearest
//! `codegen.toml` (searched from `CARGO_MANIFEST_DIR` upward): a SQL DDL file, a migrations
//! folder, or a JSON model written by `codegen --target json`.
//!
//! ```text
//! #[derive(Queryable, Selectable, CheckSchema)]
//! #[diesel(table_name = experiments)]
//! struct Experiment { id: i64, name: String, deleted_at: Option<chrono::DateTime<chrono::Utc>> }
//!
//! #[derive(CheckSchema)]
//! #[schema(enum = "experiment_status")]
//! enum ExperimentStatus { Draft, Running, Paused, Completed, Archived }
//! ```
//!
//! Structured as dtolnay's derives: [`attr`] parses, [`check`] validates against the schema
//! (collecting every error), [`expand`] emits the impl, a fallback impl beside the errors, and
//! `include_bytes!` of the schema files so cargo rebuilds when they change.

mod attr;
mod check;
mod ctxt;
mod expand;
mod mapping;
mod message;
mod rust_type;
mod source;

use proc_macro::TokenStream;

/// Check a struct (its table, columns, types and nullability) or an enum (its values) against
/// the schema. See the crate documentation and docs/derive.md for the attributes.
#[proc_macro_derive(CheckSchema, attributes(schema))]
pub fn derive_check_schema(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive(&input).into()
}

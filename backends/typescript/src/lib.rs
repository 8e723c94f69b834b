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

//! codegen backend for Prisma: the neutral model as a `schema.prisma`, and Prisma schemas read
//! back into the model.
//!
//! Output follows what `prisma db pull` writes and is laid out as `prisma format` lays it out;
//! what Prisma cannot express is a warning and a comment in the schema, never dropped silently.

mod client;
mod context;
mod defaults;
mod indexes;
mod layout;
mod many_to_many;
mod names;
mod notes;
mod options;
pub mod read;
mod relations;
mod render;
mod types;

use codegen_core::{Backend, Diagnostics, Generated, GeneratedFile, Schema};

pub use client::{ClientField, ClientModel, client_models};
pub use options::{Naming, PrismaOptions, provider};
pub use read::{read_prisma_file, read_prisma_str};
pub use render::render_schema;

/// The file the backend writes.
pub const SCHEMA_FILE: &str = "schema.prisma";

/// The Prisma backend (`--target prisma`).
#[derive(Debug, Clone, Copy, Default)]
pub struct PrismaBackend;

impl Backend for PrismaBackend {
    type Options = PrismaOptions;

    fn name(&self) -> &'static str {
        "prisma"
    }

    fn generate(&self, schema: &Schema, options: &PrismaOptions) -> Result<Generated, Diagnostics> {
        let (text, diagnostics) = render_schema(schema, options);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Generated { files: vec![GeneratedFile::new(SCHEMA_FILE, text)], diagnostics })
    }
}

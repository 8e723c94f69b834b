//! codegen backend for Drizzle ORM: the neutral model as `schema.ts` (tables, enums, keys,
//! indexes, checks, views for `pg-core`, `mysql-core` or `sqlite-core`) and `relations.ts` (the
//! relational query API), as `drizzle-kit pull` writes them.
//!
//! Pure: the schema and [`DrizzleOptions`] in, files out. Each file keeps the user's code outside
//! its generated region across reruns.

mod defaults;
mod names;
mod options;
mod relations;
mod render;
mod types;

use codegen_core::{Backend, Diagnostics, Generated, GeneratedFile, Schema};
use codegen_typescript::GeneratedTs;

pub use options::{BigintMode, Casing, DateMode, DrizzleOptions};

/// The Drizzle backend (`--target drizzle`).
#[derive(Debug, Clone, Copy, Default)]
pub struct DrizzleBackend;

impl Backend for DrizzleBackend {
    type Options = DrizzleOptions;

    fn name(&self) -> &'static str {
        "drizzle"
    }

    fn generate(&self, schema: &Schema, options: &DrizzleOptions) -> Result<Generated, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let names = names::Names::new(schema, options, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let mut cx = render::Cx {
            schema,
            options,
            names,
            imports: Default::default(),
            type_imports: Default::default(),
            uses_sql: false,
            diagnostics,
        };
        let origin = format!("drizzle, dialect {}", options.dialect);
        let schema_ts = render::render_schema(&mut cx);
        let mut files = vec![GeneratedFile::new(
            "schema.ts",
            GeneratedTs { origin: origin.clone(), region: schema_ts, ..Default::default() }.render(),
        )];
        if options.relations
            && let Some(text) = relations::render_relations(&cx.names)
        {
            files.push(GeneratedFile::new(
                "relations.ts",
                GeneratedTs { origin, region: text, ..Default::default() }.render(),
            ));
        }
        let mut diagnostics = cx.diagnostics;
        codegen_typescript::warn_objects(schema, "a Drizzle schema", &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Generated { files, diagnostics })
    }
}

//! The SQL backend of codegen: the neutral schema as `CREATE` statements for PostgreSQL, MySQL
//! or SQLite, ordered so the target database executes them as they stand.
//!
//! What a dialect cannot express is degraded with a warning naming the object; only what
//! cannot be written at all (names that clash once flattened, an enum MySQL cannot inline) is
//! an error.

mod column;
mod comments;
mod context;
mod defaults;
mod expr;
mod index;
mod keys;
mod keywords;
pub mod migration;
mod names;
mod objects;
mod order;
mod quote;
mod render;
mod table;
mod table_plan;
mod types;

use codegen_core::{Backend, Diagnostics, Dialect, Generated, GeneratedFile, Schema};

pub use quote::{quote_ident, quote_name};
pub use types::{RenderedType, render_type};

/// The path of the one file [`SqlBackend`] produces.
pub const OUTPUT_FILE: &str = "schema.sql";

/// Renders a schema as SQL DDL (`--target sql`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SqlBackend;

/// Options of [`SqlBackend`].
#[derive(Debug, Clone)]
pub struct SqlOptions {
    /// The database the statements are written for.
    pub dialect: Dialect,
}

impl Default for SqlOptions {
    fn default() -> Self {
        Self { dialect: Dialect::Postgres }
    }
}

impl Backend for SqlBackend {
    type Options = SqlOptions;

    fn name(&self) -> &'static str {
        "sql"
    }

    fn generate(&self, schema: &Schema, options: &SqlOptions) -> Result<Generated, Diagnostics> {
        let (text, diagnostics) = render_schema(schema, options.dialect)?;
        Ok(Generated { files: vec![GeneratedFile::new(OUTPUT_FILE, text)], diagnostics })
    }
}

/// The SQL after `DEFAULT` for `column` of `table`, as this backend writes it for `dialect`, and
/// what it had to say (a default the dialect cannot hold). `None` for a counter (serial,
/// identity, auto-increment) or a default left out. The TypeScript backends write defaults they
/// have no builder for with this, so that their DDL and this backend's agree.
pub fn render_column_default(
    schema: &Schema,
    table: &codegen_core::Table,
    column: &codegen_core::Column,
    dialect: Dialect,
) -> (Option<String>, Diagnostics) {
    let mut cx = context::Context::new(schema, dialect);
    let type_sql = render_type(&column.ty, dialect, &schema.enums).sql;
    let object = format!("{}.{}", table.name, column.name);
    let sql = defaults::render_default(&mut cx, column, &type_sql, &object);
    (sql, cx.diagnostics)
}

/// The DDL script for `schema` in `dialect` with the warnings and notes about what it degraded,
/// or every diagnostic (at least one an error) when it cannot be written.
pub fn render_schema(schema: &Schema, dialect: Dialect) -> Result<(String, Diagnostics), Diagnostics> {
    let mut cx = context::Context::new(schema, dialect);
    let text = render::render_script(&mut cx);
    if cx.diagnostics.has_errors() { Err(cx.diagnostics) } else { Ok((text, cx.diagnostics)) }
}

//! codegen backend: Diesel. `schema.rs` exactly as `diesel print-schema` (diesel_cli 2.3) prints
//! it (the header line aside), one file per PostgreSQL schema when asked, and model structs with
//! Rust enums for database enums.
//!
//! ```
//! use codegen_core::{Backend, Dialect};
//! use codegen_diesel::{DieselBackend, DieselOptions};
//!
//! let schema = codegen_core::read::sql::read_sql_str(
//!     "CREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT NOT NULL);",
//!     "schema.sql".as_ref(),
//!     Dialect::Postgres,
//! ).unwrap().schema;
//! let out = DieselBackend.generate(&schema, &DieselOptions::for_dialect(Dialect::Postgres)).unwrap();
//! assert!(out.files[0].contents.contains("users (id) {"));
//! ```

mod models;
mod options;
mod plan;
mod schema_rs;
mod sql_type;
mod tables;

use codegen_core::{Backend, Diagnostics, Generated, GeneratedFile, Schema};

pub use options::{ColumnSorting, DieselOptions, DocComments};
pub use schema_rs::HEADER;
pub use tables::{DieselColumn, DieselTable, diesel_tables};

/// The `--target diesel` backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct DieselBackend;

impl Backend for DieselBackend {
    type Options = DieselOptions;

    fn name(&self) -> &'static str {
        "diesel"
    }

    fn generate(&self, schema: &Schema, options: &DieselOptions) -> Result<Generated, Diagnostics> {
        let (units, mut diagnostics) = plan::plan(schema, options)?;
        let mut files = Vec::new();
        // Namespaces with a file of their own, then everything else in `schema_file`.
        let (own, rest): (Vec<&plan::Unit<'_>>, Vec<&plan::Unit<'_>>) =
            units.iter().partition(|u| u.namespace.as_ref().is_some_and(|ns| options.schema_files.contains_key(ns)));
        files.push(GeneratedFile::new(&options.schema_file, schema_rs::render_schema_file(&rest, options)));
        for unit in own {
            let ns = unit.namespace.as_ref().expect("partitioned on Some");
            files.push(GeneratedFile::new(&options.schema_files[ns], schema_rs::render_schema_file(&[unit], options)));
        }
        if options.models {
            let models = models::render_models(schema, &units, options, &mut diagnostics);
            files.push(GeneratedFile::new(&options.models_file, models));
        }
        Ok(Generated { files, diagnostics })
    }
}

/// Only `schema.rs` for the default namespace, as `diesel print-schema` prints it (with our
/// header line): for conformance tests and benchmarks.
pub fn render_schema_rs(schema: &Schema, options: &DieselOptions) -> Result<String, Diagnostics> {
    let (units, _) = plan::plan(schema, options)?;
    let refs: Vec<&plan::Unit<'_>> = units.iter().collect();
    Ok(schema_rs::render_schema_file(&refs, options))
}

//! The tables and columns of the generated `schema.rs` as Rust paths and Diesel SQL types, for
//! code that writes through it (the Diesel seed function of `codegen seed`).

use codegen_core::{Diagnostics, QualifiedName, Schema};

use crate::options::DieselOptions;
use crate::plan::plan;

/// One `table!` of the generated `schema.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DieselTable {
    pub name: QualifiedName,
    /// The module path below the schema module: `users`, or `audit::events` for a table of
    /// another PostgreSQL schema.
    pub path: String,
    pub columns: Vec<DieselColumn>,
}

/// One column of a `table!`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DieselColumn {
    pub sql_name: String,
    pub rust_name: String,
    /// The SQL type's name (`Int4`, `Text`, `Timestamptz`, or a custom type's).
    pub sql_type: String,
    pub nullable: bool,
    pub array: bool,
    pub unsigned: bool,
    /// A type the generated `sql_types` module declares (enums, PostgreSQL types Diesel lacks).
    pub custom: bool,
}

/// Every table `schema.rs` declares for `schema` with `options` (views left out).
pub fn diesel_tables(schema: &Schema, options: &DieselOptions) -> Result<Vec<DieselTable>, Diagnostics> {
    let (units, _) = plan(schema, options)?;
    Ok(units
        .iter()
        .flat_map(|unit| unit.tables.iter())
        .filter(|t| t.table.is_some())
        .map(|t| DieselTable {
            name: t.name.clone(),
            path: match &t.rust_schema {
                Some(module) => format!("{module}::{}", t.rust_name),
                None => t.rust_name.clone(),
            },
            columns: t
                .columns
                .iter()
                .map(|c| DieselColumn {
                    sql_name: c.sql_name.clone(),
                    rust_name: c.rust_name.clone(),
                    sql_type: c.ty.name.to_string(),
                    nullable: c.ty.nullable,
                    array: c.ty.array,
                    unsigned: c.ty.unsigned,
                    custom: c.ty.custom.is_some(),
                })
                .collect(),
        })
        .collect())
}

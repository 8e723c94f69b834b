//! What Prisma Client calls each table and column of a schema and how it types them, as the
//! schema this backend writes declares them: for code that drives the generated client (the
//! Prisma seed file of `codegen seed`).

use std::collections::BTreeSet;

use codegen_core::Schema;

use crate::many_to_many::find_implicit;
use crate::names::Names;
use crate::options::PrismaOptions;
use crate::relations::plan_relations;
use crate::render::{column_types, has_identifier};

/// One table as Prisma Client sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientModel {
    /// The model's name (`User`); the client's delegate is its first letter in lower case.
    pub model: String,
    /// Why the client cannot write this table's rows, if it cannot: an implicit many-to-many join
    /// table (no model), a model marked `@@ignore` (no identifier), or a column of an
    /// `Unsupported` type (left out of the client).
    pub unwritable: Option<String>,
    /// Per column, in the table's order.
    pub fields: Vec<ClientField>,
}

/// One column as a field of Prisma Client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientField {
    pub name: String,
    /// `Int`, `BigInt`, `String`, `DateTime`, ..., an enum's name, or `Unsupported(...)`.
    pub scalar: String,
    /// A PostgreSQL array (`Int[]`).
    pub list: bool,
    /// For an enum column: each database value and the name Prisma Client uses for it.
    pub enum_values: Option<Vec<(String, String)>>,
}

impl ClientModel {
    /// The client's property for the model (`prisma.user`).
    pub fn delegate(&self) -> String {
        let mut chars = self.model.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// Per table of `schema`, in order: its model and fields in the schema `render_schema` writes
/// with `options`.
pub fn client_models(schema: &Schema, options: &PrismaOptions) -> Vec<ClientModel> {
    let schema = &*schema.with_keys_not_null();
    let mut names = Names::plan(schema, options.naming, options.dialect);
    let mut types = column_types(schema, &names, options.dialect);
    let joins = find_implicit(schema, &mut names, &types, options.naming, options.dialect);
    let join_tables: BTreeSet<usize> = joins.iter().map(|j| j.table).collect();
    let _ = plan_relations(schema, &mut names, &mut types, options, &join_tables);
    schema
        .tables
        .iter()
        .enumerate()
        .map(|(t, table)| {
            let fields: Vec<ClientField> = table
                .columns
                .iter()
                .enumerate()
                .map(|(c, column)| {
                    let ty = &types[t][c];
                    let enum_values = match &column.ty {
                        codegen_core::ColumnType::Enum { name } => {
                            schema.enums.iter().position(|e| &e.name == name).map(|e| {
                                schema.enums[e].values.iter().cloned().zip(names.enums[e].1.iter().cloned()).collect()
                            })
                        }
                        _ => None,
                    };
                    ClientField {
                        name: names.fields[t][c].clone(),
                        scalar: ty.scalar.clone(),
                        list: ty.list,
                        enum_values,
                    }
                })
                .collect();
            let unwritable = if join_tables.contains(&t) {
                Some("an implicit many-to-many join table has no model".to_string())
            } else if !has_identifier(table) {
                Some("the model has no identifier and is marked @@ignore".to_string())
            } else {
                types[t]
                    .iter()
                    .zip(&table.columns)
                    .find(|(ty, _)| ty.is_unsupported())
                    .map(|(_, c)| format!("column {} has a type Prisma Client does not support", c.name))
            };
            ClientModel { model: names.models[t].clone(), unwritable, fields }
        })
        .collect()
}

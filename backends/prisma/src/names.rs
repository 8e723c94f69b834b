//! The Prisma name of every model, enum, value and field, chosen once before rendering so that
//! relations and block attributes refer to the same names the fields carry.

use std::collections::BTreeSet;

use codegen_core::Schema;
use codegen_core::naming::{prisma_field_name, prisma_identifier, prisma_model_name};

use crate::options::Naming;

/// Names that Prisma reserves for its own types; a model or enum cannot take them.
const RESERVED: &[&str] = &[
    "String",
    "Boolean",
    "Int",
    "BigInt",
    "Float",
    "Decimal",
    "DateTime",
    "Json",
    "Bytes",
    "Unsupported",
    "PrismaClient",
];

/// Every Prisma name of one schema.
#[derive(Debug, Clone)]
pub struct Names {
    /// Per table, in schema order.
    pub models: Vec<String>,
    /// Per enum: its name and the names of its values.
    pub enums: Vec<(String, Vec<String>)>,
    /// Per table, per column.
    pub fields: Vec<Vec<String>>,
    /// Per table: every field name taken so far, so relation fields never collide.
    pub taken: Vec<BTreeSet<String>>,
    /// Per view: its name and its fields' names.
    pub views: Vec<(String, Vec<String>)>,
}

impl Names {
    pub fn plan(schema: &Schema, naming: Naming) -> Self {
        let type_name = |sql: &str| match naming {
            Naming::Database => prisma_identifier(sql),
            Naming::Prisma => prisma_model_name(sql),
        };
        let mut top_level = BTreeSet::new();
        let models: Vec<String> =
            schema.tables.iter().map(|t| unique(type_name(&t.name.name), &mut top_level)).collect();
        let enums = schema
            .enums
            .iter()
            .map(|e| {
                let mut values_taken = BTreeSet::new();
                let values = e.values.iter().map(|v| unique(prisma_identifier(v), &mut values_taken)).collect();
                (unique(type_name(&e.name.name), &mut top_level), values)
            })
            .collect();
        let mut fields = Vec::new();
        let mut taken = Vec::new();
        for table in &schema.tables {
            let mut used = BTreeSet::new();
            let names = table.columns.iter().map(|c| unique(field_name(&c.name, naming), &mut used)).collect();
            fields.push(names);
            taken.push(used);
        }
        let views = schema
            .views
            .iter()
            .map(|v| {
                let mut used = BTreeSet::new();
                let fields = v.columns.iter().map(|c| unique(field_name(&c.name, naming), &mut used)).collect();
                (unique(type_name(&v.name.name), &mut top_level), fields)
            })
            .collect();
        Names { models, enums, fields, taken, views }
    }

    /// The field name of `column` in table `table`.
    pub fn field(&self, schema: &Schema, table: usize, column: &str) -> Option<&str> {
        let position = schema.tables[table].columns.iter().position(|c| c.name == column)?;
        Some(&self.fields[table][position])
    }

    /// Take a new field name in `table`, suffixed with a number when already used.
    pub fn take_field(&mut self, table: usize, name: String) -> String {
        unique(name, &mut self.taken[table])
    }
}

/// A field name for a database name under `naming`.
pub fn field_name(sql: &str, naming: Naming) -> String {
    match naming {
        Naming::Database => prisma_identifier(sql),
        Naming::Prisma => prisma_field_name(sql),
    }
}

/// `name`, or `name2`, `name3`, ... when taken or reserved; records the result as taken.
fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    let name = if RESERVED.contains(&name.as_str()) { format!("{name}_") } else { name };
    let mut candidate = name.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

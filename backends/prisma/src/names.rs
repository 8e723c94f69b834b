//! The Prisma name of every model, enum, value and field, chosen once before rendering so that
//! relations and block attributes refer to the same names the fields carry.

use std::collections::{BTreeMap, BTreeSet};

use codegen_core::naming::{prisma_field_name, prisma_identifier, prisma_model_name};
use codegen_core::{Dialect, QualifiedName, Schema};
use heck::ToUpperCamelCase;

use crate::options::Naming;

/// Names that Prisma reserves for its own types and client; a model or enum cannot take them.
/// `db pull` renames `PrismaClient` to `RenamedPrismaClient`; codegen renames them all that way.
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
    /// Per table: the name relations are named after, which `db pull` takes before qualifying
    /// a model name with its schema (`events` for the model `audit_events`).
    pub bases: Vec<String>,
    /// Per table: the reserved name it was renamed from, for the note `db pull` writes.
    pub renamed: Vec<Option<String>>,
    /// Per enum: its name and the names of its values.
    pub enums: Vec<(String, Vec<String>)>,
    /// Per enum: the reserved name it was renamed from.
    pub enums_renamed: Vec<Option<String>>,
    /// Per table, per column.
    pub fields: Vec<Vec<String>>,
    /// Per table: every field name taken so far, so relation fields never collide.
    pub taken: Vec<BTreeSet<String>>,
    /// Per view: its name and its fields' names.
    pub views: Vec<(String, Vec<String>)>,
}

/// A type name for a database name: the name itself, renamed when reserved.
fn type_name(name: &QualifiedName, naming: Naming) -> (String, Option<String>) {
    let base = match naming {
        Naming::Database => prisma_identifier(&name.name),
        Naming::Prisma => prisma_model_name(&name.name),
    };
    if RESERVED.contains(&base.as_str()) { (format!("Renamed{base}"), Some(base)) } else { (base, None) }
}

/// Names for a list of types (tables, enums, views): where several take the same name, `db pull`
/// puts each one's schema in front (`public_events`, `audit_events`); what still collides is
/// numbered.
fn type_names(items: &[&QualifiedName], naming: Naming, top_level: &mut BTreeSet<String>) -> Vec<String> {
    let bases: Vec<String> = items.iter().map(|q| type_name(q, naming).0).collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for base in &bases {
        *count.entry(base).or_default() += 1;
    }
    items
        .iter()
        .zip(&bases)
        .map(|(q, base)| {
            let name = match q.schema.as_deref() {
                Some(schema) if count[base.as_str()] > 1 || top_level.contains(base) => {
                    let qualified = format!("{}_{base}", prisma_identifier(schema));
                    if naming == Naming::Prisma { qualified.to_upper_camel_case() } else { qualified }
                }
                _ => base.clone(),
            };
            unique(name, top_level)
        })
        .collect()
}

impl Names {
    pub fn plan(schema: &Schema, naming: Naming, dialect: Dialect) -> Self {
        // PostgreSQL's default schema is `public`, which db pull names when qualifying.
        let qualified = |q: &QualifiedName| {
            let mut q = q.clone();
            if dialect == Dialect::Postgres && q.schema.is_none() {
                q.schema = Some("public".into());
            }
            q
        };
        let mut top_level = BTreeSet::new();
        let table_names: Vec<QualifiedName> = schema.tables.iter().map(|t| qualified(&t.name)).collect();
        let models = type_names(&table_names.iter().collect::<Vec<_>>(), naming, &mut top_level);
        let (bases, renamed) = schema.tables.iter().map(|t| type_name(&t.name, naming)).unzip();
        let enum_names: Vec<QualifiedName> = schema.enums.iter().map(|e| qualified(&e.name)).collect();
        let enum_models = type_names(&enum_names.iter().collect::<Vec<_>>(), naming, &mut top_level);
        let enums_renamed = schema.enums.iter().map(|e| type_name(&e.name, naming).1).collect();
        let enums = schema
            .enums
            .iter()
            .zip(enum_models)
            .map(|(e, name)| {
                let mut values_taken = BTreeSet::new();
                let values = e.values.iter().map(|v| unique(prisma_identifier(v), &mut values_taken)).collect();
                (name, values)
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
        let view_names: Vec<QualifiedName> = schema.views.iter().map(|v| qualified(&v.name)).collect();
        let view_models = type_names(&view_names.iter().collect::<Vec<_>>(), naming, &mut top_level);
        let views = schema
            .views
            .iter()
            .zip(view_models)
            .map(|(v, name)| {
                let mut used = BTreeSet::new();
                let fields = v.columns.iter().map(|c| unique(field_name(&c.name, naming), &mut used)).collect();
                (name, fields)
            })
            .collect();
        Names { models, bases, renamed, enums, enums_renamed, fields, taken, views }
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

/// `name`, or `name2`, `name3`, ... when taken; records the result as taken.
fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

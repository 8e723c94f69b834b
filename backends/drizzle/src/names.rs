//! The variables and property keys of a Drizzle schema, named as drizzle-kit pull names them
//! (camelCase by default), made unique and valid where pull would write code that does not
//! compile (a table named `text` beside the imported `text`, a column key used twice).

use std::collections::{BTreeMap, BTreeSet};

use codegen_core::{Diagnostic, Diagnostics, Dialect, QualifiedName, Schema, Table, View};
use codegen_typescript::{camel_case, unique_binding};

use crate::options::{Casing, DrizzleOptions};

/// Every name a generated file imports, reserved before any table takes a variable.
const IMPORTED: &[&str] = &[
    "sql",
    "relations",
    "customType",
    "index",
    "uniqueIndex",
    "foreignKey",
    "primaryKey",
    "unique",
    "check",
    "pgTable",
    "pgSchema",
    "pgEnum",
    "pgView",
    "pgMaterializedView",
    "mysqlTable",
    "mysqlEnum",
    "mysqlView",
    "sqliteTable",
    "sqliteView",
    "smallint",
    "integer",
    "bigint",
    "serial",
    "smallserial",
    "bigserial",
    "numeric",
    "real",
    "doublePrecision",
    "boolean",
    "text",
    "varchar",
    "char",
    "date",
    "time",
    "timestamp",
    "interval",
    "uuid",
    "json",
    "jsonb",
    "tinyint",
    "mediumint",
    "int",
    "decimal",
    "float",
    "double",
    "tinytext",
    "mediumtext",
    "longtext",
    "binary",
    "varbinary",
    "year",
    "datetime",
    "blob",
    "AnyPgColumn",
    "AnyMySqlColumn",
    "AnySQLiteColumn",
];

/// A table and the names that go with it.
#[derive(Debug)]
pub struct TableNames<'a> {
    pub table: &'a Table,
    /// The exported variable: `experiments`.
    pub var: String,
    /// One property key per column, in column order: `createdAt`.
    pub keys: Vec<String>,
}

/// All names of one schema.ts.
#[derive(Debug)]
pub struct Names<'a> {
    pub tables: Vec<TableNames<'a>>,
    pub views: Vec<(&'a View, String, Vec<String>)>,
    /// PostgreSQL enums' variables, by enum name.
    pub enums: BTreeMap<QualifiedName, String>,
    /// PostgreSQL namespaces' `pgSchema` variables.
    pub namespaces: BTreeMap<String, String>,
    /// Custom types' bindings, by their SQL.
    pub customs: BTreeMap<String, String>,
    taken: BTreeSet<String>,
}

impl<'a> Names<'a> {
    pub fn new(schema: &'a Schema, options: &DrizzleOptions, diagnostics: &mut Diagnostics) -> Self {
        let mut taken: BTreeSet<String> = IMPORTED.iter().map(|s| s.to_string()).collect();
        let case = |name: &str| name_with_casing(name, options.casing);
        let mut namespaces = BTreeMap::new();
        let mut enums = BTreeMap::new();
        if options.dialect == Dialect::Postgres {
            for namespace in namespace_names(schema) {
                let var = unique_binding(&format!("{}Schema", case(&namespace)), "", &mut taken);
                namespaces.insert(namespace, var);
            }
            for e in &schema.enums {
                let var = unique_binding(&case(&qualified_var(&e.name)), "Enum", &mut taken);
                enums.insert(e.name.clone(), var);
            }
        }
        let mut tables = Vec::with_capacity(schema.tables.len());
        for table in &schema.tables {
            let var = unique_binding(&case(&qualified_var(&table.name)), "Table", &mut taken);
            let keys = column_keys(
                table.name.to_string(),
                table.columns.iter().map(|c| (&c.name, &c.loc)),
                options.casing,
                diagnostics,
            );
            tables.push(TableNames { table, var, keys });
        }
        let mut views = Vec::new();
        for view in &schema.views {
            let var = unique_binding(&case(&qualified_var(&view.name)), "View", &mut taken);
            let keys = column_keys(
                view.name.to_string(),
                view.columns.iter().map(|c| (&c.name, &c.loc)),
                options.casing,
                diagnostics,
            );
            views.push((view, var, keys));
        }
        Self { tables, views, enums, namespaces, customs: BTreeMap::new(), taken }
    }

    /// The binding of the custom type with `sql` as its `dataType()`, made on first use.
    pub fn custom(&mut self, sql: &str) -> String {
        if let Some(name) = self.customs.get(sql) {
            return name.clone();
        }
        let wanted = camel_case(&sql.replace(['(', ')', ',', '\''], " "));
        let name = unique_binding(&wanted, "Type", &mut self.taken);
        self.customs.insert(sql.to_string(), name.clone());
        name
    }

    pub fn table(&self, name: &QualifiedName) -> Option<&TableNames<'a>> {
        self.tables.iter().find(|t| &t.table.name == name)
    }
}

/// `name` as drizzle-kit's `withCasing` writes it.
pub fn name_with_casing(name: &str, casing: Casing) -> String {
    match casing {
        Casing::Camel => {
            let camel = camel_case(name);
            if camel.is_empty() { name.to_string() } else { camel }
        }
        Casing::Preserve => name.to_string(),
    }
}

/// A table in another namespace is named after both: `audit.events` -> `audit_events`.
fn qualified_var(name: &QualifiedName) -> String {
    match &name.schema {
        Some(schema) if schema != "public" => format!("{schema}_{}", name.name),
        _ => name.name.clone(),
    }
}

/// The namespaces other than `public` that hold a table, enum or view, in first-use order.
pub fn namespace_names(schema: &Schema) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let names = schema
        .namespaces
        .iter()
        .cloned()
        .chain(schema.enums.iter().filter_map(|e| e.name.schema.clone()))
        .chain(schema.tables.iter().filter_map(|t| t.name.schema.clone()))
        .chain(schema.views.iter().filter_map(|v| v.name.schema.clone()));
    for name in names {
        if name != "public" && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The property keys of a table's or view's columns; two columns with one key are an error.
fn column_keys<'c>(
    owner: String,
    columns: impl Iterator<Item = (&'c String, &'c codegen_core::Loc)>,
    casing: Casing,
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut names: Vec<&String> = Vec::new();
    for (name, loc) in columns {
        let key = name_with_casing(name, casing);
        if let Some(at) = keys.iter().position(|k| *k == key) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "columns `{}` and `{name}` of `{owner}` both become the property `{key}`",
                    names[at]
                ))
                .with_object(format!("{owner}.{name}"))
                .at(loc.location().cloned())
                .with_help("set casing = \"preserve\" under [targets.drizzle], or rename one of the columns"),
            );
        }
        keys.push(key);
        names.push(name);
    }
    keys
}

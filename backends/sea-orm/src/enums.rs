//! Database enums: their Rust names and `sea_orm_active_enums.rs`.

use std::collections::BTreeMap;

use codegen_core::naming::rust_type_name;

use crate::names::type_name;
use codegen_core::{Dialect, EnumType, QualifiedName, Schema};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::options::{EntityFormat, SeaOrmOptions};
use crate::render::extra::{ExtraTokens, serde_derives};

/// Names that an entity file defines itself; an enum named like one is imported under an alias.
const ENTITY_ITEMS: &[&str] = &["Model", "Entity", "ActiveModel", "Column", "PrimaryKey", "Relation"];

/// The Rust name of every enum of the schema, and the name SeaORM knows it by (`enum_name`).
#[derive(Debug, Clone, Default)]
pub struct EnumNames {
    names: BTreeMap<QualifiedName, String>,
    sql_names: BTreeMap<QualifiedName, String>,
}

impl EnumNames {
    /// sea-orm-cli names an enum after its SQL name alone; two enums of that name in different
    /// namespaces would clash, so those get their namespace in front. A MySQL `ENUM(...)` column
    /// has no type name: sea-orm-cli names it after the column, and so do we, unless two such
    /// columns share a name (sea-orm-cli would then write two enums of one name, which does not
    /// compile): those keep the model's `<table>_<column>`.
    pub fn new(schema: &Schema, dialect: Option<Dialect>) -> Self {
        let mut sql_names: BTreeMap<QualifiedName, String> = BTreeMap::new();
        for e in &schema.enums {
            let column = if dialect == Some(Dialect::Mysql) { inline_enum_column(schema, e) } else { None };
            sql_names.insert(e.name.clone(), column.unwrap_or_else(|| e.name.name.clone()));
        }
        let shared: Vec<QualifiedName> = sql_names
            .iter()
            .filter(|(name, sql)| sql_names.iter().any(|(other, o)| other != *name && o == *sql))
            .map(|(name, _)| name.clone())
            .collect();
        for name in shared {
            sql_names.insert(name.clone(), name.name.clone());
        }
        let mut names = BTreeMap::new();
        for e in &schema.enums {
            let sql = &sql_names[&e.name];
            let clashes = schema.enums.iter().filter(|o| &sql_names[&o.name] == sql).count() > 1;
            let name = match (&e.name.schema, clashes) {
                (Some(ns), true) => type_name(&format!("{ns}_{sql}")),
                _ => type_name(sql),
            };
            names.insert(e.name.clone(), name);
        }
        Self { names, sql_names }
    }

    /// The name SeaORM knows the enum by: the database type, or a MySQL enum's column.
    pub fn sql_name<'a>(&'a self, name: &'a QualifiedName) -> &'a str {
        self.sql_names.get(name).map_or(&name.name, String::as_str)
    }

    /// The enum's name in `sea_orm_active_enums.rs`.
    pub fn rust_name(&self, name: &QualifiedName) -> String {
        self.names.get(name).cloned().unwrap_or_else(|| type_name(&name.name))
    }

    /// The name an entity file uses for it: `Relation` would clash, so `RelationEnum`.
    pub fn local_name(&self, name: &QualifiedName) -> String {
        let rust = self.rust_name(name);
        if ENTITY_ITEMS.contains(&rust.as_str()) { format!("{rust}Enum") } else { rust }
    }
}

/// The items of `sea_orm_active_enums.rs`, enums in name order as sea-orm-cli writes them.
pub fn render_active_enums(
    enums: &[&EnumType],
    names: &EnumNames,
    options: &SeaOrmOptions,
    extra: &ExtraTokens,
) -> TokenStream {
    let serde_use = crate::render::common::serde_use(options);
    let mut sorted: Vec<&&EnumType> = enums.iter().collect();
    sorted.sort_by(|a, b| names.sql_name(&a.name).cmp(names.sql_name(&b.name)).then(a.name.cmp(&b.name)));
    let serde = serde_derives(options.with_serde);
    let copy = if options.copy_enums { quote!(, Copy) } else { quote!() };
    let derives = extra.enum_derives();
    let attrs = extra.enum_attributes();
    let items = sorted.iter().map(|e| {
        let ident = format_ident!("{}", names.rust_name(&e.name));
        let sql_name = names.sql_name(&e.name);
        let variants = variant_names(&e.values);
        let values = &e.values;
        let variants = variants.iter().map(|v| format_ident!("{v}"));
        if options.format == EntityFormat::Frontend {
            // Plain enums: the frontend format has no SeaORM.
            return quote! {
                #[derive(Debug, Clone, PartialEq, Eq #copy #serde #derives)]
                #attrs
                pub enum #ident {
                    #(#variants,)*
                }
            };
        }
        quote! {
            #[derive(Debug, Clone, PartialEq, Eq, EnumIter, DeriveActiveEnum #copy #serde #derives)]
            #[sea_orm(rs_type = "Enum", db_type = "Enum", enum_name = #sql_name)]
            #attrs
            pub enum #ident {
                #(
                    #[sea_orm(string_value = #values)]
                    #variants,
                )*
            }
        }
    });
    let sea_orm_use = (options.format != EntityFormat::Frontend).then(|| {
        quote!(
            use sea_orm::entity::prelude::*;
        )
    });
    quote! {
        #sea_orm_use
        #serde_use
        #(#items)*
    }
}

/// The column of a MySQL inline enum: named by [`EnumType::inline_name`] after it, and used by it alone.
fn inline_enum_column(schema: &Schema, e: &EnumType) -> Option<String> {
    let mut users = schema
        .tables
        .iter()
        .flat_map(|t| t.columns.iter().filter(|c| c.ty.enum_name() == Some(&e.name)).map(move |c| (t, c)));
    let (table, column) = users.next()?;
    let inline = users.next().is_none() && e.name == EnumType::inline_name(&table.name, &column.name);
    inline.then(|| column.name.clone())
}

/// Variant names as sea-orm-cli makes them, made distinct when two values map to one name.
pub fn variant_names(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let base = variant_name(value);
        let mut name = base.clone();
        let mut n = 2;
        while out.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        out.push(name);
    }
    out
}

/// `so-so` -> `SoSo`, `3D` -> `_3D`, `a+b` -> `AU002Bb` (sea-orm-cli's escape), `` -> `__EmptyString`.
fn variant_name(value: &str) -> String {
    let v = value.trim();
    if v.is_empty() {
        return "__EmptyString".into();
    }
    let valid = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let passthrough = |c: char| c == '-' || c == ' ';
    let leading_digit = v.starts_with(|c: char| c.is_ascii_digit());
    let name = if v.chars().any(|c| !valid(c) && !passthrough(c)) {
        let mut buf = String::new();
        if leading_digit {
            buf.push('_');
        }
        for c in v.chars() {
            if passthrough(c) {
                continue;
            } else if valid(c) {
                buf.push(c);
            } else {
                // Non-ASCII letters would be valid identifiers, but an ASCII escape is always one.
                buf.push_str(&format!("U{:04X}", c as u32));
            }
        }
        buf
    } else if leading_digit {
        format!("_{}", v.chars().filter(|&c| valid(c)).collect::<String>())
    } else {
        rust_type_name(v)
    };
    if name == "Self" { "Self_".into() } else { name }
}

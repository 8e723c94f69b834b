//! Database enums: their Rust names and `sea_orm_active_enums.rs`.

use std::collections::BTreeMap;

use codegen_core::naming::rust_type_name;

use crate::names::type_name;
use codegen_core::{EnumType, QualifiedName, Schema};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::options::SeaOrmOptions;
use crate::render::extra::{ExtraTokens, serde_derives};

/// Names that an entity file defines itself; an enum named like one is imported under an alias.
const ENTITY_ITEMS: &[&str] = &["Model", "Entity", "ActiveModel", "Column", "PrimaryKey", "Relation"];

/// The Rust name of every enum of the schema.
#[derive(Debug, Clone, Default)]
pub struct EnumNames {
    names: BTreeMap<QualifiedName, String>,
}

impl EnumNames {
    /// sea-orm-cli names an enum after its SQL name alone; two enums of that name in different
    /// namespaces would clash, so those get their namespace in front.
    pub fn new(schema: &Schema) -> Self {
        let mut names = BTreeMap::new();
        for e in &schema.enums {
            let clashes = schema.enums.iter().filter(|o| o.name.name == e.name.name).count() > 1;
            let name = match (&e.name.schema, clashes) {
                (Some(ns), true) => type_name(&format!("{ns}_{}", e.name.name)),
                _ => type_name(&e.name.name),
            };
            names.insert(e.name.clone(), name);
        }
        Self { names }
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
    let serde_use = crate::render::entity::serde_use(options);
    let mut sorted: Vec<&&EnumType> = enums.iter().collect();
    sorted.sort_by(|a, b| a.name.name.cmp(&b.name.name).then(a.name.cmp(&b.name)));
    let serde = serde_derives(options.with_serde);
    let copy = if options.copy_enums { quote!(, Copy) } else { quote!() };
    let derives = extra.enum_derives();
    let attrs = extra.enum_attributes();
    let items = sorted.iter().map(|e| {
        let ident = format_ident!("{}", names.rust_name(&e.name));
        let sql_name = &e.name.name;
        let variants = variant_names(&e.values);
        let values = &e.values;
        let variants = variants.iter().map(|v| format_ident!("{v}"));
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
    quote! {
        use sea_orm::entity::prelude::*;
        #serde_use
        #(#items)*
    }
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

//! One entity file in sea-orm-cli 2.0's dense format: a `#[sea_orm::model]` `Model` whose
//! relations are fields (`BelongsTo<...>`, `HasOne<...>`, `HasMany<...>`, `HasMany<...>` via a
//! junction); the macro derives `Relation` and the `Related` impls from them. The `Linked` impls
//! the compact format adds for several keys to one table and self-references follow the model.
//!
//! The macro names each `Relation` variant by UpperCamelCase of the related module (or of an
//! explicit `relation_enum`), and something after it by UpperCamelCase of each relation field.
//! Where that would not be an identifier (`Self` for the table `self`, `1stTable` for
//! `1st_table`), we name the variant explicitly and prefix the field with `rel`, as sea-orm-cli
//! does not (its output does not compile there).

use codegen_core::naming::{is_rust_identifier, rust_field_name, rust_ident_text, rust_type_name};
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;

use crate::names;
use crate::plan::{EntityPlan, LinkPlan, RelationKind, RelationPlan, field_nullable};
use crate::render::common::{EntityItems, action, ident, module_ident};

/// What the compact renderer has already worked out and the dense format shares.
pub struct Parts {
    pub uses: TokenStream,
    /// Derives after `DeriveEntityModel`: `, Eq`, serde, the user's.
    pub model_derives: TokenStream,
    /// `#[sea_orm(table_name = ...)]`.
    pub table_attribute: TokenStream,
    pub model_attributes: TokenStream,
    /// The `Linked` impls.
    pub links: TokenStream,
}

/// The entity's items; `fields` are the column fields, to which the relation fields are added.
pub fn render_dense(entity: &EntityPlan<'_>, parts: Parts, mut fields: Vec<syn::Field>) -> EntityItems {
    let Parts { uses, model_derives, table_attribute, model_attributes, links } = parts;
    let mut used: Vec<String> = fields.iter().filter_map(|f| f.ident.as_ref().map(|i| i.to_string())).collect();
    let vias: Vec<&str> = entity.conjuncts.iter().map(|c| c.via.as_str()).collect();
    for rel in &entity.relations {
        if !rel.self_ref && (!rel.impl_related || vias.contains(&rel.ref_table.as_str())) {
            continue;
        }
        let name = distinct(field_safe(relation_field_name(entity, rel)), &mut used);
        fields.push(field(relation_field(entity, rel, &name)));
    }
    for conjunct in &entity.conjuncts {
        let name = distinct(field_safe(plural(&names::module_file_stem(&conjunct.to))), &mut used);
        let name = ident(&rust_ident_text(&name));
        let to = module_ident(&conjunct.to);
        let via = names::module_text(&conjunct.via);
        // The macro looks the junction's variant up by this name: the one its belongs-to has.
        let named = inferred_variant_override(&conjunct.to).map(|v| quote!(, relation_enum = #v));
        fields.push(field(quote! {
            #[sea_orm(has_many, via = #via #named)]
            pub #name: HasMany<super::#to::Entity>
        }));
    }
    let items = quote! {
        #uses

        #[sea_orm::model]
        #[derive(Clone, Debug, PartialEq #model_derives)]
        #table_attribute
        #model_attributes
        pub struct Model {}

        #links
    };
    EntityItems { items, model_fields: fields }
}

/// The `Linked` impls of `entity`, naming the variants as the macro derives them.
pub fn dense_links(entity: &EntityPlan<'_>) -> Vec<LinkPlan> {
    entity.links.iter().map(|l| LinkPlan { variant: explicit_variant(&l.variant), ..l.clone() }).collect()
}

/// What the macro makes of `relation_enum = name`, made an identifier where it would not be.
fn explicit_variant(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    if is_rust_identifier(&camel) { camel } else { format!("relation_{name}").to_upper_camel_case() }
}

/// The `relation_enum` to write for a relation the macro would otherwise name itself, when what
/// it would infer from the related module is not an identifier.
fn inferred_variant_override(table: &str) -> Option<String> {
    let inferred = names::module_text(table).to_upper_camel_case();
    (!is_rust_identifier(&inferred)).then(|| explicit_variant(&names::module_file_stem(table)))
}

/// A relation field whose UpperCamelCase starts with a digit gets the prefix `rel`.
fn field_safe(name: String) -> String {
    if name.to_upper_camel_case().starts_with(|c: char| c.is_ascii_digit()) { format!("rel{name}") } else { name }
}

fn field(tokens: TokenStream) -> syn::Field {
    syn::Field::parse_named.parse2(tokens).expect("relation fields are fields")
}

/// sea-orm-cli's name for a relation field: the related module (plural for a has-many), with the
/// key's number when several keys point at one table; the table's own module for a self-reference.
fn relation_field_name(entity: &EntityPlan<'_>, rel: &RelationPlan) -> String {
    let base = if rel.self_ref {
        entity.module.clone()
    } else {
        let module = names::module_file_stem(&rel.ref_table);
        if rel.kind == RelationKind::HasMany { plural(&module) } else { module }
    };
    if rel.num_suffix > 0 { format!("{base}_{}", rel.num_suffix) } else { base }
}

/// `name`, or `name_2`, ... when a column or another relation already took it (sea-orm-cli would
/// write two fields of one name, which does not compile).
fn distinct(name: String, used: &mut Vec<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while used.iter().any(|u| u.trim_start_matches("r#") == candidate) {
        candidate = format!("{name}_{n}");
        n += 1;
    }
    used.push(candidate.clone());
    candidate
}

fn plural(word: &str) -> String {
    pluralizer::pluralize(word, 2, false)
}

fn relation_field(entity: &EntityPlan<'_>, rel: &RelationPlan, name: &str) -> TokenStream {
    let name = ident(&rust_ident_text(name));
    let target = if rel.self_ref {
        quote!(Entity)
    } else {
        let module = module_ident(&rel.ref_table);
        quote!(super::#module::Entity)
    };
    let inferred_override =
        if rel.self_ref || rel.num_suffix > 0 { None } else { inferred_variant_override(&rel.ref_table) };
    let named = inferred_override.as_ref().map(|v| quote!(, relation_enum = #v));
    match &rel.kind {
        RelationKind::HasOne => quote!(#[sea_orm(has_one #named)] pub #name: HasOne<#target>),
        RelationKind::HasMany => quote!(#[sea_orm(has_many #named)] pub #name: HasMany<#target>),
        RelationKind::BelongsTo { from, to, on_update, on_delete } => {
            let required = !from.is_empty()
                && from.iter().all(|c| {
                    entity.table.columns.iter().any(|col| &col.name == c && !field_nullable(entity.table, col))
                });
            let ty = if required { quote!(BelongsTo<#target>) } else { quote!(BelongsTo<Option<#target>>) };
            let (from, to) = (column_list(from), column_list(to));
            let (on_update, on_delete) = (action(*on_update), action(*on_delete));
            let variant = explicit_variant(&rel.variant());
            let head = if rel.self_ref {
                quote!(self_ref, relation_enum = #variant,)
            } else if rel.num_suffix > 0 {
                quote!(belongs_to, relation_enum = #variant,)
            } else if let Some(variant) = inferred_override {
                quote!(belongs_to, relation_enum = #variant,)
            } else {
                quote!(belongs_to,)
            };
            quote! {
                #[sea_orm(#head from = #from, to = #to, on_update = #on_update, on_delete = #on_delete)]
                pub #name: #ty
            }
        }
    }
}

/// `author_id` or `(a, b)`: each column as its field's snake_case, or as its `Column` variant
/// where snake_case would not lead back to that variant (sea-orm-cli's rule).
fn column_list(columns: &[String]) -> String {
    let names: Vec<String> = columns
        .iter()
        .map(|c| {
            let variant = names::column_variant(c);
            let snake = rust_field_name(&variant);
            if rust_type_name(&snake) == variant { snake } else { variant }
        })
        .collect();
    if names.len() == 1 { names[0].clone() } else { format!("({})", names.join(", ")) }
}

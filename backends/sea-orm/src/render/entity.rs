//! One entity file: the parts all formats share are worked out here (the `Model`'s fields, the
//! `Relation` variants, the `Related` and `Linked` impls), then the entity format assembles them
//! (`compact.rs`, `expanded.rs`, `dense.rs`, `frontend.rs`). The formats import only
//! `common.rs`, never this file.

use codegen_core::{Column, ColumnDefault, Diagnostic, Diagnostics, Table};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::enums::EnumNames;
use crate::names;
use crate::options::{EntityFormat, SeaOrmOptions};
use crate::plan::{EntityPlan, LinkPlan, RelationKind, RelationPlan, column_is_unique, field_nullable};
use crate::render::common::{EntityItems, action, ident, module_ident, serde_use};
use crate::render::compact;
use crate::render::extra::{ExtraTokens, serde_derives};
use crate::types::field_type;

pub fn render_entity(
    entity: &EntityPlan<'_>,
    enums: &EnumNames,
    options: &SeaOrmOptions,
    extra: &ExtraTokens,
    diagnostics: &mut Diagnostics,
) -> EntityItems {
    let table = entity.table;
    let serde = serde_derives(options.with_serde);
    let serde_use = serde_use(options);

    let mut enum_uses = Vec::new();
    let mut has_float = false;
    let mut fields = Vec::new();
    let mut field_types = Vec::new();
    for column in &table.columns {
        let ft = field_type(&column.ty, options, &|name| enums.local_name(name));
        field_types.push(ft.clone());
        has_float |= ft.is_float;
        if let Some(name) = &ft.enum_name {
            let (rust, local) = (ident(&enums.rust_name(name)), ident(&enums.local_name(name)));
            let item = if rust == local { quote!(#rust) } else { quote!(#rust as #local) };
            if !enum_uses.iter().any(|u: &TokenStream| u.to_string() == item.to_string()) {
                enum_uses.push(item);
            }
        }
        if let Some(raw) = &ft.unsupported {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "type `{raw}` has no SeaORM type; the column is read as text and left out of the model's writes"
                ))
                .with_object(format!("{}.{}", table.name, column.name))
                .at(column.loc.location().cloned()),
            );
        }
        fields.push(render_field(table, column, &ft));
    }

    let eq = if has_float { quote!() } else { quote!(, Eq) };
    let model_derives = extra.model_derives();
    let model_attrs = extra.model_attributes();
    let table_name = &table.name.name;
    let table_attr = match &table.name.schema {
        Some(schema) => quote!(#[sea_orm(schema_name = #schema, table_name = #table_name)]),
        None => quote!(#[sea_orm(table_name = #table_name)]),
    };
    let variants = entity.relations.iter().map(render_relation_variant);
    let related: Vec<TokenStream> = entity
        .relations
        .iter()
        .filter(|r| !r.self_ref && r.num_suffix == 0 && r.impl_related)
        .map(|r| {
            let module = module_ident(&r.ref_table);
            let variant = ident(&r.variant());
            quote! {
                impl Related<super::#module::Entity> for Entity {
                    fn to() -> RelationDef { Relation::#variant.def() }
                }
            }
        })
        .collect();
    let self_variant = ident(&entity.type_name);
    let conjuncts: Vec<TokenStream> = entity
        .conjuncts
        .iter()
        .map(|c| {
            let to = module_ident(&c.to);
            let via = module_ident(&c.via);
            let to_variant = ident(&names::type_name(&c.to));
            quote! {
                impl Related<super::#to::Entity> for Entity {
                    fn to() -> RelationDef { super::#via::Relation::#to_variant.def() }
                    fn via() -> Option<RelationDef> { Some(super::#via::Relation::#self_variant.def().rev()) }
                }
            }
        })
        .collect();
    let links: Vec<TokenStream> = entity.links.iter().map(|l| render_link(entity, l)).collect();

    // The `use`s of the SeaORM formats (frontend imports its enums itself).
    let uses = quote! {
        #(use super::sea_orm_active_enums::#enum_uses;)*
        use sea_orm::entity::prelude::*;
        #serde_use
    };
    match options.format {
        EntityFormat::Dense => {
            let parts = super::dense::Parts {
                uses,
                model_derives: quote!(#eq, DeriveEntityModel #serde #model_derives),
                table_attribute: table_attr,
                model_attributes: model_attrs,
                links: {
                    let links = super::dense::dense_links(entity).into_iter().map(|l| render_link(entity, &l));
                    quote!(#(#links)*)
                },
            };
            return super::dense::render_dense(entity, parts, fields);
        }
        EntityFormat::Frontend => {
            let derives = quote!(#eq #serde #model_derives);
            let items =
                super::frontend::render_frontend(entity, &enum_uses, &field_types, derives, model_attrs, options);
            return EntityItems { items, model_fields: Vec::new() };
        }
        EntityFormat::Compact | EntityFormat::Expanded => {}
    }
    if options.format == EntityFormat::Expanded {
        let parts = super::expanded::Parts {
            uses,
            model_derives: quote!(#eq #serde #model_derives),
            model_attributes: model_attrs,
            field_types,
            tail: quote!(#(#related)* #(#conjuncts)* #(#links)*),
        };
        return EntityItems {
            items: super::expanded::render_expanded(entity, enums, options, parts),
            model_fields: Vec::new(),
        };
    }
    let parts = compact::Parts {
        uses,
        model_derives: quote!(#eq, DeriveEntityModel #serde #model_derives),
        table_attribute: table_attr,
        model_attributes: model_attrs,
        relation_variants: quote!(#(#variants)*),
        tail: quote!(#(#related)* #(#conjuncts)* #(#links)*),
    };
    compact::render_compact(parts, fields)
}

/// What goes after the generated region: the default `ActiveModelBehavior` impl, written once and
/// then the user's to change (reruns keep it), unless `impl-active-model-behavior = false` or the
/// format is frontend (no SeaORM there).
pub fn render_outside(options: &SeaOrmOptions) -> TokenStream {
    if options.impl_active_model_behavior && options.format != EntityFormat::Frontend {
        quote!(impl ActiveModelBehavior for ActiveModel {})
    } else {
        quote!()
    }
}

fn render_field(table: &Table, column: &Column, ft: &crate::types::FieldType) -> syn::Field {
    let field_text = names::field_ident_text(&column.name);
    let mut attrs: Vec<TokenStream> = Vec::new();
    if names::needs_column_name(&column.name) {
        let name = &column.name;
        attrs.push(quote!(column_name = #name));
    }
    if table.is_primary_key_column(&column.name) {
        attrs.push(quote!(primary_key));
        if !matches!(column.default, Some(ColumnDefault::AutoIncrement { .. })) {
            attrs.push(quote!(auto_increment = false));
        }
    }
    if let Some(raw) = &ft.unsupported {
        let custom = format!("custom(\"{raw}\")");
        attrs.push(quote!(ignore, column_type = #custom, select_as = "text"));
    } else if let Some(column_type) = &ft.column_type {
        attrs.push(quote!(column_type = #column_type));
    }
    if let Some(select_as) = ft.select_as {
        attrs.push(quote!(select_as = #select_as));
    }
    // sea-orm-cli marks a nullable column whose type it spells out, `ignore`d ones included.
    let nullable = field_nullable(table, column);
    if nullable && (ft.unsupported.is_some() || ft.column_type.is_some()) {
        attrs.push(quote!(nullable));
    }
    if column_is_unique(table, &column.name) {
        attrs.push(quote!(unique));
    } else if let Some(key) = unique_key(table, &column.name) {
        attrs.push(quote!(unique_key = #key));
    }
    let attrs = if attrs.is_empty() { Vec::new() } else { vec![sea_orm_attribute(quote!(#(#attrs),*))] };
    let rust: syn::Type = syn::parse2(ft.rust.clone()).expect("field types are Rust types");
    syn::Field {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        mutability: syn::FieldMutability::None,
        ident: Some(ident(&field_text)),
        colon_token: Some(Default::default()),
        ty: if nullable { option_of(rust) } else { rust },
    }
}

/// `#[sea_orm(<tokens>)]`.
fn sea_orm_attribute(tokens: TokenStream) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::List(syn::MetaList {
            path: Ident::new("sea_orm", Span::call_site()).into(),
            delimiter: syn::MacroDelimiter::Paren(Default::default()),
            tokens,
        }),
    }
}

/// `Option<ty>`.
fn option_of(ty: syn::Type) -> syn::Type {
    let arguments = syn::AngleBracketedGenericArguments {
        colon2_token: None,
        lt_token: Default::default(),
        args: std::iter::once(syn::GenericArgument::Type(ty)).collect(),
        gt_token: Default::default(),
    };
    let segment = syn::PathSegment {
        ident: Ident::new("Option", Span::call_site()),
        arguments: syn::PathArguments::AngleBracketed(arguments),
    };
    syn::Type::Path(syn::TypePath { qself: None, path: segment.into() })
}

/// The named multi-column unique constraint this column is part of (sea-orm-cli's `unique_key`).
pub(crate) fn unique_key(table: &Table, column: &str) -> Option<String> {
    let from_constraints = table
        .uniques
        .iter()
        .filter(|u| u.columns.len() > 1 && u.columns.iter().any(|c| c == column))
        .filter_map(|u| u.name.clone());
    let from_indexes = table
        .indexes
        .iter()
        .filter(|i| i.unique && i.column_names().is_some_and(|c| c.len() > 1 && c.contains(&column)))
        .map(|i| i.name.clone());
    from_constraints.chain(from_indexes).last()
}

fn render_relation_variant(rel: &RelationPlan) -> TokenStream {
    let variant = ident(&rel.variant());
    let module = if rel.self_ref { String::new() } else { format!("super::{}::", names::module_text(&rel.ref_table)) };
    let entity = format!("{module}Entity");
    let attr = match &rel.kind {
        RelationKind::HasMany => quote!(#[sea_orm(has_many = #entity)]),
        RelationKind::HasOne => quote!(#[sea_orm(has_one = #entity)]),
        RelationKind::BelongsTo { from, to, on_update, on_delete } => {
            let from = column_list(from, "");
            let to = column_list(to, &module);
            let on_update = action(*on_update);
            let on_delete = action(*on_delete);
            quote!(#[sea_orm(belongs_to = #entity, from = #from, to = #to, on_update = #on_update, on_delete = #on_delete)])
        }
    };
    quote! {
        #attr
        #variant,
    }
}

/// `Column::A` or `(Column::A, Column::B)`, as the relation attribute's string.
fn column_list(columns: &[String], module: &str) -> String {
    let parts: Vec<String> = columns.iter().map(|c| format!("{module}Column::{}", names::column_variant(c))).collect();
    if parts.len() == 1 { parts[0].clone() } else { format!("({})", parts.join(", ")) }
}

fn render_link(entity: &EntityPlan<'_>, link: &LinkPlan) -> TokenStream {
    let name = ident(&link.name);
    let to = if link.to == entity.table.name.name {
        quote!(Entity)
    } else {
        let module = module_ident(&link.to);
        quote!(super::#module::Entity)
    };
    let variant = ident(&link.variant);
    let relation = match &link.relation_module {
        Some(table) => {
            let module = module_ident(table);
            quote!(super::#module::Relation::#variant)
        }
        None => quote!(Relation::#variant),
    };
    let def = if link.rev { quote!(#relation.def().rev()) } else { quote!(#relation.def()) };
    quote! {
        #[derive(Debug)]
        pub struct #name;

        impl Linked for #name {
            type FromEntity = Entity;
            type ToEntity = #to;
            fn link(&self) -> Vec<RelationDef> { vec![#def] }
        }
    }
}

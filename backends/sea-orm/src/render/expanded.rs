//! One entity file in sea-orm-cli's expanded format: `Entity`, `Model`, `Column`, `PrimaryKey`
//! and `Relation` with their trait impls written out instead of derived from `Model`.

use codegen_core::ColumnDefault;
use proc_macro2::TokenStream;
use quote::quote;

use crate::enums::EnumNames;
use crate::names;
use crate::options::SeaOrmOptions;
use crate::plan::{EntityPlan, RelationKind, column_is_unique, field_nullable};
use crate::render::common::{ident, module_ident};
use crate::types::{FieldType, column_type_expr};

/// What the compact renderer has already worked out and both formats share.
pub struct Parts {
    pub uses: TokenStream,
    /// Derives after `DeriveActiveModel`: `, Eq`, serde, the user's.
    pub model_derives: TokenStream,
    pub model_attributes: TokenStream,
    pub field_types: Vec<FieldType>,
    /// `Related`, junction and `Linked` impls, `ActiveModelBehavior`.
    pub tail: TokenStream,
}

pub fn render_expanded(
    entity: &EntityPlan<'_>,
    enums: &EnumNames,
    options: &SeaOrmOptions,
    parts: Parts,
) -> TokenStream {
    let table = entity.table;
    let table_name = &table.name.name;
    let schema_fn =
        table.name.schema.as_ref().map(|schema| quote!(fn schema_name(&self) -> Option<&str> { Some(#schema) }));
    let Parts { uses, model_derives, model_attributes, field_types, tail } = parts;

    let fields = table.columns.iter().zip(&field_types).map(|(column, ft)| {
        let name: TokenStream = names::field_ident_text(&column.name).parse().expect("an identifier");
        let rust = &ft.rust;
        let ty = if field_nullable(table, column) { quote!(Option<#rust>) } else { quote!(#rust) };
        quote!(pub #name: #ty,)
    });
    let column_variants = table.columns.iter().map(|column| {
        let variant = ident(&names::column_variant(&column.name));
        if names::needs_column_name(&column.name) {
            let name = &column.name;
            quote!(#[sea_orm(column_name = #name)] #variant,)
        } else {
            quote!(#variant,)
        }
    });
    let pk_columns: Vec<&str> =
        table.primary_key.as_ref().map(|pk| pk.columns.iter().map(String::as_str).collect()).unwrap_or_default();
    let pk_variants = pk_columns.iter().map(|c| ident(&names::column_variant(c)));
    let pk_types: Vec<TokenStream> = pk_columns
        .iter()
        .map(|c| {
            let i = table.columns.iter().position(|col| col.name == *c).expect("key columns exist");
            let rust = &field_types[i].rust;
            if field_nullable(table, &table.columns[i]) { quote!(Option<#rust>) } else { quote!(#rust) }
        })
        .collect();
    let value_type = if pk_types.len() == 1 { pk_types[0].clone() } else { quote!((#(#pk_types),*)) };
    let auto_increment = table.columns.iter().any(|c| matches!(c.default, Some(ColumnDefault::AutoIncrement { .. })));

    let column_defs = table.columns.iter().map(|column| {
        let variant = ident(&names::column_variant(&column.name));
        let ty = column_type_expr(&column.ty, options, &|n| enums.local_name(n));
        let null = field_nullable(table, column).then(|| quote!(.null()));
        let unique = column_is_unique(table, &column.name).then(|| quote!(.unique()));
        quote!(Self::#variant => #ty.def() #null #unique,)
    });
    // What `select_as = "..."` does in the compact format: the derive's `select_as`, by hand.
    let select_as_arms: Vec<TokenStream> = table
        .columns
        .iter()
        .zip(&field_types)
        .filter_map(|(column, ft)| {
            let variant = ident(&names::column_variant(&column.name));
            let sql = ft.select_as?;
            Some(quote!(Self::#variant => sea_orm::sea_query::ExprTrait::cast_as(expr, #sql),))
        })
        .collect();
    let select_as = (!select_as_arms.is_empty()).then(|| {
        quote! {
            fn select_as(&self, expr: Expr) -> Expr {
                match self {
                    #(#select_as_arms)*
                    _ => self.select_enum_as(expr),
                }
            }
        }
    });
    let relation_variants: Vec<_> = entity.relations.iter().map(|r| ident(&r.variant())).collect();
    let relation_defs = entity.relations.iter().map(|r| {
        let target = if r.self_ref {
            quote!(Entity)
        } else {
            let module = module_ident(&r.ref_table);
            quote!(super::#module::Entity)
        };
        match &r.kind {
            RelationKind::HasMany => quote!(Entity::has_many(#target).into()),
            RelationKind::HasOne => quote!(Entity::has_one(#target).into()),
            RelationKind::BelongsTo { from, to, .. } => {
                let prefix = if r.self_ref {
                    quote!()
                } else {
                    let module = module_ident(&r.ref_table);
                    quote!(super::#module::)
                };
                let from = column_tuple(from, &quote!());
                let to = column_tuple(to, &prefix);
                quote!(Entity::belongs_to(#target).from(#from).to(#to).into())
            }
        }
    });
    let relation_body = if relation_variants.is_empty() {
        quote!(panic!("No RelationDef"))
    } else {
        quote!(match self { #(Self::#relation_variants => #relation_defs,)* })
    };

    quote! {
        #uses

        #[derive(Copy, Clone, Default, Debug, DeriveEntity)]
        pub struct Entity;

        impl EntityName for Entity {
            #schema_fn
            fn table_name(&self) -> &'static str { #table_name }
        }

        #[derive(Clone, Debug, PartialEq, DeriveModel, DeriveActiveModel #model_derives)]
        #model_attributes
        pub struct Model {
            #(#fields)*
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveColumn)]
        pub enum Column {
            #(#column_variants)*
        }

        #[derive(Copy, Clone, Debug, EnumIter, DerivePrimaryKey)]
        pub enum PrimaryKey {
            #(#pk_variants,)*
        }

        impl PrimaryKeyTrait for PrimaryKey {
            type ValueType = #value_type;
            fn auto_increment() -> bool { #auto_increment }
        }

        #[derive(Copy, Clone, Debug, EnumIter)]
        pub enum Relation {
            #(#relation_variants,)*
        }

        impl ColumnTrait for Column {
            type EntityName = Entity;
            fn def(&self) -> ColumnDef {
                match self {
                    #(#column_defs)*
                }
            }
            #select_as
        }

        impl RelationTrait for Relation {
            fn def(&self) -> RelationDef {
                #relation_body
            }
        }

        #tail
    }
}

/// `Column::A` or `(Column::A, Column::B)`.
fn column_tuple(columns: &[String], prefix: &TokenStream) -> TokenStream {
    let cols: Vec<TokenStream> = columns
        .iter()
        .map(|c| {
            let v = ident(&names::column_variant(c));
            quote!(#prefix Column::#v)
        })
        .collect();
    if cols.len() == 1 { cols[0].clone() } else { quote!((#(#cols),*)) }
}

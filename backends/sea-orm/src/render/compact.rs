//! One entity file in sea-orm-cli's compact format: a `DeriveEntityModel` `Model`, a
//! `DeriveRelation` `Relation`, and the `Related` and `Linked` impls `entity.rs` renders for
//! every format.

use proc_macro2::TokenStream;
use quote::quote;

use crate::render::common::EntityItems;

/// The parts of a compact entity that `entity.rs` works out.
pub struct Parts {
    pub uses: TokenStream,
    /// `, Eq, DeriveEntityModel, ...`: what follows `PartialEq` in the `Model`'s derives.
    pub model_derives: TokenStream,
    pub table_attribute: TokenStream,
    pub model_attributes: TokenStream,
    pub relation_variants: TokenStream,
    /// The `Related` and `Linked` impls.
    pub tail: TokenStream,
}

/// The compact entity's items; the `Model`'s fields stay syntax trees (see [`EntityItems`]).
pub fn render_compact(parts: Parts, fields: Vec<syn::Field>) -> EntityItems {
    let Parts { uses, model_derives, table_attribute, model_attributes, relation_variants, tail } = parts;
    let items = quote! {
        #uses

        #[derive(Clone, Debug, PartialEq #model_derives)]
        #table_attribute
        #model_attributes
        pub struct Model {}

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #relation_variants
        }

        #tail
    };
    EntityItems { items, model_fields: fields }
}

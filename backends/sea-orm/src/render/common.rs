//! What every entity format shares and imports: the items an entity file is made of, the
//! identifiers of entities and their modules, referential actions, serde's `use`. A leaf: it
//! imports no other renderer.

use codegen_core::ReferentialAction;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::names;
use crate::options::{SeaOrmOptions, WithSerde};

/// The generated items of one entity file (without the header and what goes after the region).
/// In the compact format the `Model`'s fields come as syntax trees, built directly rather than
/// as tokens for syn to parse again: they are most of a file, and parsing most of the time.
pub struct EntityItems {
    pub items: TokenStream,
    /// The fields of the (empty) `struct Model` in `items`.
    pub model_fields: Vec<syn::Field>,
}

pub fn serde_use(options: &SeaOrmOptions) -> TokenStream {
    match options.with_serde {
        WithSerde::None => quote!(),
        WithSerde::Serialize => quote!(
            use serde::Serialize;
        ),
        WithSerde::Deserialize => quote!(
            use serde::Deserialize;
        ),
        WithSerde::Both => quote!(
            use serde::{Deserialize, Serialize};
        ),
    }
}

/// sea-orm's name of a referential action.
pub(crate) fn action(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "NoAction",
        ReferentialAction::Restrict => "Restrict",
        ReferentialAction::Cascade => "Cascade",
        ReferentialAction::SetNull => "SetNull",
        ReferentialAction::SetDefault => "SetDefault",
    }
}

/// The module of a table, keyword-escaped.
pub fn module_ident(table: &str) -> TokenStream {
    names::module_text(table).parse().expect("module_text yields an identifier")
}

/// An identifier, raw where the text says `r#`.
pub(crate) fn ident(text: &str) -> Ident {
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{text}"),
    }
}

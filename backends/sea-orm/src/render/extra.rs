//! User-supplied derives and attributes, parsed once: a string that is not Rust is a diagnostic,
//! not a panic.

use codegen_core::{Diagnostic, Diagnostics};
use proc_macro2::TokenStream;
use quote::quote;

use crate::options::{SeaOrmOptions, WithSerde};

/// The extra derives (each with a leading comma) and attributes, checked, kept as text: tokens
/// are not `Send`, and entity files are rendered on several threads.
#[derive(Debug, Clone, Default)]
pub struct ExtraTokens {
    model_derives: String,
    model_attributes: String,
    enum_derives: String,
    enum_attributes: String,
}

impl ExtraTokens {
    pub fn parse(options: &SeaOrmOptions, diagnostics: &mut Diagnostics) -> Self {
        Self {
            model_derives: derives(&options.model_extra_derives, "model-extra-derives", diagnostics),
            model_attributes: attributes(&options.model_extra_attributes, "model-extra-attributes", diagnostics),
            enum_derives: derives(&options.enum_extra_derives, "enum-extra-derives", diagnostics),
            enum_attributes: attributes(&options.enum_extra_attributes, "enum-extra-attributes", diagnostics),
        }
    }

    pub fn model_derives(&self) -> TokenStream {
        tokens(&self.model_derives)
    }

    pub fn model_attributes(&self) -> TokenStream {
        tokens(&self.model_attributes)
    }

    pub fn enum_derives(&self) -> TokenStream {
        tokens(&self.enum_derives)
    }

    pub fn enum_attributes(&self) -> TokenStream {
        tokens(&self.enum_attributes)
    }
}

fn tokens(text: &str) -> TokenStream {
    text.parse().expect("checked when the options were parsed")
}

fn derives(items: &[String], option: &str, diagnostics: &mut Diagnostics) -> String {
    let mut out = TokenStream::new();
    for item in items {
        match syn::parse_str::<syn::Path>(item.trim()) {
            Ok(path) => out.extend(quote!(, #path)),
            Err(e) => diagnostics.push(bad_option(option, item, "a derive path such as `serde::Serialize`", e)),
        }
    }
    out.to_string()
}

fn attributes(items: &[String], option: &str, diagnostics: &mut Diagnostics) -> String {
    let mut out = TokenStream::new();
    for item in items {
        let text = item.trim();
        // Accept both `serde(rename_all = "camelCase")` and the full `#[...]` form.
        let inner = text.strip_prefix("#[").and_then(|t| t.strip_suffix(']')).unwrap_or(text);
        match syn::parse_str::<syn::Meta>(inner) {
            Ok(meta) => out.extend(quote!(#[#meta])),
            Err(e) => diagnostics.push(bad_option(
                option,
                item,
                "an attribute such as `serde(rename_all = \"camelCase\")`",
                e,
            )),
        }
    }
    out.to_string()
}

fn bad_option(option: &str, item: &str, expected: &str, error: syn::Error) -> Diagnostic {
    Diagnostic::error(format!("`{item}` in `{option}` is not {expected}: {error}"))
        .with_object(format!("targets.sea-orm.{option}"))
}

/// `, Serialize, Deserialize` as `--with-serde` asks.
pub fn serde_derives(with_serde: WithSerde) -> TokenStream {
    match with_serde {
        WithSerde::None => quote!(),
        WithSerde::Serialize => quote!(, Serialize),
        WithSerde::Deserialize => quote!(, Deserialize),
        WithSerde::Both => quote!(, Serialize, Deserialize),
    }
}

//! One file in sea-orm-cli 2.0's frontend format: a plain `Model` struct with the table's
//! columns, no SeaORM at all (for a crate that only holds the data, e.g. a web frontend). The
//! types the compact format takes from SeaORM's prelude are imported from their own crates.

use proc_macro2::TokenStream;
use quote::quote;

use crate::names;
use crate::options::{DateTimeCrate, SeaOrmOptions, WithSerde};
use crate::plan::{EntityPlan, field_nullable};
use crate::types::FieldType;

/// The `Model` of `entity`; `enum_uses` are the enums' `use` items (`Mood`, `Mood as PeopleMood`),
/// `model_derives` the derives after `PartialEq` (`, Eq`, serde, the user's).
pub fn render_frontend(
    entity: &EntityPlan<'_>,
    enum_uses: &[TokenStream],
    field_types: &[FieldType],
    model_derives: TokenStream,
    model_attributes: TokenStream,
    options: &SeaOrmOptions,
) -> TokenStream {
    let fields = entity.table.columns.iter().zip(field_types).map(|(column, ft)| {
        let name: TokenStream = names::field_ident_text(&column.name).parse().expect("an identifier");
        let rust = &ft.rust;
        let ty = if field_nullable(entity.table, column) { quote!(Option<#rust>) } else { quote!(#rust) };
        quote!(pub #name: #ty,)
    });
    let (uses, aliases) = imports(field_types, options);
    quote! {
        #(use super::sea_orm_active_enums::#enum_uses;)*
        #(#uses)*
        #(#aliases)*

        #[derive(Clone, Debug, PartialEq #model_derives)]
        #model_attributes
        pub struct Model {
            #(#fields)*
        }
    }
}

/// The `use`s (in rustfmt's order, as sea-orm-cli's files have them) of serde and of the types
/// that SeaORM's prelude would otherwise provide, and the type aliases it writes for some.
fn imports(field_types: &[FieldType], options: &SeaOrmOptions) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut date_time: Vec<&str> = Vec::new();
    let mut plain: Vec<&str> = Vec::new();
    let mut aliases: Vec<&str> = Vec::new();
    for ft in field_types {
        for token in ft.rust.clone() {
            let proc_macro2::TokenTree::Ident(ident) = token else { continue };
            let (list, item) = match ident.to_string().as_str() {
                "Date" => (&mut date_time, "NaiveDate as Date"),
                "Time" => (&mut date_time, "NaiveTime as Time"),
                "DateTime" => (&mut date_time, "NaiveDateTime as DateTime"),
                "TimeDate" => (&mut date_time, "Date as TimeDate"),
                "TimeTime" => (&mut date_time, "Time as TimeTime"),
                "TimeDateTime" => (&mut date_time, "PrimitiveDateTime as TimeDateTime"),
                "TimeDateTimeWithTimeZone" => (&mut date_time, "OffsetDateTime as TimeDateTimeWithTimeZone"),
                "DateTimeUtc" => (&mut aliases, "type DateTimeUtc = chrono::DateTime<chrono::Utc>;"),
                "DateTimeWithTimeZone" => {
                    (&mut aliases, "type DateTimeWithTimeZone = chrono::DateTime<chrono::FixedOffset>;")
                }
                "Decimal" => (&mut plain, "rust_decimal::Decimal"),
                "Json" => (&mut plain, "serde_json::Value as Json"),
                "Uuid" => (&mut plain, "uuid::Uuid"),
                "IpNetwork" => (&mut plain, "ipnetwork::IpNetwork"),
                "PgVector" => (&mut plain, "pgvector::Vector as PgVector"),
                _ => continue,
            };
            if !list.contains(&item) {
                list.push(item);
            }
        }
    }
    let mut paths: Vec<String> = plain.iter().map(|p| p.to_string()).collect();
    match options.with_serde {
        WithSerde::None => {}
        WithSerde::Serialize => paths.push("serde::Serialize".into()),
        WithSerde::Deserialize => paths.push("serde::Deserialize".into()),
        WithSerde::Both => paths.push("serde::{Deserialize, Serialize}".into()),
    }
    if !date_time.is_empty() {
        date_time.sort_unstable();
        let krate = if options.date_time_crate == DateTimeCrate::Chrono { "chrono" } else { "time" };
        paths.push(format!("{krate}::{{{}}}", date_time.join(", ")));
    }
    // rustfmt orders `use`s by path segment: `serde` before `serde_json`.
    paths.sort_by(|a, b| a.split("::").cmp(b.split("::")));
    let uses = paths.iter().map(|p| format!("use {p};").parse().expect("a use item")).collect();
    let aliases = aliases.iter().map(|a| a.parse().expect("a type alias")).collect();
    (uses, aliases)
}

//! Column types: the Rust side of sea-orm-codegen's output, from the one [`SeaOrmType`] table in
//! codegen-core (which the derive macro checks against too): the Rust type, the `column_type`
//! attribute and the `ColumnType` expression of the expanded format.

use codegen_core::orm::sea_orm::{Literals, SeaOrmType};
use codegen_core::{ColumnType, Dialect, QualifiedName};
use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use crate::options::{DateTimeCrate, SeaOrmOptions};

/// How one column is typed in a `Model`.
#[derive(Debug, Clone)]
pub struct FieldType {
    /// The Rust type, without the `Option` a nullable column adds.
    pub rust: TokenStream,
    /// The `column_type = "..."` value, where the Rust type alone does not determine it.
    pub column_type: Option<String>,
    /// Whether the type has no `Eq` (floats), which takes `Eq` off the model's derives.
    pub is_float: bool,
    /// The enum the column holds (looking through arrays), for the `use` of its Rust type.
    pub enum_name: Option<QualifiedName>,
    /// A type SeaORM has no form for: the column is kept as text and marked `ignore`.
    pub unsupported: Option<String>,
    /// The SQL type the column is read as (`select_as`), where SeaORM cannot decode what the
    /// database stores: see [`select_as`].
    pub select_as: Option<&'static str>,
}

/// The Rust side of `ty`; `enum_ident` names the Rust type of an enum column.
pub fn field_type(
    ty: &ColumnType,
    options: &SeaOrmOptions,
    enum_ident: &dyn Fn(&QualifiedName) -> String,
) -> FieldType {
    let sea = SeaOrmType::of(ty, options.dialect);
    let unsupported = match &sea {
        SeaOrmType::Custom(raw) => Some(raw.clone()),
        SeaOrmType::VarBit(_) => Some("bit varying".into()),
        _ => None,
    };
    FieldType {
        rust: rust_type(&sea, options, enum_ident),
        column_type: sea.attribute(),
        is_float: is_float(&sea),
        enum_name: ty.enum_name().cloned(),
        unsupported,
        select_as: select_as(&sea, options.dialect),
    }
}

/// SQLite stores a NUMERIC or DECIMAL value that is a whole number (`20.00`, `7`) as an INTEGER,
/// and SeaORM decodes a `Decimal` on SQLite through an `f64`, which sqlx refuses from an INTEGER
/// ("mismatched types": the whole query fails). sea-orm-cli's `DECIMAL(p, s)` entities fail so on
/// every whole amount; ours read the column as REAL, which holds every value SQLite keeps there.
fn select_as(sea: &SeaOrmType, dialect: Option<Dialect>) -> Option<&'static str> {
    (dialect == Some(Dialect::Sqlite) && matches!(sea, SeaOrmType::Decimal(_))).then_some("REAL")
}

/// The Rust type of the model's field: [`SeaOrmType::rust_type`], an enum's Rust type, or a
/// `Vec` of the element's.
fn rust_type(sea: &SeaOrmType, options: &SeaOrmOptions, enum_ident: &dyn Fn(&QualifiedName) -> String) -> TokenStream {
    match sea {
        SeaOrmType::Enum(name) => {
            let ident = format_ident!("{}", enum_ident(name));
            quote!(#ident)
        }
        SeaOrmType::Array(element) => {
            let inner = rust_type(element, options, enum_ident);
            quote!(Vec<#inner>)
        }
        scalar => {
            let chrono = options.date_time_crate == DateTimeCrate::Chrono;
            let rust = scalar.rust_type(chrono, options.dialect == Some(Dialect::Mysql));
            let rust = rust.expect("every scalar SeaORM type has a Rust type");
            // The canonical name is the one the generated `use sea_orm::entity::prelude::*` brings in.
            syn::parse_str::<syn::Type>(rust.canonical).expect("the table's Rust types parse").to_token_stream()
        }
    }
}

/// Whether the type, or an array's element type, has no `Eq`.
fn is_float(sea: &SeaOrmType) -> bool {
    match sea {
        SeaOrmType::Array(element) => is_float(element),
        other => other.is_float(),
    }
}

/// The `ColumnType` expression the expanded format's `ColumnTrait::def` starts from, as
/// sea-orm-cli writes it for what sea-schema reads.
pub fn column_type_expr(
    ty: &ColumnType,
    options: &SeaOrmOptions,
    enum_ident: &dyn Fn(&QualifiedName) -> String,
) -> TokenStream {
    let source = SeaOrmType::of(ty, options.dialect).column_type(Literals::Suffixed, enum_ident);
    syn::parse_str::<syn::Expr>(&source).expect("a ColumnType expression parses").to_token_stream()
}

//! Expansion: the derive's output. Whatever the checks found, the same items are emitted (a
//! fallback impl), so one mistake is one error and not a cascade in code that uses the struct.

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Fields};

use crate::attr::{self, SourceAttrs, Spanned};
use crate::check::{self, Bound, Checked, EnumLink, Env, Field, TypeBound, Variant};
use crate::ctxt::Ctxt;
use crate::mapping::Orm;
use crate::source::{self, Settings};

/// parse -> check -> expand for one derive input.
pub fn derive(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let body = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => derive_struct(&mut cx, input, named),
            _ => {
                cx.error_spanned_by(&input.ident, "CheckSchema needs a struct with named fields, one per column");
                TokenStream::new()
            }
        },
        Data::Enum(data) => derive_enum(&mut cx, input, data),
        Data::Union(_) => {
            cx.error_spanned_by(&input.ident, "CheckSchema applies to structs (rows) and enums (database enums)");
            TokenStream::new()
        }
    };
    let errors = cx.into_compile_errors();
    quote! { #body #errors }
}

/// Read the schema for a derive; on failure, report at `span` and return what cargo should watch.
fn with_schema<T>(
    cx: &mut Ctxt,
    source_attrs: &SourceAttrs,
    span: Span,
    f: impl FnOnce(&mut Ctxt, &Settings, &codegen_core::Schema) -> T,
) -> (Option<T>, Vec<PathBuf>) {
    let span = source_attrs.source.as_ref().map_or(span, |s| s.span);
    let settings = match source::resolve(source_attrs) {
        Ok(settings) => settings,
        Err(failure) => {
            cx.error_at(span, failure.message);
            return (None, failure.files);
        }
    };
    let loaded = source::load(&settings);
    let mut files: Vec<PathBuf> = settings.config_file.iter().cloned().collect();
    match &*loaded {
        Ok(loaded) => {
            files.extend(loaded.files.iter().cloned());
            (Some(f(cx, &settings, &loaded.schema)), files)
        }
        Err(failure) => {
            cx.error_at(span, &failure.message);
            files.extend(failure.files.iter().cloned());
            (None, files)
        }
    }
}

/// `include_bytes!` of every schema file: cargo then rebuilds the crate when one changes.
fn track(files: &[PathBuf]) -> TokenStream {
    let includes = files.iter().filter_map(|f| f.to_str()).map(|f| quote! { const _: &[u8] = include_bytes!(#f); });
    quote! { #(#includes)* }
}

fn derive_struct(cx: &mut Ctxt, input: &DeriveInput, named: &syn::FieldsNamed) -> TokenStream {
    let attrs = attr::struct_attrs(cx, &input.attrs);
    let fields: Vec<Field> = named
        .named
        .iter()
        .filter_map(|f| Some(Field { ident: f.ident.as_ref()?, ty: &f.ty, attrs: attr::field_attrs(cx, &f.attrs) }))
        .collect();
    let (checked, files) = with_schema(cx, &attrs.source, input.ident.span(), |cx, settings, schema| {
        let orm = attrs.orm.as_ref().map(|o| o.value).or(settings.orm).unwrap_or(Orm::Diesel);
        let dialect = schema.dialect.unwrap_or(settings.dialect);
        let env = Env { schema, orm, dialect, base: &settings.base };
        check::check_struct(cx, &env, &input.ident, &attrs, &fields)
    });
    let table = attrs.table.as_ref().map_or(String::new(), |t| t.value.clone());
    let columns: Vec<String> = fields.iter().filter(|f| !f.attrs.skip).map(Field::column_name).collect();
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    // A field type that names the struct's generic parameters cannot appear in a free constant.
    let checked = if input.generics.params.is_empty() { checked.unwrap_or_default() } else { Checked::default() };
    let asserts = checked.links.iter().map(enum_assert);
    let bounds = checked.bounds.iter().map(type_bound);
    let track = track(&files);
    quote! {
        impl #impl_generics #ident #ty_generics #where_clause {
            /// The table this struct was checked against.
            pub const SCHEMA_TABLE: &'static str = #table;
            /// The columns the struct's fields map to, in field order.
            pub const SCHEMA_COLUMNS: &'static [&'static str] = &[#(#columns),*];
        }
        const _: () = {
            #track
            #(#asserts)*
            #(#bounds)*
        };
    }
}

/// Leave a field type the derive cannot read to rustc: a function whose where clause holds only
/// if the ORM reads the column into the type, spanned at the field so that the error points there.
fn type_bound(bound: &TypeBound) -> TokenStream {
    let ty = &bound.ty;
    // Every token of the bound carries the field's span: rustc reports an unmet bound there.
    let span = ty.span();
    let traits = match &bound.bound {
        Bound::Diesel { sql_type, backend } => {
            let sql_type = respan(syn::parse_str(sql_type).expect("a Diesel SQL type path"), span);
            let backend = respan(syn::parse_str(backend).expect("a Diesel backend path"), span);
            quote_spanned!(span=> diesel::deserialize::FromSql<#sql_type, #backend>)
        }
        Bound::SeaOrm => quote_spanned!(span=> sea_orm::TryGetable + sea_orm::sea_query::ValueType),
    };
    quote_spanned! {span=>
        const _: () = {
            #[allow(dead_code)]
            fn check_field_type() where #ty: #traits {}
        };
    }
}

/// Tie a field's Rust enum to the column's database enum: the enum's own derive stores the name
/// it was checked against in `SCHEMA_ENUM`, compared here during constant evaluation.
fn enum_assert(link: &EnumLink) -> TokenStream {
    let ty = &link.ty;
    let db_enum = &link.db_enum;
    let message = format!(
        "column `{}` has database enum `{db_enum}`, but the field's Rust enum was checked against another one; derive CheckSchema on it with #[schema(enum = \"{db_enum}\")]",
        link.column
    );
    quote_spanned! {ty.span()=>
        const _: () = {
            const fn same(a: &str, b: &str) -> bool {
                let (a, b) = (a.as_bytes(), b.as_bytes());
                if a.len() != b.len() {
                    return false;
                }
                let mut i = 0;
                while i < a.len() {
                    if a[i] != b[i] {
                        return false;
                    }
                    i += 1;
                }
                true
            }
            if !same(<#ty>::SCHEMA_ENUM, #db_enum) {
                panic!(#message);
            }
        };
    }
}

/// `tokens` with every span set to `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let proc_macro2::TokenTree::Group(group) = &tree {
                let mut inner = proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                tree = proc_macro2::TokenTree::Group(inner);
            }
            tree.set_span(span);
            tree
        })
        .collect()
}

fn derive_enum(cx: &mut Ctxt, input: &DeriveInput, data: &syn::DataEnum) -> TokenStream {
    let attrs = attr::enum_attrs(cx, &input.attrs);
    let variants: Vec<Variant> =
        data.variants.iter().map(|v| Variant { ident: &v.ident, attrs: attr::variant_attrs(cx, &v.attrs) }).collect();
    let name = attrs.name.clone().unwrap_or_else(|| Spanned {
        value: heck::ToSnakeCase::to_snake_case(input.ident.to_string().as_str()),
        span: input.ident.span(),
    });
    let (_, files) = with_schema(cx, &attrs.source, input.ident.span(), |cx, settings, schema| {
        // Enum values do not depend on the ORM.
        let env = Env { schema, orm: Orm::Diesel, dialect: settings.dialect, base: &settings.base };
        check::check_enum(cx, &env, &input.ident, &name, &variants);
    });
    let db_name = &name.value;
    let values = variants.iter().map(|v| v.value().0);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let track = track(&files);
    quote! {
        impl #impl_generics #ident #ty_generics #where_clause {
            /// The database enum this enum was checked against.
            pub const SCHEMA_ENUM: &'static str = #db_name;
            /// The database value of each variant, in declaration order.
            pub const SCHEMA_VALUES: &'static [&'static str] = &[#(#values),*];
        }
        const _: () = { #track };
    }
}

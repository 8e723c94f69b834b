//! Parsing: the `#[schema(...)]` attributes, plus the table and column names that diesel's
//! `#[diesel(...)]` and SeaORM's `#[sea_orm(...)]` already state, so a struct that carries those
//! derives need not repeat itself.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr};

use crate::ctxt::Ctxt;
use crate::mapping::Orm;
use crate::message::closest;

const STRUCT_KEYS: &[&str] = &["table", "source", "dialect", "orm", "all_columns", "insertable"];
const FIELD_KEYS: &[&str] = &["column", "skip", "allow_option", "unchecked_type"];
const ENUM_KEYS: &[&str] = &["enum", "source", "dialect"];
const VARIANT_KEYS: &[&str] = &["rename"];

/// A string value and where the user wrote it.
#[derive(Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// Where the schema comes from, when the attributes say so.
#[derive(Default)]
pub struct SourceAttrs {
    pub source: Option<Spanned<String>>,
    pub dialect: Option<Spanned<String>>,
}

/// The container attributes of a struct.
#[derive(Default)]
pub struct StructAttrs {
    pub table: Option<Spanned<String>>,
    pub source: SourceAttrs,
    pub orm: Option<Spanned<Orm>>,
    /// Every column must have a field.
    pub all_columns: Option<Span>,
    /// Every NOT NULL column without a default must have a field.
    pub insertable: Option<Span>,
    /// Some key could not be read: its error stands, and checks that depend on it stay quiet.
    pub malformed: bool,
}

/// The attributes of one field.
#[derive(Default)]
pub struct FieldAttrs {
    pub column: Option<Spanned<String>>,
    pub skip: bool,
    pub allow_option: bool,
    pub unchecked_type: bool,
}

/// The container attributes of an enum.
#[derive(Default)]
pub struct EnumAttrs {
    pub name: Option<Spanned<String>>,
    pub source: SourceAttrs,
}

/// The attributes of one enum variant.
#[derive(Default)]
pub struct VariantAttrs {
    pub rename: Option<Spanned<String>>,
}

fn lit(meta: &ParseNestedMeta) -> syn::Result<Spanned<String>> {
    let lit: LitStr = meta.value()?.parse()?;
    Ok(Spanned { value: lit.value(), span: lit.span() })
}

fn unknown_key(meta: &ParseNestedMeta, known: &[&str]) -> syn::Error {
    let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
    let hint = match closest(&key, known.iter().copied()) {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("expected one of: {}", known.join(", ")),
    };
    meta.error(format!("unknown schema attribute `{key}`: {hint}"))
}

/// Run `f` on each key of each `#[schema(...)]`. A bad key is recorded and skipped, so the keys
/// after it are still read and checked. Returns whether any key was bad.
fn each_schema_attr(
    cx: &mut Ctxt,
    attrs: &[Attribute],
    mut f: impl FnMut(&ParseNestedMeta) -> syn::Result<()>,
) -> bool {
    let mut bad = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("schema")) {
        let result = attr.parse_nested_meta(|meta| {
            if let Err(e) = f(&meta) {
                cx.syn_error(e);
                bad = true;
                while !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
                    meta.input.parse::<proc_macro2::TokenTree>()?;
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
            bad = true;
        }
    }
    bad
}

fn source_key(meta: &ParseNestedMeta, source: &mut SourceAttrs) -> syn::Result<bool> {
    if meta.path.is_ident("source") {
        source.source = Some(lit(meta)?);
    } else if meta.path.is_ident("dialect") {
        source.dialect = Some(lit(meta)?);
    } else {
        return Ok(false);
    }
    Ok(true)
}

/// Parse the attributes on a struct.
pub fn struct_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> StructAttrs {
    let mut out = StructAttrs::default();
    out.malformed = each_schema_attr(cx, attrs, |meta| {
        if meta.path.is_ident("table") {
            out.table = Some(lit(meta)?);
        } else if meta.path.is_ident("orm") {
            let s = lit(meta)?;
            let orm = match s.value.as_str() {
                "diesel" => Orm::Diesel,
                "sea-orm" | "sea_orm" | "seaorm" => Orm::SeaOrm,
                other => {
                    return Err(syn::Error::new(
                        s.span,
                        format!("unknown ORM `{other}`: expected \"diesel\" or \"sea-orm\""),
                    ));
                }
            };
            out.orm = Some(Spanned { value: orm, span: s.span });
        } else if meta.path.is_ident("all_columns") {
            out.all_columns = Some(meta.path.get_ident().map_or(Span::call_site(), |i| i.span()));
        } else if meta.path.is_ident("insertable") {
            out.insertable = Some(meta.path.get_ident().map_or(Span::call_site(), |i| i.span()));
        } else if !source_key(meta, &mut out.source)? {
            return Err(unknown_key(meta, STRUCT_KEYS));
        }
        Ok(())
    });
    if out.table.is_none() {
        out.table = foreign_table_name(attrs);
    }
    out
}

/// Parse the attributes on a field.
pub fn field_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    each_schema_attr(cx, attrs, |meta| {
        if meta.path.is_ident("column") {
            out.column = Some(lit(meta)?);
        } else if meta.path.is_ident("skip") {
            out.skip = true;
        } else if meta.path.is_ident("allow_option") {
            out.allow_option = true;
        } else if meta.path.is_ident("unchecked_type") {
            out.unchecked_type = true;
        } else {
            return Err(unknown_key(meta, FIELD_KEYS));
        }
        Ok(())
    });
    let (column, ignore) = foreign_field(attrs);
    if out.column.is_none() {
        out.column = column;
    }
    out.skip |= ignore;
    out
}

/// Parse the attributes on an enum.
pub fn enum_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> EnumAttrs {
    let mut out = EnumAttrs::default();
    each_schema_attr(cx, attrs, |meta| {
        if meta.path.is_ident("enum") {
            out.name = Some(lit(meta)?);
        } else if !source_key(meta, &mut out.source)? {
            return Err(unknown_key(meta, ENUM_KEYS));
        }
        Ok(())
    });
    if out.name.is_none() {
        out.name = foreign_enum_name(attrs);
    }
    out
}

/// Parse the attributes on an enum variant.
pub fn variant_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> VariantAttrs {
    let mut out = VariantAttrs::default();
    each_schema_attr(cx, attrs, |meta| {
        if meta.path.is_ident("rename") {
            out.rename = Some(lit(meta)?);
        } else {
            return Err(unknown_key(meta, VARIANT_KEYS));
        }
        Ok(())
    });
    if out.rename.is_none() {
        out.rename = foreign_value(attrs, "sea_orm", "string_value");
    }
    out
}

/// Walk an ORM's attribute leniently: its own derive reports its mistakes, not this one.
fn each_foreign(attrs: &[Attribute], name: &str, mut f: impl FnMut(&str, Option<Spanned<String>>)) {
    for attr in attrs.iter().filter(|a| a.path().is_ident(name)) {
        let _ = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            let value = if meta.input.peek(syn::Token![=]) {
                let expr: syn::Expr = meta.value()?.parse()?;
                expr_text(&expr)
            } else if meta.input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in meta.input);
                let _: proc_macro2::TokenStream = content.parse()?;
                None
            } else {
                None
            };
            f(&key, value);
            Ok(())
        });
    }
}

/// The name a value expression spells: a string literal, or the last segment of a path
/// (diesel writes `table_name = schema::experiments`).
fn expr_text(expr: &syn::Expr) -> Option<Spanned<String>> {
    match expr {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => {
            Some(Spanned { value: s.value(), span: s.span() })
        }
        syn::Expr::Path(p) => {
            p.path.segments.last().map(|s| Spanned { value: s.ident.to_string(), span: s.ident.span() })
        }
        _ => None,
    }
}

fn foreign_value(attrs: &[Attribute], attr: &str, wanted: &str) -> Option<Spanned<String>> {
    let mut found = None;
    each_foreign(attrs, attr, |key, value| {
        if key == wanted && value.is_some() {
            found = value;
        }
    });
    found
}

fn foreign_table_name(attrs: &[Attribute]) -> Option<Spanned<String>> {
    foreign_value(attrs, "diesel", "table_name").or_else(|| foreign_value(attrs, "sea_orm", "table_name"))
}

fn foreign_enum_name(attrs: &[Attribute]) -> Option<Spanned<String>> {
    foreign_value(attrs, "sea_orm", "enum_name")
}

/// A field's column rename and whether the ORM ignores it (`#[sea_orm(ignore)]`).
fn foreign_field(attrs: &[Attribute]) -> (Option<Spanned<String>>, bool) {
    let column =
        foreign_value(attrs, "diesel", "column_name").or_else(|| foreign_value(attrs, "sea_orm", "column_name"));
    let mut ignore = false;
    each_foreign(attrs, "sea_orm", |key, _| ignore |= key == "ignore");
    (column, ignore)
}

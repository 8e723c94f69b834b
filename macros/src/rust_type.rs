//! Reading a field's Rust type into the shape the mapping compares: `Option` and `Vec` wrappers
//! around a scalar named by its last path segment, as written (`chrono::NaiveDate` and
//! `NaiveDate` are the same). Aliases and newtypes cannot be seen through from a derive.

use quote::ToTokens;
use syn::{GenericArgument, PathArguments, Type};

/// A field type, as the checks see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Option(Box<Shape>),
    /// `Vec<T>` other than `Vec<u8>` (a SQL array).
    Vec(Box<Shape>),
    /// A scalar's canonical name: `i64`, `String`, `Vec<u8>`, `NaiveDateTime`, `DateTime<Utc>`,
    /// `&str`; anything unrecognised keeps its last segment.
    Scalar(String),
}

impl Shape {
    pub fn is_option(&self) -> bool {
        matches!(self, Shape::Option(_))
    }

    /// The type inside an `Option`, or the type itself.
    pub fn non_null(&self) -> &Shape {
        match self {
            Shape::Option(inner) => inner,
            other => other,
        }
    }
}

/// The shape of a field type.
pub fn shape_of(ty: &Type) -> Shape {
    match ty {
        Type::Paren(p) => shape_of(&p.elem),
        Type::Group(g) => shape_of(&g.elem),
        Type::Reference(r) => match shape_of(&r.elem) {
            Shape::Scalar(s) if s == "str" => Shape::Scalar("&str".into()),
            _ => match &*r.elem {
                Type::Slice(s) if shape_of(&s.elem) == Shape::Scalar("u8".into()) => Shape::Scalar("&[u8]".into()),
                _ => Shape::Scalar(text(ty)),
            },
        },
        Type::Path(p) if p.qself.is_none() => {
            let Some(last) = p.path.segments.last() else { return Shape::Scalar(text(ty)) };
            let name = last.ident.to_string();
            let args = type_args(&last.arguments);
            match (name.as_str(), args.as_slice()) {
                ("Option", [inner]) => Shape::Option(Box::new(shape_of(inner))),
                ("Vec", [inner]) if shape_of(inner) == Shape::Scalar("u8".into()) => Shape::Scalar("Vec<u8>".into()),
                ("Vec", [inner]) => Shape::Vec(Box::new(shape_of(inner))),
                ("Cow", [inner]) if shape_of(inner) == Shape::Scalar("str".into()) => Shape::Scalar("&str".into()),
                ("Box", [inner]) if shape_of(inner) == Shape::Scalar("str".into()) => Shape::Scalar("String".into()),
                ("DateTime", [tz]) => match shape_of(tz) {
                    Shape::Scalar(tz) => Shape::Scalar(format!("DateTime<{tz}>")),
                    _ => Shape::Scalar(text(ty)),
                },
                _ => Shape::Scalar(name),
            }
        }
        _ => Shape::Scalar(text(ty)),
    }
}

fn type_args(arguments: &PathArguments) -> Vec<&Type> {
    match arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|a| match a {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The type as the user wrote it, for messages.
pub fn text(ty: &Type) -> String {
    let raw = ty.to_token_stream().to_string();
    // Token streams print `Option < i64 >`; messages read better the way people write types.
    raw.replace(" < ", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" :: ", "::")
        .replace(" ,", ",")
        .replace("& ", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(src: &str) -> Shape {
        shape_of(&syn::parse_str(src).unwrap())
    }

    #[test]
    fn paths_wrappers_and_references_reduce_to_canonical_names() {
        assert_eq!(shape("::chrono::NaiveDateTime"), Shape::Scalar("NaiveDateTime".into()));
        assert_eq!(
            shape("Option<chrono::DateTime<chrono::Utc>>"),
            Shape::Option(Box::new(Shape::Scalar("DateTime<Utc>".into())))
        );
        assert_eq!(shape("Vec<u8>"), Shape::Scalar("Vec<u8>".into()));
        assert_eq!(
            shape("Vec<Option<i32>>"),
            Shape::Vec(Box::new(Shape::Option(Box::new(Shape::Scalar("i32".into())))))
        );
        assert_eq!(shape("&'a str"), Shape::Scalar("&str".into()));
        assert_eq!(shape("std::borrow::Cow<'a, str>"), Shape::Scalar("&str".into()));
    }

    #[test]
    fn written_types_print_as_people_write_them() {
        assert_eq!(text(&syn::parse_str("Option < chrono :: NaiveDate >").unwrap()), "Option<chrono::NaiveDate>");
    }
}

//! Which Rust types each ORM reads a column type into: diesel's `FromSql` impls and the types
//! `sea-orm-cli generate entity` writes (with SeaORM's prelude aliases), from the ORMs' type
//! tables in `codegen_core::orm`.

use codegen_core::model::ColumnType;
use codegen_core::orm::RustType;
use codegen_core::orm::diesel::{self, DieselType};
use codegen_core::orm::sea_orm::SeaOrmType;

use crate::rust_type::Shape;

/// The ORM whose mapping the checks follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orm {
    Diesel,
    SeaOrm,
}

impl Orm {
    pub fn name(self) -> &'static str {
        match self {
            Orm::Diesel => "diesel",
            Orm::SeaOrm => "SeaORM",
        }
    }
}

/// What a column accepts.
pub enum Expect {
    /// One of these scalars; the first is the one to suggest.
    Types(&'static [RustType]),
    /// A Rust enum checked against this database enum, or a `String`.
    Enum,
    /// `Vec<T>`, `T` fitting the element type.
    Array(ColumnType),
    /// The model has no neutral type for the column: any Rust type is accepted.
    Unchecked,
}

/// What `orm` reads a column of type `ty` into: the ORMs' own type tables, which the Diesel and
/// SeaORM backends generate from too.
pub fn expect(orm: Orm, ty: &ColumnType) -> Expect {
    match ty {
        ColumnType::Enum { .. } => Expect::Enum,
        ColumnType::Array { element } => Expect::Array((**element).clone()),
        // SeaORM has no interval type; its generator falls back to a custom column type.
        ColumnType::Interval if orm == Orm::SeaOrm => Expect::Unchecked,
        ColumnType::Other { .. } | ColumnType::Bit { .. } | ColumnType::Set { .. } => Expect::Unchecked,
        // Diesel reads an integer into the Rust integer of its width, whatever the dialect
        // spells the SQL type; a MySQL `YEAR` is a SMALLINT to it.
        ColumnType::Integer { width, unsigned } if orm == Orm::Diesel => {
            Expect::Types(DieselType::integer(*width).rust_types(*unsigned))
        }
        ColumnType::Year if orm == Orm::Diesel => Expect::Types(DieselType::SmallInt.rust_types(false)),
        scalar => match orm {
            Orm::Diesel => diesel::postgres(scalar).map_or(Expect::Unchecked, |t| Expect::Types(t.rust_types(false))),
            Orm::SeaOrm => Expect::Types(SeaOrmType::of(scalar, None).rust_types()),
        },
    }
}

/// Whether a non-null shape fits the column type. Enums accept any type that is not a known
/// scalar: the Rust enum's own derive checks its values, and expansion ties the two together.
pub fn fits(orm: Orm, ty: &ColumnType, shape: &Shape) -> bool {
    match (expect(orm, ty), shape) {
        (Expect::Unchecked, _) => true,
        (Expect::Types(accepted), Shape::Scalar(name)) => accepted.iter().any(|a| a.canonical == name),
        (Expect::Enum, Shape::Scalar(name)) => name == "String" || !is_known_scalar(name),
        // Array elements may be NULL: diesel and SeaORM both read them into Option<T> too.
        (Expect::Array(element), Shape::Vec(inner)) => fits(orm, &element, inner.non_null()),
        _ => false,
    }
}

/// The Rust type to suggest for a column, `Option` included when it is nullable.
pub fn suggest(orm: Orm, ty: &ColumnType, nullable: bool, enum_type: Option<&str>) -> String {
    let inner = match expect(orm, ty) {
        Expect::Types(accepted) => accepted[0].path.to_string(),
        Expect::Enum => enum_type.map_or_else(|| "a Rust enum".to_string(), str::to_string),
        Expect::Array(element) => format!("Vec<{}>", suggest(orm, &element, false, enum_type)),
        Expect::Unchecked => "any type".to_string(),
    };
    if nullable { format!("Option<{inner}>") } else { inner }
}

/// Names of the scalars the mapping knows, so that a known scalar on an enum column is a mistake.
pub fn is_known_scalar(name: &str) -> bool {
    codegen_core::orm::known_rust_types().any(|t| t.canonical == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen_core::model::IntWidth;

    fn scalar(name: &str) -> Shape {
        Shape::Scalar(name.into())
    }

    #[test]
    fn integer_widths_map_to_exactly_one_rust_integer() {
        assert!(fits(Orm::Diesel, &ColumnType::BIGINT, &scalar("i64")));
        assert!(!fits(Orm::Diesel, &ColumnType::BIGINT, &scalar("i32")));
        assert!(fits(Orm::SeaOrm, &ColumnType::SMALLINT, &scalar("i16")));
        let unsigned = ColumnType::Integer { width: IntWidth::Int, unsigned: true };
        assert!(fits(Orm::Diesel, &unsigned, &scalar("u32")));
        assert!(!fits(Orm::Diesel, &unsigned, &scalar("i32")));
    }

    #[test]
    fn the_orms_differ_where_their_type_mappings_do() {
        let ts = ColumnType::Timestamp { precision: None, datetime: false };
        assert!(fits(Orm::SeaOrm, &ts, &scalar("DateTime")));
        assert!(!fits(Orm::Diesel, &ts, &scalar("DateTime")));
        let decimal = ColumnType::Decimal { precision: Some(10), scale: Some(2) };
        assert!(fits(Orm::SeaOrm, &decimal, &scalar("Decimal")));
        assert!(!fits(Orm::Diesel, &decimal, &scalar("Decimal")));
    }

    #[test]
    fn arrays_check_their_elements_and_enums_refuse_known_scalars() {
        let array = ColumnType::Array { element: Box::new(ColumnType::TEXT) };
        assert!(fits(Orm::Diesel, &array, &Shape::Vec(Box::new(scalar("String")))));
        assert!(!fits(Orm::Diesel, &array, &Shape::Vec(Box::new(scalar("i32")))));
        let mood = ColumnType::Enum { name: codegen_core::model::QualifiedName::new("mood") };
        assert!(fits(Orm::Diesel, &mood, &scalar("Mood")));
        assert!(!fits(Orm::Diesel, &mood, &scalar("i32")));
        assert_eq!(suggest(Orm::Diesel, &ColumnType::BIGINT, true, None), "Option<i64>");
    }
}

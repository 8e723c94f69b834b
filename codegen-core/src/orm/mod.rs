//! The type tables of the Rust ORMs codegen writes for and checks against: which SQL type each
//! ORM gives a column and which Rust types it reads that SQL type into. The Diesel and SeaORM
//! backends write their output from these tables and the derive macro checks structs against
//! them, so one change reaches both.
//!
//! They live in codegen-core rather than in a crate of their own because both users already
//! depend on the core and the core is the driver-free, async-free crate the macro compiles; the
//! tables need nothing else (no syn: Rust types are written as path text, which the backends parse
//! into tokens).

pub mod diesel;
pub mod sea_orm;

/// A Rust type an ORM reads a column into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RustType {
    /// The name the derive compares a field's type with: the last path segment with its
    /// arguments' last segments (`DateTime<Utc>`, `Vec<u8>`, `&str`).
    pub canonical: &'static str,
    /// The type as generated code writes it (`chrono::DateTime<chrono::Utc>`).
    pub path: &'static str,
}

/// Every Rust type either ORM reads a column into.
pub fn known_rust_types() -> impl Iterator<Item = RustType> {
    let diesel = diesel::DieselType::ALL.iter().flat_map(|t| [t.rust_types(false), t.rust_types(true)]);
    let sea_orm = sea_orm::SeaOrmType::SCALARS.iter().map(sea_orm::SeaOrmType::rust_types);
    diesel.chain(sea_orm).flatten().copied()
}

pub(crate) const fn rust(canonical: &'static str, path: &'static str) -> RustType {
    RustType { canonical, path }
}

/// Rust's integers by width, shared by both ORMs (which read a SQL integer into the integer of
/// its width and signedness).
pub(crate) mod ints {
    use super::{RustType, rust};
    use crate::IntWidth;

    pub const I8: RustType = rust("i8", "i8");
    pub const I16: RustType = rust("i16", "i16");
    pub const I32: RustType = rust("i32", "i32");
    pub const I64: RustType = rust("i64", "i64");
    pub const U8: RustType = rust("u8", "u8");
    pub const U16: RustType = rust("u16", "u16");
    pub const U32: RustType = rust("u32", "u32");
    pub const U64: RustType = rust("u64", "u64");

    /// The integer of `width` and signedness.
    pub fn of(width: IntWidth, unsigned: bool) -> &'static [RustType] {
        match (width, unsigned) {
            (IntWidth::Tiny, false) => &[I8],
            (IntWidth::Small, false) => &[I16],
            (IntWidth::Medium | IntWidth::Int, false) => &[I32],
            (IntWidth::Big, false) => &[I64],
            (IntWidth::Tiny, true) => &[U8],
            (IntWidth::Small, true) => &[U16],
            (IntWidth::Medium | IntWidth::Int, true) => &[U32],
            (IntWidth::Big, true) => &[U64],
        }
    }
}

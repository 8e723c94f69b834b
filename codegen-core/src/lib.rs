//! The neutral schema model of codegen and everything around it that needs no database driver:
//! readers for SQL DDL and migration folders, validation, naming and diagnostics.
//!
//! This crate is compiled inside the derive macro, so it stays light: no drivers, no async.

pub mod backend;
pub mod backfill;
pub mod deps;
pub mod diagnostics;
pub mod dialect;
pub mod diff;
pub mod lint;
pub mod location;
pub mod model;
pub mod naming;
pub mod orm;
pub mod read;
pub mod region;
pub mod sql_expression;
pub mod validate;

pub use backend::{Backend, Generated, GeneratedFile};
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use dialect::{Capabilities, Dialect};
pub use location::{Loc, Location};
pub use model::*;

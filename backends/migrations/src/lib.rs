//! Migration files in each framework's layout ([`format`]), and comparing two models object by
//! object for `codegen verify` ([`compare`]). Pure functions: no I/O, no clock, no database.

pub mod compare;
pub mod format;

pub use compare::{Drift, compare_schemas};
pub use format::{
    DownGrade, FormatError, MigrationFormat, MigrationText, Transaction, UnknownFormat, render_files, render_files_with,
};

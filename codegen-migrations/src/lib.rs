//! Migration files in each framework's layout ([`format`]), and comparing two models object by
//! object for `codegen verify` ([`compare`]). Pure functions: no I/O, no clock, no database.

pub mod format;
mod js;

// The comparer lives with the diff in codegen-core; re-exported for the callers of verify.
pub use codegen_core::diff::{Drift, ObjectComparison, compare_schemas, compare_schemas_with};
pub use format::{
    DownGrade, FormatError, LayoutOptions, MigrationFormat, MigrationText, Transaction, UnknownFormat, render_files,
    render_files_with,
};
pub use js::{BREAKPOINT as DRIZZLE_BREAKPOINT, DrizzleJournal, JournalEntry};

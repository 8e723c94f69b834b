//! Proving `codegen advise` on a database, and reading what a live database knows for it.
//!
//! - [`live`]: statistics (volumes, column statistics, write rates, index usage) and the top
//!   statements of `pg_stat_statements`, read-only;
//! - [`scratch`]: scratch databases built from the schema and filled through [`fill`]'s
//!   boundary (the interim fill until `codegen seed` lands);
//! - [`prove`]: `EXPLAIN` before and after each suggested index (HypoPG hypothetical indexes
//!   when the extension is there, real builds on a scratch database otherwise) and each
//!   rewrite (same rows, cheaper plan), with `--analyze` timings.

pub mod conn;
pub mod explain;
pub mod fill;
pub mod live;
pub mod prove;
pub mod scratch;

pub use conn::Conn;
pub use fill::{InterimFill, ScratchDatabase, ScratchFill};
pub use prove::{ProofDatabase, ProofSummary, ProveOptions, prove};
pub use scratch::Scratch;

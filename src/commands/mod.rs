//! Subcommands beside generation. Each module owns its arguments and its run function.

use std::path::PathBuf;

pub mod advise;
pub mod backfill;
pub mod design;
pub mod diff;
pub mod lint;
pub mod seed;
pub mod verify;
mod verify_objects;

/// Flags every subcommand shares.
#[derive(Debug, Clone, Default)]
pub struct Globals {
    /// `--config FILE`, instead of searching for codegen.toml.
    pub config: Option<PathBuf>,
    pub verbose: bool,
    pub quiet: bool,
}

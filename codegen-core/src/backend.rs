//! The contract every backend fulfils: the model and typed options in, files out.

use std::path::PathBuf;

use crate::diagnostics::Diagnostics;
use crate::model::Schema;

/// One file a backend produces, with a path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

impl GeneratedFile {
    pub fn new(path: impl Into<PathBuf>, contents: impl Into<String>) -> Self {
        Self { path: path.into(), contents: contents.into() }
    }
}

/// What a backend returns: the files, and warnings about what the target could not express.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub diagnostics: Diagnostics,
}

/// A code generator. Implementations are pure: deterministic, no I/O, no global state.
pub trait Backend {
    /// Options specific to this backend.
    type Options;

    /// The `--target` name.
    fn name(&self) -> &'static str;

    /// Render `schema`. Returns `Err` with at least one error diagnostic when the schema cannot
    /// be expressed at all; otherwise the files plus warnings for anything degraded.
    fn generate(&self, schema: &Schema, options: &Self::Options) -> Result<Generated, Diagnostics>;
}

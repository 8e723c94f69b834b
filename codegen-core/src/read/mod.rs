//! Readers: turn a schema source into the neutral model.
//!
//! Each reader returns the schema together with the notes and warnings it produced; a problem
//! that makes the result untrustworthy is an error diagnostic, returned as [`ReadError::Invalid`].

pub mod json;
pub mod migrations;
pub mod script;
pub mod sql;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::model::Schema;

/// A schema read from a source, with what the reader had to say about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub schema: Schema,
    /// Notes and warnings (never errors).
    pub diagnostics: Diagnostics,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read `{}`: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The source has problems; every one found is listed.
    #[error("{0}")]
    Invalid(Diagnostics),
}

impl ReadError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        ReadError::Io { path: path.to_path_buf(), source }
    }

    /// The diagnostics, for the CLI to render with source excerpts.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            ReadError::Invalid(d) => Some(d),
            ReadError::Io { .. } => None,
        }
    }
}

pub(crate) fn read_to_string(path: &Path) -> Result<String, ReadError> {
    std::fs::read_to_string(path).map_err(|e| ReadError::io(path, e))
}

/// Finish reading: run the schema-wide checks, and fail if anything is an error.
pub(crate) fn finish(schema: Schema, mut diagnostics: Diagnostics) -> Result<Loaded, ReadError> {
    diagnostics.extend(crate::validate::check_schema(&schema));
    if diagnostics.has_errors() { Err(ReadError::Invalid(diagnostics)) } else { Ok(Loaded { schema, diagnostics }) }
}

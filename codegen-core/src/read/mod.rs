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

/// A SQL script as text. Dumps are not always UTF-8 (binary column data in `INSERT`s, a latin1
/// dump): bytes that are not UTF-8 become U+FFFD. Every byte of SQL's own syntax is ASCII, so
/// quoting and statement boundaries are kept; only the (skipped) data changes.
pub(crate) fn read_sql_text(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::io(path, e))?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Finish reading: run the schema-wide checks, and fail if anything is an error.
pub(crate) fn finish(schema: Schema, mut diagnostics: Diagnostics) -> Result<Loaded, ReadError> {
    diagnostics.extend(crate::validate::check_schema(&schema));
    if diagnostics.has_errors() { Err(ReadError::Invalid(diagnostics)) } else { Ok(Loaded { schema, diagnostics }) }
}

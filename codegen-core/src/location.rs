//! Source locations carried by model objects for diagnostics.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A position in a source file: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: Arc<Path>,
    pub line: u32,
    pub column: u32,
}

impl Location {
    pub fn new(file: Arc<Path>, line: u32, column: u32) -> Self {
        Self { file, line, column }
    }

    pub fn path(&self) -> PathBuf {
        self.file.to_path_buf()
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// Where a model object came from, if it came from a file.
///
/// Equality ignores it, so the same schema read from different sources compares equal.
#[derive(Debug, Clone, Default)]
pub struct Loc(pub Option<Location>);

impl Loc {
    pub fn at(location: Location) -> Self {
        Loc(Some(location))
    }

    pub fn location(&self) -> Option<&Location> {
        self.0.as_ref()
    }
}

impl PartialEq for Loc {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for Loc {}

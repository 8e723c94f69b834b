//! Where a piece of the design came from: the sentence that said it.

use std::path::Path;
use std::sync::Arc;

use codegen_core::Location;

/// A sentence of the description (or an entry of a spec file) that caused something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The sentence as written (whitespace collapsed).
    pub sentence: String,
    /// Where it starts.
    pub location: Option<Location>,
}

/// Byte offsets to 1-based lines and columns (columns count characters).
#[derive(Debug, Clone)]
pub struct LineIndex {
    file: Arc<Path>,
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str, file: &Path) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { file: Arc::from(file), line_starts }
    }

    /// The location of byte `offset` of `text` (the text this index was made from).
    pub fn location(&self, text: &str, offset: usize) -> Location {
        let line = self.line_starts.partition_point(|&start| start <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = text[start..offset.min(text.len())].chars().count() + 1;
        Location::new(self.file.clone(), line as u32, column as u32)
    }
}

//! Reading a Prisma schema into the neutral model: tokens, then blocks (the AST stays inside
//! this module), then the model at once.

mod ast;
mod lex;
mod lower;
mod parse;
mod types;

use std::path::Path;
use std::sync::Arc;

use codegen_core::read::{Loaded, ReadError};
use codegen_core::{Diagnostic, Diagnostics, Location};

/// Read a `schema.prisma` file.
pub fn read_prisma_file(path: &Path) -> Result<Loaded, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|e| ReadError::io(path, e))?;
    read_prisma_str(&text, path)
}

/// Read Prisma schema text; `file` names it in diagnostics.
pub fn read_prisma_str(text: &str, file: &Path) -> Result<Loaded, ReadError> {
    let syntax_error = |message: String, line: u32, column: u32| {
        let location = Location::new(Arc::from(file), line, column);
        ReadError::Invalid(Diagnostics(vec![Diagnostic::error(message).at(Some(location))]))
    };
    let tokens = lex::tokenize(text).map_err(|e| syntax_error(e.message, e.pos.line, e.pos.column))?;
    let blocks = parse::parse(&tokens).map_err(|e| syntax_error(e.message, e.pos.line, e.pos.column))?;
    let (schema, mut diagnostics) = lower::lower(&blocks, file);
    diagnostics.extend(codegen_core::validate::check_schema(&schema));
    if diagnostics.has_errors() { Err(ReadError::Invalid(diagnostics)) } else { Ok(Loaded { schema, diagnostics }) }
}

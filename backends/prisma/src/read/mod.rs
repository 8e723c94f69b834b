//! Reading a Prisma schema into the neutral model.

use std::path::Path;

use codegen_core::Dialect;
use codegen_core::read::{Loaded, ReadError};

/// Read a `schema.prisma` file.
pub fn read_prisma_file(path: &Path) -> Result<Loaded, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|e| ReadError::io(path, e))?;
    read_prisma_str(&text, path)
}

/// Read Prisma schema text; `file` names it in diagnostics.
pub fn read_prisma_str(_text: &str, _file: &Path) -> Result<Loaded, ReadError> {
    let _ = Dialect::Postgres;
    Err(ReadError::Invalid(codegen_core::Diagnostics::new()))
}

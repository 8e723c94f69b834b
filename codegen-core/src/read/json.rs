//! The model's own JSON form, as written by `--target json`.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::location::Location;
use crate::model::{FORMAT_VERSION, Schema};
use crate::read::{Loaded, ReadError, finish, read_to_string};

/// Read a JSON model file.
pub fn read_json_file(path: &Path) -> Result<Loaded, ReadError> {
    let text = read_to_string(path)?;
    read_json_str(&text, path)
}

/// Read a JSON model from text; `file` names it in diagnostics.
pub fn read_json_str(text: &str, file: &Path) -> Result<Loaded, ReadError> {
    let schema: Schema = serde_json::from_str(text).map_err(|e| {
        let location = Location::new(Arc::from(file), e.line() as u32, e.column() as u32);
        ReadError::Invalid(Diagnostics(vec![
            Diagnostic::error(format!("not a codegen JSON model: {e}")).at(Some(location)),
        ]))
    })?;
    if schema.format_version > FORMAT_VERSION {
        return Err(ReadError::Invalid(Diagnostics(vec![
            Diagnostic::error(format!(
                "the model has format version {}, newer than this codegen understands ({FORMAT_VERSION})",
                schema.format_version
            ))
            .with_help("upgrade codegen"),
        ])));
    }
    finish(schema, Diagnostics::new())
}

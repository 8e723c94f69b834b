//! What every fuzz target shares: a reader's input as text, and what is done with a schema once
//! read (rendered for every dialect and read back), so a panic anywhere downstream of a reader
//! is found too.

use std::path::Path;

use codegen_core::Dialect;
use codegen_core::model::Schema;

pub const DIALECTS: [Dialect; 3] = [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];

/// The input as text; inputs that are not UTF-8 are read lossily, as the CLI reads files.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Render a schema for every dialect and read each output back in its dialect. Errors are
/// fine; panics are not.
pub fn render_and_reread(schema: &Schema) {
    for dialect in DIALECTS {
        if let Ok((sql, _)) = codegen_sql::render_schema(schema, dialect) {
            let _ = codegen_core::read::sql::read_sql_str(&sql, Path::new("rendered.sql"), dialect);
        }
    }
}

/// Read `data` as SQL in `dialect`, then render and re-read what it yields.
pub fn sql(data: &[u8], dialect: Dialect) {
    let text = text(data);
    if let Ok(loaded) = codegen_core::read::sql::read_sql_str(&text, Path::new("fuzz.sql"), dialect) {
        render_and_reread(&loaded.schema);
    }
}

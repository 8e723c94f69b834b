//! Tests of the SQL backend: output snapshots per dialect, specific behaviours, and the SQLite
//! output executed in a real SQLite.

mod behaviour;
mod fixture;
mod round_trip;
mod snapshots;
mod sqlite;

use codegen_core::{Diagnostics, Dialect, Schema};

/// Render, failing the test on errors.
pub fn render(schema: &Schema, dialect: Dialect) -> (String, Diagnostics) {
    codegen_sql::render_schema(schema, dialect).unwrap_or_else(|d| panic!("render failed:\n{d}"))
}

/// Diagnostics one per line, `severity [object]: message`, for snapshots and assertions.
pub fn listed(diagnostics: &Diagnostics) -> String {
    diagnostics
        .iter()
        .map(|d| format!("{} [{}]: {}\n", d.severity, d.object.as_deref().unwrap_or("-"), d.message))
        .collect()
}

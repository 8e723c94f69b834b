//! The suggested index changes as SQL, through the same diff and migration machinery as
//! `codegen diff`: the schema with the standing indexes added (and the indexes they make
//! redundant dropped) is diffed against the schema, and codegen-sql writes the statements,
//! `CONCURRENTLY` on PostgreSQL.

use std::collections::BTreeSet;

use codegen_core::diff::{DiffOptions, diff_schemas};
use codegen_core::{Diagnostics, Dialect, Index, QualifiedName, Schema};
use codegen_sql::migration::{MigrationOptions, MigrationScript, render_migration};

use crate::report::Advice;

/// `CREATE EXTENSION` for what the indexes need (PostgreSQL).
fn extension_statement(name: &str) -> String {
    format!("CREATE EXTENSION IF NOT EXISTS {name}")
}

/// The statements that create `index` on `table`, as a migration would (without `CONCURRENTLY`,
/// which only a migration outside a transaction can use), its extension first.
pub fn index_statements(
    schema: &Schema,
    table: &QualifiedName,
    index: &Index,
    dialect: Dialect,
    extension: Option<&str>,
) -> Vec<String> {
    let Some(model) = schema.table(table) else { return Vec::new() };
    // The table alone (with the enums its columns may use) diffs in no time.
    let from = Schema {
        tables: vec![model.clone()],
        enums: schema.enums.clone(),
        dialect: schema.dialect,
        ..Schema::default()
    };
    let mut to = from.clone();
    to.tables[0].indexes.push(index.clone());
    let diff = diff_schemas(&from, &to, &DiffOptions::default());
    let mut statements: Vec<String> =
        extension.filter(|_| dialect == Dialect::Postgres).map(extension_statement).into_iter().collect();
    match render_migration(&from, &to, &diff, &MigrationOptions::new(dialect)) {
        Ok(script) => statements.extend(script.up),
        Err(_) => statements.push(format!("-- {} cannot be written for {dialect}", index.name)),
    }
    statements
}

/// The schema once the standing suggestions are applied, and the extensions they need.
pub fn advised_schema(schema: &Schema, advice: &Advice) -> (Schema, Vec<String>) {
    let mut to = schema.clone();
    let mut extensions = BTreeSet::new();
    let mut dropped: BTreeSet<(String, String)> = BTreeSet::new();
    for suggestion in advice.standing_indexes() {
        let candidate = &suggestion.candidate;
        if let Some(table) = to.table_mut(&candidate.table) {
            table.indexes.push(candidate.index.clone());
        }
        extensions.extend(candidate.extension.clone());
        for name in &suggestion.replaces {
            dropped.insert((candidate.table.to_string(), name.clone()));
        }
    }
    for finding in advice.existing.iter().filter(|f| f.drop) {
        dropped.insert((finding.table.clone(), finding.index.clone()));
    }
    for table in &mut to.tables {
        let name = table.name.to_string();
        table.indexes.retain(|i| !dropped.contains(&(name.clone(), i.name.clone())));
    }
    (to, extensions.into_iter().collect())
}

/// The migration of the standing suggestions: indexes created (and redundant ones dropped)
/// `CONCURRENTLY` on PostgreSQL, extensions created first; `None` when nothing changes.
pub fn migration_script(schema: &Schema, advice: &Advice) -> Result<Option<MigrationScript>, Diagnostics> {
    let dialect = advice.dialect;
    let (to, extensions) = advised_schema(schema, advice);
    let diff = diff_schemas(schema, &to, &DiffOptions::default());
    if diff.is_empty() {
        return Ok(None);
    }
    let options = MigrationOptions::new(dialect).with_concurrent_indexes();
    let mut script = render_migration(schema, &to, &diff, &options)?;
    if dialect == Dialect::Postgres && !extensions.is_empty() {
        let mut up: Vec<String> = extensions.iter().map(|e| extension_statement(e)).collect();
        up.append(&mut script.up);
        script.up = up;
        script.notes.push(format!(
            "the down migration leaves the extension(s) {} in place: other objects may use them",
            extensions.join(", ")
        ));
    }
    if dialect == Dialect::Postgres {
        script.notes.push("CREATE/DROP INDEX CONCURRENTLY: run this migration outside a transaction".into());
    }
    Ok(Some(script))
}

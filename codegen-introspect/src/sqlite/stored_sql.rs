//! The `sql` column of `sqlite_schema`, read with codegen-core's DDL reader: the source of what
//! the pragmas do not hold (checks, constraint names, AUTOINCREMENT, generated expressions,
//! index predicates and expressions), and of the type and default lowering, so that the same
//! DDL read from a file and from a database yields the same model.

use std::path::Path;

use codegen_core::read::sql::SqlReader;
use codegen_core::{Column, ColumnDefault, ColumnType, Diagnostic, Diagnostics, Dialect, Schema, Severity};

use super::catalog::{ObjectKind, SchemaObject};

/// The stored DDL, parsed into a model without validation.
/// An object whose stored SQL the reader rejected is missing from it: it is read from the pragmas
/// alone.
pub(crate) struct ParsedSql {
    pub schema: Schema,
}

/// Apply every stored `CREATE TABLE`/`CREATE INDEX`/`CREATE VIEW`, in creation order, as one
/// script would be. Statements the reader rejects become warnings, not errors: the pragmas still
/// describe those objects.
pub(crate) fn parse_stored_sql(objects: &[SchemaObject], diagnostics: &mut Diagnostics) -> ParsedSql {
    let mut reader = SqlReader::new(Dialect::Sqlite);
    let mut spans: Vec<(&SchemaObject, std::ops::Range<usize>)> = Vec::new();
    for object in objects {
        let parsed_kind = matches!(object.kind, ObjectKind::Table | ObjectKind::View | ObjectKind::Index);
        let Some(sql) = object.sql.as_deref().filter(|_| parsed_kind && !object.is_internal()) else {
            continue;
        };
        let before = reader.diagnostics().len();
        reader.apply_script(sql, Path::new(&object.name));
        spans.push((object, before..reader.diagnostics().len()));
    }
    let (schema, found) = reader.into_parts();
    for (object, range) in spans {
        for found in &found.0[range] {
            if found.is_error() {
                let missing = match object.kind {
                    ObjectKind::Index => "its expressions and predicate",
                    ObjectKind::View => "its column types where SQLite does not know them",
                    _ => "checks, constraint names, AUTOINCREMENT and generated-column expressions",
                };
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "cannot read the stored SQL of {} `{}` ({}); it is read from the catalog alone, without {missing}",
                        kind_name(object.kind),
                        object.name,
                        found.message
                    ))
                    .with_object(object.name.clone()),
                );
            } else {
                diagnostics.push(Diagnostic {
                    severity: found.severity,
                    message: found.message.clone(),
                    object: Some(found.object.clone().unwrap_or_else(|| object.name.clone())),
                    location: None,
                    help: found.help.clone(),
                });
            }
        }
    }
    ParsedSql { schema }
}

pub(crate) fn kind_name(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Table => "table",
        ObjectKind::VirtualTable => "virtual table",
        ObjectKind::ShadowTable => "shadow table",
        ObjectKind::View => "view",
        ObjectKind::Index => "index",
        ObjectKind::Trigger => "trigger",
    }
}

/// Lower a column known only from the catalog (its table's SQL did not parse) through the same
/// reader, from one-column `CREATE TABLE`s, so its type and default lower as the DDL would.
pub(crate) fn lower_catalog_column(name: &str, declared_type: &str, default: Option<&str>) -> Column {
    let typed = lower_one_column(&format!("c {declared_type}"));
    let mut column =
        typed.unwrap_or_else(|| Column::new(name, ColumnType::Other { raw: declared_type.to_string() }, declared_type));
    column.name = name.to_string();
    // The default is lowered on an untyped column, so a type the reader rejects does not lose it.
    column.default = default.map(|text| {
        lower_one_column(&format!("c DEFAULT ({text})"))
            .and_then(|c| c.default)
            .unwrap_or_else(|| ColumnDefault::Expression { sql: text.to_string() })
    });
    column
}

fn lower_one_column(definition: &str) -> Option<Column> {
    let mut reader = SqlReader::new(Dialect::Sqlite);
    reader.apply_script(&format!("CREATE TABLE t ({definition})"), Path::new("catalog"));
    let (mut schema, found) = reader.into_parts();
    if found.iter().any(|d| d.severity == Severity::Error) || schema.tables.len() != 1 {
        return None;
    }
    let mut table = schema.tables.pop()?;
    (table.columns.len() == 1).then(|| table.columns.pop()).flatten()
}

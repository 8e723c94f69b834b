//! The `sql` column of `sqlite_schema`, read with codegen-core's DDL reader: the source of what
//! the pragmas do not hold (checks, constraint names, AUTOINCREMENT, generated expressions,
//! index predicates and expressions), and of the type and default lowering, so that the same
//! DDL read from a file and from a database yields the same model.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use codegen_core::read::sql::SqlReader;
use codegen_core::{Column, ColumnDefault, ColumnType, Diagnostic, Diagnostics, Dialect, Schema, Severity};

use super::catalog::{ObjectKind, SchemaObject};

/// The stored DDL, parsed into a model without validation.
/// An object whose stored SQL the reader rejected is missing from it: it is read from the pragmas
/// alone.
pub(crate) struct ParsedSql {
    pub schema: Schema,
}

/// Tables (with their indexes) per parsing job: enough jobs for both cores to share the work
/// with the catalog queries, few enough that each reader's setup is paid rarely.
const TABLES_PER_JOB: usize = 64;

/// Apply every stored `CREATE TABLE`/`CREATE INDEX`/`CREATE VIEW` in creation order, as one
/// script would be. Statements the reader rejects become warnings, not errors: the pragmas still
/// describe those objects.
///
/// A table's statements depend on nothing but the table (its indexes follow it), so tables are
/// parsed in independent jobs on rayon's pool; views, which read the tables' column types, are
/// applied afterwards on the joined tables.
pub(crate) fn parse_stored_sql(objects: &[SchemaObject], diagnostics: &mut Diagnostics) -> ParsedSql {
    let parsed_kind = |o: &&SchemaObject| {
        matches!(
            o.kind,
            ObjectKind::Table | ObjectKind::View | ObjectKind::Index | ObjectKind::Trigger | ObjectKind::VirtualTable
        ) && o.sql.is_some()
            && !o.is_internal()
    };
    // Each object with its place in creation order, which the diagnostics keep.
    let parsed: Vec<(usize, &SchemaObject)> = objects.iter().filter(parsed_kind).enumerate().collect();
    let mut job_of_table: HashMap<String, usize> = HashMap::new();
    let mut jobs: Vec<Vec<(usize, &SchemaObject)>> = Vec::new();
    let mut views: Vec<(usize, &SchemaObject)> = Vec::new();
    for &(at, object) in &parsed {
        match object.kind {
            ObjectKind::Table => {
                let job = job_of_table.len() / TABLES_PER_JOB;
                job_of_table.insert(object.name.to_ascii_lowercase(), job);
                if jobs.len() <= job {
                    jobs.push(Vec::new());
                }
                jobs[job].push((at, object));
            }
            // An index goes with its table; one on a view or on no known table, with the views.
            _ => match job_of_table.get(&object.table.to_ascii_lowercase()) {
                Some(&job) if object.kind == ObjectKind::Index => jobs[job].push((at, object)),
                _ => views.push((at, object)),
            },
        }
    }
    let parts: Vec<Parsed<'_>> = jobs.par_iter().map(|job| apply(SqlReader::new(Dialect::Sqlite), job)).collect();
    let mut schema = Schema::default();
    let mut found: Vec<Found<'_>> = Vec::new();
    for part in parts {
        schema.tables.extend(part.schema.tables);
        found.extend(part.found);
    }
    let rest = apply(SqlReader::with_schema(schema, Dialect::Sqlite), &views);
    found.extend(rest.found);
    // Diagnostics in creation order, as one script would give them.
    found.sort_by_key(|(at, _, _)| *at);
    for (_, object, found) in found {
        for found in found {
            diagnostics.push(catalog_diagnostic(object, found));
        }
    }
    ParsedSql { schema: rest.schema }
}

/// What the reader said about one object's statement: (place in creation order, object, diagnostics).
type Found<'a> = (usize, &'a SchemaObject, Vec<Diagnostic>);

/// One job's model and what the reader said about each of its statements.
struct Parsed<'a> {
    schema: Schema,
    found: Vec<Found<'a>>,
}

fn apply<'a>(mut reader: SqlReader, objects: &[(usize, &'a SchemaObject)]) -> Parsed<'a> {
    let mut counts = Vec::with_capacity(objects.len());
    for &(at, object) in objects {
        let before = reader.diagnostics().len();
        reader.apply_script(object.sql.as_deref().unwrap_or_default(), Path::new(&object.name));
        counts.push((at, object, reader.diagnostics().len() - before));
    }
    let (schema, all) = reader.into_parts();
    let mut all = all.0.into_iter();
    let found = counts.into_iter().map(|(at, object, n)| (at, object, all.by_ref().take(n).collect())).collect();
    Parsed { schema, found }
}

/// A reader's diagnostic about an object's stored SQL, as this reader reports it: an error
/// becomes a warning (the catalog still describes the object), the rest keeps its severity.
fn catalog_diagnostic(object: &SchemaObject, found: Diagnostic) -> Diagnostic {
    if found.is_error() {
        let missing = match object.kind {
            ObjectKind::Index => "its expressions and predicate",
            ObjectKind::View => "its column types where SQLite does not know them",
            _ => "checks, constraint names, AUTOINCREMENT and generated-column expressions",
        };
        Diagnostic::warning(format!(
            "cannot read the stored SQL of {} `{}` ({}); it is read from the catalog alone, without {missing}",
            kind_name(object.kind),
            object.name,
            found.message
        ))
        .with_object(object.name.clone())
    } else {
        Diagnostic {
            severity: found.severity,
            object: Some(found.object.unwrap_or_else(|| object.name.clone())),
            location: None,
            ..found
        }
    }
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
    column.declared_default = default.map(str::to_string);
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

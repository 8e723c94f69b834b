//! Building the model: the pragmas decide what exists (tables, columns, keys, indexes, their
//! order and flags); the parsed stored SQL supplies what the pragmas do not hold.

use std::collections::HashMap;

use codegen_core::{
    CheckConstraint, Column, ColumnDefault, Diagnostic, Diagnostics, ForeignKey, GeneratedColumn, Index, IndexKey,
    IndexPart, Loc, PrimaryKey, QualifiedName, ReferentialAction, Schema, SortOrder, Table, UniqueConstraint, View,
};

use super::catalog::{Catalog, ColumnRow, ForeignKeyRow, IndexOrigin, IndexRow, ObjectKind, SchemaObject};
use super::stored_sql::{ParsedSql, kind_name, lower_catalog_column};

/// Merge the catalog and the parsed SQL into one schema (not yet resolved or validated).
pub(crate) fn build_schema(catalog: &Catalog, parsed: &ParsedSql, diagnostics: &mut Diagnostics) -> Schema {
    let primary_keys: HashMap<String, Vec<String>> = catalog
        .objects_of(ObjectKind::Table)
        .map(|t| (t.name.to_lowercase(), primary_key_columns(catalog.columns.get(&t.name).map_or(&[], Vec::as_slice))))
        .collect();
    // Looked up once per table: a scan per table would make 1,000 tables a million comparisons.
    let mut parsed_tables: HashMap<String, &Table> = HashMap::with_capacity(parsed.schema.tables.len());
    for table in &parsed.schema.tables {
        parsed_tables.entry(table.name.name.to_ascii_lowercase()).or_insert(table);
    }
    let mut schema = Schema::default();
    for object in &catalog.objects {
        match object.kind {
            ObjectKind::Table if !object.is_internal() => {
                let source = parsed_tables.get(&object.name.to_ascii_lowercase()).copied();
                schema.tables.push(build_table(catalog, object, source, &primary_keys, diagnostics));
            }
            ObjectKind::View => {
                let source = parsed.schema.views.iter().find(|v| same_name(&v.name.name, &object.name));
                if let Some(view) = build_view(catalog, object, source, diagnostics) {
                    schema.views.push(view);
                }
            }
            _ => {}
        }
    }
    // Triggers and virtual tables are carried as the stored SQL defines them.
    schema.objects = parsed.schema.objects.clone();
    let _ = kind_name;
    schema
}

/// SQLite compares names case-insensitively (ASCII).
fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn primary_key_columns(columns: &[ColumnRow]) -> Vec<String> {
    let mut keyed: Vec<&ColumnRow> = columns.iter().filter(|c| c.pk_position > 0).collect();
    keyed.sort_by_key(|c| c.pk_position);
    keyed.into_iter().map(|c| c.name.clone()).collect()
}

fn build_table(
    catalog: &Catalog,
    object: &SchemaObject,
    source: Option<&Table>,
    primary_keys: &HashMap<String, Vec<String>>,
    diagnostics: &mut Diagnostics,
) -> Table {
    let mut table = Table::new(object.name.clone());
    let rows = catalog.columns.get(&object.name).map_or(&[][..], Vec::as_slice);
    for row in rows.iter().filter(|r| r.hidden != 1) {
        table.columns.push(build_column(&object.name, row, source, diagnostics));
    }
    let pk = primary_key_columns(rows);
    if !pk.is_empty() {
        let name = source.and_then(|t| t.primary_key.as_ref()).and_then(|pk| pk.name.clone());
        table.primary_key = Some(PrimaryKey { name, columns: pk });
    }
    let fk_rows = catalog.foreign_keys.get(&object.name).map_or(&[][..], Vec::as_slice);
    table.foreign_keys = build_foreign_keys(fk_rows, source, primary_keys);
    for index in catalog.indexes.get(&object.name).into_iter().flatten() {
        match index.origin {
            IndexOrigin::PrimaryKey => {}
            IndexOrigin::Unique => table.uniques.push(build_unique(index, source, &table.uniques)),
            IndexOrigin::CreateIndex => {
                let parsed = source.and_then(|t| t.indexes.iter().find(|i| same_name(&i.name, &index.name)));
                match build_index(index, parsed) {
                    Ok(built) => table.indexes.push(built),
                    Err(why) => diagnostics.push(
                        Diagnostic::warning(format!("skipped index `{}` on `{}`: {why}", index.name, object.name))
                            .with_object(index.name.clone()),
                    ),
                }
            }
        }
    }
    if let Some(source) = source {
        table.checks = source.checks.iter().map(|c| CheckConstraint { loc: Loc::default(), ..c.clone() }).collect();
        table.comment = source.comment.clone();
        table.options = source.options.clone();
    }
    table
}

fn build_column(table: &str, row: &ColumnRow, source: Option<&Table>, diagnostics: &mut Diagnostics) -> Column {
    let parsed = source.and_then(|t| t.columns.iter().find(|c| same_name(&c.name, &row.name)));
    let mut column = match parsed {
        // The same declaration the pragma row describes, lowered by the DDL reader: its type,
        // canonical type spelling and default are what a file read of this DDL gives.
        Some(parsed) => {
            let mut column = parsed.clone();
            // Whether there is a default is the catalog's call; AUTOINCREMENT is none to it.
            let counts_up = matches!(column.default, Some(ColumnDefault::AutoIncrement { .. }));
            if row.default.is_none() && !counts_up {
                column.default = None;
            }
            column
        }
        None => lower_catalog_column(&row.name, &row.declared_type, row.default.as_deref()),
    };
    column.name = row.name.clone();
    column.loc = Loc::default();
    // The catalog's word: a key column declared without NOT NULL is nullable to SQLite (its
    // documented legacy), as the DDL reader keeps it.
    column.nullable = !row.not_null;
    column.generated = match row.hidden {
        2 | 3 => {
            let expression = parsed.and_then(|c| c.generated.as_ref()).map(|g| g.expression.clone());
            match expression {
                Some(expression) => Some(GeneratedColumn { expression, stored: row.hidden == 3 }),
                None => {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "the expression of generated column `{table}.{}` is unknown; it is read as a plain column",
                            row.name
                        ))
                        .with_object(format!("{table}.{}", row.name)),
                    );
                    None
                }
            }
        }
        _ => None,
    };
    column
}

fn action(text: &str) -> ReferentialAction {
    match text.to_ascii_uppercase().as_str() {
        "CASCADE" => ReferentialAction::Cascade,
        "SET NULL" => ReferentialAction::SetNull,
        "SET DEFAULT" => ReferentialAction::SetDefault,
        "RESTRICT" => ReferentialAction::Restrict,
        _ => ReferentialAction::NoAction,
    }
}

fn same_columns(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_name(x, y))
}

fn build_foreign_keys(
    rows: &[ForeignKeyRow],
    source: Option<&Table>,
    primary_keys: &HashMap<String, Vec<String>>,
) -> Vec<ForeignKey> {
    let mut keys: Vec<ForeignKey> = Vec::new();
    let mut ids: Vec<i64> = Vec::new();
    for row in rows {
        if ids.last() != Some(&row.id) {
            ids.push(row.id);
            keys.push(ForeignKey {
                name: None,
                columns: Vec::new(),
                referenced_table: QualifiedName::new(row.referenced_table.clone()),
                referenced_columns: Vec::new(),
                on_delete: action(&row.on_delete),
                on_update: action(&row.on_update),
                loc: Loc::default(),
                deferrable: None,
            });
        }
        let key = keys.last_mut().expect("pushed above");
        key.columns.push(row.from.clone());
        if let Some(to) = &row.to {
            key.referenced_columns.push(to.clone());
        }
    }
    let mut named: Vec<bool> = vec![false; source.map_or(0, |t| t.foreign_keys.len())];
    for key in &mut keys {
        if key.referenced_columns.len() != key.columns.len() {
            // `REFERENCES t` alone: the referenced primary key.
            key.referenced_columns =
                primary_keys.get(&key.referenced_table.name.to_lowercase()).cloned().unwrap_or_default();
        }
        let parsed = source.into_iter().flat_map(|t| t.foreign_keys.iter()).enumerate().find(|(at, fk)| {
            !named[*at]
                && same_columns(&fk.columns, &key.columns)
                && same_name(&fk.referenced_table.name, &key.referenced_table.name)
        });
        if let Some((at, fk)) = parsed {
            named[at] = true;
            key.name = fk.name.clone();
        }
    }
    keys
}

fn index_columns(index: &IndexRow) -> Vec<String> {
    index.columns.iter().map(|c| c.column.clone().unwrap_or_default()).collect()
}

fn build_unique(index: &IndexRow, source: Option<&Table>, done: &[UniqueConstraint]) -> UniqueConstraint {
    let columns = index_columns(index);
    let already = |name: &Option<String>| name.is_some() && done.iter().any(|u| &u.name == name);
    let name = source
        .into_iter()
        .flat_map(|t| t.uniques.iter())
        .find(|u| same_columns(&u.columns, &columns) && !already(&u.name))
        .and_then(|u| u.name.clone());
    UniqueConstraint { name, columns, loc: Loc::default() }
}

fn build_index(index: &IndexRow, parsed: Option<&Index>) -> Result<Index, String> {
    let parsed_parts = parsed.map(|p| p.parts.as_slice()).filter(|p| p.len() == index.columns.len());
    let mut parts = Vec::new();
    for (at, row) in index.columns.iter().enumerate() {
        let parsed_part = parsed_parts.map(|p| &p[at]);
        let key = match (&row.column, parsed_part.map(|p| &p.key)) {
            (Some(column), _) => IndexKey::Column(column.clone()),
            (None, Some(IndexKey::Expression(text))) => IndexKey::Expression(text.clone()),
            (None, _) => return Err("the text of its expression is unknown".to_string()),
        };
        // The pragma knows DESC; whether ASC was written out only the SQL knows.
        let order = if row.descending { Some(SortOrder::Desc) } else { parsed_part.and_then(|p| p.order) };
        parts.push(IndexPart { key, order, collation: None, nulls: None, opclass: None, length: None });
    }
    let predicate = match (index.partial, parsed.and_then(|p| p.predicate.clone())) {
        (false, _) => None,
        (true, Some(predicate)) => Some(predicate),
        (true, None) => return Err("it is partial and the text of its predicate is unknown".to_string()),
    };
    Ok(Index {
        name: index.name.clone(),
        unique: index.unique,
        parts,
        method: parsed.and_then(|p| p.method.clone()),
        predicate,
        loc: Loc::default(),
        include: Vec::new(),
        mysql_only_since: None,
    })
}

fn build_view(
    catalog: &Catalog,
    object: &SchemaObject,
    source: Option<&View>,
    diagnostics: &mut Diagnostics,
) -> Option<View> {
    if let Some((_, why)) = catalog.broken_views.iter().find(|(name, _)| name == &object.name) {
        diagnostics.push(
            Diagnostic::warning(format!(
                "view `{}` cannot be resolved by SQLite ({why}); its columns are those its SQL names",
                object.name
            ))
            .with_object(object.name.clone()),
        );
    }
    let definition = match source {
        Some(view) => view.definition.clone(),
        None => {
            let sql = object.sql.as_deref().unwrap_or_default();
            let Some(query) = view_query(sql) else {
                diagnostics.push(
                    Diagnostic::warning(format!("skipped view `{}`: its query cannot be found", object.name))
                        .with_object(object.name.clone()),
                );
                return None;
            };
            query
        }
    };
    let parsed_columns = source.map_or(&[][..], |v| v.columns.as_slice());
    let columns = match catalog.columns.get(&object.name) {
        // The engine's column list is the truth; a parsed column at the same place and with the
        // same name carries the type traced to its table.
        Some(rows) => rows
            .iter()
            .enumerate()
            .map(|(at, row)| {
                let parsed = parsed_columns.get(at).filter(|c| same_name(&c.name, &row.name));
                // The reader could not trace the column to a table, the engine could.
                let untraced = parsed.is_none_or(|c| c.declared_type.is_empty() && !row.declared_type.is_empty());
                match parsed {
                    Some(parsed) if !untraced => {
                        Column { name: row.name.clone(), loc: Loc::default(), ..parsed.clone() }
                    }
                    _ => lower_catalog_column(&row.name, &row.declared_type, None),
                }
            })
            .collect(),
        None => parsed_columns.iter().cloned().map(|c| Column { loc: Loc::default(), ..c }).collect(),
    };
    Some(View {
        name: QualifiedName::new(object.name.clone()),
        columns,
        definition,
        materialized: false,
        security_invoker: false,
        comment: source.and_then(|v| v.comment.clone()),
        loc: Loc::default(),
        indexes: Vec::new(),
    })
}

/// The query of a `CREATE VIEW` the reader could not parse: what follows the first word `AS`.
fn view_query(sql: &str) -> Option<String> {
    let bytes = sql.as_bytes();
    let boundary = |at: usize| bytes.get(at).is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'(' | b')'));
    let at = (1..bytes.len().saturating_sub(1))
        .find(|&at| bytes[at..at + 2].eq_ignore_ascii_case(b"AS") && boundary(at - 1) && boundary(at + 2))?;
    Some(sql[at + 2..].trim().trim_end_matches(';').trim().to_string())
}

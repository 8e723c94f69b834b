//! Rendered SQL read back by the project's SQL reader gives the model it came from, as far as
//! the dialect can express it; and where it cannot, the difference was reported.

use std::collections::BTreeSet;
use std::path::Path;

use codegen_core::read::sql::read_sql_str;
use codegen_core::{AutoIncrement, ColumnDefault, ColumnType, Dialect, IntWidth, Schema};

use crate::{fixture, render};

fn read_back(text: &str, dialect: Dialect) -> Schema {
    match read_sql_str(text, Path::new("schema.sql"), dialect) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{dialect}: {e}\n{text}"),
    }
}

/// Forget what the model records about its source rather than its meaning: declared type
/// spellings, the columns a reader traces for views.
fn normalise(mut schema: Schema) -> Schema {
    // How the source spelled types and defaults is not what these compare.
    schema = schema.without_spellings();
    for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        column.declared_type.clear();
    }
    for view in &mut schema.views {
        view.columns.clear();
    }
    schema
}

#[test]
fn postgres_reads_back_to_the_same_model() {
    let mut original = fixture::experiments();
    // The one type PostgreSQL cannot keep (see the diagnostics snapshot).
    let user = original.tables.iter_mut().find(|t| t.name.name == "user").unwrap();
    user.column_mut("login_count").unwrap().ty = ColumnType::Integer { width: IntWidth::Int, unsigned: false };
    let (text, diagnostics) = render(&original, Dialect::Postgres);
    assert!(diagnostics.is_empty(), "{diagnostics}");
    let back = read_back(&text, Dialect::Postgres);
    // Tables come back in creation order.
    let mut expected = normalise(original);
    let mut actual = normalise(back);
    expected.tables.sort_by(|a, b| a.name.cmp(&b.name));
    actual.tables.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(actual, expected);
}

/// What a dialect loses without saying so, since it is not a loss: enums named after their
/// column, one kind of counter.
fn comparable(ty: &ColumnType, default: &Option<ColumnDefault>, schema: &Schema) -> (String, Option<ColumnDefault>) {
    let ty = match ty {
        ColumnType::Enum { name } => format!("enum {:?}", schema.enum_type(name).map(|e| &e.values)),
        other => format!("{other:?}"),
    };
    let default = match default {
        Some(ColumnDefault::AutoIncrement { .. }) => {
            Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::AutoIncrement })
        }
        other => other.clone(),
    };
    (ty, default)
}

#[test]
fn every_difference_elsewhere_was_reported() {
    for dialect in [Dialect::Mysql, Dialect::Sqlite] {
        let original = fixture::experiments();
        let (text, diagnostics) = render(&original, dialect);
        let back = read_back(&text, dialect);
        let reported: BTreeSet<&str> = diagnostics.iter().filter_map(|d| d.object.as_deref()).collect();

        let mut differences = BTreeSet::new();
        for table in &original.tables {
            let read = back.table(&table.name).unwrap_or_else(|| panic!("{dialect}: no table {}", table.name));
            for column in &table.columns {
                let other = read.column(&column.name).unwrap();
                let same = comparable(&column.ty, &column.default, &original)
                    == comparable(&other.ty, &other.default, &back)
                    && (column.nullable, &column.generated, &column.comment)
                        == (other.nullable, &other.generated, &other.comment);
                if !same {
                    differences.insert(format!("{}.{}", table.name, column.name));
                }
            }
            assert_eq!(table.primary_key, read.primary_key, "{dialect}: {}", table.name);
            assert_eq!(table.foreign_keys, read.foreign_keys, "{dialect}: {}", table.name);
            assert_eq!(table.uniques, read.uniques, "{dialect}: {}", table.name);
            assert_eq!(table.checks, read.checks, "{dialect}: {}", table.name);
            for index in &table.indexes {
                if read.indexes.iter().find(|i| i.name == index.name) != Some(index) {
                    differences.insert(index.name.clone());
                }
            }
            if table.comment != read.comment {
                differences.insert(table.name.to_string());
            }
        }
        for view in &original.views {
            let read = back.view(&view.name).unwrap();
            if (&view.definition, view.materialized) != (&read.definition, read.materialized) {
                differences.insert(view.name.to_string());
            }
        }

        let unreported: Vec<&String> = differences.iter().filter(|d| !reported.contains(d.as_str())).collect();
        assert!(unreported.is_empty(), "{dialect}: changed without a diagnostic: {unreported:?}");
        assert!(!differences.is_empty());
    }
}

//! model -> Prisma -> model is the identity on what Prisma can express.
//!
//! `expressible` says what that is: it removes what the backend reports as not expressible
//! (checks, partial and expression indexes, generated expressions, views) and merges what a
//! provider cannot tell apart (SQLite has one text type, MySQL no uuid, names equal to Prisma's
//! defaults are not written). The reader's side goes through the same merge, so a difference
//! is a real loss.

use std::path::Path;

use codegen_core::{
    AutoIncrement, ColumnDefault, ColumnType, Dialect, IndexKey, IntWidth, Literal, Schema, SortOrder, UniqueConstraint,
};
use codegen_prisma::{Naming, PrismaOptions, read_prisma_str, render_schema};

use crate::fixtures::sql_fixtures;

#[test]
fn model_to_prisma_to_model_is_the_identity_on_what_prisma_expresses() {
    for (name, schema) in sql_fixtures() {
        for dialect in Dialect::ALL {
            for naming in [Naming::Database, Naming::Prisma] {
                let options = PrismaOptions { dialect, naming, ..PrismaOptions::default() };
                let (text, _) = render_schema(&schema, &options);
                let read = match read_prisma_str(&text, Path::new("generated.prisma")) {
                    Ok(loaded) => loaded.schema,
                    Err(e) => panic!("{name} {dialect} {naming:?}: our own output does not read back: {e}\n{text}"),
                };
                let expected = expressible(&schema, dialect);
                let actual = expressible(&read, dialect);
                assert_eq!(actual, expected, "{name} {dialect} {naming:?}\n{text}");
            }
        }
    }
}

/// What of `schema` a Prisma schema for `dialect` can carry, in a canonical form.
pub fn expressible(schema: &Schema, dialect: Dialect) -> Schema {
    // Declared defaults are the SQL source's spelling; a Prisma schema carries values, and keys are
    // required. The declared type stays until `canonical_type` has read what `Unsupported` keeps.
    let mut schema = schema.with_keys_not_null().into_owned();
    schema.dialect = None;
    for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        column.declared_default = None;
        column.counter_options = None;
    }
    schema.objects.clear();
    schema.views.clear();
    if dialect != Dialect::Postgres {
        // Namespaces are PostgreSQL's only: everything lands in the one database.
        schema.namespaces.clear();
        schema.enums.iter_mut().for_each(|e| e.name.schema = None);
        for table in &mut schema.tables {
            table.name.schema = None;
            table.foreign_keys.iter_mut().for_each(|fk| fk.referenced_table.schema = None);
            for column in &mut table.columns {
                if let ColumnType::Enum { name } = &mut column.ty {
                    name.schema = None;
                }
            }
        }
    }
    // Operator classes are PostgreSQL's (`ops:`); elsewhere the schema carries none.
    if dialect != Dialect::Postgres {
        for part in schema.tables.iter_mut().flat_map(|t| t.indexes.iter_mut()).flat_map(|i| i.parts.iter_mut()) {
            part.opclass = None;
        }
    }
    // InnoDB indexes every key, relation or not.
    if dialect == Dialect::Mysql {
        schema.tables.iter_mut().for_each(innodb_foreign_keys);
        // MySQL keys a TEXT or BLOB column by a prefix: the schema writes the one the SQL backend uses.
        for table in &mut schema.tables {
            let lob = |t: &codegen_core::Table, c: &str| {
                t.column(c).is_some_and(|c| matches!(c.ty, ColumnType::Text { .. } | ColumnType::Bytes { .. }))
            };
            let snapshot = table.clone();
            for part in table.indexes.iter_mut().flat_map(|i| i.parts.iter_mut()) {
                if let codegen_core::IndexKey::Column(c) = &part.key
                    && part.length.is_none()
                    && lob(&snapshot, c)
                {
                    part.length = Some(255);
                }
            }
        }
    }
    // A key to columns that are not unique is no Prisma relation (the backend warns).
    let snapshot = schema.clone();
    for table in &mut schema.tables {
        table.foreign_keys.retain(|fk| {
            snapshot.table(&fk.referenced_table).is_some_and(|target| references_unique(target, &fk.referenced_columns))
        });
    }
    for table in &mut schema.tables {
        let name = table.name.name.clone();
        table.checks.clear();
        // Prisma keys an implicit many-to-many table with a unique index outside PostgreSQL.
        if dialect != Dialect::Postgres
            && let Some(pk) = table.primary_key.take_if(|pk| pk.name.as_deref() == Some(&format!("{name}_AB_pkey")))
        {
            table.uniques.push(UniqueConstraint {
                name: Some(format!("{name}_AB_unique")),
                columns: pk.columns,
                loc: Default::default(),
            });
        }
        if let Some(pk) = &mut table.primary_key
            && (dialect != Dialect::Postgres || pk.name.as_deref() == Some(&format!("{name}_pkey")))
        {
            pk.name = None;
        }
        for fk in &mut table.foreign_keys {
            if dialect == Dialect::Sqlite
                || fk.name.as_deref() == Some(&format!("{name}_{}_fkey", fk.columns.join("_")))
            {
                fk.name = None;
            }
        }
        // A full unique index is a unique constraint to Prisma; other unsupported indexes go.
        let indexes = std::mem::take(&mut table.indexes);
        let columns = table.columns.clone();
        for mut index in indexes {
            let plain = index.predicate.is_none() && index.parts.iter().all(|p| matches!(p.key, IndexKey::Column(_)));
            // A PostgreSQL GIN part without an operator class on a column that is not a list or
            // JSON (btree_gin's class) is one Prisma cannot name.
            let gin_by_default = |key: &IndexKey| {
                let IndexKey::Column(c) = key else { return false };
                columns.iter().any(|col| {
                    col.name == *c && matches!(col.ty, ColumnType::Array { .. } | ColumnType::Json | ColumnType::Jsonb)
                })
            };
            let btree_gin = dialect == Dialect::Postgres
                && index.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("gin"))
                && index.parts.iter().any(|p| p.opclass.is_none() && !gin_by_default(&p.key));
            if !plain || btree_gin {
                continue;
            }
            if index.unique {
                let columns = index.column_names().unwrap_or_default().into_iter().map(String::from).collect();
                table.uniques.push(UniqueConstraint { name: Some(index.name), columns, loc: index.loc });
                continue;
            }
            for part in &mut index.parts {
                if part.order == Some(SortOrder::Asc) {
                    part.order = None;
                }
            }
            if dialect != Dialect::Postgres || index.method.as_deref() == Some("btree") {
                index.method = None;
            }
            table.indexes.push(index);
        }
        for unique in &mut table.uniques {
            if unique.name.as_deref() == Some(&format!("{name}_{}_key", unique.columns.join("_"))) {
                unique.name = None;
            }
        }
        table.uniques.sort_by(|a, b| a.columns.cmp(&b.columns));
        table.uniques.dedup_by(|a, b| a.columns == b.columns);
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        let pk = table.primary_key.as_ref().map(|pk| pk.columns.clone()).unwrap_or_default();
        let unique_sets: Vec<Vec<String>> = table.uniques.iter().map(|u| u.columns.clone()).collect();
        for column in &mut table.columns {
            // SQLite fills an `INTEGER PRIMARY KEY` itself: to Prisma, it counts up.
            let rowid_alias = dialect == Dialect::Sqlite
                && pk == [column.name.clone()]
                && column.default.is_none()
                && column.generated.is_none()
                && (column.declared_type.eq_ignore_ascii_case("integer") || column.ty == ColumnType::INT);
            if rowid_alias {
                column.default = Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::AutoIncrement });
            }
            // MySQL and SQLite count up in key columns only.
            let sole = |columns: &[String]| columns == [column.name.clone()];
            let keyed = sole(&pk) || (dialect == Dialect::Mysql && unique_sets.iter().any(|u| sole(u)));
            if dialect != Dialect::Postgres
                && !keyed
                && matches!(column.default, Some(ColumnDefault::AutoIncrement { .. }))
            {
                column.default = None;
            }
            column.ty = canonical_type(&column.ty, &column.declared_type, dialect);
            column.declared_type = String::new();
            if column.generated.take().is_some() {
                column.default = None;
            }
            if matches!(column.ty, ColumnType::Array { .. }) {
                column.nullable = false;
            }
            column.default = match column.default.take() {
                Some(ColumnDefault::AutoIncrement { .. }) => {
                    Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::AutoIncrement })
                }
                Some(ColumnDefault::GeneratedUuid { .. }) if dialect == Dialect::Sqlite => None,
                Some(ColumnDefault::GeneratedUuid { .. }) => {
                    Some(ColumnDefault::GeneratedUuid { function: String::new() })
                }
                Some(ColumnDefault::Literal { value: Literal::Null }) => None,
                Some(ColumnDefault::Literal { value: Literal::Number(n) }) if column.ty == ColumnType::Bool => {
                    Some(ColumnDefault::Literal { value: Literal::Bool(n == "1") })
                }
                other => other,
            };
        }
    }
    // Join tables come back after the models.
    schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
    schema
}

fn references_unique(table: &codegen_core::Table, columns: &[String]) -> bool {
    let mut wanted = columns.to_vec();
    wanted.sort();
    let same = |cols: Vec<String>| {
        let mut cols = cols;
        cols.sort();
        cols == wanted
    };
    table.primary_key.as_ref().is_some_and(|pk| same(pk.columns.clone()))
        || table.uniques.iter().any(|u| same(u.columns.clone()))
        || table.indexes.iter().any(|i| {
            i.unique
                && i.predicate.is_none()
                && i.column_names().is_some_and(|c| same(c.into_iter().map(String::from).collect()))
        })
}

/// `declared` is what `Unsupported("...")` keeps of a type Prisma cannot type.
fn canonical_type(ty: &ColumnType, declared: &str, dialect: Dialect) -> ColumnType {
    use ColumnType as T;
    // `Unsupported("...")` spells a type as the catalog does: in lower case unless written in mixed case.
    let spelled = |raw: &str| {
        if raw.chars().any(|c| c.is_ascii_lowercase()) { raw.to_string() } else { raw.to_ascii_lowercase() }
    };
    if let T::Other { raw } = ty {
        return T::Other { raw: spelled(raw) };
    }
    let other = |_: &ColumnType| T::Other { raw: spelled(declared) };
    match (dialect, ty) {
        (Dialect::Postgres, T::Integer { width, .. }) => T::Integer {
            width: match width {
                IntWidth::Tiny => IntWidth::Small,
                IntWidth::Medium => IntWidth::Int,
                w => *w,
            },
            unsigned: false,
        },
        (Dialect::Postgres, T::Time { precision: Some(6) }) => T::Time { precision: None },
        (Dialect::Postgres, T::Timestamp { precision: Some(6), .. }) => {
            T::Timestamp { precision: None, datetime: false }
        }
        (Dialect::Postgres, T::TimestampTz { precision: Some(6) }) => T::TimestampTz { precision: None },
        (Dialect::Postgres, T::Array { element })
            if matches!(**element, T::Other { .. } | T::Interval | T::Array { .. }) =>
        {
            other(ty)
        }
        (Dialect::Postgres, T::Array { element }) => {
            T::Array { element: Box::new(canonical_type(element, declared.trim_end_matches("[]"), dialect)) }
        }
        (Dialect::Mysql, T::Uuid) => T::Char { length: Some(36), national: false },
        (Dialect::Mysql, T::Jsonb) => T::Json,
        (Dialect::Mysql, T::Varchar { length: None, .. }) => T::Varchar { length: Some(255), national: false },
        (Dialect::Mysql, T::Char { length: None, .. }) => T::Char { length: Some(1), national: false },
        (Dialect::Mysql, T::Decimal { precision: None, .. }) => T::Decimal { precision: Some(10), scale: Some(0) },
        (Dialect::Mysql, T::Time { precision: Some(0) }) => T::Time { precision: None },
        (Dialect::Mysql, T::Timestamp { precision: Some(0), .. }) => T::Timestamp { precision: None, datetime: false },
        (Dialect::Mysql, T::TimestampTz { precision: Some(0) }) => T::TimestampTz { precision: None },
        (Dialect::Mysql, T::Array { .. }) => other(ty),
        // SQLite stores every integer alike; Prisma's Int and BigInt there differ only in the
        // client, and keys take the type of what they reference.
        (Dialect::Sqlite, T::Integer { .. }) => T::INT,
        (Dialect::Sqlite, T::Decimal { .. }) => T::Decimal { precision: None, scale: None },
        (Dialect::Sqlite, T::Real) => T::Double,
        (Dialect::Sqlite, T::Varchar { .. } | T::Char { .. } | T::Uuid) => T::TEXT,
        (Dialect::Sqlite, T::Date | T::Time { .. } | T::Timestamp { .. } | T::TimestampTz { .. }) => {
            T::Timestamp { precision: None, datetime: false }
        }
        (Dialect::Sqlite, T::Jsonb) => T::Json,
        (Dialect::Sqlite, T::Array { .. }) => other(ty),
        (_, T::Other { .. }) => other(ty),
        _ => ty.clone(),
    }
}

/// What InnoDB does to a MySQL table's foreign keys, which the Prisma schema says outright: each
/// key no index starts with gets an index named after it, and NO ACTION is RESTRICT.
fn innodb_foreign_keys(table: &mut codegen_core::Table) {
    use codegen_core::{Index, IndexPart, ReferentialAction};
    for i in 0..table.foreign_keys.len() {
        let fk = &table.foreign_keys[i];
        let columns = fk.columns.clone();
        let led = |cols: Vec<String>| cols.starts_with(&columns);
        let covered = table.primary_key.as_ref().is_some_and(|pk| led(pk.columns.clone()))
            || table.uniques.iter().any(|u| led(u.columns.clone()))
            || table.indexes.iter().any(|ix| {
                led(ix
                    .parts
                    .iter()
                    .map_while(|p| match &p.key {
                        IndexKey::Column(c) => Some(c.clone()),
                        IndexKey::Expression(_) => None,
                    })
                    .collect())
            });
        if !covered {
            let name = fk.name.clone().unwrap_or_else(|| format!("{}_{}_fkey", table.name.name, columns.join("_")));
            table.indexes.push(Index::new(name, columns.iter().map(IndexPart::column).collect()));
        }
    }
    for fk in &mut table.foreign_keys {
        for action in [&mut fk.on_delete, &mut fk.on_update] {
            if *action == ReferentialAction::NoAction {
                *action = ReferentialAction::Restrict;
            }
        }
    }
}

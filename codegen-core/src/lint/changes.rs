//! What one statement changed: the model before and after it, compared.
//!
//! Comparing models rather than matching syntax makes every dialect's spelling of a change
//! (`ALTER COLUMN TYPE`, MySQL `MODIFY`/`CHANGE`, SQLite rebuilds) one change to check.

use crate::dialect::Dialect;
use crate::model::{CheckConstraint, Column, ColumnType, ForeignKey, Index, IntWidth, QualifiedName, Schema, Table};

/// Renames the statement spelled out, so a rename is not read as a drop and an add.
#[derive(Debug, Default)]
pub(crate) struct Renames {
    pub table: bool,
    /// (old, new) column names.
    pub columns: Vec<(String, String)>,
}

#[derive(Debug)]
pub(crate) enum Change<'a> {
    TableCreated(&'a Table),
    TableDropped(&'a Table),
    TableRenamed { from: &'a QualifiedName, to: &'a QualifiedName },
    ColumnAdded { table: &'a Table, column: &'a Column },
    ColumnDropped { table: &'a Table, column: &'a Column },
    ColumnRenamed { table: &'a Table, from: &'a str, to: &'a str },
    TypeChanged { table: &'a Table, before: &'a Column, after: &'a Column },
    SetNotNull { table: &'a Table, column: &'a Column },
    IndexAdded { table: &'a Table, index: &'a Index },
    IndexDropped { table: &'a Table, index: &'a Index },
    UniqueAdded { table: &'a Table, columns: &'a [String] },
    PrimaryKeyAdded { table: &'a Table, columns: &'a [String] },
    PrimaryKeyDropped { table: &'a Table },
    CheckAdded { table: &'a Table, check: &'a CheckConstraint },
    ForeignKeyAdded { table: &'a Table, foreign_key: &'a ForeignKey },
    EnumValuesRemoved { name: &'a QualifiedName, values: Vec<String> },
    SchemaDropped(&'a str),
}

fn find<'a>(schema: &'a Schema, name: &QualifiedName) -> Option<&'a Table> {
    schema.tables.iter().find(|t| &t.name == name)
}

/// Every change from `before` to `after`.
pub(crate) fn between<'a>(before: &'a Schema, after: &'a Schema, renames: &'a Renames) -> Vec<Change<'a>> {
    let mut out = Vec::new();
    let dropped: Vec<&Table> = before.tables.iter().filter(|t| find(after, &t.name).is_none()).collect();
    let created: Vec<&Table> = after.tables.iter().filter(|t| find(before, &t.name).is_none()).collect();
    let mut pairs: Vec<(&Table, &Table)> =
        before.tables.iter().filter_map(|t| find(after, &t.name).map(|a| (t, a))).collect();
    if renames.table && dropped.len() == 1 && created.len() == 1 {
        out.push(Change::TableRenamed { from: &dropped[0].name, to: &created[0].name });
        pairs.push((dropped[0], created[0]));
    } else {
        out.extend(dropped.into_iter().map(Change::TableDropped));
        out.extend(created.into_iter().map(Change::TableCreated));
    }
    for (b, a) in pairs {
        if b != a {
            table_changes(b, a, renames, &mut out);
        }
    }
    for e in &before.enums {
        if let Some(after_enum) = after.enums.iter().find(|x| x.name == e.name) {
            let removed: Vec<String> = e.values.iter().filter(|v| !after_enum.values.contains(v)).cloned().collect();
            if !removed.is_empty() {
                out.push(Change::EnumValuesRemoved { name: &e.name, values: removed });
            }
        }
    }
    for ns in &before.namespaces {
        if !after.namespaces.contains(ns) {
            out.push(Change::SchemaDropped(ns));
        }
    }
    out
}

fn table_changes<'a>(b: &'a Table, a: &'a Table, renames: &'a Renames, out: &mut Vec<Change<'a>>) {
    for bc in &b.columns {
        let renamed = renames.columns.iter().find(|(old, _)| old == &bc.name).map(|(_, new)| new.as_str());
        let after = match renamed.and_then(|new| a.column(new)) {
            Some(ac) => {
                if ac.name != bc.name {
                    out.push(Change::ColumnRenamed { table: a, from: &bc.name, to: &ac.name });
                }
                Some(ac)
            }
            None => a.column(&bc.name),
        };
        match after {
            None => out.push(Change::ColumnDropped { table: b, column: bc }),
            Some(ac) => {
                if bc.ty != ac.ty {
                    out.push(Change::TypeChanged { table: a, before: bc, after: ac });
                }
                if bc.nullable && !ac.nullable {
                    out.push(Change::SetNotNull { table: a, column: ac });
                }
            }
        }
    }
    for ac in &a.columns {
        if b.column(&ac.name).is_none() && !renames.columns.iter().any(|(_, new)| new == &ac.name) {
            out.push(Change::ColumnAdded { table: a, column: ac });
        }
    }
    for index in &a.indexes {
        if !b.indexes.iter().any(|i| i.name == index.name) {
            out.push(Change::IndexAdded { table: a, index });
        }
    }
    for index in &b.indexes {
        if !a.indexes.iter().any(|i| i.name == index.name) {
            out.push(Change::IndexDropped { table: b, index });
        }
    }
    for unique in &a.uniques {
        if !b.uniques.iter().any(|u| u.columns == unique.columns) {
            out.push(Change::UniqueAdded { table: a, columns: &unique.columns });
        }
    }
    match (&b.primary_key, &a.primary_key) {
        (None, Some(pk)) => out.push(Change::PrimaryKeyAdded { table: a, columns: &pk.columns }),
        (Some(old), Some(pk)) if old.columns != pk.columns => {
            out.push(Change::PrimaryKeyAdded { table: a, columns: &pk.columns })
        }
        (Some(_), None) => out.push(Change::PrimaryKeyDropped { table: a }),
        _ => {}
    }
    for check in &a.checks {
        if !b.checks.iter().any(|c| c.expression == check.expression) {
            out.push(Change::CheckAdded { table: a, check });
        }
    }
    for fk in &a.foreign_keys {
        if !b.foreign_keys.contains(fk) {
            out.push(Change::ForeignKeyAdded { table: a, foreign_key: fk });
        }
    }
}

/// How a column type change treats the values already stored.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TypeChange {
    /// Every old value fits the new type.
    Widening,
    /// Values may be truncated or rejected; the reason in words.
    Narrowing(String),
    /// Enum values that the new type lacks.
    EnumShrink(Vec<String>),
    /// A conversion between type families that fails on values that do not convert.
    UnsafeCast,
}

fn int_rank(width: IntWidth) -> u8 {
    match width {
        IntWidth::Tiny => 1,
        IntWidth::Small => 2,
        IntWidth::Medium => 3,
        IntWidth::Int => 4,
        IntWidth::Big => 8,
    }
}

fn is_text(ty: &ColumnType) -> bool {
    matches!(ty, ColumnType::Text { .. } | ColumnType::Varchar { .. } | ColumnType::Char { .. })
}

/// Length limit of a text type; `None` is unlimited.
fn text_limit(ty: &ColumnType) -> Option<u32> {
    match ty {
        ColumnType::Varchar { length, .. } | ColumnType::Char { length, .. } => *length,
        _ => None,
    }
}

fn is_numeric(ty: &ColumnType) -> bool {
    matches!(ty, ColumnType::Integer { .. } | ColumnType::Decimal { .. } | ColumnType::Real | ColumnType::Double)
}

/// The values of an enum type; before the reader resolves names, a PostgreSQL enum column is
/// still `Other { raw: "<type name>" }`.
fn enum_values(ty: &ColumnType, schema: &Schema) -> Option<Vec<String>> {
    let found = |name: &QualifiedName| schema.enums.iter().find(|e| &e.name == name).map(|e| e.values.clone());
    match ty {
        ColumnType::Enum { name } => found(name),
        ColumnType::Other { raw } => {
            let raw = raw.trim_matches('"').to_lowercase();
            let raw = raw.strip_prefix("public.").unwrap_or(&raw);
            match raw.split_once('.') {
                Some((ns, name)) => found(&QualifiedName::qualified(Some(ns.to_string()), name)),
                None => found(&QualifiedName::new(raw)),
            }
        }
        _ => None,
    }
}

/// Classify a change of column type; enums are looked up in the models on each side.
pub(crate) fn classify(
    before: &ColumnType,
    after: &ColumnType,
    old: &Schema,
    new: &Schema,
    dialect: Dialect,
) -> TypeChange {
    use ColumnType as T;
    // SQLite stores every integer in up to 8 bytes, whatever the declared width.
    if dialect == Dialect::Sqlite && before.is_integer() && after.is_integer() {
        return TypeChange::Widening;
    }
    let narrowing = |why: String| TypeChange::Narrowing(why);
    match (before, after) {
        (T::Integer { width: b, unsigned: bu }, T::Integer { width: a, unsigned: au }) => {
            if int_rank(*a) < int_rank(*b) || (*bu && !*au && int_rank(*a) <= int_rank(*b)) {
                narrowing(format!("{} to {}", type_words(before), type_words(after)))
            } else if !*bu && *au {
                TypeChange::UnsafeCast
            } else {
                TypeChange::Widening
            }
        }
        (T::Decimal { precision: bp, scale: bs }, T::Decimal { precision: ap, scale: as_ }) => {
            let less = |b: &Option<u32>, a: &Option<u32>| match (b, a) {
                (None, Some(_)) => true,
                (Some(b), Some(a)) => a < b,
                _ => false,
            };
            if less(bp, ap) || less(bs, as_) {
                narrowing(format!("{} to {}", type_words(before), type_words(after)))
            } else {
                TypeChange::Widening
            }
        }
        (T::Integer { .. }, T::Decimal { .. } | T::Real | T::Double) => TypeChange::Widening,
        (T::Decimal { .. } | T::Real | T::Double, T::Integer { .. }) => {
            narrowing(format!("{} to {} drops fractions", type_words(before), type_words(after)))
        }
        (T::Double, T::Real) => narrowing("double to real loses precision".into()),
        (T::Real, T::Double) => TypeChange::Widening,
        (b, a) if is_text(b) && is_text(a) => match (text_limit(b), text_limit(a)) {
            (None, Some(n)) => {
                narrowing(format!("{} to {} truncates or rejects longer values", type_words(b), n_chars(n)))
            }
            (Some(old), Some(n)) if n < old => {
                narrowing(format!("{} to {} truncates or rejects longer values", n_chars(old), n_chars(n)))
            }
            _ => TypeChange::Widening,
        },
        (T::Timestamp { precision: b, .. }, T::Timestamp { precision: a, .. })
        | (T::TimestampTz { precision: b }, T::TimestampTz { precision: a })
        | (T::Time { precision: b }, T::Time { precision: a }) => match (b, a) {
            (Some(b), Some(a)) if a < b => narrowing("a lower fractional-second precision rounds values".into()),
            (None, Some(_)) => narrowing("a lower fractional-second precision rounds values".into()),
            _ => TypeChange::Widening,
        },
        (T::Timestamp { .. }, T::TimestampTz { .. }) | (T::TimestampTz { .. }, T::Timestamp { .. }) => {
            TypeChange::Widening
        }
        (T::Date, T::Timestamp { .. } | T::TimestampTz { .. }) => TypeChange::Widening,
        (T::Timestamp { .. } | T::TimestampTz { .. }, T::Date) => narrowing("timestamp to date drops the time".into()),
        (T::Json, T::Jsonb) | (T::Jsonb, T::Json) => TypeChange::Widening,
        (b, a) if enum_values(b, old).is_some() && enum_values(a, new).is_some() => {
            let (bv, av) = (enum_values(b, old).unwrap_or_default(), enum_values(a, new).unwrap_or_default());
            let missing: Vec<String> = bv.into_iter().filter(|v| !av.contains(v)).collect();
            if missing.is_empty() { TypeChange::Widening } else { TypeChange::EnumShrink(missing) }
        }
        (b, T::Varchar { length: None, .. }) if enum_values(b, old).is_some() => TypeChange::Widening,
        (_, T::Text { .. }) => TypeChange::Widening,
        (T::Enum { .. } | T::Uuid | T::Bool | T::Date | T::Integer { .. }, T::Varchar { length: None, .. }) => {
            TypeChange::Widening
        }
        (b, a) if is_numeric(b) && is_numeric(a) => TypeChange::Widening,
        _ => TypeChange::UnsafeCast,
    }
}

fn n_chars(n: u32) -> String {
    format!("varchar({n})")
}

/// A type in words for messages.
pub(crate) fn type_words(ty: &ColumnType) -> String {
    use ColumnType as T;
    match ty {
        T::Integer { width, unsigned } => {
            let name = width.type_name();
            if *unsigned { format!("{name} unsigned") } else { name.into() }
        }
        T::Decimal { precision: Some(p), scale: Some(s) } => format!("decimal({p},{s})"),
        T::Decimal { precision: Some(p), .. } => format!("decimal({p})"),
        T::Decimal { .. } => "decimal".into(),
        T::Varchar { length: Some(n), .. } => n_chars(*n),
        T::Char { length: Some(n), .. } => format!("char({n})"),
        T::Enum { name } => format!("enum `{name}`"),
        T::Other { raw } => raw.clone(),
        other => format!("{other:?}").split_whitespace().next().unwrap_or_default().to_lowercase(),
    }
}

/// Whether PostgreSQL can change the type without rewriting the table (binary-coercible or a
/// relaxed limit).
pub(crate) fn pg_change_is_cheap(before: &ColumnType, after: &ColumnType) -> bool {
    use ColumnType as T;
    match (before, after) {
        (T::Varchar { length: b, .. }, T::Varchar { length: a, .. }) => match (b, a) {
            (_, None) => true,
            (Some(b), Some(a)) => a >= b,
            (None, Some(_)) => false,
        },
        (T::Varchar { .. }, T::Text { .. }) | (T::Text { .. }, T::Varchar { length: None, .. }) => true,
        (T::Decimal { precision: bp, scale: bs }, T::Decimal { precision: ap, scale: as_ }) => {
            ap.is_none() || (bs == as_ && bp.zip(*ap).is_some_and(|(b, a)| a >= b))
        }
        (T::Json, T::Json) | (T::Jsonb, T::Jsonb) => true,
        _ => false,
    }
}

/// Whether MySQL can change the type in place (a varchar lengthened within the same length-byte
/// size, or an enum with values appended).
pub(crate) fn mysql_change_is_online(before: &ColumnType, after: &ColumnType, old: &Schema, new: &Schema) -> bool {
    use ColumnType as T;
    match (before, after) {
        (T::Varchar { length: Some(b), .. }, T::Varchar { length: Some(a), .. }) => {
            a >= b && ((*b < 256) == (*a < 256))
        }
        (b, a) => match (enum_values(b, old), enum_values(a, new)) {
            (Some(bv), Some(av)) => av.starts_with(&bv),
            _ => false,
        },
    }
}

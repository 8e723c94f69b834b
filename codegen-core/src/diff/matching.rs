//! Which object of the old schema is which object of the new one: by name, or by a rename hint.
//!
//! The old schema's objects are then *mapped*: renamed as the hints say, so that comparing a
//! mapped object with its new counterpart shows only what really changed.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{ColumnDefault, ColumnType, EnumType, IndexKey, Literal, QualifiedName, Schema, Table};

use super::{DiffOptions, Rename};

#[derive(Debug, Default)]
pub(crate) struct Matching {
    /// Old table name -> new table name.
    pub tables: BTreeMap<QualifiedName, QualifiedName>,
    /// (old table name, old column) -> new column.
    pub columns: BTreeMap<(QualifiedName, String), String>,
    /// Old enum name -> new enum name.
    pub enums: BTreeMap<QualifiedName, QualifiedName>,
    /// Old enum name -> (old value, new value) pairs.
    pub values: BTreeMap<QualifiedName, Vec<(String, String)>>,
}

impl Matching {
    pub fn new(from: &Schema, to: &Schema, options: &DiffOptions, diagnostics: &mut Diagnostics) -> Self {
        let mut m = Matching::default();
        let unmatched = |rename: &Rename, why: &str| {
            Diagnostic::warning(format!("the rename hint `{rename}` matches nothing: {why}"))
                .with_object(rename.to_string())
        };
        // Object renames first: member hints may name the owner by its new name.
        for rename in &options.renames.renames {
            let Rename::Object { from: old, to: new } = rename else { continue };
            if from.table(old).is_some() && to.table(new).is_some() {
                m.tables.insert(old.clone(), new.clone());
            } else if from.enum_type(old).is_some() && to.enum_type(new).is_some() {
                m.enums.insert(old.clone(), new.clone());
            } else {
                let why = format!("no table or enum `{old}` in the old schema with `{new}` in the new one");
                diagnostics.push(unmatched(rename, &why));
            }
        }
        for rename in &options.renames.renames {
            let Rename::Member { owner, from: old, to: new } = rename else { continue };
            let old_table = from
                .table(owner)
                .map(|t| t.name.clone())
                .or_else(|| m.tables.iter().find(|(_, n)| *n == owner).map(|(o, _)| o.clone()));
            if let Some(old_table) = old_table {
                let new_table = m.table_name(&old_table);
                let has_old = from.table(&old_table).is_some_and(|t| t.column(old).is_some());
                let has_new = to.table(&new_table).is_some_and(|t| t.column(new).is_some());
                if has_old && has_new {
                    m.columns.insert((old_table, old.clone()), new.clone());
                } else {
                    let why =
                        format!("`{old_table}.{old}` must be in the old schema and `{new_table}.{new}` in the new");
                    diagnostics.push(unmatched(rename, &why));
                }
                continue;
            }
            let old_enum = from
                .enum_type(owner)
                .map(|e| e.name.clone())
                .or_else(|| m.enums.iter().find(|(_, n)| *n == owner).map(|(o, _)| o.clone()))
                .or_else(|| {
                    // An enum renamed implicitly (see below) named by its new name.
                    to.enum_type(owner)
                        .and_then(|_| {
                            from.enums.iter().find(|e| e.values.contains(old) && to.enum_type(&e.name).is_none())
                        })
                        .map(|e| e.name.clone())
                });
            match old_enum {
                Some(old_enum) if from.enum_type(&old_enum).is_some_and(|e| e.values.contains(old)) => {
                    m.values.entry(old_enum).or_default().push((old.clone(), new.clone()));
                }
                _ => diagnostics.push(unmatched(rename, &format!("no table or enum `{owner}` with `{old}`"))),
            }
        }
        m.match_inline_enums(from, to);
        m
    }

    /// MySQL and SQLite enums are named `<table>_<column>` by the readers: when their column is
    /// renamed, so is the enum.
    fn match_inline_enums(&mut self, from: &Schema, to: &Schema) {
        let mut found = Vec::new();
        for table in &from.tables {
            for column in &table.columns {
                let ColumnType::Enum { name } = &column.ty else { continue };
                if self.enums.contains_key(name)
                    || to.enum_type(name).is_some()
                    || name.name != format!("{}_{}", table.name.name, column.name)
                {
                    continue;
                }
                let new_table = self.table_name(&table.name);
                let new_column = self.column_name(&table.name, &column.name);
                let Some(ColumnType::Enum { name: new_name }) =
                    to.table(&new_table).and_then(|t| t.column(&new_column)).map(|c| &c.ty)
                else {
                    continue;
                };
                if new_name.name == format!("{}_{new_column}", new_table.name) && from.enum_type(new_name).is_none() {
                    found.push((name.clone(), new_name.clone()));
                }
            }
        }
        self.enums.extend(found);
    }

    pub fn table_name(&self, old: &QualifiedName) -> QualifiedName {
        self.tables.get(old).cloned().unwrap_or_else(|| old.clone())
    }

    pub fn column_name(&self, old_table: &QualifiedName, old: &str) -> String {
        self.columns.get(&(old_table.clone(), old.to_string())).cloned().unwrap_or_else(|| old.to_string())
    }

    pub fn enum_name(&self, old: &QualifiedName) -> QualifiedName {
        self.enums.get(old).cloned().unwrap_or_else(|| old.clone())
    }

    pub fn value(&self, old_enum: &QualifiedName, value: &str) -> String {
        self.values
            .get(old_enum)
            .and_then(|pairs| pairs.iter().find(|(o, _)| o == value))
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| value.to_string())
    }

    fn map_type(&self, ty: &ColumnType) -> ColumnType {
        match ty {
            ColumnType::Enum { name } => ColumnType::Enum { name: self.enum_name(name) },
            ColumnType::Array { element } => ColumnType::Array { element: Box::new(self.map_type(element)) },
            other => other.clone(),
        }
    }

    /// The old table as it is after the renames: its name, its columns' names and types, and
    /// every key and index that names them.
    pub fn map_table(&self, table: &Table) -> Table {
        let old = &table.name;
        let mut mapped = table.clone();
        mapped.name = self.table_name(old);
        let rename_all = |columns: &mut Vec<String>| {
            for c in columns.iter_mut() {
                *c = self.column_name(old, c);
            }
        };
        for column in &mut mapped.columns {
            column.name = self.column_name(old, &column.name);
            column.declared_type.clear();
            if let (ColumnType::Enum { name }, Some(ColumnDefault::Literal { value: Literal::String(v) })) =
                (&column.ty, &mut column.default)
            {
                *v = self.value(name, v);
            }
            column.ty = self.map_type(&column.ty);
        }
        if let Some(pk) = &mut mapped.primary_key {
            rename_all(&mut pk.columns);
        }
        for fk in &mut mapped.foreign_keys {
            rename_all(&mut fk.columns);
            let target = fk.referenced_table.clone();
            for c in &mut fk.referenced_columns {
                *c = self.column_name(&target, c);
            }
            fk.referenced_table = self.table_name(&target);
        }
        for unique in &mut mapped.uniques {
            rename_all(&mut unique.columns);
        }
        for index in &mut mapped.indexes {
            for part in &mut index.parts {
                if let IndexKey::Column(c) = &mut part.key {
                    *c = self.column_name(old, c);
                }
            }
        }
        mapped
    }

    /// The old enum with its new name and renamed values.
    pub fn map_enum(&self, enum_type: &EnumType) -> EnumType {
        let mut mapped = enum_type.clone();
        mapped.name = self.enum_name(&enum_type.name);
        mapped.values = enum_type.values.iter().map(|v| self.value(&enum_type.name, v)).collect();
        mapped
    }
}

//! The preference rules of the strict preset, on every table and column a migration creates:
//! bigint keys, timestamptz, text, identity columns.

use super::FileLint;
use crate::dialect::Dialect;
use crate::lint::changes::type_words;
use crate::lint::{Finding, RuleId};
use crate::model::{AutoIncrement, Column, ColumnDefault, ColumnType, IntWidth, Table};

impl FileLint<'_> {
    pub(super) fn preferences_of_table(
        &self,
        table: &Table,
        make: &dyn Fn(RuleId, String) -> Finding,
        found: &mut Vec<Finding>,
    ) {
        if let Some(pk) = &table.primary_key
            && let [key] = pk.columns.as_slice()
            && let Some(column) = table.column(key)
            && matches!(column.ty, ColumnType::Integer { width, .. } if width != IntWidth::Big)
            && self.options.dialect != Dialect::Sqlite
        {
            found.push(
                make(
                    RuleId::PreferBigintKey,
                    format!("key `{}.{key}` is {}; prefer bigint", table.name, type_words(&column.ty)),
                )
                .object(format!("{}.{key}", table.name)),
            );
        }
        for column in &table.columns {
            self.preferences_of_column(table, column, make, found);
        }
    }

    pub(super) fn preferences_of_column(
        &self,
        table: &Table,
        column: &Column,
        make: &dyn Fn(RuleId, String) -> Finding,
        found: &mut Vec<Finding>,
    ) {
        let object = format!("{}.{}", table.name, column.name);
        match column.ty {
            ColumnType::Timestamp { .. } => found.push(
                make(
                    RuleId::PreferTimestamptz,
                    format!("`{object}` is timestamp without time zone; prefer timestamptz"),
                )
                .object(&object),
            ),
            ColumnType::Varchar { length: Some(n), .. } => {
                found.push(make(RuleId::PreferText, format!("`{object}` is varchar({n}); prefer text")).object(&object))
            }
            _ => {}
        }
        if matches!(column.default, Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::Serial })) {
            found.push(
                make(RuleId::PreferIdentity, format!("`{object}` is serial; prefer an identity column"))
                    .object(&object),
            );
        }
    }
}

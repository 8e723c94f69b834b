//! A SQLite-style table rebuild (a new table filled by `INSERT ... SELECT`, the old one dropped
//! and the new one renamed into its place): the columns and rows it keeps, moves or loses.

use super::{FileLint, words};
use crate::lint::changes::{self, TypeChange};
use crate::lint::{FactQuery, Finding, RuleId};
use crate::model::{QualifiedName, Schema, Table};

impl FileLint<'_> {
    /// A rebuild: `source` replaces `table`. Columns it leaves out are lost; no copy loses all.
    pub(super) fn check_rebuild(
        &mut self,
        table: &Table,
        source: &QualifiedName,
        before: &Schema,
        make: &dyn Fn(RuleId, String) -> Finding,
        found: &mut Vec<Finding>,
    ) {
        found.push(
            make(
                RuleId::TableRebuild,
                format!("`{}` is rebuilt from `{source}`: every row is copied while the table is locked", table.name),
            )
            .object(table.name.to_string()),
        );
        let (source_name, table_name) = (source.name.to_lowercase(), table.name.name.to_lowercase());
        let copy = self.copies.iter().find(|text| {
            let words = words(text);
            words.contains(&source_name.as_str()) && words.contains(&table_name.as_str())
        });
        let copy_words: Vec<String> =
            copy.map(|t| words(t).into_iter().map(String::from).collect()).unwrap_or_default();
        if copy.is_none() {
            found.push(
                make(
                    RuleId::DropTable,
                    format!("`{}` is replaced by `{source}` but no INSERT ... SELECT copies its rows", table.name),
                )
                .object(table.name.to_string())
                .fact(FactQuery::Rows { table: table.name.clone() }),
            );
            return;
        }
        let Some(new) = before.tables.iter().find(|t| &t.name == source) else { return };
        for column in &table.columns {
            match new.column(&column.name) {
                None => {
                    let object = format!("{}.{}", table.name, column.name);
                    // The copy reads the column into other columns: the values move, code breaks.
                    let message = if copy_words.contains(&column.name.to_lowercase())
                        || self.copied_by_insert(&table.name, &column.name)
                    {
                        self.moved.push(object.clone());
                        format!(
                            "the rebuild of `{}` leaves out column `{}`: the copy moves its values, but running code \
                             that reads it breaks",
                            table.name, column.name
                        )
                    } else {
                        format!(
                            "the rebuild of `{}` leaves out column `{}`: its values are lost",
                            table.name, column.name
                        )
                    };
                    found.push(
                        make(RuleId::DropColumn, message)
                            .object(object)
                            .fact(FactQuery::NonNullValues { table: table.name.clone(), column: column.name.clone() }),
                    )
                }
                Some(kept) => {
                    if let TypeChange::Narrowing(why) =
                        changes::classify(&column.ty, &kept.ty, before, before, self.options.dialect)
                    {
                        found.push(
                            make(
                                RuleId::NarrowingType,
                                format!("the rebuild of `{}` narrows `{}`: {why}", table.name, column.name),
                            )
                            .object(format!("{}.{}", table.name, column.name)),
                        );
                    }
                    if column.nullable && !kept.nullable {
                        found.push(
                            make(
                                RuleId::SetNotNull,
                                format!(
                                    "the rebuild of `{}` makes `{}` NOT NULL: the copy fails if any row holds NULL in it",
                                    table.name, column.name
                                ),
                            )
                            .object(format!("{}.{}", table.name, column.name))
                            .fact(FactQuery::NullValues { table: table.name.clone(), column: column.name.clone() }),
                        );
                    }
                }
            }
        }
    }
}

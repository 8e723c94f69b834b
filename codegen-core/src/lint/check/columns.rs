//! The rules on columns added, dropped, renamed or made NOT NULL.

use super::{ChangeContext, FileLint};
use crate::dialect::Dialect;
use crate::lint::changes::Change;
use crate::lint::{FactQuery, Finding, RuleId};
use crate::model::ColumnDefault;

impl FileLint<'_> {
    /// A column added, dropped, renamed or set NOT NULL.
    pub(super) fn check_column_change(&mut self, change: &Change, cx: &ChangeContext, found: &mut Vec<Finding>) {
        let ChangeContext { before, make, .. } = *cx;
        let dialect = self.options.dialect;
        match change {
            Change::ColumnAdded { table, column } => {
                let existing = self.existing(before, &table.name);
                if existing && dialect == Dialect::Mysql && column.generated.as_ref().is_some_and(|g| g.stored) {
                    found.push(
                        make(
                            RuleId::MysqlCopyAlgorithm,
                            format!(
                                "adding the stored generated column `{}.{}` copies the table",
                                table.name, column.name
                            ),
                        )
                        .object(format!("{}.{}", table.name, column.name)),
                    );
                }
                let auto = matches!(column.default, Some(ColumnDefault::AutoIncrement { .. }));
                if existing && !column.nullable && column.default.is_none() && column.generated.is_none() && !auto {
                    found.push(
                        make(
                            RuleId::NotNullColumnWithoutDefault,
                            format!(
                                "column `{}.{}` is NOT NULL without a default: the statement fails if `{}` has rows",
                                table.name, column.name, table.name
                            ),
                        )
                        .object(format!("{}.{}", table.name, column.name))
                        .fact(FactQuery::Rows { table: table.name.clone() }),
                    );
                }
                if existing && dialect == Dialect::Postgres && is_volatile(column.default.as_ref()) {
                    found.push(
                        make(
                            RuleId::VolatileDefault,
                            format!(
                                "the volatile default of `{}.{}` makes PostgreSQL rewrite every row of `{}`",
                                table.name, column.name, table.name
                            ),
                        )
                        .object(format!("{}.{}", table.name, column.name)),
                    );
                }
                self.preferences_of_column(table, column, &make, found);
            }
            Change::ColumnDropped { table, column } => {
                if self.created.contains(&table.name) {
                    return;
                }
                let message = if self.copied_by_update(&table.name, &column.name)
                    || self.copied_by_insert(&table.name, &column.name)
                {
                    self.moved.push(format!("{}.{}", table.name, column.name));
                    format!(
                        "dropping column `{}.{}`: an UPDATE earlier in this migration copies its values, \
                     but running code that reads it breaks",
                        table.name, column.name
                    )
                } else {
                    format!("dropping column `{}.{}` deletes its values in every row", table.name, column.name)
                };
                found.push(
                    make(RuleId::DropColumn, message)
                        .object(format!("{}.{}", table.name, column.name))
                        .fact(FactQuery::NonNullValues { table: table.name.clone(), column: column.name.clone() }),
                );
            }
            Change::ColumnRenamed { table, from, to } if !self.created.contains(&table.name) => {
                found.push(
                    make(
                        RuleId::RenameColumn,
                        format!("renaming `{}.{from}` to `{to}` breaks running code that reads `{from}`", table.name),
                    )
                    .object(format!("{}.{from}", table.name)),
                );
            }
            Change::SetNotNull { table, column } if self.existing(before, &table.name) => {
                found.push(
                    make(
                        RuleId::SetNotNull,
                        format!("setting `{}.{}` NOT NULL fails if any row holds NULL in it", table.name, column.name),
                    )
                    .object(format!("{}.{}", table.name, column.name))
                    .fact(FactQuery::NullValues { table: table.name.clone(), column: column.name.clone() }),
                );
            }
            _ => {}
        }
    }
}

fn is_volatile(default: Option<&ColumnDefault>) -> bool {
    match default {
        Some(ColumnDefault::GeneratedUuid { .. }) => true,
        Some(ColumnDefault::Expression { sql }) => {
            let sql = sql.to_lowercase();
            ["random(", "clock_timestamp(", "nextval(", "uuid_generate", "gen_random_uuid(", "timeofday("]
                .iter()
                .any(|f| sql.contains(f))
        }
        _ => false,
    }
}

//! The rules on indexes and constraints added to or dropped from existing tables: unique
//! indexes and keys, checks and foreign keys (which existing rows may violate), and the locks
//! building them takes.

use super::{ChangeContext, FileLint};
use crate::dialect::Dialect;
use crate::lint::changes::Change;
use crate::lint::{FactQuery, Finding, RuleId};

impl FileLint<'_> {
    /// An index, key, check or foreign key added or dropped.
    pub(super) fn check_constraint_change(&mut self, change: &Change, cx: &ChangeContext, found: &mut Vec<Finding>) {
        let ChangeContext { before, full_after, make, is_create_index, is_drop_index, not_valid, .. } = *cx;
        let dialect = self.options.dialect;
        match change {
            Change::IndexAdded { table, index } => {
                if !self.existing(before, &table.name) {
                    return;
                }
                if index.unique {
                    let columns: Vec<String> =
                        index.column_names().unwrap_or_default().into_iter().map(String::from).collect();
                    let mut f = make(
                        RuleId::AddUnique,
                        format!("unique index `{}` fails if `{}` holds duplicates", index.name, table.name),
                    )
                    .object(&index.name);
                    if !columns.is_empty() && index.predicate.is_none() {
                        f = f.fact(FactQuery::DuplicateRows { table: table.name.clone(), columns });
                    }
                    found.push(f);
                }
                if is_create_index && dialect == Dialect::Postgres {
                    found.push(
                        make(
                            RuleId::IndexWithoutConcurrently,
                            format!(
                                "creating index `{}` blocks writes to `{}` while it builds",
                                index.name, table.name
                            ),
                        )
                        .object(&index.name),
                    );
                }
            }
            Change::IndexDropped { table, index }
                if is_drop_index && dialect == Dialect::Postgres && self.existing(before, &table.name) =>
            {
                found.push(
                    make(
                        RuleId::IndexWithoutConcurrently,
                        format!("dropping index `{}` blocks reads and writes of `{}`", index.name, table.name),
                    )
                    .object(&index.name),
                );
            }
            Change::UniqueAdded { table, columns } | Change::PrimaryKeyAdded { table, columns }
                if self.existing(before, &table.name) =>
            {
                let what =
                    if matches!(change, Change::UniqueAdded { .. }) { "unique constraint" } else { "primary key" };
                found.push(
                    make(
                        RuleId::AddUnique,
                        format!(
                            "the new {what} on `{}` ({}) fails if existing rows hold duplicates",
                            table.name,
                            columns.join(", ")
                        ),
                    )
                    .object(table.name.to_string())
                    .fact(FactQuery::DuplicateRows { table: table.name.clone(), columns: columns.to_vec() }),
                );
            }
            Change::PrimaryKeyDropped { table } if dialect == Dialect::Mysql && self.existing(before, &table.name) => {
                found.push(
                    make(
                        RuleId::MysqlCopyAlgorithm,
                        format!("dropping the primary key of `{}` without adding one copies the table", table.name),
                    )
                    .object(table.name.to_string()),
                );
            }
            Change::CheckAdded { table, check } => {
                if !self.existing(before, &table.name) {
                    return;
                }
                found.push(
                    make(
                        RuleId::AddCheck,
                        format!("check `{}` fails if existing rows of `{}` violate it", check.expression, table.name),
                    )
                    .object(table.name.to_string())
                    .fact(FactQuery::CheckViolations {
                        table: table.name.clone(),
                        expression: check.expression.clone(),
                    }),
                );
                if dialect == Dialect::Postgres && !not_valid {
                    found.push(
                        make(
                            RuleId::ConstraintWithoutNotValid,
                            format!(
                                "check `{}` is validated against every row of `{}` under a lock",
                                check.expression, table.name
                            ),
                        )
                        .object(table.name.to_string()),
                    );
                }
            }
            Change::ForeignKeyAdded { table, foreign_key } => {
                if !self.existing(before, &table.name) {
                    return;
                }
                let referenced_columns = if foreign_key.referenced_columns.is_empty() {
                    full_after
                        .tables
                        .iter()
                        .find(|t| t.name == foreign_key.referenced_table)
                        .and_then(|t| t.primary_key.as_ref())
                        .map(|pk| pk.columns.clone())
                        .unwrap_or_default()
                } else {
                    foreign_key.referenced_columns.clone()
                };
                let columns = foreign_key.columns.join(", ");
                found.push(
                    make(
                        RuleId::AddForeignKey,
                        format!(
                            "foreign key `{}` ({columns}) -> `{}` fails if existing rows reference missing rows",
                            table.name, foreign_key.referenced_table
                        ),
                    )
                    .object(table.name.to_string())
                    .fact(FactQuery::OrphanRows {
                        table: table.name.clone(),
                        columns: foreign_key.columns.clone(),
                        referenced_table: foreign_key.referenced_table.clone(),
                        referenced_columns,
                    }),
                );
                if dialect == Dialect::Postgres && !not_valid {
                    found.push(
                        make(
                            RuleId::ConstraintWithoutNotValid,
                            format!(
                                "foreign key ({columns}) is validated against every row of `{}` under a lock",
                                table.name
                            ),
                        )
                        .object(table.name.to_string()),
                    );
                }
                if dialect == Dialect::Mysql {
                    found.push(
                        make(
                            RuleId::MysqlCopyAlgorithm,
                            format!(
                                "adding a foreign key to `{}` copies the table while foreign_key_checks is on",
                                table.name
                            ),
                        )
                        .object(table.name.to_string()),
                    );
                }
            }
            _ => {}
        }
    }
}

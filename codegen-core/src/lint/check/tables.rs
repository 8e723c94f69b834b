//! The rules on tables and schemas as wholes: created (the preference rules), dropped (or
//! rebuilt), renamed.

use super::{ChangeContext, FileLint};
use crate::lint::changes::Change;
use crate::lint::{FactQuery, Finding, RuleId};

impl FileLint<'_> {
    /// A table created, dropped or renamed, or a schema dropped.
    pub(super) fn check_table_change(&mut self, change: &Change, cx: &ChangeContext, found: &mut Vec<Finding>) {
        let ChangeContext { before, make, .. } = *cx;
        match change {
            Change::TableCreated(table) => {
                self.created.insert(table.name.clone());
                self.preferences_of_table(table, &make, found);
            }
            Change::TableDropped(table) => {
                if self.created.contains(&table.name) {
                    return;
                }
                if let Some(source) = self.rebuilds.get(&table.name).cloned() {
                    self.check_rebuild(table, &source, before, &make, found);
                    return;
                }
                let message = if self.read_by_copy(&table.name) {
                    self.moved.push(table.name.to_string());
                    format!(
                        "dropping table `{}`: a statement earlier in this migration copies its values to \
                     another table, but running code that reads it breaks",
                        table.name
                    )
                } else {
                    format!("dropping table `{}` deletes all its rows", table.name)
                };
                found.push(
                    make(RuleId::DropTable, message)
                        .object(table.name.to_string())
                        .fact(FactQuery::Rows { table: table.name.clone() }),
                );
            }
            Change::TableRenamed { from, to } => {
                if self.created.contains(*from) {
                    self.created.insert((*to).clone());
                }
                if self.rebuilds.get(*to) == Some(*from) {
                    self.created.insert((*to).clone());
                    return;
                }
                if !self.created.contains(*to) {
                    found.push(
                        make(
                            RuleId::RenameTable,
                            format!("renaming table `{from}` to `{to}` breaks running code that reads `{from}`"),
                        )
                        .object(from.to_string()),
                    );
                }
            }
            Change::SchemaDropped(name) => found.push(
                make(RuleId::DropSchema, format!("dropping schema `{name}` deletes everything in it")).object(*name),
            ),
            _ => {}
        }
    }
}

//! The rules on the statement itself rather than on what it changes: CONCURRENTLY inside a
//! transaction, a lock taken without `lock_timeout`, MySQL's `ALGORITHM=COPY`; and the state they
//! track across statements.

use sqlparser::ast::{ObjectType, Statement};

use super::{FileLint, finding, index_table};
use crate::dialect::Dialect;
use crate::lint::{Finding, RuleId};
use crate::location::Location;
use crate::model::Schema;
use crate::read::sql::ScriptStatement;

impl FileLint<'_> {
    /// Statement-kind state: transactions, lock timeouts, lock-taking statements.
    pub(super) fn track(
        &mut self,
        parsed: &Statement,
        statement: &ScriptStatement,
        before: &Schema,
        found: &mut Vec<Finding>,
    ) {
        let location = Location::new(self.file.clone(), statement.line, statement.column);
        let cx = self.cx(statement.line, statement.column);
        let upper = statement.text.to_uppercase();
        let mut locks_table = None;
        let mut concurrently = false;
        match parsed {
            Statement::StartTransaction { .. } => self.explicit_transaction = true,
            Statement::Commit { .. } | Statement::Rollback { .. } => self.explicit_transaction = false,
            Statement::Set(_) if statement.text.to_lowercase().contains("lock_timeout") => self.lock_timeout = true,
            Statement::AlterTable(alter) => locks_table = Some(cx.name(&alter.name)),
            Statement::CreateIndex(create) => {
                concurrently = create.concurrently;
                if !create.concurrently {
                    locks_table = Some(cx.name(&create.table_name));
                }
            }
            Statement::Drop { object_type: ObjectType::Index, names, .. } => {
                concurrently = upper.contains("CONCURRENTLY");
                if !concurrently {
                    locks_table = names.first().and_then(|n| index_table(before, &cx.name(n).name));
                }
            }
            Statement::Drop { object_type: ObjectType::Table, names, .. } => {
                locks_table = names.first().map(|n| cx.name(n))
            }
            _ => {}
        }
        if concurrently && (self.explicit_transaction || self.tool_transaction) {
            let why = if self.explicit_transaction {
                "inside the transaction opened by an earlier BEGIN"
            } else {
                "and the migration tool runs this file in a transaction"
            };
            found.push(finding(
                RuleId::ConcurrentlyInTransaction,
                format!("CONCURRENTLY cannot run in a transaction block, {why}"),
                location.clone(),
                statement.text.clone(),
            ));
        }
        if let Some(table) = locks_table
            && self.existing(before, &table)
            && !self.lock_timeout
            && !self.lock_timeout_reported
            && self.level_on(RuleId::MissingLockTimeout)
        {
            self.lock_timeout_reported = true;
            found.push(
                finding(
                    RuleId::MissingLockTimeout,
                    format!("this statement locks `{table}` but no `SET lock_timeout` comes before it"),
                    location.clone(),
                    statement.text.clone(),
                )
                .object(table.to_string()),
            );
        }
        if self.options.dialect == Dialect::Mysql && upper.replace(' ', "").contains("ALGORITHM=COPY") {
            found.push(finding(
                RuleId::MysqlCopyAlgorithm,
                "ALGORITHM=COPY copies the table and blocks writes".into(),
                location,
                statement.text.clone(),
            ));
        }
    }
}

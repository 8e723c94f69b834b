//! Linting one migration file, statement by statement, against the model replayed so far.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use sqlparser::ast::{AlterTableOperation, ObjectType, RenameTableNameKind, Statement};

use super::changes::{self, Change, Renames, TypeChange, type_words};
use super::{FactQuery, Finding, Level, LintOptions, LintReport, RuleId};
use crate::dialect::Dialect;
use crate::location::Location;
use crate::model::{ColumnDefault, ColumnType, IntWidth, QualifiedName, Schema};
use crate::read::sql::{ScriptStatement, SqlReader, StatementContext, parse_script};

mod preferences;
mod rebuild;

/// Rules whose findings mean the migration destroys data.
const DATA_LOSS: &[RuleId] =
    &[RuleId::DropTable, RuleId::DropColumn, RuleId::DropSchema, RuleId::DropEnumValue, RuleId::NarrowingType];

/// The state of one file's lint: what it created, whether a transaction or lock timeout is active.
pub(crate) struct FileLint<'a> {
    file: Arc<Path>,
    options: &'a LintOptions,
    /// The migration tool wraps the file in a transaction.
    tool_transaction: bool,
    explicit_transaction: bool,
    lock_timeout: bool,
    lock_timeout_reported: bool,
    /// Tables created by this file: empty, so rules about existing rows and locks skip them.
    created: BTreeSet<QualifiedName>,
    /// SQLite-style rebuilds: the table dropped -> the table renamed into its place.
    rebuilds: BTreeMap<QualifiedName, QualifiedName>,
    /// Tables some statement copies rows into with `INSERT ... SELECT`.
    copies: Vec<String>,
    /// Whether some statement destroys data (for the rollback rules).
    pub destroys_data: bool,
    /// The `UPDATE` statements seen so far, lower-cased (to tell a moved column from a lost one).
    updates: Vec<String>,
    /// Dropped columns whose values an earlier UPDATE copied (`table.column`).
    moved: Vec<String>,
    /// Nothing is known about the schema before the file: an unknown name is `unchecked-object`.
    pub unknown_is_unchecked: bool,
    /// Tables assumed to exist because the lone file alters them.
    assumed: BTreeSet<QualifiedName>,
}

impl<'a> FileLint<'a> {
    pub fn new(file: &Path, options: &'a LintOptions, tool_transaction: bool) -> Self {
        Self {
            file: Arc::from(file),
            options,
            tool_transaction,
            explicit_transaction: false,
            lock_timeout: false,
            lock_timeout_reported: false,
            created: BTreeSet::new(),
            rebuilds: BTreeMap::new(),
            copies: Vec::new(),
            destroys_data: false,
            updates: Vec::new(),
            moved: Vec::new(),
            unknown_is_unchecked: false,
            assumed: BTreeSet::new(),
        }
    }

    /// A lone file's statements on tables nobody declared: each table is assumed to exist (so a
    /// drop, a NOT NULL column or an index is still reviewed) and a note says its columns are not
    /// known.
    fn assume_tables(
        &mut self,
        parsed: &Statement,
        cx: &StatementContext,
        reader: &mut SqlReader,
        location: &Location,
        text: &str,
        found: &mut Vec<Finding>,
    ) {
        let names: Vec<QualifiedName> = match parsed {
            Statement::AlterTable(alter) => vec![cx.name(&alter.name)],
            Statement::CreateIndex(create) => vec![cx.name(&create.table_name)],
            Statement::Drop { object_type: ObjectType::Table, names, if_exists: false, .. } => {
                names.iter().map(|n| cx.name(n)).collect()
            }
            _ => Vec::new(),
        };
        for name in names {
            let schema = reader.schema();
            if schema.table(&name).is_some() || schema.view(&name).is_some() {
                continue;
            }
            reader.assume_table(&name);
            let message = format!(
                "cannot check the columns of `{name}`: no schema is given for the objects before this file, so the table is assumed to exist"
            );
            found.push(finding(RuleId::UncheckedObject, message, location.clone(), text.to_string()));
            self.assumed.insert(name);
        }
        // A dropped or renamed column of an assumed table existed too (its type stays unknown).
        if let Statement::AlterTable(alter) = parsed {
            let table = cx.name(&alter.name);
            if !self.assumed.contains(&table) {
                return;
            }
            for op in &alter.operations {
                let columns: Vec<&sqlparser::ast::Ident> = match op {
                    AlterTableOperation::DropColumn { column_names, if_exists: false, .. } => {
                        column_names.iter().collect()
                    }
                    AlterTableOperation::RenameColumn { old_column_name, .. } => vec![old_column_name],
                    _ => Vec::new(),
                };
                for column in columns {
                    reader.assume_column(&table, &cx.ident(column));
                }
            }
        }
    }

    /// The finding for a statement that names an object the model does not have.
    fn missing_object(&self, message: &str, location: Location, statement: &str) -> Finding {
        if self.unknown_is_unchecked {
            let message = format!("cannot check: {message} (no schema given for the objects before this file)");
            finding(RuleId::UncheckedObject, message, location, statement.to_string())
        } else {
            finding(
                RuleId::UnknownObject,
                format!("{message}: no earlier migration creates it"),
                location,
                statement.to_string(),
            )
        }
    }

    fn cx(&self, line: u32, column: u32) -> StatementContext {
        StatementContext {
            dialect: self.options.dialect,
            file: self.file.clone(),
            line,
            column,
            mysql_only: Vec::new(),
        }
    }

    /// Lint every statement of `text`, applying each to `reader`'s model.
    pub fn run(&mut self, text: &str, reader: &mut SqlReader, report: &mut LintReport) {
        let statements = match parse_script(text, &self.file, self.options.dialect) {
            Ok(statements) => statements,
            Err(d) => {
                let location = d.location.clone().unwrap_or_else(|| Location::new(self.file.clone(), 1, 1));
                let finding = finding(RuleId::SyntaxError, d.message, location, String::new());
                emit(report, self.options, &[], finding);
                return;
            }
        };
        self.prepare(&statements);
        for statement in &statements {
            report.statements += 1;
            let mut found = Vec::new();
            let location = Location::new(self.file.clone(), statement.line, statement.column);
            match &statement.parsed {
                // sqlparser cannot read it, but the reader may (a dump's noise, a carried object,
                // a type only SQLite takes): only what the reader cannot read is a syntax error.
                Err(d) => {
                    if let Err(e) = reader.apply_script_statement(statement, &self.file) {
                        let location = d.location.clone().unwrap_or(location);
                        found.push(if e.message.starts_with("syntax error") || e.message.starts_with("cannot read") {
                            finding(RuleId::SyntaxError, d.message.clone(), location, statement.text.clone())
                        } else if is_missing_object(&e.message) {
                            self.missing_object(&e.message, location, &statement.text)
                        } else {
                            finding(RuleId::ReplayError, e.message.clone(), location, statement.text.clone())
                        });
                    }
                }
                Ok(parsed) => {
                    let to_apply = for_the_model(parsed, statement, self.options.dialect);
                    let parsed = &to_apply;
                    // Only the tables a statement touches are copied and compared, so a long
                    // folder is linted in time linear in its statements.
                    let cx = self.cx(statement.line, statement.column);
                    if self.unknown_is_unchecked {
                        self.assume_tables(parsed, &cx, reader, &location, &statement.text, &mut found);
                    }
                    let touched = self.touched(parsed, &cx, reader.schema());
                    let before = match &touched {
                        Some(names) => partial(reader.schema(), names),
                        None => reader.schema().clone(),
                    };
                    match reader.apply_script_statement(statement, &self.file) {
                        Err(d) => found.push(if is_missing_object(&d.message) {
                            self.missing_object(&d.message, location.clone(), &statement.text)
                        } else {
                            finding(RuleId::ReplayError, d.message.clone(), location.clone(), statement.text.clone())
                        }),
                        Ok(()) => {
                            let full = reader.schema();
                            let after_partial = touched.as_ref().map(|names| partial(full, names));
                            let after = after_partial.as_ref().unwrap_or(full);
                            self.check(parsed, statement, &before, after, full, &mut found)
                        }
                    }
                    self.track(parsed, statement, &before, &mut found);
                }
            }
            if let Ok(Statement::Update(_)) = &statement.parsed {
                self.updates.push(statement.text.to_lowercase());
            }
            dedup_enum_findings(&mut found);
            let moved = |f: &Finding| {
                matches!(f.rule, RuleId::DropColumn | RuleId::DropTable)
                    && f.object.as_ref().is_some_and(|o| self.moved.contains(o))
            };
            if found.iter().any(|f| DATA_LOSS.contains(&f.rule) && !moved(f)) {
                self.destroys_data = true;
            }
            let allows = allows(&statement.comments);
            for f in found {
                emit(report, self.options, &allows, f);
            }
        }
    }

    /// Look ahead for table rebuilds (drop a table, rename another into its place) and copies.
    fn prepare(&mut self, statements: &[ScriptStatement]) {
        let mut dropped = BTreeSet::new();
        let mut renamed = Vec::new();
        for statement in statements {
            let Ok(parsed) = &statement.parsed else { continue };
            let cx = self.cx(statement.line, statement.column);
            match parsed {
                Statement::Drop { object_type: ObjectType::Table, names, .. } => {
                    dropped.extend(names.iter().map(|n| cx.name(n)));
                }
                Statement::AlterTable(alter) => {
                    for op in &alter.operations {
                        if let AlterTableOperation::RenameTable {
                            table_name: RenameTableNameKind::To(to) | RenameTableNameKind::As(to),
                        } = op
                        {
                            renamed.push((cx.name(&alter.name), cx.name(to)));
                        }
                    }
                }
                Statement::RenameTable(renames) => {
                    renamed.extend(renames.iter().map(|r| (cx.name(&r.old_name), cx.name(&r.new_name))));
                }
                Statement::Insert(_) => {
                    let text = statement.text.to_lowercase();
                    if text.contains("select") {
                        self.copies.push(text);
                    }
                }
                _ => {}
            }
        }
        for (from, to) in renamed {
            if dropped.contains(&to) {
                self.rebuilds.insert(to, from);
            }
        }
    }

    /// The tables a statement can change, or `None` when it may change any (types, schemas,
    /// statements the linter does not know).
    fn touched(&self, parsed: &Statement, cx: &StatementContext, schema: &Schema) -> Option<Vec<QualifiedName>> {
        use AlterTableOperation as Op;
        match parsed {
            Statement::CreateTable(create) => Some(vec![cx.name(&create.name)]),
            Statement::CreateIndex(create) => Some(vec![cx.name(&create.table_name)]),
            Statement::AlterTable(alter) => {
                let name = cx.name(&alter.name);
                let mut names = vec![name.clone()];
                for op in &alter.operations {
                    match op {
                        Op::RenameTable { table_name: RenameTableNameKind::To(to) | RenameTableNameKind::As(to) } => {
                            let to = cx.name(to);
                            names.push(QualifiedName { schema: name.schema.clone(), name: to.name.clone() });
                            names.push(to);
                        }
                        Op::AddColumn { .. }
                        | Op::DropColumn { .. }
                        | Op::AlterColumn { .. }
                        | Op::AddConstraint { .. }
                        | Op::DropConstraint { .. }
                        | Op::RenameColumn { .. }
                        | Op::ChangeColumn { .. }
                        | Op::ModifyColumn { .. }
                        | Op::DropPrimaryKey { .. }
                        | Op::DropForeignKey { .. }
                        | Op::DropIndex { .. }
                        | Op::RenameConstraint { .. }
                        | Op::ValidateConstraint { .. } => {}
                        _ => return None,
                    }
                }
                Some(names)
            }
            Statement::Drop { object_type: ObjectType::Table, names, .. } => {
                let mut out: Vec<QualifiedName> = names.iter().map(|n| cx.name(n)).collect();
                let sources: Vec<QualifiedName> = out.iter().filter_map(|n| self.rebuilds.get(n).cloned()).collect();
                out.extend(sources);
                Some(out)
            }
            Statement::Drop { object_type: ObjectType::Index, names, table, .. } => {
                let mut out: Vec<QualifiedName> = table.iter().map(|t| cx.name(t)).collect();
                out.extend(names.iter().filter_map(|n| index_table(schema, &cx.name(n).name)));
                Some(out)
            }
            Statement::RenameTable(renames) => {
                Some(renames.iter().flat_map(|r| [cx.name(&r.old_name), cx.name(&r.new_name)]).collect())
            }
            Statement::Insert(_)
            | Statement::Update(_)
            | Statement::Delete(_)
            | Statement::Query(_)
            | Statement::Set(_)
            | Statement::StartTransaction { .. }
            | Statement::Commit { .. }
            | Statement::Rollback { .. } => Some(Vec::new()),
            _ => None,
        }
    }

    /// Whether an earlier `UPDATE <table> SET <column> = ...` assigned the column.
    fn assigned_by_update(&self, table: &QualifiedName, column: &str) -> bool {
        let (table, column) = (table.name.to_lowercase(), column.to_lowercase());
        self.updates.iter().any(|text| {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ").replace(" =", "=");
            let words = words(&text);
            let set = words.iter().position(|w| *w == "set").unwrap_or(words.len());
            words[..set].contains(&table.as_str())
                && (text.contains(&format!("set {column}=")) || text.contains(&format!(", {column}=")))
        })
    }

    /// Whether an earlier `UPDATE <table> SET ... = <expression reading column>` copied the column.
    fn copied_by_update(&self, table: &QualifiedName, column: &str) -> bool {
        let (table, column) = (table.name.to_lowercase(), column.to_lowercase());
        self.updates.iter().any(|text| {
            let words = words(text);
            let Some(set) = words.iter().position(|w| *w == "set") else { return false };
            words[..set].contains(&table.as_str()) && words[set..].iter().skip(2).any(|w| *w == column)
        })
    }

    /// Whether an `INSERT ... SELECT` of this file reads `column` from `table` (a move's copy
    /// into another table).
    fn copied_by_insert(&self, table: &QualifiedName, column: &str) -> bool {
        let (table, column) = (table.name.to_lowercase(), column.to_lowercase());
        self.copies.iter().any(|text| {
            let words = words(text);
            let Some(select) = words.iter().position(|w| *w == "select") else { return false };
            let read = &words[select..];
            read.contains(&column.as_str()) && read.contains(&table.as_str())
        })
    }

    /// Whether an earlier `UPDATE` of another table reads `table` (`UPDATE ... FROM`, a join or a
    /// subquery), or an `INSERT ... SELECT` reads it: its values were copied before it is dropped.
    fn read_by_copy(&self, table: &QualifiedName) -> bool {
        let table = table.name.to_lowercase();
        let by_update = self.updates.iter().any(|text| {
            let words = words(text);
            let Some(set) = words.iter().position(|w| *w == "set") else { return false };
            let updated = words.get(1).copied();
            updated != Some(table.as_str())
                && words[1..].contains(&table.as_str())
                && (words[set..].contains(&table.as_str()) || words[..set].contains(&"join"))
        });
        let by_insert = self.copies.iter().any(|text| {
            let words = words(text);
            words.iter().position(|w| *w == "select").is_some_and(|select| {
                words[select..].windows(2).any(|pair| pair[0] == "from" && pair[1] == table)
                    && words.get(2) != Some(&table.as_str())
            })
        });
        by_update || by_insert
    }

    fn existing(&self, before: &Schema, name: &QualifiedName) -> bool {
        before.tables.iter().any(|t| &t.name == name) && !self.created.contains(name)
    }

    fn level_on(&self, rule: RuleId) -> bool {
        self.options.level(rule.rule()) != Level::Off
    }

    /// Statement-kind state: transactions, lock timeouts, lock-taking statements.
    fn track(&mut self, parsed: &Statement, statement: &ScriptStatement, before: &Schema, found: &mut Vec<Finding>) {
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

    /// The rules about what the statement changed.
    fn check(
        &mut self,
        parsed: &Statement,
        statement: &ScriptStatement,
        before: &Schema,
        after: &Schema,
        full_after: &Schema,
        found: &mut Vec<Finding>,
    ) {
        let dialect = self.options.dialect;
        let location = Location::new(self.file.clone(), statement.line, statement.column);
        let cx = self.cx(statement.line, statement.column);
        let text = &statement.text;
        let make = |rule: RuleId, message: String| finding(rule, message, location.clone(), text.clone());
        let renames = renames_of(parsed, &cx);
        let (is_create_index, is_drop_index) = match parsed {
            Statement::CreateIndex(create) => (!create.concurrently, false),
            Statement::Drop { object_type: ObjectType::Index, .. } => {
                (false, !text.to_uppercase().contains("CONCURRENTLY"))
            }
            _ => (false, false),
        };
        let not_valid = match parsed {
            Statement::AlterTable(alter) => alter
                .operations
                .iter()
                .any(|op| matches!(op, AlterTableOperation::AddConstraint { not_valid: true, .. })),
            _ => false,
        };
        let changes = changes::between(before, after, &renames);
        for change in &changes {
            match change {
                Change::TableCreated(table) => {
                    self.created.insert(table.name.clone());
                    self.preferences_of_table(table, &make, found);
                }
                Change::TableDropped(table) => {
                    if self.created.contains(&table.name) {
                        continue;
                    }
                    if let Some(source) = self.rebuilds.get(&table.name).cloned() {
                        self.check_rebuild(table, &source, before, &make, found);
                        continue;
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
                        continue;
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
                        continue;
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
                Change::ColumnRenamed { table, from, to } => {
                    if !self.created.contains(&table.name) {
                        found.push(
                            make(
                                RuleId::RenameColumn,
                                format!(
                                    "renaming `{}.{from}` to `{to}` breaks running code that reads `{from}`",
                                    table.name
                                ),
                            )
                            .object(format!("{}.{from}", table.name)),
                        );
                    }
                }
                Change::TypeChanged { table, before: old, after: new } => {
                    // Renaming a type or adding a value re-labels columns; no row changes.
                    if self.created.contains(&table.name) || matches!(parsed, Statement::AlterType(_)) {
                        continue;
                    }
                    let object = format!("{}.{}", table.name, new.name);
                    let words = format!("`{object}` from {} to {}", type_words(&old.ty), type_words(&new.ty));
                    match changes::classify(&old.ty, &new.ty, before, after, dialect) {
                        TypeChange::Widening => {}
                        TypeChange::Narrowing(why) => {
                            let mut f = make(RuleId::NarrowingType, format!("changing {words} narrows it: {why}"))
                                .object(&object);
                            if let Some(fact) = narrowing_fact(&table.name, &new.name, &new.ty) {
                                f = f.fact(fact);
                            }
                            found.push(f)
                        }
                        // An earlier UPDATE re-mapped the rows holding the removed values.
                        TypeChange::EnumShrink(_) if self.assigned_by_update(&table.name, &new.name) => {}
                        TypeChange::EnumShrink(values) => found.push(
                            make(
                                RuleId::DropEnumValue,
                                format!("changing {words} removes the value(s) {}", quoted(&values)),
                            )
                            .object(&object),
                        ),
                        TypeChange::UnsafeCast => found.push(
                            make(
                                RuleId::UnsafeCast,
                                format!("changing {words} fails on any stored value that does not convert"),
                            )
                            .object(&object),
                        ),
                    }
                    if dialect == Dialect::Postgres && !changes::pg_change_is_cheap(&old.ty, &new.ty) {
                        found.push(
                            make(RuleId::TypeChangeRewrite, format!("changing {words} rewrites `{}`", table.name))
                                .object(&object),
                        );
                    }
                    if dialect == Dialect::Mysql && !changes::mysql_change_is_online(&old.ty, &new.ty, before, after) {
                        found.push(
                            make(
                                RuleId::MysqlCopyAlgorithm,
                                format!("changing {words} needs ALGORITHM=COPY on `{}`", table.name),
                            )
                            .object(&object),
                        );
                    }
                }
                Change::SetNotNull { table, column } => {
                    if self.existing(before, &table.name) {
                        found.push(
                            make(
                                RuleId::SetNotNull,
                                format!(
                                    "setting `{}.{}` NOT NULL fails if any row holds NULL in it",
                                    table.name, column.name
                                ),
                            )
                            .object(format!("{}.{}", table.name, column.name))
                            .fact(FactQuery::NullValues { table: table.name.clone(), column: column.name.clone() }),
                        );
                    }
                }
                Change::IndexAdded { table, index } => {
                    if !self.existing(before, &table.name) {
                        continue;
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
                Change::IndexDropped { table, index } => {
                    if is_drop_index && dialect == Dialect::Postgres && self.existing(before, &table.name) {
                        found.push(
                            make(
                                RuleId::IndexWithoutConcurrently,
                                format!("dropping index `{}` blocks reads and writes of `{}`", index.name, table.name),
                            )
                            .object(&index.name),
                        );
                    }
                }
                Change::UniqueAdded { table, columns } | Change::PrimaryKeyAdded { table, columns } => {
                    if self.existing(before, &table.name) {
                        let what = if matches!(change, Change::UniqueAdded { .. }) {
                            "unique constraint"
                        } else {
                            "primary key"
                        };
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
                }
                Change::PrimaryKeyDropped { table } => {
                    if dialect == Dialect::Mysql && self.existing(before, &table.name) {
                        found.push(
                            make(
                                RuleId::MysqlCopyAlgorithm,
                                format!(
                                    "dropping the primary key of `{}` without adding one copies the table",
                                    table.name
                                ),
                            )
                            .object(table.name.to_string()),
                        );
                    }
                }
                Change::CheckAdded { table, check } => {
                    if !self.existing(before, &table.name) {
                        continue;
                    }
                    found.push(
                        make(
                            RuleId::AddCheck,
                            format!(
                                "check `{}` fails if existing rows of `{}` violate it",
                                check.expression, table.name
                            ),
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
                        continue;
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
                // ALTER TYPE can only rename values, and rows follow the rename.
                Change::EnumValuesRemoved { .. } if matches!(parsed, Statement::AlterType(_)) => {}
                // An earlier UPDATE re-mapped the rows of a column using the enum (MySQL's inline enums).
                Change::EnumValuesRemoved { name, .. }
                    if after.tables.iter().any(|t| {
                        t.columns
                            .iter()
                            .any(|c| c.ty.enum_name() == Some(*name) && self.assigned_by_update(&t.name, &c.name))
                    }) => {}
                Change::EnumValuesRemoved { name, values } => found.push(
                    make(RuleId::DropEnumValue, format!("enum `{name}` loses the value(s) {}", quoted(values)))
                        .object(name.to_string()),
                ),
                Change::SchemaDropped(name) => found.push(
                    make(RuleId::DropSchema, format!("dropping schema `{name}` deletes everything in it"))
                        .object(*name),
                ),
            }
        }
    }
}

/// The statement as the model reader can apply it, working around two parser gaps: sqlparser
/// reads `DROP INDEX CONCURRENTLY x` as dropping an index named `concurrently`, and the reader
/// has no use for MySQL's `ALGORITHM=` / `LOCK=` options.
pub(crate) fn for_the_model(parsed: &Statement, statement: &ScriptStatement, dialect: Dialect) -> Statement {
    match parsed {
        Statement::Drop { object_type: ObjectType::Index, names, .. }
            if names.first().is_some_and(|n| n.to_string().eq_ignore_ascii_case("concurrently")) =>
        {
            let text = statement.text.replacen("CONCURRENTLY", "", 1).replacen("concurrently", "", 1);
            parse_script(&text, Path::new(""), dialect)
                .ok()
                .and_then(|mut s| s.pop())
                .and_then(|s| s.parsed.ok())
                .unwrap_or_else(|| parsed.clone())
        }
        Statement::AlterTable(alter)
            if alter
                .operations
                .iter()
                .any(|op| matches!(op, AlterTableOperation::Algorithm { .. } | AlterTableOperation::Lock { .. })) =>
        {
            let mut alter = alter.clone();
            alter
                .operations
                .retain(|op| !matches!(op, AlterTableOperation::Algorithm { .. } | AlterTableOperation::Lock { .. }));
            Statement::AlterTable(alter)
        }
        _ => parsed.clone(),
    }
}

/// What to count for a narrowing: values longer than the new length, or outside the new range.
fn narrowing_fact(table: &QualifiedName, column: &str, ty: &ColumnType) -> Option<FactQuery> {
    let (table, column) = (table.clone(), column.to_string());
    match ty {
        ColumnType::Varchar { length: Some(n), .. } | ColumnType::Char { length: Some(n), .. } => {
            Some(FactQuery::LongerThan { table, column, length: *n })
        }
        ColumnType::Integer { width, unsigned: false } => {
            let bits: u32 = match width {
                IntWidth::Tiny => 8,
                IntWidth::Small => 16,
                IntWidth::Medium => 24,
                IntWidth::Int => 32,
                IntWidth::Big => return None,
            };
            let max = (1i64 << (bits - 1)) - 1;
            Some(FactQuery::OutOfRange { table, column, min: -max - 1, max })
        }
        _ => None,
    }
}

/// The part of a schema a statement can change: the named tables, with every enum and namespace.
fn partial(schema: &Schema, names: &[QualifiedName]) -> Schema {
    Schema {
        format_version: schema.format_version,
        namespaces: schema.namespaces.clone(),
        namespace_comments: Default::default(),
        enums: schema.enums.clone(),
        tables: schema.tables.iter().filter(|t| names.contains(&t.name)).cloned().collect(),
        views: Vec::new(),
        dialect: schema.dialect,
        objects: Vec::new(),
    }
}

/// The identifier-like words of a lower-cased statement.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect()
}

/// The table an index belongs to, by index name.
fn index_table(schema: &Schema, index: &str) -> Option<QualifiedName> {
    schema.tables.iter().find(|t| t.indexes.iter().any(|i| i.name == index)).map(|t| t.name.clone())
}

fn renames_of(parsed: &Statement, cx: &StatementContext) -> Renames {
    let mut renames = Renames::default();
    match parsed {
        Statement::RenameTable(_) => renames.table = true,
        Statement::AlterTable(alter) => {
            for op in &alter.operations {
                match op {
                    AlterTableOperation::RenameTable { .. } => renames.table = true,
                    AlterTableOperation::RenameColumn { old_column_name, new_column_name } => {
                        renames.columns.push((cx.ident(old_column_name), cx.ident(new_column_name)))
                    }
                    AlterTableOperation::ChangeColumn { old_name, new_name, .. } => {
                        renames.columns.push((cx.ident(old_name), cx.ident(new_name)))
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    renames
}

fn is_missing_object(message: &str) -> bool {
    ["does not exist", "has no column", "has no constraint", "has no index", "has no foreign key", "has no value"]
        .iter()
        .any(|m| message.contains(m))
}

/// Defaults PostgreSQL must compute per row, so adding the column rewrites the table.
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

fn quoted(values: &[String]) -> String {
    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
}

/// An enum shrink is seen both as the type change and as the enum's own change: report it once.
fn dedup_enum_findings(found: &mut Vec<Finding>) {
    let mut seen = false;
    found.retain(|f| {
        if f.rule != RuleId::DropEnumValue {
            return true;
        }
        let keep = !seen;
        seen = true;
        keep
    });
}

/// `-- codegen:allow <rule> <reason>` comments: the rule ids they allow.
pub(crate) fn allows(comments: &[String]) -> Vec<String> {
    comments
        .iter()
        .flat_map(|c| c.lines())
        .filter_map(|line| line.trim().strip_prefix("codegen:allow"))
        .filter_map(|rest| rest.split_whitespace().next().map(String::from))
        .collect()
}

pub(crate) fn finding(rule: RuleId, message: String, location: Location, statement: String) -> Finding {
    Finding { rule, level: Level::Off, message, location, statement, object: None, fact: None, fact_text: None }
}

impl Finding {
    fn object(mut self, object: impl Into<String>) -> Self {
        self.object = Some(object.into());
        self
    }

    fn fact(mut self, fact: FactQuery) -> Self {
        self.fact = Some(fact);
        self
    }
}

/// Add a finding at its configured level, unless the level is off or a comment allows it.
pub(crate) fn emit(report: &mut LintReport, options: &LintOptions, allowed: &[String], mut finding: Finding) {
    let level = options.level(finding.rule.rule());
    if level == Level::Off {
        return;
    }
    if allowed.iter().any(|a| a == finding.rule.as_str()) {
        report.suppressed += 1;
        return;
    }
    finding.level = level;
    report.findings.push(finding);
}

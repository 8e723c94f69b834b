//! Phased migrations (`codegen diff --phased`): a change that live code depends on, as separately deployable
//! migrations (expand, backfill, switch, contract), the way careful teams write them by hand.
//!
//! - A column rename or type change adds the new column beside the old one, keeps the two in
//!   sync with triggers (both ways, so old and new application code can run side by side),
//!   backfills the new column in batches keyed on the primary key, and only after the
//!   application switched drops the triggers and the old column.
//! - A NOT NULL addition (PostgreSQL) adds `CHECK (col IS NOT NULL) NOT VALID`, backfills the
//!   NULLs in batches, validates the check (which takes no lock that blocks writes), then sets
//!   NOT NULL, which PostgreSQL proves from the validated check without scanning the table.
//!
//! On PostgreSQL the backfill is a procedure that COMMITs after every batch, so no transaction
//! holds more than one batch of row locks; the migration that CALLs it must run outside a
//! transaction (diesel: `metadata.toml` with `run_in_transaction = false`; sqlx:
//! `-- no-transaction`). SQLite locks the whole database for any write, so its backfill is one
//! statement.
//!
//! Each step is lint-clean under `codegen lint`'s default preset; where a rule cannot see why a
//! statement is safe (the SQL reader does not read procedures; a drop whose data lives on in the
//! new column), the statement carries a `-- codegen:allow <rule> <reason>` comment.

use crate::{quote_ident, render_type};
use codegen_core::diff::{Change, FillDirection, MoveData, MoveKind, SchemaDiff};

use super::phased_step::{NO_DOWN, PROCEDURE_ALLOW, REPLAY_ALLOW, backfill_step, refuse, truncate};
pub use super::phased_step::{Step, StepKind};
use codegen_core::model::{Column, QualifiedName, Schema, Table};
use codegen_core::{Diagnostic, Diagnostics, Dialect};

/// The backfill's batch size when `--batch-size` is not given.
pub const DEFAULT_BATCH_SIZE: u32 = 1_000;

/// The old column's data moves to a new column (a rename, a type change, or both).
#[derive(Debug, Clone)]
struct Move {
    table: Table,
    old: Column,
    /// The new column while both exist: the target name, or `<old>_new` for a type change alone.
    temp: String,
    /// The column as the target schema has it.
    target: Column,
    new_type: String,
    old_type: String,
    type_changes: bool,
}

/// A nullable column becomes NOT NULL; existing NULLs get `fill`.
#[derive(Debug, Clone)]
struct NotNull {
    table: Table,
    column: Column,
    fill: String,
}

#[derive(Debug, Clone, Default)]
struct Plan {
    moves: Vec<Move>,
    not_nulls: Vec<NotNull>,
}

/// The move of a diff that `--phased` stages, if the diff is one.
pub(crate) fn staged_move(diff: &SchemaDiff) -> Option<&MoveData> {
    diff.changes.iter().find_map(|c| match c {
        Change::MoveData(data) => Some(data),
        _ => None,
    })
}

/// Plan the phased migrations for `diff`, or say why it cannot be phased.
pub fn plan_phased(
    from: &Schema,
    to: &Schema,
    diff: &SchemaDiff,
    dialect: Dialect,
    name: &str,
    batch_size: u32,
) -> Result<Vec<Step>, Diagnostics> {
    let prefix = truncate(&format!("codegen_{name}"), 40);
    if let Some(data) = staged_move(diff) {
        return match (dialect, data.kind) {
            (Dialect::Postgres, MoveKind::Split) => {
                super::phased_moves::plan(from, to, diff, data, &prefix, batch_size)
            }
            (Dialect::Postgres, MoveKind::Inline) => {
                super::phased_fold::plan(from, to, diff, data, &prefix, batch_size)
            }
            (Dialect::Postgres, MoveKind::Lookup) => {
                super::phased_lookup::plan(from, to, diff, data, &prefix, batch_size)
            }
            _ => Err(refuse(
                format!("--phased stages a move on PostgreSQL only; `{}` is for {dialect}", data.hint),
                "run codegen diff without --phased (one migration that copies the data)",
            )),
        };
    }
    let plan = collect(from, to, diff, dialect)?;
    match dialect {
        Dialect::Postgres => Ok(postgres(&plan, &prefix, batch_size)),
        Dialect::Sqlite => Ok(sqlite(&plan, &prefix)),
        _ => Err(error(
            format!("--phased writes PostgreSQL and SQLite plans; {dialect} is not supported yet"),
            "run `codegen diff` without --phased and split the migration by hand",
        )),
    }
}

fn error(message: impl Into<String>, help: &str) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(Diagnostic::error(message).with_help(help));
    diagnostics
}

/// Sort the diff's changes into the plan, refusing what a phased plan does not cover.
fn collect(from: &Schema, to: &Schema, diff: &SchemaDiff, dialect: Dialect) -> Result<Plan, Diagnostics> {
    let mut found = Diagnostics::new();
    let mut plan = Plan::default();
    let mut renames: Vec<(QualifiedName, String, String)> = Vec::new();
    let mut altered: Vec<(QualifiedName, Column, Column, Vec<codegen_core::diff::Fill>)> = Vec::new();
    for change in &diff.changes {
        match change {
            Change::RenameColumn { table, from, to } => renames.push((table.clone(), from.clone(), to.clone())),
            Change::AlterColumn { table, from, to, fills } => {
                altered.push((table.clone(), from.clone(), to.clone(), fills.clone()))
            }
            other => found.push(
                Diagnostic::error(format!("--phased cannot stage `{}`", other.describe()))
                    .with_object(other.table().map(ToString::to_string).unwrap_or_default())
                    .with_help(
                        "--phased covers column renames, type changes and NOT NULL additions; \
                         write the other changes in their own migration first (codegen diff without --phased)",
                    ),
            ),
        }
    }
    let type_sql = |column: &Column| render_type(&column.ty, dialect, &to.enums).sql;
    let old_type_sql = |column: &Column| render_type(&column.ty, dialect, &from.enums).sql;
    let mut handled: Vec<(QualifiedName, String)> = Vec::new();
    for (table_name, old_name, new_name) in &renames {
        let (Some(table), Some(target_table)) = (from.table(table_name), to.table(table_name)) else {
            found.push(
                Diagnostic::error(format!("--phased: table `{table_name}` is renamed too"))
                    .with_help("rename the table in its own migration first, then phase the column change"),
            );
            continue;
        };
        let (Some(old), Some(target)) = (table.column(old_name), target_table.column(new_name)) else {
            continue;
        };
        let (new_type, old_type) = (type_sql(target), old_type_sql(old));
        plan.moves.push(Move {
            table: table.clone(),
            old: old.clone(),
            temp: new_name.clone(),
            target: target.clone(),
            type_changes: new_type != old_type,
            new_type,
            old_type,
        });
        handled.push((table_name.clone(), new_name.clone()));
    }
    for (table_name, before, after, fills) in &altered {
        if handled.iter().any(|(t, c)| t == table_name && *c == after.name) {
            continue;
        }
        let (Some(table), Some(old)) =
            (from.table(table_name), from.table(table_name).and_then(|t| t.column(&before.name)))
        else {
            continue;
        };
        let (new_type, old_type) = (type_sql(after), old_type_sql(old));
        if new_type != old_type {
            plan.moves.push(Move {
                table: table.clone(),
                old: old.clone(),
                temp: format!("{}_new", after.name),
                target: after.clone(),
                new_type,
                old_type,
                type_changes: true,
            });
        } else if before.nullable && !after.nullable {
            let fill = fills
                .iter()
                .find(|f| f.direction == FillDirection::Up && f.dialect.is_none_or(|d| d == dialect))
                .map(|f| f.expression.clone());
            let Some(fill) = fill else {
                found.push(
                    Diagnostic::error(format!(
                        "--phased: `{table_name}.{}` becomes NOT NULL but nothing says what its NULLs become",
                        after.name
                    ))
                    .with_help(format!("pass --fill {table_name}.{}=<SQL expression>", after.name)),
                );
                continue;
            };
            if dialect == Dialect::Sqlite {
                found.push(
                    Diagnostic::error(format!("--phased: `{table_name}.{}` becomes NOT NULL on SQLite", after.name))
                        .with_help(
                            "SQLite sets NOT NULL only by rebuilding the table: use codegen diff without --phased",
                        ),
                );
                continue;
            }
            plan.not_nulls.push(NotNull { table: table.clone(), column: after.clone(), fill });
        } else {
            found.push(
                Diagnostic::error(format!("--phased cannot stage the change of `{table_name}.{}`", after.name))
                    .with_help("--phased covers renames, type changes and NOT NULL additions; write this change in its own migration"),
            );
        }
    }
    for item in &plan.moves {
        check_movable(item, dialect, &mut found);
    }
    for item in &plan.not_nulls {
        if single_key(&item.table).is_none() {
            found.push(no_key(&item.table.name));
        }
    }
    if plan.moves.is_empty() && plan.not_nulls.is_empty() && !found.has_errors() {
        found.push(
            Diagnostic::error("--phased: the diff holds no rename, type change or NOT NULL addition to stage")
                .with_help("run codegen diff without --phased"),
        );
    }
    if found.has_errors() { Err(found) } else { Ok(plan) }
}

fn no_key(table: &QualifiedName) -> Diagnostic {
    Diagnostic::error(format!("--phased: `{table}` has no single-column primary key to batch the backfill on"))
        .with_object(table.to_string())
        .with_help("add a primary key first, or migrate without --phased")
}

/// A column that an index, key or constraint uses cannot simply be dropped in the contract step.
fn check_movable(item: &Move, dialect: Dialect, found: &mut Diagnostics) {
    let table = &item.table;
    let column = &item.old.name;
    let object = format!("{}.{column}", table.name);
    let used = table.primary_key.as_ref().is_some_and(|k| k.columns.contains(column))
        || table.foreign_keys.iter().any(|k| k.columns.contains(column))
        || table.uniques.iter().any(|u| u.columns.contains(column))
        || table.indexes.iter().any(|i| i.column_names().is_none_or(|names| names.contains(&column.as_str())));
    if used {
        found.push(
            Diagnostic::error(format!("--phased: `{object}` is part of a key, constraint or index"))
                .with_object(object.clone())
                .with_help("move the index or constraint by hand; --phased moves plain columns only"),
        );
    }
    if dialect == Dialect::Postgres && single_key(table).is_none() {
        found.push(no_key(&table.name));
    }
    if dialect == Dialect::Sqlite && !item.target.nullable {
        found.push(
            Diagnostic::error(format!("--phased: `{}.{}` is NOT NULL on SQLite", table.name, item.target.name))
                .with_help("SQLite sets NOT NULL only by rebuilding the table: use codegen diff without --phased"),
        );
    }
}

/// The contract's down refills the dropped column from the new one: nothing is lost.
fn refill_allow(old: &str, new: &str) -> String {
    format!(
        "-- codegen:allow unmarked-irreversible-down the dropped {old} is refilled from {new}, which holds the same values\n"
    )
}

fn single_key(table: &Table) -> Option<&str> {
    match table.primary_key.as_ref().map(|k| k.columns.as_slice()) {
        Some([key]) => Some(key.as_str()),
        _ => None,
    }
}

fn table_sql(name: &QualifiedName, dialect: Dialect) -> String {
    match &name.schema {
        Some(schema) => format!("{}.{}", quote_ident(schema, dialect), quote_ident(&name.name, dialect)),
        None => quote_ident(&name.name, dialect),
    }
}

/// A name of ours for an object on `table` (63 bytes at most, PostgreSQL's limit).
fn object_name(prefix: &str, table: &QualifiedName, what: &str) -> String {
    truncate(&format!("{prefix}_{}_{what}", table.name), 63)
}

impl Move {
    fn to_new(&self, value: &str) -> String {
        if self.type_changes { format!("CAST({value} AS {})", self.new_type) } else { value.to_string() }
    }

    fn to_old(&self, value: &str) -> String {
        if self.type_changes { format!("CAST({value} AS {})", self.old_type) } else { value.to_string() }
    }
}

fn postgres(plan: &Plan, prefix: &str, batch_size: u32) -> Vec<Step> {
    let lock = super::phased_step::LOCK_TIMEOUT.to_string();
    let procedure = truncate(&format!("{prefix}_backfill"), 63);
    let mut steps = PostgresSteps::new(&lock);
    for item in &plan.moves {
        steps.add_move(item, prefix);
    }
    for item in &plan.not_nulls {
        steps.add_not_null(item, prefix);
    }
    steps.finish(lock, &procedure, batch_size)
}

/// The statements of the four PostgreSQL steps, gathered move by move and column by column.
struct PostgresSteps {
    expand: Vec<String>,
    expand_down: Vec<String>,
    /// The backfill procedure's loops, one per column.
    loops: Vec<String>,
    /// The switch step's `VALIDATE CONSTRAINT`s.
    validate: Vec<String>,
    contract: Vec<String>,
    contract_down: Vec<String>,
    notes: Vec<String>,
}

impl PostgresSteps {
    fn new(lock: &str) -> Self {
        PostgresSteps {
            expand: vec![lock.to_string()],
            expand_down: vec![lock.to_string()],
            loops: Vec::new(),
            validate: Vec::new(),
            contract: vec![lock.to_string()],
            contract_down: vec![lock.to_string()],
            notes: Vec::new(),
        }
    }

    /// A column whose data moves to a new column (a type change, a rename): the new column
    /// kept in sync by a trigger, backfilled, then swapped in.
    fn add_move(&mut self, item: &Move, prefix: &str) {
        let d = Dialect::Postgres;
        let q = |s: &str| quote_ident(s, d);

        let t = table_sql(&item.table.name, d);
        let (o, n) = (q(&item.old.name), q(&item.temp));
        let sync = object_name(prefix, &item.table.name, &format!("{}_sync", item.temp));
        let check = object_name(prefix, &item.table.name, &format!("{}_not_null", item.temp));
        let function = format!(
            "CREATE FUNCTION {sync}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
             BEGIN\n  \
               -- Keeps {o} and {n} equal while application code that knows only one of them runs.\n  \
               IF TG_OP = 'INSERT' THEN\n    \
                 IF NEW.{n} IS NULL THEN\n      NEW.{n} := {to_new_o};\n    \
                 ELSIF NEW.{o} IS NULL THEN\n      NEW.{o} := {to_old_n};\n    END IF;\n  \
               ELSIF NEW.{o} IS DISTINCT FROM OLD.{o} THEN\n    NEW.{n} := {to_new_o};\n  \
               ELSIF NEW.{n} IS DISTINCT FROM OLD.{n} AND NEW.{n} IS DISTINCT FROM {to_new_o} THEN\n    \
                 NEW.{o} := {to_old_n};\n  \
               ELSIF NEW.{n} IS NULL THEN\n    \
                 -- A row the backfill has not reached yet.\n    \
                 NEW.{n} := {to_new_o};\n  END IF;\n  \
               RETURN NEW;\n\
             END\n$$",
            to_new_o = item.to_new(&format!("NEW.{o}")),
            to_old_n = item.to_old(&format!("NEW.{n}")),
        );
        let trigger =
            format!("CREATE TRIGGER {sync} BEFORE INSERT OR UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {sync}()");
        self.expand.push(format!("ALTER TABLE {t} ADD COLUMN {n} {}", item.new_type));
        self.expand.push(function.clone());
        self.expand.push(trigger.clone());
        if !item.target.nullable {
            self.expand.push(format!(
                "-- codegen:allow add-check NOT VALID: existing rows are checked by the validate step, after the backfill\n\
                 ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({n} IS NOT NULL) NOT VALID"
            ));
            self.validate.push(format!("ALTER TABLE {t} VALIDATE CONSTRAINT {check}"));
        }
        let mut undo = Vec::new();
        if !item.target.nullable {
            undo.push(format!("ALTER TABLE {t} DROP CONSTRAINT {check}"));
        }
        undo.push(format!("DROP TRIGGER {sync} ON {t}"));
        undo.push(format!("DROP FUNCTION {sync}()"));
        undo.push(format!("ALTER TABLE {t} DROP COLUMN {n}"));
        self.expand_down.extend(undo);
        self.loops.push(backfill_loop(
            &item.table,
            &n,
            &item.to_new(&o),
            &format!("{n} IS DISTINCT FROM {}", item.to_new(&o)),
        ));

        self.contract.push(format!("DROP TRIGGER {sync} ON {t}"));
        self.contract.push(format!("DROP FUNCTION {sync}()"));
        if !item.target.nullable {
            self.contract.push(format!(
                "-- codegen:allow set-not-null the validated check {check} proves no row holds NULL, so PostgreSQL does not scan\n\
                 ALTER TABLE {t} ALTER COLUMN {n} SET NOT NULL"
            ));
            self.contract.push(format!("ALTER TABLE {t} DROP CONSTRAINT {check}"));
        }
        self.contract.push(format!(
            "-- codegen:allow drop-column its values live on in {n}, kept in sync since the expand step\n\
             ALTER TABLE {t} DROP COLUMN {o}"
        ));
        let final_name = q(&item.target.name);
        if item.temp != item.target.name {
            self.contract.push(format!(
                "-- codegen:allow rename-column the application reads {n} since the switch; it must read {final_name} from this step on\n\
                 ALTER TABLE {t} RENAME COLUMN {n} TO {final_name}"
            ));
            self.notes.push(format!(
                "{}: the contract step renames {} back to {}: deploy the application that reads {} with it",
                item.table.name, item.temp, item.target.name, item.target.name
            ));
        }

        // The contract's down: the old column again, filled from the new one, in sync again.
        let mut down = Vec::new();
        if item.temp != item.target.name {
            down.push(format!("ALTER TABLE {t} RENAME COLUMN {final_name} TO {n}"));
        }
        down.push(format!("ALTER TABLE {t} ADD COLUMN {o} {}", item.old_type));
        down.push(format!("{}UPDATE {t} SET {o} = {}", refill_allow(&o, &n), item.to_old(&n)));
        if !item.old.nullable {
            down.push(format!("ALTER TABLE {t} ALTER COLUMN {o} SET NOT NULL"));
        }
        if !item.target.nullable {
            down.push(format!("ALTER TABLE {t} ALTER COLUMN {n} DROP NOT NULL"));
            down.push(format!("ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({n} IS NOT NULL) NOT VALID"));
        }
        down.push(function);
        down.push(trigger);
        self.contract_down.extend(down);
    }

    /// A column made NOT NULL: a trigger fills what the application writes, the backfill the
    /// rest, a NOT VALID check validated apart, then SET NOT NULL without a scan.
    fn add_not_null(&mut self, item: &NotNull, prefix: &str) {
        let d = Dialect::Postgres;
        let q = |s: &str| quote_ident(s, d);

        let t = table_sql(&item.table.name, d);
        let c = q(&item.column.name);
        let check = object_name(prefix, &item.table.name, &format!("{}_not_null", item.column.name));
        let fill = object_name(prefix, &item.table.name, &format!("{}_fill", item.column.name));
        // Until the backfill reaches a row, any write to it (or a new row without the column)
        // gets the fill, so the NOT VALID check never refuses the application's writes.
        let function = format!(
            "CREATE FUNCTION {fill}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
             BEGIN\n  \
               IF NEW.{c} IS NULL THEN\n    \
                 NEW.{c} := (SELECT {expression} FROM (SELECT NEW.*) AS {alias});\n  \
               END IF;\n  \
               RETURN NEW;\n\
             END\n$$",
            expression = item.fill,
            alias = q(&item.table.name.name),
        );
        let trigger =
            format!("CREATE TRIGGER {fill} BEFORE INSERT OR UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {fill}()");
        let add_check = format!(
            "-- codegen:allow add-check NOT VALID: existing rows are checked by the validate step, after the backfill\n\
             ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({c} IS NOT NULL) NOT VALID"
        );
        self.expand.extend([function.clone(), trigger.clone(), add_check]);
        self.expand_down.extend([
            format!("ALTER TABLE {t} DROP CONSTRAINT {check}"),
            format!("DROP TRIGGER {fill} ON {t}"),
            format!("DROP FUNCTION {fill}()"),
        ]);
        self.loops.insert(0, backfill_loop(&item.table, &c, &item.fill, &format!("{c} IS NULL")));
        self.validate.push(format!("ALTER TABLE {t} VALIDATE CONSTRAINT {check}"));
        self.contract.extend([
            format!("DROP TRIGGER {fill} ON {t}"),
            format!("DROP FUNCTION {fill}()"),
            format!(
                "-- codegen:allow set-not-null the validated check {check} proves no row holds NULL, so PostgreSQL does not scan\n\
                 ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL"
            ),
            format!("ALTER TABLE {t} DROP CONSTRAINT {check}"),
        ]);
        self.contract_down.extend([
            format!("ALTER TABLE {t} ALTER COLUMN {c} DROP NOT NULL"),
            format!("ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({c} IS NOT NULL) NOT VALID"),
            function,
            trigger,
        ]);
        self.notes.push(format!(
            "{}.{}: until the contract step a trigger fills NULLs written by the application with {}",
            item.table.name, item.column.name, item.fill
        ));
    }

    /// The backfill procedure, then the four steps.
    fn finish(self, lock: String, procedure: &str, batch_size: u32) -> Vec<Step> {
        let PostgresSteps { mut expand, mut expand_down, loops, validate, mut contract, mut contract_down, notes } =
            self;

        // The procedure is created by the expand step and dropped by the contract step: the backfill
        // migration is then one CALL, which PostgreSQL lets COMMIT when it runs outside a transaction.
        let create_procedure = format!(
            "-- codegen:allow syntax-error the SQL reader does not read procedure bodies; PostgreSQL 11+ runs it\n\
             CREATE PROCEDURE {procedure}(batch_size integer) LANGUAGE plpgsql AS $$\n\
             BEGIN\n{}\n\
             END\n$$",
            loops.join("\n")
        );
        expand.push(create_procedure.clone());
        // In a down, the replay that checks the down stops at a statement it cannot read: last, so
        // every other statement is still checked.
        contract_down.push(format!("{REPLAY_ALLOW}\n{create_procedure}"));
        expand_down.push(format!("{REPLAY_ALLOW}\n{PROCEDURE_ALLOW}\nDROP PROCEDURE {procedure}(integer)"));
        contract.insert(
            1,
            format!("-- codegen:allow replay-error procedures are not part of the schema model\nDROP PROCEDURE {procedure}(integer)"),
        );

        let mut switch_notes = vec![
            "Deploy the application that reads and writes the new columns before the contract step; \
             until then the triggers keep old and new columns equal both ways."
                .to_string(),
        ];
        let mut switch_up = Vec::new();
        if !validate.is_empty() {
            switch_up.push(lock);
            switch_up.extend(validate.into_iter().map(|v| {
                format!("-- codegen:allow replay-error VALIDATE CONSTRAINT changes no schema; it takes a SHARE UPDATE EXCLUSIVE lock that does not block writes\n{v}")
            }));
            switch_notes
                .push("It validates the NOT NULL checks: a full scan that does not block reads or writes.".to_string());
        }
        vec![
            Step {
                kind: StepKind::Expand,
                up: expand,
                down: expand_down,
                down_comment: None,
                notes: [
                    vec!["Step 1 of 4 (expand): new columns, sync triggers and the backfill procedure.".to_string()],
                    notes.clone(),
                ]
                .concat(),
                no_transaction: false,
            },
            backfill_step(procedure, batch_size, "it skips rows already filled"),
            Step {
                kind: StepKind::Switch,
                up: switch_up,
                down: Vec::new(),
                down_comment: Some(NO_DOWN),
                notes: switch_notes,
                no_transaction: false,
            },
            Step {
                kind: StepKind::Contract,
                up: contract,
                down: contract_down,
                down_comment: None,
                notes: vec![
                    "Step 4 of 4 (contract): drops the triggers, the procedure and the old columns.".to_string(),
                ],
                no_transaction: false,
            },
        ]
    }
}

/// One PL/pgSQL block that fills `column` with `value` in batches of `batch_size` rows, walking
/// the primary key, committing after each batch; `pending` says which rows still need it.
fn backfill_loop(table: &Table, column: &str, value: &str, pending: &str) -> String {
    let d = Dialect::Postgres;
    let key_name = single_key(table).unwrap_or_default();
    let key = quote_ident(key_name, d);
    let t = table_sql(&table.name, d);
    let key_type = format!("{t}.{key}%TYPE");
    format!(
        "  DECLARE\n    last_key {key_type};\n    batch_end {key_type};\n  BEGIN\n    LOOP\n      \
         SELECT max({key}) INTO batch_end FROM (SELECT {key} FROM {t} WHERE last_key IS NULL OR {key} > last_key ORDER BY {key} LIMIT batch_size) AS batch;\n      \
         EXIT WHEN batch_end IS NULL;\n      \
         UPDATE {t} SET {column} = {value} WHERE (last_key IS NULL OR {key} > last_key) AND {key} <= batch_end AND {pending};\n      \
         last_key := batch_end;\n      COMMIT;\n    END LOOP;\n  END;"
    )
}

fn sqlite(plan: &Plan, prefix: &str) -> Vec<Step> {
    let d = Dialect::Sqlite;
    let q = |s: &str| quote_ident(s, d);
    let mut expand = Vec::new();
    let mut expand_down = Vec::new();
    let mut backfill = Vec::new();
    let mut contract = Vec::new();
    let mut contract_down = Vec::new();
    let mut notes = Vec::new();
    for item in &plan.moves {
        let t = table_sql(&item.table.name, d);
        let (o, n) = (q(&item.old.name), q(&item.temp));
        let row = match single_key(&item.table) {
            Some(key) => q(key),
            None => "rowid".to_string(),
        };
        let name = |what: &str| q(&object_name(prefix, &item.table.name, &format!("{}_{what}", item.temp)));
        let (on_insert, on_old, on_new) = (name("sync_insert"), name("sync_old"), name("sync_new"));
        let triggers = vec![
            format!(
                "CREATE TRIGGER {on_insert} AFTER INSERT ON {t} WHEN NEW.{n} IS NULL OR NEW.{o} IS NULL BEGIN \
                 UPDATE {t} SET {n} = coalesce(NEW.{n}, {}), {o} = coalesce(NEW.{o}, {}) WHERE {row} = NEW.{row}; END",
                item.to_new(&format!("NEW.{o}")),
                item.to_old(&format!("NEW.{n}"))
            ),
            format!(
                "CREATE TRIGGER {on_old} AFTER UPDATE OF {o} ON {t} WHEN NEW.{o} IS NOT OLD.{o} BEGIN \
                 UPDATE {t} SET {n} = {} WHERE {row} = NEW.{row}; END",
                item.to_new(&format!("NEW.{o}"))
            ),
            format!(
                "CREATE TRIGGER {on_new} AFTER UPDATE OF {n} ON {t} \
                 WHEN NEW.{n} IS NOT OLD.{n} AND NEW.{o} IS OLD.{o} AND NEW.{n} IS NOT {} BEGIN \
                 UPDATE {t} SET {o} = {} WHERE {row} = NEW.{row}; END",
                item.to_new(&format!("NEW.{o}")),
                item.to_old(&format!("NEW.{n}"))
            ),
        ];
        expand.push(format!("ALTER TABLE {t} ADD COLUMN {n} {}", item.new_type));
        expand.extend(triggers.clone());
        for trigger in [&on_new, &on_old, &on_insert] {
            expand_down.push(format!("DROP TRIGGER {trigger}"));
        }
        expand_down.push(format!("ALTER TABLE {t} DROP COLUMN {n}"));
        backfill.push(format!("UPDATE {t} SET {n} = {} WHERE {n} IS NOT {}", item.to_new(&o), item.to_new(&o)));
        for trigger in [&on_new, &on_old, &on_insert] {
            contract.push(format!("DROP TRIGGER {trigger}"));
        }
        contract.push(format!(
            "-- codegen:allow drop-column its values live on in {n}, kept in sync since the expand step\n\
             ALTER TABLE {t} DROP COLUMN {o}"
        ));
        let final_name = q(&item.target.name);
        if item.temp != item.target.name {
            contract.push(format!(
                "-- codegen:allow rename-column the application reads {n} since the switch; it must read {final_name} from this step on\n\
                 ALTER TABLE {t} RENAME COLUMN {n} TO {final_name}"
            ));
            contract_down.push(format!("ALTER TABLE {t} RENAME COLUMN {final_name} TO {n}"));
        }
        contract_down.push(format!("ALTER TABLE {t} ADD COLUMN {o} {}", item.old_type));
        contract_down.push(format!("{}UPDATE {t} SET {o} = {}", refill_allow(&o, &n), item.to_old(&n)));
        contract_down.extend(triggers);
        if !item.old.nullable {
            notes.push(format!(
                "{}.{}: SQLite checks NOT NULL before AFTER triggers run, so until the contract step inserts must still \
                 write {} (or dual-write both columns)",
                item.table.name, item.old.name, item.old.name
            ));
        }
    }
    vec![
        Step {
            kind: StepKind::Expand,
            up: expand,
            down: expand_down,
            down_comment: None,
            notes: [
                vec!["Step 1 of 4 (expand): new columns and the triggers that keep them in sync.".to_string()],
                notes,
            ]
            .concat(),
            no_transaction: false,
        },
        Step {
            kind: StepKind::Backfill,
            up: backfill,
            down: Vec::new(),
            down_comment: Some(NO_DOWN),
            notes: vec![
                "Step 2 of 4 (backfill): SQLite locks the whole database for any write, so batches would not let \
                 other writers in; one UPDATE per column. It can be rerun."
                    .to_string(),
            ],
            no_transaction: false,
        },
        Step {
            kind: StepKind::Switch,
            up: Vec::new(),
            down: Vec::new(),
            down_comment: Some(NO_DOWN),
            notes: vec![
                "Step 3 of 4 (switch): deploy the application that reads and writes the new columns; \
                 until the contract step the triggers keep old and new columns equal both ways."
                    .to_string(),
            ],
            no_transaction: false,
        },
        Step {
            kind: StepKind::Contract,
            up: contract,
            down: contract_down,
            down_comment: None,
            notes: vec!["Step 4 of 4 (contract): drops the triggers and the old columns.".to_string()],
            no_transaction: false,
        },
    ]
}

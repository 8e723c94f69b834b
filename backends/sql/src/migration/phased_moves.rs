//! `--phased` for a move into a new table (`move users.(theme, locale) -> user_preferences by
//! user_id`), on PostgreSQL: the four steps of [`super::phased`] for data that changes table.
//!
//! - **expand**: the new table, and triggers that keep both places in step while old and new
//!   application code run side by side (a write to the old columns is upserted into the new
//!   table; a write to the new table is written back to the old columns; each only when the
//!   values differ, so the two triggers never chase each other), and the backfill procedure;
//! - **backfill**: `CALL` the procedure: the rows that carry a value copied in primary-key
//!   batches, `COMMIT` after each, `ON CONFLICT DO NOTHING` so rows the triggers wrote stay and
//!   a rerun skips what is done;
//! - **switch**: deploy the application that reads and writes the new table;
//! - **contract**: the triggers and the procedure dropped, then the old columns.
//!
//! Each down undoes its step; the contract's down adds the old columns back and fills them from
//! the new table (`UPDATE ... FROM`).

use std::collections::BTreeSet;

use codegen_core::diff::{Change, MoveData, MoveKind, SchemaDiff};
use codegen_core::model::{Schema, Table};
use codegen_core::{Diagnostic, Diagnostics, Dialect};

use super::phased::{NO_DOWN, REPLAY_ALLOW, Step, StepKind, backfill_step};
use crate::context::Context;
use crate::quote_ident;
use crate::table::render_create_table;

pub(super) const PROCEDURE_ALLOW: &str = "-- codegen:allow replay-error procedures are not part of the schema model";

/// What the four PostgreSQL steps of a staged move write; [`Staged::steps`] makes the steps.
pub(super) struct Staged {
    pub expand: Vec<String>,
    pub expand_down: Vec<String>,
    pub expand_notes: Vec<String>,
    /// The procedure the backfill calls, and why a rerun is safe.
    pub procedure: String,
    pub rerun: &'static str,
    pub switch_up: Vec<String>,
    pub switch_notes: Vec<String>,
    pub contract: Vec<String>,
    pub contract_down: Vec<String>,
    pub contract_note: String,
}

impl Staged {
    pub(super) fn steps(self, batch_size: u32) -> Vec<Step> {
        let step = |kind, up, down, notes| Step { kind, up, down, down_comment: None, notes, no_transaction: false };
        vec![
            step(StepKind::Expand, self.expand, self.expand_down, self.expand_notes),
            backfill_step(&self.procedure, batch_size, self.rerun),
            Step {
                down_comment: Some(NO_DOWN),
                ..step(StepKind::Switch, self.switch_up, Vec::new(), self.switch_notes)
            },
            step(StepKind::Contract, self.contract, self.contract_down, vec![self.contract_note]),
        ]
    }
}

/// The move of a diff that `--phased` stages, if the diff is one.
pub(crate) fn staged_move(diff: &SchemaDiff) -> Option<&MoveData> {
    diff.changes.iter().find_map(|c| match c {
        Change::MoveData(data) => Some(data),
        _ => None,
    })
}

pub(super) fn refuse(message: String, help: &str) -> Diagnostics {
    let mut found = Diagnostics::new();
    found.push(Diagnostic::error(message).with_help(help));
    found
}

/// The four steps of a split move or a fold ([`super::phased_fold`]), or why it cannot be staged.
pub(crate) fn plan(
    from: &Schema,
    to: &Schema,
    diff: &SchemaDiff,
    dialect: Dialect,
    prefix: &str,
    batch_size: u32,
) -> Result<Vec<Step>, Diagnostics> {
    let Some(data) = staged_move(diff) else { return Err(refuse("no move to stage".into(), "")) };
    if dialect == Dialect::Postgres && data.kind == MoveKind::Inline {
        return super::phased_fold::plan(from, to, diff, data, prefix, batch_size);
    }
    if dialect != Dialect::Postgres || data.kind != MoveKind::Split {
        return Err(refuse(
            format!(
                "--phased stages a move into a new table or a fold into its parent on PostgreSQL; `{}` is not one",
                data.hint
            ),
            "run codegen diff without --phased (one migration that copies the data)",
        ));
    }
    // Only the move's own changes: the new table, the copy, the old columns dropped.
    for change in &diff.changes {
        let own = match change {
            Change::CreateTable(t) => t.name == data.target,
            Change::MoveData(m) => m == data,
            Change::DropColumn { table, column } => *table == data.source && data.columns.contains(&column.name),
            _ => false,
        };
        if !own {
            return Err(refuse(
                format!("--phased cannot stage `{}` beside the move", change.describe()),
                "write the other changes in their own migration first (codegen diff without --phased)",
            ));
        }
    }
    let (Some(source), Some(target)) = (from.table(&data.source), to.table(&data.target)) else {
        return Err(refuse(format!("--phased: `{}` names tables the schemas lack", data.hint), ""));
    };
    let Some(source_key) = source.primary_key.as_ref().filter(|k| k.columns == [data.source_key.clone()]) else {
        return Err(refuse(
            format!("--phased: `{}` must be the primary key of `{}` to batch the copy", data.source_key, source.name),
            "migrate without --phased",
        ));
    };
    let _ = source_key;
    let unique_key = target.primary_key.as_ref().is_some_and(|k| k.columns == [data.target_key.clone()])
        || target.uniques.iter().any(|u| u.columns == [data.target_key.clone()]);
    if !unique_key {
        return Err(refuse(
            format!(
                "--phased: `{}.{}` must be unique (one row per {} row) for the triggers to upsert",
                target.name, data.target_key, source.name
            ),
            "make the key the primary key or unique, or migrate without --phased",
        ));
    }
    Ok(steps(to, source, target, data, prefix, batch_size))
}

fn steps(to: &Schema, source: &Table, target: &Table, data: &MoveData, prefix: &str, batch_size: u32) -> Vec<Step> {
    let d = Dialect::Postgres;
    let q = |s: &str| quote_ident(s, d);
    let mut cx = Context::new(to, d);
    let (s, t) = (cx.name(&source.name), cx.name(&target.name));
    let (sk, tk) = (q(&data.source_key), q(&data.target_key));
    let columns: Vec<String> = data.columns.iter().map(|c| q(c)).collect();
    let list = columns.join(", ");
    let name = |what: &str| q(&super::phased::truncate(&format!("{prefix}_{}_{what}", target.name.name), 63));
    let (to_new, to_old, procedure) = (name("sync_new"), name("sync_old"), name("copy"));
    let lock = "SET lock_timeout = '5s'".to_string();
    let new_values: Vec<String> = columns.iter().map(|c| format!("NEW.{c}")).collect();
    let carries = new_values.iter().map(|v| format!("{v} IS NOT NULL")).collect::<Vec<_>>().join(" OR ");
    let excluded: Vec<String> = columns.iter().map(|c| format!("{c} = EXCLUDED.{c}")).collect();
    let target_values: Vec<String> = columns.iter().map(|c| format!("{t}.{c}")).collect();
    let excluded_values: Vec<String> = columns.iter().map(|c| format!("EXCLUDED.{c}")).collect();
    let source_values: Vec<String> = columns.iter().map(|c| format!("{s}.{c}")).collect();
    let set_new: Vec<String> = columns.iter().map(|c| format!("{c} = NEW.{c}")).collect();
    let set_null: Vec<String> = columns.iter().map(|c| format!("{c} = NULL")).collect();
    let filter = if data.every_row { "TRUE".to_string() } else { carries.clone() };

    // Old code writes the old columns: upsert them into the new table (when they differ).
    let new_function = format!(
        "CREATE FUNCTION {to_new}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
         BEGIN\n  \
           -- Keeps {t} in step with the old columns of {s} while old application code runs.\n  \
           IF {filter} OR EXISTS (SELECT 1 FROM {t} WHERE {tk} = NEW.{sk}) THEN\n    \
             INSERT INTO {t} ({tk}, {list}) VALUES (NEW.{sk}, {new})\n    \
             ON CONFLICT ({tk}) DO UPDATE SET {excluded}\n    \
             WHERE ({target_values}) IS DISTINCT FROM ({excluded_values});\n  \
           END IF;\n  \
           RETURN NULL;\n\
         END\n$$",
        new = new_values.join(", "),
        excluded = excluded.join(", "),
        target_values = target_values.join(", "),
        excluded_values = excluded_values.join(", "),
    );
    let new_trigger = format!(
        "CREATE TRIGGER {to_new} AFTER INSERT OR UPDATE OF {list} ON {s} FOR EACH ROW EXECUTE FUNCTION {to_new}()"
    );
    // New code writes the new table: write the values back to the old columns (when they differ).
    let old_function = format!(
        "CREATE FUNCTION {to_old}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
         BEGIN\n  \
           -- Keeps the old columns of {s} in step with {t} while old application code still reads them.\n  \
           IF TG_OP = 'DELETE' THEN\n    \
             UPDATE {s} SET {null} WHERE {sk} = OLD.{tk};\n    \
             RETURN NULL;\n  \
           END IF;\n  \
           UPDATE {s} SET {set} WHERE {sk} = NEW.{tk} AND ({source_values}) IS DISTINCT FROM ({new});\n  \
           RETURN NULL;\n\
         END\n$$",
        null = set_null.join(", "),
        set = set_new.join(", "),
        source_values = source_values.join(", "),
        new = new_values.join(", "),
    );
    let old_trigger = format!(
        "CREATE TRIGGER {to_old} AFTER INSERT OR UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION {to_old}()"
    );
    let pending = if data.every_row { String::new() } else { format!(" AND ({})", carries.replace("NEW.", "")) };
    let create_procedure = format!(
        "-- codegen:allow syntax-error the SQL reader does not read procedure bodies; PostgreSQL 11+ runs it\n\
         CREATE PROCEDURE {procedure}(batch_size integer) LANGUAGE plpgsql AS $$\n\
         DECLARE\n  last_key {s}.{sk}%TYPE;\n  batch_end {s}.{sk}%TYPE;\n\
         BEGIN\n  \
           LOOP\n    \
             SELECT max({sk}) INTO batch_end FROM (SELECT {sk} FROM {s} WHERE last_key IS NULL OR {sk} > last_key ORDER BY {sk} LIMIT batch_size) AS batch;\n    \
             EXIT WHEN batch_end IS NULL;\n    \
             INSERT INTO {t} ({tk}, {list}) SELECT {sk}, {list} FROM {s}\n    \
             WHERE (last_key IS NULL OR {sk} > last_key) AND {sk} <= batch_end{pending}\n    \
             ON CONFLICT ({tk}) DO NOTHING;\n    \
             last_key := batch_end;\n    \
             COMMIT;\n  \
           END LOOP;\n\
         END\n$$"
    );
    let drop_procedure = format!("{PROCEDURE_ALLOW}\nDROP PROCEDURE {procedure}(integer)");

    let create_table = render_create_table(&mut cx, target, &BTreeSet::new());
    let expand = vec![
        lock.clone(),
        create_table,
        new_function.clone(),
        new_trigger.clone(),
        old_function.clone(),
        old_trigger.clone(),
        create_procedure.clone(),
    ];
    let expand_down = vec![
        lock.clone(),
        format!("DROP TRIGGER {to_old} ON {t}"),
        format!("DROP FUNCTION {to_old}()"),
        format!("DROP TRIGGER {to_new} ON {s}"),
        format!("DROP FUNCTION {to_new}()"),
        format!("-- codegen:allow drop-table the backfill copied its rows from {s}, which keeps them\nDROP TABLE {t}"),
        format!("{REPLAY_ALLOW}\n{drop_procedure}"),
    ];
    let mut contract = vec![
        lock.clone(),
        drop_procedure,
        format!("DROP TRIGGER {to_old} ON {t}"),
        format!("DROP FUNCTION {to_old}()"),
        format!("DROP TRIGGER {to_new} ON {s}"),
        format!("DROP FUNCTION {to_new}()"),
    ];
    for c in &columns {
        contract.push(format!(
            "-- codegen:allow drop-column its values live on in {t}, kept in step since the expand step\n\
             ALTER TABLE {s} DROP COLUMN {c}"
        ));
    }
    let mut contract_down = vec![lock];
    for column in data.columns.iter().filter_map(|c| source.column(c)) {
        let mut column = column.clone();
        column.nullable = true;
        let definition = super::statements::column_sql(&mut cx, source, &column);
        contract_down.push(format!("ALTER TABLE {s} ADD COLUMN {definition}"));
    }
    let back: Vec<String> = columns.iter().map(|c| format!("{c} = {t}.{c}")).collect();
    contract_down.push(format!(
        "-- codegen:allow unmarked-irreversible-down the dropped columns are refilled from {t}, which holds the same values\n\
         UPDATE {s} SET {} FROM {t} WHERE {t}.{tk} = {s}.{sk}",
        back.join(", ")
    ));
    for column in data.columns.iter().filter_map(|c| source.column(c)).filter(|c| !c.nullable) {
        contract_down.push(format!("ALTER TABLE {s} ALTER COLUMN {} SET NOT NULL", q(&column.name)));
    }
    contract_down.extend([new_function, new_trigger, old_function, old_trigger]);
    contract_down.push(format!("{REPLAY_ALLOW}\n{create_procedure}"));

    let note = format!("{}: {} moves to {}", source.name, data.columns.join(", "), target.name);
    Staged {
        expand,
        expand_down,
        expand_notes: vec![
            "Step 1 of 4 (expand): the new table, triggers that keep both places in step, and the copy procedure."
                .to_string(),
            note,
        ],
        procedure,
        rerun: "rows already copied are skipped",
        switch_up: Vec::new(),
        switch_notes: vec![format!(
            "Deploy the application that reads and writes {} before the contract step; until then the triggers keep \
             it and the old columns of {} equal both ways.",
            target.name, source.name
        )],
        contract,
        contract_down,
        contract_note: "Step 4 of 4 (contract): drops the triggers, the procedure and the old columns.".to_string(),
    }
    .steps(batch_size)
}

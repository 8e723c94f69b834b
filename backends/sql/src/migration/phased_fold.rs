//! `--phased` for a fold: a one-to-one table's columns moved back into the table it belongs to
//! (`move user_preferences.(theme, locale) -> users by user_id`), on PostgreSQL. The split's four
//! steps ([`super::phased_moves`]) with the places turned round:
//!
//! - **expand**: the columns added to the parent (nullable), and triggers that keep both places
//!   in step while old and new application code run side by side (a write to the one-to-one
//!   table is written to the parent's columns; a write to the parent's columns is upserted into
//!   the one-to-one table; each only when the values differ, so the two never chase each other),
//!   and the backfill procedure;
//! - **backfill**: `CALL` the procedure: the parent's columns filled from the one-to-one table in
//!   batches of its key, `COMMIT` after each, only where they differ (a rerun skips what is done);
//! - **switch**: deploy the application that reads and writes the parent's columns;
//! - **contract**: the triggers and the procedure dropped, then the one-to-one table (or its
//!   moved columns). Its down builds them again and fills them from the parent.

use codegen_core::diff::{Change, MoveData, SchemaDiff};
use codegen_core::model::{Schema, Table};
use codegen_core::{Diagnostics, Dialect};

use super::phased_moves::{OneToOne, drop_moved_columns};
use super::phased_step::{PROCEDURE_ALLOW, REPLAY_ALLOW, Staged, Step, refuse};
use crate::context::Context;
use crate::index::render_index;
use crate::quote_ident;
use crate::table::render_create_table;

/// The tables of a fold, checked: the one-to-one table the columns leave, the table they go to.
struct Fold<'a> {
    data: &'a MoveData,
    /// The one-to-one table as it is before.
    source: &'a Table,
    /// The parent as it is after.
    target: &'a Table,
    /// The one-to-one table is dropped (rather than only losing the moved columns).
    source_dropped: bool,
}

/// The four steps of a fold, or why it cannot be staged.
pub(crate) fn plan(
    from: &Schema,
    to: &Schema,
    diff: &SchemaDiff,
    data: &MoveData,
    prefix: &str,
    batch_size: u32,
) -> Result<Vec<Step>, Diagnostics> {
    let fold = check(from, to, diff, data)?;
    Ok(steps(from, to, &fold, prefix, batch_size))
}

fn check<'a>(from: &'a Schema, to: &'a Schema, diff: &SchemaDiff, data: &'a MoveData) -> Result<Fold<'a>, Diagnostics> {
    let (Some(source), Some(target), Some(_)) =
        (from.table(&data.source), to.table(&data.target), from.table(&data.target))
    else {
        return Err(refuse(format!("--phased: `{}` names tables the schemas lack", data.hint), ""));
    };
    let folds = source.foreign_keys.iter().any(|fk| {
        fk.columns == [data.source_key.clone()]
            && fk.referenced_table == data.target
            && fk.referenced_columns == [data.target_key.clone()]
    });
    if !folds {
        return Err(refuse(
            format!(
                "--phased stages a fold whose key `{}.{}` references `{}`; `{}` is not one",
                source.name, data.source_key, target.name, data.hint
            ),
            "run codegen diff without --phased (one migration that copies the data)",
        ));
    }
    let one_row = |table: &Table, key: &str| {
        table.primary_key.as_ref().is_some_and(|k| k.columns == [key.to_string()])
            || table.uniques.iter().any(|u| u.columns == [key.to_string()])
    };
    if !one_row(source, &data.source_key) {
        return Err(refuse(
            format!(
                "--phased: `{}.{}` must be unique (one row per {} row) for the triggers to upsert",
                source.name, data.source_key, target.name
            ),
            "make the key the primary key or unique, or migrate without --phased",
        ));
    }
    if let Some(column) = data.columns.iter().filter_map(|c| target.column(c)).find(|c| !c.nullable) {
        return Err(refuse(
            format!("--phased: `{}.{}` is NOT NULL; a fold adds its columns nullable", target.name, column.name),
            "fold it as nullable, then make it NOT NULL in a phased migration of its own",
        ));
    }
    let mut source_dropped = false;
    for change in &diff.changes {
        let own = match change {
            Change::AddColumn { table, column, .. } => *table == data.target && data.columns.contains(&column.name),
            Change::MoveData(m) => m == data,
            Change::DropColumn { table, column } => *table == data.source && data.columns.contains(&column.name),
            Change::DropTable(t) if t.name == data.source => {
                source_dropped = true;
                true
            }
            _ => false,
        };
        if !own {
            return Err(refuse(
                format!("--phased cannot stage `{}` beside the move", change.describe()),
                "write the other changes in their own migration first (codegen diff without --phased)",
            ));
        }
    }
    // What the contract drops must live on in the parent, and the upsert must be able to insert.
    let kept = |name: &str| name == data.source_key || data.columns.iter().any(|c| c == name);
    let lost: Vec<&str> = source
        .columns
        .iter()
        .filter(|c| !kept(&c.name) && (source_dropped || !c.nullable && !c.has_database_default()))
        .map(|c| c.name.as_str())
        .collect();
    if !lost.is_empty() {
        return Err(refuse(
            format!(
                "--phased: `{}` has columns the fold does not move ({}): {}",
                source.name,
                lost.join(", "),
                if source_dropped { "they would be lost with the table" } else { "the upsert cannot fill them" }
            ),
            "move them too, or migrate without --phased",
        ));
    }
    Ok(Fold { data, source, target, source_dropped })
}

fn steps(from: &Schema, to: &Schema, fold: &Fold, prefix: &str, batch_size: u32) -> Vec<Step> {
    let Fold { data, source, target, source_dropped } = *fold;
    let d = Dialect::Postgres;
    let q = |s: &str| quote_ident(s, d);
    let mut cx = Context::new(to, d);
    let mut before = Context::new(from, d);
    let (s, t) = (cx.name(&source.name), cx.name(&target.name));
    let (sk, tk) = (q(&data.source_key), q(&data.target_key));
    let columns: Vec<String> = data.columns.iter().map(|c| q(c)).collect();
    let list = columns.join(", ");
    let name = |what: &str| q(&super::phased_step::truncate(&format!("{prefix}_{}_{what}", source.name.name), 63));
    let (to_new, to_old, procedure) = (name("sync_new"), name("sync_old"), name("copy"));
    let lock = super::phased_step::LOCK_TIMEOUT.to_string();
    let each = |f: &dyn Fn(&String) -> String| columns.iter().map(f).collect::<Vec<_>>().join(", ");
    let carries = columns.iter().map(|c| format!("NEW.{c} IS NOT NULL")).collect::<Vec<_>>().join(" OR ");
    let filter = if data.every_row { "TRUE".to_string() } else { carries.clone() };

    let one_to_one = OneToOne { parent: &t, parent_key: &tk, child: &s, child_key: &sk, columns: &columns };
    // Old code writes the one-to-one table: write its values to the parent's new columns; new
    // code writes the parent's columns: upsert them into the one-to-one table (each when they differ).
    let (new_function, new_trigger) = one_to_one.update_parent(&to_new);
    let (old_function, old_trigger) = one_to_one.upsert_child(&to_old, &filter);
    let differ = format!("({}) IS DISTINCT FROM ({})", each(&|c| format!("{t}.{c}")), each(&|c| format!("{s}.{c}")));
    let create_procedure = format!(
        "-- codegen:allow syntax-error the SQL reader does not read procedure bodies; PostgreSQL 11+ runs it\n\
         CREATE PROCEDURE {procedure}(batch_size integer) LANGUAGE plpgsql AS $$\n\
         DECLARE\n  last_key {s}.{sk}%TYPE;\n  batch_end {s}.{sk}%TYPE;\n\
         BEGIN\n  \
           LOOP\n    \
             SELECT max({sk}) INTO batch_end FROM (SELECT {sk} FROM {s} WHERE last_key IS NULL OR {sk} > last_key ORDER BY {sk} LIMIT batch_size) AS batch;\n    \
             EXIT WHEN batch_end IS NULL;\n    \
             UPDATE {t} SET {set} FROM {s}\n    \
             WHERE {t}.{tk} = {s}.{sk} AND ({s}.{sk} > last_key OR last_key IS NULL) AND {s}.{sk} <= batch_end AND {differ};\n    \
             last_key := batch_end;\n    \
             COMMIT;\n  \
           END LOOP;\n\
         END\n$$",
        set = each(&|c| format!("{c} = {s}.{c}")),
    );
    let drop_procedure = format!("{PROCEDURE_ALLOW}\nDROP PROCEDURE {procedure}(integer)");

    let mut expand = vec![lock.clone()];
    for column in data.columns.iter().filter_map(|c| target.column(c)) {
        let definition = super::writer::column_sql(&mut cx, target, column);
        expand.push(format!("ALTER TABLE {t} ADD COLUMN {definition}"));
    }
    expand.extend([
        new_function.clone(),
        new_trigger.clone(),
        old_function.clone(),
        old_trigger.clone(),
        create_procedure.clone(),
    ]);
    let mut expand_down = vec![
        lock.clone(),
        format!("DROP TRIGGER {to_old} ON {t}"),
        format!("DROP FUNCTION {to_old}()"),
        format!("DROP TRIGGER {to_new} ON {s}"),
        format!("DROP FUNCTION {to_new}()"),
        format!("{REPLAY_ALLOW}\n{drop_procedure}"),
    ];
    for c in &columns {
        expand_down.push(format!(
            "-- codegen:allow drop-column the backfill copied its values from {s}, which keeps them\n\
             ALTER TABLE {t} DROP COLUMN {c}"
        ));
    }

    let mut contract = vec![
        lock.clone(),
        drop_procedure,
        format!("DROP TRIGGER {to_old} ON {t}"),
        format!("DROP FUNCTION {to_old}()"),
        format!("DROP TRIGGER {to_new} ON {s}"),
        format!("DROP FUNCTION {to_new}()"),
    ];
    let mut contract_down = vec![lock];
    if source_dropped {
        contract.push(format!(
            "-- codegen:allow drop-table its values live on in {t}, kept in step since the expand step\nDROP TABLE {s}"
        ));
        contract_down.push(render_create_table(&mut before, source, &Default::default()));
        contract_down.extend(source.indexes.iter().filter_map(|index| render_index(&mut before, source, index)));
        let pending = if data.every_row { String::new() } else { format!(" WHERE {}", carries.replace("NEW.", "")) };
        contract_down.push(format!(
            "-- codegen:allow unmarked-irreversible-down the dropped table is refilled from {t}, which holds the same values\n\
             INSERT INTO {s} ({sk}, {list}) SELECT {tk}, {list} FROM {t}{pending}"
        ));
    } else {
        let (dropped, restored) = drop_moved_columns(&mut before, source, data, (&s, &t), (&sk, &tk));
        contract.extend(dropped);
        contract_down.extend(restored);
    }
    contract_down.extend([new_function, new_trigger, old_function, old_trigger]);
    contract_down.push(format!("{REPLAY_ALLOW}\n{create_procedure}"));

    let note = format!("{}: {} moves back to {}", source.name, data.columns.join(", "), target.name);
    let gone = if source_dropped { format!("{}", source.name) } else { format!("the old columns of {}", source.name) };
    Staged {
        expand,
        expand_down,
        expand_notes: vec![
            "Step 1 of 4 (expand): the new columns, triggers that keep both places in step, and the copy procedure."
                .to_string(),
            note,
        ],
        procedure,
        rerun: "rows already copied are skipped",
        switch_up: Vec::new(),
        switch_notes: vec![format!(
            "Deploy the application that reads and writes the new columns of {} before the contract step; until \
             then the triggers keep them and {} equal both ways.",
            target.name, source.name
        )],
        contract,
        contract_down,
        contract_note: format!("Step 4 of 4 (contract): drops the triggers, the procedure and {gone}."),
    }
    .steps(batch_size)
}

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

use codegen_core::diff::{Change, MoveData, SchemaDiff};
use codegen_core::model::{Schema, Table};
use codegen_core::{Diagnostics, Dialect};

use super::phased_step::{PROCEDURE_ALLOW, REPLAY_ALLOW, Staged, Step, refuse};
use crate::context::Context;
use crate::quote_ident;
use crate::table::render_create_table;

/// The contract of a staged move that leaves `source` (as it is before, `s` its quoted name) for
/// `t`: the moved columns dropped; and its down: added back (nullable), refilled from `t` over
/// `t.tk = s.sk`, then NOT NULL again where they were.
pub(super) fn drop_moved_columns(
    before: &mut Context,
    source: &Table,
    data: &MoveData,
    (s, t): (&str, &str),
    (sk, tk): (&str, &str),
) -> (Vec<String>, Vec<String>) {
    let q = |name: &str| quote_ident(name, Dialect::Postgres);
    let mut contract = Vec::new();
    let mut down = Vec::new();
    for column in data.columns.iter().filter_map(|c| source.column(c)) {
        contract.push(format!(
            "-- codegen:allow drop-column its values live on in {t}, kept in step since the expand step\n\
             ALTER TABLE {s} DROP COLUMN {}",
            q(&column.name)
        ));
        let mut nullable = column.clone();
        nullable.nullable = true;
        let definition = super::writer::column_sql(before, source, &nullable);
        down.push(format!("ALTER TABLE {s} ADD COLUMN {definition}"));
    }
    let back: Vec<String> = data.columns.iter().map(|c| format!("{c} = {t}.{c}", c = q(c))).collect();
    down.push(format!(
        "-- codegen:allow unmarked-irreversible-down the dropped columns are refilled from {t}, which holds the same values\n\
         UPDATE {s} SET {} FROM {t} WHERE {t}.{tk} = {s}.{sk}",
        back.join(", ")
    ));
    for column in data.columns.iter().filter_map(|c| source.column(c)).filter(|c| !c.nullable) {
        down.push(format!(
            "-- codegen:allow set-not-null the column was NOT NULL before the contract, and every row's value is back\n\
             ALTER TABLE {s} ALTER COLUMN {} SET NOT NULL",
            q(&column.name)
        ));
    }
    (contract, down)
}

/// The four steps of a split move or a fold ([`super::phased_fold`]), or why it cannot be staged.
pub(crate) fn plan(
    from: &Schema,
    to: &Schema,
    diff: &SchemaDiff,
    data: &MoveData,
    prefix: &str,
    batch_size: u32,
) -> Result<Vec<Step>, Diagnostics> {
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

/// A parent table and its one-to-one table, and the columns a move keeps in step between them;
/// names already quoted. Both staged shapes use the same two triggers: the split writes the new
/// one-to-one table from the parent's old columns, the fold the parent's new columns from it.
pub(super) struct OneToOne<'a> {
    pub parent: &'a str,
    pub parent_key: &'a str,
    pub child: &'a str,
    pub child_key: &'a str,
    pub columns: &'a [String],
}

impl OneToOne<'_> {
    fn each(&self, f: impl Fn(&String) -> String) -> String {
        self.columns.iter().map(f).collect::<Vec<_>>().join(", ")
    }

    /// The function and trigger that upsert a write of the parent's columns into the child (when
    /// `filter` holds or the child has the row already, and only when the values differ).
    pub(super) fn upsert_child(&self, name: &str, filter: &str) -> (String, String) {
        let OneToOne { parent, parent_key, child, child_key, .. } = *self;
        let function = format!(
            "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
             BEGIN\n  \
               -- Keeps {child} in step with the columns of {parent} while both are in use.\n  \
               IF {filter} OR EXISTS (SELECT 1 FROM {child} WHERE {child_key} = NEW.{parent_key}) THEN\n    \
                 INSERT INTO {child} ({child_key}, {list}) VALUES (NEW.{parent_key}, {new})\n    \
                 ON CONFLICT ({child_key}) DO UPDATE SET {excluded}\n    \
                 WHERE ({child_values}) IS DISTINCT FROM ({excluded_values});\n  \
               END IF;\n  \
               RETURN NULL;\n\
             END\n$$",
            list = self.columns.join(", "),
            new = self.each(|c| format!("NEW.{c}")),
            excluded = self.each(|c| format!("{c} = EXCLUDED.{c}")),
            child_values = self.each(|c| format!("{child}.{c}")),
            excluded_values = self.each(|c| format!("EXCLUDED.{c}")),
        );
        let trigger = format!(
            "CREATE TRIGGER {name} AFTER INSERT OR UPDATE OF {} ON {parent} FOR EACH ROW EXECUTE FUNCTION {name}()",
            self.columns.join(", ")
        );
        (function, trigger)
    }

    /// The function and trigger that write a write of the child to the parent's columns (a
    /// delete sets them NULL), only when the values differ.
    pub(super) fn update_parent(&self, name: &str) -> (String, String) {
        let OneToOne { parent, parent_key, child, child_key, .. } = *self;
        let function = format!(
            "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
             BEGIN\n  \
               -- Keeps the columns of {parent} in step with {child} while both are in use.\n  \
               IF TG_OP = 'DELETE' THEN\n    \
                 UPDATE {parent} SET {null} WHERE {parent_key} = OLD.{child_key};\n    \
                 RETURN NULL;\n  \
               END IF;\n  \
               UPDATE {parent} SET {set} WHERE {parent_key} = NEW.{child_key} AND ({parent_values}) IS DISTINCT FROM ({new});\n  \
               RETURN NULL;\n\
             END\n$$",
            null = self.each(|c| format!("{c} = NULL")),
            set = self.each(|c| format!("{c} = NEW.{c}")),
            parent_values = self.each(|c| format!("{parent}.{c}")),
            new = self.each(|c| format!("NEW.{c}")),
        );
        let trigger = format!(
            "CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {child} FOR EACH ROW EXECUTE FUNCTION {name}()"
        );
        (function, trigger)
    }
}

fn steps(to: &Schema, source: &Table, target: &Table, data: &MoveData, prefix: &str, batch_size: u32) -> Vec<Step> {
    let d = Dialect::Postgres;
    let q = |s: &str| quote_ident(s, d);
    let mut cx = Context::new(to, d);
    let (s, t) = (cx.name(&source.name), cx.name(&target.name));
    let (sk, tk) = (q(&data.source_key), q(&data.target_key));
    let columns: Vec<String> = data.columns.iter().map(|c| q(c)).collect();
    let list = columns.join(", ");
    let name = |what: &str| q(&super::phased_step::truncate(&format!("{prefix}_{}_{what}", target.name.name), 63));
    let (to_new, to_old, procedure) = (name("sync_new"), name("sync_old"), name("copy"));
    let lock = super::phased_step::LOCK_TIMEOUT.to_string();
    let carries = columns.iter().map(|c| format!("NEW.{c} IS NOT NULL")).collect::<Vec<_>>().join(" OR ");
    let filter = if data.every_row { "TRUE".to_string() } else { carries.clone() };

    let one_to_one = OneToOne { parent: &s, parent_key: &sk, child: &t, child_key: &tk, columns: &columns };
    // Old code writes the old columns: upsert them into the new table; new code writes the new
    // table: write the values back to the old columns (each when they differ).
    let (new_function, new_trigger) = one_to_one.upsert_child(&to_new, &filter);
    let (old_function, old_trigger) = one_to_one.update_parent(&to_old);
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
    let (dropped, restored) = drop_moved_columns(&mut cx, source, data, (&s, &t), (&sk, &tk));
    contract.extend(dropped);
    let mut contract_down = vec![lock];
    contract_down.extend(restored);
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

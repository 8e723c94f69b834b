//! `--phased` for a lookup extraction (`move products.(category) -> categories by category_id`):
//! the distinct values of a column become rows of a new table and the column a key to them, on
//! PostgreSQL, in the four steps of [`super::phased_moves`]:
//!
//! - **expand**: the lookup table, the key column (nullable) with its foreign key `NOT VALID`
//!   (and a `NOT VALID` check for a key that ends NOT NULL), a `BEFORE` trigger on the source
//!   that keeps the value and the key in step for old and new code (a written value finds or adds
//!   its lookup row and sets the key; a written key sets the value), one on the lookup table that
//!   writes a changed value to the rows that use it, and the backfill procedure;
//! - **backfill**: `CALL` it: per primary-key batch, the batch's values added to the lookup table
//!   (`ON CONFLICT DO NOTHING`) and its keys set, `COMMIT` after each; a rerun skips what is done;
//! - **switch**: the foreign key (and check) validated, without blocking writes; deploy the code
//!   that reads and writes the key;
//! - **contract**: the triggers and the procedure dropped, the key made NOT NULL (the validated
//!   check spares the scan), the old column dropped. Its down adds the column back and fills it
//!   from the lookup table.

use std::collections::BTreeSet;

use codegen_core::diff::{Change, MoveData, SchemaDiff};
use codegen_core::model::{Schema, Table};
use codegen_core::{Diagnostics, Dialect};

use super::phased_moves::drop_moved_columns;
use super::phased_step::{PROCEDURE_ALLOW, REPLAY_ALLOW, Staged, Step, refuse};
use crate::context::Context;
use crate::quote_ident;
use crate::table::{render_add_foreign_key, render_create_table};

/// The four steps of a lookup extraction, or why it cannot be staged.
pub(crate) fn plan(
    from: &Schema,
    to: &Schema,
    diff: &SchemaDiff,
    data: &MoveData,
    prefix: &str,
    batch_size: u32,
) -> Result<Vec<Step>, Diagnostics> {
    let (Some(source), Some(source_after), Some(target)) =
        (from.table(&data.source), to.table(&data.source), to.table(&data.target))
    else {
        return Err(refuse(format!("--phased: `{}` names tables the schemas lack", data.hint), ""));
    };
    if source.primary_key.as_ref().is_none_or(|k| k.columns.len() != 1) {
        return Err(refuse(
            format!("--phased: `{}` needs a one-column primary key to batch the copy", source.name),
            "migrate without --phased",
        ));
    }
    let unique_values = target.uniques.iter().any(|u| u.columns == data.columns)
        || target
            .indexes
            .iter()
            .any(|i| i.unique && i.predicate.is_none() && i.column_names().is_some_and(|c| c == data.columns));
    if !unique_values {
        return Err(refuse(
            format!(
                "--phased: `{}.({})` must be unique for the triggers to find or add a lookup row",
                target.name,
                data.columns.join(", ")
            ),
            "add the unique constraint to the lookup table, or migrate without --phased",
        ));
    }
    for change in &diff.changes {
        let own = match change {
            Change::CreateTable(t) => t.name == data.target,
            // The key, added nullable and made NOT NULL once the copy filled it.
            Change::AddColumn { table, column, .. } | Change::AlterColumn { table, to: column, .. } => {
                *table == data.source && column.name == data.source_key
            }
            Change::MoveData(m) => m == data,
            Change::DropColumn { table, column } => *table == data.source && data.columns.contains(&column.name),
            Change::AddForeignKey { table, key } => *table == data.source && key.columns == [data.source_key.clone()],
            _ => false,
        };
        if !own {
            return Err(refuse(
                format!("--phased cannot stage `{}` beside the move", change.describe()),
                "write the other changes in their own migration first (codegen diff without --phased)",
            ));
        }
    }
    Ok(steps(from, to, source, source_after, target, data, prefix, batch_size))
}

#[allow(clippy::too_many_arguments)] // the two schemas, the three tables and the plan's settings
fn steps(
    from: &Schema,
    to: &Schema,
    source: &Table,
    source_after: &Table,
    target: &Table,
    data: &MoveData,
    prefix: &str,
    batch_size: u32,
) -> Vec<Step> {
    let d = Dialect::Postgres;
    let q = |s: &str| quote_ident(s, d);
    let mut cx = Context::new(to, d);
    let mut before = Context::new(from, d);
    let (s, t) = (cx.name(&source.name), cx.name(&target.name));
    let (sk, tk) = (q(&data.source_key), q(&data.target_key));
    let pk = q(&source.primary_key.as_ref().map(|k| k.columns[0].clone()).unwrap_or_default());
    let columns: Vec<String> = data.columns.iter().map(|c| q(c)).collect();
    let list = columns.join(", ");
    let each = |f: &dyn Fn(&String) -> String, sep: &str| columns.iter().map(f).collect::<Vec<_>>().join(sep);
    let name = |what: &str| q(&super::phased_step::truncate(&format!("{prefix}_{}_{what}", target.name.name), 63));
    let (sync, back, procedure) = (name("sync"), name("sync_back"), name("copy"));
    let check = q(&super::phased_step::truncate(&format!("{}_{}_not_null", source.name.name, data.source_key), 63));
    let lock = super::phased_step::LOCK_TIMEOUT.to_string();
    // Rows whose value is all NULL get no lookup row (unless the hint copies every row).
    let carries = |row: &str| {
        if data.every_row { "TRUE".to_string() } else { each(&|c| format!("{row}.{c} IS NOT NULL"), " OR ") }
    };
    let same = |a: &str, b: &str| each(&|c| format!("{a}.{c} IS NOT DISTINCT FROM {b}.{c}"), " AND ");
    let key_not_null = source_after.column(&data.source_key).is_some_and(|c| !c.nullable);
    let fk = source_after.foreign_keys.iter().find(|fk| fk.columns == [data.source_key.clone()]);

    // Old code writes the value: find or add its lookup row and set the key. New code writes the
    // key: set the value from the lookup row. BEFORE, so the row is written once, whole.
    let sync_function = format!(
        "CREATE FUNCTION {sync}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
         BEGIN\n  \
           -- Keeps {s}.{sk} and the old columns ({list}) in step while old and new application code run.\n  \
           IF TG_OP = 'INSERT' AND NEW.{sk} IS NOT NULL AND NOT ({carries_new}) THEN\n    \
             SELECT {picked} INTO {into} FROM {t} WHERE {tk} = NEW.{sk};\n  \
           ELSIF TG_OP = 'INSERT' OR ({new_values}) IS DISTINCT FROM ({old_values}) THEN\n    \
             IF {carries_new} THEN\n      \
               INSERT INTO {t} ({list}) VALUES ({new_values}) ON CONFLICT ({list}) DO NOTHING;\n      \
               SELECT {tk} INTO NEW.{sk} FROM {t} WHERE {same_new};\n    \
             ELSE\n      \
               NEW.{sk} := NULL;\n    \
             END IF;\n  \
           ELSIF NEW.{sk} IS DISTINCT FROM OLD.{sk} THEN\n    \
             SELECT {picked} INTO {into} FROM {t} WHERE {tk} = NEW.{sk};\n  \
           END IF;\n  \
           RETURN NEW;\n\
         END\n$$",
        carries_new = carries("NEW"),
        picked = each(&|c| format!("{t}.{c}"), ", "),
        into = each(&|c| format!("NEW.{c}"), ", "),
        new_values = each(&|c| format!("NEW.{c}"), ", "),
        old_values = each(&|c| format!("OLD.{c}"), ", "),
        same_new = each(&|c| format!("{t}.{c} = NEW.{c}"), " AND "),
    );
    let sync_trigger = format!(
        "CREATE TRIGGER {sync} BEFORE INSERT OR UPDATE OF {list}, {sk} ON {s} FOR EACH ROW EXECUTE FUNCTION {sync}()"
    );
    // New code renames a lookup value: the old columns of the rows that use it follow.
    let back_function = format!(
        "CREATE FUNCTION {back}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
         BEGIN\n  \
           -- Keeps the old columns of {s} in step with a changed row of {t}.\n  \
           UPDATE {s} SET {set} WHERE {sk} = NEW.{tk} AND NOT ({same});\n  \
           RETURN NULL;\n\
         END\n$$",
        set = each(&|c| format!("{c} = NEW.{c}"), ", "),
        same = same(&s, "NEW"),
    );
    let back_trigger =
        format!("CREATE TRIGGER {back} AFTER UPDATE OF {list} ON {t} FOR EACH ROW EXECUTE FUNCTION {back}()");
    let create_procedure = format!(
        "-- codegen:allow syntax-error the SQL reader does not read procedure bodies; PostgreSQL 11+ runs it\n\
         CREATE PROCEDURE {procedure}(batch_size integer) LANGUAGE plpgsql AS $$\n\
         DECLARE\n  last_key {s}.{pk}%TYPE;\n  batch_end {s}.{pk}%TYPE;\n\
         BEGIN\n  \
           LOOP\n    \
             SELECT max({pk}) INTO batch_end FROM (SELECT {pk} FROM {s} WHERE last_key IS NULL OR {pk} > last_key ORDER BY {pk} LIMIT batch_size) AS batch;\n    \
             EXIT WHEN batch_end IS NULL;\n    \
             INSERT INTO {t} ({list}) SELECT DISTINCT {list} FROM {s} WHERE (last_key IS NULL OR {pk} > last_key) AND {pk} <= batch_end AND ({carries_s})\n    \
             ON CONFLICT ({list}) DO NOTHING;\n    \
             UPDATE {s} SET {sk} = {t}.{tk} FROM {t}\n    \
             WHERE (last_key IS NULL OR {s}.{pk} > last_key) AND {s}.{pk} <= batch_end AND {same_s} AND {s}.{sk} IS DISTINCT FROM {t}.{tk};\n    \
             last_key := batch_end;\n    \
             COMMIT;\n  \
           END LOOP;\n\
         END\n$$",
        carries_s = carries(&s),
        same_s = each(&|c| format!("{t}.{c} = {s}.{c}"), " AND "),
    );
    let drop_procedure = format!("{PROCEDURE_ALLOW}\nDROP PROCEDURE {procedure}(integer)");

    // Expand: the lookup table, the key (nullable, its foreign key and NOT NULL check NOT VALID).
    let mut expand = vec![lock.clone(), render_create_table(&mut cx, target, &BTreeSet::new())];
    let key_column = source_after.column(&data.source_key).cloned().map(|mut c| {
        c.nullable = true;
        c
    });
    if let Some(column) = &key_column {
        let definition = super::writer::column_sql(&mut cx, source_after, column);
        expand.push(format!("ALTER TABLE {s} ADD COLUMN {definition}"));
    }
    let mut validate = Vec::new();
    if let Some(fk) = fk {
        let add = render_add_foreign_key(&mut cx, source_after, fk);
        let add = add.trim_end_matches(';').to_string();
        expand.push(format!(
            "-- codegen:allow add-foreign-key NOT VALID: existing rows are checked by the switch step, after the backfill\n\
             {add} NOT VALID"
        ));
        if let Some(name) = &fk.name {
            validate.push(format!("ALTER TABLE {s} VALIDATE CONSTRAINT {}", q(name)));
        }
    }
    if key_not_null {
        expand.push(format!(
            "-- codegen:allow add-check NOT VALID: existing rows are checked by the switch step, after the backfill\n\
             ALTER TABLE {s} ADD CONSTRAINT {check} CHECK ({sk} IS NOT NULL) NOT VALID"
        ));
        validate.push(format!("ALTER TABLE {s} VALIDATE CONSTRAINT {check}"));
    }
    expand.extend([
        sync_function.clone(),
        sync_trigger.clone(),
        back_function.clone(),
        back_trigger.clone(),
        create_procedure.clone(),
    ]);
    let expand_down = vec![
        lock.clone(),
        format!("DROP TRIGGER {back} ON {t}"),
        format!("DROP FUNCTION {back}()"),
        format!("DROP TRIGGER {sync} ON {s}"),
        format!("DROP FUNCTION {sync}()"),
        format!("{REPLAY_ALLOW}\n{drop_procedure}"),
        format!(
            "-- codegen:allow drop-column the key is derived from the old columns, which {s} keeps\n\
             ALTER TABLE {s} DROP COLUMN {sk}"
        ),
        format!("-- codegen:allow drop-table its rows are the distinct values {s} keeps\nDROP TABLE {t}"),
    ];

    let mut switch_up = Vec::new();
    if !validate.is_empty() {
        switch_up.push(lock.clone());
        switch_up.extend(validate.into_iter().map(|v| {
            format!("-- codegen:allow replay-error VALIDATE CONSTRAINT changes no schema; it takes a SHARE UPDATE EXCLUSIVE lock that does not block writes\n{v}")
        }));
    }

    let mut contract = vec![
        lock.clone(),
        drop_procedure,
        format!("DROP TRIGGER {back} ON {t}"),
        format!("DROP FUNCTION {back}()"),
        format!("DROP TRIGGER {sync} ON {s}"),
        format!("DROP FUNCTION {sync}()"),
    ];
    if key_not_null {
        contract.push(format!(
            "-- codegen:allow set-not-null the validated check {check} proves it, so PostgreSQL does not scan the table\n\
             ALTER TABLE {s} ALTER COLUMN {sk} SET NOT NULL"
        ));
        contract.push(format!("ALTER TABLE {s} DROP CONSTRAINT {check}"));
    }
    let (dropped, restored) = drop_moved_columns(&mut before, source, data, (&s, &t), (&sk, &tk));
    contract.extend(dropped);
    let mut contract_down = vec![lock];
    contract_down.extend(restored);
    if key_not_null {
        contract_down.push(format!("ALTER TABLE {s} ADD CONSTRAINT {check} CHECK ({sk} IS NOT NULL) NOT VALID"));
        contract_down.push(format!("ALTER TABLE {s} ALTER COLUMN {sk} DROP NOT NULL"));
    }
    contract_down.extend([sync_function, sync_trigger, back_function, back_trigger]);
    contract_down.push(format!("{REPLAY_ALLOW}\n{create_procedure}"));

    let mut switch_notes = vec![format!(
        "Deploy the application that reads and writes {}.{} and {} before the contract step; until then the \
         triggers keep the key and the old columns equal both ways.",
        source.name, data.source_key, target.name
    )];
    if !switch_up.is_empty() {
        switch_notes
            .push("It validates the foreign key and the NOT NULL check: a scan that does not block writes.".into());
    }
    Staged {
        expand,
        expand_down,
        expand_notes: vec![
            "Step 1 of 4 (expand): the lookup table, the key, triggers that keep both in step, and the copy procedure."
                .to_string(),
            format!("{}: {} moves to {} by {}", source.name, data.columns.join(", "), target.name, data.source_key),
        ],
        procedure,
        rerun: "values already looked up are skipped",
        switch_up,
        switch_notes,
        contract,
        contract_down,
        contract_note: "Step 4 of 4 (contract): drops the triggers, the procedure and the old columns.".to_string(),
    }
    .steps(batch_size)
}

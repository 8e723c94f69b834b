//! `codegen backfill`'s migration: a checked [`BackfillPlan`] written as batched, restartable
//! SQL for one dialect.
//!
//! - PostgreSQL: one `DO` block that walks the primary key in ranges of `batch_size` rows and
//!   COMMITs after each (PostgreSQL 11+, outside a transaction), so no transaction holds more
//!   than one batch of row locks.
//! - MySQL/MariaDB: a procedure with the same loop (`UPDATE ... WHERE id BETWEEN`, COMMIT),
//!   called, then dropped.
//! - SQLite: one UPDATE. SQLite locks the whole database for any write and has no loop
//!   outside triggers, so batches in one script would hold the same lock just as long.
//!
//! Every UPDATE carries the unfinished condition (`col IS DISTINCT FROM value`): stopped and
//! rerun, it touches only the rows not yet done. Before writing, the up checks that no row in
//! scope holds a different value already, so the down (back to NULL) restores what was there.

use codegen_core::Dialect;
use codegen_core::backfill::{BackfillPlan, Restore};
use codegen_core::model::QualifiedName;

use crate::migration::Reversibility;
use crate::{quote_ident, render_type};

/// How the backfill is written.
#[derive(Debug, Clone)]
pub struct BackfillOptions {
    pub dialect: Dialect,
    /// Rows per batch.
    pub batch_size: u32,
    /// The migration runs outside a transaction, so each batch can COMMIT (PostgreSQL).
    pub commit_per_batch: bool,
    /// The migration's name: the MySQL procedure is named after it.
    pub name: String,
}

/// The backfill as up and down statements, with the down's grade and the header's notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackfillScript {
    pub up: Vec<String>,
    pub down: Vec<String>,
    pub grade: Reversibility,
    pub notes: Vec<String>,
}

/// The backfill's batches when `--batch-size` is not given.
pub const DEFAULT_BATCH_SIZE: u32 = 1_000;

/// One batched UPDATE: rows of `scope` whose column is not yet `value` get `value`.
struct Pass<'a> {
    value: &'a str,
    scope: Option<&'a str>,
}

/// Write `plan` as a migration.
pub fn render_backfill(plan: &BackfillPlan, options: &BackfillOptions) -> BackfillScript {
    let d = options.dialect;
    let value = plan.value();
    let scope = plan.scope();
    let up_pass = Pass { value: &value, scope: scope.as_deref() };
    // Only a down that restores NULL needs to know the column held nothing else.
    let guard = matches!(plan.restore, Restore::ToNull);
    let down_scope = scope.clone();
    let down_pass = Pass { value: "NULL", scope: down_scope.as_deref() };
    let (up, down) = match d {
        Dialect::Postgres => {
            (vec![postgres(plan, &up_pass, guard, options)], vec![postgres(plan, &down_pass, false, options)])
        }
        Dialect::Mysql => (mysql(plan, &up_pass, guard, options, ""), mysql(plan, &down_pass, false, options, "_down")),
        Dialect::Sqlite => (sqlite(plan, &up_pass, guard), sqlite(plan, &down_pass, false)),
    };
    let mut notes = notes(plan, options);
    let (down, grade) = match &plan.restore {
        Restore::ToNull => {
            notes.push(format!(
                "The down sets {} back to NULL on the rows the up wrote, batched the same way: the up checked before \
                 writing that each of them held NULL (or already the backfilled value, which the down clears too).",
                plan.column.name
            ));
            (down, Reversibility::Lossless)
        }
        Restore::Unknown(reason) => {
            notes.push(format!("The down cannot restore the previous values: {reason}."));
            (Vec::new(), Reversibility::Irreversible)
        }
    };
    BackfillScript { up, down, grade, notes }
}

fn notes(plan: &BackfillPlan, options: &BackfillOptions) -> Vec<String> {
    let target = format!("{}.{}", plan.table.name, plan.column.name);
    let mut what = format!("Backfill {target} = {}", plan.expression);
    if let Some(condition) = &plan.condition {
        what.push_str(&format!(" where {condition}"));
        if plan.else_null {
            what.push_str(" (NULL elsewhere)");
        }
    }
    let batches = match options.dialect {
        Dialect::Sqlite => "in one UPDATE: SQLite locks the whole database for any write, so batches would not let \
                            other writers in sooner"
            .to_string(),
        // MySQL's CREATE PROCEDURE commits any open transaction, and the procedure COMMITs itself.
        _ if options.commit_per_batch || options.dialect == Dialect::Mysql => format!(
            "in batches of {} rows along the primary key, committing after each, so no write waits longer than one \
             batch; it runs outside a transaction",
            options.batch_size
        ),
        _ => format!(
            "in batches of {} rows along the primary key; this framework runs it inside one transaction, so the \
             row locks of every batch are held until it ends (use --format sql and psql for a large table)",
            options.batch_size
        ),
    };
    vec![
        format!("{what}, {batches}."),
        "It can be stopped and rerun: each UPDATE skips the rows that already hold their value.".to_string(),
        format!(
            "Rows the application writes meanwhile: deploy code that writes {} before running it, or rerun it after.",
            plan.column.name
        ),
    ]
}

fn table_sql(name: &QualifiedName, d: Dialect) -> String {
    match &name.schema {
        Some(schema) if d == Dialect::Postgres => format!("{}.{}", quote_ident(schema, d), quote_ident(&name.name, d)),
        _ => quote_ident(&name.name, d),
    }
}

/// `column` differs from `value`, NULLs compared as values.
fn differs(column: &str, value: &str, d: Dialect) -> String {
    if value == "NULL" {
        return format!("{column} IS NOT NULL");
    }
    d.null_safe_differs(column, value)
}

/// The rows of a pass still to do: in scope and not yet holding the value.
fn pending(plan: &BackfillPlan, pass: &Pass, d: Dialect) -> String {
    let column = quote_ident(&plan.column.name, d);
    let unfinished = differs(&column, pass.value, d);
    match pass.scope {
        Some(scope) => format!("{scope} AND {unfinished}"),
        None => unfinished,
    }
}

/// Rows the up would overwrite that hold a value already: the down could not restore them.
fn guard_sql(plan: &BackfillPlan, pass: &Pass, d: Dialect) -> String {
    let column = quote_ident(&plan.column.name, d);
    format!(
        "SELECT 1 FROM {} WHERE {column} IS NOT NULL AND {}",
        table_sql(&plan.table.name, d),
        pending(plan, pass, d)
    )
}

fn guard_message(plan: &BackfillPlan) -> String {
    format!(
        "codegen backfill: {}.{} holds values the down could not restore (see the notes; --overwrite)",
        plan.table.name.name, plan.column.name
    )
}

fn postgres(plan: &BackfillPlan, pass: &Pass, guard: bool, options: &BackfillOptions) -> String {
    let d = Dialect::Postgres;
    let t = table_sql(&plan.table.name, d);
    let c = quote_ident(&plan.column.name, d);
    let key = plan.key.as_ref().expect("PostgreSQL backfills need a key: the plan checks it");
    let k = quote_ident(&key.name, d);
    let mut body = String::new();
    if guard {
        body.push_str(&format!(
            "  IF EXISTS ({}) THEN\n    RAISE EXCEPTION '{}';\n  END IF;\n",
            guard_sql(plan, pass, d),
            guard_message(plan).replace('\'', "''")
        ));
    }
    let commit = if options.commit_per_batch { "    COMMIT;\n" } else { "" };
    body.push_str(&format!(
        "  SELECT min({k}) INTO codegen_first FROM {t};\n  \
         WHILE codegen_first IS NOT NULL LOOP\n    \
           SELECT max({k}) INTO codegen_last FROM (SELECT {k} FROM {t} WHERE {k} >= codegen_first ORDER BY {k} LIMIT {batch}) AS codegen_batch;\n    \
           UPDATE {t} SET {c} = {value} WHERE {k} BETWEEN codegen_first AND codegen_last AND {pending};\n    \
           GET DIAGNOSTICS codegen_changed = ROW_COUNT;\n    \
           codegen_rows := codegen_rows + codegen_changed;\n    \
           codegen_batches := codegen_batches + 1;\n\
         {commit}    \
           IF codegen_batches % 100 = 0 THEN\n      \
             RAISE NOTICE 'codegen backfill of {target}: % batches, % rows written, up to key %', codegen_batches, codegen_rows, codegen_last;\n    \
           END IF;\n    \
           SELECT min({k}) INTO codegen_first FROM {t} WHERE {k} > codegen_last;\n  \
         END LOOP;\n  \
         RAISE NOTICE 'codegen backfill of {target}: done, % rows written in % batches', codegen_rows, codegen_batches;\n",
        target = format!("{}.{}", plan.table.name, plan.column.name).replace('\'', "''"),
        batch = options.batch_size,
        value = pass.value,
        pending = pending(plan, pass, d),
    ));
    format!(
        "DO $codegen$\nDECLARE\n  codegen_first {t}.{k}%TYPE;\n  codegen_last {t}.{k}%TYPE;\n  \
         codegen_changed bigint;\n  codegen_rows bigint := 0;\n  codegen_batches bigint := 0;\nBEGIN\n{body}END\n$codegen$"
    )
}

/// `suffix` tells the down's procedure from the up's.
fn mysql(plan: &BackfillPlan, pass: &Pass, guard: bool, options: &BackfillOptions, suffix: &str) -> Vec<String> {
    let d = Dialect::Mysql;
    let t = table_sql(&plan.table.name, d);
    let c = quote_ident(&plan.column.name, d);
    let key = plan.key.as_ref().expect("MySQL backfills need a key: the plan checks it");
    let k = quote_ident(&key.name, d);
    let key_type = render_type(&key.ty, d, &[]).sql;
    let procedure = quote_ident(&format!("codegen_{}{suffix}", options.name).chars().take(64).collect::<String>(), d);
    let mut body = String::new();
    if guard {
        body.push_str(&format!(
            // Read into a variable: InnoDB reads a subquery of an IF with shared locks, held to
            // the first COMMIT, which writers then deadlock on; SELECT ... INTO reads without.
            "  SELECT EXISTS ({}) INTO codegen_overwrites;\n  IF codegen_overwrites THEN\n    \
             SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{}';\n  END IF;\n",
            guard_sql(plan, pass, d),
            guard_message(plan).chars().take(128).collect::<String>().replace('\'', "''")
        ));
    }
    body.push_str(&format!(
        "  SELECT MIN({k}) INTO codegen_first FROM {t};\n  \
         WHILE codegen_first IS NOT NULL DO\n    \
           SELECT MAX({k}) INTO codegen_last FROM (SELECT {k} FROM {t} WHERE {k} >= codegen_first ORDER BY {k} LIMIT {batch}) AS codegen_batch;\n    \
           UPDATE {t} SET {c} = {value} WHERE {k} BETWEEN codegen_first AND codegen_last AND {pending};\n    \
           COMMIT;\n    \
           SELECT MIN({k}) INTO codegen_first FROM {t} WHERE {k} > codegen_last;\n  \
         END WHILE;\n",
        batch = options.batch_size,
        value = pass.value,
        pending = pending(plan, pass, d),
    ));
    vec![
        // A run stopped halfway leaves the procedure behind: the rerun replaces it.
        format!("DROP PROCEDURE IF EXISTS {procedure}"),
        format!(
            "CREATE PROCEDURE {procedure}()\nBEGIN\n  DECLARE codegen_first {key_type};\n  DECLARE codegen_last {key_type};\n  \
             DECLARE codegen_overwrites BOOLEAN;\n{body}END"
        ),
        format!("CALL {procedure}()"),
        format!("DROP PROCEDURE {procedure}"),
    ]
}

fn sqlite(plan: &BackfillPlan, pass: &Pass, guard: bool) -> Vec<String> {
    let d = Dialect::Sqlite;
    let t = table_sql(&plan.table.name, d);
    let c = quote_ident(&plan.column.name, d);
    let mut out = Vec::new();
    if guard {
        // SQLite raises only in triggers: a CHECK on a scratch table stops the script instead,
        // its message the constraint's name.
        let name = quote_ident(&guard_message(plan), d);
        out.push("DROP TABLE IF EXISTS codegen_backfill_guard".to_string());
        out.push(format!(
            "CREATE TEMP TABLE codegen_backfill_guard (overwritten INTEGER CONSTRAINT {name} CHECK (overwritten = 0))"
        ));
        out.push(format!(
            "INSERT INTO codegen_backfill_guard SELECT count(*) FROM ({}) AS codegen_overwritten",
            guard_sql(plan, pass, d)
        ));
        out.push("DROP TABLE IF EXISTS codegen_backfill_guard".to_string());
    }
    out.push(format!("UPDATE {t} SET {c} = {} WHERE {}", pass.value, pending(plan, pass, d)));
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use codegen_core::backfill::{BackfillRequest, plan_backfill};
    use codegen_core::read::sql::read_sql_str;

    use super::*;

    const TABLE: &str = "CREATE TABLE experiments (id bigint PRIMARY KEY, status text NOT NULL,
        created_at timestamp NOT NULL, completed_at timestamp, seconds bigint, title text NOT NULL);";

    fn script(dialect: Dialect, set: &str, overwrite: bool, commit_per_batch: bool) -> BackfillScript {
        let schema = read_sql_str(TABLE, Path::new("t.sql"), dialect).unwrap().schema;
        let request = BackfillRequest {
            table: "experiments".into(),
            set: set.into(),
            condition: Some("status = 'completed'".into()),
            else_null: false,
            overwrite,
        };
        let plan = plan_backfill(&schema, &request, dialect).unwrap();
        let options = BackfillOptions { dialect, batch_size: 250, commit_per_batch, name: "fill".into() };
        render_backfill(&plan, &options)
    }

    #[test]
    fn postgres_is_one_do_block_committing_per_batch_only_outside_a_transaction() {
        let s = script(Dialect::Postgres, "seconds = 1", false, true);
        assert_eq!(s.up.len(), 1, "COMMIT in a DO block needs it to be the only statement of its query");
        assert!(s.up[0].starts_with("DO $codegen$") && s.up[0].contains("LIMIT 250") && s.up[0].contains("COMMIT;"));
        assert!(s.up[0].contains("WHERE id BETWEEN codegen_first AND codegen_last AND (status = 'completed') AND seconds IS DISTINCT FROM (1)"));
        assert!(s.up[0].contains("RAISE EXCEPTION"), "the guard of a NULL-restoring down");
        assert!(s.down[0].contains("SET seconds = NULL") && s.down[0].contains("AND seconds IS NOT NULL"));
        assert!(!s.down[0].contains("RAISE EXCEPTION"));
        assert!(
            s.up[0].contains("RAISE NOTICE 'codegen backfill of experiments.seconds: done"),
            "progress is reported"
        );
        assert_eq!(s.grade, Reversibility::Lossless);
        let in_transaction = script(Dialect::Postgres, "seconds = 1", false, false);
        assert!(!in_transaction.up[0].contains("COMMIT"));
    }

    #[test]
    fn mysql_calls_a_procedure_it_replaces_and_drops() {
        let s = script(Dialect::Mysql, "seconds = TIMESTAMPDIFF(SECOND, created_at, completed_at)", false, true);
        assert_eq!(s.up[0], "DROP PROCEDURE IF EXISTS codegen_fill");
        assert!(
            s.up[1].starts_with("CREATE PROCEDURE codegen_fill()") && s.up[1].contains("DECLARE codegen_first BIGINT;")
        );
        assert!(s.up[1].contains("NOT (seconds <=> (TIMESTAMPDIFF(SECOND, created_at, completed_at)))"));
        assert!(s.up[1].contains("SIGNAL SQLSTATE '45000'"));
        assert_eq!(&s.up[2..], ["CALL codegen_fill()", "DROP PROCEDURE codegen_fill"]);
        assert_eq!(s.down[2], "CALL codegen_fill_down()");
    }

    #[test]
    fn sqlite_is_one_restartable_update_behind_a_guard() {
        let s = script(Dialect::Sqlite, "seconds = 1", false, true);
        assert_eq!(
            s.up.last().unwrap(),
            "UPDATE experiments SET seconds = (1) WHERE (status = 'completed') AND seconds IS NOT (1)"
        );
        assert!(s.up.iter().any(|u| u.contains("CHECK (overwritten = 0)")));
    }

    #[test]
    fn an_unknown_previous_value_makes_the_down_irreversible_and_drops_the_guard() {
        let s = script(Dialect::Postgres, "title = upper(title)", false, true);
        assert_eq!(s.grade, Reversibility::Irreversible);
        assert!(s.down.is_empty());
        assert!(!s.up[0].contains("RAISE EXCEPTION"));
        assert!(s.notes.iter().any(|n| n.contains("NOT NULL")), "{:?}", s.notes);
        let s = script(Dialect::Postgres, "seconds = 1", true, true);
        assert_eq!(s.grade, Reversibility::Irreversible);
    }
}

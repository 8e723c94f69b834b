//! The data of a move (`codegen_core::diff::moves`) copied in each dialect: `INSERT ... SELECT`
//! into a new table; into an existing one, `UPDATE ... FROM` on PostgreSQL and a multi-table
//! `UPDATE` on MySQL. On SQLite the updates are the fills the diff gave the added columns (a
//! correlated subquery each), run by `ADD COLUMN` or the table's rebuild, so only the inserts are
//! written here.

use codegen_core::Dialect;
use codegen_core::diff::{Change, MoveData, MoveKind};

use super::writer::Writer;

/// The moved columns are not all NULL (the rows that carry a value).
fn carries_value(w: &Writer, data: &MoveData) -> String {
    let tests: Vec<String> = data.columns.iter().map(|c| format!("{} IS NOT NULL", w.ident(c))).collect();
    tests.join(" OR ")
}

/// `a = b`, or NULL-safe equality when NULLs are copied too (not a hash or merge join on
/// PostgreSQL, so only then).
fn equal(a: &str, b: &str, null_safe: bool, dialect: Dialect) -> String {
    if null_safe { dialect.null_safe_equal(a, b) } else { format!("{a} = {b}") }
}

pub(crate) fn render(w: &mut Writer, data: &MoveData) {
    let dialect = w.dialect();
    let (source, target) = (w.name(&data.source), w.name(&data.target));
    let (sk, tk) = (w.ident(&data.source_key), w.ident(&data.target_key));
    let columns: Vec<String> = data.columns.iter().map(|c| w.ident(c)).collect();
    let filter = if data.every_row { String::new() } else { format!(" WHERE {}", carries_value(w, data)) };
    match data.kind {
        MoveKind::Split => {
            let s = format!(
                "INSERT INTO {target} ({tk}, {list}) SELECT {sk}, {list} FROM {source}{filter}",
                list = columns.join(", ")
            );
            w.push(s);
        }
        MoveKind::Inline => {
            let on = format!("{source}.{sk} = {target}.{tk}");
            let s = match dialect {
                Dialect::Postgres => {
                    let set: Vec<String> = columns.iter().map(|c| format!("{c} = {source}.{c}")).collect();
                    format!("UPDATE {target} SET {} FROM {source} WHERE {on}", set.join(", "))
                }
                Dialect::Mysql => {
                    let set: Vec<String> = columns.iter().map(|c| format!("{target}.{c} = {source}.{c}")).collect();
                    format!("UPDATE {target} JOIN {source} ON {on} SET {}", set.join(", "))
                }
                Dialect::Sqlite => return,
            };
            w.push(s);
        }
        MoveKind::Lookup => {
            let list = columns.join(", ");
            let s = format!("INSERT INTO {target} ({list}) SELECT DISTINCT {list} FROM {source}{filter}");
            w.push(s);
            let on: Vec<String> = columns
                .iter()
                .map(|c| equal(&format!("{target}.{c}"), &format!("{source}.{c}"), data.every_row, dialect))
                .collect();
            let on = on.join(" AND ");
            let s = match dialect {
                Dialect::Postgres => format!("UPDATE {source} SET {sk} = {target}.{tk} FROM {target} WHERE {on}"),
                Dialect::Mysql => format!("UPDATE {source} JOIN {target} ON {on} SET {source}.{sk} = {target}.{tk}"),
                Dialect::Sqlite => return,
            };
            w.push(s);
        }
    }
}

/// PostgreSQL: a migration that moves data takes `ACCESS EXCLUSIVE` locks on tables with rows
/// (the new key, the dropped columns) after a copy that may take a while; `lock_timeout` makes a
/// statement that would queue behind a long transaction (and block every query behind it) fail
/// and roll back instead, to be run again.
pub(crate) fn lock_timeout(w: &mut Writer, changes: &[Change]) {
    if w.dialect() == Dialect::Postgres && changes.iter().any(|c| matches!(c, Change::MoveData(_))) {
        w.statements.insert(0, super::phased_step::LOCK_TIMEOUT.to_string());
    }
}

/// The drops of a move's old places carry a `codegen:allow` comment: the linter still sees
/// running code that reads them break (its error), but the values were copied just before, so
/// the generated migration is clean once the application reads the new place.
pub(crate) fn allow_moved_drops(w: &mut Writer, changes: &[Change]) {
    let mut allowed: Vec<(String, String)> = Vec::new();
    for change in changes {
        let Change::MoveData(data) = change else { continue };
        let reason = format!("the values were copied to {} above (move hint)", data.target);
        let dropped_table = changes.iter().any(|c| matches!(c, Change::DropTable(t) if t.name == data.source));
        if dropped_table {
            let statement = format!("DROP TABLE {}", w.name(&data.source));
            allowed.push((statement, format!("drop-table {reason}")));
            continue;
        }
        let dropped: Vec<&String> = changes
            .iter()
            .filter_map(|c| match c {
                Change::DropColumn { table, column } if *table == data.source => Some(&column.name),
                _ => None,
            })
            .collect();
        for column in dropped.iter().filter(|c| data.columns.contains(c)) {
            let statement = format!("ALTER TABLE {} DROP COLUMN {}", w.name(&data.source), w.ident(column));
            allowed.push((statement, format!("drop-column {reason}")));
        }
        // SQLite drops columns by rebuilding the table: allowed when it drops only moved ones.
        if w.dialect() == Dialect::Sqlite && !dropped.is_empty() && dropped.iter().all(|c| data.columns.contains(c)) {
            let statement = format!("DROP TABLE {}", w.name(&data.source));
            allowed.push((statement, format!("drop-column {reason}")));
        }
    }
    for statement in &mut w.statements {
        if let Some((_, allow)) = allowed.iter().find(|(s, _)| s == statement) {
            *statement = format!("-- codegen:allow {allow}\n{statement}");
        }
    }
}

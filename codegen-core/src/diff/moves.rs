//! Moves: columns whose data goes to another table over a foreign key. A [`MoveHint`] is checked
//! against the two schemas and becomes a [`MoveData`] change, which copies the rows between the
//! changes that add the new places and those that drop the old ones. Without a hint, a probable
//! move is reported with the hint that would confirm it (as probable renames are).
//!
//! Three shapes, told apart by where the key is and whether the target table is new:
//! - **split**: the key is on a new target table and points at the source (`users` ->
//!   `user_preferences.user_id`): the target's rows are inserted from the source's;
//! - **inline**: the target table exists and the key joins it with the source either way (a
//!   one-to-one table folded back into its parent, a lookup value written back): the target's
//!   rows are updated from the source's;
//! - **lookup**: the key is a new column of the source pointing at a new target table
//!   (`products.category_id` -> `categories`): the distinct values become the target's rows and
//!   the key is set to them.
//!
//! SQLite rebuilds tables to add NOT NULL columns and keys, so there the updates are fills (a
//! correlated subquery per column) that the rebuild or `ADD COLUMN` uses.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::model::{Column, ForeignKey, QualifiedName, Schema, Table};

use super::{DiffOptions, Fill, FillDirection, MoveHint};

/// How a move copies its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveKind {
    /// `INSERT INTO target (target_key, columns) SELECT source_key, columns FROM source`.
    Split,
    /// `UPDATE target SET columns = source.columns` where `source.source_key = target.target_key`.
    Inline,
    /// `INSERT INTO target (columns) SELECT DISTINCT columns FROM source`, then
    /// `UPDATE source SET source_key = target.target_key` where the columns are equal.
    Lookup,
}

/// One move, checked against the schemas: the change that copies the data.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveData {
    pub kind: MoveKind,
    pub source: QualifiedName,
    pub target: QualifiedName,
    /// The moved columns (the same names in both tables).
    pub columns: Vec<String>,
    /// The column of the source the rows are matched on.
    pub source_key: String,
    /// The column of the target the rows are matched on.
    pub target_key: String,
    /// Copy rows whose moved values are all NULL too.
    pub every_row: bool,
    /// The hint as written, for notes.
    pub hint: String,
}

impl MoveData {
    /// `users.(theme, locale) -> user_preferences`.
    pub fn describe(&self) -> String {
        format!("{}.({}) -> {}", self.source, self.columns.join(", "), self.target)
    }

    /// The SQLite fills that do this move's updates (see the module documentation).
    fn sqlite_fills(&self) -> Vec<Fill> {
        let q = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
        let (s, t) = (q(&self.source.name), q(&self.target.name));
        let fill = |table: &QualifiedName, column: &str, expression: String| Fill {
            table: table.clone(),
            column: column.to_string(),
            expression,
            dialect: Some(Dialect::Sqlite),
            direction: FillDirection::Up,
        };
        match self.kind {
            MoveKind::Split => Vec::new(),
            MoveKind::Inline => self
                .columns
                .iter()
                .map(|c| {
                    let expression = format!(
                        "(SELECT {s}.{c} FROM {s} WHERE {s}.{sk} = {t}.{tk})",
                        c = q(c),
                        sk = q(&self.source_key),
                        tk = q(&self.target_key)
                    );
                    fill(&self.target, c, expression)
                })
                .collect(),
            MoveKind::Lookup => {
                let op = if self.every_row { "IS" } else { "=" };
                let equal: Vec<String> =
                    self.columns.iter().map(|c| format!("{t}.{c} {op} {s}.{c}", c = q(c))).collect();
                let expression =
                    format!("(SELECT {t}.{tk} FROM {t} WHERE {})", equal.join(" AND "), tk = q(&self.target_key));
                vec![fill(&self.source, &self.source_key, expression)]
            }
        }
    }

    /// The columns this move writes in a table that exists already: `(table, column)`.
    pub fn filled_columns(&self) -> Vec<(QualifiedName, String)> {
        match self.kind {
            MoveKind::Split => Vec::new(),
            MoveKind::Inline => self.columns.iter().map(|c| (self.target.clone(), c.clone())).collect(),
            MoveKind::Lookup => vec![(self.source.clone(), self.source_key.clone())],
        }
    }
}

/// The options the changes are made with: the user's, and the SQLite fills of the moves.
pub(super) fn with_fills(options: &DiffOptions, moves: &[MoveData]) -> DiffOptions {
    let mut effective = options.clone();
    effective.fills.extend(moves.iter().flat_map(MoveData::sqlite_fills));
    effective
}

fn single_key<'a>(table: &'a Table, key: &str, referenced: &QualifiedName) -> Option<&'a ForeignKey> {
    table.foreign_keys.iter().find(|fk| {
        fk.columns.len() == 1
            && fk.columns[0] == key
            && fk.referenced_table == *referenced
            && fk.referenced_columns.len() == 1
    })
}

fn type_text(column: &Column) -> String {
    if column.declared_type.is_empty() { format!("{:?}", column.ty) } else { column.declared_type.clone() }
}

/// Check each move hint against the schemas: the moves, and an error for each bad hint.
pub(super) fn resolve(
    from: &Schema,
    to: &Schema,
    options: &DiffOptions,
    diagnostics: &mut Diagnostics,
) -> Vec<MoveData> {
    let mut moves = Vec::new();
    for hint in options.renames.moves() {
        match resolve_one(from, to, hint) {
            Ok(data) => moves.push(data),
            Err((message, help)) => diagnostics.push(
                Diagnostic::error(format!("move hint `{hint}`: {message}"))
                    .at(hint.origin.location())
                    .with_object(hint.to_string())
                    .with_help(help),
            ),
        }
    }
    moves
}

fn resolve_one(from: &Schema, to: &Schema, hint: &MoveHint) -> Result<MoveData, (String, String)> {
    let (s, t, k) = (&hint.from, &hint.to, hint.key.as_str());
    let fail = |message: String, help: &str| Err((message, help.to_string()));
    let Some(s_old) = from.table(s) else {
        return fail(format!("there is no table `{s}` in the schema before"), "name the table the columns leave");
    };
    let Some(t_new) = to.table(t) else {
        return fail(format!("there is no table `{t}` in the schema after"), "name the table the columns go to");
    };
    let s_new = to.table(s);
    let t_old = from.table(t);
    if hint.columns.iter().any(|c| c == k) {
        return fail(format!("the key `{k}` is one of the moved columns"), "`by` names the key that joins the tables");
    }
    for c in &hint.columns {
        let Some(before) = s_old.column(c) else {
            return fail(format!("`{s}.{c}` is not in the schema before"), "list the columns the source table loses");
        };
        let Some(after) = t_new.column(c) else {
            return fail(
                format!("`{t}.{c}` is not in the schema after"),
                "a moved column keeps its name; rename it in its own migration",
            );
        };
        if s_new.is_some_and(|table| table.column(c).is_some()) {
            return fail(
                format!("`{s}.{c}` is still in `{s}` after: a move drops it there"),
                "leave it out of the move",
            );
        }
        if t_old.is_some_and(|table| table.column(c).is_some()) {
            return fail(format!("`{t}.{c}` is in `{t}` already before"), "a move adds the column to the target");
        }
        if before.ty != after.ty {
            return fail(
                format!("`{s}.{c}` is {} before and `{t}.{c}` is {} after", type_text(before), type_text(after)),
                "a move keeps the type: change it in its own migration",
            );
        }
    }
    let data = |kind, source_key: &str, target_key: &str| MoveData {
        kind,
        source: s.clone(),
        target: t.clone(),
        columns: hint.columns.clone(),
        source_key: source_key.to_string(),
        target_key: target_key.to_string(),
        every_row: hint.every_row,
        hint: hint.to_string(),
    };
    let no_key = || {
        fail(
            format!("there is no foreign key on `{k}` between `{s}` and `{t}`"),
            "`by` names the one column of a foreign key from the target to the source (or from the source to the \
             target) in the schema after; when a table is folded into another, in the schema before",
        )
    };
    let found = match t_old {
        None => {
            if let Some(fk) = single_key(t_new, k, s).filter(|_| s_new.is_some()) {
                data(MoveKind::Split, &fk.referenced_columns[0], k)
            } else if let Some(fk) =
                s_new.and_then(|table| single_key(table, k, t)).filter(|_| s_old.column(k).is_none())
            {
                data(MoveKind::Lookup, k, &fk.referenced_columns[0])
            } else {
                return no_key();
            }
        }
        Some(t_old) => {
            if let Some(fk) = single_key(t_old, k, s) {
                data(MoveKind::Inline, &fk.referenced_columns[0], k)
            } else if let Some(fk) = single_key(s_old, k, t) {
                data(MoveKind::Inline, k, &fk.referenced_columns[0])
            } else if let Some(fk) = single_key(t_new, k, s).filter(|_| t_old.column(k).is_some()) {
                data(MoveKind::Inline, &fk.referenced_columns[0], k)
            } else {
                return no_key();
            }
        }
    };
    let rowid = |table: &Table, column: &str| {
        to.dialect == Some(Dialect::Sqlite)
            && table.primary_key.as_ref().is_some_and(|pk| pk.columns == [column])
            && table.column(column).is_some_and(|c| matches!(c.ty, crate::model::ColumnType::Integer { .. }))
    };
    let generated =
        t_new.column(&found.target_key).is_some_and(Column::has_database_default) || rowid(t_new, &found.target_key);
    // The copy inserts the key and the moved columns: every other column of a new table needs a
    // default (or NULL).
    if matches!(found.kind, MoveKind::Split | MoveKind::Lookup) {
        let filled: Vec<&str> = hint.columns.iter().map(String::as_str).chain([found.target_key.as_str()]).collect();
        let unfilled = t_new.columns.iter().find(|c| {
            !filled.contains(&c.name.as_str()) && !c.nullable && !c.has_database_default() && !rowid(t_new, &c.name)
        });
        if let Some(column) = unfilled {
            return fail(
                format!("`{t}.{}` is NOT NULL without a default: the copy cannot fill it", column.name),
                "give it a default, make it nullable, or move it too",
            );
        }
    }
    let source_schema = if found.kind == MoveKind::Lookup { None } else { Some(s_old) };
    if let Some(table) = source_schema
        && table.column(&found.source_key).is_none()
    {
        return fail(
            format!("`{s}.{}` is not in the schema before", found.source_key),
            "the key must join existing rows",
        );
    }
    if found.kind == MoveKind::Lookup && !generated {
        return fail(
            format!("the key `{t}.{}` of the new lookup table is not filled by the database", found.target_key),
            "make it serial, identity or autoincrement, so the extracted values get keys",
        );
    }
    Ok(found)
}

/// Columns dropped from one table that reappear, same name and type, in a table joined to it by a
/// foreign key: warn with the move hint that would keep their data.
pub(super) fn probable_moves(from: &Schema, to: &Schema, hinted: &[MoveData], diagnostics: &mut Diagnostics) {
    // Lookups by map: a diff of 1,000-table models must not scan the tables for every pair.
    let old_tables: BTreeMap<&QualifiedName, &Table> = from.tables.iter().map(|t| (&t.name, t)).collect();
    let new_tables: BTreeMap<&QualifiedName, &Table> = to.tables.iter().map(|t| (&t.name, t)).collect();
    for s_old in &from.tables {
        let s_new = new_tables.get(&s_old.name).copied();
        let removed: Vec<&Column> = s_old
            .columns
            .iter()
            .filter(|c| !s_old.is_primary_key_column(&c.name))
            .filter(|c| s_new.is_none_or(|t| t.column(&c.name).is_none()))
            .collect();
        if removed.is_empty() {
            continue;
        }
        for t_new in to.tables.iter().filter(|t| t.name != s_old.name) {
            if hinted.iter().any(|m| m.source == s_old.name && m.target == t_new.name) {
                continue;
            }
            let t_old = old_tables.get(&t_new.name).copied();
            let Some(key) = probable_key(s_old, s_new, t_old, t_new) else { continue };
            let keys: BTreeSet<&str> =
                t_new.foreign_keys.iter().flat_map(|fk| fk.columns.iter().map(String::as_str)).collect();
            let matched: Vec<&str> = removed
                .iter()
                .filter(|c| c.name != key && !keys.contains(c.name.as_str()) && !t_new.is_primary_key_column(&c.name))
                .filter(|c| t_old.is_none_or(|t| t.column(&c.name).is_none()))
                .filter(|c| t_new.column(&c.name).is_some_and(|n| n.ty == c.ty))
                .map(|c| c.name.as_str())
                .collect();
            if matched.is_empty() {
                continue;
            }
            let hint = format!("move {}.({}) -> {} by {key}", s_old.name, matched.join(", "), t_new.name);
            let message = format!(
                "probable move: `{}.({})` is dropped and `{}` gets the same columns, joined by the key `{key}`; as written, their data is lost",
                s_old.name,
                matched.join(", "),
                t_new.name
            );
            diagnostics.push(
                Diagnostic::warning(message)
                    .with_object(format!("{}.({})", s_old.name, matched.join(", ")))
                    .with_help(format!("if the data moves, give the hint `{hint}`")),
            );
        }
    }
}

/// The key column a move from `s` to `t` would be joined by (the same rules as a hint's).
fn probable_key(s_old: &Table, s_new: Option<&Table>, t_old: Option<&Table>, t_new: &Table) -> Option<String> {
    let (s, t) = (&s_old.name, &t_new.name);
    let column_of = |fk: &ForeignKey| fk.columns[0].clone();
    let candidates = |table: &Table, referenced: &QualifiedName| -> Option<String> {
        table
            .foreign_keys
            .iter()
            .find(|fk| fk.columns.len() == 1 && fk.referenced_table == *referenced && fk.referenced_columns.len() == 1)
            .map(column_of)
    };
    match t_old {
        None => candidates(t_new, s)
            .filter(|_| s_new.is_some())
            .or_else(|| s_new.and_then(|table| candidates(table, t)).filter(|k| s_old.column(k).is_none())),
        Some(t_old) => candidates(t_old, s).or_else(|| candidates(s_old, t)),
    }
}

//! How far a down migration brings the data back.

use codegen_core::diff::{Change, MoveKind, SchemaDiff};
use codegen_core::{ColumnType, Dialect, IntWidth, ObjectKind};

/// The grade of a down migration, written at the top of both scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reversibility {
    /// The down restores the schema and every row the up touched.
    Lossless,
    /// The down restores the schema, but data the up dropped cannot come back.
    Lossy,
    /// The down cannot run once the up's schema holds rows (a NOT NULL column it cannot fill).
    Irreversible,
}

impl Reversibility {
    pub fn as_str(&self) -> &'static str {
        match self {
            Reversibility::Lossless => "lossless",
            Reversibility::Lossy => "lossy",
            Reversibility::Irreversible => "irreversible",
        }
    }
}

impl std::fmt::Display for Reversibility {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether every value of `from` fits `to` unchanged.
fn widens(from: &ColumnType, to: &ColumnType) -> bool {
    use ColumnType as T;
    let rank = |w: &IntWidth| match w {
        IntWidth::Tiny => 1,
        IntWidth::Small => 2,
        IntWidth::Medium => 3,
        IntWidth::Int => 4,
        IntWidth::Big => 5,
    };
    match (from, to) {
        _ if from == to => true,
        (T::Integer { width: a, unsigned: false }, T::Integer { width: b, unsigned: false }) => rank(a) <= rank(b),
        (T::Integer { .. }, T::Decimal { precision: None, .. }) => true,
        (T::Varchar { length: Some(a), .. }, T::Varchar { length: b, .. }) => b.is_none_or(|b| b >= *a),
        (T::Varchar { .. } | T::Char { .. }, T::Text { .. }) => true,
        (T::Real, T::Double) => true,
        (T::Json, T::Jsonb | T::Text { .. }) => true,
        (T::Enum { .. }, T::Text { .. }) => true,
        _ => false,
    }
}

/// The grade of the down of `up`, whose reverse diff is `down`, with the reasons as notes.
pub(crate) fn grade(up: &SchemaDiff, down: &SchemaDiff, dialect: Dialect) -> (Reversibility, Vec<String>) {
    let mut grade = Reversibility::Lossless;
    let mut notes = Vec::new();
    let mut moved_notes = Vec::new();
    let restored = |table: &codegen_core::QualifiedName, column: &str| {
        down.changes.iter().any(|c| match c {
            Change::AddColumn { table: t, column: col, fills }
            | Change::AlterColumn { table: t, to: col, fills, .. } => {
                (t == table || t.name == table.name)
                    && col.name == column
                    && fills.iter().any(|f| f.applies_to(dialect))
            }
            // A move back writes the column from the table its values went to.
            Change::MoveData(data) => data.filled_columns().iter().any(|(t, c)| t == table && c == column),
            _ => false,
        })
    };
    // A table the down makes again from a move: its rows come back from the moved values.
    let recreated_by_move = |table: &codegen_core::QualifiedName| {
        down.changes.iter().find_map(|c| match c {
            Change::MoveData(data) if &data.target == table && data.kind != MoveKind::Inline => Some(data.clone()),
            _ => None,
        })
    };
    let mut lossy = |reason: String| {
        grade = grade.max(Reversibility::Lossy);
        notes.push(format!("lossy down: {reason}"));
    };
    for change in &up.changes {
        match change {
            Change::DropTable(t) => match recreated_by_move(&t.name) {
                Some(data) => moved_notes.push(format!(
                    "the down makes the rows of {} again from {} ({}): its other columns get their defaults{}",
                    t.name,
                    data.source,
                    data.columns.join(", "),
                    if data.kind == MoveKind::Lookup { " and new keys" } else { "" }
                )),
                None => lossy(format!("the up drops table {} and its rows", t.name)),
            },
            Change::DropColumn { table, column } if !restored(table, &column.name) => {
                lossy(format!("the up drops column {table}.{} and its values", column.name))
            }
            Change::AlterColumn { table, from, to, .. } if !widens(&from.ty, &to.ty) && !restored(table, &to.name) => {
                lossy(format!("the up changes the type of {table}.{}; values may not convert back exactly", to.name))
            }
            // A virtual table holds rows (an FTS index's documents): its definition comes back
            // empty. Other objects come back whole from their definition.
            Change::DropObject(object) if object.kind == ObjectKind::VirtualTable => {
                lossy(format!("the up drops virtual table {} and its rows", object.name))
            }
            Change::AlterEnum { name, from, to, renamed_values, .. } => {
                let removed: Vec<&String> = from
                    .iter()
                    .filter(|v| !to.contains(v) && !renamed_values.iter().any(|(old, _)| old == *v))
                    .collect();
                if !removed.is_empty() {
                    let removed: Vec<String> = removed.iter().map(|v| format!("'{v}'")).collect();
                    lossy(format!("the up removes {} from enum {name}", removed.join(", ")))
                }
            }
            _ => {}
        }
    }
    notes.extend(moved_notes);
    for change in &up.changes {
        if let Change::DropObject(object) = change
            && object.kind == ObjectKind::Sequence
        {
            notes.push(format!(
                "the down creates sequence {} again from its definition: it restarts at its first value",
                object.name
            ));
        }
    }
    for change in &down.changes {
        if let Change::AddColumn { table, column, fills } = change
            && !column.nullable
            && !column.has_database_default()
            && !fills.iter().any(|f| f.applies_to(dialect))
            && !down.changes.iter().any(|c| matches!(c, Change::CreateTable(t) if &t.name == table))
        {
            grade = Reversibility::Irreversible;
            notes.push(format!(
                "irreversible down: it adds {table}.{} back NOT NULL with no default or fill, which fails once {table} has rows (give `fill-down {table}.{} = <SQL>`)",
                column.name, column.name
            ));
        }
    }
    (grade, notes)
}

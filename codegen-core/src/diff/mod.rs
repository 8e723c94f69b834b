//! The difference between two schemas as a list of model changes, in an order a database can
//! apply them: views that depend on what changes are dropped first, renames come before
//! everything that names the renamed objects, referenced tables are created before the tables
//! that reference them, and dropped tables go after the keys that point at them.
//!
//! The diff is dialect-neutral; `codegen-sql`'s `migration` module writes it as SQL per dialect.
//! Renames are never guessed: without a [`RenameHints`] entry a renamed column is a drop and an
//! add, reported as a probable rename naming the hint that would confirm it. Moves of columns
//! to another table are the same: a `move` hint copies the data (see [`moves`]).

mod drift;
mod hints;
mod matching;
mod move_hint;
mod moves;
mod objects;
mod order;
mod sequence;
mod signature;

use crate::diagnostics::Diagnostics;
use crate::model::{
    CheckConstraint, Column, DbObject, EnumType, ForeignKey, Index, PrimaryKey, QualifiedName, Schema, Table,
    UniqueConstraint, View,
};

pub use drift::{Drift, ObjectComparison, compare_schemas, compare_schemas_with};
pub use hints::{Fill, FillDirection, HintError, HintsFile, Rename, RenameHints};
pub use move_hint::{HintOrigin, MoveHint};
pub use moves::{MoveData, MoveKind};
pub use objects::{ObjectIdentity, definition_text, object_identity, same_definition};
pub use sequence::SequenceOptions;

/// What the diff needs besides the two schemas.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffOptions {
    pub renames: RenameHints,
    /// How new or changed columns are filled from existing data (up fills), and how the down
    /// migration fills the columns it brings back (down fills).
    pub fills: Vec<Fill>,
}

impl DiffOptions {
    /// Options with these renames and fills.
    pub fn new(renames: RenameHints, fills: Vec<Fill>) -> Self {
        Self { renames, fills }
    }

    /// Options from a hints file (renames and fills).
    pub fn from_hints(file: HintsFile) -> Self {
        Self { renames: file.renames, fills: file.fills }
    }

    /// The options of the opposite migration: renames backwards, down fills as up fills.
    pub fn reversed(&self) -> DiffOptions {
        let fills = self
            .fills
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f.direction = match f.direction {
                    FillDirection::Up => FillDirection::Down,
                    FillDirection::Down => FillDirection::Up,
                };
                f
            })
            .collect();
        DiffOptions { renames: self.renames.reversed(), fills }
    }

    /// The up fills of `column` in `table`, whichever name (old or new) the fill used.
    pub(crate) fn fills_for(&self, tables: &[&QualifiedName], column: &str) -> Vec<Fill> {
        self.fills
            .iter()
            .filter(|f| f.direction == FillDirection::Up && f.column == column && tables.contains(&&f.table))
            .cloned()
            .collect()
    }
}

/// The changes from one schema to another, in application order, and what the user should know.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaDiff {
    pub changes: Vec<Change>,
    /// Probable renames, hints that matched nothing, columns that cannot be filled.
    pub diagnostics: Diagnostics,
    /// The options the diff was made with, so the down migration can be diffed back.
    pub options: DiffOptions,
}

impl SchemaDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The diff of the opposite migration, from `to` back to `from`.
    pub fn reverse(&self, from: &Schema, to: &Schema) -> SchemaDiff {
        diff_schemas(to, from, &self.options.reversed())
    }
}

/// A column as it is named at a point of the migration: a table and a column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnRef {
    pub table: QualifiedName,
    pub column: Column,
}

/// One change to the model. Table and column names are the names at the time the change runs:
/// renames come first, so every later change names renamed objects by their new names.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant, reason = "a diff holds few changes; unboxed variants are simpler to match")]
pub enum Change {
    CreateNamespace(String),
    DropNamespace(String),
    DropView(View),
    RenameTable {
        from: QualifiedName,
        to: QualifiedName,
    },
    RenameColumn {
        table: QualifiedName,
        from: String,
        to: String,
    },
    RenameEnum {
        from: QualifiedName,
        to: QualifiedName,
    },
    DropForeignKey {
        table: QualifiedName,
        key: ForeignKey,
    },
    DropPrimaryKey {
        table: QualifiedName,
        key: PrimaryKey,
    },
    DropUnique {
        table: QualifiedName,
        constraint: UniqueConstraint,
    },
    DropCheck {
        table: QualifiedName,
        check: CheckConstraint,
    },
    DropIndex {
        table: QualifiedName,
        index: Index,
    },
    CreateEnum(EnumType),
    /// The values of an enum change. `renamed_values` are `(old, new)` pairs from the hints;
    /// `columns` are the columns typed with the enum when the change runs (by their new names),
    /// which a rebuild of the type must convert.
    AlterEnum {
        name: QualifiedName,
        from: Vec<String>,
        to: Vec<String>,
        renamed_values: Vec<(String, String)>,
        columns: Vec<ColumnRef>,
    },
    /// A table, with the foreign keys to tables created later left out (they follow as
    /// [`Change::AddForeignKey`]).
    CreateTable(Table),
    AddColumn {
        table: QualifiedName,
        column: Column,
        /// How to fill it from the rows already there (per dialect).
        fills: Vec<Fill>,
    },
    /// Type, nullability, default, generation or comment changes; `from` is the column as it is
    /// before (renamed already), `to` as it becomes.
    AlterColumn {
        table: QualifiedName,
        from: Column,
        to: Column,
        fills: Vec<Fill>,
    },
    /// The data of moved columns copied to their new table (after the new places are added,
    /// before the old ones are dropped).
    MoveData(MoveData),
    DropColumn {
        table: QualifiedName,
        column: Column,
    },
    DropTable(Table),
    DropEnum(EnumType),
    AddPrimaryKey {
        table: QualifiedName,
        key: PrimaryKey,
    },
    AddUnique {
        table: QualifiedName,
        constraint: UniqueConstraint,
    },
    AddCheck {
        table: QualifiedName,
        check: CheckConstraint,
    },
    CreateIndex {
        table: QualifiedName,
        index: Index,
    },
    AddForeignKey {
        table: QualifiedName,
        key: ForeignKey,
    },
    CreateView(View),
    SetTableComment {
        table: QualifiedName,
        comment: Option<String>,
    },
    /// PostgreSQL `COMMENT ON CONSTRAINT` (other dialects keep none).
    SetConstraintComment {
        table: QualifiedName,
        constraint: String,
        comment: Option<String>,
    },
    SetEnumComment {
        name: QualifiedName,
        comment: Option<String>,
    },
    SetViewComment {
        view: View,
        comment: Option<String>,
    },
    /// A database object created: its statements, except those that wait for the tables
    /// (a sequence's `OWNED BY`, which follow as [`Change::CreateObjectTail`]).
    CreateObject(DbObject),
    /// The statements of a created object that wait for the tables.
    CreateObjectTail(DbObject),
    /// A database object dropped (or dropped to be created again, when its definition changed in
    /// a way the dialect cannot replace in place, or an object it depends on is recreated).
    DropObject(DbObject),
    /// An object whose definition changed, replaced in place (`CREATE OR REPLACE`); only where
    /// the dialect and kind allow it and the signature and result stay.
    ReplaceObject {
        from: DbObject,
        to: DbObject,
    },
    SetObjectComment {
        object: DbObject,
        comment: Option<String>,
    },
}

impl Change {
    /// The table this change alters, if it alters (or creates, or drops) one.
    pub fn table(&self) -> Option<&QualifiedName> {
        match self {
            Change::RenameTable { to, .. } => Some(to),
            Change::CreateTable(t) | Change::DropTable(t) => Some(&t.name),
            Change::RenameColumn { table, .. }
            | Change::DropForeignKey { table, .. }
            | Change::DropPrimaryKey { table, .. }
            | Change::DropUnique { table, .. }
            | Change::DropCheck { table, .. }
            | Change::DropIndex { table, .. }
            | Change::AddColumn { table, .. }
            | Change::AlterColumn { table, .. }
            | Change::DropColumn { table, .. }
            | Change::AddPrimaryKey { table, .. }
            | Change::AddUnique { table, .. }
            | Change::AddCheck { table, .. }
            | Change::CreateIndex { table, .. }
            | Change::AddForeignKey { table, .. }
            | Change::SetTableComment { table, .. }
            | Change::SetConstraintComment { table, .. } => Some(table),
            _ => None,
        }
    }

    /// A short description for reports (`add column projects.settings`).
    pub fn describe(&self) -> String {
        match self {
            Change::CreateNamespace(n) => format!("create schema {n}"),
            Change::DropNamespace(n) => format!("drop schema {n}"),
            Change::DropView(v) => format!("drop view {}", v.name),
            Change::RenameTable { from, to } => format!("rename table {from} to {to}"),
            Change::RenameColumn { table, from, to } => format!("rename column {table}.{from} to {to}"),
            Change::RenameEnum { from, to } => format!("rename enum {from} to {to}"),
            Change::DropForeignKey { table, key } => format!("drop foreign key {}", constraint(table, &key.name)),
            Change::DropPrimaryKey { table, .. } => format!("drop primary key of {table}"),
            Change::DropUnique { table, constraint: c } => format!("drop unique {}", constraint(table, &c.name)),
            Change::DropCheck { table, check } => format!("drop check {}", constraint(table, &check.name)),
            Change::DropIndex { index, .. } => format!("drop index {}", index.name),
            Change::CreateEnum(e) => format!("create enum {}", e.name),
            Change::AlterEnum { name, .. } => format!("change the values of enum {name}"),
            Change::CreateTable(t) => format!("create table {}", t.name),
            Change::AddColumn { table, column, .. } => format!("add column {table}.{}", column.name),
            Change::AlterColumn { table, to, .. } => format!("alter column {table}.{}", to.name),
            Change::MoveData(data) => format!("move the data of {}", data.describe()),
            Change::DropColumn { table, column } => format!("drop column {table}.{}", column.name),
            Change::DropTable(t) => format!("drop table {}", t.name),
            Change::DropEnum(e) => format!("drop enum {}", e.name),
            Change::AddPrimaryKey { table, .. } => format!("add primary key to {table}"),
            Change::AddUnique { table, constraint: c } => format!("add unique {}", constraint(table, &c.name)),
            Change::AddCheck { table, check } => format!("add check {}", constraint(table, &check.name)),
            Change::CreateIndex { index, .. } => format!("create index {}", index.name),
            Change::AddForeignKey { table, key } => format!("add foreign key {}", constraint(table, &key.name)),
            Change::CreateView(v) => format!("create view {}", v.name),
            Change::SetTableComment { table, .. } => format!("comment on table {table}"),
            Change::SetConstraintComment { table, constraint, .. } => {
                format!("comment on constraint {constraint} of {table}")
            }
            Change::SetEnumComment { name, .. } => format!("comment on enum {name}"),
            Change::SetViewComment { view, .. } => format!("comment on view {}", view.name),
            Change::CreateObject(o) => format!("create {}", o.describe()),
            Change::CreateObjectTail(o) => format!("finish {}", o.describe()),
            Change::DropObject(o) => format!("drop {}", o.describe()),
            Change::ReplaceObject { to, .. } => format!("replace {}", to.describe()),
            Change::SetObjectComment { object, .. } => format!("comment on {}", object.describe()),
        }
    }
}

fn constraint(table: &QualifiedName, name: &Option<String>) -> String {
    match name {
        Some(name) => format!("{name} on {table}"),
        None => format!("on {table}"),
    }
}

/// The changes that turn `from` into `to`.
pub fn diff_schemas(from: &Schema, to: &Schema, options: &DiffOptions) -> SchemaDiff {
    let mut diagnostics = Diagnostics::new();
    let matching = matching::Matching::new(from, to, options, &mut diagnostics);
    let moves = moves::resolve(from, to, options, &mut diagnostics);
    let effective = moves::with_fills(options, &moves);
    let changes = order::changes(from, to, &matching, &effective, &moves, &mut diagnostics);
    SchemaDiff { changes, diagnostics, options: options.clone() }
}

#[cfg(test)]
mod tests;

//! The state of rendering one direction of a migration ([`Writer`]) and what it yields
//! ([`Rendered`]), with the small helpers every change's renderer shares. A leaf of the
//! migration module: the renderers (`statements`, `sqlite`, `moves`, `objects`,
//! `postgres_enum`) import it, and it imports none of them.

use codegen_core::diff::Fill;
use codegen_core::{Column, ColumnType, Diagnostics, Dialect, QualifiedName, Schema, Table};

use crate::column::render_column;
use crate::context::Context;
use crate::index::Build;
use crate::table_plan::{TablePlan, plan};
use crate::types::render_type;

/// Statements with what was learnt rendering them.
pub(crate) struct Rendered {
    pub statements: Vec<String>,
    pub notes: Vec<String>,
    pub diagnostics: Diagnostics,
}

/// The renderer of one direction: `from` is the schema before, `to` after.
pub(crate) struct Writer<'a> {
    pub cx: Context<'a>,
    pub from: &'a Schema,
    pub to: &'a Schema,
    pub statements: Vec<String>,
    pub notes: Vec<String>,
    /// How indexes are created and dropped.
    pub build: Build,
}

impl<'a> Writer<'a> {
    pub fn push(&mut self, statement: impl Into<String>) {
        self.statements.push(statement.into());
    }

    pub fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    pub fn dialect(&self) -> Dialect {
        self.cx.dialect
    }

    pub fn name(&self, name: &QualifiedName) -> String {
        self.cx.name(name)
    }

    pub fn ident(&self, name: &str) -> String {
        self.cx.ident(name)
    }

    /// The table as it is after the migration, or an empty one of that name.
    pub fn new_table(&self, name: &QualifiedName) -> Table {
        self.to.table(name).cloned().unwrap_or_else(|| {
            let mut table = Table::new(name.name.clone());
            table.name = name.clone();
            table
        })
    }

    /// `name type ...` for `ALTER TABLE ... ADD/MODIFY COLUMN`: never an inline primary key.
    pub fn column_definition(&mut self, table: &Table, column: &Column) -> String {
        column_sql(&mut self.cx, table, column)
    }

    pub fn type_sql(&self, ty: &ColumnType) -> String {
        render_type(ty, self.dialect(), &self.to.enums).sql
    }
}

/// `name type ...` of a column added to `table` by `ALTER TABLE`: never an inline primary key.
pub(crate) fn column_sql(cx: &mut Context, table: &Table, column: &Column) -> String {
    let counter = plan(cx, table).counter;
    let plan = TablePlan { inline_pk: None, pk_name: None, counter };
    render_column(cx, table, column, &plan)
}

/// The fill of a column for `dialect`: one written for it, else one for every dialect.
pub(crate) fn fill_for(fills: &[Fill], dialect: Dialect) -> Option<&str> {
    fills
        .iter()
        .find(|f| f.dialect == Some(dialect))
        .or_else(|| fills.iter().find(|f| f.dialect.is_none()))
        .map(|f| f.expression.as_str())
}

//! One change at a time, as statements of a dialect. SQLite's table rebuilds are planned in
//! [`super::sqlite`]; PostgreSQL's enum changes in [`super::postgres_enum`].

use std::collections::BTreeSet;

use codegen_core::diff::{Change, Fill};
use codegen_core::{
    AutoIncrement, Column, ColumnDefault, ColumnType, Diagnostics, Dialect, ForeignKey, IndexKey, Loc, QualifiedName,
    Schema, Table, View,
};

use crate::column::render_column;
use crate::comments::{render_enum_comment, render_table_comments, render_view_comment};
use crate::context::Context;
use crate::defaults::render_default;
use crate::expr::{expression, parenthesise};
use crate::index::{Build, render_index, render_index_built};
use crate::keys::render_key_columns;
use crate::render::{render_enum, render_view};
use crate::table::{TablePlan, plan, render_add_foreign_key, render_create_table};
use crate::types::render_type;

use super::{moves, objects, postgres_enum, sqlite};

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

    fn type_sql(&self, ty: &ColumnType) -> String {
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

pub(crate) fn render_changes(
    from: &Schema,
    to: &Schema,
    changes: &[Change],
    dialect: Dialect,
    build: Build,
) -> Rendered {
    let mut w = Writer { cx: Context::new(to, dialect), from, to, statements: Vec::new(), notes: Vec::new(), build };
    if changes.is_empty() {
        return Rendered { statements: Vec::new(), notes: Vec::new(), diagnostics: w.cx.diagnostics };
    }
    match dialect {
        Dialect::Sqlite => sqlite::render(&mut w, changes),
        Dialect::Postgres => {
            for change in changes {
                render_change(&mut w, change);
            }
            if changes.iter().any(|c| matches!(c, Change::AlterEnum { .. }))
                && w.statements.iter().any(|s| s.contains(" ADD VALUE "))
            {
                w.note("PostgreSQL cannot use an enum value added by ALTER TYPE ... ADD VALUE in the transaction that added it: commit before using it");
            }
        }
        Dialect::Mysql => {
            let mut readd = Vec::new();
            for change in changes {
                for (table, key) in mysql_keys_needing(&w, changes, change) {
                    if !readd.iter().any(|(t, k)| t == &table && k == &key) {
                        let name = key.name.as_deref().map(|n| w.ident(n)).unwrap_or_default();
                        let s = format!("ALTER TABLE {} DROP FOREIGN KEY {name}", w.name(&table));
                        w.push(s);
                        readd.push((table, key));
                    }
                }
                render_change(&mut w, change);
            }
            for (table, key) in readd {
                render_change(&mut w, &Change::AddForeignKey { table, key });
            }
            w.note("MySQL commits implicitly after every DDL statement: if a statement fails, the ones before it stay applied (no rollback)");
        }
    }
    moves::allow_moved_drops(&mut w, changes);
    Rendered { statements: w.statements, notes: w.notes, diagnostics: w.cx.diagnostics }
}

/// The foreign keys MySQL would refuse to let `change` drop the index of ("needed in a
/// foreign key constraint"): named keys that stay, on columns leading the dropped index. They
/// are dropped before and added again at the end.
fn mysql_keys_needing(w: &Writer, changes: &[Change], change: &Change) -> Vec<(QualifiedName, ForeignKey)> {
    let (table, columns): (&QualifiedName, Vec<&str>) = match change {
        Change::DropIndex { table, index } => (
            table,
            index
                .parts
                .iter()
                .filter_map(|p| match &p.key {
                    IndexKey::Column(c) => Some(c.as_str()),
                    _ => None,
                })
                .collect(),
        ),
        Change::DropUnique { table, constraint } => (table, constraint.columns.iter().map(String::as_str).collect()),
        _ => return Vec::new(),
    };
    let Some(current) = w.to.table(table) else { return Vec::new() };
    current
        .foreign_keys
        .iter()
        .filter(|fk| fk.name.is_some() && !fk.columns.is_empty())
        .filter(|fk| fk.columns.len() <= columns.len() && fk.columns.iter().zip(&columns).all(|(a, b)| a == b))
        .filter(|fk| {
            !changes.iter().any(|c| matches!(c, Change::AddForeignKey { table: t, key } if t == table && key == *fk))
        })
        .map(|fk| (table.clone(), fk.clone()))
        .collect()
}

/// Render one change for PostgreSQL or MySQL (SQLite uses it for what it can do in place).
pub(crate) fn render_change(w: &mut Writer, change: &Change) {
    let dialect = w.dialect();
    match change {
        Change::CreateNamespace(n) if dialect == Dialect::Postgres => {
            let s = format!("CREATE SCHEMA {}", w.ident(n));
            w.push(s)
        }
        Change::DropNamespace(n) if dialect == Dialect::Postgres => {
            let s = format!("DROP SCHEMA {}", w.ident(n));
            w.push(s)
        }
        Change::CreateNamespace(_) | Change::DropNamespace(_) => {}
        Change::DropView(view) => drop_view(w, view),
        Change::RenameTable { from, to } => rename_table(w, from, to),
        Change::RenameColumn { table, from, to } => {
            let s = format!("ALTER TABLE {} RENAME COLUMN {} TO {}", w.name(table), w.ident(from), w.ident(to));
            w.push(s)
        }
        Change::RenameEnum { from, to } if dialect == Dialect::Postgres => {
            let s = format!("ALTER TYPE {} RENAME TO {}", w.name(from), w.ident(&to.name));
            w.push(s)
        }
        Change::RenameEnum { .. } => {}
        Change::DropForeignKey { table, key } => {
            let name = constraint_name(w, table, key.name.as_deref(), &key.columns, "fkey");
            let s = match dialect {
                Dialect::Mysql => format!("ALTER TABLE {} DROP FOREIGN KEY {name}", w.name(table)),
                _ => format!("ALTER TABLE {} DROP CONSTRAINT {name}", w.name(table)),
            };
            w.push(s)
        }
        Change::DropPrimaryKey { table, key } => {
            let s = match dialect {
                Dialect::Mysql => format!("ALTER TABLE {} DROP PRIMARY KEY", w.name(table)),
                _ => {
                    let name = constraint_name(w, table, key.name.as_deref(), &[], "pkey");
                    format!("ALTER TABLE {} DROP CONSTRAINT {name}", w.name(table))
                }
            };
            w.push(s)
        }
        Change::DropUnique { table, constraint } => {
            let s = match dialect {
                Dialect::Mysql => {
                    // MySQL names an unnamed unique index after its first column.
                    let name =
                        constraint.name.clone().or_else(|| constraint.columns.first().cloned()).unwrap_or_default();
                    format!("ALTER TABLE {} DROP INDEX {}", w.name(table), w.ident(&name))
                }
                _ => {
                    let name = constraint_name(w, table, constraint.name.as_deref(), &constraint.columns, "key");
                    format!("ALTER TABLE {} DROP CONSTRAINT {name}", w.name(table))
                }
            };
            w.push(s)
        }
        Change::DropCheck { table, check } => {
            let name = constraint_name(w, table, check.name.as_deref(), &[], "check");
            let s = format!("ALTER TABLE {} DROP CONSTRAINT {name}", w.name(table));
            w.push(s)
        }
        Change::DropIndex { table, index } => {
            let s = match dialect {
                Dialect::Mysql => format!("DROP INDEX {} ON {}", w.ident(&index.name), w.name(table)),
                Dialect::Postgres if w.build == Build::Concurrent => {
                    let name = QualifiedName::qualified(table.schema.clone(), index.name.clone());
                    format!("DROP INDEX CONCURRENTLY {}", w.name(&name))
                }
                _ => {
                    let name = QualifiedName::qualified(table.schema.clone(), index.name.clone());
                    format!("DROP INDEX {}", w.name(&name))
                }
            };
            w.push(s)
        }
        Change::CreateEnum(e) => {
            if let Some(s) = render_enum(&mut w.cx, e) {
                w.push(s);
            }
            if let Some(s) = render_enum_comment(&mut w.cx, e) {
                w.push(s);
            }
        }
        Change::AlterEnum { .. } if dialect == Dialect::Postgres => postgres_enum::alter_enum(w, change),
        Change::AlterEnum { .. } => mysql_alter_enum(w, change),
        Change::CreateTable(table) => create_table(w, table),
        Change::AddColumn { table, column, fills } => add_column(w, table, column, fills),
        Change::AlterColumn { table, from, to, fills } => match dialect {
            Dialect::Mysql => mysql_alter_column(w, table, to, fills),
            _ => postgres_alter_column(w, table, from, to, fills),
        },
        Change::MoveData(data) => moves::render(w, data),
        Change::DropColumn { table, column } => {
            let s = format!("ALTER TABLE {} DROP COLUMN {}", w.name(table), w.ident(&column.name));
            w.push(s)
        }
        Change::DropTable(table) => {
            let s = format!("DROP TABLE {}", w.name(&table.name));
            w.push(s)
        }
        Change::DropEnum(e) if dialect == Dialect::Postgres => {
            let s = format!("DROP TYPE {}", w.name(&e.name));
            w.push(s)
        }
        Change::DropEnum(_) => {}
        Change::AddPrimaryKey { table, key } => {
            let t = w.new_table(table);
            let object = key.name.clone().unwrap_or_else(|| table.to_string());
            match render_key_columns(&mut w.cx, &t, &key.columns, &object, &t.loc) {
                Ok(columns) => {
                    let named = match (&key.name, dialect) {
                        (Some(n), Dialect::Postgres) => format!("CONSTRAINT {} ", w.ident(n)),
                        _ => String::new(),
                    };
                    let s = format!("ALTER TABLE {} ADD {named}PRIMARY KEY ({columns})", w.name(table));
                    w.push(s)
                }
                Err(column) => {
                    let message =
                        format!("MySQL cannot index the JSON column `{column}`, so it cannot be in the primary key");
                    w.cx.error(object, &t.loc, message)
                }
            }
        }
        Change::AddUnique { table, constraint } => {
            let t = w.new_table(table);
            let object =
                constraint.name.clone().unwrap_or_else(|| format!("{table}({})", constraint.columns.join(", ")));
            match render_key_columns(&mut w.cx, &t, &constraint.columns, &object, &constraint.loc) {
                Ok(columns) => {
                    let named =
                        constraint.name.as_ref().map(|n| format!("CONSTRAINT {} ", w.ident(n))).unwrap_or_default();
                    let s = format!("ALTER TABLE {} ADD {named}UNIQUE ({columns})", w.name(table));
                    w.push(s)
                }
                Err(column) => {
                    let message =
                        format!("MySQL cannot index the JSON column `{column}`: the unique constraint is left out");
                    w.cx.warning(object, &constraint.loc, message)
                }
            }
        }
        Change::AddCheck { table, check } => {
            let named = check.name.as_ref().map(|n| format!("CONSTRAINT {} ", w.ident(n))).unwrap_or_default();
            let body = parenthesise(&expression(&check.expression, dialect));
            let s = format!("ALTER TABLE {} ADD {named}CHECK {body}", w.name(table));
            w.push(s)
        }
        Change::CreateIndex { table, index } => {
            let t = w.new_table(table);
            if let Some(s) = render_index_built(&mut w.cx, &t, index, w.build) {
                w.push(s);
            }
        }
        Change::AddForeignKey { table, key } => {
            let t = w.new_table(table);
            let s = render_add_foreign_key(&mut w.cx, &t, key);
            w.push(s)
        }
        Change::CreateView(view) => {
            let s = render_view(&mut w.cx, view);
            w.push(s);
            if let Some(s) = render_view_comment(&mut w.cx, view) {
                w.push(s);
            }
        }
        Change::SetConstraintComment { table, constraint, comment } => {
            if dialect == Dialect::Postgres {
                let table = w.name(table);
                let s = crate::comments::constraint_comment(&w.cx, &table, constraint, comment.as_deref());
                w.push(s.trim_end_matches(';').to_string())
            }
        }
        Change::SetTableComment { table, comment } => {
            let text = comment.as_deref().map(|c| w.cx.literal(c));
            match dialect {
                Dialect::Postgres => {
                    let s = format!("COMMENT ON TABLE {} IS {}", w.name(table), text.unwrap_or_else(|| "NULL".into()));
                    w.push(s)
                }
                Dialect::Mysql => {
                    let s = format!("ALTER TABLE {} COMMENT = {}", w.name(table), text.unwrap_or_else(|| "''".into()));
                    w.push(s)
                }
                Dialect::Sqlite => {}
            }
        }
        Change::SetEnumComment { name, comment } if dialect == Dialect::Postgres => {
            let text = comment.as_deref().map_or_else(|| "NULL".into(), |c| w.cx.literal(c));
            let s = format!("COMMENT ON TYPE {} IS {text}", w.name(name));
            w.push(s)
        }
        Change::SetViewComment { view, comment } if dialect == Dialect::Postgres => {
            let text = comment.as_deref().map_or_else(|| "NULL".into(), |c| w.cx.literal(c));
            let kind = if view.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
            let s = format!("COMMENT ON {kind} {} IS {text}", w.name(&view.name));
            w.push(s)
        }
        Change::SetEnumComment { .. } | Change::SetViewComment { .. } => {}
        Change::CreateObject(object) => objects::create_object(w, object, false),
        Change::CreateObjectTail(object) => objects::create_object(w, object, true),
        Change::DropObject(object) => objects::drop_object(w, object),
        Change::ReplaceObject { from, to } => objects::replace_object(w, from, to),
        Change::SetObjectComment { object, comment } => objects::set_comment(w, object, comment.as_deref()),
    }
}

/// The name of a constraint to drop; an unnamed one by the name PostgreSQL gives it.
fn constraint_name(
    w: &mut Writer,
    table: &QualifiedName,
    name: Option<&str>,
    columns: &[String],
    suffix: &str,
) -> String {
    if let Some(name) = name {
        return w.ident(name);
    }
    let mut guess = table.name.clone();
    for c in columns {
        guess.push('_');
        guess.push_str(c);
    }
    guess.push('_');
    guess.push_str(suffix);
    let message = format!(
        "an unnamed constraint of `{table}` is dropped by the name {} gives it by default, `{guess}`",
        w.cx.dialect_name()
    );
    w.cx.warning(table.to_string(), &Loc::default(), message);
    w.ident(&guess)
}

pub(crate) fn drop_view(w: &mut Writer, view: &View) {
    let kind = if view.materialized && w.dialect() == Dialect::Postgres { "MATERIALIZED VIEW" } else { "VIEW" };
    let s = format!("DROP {kind} {}", w.name(&view.name));
    w.push(s)
}

pub(crate) fn rename_table(w: &mut Writer, from: &QualifiedName, to: &QualifiedName) {
    match w.dialect() {
        Dialect::Postgres => {
            let mut current = from.clone();
            if from.schema != to.schema {
                let schema = to.schema.clone().unwrap_or_else(|| "public".into());
                let s = format!("ALTER TABLE {} SET SCHEMA {}", w.name(from), w.ident(&schema));
                w.push(s);
                current.schema = to.schema.clone();
            }
            if current.name != to.name {
                let s = format!("ALTER TABLE {} RENAME TO {}", w.name(&current), w.ident(&to.name));
                w.push(s);
            }
        }
        Dialect::Mysql => {
            let s = format!("RENAME TABLE {} TO {}", w.name(from), w.name(to));
            w.push(s)
        }
        Dialect::Sqlite => {
            let s = format!("ALTER TABLE {} RENAME TO {}", w.name(from), w.name(to));
            w.push(s)
        }
    }
}

pub(crate) fn create_table(w: &mut Writer, table: &Table) {
    let s = render_create_table(&mut w.cx, table, &BTreeSet::new());
    w.push(s);
    let dialect = w.cx.dialect;
    for index in table.indexes.iter().filter(|i| !crate::index::is_inline(dialect, i)) {
        if let Some(s) = render_index(&mut w.cx, table, index) {
            w.push(s);
        }
    }
    for s in render_table_comments(&mut w.cx, table) {
        w.push(s);
    }
    for s in crate::comments::render_constraint_comments(&mut w.cx, table) {
        w.push(s);
    }
}

/// `ALTER TABLE t ADD COLUMN`, and the backfill: a NOT NULL column with a fill is added
/// nullable, filled, then made NOT NULL.
fn add_column(w: &mut Writer, table: &QualifiedName, column: &Column, fills: &[Fill]) {
    let dialect = w.dialect();
    let t = w.new_table(table);
    let fill = fill_for(fills, dialect).map(str::to_string);
    let staged = fill.is_some() && !column.nullable;
    let mut added = column.clone();
    if staged {
        added.nullable = true;
    }
    let definition = w.column_definition(&t, &added);
    let s = format!("ALTER TABLE {} ADD COLUMN {definition}", w.name(table));
    w.push(s);
    if let Some(fill) = fill {
        let s = format!("UPDATE {} SET {} = {fill}", w.name(table), w.ident(&column.name));
        w.push(s);
    }
    if staged {
        set_not_null(w, &t, column);
    }
}

fn set_not_null(w: &mut Writer, table: &Table, column: &Column) {
    let s = match w.dialect() {
        Dialect::Mysql => {
            let definition = w.column_definition(table, column);
            format!("ALTER TABLE {} MODIFY COLUMN {definition}", w.name(&table.name))
        }
        _ => format!("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", w.name(&table.name), w.ident(&column.name)),
    };
    w.push(s)
}

/// MySQL rewrites the whole column; a fill runs after, over the converted values.
fn mysql_alter_column(w: &mut Writer, table: &QualifiedName, to: &Column, fills: &[Fill]) {
    let t = w.new_table(table);
    let fill = fill_for(fills, Dialect::Mysql).map(str::to_string);
    if let Some(fill) = fill {
        let mut loose = to.clone();
        loose.nullable = true;
        let definition = w.column_definition(&t, &loose);
        let s = format!("ALTER TABLE {} MODIFY COLUMN {definition}", w.name(table));
        w.push(s);
        let s = format!("UPDATE {} SET {} = {fill}", w.name(table), w.ident(&to.name));
        w.push(s);
        if to.nullable {
            return;
        }
    }
    let definition = w.column_definition(&t, to);
    let s = format!("ALTER TABLE {} MODIFY COLUMN {definition}", w.name(table));
    w.push(s)
}

fn identity(column: &Column) -> Option<AutoIncrement> {
    match column.default {
        Some(ColumnDefault::AutoIncrement { strategy }) => Some(strategy),
        _ => None,
    }
}

/// `USING` for a PostgreSQL type change: a direct cast where one surely exists, else through
/// text, which every type has an input and an output function for.
fn postgres_using(column: &str, from: &ColumnType, to: &ColumnType, type_sql: &str) -> String {
    use ColumnType as T;
    let numeric = |t: &ColumnType| matches!(t, T::Integer { .. } | T::Decimal { .. } | T::Real | T::Double);
    let textual = |t: &ColumnType| matches!(t, T::Text { .. } | T::Varchar { .. } | T::Char { .. });
    let timely = |t: &ColumnType| matches!(t, T::Timestamp { .. } | T::TimestampTz { .. } | T::Date);
    let direct = (numeric(from) && numeric(to))
        || textual(to)
        || (timely(from) && timely(to))
        || (matches!(from, T::Json | T::Jsonb) && matches!(to, T::Json | T::Jsonb));
    if direct { format!("{column}::{type_sql}") } else { format!("{column}::text::{type_sql}") }
}

/// PostgreSQL: one `ALTER TABLE` statement per aspect that changed.
fn postgres_alter_column(w: &mut Writer, table: &QualifiedName, from: &Column, to: &Column, fills: &[Fill]) {
    let t = w.new_table(table);
    let object = format!("{table}.{}", to.name);
    let name = w.name(table);
    let col = w.ident(&to.name);
    let alter = |clause: String| format!("ALTER TABLE {name} ALTER COLUMN {col} {clause}");
    if from.generated != to.generated {
        // A generated column cannot be altered into another: drop it and add it anew.
        let s = format!("ALTER TABLE {name} DROP COLUMN {col}");
        w.push(s);
        add_column(w, table, to, fills);
        let message = format!("the generation of `{object}` changes: the column is dropped and added again");
        w.cx.note(object, &to.loc, message);
        return;
    }
    let fill = fill_for(fills, w.dialect()).map(str::to_string);
    let (old_id, new_id) = (identity(from), identity(to));
    let type_changes = from.ty != to.ty;
    let plain_default = |c: &Column| c.default.is_some() && identity(c).is_none();
    if old_id.is_some() && old_id != new_id {
        w.push(alter("DROP IDENTITY".into()));
    }
    if plain_default(from) && (type_changes || from.default != to.default) {
        w.push(alter("DROP DEFAULT".into()));
    }
    if type_changes {
        let type_sql = w.type_sql(&to.ty);
        let using = match &fill {
            Some(fill) => fill.clone(),
            None => postgres_using(&col, &from.ty, &to.ty, &type_sql),
        };
        w.push(alter(format!("TYPE {type_sql} USING {using}")));
    } else if let Some(fill) = &fill {
        let s = format!("UPDATE {name} SET {col} = {fill}");
        w.push(s);
    }
    if from.nullable && !to.nullable {
        w.push(alter("SET NOT NULL".into()));
    } else if !from.nullable && to.nullable {
        w.push(alter("DROP NOT NULL".into()));
    }
    if plain_default(to) && (type_changes || from.default != to.default) {
        let type_sql = w.type_sql(&to.ty);
        if let Some(default) = render_default(&mut w.cx, to, &type_sql, &object) {
            w.push(alter(format!("SET DEFAULT {default}")));
        }
    }
    if let Some(strategy) = new_id.filter(|_| old_id != new_id) {
        let clause = match strategy {
            AutoIncrement::IdentityAlways => "ADD GENERATED ALWAYS AS IDENTITY",
            _ => "ADD GENERATED BY DEFAULT AS IDENTITY",
        };
        if strategy == AutoIncrement::Serial {
            let message = format!("`{object}` becomes serial: written as an identity column");
            w.cx.note(&object, &to.loc, message);
        }
        w.push(alter(clause.into()));
    }
    if from.comment != to.comment {
        let text = to.comment.as_deref().map_or_else(|| "NULL".into(), |c| w.cx.literal(c));
        let s = format!("COMMENT ON COLUMN {name}.{col} IS {text}");
        w.push(s);
    }
    let _ = t;
}

/// MySQL enums live in their columns: rewrite each column, through the union of the old and
/// new values when values are renamed, so the `UPDATE` in between can move the data.
fn mysql_alter_enum(w: &mut Writer, change: &Change) {
    let Change::AlterEnum { name, from, to, renamed_values, columns } = change else { return };
    for column_ref in columns {
        let Some(table) = w.to.table(&column_ref.table) else { continue };
        let table = table.clone();
        let mut column = column_ref.column.clone();
        if column.ty.enum_name() != Some(name) {
            column.ty = ColumnType::Enum { name: name.clone() };
        }
        let steps: Vec<Vec<String>> = if renamed_values.is_empty() {
            vec![to.clone()]
        } else {
            let mut union = from.clone();
            union.extend(to.iter().filter(|v| !from.contains(v)).cloned());
            vec![union, to.clone()]
        };
        for (i, values) in steps.iter().enumerate() {
            let mut schema = w.to.clone();
            if let Some(e) = schema.enums.iter_mut().find(|e| &e.name == name) {
                e.values = values.clone();
            }
            let mut cx = Context::new(&schema, Dialect::Mysql);
            let plan = TablePlan { inline_pk: None, pk_name: None, counter: plan(&cx, &table).counter };
            let definition = render_column(&mut cx, &table, &column, &plan);
            w.cx.diagnostics.extend(cx.diagnostics);
            let s = format!("ALTER TABLE {} MODIFY COLUMN {definition}", w.name(&table.name));
            w.push(s);
            if i == 0 && steps.len() == 2 {
                let col = w.ident(&column.name);
                let cases: Vec<String> = renamed_values
                    .iter()
                    .map(|(old, new)| format!("WHEN {} THEN {}", w.cx.literal(old), w.cx.literal(new)))
                    .collect();
                let s =
                    format!("UPDATE {} SET {col} = CASE {col} {} ELSE {col} END", w.name(&table.name), cases.join(" "));
                w.push(s);
            }
        }
    }
}

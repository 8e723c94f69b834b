//! Comments on tables, columns, views and enums. PostgreSQL writes them as `COMMENT ON`
//! statements, MySQL inline (see [`crate::table`] and [`crate::column`]), SQLite not at all.

use codegen_core::{Dialect, EnumType, Loc, Table, View};

use crate::context::Context;

/// Report a comment the dialect cannot keep.
fn dropped(cx: &mut Context, what: &str, object: String, loc: &Loc) {
    let message = format!("{} has no comments on {what}: the comment on `{object}` is left out", cx.dialect_name());
    cx.note(object, loc, message);
}

/// `COMMENT ON TABLE` and `COMMENT ON COLUMN` statements for `table` (PostgreSQL).
pub(crate) fn render_table_comments(cx: &mut Context, table: &Table) -> Vec<String> {
    let mut statements = Vec::new();
    match cx.dialect {
        Dialect::Postgres => {
            let name = cx.name(&table.name);
            if let Some(comment) = &table.comment {
                statements.push(format!("COMMENT ON TABLE {name} IS {};", cx.literal(comment)));
            }
            for column in &table.columns {
                if let Some(comment) = &column.comment {
                    let column_name = cx.ident(&column.name);
                    statements.push(format!("COMMENT ON COLUMN {name}.{column_name} IS {};", cx.literal(comment)));
                }
            }
        }
        Dialect::Mysql => {}
        Dialect::Sqlite => {
            if table.comment.is_some() {
                dropped(cx, "tables", table.name.to_string(), &table.loc);
            }
            for column in table.columns.iter().filter(|c| c.comment.is_some()) {
                dropped(cx, "columns", format!("{}.{}", table.name, column.name), &column.loc);
            }
        }
    }
    statements
}

/// `COMMENT ON CONSTRAINT` statements for `table`'s constraints (PostgreSQL), written once the
/// constraints exist (after foreign keys added late to break a cycle).
pub(crate) fn render_constraint_comments(cx: &mut Context, table: &Table) -> Vec<String> {
    if cx.dialect != Dialect::Postgres {
        for constraint in table.constraint_comments.keys() {
            dropped(cx, "constraints", format!("{}.{constraint}", table.name), &table.loc);
        }
        return Vec::new();
    }
    let name = cx.name(&table.name);
    table
        .constraint_comments
        .iter()
        .map(|(constraint, comment)| constraint_comment(cx, &name, constraint, Some(comment)))
        .collect()
}

/// `COMMENT ON CONSTRAINT constraint ON table IS ...` (PostgreSQL), `NULL` removing it.
pub(crate) fn constraint_comment(cx: &Context, table: &str, constraint: &str, comment: Option<&str>) -> String {
    let text = comment.map_or_else(|| "NULL".to_string(), |c| cx.literal(c));
    format!("COMMENT ON CONSTRAINT {} ON {table} IS {text};", cx.ident(constraint))
}

/// `COMMENT ON [MATERIALIZED] VIEW` (PostgreSQL).
pub(crate) fn render_view_comment(cx: &mut Context, view: &View) -> Option<String> {
    let comment = view.comment.as_ref()?;
    if cx.dialect != Dialect::Postgres {
        dropped(cx, "views", view.name.to_string(), &view.loc);
        return None;
    }
    let kind = if view.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
    Some(format!("COMMENT ON {kind} {} IS {};", cx.name(&view.name), cx.literal(comment)))
}

/// `COMMENT ON TYPE` (PostgreSQL; elsewhere enums have no declaration to carry one).
pub(crate) fn render_enum_comment(cx: &mut Context, enum_type: &EnumType) -> Option<String> {
    let comment = enum_type.comment.as_ref()?;
    if cx.dialect != Dialect::Postgres {
        dropped(cx, "enums", enum_type.name.to_string(), &enum_type.loc);
        return None;
    }
    Some(format!("COMMENT ON TYPE {} IS {};", cx.name(&enum_type.name), cx.literal(comment)))
}

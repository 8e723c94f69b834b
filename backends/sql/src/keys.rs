//! Column lists of keys (primary key, unique constraints), which MySQL cannot always index whole.

use codegen_core::{ColumnType, Dialect, Loc, Table};

use crate::context::Context;

/// Characters of a TEXT or BLOB column MySQL indexes: 1,020 bytes in utf8mb4, under InnoDB's limit.
pub(crate) const MYSQL_PREFIX: u32 = 255;

/// How MySQL can index a column of a given type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MysqlKey {
    Whole,
    /// TEXT and BLOB: only by a prefix of a given length.
    Prefix,
    /// JSON (and so arrays): not at all.
    Never,
}

pub(crate) fn mysql_key(ty: &ColumnType) -> MysqlKey {
    match ty {
        ColumnType::Text { .. } | ColumnType::Bytes { .. } => MysqlKey::Prefix,
        ColumnType::Json | ColumnType::Jsonb | ColumnType::Array { .. } => MysqlKey::Never,
        ColumnType::Other { raw } => {
            let upper = raw.to_ascii_uppercase();
            if upper.ends_with("TEXT") || upper.ends_with("BLOB") {
                MysqlKey::Prefix
            } else if upper == "JSON" {
                MysqlKey::Never
            } else {
                MysqlKey::Whole
            }
        }
        _ => MysqlKey::Whole,
    }
}

/// How `column` of `table` is keyed in the dialect.
pub(crate) fn key_kind(cx: &Context, table: &Table, column: &str) -> MysqlKey {
    match (cx.dialect, table.column(column)) {
        (Dialect::Mysql, Some(c)) => mysql_key(&c.ty),
        _ => MysqlKey::Whole,
    }
}

/// One key column: its quoted name, with a prefix length in MySQL where needed (and a warning
/// about `object`), or `None` when MySQL cannot index the column.
pub(crate) fn render_key_column(
    cx: &mut Context,
    table: &Table,
    column: &str,
    object: &str,
    loc: &Loc,
) -> Option<String> {
    match key_kind(cx, table, column) {
        MysqlKey::Whole => Some(cx.ident(column)),
        MysqlKey::Prefix => {
            let message = format!(
                "MySQL indexes TEXT and BLOB columns only by prefix: `{column}` keyed on its first {MYSQL_PREFIX} characters"
            );
            cx.warning(object, loc, message);
            Some(format!("{}({MYSQL_PREFIX})", cx.ident(column)))
        }
        MysqlKey::Never => None,
    }
}

/// `a, b(255)`: the column list of a key, or the first column MySQL cannot index.
pub(crate) fn render_key_columns<'c>(
    cx: &mut Context,
    table: &Table,
    columns: &'c [String],
    object: &str,
    loc: &Loc,
) -> Result<String, &'c str> {
    let mut parts = Vec::with_capacity(columns.len());
    for column in columns {
        parts.push(render_key_column(cx, table, column, object, loc).ok_or(column.as_str())?);
    }
    Ok(parts.join(", "))
}

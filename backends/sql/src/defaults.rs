//! `DEFAULT` values, other than counters (which [`crate::column`] writes as identity,
//! `AUTO_INCREMENT` or `AUTOINCREMENT`).

use codegen_core::{Column, ColumnDefault, ColumnType, Dialect, Literal};

use crate::context::Context;
use crate::expr::{expression, parenthesise};

/// The expression after `DEFAULT` for `column`, whose type is spelled `type_sql`; `None` when
/// there is none or the dialect cannot write it (then with a warning about `object`).
pub(crate) fn render_default(cx: &mut Context, column: &Column, type_sql: &str, object: &str) -> Option<String> {
    let default = column.default.as_ref()?;
    if matches!(default, ColumnDefault::AutoIncrement { .. }) {
        return None;
    }
    // Output for the source's dialect writes the default as the source did.
    if let Some(declared) = codegen_core::read::sql::declared_default_for(cx.schema, column, cx.dialect) {
        return Some(declared.to_string());
    }
    let dialect = cx.dialect;
    let sql = match default {
        ColumnDefault::AutoIncrement { .. } => return None,
        ColumnDefault::Literal { value } => match value {
            Literal::Null => "NULL".to_string(),
            Literal::Bool(true) => "TRUE".to_string(),
            Literal::Bool(false) => "FALSE".to_string(),
            Literal::Number(n) => n.clone(),
            Literal::String(s) => cx.literal(s),
        },
        ColumnDefault::CurrentTimestamp => match (dialect, &column.ty) {
            // MySQL wants the column's own fractional precision repeated in its default.
            (
                Dialect::Mysql,
                ColumnType::Timestamp { precision: Some(p), .. } | ColumnType::TimestampTz { precision: Some(p) },
            ) if *p > 0 => format!("CURRENT_TIMESTAMP({})", (*p).min(6)),
            (Dialect::Mysql, ColumnType::Timestamp { .. } | ColumnType::TimestampTz { .. }) => {
                "CURRENT_TIMESTAMP".to_string()
            }
            // Elsewhere in MySQL it is only accepted as an expression default.
            (Dialect::Mysql, _) => "(CURRENT_TIMESTAMP)".to_string(),
            _ => "CURRENT_TIMESTAMP".to_string(),
        },
        ColumnDefault::CurrentDate if dialect == Dialect::Mysql => "(CURRENT_DATE)".to_string(),
        ColumnDefault::CurrentDate => "CURRENT_DATE".to_string(),
        ColumnDefault::CurrentTime if dialect == Dialect::Mysql => "(CURRENT_TIME)".to_string(),
        ColumnDefault::CurrentTime => "CURRENT_TIME".to_string(),
        ColumnDefault::GeneratedUuid { function } => match dialect {
            Dialect::Postgres => "gen_random_uuid()".to_string(),
            Dialect::Mysql => "(UUID())".to_string(),
            Dialect::Sqlite => {
                let message = format!("SQLite has no uuid function: the default `{function}` is left out");
                cx.warning(object, &column.loc, message);
                return None;
            }
        },
        ColumnDefault::Expression { sql } => match dialect {
            Dialect::Postgres => expression(sql, dialect),
            Dialect::Mysql | Dialect::Sqlite => parenthesise(&expression(sql, dialect)),
        },
    };
    Some(if dialect == Dialect::Mysql && mysql_needs_expression(type_sql) { parenthesise(&sql) } else { sql })
}

/// MySQL before 8.0.13 allows no default on TEXT, BLOB or JSON at all, and since then only an
/// expression default: `DEFAULT ('x')` works where `DEFAULT 'x'` does not.
fn mysql_needs_expression(type_sql: &str) -> bool {
    let upper = type_sql.to_ascii_uppercase();
    ["TEXT", "BLOB", "JSON", "GEOMETRY"].iter().any(|t| upper.ends_with(t))
}

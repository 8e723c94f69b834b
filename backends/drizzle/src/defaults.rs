//! A column's default as a builder method: `.defaultNow()`, `.default(100)`, `.default("member")`,
//! or `.default(sql`...`)` with the SQL backend's own spelling, so that drizzle-kit writes the
//! DDL the SQL backend writes.

use codegen_core::{Column, ColumnDefault, Diagnostics, Dialect, Literal, Schema, Table};
use codegen_typescript::{sql_template, string};

use crate::types::{Builder, Data};

/// The method call, or `None` for no default (counters are written by the builder).
pub fn default_call(
    schema: &Schema,
    table: &Table,
    column: &Column,
    builder: &Builder,
    dialect: Dialect,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let default = column.default.as_ref()?;
    let typed = match (default, builder.data) {
        (ColumnDefault::AutoIncrement { .. }, _) => return None,
        (ColumnDefault::CurrentTimestamp, _) if dialect == Dialect::Postgres => Some(".defaultNow()".to_string()),
        (ColumnDefault::GeneratedUuid { .. }, Data::String) if dialect == Dialect::Postgres => {
            Some(".defaultRandom()".to_string())
        }
        (ColumnDefault::Literal { value: Literal::Bool(b) }, Data::Bool) => Some(format!(".default({b})")),
        (ColumnDefault::Literal { value: Literal::Number(n) }, Data::Number) if is_js_number(n) => {
            Some(format!(".default({n})"))
        }
        (ColumnDefault::Literal { value: Literal::Number(n) }, Data::BigInt) if is_integer(n) => {
            Some(format!(".default({n}n)"))
        }
        (ColumnDefault::Literal { value: Literal::String(s) }, Data::String) if builder.array == 0 => {
            Some(format!(".default({})", string(s)))
        }
        _ => None,
    };
    if typed.is_some() {
        return typed;
    }
    let (sql, found) = codegen_sql::render_column_default(schema, table, column, dialect);
    diagnostics.extend(found);
    sql.map(|sql| format!(".default({})", sql_template(&sql)))
}

/// Whether `n` is written the same as a JavaScript number literal and keeps its value.
fn is_js_number(n: &str) -> bool {
    let digits = n.trim_start_matches('-');
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.')
        && (digits.contains('.') || digits.len() < 16)
}

fn is_integer(n: &str) -> bool {
    let digits = n.trim_start_matches('-');
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_that_javascript_would_round_go_through_sql() {
        assert!(is_js_number("100") && is_js_number("-1.5"));
        assert!(!is_js_number("9223372036854775807") && !is_js_number("1e3") && !is_js_number(".5"));
    }
}

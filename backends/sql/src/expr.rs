//! Helpers for SQL text the model keeps verbatim (checks, defaults, generated columns).

use codegen_core::Dialect;

/// An expression from the model, re-spelled for `dialect` (quotes, casts).
pub(crate) fn expression(sql: &str, dialect: Dialect) -> String {
    codegen_core::sql_expression::for_dialect(sql, dialect)
}

/// Whether `sql` is one parenthesised group, `(a + b)` but not `(a) + (b)`.
pub(crate) fn is_parenthesised(sql: &str) -> bool {
    let sql = sql.trim();
    if !(sql.starts_with('(') && sql.ends_with(')')) {
        return false;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in sql.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' | '`' => quote = Some(c),
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 && i != sql.len() - 1 {
                        return false;
                    }
                }
                _ => {}
            },
        }
    }
    true
}

/// `sql` inside one pair of parentheses, adding them only when it is not already one group.
pub(crate) fn parenthesise(sql: &str) -> String {
    let sql = sql.trim();
    if is_parenthesised(sql) { sql.to_string() } else { format!("({sql})") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_group_is_recognised() {
        assert!(is_parenthesised("(a + b)"));
        assert!(is_parenthesised("((a) + (b))"));
        assert!(!is_parenthesised("(a) + (b)"));
        assert!(!is_parenthesised("lower(email)"));
        assert!(is_parenthesised("(x = ')(')"));
        assert_eq!(parenthesise("now()"), "(now())");
        assert_eq!(parenthesise(" (1) "), "(1)");
    }
}

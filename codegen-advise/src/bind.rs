//! Binding values to a query's parameters, so that a proof can `EXPLAIN` and run it: `$1`,
//! `?`, `:name` and `@name` placeholders become literals.

use std::ops::ControlFlow;

use codegen_core::Dialect;
use sqlparser::ast::{Expr, Value, visit_expressions_mut};
use sqlparser::parser::Parser;

use crate::normalize::parser_dialect;

/// A value to put in place of a parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum BoundValue {
    Number(String),
    Text(String),
    Null,
}

impl BoundValue {
    /// A value read from the database as text: a number stays a number.
    pub fn from_text(text: Option<&str>) -> Self {
        match text {
            None => BoundValue::Null,
            Some(t)
                if !t.is_empty() && t.parse::<f64>().is_ok() && !t.starts_with('+') && !t.starts_with('0')
                    || t == "0" =>
            {
                BoundValue::Number(t.to_string())
            }
            Some(t) => BoundValue::Text(t.to_string()),
        }
    }

    fn to_value(&self) -> Value {
        match self {
            BoundValue::Number(n) => Value::Number(n.clone(), false),
            BoundValue::Text(t) => Value::SingleQuotedString(t.clone()),
            BoundValue::Null => Value::Null,
        }
    }
}

/// `sql` with every placeholder replaced by `value(name, position)` (position counts from 0 in
/// order of appearance); a placeholder without a value is an error naming it.
pub fn bind(sql: &str, dialect: Dialect, value: &dyn Fn(&str, usize) -> Option<BoundValue>) -> Result<String, String> {
    let parser = parser_dialect(dialect);
    let mut statements = Parser::parse_sql(parser.as_ref(), sql).map_err(|e| e.to_string())?;
    let [statement] = statements.as_mut_slice() else {
        return Err("expected one statement".into());
    };
    let mut position = 0;
    let mut missing = None;
    let _ = visit_expressions_mut(statement, |e| {
        if let Expr::Value(v) = e
            && let Value::Placeholder(name) = &v.value
        {
            match value(name, position) {
                Some(bound) => v.value = bound.to_value(),
                None => missing = Some(name.clone()),
            }
            position += 1;
        }
        ControlFlow::<()>::Continue(())
    });
    match missing {
        Some(name) => Err(format!("no value for parameter `{name}`")),
        None => Ok(statement.to_string()),
    }
}

/// Whether the statement has parameters at all.
pub fn has_params(sql: &str, dialect: Dialect) -> bool {
    bind(sql, dialect, &|_, _| None).is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_take_their_values_in_order() {
        let sql = "SELECT * FROM t WHERE a = $1 AND b > $2 LIMIT $3";
        let bound = bind(sql, Dialect::Postgres, &|name, _| match name {
            "$1" => Some(BoundValue::Text("it's".into())),
            "$2" => Some(BoundValue::Number("4".into())),
            _ => Some(BoundValue::Number("50".into())),
        })
        .unwrap();
        assert_eq!(bound, "SELECT * FROM t WHERE a = 'it''s' AND b > 4 LIMIT 50");
        let positional = bind("SELECT * FROM t WHERE a = ? AND b = ?", Dialect::Mysql, &|_, i| {
            Some(BoundValue::Number(i.to_string()))
        });
        assert_eq!(positional.unwrap(), "SELECT * FROM t WHERE a = 0 AND b = 1");
        assert!(
            bind("SELECT * FROM t WHERE a = :last_id", Dialect::Postgres, &|_, _| None)
                .unwrap_err()
                .contains(":last_id")
        );
        assert_eq!(BoundValue::from_text(Some("0042")), BoundValue::Text("0042".into()));
    }
}

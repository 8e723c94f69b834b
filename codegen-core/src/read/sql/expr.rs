//! Lowering expressions: column defaults, and SQL text for checks, predicates and views.

use std::ops::ControlFlow;

use sqlparser::ast::{
    CastKind, Expr, Function, FunctionArguments, UnaryOperator, Value, ValueWithSpan, visit_expressions_mut,
};

use crate::model::{ColumnDefault, Literal};

fn literal(value: &Value) -> Option<Literal> {
    Some(match value {
        Value::Null => Literal::Null,
        Value::Boolean(b) => Literal::Bool(*b),
        Value::Number(n, _) => Literal::Number(n.to_string()),
        Value::SingleQuotedString(s)
        | Value::DoubleQuotedString(s)
        | Value::EscapedStringLiteral(s)
        | Value::NationalStringLiteral(s) => Literal::String(s.clone()),
        _ => return None,
    })
}

fn unwrap_nested(mut expr: &Expr) -> &Expr {
    while let Expr::Nested(inner) = expr {
        expr = inner;
    }
    expr
}

fn function_name(f: &Function) -> String {
    f.name.to_string().to_ascii_lowercase()
}

fn has_no_args(f: &Function) -> bool {
    match &f.args {
        FunctionArguments::None => true,
        FunctionArguments::List(list) => list.args.is_empty(),
        FunctionArguments::Subquery(_) => false,
    }
}

/// Classify a `DEFAULT` expression. Anything unrecognised is kept verbatim.
pub(crate) fn lower_default(expr: &Expr) -> ColumnDefault {
    let expr = unwrap_nested(expr);
    match expr {
        Expr::Value(ValueWithSpan { value, .. }) => {
            if let Some(value) = literal(value) {
                return ColumnDefault::Literal { value };
            }
        }
        Expr::UnaryOp { op: UnaryOperator::Minus, expr: inner } => {
            if let Expr::Value(ValueWithSpan { value: Value::Number(n, _), .. }) = unwrap_nested(inner) {
                return ColumnDefault::Literal { value: Literal::Number(format!("-{n}")) };
            }
        }
        // `'member'::membership_role`, `'{}'::jsonb`: the literal is what matters.
        Expr::Cast { kind: CastKind::DoubleColon | CastKind::Cast, expr: inner, .. } => {
            if let Expr::Value(ValueWithSpan { value, .. }) = unwrap_nested(inner)
                && let Some(value) = literal(value)
            {
                return ColumnDefault::Literal { value };
            }
        }
        Expr::Function(f) => {
            let name = function_name(f);
            match name.as_str() {
                "now"
                | "current_timestamp"
                | "localtimestamp"
                | "transaction_timestamp"
                | "statement_timestamp"
                | "clock_timestamp"
                    if has_no_args(f) =>
                {
                    return ColumnDefault::CurrentTimestamp;
                }
                "current_timestamp" | "localtimestamp" => return ColumnDefault::CurrentTimestamp,
                "current_date" => return ColumnDefault::CurrentDate,
                "current_time" | "localtime" => return ColumnDefault::CurrentTime,
                "gen_random_uuid" | "uuid_generate_v4" | "uuid" | "uuid_generate_v7" | "uuidv7" | "uuidv4" => {
                    return ColumnDefault::GeneratedUuid { function: name };
                }
                // `nextval('seq')` is a serial's default when the sequence is the column's own;
                // the reader decides once every statement is read.
                // SQLite's spelling of "now".
                "datetime" if expr.to_string().to_ascii_lowercase().contains("'now'") => {
                    return ColumnDefault::CurrentTimestamp;
                }
                _ => {}
            }
        }
        Expr::Identifier(ident) => match ident.value.to_ascii_lowercase().as_str() {
            "current_timestamp" | "localtimestamp" => return ColumnDefault::CurrentTimestamp,
            "current_date" => return ColumnDefault::CurrentDate,
            "current_time" | "localtime" => return ColumnDefault::CurrentTime,
            "true" => return ColumnDefault::Literal { value: Literal::Bool(true) },
            "false" => return ColumnDefault::Literal { value: Literal::Bool(false) },
            _ => {}
        },
        _ => {}
    }
    ColumnDefault::Expression { sql: expr.to_string() }
}

/// The text of an expression as stored in the model (checks, predicates, generated columns):
/// sqlparser's canonical spelling, without redundant outer parentheses, and with PostgreSQL's
/// `x::type` casts written as the standard `CAST(x AS type)` that every dialect reads.
pub(crate) fn expression_text(expr: &Expr) -> String {
    let mut expr = unwrap_nested(expr).clone();
    let _ = visit_expressions_mut(&mut expr, |e| {
        if let Expr::Cast { kind, .. } = e
            && *kind == CastKind::DoubleColon
        {
            *kind = CastKind::Cast;
        }
        ControlFlow::<()>::Continue(())
    });
    expr.to_string()
}

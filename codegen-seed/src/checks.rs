//! CHECK constraints: what a generator can satisfy up front (ranges, `IN` lists, `BETWEEN`,
//! lengths, one column against another), and an evaluator for the rest, run on each candidate row.

use std::collections::BTreeMap;

use sqlparser::ast::{BinaryOperator, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, InTarget, UnaryOperator};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

/// What the checks say about one column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnRules {
    pub min: Option<Bound>,
    pub max: Option<Bound>,
    /// The only values allowed (`IN (...)`, `= ANY (ARRAY[...])`, `= 'x'`).
    pub allowed: Option<Vec<String>>,
    pub min_len: Option<u64>,
    pub max_len: Option<u64>,
}

/// A bound on a column: a number, or text (dates compare as ISO text).
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub value: Literal,
    pub inclusive: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Number(f64),
    Text(String),
}

/// `left > right` (or `>=`), both columns of the row, holding when both are set.
#[derive(Debug, Clone, PartialEq)]
pub struct Ordering {
    pub greater: String,
    pub lesser: String,
    pub strict: bool,
}

/// A check part no rule captured, evaluated on each row.
#[derive(Debug, Clone)]
pub struct Residual {
    /// The constraint's name, or its text.
    pub name: String,
    pub expr: Expr,
}

/// Everything the checks of one table say.
#[derive(Debug, Clone, Default)]
pub struct TableRules {
    pub columns: BTreeMap<String, ColumnRules>,
    pub orderings: Vec<Ordering>,
    pub residuals: Vec<Residual>,
}

/// Parse a check (or domain check, with `VALUE` for the column) into rules; what cannot be read
/// as SQL at all is kept as an unparsed residual, reported by the caller.
pub fn analyse_check(sql: &str, name: &str, value_column: Option<&str>, rules: &mut TableRules) -> Result<(), String> {
    let expr = parse_expr(sql)?;
    let expr = match value_column {
        Some(column) => replace_value(expr, column),
        None => expr,
    };
    for part in conjuncts(&expr) {
        if !capture(part, rules) {
            rules.residuals.push(Residual { name: name.to_string(), expr: part.clone() });
        }
    }
    Ok(())
}

pub fn parse_expr(sql: &str) -> Result<Expr, String> {
    Parser::new(&PostgreSqlDialect {}).try_with_sql(sql).and_then(|mut p| p.parse_expr()).map_err(|e| e.to_string())
}

fn replace_value(expr: Expr, column: &str) -> Expr {
    use std::ops::ControlFlow;
    let mut expr = expr;
    let _ = sqlparser::ast::visit_expressions_mut(&mut expr, |e| {
        if let Expr::Identifier(ident) = e
            && ident.quote_style.is_none()
            && ident.value.eq_ignore_ascii_case("value")
        {
            *e = Expr::Identifier(sqlparser::ast::Ident::with_quote('"', column));
        }
        ControlFlow::<()>::Continue(())
    });
    expr
}

/// The parts of a top-level `AND`.
fn conjuncts(expr: &Expr) -> Vec<&Expr> {
    match strip(expr) {
        Expr::BinaryOp { left, op: BinaryOperator::And, right } => {
            let mut parts = conjuncts(left);
            parts.extend(conjuncts(right));
            parts
        }
        other => vec![other],
    }
}

/// Without parentheses and casts.
fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Nested(inner) => strip(inner),
        Expr::Cast { expr, .. } => strip(expr),
        other => other,
    }
}

/// The column an expression names, if it is a plain column (through casts and parentheses).
pub fn column_of(expr: &Expr) -> Option<String> {
    match strip(expr) {
        Expr::Identifier(ident) => Some(ident.value.clone()),
        Expr::CompoundIdentifier(parts) => parts.last().map(|i| i.value.clone()),
        _ => None,
    }
}

fn literal_of(expr: &Expr) -> Option<Literal> {
    match strip(expr) {
        Expr::Value(v) => match &v.value {
            sqlparser::ast::Value::Number(n, _) => n.parse().ok().map(Literal::Number),
            sqlparser::ast::Value::SingleQuotedString(s) | sqlparser::ast::Value::DoubleQuotedString(s) => {
                Some(Literal::Text(s.clone()))
            }
            _ => None,
        },
        Expr::UnaryOp { op: UnaryOperator::Minus, expr } => match literal_of(expr)? {
            Literal::Number(n) => Some(Literal::Number(-n)),
            Literal::Text(_) => None,
        },
        _ => None,
    }
}

fn text_of(literal: Literal) -> String {
    match literal {
        Literal::Number(n) => crate::value::format_float(n).trim_end_matches(".0").to_string(),
        Literal::Text(t) => t,
    }
}

/// The column whose length a `length(col)`-like call measures.
fn length_of(expr: &Expr) -> Option<String> {
    let Expr::Function(f) = strip(expr) else { return None };
    let name = f.name.to_string().to_ascii_lowercase();
    if !matches!(name.as_str(), "length" | "char_length" | "character_length" | "octet_length" | "len") {
        return None;
    }
    let args = function_args(&f.args);
    match args.as_slice() {
        [arg] => column_of(arg),
        _ => None,
    }
}

pub(crate) fn function_args(args: &FunctionArguments) -> Vec<&Expr> {
    match args {
        FunctionArguments::List(list) => list
            .args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Record `expr` as a rule when it is one this module understands.
fn capture(expr: &Expr, rules: &mut TableRules) -> bool {
    match strip(expr) {
        // `x IS NULL OR <rule on x>`: the rule, which generated values keep whenever x is set.
        Expr::BinaryOp { left, op: BinaryOperator::Or, right } => {
            let guarded = |guard: &Expr, rest: &Expr, rules: &mut TableRules| {
                if let Expr::IsNull(inner) = strip(guard)
                    && column_of(inner).is_some()
                {
                    let mut trial = rules.clone();
                    if conjuncts(rest).into_iter().all(|p| capture(p, &mut trial)) {
                        *rules = trial;
                        return true;
                    }
                }
                false
            };
            guarded(left, right, rules) || guarded(right, left, rules)
        }
        Expr::IsNotNull(inner) => column_of(inner).is_some(),
        Expr::Between { expr, negated: false, low, high } => {
            let Some(column) = column_of(expr) else { return false };
            let (Some(low), Some(high)) = (literal_of(low), literal_of(high)) else { return false };
            let rule = rules.columns.entry(column).or_default();
            tighten_min(rule, Bound { value: low, inclusive: true });
            tighten_max(rule, Bound { value: high, inclusive: true });
            true
        }
        Expr::In { expr, target: InTarget::List(list), negated: false, .. } => {
            let Some(column) = column_of(expr) else { return false };
            let values: Option<Vec<String>> = list.iter().map(|e| literal_of(e).map(text_of)).collect();
            let Some(values) = values else { return false };
            restrict(rules.columns.entry(column).or_default(), values);
            true
        }
        Expr::AnyOp { left, compare_op: BinaryOperator::Eq, right, .. } => {
            let Some(column) = column_of(left) else { return false };
            let Expr::Array(array) = strip(right) else { return false };
            let values: Option<Vec<String>> = array.elem.iter().map(|e| literal_of(e).map(text_of)).collect();
            let Some(values) = values else { return false };
            restrict(rules.columns.entry(column).or_default(), values);
            true
        }
        Expr::BinaryOp { left, op, right } => capture_comparison(left, op, right, rules),
        _ => false,
    }
}

fn capture_comparison(left: &Expr, op: &BinaryOperator, right: &Expr, rules: &mut TableRules) -> bool {
    use BinaryOperator as B;
    if !matches!(op, B::Gt | B::GtEq | B::Lt | B::LtEq | B::Eq | B::NotEq) {
        return false;
    }
    // Lengths: length(col) op n.
    if let (Some(column), Some(Literal::Number(n))) = (length_of(left), literal_of(right)) {
        let rule = rules.columns.entry(column).or_default();
        let n = n.max(0.0) as u64;
        match op {
            B::Gt => rule.min_len = Some(rule.min_len.unwrap_or(0).max(n + 1)),
            B::GtEq => rule.min_len = Some(rule.min_len.unwrap_or(0).max(n)),
            B::Lt => rule.max_len = Some(rule.max_len.map_or(n.saturating_sub(1), |m| m.min(n.saturating_sub(1)))),
            B::LtEq => rule.max_len = Some(rule.max_len.map_or(n, |m| m.min(n))),
            B::NotEq if n == 0 => rule.min_len = Some(rule.min_len.unwrap_or(0).max(1)),
            _ => return false,
        }
        return true;
    }
    // col <> '' : not empty.
    if let (Some(column), Some(Literal::Text(t)), B::NotEq) = (column_of(left), literal_of(right), op)
        && t.is_empty()
    {
        let rule = rules.columns.entry(column).or_default();
        rule.min_len = Some(rule.min_len.unwrap_or(0).max(1));
        return true;
    }
    match (column_of(left), column_of(right), literal_of(left), literal_of(right)) {
        (Some(column), None, _, Some(value)) => bound(rules, column, op, value),
        (None, Some(column), Some(value), _) => bound(rules, column, &flip(op), value),
        (Some(a), Some(b), _, _) => match op {
            B::Gt => push_order(rules, a, b, true),
            B::GtEq => push_order(rules, a, b, false),
            B::Lt => push_order(rules, b, a, true),
            B::LtEq => push_order(rules, b, a, false),
            _ => false,
        },
        _ => false,
    }
}

fn push_order(rules: &mut TableRules, greater: String, lesser: String, strict: bool) -> bool {
    rules.orderings.push(Ordering { greater, lesser, strict });
    true
}

fn flip(op: &BinaryOperator) -> BinaryOperator {
    use BinaryOperator as B;
    match op {
        B::Gt => B::Lt,
        B::GtEq => B::LtEq,
        B::Lt => B::Gt,
        B::LtEq => B::GtEq,
        other => other.clone(),
    }
}

fn bound(rules: &mut TableRules, column: String, op: &BinaryOperator, value: Literal) -> bool {
    use BinaryOperator as B;
    let rule = rules.columns.entry(column).or_default();
    match op {
        B::Gt => tighten_min(rule, Bound { value, inclusive: false }),
        B::GtEq => tighten_min(rule, Bound { value, inclusive: true }),
        B::Lt => tighten_max(rule, Bound { value, inclusive: false }),
        B::LtEq => tighten_max(rule, Bound { value, inclusive: true }),
        B::Eq => restrict(rule, vec![text_of(value)]),
        _ => return false,
    }
    true
}

fn tighten_min(rule: &mut ColumnRules, bound: Bound) {
    let tighter = match (&rule.min, &bound.value) {
        (Some(Bound { value: Literal::Number(old), .. }), Literal::Number(new)) => new > old,
        (Some(Bound { value: Literal::Text(old), .. }), Literal::Text(new)) => new > old,
        (None, _) => true,
        _ => false,
    };
    if tighter {
        rule.min = Some(bound);
    }
}

fn tighten_max(rule: &mut ColumnRules, bound: Bound) {
    let tighter = match (&rule.max, &bound.value) {
        (Some(Bound { value: Literal::Number(old), .. }), Literal::Number(new)) => new < old,
        (Some(Bound { value: Literal::Text(old), .. }), Literal::Text(new)) => new < old,
        (None, _) => true,
        _ => false,
    };
    if tighter {
        rule.max = Some(bound);
    }
}

fn restrict(rule: &mut ColumnRules, values: Vec<String>) {
    rule.allowed = Some(match rule.allowed.take() {
        Some(old) => old.into_iter().filter(|v| values.contains(v)).collect(),
        None => values,
    });
}

/// A value during evaluation, in SQL's three-valued logic.
#[derive(Debug, Clone, PartialEq)]
pub enum Eval {
    Null,
    Bool(bool),
    Num(f64),
    Text(String),
}

/// Evaluate `expr` with `lookup` giving each column's value; `Err` when the expression uses
/// something this evaluator does not know (the database then has the last word).
pub fn evaluate(expr: &Expr, lookup: &dyn Fn(&str) -> Option<Eval>, now: &str) -> Result<Eval, String> {
    use BinaryOperator as B;
    let eval = |e: &Expr| evaluate(e, lookup, now);
    Ok(match expr {
        Expr::Nested(inner) => eval(inner)?,
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) => {
            let column = column_of(expr).unwrap_or_default();
            match column.to_ascii_lowercase().as_str() {
                "current_timestamp" | "current_date" | "localtimestamp" => Eval::Text(now.to_string()),
                "true" => Eval::Bool(true),
                "false" => Eval::Bool(false),
                _ => lookup(&column).ok_or_else(|| format!("unknown column `{column}`"))?,
            }
        }
        Expr::Value(v) => match &v.value {
            sqlparser::ast::Value::Number(n, _) => Eval::Num(n.parse().map_err(|_| format!("number {n}"))?),
            sqlparser::ast::Value::SingleQuotedString(s) => Eval::Text(s.clone()),
            sqlparser::ast::Value::Boolean(b) => Eval::Bool(*b),
            sqlparser::ast::Value::Null => Eval::Null,
            other => return Err(format!("literal {other}")),
        },
        Expr::Cast { expr, .. } => eval(expr)?,
        Expr::UnaryOp { op: UnaryOperator::Not, expr } => match eval(expr)? {
            Eval::Bool(b) => Eval::Bool(!b),
            Eval::Null => Eval::Null,
            other => return Err(format!("NOT of {other:?}")),
        },
        Expr::UnaryOp { op: UnaryOperator::Minus, expr } => match eval(expr)? {
            Eval::Num(n) => Eval::Num(-n),
            other => other,
        },
        Expr::IsNull(e) => Eval::Bool(eval(e)? == Eval::Null),
        Expr::IsNotNull(e) => Eval::Bool(eval(e)? != Eval::Null),
        Expr::Between { expr, negated, low, high } => {
            let (v, lo, hi) = (eval(expr)?, eval(low)?, eval(high)?);
            let inside = and(compare(&v, &lo, &B::GtEq), compare(&v, &hi, &B::LtEq));
            if *negated { not(inside) } else { inside }
        }
        Expr::In { expr, target: InTarget::List(list), negated, .. } => {
            let v = eval(expr)?;
            let mut result = Eval::Bool(false);
            for item in list {
                result = or(result, compare(&v, &eval(item)?, &B::Eq));
            }
            if *negated { not(result) } else { result }
        }
        Expr::AnyOp { left, compare_op, right, .. } => {
            let v = eval(left)?;
            let Expr::Array(array) = strip(right) else { return Err("ANY over a non-array".into()) };
            let mut result = Eval::Bool(false);
            for item in &array.elem {
                result = or(result, compare(&v, &eval(item)?, compare_op));
            }
            result
        }
        Expr::Like { negated, expr, pattern, .. } => match (eval(expr)?, eval(pattern)?) {
            (Eval::Text(t), Eval::Text(p)) => Eval::Bool(like(&t, &p) != *negated),
            _ => Eval::Null,
        },
        Expr::ILike { negated, expr, pattern, .. } => match (eval(expr)?, eval(pattern)?) {
            (Eval::Text(t), Eval::Text(p)) => Eval::Bool(like(&t.to_lowercase(), &p.to_lowercase()) != *negated),
            _ => Eval::Null,
        },
        Expr::BinaryOp { left, op, right } => {
            let (l, r) = (eval(left)?, eval(right)?);
            match op {
                B::And => and(l, r),
                B::Or => or(l, r),
                B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq => compare(&l, &r, op),
                B::Plus | B::Minus | B::Multiply | B::Divide | B::Modulo => match (l, r) {
                    (Eval::Num(a), Eval::Num(b)) => Eval::Num(match op {
                        B::Plus => a + b,
                        B::Minus => a - b,
                        B::Multiply => a * b,
                        B::Divide if b != 0.0 => a / b,
                        B::Modulo if b != 0.0 => a % b,
                        _ => return Ok(Eval::Null),
                    }),
                    (Eval::Null, _) | (_, Eval::Null) => Eval::Null,
                    _ => return Err("arithmetic on non-numbers".into()),
                },
                B::StringConcat => match (l, r) {
                    (Eval::Null, _) | (_, Eval::Null) => Eval::Null,
                    (a, b) => Eval::Text(format!("{}{}", display(&a), display(&b))),
                },
                other => return Err(format!("operator {other}")),
            }
        }
        Expr::Function(f) => {
            let name = f.name.to_string().to_ascii_lowercase();
            let args: Vec<Eval> = function_args(&f.args).into_iter().map(eval).collect::<Result<_, _>>()?;
            let text = |i: usize| match args.get(i) {
                Some(Eval::Null) | None => None,
                Some(v) => Some(display(v)),
            };
            match name.as_str() {
                "now" | "current_timestamp" | "current_date" | "localtimestamp" => Eval::Text(now.to_string()),
                "length" | "char_length" | "character_length" | "len" => {
                    text(0).map_or(Eval::Null, |t| Eval::Num(t.chars().count() as f64))
                }
                "octet_length" => text(0).map_or(Eval::Null, |t| Eval::Num(t.len() as f64)),
                "lower" => text(0).map_or(Eval::Null, |t| Eval::Text(t.to_lowercase())),
                "upper" => text(0).map_or(Eval::Null, |t| Eval::Text(t.to_uppercase())),
                "trim" | "btrim" => text(0).map_or(Eval::Null, |t| Eval::Text(t.trim().to_string())),
                "abs" => match args.first() {
                    Some(Eval::Num(n)) => Eval::Num(n.abs()),
                    _ => Eval::Null,
                },
                "coalesce" => args.into_iter().find(|a| *a != Eval::Null).unwrap_or(Eval::Null),
                other => return Err(format!("function {other}()")),
            }
        }
        Expr::Trim { expr, .. } => match eval(expr)? {
            Eval::Null => Eval::Null,
            v => Eval::Text(display(&v).trim().to_string()),
        },
        other => return Err(format!("expression {other}")),
    })
}

pub fn display(value: &Eval) -> String {
    match value {
        Eval::Null => String::new(),
        Eval::Bool(b) => b.to_string(),
        Eval::Num(n) => crate::value::format_float(*n).trim_end_matches(".0").to_string(),
        Eval::Text(t) => t.clone(),
    }
}

fn and(a: Eval, b: Eval) -> Eval {
    match (a, b) {
        (Eval::Bool(false), _) | (_, Eval::Bool(false)) => Eval::Bool(false),
        (Eval::Bool(true), Eval::Bool(true)) => Eval::Bool(true),
        _ => Eval::Null,
    }
}

fn or(a: Eval, b: Eval) -> Eval {
    match (a, b) {
        (Eval::Bool(true), _) | (_, Eval::Bool(true)) => Eval::Bool(true),
        (Eval::Bool(false), Eval::Bool(false)) => Eval::Bool(false),
        _ => Eval::Null,
    }
}

fn not(a: Eval) -> Eval {
    match a {
        Eval::Bool(b) => Eval::Bool(!b),
        other => other,
    }
}

fn compare(a: &Eval, b: &Eval, op: &BinaryOperator) -> Eval {
    use BinaryOperator as B;
    let ordering = match (a, b) {
        (Eval::Null, _) | (_, Eval::Null) => return Eval::Null,
        (Eval::Num(x), Eval::Num(y)) => x.partial_cmp(y),
        (Eval::Num(x), Eval::Text(t)) | (Eval::Text(t), Eval::Num(x)) => match t.trim().parse::<f64>() {
            Ok(y) if matches!(a, Eval::Num(_)) => x.partial_cmp(&y),
            Ok(y) => y.partial_cmp(x),
            Err(_) => return Eval::Null,
        },
        (Eval::Bool(x), Eval::Bool(y)) => x.partial_cmp(y),
        (x, y) => display(x).as_str().partial_cmp(display(y).as_str()),
    };
    let Some(ordering) = ordering else { return Eval::Null };
    Eval::Bool(match op {
        B::Eq => ordering.is_eq(),
        B::NotEq => ordering.is_ne(),
        B::Lt => ordering.is_lt(),
        B::LtEq => ordering.is_le(),
        B::Gt => ordering.is_gt(),
        B::GtEq => ordering.is_ge(),
        _ => return Eval::Null,
    })
}

/// SQL `LIKE` with `%` and `_`.
fn like(text: &str, pattern: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    fn go(t: &[char], p: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('%', rest)) => (0..=t.len()).any(|i| go(&t[i..], rest)),
            Some(('_', rest)) => !t.is_empty() && go(&t[1..], rest),
            Some((c, rest)) => t.first() == Some(c) && go(&t[1..], rest),
        }
    }
    go(&t, &p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(sqls: &[&str]) -> TableRules {
        let mut rules = TableRules::default();
        for sql in sqls {
            analyse_check(sql, sql, None, &mut rules).unwrap();
        }
        rules
    }

    #[test]
    fn ranges_lists_lengths_and_orderings_are_captured() {
        let r = rules(&[
            "traffic_percent BETWEEN 0 AND 100",
            "ended_at IS NULL OR ended_at >= started_at",
            "((rating)::text = ANY ((ARRAY['G'::character varying, 'PG'::character varying])::text[]))",
            "char_length(code) <= 8 AND code <> ''",
            "weight >= 0",
        ]);
        assert!(r.residuals.is_empty(), "{:?}", r.residuals);
        let t = &r.columns["traffic_percent"];
        assert_eq!(t.max, Some(Bound { value: Literal::Number(100.0), inclusive: true }));
        assert_eq!(
            r.orderings,
            vec![Ordering { greater: "ended_at".into(), lesser: "started_at".into(), strict: false }]
        );
        assert_eq!(r.columns["rating"].allowed, Some(vec!["G".into(), "PG".into()]));
        assert_eq!((r.columns["code"].min_len, r.columns["code"].max_len), (Some(1), Some(8)));
    }

    #[test]
    fn the_rest_is_evaluated() {
        let r = rules(&["(price * quantity) < 1000 OR discount > 0"]);
        assert_eq!(r.residuals.len(), 1);
        let row = |price: f64| {
            move |c: &str| match c {
                "price" => Some(Eval::Num(price)),
                "quantity" => Some(Eval::Num(10.0)),
                "discount" => Some(Eval::Num(0.0)),
                _ => None,
            }
        };
        assert_eq!(evaluate(&r.residuals[0].expr, &row(50.0), "2025-01-01").unwrap(), Eval::Bool(true));
        assert_eq!(evaluate(&r.residuals[0].expr, &row(500.0), "2025-01-01").unwrap(), Eval::Bool(false));
        assert!(like("hello", "h%o") && !like("hello", "h_o"));
    }
}

//! Functions, casts and arithmetic on columns: the ranges an index can seek.

use super::*;

pub(super) fn non_sargable_in(cx: &Context, out: &mut Vec<Finding>) {
    let selection = match cx.statement {
        Statement::Query(q) => outer_select(q).and_then(|s| s.selection.clone()),
        Statement::Update(u) => u.selection.clone(),
        Statement::Delete(d) => d.selection.clone(),
        _ => None,
    };
    let Some(selection) = selection else { return };
    let mut conjuncts = Vec::new();
    split_and(&selection, &mut conjuncts);
    let mut rewritten_conjuncts: Vec<Expr> = Vec::new();
    let mut found: Vec<String> = Vec::new();
    let mut all_rewritten = true;
    for conjunct in &conjuncts {
        match sargable_form(cx, conjunct) {
            Some(Sargable::Rewritten(expr, what)) => {
                found.push(what);
                rewritten_conjuncts.push(*expr);
            }
            Some(Sargable::Stuck(what)) => {
                found.push(what);
                all_rewritten = false;
                rewritten_conjuncts.push((*conjunct).clone());
            }
            None => rewritten_conjuncts.push((*conjunct).clone()),
        }
    }
    if found.is_empty() {
        return;
    }
    let mut finding = Finding::new(
        FindingKind::NonSargable,
        format!("{}: an index on the bare column cannot seek it", found.join("; ")),
    );
    if rewritten_conjuncts.iter().zip(&conjuncts).any(|(a, b)| a != *b) {
        let mut filter = None;
        for e in rewritten_conjuncts {
            filter = Some(and(filter, e));
        }
        let mut statement = cx.statement.clone();
        let target = match &mut statement {
            Statement::Query(q) => match q.body.as_mut() {
                SetExpr::Select(s) => Some(&mut s.selection),
                _ => None,
            },
            Statement::Update(u) => Some(&mut u.selection),
            Statement::Delete(d) => Some(&mut d.selection),
            _ => None,
        };
        if let Some(target) = target {
            *target = filter;
            if let Some(rewritten) = reparse(&statement.to_string(), cx.dialect) {
                finding = finding.with_rewrite(cx.statement.to_string(), rewritten, None, Semantics::Same);
            }
        }
    }
    if !all_rewritten {
        finding.message.push_str(" (an expression index serves what cannot be rewritten)");
    }
    out.push(finding);
}

enum Sargable {
    /// A form an index on the column seeks, and what was found.
    Rewritten(Box<Expr>, String),
    /// No rewrite (an expression index would serve it), and what was found.
    Stuck(String),
}

fn sargable_form(cx: &Context, conjunct: &Expr) -> Option<Sargable> {
    let Expr::BinaryOp { left, op, right } = strip_nested(conjunct) else { return None };
    let (wrapped, op, constant_side) = if is_constant(right) {
        (strip_nested(left), op.clone(), right)
    } else if is_constant(left) {
        (strip_nested(right), flip(op)?, left)
    } else {
        return None;
    };
    let constant = literal(constant_side).unwrap_or_default();
    let quote_col = |c: &Expr| c.to_string();
    // date(col) = 'D', col::date = 'D', CAST(col AS DATE) = 'D', date_trunc('day', col) = 'D'
    if let Some(column) = as_date_of(wrapped, cx.dialect)
        && op == BinaryOperator::Eq
        && let Some(day) = constant.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')).and_then(parse_day)
    {
        let what = format!("`{wrapped}` wraps column `{}` in a date conversion", quote_col(column));
        let next = next_day(day);
        let range = format!("{c} >= '{}' AND {c} < '{}'", format_day(day), format_day(next), c = column);
        return Some(match parse_expr(&range, cx.dialect) {
            Some(expr) => Sargable::Rewritten(Box::new(expr), what),
            None => Sargable::Stuck(what),
        });
    }
    // EXTRACT(YEAR FROM col) = N, date_part('year', col) = N, YEAR(col) = N
    if let Some(column) = as_year_of(wrapped)
        && op == BinaryOperator::Eq
        && let Ok(year) = constant.trim_matches('\'').parse::<i32>()
    {
        let what = format!("`{wrapped}` takes the year of column `{column}`");
        let range = format!("{column} >= '{year:04}-01-01' AND {column} < '{:04}-01-01'", year + 1);
        return Some(match parse_expr(&range, cx.dialect) {
            Some(expr) => Sargable::Rewritten(Box::new(expr), what),
            None => Sargable::Stuck(what),
        });
    }
    // col + k op c, col - k op c (numbers)
    if let Expr::BinaryOp { left: l, op: arith @ (BinaryOperator::Plus | BinaryOperator::Minus), right: r } = wrapped
        && is_column(l)
        && let (Some(k), Ok(c)) = (literal(r).and_then(|k| k.parse::<f64>().ok()), constant.parse::<f64>())
        && matches!(
            op,
            BinaryOperator::Eq | BinaryOperator::Lt | BinaryOperator::LtEq | BinaryOperator::Gt | BinaryOperator::GtEq
        )
    {
        let value = if *arith == BinaryOperator::Plus { c - k } else { c + k };
        let what = format!("`{wrapped}` computes on column `{l}`");
        let number = if value.fract() == 0.0 { format!("{}", value as i64) } else { format!("{value}") };
        let expr = parse_expr(&format!("{l} {op} {number}"), cx.dialect)?;
        return Some(Sargable::Rewritten(Box::new(expr), what));
    }
    // lower(col) = ..., upper(col), coalesce(col, ..), a cast of a column
    let wraps_column = match wrapped {
        Expr::Function(f) => function_args(f).iter().any(|a| is_column(a)),
        Expr::Cast { expr, .. } => is_column(expr),
        _ => false,
    };
    if wraps_column && !has_expression_index(cx, wrapped) {
        return Some(Sargable::Stuck(format!("`{wrapped}` wraps a column in a function")));
    }
    None
}

fn has_expression_index(cx: &Context, expr: &Expr) -> bool {
    let key = crate::normalize::normalize_expr(expr, cx.dialect);
    cx.shape.blocks.first().is_some_and(|b| {
        b.tables.iter().any(|t| {
            cx.est.table(&t.table).is_some_and(|table| {
                crate::index_view::indexes_of(table, cx.dialect)
                    .iter()
                    .any(|v| v.parts.first().is_some_and(|(k, _)| k == &crate::shape::Key::Expression(key.clone())))
            })
        })
    })
}

/// A literal, a parameter, or a function or cast of those.
fn is_constant(expr: &Expr) -> bool {
    match strip_nested(expr) {
        Expr::Value(_) | Expr::TypedString(_) => true,
        Expr::Cast { expr, .. } => is_constant(expr),
        Expr::Function(f) => {
            let args = function_args(f);
            matches!(&f.args, FunctionArguments::List(_)) && args.iter().all(|a| is_constant(a))
        }
        _ => false,
    }
}

fn is_column(expr: &Expr) -> bool {
    matches!(strip_nested(expr), Expr::Identifier(_) | Expr::CompoundIdentifier(_))
}

fn literal(expr: &Expr) -> Option<String> {
    match strip_nested(expr) {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => Some(n.clone()),
            Value::SingleQuotedString(s) => Some(format!("'{s}'")),
            _ => None,
        },
        _ => None,
    }
}

fn flip(op: &BinaryOperator) -> Option<BinaryOperator> {
    Some(match op {
        BinaryOperator::Eq => BinaryOperator::Eq,
        BinaryOperator::Lt => BinaryOperator::Gt,
        BinaryOperator::LtEq => BinaryOperator::GtEq,
        BinaryOperator::Gt => BinaryOperator::Lt,
        BinaryOperator::GtEq => BinaryOperator::LtEq,
        _ => return None,
    })
}

fn function_args(f: &sqlparser::ast::Function) -> Vec<&Expr> {
    match &f.args {
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

/// The column a date conversion reads.
fn as_date_of(expr: &Expr, _dialect: Dialect) -> Option<&Expr> {
    match expr {
        Expr::Cast { expr, data_type: sqlparser::ast::DataType::Date, .. } if is_column(expr) => {
            Some(strip_nested(expr))
        }
        Expr::Function(f) => {
            let name = f.name.to_string().to_ascii_lowercase();
            let args = function_args(f);
            match (name.as_str(), args.as_slice()) {
                ("date", [column]) if is_column(column) => Some(strip_nested(column)),
                ("date_trunc", [unit, column])
                    if is_column(column) && literal(unit).is_some_and(|u| u.eq_ignore_ascii_case("'day'")) =>
                {
                    Some(strip_nested(column))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The column a year extraction reads.
fn as_year_of(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::Extract { field: DateTimeField::Year, expr, .. } if is_column(expr) => Some(strip_nested(expr)),
        Expr::Function(f) => {
            let name = f.name.to_string().to_ascii_lowercase();
            let args = function_args(f);
            match (name.as_str(), args.as_slice()) {
                ("year", [column]) if is_column(column) => Some(strip_nested(column)),
                ("date_part", [unit, column])
                    if is_column(column) && literal(unit).is_some_and(|u| u.eq_ignore_ascii_case("'year'")) =>
                {
                    Some(strip_nested(column))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn parse_day(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn next_day((y, m, d): (i32, u32, u32)) -> (i32, u32, u32) {
    if d < days_in_month(y, m) {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    }
}

fn format_day((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_roll_over_months_and_leap_years() {
        assert_eq!(next_day((2024, 2, 28)), (2024, 2, 29));
        assert_eq!(next_day((2023, 2, 28)), (2023, 3, 1));
        assert_eq!(next_day((2024, 12, 31)), (2025, 1, 1));
        assert_eq!(parse_day("2024-02-30"), None);
    }
}

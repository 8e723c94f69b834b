//! `OR` across columns to `UNION ALL`.

use super::*;

pub(super) fn or_across_columns(cx: &Context, query: &Query, out: &mut Vec<Finding>) {
    let Some(select) = outer_select(query) else { return };
    let Some(block) = cx.shape.blocks.first() else { return };
    let Some(selection) = &select.selection else { return };
    let mut conjuncts = Vec::new();
    split_and(selection, &mut conjuncts);
    for conjunct in &conjuncts {
        let Expr::BinaryOp { left, op: BinaryOperator::Or, right } = conjunct else { continue };
        let (lc, rc) = (first_column(left, cx.dialect), first_column(right, cx.dialect));
        let (Some(lc), Some(rc)) = (lc, rc) else { continue };
        if lc == rc {
            continue;
        }
        let mut finding = Finding::new(
            FindingKind::OrAcrossColumns,
            format!(
                "`{lc}` OR `{rc}`: one index cannot seek both sides; two index seeks joined by UNION ALL can \
                 (the second side excludes the rows of the first)"
            ),
        );
        let simple = block.tables.len() == 1
            && query.order_by.is_none()
            && query.limit_clause.is_none()
            && select.distinct.is_none()
            && !block.single_row_aggregate
            && matches!(select.group_by, GroupByExpr::Expressions(ref e, _) if e.is_empty());
        if simple && let Some(rewritten) = union_all(cx, select, &conjuncts, conjunct, left, right) {
            finding = finding.with_rewrite(cx.statement.to_string(), rewritten, None, Semantics::Same);
        }
        out.push(finding);
        return;
    }
}

fn first_column(expr: &Expr, dialect: Dialect) -> Option<String> {
    match strip_nested(expr) {
        Expr::BinaryOp { left, op, .. } if !matches!(op, BinaryOperator::And | BinaryOperator::Or) => {
            column_name(left, dialect)
        }
        Expr::In { expr, .. } | Expr::Between { expr, .. } | Expr::Like { expr, .. } | Expr::IsNull(expr) => {
            column_name(expr, dialect)
        }
        _ => None,
    }
}

fn union_all(
    cx: &Context,
    select: &Select,
    conjuncts: &[&Expr],
    or: &Expr,
    left: &Expr,
    right: &Expr,
) -> Option<String> {
    let rest: Vec<Expr> = conjuncts.iter().filter(|c| !std::ptr::eq(**c, or)).map(|c| (*c).clone()).collect();
    let with = |extra: Vec<Expr>| {
        let mut filter = None;
        for e in extra.into_iter().chain(rest.iter().cloned()) {
            filter = Some(and(filter, e));
        }
        let mut s = select.clone();
        s.selection = filter;
        s.to_string()
    };
    let not_left = parse_expr(&format!("({left}) IS NOT TRUE"), cx.dialect)?;
    let first = with(vec![strip_nested(left).clone()]);
    let second = with(vec![strip_nested(right).clone(), not_left]);
    reparse(&format!("{first} UNION ALL {second}"), cx.dialect)
}

//! `NOT IN` over a nullable subquery, and correlated scalar subqueries.

use super::*;

pub(super) fn not_in_nullable(cx: &Context, query: &Query, out: &mut Vec<Finding>) {
    let Some(select) = outer_select(query) else { return };
    let Some(selection) = &select.selection else { return };
    let mut conjuncts = Vec::new();
    split_and(selection, &mut conjuncts);
    for conjunct in conjuncts {
        let Expr::In { expr, target: InTarget::Subquery(subquery), negated: true, .. } = conjunct else { continue };
        let Some(inner) = outer_select(subquery) else { continue };
        let [SelectItem::UnnamedExpr(inner_expr) | SelectItem::ExprWithAlias { expr: inner_expr, .. }] =
            inner.projection.as_slice()
        else {
            continue;
        };
        let Some((inner_table, inner_alias)) = single_table(inner, cx.dialect) else { continue };
        let Some(inner_column) = column_name(inner_expr, cx.dialect) else { continue };
        let Some(model) = cx.est.table(&inner_table) else { continue };
        let nullable = model.column(&inner_column).is_some_and(|c| c.nullable);
        if !nullable {
            continue;
        }
        let mut finding = Finding::new(
            FindingKind::NotInNullable,
            format!(
                "NOT IN over `{inner_table}.{inner_column}`, which may hold NULL: one NULL makes the whole NOT IN \
                 unknown and the query returns no rows, and the planner cannot run it as an anti-join; the \
                 rewrite keeps that meaning in a separate NOT EXISTS (drop it if a NULL should not empty the result)"
            ),
        );
        if let Some(rewritten) = not_exists(cx, select, query, conjunct, expr, inner, &inner_alias, &inner_column) {
            let original = cx.statement.to_string();
            finding = finding.with_rewrite(original, rewritten, None, Semantics::Same);
        }
        out.push(finding);
    }
}

#[allow(clippy::too_many_arguments)]
fn not_exists(
    cx: &Context,
    select: &Select,
    query: &Query,
    conjunct: &Expr,
    outer_expr: &Expr,
    inner: &Select,
    inner_alias: &str,
    inner_column: &str,
) -> Option<String> {
    let block = cx.shape.blocks.first()?;
    let outer_column = column_name(outer_expr, cx.dialect)?;
    let outer =
        block.tables.iter().find(|t| cx.est.table(&t.table).is_some_and(|m| m.column(&outer_column).is_some()))?;
    let quote = |c: &str| codegen_sql::quote_ident(c, cx.dialect);
    // A self-reference needs its own name inside.
    let (inner_from, inner_alias) = if inner_alias == outer.alias {
        let (table, _) = single_table(inner, cx.dialect)?;
        (format!("{} AS sub", codegen_sql::quote_name(&table, cx.dialect)), "sub".to_string())
    } else {
        (inner.from[0].to_string(), inner_alias.to_string())
    };
    let correlation =
        format!("{}.{} = {}.{}", quote(&inner_alias), quote(inner_column), quote(&outer.alias), quote(&outer_column));
    let inner_filter = match &inner.selection {
        Some(s) if inner_alias == "sub" => None.or(Some(format!("({s}) AND {correlation}"))),
        Some(s) => Some(format!("({s}) AND {correlation}")),
        None => Some(correlation),
    }?;
    // `x NOT IN (s)` is true when no row of s equals x and none is NULL; when s is empty it is
    // true even for a NULL x. Written out exactly, each part an anti-join or a one-time check.
    let inner_only = inner.selection.as_ref().map(|s| format!(" WHERE ({s})")).unwrap_or_default();
    let null_filter = match &inner.selection {
        Some(s) => format!("({s}) AND {}.{} IS NULL", quote(&inner_alias), quote(inner_column)),
        None => format!("{}.{} IS NULL", quote(&inner_alias), quote(inner_column)),
    };
    let mut replacement = format!(
        "NOT EXISTS (SELECT 1 FROM {inner_from} WHERE {inner_filter}) AND NOT EXISTS (SELECT 1 FROM {inner_from} WHERE {null_filter})"
    );
    let outer_nullable = cx.est.table(&outer.table).and_then(|t| t.column(&outer_column)).is_some_and(|c| c.nullable);
    if outer_nullable {
        replacement = format!(
            "({}.{} IS NOT NULL OR NOT EXISTS (SELECT 1 FROM {inner_from}{inner_only})) AND {replacement}",
            quote(&outer.alias),
            quote(&outer_column)
        );
    }
    let replacement = parse_expr(&replacement, cx.dialect)?;
    let mut rewritten = select.clone();
    let mut conjuncts = Vec::new();
    split_and(select.selection.as_ref()?, &mut conjuncts);
    let mut filter = None;
    for c in conjuncts {
        let next = if std::ptr::eq(c, conjunct) { replacement.clone() } else { c.clone() };
        filter = Some(and(filter, next));
    }
    rewritten.selection = filter;
    let mut q = query.clone();
    *q.body = SetExpr::Select(Box::new(rewritten));
    reparse(&q.to_string(), cx.dialect)
}

pub(super) fn correlated_subquery(cx: &Context, query: &Query, out: &mut Vec<Finding>) {
    let Some(select) = outer_select(query) else { return };
    let Some(block) = cx.shape.blocks.first() else { return };
    for (i, item) in select.projection.iter().enumerate() {
        let (expr, alias) = match item {
            SelectItem::UnnamedExpr(e) => (e, None),
            SelectItem::ExprWithAlias { expr, alias } => (expr, Some(names::fold(alias, cx.dialect))),
            _ => continue,
        };
        let Expr::Subquery(subquery) = strip_nested(expr) else { continue };
        let Some(inner) = outer_select(subquery) else { continue };
        let Some(plan) = correlation(cx, block, inner) else { continue };
        let mut finding = Finding::new(
            FindingKind::CorrelatedSubquery,
            format!(
                "the subquery in the select list runs once per row of `{}`; aggregated once and joined, it runs once",
                plan.outer_alias
            ),
        );
        if let Some(rewritten) = join_rewrite(cx, query, select, i, alias, inner, &plan) {
            finding = finding.with_rewrite(cx.statement.to_string(), rewritten, None, Semantics::Same);
        }
        out.push(finding);
    }
}

/// A correlated scalar subquery's one correlation: `inner.column = outer.column`.
struct Correlation {
    inner_table: codegen_core::QualifiedName,
    inner_alias: String,
    inner_column: String,
    outer_alias: String,
    outer_column: String,
    /// The subquery's other conjuncts.
    rest: Vec<Expr>,
    aggregate: Expr,
}

fn correlation(cx: &Context, block: &Block, inner: &Select) -> Option<Correlation> {
    let [SelectItem::UnnamedExpr(aggregate) | SelectItem::ExprWithAlias { expr: aggregate, .. }] =
        inner.projection.as_slice()
    else {
        return None;
    };
    if !is_aggregate(aggregate)
        || !matches!(inner.group_by, GroupByExpr::Expressions(ref e, _) if e.is_empty())
        || inner.having.is_some()
    {
        return None;
    }
    let (inner_table, inner_alias) = single_table(inner, cx.dialect)?;
    let model = cx.est.table(&inner_table)?;
    let mut conjuncts = Vec::new();
    split_and(inner.selection.as_ref()?, &mut conjuncts);
    let mut found = None;
    let mut rest = Vec::new();
    for c in conjuncts {
        if found.is_none()
            && let Expr::BinaryOp { left, op: BinaryOperator::Eq, right } = c
        {
            for (a, b) in [(left, right), (right, left)] {
                if let (Expr::CompoundIdentifier(ai), Expr::CompoundIdentifier(bi)) = (strip_nested(a), strip_nested(b))
                    && ai.len() == 2
                    && bi.len() == 2
                {
                    let (aq, ac) = (names::fold(&ai[0], cx.dialect), names::fold(&ai[1], cx.dialect));
                    let (bq, bc) = (names::fold(&bi[0], cx.dialect), names::fold(&bi[1], cx.dialect));
                    if aq == inner_alias
                        && model.column(&ac).is_some()
                        && let Some(outer) = block.tables.iter().find(|t| t.alias == bq)
                        && outer.alias != inner_alias
                    {
                        found = Some((ac, outer.alias.clone(), bc));
                        break;
                    }
                }
            }
            if found.is_some() {
                continue;
            }
        }
        rest.push(c.clone());
    }
    let (inner_column, outer_alias, outer_column) = found?;
    Some(Correlation {
        inner_table,
        inner_alias,
        inner_column,
        outer_alias,
        outer_column,
        rest,
        aggregate: aggregate.clone(),
    })
}

fn join_rewrite(
    cx: &Context,
    query: &Query,
    select: &Select,
    item: usize,
    alias: Option<String>,
    inner: &Select,
    plan: &Correlation,
) -> Option<String> {
    if select.from.len() != 1
        || !matches!(select.group_by, GroupByExpr::Expressions(ref e, _) if e.is_empty())
        || select.distinct.is_some()
    {
        return None;
    }
    let quote = |c: &str| codegen_sql::quote_ident(c, cx.dialect);
    let value = alias.clone().unwrap_or_else(|| "value".into());
    let derived = format!("{}_agg", plan.inner_table.name);
    let counts =
        matches!(strip_nested(&plan.aggregate), Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case("count"));
    let filter = if plan.rest.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", plan.rest.iter().map(|e| format!("({e})")).collect::<Vec<_>>().join(" AND "))
    };
    let inner_key = format!("{}.{}", quote(&plan.inner_alias), quote(&plan.inner_column));
    let subquery = format!(
        "SELECT {inner_key} AS {key}, {agg} AS {value} FROM {from}{filter} GROUP BY {inner_key}",
        key = quote(&plan.inner_column),
        agg = plan.aggregate,
        value = quote(&value),
        from = inner.from[0],
    );
    let joined = format!(
        "LEFT JOIN ({subquery}) AS {d} ON {d}.{key} = {o}.{oc}",
        d = quote(&derived),
        key = quote(&plan.inner_column),
        o = quote(&plan.outer_alias),
        oc = quote(&plan.outer_column),
    );
    let projected = if counts {
        format!("coalesce({}.{}, 0)", quote(&derived), quote(&value))
    } else {
        format!("{}.{}", quote(&derived), quote(&value))
    };
    let mut rewritten = select.clone();
    rewritten.projection[item] = SelectItem::ExprWithAlias {
        expr: parse_expr(&projected, cx.dialect)?,
        alias: sqlparser::ast::Ident::new(value),
    };
    // Unqualified columns of the outer query would now be ambiguous with the derived table's.
    let from = format!("{} {joined}", select.from[0]);
    let body = rewritten.to_string();
    let from_text = select.from[0].to_string();
    let body = body.replacen(&format!("FROM {from_text}"), &format!("FROM {from}"), 1);
    let mut tail = String::new();
    if let Some(order) = &query.order_by {
        tail.push_str(&format!(" {order}"));
    }
    if let Some(limit) = &query.limit_clause {
        tail.push_str(&limit.to_string());
    }
    let _ = OrderByKind::All;
    reparse(&format!("{body}{tail}"), cx.dialect)
}

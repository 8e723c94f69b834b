//! Query findings, each with a rewritten query where one returns the same rows faster: deep
//! `OFFSET` pagination to keyset pagination, `NOT IN` over a nullable subquery to `NOT EXISTS`,
//! correlated scalar subqueries to a join, `OR` across columns to `UNION ALL`, functions and
//! casts on columns to ranges an index can seek; and the findings with no mechanical rewrite:
//! leading-wildcard `LIKE`, `SELECT *` on wide tables, unbounded result sets.
//!
//! A rewrite carries the [`RewriteCheck`] a proof runs: the original and the rewritten query,
//! and for keyset pagination the anchor query that yields the last row of the previous page.

use codegen_core::{ColumnType, Dialect, Schema};
use serde::Serialize;
use sqlparser::ast::{
    BinaryOperator, DateTimeField, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr, InTarget,
    LimitClause, OrderByKind, Query, Select, SelectItem, SetExpr, Statement, TableFactor, Value,
};

use crate::cost::Access;
use crate::names;
use crate::normalize::parse_expr;
use crate::shape::{Block, Count, Shape, is_aggregate, split_and, strip_nested};
use crate::stats::{Estimator, is_unique_column, is_wide};

/// OFFSETs from this deep are paginated by keyset.
pub const DEEP_OFFSET: u64 = 1_000;
/// A `SELECT *` is flagged on tables this wide, or with a wide column.
const WIDE_COLUMNS: usize = 12;
/// Result sets estimated above this many rows are flagged as unbounded.
const UNBOUNDED_ROWS: f64 = 1_000.0;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    DeepOffset,
    NotInNullable,
    CorrelatedSubquery,
    OrAcrossColumns,
    NonSargable,
    LeadingWildcard,
    SelectStar,
    Unbounded,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::DeepOffset => "deep-offset",
            FindingKind::NotInNullable => "not-in-nullable",
            FindingKind::CorrelatedSubquery => "correlated-subquery",
            FindingKind::OrAcrossColumns => "or-across-columns",
            FindingKind::NonSargable => "non-sargable",
            FindingKind::LeadingWildcard => "leading-wildcard",
            FindingKind::SelectStar => "select-star",
            FindingKind::Unbounded => "unbounded",
        }
    }
}

/// How the rewrite relates to the original's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Semantics {
    /// The same rows, always.
    Same,
}

/// The query that yields the values of a rewrite's extra parameters (keyset pagination's last
/// row of the previous page), one column per parameter in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Anchor {
    pub sql: String,
    pub params: Vec<String>,
}

/// What a proof runs to check a rewrite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RewriteCheck {
    /// The original, made deterministic where needed (a unique tiebreak in its sort).
    pub original: String,
    pub rewritten: String,
    pub anchor: Option<Anchor>,
    pub semantics: Semantics,
}

/// One finding about one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub message: String,
    /// The query rewritten, when a rewrite returns the same rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rewritten: Option<String>,
    #[serde(skip)]
    pub check: Option<RewriteCheck>,
}

impl Finding {
    fn new(kind: FindingKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), rewritten: None, check: None }
    }

    fn with_rewrite(
        mut self,
        original: String,
        rewritten: String,
        anchor: Option<Anchor>,
        semantics: Semantics,
    ) -> Self {
        self.rewritten = Some(rewritten.clone());
        self.check = Some(RewriteCheck { original, rewritten, anchor, semantics });
        self
    }
}

/// Everything a finding needs to know about the query.
pub struct Context<'a> {
    pub statement: &'a Statement,
    pub shape: &'a Shape,
    pub accesses: &'a [Access],
    pub schema: &'a Schema,
    pub est: &'a Estimator<'a>,
    pub dialect: Dialect,
}

/// The findings of one statement.
pub fn findings(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let Statement::Query(query) = cx.statement else {
        non_sargable_in(cx, &mut out);
        return out;
    };
    deep_offset(cx, query, &mut out);
    not_in_nullable(cx, query, &mut out);
    correlated_subquery(cx, query, &mut out);
    or_across_columns(cx, query, &mut out);
    non_sargable_in(cx, &mut out);
    leading_wildcard(cx, &mut out);
    select_star(cx, &mut out);
    unbounded(cx, query, &mut out);
    out
}

fn outer_select(query: &Query) -> Option<&Select> {
    match query.body.as_ref() {
        SetExpr::Select(select) => Some(select),
        _ => None,
    }
}

fn reparse(sql: &str, dialect: Dialect) -> Option<String> {
    let parser = crate::normalize::parser_dialect(dialect);
    let statements = sqlparser::parser::Parser::parse_sql(parser.as_ref(), sql).ok()?;
    (statements.len() == 1).then(|| statements[0].to_string())
}

fn and(left: Option<Expr>, right: Expr) -> Expr {
    match left {
        Some(left) => {
            Expr::BinaryOp { left: Box::new(nest(left)), op: BinaryOperator::And, right: Box::new(nest(right)) }
        }
        None => right,
    }
}

/// Parenthesise an `OR` (or anything loose) before it joins an `AND`.
fn nest(expr: Expr) -> Expr {
    match expr {
        Expr::BinaryOp { op: BinaryOperator::Or, .. } => Expr::Nested(Box::new(expr)),
        other => other,
    }
}

// ---------------------------------------------------------------- deep OFFSET

fn deep_offset(cx: &Context, query: &Query, out: &mut Vec<Finding>) {
    let Some(block) = cx.shape.blocks.first() else { return };
    let Some(Count::Literal(offset)) = block.offset else { return };
    if offset < DEEP_OFFSET {
        return;
    }
    let mut finding = Finding::new(
        FindingKind::DeepOffset,
        format!(
            "OFFSET {offset} reads and throws away {offset} rows on every call, more with each page; \
             keyset pagination seeks straight to the page"
        ),
    );
    if let Some((original, rewritten, anchor)) = keyset(cx, query, block, offset) {
        finding = finding.with_rewrite(original, rewritten, Some(anchor), Semantics::Same);
    } else {
        finding.message.push_str(" (no rewrite: the sort must be on columns of one table)");
    }
    out.push(finding);
}

/// The keyset form of a paginated query: the sort made unique with the primary key, the
/// `OFFSET` replaced by a comparison with the previous page's last row.
fn keyset(cx: &Context, query: &Query, block: &Block, offset: u64) -> Option<(String, String, Anchor)> {
    let select = outer_select(query)?;
    if block.order_by.is_empty()
        || block.tables.len() != 1
        || !matches!(select.group_by, GroupByExpr::Expressions(ref e, _) if e.is_empty())
    {
        return None;
    }
    let use_ = &block.tables[0];
    let table = cx.schema.table(&use_.table)?;
    let mut keys: Vec<(String, bool)> = Vec::new();
    for key in &block.order_by {
        keys.push((key.key.column()?.to_string(), key.descending));
    }
    let unique = keys.iter().any(|(c, _)| is_unique_column(table, c))
        || table.primary_key.as_ref().is_some_and(|pk| pk.columns.iter().all(|c| keys.iter().any(|(k, _)| k == c)));
    if !unique {
        let pk = table.primary_key.as_ref()?;
        let direction = keys.last().map(|(_, d)| *d).unwrap_or(false);
        for column in &pk.columns {
            if !keys.iter().any(|(k, _)| k == column) {
                keys.push((column.clone(), direction));
            }
        }
    }
    let qualifier = if use_.alias != use_.table.name { Some(use_.alias.clone()) } else { None };
    let quote = |c: &str| codegen_sql::quote_ident(c, cx.dialect);
    let col = |c: &str| match &qualifier {
        Some(q) => format!("{}.{}", quote(q), quote(c)),
        None => quote(c),
    };
    let order_sql: Vec<String> =
        keys.iter().map(|(c, d)| format!("{}{}", col(c), if *d { " DESC" } else { "" })).collect();
    let params: Vec<String> = keys.iter().map(|(c, _)| format!(":last_{c}")).collect();
    // One direction: a row comparison PostgreSQL and SQLite seek on; otherwise the expanded form.
    let same_direction = keys.iter().all(|(_, d)| *d == keys[0].1);
    let seek = if same_direction && cx.dialect != Dialect::Mysql {
        let op = if keys[0].1 { "<" } else { ">" };
        let columns: Vec<String> = keys.iter().map(|(c, _)| col(c)).collect();
        format!("({}) {op} ({})", columns.join(", "), params.join(", "))
    } else {
        let mut ors = Vec::new();
        for i in 0..keys.len() {
            let mut terms: Vec<String> = (0..i).map(|j| format!("{} = {}", col(&keys[j].0), params[j])).collect();
            let op = if keys[i].1 { "<" } else { ">" };
            terms.push(format!("{} {op} {}", col(&keys[i].0), params[i]));
            ors.push(format!("({})", terms.join(" AND ")));
        }
        format!("({})", ors.join(" OR "))
    };
    let seek_expr = parse_expr(&seek, cx.dialect)?;
    let order_by = format!("ORDER BY {}", order_sql.join(", "));

    let mut rewritten_select = select.clone();
    rewritten_select.selection = Some(and(select.selection.clone(), seek_expr));
    let limit = match &query.limit_clause {
        Some(LimitClause::LimitOffset { limit: Some(l), .. }) => format!(" LIMIT {l}"),
        Some(LimitClause::OffsetCommaLimit { limit, .. }) => format!(" LIMIT {limit}"),
        _ => String::new(),
    };
    let rewritten = reparse(&format!("{rewritten_select} {order_by}{limit}"), cx.dialect)?;
    let original = reparse(&format!("{select} {order_by}{limit} OFFSET {offset}"), cx.dialect)?;
    let from = select.from.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let filter = select.selection.as_ref().map(|s| format!(" WHERE {s}")).unwrap_or_default();
    let anchor_columns: Vec<String> = keys.iter().map(|(c, _)| col(c)).collect();
    let anchor_sql =
        format!("SELECT {} FROM {from}{filter} {order_by} LIMIT 1 OFFSET {}", anchor_columns.join(", "), offset - 1);
    let anchor = Anchor { sql: reparse(&anchor_sql, cx.dialect)?, params };
    Some((original, rewritten, anchor))
}

// ---------------------------------------------------------------- NOT IN

fn not_in_nullable(cx: &Context, query: &Query, out: &mut Vec<Finding>) {
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
        let Some(model) = cx.schema.table(&inner_table) else { continue };
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

/// The one model table of a `SELECT`'s `FROM`, and the name the query refers to it by.
fn single_table(select: &Select, dialect: Dialect) -> Option<(codegen_core::QualifiedName, String)> {
    let [from] = select.from.as_slice() else { return None };
    if !from.joins.is_empty() {
        return None;
    }
    let TableFactor::Table { name, alias, .. } = &from.relation else { return None };
    let table = names::table_of(&names::parts(name, dialect));
    let alias = alias.as_ref().map(|a| names::fold(&a.name, dialect)).unwrap_or_else(|| table.name.clone());
    Some((table, alias))
}

fn column_name(expr: &Expr, dialect: Dialect) -> Option<String> {
    match strip_nested(expr) {
        Expr::Identifier(i) => Some(names::fold(i, dialect)),
        Expr::CompoundIdentifier(parts) => parts.last().map(|i| names::fold(i, dialect)),
        _ => None,
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
        block.tables.iter().find(|t| cx.schema.table(&t.table).is_some_and(|m| m.column(&outer_column).is_some()))?;
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
    let outer_nullable =
        cx.schema.table(&outer.table).and_then(|t| t.column(&outer_column)).is_some_and(|c| c.nullable);
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

// ---------------------------------------------------------------- correlated subqueries

fn correlated_subquery(cx: &Context, query: &Query, out: &mut Vec<Finding>) {
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
    let model = cx.schema.table(&inner_table)?;
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

// ---------------------------------------------------------------- OR across columns

fn or_across_columns(cx: &Context, query: &Query, out: &mut Vec<Finding>) {
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

// ---------------------------------------------------------------- non-sargable predicates

fn non_sargable_in(cx: &Context, out: &mut Vec<Finding>) {
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
            cx.schema.table(&t.table).is_some_and(|table| {
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

// ---------------------------------------------------------------- findings without a rewrite

fn leading_wildcard(cx: &Context, out: &mut Vec<Finding>) {
    for block in cx.shape.blocks.iter().take(1) {
        for p in block.predicates.iter().filter(|p| p.op == crate::shape::Op::LikeInfix) {
            let table = &block.tables[p.table].table;
            let fix = match cx.dialect {
                Dialect::Postgres => "a trigram GIN index (pg_trgm) serves it",
                Dialect::Mysql => "a FULLTEXT index with MATCH ... AGAINST serves word searches",
                Dialect::Sqlite => "an FTS5 virtual table serves word searches",
            };
            out.push(Finding::new(
                FindingKind::LeadingWildcard,
                format!("`{}` on `{table}` starts with a wildcard: no B-tree index can seek it; {fix}", p.text),
            ));
        }
    }
}

fn select_star(cx: &Context, out: &mut Vec<Finding>) {
    let Some(block) = cx.shape.blocks.first() else { return };
    for &t in &block.star {
        let Some(table) = cx.schema.table(&block.tables[t].table) else { continue };
        let wide: Vec<&str> = table
            .columns
            .iter()
            .filter(|c| is_wide(&c.ty) || matches!(c.ty, ColumnType::Bytes { .. }))
            .map(|c| c.name.as_str())
            .collect();
        if table.columns.len() >= WIDE_COLUMNS || !wide.is_empty() {
            let why = if wide.is_empty() {
                format!("all {} columns", table.columns.len())
            } else {
                format!("wide columns ({}) too", wide.join(", "))
            };
            out.push(Finding::new(
                FindingKind::SelectStar,
                format!(
                    "SELECT * on `{}` reads {why}: name the columns the caller uses, which also lets an index cover the query",
                    table.name
                ),
            ));
        }
    }
}

fn unbounded(cx: &Context, query: &Query, out: &mut Vec<Finding>) {
    let Some(block) = cx.shape.blocks.first() else { return };
    if block.limit.is_some() || query.fetch.is_some() || block.single_row_aggregate || !block.group_by.is_empty() {
        return;
    }
    let Some(driver) = cx.accesses.iter().filter(|a| a.block == 0).min_by(|a, b| {
        let ra = rows_out(cx, a);
        let rb = rows_out(cx, b);
        ra.total_cmp(&rb)
    }) else {
        return;
    };
    let rows = rows_out(cx, driver);
    if rows >= UNBOUNDED_ROWS {
        out.push(Finding::new(
            FindingKind::Unbounded,
            format!(
                "no LIMIT: about {} rows of `{}` come back per call; paginate (keyset) or limit it",
                crate::report::round_count(rows),
                driver.table
            ),
        ));
    }
}

fn rows_out(cx: &Context, access: &Access) -> f64 {
    let mut rows = cx.est.rows(&access.table);
    for p in &access.predicates {
        rows *= cx.est.selectivity(&access.table, p);
    }
    rows
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

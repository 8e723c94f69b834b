//! Query findings, each with a rewritten query where one returns the same rows faster: deep
//! `OFFSET` pagination to keyset pagination, `NOT IN` over a nullable subquery to `NOT EXISTS`,
//! correlated scalar subqueries to a join, `OR` across columns to `UNION ALL`, functions and
//! casts on columns to ranges an index can seek; and the findings with no mechanical rewrite:
//! leading-wildcard `LIKE`, `SELECT *` on wide tables, unbounded result sets.
//!
//! A rewrite carries the [`RewriteCheck`] a proof runs: the original and the rewritten query,
//! and for keyset pagination the anchor query that yields the last row of the previous page.

mod pagination;
mod plain;
mod sargable;
mod subqueries;
mod union;

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
        sargable::non_sargable_in(cx, &mut out);
        return out;
    };
    pagination::deep_offset(cx, query, &mut out);
    subqueries::not_in_nullable(cx, query, &mut out);
    subqueries::correlated_subquery(cx, query, &mut out);
    union::or_across_columns(cx, query, &mut out);
    sargable::non_sargable_in(cx, &mut out);
    plain::leading_wildcard(cx, &mut out);
    plain::select_star(cx, &mut out);
    plain::unbounded(cx, query, &mut out);
    out
}

pub(super) fn outer_select(query: &Query) -> Option<&Select> {
    match query.body.as_ref() {
        SetExpr::Select(select) => Some(select),
        _ => None,
    }
}

pub(super) fn reparse(sql: &str, dialect: Dialect) -> Option<String> {
    let parser = crate::normalize::parser_dialect(dialect);
    let statements = sqlparser::parser::Parser::parse_sql(parser.as_ref(), sql).ok()?;
    (statements.len() == 1).then(|| statements[0].to_string())
}

pub(super) fn and(left: Option<Expr>, right: Expr) -> Expr {
    match left {
        Some(left) => {
            Expr::BinaryOp { left: Box::new(nest(left)), op: BinaryOperator::And, right: Box::new(nest(right)) }
        }
        None => right,
    }
}

/// Parenthesise an `OR` (or anything loose) before it joins an `AND`.
pub(super) fn nest(expr: Expr) -> Expr {
    match expr {
        Expr::BinaryOp { op: BinaryOperator::Or, .. } => Expr::Nested(Box::new(expr)),
        other => other,
    }
}

/// The one model table of a `SELECT`'s `FROM`, and the name the query refers to it by.
pub(super) fn single_table(select: &Select, dialect: Dialect) -> Option<(codegen_core::QualifiedName, String)> {
    let [from] = select.from.as_slice() else { return None };
    if !from.joins.is_empty() {
        return None;
    }
    let TableFactor::Table { name, alias, .. } = &from.relation else { return None };
    let table = names::table_of(&names::parts(name, dialect));
    let alias = alias.as_ref().map(|a| names::fold(&a.name, dialect)).unwrap_or_else(|| table.name.clone());
    Some((table, alias))
}

pub(super) fn column_name(expr: &Expr, dialect: Dialect) -> Option<String> {
    match strip_nested(expr) {
        Expr::Identifier(i) => Some(names::fold(i, dialect)),
        Expr::CompoundIdentifier(parts) => parts.last().map(|i| names::fold(i, dialect)),
        _ => None,
    }
}

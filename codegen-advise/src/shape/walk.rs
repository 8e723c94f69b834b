//! Walking sqlparser's expressions: conjuncts, parentheses, aggregates, placeholders, and the
//! column references and subqueries of one query block (not of the blocks inside it).

use std::ops::ControlFlow;

use codegen_core::{Dialect, QualifiedName};
use sqlparser::ast::{BinaryOperator, Expr, FunctionArguments, ObjectName, Query, Statement, Value, Visit, Visitor};

use crate::names;

/// The placeholders of an expression, in order.
pub(super) fn placeholders_in(expr: &Expr) -> Vec<String> {
    struct Collect(Vec<String>);
    impl Visitor for Collect {
        type Break = ();
        fn pre_visit_value(&mut self, value: &sqlparser::ast::ValueWithSpan) -> ControlFlow<()> {
            if let Value::Placeholder(p) = &value.value {
                self.0.push(p.clone());
            }
            ControlFlow::Continue(())
        }
    }
    let mut collect = Collect(Vec::new());
    let _ = expr.visit(&mut collect);
    collect.0
}

/// The conjuncts of `AND`s, parentheses looked through.
pub fn split_and<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    match strip_nested(expr) {
        Expr::BinaryOp { left, op: BinaryOperator::And, right } => {
            split_and(left, out);
            split_and(right, out);
        }
        other => out.push(other),
    }
}

pub fn strip_nested(mut expr: &Expr) -> &Expr {
    while let Expr::Nested(inner) = expr {
        expr = inner;
    }
    expr
}

pub(super) fn contains_subquery(expr: &Expr) -> bool {
    let mut collector = SubqueryCollector::default();
    let _ = expr.visit(&mut collector);
    !collector.queries.is_empty()
}

/// Whether an expression is an aggregate call (`count(*)`, `sum(x)`, ...).
pub fn is_aggregate(expr: &Expr) -> bool {
    const AGGREGATES: [&str; 12] = [
        "count",
        "sum",
        "avg",
        "min",
        "max",
        "bool_and",
        "bool_or",
        "array_agg",
        "string_agg",
        "json_agg",
        "jsonb_agg",
        "group_concat",
    ];
    match strip_nested(expr) {
        Expr::Function(f) => {
            let name = f.name.to_string().to_ascii_lowercase();
            f.over.is_none() && AGGREGATES.contains(&name.as_str())
                || matches!(&f.args, FunctionArguments::List(l) if l.args.iter().any(|a| match a {
                    sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(e)) => is_aggregate(e),
                    _ => false,
                }))
        }
        Expr::BinaryOp { left, right, .. } => is_aggregate(left) || is_aggregate(right),
        Expr::Cast { expr, .. } => is_aggregate(expr),
        _ => false,
    }
}

/// Column references outside subqueries.
#[derive(Default)]
pub(super) struct ColumnCollector {
    depth: usize,
    pub(super) references: Vec<Vec<sqlparser::ast::Ident>>,
}

impl Visitor for ColumnCollector {
    type Break = ();

    fn pre_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if self.depth == 0 {
            match expr {
                Expr::Identifier(i) => self.references.push(vec![i.clone()]),
                Expr::CompoundIdentifier(idents) => self.references.push(idents.clone()),
                _ => {}
            }
        }
        ControlFlow::Continue(())
    }
}

/// The outermost subqueries of an expression.
#[derive(Default)]
pub(super) struct SubqueryCollector {
    depth: usize,
    pub(super) queries: Vec<Query>,
}

impl Visitor for SubqueryCollector {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        if self.depth == 0 {
            self.queries.push(query.clone());
        }
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }
}

/// The table names a statement references, for callers that only need those.
pub fn referenced_tables(statement: &Statement, dialect: Dialect) -> Vec<QualifiedName> {
    struct Relations(Vec<ObjectName>);
    impl Visitor for Relations {
        type Break = ();
        fn pre_visit_relation(&mut self, relation: &ObjectName) -> ControlFlow<()> {
            self.0.push(relation.clone());
            ControlFlow::Continue(())
        }
    }
    let mut relations = Relations(Vec::new());
    let _ = statement.visit(&mut relations);
    relations.0.iter().map(|n| names::table_of(&names::parts(n, dialect))).collect()
}

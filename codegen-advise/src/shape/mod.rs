//! What a statement asks of each table it reads: the shape the index advice works from.
//!
//! A statement is split into query blocks (the outer `SELECT`, each subquery, each CTE body).
//! In a block every table reference is resolved to a model table, and the `WHERE` and `ON`
//! conjuncts are classified: equality, `IN`, range, `LIKE` prefix or infix, `IS [NOT] NULL`
//! against a constant or parameter (a predicate an index can seek on), or column-to-column
//! equality between two tables (a join). `ORDER BY`, `LIMIT`/`OFFSET`, `GROUP BY` and the
//! projected columns ride along. sqlparser's tree stays inside this module and [`crate::rewrite`].

mod walk;

use std::collections::BTreeSet;

use codegen_core::{Dialect, QualifiedName, Table};
use sqlparser::ast::{
    BinaryOperator, Expr, FromTable, GroupByExpr, InTarget, Join, JoinConstraint, JoinOperator, LimitClause,
    OrderByKind, Query, Select, SelectItem, SetExpr, Statement, TableFactor, TableWithJoins, Value, Visit,
};

use crate::names;
use crate::normalize::normalize_expr;
use crate::tables::Tables;

use walk::{ColumnCollector, SubqueryCollector, contains_subquery, placeholders_in};
pub use walk::{is_aggregate, referenced_tables, split_and, strip_nested};

/// What an index position is keyed on, as the advice compares them: a column, or an
/// expression's normalised text (`lower(email)`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Column(String),
    Expression(String),
}

impl Key {
    pub fn column(&self) -> Option<&str> {
        match self {
            Key::Column(c) => Some(c),
            Key::Expression(_) => None,
        }
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Column(c) | Key::Expression(c) => f.write_str(c),
        }
    }
}

/// How a predicate compares its key.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Eq,
    /// `IN (...)` with this many values.
    In(usize),
    /// `<`, `<=`, `>`, `>=`.
    Range,
    /// `BETWEEN`, or both ends of a range.
    Between,
    /// `LIKE 'abc%'`: a range on the prefix.
    LikePrefix,
    /// `LIKE '%abc%'` or `ILIKE`: no B-tree can seek it.
    LikeInfix,
    IsNull,
    IsNotNull,
    /// Anything else about the key (`<>`, `NOT LIKE`, ...): filters, never seeks.
    Other,
}

impl Op {
    /// Whether a B-tree index position can seek on it as an equality (the prefix continues).
    pub fn is_equality(&self) -> bool {
        matches!(self, Op::Eq | Op::In(_) | Op::IsNull)
    }

    /// Whether a B-tree position can seek on it as a range (the prefix ends there).
    pub fn is_range(&self) -> bool {
        matches!(self, Op::Range | Op::Between | Op::LikePrefix | Op::IsNotNull)
    }
}

/// The other side of a predicate.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A constant written in the query, normalised (`'running'`, `42`, `NULL`).
    Literal(String),
    /// A parameter (`$1`, `?`, `:name`).
    Param(String),
    /// A column of an outer query block (a correlated subquery) or an expression of constants.
    Outer,
}

/// One conjunct an index may serve, on one table of the block.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicate {
    /// Index into [`Block::tables`].
    pub table: usize,
    pub key: Key,
    pub op: Op,
    pub operand: Operand,
    /// The columns the key reads.
    pub columns: Vec<String>,
    /// The conjunct, normalised (qualifiers dropped): what a partial index predicate is compared to.
    pub text: String,
}

/// `a.x = b.y` between two tables of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinEdge {
    pub left: (usize, String),
    pub right: (usize, String),
}

/// A model table read by a block.
#[derive(Debug, Clone, PartialEq)]
pub struct TableUse {
    pub table: QualifiedName,
    /// The name the block refers to it by (its alias, else its name).
    pub alias: String,
    /// Whether the table is the nullable side of an outer join.
    pub outer: bool,
}

/// One `ORDER BY` key on one table.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderKey {
    pub table: usize,
    pub key: Key,
    pub descending: bool,
}

/// A `LIMIT` or `OFFSET` value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Count {
    Literal(u64),
    Param,
}

/// One `SELECT` (or the filter of an `UPDATE`/`DELETE`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    pub tables: Vec<TableUse>,
    pub predicates: Vec<Predicate>,
    pub joins: Vec<JoinEdge>,
    /// The sort, when every key is a column (or expression) of one table of the block.
    pub order_by: Vec<OrderKey>,
    /// Whether the block sorts at all (even on keys not resolved to a table).
    pub sorts: bool,
    pub group_by: Vec<(usize, Key)>,
    pub limit: Option<Count>,
    pub offset: Option<Count>,
    /// Tables whose every column is projected (`*`, `t.*`).
    pub star: Vec<usize>,
    /// The columns read per table, by any clause (for covering indexes).
    pub columns: Vec<BTreeSet<String>>,
    /// An aggregate without `GROUP BY`: one row whatever the table holds.
    pub single_row_aggregate: bool,
    /// Whether it reads columns of an enclosing block.
    pub correlated: bool,
    /// `OR` conjuncts: not served by one index seek.
    pub disjunctions: usize,
}

/// What a statement does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementKind {
    Select,
    Insert,
    Update,
    Delete,
    /// Anything else (DDL, `SET`, ...): not advised on.
    Other,
}

/// A parameter and what it stands for, so a proof can bind a realistic value.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    /// A value of this table's column (or expression): a typical one, or with `quantile` the
    /// value at that share of the sorted values (a range's bound: high for `>`, low for `<`).
    Value {
        table: QualifiedName,
        key: Key,
        quantile: Option<f64>,
    },
    /// A `LIKE` pattern on this column: a prefix (`abc%`), or with `infix` a substring (`%abc%`).
    Pattern {
        table: QualifiedName,
        column: String,
        infix: bool,
    },
    Limit,
    Offset,
    Unknown,
}

/// The whole statement's shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub kind: StatementKind,
    /// Query blocks, the outermost first.
    pub blocks: Vec<Block>,
    /// The table an `INSERT`, `UPDATE` or `DELETE` writes.
    pub written: Option<QualifiedName>,
    /// The columns an `UPDATE` sets.
    pub updated_columns: Vec<String>,
    /// Each parameter, in order of first appearance.
    pub params: Vec<(String, Binding)>,
}

/// A problem with the statement against the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeError {
    UnknownTable(QualifiedName),
    UnknownColumn { table: QualifiedName, column: String },
}

impl std::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShapeError::UnknownTable(t) => write!(f, "unknown table `{t}`: the schema has no such table"),
            ShapeError::UnknownColumn { table, column } => write!(f, "table `{table}` has no column `{column}`"),
        }
    }
}

/// The shape of `statement`, or the first reference the schema cannot resolve.
pub fn shape_of(statement: &Statement, tables: &Tables, dialect: Dialect) -> Result<Shape, ShapeError> {
    let mut cx = Cx { tables, dialect, blocks: Vec::new(), params: Vec::new(), scopes: Vec::new(), ctes: Vec::new() };
    let mut shape = Shape {
        kind: StatementKind::Other,
        blocks: Vec::new(),
        written: None,
        updated_columns: Vec::new(),
        params: Vec::new(),
    };
    match statement {
        Statement::Query(query) => {
            shape.kind = StatementKind::Select;
            cx.query(query)?;
        }
        Statement::Update(update) => {
            shape.kind = StatementKind::Update;
            let table = cx.dml_table(&update.table.relation)?;
            shape.written = Some(table.clone());
            shape.updated_columns = update
                .assignments
                .iter()
                .filter_map(|a| match &a.target {
                    sqlparser::ast::AssignmentTarget::ColumnName(name) => names::parts(name, dialect).pop(),
                    _ => None,
                })
                .collect();
            let mut from = vec![update.table.clone()];
            if let Some(
                sqlparser::ast::UpdateTableFromKind::AfterSet(extra)
                | sqlparser::ast::UpdateTableFromKind::BeforeSet(extra),
            ) = &update.from
            {
                from.extend(extra.iter().cloned());
            }
            cx.filter_block(&from, update.selection.as_ref())?;
        }
        Statement::Delete(delete) => {
            shape.kind = StatementKind::Delete;
            let from = match &delete.from {
                FromTable::WithFromKeyword(f) | FromTable::WithoutKeyword(f) => f.clone(),
            };
            if let Some(first) = from.first() {
                shape.written = Some(cx.dml_table(&first.relation)?);
            }
            let mut all = from;
            all.extend(delete.using.iter().flatten().cloned());
            cx.filter_block(&all, delete.selection.as_ref())?;
        }
        Statement::Insert(insert) => {
            shape.kind = StatementKind::Insert;
            if let sqlparser::ast::TableObject::TableName(name) = &insert.table {
                let table = names::table_of(&names::parts(name, dialect));
                if tables.get(&table).is_none() {
                    return Err(ShapeError::UnknownTable(table));
                }
                shape.written = Some(table);
            }
            if let Some(source) = &insert.source {
                cx.query(source)?;
            }
        }
        _ => {}
    }
    shape.blocks = cx.blocks;
    shape.params = cx.params;
    Ok(shape)
}

/// The columns of the current block an expression reads, and whether it reads columns of an
/// enclosing block, or columns nothing resolves.
type ColumnsIn = (Vec<(usize, String)>, bool, bool);

/// The scope of one block while it is resolved: its tables, for columns of inner blocks too.
struct Scope {
    tables: Vec<TableUse>,
    /// Names of derived tables and CTEs in the block: columns of them resolve to nothing.
    opaque: Vec<String>,
    /// Projection aliases (`ORDER BY total`).
    aliases: Vec<String>,
}

struct Cx<'a> {
    tables: &'a Tables<'a>,
    dialect: Dialect,
    blocks: Vec<Block>,
    params: Vec<(String, Binding)>,
    scopes: Vec<Scope>,
    /// CTE names visible, innermost last.
    ctes: Vec<String>,
}

/// Where a column reference points.
enum Resolved {
    /// Table `.0` of the current block.
    Here(usize, String),
    /// A table of an enclosing block.
    Outer,
    /// A derived table, CTE or alias: nothing to index.
    Opaque,
}

impl<'a> Cx<'a> {
    fn table(&self, use_: &TableUse) -> &'a Table {
        self.tables.get(&use_.table).expect("resolved tables exist")
    }

    fn dml_table(&self, factor: &TableFactor) -> Result<QualifiedName, ShapeError> {
        match factor {
            TableFactor::Table { name, .. } => {
                let table = names::table_of(&names::parts(name, self.dialect));
                if self.tables.get(&table).is_none() {
                    return Err(ShapeError::UnknownTable(table));
                }
                Ok(table)
            }
            _ => Ok(QualifiedName::new("")),
        }
    }

    fn query(&mut self, query: &Query) -> Result<(), ShapeError> {
        let ctes_before = self.ctes.len();
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                self.ctes.push(names::fold(&cte.alias.name, self.dialect));
                self.query(&cte.query)?;
            }
        }
        let limit = query.limit_clause.as_ref().map(|l| match l {
            LimitClause::LimitOffset { limit, offset, .. } => (
                limit.as_ref().and_then(|e| self.count(e, Binding::Limit)),
                offset.as_ref().and_then(|o| self.count(&o.value, Binding::Offset)),
            ),
            LimitClause::OffsetCommaLimit { offset, limit } => {
                (self.count(limit, Binding::Limit), self.count(offset, Binding::Offset))
            }
        });
        let fetch = query.fetch.as_ref().and_then(|f| f.quantity.as_ref()).and_then(|e| self.count(e, Binding::Limit));
        let (limit, offset) = match limit {
            Some((l, o)) => (l.or(fetch), o),
            None => (fetch, None),
        };
        let order = query.order_by.as_ref().map(|o| match &o.kind {
            OrderByKind::Expressions(list) => list
                .iter()
                .map(|e| (e.expr.clone(), matches!(e.options.sort, Some(sqlparser::ast::OrderBySort::Desc))))
                .collect(),
            OrderByKind::All(_) => Vec::new(),
        });
        self.set_expr(&query.body, order.unwrap_or_default(), limit, offset)?;
        self.ctes.truncate(ctes_before);
        Ok(())
    }

    fn count(&mut self, expr: &Expr, binding: Binding) -> Option<Count> {
        match expr {
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => n.parse().ok().map(Count::Literal),
                Value::Placeholder(p) => {
                    self.param(p, binding);
                    Some(Count::Param)
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn param(&mut self, name: &str, binding: Binding) {
        // `?` placeholders are positional: each is its own parameter.
        if name != "?" && self.params.iter().any(|(n, _)| n == name) {
            return;
        }
        self.params.push((name.to_string(), binding));
    }

    fn set_expr(
        &mut self,
        body: &SetExpr,
        order: Vec<(Expr, bool)>,
        limit: Option<Count>,
        offset: Option<Count>,
    ) -> Result<(), ShapeError> {
        match body {
            SetExpr::Select(select) => self.select(select, &order, limit, offset),
            SetExpr::Query(query) => self.query(query),
            SetExpr::SetOperation { left, right, .. } => {
                self.set_expr(left, Vec::new(), None, None)?;
                self.set_expr(right, Vec::new(), None, None)
            }
            _ => Ok(()),
        }
    }

    /// The block of an `UPDATE` or `DELETE`: its tables and its filter.
    fn filter_block(&mut self, from: &[TableWithJoins], selection: Option<&Expr>) -> Result<(), ShapeError> {
        let mut block = Block::default();
        let mut scope = Scope { tables: Vec::new(), opaque: Vec::new(), aliases: Vec::new() };
        let mut on = Vec::new();
        for item in from {
            self.table_with_joins(item, &mut scope, &mut on)?;
        }
        block.tables = scope.tables.clone();
        block.columns = vec![BTreeSet::new(); block.tables.len()];
        self.scopes.push(scope);
        let index = self.blocks.len();
        self.blocks.push(Block::default());
        let mut conjuncts = Vec::new();
        if let Some(selection) = selection {
            split_and(selection, &mut conjuncts);
        }
        for expr in on.iter().chain(conjuncts.iter().copied()) {
            self.conjunct(expr, &mut block)?;
        }
        self.scopes.pop();
        self.blocks[index] = block;
        Ok(())
    }

    fn select(
        &mut self,
        select: &Select,
        order: &[(Expr, bool)],
        limit: Option<Count>,
        offset: Option<Count>,
    ) -> Result<(), ShapeError> {
        let mut scope = Scope { tables: Vec::new(), opaque: Vec::new(), aliases: Vec::new() };
        let mut on = Vec::new();
        for item in &select.from {
            self.table_with_joins(item, &mut scope, &mut on)?;
        }
        for item in &select.projection {
            if let SelectItem::ExprWithAlias { alias, .. } = item {
                scope.aliases.push(names::fold(alias, self.dialect));
            }
        }
        let mut block = Block { tables: scope.tables.clone(), limit, offset, ..Block::default() };
        block.columns = vec![BTreeSet::new(); block.tables.len()];
        self.scopes.push(scope);
        let index = self.blocks.len();
        self.blocks.push(Block::default());

        let mut conjuncts: Vec<&Expr> = on.iter().collect();
        if let Some(selection) = &select.selection {
            split_and(selection, &mut conjuncts);
        }
        for expr in conjuncts {
            self.conjunct(expr, &mut block)?;
        }
        let mut aggregate = false;
        for item in &select.projection {
            match item {
                SelectItem::Wildcard(_) => block.star = (0..block.tables.len()).collect(),
                SelectItem::QualifiedWildcard(kind, _) => {
                    let name = kind.to_string();
                    let alias = name.rsplit('.').next().unwrap_or(&name).trim_matches('"').to_string();
                    if let Some(i) = block.tables.iter().position(|t| t.alias.eq_ignore_ascii_case(&alias)) {
                        block.star.push(i);
                    }
                }
                SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => {
                    aggregate |= is_aggregate(expr);
                    self.read_columns(expr, &mut block)?;
                    self.subqueries(expr)?;
                }
                _ => {}
            }
        }
        match &select.group_by {
            GroupByExpr::Expressions(exprs, _) if !exprs.is_empty() => {
                for expr in exprs {
                    self.read_columns(expr, &mut block)?;
                    if let Some((table, key)) = self.key_of(expr)? {
                        block.group_by.push((table, key));
                    }
                }
            }
            _ => block.single_row_aggregate = aggregate,
        }
        if let Some(having) = &select.having {
            self.read_columns(having, &mut block)?;
            self.subqueries(having)?;
        }
        block.sorts = !order.is_empty();
        let mut keys = Vec::new();
        for (expr, descending) in order {
            self.read_columns(expr, &mut block)?;
            match self.key_of(expr)? {
                Some((table, key)) => keys.push(OrderKey { table, key, descending: *descending }),
                None => {
                    keys.clear();
                    break;
                }
            }
        }
        if !keys.is_empty() && keys.iter().all(|k| k.table == keys[0].table) {
            block.order_by = keys;
        }
        self.scopes.pop();
        self.blocks[index] = block;
        Ok(())
    }

    fn table_with_joins(
        &mut self,
        item: &TableWithJoins,
        scope: &mut Scope,
        on: &mut Vec<Expr>,
    ) -> Result<(), ShapeError> {
        self.factor(&item.relation, scope, false)?;
        for join in &item.joins {
            self.join(join, scope, on)?;
        }
        Ok(())
    }

    fn join(&mut self, join: &Join, scope: &mut Scope, on: &mut Vec<Expr>) -> Result<(), ShapeError> {
        let (constraint, outer) = match &join.join_operator {
            JoinOperator::Join(c) | JoinOperator::Inner(c) => (Some(c), false),
            JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => (Some(c), true),
            JoinOperator::Right(c) | JoinOperator::RightOuter(c) | JoinOperator::FullOuter(c) => (Some(c), true),
            JoinOperator::CrossJoin(c) => (Some(c), false),
            _ => (None, false),
        };
        let before = scope.tables.len();
        self.factor(&join.relation, scope, outer)?;
        match constraint {
            Some(JoinConstraint::On(expr)) => on.push(expr.clone()),
            Some(JoinConstraint::Using(columns)) => {
                if let (Some(right), true) = (scope.tables.get(before), before > 0) {
                    let right_alias = right.alias.clone();
                    for column in columns {
                        let column = names::parts(column, self.dialect).pop().unwrap_or_default();
                        let left = scope.tables[..before]
                            .iter()
                            .rev()
                            .find(|t| self.table(t).column(&column).is_some())
                            .map(|t| t.alias.clone());
                        if let Some(left) = left {
                            on.push(Expr::BinaryOp {
                                left: Box::new(Expr::CompoundIdentifier(vec![
                                    left.as_str().into(),
                                    column.as_str().into(),
                                ])),
                                op: BinaryOperator::Eq,
                                right: Box::new(Expr::CompoundIdentifier(vec![
                                    right_alias.as_str().into(),
                                    column.as_str().into(),
                                ])),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn factor(&mut self, factor: &TableFactor, scope: &mut Scope, outer: bool) -> Result<(), ShapeError> {
        match factor {
            TableFactor::Table { name, alias, args: None, .. } => {
                let parts = names::parts(name, self.dialect);
                let alias_name = alias.as_ref().map(|a| names::fold(&a.name, self.dialect));
                if parts.len() == 1 && self.ctes.iter().any(|c| c == &parts[0]) {
                    scope.opaque.push(alias_name.unwrap_or_else(|| parts[0].clone()));
                    return Ok(());
                }
                let table = names::table_of(&parts);
                if self.tables.get(&table).is_none() {
                    if self.tables.schema.view(&table).is_some() {
                        scope.opaque.push(alias_name.unwrap_or(table.name));
                        return Ok(());
                    }
                    return Err(ShapeError::UnknownTable(table));
                }
                let alias = alias_name.unwrap_or_else(|| table.name.clone());
                scope.tables.push(TableUse { table, alias, outer });
            }
            TableFactor::Derived { subquery, alias, .. } => {
                self.query(subquery)?;
                if let Some(alias) = alias {
                    scope.opaque.push(names::fold(&alias.name, self.dialect));
                }
            }
            TableFactor::NestedJoin { table_with_joins, .. } => {
                let mut on = Vec::new();
                self.table_with_joins(table_with_joins, scope, &mut on)?;
                // Nested join conditions are rare in workloads; their tables still count.
            }
            TableFactor::Table { alias, .. }
            | TableFactor::Function { alias, .. }
            | TableFactor::UNNEST { alias, .. } => {
                if let Some(alias) = alias {
                    scope.opaque.push(names::fold(&alias.name, self.dialect));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Resolve a column reference through the scopes, innermost first.
    fn resolve(&self, idents: &[sqlparser::ast::Ident]) -> Result<Resolved, ShapeError> {
        let folded: Vec<String> = idents.iter().map(|i| names::fold(i, self.dialect)).collect();
        let (qualifier, column) = match folded.as_slice() {
            [column] => (None, column.clone()),
            [.., qualifier, column] => (Some(qualifier.clone()), column.clone()),
            [] => return Ok(Resolved::Opaque),
        };
        for (depth, scope) in self.scopes.iter().rev().enumerate() {
            let here = depth == 0;
            match &qualifier {
                Some(q) => {
                    if let Some(i) = scope.tables.iter().position(|t| &t.alias == q || t.table.name == *q) {
                        let table = self.table(&scope.tables[i]);
                        if table.column(&column).is_none() {
                            return Err(ShapeError::UnknownColumn { table: table.name.clone(), column });
                        }
                        return Ok(if here { Resolved::Here(i, column) } else { Resolved::Outer });
                    }
                    if scope.opaque.iter().any(|o| o == q) {
                        return Ok(Resolved::Opaque);
                    }
                }
                None => {
                    if let Some(i) = scope.tables.iter().position(|t| self.table(t).column(&column).is_some()) {
                        return Ok(if here { Resolved::Here(i, column) } else { Resolved::Outer });
                    }
                    if here && scope.aliases.iter().any(|a| a == &column) {
                        return Ok(Resolved::Opaque);
                    }
                }
            }
        }
        Ok(Resolved::Opaque)
    }

    /// The columns of the current block an expression reads (outside its subqueries), with
    /// whether it reads outer or unresolvable columns too.
    fn columns_in(&self, expr: &Expr) -> Result<ColumnsIn, ShapeError> {
        let mut collector = ColumnCollector::default();
        let _ = expr.visit(&mut collector);
        let mut here = Vec::new();
        let (mut outer, mut opaque) = (false, false);
        for idents in collector.references {
            match self.resolve(&idents)? {
                Resolved::Here(t, c) => {
                    if !here.contains(&(t, c.clone())) {
                        here.push((t, c));
                    }
                }
                Resolved::Outer => outer = true,
                Resolved::Opaque => opaque = true,
            }
        }
        Ok((here, outer, opaque))
    }

    fn read_columns(&mut self, expr: &Expr, block: &mut Block) -> Result<(), ShapeError> {
        let (here, outer, _) = self.columns_in(expr)?;
        block.correlated |= outer;
        for (t, c) in here {
            block.columns[t].insert(c);
        }
        Ok(())
    }

    /// Every subquery directly inside `expr`, analysed as blocks of their own.
    fn subqueries(&mut self, expr: &Expr) -> Result<(), ShapeError> {
        let mut collector = SubqueryCollector::default();
        let _ = expr.visit(&mut collector);
        for query in collector.queries {
            self.query(&query)?;
        }
        Ok(())
    }

    /// A key of one table of the current block: a column or an expression over that table only.
    fn key_of(&self, expr: &Expr) -> Result<Option<(usize, Key)>, ShapeError> {
        let expr = strip_nested(expr);
        if let Expr::Identifier(i) = expr {
            return Ok(match self.resolve(std::slice::from_ref(i))? {
                Resolved::Here(t, c) => Some((t, Key::Column(c))),
                _ => None,
            });
        }
        if let Expr::CompoundIdentifier(idents) = expr {
            return Ok(match self.resolve(idents)? {
                Resolved::Here(t, c) => Some((t, Key::Column(c))),
                _ => None,
            });
        }
        if contains_subquery(expr) {
            return Ok(None);
        }
        let (here, outer, opaque) = self.columns_in(expr)?;
        let Some((table, _)) = here.first() else { return Ok(None) };
        if outer || opaque || here.iter().any(|(t, _)| t != table) {
            return Ok(None);
        }
        Ok(Some((*table, Key::Expression(normalize_expr(expr, self.dialect)))))
    }

    /// Whether an expression is a constant for the current block (literals, parameters, outer
    /// columns, functions of those), and the operand it is.
    fn operand_of(&mut self, expr: &Expr) -> Result<Option<Operand>, ShapeError> {
        let expr = strip_nested(expr);
        if let Expr::Value(v) = expr {
            return Ok(Some(match &v.value {
                Value::Placeholder(p) => Operand::Param(p.clone()),
                _ => Operand::Literal(normalize_expr(expr, self.dialect)),
            }));
        }
        if contains_subquery(expr) {
            return Ok(None);
        }
        let (here, outer, opaque) = self.columns_in(expr)?;
        if !here.is_empty() || opaque {
            return Ok(None);
        }
        let _ = outer;
        Ok(Some(match expr {
            Expr::Cast { expr: inner, .. } if matches!(strip_nested(inner), Expr::Value(_)) => {
                match strip_nested(inner) {
                    Expr::Value(v) => match &v.value {
                        Value::Placeholder(p) => Operand::Param(p.clone()),
                        _ => Operand::Literal(normalize_expr(expr, self.dialect)),
                    },
                    _ => Operand::Outer,
                }
            }
            Expr::TypedString(_) => Operand::Literal(normalize_expr(expr, self.dialect)),
            // A function of one parameter (`lower($1)`): that parameter stands for the key's values.
            _ => match placeholders_in(expr).as_slice() {
                [only] => Operand::Param(only.clone()),
                _ => Operand::Outer,
            },
        }))
    }

    fn conjunct(&mut self, expr: &Expr, block: &mut Block) -> Result<(), ShapeError> {
        self.read_columns(expr, block)?;
        self.subqueries(expr)?;
        let text = normalize_expr(expr, self.dialect);
        let expr = strip_nested(expr);
        let predicate = |table: usize, key: Key, op: Op, operand: Operand, columns: Vec<String>| Predicate {
            table,
            key,
            op,
            operand,
            columns,
            text: text.clone(),
        };
        match expr {
            Expr::BinaryOp { left, op, right } => {
                let comparison = match op {
                    BinaryOperator::Eq => Some(Op::Eq),
                    BinaryOperator::Lt | BinaryOperator::LtEq | BinaryOperator::Gt | BinaryOperator::GtEq => {
                        Some(Op::Range)
                    }
                    BinaryOperator::NotEq => Some(Op::Other),
                    BinaryOperator::Or => {
                        block.disjunctions += 1;
                        None
                    }
                    _ => None,
                };
                let Some(comparison) = comparison else { return Ok(()) };
                // A join: a column of one table against a column of another.
                if comparison == Op::Eq
                    && let (Some((lt, Key::Column(lc))), Some((rt, Key::Column(rc)))) =
                        (self.key_of(left)?, self.key_of(right)?)
                    && lt != rt
                {
                    block.joins.push(JoinEdge { left: (lt, lc), right: (rt, rc) });
                    return Ok(());
                }
                for (key_side, value_side, key_left) in [(left, right, true), (right, left, false)] {
                    if let Some((table, key)) = self.key_of(key_side)?
                        && let Some(operand) = self.operand_of(value_side)?
                    {
                        let columns = self.key_columns(key_side)?;
                        // A selective bound for a range: high for `col > $1`, low for `col < $1`.
                        let quantile = match (op, key_left) {
                            (BinaryOperator::Gt | BinaryOperator::GtEq, true)
                            | (BinaryOperator::Lt | BinaryOperator::LtEq, false) => Some(0.95),
                            (BinaryOperator::Lt | BinaryOperator::LtEq, true)
                            | (BinaryOperator::Gt | BinaryOperator::GtEq, false) => Some(0.05),
                            _ => None,
                        };
                        self.bind(&operand, &block.tables[table].table, &key, quantile);
                        block.predicates.push(predicate(table, key, comparison, operand, columns));
                        return Ok(());
                    }
                }
            }
            Expr::Between { expr: inner, negated: false, low, high } => {
                if let Some((table, key)) = self.key_of(inner)? {
                    let low = self.operand_of(low)?;
                    let high = self.operand_of(high)?;
                    if let (Some(low), Some(high)) = (&low, high) {
                        let columns = self.key_columns(inner)?;
                        self.bind(low, &block.tables[table].table, &key, Some(0.45));
                        self.bind(&high, &block.tables[table].table, &key, Some(0.55));
                        block.predicates.push(predicate(table, key, Op::Between, low.clone(), columns));
                    }
                }
            }
            Expr::In { expr: inner, target: InTarget::List(list), negated: false, .. } => {
                if let Some((table, key)) = self.key_of(inner)? {
                    let mut operands = Vec::new();
                    for item in list {
                        match self.operand_of(item)? {
                            Some(o) => operands.push(o),
                            None => return Ok(()),
                        }
                    }
                    let columns = self.key_columns(inner)?;
                    for operand in &operands {
                        self.bind(operand, &block.tables[table].table, &key, None);
                    }
                    let op = if operands.len() == 1 { Op::Eq } else { Op::In(operands.len()) };
                    let operand = operands.into_iter().next().unwrap_or(Operand::Outer);
                    block.predicates.push(predicate(table, key, op, operand, columns));
                }
            }
            Expr::Like { negated: false, expr: inner, pattern, .. }
            | Expr::ILike { negated: false, expr: inner, pattern, .. } => {
                let ilike = matches!(expr, Expr::ILike { .. });
                if let Some((table, key)) = self.key_of(inner)?
                    && let Some(operand) = self.operand_of(pattern)?
                {
                    let op = match &operand {
                        _ if ilike => Op::LikeInfix,
                        Operand::Literal(text) => like_op(text),
                        // A parameter pattern is read as a prefix search, the common case.
                        _ => Op::LikePrefix,
                    };
                    if let (Operand::Param(p), Key::Column(c)) = (&operand, &key) {
                        let binding = Binding::Pattern {
                            table: block.tables[table].table.clone(),
                            column: c.clone(),
                            infix: ilike,
                        };
                        self.param(p, binding);
                    }
                    let columns = self.key_columns(inner)?;
                    block.predicates.push(predicate(table, key, op, operand, columns));
                }
            }
            Expr::IsNull(inner) | Expr::IsNotNull(inner) => {
                if let Some((table, key)) = self.key_of(inner)? {
                    let op = if matches!(expr, Expr::IsNull(_)) { Op::IsNull } else { Op::IsNotNull };
                    let columns = self.key_columns(inner)?;
                    block.predicates.push(predicate(table, key, op, Operand::Literal("NULL".into()), columns));
                }
            }
            Expr::IsTrue(inner) | Expr::IsFalse(inner) => {
                if let Some((table, key)) = self.key_of(inner)? {
                    let value = if matches!(expr, Expr::IsTrue(_)) { "true" } else { "false" };
                    let columns = self.key_columns(inner)?;
                    block.predicates.push(predicate(table, key, Op::Eq, Operand::Literal(value.into()), columns));
                }
            }
            Expr::Identifier(_) | Expr::CompoundIdentifier(_) => {
                // `WHERE is_active`: a boolean column compared with true.
                if let Some((table, key)) = self.key_of(expr)? {
                    let columns = key.column().map(|c| vec![c.to_string()]).unwrap_or_default();
                    block.predicates.push(predicate(table, key, Op::Eq, Operand::Literal("true".into()), columns));
                }
            }
            Expr::UnaryOp { op: sqlparser::ast::UnaryOperator::Not, expr: inner } => {
                if let Some((table, key)) = self.key_of(inner)?
                    && key.column().is_some()
                {
                    let columns = key.column().map(|c| vec![c.to_string()]).unwrap_or_default();
                    block.predicates.push(predicate(table, key, Op::Eq, Operand::Literal("false".into()), columns));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn key_columns(&self, expr: &Expr) -> Result<Vec<String>, ShapeError> {
        Ok(self.columns_in(expr)?.0.into_iter().map(|(_, c)| c).collect())
    }

    fn bind(&mut self, operand: &Operand, table: &QualifiedName, key: &Key, quantile: Option<f64>) {
        if let Operand::Param(p) = operand {
            self.param(p, Binding::Value { table: table.clone(), key: key.clone(), quantile });
        }
    }
}

/// `LIKE 'abc%'` is a prefix range, `LIKE '%abc'` an infix search, `LIKE 'abc'` an equality.
fn like_op(literal: &str) -> Op {
    let pattern = literal.trim_matches('\'');
    if pattern.starts_with('%') || pattern.starts_with('_') {
        Op::LikeInfix
    } else if pattern.contains('%') || pattern.contains('_') {
        Op::LikePrefix
    } else {
        Op::Eq
    }
}

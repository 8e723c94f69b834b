//! A small cost model in PostgreSQL's units, to rank access paths before any database is asked:
//! a sequential scan reads every row; an index descends once, reads the index entries its
//! leftmost prefix selects, fetches their rows from the heap (unless it covers the query), and
//! stops early when it delivers the `ORDER BY` of a `LIMIT`ed query. The figures are estimates
//! for ranking and for deciding what to propose; `--prove` replaces them with the planner's.

use std::collections::BTreeSet;

use codegen_core::QualifiedName;

use crate::index_view::{IndexView, Method};
use crate::shape::{Block, Count, Key, Op, Predicate, Shape};
use crate::stats::Estimator;

/// Reading one row in a sequential scan (a page holds some 50 rows; cpu per row on top).
const SEQ_ROW: f64 = 0.03;
/// Descending a B-tree to its first leaf.
const DESCENT: f64 = 2.0;
/// Reading one index entry.
const INDEX_ENTRY: f64 = 0.01;
/// Fetching one row from the heap by its index entry (a random read, partly cached).
const HEAP_FETCH: f64 = 1.0;
/// Sorting, per row and per comparison level.
const SORT_ROW: f64 = 0.01;
/// A GIN bitmap's fixed cost.
const GIN_SETUP: f64 = 10.0;
/// Rows a parameterised `LIMIT` is assumed to ask for.
pub const ASSUMED_LIMIT: f64 = 50.0;

/// What one query block asks of one table.
#[derive(Debug, Clone)]
pub struct Access {
    pub table: QualifiedName,
    /// Index into [`Shape::blocks`].
    pub block: usize,
    /// Index into the block's tables.
    pub table_index: usize,
    pub predicates: Vec<Predicate>,
    /// Columns of this table joined to the driving table: equality lookups, once per driving row.
    pub join_columns: Vec<String>,
    /// How many times the access runs (rows of the driving table, for a joined table).
    pub loops: f64,
    /// The sort this table can deliver (it drives the block and the sort is on its keys).
    pub order: Vec<(Key, bool)>,
    /// Rows the block wants from it (`LIMIT` + `OFFSET`), when it drives a limited block.
    pub wanted: Option<f64>,
    /// Whether the block sorts at all.
    pub sorts: bool,
    /// Columns read, or `None` for all of them (`SELECT *`).
    pub columns: Option<BTreeSet<String>>,
}

impl Access {
    pub fn predicate_refs(&self) -> Vec<&Predicate> {
        self.predicates.iter().collect()
    }
}

/// How an access would run on one path.
#[derive(Debug, Clone, PartialEq)]
pub struct PathCost {
    pub cost: f64,
    /// Rows read per run (index entries or table rows).
    pub rows_read: f64,
    /// The index used, or `None` for a sequential scan.
    pub index: Option<String>,
    pub order_served: bool,
    pub covering: bool,
}

/// Every table access of a statement, with the driving table of each block decided.
pub fn accesses(shape: &Shape, est: &Estimator) -> Vec<Access> {
    let mut out = Vec::new();
    let mut outer_rows = 1.0;
    for (b, block) in shape.blocks.iter().enumerate() {
        let driver = driver_of(block, est);
        let driver_rows = driver.map_or(1.0, |d| output_rows(block, d, est));
        let block_loops = if block.correlated { outer_rows } else { 1.0 };
        for (t, use_) in block.tables.iter().enumerate() {
            let predicates: Vec<Predicate> = block.predicates.iter().filter(|p| p.table == t).cloned().collect();
            let is_driver = Some(t) == driver;
            let join_columns: Vec<String> = if is_driver {
                Vec::new()
            } else {
                let mut cols: Vec<String> = block
                    .joins
                    .iter()
                    .filter_map(|j| {
                        if j.left.0 == t {
                            Some(j.left.1.clone())
                        } else if j.right.0 == t {
                            Some(j.right.1.clone())
                        } else {
                            None
                        }
                    })
                    .collect();
                cols.dedup();
                cols
            };
            let order = if is_driver && block.order_by.iter().all(|k| k.table == t) {
                block.order_by.iter().map(|k| (k.key.clone(), k.descending)).collect()
            } else {
                Vec::new()
            };
            let wanted = if is_driver && block.group_by.is_empty() && !block.single_row_aggregate {
                match (block.limit, block.offset) {
                    (Some(limit), offset) => {
                        let limit = match limit {
                            Count::Literal(n) => n as f64,
                            Count::Param => ASSUMED_LIMIT,
                        };
                        let offset = match offset {
                            Some(Count::Literal(n)) => n as f64,
                            _ => 0.0,
                        };
                        Some(limit + offset)
                    }
                    (None, _) => None,
                }
            } else {
                None
            };
            let loops =
                if is_driver || join_columns.is_empty() { block_loops } else { block_loops * driver_rows.max(1.0) };
            let columns = if block.star.contains(&t) { None } else { Some(block.columns[t].clone()) };
            out.push(Access {
                table: use_.table.clone(),
                block: b,
                table_index: t,
                predicates,
                join_columns,
                loops,
                order,
                wanted,
                sorts: block.sorts,
                columns,
            });
        }
        if b == 0 {
            outer_rows = driver_rows.max(1.0);
        }
    }
    out
}

/// The table a block reads first: the one with the fewest rows after its own filters, among
/// those no outer join makes optional.
fn driver_of(block: &Block, est: &Estimator) -> Option<usize> {
    (0..block.tables.len())
        .filter(|t| !block.tables[*t].outer)
        .min_by(|a, b| output_rows(block, *a, est).total_cmp(&output_rows(block, *b, est)))
        .or(if block.tables.is_empty() { None } else { Some(0) })
}

/// Rows of a table left after the block's filters on it.
fn output_rows(block: &Block, t: usize, est: &Estimator) -> f64 {
    let table = &block.tables[t].table;
    let mut rows = est.rows(table);
    for p in block.predicates.iter().filter(|p| p.table == t) {
        rows *= est.selectivity(table, p);
    }
    rows.max(1.0)
}

/// Selectivity of every predicate of the access together, and of the join lookups.
fn filter_selectivity(access: &Access, est: &Estimator) -> f64 {
    let mut s = 1.0;
    for p in &access.predicates {
        s *= est.selectivity(&access.table, p);
    }
    s
}

/// A sequential scan (a hash join reads the table once whatever the loops).
pub fn seq_cost(access: &Access, est: &Estimator) -> PathCost {
    let rows = est.rows(&access.table);
    let selected = rows * filter_selectivity(access, est);
    let mut read = rows;
    // Without a sort, a limited scan stops once it has found enough rows.
    if let Some(wanted) = access.wanted
        && !access.sorts
    {
        let s = filter_selectivity(access, est).max(1.0 / rows);
        read = (wanted / s).min(rows);
    }
    let mut cost = read * SEQ_ROW;
    if access.sorts && !access.order.is_empty() {
        cost += sort_cost(selected, access.wanted);
    }
    // Joined on a column without an index: one scan, hashed (not once per driving row).
    let loops = if access.join_columns.is_empty() { access.loops } else { 1.0 };
    PathCost { cost: cost * loops, rows_read: read, index: None, order_served: false, covering: false }
}

fn sort_cost(rows: f64, wanted: Option<f64>) -> f64 {
    let kept = wanted.unwrap_or(rows).min(rows).max(2.0);
    rows * SORT_ROW * kept.log2().max(1.0)
}

/// The access through `index`, or `None` when the index cannot serve it at all.
pub fn index_cost(access: &Access, index: &IndexView, est: &Estimator) -> Option<PathCost> {
    let predicates = access.predicate_refs();
    if !index.usable_for(&predicates) {
        return None;
    }
    let rows = est.rows(&access.table);
    match &index.method {
        Method::BTree | Method::Hash => btree_cost(access, index, est, rows),
        Method::Gin { trigram: true } => gin_cost(access, index, est, rows),
        _ => None,
    }
}

/// Selectivity of a key's equality lookups (a predicate, or the join).
fn equality_on(access: &Access, key: &Key, est: &Estimator) -> Option<f64> {
    let predicate = access
        .predicates
        .iter()
        .filter(|p| &p.key == key && p.op.is_equality())
        .map(|p| est.selectivity(&access.table, p));
    let mut best: Option<f64> = predicate.reduce(f64::min);
    if let Key::Column(c) = key
        && access.join_columns.iter().any(|j| j == c)
    {
        let join = 1.0 / est.distinct(&access.table, key);
        best = Some(best.map_or(join, |b| b.min(join)));
    }
    best
}

fn range_on(access: &Access, key: &Key, est: &Estimator) -> Option<f64> {
    let mut s: Option<f64> = None;
    for p in access.predicates.iter().filter(|p| &p.key == key && p.op.is_range()) {
        let sel = est.selectivity(&access.table, p);
        s = Some(s.map_or(sel, |x| x * sel));
    }
    // Both ends of a range (`>= a AND < b`) read like a BETWEEN.
    let ends = access.predicates.iter().filter(|p| &p.key == key && p.op == Op::Range).count();
    if ends >= 2 {
        s = Some(0.05);
    }
    s
}

fn btree_cost(access: &Access, index: &IndexView, est: &Estimator, rows: f64) -> Option<PathCost> {
    let mut selectivity = 1.0;
    let mut matched = 0;
    let mut ranged = false;
    let mut used_keys: Vec<&Key> = Vec::new();
    for (key, _) in &index.parts {
        if let Some(s) = equality_on(access, key, est) {
            selectivity *= s;
            matched += 1;
            used_keys.push(key);
            continue;
        }
        if index.method == Method::BTree
            && let Some(s) = range_on(access, key, est)
        {
            selectivity *= s;
            ranged = true;
            used_keys.push(key);
        }
        break;
    }
    if index.method == Method::Hash && (matched != index.parts.len() || ranged) {
        return None;
    }
    let order_served = order_served(access, index, matched);
    let partial = !index.predicate.is_empty();
    if matched == 0 && !ranged && !order_served && !partial {
        return None;
    }
    // The index's own predicate filters too: what it selects is what the query's conjunct selects.
    for p in &access.predicates {
        if index.predicate.contains(&p.text) && !used_keys.contains(&&p.key) {
            selectivity *= est.selectivity(&access.table, p);
        }
    }
    let entries = (rows * selectivity).max(1.0);
    let residual: f64 = access
        .predicates
        .iter()
        .filter(|p| !used_keys.contains(&&p.key) && !index.predicate.contains(&p.text))
        .map(|p| est.selectivity(&access.table, p))
        .product();
    let covering = match &access.columns {
        None => false,
        Some(columns) => {
            let stored: BTreeSet<&str> = index.stored_columns().collect();
            columns.iter().all(|c| stored.contains(c.as_str()))
                && access.predicates.iter().all(|p| p.columns.iter().all(|c| stored.contains(c.as_str())))
        }
    };
    let mut read = entries;
    if order_served && let Some(wanted) = access.wanted {
        read = (wanted / residual.max(1e-9)).min(entries);
    }
    let fetch = if covering { INDEX_ENTRY } else { HEAP_FETCH };
    let mut cost = DESCENT + read * (INDEX_ENTRY + fetch);
    if access.sorts && !access.order.is_empty() && !order_served {
        cost += sort_cost(entries * residual, access.wanted);
    }
    Some(PathCost {
        cost: cost * access.loops,
        rows_read: read,
        index: Some(index.name.clone()),
        order_served,
        covering,
    })
}

/// Whether the index delivers the access's sort after its first `matched` equality keys:
/// the sort keys follow in order (keys fixed by an equality may be skipped), all in the index's
/// direction or all against it (a backward scan).
fn order_served(access: &Access, index: &IndexView, matched: usize) -> bool {
    if access.order.is_empty() {
        return false;
    }
    let fixed = |key: &Key| access.predicates.iter().any(|p| &p.key == key && p.op == Op::Eq);
    let wanted: Vec<&(Key, bool)> = access.order.iter().filter(|(k, _)| !fixed(k)).collect();
    if wanted.is_empty() {
        return true;
    }
    let rest = &index.parts[matched.min(index.parts.len())..];
    let rest: Vec<&(Key, bool)> = rest.iter().skip_while(|(k, _)| fixed(k)).collect();
    if rest.len() < wanted.len() {
        return false;
    }
    let mut flipped = None;
    for ((want_key, want_desc), (key, desc)) in wanted.iter().map(|p| (&p.0, p.1)).zip(rest.iter().map(|p| (&p.0, p.1)))
    {
        if want_key != key {
            return false;
        }
        let flip = want_desc != desc;
        if *flipped.get_or_insert(flip) != flip {
            return false;
        }
    }
    true
}

fn gin_cost(access: &Access, index: &IndexView, est: &Estimator, rows: f64) -> Option<PathCost> {
    let (key, _) = index.parts.first()?;
    let searched: Vec<&Predicate> = access
        .predicates
        .iter()
        .filter(|p| &p.key == key && matches!(p.op, Op::LikeInfix | Op::LikePrefix | Op::Eq))
        .collect();
    if searched.is_empty() {
        return None;
    }
    let s: f64 = searched.iter().map(|p| est.selectivity(&access.table, p)).product();
    let entries = (rows * s).max(1.0);
    let mut cost = GIN_SETUP + entries * (INDEX_ENTRY + HEAP_FETCH);
    if access.sorts && !access.order.is_empty() {
        cost += sort_cost(entries, access.wanted);
    }
    Some(PathCost {
        cost: cost * access.loops,
        rows_read: entries,
        index: Some(index.name.clone()),
        order_served: false,
        covering: false,
    })
}

/// The cheapest way to run an access with these indexes.
pub fn best_path(access: &Access, indexes: &[IndexView], est: &Estimator) -> PathCost {
    let mut best = seq_cost(access, est);
    for index in indexes {
        if let Some(path) = index_cost(access, index, est)
            && path.cost < best.cost
        {
            best = path;
        }
    }
    best
}

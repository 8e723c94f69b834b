//! Candidate indexes: one designed per table access that no existing index serves well
//! (equality keys, then the sort or one range, covering columns where they save heap fetches, a
//! partial predicate for a constant on a skewed column, expression keys, trigram GIN for
//! infix `LIKE`), then a greedy choice across the workload so that one index serving several
//! queries wins over several, and no index is proposed that another proposed one makes useless.

use std::collections::{BTreeMap, BTreeSet};

use codegen_core::{ColumnType, Dialect, Index, IndexKey, IndexPart, QualifiedName, Schema, SortOrder, Table};

use crate::cost::{Access, PathCost, best_path};
use crate::index_view::{IndexView, Method, Origin, conjuncts};
use crate::shape::{Key, Op, Operand, Predicate};
use crate::stats::{Estimator, is_wide};

/// Tables smaller than this are scanned faster than any index helps.
pub const MIN_ROWS: f64 = 1_000.0;
/// Rows an access must fetch before covering columns are worth their space.
const COVER_FROM_ROWS: f64 = 200.0;
/// Columns an index may carry besides its keys to cover a query.
const MAX_COVERED: usize = 4;
/// A predicate keeping more than this share of rows is no key worth having.
const USELESS_SHARE: f64 = 0.3;

/// An index the advice may propose.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub table: QualifiedName,
    pub view: IndexView,
    /// The model index, for the migration.
    pub index: Index,
    /// An extension it needs (`pg_trgm`).
    pub extension: Option<String>,
}

/// One access of the workload, with its query and the cost of its best path today.
#[derive(Debug, Clone)]
pub struct Need {
    /// Index into the analysed queries.
    pub query: usize,
    pub calls: f64,
    pub access: Access,
    pub before: PathCost,
}

/// Design the indexes that would serve `access` best.
pub fn design(
    access: &Access,
    est: &Estimator,
    dialect: Dialect,
    usage: &BTreeMap<(QualifiedName, Key), f64>,
) -> Vec<Candidate> {
    let Some(table) = est.table(&access.table) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(candidate) = design_btree(access, table, est, dialect, usage) {
        out.push(candidate);
    }
    if dialect == Dialect::Postgres {
        for p in access.predicates.iter().filter(|p| p.op == Op::LikeInfix) {
            if let Key::Column(column) = &p.key
                && table.column(column).is_some_and(|c| c.ty.is_text())
            {
                let mut part = IndexPart::column(column.clone());
                part.opclass = Some("gin_trgm_ops".into());
                let mut index = Index::new(String::new(), vec![part]);
                index.method = Some("gin".into());
                out.push(candidate(table, index, dialect, Some("pg_trgm".into())));
            }
        }
    }
    out
}

fn design_btree(
    access: &Access,
    table: &Table,
    est: &Estimator,
    dialect: Dialect,
    usage: &BTreeMap<(QualifiedName, Key), f64>,
) -> Option<Candidate> {
    let name = &access.table;
    let usable_key = |key: &Key| match key {
        Key::Column(_) => true,
        // MariaDB has no expression index parts; date conversions are rewritten into ranges on
        // the column instead (and are not immutable on a zoned timestamp, so no index takes them).
        Key::Expression(e) => dialect != Dialect::Mysql && !is_date_conversion(e),
    };
    let share = |p: &Predicate| est.selectivity(name, p);

    // A constant on a skewed column, or IS [NOT] NULL, goes into a partial index's predicate.
    let mut partial: Vec<&Predicate> = Vec::new();
    if dialect.capabilities().partial_indexes {
        for p in &access.predicates {
            let constant = matches!(p.operand, Operand::Literal(_)) && p.key.column().is_some();
            let fits = match p.op {
                Op::IsNull | Op::IsNotNull => true,
                Op::Eq => constant && skewed(est, name, table, p),
                _ => false,
            };
            if fits && share(p) <= USELESS_SHARE {
                partial.push(p);
            }
        }
    }

    let mut keys: Vec<(Key, bool)> = Vec::new();
    let mut opclasses: BTreeMap<Key, String> = BTreeMap::new();
    let mut equalities: Vec<(Key, f64)> = Vec::new();
    for p in &access.predicates {
        if partial.iter().any(|q| q.text == p.text) || !p.op.is_equality() || !usable_key(&p.key) {
            continue;
        }
        let s = share(p);
        if s > USELESS_SHARE && !matches!(p.op, Op::In(_)) {
            continue;
        }
        if !equalities.iter().any(|(k, _)| k == &p.key) {
            equalities.push((p.key.clone(), s));
        }
    }
    for column in &access.join_columns {
        let key = Key::Column(column.clone());
        if !equalities.iter().any(|(k, _)| k == &key) {
            equalities.push((key.clone(), 1.0 / est.distinct(name, &key)));
        }
    }
    // Keys many queries look up by go first, so that they share the index; then the most selective.
    equalities.sort_by(|(a, sa), (b, sb)| {
        let ua = usage.get(&(name.clone(), a.clone())).copied().unwrap_or(0.0);
        let ub = usage.get(&(name.clone(), b.clone())).copied().unwrap_or(0.0);
        ub.total_cmp(&ua).then(sa.total_cmp(sb)).then(a.cmp(b))
    });
    keys.extend(equalities.iter().map(|(k, _)| (k.clone(), false)));

    let fixed: BTreeSet<&Key> = keys.iter().map(|(k, _)| k).collect();
    let order: Vec<&(Key, bool)> = access.order.iter().filter(|(k, _)| !fixed.contains(k) && usable_key(k)).collect();
    let ranges: Vec<&Predicate> =
        access.predicates.iter().filter(|p| p.op.is_range() && usable_key(&p.key) && !fixed.contains(&p.key)).collect();
    let order_first = !order.is_empty()
        && order.len() == access.order.iter().filter(|(k, _)| !fixed.contains(k)).count()
        && (access.wanted.is_some() || ranges.is_empty() || ranges.iter().all(|r| r.key == order[0].0));
    if order_first {
        let all_desc = order.iter().all(|(_, d)| *d);
        let first_desc = order[0].1;
        for (key, desc) in order {
            // One direction scans backwards; mixed directions are written out, the first ascending.
            let desc = if all_desc { false } else { *desc != first_desc };
            keys.push((key.clone(), desc));
        }
    } else if let Some(range) = ranges.iter().min_by(|a, b| share(a).total_cmp(&share(b)))
        && share(range) <= 0.5
    {
        if range.op == Op::LikePrefix
            && dialect == Dialect::Postgres
            && let Key::Column(c) = &range.key
        {
            // Outside the C collation a B-tree seeks LIKE prefixes only with a pattern opclass.
            let opclass = match table.column(c).map(|c| &c.ty) {
                Some(ColumnType::Varchar { .. }) => "varchar_pattern_ops",
                _ => "text_pattern_ops",
            };
            opclasses.insert(range.key.clone(), opclass.into());
        }
        keys.push((range.key.clone(), false));
    }
    if keys.is_empty() {
        if partial.is_empty() {
            return None;
        }
        // Only a partial predicate: key it on what the query reads, else the primary key.
        let key = access
            .columns
            .as_ref()
            .and_then(|c| c.iter().find(|c| !partial.iter().any(|p| p.columns.contains(c))).cloned())
            .or_else(|| table.primary_key.as_ref().and_then(|pk| pk.columns.first().cloned()))?;
        keys.push((Key::Column(key), false));
    }

    // Covering: the few narrow columns the query reads besides the keys.
    let mut include: Vec<String> = Vec::new();
    if let Some(columns) = &access.columns {
        let keyed: BTreeSet<&str> = keys.iter().filter_map(|(k, _)| k.column()).collect();
        let in_predicate: BTreeSet<&str> = partial.iter().flat_map(|p| p.columns.iter().map(String::as_str)).collect();
        let extra: Vec<&String> =
            columns.iter().filter(|c| !keyed.contains(c.as_str()) && !in_predicate.contains(c.as_str())).collect();
        let narrow = extra.iter().all(|c| table.column(c).is_some_and(|c| !is_wide(&c.ty)));
        let fetched = est.rows(name) * access.predicates.iter().map(share).product::<f64>();
        if !extra.is_empty()
            && extra.len() <= MAX_COVERED
            && narrow
            && (fetched >= COVER_FROM_ROWS || access.loops >= COVER_FROM_ROWS)
        {
            include = extra.into_iter().cloned().collect();
        }
    }
    let mut parts: Vec<IndexPart> = keys
        .iter()
        .map(|(key, desc)| IndexPart {
            key: match key {
                Key::Column(c) => IndexKey::Column(c.clone()),
                Key::Expression(e) => IndexKey::Expression(e.clone()),
            },
            order: desc.then_some(SortOrder::Desc),
            opclass: opclasses.get(key).cloned(),
            collation: None,
            nulls: None,
            length: None,
        })
        .collect();
    let mut index = Index::new(String::new(), Vec::new());
    if dialect == Dialect::Postgres {
        index.include = include;
    } else {
        // Elsewhere covering columns are trailing keys; InnoDB keeps the primary key in every
        // index already.
        let pk: Vec<&String> = table.primary_key.iter().flat_map(|pk| pk.columns.iter()).collect();
        let innodb = dialect == Dialect::Mysql;
        parts.extend(include.into_iter().filter(|c| !(innodb && pk.contains(&c))).map(IndexPart::column));
    }
    index.parts = parts;
    if !partial.is_empty() {
        let mut texts: Vec<String> = partial.iter().map(|p| p.text.clone()).collect();
        texts.sort();
        texts.dedup();
        index.predicate = Some(texts.join(" AND "));
    }
    Some(candidate(table, index, dialect, None))
}

/// `CAST(x AS DATE)`, `date(x)`, `date_trunc(...)`, `EXTRACT(...)`: what the non-sargable
/// rewrite turns into a range.
fn is_date_conversion(expression: &str) -> bool {
    let e = expression.to_ascii_lowercase();
    ["as date", "::date", "date(", "date_trunc(", "date_part(", "extract(", "year("].iter().any(|m| e.contains(m))
}

/// Whether a constant's column is one a partial index suits: few distinct values, and (with
/// statistics) the value is a minority.
fn skewed(est: &Estimator, name: &QualifiedName, table: &Table, p: &Predicate) -> bool {
    let Some(column) = p.key.column() else { return false };
    let low_cardinality = est.distinct(name, &p.key) <= 50.0
        || table.column(column).is_some_and(|c| matches!(c.ty, ColumnType::Bool | ColumnType::Enum { .. }));
    low_cardinality && est.selectivity(name, p) <= USELESS_SHARE
}

/// A candidate from a designed index (named later, once all are known).
fn candidate(table: &Table, index: Index, dialect: Dialect, extension: Option<String>) -> Candidate {
    let mut view = crate::index_view::view_of(&index, table, dialect);
    view.origin = Origin::Candidate;
    view.predicate = index.predicate.as_deref().map(|p| conjuncts(p, dialect)).unwrap_or_default();
    Candidate { table: table.name.clone(), view, index, extension }
}

/// A name for the index in PostgreSQL's style (`<table>_<keys>_idx`), unique in the schema.
pub fn name_index(candidate: &mut Candidate, taken: &mut BTreeSet<String>) {
    let mut words: Vec<String> = Vec::new();
    for part in &candidate.index.parts {
        match &part.key {
            IndexKey::Column(c) => words.push(c.clone()),
            IndexKey::Expression(e) => words.push(
                e.chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
                    .collect::<String>(),
            ),
        }
    }
    if candidate.view.method == (Method::Gin { trigram: true }) {
        words.push("trgm".into());
    }
    if candidate.index.predicate.is_some() {
        words.push("partial".into());
    }
    let mut base = format!("{}_{}_idx", candidate.table.name, words.join("_"));
    base = collapse_underscores(&base);
    if base.len() > 60 {
        base.truncate(56);
        base = format!("{}_idx", base.trim_end_matches('_'));
    }
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    candidate.index.name = name.clone();
    candidate.view.name = name;
}

fn collapse_underscores(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c == '_' && out.ends_with('_') {
            continue;
        }
        out.push(c);
    }
    out
}

/// Every index name the schema uses, so that proposals never collide with one.
pub fn taken_names(schema: &Schema) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for table in &schema.tables {
        names.extend(table.indexes.iter().map(|i| i.name.clone()));
        names.extend(table.uniques.iter().filter_map(|u| u.name.clone()));
        if let Some(pk) = &table.primary_key {
            names.extend(pk.name.clone());
            names.insert(format!("{}_pkey", table.name.name));
        }
    }
    names
}

/// Whether two candidates are the same index but for their covering columns.
pub fn same_but_include(a: &Candidate, b: &Candidate) -> bool {
    a.table == b.table && a.view.same_keys(&b.view)
}

/// The chosen candidates and, per need, which chosen candidate serves it (if any).
pub struct Choice {
    pub chosen: Vec<Candidate>,
    pub served_by: Vec<Option<usize>>,
}

/// Choose greedily, table by table (indexes of different tables never serve the same access):
/// the candidate with the largest gain (cost saved times calls) over the needs no chosen index
/// serves yet, until none gains. A need counts as served by a candidate when the candidate
/// brings it within 25% of its own ideal index and past `required_speedup(table)`.
pub fn choose(
    needs: &[Need],
    pool: &[Candidate],
    existing: &BTreeMap<QualifiedName, Vec<IndexView>>,
    est: &Estimator,
    required_speedup: &dyn Fn(&QualifiedName) -> f64,
) -> Choice {
    let mut needs_of: BTreeMap<&QualifiedName, Vec<usize>> = BTreeMap::new();
    for (n, need) in needs.iter().enumerate() {
        needs_of.entry(&need.access.table).or_default().push(n);
    }
    let mut pool_of: BTreeMap<&QualifiedName, Vec<usize>> = BTreeMap::new();
    for (c, candidate) in pool.iter().enumerate() {
        pool_of.entry(&candidate.table).or_default().push(c);
    }
    let empty = Vec::new();
    let mut chosen: Vec<Candidate> = Vec::new();
    let mut served_by: Vec<Option<usize>> = vec![None; needs.len()];
    for (table, candidates) in pool_of {
        let Some(table_needs) = needs_of.get(table) else { continue };
        let bar = required_speedup(table);
        let indexes = existing.get(table).unwrap_or(&empty);
        // Cost of each of the table's needs with each candidate added to its indexes.
        let with: Vec<Vec<f64>> = candidates
            .iter()
            .map(|&c| {
                let mut all = indexes.clone();
                all.push(pool[c].view.clone());
                table_needs.iter().map(|&n| best_path(&needs[n].access, &all, est).cost).collect()
            })
            .collect();
        let ideal: Vec<f64> = (0..table_needs.len())
            .map(|i| with.iter().map(|w| w[i]).fold(needs[table_needs[i]].before.cost, f64::min))
            .collect();
        let serves = |k: usize, i: usize| -> bool {
            let cost = with[k][i];
            let before = needs[table_needs[i]].before.cost;
            cost <= ideal[i] * 1.25 + 1e-9 && before / cost.max(1e-9) >= bar
        };
        let mut taken: Vec<usize> = Vec::new();
        loop {
            let mut best: Option<(usize, f64)> = None;
            for (k, costs) in with.iter().enumerate() {
                if taken.contains(&k) {
                    continue;
                }
                let gain: f64 = (0..table_needs.len())
                    .filter(|i| served_by[table_needs[*i]].is_none() && serves(k, *i))
                    .map(|i| (needs[table_needs[i]].before.cost - costs[i]) * needs[table_needs[i]].calls)
                    .sum();
                // Ties go to the index with fewer keys: the simpler one.
                let parts = |k: usize| pool[candidates[k]].index.parts.len();
                let better = match best {
                    None => gain > 0.0,
                    Some((b, g)) => gain > g * 1.0001 || (gain > g * 0.9999 && parts(k) < parts(b)),
                };
                if better && gain > 0.0 {
                    best = Some((k, gain));
                }
            }
            let Some((k, _)) = best else { break };
            taken.push(k);
            chosen.push(pool[candidates[k]].clone());
            let slot = chosen.len() - 1;
            for i in 0..table_needs.len() {
                if served_by[table_needs[i]].is_none() && serves(k, i) {
                    served_by[table_needs[i]] = Some(slot);
                }
            }
        }
    }
    Choice { chosen, served_by }
}

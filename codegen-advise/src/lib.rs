//! Query and index advice, without a database: a workload of queries, the schema model and
//! what is known about the data in; ranked index suggestions with their write cost, query
//! findings with rewrites, and findings about existing indexes out. Proving the advice runs
//! on a database and lives in codegen-db; this crate turns its measurements into verdicts.
//!
//! ```text
//! workload (queries, calls, writes) ─┐
//! schema model ──────────────────────┼─> shape ─> accesses ─> candidates ─> choice ─> Advice
//! stats (volumes, columns, writes) ──┘        └─> findings (rewrites)       existing findings
//! ```

pub mod bind;
pub mod candidates;
pub mod cost;
pub mod existing;
pub mod index_view;
pub mod migration;
pub mod names;
pub mod normalize;
pub mod proof;
pub mod report;
pub mod rewrite;
pub mod shape;
pub mod stats;
pub mod tables;
pub mod workload;
pub mod write_cost;

use std::collections::{BTreeMap, BTreeSet};

use codegen_core::{Dialect, QualifiedName, Schema};

use crate::candidates::{Candidate, Need, choose, design, name_index, same_but_include, taken_names};
use crate::cost::{Access, accesses, best_path};
use crate::index_view::{IndexView, indexes_of};
use crate::report::{Advice, Estimate, IndexSuggestion, QueryAdvice, QueryError, QueryFinding, QueryStatus};
use crate::shape::{Key, Shape, StatementKind, shape_of};
use crate::stats::{Estimator, Stats, VolumeSource};
use crate::workload::Workload;

pub use report::render_text;
pub use stats::{ColumnStats, TableStats};
pub use workload::{Query, Rate};

/// How to advise.
#[derive(Debug, Clone)]
pub struct AdviseOptions {
    /// The share by which a query's cost must fall for an index to be proposed (and, with a
    /// proof, kept): 0.5 means at least twice as fast.
    pub threshold: f64,
}

impl Default for AdviseOptions {
    fn default() -> Self {
        Self { threshold: 0.5 }
    }
}

impl AdviseOptions {
    /// The speedup the threshold amounts to.
    pub fn base_speedup(&self) -> f64 {
        1.0 / (1.0 - self.threshold.clamp(0.0, 0.99))
    }
}

/// One statement analysed.
struct Analysed {
    query: usize,
    shape: Shape,
    accesses: Vec<Access>,
}

/// Advise on `workload` against `schema`, with what `stats` knows about the data.
pub fn advise(schema: &Schema, workload: &Workload, stats: &Stats, options: &AdviseOptions) -> Advice {
    let dialect = workload.dialect;
    let mut stats = stats.clone();
    let mut errors = Vec::new();
    for d in workload.diagnostics.iter().filter(|d| d.is_error()) {
        if let Some(location) = &d.location {
            let label = d.object.clone().unwrap_or_else(|| "directive".into());
            errors.push(QueryError::new(0, label, location, d.message.clone()));
        }
    }
    add_directive_writes(&mut stats, workload, schema, &mut errors);

    // Shapes first: the write rates of the workload's own statements feed every estimate.
    let tables = tables::Tables::new(schema);
    let mut shapes: Vec<Option<Shape>> = Vec::with_capacity(workload.queries.len());
    for (i, query) in workload.queries.iter().enumerate() {
        let shape = match &query.parsed {
            Err(diagnostic) => {
                let location = diagnostic.location.clone().unwrap_or_else(|| query.location.clone());
                errors.push(QueryError::new(query.number, query.label(), &location, diagnostic.message.clone()));
                None
            }
            Ok(statement) => match shape_of(statement, &tables, dialect) {
                Ok(shape) => Some(shape),
                Err(error) => {
                    errors.push(QueryError::new(query.number, query.label(), &query.location, error.to_string()));
                    None
                }
            },
        };
        if let Some(shape) = &shape {
            add_statement_writes(&mut stats, shape, workload.queries[i].calls_per_minute());
        }
        shapes.push(shape);
    }

    let est = Estimator::new(schema, &stats);
    let existing: BTreeMap<QualifiedName, Vec<IndexView>> =
        schema.tables.iter().map(|t| (t.name.clone(), indexes_of(t, dialect))).collect();
    let no_indexes = Vec::new();
    let mut analysed = Vec::new();
    for (i, shape) in shapes.into_iter().enumerate() {
        let Some(shape) = shape else { continue };
        let accesses = if matches!(
            shape.kind,
            StatementKind::Select | StatementKind::Update | StatementKind::Delete | StatementKind::Insert
        ) {
            accesses(&shape, &est)
        } else {
            Vec::new()
        };
        analysed.push(Analysed { query: i, shape, accesses });
    }

    // Which keys the workload looks up by, weighted by calls: shared keys lead candidates.
    let mut usage: BTreeMap<(QualifiedName, Key), f64> = BTreeMap::new();
    for a in &analysed {
        let calls = workload.queries[a.query].calls_per_minute();
        for access in &a.accesses {
            for p in access.predicates.iter().filter(|p| p.op.is_equality()) {
                *usage.entry((access.table.clone(), p.key.clone())).or_default() += calls;
            }
            for c in &access.join_columns {
                *usage.entry((access.table.clone(), Key::Column(c.clone()))).or_default() += calls;
            }
        }
    }

    let mut needs: Vec<Need> = Vec::new();
    let mut pool: Vec<Candidate> = Vec::new();
    for a in &analysed {
        let calls = workload.queries[a.query].calls_per_minute();
        for access in &a.accesses {
            if est.rows(&access.table) < candidates::MIN_ROWS {
                continue;
            }
            let indexes = existing.get(&access.table).unwrap_or(&no_indexes);
            let before = best_path(access, indexes, &est);
            for candidate in design(access, &est, dialect, &usage) {
                merge_into(&mut pool, candidate);
            }
            needs.push(Need { query: a.query, calls, access: access.clone(), before });
        }
    }

    // Reads a minute per table that an index could speed up: the bar rises with writes.
    let mut reads: BTreeMap<QualifiedName, f64> = BTreeMap::new();
    for need in &needs {
        *reads.entry(need.access.table.clone()).or_default() += need.calls;
    }
    let base = options.base_speedup();
    let required = |table: &QualifiedName| {
        write_cost::required_speedup(base, est.writes_per_minute(table), reads.get(table).copied().unwrap_or(0.0))
    };
    let choice = choose(&needs, &pool, &existing, &est, &required);

    // Name and describe each chosen index.
    let mut taken = taken_names(schema);
    let mut chosen = choice.chosen;
    for candidate in &mut chosen {
        name_index(candidate, &mut taken);
    }
    let mut with_chosen = existing.clone();
    for c in &chosen {
        with_chosen.entry(c.table.clone()).or_default().push(c.view.clone());
    }
    let mut suggestions = Vec::new();
    for (c, candidate) in chosen.iter().enumerate() {
        let served: Vec<usize> = (0..needs.len()).filter(|n| choice.served_by[*n] == Some(c)).collect();
        let mut queries: Vec<usize> = served.iter().map(|n| workload.queries[needs[*n].query].number).collect();
        queries.dedup();
        let mut cost_before = 0.0;
        let mut cost_after = 0.0;
        let mut gain = 0.0;
        let mut reads_served = 0.0;
        for &n in &served {
            let need = &needs[n];
            let mut indexes = existing.get(&candidate.table).unwrap_or(&no_indexes).clone();
            indexes.push(candidate.view.clone());
            let after = best_path(&need.access, &indexes, &est).cost;
            cost_before += need.before.cost;
            cost_after += after;
            gain += (need.before.cost - after) * need.calls;
            reads_served += need.calls;
        }
        let table_indexes = existing.get(&candidate.table).unwrap_or(&no_indexes);
        let write_cost = write_cost::write_cost(candidate, table_indexes, &est, dialect, reads_served, base);
        let replaces: Vec<String> = table_indexes
            .iter()
            .filter(|v| {
                v.origin == index_view::Origin::Index
                    && !v.unique
                    && v.is_prefix_of(&candidate.view)
                    && v.include.iter().all(|i| candidate.view.stored_columns().any(|s| s == i))
            })
            .map(|v| v.name.clone())
            .collect();
        let sql = migration::index_statements(
            schema,
            &candidate.table,
            &candidate.index,
            dialect,
            candidate.extension.as_deref(),
        );
        let reason = reason_for(candidate, &needs, &served, &est);
        suggestions.push(IndexSuggestion {
            id: String::new(),
            table: candidate.table.to_string(),
            name: candidate.index.name.clone(),
            sql,
            queries,
            replaces,
            reason,
            estimate: Estimate {
                cost_before,
                cost_after,
                speedup: cost_before / cost_after.max(1e-9),
                gain_per_minute: gain,
            },
            write_cost,
            proof: None,
            candidate: candidate.clone(),
        });
    }
    suggestions
        .sort_by(|a, b| b.estimate.gain_per_minute.total_cmp(&a.estimate.gain_per_minute).then(a.name.cmp(&b.name)));
    for (i, s) in suggestions.iter_mut().enumerate() {
        s.id = format!("I{}", i + 1);
    }

    // Per query: estimates, the suggestions that serve it, findings.
    let mut queries = Vec::new();
    let mut by_query: BTreeMap<usize, &Analysed> = BTreeMap::new();
    for a in &analysed {
        by_query.insert(a.query, a);
    }
    for (i, query) in workload.queries.iter().enumerate() {
        let mut advice = QueryAdvice {
            number: query.number,
            name: query.name.clone(),
            line: query.location.line,
            calls_per_minute: query.calls.map(|r| r.per_minute),
            sql: query.text.clone(),
            status: QueryStatus::Error,
            cost_before: None,
            cost_after: None,
            indexes: Vec::new(),
            findings: Vec::new(),
            params: Vec::new(),
            label: query.label(),
        };
        if let Some(a) = by_query.get(&i) {
            advice.params = a.shape.params.clone();
            if a.accesses.is_empty() {
                advice.status = QueryStatus::Skipped;
            } else {
                let before: f64 = a
                    .accesses
                    .iter()
                    .map(|x| best_path(x, existing.get(&x.table).unwrap_or(&no_indexes), &est).cost)
                    .sum();
                let after: f64 = a
                    .accesses
                    .iter()
                    .map(|x| best_path(x, with_chosen.get(&x.table).unwrap_or(&no_indexes), &est).cost)
                    .sum();
                advice.cost_before = Some(before);
                advice.cost_after = Some(after);
                advice.indexes =
                    suggestions.iter().filter(|s| s.queries.contains(&query.number)).map(|s| s.id.clone()).collect();
            }
            if let Ok(statement) = &query.parsed {
                let cx =
                    rewrite::Context { statement, shape: &a.shape, accesses: &a.accesses, schema, est: &est, dialect };
                advice.findings =
                    rewrite::findings(&cx).into_iter().map(|finding| QueryFinding { finding, proof: None }).collect();
            }
            if advice.status != QueryStatus::Skipped {
                advice.status =
                    if advice.indexes.is_empty() && advice.findings.iter().all(|f| f.finding.rewritten.is_none()) {
                        QueryStatus::WellIndexed
                    } else {
                        QueryStatus::Advised
                    };
            }
        }
        queries.push(advice);
    }

    let mut assumptions = Vec::new();
    let mut assumed: BTreeSet<String> = BTreeSet::new();
    for a in &analysed {
        for access in &a.accesses {
            if est.rows_source(&access.table) == VolumeSource::Assumed {
                assumed.insert(access.table.to_string());
            }
        }
    }
    if !assumed.is_empty() {
        assumptions.push(format!(
            "{} row(s) in {} (no volume given: pass --volumes, set [advise.volumes] or read a live database)",
            round(stats::DEFAULT_ROWS as f64),
            assumed.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    Advice {
        dialect,
        threshold: options.threshold,
        indexes: suggestions,
        queries,
        existing: existing::existing_findings(schema, &stats, dialect),
        errors,
        assumptions,
    }
}

fn round(n: f64) -> String {
    report::round_count(n)
}

/// Add a candidate to the pool, or fold its covering columns into an equal one.
fn merge_into(pool: &mut Vec<Candidate>, candidate: Candidate) {
    if let Some(existing) = pool.iter_mut().find(|c| same_but_include(c, &candidate)) {
        for column in &candidate.index.include {
            if !existing.index.include.contains(column) && existing.index.include.len() < 6 {
                existing.index.include.push(column.clone());
                existing.view.include.push(column.clone());
            }
        }
        return;
    }
    pool.push(candidate);
}

/// Why the index is proposed, in a sentence.
fn reason_for(candidate: &Candidate, needs: &[Need], served: &[usize], est: &Estimator) -> String {
    let keys: Vec<String> =
        candidate.view.parts.iter().map(|(k, d)| if *d { format!("{k} DESC") } else { k.to_string() }).collect();
    let mut what = match &candidate.view.method {
        index_view::Method::Gin { .. } => format!("trigram search on {}", keys.join(", ")),
        _ => format!("seek on ({})", keys.join(", ")),
    };
    if served
        .iter()
        .any(|n| needs[*n].access.order.iter().any(|(k, _)| candidate.view.parts.iter().any(|(p, _)| p == k)))
    {
        what.push_str(", rows already in ORDER BY order");
    }
    if !candidate.index.include.is_empty() {
        what.push_str(&format!(", covering {} (no heap fetch)", candidate.index.include.join(", ")));
    }
    if let Some(predicate) = &candidate.index.predicate {
        what.push_str(&format!(", only rows where {predicate}"));
    }
    let rows = est.rows(&candidate.table);
    let before: Vec<String> = served
        .iter()
        .map(|n| match &needs[*n].before.index {
            Some(index) => format!("`{index}` reads ~{} rows", round(needs[*n].before.rows_read)),
            None => format!("a scan of ~{} rows", round(rows)),
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    format!("{what}; today {}", before.join(" / "))
}

/// `-- writes:` directives into the statistics (rates add up); unknown tables are errors.
fn add_directive_writes(stats: &mut Stats, workload: &Workload, schema: &Schema, errors: &mut Vec<QueryError>) {
    for directive in &workload.writes {
        let Some(table) = schema.table(&directive.table) else {
            errors.push(QueryError::new(
                0,
                "`-- writes:`".into(),
                &directive.location,
                format!("unknown table `{}` in `-- writes:`", directive.table),
            ));
            continue;
        };
        let entry = stats.table_mut(&table.name);
        match &directive.column {
            Some(column) if table.column(column).is_none() => errors.push(QueryError::new(
                0,
                "`-- writes:`".into(),
                &directive.location,
                format!("table `{}` has no column `{column}`", table.name),
            )),
            Some(column) => {
                *entry.column_updates_per_minute.entry(column.clone()).or_default() += directive.rate.per_minute
            }
            None => *entry.writes_per_minute.get_or_insert(0.0) += directive.rate.per_minute,
        }
    }
}

/// The workload's own INSERT/UPDATE/DELETE statements are writes at their call rates.
fn add_statement_writes(stats: &mut Stats, shape: &Shape, calls: f64) {
    let Some(table) = &shape.written else { return };
    if table.name.is_empty() {
        return;
    }
    let entry = stats.table_mut(table);
    *entry.writes_per_minute.get_or_insert(0.0) += calls;
    if shape.kind == StatementKind::Update {
        for column in &shape.updated_columns {
            *entry.column_updates_per_minute.entry(column.clone()).or_default() += calls;
        }
    }
}

/// A volume (from a flag or the configuration) for a table the schema does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVolumeTable {
    pub table: QualifiedName,
    /// The closest table name, if one is close.
    pub suggestion: Option<String>,
}

/// Check that every table given a volume exists.
pub fn check_volume_tables(schema: &Schema, tables: &[QualifiedName]) -> Vec<UnknownVolumeTable> {
    tables
        .iter()
        .filter(|t| schema.table(t).is_none())
        .map(|t| UnknownVolumeTable {
            table: t.clone(),
            suggestion: schema
                .tables
                .iter()
                .map(|s| (edit_distance(&s.name.name, &t.name), s.name.to_string()))
                .filter(|(d, _)| *d <= 3)
                .min()
                .map(|(_, n)| n),
        })
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb { previous } else { 1 + previous.min(row[j]).min(row[j + 1]) };
            previous = current;
        }
    }
    row[b.len()]
}

/// The dialect a workload is analysed in, for callers with only a schema.
pub fn default_dialect(schema: &Schema) -> Dialect {
    schema.dialect.unwrap_or(Dialect::Postgres)
}

#[cfg(test)]
mod tests;

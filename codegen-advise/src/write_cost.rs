//! What an index costs the writes: its size, the indexes every insert and update then
//! maintains, and the updates that stop being PostgreSQL HOT updates (an update that changes
//! no indexed column stays on its page and touches no index; one that changes an indexed
//! column writes a new entry in every index of the table). On a write-heavy table the bar an
//! index must clear rises with the ratio of writes to the reads it speeds up.

use codegen_core::{Dialect, IndexKey, QualifiedName};
use serde::Serialize;

use crate::candidates::Candidate;
use crate::index_view::{IndexView, Method};
use crate::stats::Estimator;

/// The highest factor the bar rises by on a write-heavy table.
const MAX_WRITE_FACTOR: f64 = 10.0;

/// Updates of one column that would lose HOT.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotLoss {
    pub column: String,
    pub updates_per_minute: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WriteCost {
    /// Estimated size on disk.
    pub size_bytes: u64,
    /// Indexes every insert into the table maintains with this one.
    pub indexes_maintained: usize,
    /// Inserts, updates and deletes a minute on the table.
    pub writes_per_minute: f64,
    /// Updates that stop being HOT (PostgreSQL).
    pub hot_lost: Vec<HotLoss>,
    /// The speedup this table's suggestions must reach.
    pub required_speedup: f64,
    /// Whether the table is written more often than the suggestion's queries read it.
    pub write_heavy: bool,
}

/// The speedup a suggestion on `table` must reach: the base bar, raised by the table's writes
/// relative to the reads that benefit.
pub fn required_speedup(base: f64, writes_per_minute: f64, reads_per_minute: f64) -> f64 {
    let factor = 1.0 + writes_per_minute / reads_per_minute.max(1.0);
    base * factor.min(MAX_WRITE_FACTOR)
}

/// The write cost of `candidate` on its table, which has `existing` indexes.
pub fn write_cost(
    candidate: &Candidate,
    existing: &[IndexView],
    est: &Estimator,
    dialect: Dialect,
    reads_per_minute: f64,
    base_speedup: f64,
) -> WriteCost {
    let table = &candidate.table;
    let writes = est.writes_per_minute(table);
    let size = index_size(candidate, est);
    let mut hot_lost = Vec::new();
    if dialect == Dialect::Postgres
        && let Some(stats) = est.stats.table(table)
    {
        let columns = columns_of(candidate);
        for (column, rate) in &stats.column_updates_per_minute {
            let newly_indexed = columns.iter().any(|c| c == column)
                && !existing.iter().any(|v| v.stored_columns().any(|c| c == column) || mentions(&v.parts, column));
            if newly_indexed && *rate > 0.0 {
                hot_lost.push(HotLoss { column: column.clone(), updates_per_minute: *rate });
            }
        }
    }
    WriteCost {
        size_bytes: size,
        indexes_maintained: existing.len() + 1,
        writes_per_minute: writes,
        hot_lost,
        required_speedup: required_speedup(base_speedup, writes, reads_per_minute),
        write_heavy: writes > reads_per_minute,
    }
}

fn mentions(parts: &[(crate::shape::Key, bool)], column: &str) -> bool {
    parts.iter().any(|(k, _)| match k {
        crate::shape::Key::Column(c) => c == column,
        crate::shape::Key::Expression(e) => e.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == column),
    })
}

/// Every column the index reads: keys, expression keys' columns, INCLUDE and predicate columns.
fn columns_of(candidate: &Candidate) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| !w.is_empty()).map(str::to_string).collect()
    };
    for part in &candidate.index.parts {
        match &part.key {
            IndexKey::Column(c) => columns.push(c.clone()),
            IndexKey::Expression(e) => columns.extend(words(e)),
        }
    }
    columns.extend(candidate.index.include.iter().cloned());
    if let Some(p) = &candidate.index.predicate {
        columns.extend(words(p));
    }
    columns
}

/// Rows times entry width (keys and covered columns, plus the entry header and row pointer),
/// over B-tree leaves 90% full; a partial index holds only its rows; a trigram GIN some three
/// entries per character group.
fn index_size(candidate: &Candidate, est: &Estimator) -> u64 {
    let table = &candidate.table;
    let mut rows = est.rows(table);
    if let Some(predicate) = &candidate.index.predicate {
        rows *= partial_share(table, predicate, est);
    }
    let mut width = 16.0;
    for part in &candidate.index.parts {
        width += match &part.key {
            IndexKey::Column(c) => est.width(table, c),
            IndexKey::Expression(_) => 16.0,
        };
    }
    for column in &candidate.index.include {
        width += est.width(table, column);
    }
    if candidate.view.method == (Method::Gin { trigram: true }) {
        let column = candidate.index.parts.first().and_then(|p| match &p.key {
            IndexKey::Column(c) => Some(c.as_str()),
            IndexKey::Expression(_) => None,
        });
        let chars = column.map_or(32.0, |c| est.width(table, c));
        return (rows * chars * 3.0 * 1.2) as u64;
    }
    (rows * width / 0.9) as u64
}

/// The share of rows a partial predicate keeps, from the columns' statistics.
fn partial_share(table: &QualifiedName, predicate: &str, est: &Estimator) -> f64 {
    let lower = predicate.to_ascii_lowercase();
    let mut share: f64 = 1.0;
    for conjunct in lower.split(" and ") {
        let column = conjunct.split_whitespace().next().unwrap_or_default().trim_matches('"').to_string();
        share *= if conjunct.contains(" is null") {
            est.null_fraction(table, &column)
        } else if conjunct.contains(" is not null") {
            1.0 - est.null_fraction(table, &column)
        } else if let Some((_, value)) = conjunct.split_once('=') {
            let key = crate::shape::Key::Column(column.clone());
            let operand = crate::shape::Operand::Literal(value.trim().to_string());
            est.eq_selectivity(table, &key, &operand)
        } else {
            0.5
        };
    }
    share.clamp(0.0, 1.0)
}

//! The order tables are loaded in: parents first, a cycle broken at a key filled afterwards.

use super::*;

/// The load order, and the foreign keys that must wait (cycles).
#[derive(Debug, Clone)]
pub(super) struct LoadOrder {
    pub tables: Vec<usize>,
    /// `(table, fk index)` of keys whose parent comes later.
    pub late: BTreeSet<(usize, usize)>,
}

pub(super) fn load_order(schema: &Schema) -> LoadOrder {
    let n = schema.tables.len();
    let parents: Vec<Vec<(usize, usize)>> = schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            t.foreign_keys
                .iter()
                .enumerate()
                .filter_map(|(k, fk)| {
                    let p = schema.tables.iter().position(|x| x.name == fk.referenced_table)?;
                    (p != i).then_some((k, p))
                })
                .collect()
        })
        .collect();
    let mut placed = vec![false; n];
    let mut order = LoadOrder { tables: Vec::with_capacity(n), late: BTreeSet::new() };
    while order.tables.len() < n {
        let ready =
            (0..n).find(|&i| !placed[i] && parents[i].iter().all(|&(k, p)| placed[p] || order.late.contains(&(i, k))));
        let next = match ready {
            Some(i) => i,
            None => {
                // A cycle: take the waiting table whose unplaced parents are reached only through
                // nullable keys, else the one with the fewest unplaced parents.
                let nullable = |i: usize, k: usize| {
                    schema.tables[i].foreign_keys[k]
                        .columns
                        .iter()
                        .all(|c| schema.tables[i].column(c).is_none_or(|col| col.nullable))
                };
                let candidates = (0..n).filter(|&i| !placed[i]);
                let pick = candidates
                    .min_by_key(|&i| {
                        let waiting: Vec<&(usize, usize)> = parents[i].iter().filter(|(_, p)| !placed[*p]).collect();
                        let not_null = waiting.iter().filter(|(k, _)| !nullable(i, *k)).count();
                        (not_null, waiting.len(), i)
                    })
                    .unwrap_or(0);
                for &(k, p) in &parents[pick] {
                    if !placed[p] {
                        order.late.insert((pick, k));
                    }
                }
                pick
            }
        };
        placed[next] = true;
        order.tables.push(next);
    }
    order
}

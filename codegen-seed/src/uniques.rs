//! Keeping unique column sets without holding the table: which column or key carries the
//! distinctness of each primary key, unique constraint and unique index, or why it cannot.

use std::collections::BTreeSet;

use codegen_core::Diagnostic;

use crate::column::{Kind, ValueGen};
use crate::plan::TablePlan;
use crate::prepare::{ColumnSeed, ExistingTable, FkSeed, FkStrategy, Grouping, Scope, Source, TableSeed, problem};

/// Keep one unique column set: pick how, or explain why it cannot be kept.
#[allow(clippy::too_many_arguments)]
pub(crate) fn keep_unique(
    name: &str,
    set: &[usize],
    tname: &str,
    rows: u64,
    columns: &mut [ColumnSeed],
    fks: &mut [FkSeed],
    grouping: &Option<Grouping>,
    built: &[TableSeed],
    existing: &ExistingTable,
    entry: Option<&TablePlan>,
    reject_sets: &mut Vec<Vec<usize>>,
    seed: u64,
) -> Result<(), Diagnostic> {
    let _ = seed;
    let location = entry
        .and_then(|e| e.rows.as_ref().map(|r| r.location.clone()).or_else(|| Some(e.name.location.clone())))
        .flatten();
    let names: Vec<&str> = set.iter().map(|&c| columns[c].name.as_str()).collect();
    let described = format!("{name} ({})", names.join(", "));
    // Already distinct per row.
    if set.iter().any(|&c| {
        matches!(
            &columns[c].source,
            Source::Serial { .. }
                | Source::Unique { scope: Scope::Global, .. }
                | Source::Value(ValueGen { kind: Kind::Uuid, .. })
        )
    }) {
        for &c in set {
            if let Source::Value(g @ ValueGen { kind: Kind::Uuid, .. }) = &columns[c].source {
                columns[c].source =
                    Source::Unique { generator: g.clone(), scope: Scope::Global, offset: existing.rows };
                columns[c].null_rate = 0.0;
            }
        }
        return Ok(());
    }
    let fk_in_set = |f: &FkSeed| f.columns.iter().all(|c| set.contains(c));
    let parent_rows = |f: &FkSeed| {
        if f.parent == usize::MAX { rows } else { built.get(f.parent).map_or(0, |p| p.key_rows(&f.parent_columns)) }
    };
    // Grouped under a parent that is part of the set: distinct within each parent.
    if let Some(g) = grouping
        && fk_in_set(&fks[g.fk])
    {
        let rest: Vec<usize> = set.iter().copied().filter(|c| !fks[g.fk].columns.contains(c)).collect();
        if rest.is_empty() {
            if g.hi > 1 {
                return Err(problem(format!("{described} is unique, so each parent can have at most one {tname} row, but the plan's count reaches {}", g.hi), entry.and_then(|e| e.count.as_ref()).and_then(|c| c.location.as_ref()))
                    .with_object(tname.to_string())
                    .with_help("use `count = \"0..1\"` or `count = 1`"));
            }
            return Ok(());
        }
        if rest.iter().any(|&c| matches!(columns[c].source, Source::Unique { .. })) {
            return Ok(());
        }
        if let Some(f) = (0..fks.len()).find(|&f| {
            f != g.fk
                && fk_in_set(&fks[f])
                && fks[f].strategy == FkStrategy::Random
                && fks[f].columns.iter().all(|c| rest.contains(c))
        }) {
            let n = parent_rows(&fks[f]);
            if g.hi > n {
                return Err(problem(format!("{described} is unique, so one parent can have at most {n} {tname} rows (one per row of the other key's table), but the plan's count reaches {}", g.hi), entry.and_then(|e| e.count.as_ref()).and_then(|c| c.location.as_ref()))
                    .with_object(tname.to_string())
                    .with_help(format!("lower the count's maximum to {n}, or give the other table more rows")));
            }
            fks[f].strategy = FkStrategy::PerParent;
            fks[f].null_rate = 0.0;
            return Ok(());
        }
        if let Some(c) = best_pivot(&rest, columns) {
            let capacity = pivot_capacity(&columns[c]);
            if capacity.is_some_and(|cap| cap < g.hi) {
                return Err(problem(format!("{described} is unique, and {}.{} has only {} distinct values, fewer than the plan's count of up to {} per parent", tname, columns[c].name, capacity.unwrap_or(0), g.hi), entry.and_then(|e| e.count.as_ref()).and_then(|c| c.location.as_ref()))
                    .with_object(format!("{tname}.{}", columns[c].name))
                    .with_help(format!("lower the count's maximum to {}", capacity.unwrap_or(0))));
            }
            make_unique(&mut columns[c], Scope::WithinParent, 0);
            return Ok(());
        }
    }
    // A set made only of foreign keys: a permutation over every combination of parents.
    let members: Vec<usize> = (0..fks.len()).filter(|&f| fk_in_set(&fks[f])).collect();
    let covered: BTreeSet<usize> = members.iter().flat_map(|&f| fks[f].columns.iter().copied()).collect();
    if !members.is_empty()
        && set.iter().all(|c| covered.contains(c))
        && members.iter().all(|&f| fks[f].strategy == FkStrategy::Random)
    {
        let combinations = members.iter().fold(1u128, |acc, &f| acc.saturating_mul(u128::from(parent_rows(&fks[f]))));
        // Existing rows took the first combinations when every parent is existing rows only (a
        // table that gets no new rows): new rows continue the permutation past them.
        let offset = if members.iter().all(|&f| built.get(fks[f].parent).is_some_and(|p| p.rows == 0)) {
            existing.rows
        } else {
            0
        };
        if u128::from(rows + offset) > combinations {
            return Err(problem(format!("{described} is unique, but its keys have only {combinations} combinations of parent rows for the {rows} rows of {tname} (and {offset} already there)"), location.as_ref())
                .with_object(tname.to_string())
                .with_help(format!("give {tname} at most {} rows, or give the referenced tables more", combinations.saturating_sub(u128::from(offset)))));
        }
        fks[members[0]].strategy = FkStrategy::Product { members: members.clone(), offset };
        for &f in &members {
            fks[f].null_rate = 0.0;
        }
        for &f in &members[1..] {
            fks[f].strategy = FkStrategy::ProductMember;
        }
        return Ok(());
    }
    // One ordinary column carries the distinctness.
    let plain: Vec<usize> =
        set.iter().copied().filter(|c| !matches!(columns[*c].source, Source::Foreign { .. })).collect();
    if let Some(c) = best_pivot(&plain, columns) {
        let capacity = pivot_capacity(&columns[c]);
        let needed = rows + existing.rows;
        if capacity.is_some_and(|cap| cap < needed) && set.len() == 1 {
            return Err(problem(format!("{}.{} is unique ({name}) but can hold only {} distinct values, fewer than the {needed} rows asked for", tname, columns[c].name, capacity.unwrap_or(0)), location.as_ref())
                .with_object(format!("{tname}.{}", columns[c].name))
                .with_help(format!("give {tname} at most {} rows", capacity.unwrap_or(0))));
        }
        if capacity.is_none_or(|cap| cap >= needed) {
            make_unique(&mut columns[c], Scope::Global, existing.rows);
            return Ok(());
        }
    }
    // Anything else: remember what was used and make another row on a repeat.
    reject_sets.push(set.to_vec());
    for &c in set {
        columns[c].null_rate = 0.0;
    }
    for f in fks.iter_mut().filter(|f| f.columns.iter().all(|c| set.contains(c))) {
        f.null_rate = 0.0;
    }
    Ok(())
}

fn best_pivot(candidates: &[usize], columns: &[ColumnSeed]) -> Option<usize> {
    candidates
        .iter()
        .copied()
        .filter(|&c| matches!(columns[c].source, Source::Value(_)))
        .max_by_key(|&c| (pivot_capacity(&columns[c]).unwrap_or(u64::MAX), std::cmp::Reverse(c)))
}

fn pivot_capacity(column: &ColumnSeed) -> Option<u64> {
    match &column.source {
        Source::Value(g) => g.kind.capacity(),
        _ => None,
    }
}

fn make_unique(column: &mut ColumnSeed, scope: Scope, offset: u64) {
    if let Source::Value(generator) = &column.source {
        let mut generator = generator.clone();
        // Unique numbers step from the type's floor, not a realistic window that may be too small.
        if let Kind::Int { lo, hi } = &mut generator.kind {
            *hi = (*hi).max(*lo);
        }
        column.source = Source::Unique { generator, scope, offset };
        column.null_rate = 0.0;
        column.edge_rate = 0.0;
    }
}

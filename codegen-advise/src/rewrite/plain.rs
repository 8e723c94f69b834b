//! Findings with no mechanical rewrite: leading wildcards, `SELECT *`, unbounded results.

use super::*;

pub(super) fn leading_wildcard(cx: &Context, out: &mut Vec<Finding>) {
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

pub(super) fn select_star(cx: &Context, out: &mut Vec<Finding>) {
    let Some(block) = cx.shape.blocks.first() else { return };
    for &t in &block.star {
        let Some(table) = cx.est.table(&block.tables[t].table) else { continue };
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

pub(super) fn unbounded(cx: &Context, query: &Query, out: &mut Vec<Finding>) {
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

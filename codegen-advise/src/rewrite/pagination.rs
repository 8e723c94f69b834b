//! Deep `OFFSET` pagination to keyset pagination.

use super::*;

pub(super) fn deep_offset(cx: &Context, query: &Query, out: &mut Vec<Finding>) {
    let Some(block) = cx.shape.blocks.first() else { return };
    let Some(Count::Literal(offset)) = block.offset else { return };
    if offset < DEEP_OFFSET {
        return;
    }
    let mut finding = Finding::new(
        FindingKind::DeepOffset,
        format!(
            "OFFSET {offset} reads and throws away {offset} rows on every call, more with each page; \
             keyset pagination seeks straight to the page"
        ),
    );
    if let Some((original, rewritten, anchor)) = keyset(cx, query, block, offset) {
        finding = finding.with_rewrite(original, rewritten, Some(anchor), Semantics::Same);
    } else {
        finding.message.push_str(" (no rewrite: the sort must be on columns of one table)");
    }
    out.push(finding);
}

/// The keyset form of a paginated query: the sort made unique with the primary key, the
/// `OFFSET` replaced by a comparison with the previous page's last row.
fn keyset(cx: &Context, query: &Query, block: &Block, offset: u64) -> Option<(String, String, Anchor)> {
    let select = outer_select(query)?;
    if block.order_by.is_empty()
        || block.tables.len() != 1
        || !matches!(select.group_by, GroupByExpr::Expressions(ref e, _) if e.is_empty())
    {
        return None;
    }
    let use_ = &block.tables[0];
    let table = cx.est.table(&use_.table)?;
    let mut keys: Vec<(String, bool)> = Vec::new();
    for key in &block.order_by {
        keys.push((key.key.column()?.to_string(), key.descending));
    }
    let unique = keys.iter().any(|(c, _)| is_unique_column(table, c))
        || table.primary_key.as_ref().is_some_and(|pk| pk.columns.iter().all(|c| keys.iter().any(|(k, _)| k == c)));
    if !unique {
        let pk = table.primary_key.as_ref()?;
        let direction = keys.last().map(|(_, d)| *d).unwrap_or(false);
        for column in &pk.columns {
            if !keys.iter().any(|(k, _)| k == column) {
                keys.push((column.clone(), direction));
            }
        }
    }
    let qualifier = if use_.alias != use_.table.name { Some(use_.alias.clone()) } else { None };
    let quote = |c: &str| codegen_sql::quote_ident(c, cx.dialect);
    let col = |c: &str| match &qualifier {
        Some(q) => format!("{}.{}", quote(q), quote(c)),
        None => quote(c),
    };
    let order_sql: Vec<String> =
        keys.iter().map(|(c, d)| format!("{}{}", col(c), if *d { " DESC" } else { "" })).collect();
    let params: Vec<String> = keys.iter().map(|(c, _)| format!(":last_{c}")).collect();
    // One direction: a row comparison PostgreSQL and SQLite seek on; otherwise the expanded form.
    let same_direction = keys.iter().all(|(_, d)| *d == keys[0].1);
    let seek = if same_direction && cx.dialect != Dialect::Mysql {
        let op = if keys[0].1 { "<" } else { ">" };
        let columns: Vec<String> = keys.iter().map(|(c, _)| col(c)).collect();
        format!("({}) {op} ({})", columns.join(", "), params.join(", "))
    } else {
        let mut ors = Vec::new();
        for i in 0..keys.len() {
            let mut terms: Vec<String> = (0..i).map(|j| format!("{} = {}", col(&keys[j].0), params[j])).collect();
            let op = if keys[i].1 { "<" } else { ">" };
            terms.push(format!("{} {op} {}", col(&keys[i].0), params[i]));
            ors.push(format!("({})", terms.join(" AND ")));
        }
        format!("({})", ors.join(" OR "))
    };
    let seek_expr = parse_expr(&seek, cx.dialect)?;
    let order_by = format!("ORDER BY {}", order_sql.join(", "));

    let mut rewritten_select = select.clone();
    rewritten_select.selection = Some(and(select.selection.clone(), seek_expr));
    let limit = match &query.limit_clause {
        Some(LimitClause::LimitOffset { limit: Some(l), .. }) => format!(" LIMIT {l}"),
        Some(LimitClause::OffsetCommaLimit { limit, .. }) => format!(" LIMIT {limit}"),
        _ => String::new(),
    };
    let rewritten = reparse(&format!("{rewritten_select} {order_by}{limit}"), cx.dialect)?;
    let original = reparse(&format!("{select} {order_by}{limit} OFFSET {offset}"), cx.dialect)?;
    let from = select.from.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let filter = select.selection.as_ref().map(|s| format!(" WHERE {s}")).unwrap_or_default();
    let anchor_columns: Vec<String> = keys.iter().map(|(c, _)| col(c)).collect();
    let anchor_sql =
        format!("SELECT {} FROM {from}{filter} {order_by} LIMIT 1 OFFSET {}", anchor_columns.join(", "), offset - 1);
    let anchor = Anchor { sql: reparse(&anchor_sql, cx.dialect)?, params };
    Some((original, rewritten, anchor))
}

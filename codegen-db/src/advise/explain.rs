//! Plans as each engine gives them: PostgreSQL's `EXPLAIN (FORMAT JSON)` (total cost, and with
//! `ANALYZE` the execution time), MySQL/MariaDB's `EXPLAIN FORMAT=JSON` (MySQL's query cost, or
//! on MariaDB, which prints none, the rows it expects to examine), SQLite's `EXPLAIN QUERY
//! PLAN` (no cost: `SCAN` or `SEARCH ... USING INDEX`).

use std::time::Instant;

use serde_json::Value;

use super::conn::Conn;

/// One plan, summarised.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The planner's cost, where it gives one.
    pub cost: Option<f64>,
    /// The access paths, in one line.
    pub summary: String,
    /// Indexes the plan reads.
    pub indexes: Vec<String>,
    /// Measured execution time in milliseconds (with `analyze`).
    pub ms: Option<f64>,
}

impl Plan {
    /// Whether the plan reads an index whose name contains `name` (HypoPG names its
    /// hypothetical indexes `<oid>btree_table_columns`).
    pub fn uses(&self, name: &str) -> bool {
        self.indexes.iter().any(|i| i.contains(name))
    }
}

/// Plan `sql`; with `analyze`, run it too and measure.
pub fn explain(conn: &mut Conn, sql: &str, analyze: bool) -> Result<Plan, String> {
    match conn {
        Conn::Postgres(_) => explain_postgres(conn, sql, analyze),
        Conn::Mysql(_) => explain_mysql(conn, sql, analyze),
        Conn::Sqlite(_) => explain_sqlite(conn, sql, analyze),
    }
}

/// Run the query to its last row, best of `runs`, in milliseconds.
pub fn time_query(conn: &mut Conn, sql: &str, runs: usize) -> Result<f64, String> {
    let mut best = f64::INFINITY;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        conn.rows(sql)?;
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(best)
}

fn explain_postgres(conn: &mut Conn, sql: &str, analyze: bool) -> Result<Plan, String> {
    let options = if analyze { "ANALYZE, FORMAT JSON" } else { "FORMAT JSON" };
    let text = conn.value(&format!("EXPLAIN ({options}) {sql}"))?.ok_or("EXPLAIN returned nothing")?;
    let json: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let top = &json[0];
    let plan = &top["Plan"];
    let mut nodes = Vec::new();
    let mut indexes = Vec::new();
    walk_postgres(plan, &mut nodes, &mut indexes);
    Ok(Plan {
        cost: plan["Total Cost"].as_f64(),
        summary: if nodes.is_empty() {
            plan["Node Type"].as_str().unwrap_or("?").to_string()
        } else {
            nodes.join(" + ")
        },
        indexes,
        ms: top["Execution Time"].as_f64(),
    })
}

fn walk_postgres(node: &Value, out: &mut Vec<String>, indexes: &mut Vec<String>) {
    let kind = node["Node Type"].as_str().unwrap_or_default();
    if let Some(relation) = node["Relation Name"].as_str() {
        let text = match node["Index Name"].as_str() {
            Some(index) => {
                indexes.push(index.to_string());
                format!("{kind} using {index} on {relation}")
            }
            None => format!("{kind} on {relation}"),
        };
        out.push(text);
    } else if let Some(index) = node["Index Name"].as_str() {
        // A Bitmap Index Scan names the index; its Bitmap Heap Scan parent names the table.
        indexes.push(index.to_string());
        out.push(format!("{kind} using {index}"));
    } else if matches!(kind, "Sort" | "Incremental Sort") {
        out.push(kind.to_string());
    }
    if let Some(children) = node["Plans"].as_array() {
        for child in children {
            walk_postgres(child, out, indexes);
        }
    }
}

fn explain_mysql(conn: &mut Conn, sql: &str, analyze: bool) -> Result<Plan, String> {
    let text = conn.value(&format!("EXPLAIN FORMAT=JSON {sql}"))?.ok_or("EXPLAIN returned nothing")?;
    let json: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let mut tables = Vec::new();
    let mut indexes = Vec::new();
    let mut examined = 0.0;
    walk_mysql(&json, &mut tables, &mut indexes, &mut examined);
    // MySQL prints a query cost; MariaDB 10 does not: its proxy is the rows it expects to
    // examine (a covering index reads them cheaper), twice over when it must sort them.
    let sorts = has_key(&json, "filesort") || json.to_string().contains("\"using_filesort\":true");
    let proxy = if sorts { examined * 3.0 } else { examined };
    let cost = json["query_block"]["cost_info"]["query_cost"]
        .as_str()
        .and_then(|c| c.parse::<f64>().ok())
        .or(json["query_block"]["cost"].as_f64())
        .unwrap_or(proxy);
    if sorts {
        tables.push("filesort".into());
    }
    let ms = if analyze { Some(time_query(conn, sql, 3)?) } else { None };
    Ok(Plan { cost: Some(cost), summary: tables.join(" + "), indexes, ms })
}

fn walk_mysql(node: &Value, tables: &mut Vec<String>, indexes: &mut Vec<String>, examined: &mut f64) {
    match node {
        Value::Object(map) => {
            if let Some(table) = map.get("table").filter(|t| t.is_object()) {
                let name = table["table_name"].as_str().unwrap_or("?");
                let access = table["access_type"].as_str().unwrap_or("?");
                let rows = table["rows"].as_f64().or(table["rows_examined_per_scan"].as_f64()).unwrap_or(0.0);
                let covering = table["using_index"].as_bool() == Some(true);
                *examined += if covering { rows * 0.3 } else { rows };
                match table["key"].as_str() {
                    Some(key) => {
                        indexes.push(key.to_string());
                        tables.push(format!("{access} on {name} using {key} (~{rows:.0} rows)"));
                    }
                    None => tables.push(format!("{access} on {name} (~{rows:.0} rows)")),
                }
            }
            for (key, value) in map {
                if key != "table" || !value.is_object() {
                    walk_mysql(value, tables, indexes, examined);
                } else if let Some(nested) = value.get("materialized_from_subquery") {
                    walk_mysql(nested, tables, indexes, examined);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                walk_mysql(item, tables, indexes, examined);
            }
        }
        _ => {}
    }
}

fn has_key(value: &Value, key: &str) -> bool {
    match value {
        Value::Object(map) => map.contains_key(key) || map.values().any(|v| has_key(v, key)),
        Value::Array(items) => items.iter().any(|v| has_key(v, key)),
        _ => false,
    }
}

fn explain_sqlite(conn: &mut Conn, sql: &str, analyze: bool) -> Result<Plan, String> {
    let rows = conn.rows(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let mut steps = Vec::new();
    let mut indexes = Vec::new();
    for row in rows {
        let detail = row.get(3).cloned().flatten().unwrap_or_default();
        for marker in ["USING COVERING INDEX ", "USING INDEX "] {
            if let Some(rest) = detail.split(marker).nth(1) {
                indexes.push(rest.split_whitespace().next().unwrap_or_default().to_string());
                break;
            }
        }
        steps.push(detail);
    }
    let ms = if analyze { Some(time_query(conn, sql, 3)?) } else { None };
    Ok(Plan { cost: None, summary: steps.join(" + "), indexes, ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_plans_name_their_scans_and_indexes() {
        let json: Value = serde_json::from_str(
            r#"{"Node Type": "Limit", "Total Cost": 12.5, "Plans": [
                {"Node Type": "Sort", "Plans": [
                  {"Node Type": "Bitmap Heap Scan", "Relation Name": "experiments", "Plans": [
                    {"Node Type": "Bitmap Index Scan", "Index Name": "experiments_project_id_idx"}]}]}]}"#,
        )
        .unwrap();
        let (mut nodes, mut indexes) = (Vec::new(), Vec::new());
        walk_postgres(&json, &mut nodes, &mut indexes);
        assert_eq!(
            nodes.join(" + "),
            "Sort + Bitmap Heap Scan on experiments + Bitmap Index Scan using experiments_project_id_idx"
        );
        assert_eq!(indexes, ["experiments_project_id_idx"]);
    }

    #[test]
    fn mariadb_plans_count_examined_rows_and_covering_reads() {
        let json: Value = serde_json::from_str(
            r#"{"query_block": {"select_id": 1, "filesort": {"sort_key": "x", "temporary_table": {
                "table": {"table_name": "experiments", "access_type": "ref", "key": "i", "rows": 100, "using_index": true}}}}}"#,
        )
        .unwrap();
        let (mut tables, mut indexes, mut examined) = (Vec::new(), Vec::new(), 0.0);
        walk_mysql(&json, &mut tables, &mut indexes, &mut examined);
        assert_eq!(tables, ["ref on experiments using i (~100 rows)"]);
        assert_eq!(examined, 30.0, "a covering read counts less");
        assert!(has_key(&json, "filesort"));
    }
}

//! What a live database knows about its data, read-only: row counts (PostgreSQL `pg_class`,
//! MySQL `information_schema`, SQLite `sqlite_stat1` or a count), column statistics
//! (`pg_stats`), write rates (`pg_stat_user_tables`) and index usage (`pg_stat_user_indexes`);
//! and the top statements of `pg_stat_statements`.

use codegen_advise::stats::{ColumnStats, Stats, VolumeSource};
use codegen_core::{Dialect, QualifiedName, Schema};

use super::conn::Conn;

/// Open `url` for reading statistics: PostgreSQL and MySQL sessions are made read-only.
pub fn open_read_only(url: &str) -> Result<Conn, String> {
    let mut conn = Conn::open(url)?;
    match conn.dialect() {
        Dialect::Postgres => {
            conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET statement_timeout = '120s'")?
        }
        Dialect::Mysql => conn.execute("SET SESSION TRANSACTION READ ONLY")?,
        Dialect::Sqlite => conn.execute("PRAGMA query_only = ON")?,
    }
    Ok(conn)
}

/// The statistics of every table of `schema` the database has.
pub fn read_stats(conn: &mut Conn, schema: &Schema) -> Result<Stats, String> {
    let mut stats = Stats::default();
    match conn.dialect() {
        Dialect::Postgres => postgres_stats(conn, schema, &mut stats)?,
        Dialect::Mysql => mysql_stats(conn, schema, &mut stats)?,
        Dialect::Sqlite => sqlite_stats(conn, schema, &mut stats)?,
    }
    Ok(stats)
}

fn name_of(schema_name: Option<&str>, table: &str) -> QualifiedName {
    let schema_name = schema_name.filter(|s| *s != "public").map(str::to_string);
    QualifiedName::qualified(schema_name, table)
}

fn number(value: &Option<String>) -> Option<f64> {
    value.as_deref().and_then(|v| v.parse().ok())
}

fn postgres_stats(conn: &mut Conn, schema: &Schema, stats: &mut Stats) -> Result<(), String> {
    let minutes = conn
        .value(
            "SELECT EXTRACT(EPOCH FROM now() - coalesce((SELECT stats_reset FROM pg_stat_database \
             WHERE datname = current_database()), pg_postmaster_start_time())) / 60",
        )?
        .and_then(|m| m.parse::<f64>().ok())
        .unwrap_or(1.0)
        .max(1.0);
    let tables = conn.rows(
        "SELECT s.schemaname, s.relname, greatest(c.reltuples, s.n_live_tup::real)::bigint, \
         s.n_tup_ins + s.n_tup_upd + s.n_tup_del \
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid",
    )?;
    for row in tables {
        let name = name_of(row[0].as_deref(), row[1].as_deref().unwrap_or_default());
        if schema.table(&name).is_none() {
            continue;
        }
        if let Some(rows) = number(&row[2]) {
            stats.set_rows(&name, rows.max(0.0) as u64, VolumeSource::Live);
        }
        if let Some(writes) = number(&row[3]) {
            stats.table_mut(&name).writes_per_minute = Some(writes / minutes);
        }
    }
    let columns = conn.rows(
        "SELECT schemaname, tablename, attname, null_frac, n_distinct, most_common_vals::text, \
         most_common_freqs::text, avg_width FROM pg_stats WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    )?;
    for row in columns {
        let name = name_of(row[0].as_deref(), row[1].as_deref().unwrap_or_default());
        if schema.table(&name).is_none() {
            continue;
        }
        let values = row[5].as_deref().map(parse_array).unwrap_or_default();
        let shares: Vec<f64> =
            row[6].as_deref().map(parse_array).unwrap_or_default().iter().filter_map(|s| s.parse().ok()).collect();
        let column = ColumnStats {
            null_frac: number(&row[3]),
            n_distinct: number(&row[4]),
            most_common: values.into_iter().zip(shares).collect(),
            avg_width: number(&row[7]),
        };
        stats.table_mut(&name).columns.insert(row[2].clone().unwrap_or_default(), column);
    }
    let indexes = conn.rows("SELECT schemaname, relname, indexrelname, idx_scan FROM pg_stat_user_indexes")?;
    for row in indexes {
        let name = name_of(row[0].as_deref(), row[1].as_deref().unwrap_or_default());
        if schema.table(&name).is_none() {
            continue;
        }
        if let (Some(index), Some(scans)) = (row[2].clone(), number(&row[3])) {
            stats.table_mut(&name).index_scans.insert(index, scans as u64);
        }
    }
    Ok(())
}

/// The elements of a PostgreSQL array literal (`{a,"b c",NULL}`).
pub fn parse_array(text: &str) -> Vec<String> {
    let inner = text.trim().trim_start_matches('{').trim_end_matches('}');
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = inner.chars().peekable();
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            '\\' if quoted => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' if !quoted => {
                if was_quoted || current != "NULL" {
                    out.push(std::mem::take(&mut current));
                } else {
                    current.clear();
                }
                was_quoted = false;
            }
            _ => current.push(c),
        }
    }
    if !inner.is_empty() && (was_quoted || current != "NULL") {
        out.push(current);
    }
    out
}

fn mysql_stats(conn: &mut Conn, schema: &Schema, stats: &mut Stats) -> Result<(), String> {
    let rows =
        conn.rows("SELECT table_name, table_rows FROM information_schema.tables WHERE table_schema = database()")?;
    for row in rows {
        let name = QualifiedName::new(row[0].clone().unwrap_or_default());
        if schema.table(&name).is_none() {
            continue;
        }
        if let Some(n) = number(&row[1]) {
            stats.set_rows(&name, n as u64, VolumeSource::Live);
        }
    }
    Ok(())
}

fn sqlite_stats(conn: &mut Conn, schema: &Schema, stats: &mut Stats) -> Result<(), String> {
    let has_stat1 =
        conn.value("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")?.as_deref() == Some("1");
    if has_stat1 {
        for row in conn.rows("SELECT tbl, stat FROM sqlite_stat1")? {
            let name = QualifiedName::new(row[0].clone().unwrap_or_default());
            let rows = row[1].as_deref().and_then(|s| s.split_whitespace().next()).and_then(|n| n.parse::<u64>().ok());
            if let (Some(rows), true) = (rows, schema.table(&name).is_some()) {
                stats.set_rows(&name, rows, VolumeSource::Live);
            }
        }
    }
    for table in &schema.tables {
        if stats.table(&table.name).is_some_and(|t| t.rows.is_some()) {
            continue;
        }
        let sql = format!("SELECT count(*) FROM {}", codegen_sql::quote_name(&table.name, Dialect::Sqlite));
        if let Ok(Some(n)) = conn.value(&sql)
            && let Ok(n) = n.parse::<u64>()
        {
            stats.set_rows(&table.name, n, VolumeSource::Live);
        }
    }
    Ok(())
}

/// One statement of `pg_stat_statements`.
#[derive(Debug, Clone, PartialEq)]
pub struct TopStatement {
    pub query: String,
    pub calls_per_minute: f64,
    pub mean_ms: f64,
}

/// The `limit` statements of the current database that took the most time in total (reads and
/// the filters of writes), from `pg_stat_statements`.
pub fn top_statements(conn: &mut Conn, limit: usize) -> Result<Vec<TopStatement>, String> {
    let installed = conn.value("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")?;
    if installed.as_deref() != Some("1") {
        return Err("pg_stat_statements is not installed in this database: load it with \
                    shared_preload_libraries = 'pg_stat_statements' and run CREATE EXTENSION pg_stat_statements"
            .into());
    }
    let minutes = conn
        .value(
            "SELECT EXTRACT(EPOCH FROM now() - coalesce((SELECT stats_reset FROM pg_stat_statements_info), \
             pg_postmaster_start_time())) / 60",
        )?
        .and_then(|m| m.parse::<f64>().ok())
        .unwrap_or(1.0)
        .max(1.0);
    let sql = format!(
        "SELECT query, calls, mean_exec_time FROM pg_stat_statements \
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
         AND query ~* '^\\s*(select|with|update|delete)\\s' AND query !~* '(pg_stat_statements|pg_catalog|information_schema|hypopg)' \
         ORDER BY total_exec_time DESC LIMIT {limit}"
    );
    let rows = conn.rows(&sql).map_err(|e| format!("reading pg_stat_statements: {e}"))?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(TopStatement {
                query: row[0].clone()?,
                calls_per_minute: number(&row[1])? / minutes,
                mean_ms: number(&row[2]).unwrap_or(0.0),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::parse_array;

    #[test]
    fn array_literals_split_into_values() {
        assert_eq!(parse_array("{draft,running,\"a b\",NULL}"), ["draft", "running", "a b"]);
        assert_eq!(parse_array("{0.5,0.25}"), ["0.5", "0.25"]);
        assert!(parse_array("{}").is_empty());
    }
}

//! Proving the advice on a database: each suggested index and each rewrite is put in front of
//! the planner, and the report records what the planner (and, with `--analyze`, the clock)
//! says. The given database is only read: hypothetical indexes (HypoPG) live in the session and
//! write nothing; every index that must really be built is built on a scratch database.

use std::collections::BTreeMap;
use std::time::Instant;

use codegen_advise::bind::{BoundValue, bind};
use codegen_advise::proof::{IndexProof, PlanChange, ProofMethod, RewriteProof, index_kept};
use codegen_advise::report::Advice;
use codegen_advise::shape::{Binding, Key};
use codegen_advise::workload::Workload;
use codegen_core::{Dialect, QualifiedName};

use super::conn::{Conn, Rows};
use super::explain::{Plan, explain, time_query};

/// How to prove.
#[derive(Debug, Clone)]
pub struct ProveOptions {
    /// The share an index must cut the planner's cost by to stay.
    pub threshold: f64,
    /// Also run the queries and measure (on a scratch database, where indexes are built).
    pub analyze: bool,
    /// Use HypoPG hypothetical indexes where the extension is available.
    pub hypothetical: bool,
}

/// Where the proof runs.
pub struct ProofDatabase {
    pub conn: Conn,
    /// How it is named in the report (URL redacted, or "scratch database ...").
    pub name: String,
    /// Whether indexes may be built there (a scratch database) or not (the given one).
    pub writable: bool,
}

/// What the proof run did, for the report's header.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProofSummary {
    pub hypothetical: bool,
    pub notes: Vec<String>,
    /// Per proven index, the milliseconds its proof took.
    pub per_index_ms: Vec<f64>,
}

/// Whether HypoPG can be used on the connection: installed, or installable (scratch only).
pub fn hypopg_ready(db: &mut ProofDatabase) -> bool {
    if db.conn.dialect() != Dialect::Postgres {
        return false;
    }
    let installed = db.conn.value("SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'").ok().flatten();
    if installed.as_deref() == Some("1") {
        return true;
    }
    db.writable && db.conn.execute("CREATE EXTENSION IF NOT EXISTS hypopg").is_ok()
}

/// Prove every suggestion and rewrite of `advice`, recording the proofs in it.
pub fn prove(
    advice: &mut Advice,
    workload: &Workload,
    db: &mut ProofDatabase,
    options: &ProveOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<ProofSummary, String> {
    let dialect = db.conn.dialect();
    let mut summary = ProofSummary::default();
    let hypothetical = options.hypothetical && hypopg_ready(db);
    summary.hypothetical = hypothetical;
    if dialect == Dialect::Postgres && !hypothetical && !db.writable {
        return Err(
            "HypoPG is not installed in the given database, and nothing may be built there: prove on a scratch \
                    database instead (--scratch-url), or install hypopg"
                .into(),
        );
    }
    if options.analyze && !db.writable {
        summary.notes.push("--analyze measures only on a scratch database (indexes must be built to be timed)".into());
    }
    let mut sampler = Sampler::default();
    let total = advice.indexes.len();
    for i in 0..total {
        let name = advice.indexes[i].name.clone();
        progress(&format!("proving index {}/{total}: {name}", i + 1));
        let started = Instant::now();
        let proof = match prove_index(advice, i, workload, db, options, hypothetical, &mut sampler) {
            Ok(proof) => proof,
            Err(e) => unproven(db, e),
        };
        summary.per_index_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        advice.indexes[i].proof = Some(proof);
    }
    // Rewrites are judged with the kept indexes in place: the advice is taken as a whole.
    let in_place = put_in_place(advice, db, hypothetical);
    for q in 0..advice.queries.len() {
        for f in 0..advice.queries[q].findings.len() {
            let Some(check) = advice.queries[q].findings[f].finding.check.clone() else { continue };
            progress(&format!("checking the rewrite of {}", advice.queries[q].label));
            let params = advice.queries[q].params.clone();
            let proof = prove_rewrite(&check, &params, dialect, db, options, &mut sampler, advice.queries[q].number);
            advice.queries[q].findings[f].proof = Some(proof);
        }
    }
    take_away(db, &in_place);
    Ok(summary)
}

/// How a kept index was put in place for the rewrites' plans.
enum InPlace {
    Hypothetical,
    Built { table: QualifiedName, name: String },
}

fn put_in_place(advice: &Advice, db: &mut ProofDatabase, hypothetical: bool) -> Vec<InPlace> {
    let mut done = Vec::new();
    for s in advice.indexes.iter().filter(|s| s.proof.as_ref().is_some_and(|p| p.kept && !p.plans.is_empty())) {
        let is_gin = s.candidate.index.method.as_deref() == Some("gin");
        let create = s.sql.last().cloned().unwrap_or_default();
        if hypothetical && !is_gin {
            let literal = create.replace('\'', "''");
            if db.conn.value(&format!("SELECT indexrelid FROM hypopg_create_index('{literal}')")).is_ok() {
                done.push(InPlace::Hypothetical);
            }
        } else if db.writable && s.sql.iter().all(|statement| db.conn.execute(statement).is_ok()) {
            done.push(InPlace::Built { table: s.candidate.table.clone(), name: s.name.clone() });
        }
    }
    done
}

fn take_away(db: &mut ProofDatabase, in_place: &[InPlace]) {
    let dialect = db.conn.dialect();
    if in_place.iter().any(|p| matches!(p, InPlace::Hypothetical)) {
        let _ = db.conn.execute("SELECT hypopg_reset()");
    }
    for place in in_place {
        if let InPlace::Built { table, name } = place {
            let _ = db.conn.execute(&drop_index_sql(table, name, dialect));
        }
    }
}

fn drop_index_sql(table: &QualifiedName, name: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Mysql => format!(
            "DROP INDEX {} ON {}",
            codegen_sql::quote_ident(name, dialect),
            codegen_sql::quote_name(table, dialect)
        ),
        _ => {
            let name = QualifiedName::qualified(table.schema.clone(), name.to_string());
            format!("DROP INDEX {}", codegen_sql::quote_name(&name, dialect))
        }
    }
}

fn prove_index(
    advice: &Advice,
    i: usize,
    workload: &Workload,
    db: &mut ProofDatabase,
    options: &ProveOptions,
    hypothetical: bool,
    sampler: &mut Sampler,
) -> Result<IndexProof, String> {
    let dialect = db.conn.dialect();
    let suggestion = &advice.indexes[i];
    let started = Instant::now();
    let create = suggestion.sql.last().cloned().unwrap_or_default();
    let is_gin = suggestion.candidate.index.method.as_deref() == Some("gin");
    // HypoPG knows B-tree (and hash) indexes only; timings need the index for real.
    let method = if hypothetical && !is_gin && !(options.analyze && db.writable) {
        ProofMethod::Hypothetical
    } else if db.writable {
        ProofMethod::Built
    } else {
        return Ok(IndexProof {
            method: ProofMethod::Hypothetical,
            database: db.name.clone(),
            plans: Vec::new(),
            kept: true,
            verdict: "not proven: HypoPG cannot simulate this kind of index and nothing may be built on the given \
                      database (prove on a scratch database with --scratch-url)"
                .into(),
            elapsed_ms: 0.0,
        });
    };
    let analyze = options.analyze && db.writable;
    // Bind every query once, so that before and after run with the same values.
    let mut bound = Vec::new();
    for &number in &suggestion.queries {
        let query = &workload.queries[number - 1];
        let params = &advice.queries[number - 1].params;
        match bind_query(&query.text, params, dialect, &mut db.conn, sampler) {
            Ok(sql) => bound.push((number, sql)),
            Err(e) => return Ok(unproven(db, format!("query {number}: cannot bind its parameters: {e}"))),
        }
    }
    let mut before = Vec::new();
    for (number, sql) in &bound {
        let plan = plan_of(&mut db.conn, sql, analyze && is_select(sql))
            .map_err(|e| format!("query {number} does not run on {}: {e}", db.name))?;
        before.push(plan);
    }
    // Put the index in place.
    let hypothetical_sql = match method {
        ProofMethod::Hypothetical => {
            let literal = create.replace('\'', "''");
            db.conn
                .value(&format!("SELECT indexrelid FROM hypopg_create_index('{literal}')"))
                .map_err(|e| format!("HypoPG: {e}"))?;
            true
        }
        ProofMethod::Built => {
            for statement in &suggestion.sql {
                db.conn.execute(statement).map_err(|e| format!("building {}: {e}", suggestion.name))?;
            }
            let analyze_table = match dialect {
                Dialect::Postgres => {
                    format!("ANALYZE {}", codegen_sql::quote_name(&suggestion.candidate.table, dialect))
                }
                Dialect::Mysql => {
                    format!("ANALYZE TABLE {}", codegen_sql::quote_name(&suggestion.candidate.table, dialect))
                }
                Dialect::Sqlite => "ANALYZE".to_string(),
            };
            db.conn.execute(&analyze_table)?;
            false
        }
    };
    let mut after = Vec::new();
    let mut failure = None;
    for (number, sql) in &bound {
        match plan_of(&mut db.conn, sql, analyze && is_select(sql)) {
            Ok(plan) => after.push(plan),
            Err(e) => {
                failure = Some(format!("query {number}: {e}"));
                break;
            }
        }
    }
    // Take it away again.
    if hypothetical_sql {
        db.conn.execute("SELECT hypopg_reset()")?;
    } else {
        db.conn.execute(&drop_index_sql(&suggestion.candidate.table, &suggestion.name, dialect))?;
    }
    if let Some(failure) = failure {
        return Err(failure);
    }
    let plans: Vec<PlanChange> = bound
        .iter()
        .zip(before.iter().zip(&after))
        .map(|((number, _), (b, a))| PlanChange {
            query: *number,
            cost_before: b.cost,
            cost_after: a.cost,
            plan_before: b.summary.clone(),
            plan_after: a.summary.clone(),
            uses_index: if hypothetical_sql {
                a.indexes.iter().any(|i| i.starts_with('<'))
            } else {
                a.uses(&suggestion.name)
            },
            ms_before: b.ms,
            ms_after: a.ms,
        })
        .collect();
    let (mut kept, mut verdict) = index_kept(&plans, options.threshold);
    if kept && plans.iter().any(|p| !p.uses_index) {
        kept = false;
        verdict = "the planner does not use it".into();
    }
    Ok(IndexProof {
        method,
        database: db.name.clone(),
        plans,
        kept,
        verdict,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

fn unproven(db: &ProofDatabase, verdict: String) -> IndexProof {
    IndexProof {
        method: ProofMethod::Built,
        database: db.name.clone(),
        plans: Vec::new(),
        kept: false,
        verdict,
        elapsed_ms: 0.0,
    }
}

fn is_select(sql: &str) -> bool {
    let head = sql.trim_start().to_ascii_lowercase();
    head.starts_with("select") || head.starts_with("with")
}

/// The plan, with the execution time when `analyze` (PostgreSQL's own measurement; elsewhere
/// the best of three runs).
fn plan_of(conn: &mut Conn, sql: &str, analyze: bool) -> Result<Plan, String> {
    let mut plan = explain(conn, sql, false)?;
    if analyze {
        plan.ms = match conn.dialect() {
            Dialect::Postgres => {
                // Once to warm the cache, then measured.
                let _ = explain(conn, sql, true);
                explain(conn, sql, true)?.ms
            }
            _ => Some(time_query(conn, sql, 3)?),
        };
    }
    Ok(plan)
}

fn prove_rewrite(
    check: &codegen_advise::rewrite::RewriteCheck,
    params: &[(String, Binding)],
    dialect: Dialect,
    db: &mut ProofDatabase,
    options: &ProveOptions,
    sampler: &mut Sampler,
    number: usize,
) -> RewriteProof {
    let failed = |db: &ProofDatabase, verdict: String| RewriteProof {
        database: db.name.clone(),
        same_rows: false,
        rows: 0,
        rows_rewritten: None,
        plan: PlanChange {
            query: number,
            cost_before: None,
            cost_after: None,
            plan_before: String::new(),
            plan_after: String::new(),
            uses_index: false,
            ms_before: None,
            ms_after: None,
        },
        kept: false,
        verdict,
    };
    let original = match bind_query(&check.original, params, dialect, &mut db.conn, sampler) {
        Ok(sql) => sql,
        Err(e) => return failed(db, format!("cannot bind the original: {e}")),
    };
    // Keyset pagination: the anchor query yields the previous page's last row.
    let mut anchor_values: BTreeMap<String, BoundValue> = BTreeMap::new();
    if let Some(anchor) = &check.anchor {
        let sql = match bind_query(&anchor.sql, params, dialect, &mut db.conn, sampler) {
            Ok(sql) => sql,
            Err(e) => return failed(db, format!("cannot bind the anchor query: {e}")),
        };
        match db.conn.rows(&sql) {
            Ok(rows) if !rows.is_empty() => {
                for (param, value) in anchor.params.iter().zip(&rows[0]) {
                    anchor_values.insert(param.clone(), value.clone().map_or(BoundValue::Null, BoundValue::Text));
                }
            }
            Ok(_) => return failed(db, "the scratch data has fewer rows than the OFFSET: nothing to compare".into()),
            Err(e) => return failed(db, format!("the anchor query fails: {e}")),
        }
    }
    let rewritten = {
        // Parameters of the original keep the values they were bound to.
        let values = &sampler.values;
        let lookup = |name: &str, _: usize| -> Option<BoundValue> {
            anchor_values.get(name).cloned().or_else(|| values.get(name).cloned())
        };
        match bind(&check.rewritten, dialect, &lookup) {
            Ok(sql) => sql,
            Err(e) => return failed(db, format!("cannot bind the rewrite: {e}")),
        }
    };
    let rows_before = db.conn.rows(&original);
    let rows_after = db.conn.rows(&rewritten);
    let (rows_before, rows_after) = match (rows_before, rows_after) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(e), _) => return failed(db, format!("the original fails: {e}")),
        (_, Err(e)) => return failed(db, format!("the rewrite fails: {e}")),
    };
    let same_rows = same(&rows_before, &rows_after);
    let plan_before = plan_of(&mut db.conn, &original, options.analyze || dialect == Dialect::Sqlite);
    let plan_after = plan_of(&mut db.conn, &rewritten, options.analyze || dialect == Dialect::Sqlite);
    let (Ok(b), Ok(a)) = (plan_before, plan_after) else {
        return failed(db, "EXPLAIN failed".into());
    };
    let plan = PlanChange {
        query: number,
        cost_before: b.cost,
        cost_after: a.cost,
        plan_before: b.summary,
        plan_after: a.summary,
        uses_index: !a.indexes.is_empty(),
        ms_before: b.ms,
        ms_after: a.ms,
    };
    let cheaper = match (plan.cost_before, plan.cost_after, plan.ms_before, plan.ms_after) {
        (Some(cb), Some(ca), _, _) => ca < cb,
        (_, _, Some(tb), Some(ta)) => ta <= tb * 1.05,
        _ => true,
    };
    let (kept, verdict) = match (same_rows, cheaper) {
        (true, true) => (true, format!("same {} row(s), cheaper plan", rows_before.len())),
        (true, false) => (false, format!("same {} row(s), but the plan is not cheaper here", rows_before.len())),
        (false, _) => (false, format!("different rows: {} vs {}", rows_before.len(), rows_after.len())),
    };
    RewriteProof {
        database: db.name.clone(),
        same_rows,
        rows: rows_before.len(),
        rows_rewritten: (!same_rows).then_some(rows_after.len()),
        plan,
        kept,
        verdict,
    }
}

/// The same rows, in any order.
fn same(a: &Rows, b: &Rows) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut a = a.clone();
    let mut b = b.clone();
    a.sort();
    b.sort();
    a == b
}

/// Values sampled from the database for parameters, kept so that every query binding the same
/// parameter name (and the rewrite of a query) sees the same value.
#[derive(Default)]
struct Sampler {
    /// Samples per (table, key, quantile).
    cache: BTreeMap<String, Option<String>>,
    /// The value last given to each parameter name.
    values: BTreeMap<String, BoundValue>,
    counts: BTreeMap<QualifiedName, u64>,
}

fn bind_query(
    sql: &str,
    params: &[(String, Binding)],
    dialect: Dialect,
    conn: &mut Conn,
    sampler: &mut Sampler,
) -> Result<String, String> {
    let mut values: Vec<Result<BoundValue, String>> = Vec::new();
    for (name, binding) in params {
        let value = sample(binding, dialect, conn, sampler);
        if let Ok(v) = &value {
            sampler.values.insert(name.clone(), v.clone());
        }
        values.push(value);
    }
    let by_name: BTreeMap<&str, &Result<BoundValue, String>> =
        params.iter().map(|(n, _)| n.as_str()).zip(values.iter()).collect();
    let positional: Vec<&Result<BoundValue, String>> = values.iter().collect();
    let mut error = None;
    let lookup = |name: &str, position: usize| -> Option<BoundValue> {
        let found = if name == "?" { positional.get(position).copied() } else { by_name.get(name).copied() };
        match found {
            Some(Ok(v)) => Some(v.clone()),
            _ => None,
        }
    };
    let bound = bind(sql, dialect, &lookup);
    if let Some(Err(e)) = values.iter().find(|v| v.is_err()) {
        error = Some(e.clone());
    }
    match (bound, error) {
        (Ok(sql), _) => Ok(sql),
        (Err(_), Some(e)) => Err(e),
        (Err(e), None) => Err(e),
    }
}

fn sample(binding: &Binding, dialect: Dialect, conn: &mut Conn, sampler: &mut Sampler) -> Result<BoundValue, String> {
    match binding {
        Binding::Limit => Ok(BoundValue::Number("50".into())),
        Binding::Offset => Ok(BoundValue::Number("0".into())),
        Binding::Unknown => Err("a parameter whose column is unknown".into()),
        Binding::Value { table, key, quantile } => {
            // A quoted literal: every engine converts it to the column's type (a bare number
            // would not compare with a text column on PostgreSQL).
            let text = sample_value(table, key, *quantile, dialect, conn, sampler)?;
            Ok(text.map_or(BoundValue::Null, BoundValue::Text))
        }
        Binding::Pattern { table, column, infix } => {
            let text =
                sample_value(table, &Key::Column(column.clone()), None, dialect, conn, sampler)?.unwrap_or_default();
            let chars: Vec<char> = text.chars().collect();
            Ok(BoundValue::Text(if *infix {
                let start = chars.len().saturating_sub(4);
                format!("%{}%", chars[start..].iter().collect::<String>())
            } else {
                format!("{}%", chars.iter().take(4).collect::<String>())
            }))
        }
    }
}

fn sample_value(
    table: &QualifiedName,
    key: &Key,
    quantile: Option<f64>,
    dialect: Dialect,
    conn: &mut Conn,
    sampler: &mut Sampler,
) -> Result<Option<String>, String> {
    let cache_key = format!("{table}|{key}|{quantile:?}");
    if let Some(v) = sampler.cache.get(&cache_key) {
        return Ok(v.clone());
    }
    let table_sql = codegen_sql::quote_name(table, dialect);
    let count = match sampler.counts.get(table) {
        Some(n) => *n,
        None => {
            let n = conn.value(&format!("SELECT count(*) FROM {table_sql}"))?.and_then(|n| n.parse().ok()).unwrap_or(0);
            sampler.counts.insert(table.clone(), n);
            n
        }
    };
    let key_sql = match key {
        Key::Column(c) => codegen_sql::quote_ident(c, dialect),
        Key::Expression(e) => e.clone(),
    };
    let sql = match quantile {
        Some(q) => format!(
            "SELECT {key_sql} FROM {table_sql} WHERE {key_sql} IS NOT NULL ORDER BY {key_sql} LIMIT 1 OFFSET {}",
            ((count as f64) * q).floor().min(count.saturating_sub(1) as f64) as u64
        ),
        None => format!("SELECT {key_sql} FROM {table_sql} WHERE {key_sql} IS NOT NULL LIMIT 1 OFFSET {}", count / 2),
    };
    let value = conn.value(&sql)?;
    let value = match value {
        Some(v) => Some(v),
        // Fewer non-null values than half the rows: any one will do.
        None => conn.value(&format!("SELECT {key_sql} FROM {table_sql} WHERE {key_sql} IS NOT NULL LIMIT 1"))?,
    };
    sampler.cache.insert(cache_key, value.clone());
    Ok(value)
}

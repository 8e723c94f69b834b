//! The advice as data (serialised for `--report json`) and as text for people.

use codegen_core::{Dialect, Location};
use serde::Serialize;

use crate::candidates::Candidate;
use crate::existing::ExistingFinding;
use crate::proof::{IndexProof, RewriteProof};
use crate::rewrite::Finding;
use crate::shape::Binding;
use crate::write_cost::WriteCost;

/// The estimated effect of an index on the queries it serves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Sum over its queries of the estimated cost per call, before and after.
    pub cost_before: f64,
    pub cost_after: f64,
    pub speedup: f64,
    /// Cost saved a minute: per-call saving times calls.
    pub gain_per_minute: f64,
}

/// One proposed index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexSuggestion {
    /// `I1`, `I2`, ... in rank order.
    pub id: String,
    pub table: String,
    pub name: String,
    /// The statements that create it (an extension first, where it needs one).
    pub sql: Vec<String>,
    /// Numbers of the queries it serves.
    pub queries: Vec<usize>,
    /// Existing indexes it makes redundant (dropped by the migration).
    pub replaces: Vec<String>,
    pub reason: String,
    pub estimate: Estimate,
    pub write_cost: WriteCost,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<IndexProof>,
    #[serde(skip)]
    pub candidate: Candidate,
}

impl IndexSuggestion {
    /// Whether the suggestion stands: unproven, or proven and kept.
    pub fn stands(&self) -> bool {
        self.proof.as_ref().is_none_or(|p| p.kept)
    }
}

/// What became of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QueryStatus {
    /// Indexes or rewrites are suggested.
    Advised,
    /// Existing indexes serve it (or its tables are too small to need any).
    WellIndexed,
    /// Statements advice does not apply to (DDL, INSERT ... VALUES).
    Skipped,
    /// It could not be analysed: see the error.
    Error,
}

/// A finding with its proof.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryFinding {
    #[serde(flatten)]
    pub finding: Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<RewriteProof>,
}

impl QueryFinding {
    /// Whether the rewrite stands: unproven, or proven and kept.
    pub fn rewrite_stands(&self) -> bool {
        self.finding.rewritten.is_some() && self.proof.as_ref().is_none_or(|p| p.kept)
    }
}

/// The advice about one query of the workload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryAdvice {
    pub number: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calls_per_minute: Option<f64>,
    pub sql: String,
    pub status: QueryStatus,
    /// Estimated cost per call with today's indexes, and with the suggested ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_before: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_after: Option<f64>,
    /// Ids of the suggested indexes that serve it.
    pub indexes: Vec<String>,
    pub findings: Vec<QueryFinding>,
    #[serde(skip)]
    pub params: Vec<(String, Binding)>,
    #[serde(skip)]
    pub label: String,
}

/// A query that could not be analysed, where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryError {
    pub query: usize,
    pub label: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl QueryError {
    pub fn new(query: usize, label: String, location: &Location, message: String) -> Self {
        Self {
            query,
            label,
            file: location.file.display().to_string(),
            line: location.line,
            column: location.column,
            message,
        }
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {} (line {}): {}", self.file, self.line, self.column, self.label, self.line, self.message)
    }
}

/// The whole advice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    pub dialect: Dialect,
    /// The share a planner's cost must fall by for a proven index to stay.
    pub threshold: f64,
    pub indexes: Vec<IndexSuggestion>,
    pub queries: Vec<QueryAdvice>,
    pub existing: Vec<ExistingFinding>,
    pub errors: Vec<QueryError>,
    /// What the figures rest on (volumes assumed, statistics missing).
    pub assumptions: Vec<String>,
}

impl Advice {
    /// The suggestions that stand, in rank order.
    pub fn standing_indexes(&self) -> impl Iterator<Item = &IndexSuggestion> {
        self.indexes.iter().filter(|s| s.stands())
    }

    /// The advice as pretty JSON.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the advice always serialises");
        text.push('\n');
        text
    }
}

/// `1234567` as `1.2M`, `12345` as `12k`: counts for people.
pub fn round_count(n: f64) -> String {
    if n >= 1e6 {
        format!("{:.1}M", n / 1e6)
    } else if n >= 1e4 {
        format!("{:.0}k", n / 1e3)
    } else if n >= 1e3 {
        format!("{:.1}k", n / 1e3)
    } else {
        format!("{n:.0}")
    }
}

/// Bytes for people.
pub fn round_bytes(n: u64) -> String {
    let n = n as f64;
    if n >= 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} GiB", n / 1024f64.powi(3))
    } else if n >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", n / 1024f64.powi(2))
    } else if n >= 1024.0 {
        format!("{:.0} KiB", n / 1024.0)
    } else {
        format!("{n:.0} B")
    }
}

fn ratio(x: f64) -> String {
    if x >= 100.0 { format!("{x:.0}x") } else { format!("{x:.1}x") }
}

/// The advice as text: ranked index suggestions with their gain and write cost, query
/// findings with rewrites, existing-index findings, errors and assumptions.
pub fn render_text(advice: &Advice) -> String {
    let mut out = String::new();
    let listed: Vec<&IndexSuggestion> = advice.indexes.iter().collect();
    let dropped = listed.iter().filter(|s| !s.stands()).count();
    let proven = listed.iter().filter(|s| s.proof.as_ref().is_some_and(|p| p.kept)).count();
    if listed.is_empty() {
        out.push_str("No index to add: the workload's queries are served by the indexes there are.\n");
    } else if proven + dropped > 0 {
        out.push_str(&format!(
            "Indexes ({proven} proven, {dropped} dropped by the proof), ranked by estimated gain times calls:\n"
        ));
    } else {
        out.push_str(&format!("Indexes ({}), ranked by estimated gain times calls:\n", listed.len()));
    }
    for s in &listed {
        out.push('\n');
        let status = match &s.proof {
            Some(p) if p.kept => "  [proven]",
            Some(_) => "  [dropped by proof]",
            None => "",
        };
        out.push_str(&format!("{} {} on {}{status}\n", s.id, s.name, s.table));
        for sql in &s.sql {
            out.push_str(&format!("    {sql};\n"));
        }
        let queries: Vec<String> = s.queries.iter().map(|q| format!("query {q}")).collect();
        out.push_str(&format!("    serves: {}\n", queries.join(", ")));
        out.push_str(&format!("    why: {}\n", s.reason));
        out.push_str(&format!(
            "    gain: estimated {} faster (cost {:.1} -> {:.1} per call)\n",
            ratio(s.estimate.speedup),
            s.estimate.cost_before,
            s.estimate.cost_after
        ));
        let w = &s.write_cost;
        let mut cost = format!(
            "    write cost: ~{}, {} index(es) maintained per insert",
            round_bytes(w.size_bytes),
            w.indexes_maintained
        );
        if w.writes_per_minute > 0.0 {
            cost.push_str(&format!(", {} writes/min", round_count(w.writes_per_minute)));
        }
        for loss in &w.hot_lost {
            cost.push_str(&format!(
                "; updates of `{}` ({}/min) stop being HOT",
                loss.column,
                round_count(loss.updates_per_minute)
            ));
        }
        if w.write_heavy {
            cost.push_str(&format!("; write-heavy table: bar raised to {}", ratio(w.required_speedup)));
        }
        out.push_str(&cost);
        out.push('\n');
        if !s.replaces.is_empty() {
            out.push_str(&format!("    replaces: {} (dropped: this index serves all it did)\n", s.replaces.join(", ")));
        }
        if let Some(proof) = &s.proof {
            out.push_str(&format!("    proof ({}): {}\n", proof_method(proof), proof.verdict));
            for plan in &proof.plans {
                out.push_str(&format!("      query {}: {}", plan.query, plan_line(plan)));
                out.push('\n');
            }
        }
    }
    let with_findings: Vec<&QueryAdvice> = advice.queries.iter().filter(|q| !q.findings.is_empty()).collect();
    if !with_findings.is_empty() {
        out.push_str("\nQuery findings:\n");
    }
    for q in with_findings {
        for f in &q.findings {
            out.push('\n');
            out.push_str(&format!(
                "{} (line {}) [{}]: {}\n",
                q.label,
                q.line,
                f.finding.kind.as_str(),
                f.finding.message
            ));
            if let Some(rewritten) = &f.finding.rewritten {
                let status = match &f.proof {
                    Some(p) if p.kept => " [proven]",
                    Some(_) => " [dropped by proof]",
                    None => "",
                };
                out.push_str(&format!("    rewrite{status}: {rewritten}\n"));
            }
            if let Some(proof) = &f.proof {
                out.push_str(&format!("    proof: {}\n", proof.verdict));
            }
        }
    }
    let well: Vec<String> = advice
        .queries
        .iter()
        .filter(|q| q.status == QueryStatus::WellIndexed && q.findings.is_empty())
        .map(|q| q.number.to_string())
        .collect();
    if !well.is_empty() {
        out.push_str(&format!("\nWell indexed already: query {}\n", well.join(", ")));
    }
    if !advice.existing.is_empty() {
        out.push_str("\nExisting indexes:\n");
        for e in &advice.existing {
            let action = if e.drop { " (the migration drops it)" } else { "" };
            out.push_str(&format!("  [{}] {}: {}{action}\n", e.kind.as_str(), e.table, e.message));
        }
    }
    if !advice.errors.is_empty() {
        out.push_str("\nErrors (these queries were not analysed; the others were):\n");
        for e in &advice.errors {
            out.push_str(&format!("  {e}\n"));
        }
    }
    if !advice.assumptions.is_empty() {
        out.push_str("\nAssumed:\n");
        for a in &advice.assumptions {
            out.push_str(&format!("  - {a}\n"));
        }
    }
    out
}

fn proof_method(proof: &IndexProof) -> String {
    let how = match proof.method {
        crate::proof::ProofMethod::Hypothetical => "HypoPG hypothetical index",
        crate::proof::ProofMethod::Built => "index built",
    };
    format!("{how} on {}", proof.database)
}

/// One plan change in a line: costs, access paths and measured times.
pub fn plan_line(plan: &crate::proof::PlanChange) -> String {
    let mut line = match (plan.cost_before, plan.cost_after) {
        (Some(b), Some(a)) => format!("cost {b:.1} -> {a:.1} ({})", ratio(b / a.max(1e-9))),
        _ => String::from("plan"),
    };
    line.push_str(&format!("; {} -> {}", plan.plan_before, plan.plan_after));
    if let (Some(b), Some(a)) = (plan.ms_before, plan.ms_after) {
        line.push_str(&format!("; measured {b:.2} ms -> {a:.2} ms ({})", ratio(b / a.max(1e-9))));
    }
    line
}

//! What a proof found, as data: codegen-db measures, this crate decides what is kept and the
//! report shows both. An index is kept when the planner's estimated cost of every query it was
//! proposed for falls by at least the threshold; a rewrite when it returns the same rows and
//! its plan is cheaper.

use serde::Serialize;

/// How the index was put in front of the planner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProofMethod {
    /// A HypoPG hypothetical index: nothing is built.
    Hypothetical,
    /// Built for real on a scratch database, then dropped.
    Built,
}

/// One query's plan without and with the index (or as written and rewritten).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanChange {
    /// The query's number in the workload.
    pub query: usize,
    /// The planner's total cost (PostgreSQL, MySQL), or `None` where it gives none (SQLite).
    pub cost_before: Option<f64>,
    pub cost_after: Option<f64>,
    /// The plan's access path in one line (`Seq Scan on experiments`, `SCAN experiments`).
    pub plan_before: String,
    pub plan_after: String,
    /// Whether the plan uses the index.
    pub uses_index: bool,
    /// With `--analyze`: measured execution time in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ms_before: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ms_after: Option<f64>,
}

impl PlanChange {
    /// How many times cheaper the plan became, when both costs are known.
    pub fn cost_ratio(&self) -> Option<f64> {
        match (self.cost_before, self.cost_after) {
            (Some(b), Some(a)) if a > 0.0 => Some(b / a),
            _ => None,
        }
    }

    /// How many times faster it ran, when measured.
    pub fn speedup(&self) -> Option<f64> {
        match (self.ms_before, self.ms_after) {
            (Some(b), Some(a)) if a > 0.0 => Some(b / a),
            _ => None,
        }
    }
}

/// The proof of one index suggestion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexProof {
    pub method: ProofMethod,
    pub database: String,
    pub plans: Vec<PlanChange>,
    pub kept: bool,
    /// Why it was kept or dropped, in words.
    pub verdict: String,
    /// Time the proof took, without building the scratch database.
    pub elapsed_ms: f64,
}

/// The proof of one rewrite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RewriteProof {
    pub database: String,
    pub same_rows: bool,
    /// Rows the original returned (and the rewrite, when different).
    pub rows: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows_rewritten: Option<usize>,
    pub plan: PlanChange,
    pub kept: bool,
    pub verdict: String,
}

/// Whether an index's plans clear the threshold (the share the cost must fall by): every plan
/// with known costs must, and where the engine gives no costs (SQLite), the plan must use it.
pub fn index_kept(plans: &[PlanChange], threshold: f64) -> (bool, String) {
    if plans.is_empty() {
        return (false, "no query of the workload could be planned".into());
    }
    let mut worst: Option<(usize, f64)> = None;
    for plan in plans {
        match plan.cost_ratio() {
            Some(ratio) => {
                let fall = 1.0 - 1.0 / ratio;
                if worst.is_none_or(|(_, w)| fall < w) {
                    worst = Some((plan.query, fall));
                }
            }
            None if !plan.uses_index => return (false, format!("query {}: the plan does not use it", plan.query)),
            None => {}
        }
    }
    match worst {
        Some((query, fall)) if fall < threshold => (
            false,
            format!(
                "query {query}: estimated cost falls by {:.0}%, below the {:.0}% threshold",
                fall * 100.0,
                threshold * 100.0
            ),
        ),
        Some((_, fall)) => (true, format!("estimated cost falls by at least {:.0}%", fall * 100.0)),
        None => (true, "every plan switches to the index".into()),
    }
}

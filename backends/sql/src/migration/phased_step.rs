//! The parts every phased plan is made of: the steps, their kinds, the backfill step and the
//! allow comments they carry. A leaf module: the plans (`phased` for renames, type changes and
//! NOT NULL; `phased_moves`, `phased_fold` and `phased_lookup` for moves) all build on it.

use codegen_core::{Diagnostic, Diagnostics};

/// On the last statement of a down that creates or drops the backfill procedure.
pub(super) const REPLAY_ALLOW: &str = "-- codegen:allow down-not-reverse the SQL reader does not read procedures; every statement before this one is checked";

/// Why a step without a down needs none.
pub(super) const NO_DOWN: &str =
    "-- codegen:allow missing-down this step changes no schema: the expand step's down drops what it filled\n";

/// What every phased step and every PostgreSQL move starts with: a statement that would queue
/// behind a long transaction (and block every query behind it) fails instead, to be run again.
pub(crate) const LOCK_TIMEOUT: &str = "SET lock_timeout = '5s'";

/// On the statement that drops the backfill procedure.
pub(super) const PROCEDURE_ALLOW: &str = "-- codegen:allow replay-error procedures are not part of the schema model";

/// What a step is for; its name goes into the migration's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Expand,
    Backfill,
    Switch,
    Contract,
}

impl StepKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            StepKind::Expand => "expand",
            StepKind::Backfill => "backfill",
            StepKind::Switch => "switch",
            StepKind::Contract => "contract",
        }
    }
}

/// One deployable migration of the plan.
#[derive(Debug, Clone)]
pub struct Step {
    pub kind: StepKind,
    pub up: Vec<String>,
    pub down: Vec<String>,
    pub notes: Vec<String>,
    /// The up must run outside a transaction (it CALLs a procedure that COMMITs).
    pub no_transaction: bool,
    /// A comment for the down file (why an empty down is right).
    pub down_comment: Option<&'static str>,
}

/// `name` cut to `max` bytes (PostgreSQL's identifier limit is 63).
pub(super) fn truncate(name: &str, max: usize) -> String {
    name.chars().take(max).collect()
}

/// The PostgreSQL backfill step: one `CALL` of the procedure the expand step created, outside a
/// transaction; `rerun` says why running it again is safe.
pub(super) fn backfill_step(procedure: &str, batch_size: u32, rerun: &str) -> Step {
    Step {
        kind: StepKind::Backfill,
        up: vec![format!("CALL {procedure}({batch_size})")],
        down: Vec::new(),
        down_comment: Some(NO_DOWN),
        notes: vec![format!(
            "Step 2 of 4 (backfill): {batch_size} rows per batch, keyed on the primary key, COMMIT after each batch. \
             It must run outside a transaction (diesel: metadata.toml run_in_transaction = false; sqlx: -- no-transaction; \
             refinery and sea-orm run migrations in a transaction: run this CALL with psql instead). \
             It can be rerun: {rerun}."
        )],
        no_transaction: true,
    }
}

/// What the four PostgreSQL steps of a staged move write; [`Staged::steps`] makes the steps.
pub(super) struct Staged {
    pub expand: Vec<String>,
    pub expand_down: Vec<String>,
    pub expand_notes: Vec<String>,
    /// The procedure the backfill calls, and why a rerun is safe.
    pub procedure: String,
    pub rerun: &'static str,
    pub switch_up: Vec<String>,
    pub switch_notes: Vec<String>,
    pub contract: Vec<String>,
    pub contract_down: Vec<String>,
    pub contract_note: String,
}

impl Staged {
    pub(super) fn steps(self, batch_size: u32) -> Vec<Step> {
        let step = |kind, up, down, notes| Step { kind, up, down, down_comment: None, notes, no_transaction: false };
        vec![
            step(StepKind::Expand, self.expand, self.expand_down, self.expand_notes),
            backfill_step(&self.procedure, batch_size, self.rerun),
            Step {
                down_comment: Some(NO_DOWN),
                ..step(StepKind::Switch, self.switch_up, Vec::new(), self.switch_notes)
            },
            step(StepKind::Contract, self.contract, self.contract_down, vec![self.contract_note]),
        ]
    }
}

/// A plan that cannot be staged: the error, with its help.
pub(super) fn refuse(message: String, help: &str) -> Diagnostics {
    let mut found = Diagnostics::new();
    found.push(Diagnostic::error(message).with_help(help));
    found
}

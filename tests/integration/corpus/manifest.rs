//! The ratchet: `tests/fixtures/corpus/manifest.toml` records, per corpus case and per stage, the
//! result the suite last saw ("ok", or the failure in words). A run that does worse than it
//! fails; a run that does better, or fails differently, fails too and asks for the manifest to
//! be raised (`CODEGEN_BLESS=1`), so that the figures in `docs/corpus.md` stay true.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The manifest's path, relative to the repository root.
pub const MANIFEST: &str = "tests/fixtures/corpus/manifest.toml";
/// The generated table of results, relative to the repository root.
pub const DOCS: &str = "docs/corpus.md";

/// What passing looks like in the manifest; anything else is a failure, in words.
pub const OK: &str = "ok";

const HEADER: &str = "\
# The corpus conformance suite's ratchet (tests/integration/corpus): per case, how the round trip
# was checked and each stage's result, \"ok\" or the failure in words. The suite fails when a case
# does worse than this file says, and also when it does better or fails differently: then raise
# the file (and docs/corpus.md, made from it) with
#     CODEGEN_BLESS=1 cargo test --test integration corpus
# Stages: read (codegen reads the file), round_trip (its SQL for the same dialect builds the same
# catalog on the real engine, or, where `check` says model, reads back to the same model),
# diesel / sea_orm (the generated code compiles against the real crates), prisma (Prisma's
# validator accepts the schema).
";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    #[serde(rename = "case", default)]
    pub cases: Vec<Entry>,
}

/// One case: a schema file, its dialect, and its results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The file, relative to the repository root (`../shared/corpus/...` or `tests/fixtures/corpus/...`).
    pub file: String,
    /// `sqlite`, `postgres` or `mysql`.
    pub dialect: String,
    /// `catalog` (both scripts loaded, catalogs compared), or `model: <why the original does not
    /// load here>` (the models read from the original and from the output compared).
    pub check: String,
    pub read: String,
    pub round_trip: String,
    pub diesel: String,
    pub sea_orm: String,
    pub prisma: String,
}

/// The stages, in order, with their manifest keys and their titles in the docs.
pub const STAGES: &[(Stage, &str, &str)] = &[
    (Stage::Read, "read", "reads"),
    (Stage::RoundTrip, "round_trip", "round trip"),
    (Stage::Diesel, "diesel", "Diesel"),
    (Stage::SeaOrm, "sea_orm", "SeaORM"),
    (Stage::Prisma, "prisma", "Prisma"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Read,
    RoundTrip,
    Diesel,
    SeaOrm,
    Prisma,
}

impl Entry {
    pub fn get(&self, stage: Stage) -> &str {
        match stage {
            Stage::Read => &self.read,
            Stage::RoundTrip => &self.round_trip,
            Stage::Diesel => &self.diesel,
            Stage::SeaOrm => &self.sea_orm,
            Stage::Prisma => &self.prisma,
        }
    }

    pub fn set(&mut self, stage: Stage, value: String) {
        *match stage {
            Stage::Read => &mut self.read,
            Stage::RoundTrip => &mut self.round_trip,
            Stage::Diesel => &mut self.diesel,
            Stage::SeaOrm => &mut self.sea_orm,
            Stage::Prisma => &mut self.prisma,
        } = value;
    }
}

/// What one run found for one case: `None` where a stage could not run here (no server, no
/// node, no libpq outside CI), which neither passes nor fails it.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub check: Option<String>,
    pub read: Option<String>,
    pub round_trip: Option<String>,
    pub diesel: Option<String>,
    pub sea_orm: Option<String>,
    pub prisma: Option<String>,
}

impl Outcome {
    pub fn get(&self, stage: Stage) -> Option<&str> {
        match stage {
            Stage::Read => self.read.as_deref(),
            Stage::RoundTrip => self.round_trip.as_deref(),
            Stage::Diesel => self.diesel.as_deref(),
            Stage::SeaOrm => self.sea_orm.as_deref(),
            Stage::Prisma => self.prisma.as_deref(),
        }
    }

    pub fn set(&mut self, stage: Stage, value: String) {
        *match stage {
            Stage::Read => &mut self.read,
            Stage::RoundTrip => &mut self.round_trip,
            Stage::Diesel => &mut self.diesel,
            Stage::SeaOrm => &mut self.sea_orm,
            Stage::Prisma => &mut self.prisma,
        } = Some(value);
    }
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn load() -> Manifest {
    let path = root().join(MANIFEST);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{MANIFEST} is not a valid manifest: {e}"))
}

pub fn save(manifest: &Manifest) {
    let body = toml::to_string(manifest).expect("the manifest serialises");
    write(&root().join(MANIFEST), &format!("{HEADER}\n{body}"));
    write(&root().join(DOCS), &render_docs(manifest));
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// How a run compares with the manifest.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Stages that passed per the manifest and fail now.
    pub worse: Vec<String>,
    /// Stages that failed per the manifest and pass now, or a check that became stricter.
    pub better: Vec<String>,
    /// Stages that fail now as before, with another failure.
    pub changed: Vec<String>,
}

impl Verdict {
    pub fn is_clean(&self) -> bool {
        self.worse.is_empty() && self.better.is_empty() && self.changed.is_empty()
    }
}

/// Compares what a run found with what the manifest says.
pub fn compare(manifest: &Manifest, outcomes: &[(String, Outcome)]) -> Verdict {
    let mut verdict = Verdict::default();
    for (file, outcome) in outcomes {
        let Some(entry) = manifest.cases.iter().find(|e| &e.file == file) else { continue };
        if let Some(check) = &outcome.check
            && check != &entry.check
        {
            let line = format!("{file}: checked by {check}, the manifest says {}", entry.check);
            if check == "catalog" { verdict.better.push(line) } else { verdict.worse.push(line) }
        }
        for &(stage, key, _) in STAGES {
            let Some(now) = outcome.get(stage) else { continue };
            let was = entry.get(stage);
            if now == was {
                continue;
            }
            match (was == OK, now == OK) {
                (true, false) => verdict.worse.push(format!("{file} {key}: now fails: {now}")),
                (false, true) => verdict.better.push(format!("{file} {key}: now passes (the manifest says: {was})")),
                _ => verdict.changed.push(format!("{file} {key}: now {now}\n    (the manifest says: {was})")),
            }
        }
    }
    verdict
}

/// The manifest with a run's results written in (stages that did not run keep their old value).
pub fn raised(manifest: &Manifest, outcomes: &[(String, Outcome)]) -> Manifest {
    let mut next = manifest.clone();
    for (file, outcome) in outcomes {
        let Some(entry) = next.cases.iter_mut().find(|e| &e.file == file) else { continue };
        if let Some(check) = &outcome.check {
            entry.check = check.clone();
        }
        for &(stage, _, _) in STAGES {
            if let Some(now) = outcome.get(stage) {
                entry.set(stage, now.to_owned());
            }
        }
    }
    next
}

/// `docs/corpus.md`: the table of results and every failure, made from the manifest.
pub fn render_docs(manifest: &Manifest) -> String {
    let mut out = String::from(DOCS_INTRO);
    let passing = |stage: Stage| manifest.cases.iter().filter(|e| e.get(stage) == OK).count();
    let total = manifest.cases.len();
    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(out, "| stage | cases passing |");
    let _ = writeln!(out, "| --- | --- |");
    for &(stage, _, title) in STAGES {
        let _ = writeln!(out, "| {title} | {} of {total} |", passing(stage));
    }
    let _ = writeln!(out, "\n## Results\n");
    let _ = writeln!(out, "| file | dialect | checked by | reads | round trip | Diesel | SeaORM | Prisma |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- | --- |");
    for entry in &manifest.cases {
        let check = if entry.check == "catalog" { "catalogs" } else { "models" };
        let mark = |stage: Stage| if entry.get(stage) == OK { "pass" } else { "**fail**" };
        let _ = writeln!(
            out,
            "| `{}` | {} | {check} | {} | {} | {} | {} | {} |",
            entry.file,
            entry.dialect,
            mark(Stage::Read),
            mark(Stage::RoundTrip),
            mark(Stage::Diesel),
            mark(Stage::SeaOrm),
            mark(Stage::Prisma)
        );
    }
    let _ = writeln!(out, "\n## Why the models were compared instead of catalogs\n");
    let mut any = false;
    for entry in manifest.cases.iter().filter(|e| e.check != "catalog") {
        any = true;
        let why = entry.check.strip_prefix("model: ").unwrap_or(&entry.check);
        let _ = writeln!(out, "- `{}`: {}", entry.file, escape(why));
    }
    if !any {
        let _ = writeln!(out, "Every original loads on its engine.");
    }
    let _ = writeln!(out, "\n## Failures\n");
    for entry in &manifest.cases {
        let failures: Vec<(&str, &str)> = STAGES
            .iter()
            .filter(|(stage, _, _)| entry.get(*stage) != OK)
            .map(|(stage, _, title)| (*title, entry.get(*stage)))
            .collect();
        if failures.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### `{}`\n", entry.file);
        for (title, why) in failures {
            let _ = writeln!(out, "- {title}: {}", escape(why));
        }
        out.push('\n');
    }
    out
}

/// Failure texts hold SQL and Rust: keep Markdown from reading them as markup.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('<', "&lt;").replace('*', "\\*").replace('_', "\\_")
}

const DOCS_INTRO: &str = "\
# Conformance on real schemas

<!-- Generated from tests/fixtures/corpus/manifest.toml by the corpus suite: do not edit by hand.
     `CODEGEN_BLESS=1 cargo test --test integration corpus` rewrites it. -->

Every schema in the shared corpus of public real-world schemas (`../shared/corpus`, see its README)
and every schema of our own in `tests/fixtures/corpus` (dumps made by the real `pg_dump`,
`mariadb-dump` and `sqlite3`, each with the script that made it) goes through the same stages:

1. **reads**: `codegen --schema FILE --schema-dialect D --target json` reads it without an error.
2. **round trip**: `codegen --schema FILE --schema-dialect D --dialect D --target sql` renders it
   for its own dialect; the original and the output are each loaded into a fresh database of the
   real engine (SQLite, PostgreSQL 15, MariaDB 10.11) and the two catalogs are compared: tables
   and their options, columns with the declared type the engine reports, nullability, defaults,
   generated and identity columns, collations, primary keys, foreign keys with their actions and
   deferrability, uniques, checks, exclusions, indexes with their definitions, views and
   materialized views, triggers, functions, procedures and aggregates by signature, sequences with
   their owner column, domains, enums, composite and range types, extensions with their schema,
   operators, policies, rules and comments (`tests/crates/catalog`). What is normalised away:
   the order of creation, OIDs, and the names the engine makes up for constraints and indexes
   the script left unnamed (PostgreSQL's `<table>_<columns>_fkey` and kin, MariaDB's
   `<table>_ibfk_<n>`, SQLite's `sqlite_autoindex_*`). Where the original cannot load on the
   engines here, the model read from the original is compared with the model read from the
   output instead (\"checked by models\" below, with the reason).
3. **Diesel**, **SeaORM**: `--target diesel` (with models) and `--target sea-orm` output for the
   same dialect compiles against the real `diesel` 2.3 and `sea-orm` 2.0 crates: every case is a
   module of `tests/diesel-app` and `tests/sea-orm-app`, built once for all cases.
4. **Prisma**: `--target prisma` output passes Prisma's own validator
   (`@prisma/prisma-schema-wasm`, `tools/prisma`).

A stage that depends on an earlier one fails with it. The suite fails when any case does worse
than recorded here, and asks for this table to be raised when a case does better.

## Running it

```sh
source .ci/servers.sh                        # PostgreSQL 15 and MariaDB on loopback
npm ci --prefix tools/prisma                 # Prisma's validator
cargo test --test integration corpus         # the suite; every difference lands in target/corpus/report.md
CODEGEN_BLESS=1 cargo test --test integration corpus   # record a change in the manifest and here
```

The shared corpus is found at `../shared/corpus` beside the repository (or beside the main
checkout, from a git worktree), or where `CODEGEN_CORPUS_DIR` says. Without a server, node or the
corpus, the stages that need them are skipped with a note and keep their recorded results; under
`CI=true` each is required. The generated code is kept in `target/corpus/generated` and rewritten
only where codegen's output changed, so a rerun rebuilds only what changed. To add a schema, put
it in `tests/fixtures/corpus/<folder>/` with the script that made it, add a `[[case]]` with its
dialect to `tests/fixtures/corpus/manifest.toml`, and bless. `tests/crates/catalog` holds the
catalog snapshots; `cargo run -p codegen-test-catalog --example snapshot -- URL` prints one.

## A long migrations folder

`corpus::replay` builds a diesel migrations folder of 301 migrations in the shape of a long-lived
PostgreSQL service's history (30 entities, each created, renamed, given functions, triggers, views,
materialized views, composite and enum types and sequences, its unnamed keys dropped and renamed by
the names PostgreSQL gave them, columns renamed under unique constraints and expression indexes,
views dropped and rebuilt). psql applies the ups in order; `codegen --schema migrations --target
sql` replays the folder and writes one script; both load into PostgreSQL 15 and the catalogs are
equal, but for one thing the model does not hold: comments on constraints (`COMMENT ON
CONSTRAINT` is read and skipped with a note). `codegen lint` reads and replays every statement of
the folder.

";

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(read: &str) -> Entry {
        Entry {
            file: "a.sql".into(),
            dialect: "sqlite".into(),
            check: "catalog".into(),
            read: read.into(),
            round_trip: OK.into(),
            diesel: OK.into(),
            sea_orm: OK.into(),
            prisma: OK.into(),
        }
    }

    fn run(read: &str) -> Vec<(String, Outcome)> {
        vec![("a.sql".into(), Outcome { read: Some(read.into()), ..Outcome::default() })]
    }

    #[test]
    fn a_stage_that_stops_passing_is_worse() {
        let manifest = Manifest { cases: vec![entry(OK)] };
        let verdict = compare(&manifest, &run("syntax error at line 3"));
        assert_eq!(verdict.worse, ["a.sql read: now fails: syntax error at line 3"]);
        assert!(verdict.better.is_empty() && verdict.changed.is_empty());
    }

    #[test]
    fn a_stage_that_starts_passing_asks_to_raise_the_manifest() {
        let manifest = Manifest { cases: vec![entry("syntax error")] };
        let verdict = compare(&manifest, &run(OK));
        assert_eq!(verdict.better.len(), 1);
        assert!(verdict.worse.is_empty());
        assert_eq!(raised(&manifest, &run(OK)).cases[0].read, OK);
    }

    #[test]
    fn stages_that_did_not_run_change_nothing() {
        let manifest = Manifest { cases: vec![entry("syntax error")] };
        let outcomes = vec![("a.sql".to_string(), Outcome::default())];
        assert!(compare(&manifest, &outcomes).is_clean());
        assert_eq!(raised(&manifest, &outcomes), manifest);
    }

    #[test]
    fn the_docs_count_each_stage() {
        let manifest = Manifest { cases: vec![entry(OK), Entry { file: "b.sql".into(), ..entry("syntax | error") }] };
        let docs = render_docs(&manifest);
        assert!(docs.contains("| reads | 1 of 2 |"), "{docs}");
        assert!(docs.contains("- reads: syntax \\| error"), "{docs}");
    }
}

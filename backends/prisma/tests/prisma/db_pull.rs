//! Conformance with `prisma db pull` on SQLite, PostgreSQL and MariaDB: for each case
//! `fixtures/db-pull/<engine>/NAME.sql`, the schema Prisma's own introspection writes for a
//! database built from it (`NAME.db-pull.prisma`, checked in; see the README there) against ours
//! for the same database, read by codegen's live reader.
//!
//! The comparison is per block and per line, ignoring order (db pull sorts models and relation
//! fields its own way) and `//` comments (codegen's notes); `///` doc comments count. Every
//! difference is listed in `NAME.differences.txt` (after its `#` explanation lines); the test fails
//! on any difference not listed and on any listed one that is gone, and the identical / listed /
//! unlisted counts per engine must be the ones `docs/prisma-db-pull.md` reports.
//! `UPDATE_EXPECT=1` rewrites the lists (keeping their explanations).
//! Every schema codegen writes for a case must also pass Prisma's validation and formatting.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen_core::{Dialect, Schema};
use codegen_prisma::{PrismaOptions, render_schema};

use crate::oracle::{available, check, tools_dir};
use crate::servers::{self, Server};

/// The engines the cases run on, each with its own folder of cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
    Mysql,
}

impl Engine {
    fn folder(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
            Engine::Mysql => "mysql",
        }
    }

    fn dialect(self) -> Dialect {
        match self {
            Engine::Sqlite => Dialect::Sqlite,
            Engine::Postgres => Dialect::Postgres,
            Engine::Mysql => Dialect::Mysql,
        }
    }
}

/// One case: a setup script and what db pull writes for it.
#[derive(Debug, Clone)]
pub struct Case {
    pub engine: Engine,
    pub name: String,
    pub sql: PathBuf,
    pub text: String,
}

impl Case {
    /// The values of the script's `-- key: a, b` header line (`preview`, `schemas`).
    pub fn header(&self, key: &str) -> Vec<String> {
        let prefix = format!("-- {key}:");
        self.text
            .lines()
            .find_map(|l| l.strip_prefix(&prefix))
            .map(|rest| rest.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default()
    }

    /// codegen's options for the case: the preview features its header enables.
    pub fn options(&self) -> PrismaOptions {
        PrismaOptions { preview_features: self.header("preview"), ..PrismaOptions::for_dialect(self.engine.dialect()) }
    }

    fn pulled_path(&self) -> PathBuf {
        self.sql.with_extension("db-pull.prisma")
    }

    fn listed_path(&self) -> PathBuf {
        self.sql.with_extension("differences.txt")
    }
}

/// The cases of `engine`, in name order.
pub fn cases(engine: Engine) -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/db-pull").join(engine.folder());
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|sql| Case {
            engine,
            name: sql.file_stem().expect("a name").to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&sql).expect("the case"),
            sql,
        })
        .collect()
}

/// The model of the case's database, read the way a user pointing `--schema` at it would.
pub fn read_case(case: &Case, server: Option<&Server>) -> Schema {
    match case.engine {
        Engine::Sqlite => crate::fixtures::sqlite_database_schema(&case.text),
        Engine::Postgres | Engine::Mysql => {
            let server = server.expect("a server for this engine");
            let db = server.fresh_database(&case.name);
            db.execute(&case.text).unwrap_or_else(|e| panic!("{}: {e}", case.sql.display()));
            db.read(&case.header("schemas"))
        }
    }
}

/// Block header (`model users`, `generator client`) -> its lines, whitespace-normalised. `///`
/// lines before a block belong to it; `//` comments are left out.
fn shape(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut blocks = BTreeMap::new();
    let mut docs: Vec<String> = Vec::new();
    let mut current: Option<(String, BTreeSet<String>)> = None;
    for line in text.lines().map(str::trim) {
        let normal = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() || (line.starts_with("//") && !line.starts_with("///")) {
            continue;
        }
        match &mut current {
            None if line.ends_with('{') => {
                let mut lines = BTreeSet::new();
                lines.extend(docs.drain(..));
                current = Some((normal.trim_end_matches('{').trim().to_string(), lines));
            }
            None if line.starts_with("///") => docs.push(normal),
            None => {}
            Some(_) if line == "}" => {
                let (name, lines) = current.take().expect("inside a block");
                blocks.insert(name, lines);
            }
            Some((_, lines)) => {
                lines.insert(normal);
            }
        }
    }
    blocks
}

/// Every line of either schema the other lacks: `block: db pull: line` / `block: codegen: line`.
pub fn differences(ours: &str, theirs: &str) -> String {
    let (ours, theirs) = (shape(ours), shape(theirs));
    let empty = BTreeSet::new();
    let mut out = String::new();
    for block in ours.keys().chain(theirs.keys()).collect::<BTreeSet<_>>() {
        let (a, b) = (ours.get(block).unwrap_or(&empty), theirs.get(block).unwrap_or(&empty));
        if !theirs.contains_key(block) {
            out.push_str(&format!("{block}: codegen only\n"));
        } else if !ours.contains_key(block) {
            out.push_str(&format!("{block}: db pull only\n"));
        }
        for line in b.difference(a) {
            out.push_str(&format!("{block}: db pull: {line}\n"));
        }
        for line in a.difference(b) {
            out.push_str(&format!("{block}: codegen: {line}\n"));
        }
    }
    out
}

/// A listed file's explanation lines (`#`) and its differences.
fn split_listed(text: &str) -> (String, String) {
    let (mut notes, mut lines) = (String::new(), String::new());
    for line in text.lines() {
        let target = if line.starts_with('#') { &mut notes } else { &mut lines };
        if !line.trim().is_empty() {
            target.push_str(line);
            target.push('\n');
        }
    }
    (notes, lines)
}

/// How the cases of one engine compare with db pull.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    identical: usize,
    listed: usize,
    unlisted: usize,
}

/// Compare every case of `engine` with db pull; fail on unlisted differences, on schemas Prisma
/// rejects and on counts the docs do not report.
fn conform(engine: Engine) {
    let server = match engine {
        Engine::Sqlite => None,
        Engine::Postgres => match servers::postgres() {
            Some(server) => Some(server),
            None => return,
        },
        Engine::Mysql => match servers::mysql() {
            Some(server) => Some(server),
            None => return,
        },
    };
    let update = std::env::var("UPDATE_EXPECT").is_ok();
    let mut tally = Tally::default();
    let mut failures = Vec::new();
    let mut rendered = Vec::new();
    for case in cases(engine) {
        let pulled = std::fs::read_to_string(case.pulled_path())
            .unwrap_or_else(|e| panic!("{}: {e} (see regenerate.sh)", case.pulled_path().display()));
        let (ours, _) = render_schema(&read_case(&case, server.as_ref()), &case.options());
        let actual = differences(&ours, &pulled);
        let (notes, listed) = split_listed(&std::fs::read_to_string(case.listed_path()).unwrap_or_default());
        if update && actual != listed {
            if actual.is_empty() && notes.is_empty() {
                let _ = std::fs::remove_file(case.listed_path());
            } else {
                std::fs::write(case.listed_path(), format!("{notes}{actual}")).expect("write the list");
            }
        }
        if actual.is_empty() {
            tally.identical += 1;
        } else if actual == listed || update {
            tally.listed += 1;
        } else {
            tally.unlisted += 1;
            failures.push(format!("{}:\n--- listed\n{listed}--- actual\n{actual}--- ours\n{ours}", case.sql.display()));
        }
        rendered.push((format!("{}/{}.prisma", engine.folder(), case.name), ours));
    }
    eprintln!("{}: {tally:?}", engine.folder());
    assert!(
        failures.is_empty(),
        "unlisted differences from db pull (UPDATE_EXPECT=1 rewrites):\n{}",
        failures.join("\n")
    );
    assert_documented(engine, &tally);
    if available("@prisma/prisma-schema-wasm") {
        for ((name, text), verdict) in rendered.iter().zip(check(&rendered)) {
            assert!(verdict.error.is_none(), "{name}: Prisma rejects our schema: {:?}\n{text}", verdict.error);
            assert_eq!(verdict.formatted.as_deref(), Some(text.as_str()), "{name}: `prisma format` changes it");
        }
    }
}

/// The docs report `| engine | cases | identical | listed | unlisted |` for each engine.
fn assert_documented(engine: Engine, tally: &Tally) {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/prisma-db-pull.md");
    let text = std::fs::read_to_string(&docs).expect("docs/prisma-db-pull.md");
    let total = tally.identical + tally.listed + tally.unlisted;
    let row =
        format!("| {} | {total} | {} | {} | {} |", engine.folder(), tally.identical, tally.listed, tally.unlisted);
    assert!(text.contains(&row), "{} should report `{row}`", docs.display());
}

#[test]
fn sqlite_schemas_differ_from_db_pull_only_as_listed() {
    conform(Engine::Sqlite);
}

#[test]
fn postgres_schemas_differ_from_db_pull_only_as_listed() {
    conform(Engine::Postgres);
}

#[test]
fn mysql_schemas_differ_from_db_pull_only_as_listed() {
    conform(Engine::Mysql);
}

/// Run the oracle on every case of `engine` in one node process; `(case, schema db pull writes)`.
fn introspect_all(engine: Engine, database_url: Option<&str>) -> Vec<(Case, String)> {
    let cases = cases(engine);
    let provider = if engine == Engine::Postgres { "postgresql" } else { "sqlite" };
    let mut command = std::process::Command::new("node");
    command
        .args(["--experimental-wasm-modules", "--no-warnings", "introspect.mjs", "--provider", provider])
        .args(cases.iter().map(|c| c.sql.clone()))
        .current_dir(tools_dir());
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    let output = command.output().expect("node runs");
    assert!(output.status.success(), "introspect.mjs failed: {}", String::from_utf8_lossy(&output.stderr));
    let printed: BTreeMap<String, serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("introspect.mjs prints JSON");
    cases
        .into_iter()
        .map(|case| {
            let schema =
                printed[case.sql.to_str().expect("UTF-8 path")]["schema"].as_str().expect("a schema").to_string();
            (case, schema)
        })
        .collect()
}

fn assert_current(printed: Vec<(Case, String)>) {
    for (case, schema) in printed {
        let checked_in = std::fs::read_to_string(case.pulled_path()).expect("checked in");
        assert_eq!(schema, checked_in, "{}: stale; run fixtures/db-pull/regenerate.sh", case.pulled_path().display());
    }
}

#[test]
fn the_checked_in_sqlite_output_is_what_the_pinned_prisma_prints() {
    if available("@prisma/schema-engine-wasm") {
        assert_current(introspect_all(Engine::Sqlite, None));
    }
}

#[test]
fn the_checked_in_postgres_output_is_what_the_pinned_prisma_prints() {
    if !available("@prisma/adapter-pg") {
        return;
    }
    let Some(server) = servers::postgres() else { return };
    assert_current(introspect_all(Engine::Postgres, Some(&server.url())));
}

#[test]
fn shapes_compare_blocks_and_doc_comments_but_not_notes_or_order() {
    let ours = "/// Users\nmodel a {\n  // a note\n  id Int @id\n  b  String\n}\n";
    let theirs = "model a {\n  b String\n  id   Int   @id\n}\n";
    assert_eq!(differences(ours, theirs), "model a: codegen: /// Users\n");
    assert_eq!(differences("enum e {\n  x\n}\n", ""), "enum e: codegen only\nenum e: codegen: x\n");
}

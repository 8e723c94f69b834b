//! `codegen advise` without a database: the advice on the bundled example's workload, located
//! errors for bad input, and the migration it writes (lint-clean in every layout).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> String {
    root().join("tests/fixtures/advise").join(path).to_string_lossy().into_owned()
}

pub fn example_schema() -> String {
    root().join("examples/experiments/schema.sql").to_string_lossy().into_owned()
}

/// The bundled example at a million experiments (and users, variants, memberships around them).
pub const EXAMPLE_VOLUMES: &str = "organizations=1000,users=200000,projects=500,experiments=1000000,variants=200000,metrics=100000,memberships=400000";

/// Northwind at a million order lines (orders stay within their smallint keys).
pub const NORTHWIND_VOLUMES: &str = "customers=2000,orders=32000,order_details=1000000,products=5000,employees=200,\
    categories=20,suppliers=300,shippers=10,region=10,territories=100,employee_territories=300,us_states=50,\
    customer_demographics=10,customer_customer_demo=100";

/// The bundled example at a tenth of that, for the engines where only the plan change is shown.
pub const SMALL_VOLUMES: &str =
    "organizations=100,users=50000,projects=50,experiments=100000,variants=20000,metrics=10000,memberships=40000";

pub fn codegen_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("codegen runs")
}

pub fn codegen(args: &[&str]) -> Output {
    codegen_in(&root(), args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(o), stderr(o)))
}

/// The names of the suggestions that stand (unproven, or kept by the proof).
pub fn standing(report: &Value) -> Vec<String> {
    report["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["proof"].is_null() || s["proof"]["kept"] == true)
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

/// The numbers of the queries a standing suggestion serves.
pub fn advised_queries(report: &Value) -> Vec<u64> {
    let mut out: Vec<u64> = report["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["proof"].is_null() || s["proof"]["kept"] == true)
        .flat_map(|s| s["queries"].as_array().unwrap().iter().map(|q| q.as_u64().unwrap()))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn static_advice() -> Value {
    let o = codegen(&[
        "advise",
        "--queries",
        &fixture("experiments/queries.sql"),
        "--schema",
        &example_schema(),
        "--volumes",
        EXAMPLE_VOLUMES,
        "--report",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    json(&o)
}

#[test]
fn the_example_workload_gets_ranked_indexes_and_the_well_indexed_queries_none() {
    let report = static_advice();
    let names = standing(&report);
    for expected in [
        "experiments_started_at_partial_idx",
        "experiments_project_id_created_at_idx",
        "users_lower_email_idx",
        "users_display_name_trgm_idx",
    ] {
        assert!(names.contains(&expected.to_string()), "{expected} missing from {names:?}");
    }
    // dashboard, login, variant_lookup and status_update are served by existing indexes.
    let advised = advised_queries(&report);
    for well in [1, 3, 10, 11] {
        assert!(!advised.contains(&well), "query {well} is well indexed, yet advised: {advised:?}");
        assert_eq!(report["queries"][well as usize - 1]["status"], "well-indexed");
    }
    // Ranked by gain: the gains never increase down the list.
    let gains: Vec<f64> = report["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["estimate"]["gain_per_minute"].as_f64().unwrap())
        .collect();
    assert!(gains.windows(2).all(|w| w[0] >= w[1]), "{gains:?}");
    // Every suggestion shows its write cost beside its gain.
    let partial = report["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "experiments_started_at_partial_idx")
        .unwrap();
    assert!(partial["write_cost"]["size_bytes"].as_u64().unwrap() > 0);
    assert_eq!(partial["write_cost"]["indexes_maintained"], 3);
    assert_eq!(
        partial["write_cost"]["writes_per_minute"], 700.0,
        "400/min from `-- writes:` and 300/min of status_update"
    );
}

#[test]
fn the_example_workload_gets_its_rewrites() {
    let report = static_advice();
    let kinds = |n: usize| -> Vec<String> {
        report["queries"][n - 1]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(kinds(7).contains(&"deep-offset".to_string()), "{:?}", kinds(7));
    assert!(kinds(8).contains(&"not-in-nullable".to_string()), "{:?}", kinds(8));
    assert!(kinds(9).contains(&"correlated-subquery".to_string()), "{:?}", kinds(9));
    let keyset = &report["queries"][6]["findings"][0]["rewritten"];
    assert!(keyset.as_str().unwrap().contains("(created_at, id) > (:last_created_at, :last_id)"), "{keyset}");
}

#[test]
fn bad_queries_are_located_errors_and_the_others_are_still_advised() {
    let o = codegen(&[
        "advise",
        "--queries",
        &fixture("experiments/bad.sql"),
        "--schema",
        &example_schema(),
        "--volumes",
        EXAMPLE_VOLUMES,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("query 2 (typo) (line 5): syntax error"), "{err}");
    assert!(err.contains("bad.sql:5:1"), "{err}");
    assert!(err.contains("query 3 (gone) (line 8): unknown table `experimnts`"), "{err}");
    assert!(err.contains("unknown table `nosuchtable` in `-- writes:`") && err.contains("bad.sql:10:1"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // Query 1 was still analysed and advised.
    assert!(stdout(&o).contains("experiments_project_id_created_at_idx"), "{}", stdout(&o));
}

#[test]
fn a_volume_for_an_unknown_table_is_an_error_naming_it() {
    let o = codegen(&[
        "advise",
        "--queries",
        &fixture("experiments/queries.sql"),
        "--schema",
        &example_schema(),
        "--volumes",
        "experimets=10",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--volumes: the schema has no table `experimets` (did you mean `experiments`?)"),
        "{}",
        stderr(&o)
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("codegen.toml"),
        "[schema]\npath = \"schema.sql\"\n\n[advise.volumes]\nexperiments = 1000\nghosts = \"1m\"\n",
    )
    .unwrap();
    std::fs::copy(example_schema(), dir.path().join("schema.sql")).unwrap();
    let o = codegen_in(dir.path(), &["advise", "--queries", &fixture("experiments/queries.sql")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("[advise.volumes] the schema has no table `ghosts`") && err.contains("codegen.toml:6:10"),
        "{err}"
    );
}

/// A migrations folder in `format`'s layout that creates the example's schema (written by
/// `codegen diff`), with the advised migration added after it.
fn migrated(format: &str) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("migrations");
    let empty = dir.path().join("empty.sql");
    std::fs::write(&empty, "").unwrap();
    let (first, version) = match format {
        "diesel" => ("2024-01-01-000000", "2024-06-01-000000"),
        "refinery" => ("1", "2"),
        "sea-orm" => ("20240101_000000", "20240601_000000"),
        _ => ("20240101000000", "20240601000000"),
    };
    if format == "diesel" {
        copy_dir(&root().join("examples/experiments/migrations"), &out);
    } else {
        let schema = example_schema();
        let o = codegen(&[
            "diff",
            "--from",
            empty.to_str().unwrap(),
            "--to",
            &schema,
            "--dialect",
            "postgres",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
            "--name",
            "create_schema",
            "--version",
            first,
        ]);
        assert!(o.status.success(), "{format}: {}", stderr(&o));
    }
    let o = codegen(&[
        "advise",
        "--queries",
        &fixture("experiments/queries.sql"),
        "--schema",
        &example_schema(),
        "--volumes",
        EXAMPLE_VOLUMES,
        "--migration",
        format,
        "--out",
        out.to_str().unwrap(),
        "--version",
        version,
    ]);
    (dir, o)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn the_migration_builds_concurrently_outside_a_transaction_and_is_lint_clean() {
    let (dir, o) = migrated("diesel");
    assert!(o.status.success(), "{}", stderr(&o));
    let migration = dir.path().join("migrations/2024-06-01-000000_advised_indexes");
    let up = std::fs::read_to_string(migration.join("up.sql")).unwrap();
    assert!(up.contains("CREATE EXTENSION IF NOT EXISTS pg_trgm;"), "{up}");
    assert!(up.contains("CREATE INDEX CONCURRENTLY experiments_project_id_created_at_idx ON experiments"), "{up}");
    assert!(!up.contains("CREATE INDEX experiments"), "every index is built concurrently:\n{up}");
    let down = std::fs::read_to_string(migration.join("down.sql")).unwrap();
    assert!(down.contains("DROP INDEX CONCURRENTLY experiments_project_id_created_at_idx"), "{down}");
    assert_eq!(std::fs::read_to_string(migration.join("metadata.toml")).unwrap(), "run_in_transaction = false\n");
    let lint = codegen(&["lint", migration.join("up.sql").to_str().unwrap(), "--dialect", "postgres"]);
    assert!(lint.status.success(), "{}\n{}", stdout(&lint), stderr(&lint));
    assert!(stdout(&lint).contains("0 error(s), 0 warning(s)"), "{}", stdout(&lint));
}

#[test]
fn every_layout_gets_a_lint_clean_migration() {
    for format in ["sql", "sqlx", "prisma", "refinery", "sea-orm"] {
        let (dir, o) = migrated(format);
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        let folder = dir.path().join("migrations");
        let written: Vec<PathBuf> =
            walk(&folder).into_iter().filter(|p| p.to_string_lossy().contains("advised_indexes")).collect();
        assert!(!written.is_empty(), "{format}: nothing written");
        if format == "sea-orm" {
            let file = std::fs::read_to_string(&written[0]).unwrap();
            assert!(file.contains("fn use_transaction(&self) -> Option<bool>"), "{file}");
            continue;
        }
        let up = written
            .iter()
            .find(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.ends_with(".up.sql")
                    || name == "migration.sql"
                    || (name.ends_with(".sql") && !name.contains("down"))
            })
            .unwrap_or_else(|| panic!("{format}: no up file in {written:?}"));
        let text = std::fs::read_to_string(up).unwrap();
        if format == "refinery" {
            assert!(
                text.contains("codegen:allow index-without-concurrently") && text.contains("SET lock_timeout"),
                "{text}"
            );
        }
        if format == "sqlx" {
            assert!(text.starts_with("-- no-transaction\n"), "{text}");
        }
        let lint = codegen(&["lint", up.to_str().unwrap(), "--dialect", "postgres"]);
        assert!(lint.status.success(), "{format}: {}\n{}", stdout(&lint), stderr(&lint));
        assert!(stdout(&lint).contains("0 error(s), 0 warning(s)"), "{format}: {}", stdout(&lint));
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

#[test]
fn the_text_report_names_gain_write_cost_and_findings() {
    let o = codegen(&[
        "advise",
        "--queries",
        &fixture("experiments/queries.sql"),
        "--schema",
        &example_schema(),
        "--volumes",
        EXAMPLE_VOLUMES,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in [
        "serves: query 5",
        "write cost: ~",
        "index(es) maintained per insert",
        "[deep-offset]",
        "Well indexed already: query 1, 3",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
}

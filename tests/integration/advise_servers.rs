//! `codegen advise --prove` on real databases: the bundled example and a corpus schema seeded to
//! a million rows on PostgreSQL (every standing index at least 5x faster by EXPLAIN ANALYZE, every
//! rewrite the same rows), the same workload's plan changes on MariaDB and SQLite, HypoPG on a
//! given database that stays unchanged, and `--from-stats`.

use std::path::PathBuf;

use serde_json::Value;

use crate::advise_cli::{EXAMPLE_VOLUMES, codegen, example_schema, fixture, json, root, standing, stderr, stdout};
use crate::servers;

/// `../shared/corpus` beside the repository (CODEGEN_CORPUS_DIR overrides), or `None` (and a
/// note) locally when it is missing; under CI it must be there.
fn corpus(path: &str) -> Option<String> {
    let dir =
        std::env::var("CODEGEN_CORPUS_DIR").map(PathBuf::from).unwrap_or_else(|_| root().join("../shared/corpus"));
    let file = dir.join(path);
    if file.is_file() {
        return Some(file.to_string_lossy().into_owned());
    }
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("CI requires the corpus file {}", file.display());
    }
    eprintln!("note: skipping: the corpus file {} is missing (set CODEGEN_CORPUS_DIR)", file.display());
    None
}

/// Every standing suggestion is proven, and each of its queries ran at least `factor` times
/// faster with it (EXPLAIN ANALYZE); every rewrite that was checked returned the same rows.
fn assert_proven(report: &Value, factor: f64) {
    let mut proven = 0;
    for s in report["indexes"].as_array().unwrap() {
        let proof = &s["proof"];
        assert!(proof.is_object(), "{} was not proven: {s}", s["name"]);
        if proof["kept"] != true {
            continue;
        }
        proven += 1;
        for plan in proof["plans"].as_array().unwrap() {
            let (before, after) = (plan["ms_before"].as_f64().unwrap(), plan["ms_after"].as_f64().unwrap());
            assert!(
                before / after >= factor,
                "{}: query {} only {:.1}x faster ({before:.3} ms -> {after:.3} ms): {plan}",
                s["name"],
                plan["query"],
                before / after
            );
        }
    }
    assert!(proven > 0, "nothing was proven:\n{report:#}");
    for q in report["queries"].as_array().unwrap() {
        for f in q["findings"].as_array().unwrap() {
            if let Some(proof) = f.get("proof").filter(|p| p.is_object()) {
                assert_eq!(proof["same_rows"], true, "query {}: the rewrite returns other rows: {proof}", q["number"]);
            }
        }
    }
}

#[test]
fn the_example_at_a_million_rows_on_postgres_is_proven_at_least_5x_faster() {
    let Some(pg) = servers::postgres() else { return };
    let scratch = pg.fresh_database("advise_example");
    let o = codegen(&[
        "advise",
        "--queries",
        &fixture("experiments/queries.sql"),
        "--schema",
        &example_schema(),
        "--volumes",
        EXAMPLE_VOLUMES,
        "--prove",
        "--analyze",
        "--scratch-url",
        &scratch.url(),
        "--report",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = json(&o);
    assert_proven(&report, 5.0);
    let names = standing(&report);
    for expected in [
        "experiments_started_at_partial_idx",
        "experiments_project_id_created_at_idx",
        "users_lower_email_idx",
        "users_display_name_trgm_idx",
    ] {
        assert!(names.contains(&expected.to_string()), "{expected} did not stand: {names:?}\n{report:#}");
    }
    let advised = crate::advise_cli::advised_queries(&report);
    for well in [1, 3, 10, 11] {
        assert!(!advised.contains(&well), "query {well} is well indexed, yet advised: {advised:?}");
    }
    // The keyset rewrite was checked against the original on the scratch rows.
    let keyset = &report["queries"][6]["findings"][0];
    assert_eq!(keyset["proof"]["same_rows"], true, "{keyset}");
    assert_eq!(keyset["proof"]["rows"], 20, "{keyset}");
}

#[test]
fn a_corpus_schema_at_a_million_rows_on_postgres_is_proven_at_least_5x_faster() {
    let Some(pg) = servers::postgres() else { return };
    let Some(schema) = corpus("northwind-postgres/northwind.schema-only.sql") else { return };
    let scratch = pg.fresh_database("advise_northwind");
    let o = codegen(&[
        "advise",
        "--queries",
        &fixture("northwind/queries.sql"),
        "--schema",
        &schema,
        "--volumes",
        crate::advise_cli::NORTHWIND_VOLUMES,
        "--prove",
        "--analyze",
        "--scratch-url",
        &scratch.url(),
        "--report",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = json(&o);
    assert_proven(&report, 5.0);
    assert_eq!(standing(&report).len(), 4, "{report:#}");
    // order_lines and order_with_products are served by the primary key.
    let advised = crate::advise_cli::advised_queries(&report);
    assert!(!advised.contains(&1) && !advised.contains(&7), "{advised:?}");
}

#[test]
fn mariadb_shows_the_plan_changes() {
    let Some(my) = servers::mysql() else { return };
    let scratch = my.fresh_database("advise_mariadb");
    let o = codegen(&[
        "advise",
        "--queries",
        &fixture("experiments/queries_portable.sql"),
        "--schema",
        &example_schema(),
        "--schema-dialect",
        "postgres",
        "--dialect",
        "mysql",
        "--volumes",
        crate::advise_cli::SMALL_VOLUMES,
        "--prove",
        "--scratch-url",
        &scratch.url(),
        "--report",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("dev:dev@") && !stderr(&o).contains("dev:dev@"), "a password was printed");
    assert_plan_changes(&json(&o), "ALL on");
}

#[test]
fn sqlite_shows_the_plan_changes() {
    let o = codegen(&[
        "advise",
        "--queries",
        &fixture("experiments/queries_portable.sql"),
        "--schema",
        &example_schema(),
        "--schema-dialect",
        "postgres",
        "--dialect",
        "sqlite",
        "--volumes",
        crate::advise_cli::SMALL_VOLUMES,
        "--prove",
        "--report",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_plan_changes(&json(&o), "SCAN");
}

/// Some standing suggestion turned a full scan (`scan`) into a read of the new index, and every
/// standing one is used by the plans of its queries.
fn assert_plan_changes(report: &Value, scan: &str) {
    let kept: Vec<&Value> =
        report["indexes"].as_array().unwrap().iter().filter(|s| s["proof"]["kept"] == true).collect();
    assert!(!kept.is_empty(), "nothing kept:\n{report:#}");
    let mut from_scan = false;
    for s in &kept {
        let name = s["name"].as_str().unwrap();
        for plan in s["proof"]["plans"].as_array().unwrap() {
            let (before, after) = (plan["plan_before"].as_str().unwrap(), plan["plan_after"].as_str().unwrap());
            assert!(after.contains(name), "{name}: the plan after does not read it: {after}");
            from_scan |= before.contains(scan) && !after.contains(scan);
        }
    }
    assert!(from_scan, "no plan went from `{scan}` to an index:\n{report:#}");
}

#[test]
fn a_given_postgres_database_proves_with_hypopg_and_stays_unchanged() {
    let Some(pg) = servers::postgres() else { return };
    let db = pg.fresh_database("advise_given");
    let schema = std::fs::read_to_string(example_schema()).unwrap();
    db.execute(&schema).unwrap();
    db.execute(
        "CREATE EXTENSION hypopg; CREATE EXTENSION pg_stat_statements;
         INSERT INTO organizations (name) SELECT 'org ' || g FROM generate_series(1, 100) g;
         INSERT INTO users (email, display_name) SELECT 'u' || g || '@example.com', 'user ' || g FROM generate_series(1, 50000) g;
         INSERT INTO projects (organization_id, name) SELECT 1 + g % 100, 'project ' || g FROM generate_series(1, 500) g;
         INSERT INTO experiments (project_id, name, created_at)
             SELECT 1 + g % 500, 'experiment ' || g, now() - g * interval '1 minute' FROM generate_series(1, 200000) g;
         VACUUM ANALYZE;",
    )
    .unwrap();
    let indexes = |db: &servers::TestDb| {
        db.query_rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1").unwrap()
    };
    let before = indexes(&db);
    // The workload runs for a while, so that pg_stat_statements has something to say.
    for _ in 0..3 {
        db.execute("SELECT id, display_name FROM users WHERE lower(email) = lower('u42@example.com');").unwrap();
        db.execute(
            "SELECT id, name, created_at FROM experiments WHERE project_id = 42 ORDER BY created_at DESC LIMIT 20;",
        )
        .unwrap();
    }

    let o = codegen(&[
        "advise",
        "--database-url",
        &db.url(),
        "--queries",
        &fixture("experiments/queries.sql"),
        "--prove",
        "--report",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = json(&o);
    let proven: Vec<&Value> = report["indexes"].as_array().unwrap().iter().filter(|s| s["proof"].is_object()).collect();
    assert!(proven.iter().any(|s| s["proof"]["method"] == "hypothetical" && s["proof"]["kept"] == true), "{report:#}");
    assert_eq!(indexes(&db), before, "the given database gained or lost an index");

    let o = codegen(&["advise", "--database-url", &db.url(), "--from-stats", "--report", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = json(&o);
    let sql: Vec<&str> = report["queries"].as_array().unwrap().iter().map(|q| q["sql"].as_str().unwrap()).collect();
    assert!(sql.iter().any(|s| s.contains("lower(email)")), "{sql:?}");
    assert!(standing(&report).contains(&"users_lower_email_idx".to_string()), "{report:#}");
    assert_eq!(indexes(&db), before);
}

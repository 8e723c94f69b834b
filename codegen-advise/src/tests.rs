//! The advice on small schemas and workloads, without a database.

use std::path::Path;

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Dialect, QualifiedName, Schema};

use super::*;
use crate::report::QueryStatus;
use crate::rewrite::FindingKind;

const SCHEMA: &str = "
CREATE TYPE experiment_status AS ENUM ('draft', 'running', 'paused', 'completed', 'archived');
CREATE TABLE projects (id bigint PRIMARY KEY, name text NOT NULL, organization_id bigint NOT NULL);
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(320) NOT NULL UNIQUE, display_name text NOT NULL, deleted_at timestamptz);
CREATE TABLE experiments (
    id bigint PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id),
    name varchar(200) NOT NULL,
    status experiment_status NOT NULL DEFAULT 'draft',
    created_at timestamptz NOT NULL,
    started_at timestamptz,
    deleted_at timestamptz
);
CREATE INDEX experiments_project_id_status_idx ON experiments (project_id, status);
CREATE INDEX experiments_project_id_idx ON experiments (project_id);
";

fn schema() -> Schema {
    read_sql_str(SCHEMA, Path::new("schema.sql"), Dialect::Postgres).unwrap().schema
}

fn volumes(rows: &[(&str, u64)]) -> Stats {
    let mut stats = Stats::default();
    for (table, n) in rows {
        stats.set_rows(&QualifiedName::new(*table), *n, VolumeSource::Flag);
    }
    stats
}

fn big() -> Stats {
    volumes(&[("projects", 10_000), ("users", 1_000_000), ("experiments", 1_000_000)])
}

fn run(queries: &str, stats: &Stats) -> Advice {
    let workload = Workload::read_str(queries, Path::new("queries.sql"), Dialect::Postgres);
    advise(&schema(), &workload, stats, &AdviseOptions::default())
}

#[test]
fn a_well_indexed_query_gets_no_suggestion() {
    let advice = run("SELECT id, name FROM experiments WHERE project_id = $1 AND status = 'running';", &big());
    assert!(advice.indexes.is_empty(), "{}", render_text(&advice));
    assert_eq!(advice.queries[0].status, QueryStatus::WellIndexed);
    let advice = run("SELECT * FROM users WHERE email = $1;", &big());
    assert!(advice.indexes.is_empty(), "{}", render_text(&advice));
}

#[test]
fn equality_then_sort_makes_one_index_that_stops_early() {
    let advice = run(
        "-- calls: 600/min\nSELECT id, name, created_at FROM experiments WHERE project_id = $1 ORDER BY created_at DESC LIMIT 20;",
        &big(),
    );
    let [suggestion] = advice.indexes.as_slice() else { panic!("{}", render_text(&advice)) };
    let keys: Vec<String> =
        suggestion.candidate.view.parts.iter().map(|(k, d)| format!("{k}{}", if *d { " DESC" } else { "" })).collect();
    assert_eq!(keys, ["project_id", "created_at"], "one direction scans backwards");
    // The new index leads with the old one's key: that one becomes redundant.
    assert_eq!(suggestion.replaces, ["experiments_project_id_idx"]);
    assert!(suggestion.estimate.speedup >= 3.0, "{}", render_text(&advice));
    // Twenty rows are fetched: too few for covering columns to pay for their space.
    assert_eq!(
        suggestion.sql,
        ["CREATE INDEX experiments_project_id_created_at_idx ON experiments (project_id, created_at)"]
    );
}

#[test]
fn one_index_serves_several_queries() {
    let advice = run(
        "SELECT id FROM users WHERE display_name = $1;\n\
         SELECT id, email FROM users WHERE display_name = $1 AND deleted_at IS NULL;",
        &big(),
    );
    assert_eq!(advice.indexes.len(), 1, "{}", render_text(&advice));
    assert_eq!(advice.indexes[0].queries, [1, 2]);
}

#[test]
fn a_constant_on_a_skewed_column_makes_a_partial_index() {
    let advice = run("SELECT id FROM experiments WHERE status = 'running' ORDER BY created_at LIMIT 50;", &big());
    let [suggestion] = advice.indexes.as_slice() else { panic!("{}", render_text(&advice)) };
    assert_eq!(suggestion.candidate.index.predicate.as_deref(), Some("status = 'running'"));
    assert!(suggestion.sql[0].ends_with("WHERE status = 'running'"), "{:?}", suggestion.sql);
}

#[test]
fn functions_on_columns_get_expression_indexes_and_infix_likes_trigram() {
    let advice = run(
        "SELECT id FROM users WHERE lower(email) = lower($1);\nSELECT id FROM users WHERE display_name LIKE '%ann%';",
        &big(),
    );
    let sql: Vec<&str> = advice.indexes.iter().flat_map(|s| s.sql.iter().map(String::as_str)).collect();
    assert!(sql.contains(&"CREATE INDEX users_lower_email_idx ON users ((lower(email)))"), "{sql:?}");
    assert!(sql.contains(&"CREATE EXTENSION IF NOT EXISTS pg_trgm"), "{sql:?}");
    assert!(
        sql.contains(&"CREATE INDEX users_display_name_trgm_idx ON users USING gin (display_name gin_trgm_ops)"),
        "{sql:?}"
    );
    let kinds: Vec<FindingKind> =
        advice.queries.iter().flat_map(|q| q.findings.iter().map(|f| f.finding.kind)).collect();
    assert!(kinds.contains(&FindingKind::NonSargable) && kinds.contains(&FindingKind::LeadingWildcard), "{kinds:?}");
}

#[test]
fn small_tables_need_no_index() {
    let advice = run("SELECT id FROM users WHERE display_name = $1;", &volumes(&[("users", 200)]));
    assert!(advice.indexes.is_empty(), "{}", render_text(&advice));
}

#[test]
fn writes_raise_the_bar_and_cost_hot_updates() {
    let reads = "-- calls: 10/min\nSELECT id FROM experiments WHERE started_at > $1 AND started_at < $2;\n";
    let quiet = run(reads, &big());
    assert_eq!(quiet.indexes.len(), 1, "{}", render_text(&quiet));
    assert!(quiet.indexes[0].write_cost.hot_lost.is_empty());
    let busy = format!("{reads}-- writes: experiments 50000/min, experiments.started_at 20000/min\n");
    let advice = run(&busy, &big());
    if let Some(s) = advice.indexes.first() {
        assert!(s.write_cost.write_heavy && s.write_cost.required_speedup > 2.0, "{}", render_text(&advice));
        assert_eq!(s.write_cost.hot_lost[0].column, "started_at");
    }
    assert!(advice.indexes.len() <= quiet.indexes.len());
}

#[test]
fn bad_queries_are_located_errors_and_the_others_are_still_analysed() {
    let advice = run(
        "SELECT id FROM experiments WHERE project_id = $1 ORDER BY created_at DESC LIMIT 20;\n\nSELEC broken;\n\nSELECT * FROM nowhere WHERE id = 1;\n",
        &big(),
    );
    assert_eq!(advice.errors.len(), 2, "{:?}", advice.errors);
    assert_eq!((advice.errors[0].query, advice.errors[0].line), (2, 3));
    assert!(advice.errors[1].message.contains("unknown table `nowhere`"), "{}", advice.errors[1]);
    assert_eq!((advice.errors[1].query, advice.errors[1].line), (3, 5));
    assert_eq!(advice.indexes.len(), 1, "query 1 was still advised");
}

#[test]
fn deep_offsets_become_keyset_pagination() {
    let advice =
        run("SELECT id, name FROM experiments WHERE project_id = 7 ORDER BY created_at LIMIT 20 OFFSET 5000;", &big());
    let finding = advice.queries[0].findings.iter().find(|f| f.finding.kind == FindingKind::DeepOffset).unwrap();
    let check = finding.finding.check.as_ref().unwrap();
    assert_eq!(
        check.rewritten,
        "SELECT id, name FROM experiments WHERE project_id = 7 AND (created_at, id) > (:last_created_at, :last_id) ORDER BY created_at, id LIMIT 20"
    );
    assert_eq!(
        check.original,
        "SELECT id, name FROM experiments WHERE project_id = 7 ORDER BY created_at, id LIMIT 20 OFFSET 5000"
    );
    let anchor = check.anchor.as_ref().unwrap();
    assert_eq!(
        anchor.sql,
        "SELECT created_at, id FROM experiments WHERE project_id = 7 ORDER BY created_at, id LIMIT 1 OFFSET 4999"
    );
}

#[test]
fn not_in_over_a_nullable_column_becomes_not_exists() {
    let advice = run("SELECT id FROM projects p WHERE p.id NOT IN (SELECT e.started_at FROM experiments e);", &big());
    // (a nonsense query, but the nullable column is what matters)
    let finding = &advice.queries[0].findings.iter().find(|f| f.finding.kind == FindingKind::NotInNullable);
    assert!(finding.is_some(), "{}", render_text(&advice));
    let advice = run(
        "SELECT u.id FROM users u WHERE u.id NOT IN (SELECT e.project_id FROM experiments e WHERE e.deleted_at IS NULL);",
        &big(),
    );
    assert!(
        advice.queries[0].findings.iter().all(|f| f.finding.kind != FindingKind::NotInNullable),
        "project_id is NOT NULL"
    );
}

#[test]
fn correlated_counts_become_a_join() {
    let advice = run(
        "SELECT p.id, p.name, (SELECT count(*) FROM experiments e WHERE e.project_id = p.id) AS experiments FROM projects p;",
        &big(),
    );
    let finding =
        advice.queries[0].findings.iter().find(|f| f.finding.kind == FindingKind::CorrelatedSubquery).unwrap();
    assert_eq!(
        finding.finding.rewritten.as_deref(),
        Some(
            "SELECT p.id, p.name, coalesce(experiments_agg.experiments, 0) AS experiments FROM projects p LEFT JOIN \
             (SELECT e.project_id AS project_id, count(*) AS experiments FROM experiments e GROUP BY e.project_id) AS \
             experiments_agg ON experiments_agg.project_id = p.id"
        )
    );
}

#[test]
fn or_across_columns_becomes_union_all() {
    let advice = run("SELECT id FROM users WHERE email = $1 OR display_name = $2;", &big());
    let finding = advice.queries[0].findings.iter().find(|f| f.finding.kind == FindingKind::OrAcrossColumns).unwrap();
    assert_eq!(
        finding.finding.rewritten.as_deref(),
        Some(
            "SELECT id FROM users WHERE email = $1 UNION ALL SELECT id FROM users WHERE display_name = $2 AND (email = $1) IS NOT TRUE"
        )
    );
}

#[test]
fn date_functions_become_ranges() {
    let advice = run("SELECT id FROM experiments WHERE date(created_at) = '2024-02-29' AND project_id = 3;", &big());
    let finding = advice.queries[0].findings.iter().find(|f| f.finding.kind == FindingKind::NonSargable).unwrap();
    assert_eq!(
        finding.finding.rewritten.as_deref(),
        Some(
            "SELECT id FROM experiments WHERE created_at >= '2024-02-29' AND created_at < '2024-03-01' AND project_id = 3"
        )
    );
}

#[test]
fn existing_duplicates_and_prefixes_are_found() {
    let mut schema = schema();
    let dup = schema.tables[2].indexes[0].clone();
    let mut dup = dup;
    dup.name = "experiments_dup".into();
    schema.tables[2].indexes.push(dup);
    let found = existing::existing_findings(&schema, &Stats::default(), Dialect::Postgres);
    let kinds: Vec<(&str, &str)> = found.iter().map(|f| (f.kind.as_str(), f.index.as_str())).collect();
    assert!(kinds.contains(&("duplicate", "experiments_dup")), "{kinds:?}");
    assert!(kinds.contains(&("prefix", "experiments_project_id_idx")), "{kinds:?}");
}

#[test]
fn the_migration_builds_concurrently_and_drops_what_is_replaced() {
    let advice = run(
        "SELECT id, name, created_at FROM experiments WHERE project_id = $1 ORDER BY created_at DESC LIMIT 20;",
        &big(),
    );
    let script = migration::migration_script(&schema(), &advice).unwrap().unwrap();
    assert_eq!(
        script.up,
        [
            "DROP INDEX CONCURRENTLY experiments_project_id_idx",
            "CREATE INDEX CONCURRENTLY experiments_project_id_created_at_idx ON experiments (project_id, created_at)"
        ]
    );
}

/// The advice on the test schema with more indexes.
fn run_with(extra_indexes: &str, queries: &str, stats: &Stats) -> Advice {
    let schema =
        read_sql_str(&format!("{SCHEMA}{extra_indexes}"), Path::new("schema.sql"), Dialect::Postgres).unwrap().schema;
    let workload = Workload::read_str(queries, Path::new("queries.sql"), Dialect::Postgres);
    advise(&schema, &workload, stats, &AdviseOptions::default())
}

#[test]
fn an_existing_index_is_judged_by_its_operator_class() {
    let infix = "SELECT id FROM users WHERE display_name LIKE '%ann%';";
    // A trigram index serves the infix LIKE: nothing to suggest.
    let trigram = "CREATE INDEX users_name_trgm ON users USING gin (display_name gin_trgm_ops);";
    let advice = run_with(trigram, infix, &big());
    assert!(advice.indexes.is_empty(), "{}", render_text(&advice));
    // A full-text GIN index on the same column does not: LIKE cannot use tsvector_ops.
    let full_text = "CREATE INDEX users_name_fts ON users USING gin (to_tsvector('simple', display_name));";
    let advice = run_with(full_text, infix, &big());
    let sql: Vec<&str> = advice.indexes.iter().flat_map(|s| s.sql.iter().map(String::as_str)).collect();
    assert!(sql.iter().any(|s| s.contains("gin_trgm_ops")), "{sql:?}");
}

#[test]
fn an_existing_covering_index_counts_its_include_columns() {
    let query = "SELECT id, name FROM experiments WHERE created_at >= $1 AND created_at < $2;\n";
    let stats = volumes(&[("projects", 10_000), ("experiments", 50_000_000)]);
    let without = run_with("", query, &stats);
    let proposed: Vec<&str> = without.indexes.iter().flat_map(|s| s.sql.iter().map(String::as_str)).collect();
    let Some(covering) = proposed.iter().find(|s| s.contains("INCLUDE")) else {
        panic!("a covering index is proposed at this volume: {proposed:?}")
    };
    // With that very index in the schema, the query is served: nothing more to suggest.
    let with = run_with(&format!("{covering};"), query, &stats);
    assert!(with.indexes.iter().all(|s| s.sql.iter().all(|q| !q.contains("CREATE INDEX"))), "{}", render_text(&with));
    assert_eq!(with.queries[0].status, QueryStatus::WellIndexed, "{}", render_text(&with));
}

//! Speed of `codegen advise --prove` per candidate with HypoPG on loopback (the goal: under
//! 50 ms a candidate): EXPLAIN of the candidate's queries without the index, the hypothetical
//! index created, EXPLAIN again, HypoPG reset.
//!
//! `cargo bench -p codegen-db --bench prove` with `CODEGEN_TEST_POSTGRES_URL` set (as
//! `source .ci/servers.sh` sets it) and postgresql-15-hypopg installed. The bench builds a scratch
//! database from the bundled example (100,000 experiments, filled by the interim fill), advises
//! on the example's workload, and proves each B-tree suggestion on its own; it drops the
//! database afterwards. Without the variable it says so and does nothing.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

use codegen_advise::stats::{Estimator, Stats, VolumeSource};
use codegen_advise::workload::Workload;
use codegen_advise::{AdviseOptions, advise};
use codegen_core::read::sql::read_sql_file;
use codegen_core::{Dialect, QualifiedName};
use codegen_db::advise::{InterimFill, ProofDatabase, ProveOptions, Scratch, prove};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let Ok(url) = std::env::var("CODEGEN_TEST_POSTGRES_URL") else {
        eprintln!("note: CODEGEN_TEST_POSTGRES_URL is not set: the prove bench needs a PostgreSQL server with HypoPG");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let schema = read_sql_file(&root.join("examples/experiments/schema.sql"), Dialect::Postgres)
        .expect("the example reads")
        .schema;
    let text = std::fs::read_to_string(root.join("tests/fixtures/advise/experiments/queries.sql"))
        .expect("the workload reads");
    let workload = Workload::read_str(&text, Path::new("queries.sql"), Dialect::Postgres);
    let mut stats = Stats::default();
    for (table, rows) in [
        ("organizations", 100),
        ("users", 20_000),
        ("projects", 100),
        ("experiments", 100_000),
        ("variants", 20_000),
        ("metrics", 10_000),
        ("memberships", 20_000),
    ] {
        stats.set_rows(&QualifiedName::new(table), rows, VolumeSource::Flag);
    }
    let advice = advise(&schema, &workload, &stats, &AdviseOptions::default());

    let scratch = Scratch::create(Dialect::Postgres, Some(&url)).expect("a scratch database");
    let est = Estimator::new(&schema, &stats);
    let volumes: BTreeMap<QualifiedName, u64> =
        schema.tables.iter().map(|t| (t.name.clone(), est.rows(&t.name) as u64)).collect();
    scratch.load(&schema, &volumes, &InterimFill).expect("the scratch database fills");
    let conn = scratch.connect().expect("a connection");
    let mut db = ProofDatabase { conn, name: "bench".into(), writable: true };
    let options = ProveOptions { threshold: 0.5, analyze: false, hypothetical: true };

    // One suggestion at a time, without the rewrites: the cost of proving one candidate.
    let btree: Vec<usize> =
        (0..advice.indexes.len()).filter(|i| advice.indexes[*i].candidate.index.method.is_none()).collect();
    assert!(!btree.is_empty(), "the workload has B-tree suggestions");
    let mut single = advice.clone();
    for q in &mut single.queries {
        q.findings.clear();
    }
    let mut group = c.benchmark_group("prove");
    group.sample_size(20);
    for &i in &btree {
        let mut one = single.clone();
        one.indexes = vec![advice.indexes[i].clone()];
        let name = format!("one candidate with HypoPG: {}", advice.indexes[i].name);
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut advice = one.clone();
                let summary = prove(&mut advice, &workload, &mut db, &options, &mut |_| {}).expect("the proof runs");
                assert!(summary.hypothetical, "HypoPG is used");
                black_box(advice)
            })
        });
    }
    group.finish();
    drop(db);
    drop(scratch);
}

criterion_group!(benches, bench);
criterion_main!(benches);

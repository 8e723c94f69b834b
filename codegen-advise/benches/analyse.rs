//! Static analysis speed: 1,000 queries against a 1,000-table schema (the goal: under 1 s).
//!
//! The schema has tables of 10 columns (a key, two foreign keys to earlier tables, text, a
//! status enum, timestamps) with an index each; the workload mixes lookups, joins, sorts with
//! limits, ranges, `LIKE`, `IN`, subqueries and updates, each with a `-- calls:` line.
//! Run with `cargo bench -p codegen-advise --bench analyse`.

use std::hint::black_box;
use std::path::Path;

use codegen_advise::stats::{Stats, VolumeSource};
use codegen_advise::workload::Workload;
use codegen_advise::{AdviseOptions, advise};
use codegen_core::read::sql::read_sql_str;
use codegen_core::{Dialect, QualifiedName, Schema};
use criterion::{Criterion, criterion_group, criterion_main};

const TABLES: usize = 1_000;
const QUERIES: usize = 1_000;

fn schema_sql() -> String {
    let mut sql = String::from("CREATE TYPE state AS ENUM ('new', 'active', 'paused', 'done');\n");
    for t in 0..TABLES {
        let parent = |k: usize| if t > k { format!("t{}", (t * 7 + k) % t) } else { format!("t{t}") };
        sql.push_str(&format!(
            "CREATE TABLE t{t} (\n  id bigint PRIMARY KEY,\n  a_id bigint REFERENCES {} (id),\n  b_id bigint REFERENCES {} (id),\n  \
             name varchar(200) NOT NULL,\n  email varchar(320),\n  state state NOT NULL,\n  score integer,\n  \
             created_at timestamptz NOT NULL,\n  updated_at timestamptz,\n  deleted_at timestamptz\n);\n\
             CREATE INDEX t{t}_a_id_idx ON t{t} (a_id);\n",
            parent(1),
            parent(2),
        ));
    }
    sql
}

fn workload_sql() -> String {
    let mut sql = String::new();
    for q in 0..QUERIES {
        let t = (q * 37) % TABLES;
        let u = (q * 11 + 3) % TABLES;
        sql.push_str(&format!("-- name: q{q}\n-- calls: {}/min\n", 1 + q % 500));
        let statement = match q % 10 {
            0 => format!("SELECT id, name FROM t{t} WHERE email = $1"),
            1 => format!("SELECT id, name, created_at FROM t{t} WHERE a_id = $1 ORDER BY created_at DESC LIMIT 20"),
            2 => format!(
                "SELECT x.id, y.name FROM t{t} x JOIN t{u} y ON y.id = x.b_id WHERE x.state = 'active' AND x.score > $1"
            ),
            3 => format!("SELECT count(*) FROM t{t} WHERE b_id = $1 AND deleted_at IS NULL"),
            4 => format!("SELECT id FROM t{t} WHERE lower(email) = lower($1)"),
            5 => format!("SELECT id, name FROM t{t} WHERE name LIKE '%abc%' LIMIT 50"),
            6 => {
                format!("SELECT id FROM t{t} WHERE created_at >= $1 AND created_at < $2 AND state IN ('new', 'paused')")
            }
            7 => format!("SELECT id, name FROM t{t} ORDER BY created_at LIMIT 20 OFFSET 5000"),
            8 => format!(
                "SELECT p.id, (SELECT count(*) FROM t{u} c WHERE c.a_id = p.id) AS n FROM t{t} p WHERE p.b_id = $1"
            ),
            _ => format!("UPDATE t{t} SET state = $1, updated_at = now() WHERE id = $2"),
        };
        sql.push_str(&statement);
        sql.push_str(";\n\n");
    }
    sql
}

fn stats(schema: &Schema) -> Stats {
    let mut stats = Stats::default();
    for (i, table) in schema.tables.iter().enumerate() {
        stats.set_rows(&table.name, 10_000 + (i as u64 % 50) * 20_000, VolumeSource::Flag);
    }
    let _ = QualifiedName::new("");
    stats
}

fn bench(c: &mut Criterion) {
    let schema =
        read_sql_str(&schema_sql(), Path::new("schema.sql"), Dialect::Postgres).expect("the schema reads").schema;
    let workload_text = workload_sql();
    let stats = stats(&schema);
    let options = AdviseOptions::default();
    // Once, to say what the analysis found.
    let workload = Workload::read_str(&workload_text, Path::new("queries.sql"), Dialect::Postgres);
    let advice = advise(&schema, &workload, &stats, &options);
    assert!(advice.errors.is_empty(), "{:?}", advice.errors.first());
    eprintln!(
        "{} queries on {} tables: {} index suggestion(s), {} finding(s)",
        workload.queries.len(),
        schema.tables.len(),
        advice.indexes.len(),
        advice.queries.iter().map(|q| q.findings.len()).sum::<usize>()
    );
    let mut group = c.benchmark_group("advise");
    group.sample_size(10);
    group.bench_function("1000 queries x 1000 tables (parse + analyse)", |b| {
        b.iter(|| {
            let workload = Workload::read_str(black_box(&workload_text), Path::new("queries.sql"), Dialect::Postgres);
            black_box(advise(&schema, &workload, &stats, &options))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

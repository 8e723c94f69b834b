//! `codegen seed` against drizzle-seed (npm, pinned in tools/typescript) in the same run: the same
//! rows per table of the bundled example's seven tables, into the same PostgreSQL database, each
//! tool end to end as a user runs it (the `codegen seed` release binary; a `tsx` script calling
//! drizzle-seed's `seed(db, schema).refine(...)` on the Drizzle `schema.ts` that
//! `codegen --target drizzle` writes), on emptied tables, with every table's rows counted after
//! each run. Prints both medians and their ratio.
//!
//! drizzle-seed cannot seed the example as it is: it ignores composite unique constraints and fails
//! on them with a duplicate key, leaving the rows it had inserted; so both tools run on the example
//! WITHOUT its composite uniques (dropped from the model before anything is written). It also
//! ignores CHECK constraints, so its script tells three columns their ranges by hand; codegen reads
//! them from the checks.
//!
//! `cargo bench --bench seed_drizzle` with `CODEGEN_TEST_POSTGRES_URL` set (`source
//! .ci/servers.sh`) and `npm ci` run in tools/typescript. `SEED_DRIZZLE_ROWS` sets the row count
//! (default 50,000). Ten timed runs of each tool (flat sampling), about two minutes in all.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Dialect, Schema};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

const TABLES: [(&str, u64); 7] = [
    ("organizations", 1),
    ("users", 100),
    ("projects", 50),
    ("memberships", 150),
    ("experiments", 200),
    ("variants", 300),
    ("metrics", 199),
];

/// drizzle-seed ignores CHECK constraints: these columns are told by hand what codegen reads from
/// the checks (traffic_percent BETWEEN 0 AND 100, ended_at >= started_at, weight >= 0).
const DRIZZLE_SEED: &str = r#"import { drizzle } from "drizzle-orm/node-postgres";
import { seed } from "drizzle-seed";
import * as schema from "./schema";

const counts: Record<string, number> = JSON.parse(process.env.COUNTS!);
const db = drizzle(process.env.DATABASE_URL!);
const columns: Record<string, (f: any) => Record<string, unknown>> = {
  experiments: (f) => ({ trafficPercent: f.int({ minValue: 0, maxValue: 100 }), endedAt: f.default({ defaultValue: null }) }),
  variants: (f) => ({ weight: f.int({ minValue: 0, maxValue: 100 }) }),
};
await seed(db, schema, { seed: 1 }).refine((f) =>
  Object.fromEntries(
    Object.entries(counts).map(([table, count]) => [table, { count, ...(columns[table] ? { columns: columns[table](f) } : {}) }]),
  ) as any,
);
await (db.$client as any).end();
"#;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The example without its composite unique constraints and indexes (drizzle-seed cannot keep them).
fn schema_without_composite_uniques() -> Schema {
    let path = root().join("examples/experiments/schema.sql");
    let mut schema = read_sql_str(&std::fs::read_to_string(&path).unwrap(), &path, Dialect::Postgres).unwrap().schema;
    for table in &mut schema.tables {
        table.uniques.retain(|u| u.columns.len() < 2);
        table.indexes.retain(|i| !(i.unique && i.parts.len() > 1));
    }
    schema
}

fn run(command: &mut Command, what: &str) {
    let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn bench(c: &mut Criterion) {
    let Ok(server) = std::env::var("CODEGEN_TEST_POSTGRES_URL") else {
        eprintln!("note: CODEGEN_TEST_POSTGRES_URL is not set; source .ci/servers.sh to bench seeding");
        return;
    };
    let modules = root().join("tools/typescript/node_modules");
    if !modules.join("drizzle-seed").is_dir() {
        eprintln!("note: drizzle-seed is not installed: npm ci in tools/typescript");
        return;
    }
    let rows: u64 = std::env::var("SEED_DRIZZLE_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(50_000);
    let counts: Vec<(&str, u64)> = TABLES.iter().map(|&(t, share)| (t, rows * share / 1000)).collect();
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    let codegen = env!("CARGO_BIN_EXE_codegen");
    let work = tempfile::tempdir().unwrap();

    // The schema both tools seed, its tables, codegen's plan and drizzle-seed's project.
    let schema = schema_without_composite_uniques();
    let ddl = codegen_sql::render_schema(&schema, Dialect::Postgres).unwrap().0;
    let schema_file = work.path().join("schema.sql");
    std::fs::write(&schema_file, &ddl).unwrap();
    let plan_file = work.path().join("plan.toml");
    let plan: String = counts.iter().map(|(t, n)| format!("[tables.{t}]\nrows = {n}\n")).collect();
    std::fs::write(&plan_file, plan).unwrap();
    let drizzle = work.path().join("drizzle");
    run(
        Command::new(codegen)
            .args(["-q", "--target", "drizzle", "--dialect", "postgres", "--schema"])
            .arg(&schema_file)
            .arg("--out")
            .arg(&drizzle),
        "codegen --target drizzle",
    );
    std::fs::write(drizzle.join("seed.ts"), DRIZZLE_SEED).unwrap();
    std::fs::write(drizzle.join("package.json"), "{\"type\": \"module\"}\n").unwrap();
    std::os::unix::fs::symlink(&modules, drizzle.join("node_modules")).unwrap();
    let counts_json =
        format!("{{{}}}", counts.iter().map(|(t, n)| format!("\"{t}\": {n}")).collect::<Vec<_>>().join(", "));

    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    admin.batch_execute("DROP DATABASE IF EXISTS seed_drizzle_bench WITH (FORCE)").unwrap();
    admin.batch_execute("CREATE DATABASE seed_drizzle_bench").unwrap();
    let url = format!("{}/seed_drizzle_bench", server.rsplit_once('/').unwrap().0);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute(&ddl).unwrap();
    let names: Vec<&str> = counts.iter().map(|(t, _)| *t).collect();
    let client = RefCell::new(client);
    let empty = || {
        client.borrow_mut().batch_execute(&format!("TRUNCATE {} RESTART IDENTITY CASCADE", names.join(", "))).unwrap()
    };
    let count = || -> u64 {
        names
            .iter()
            .map(|t| {
                client.borrow_mut().query_one(&format!("SELECT count(*) FROM {t}"), &[]).unwrap().get::<_, i64>(0)
                    as u64
            })
            .sum()
    };

    let mut times: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    let mut group = c.benchmark_group(format!("seed {total} rows into PostgreSQL, without composite uniques"));
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_millis(1));
    group.bench_function("codegen seed (CLI, end to end)", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                empty();
                let started = Instant::now();
                run(
                    Command::new(codegen)
                        .args(["seed", "-q", "--seed", "1", "--schema"])
                        .arg(&schema_file)
                        .arg("--plan")
                        .arg(&plan_file)
                        .args(["--database-url", &url]),
                    "codegen seed",
                );
                let elapsed = started.elapsed();
                assert_eq!(count(), total, "codegen seed's rows");
                times[0].push(elapsed);
                spent += elapsed;
            }
            spent
        })
    });
    group.bench_function("drizzle-seed (tsx script, end to end)", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                empty();
                let started = Instant::now();
                run(
                    Command::new("node")
                        .arg(modules.join("tsx/dist/cli.mjs"))
                        .arg("seed.ts")
                        .current_dir(&drizzle)
                        .env("COUNTS", &counts_json)
                        .env("DATABASE_URL", &url),
                    "drizzle-seed",
                );
                let elapsed = started.elapsed();
                assert_eq!(count(), total, "drizzle-seed's rows");
                times[1].push(elapsed);
                spent += elapsed;
            }
            spent
        })
    });
    group.finish();
    let (ours, theirs) = (median(&times[0]), median(&times[1]));
    println!(
        "\n{total} rows: codegen seed median {:.2} s ({:.0} rows/s), drizzle-seed median {:.2} s ({:.0} rows/s): drizzle-seed takes {:.1}x codegen's time ({} and {} runs)",
        ours.as_secs_f64(),
        total as f64 / ours.as_secs_f64(),
        theirs.as_secs_f64(),
        total as f64 / theirs.as_secs_f64(),
        theirs.as_secs_f64() / ours.as_secs_f64(),
        times[0].len(),
        times[1].len()
    );
    drop(client);
    let _ = admin.batch_execute("DROP DATABASE IF EXISTS seed_drizzle_bench WITH (FORCE)");
}

criterion_group!(benches, bench);
criterion_main!(benches);

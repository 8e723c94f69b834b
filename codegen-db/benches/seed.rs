//! Seeding speed: 1,000,000 rows across the bundled example's seven tables into PostgreSQL on
//! loopback, against the floor — `COPY ... FROM STDIN` of the very same rows, rendered beforehand
//! (no generation at all) — in the same run; then rows per second into SQLite and MariaDB.
//!
//! `cargo bench -p codegen-db --bench seed` with `CODEGEN_TEST_POSTGRES_URL` (and optionally
//! `CODEGEN_TEST_MYSQL_URL`) set, as `source .ci/servers.sh` sets them. `SEED_BENCH_ROWS` changes
//! the PostgreSQL row count (default 1,000,000). The bench creates its own databases.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Dialect, Schema};
use codegen_db::seed::{SeedRun, seed_url};
use codegen_seed::generate::{RowSink, generate};
use codegen_seed::plan::Plan;
use codegen_seed::prepare::{Prepared, SeedOptions, TableSeed, prepare};
use codegen_seed::render::sql::table_name;
use codegen_seed::value::Value;
use criterion::{Criterion, criterion_group, criterion_main};

fn example() -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/experiments/schema.sql");
    read_sql_str(&std::fs::read_to_string(&path).unwrap(), &path, Dialect::Postgres).unwrap().schema
}

/// Volumes summing to `total` rows, in the example's proportions.
fn volumes(total: u64) -> Plan {
    let shares = [
        ("organizations", 1u64),
        ("users", 100),
        ("projects", 50),
        ("memberships", 150),
        ("experiments", 200),
        ("variants", 300),
        ("metrics", 199),
    ];
    Plan::with_volumes(shares.iter().map(|(t, s)| (*t, total * s / 1000)))
}

/// The same rows as COPY text, one buffer per table.
struct Rendered(Vec<(String, String, Vec<u8>)>);

impl RowSink for Rendered {
    type Error = std::convert::Infallible;
    fn begin_table(&mut self, _: &Prepared, table: &TableSeed) -> Result<(), Self::Error> {
        let columns: Vec<String> =
            table.columns.iter().map(|c| codegen_sql::quote_ident(&c.name, Dialect::Postgres)).collect();
        self.0.push((table_name(&table.name, Dialect::Postgres), columns.join(", "), Vec::new()));
        Ok(())
    }
    fn row(&mut self, values: &[Value]) -> Result<(), Self::Error> {
        let mut line = String::new();
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                line.push('\t');
            }
            v.write_copy_text(&mut line);
        }
        line.push('\n');
        self.0.last_mut().unwrap().2.extend_from_slice(line.as_bytes());
        Ok(())
    }
    fn end_table(&mut self, _: &Prepared, _: &TableSeed) -> Result<(), Self::Error> {
        Ok(())
    }
    fn update(
        &mut self,
        _: &Prepared,
        _: &TableSeed,
        _: &[(usize, Value)],
        _: &[(usize, Value)],
    ) -> Result<(), Self::Error> {
        Ok(())
    }
    fn finish(&mut self, _: &Prepared) -> Result<(), Self::Error> {
        Ok(())
    }
}

fn database_url(server: &str, name: &str) -> String {
    let (base, _) = server.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

fn bench(c: &mut Criterion) {
    let schema = example();
    let ddl_pg = codegen_sql::render_schema(&schema, Dialect::Postgres).unwrap().0;
    let rows: u64 = std::env::var("SEED_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let Ok(server) = std::env::var("CODEGEN_TEST_POSTGRES_URL") else {
        eprintln!("note: CODEGEN_TEST_POSTGRES_URL is not set; source .ci/servers.sh to bench seeding");
        return;
    };
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    // Two calls: several statements in one would run as one transaction, which DROP DATABASE refuses.
    admin.batch_execute("DROP DATABASE IF EXISTS seed_bench WITH (FORCE)").unwrap();
    admin.batch_execute("CREATE DATABASE seed_bench").unwrap();
    let url = database_url(&server, "seed_bench");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute(&ddl_pg).unwrap();
    let plan = volumes(rows);
    let prepared =
        prepare(&schema, &plan, &SeedOptions { seed: Some(1), ..SeedOptions::new(Dialect::Postgres) }).unwrap();
    let mut rendered = Rendered(Vec::new());
    generate(&prepared, &mut rendered).unwrap();
    let names: Vec<String> = rendered.0.iter().map(|(t, _, _)| t.clone()).collect();

    let mut group = c.benchmark_group(format!("seed {rows} rows into PostgreSQL"));
    group.sample_size(10).measurement_time(Duration::from_secs(30)).warm_up_time(Duration::from_secs(1));
    group.bench_function("floor: COPY of the same rows, pre-rendered", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                client.batch_execute(&format!("TRUNCATE {}", names.join(", "))).unwrap();
                let started = Instant::now();
                let mut tx = client.transaction().unwrap();
                for (table, columns, bytes) in &rendered.0 {
                    let mut writer = tx.copy_in(&format!("COPY {table} ({columns}) FROM STDIN")).unwrap();
                    writer.write_all(bytes).unwrap();
                    writer.finish().unwrap();
                }
                tx.commit().unwrap();
                total += started.elapsed();
            }
            total
        })
    });
    group.bench_function("codegen seed (generate + COPY)", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                client.batch_execute(&format!("TRUNCATE {}", names.join(", "))).unwrap();
                let started = Instant::now();
                let run = SeedRun { seed: Some(1), ..SeedRun::default() };
                let report = seed_url(&url, &schema, &plan, &run).unwrap();
                assert_eq!(report.rows, prepared.tables.iter().map(|t| t.rows).sum::<u64>());
                total += started.elapsed();
            }
            total
        })
    });
    group.finish();

    // Rows per second into SQLite and MariaDB (100,000 rows).
    let small = volumes(100_000);
    let mut group = c.benchmark_group("seed 100000 rows");
    group.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(1));
    let ddl_sqlite = codegen_sql::render_schema(&schema, Dialect::Sqlite).unwrap().0;
    group.bench_function("SQLite (file, prepared statements)", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("bench.db");
                rusqlite::Connection::open(&path).unwrap().execute_batch(&ddl_sqlite).unwrap();
                let started = Instant::now();
                seed_url(&path.to_string_lossy(), &schema, &small, &SeedRun::default()).unwrap();
                total += started.elapsed();
            }
            total
        })
    });
    if let Ok(my_server) = std::env::var("CODEGEN_TEST_MYSQL_URL") {
        let ddl_my = codegen_sql::render_schema(&schema, Dialect::Mysql).unwrap().0;
        let mut admin = codegen_db::connect_mysql(&my_server).unwrap();
        mysql::prelude::Queryable::query_drop(&mut admin, "DROP DATABASE IF EXISTS seed_bench").unwrap();
        mysql::prelude::Queryable::query_drop(&mut admin, "CREATE DATABASE seed_bench").unwrap();
        let my_url = database_url(&my_server, "seed_bench");
        let mut conn = codegen_db::connect_mysql(&my_url).unwrap();
        mysql::prelude::Queryable::query_drop(&mut conn, &ddl_my).unwrap();
        group.bench_function("MariaDB (multi-row INSERT)", |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    let started = Instant::now();
                    seed_url(&my_url, &schema, &small, &SeedRun { truncate: true, ..SeedRun::default() }).unwrap();
                    total += started.elapsed();
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

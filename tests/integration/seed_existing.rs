//! `codegen seed` without `--truncate` beside rows already in the database: children of tables
//! that get no new rows reference the existing rows (composite keys included), deterministically
//! for the same database contents, on SQLite, PostgreSQL 15 and MariaDB.

use std::path::{Path, PathBuf};

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Dialect, Schema};
use codegen_db::seed::{SeedRun, seed_url};
use codegen_seed::plan::{Plan, parse_plan};
use codegen_seed::prepare::{SeedOptions, prepare};

use crate::servers::{self, TestDb};

fn fixture() -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed/existing.sql");
    let text = std::fs::read_to_string(&path).unwrap();
    read_sql_str(&text, &path, Dialect::Postgres).unwrap().schema
}

fn plan() -> Plan {
    let text = "[tables.teams]\nrows = 0\n[tables.regions]\nrows = 0\n[tables.players]\nrows = 30\n[tables.team_regions]\nrows = 4\n";
    parse_plan(text, Path::new("seed.toml")).unwrap()
}

/// Hand-written rows whose keys are nothing codegen would make.
const EXISTING: &str = "INSERT INTO teams (id, name) VALUES (100, 'Aces'), (205, 'Bears'), (307, 'Comets');
INSERT INTO regions (country, code, name) VALUES ('FR', 'IDF', 'Ile-de-France'), ('FR', 'OCC', 'Occitanie'), ('DE', 'BY', 'Bayern');
";

/// One database of any engine, read as text rows.
enum Db {
    Sqlite(PathBuf),
    Server(Box<TestDb>),
}

impl Db {
    fn url(&self) -> String {
        match self {
            Db::Sqlite(path) => path.to_string_lossy().to_string(),
            Db::Server(db) => db.url(),
        }
    }

    fn execute(&self, sql: &str) {
        match self {
            Db::Sqlite(path) => rusqlite::Connection::open(path).unwrap().execute_batch(sql).unwrap(),
            Db::Server(db) => {
                db.execute(sql).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }

    fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        match self {
            Db::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).unwrap();
                let mut statement = conn.prepare(sql).unwrap();
                let width = statement.column_count();
                statement
                    .query_map([], |r| {
                        (0..width)
                            .map(|i| {
                                Ok(match r.get_ref(i)? {
                                    rusqlite::types::ValueRef::Null => "NULL".to_string(),
                                    rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                                    rusqlite::types::ValueRef::Real(f) => f.to_string(),
                                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).to_string(),
                                    rusqlite::types::ValueRef::Blob(b) => format!("{b:?}"),
                                })
                            })
                            .collect::<Result<Vec<_>, rusqlite::Error>>()
                    })
                    .unwrap()
                    .collect::<Result<Vec<_>, _>>()
                    .unwrap()
            }
            Db::Server(db) => db.query_rows(sql).unwrap(),
        }
    }

    fn count(&self, table: &str) -> u64 {
        self.rows(&format!("SELECT count(*) FROM {table}"))[0][0].parse().unwrap()
    }
}

/// A fresh database of each engine available, with the fixture's tables and `existing` rows.
fn databases(label: &str, dir: &Path, schema: &Schema, existing: &str, servers: bool) -> Vec<(Dialect, Db)> {
    let ddl = |dialect| codegen_sql::render_schema(schema, dialect).unwrap_or_else(|d| panic!("{d}")).0;
    let mut out = Vec::new();
    let path = dir.join(format!("{label}.db"));
    let sqlite = Db::Sqlite(path);
    sqlite.execute(&ddl(Dialect::Sqlite));
    sqlite.execute(existing);
    out.push((Dialect::Sqlite, sqlite));
    if !servers {
        return out;
    }
    if let Some(pg) = servers::postgres() {
        let db = Db::Server(Box::new(pg.fresh_database(label)));
        db.execute(&ddl(Dialect::Postgres));
        db.execute(existing);
        out.push((Dialect::Postgres, db));
    }
    if let Some(my) = servers::mysql() {
        let db = Db::Server(Box::new(my.fresh_database(label)));
        db.execute(&ddl(Dialect::Mysql));
        db.execute(existing);
        out.push((Dialect::Mysql, db));
    }
    out
}

const PLAYERS: &str = "SELECT id, team_id, country, region_code, name FROM players ORDER BY id";

#[test]
fn children_of_tables_that_get_no_rows_reference_the_existing_rows() {
    let schema = fixture();
    let plan = plan();
    let run = SeedRun { seed: Some(5), ..SeedRun::default() };
    let dir = tempfile::tempdir().unwrap();
    let first = databases("existing_a", dir.path(), &schema, EXISTING, true);
    let second = databases("existing_b", dir.path(), &schema, EXISTING, true);
    for ((dialect, db), (_, twin)) in first.iter().zip(&second) {
        for load in 1..=2u64 {
            let report =
                seed_url(&db.url(), &schema, &plan, &run).unwrap_or_else(|e| panic!("{dialect} load {load}: {e:?}"));
            assert_eq!(report.rows, 34, "{dialect} load {load}: {:?}", report.per_table);
            assert_eq!(db.count("teams"), 3, "{dialect}: teams got rows");
            assert_eq!(db.count("regions"), 3, "{dialect}: regions got rows");
            assert_eq!(db.count("players"), 30 * load, "{dialect} load {load}");
            // The join rows of the second load continue past the first's: no duplicate key.
            assert_eq!(db.count("team_regions"), 4 * load, "{dialect} load {load}");
        }
        // Every key points at a hand-written row (the engines enforce it too), and the picks spread.
        let teams = db.rows("SELECT DISTINCT team_id FROM players ORDER BY team_id");
        assert!(teams.len() >= 2, "{dialect}: {teams:?}");
        assert!(teams.iter().all(|t| ["100", "205", "307"].contains(&t[0].as_str())), "{dialect}: {teams:?}");
        let regions = db.rows("SELECT DISTINCT country, region_code FROM players ORDER BY country, region_code");
        assert!(regions.len() >= 2, "{dialect}: {regions:?}");
        for region in &regions {
            assert!(
                [["DE", "BY"], ["FR", "IDF"], ["FR", "OCC"]].iter().any(|r| r[0] == region[0] && r[1] == region[1]),
                "{dialect}: {region:?}"
            );
        }
        if let Db::Sqlite(path) = db {
            let conn = rusqlite::Connection::open(path).unwrap();
            let broken: i64 =
                conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
            assert_eq!(broken, 0, "foreign keys broken on SQLite");
        }
        // The same database contents give the same rows.
        seed_url(&twin.url(), &schema, &plan, &run).unwrap();
        let mine: Vec<Vec<String>> = db.rows(PLAYERS).into_iter().take(30).collect();
        assert_eq!(mine, twin.rows(PLAYERS), "{dialect}: the same contents gave other rows");
    }
}

#[test]
fn without_existing_rows_a_not_null_key_to_a_table_that_gets_none_is_an_error() {
    let schema = fixture();
    let error = prepare(&schema, &plan(), &SeedOptions::new(Dialect::Postgres)).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("has none in the database") && text.contains("seed.toml:5:"), "{text}");
}

#[test]
fn a_big_parent_is_read_as_a_spread_sample_of_its_keys() {
    let schema = fixture();
    let plan = parse_plan(
        "[tables.teams]\nrows = 0\n[tables.regions]\nrows = 0\n[tables.players]\nrows = 300\n[tables.team_regions]\nrows = 0\n",
        Path::new("seed.toml"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    // 25,000 teams: every third key in key order is read (10,000 at most), from first to last.
    let teams = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000) INSERT INTO teams (id, name) SELECT i, 'team' FROM n;";
    let existing = format!("{teams}\n{}", EXISTING.lines().nth(1).unwrap());
    let (_, db) = databases("existing_big", dir.path(), &schema, &existing, false).swap_remove(0);
    seed_url(&db.url(), &schema, &plan, &SeedRun::default()).unwrap();
    let ids: Vec<i64> = db.rows("SELECT team_id FROM players").iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(ids.len(), 300);
    assert!(ids.iter().all(|id| id % 3 == 1), "a key outside the sample: {ids:?}");
    assert!(ids.iter().any(|&id| id > 20_000) && ids.iter().any(|&id| id < 5_000), "not spread: {ids:?}");
}

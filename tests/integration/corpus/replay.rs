//! A migrations folder of a few hundred migrations, written the way a long-lived PostgreSQL
//! service's diesel folder is (issue 14, problem 10): tables renamed with their unnamed keys
//! then dropped and renamed by the names PostgreSQL gave them, columns renamed under unique
//! constraints, unnamed expression indexes renamed with `ALTER INDEX IF EXISTS`, functions and
//! triggers, views and materialized views dropped and rebuilt, composite and enum types,
//! sequences, comments on constraints and functions. psql applies the ups in order; codegen
//! replays the folder and writes one script; both build the same catalog on PostgreSQL 15, and
//! `codegen lint` finds no statement it cannot read or replay.
//!
//! The folder is generated (`folder`), so each feature appears at every age of the schema; its
//! shape follows public Rust services' migration histories, not their text.

use std::fmt::Write as _;
use std::path::Path;

use codegen_test_catalog::diff;

use super::codegen::Workdir;
use super::engines::Engine;
use crate::servers;

/// Ten migrations per entity; entity `i` points at entity `i - 1`.
const ENTITIES: usize = 30;

/// The migrations of entity `i`, as (name, up.sql).
fn entity(i: usize) -> Vec<(String, String)> {
    let items = format!("e{i}_items");
    let things = format!("e{i}_things");
    let parent = (i > 0).then(|| format!("e{}_things", i - 1));
    let owner = match &parent {
        Some(p) => format!("owner_id int REFERENCES {p} ON DELETE CASCADE,\n    "),
        None => "owner_id int,\n    ".into(),
    };
    let new_owner = match &parent {
        Some(p) => format!(
            "ALTER TABLE {things} DROP CONSTRAINT {items}_owner_id_fkey;\n\
             ALTER TABLE {things} ADD FOREIGN KEY (owner_id) REFERENCES {p} (id) ON DELETE SET NULL;\n"
        ),
        None => String::new(),
    };
    vec![
        (
            format!("create_{items}"),
            format!(
                "CREATE TABLE {items} (\n    id serial PRIMARY KEY,\n    name text NOT NULL UNIQUE,\n    {owner}\
                 score integer CHECK (score >= 0),\n    created timestamptz NOT NULL DEFAULT now(),\n    UNIQUE (owner_id, name)\n);\n"
            ),
        ),
        (
            format!("{items}_slug"),
            format!(
                "ALTER TABLE {items} ADD COLUMN slug varchar(50);\nCREATE INDEX ON {items} (lower(slug));\nCREATE INDEX ON {items} (owner_id, created DESC);\n"
            ),
        ),
        (format!("rename_{items}"), format!("ALTER TABLE {items} RENAME TO {things};\n")),
        (
            format!("{things}_constraints"),
            format!(
                "ALTER TABLE {things} DROP CONSTRAINT {items}_score_check;\n\
                 ALTER TABLE {things} ADD CHECK (score >= -1);\n\
                 ALTER TABLE {things} RENAME CONSTRAINT {items}_name_key TO {things}_name_key;\n\
                 COMMENT ON CONSTRAINT {items}_pkey ON {things} IS 'named when the table was {items}';\n\
                 COMMENT ON CONSTRAINT {things}_name_key ON {things} IS 'renamed, then commented';\n"
            ),
        ),
        (
            format!("{things}_touch"),
            format!(
                "CREATE FUNCTION e{i}_touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    NEW.created := now();\n    RETURN NEW;\nEND\n$$;\n\
                 CREATE TRIGGER {things}_touch BEFORE UPDATE ON {things} FOR EACH ROW EXECUTE FUNCTION e{i}_touch();\n\
                 COMMENT ON FUNCTION e{i}_touch() IS 'keeps created current';\n"
            ),
        ),
        (
            format!("{things}_views"),
            format!(
                "CREATE VIEW e{i}_names AS SELECT id, name FROM {things};\n\
                 CREATE MATERIALIZED VIEW e{i}_counts AS SELECT owner_id, count(*) AS n FROM {things} GROUP BY owner_id;\n\
                 CREATE UNIQUE INDEX ON e{i}_counts (owner_id);\n"
            ),
        ),
        (
            format!("{things}_types"),
            format!(
                "CREATE TYPE e{i}_pair AS (a integer, b text);\n\
                 CREATE TYPE e{i}_state AS ENUM ('new', 'done');\n\
                 ALTER TABLE {things} ADD COLUMN state e{i}_state NOT NULL DEFAULT 'new';\n\
                 ALTER TYPE e{i}_state ADD VALUE 'archived';\n\
                 CREATE FUNCTION e{i}_pair_of(t {things}) RETURNS e{i}_pair LANGUAGE sql AS $$ SELECT ROW(t.id, t.name)::e{i}_pair $$;\n"
            ),
        ),
        (
            format!("{things}_handle"),
            format!(
                "ALTER TABLE {things} RENAME COLUMN slug TO handle;\n\
                 ALTER TABLE {things} ALTER COLUMN handle TYPE text;\n\
                 ALTER INDEX IF EXISTS {items}_lower_idx RENAME TO {things}_handle_idx;\n\
                 ALTER INDEX IF EXISTS {items}_no_such_idx RENAME TO {things}_never_idx;\n\
                 COMMENT ON COLUMN {things}.handle IS 'the public name';\n"
            ),
        ),
        (
            format!("{things}_rebuild_views"),
            format!(
                "DROP MATERIALIZED VIEW e{i}_counts;\n\
                 DROP VIEW e{i}_names;\n\
                 ALTER TABLE {things} DROP COLUMN score;\n\
                 CREATE VIEW e{i}_names AS SELECT id, name, handle FROM {things} WHERE state <> 'archived';\n\
                 CREATE MATERIALIZED VIEW e{i}_counts AS SELECT owner_id, count(*) AS n FROM {things} GROUP BY owner_id WITH NO DATA;\n"
            ),
        ),
        (
            format!("{things}_owner"),
            format!(
                "{new_owner}CREATE SEQUENCE e{i}_refs START 100;\n\
                 ALTER TABLE {things} ADD COLUMN ref bigint NOT NULL DEFAULT nextval('e{i}_refs');\n\
                 DROP INDEX IF EXISTS {things}_gone_idx;\n\
                 ALTER TABLE {things} ALTER COLUMN name SET DEFAULT '';\n"
            ),
        ),
    ]
}

/// The folder, in diesel's layout (`<timestamp>_<name>/up.sql`), and the ups in order.
fn folder(dir: &Path) -> String {
    let mut all = String::new();
    let mut n = 0;
    let mut write = |name: &str, up: &str| {
        n += 1;
        let path = dir.join(format!("2020-01-01-{n:06}_{name}"));
        std::fs::create_dir_all(&path).unwrap();
        std::fs::write(path.join("up.sql"), up).unwrap();
        let _ = writeln!(all, "{up}");
    };
    write("extensions", "CREATE EXTENSION IF NOT EXISTS pgcrypto;\nCREATE EXTENSION IF NOT EXISTS citext;\n");
    for i in 0..ENTITIES {
        for (name, up) in entity(i) {
            write(&name, &up);
        }
    }
    all
}

#[test]
fn a_few_hundred_migrations_replay_to_the_catalog_psql_builds() {
    let Some(server) = servers::postgres() else { return };
    let work = tempfile::tempdir().unwrap();
    let workdir = Workdir::new(work.path().join("run"));
    let migrations = work.path().join("run").join("migrations");
    let ups = folder(&migrations);
    let count = std::fs::read_dir(&migrations).unwrap().count();
    assert!(count >= 300, "{count} migrations");

    let engine = Engine::Postgres(server);
    let built = engine.load(ups.as_bytes(), None).unwrap_or_else(|e| panic!("psql refuses the folder: {e}"));
    let sql = workdir
        .run(&["--schema", "migrations", "--target", "sql", "--dialect", "postgres"])
        .unwrap_or_else(|f| panic!("codegen cannot replay the folder: {} {}", f.summary, f.errors.join("\n")));
    let replayed = engine.load(sql.as_bytes(), None).unwrap_or_else(|e| panic!("codegen's script does not load: {e}"));
    assert!(built.catalog.object_count() > 10 * ENTITIES, "the catalog is nearly empty");
    let differences: Vec<String> = diff(&built.catalog, &replayed.catalog).iter().map(ToString::to_string).collect();
    assert!(differences.is_empty(), "{} difference(s):\n{}", differences.len(), differences.join("\n"));

    // The linter reads and replays every statement too.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["lint", "migrations", "--dialect", "postgres", "--format", "json"])
        .current_dir(work.path().join("run"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("lint prints JSON");
    let unread: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            ["syntax-error", "replay-error", "unknown-object", "unchecked-object"]
                .contains(&f["rule"].as_str().unwrap())
        })
        .map(|f| format!("{}:{} {}", f["file"], f["line"], f["message"]))
        .collect();
    assert!(unread.is_empty(), "lint cannot follow the folder:\n{}", unread.join("\n"));
    assert_eq!(report["summary"]["files"], count as u64);
}

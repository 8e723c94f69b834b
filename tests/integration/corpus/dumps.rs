//! The suite's own check: each dump in `tests/fixtures/corpus` rebuilds, on its engine, the same
//! catalog as the script it was dumped from. This holds the dumps to their source (a stale dump
//! fails) and the catalog comparison to its word: two databases a real dump tool calls equal
//! show no difference, so a difference the suite reports about codegen's output is codegen's.

use codegen_test_catalog::diff;

use super::engines::Engine;
use super::manifest::root;
use crate::servers;

/// (folder, engine, the dumps of its `build.sql`).
const DUMPS: &[(&str, &str, &[&str])] = &[
    ("sqlite-app", "sqlite", &["dump.sql"]),
    ("pg15-app", "postgres", &["dump.sql", "schema.sql"]),
    ("mariadb-app", "mysql", &["dump.sql"]),
];

#[test]
fn our_dumps_rebuild_the_catalog_they_were_dumped_from() {
    for (folder, engine, dumps) in DUMPS {
        let engine = match *engine {
            "sqlite" => Engine::Sqlite,
            "postgres" => match servers::postgres() {
                Some(server) => Engine::Postgres(server),
                None => continue,
            },
            _ => match servers::mysql() {
                Some(server) => Engine::Mysql(server),
                None => continue,
            },
        };
        let dir = root().join(super::cases::OWN).join(folder);
        for dump in *dumps {
            let dumped = std::fs::read(dir.join(dump)).expect("the dump reads");
            let dumped = engine.load(&dumped, None).unwrap_or_else(|e| panic!("{folder}/{dump} does not load: {e}"));
            // The build script runs in a database with the dump's defaults, as make.sh ran it.
            let script = std::fs::read(dir.join("build.sql")).expect("the build script reads");
            let built = engine
                .load(&script, dumped.defaults.as_ref())
                .unwrap_or_else(|e| panic!("{folder}/build.sql does not load: {e}"));
            assert!(built.catalog.object_count() > 5, "{folder}: the catalog is nearly empty");
            let differences: Vec<String> =
                diff(&built.catalog, &dumped.catalog).iter().map(ToString::to_string).collect();
            assert!(
                differences.is_empty(),
                "{folder}/{dump} builds another catalog than build.sql (rerun its make.sh?):\n{}",
                differences.join("\n")
            );
        }
    }
}

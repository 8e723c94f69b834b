//! Conformance with `prisma db pull` on SQLite: for each `fixtures/sqlite/NAME.sql`, the schema
//! Prisma's own introspection prints (`NAME.db-pull.prisma`, checked in; see the README there)
//! against ours for the same database file.
//!
//! The comparison is per model and per line, ignoring order (db pull sorts models and relation
//! fields its own way). Every difference is listed in `NAME.differences.txt`, with the reasons in
//! the README; the test fails on any difference not listed and on any listed one that is gone.
//! `UPDATE_EXPECT=1` rewrites the lists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use codegen_core::Dialect;
use codegen_prisma::{PrismaOptions, render_schema};

use crate::fixtures::{sqlite_fixture_schema, sqlite_fixtures};
use crate::oracle::{available, run_node};

/// Our schema for the database `sql` builds.
fn ours(sql: &Path) -> String {
    render_schema(&sqlite_fixture_schema(sql), &PrismaOptions::for_dialect(Dialect::Sqlite)).0
}

/// `model X` / `enum Y` -> its lines, whitespace-normalised, comments left out.
fn shape(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut blocks = BTreeMap::new();
    let mut current: Option<(String, BTreeSet<String>)> = None;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        match &mut current {
            None if line.starts_with("model ") || line.starts_with("enum ") => {
                current = Some((line.trim_end_matches('{').trim().to_string(), BTreeSet::new()));
            }
            None => {}
            Some(_) if line == "}" => {
                let (name, lines) = current.take().expect("inside a block");
                blocks.insert(name, lines);
            }
            Some((_, lines)) => {
                lines.insert(line.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
    }
    blocks
}

fn differences(ours: &str, theirs: &str) -> String {
    let (ours, theirs) = (shape(ours), shape(theirs));
    let empty = BTreeSet::new();
    let mut out = String::new();
    for block in ours.keys().chain(theirs.keys()).collect::<BTreeSet<_>>() {
        let (a, b) = (ours.get(block).unwrap_or(&empty), theirs.get(block).unwrap_or(&empty));
        for line in b.difference(a) {
            out.push_str(&format!("{block}: db pull: {line}\n"));
        }
        for line in a.difference(b) {
            out.push_str(&format!("{block}: codegen: {line}\n"));
        }
    }
    out
}

#[test]
fn our_schema_differs_from_db_pull_only_as_listed() {
    let mut failures = Vec::new();
    for sql in sqlite_fixtures() {
        let pulled = std::fs::read_to_string(sql.with_extension("db-pull.prisma")).expect("checked-in db pull output");
        let actual = differences(&ours(&sql), &pulled);
        let listed_path = sql.with_extension("differences.txt");
        if std::env::var("UPDATE_EXPECT").is_ok() {
            std::fs::write(&listed_path, &actual).expect("write the list");
            continue;
        }
        let listed = std::fs::read_to_string(&listed_path).unwrap_or_default();
        if actual != listed {
            failures.push(format!("{}:\n--- listed\n{listed}--- actual\n{actual}", sql.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "differences from db pull changed (UPDATE_EXPECT=1 rewrites):\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_checked_in_db_pull_output_is_what_the_pinned_prisma_prints() {
    if !available("@prisma/schema-engine-wasm") {
        return;
    }
    for sql in sqlite_fixtures() {
        let path = sql.to_str().expect("UTF-8 path");
        let printed = run_node(&["--experimental-wasm-modules", "--no-warnings", "introspect.mjs", path], "");
        let checked_in = std::fs::read_to_string(sql.with_extension("db-pull.prisma")).expect("checked in");
        assert_eq!(printed, checked_in, "{}: regenerate it (see fixtures/sqlite/README.md)", sql.display());
    }
}

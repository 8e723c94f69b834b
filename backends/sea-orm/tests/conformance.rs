//! Conformance with the real `sea-orm-cli generate entity` (2.0.4): for each fixture under
//! tests/fixtures/sea-orm/, its checked-in output (expected/) must equal ours, after dropping the
//! header comments and printing both through prettyplease (sea-orm-cli formats with rustfmt,
//! which lays out the same tokens differently: blank lines, wrapped attributes, sorted `use`s).
//!
//! Where we deliberately write something else (sea-orm-cli's output would not compile or would
//! query the wrong column), the fixture's `differences.txt` lists every differing line, `-` for
//! sea-orm-cli's and `+` for ours, per file; the test fails on any other difference, and on a
//! listed difference that no longer occurs.
//! `UPDATE_EXPECT=1` rewrites the lists after a reviewed change (keeping their `#` lines).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen_core::Dialect;
use codegen_core::read::sql::read_sql_str;
use codegen_sea_orm::{EntityFormat, SeaOrmOptions, render_entities};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/sea-orm")
}

/// Drop the `//!` header and print through prettyplease.
fn normalise(text: &str, file: &str) -> String {
    let body: String = text.lines().skip_while(|l| l.starts_with("//!") || l.is_empty()).collect::<Vec<_>>().join("\n");
    let parsed: syn::File = syn::parse_file(&body).unwrap_or_else(|e| panic!("{file} does not parse: {e}"));
    prettyplease::unparse(&parsed)
}

/// The shared corpus of public schemas: `../shared/corpus` from the repository root, or
/// `$CODEGEN_CORPUS`.
fn corpus_dir() -> PathBuf {
    std::env::var_os("CODEGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

/// A fixture's schema script: its `schema.sql`, or the corpus script its `corpus` file names, as
/// regenerate.sh loads it (without the lines that drop, create and select a database of the
/// script's own: the SQL reader cannot read `CREATE DATABASE`, `\c` or `USE` yet). `None` when
/// the corpus is missing outside CI.
fn schema_text(name: &str, dir: &Path) -> Option<(PathBuf, String)> {
    let path = if name == "experiments_pg" {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/experiments/schema.sql")
    } else if let Ok(source) = std::fs::read_to_string(dir.join("corpus")) {
        let path = corpus_dir().join(source.lines().next().unwrap_or_default().trim());
        if !path.is_file() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "fixture {name}: {} is missing under CI=true (set CODEGEN_CORPUS)",
                path.display()
            );
            eprintln!("note: fixture {name} skipped: no {} (set CODEGEN_CORPUS)", path.display());
            return None;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let selects_database = |line: &str| {
            let upper = line.trim_start().to_ascii_uppercase();
            ["DROP DATABASE", "CREATE DATABASE", "USE ", "\\C "].iter().any(|p| upper.starts_with(p))
        };
        let kept: Vec<&str> = text.lines().filter(|l| !selects_database(l)).collect();
        return Some((path, kept.join("\n")));
    } else {
        dir.join("schema.sql")
    };
    let text = std::fs::read_to_string(&path).unwrap();
    Some((path, text))
}

/// Our files for a fixture, read the way a user would point codegen at the same database; `None`
/// when its corpus schema is missing (outside CI).
fn generate(name: &str, dir: &Path, format: EntityFormat) -> Option<BTreeMap<String, String>> {
    let (path, sql) = schema_text(name, dir)?;
    let read_ddl = |dialect| read_sql_str(&sql, &path, dialect).expect("fixture schema reads").schema;
    let (schema, dialect) = if name.ends_with("_my") {
        // MySQL DDL read from the file: what codegen writes from the same statements sea-orm-cli
        // read back from MariaDB (differences.txt lists where the server's catalog says more).
        (read_ddl(Dialect::Mysql), Dialect::Mysql)
    } else if name.ends_with("_pg") {
        (read_ddl(Dialect::Postgres), Dialect::Postgres)
    } else {
        // SQLite: the database file, as sea-orm-cli reads it.
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("fixture.db");
        rusqlite::Connection::open(&db).unwrap().execute_batch(&sql).unwrap();
        (codegen_db::read_sqlite_file(&db).expect("fixture database reads").schema, Dialect::Sqlite)
    };
    let options = SeaOrmOptions { dialect: Some(dialect), format, ..Default::default() };
    let generated = render_entities(&schema, &options).unwrap_or_else(|d| panic!("{name}: {d}"));
    Some(generated.files.into_iter().map(|f| (f.path.display().to_string(), f.contents)).collect())
}

/// `file: -line` / `file: +line` for every line that differs.
fn differences(ours: &BTreeMap<String, String>, theirs: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    let names: std::collections::BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    for name in names {
        let a = theirs.get(name).map(|t| normalise(t, name)).unwrap_or_default();
        let b = ours.get(name).map(|t| normalise(t, name)).unwrap_or_default();
        let diff = similar::TextDiff::from_lines(&a, &b);
        for change in diff.iter_all_changes() {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => continue,
            };
            out.push(format!("{name}: {sign}{}", change.value().trim_end()));
        }
    }
    out
}

/// Compare every fixture's `expected_dir` with our output in `format`; `differences_file` lists
/// the deliberate differences.
fn check_fixtures(expected_dir: &str, differences_file: &str, format: EntityFormat) {
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let dir = entry.unwrap().path();
        let expected = dir.join(expected_dir);
        if !expected.is_dir() {
            continue;
        }
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let theirs: BTreeMap<String, String> = std::fs::read_dir(&expected)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                (path.file_name().unwrap().to_str().unwrap().to_string(), std::fs::read_to_string(&path).unwrap())
            })
            .collect();
        let Some(ours) = generate(&name, &dir, format) else { continue };
        let found = differences(&ours, &theirs);
        let listed = std::fs::read_to_string(dir.join(differences_file)).unwrap_or_default();
        let allowed: Vec<String> =
            listed.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(str::to_string).collect();
        if found != allowed && std::env::var_os("UPDATE_EXPECT").is_some() {
            // Keep the file's explanations (its `#` lines), replace the list.
            let mut text: String = listed.lines().filter(|l| l.starts_with('#')).map(|l| format!("{l}\n")).collect();
            text.extend(found.iter().map(|l| format!("{l}\n")));
            std::fs::write(dir.join(differences_file), text).unwrap();
        } else if found != allowed {
            failures.push(format!(
                "fixture {name}: {differences_file} says\n{}\nbut the differences are\n{}",
                allowed.join("\n"),
                found.join("\n")
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked >= 6, "expected at least 6 fixtures with sea-orm-cli output, found {checked}");
}

#[test]
fn compact_output_matches_sea_orm_cli_on_every_fixture() {
    check_fixtures("expected", "differences.txt", EntityFormat::Compact);
}

#[test]
fn expanded_output_matches_sea_orm_cli_on_every_fixture() {
    check_fixtures("expected-expanded", "differences-expanded.txt", EntityFormat::Expanded);
}

#[test]
fn dense_output_matches_sea_orm_cli_on_every_fixture() {
    check_fixtures("expected-dense", "differences-dense.txt", EntityFormat::Dense);
}

#[test]
fn frontend_output_matches_sea_orm_cli_on_every_fixture() {
    check_fixtures("expected-frontend", "differences-frontend.txt", EntityFormat::Frontend);
}

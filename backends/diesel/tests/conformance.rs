//! Conformance with `diesel print-schema`: each fixture under tests/fixtures/diesel holds a schema
//! (its own schema.sql, or a corpus.txt naming one of `../shared/corpus`), and what the real
//! diesel_cli 2.3.14 printed for a database created from it, one file per run listed in its
//! runs.txt (see regenerate.sh there). Our schema.rs, rendered with the options those flags
//! stand for, must be the same text but for the header line and our `// codegen:` notes, and but
//! for the deliberate differences a fixture lists in `<expected file>.differences.txt`.
//!
//! Every fixture is read the ways a user reads it: SQLite from the database file and from its
//! DDL; PostgreSQL and MySQL from the DDL and from the live database (a server from
//! `.ci/servers.sh`: skipped locally without one, a failure under `CI=true`).

mod common;
#[path = "../../../tests/integration/servers.rs"]
mod servers;

use std::path::{Path, PathBuf};

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Backend, Dialect, Schema};
use codegen_diesel::{ColumnSorting, DieselBackend, DieselOptions, DocComments};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/diesel")
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// `../shared/corpus` from the repository root, or from a folder above it (a git worktree).
fn corpus_dir() -> Option<PathBuf> {
    let repo = repo().canonicalize().ok()?;
    repo.ancestors().skip(1).map(|d| d.join("shared/corpus")).find(|d| d.is_dir())
}

/// One fixture folder.
struct Fixture {
    name: String,
    dir: PathBuf,
    dialect: Dialect,
    /// The DDL script, as given to the engine.
    sql: String,
    sql_path: PathBuf,
    /// The database the script creates and switches to for itself (`CREATE DATABASE`, `\c`,
    /// `USE`).
    own_database: Option<String>,
}

impl Fixture {
    /// The script for a fresh database of the test's: a script that makes a database of its own
    /// loses the lines that drop, create and switch to it, and the `` `db`. `` qualifiers that
    /// name it, so that tests beside it on the same server never share a database.
    fn script_for_a_fresh_database(&self) -> String {
        let Some(db) = &self.own_database else { return self.sql.clone() };
        let names_db = |l: &str| {
            let l = l.to_ascii_lowercase().replace(['`', '"', ';'], " ");
            l.split_whitespace().any(|w| w == db.to_ascii_lowercase())
        };
        self.sql
            .lines()
            .filter(|line| {
                let l = line.trim_start().to_ascii_uppercase();
                let switches = l.starts_with("USE ") || l.starts_with("\\C ");
                let makes = ["DROP DATABASE", "CREATE DATABASE", "DROP SCHEMA", "CREATE SCHEMA"]
                    .iter()
                    .any(|p| l.starts_with(p));
                !((switches || makes) && names_db(line))
            })
            .map(|line| without_qualifier(&line.replace(&format!("`{db}`."), ""), db))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// `line` without the database qualifier `db.` written bare (`FROM sakila.film`).
fn without_qualifier(line: &str, db: &str) -> String {
    let qualifier = format!("{db}.");
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find(&qualifier) {
        let starts_word = rest[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        out.push_str(&rest[..at]);
        if !starts_word {
            out.push_str(&qualifier);
        }
        rest = &rest[at + qualifier.len()..];
    }
    out.push_str(rest);
    out
}

/// One run of print-schema: the file it printed and the flags it was given.
struct Run {
    expected: String,
    flags: Vec<String>,
}

fn load_fixtures(dialect: Dialect) -> Vec<Fixture> {
    let prefix = match dialect {
        Dialect::Sqlite => "sqlite_",
        Dialect::Postgres => "pg_",
        Dialect::Mysql => "mysql_",
    };
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let dir = fixtures().join(&name);
        let (sql_path, own_database) = match std::fs::read_to_string(dir.join("corpus.txt")) {
            Err(_) => (dir.join("schema.sql"), None),
            Ok(text) => {
                let line = text.lines().find(|l| !l.starts_with('#') && !l.trim().is_empty()).expect("corpus.txt");
                let mut words = line.split_whitespace();
                let path = words.next().unwrap().strip_prefix("../shared/corpus/").expect("a ../shared/corpus path");
                let Some(corpus) = corpus_dir() else {
                    assert!(!in_ci(), "CI needs the corpus at ../shared/corpus for fixture {name}");
                    eprintln!("note: skipping fixture {name}: no ../shared/corpus above the repository");
                    continue;
                };
                (corpus.join(path), words.next().map(str::to_string))
            }
        };
        let sql = std::fs::read_to_string(&sql_path).unwrap_or_else(|e| panic!("{}: {e}", sql_path.display()));
        out.push(Fixture { name, dir, dialect, sql, sql_path, own_database });
    }
    out
}

fn runs(fixture: &Fixture) -> Vec<Run> {
    let text = std::fs::read_to_string(fixture.dir.join("runs.txt")).unwrap();
    text.lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut words = l.split_whitespace().map(str::to_string);
            Run { expected: words.next().unwrap(), flags: words.collect() }
        })
        .collect()
}

/// The options print-schema's flags stand for, and the file of ours to compare.
fn options_for(flags: &[String], dialect: Dialect) -> (DieselOptions, String) {
    let mut options = DieselOptions::for_dialect(dialect);
    let mut file = options.schema_file.clone();
    let mut words = flags.iter();
    while let Some(flag) = words.next() {
        let mut value = || words.next().unwrap_or_else(|| panic!("{flag} needs a value")).clone();
        match flag.as_str() {
            "--sqlite-integer-primary-key-is-bigint" => options.sqlite_integer_primary_key_is_bigint = true,
            "--with-docs" => options.with_docs = DocComments::WithFallback,
            "--with-docs-config" => {
                options.with_docs = match value().as_str() {
                    "only-database-comments" => DocComments::DatabaseOnly,
                    "no-doc-comments" => DocComments::None,
                    _ => DocComments::WithFallback,
                }
            }
            "--except-tables" => options.except_tables.push(value()),
            "--only-tables" => options.only_tables.push(value()),
            "--column-sorting" => {
                options.column_sorting =
                    if value() == "name" { ColumnSorting::Name } else { ColumnSorting::OrdinalPosition }
            }
            "--import-types" => options.import_types.get_or_insert_with(Vec::new).push(value()),
            "--custom-type-derives" => options.custom_type_derives.get_or_insert_with(Vec::new).push(value()),
            "--schema" => {
                let schema = value();
                file = format!("{schema}.rs");
                options.schema_files.insert(schema, file.clone());
            }
            other => panic!("runs.txt: flag {other} has no codegen option in this test"),
        }
    }
    (options, file)
}

/// How the model was read.
#[derive(Clone, Copy, Debug)]
enum Source {
    Ddl,
    Database,
}

impl Source {
    fn key(self) -> &'static str {
        match self {
            Source::Ddl => "ddl",
            Source::Database => "database",
        }
    }
}

/// A reader that cannot read a fixture yet (tests/fixtures/diesel/reader_gaps.txt, a line per
/// `fixture source: what is wrong`): its failure is a note, not a test failure, until the reader
/// is fixed; a listed fixture that reads is compared like any other.
fn reader_gap(fixture: &Fixture, source: Source) -> Option<String> {
    let text = std::fs::read_to_string(fixtures().join("reader_gaps.txt")).unwrap();
    let key = format!("{} {}:", fixture.name, source.key());
    text.lines().find_map(|l| l.strip_prefix(&key)).map(|why| why.trim().to_string())
}

/// Reading `fixture` failed with `error`: a failure, unless reader_gaps.txt lists it.
fn read_failed(fixture: &Fixture, source: Source, error: &str, failures: &mut Vec<String>) {
    match reader_gap(fixture, source) {
        Some(why) => eprintln!("note: {} from the {source:?} does not read yet: {why}", fixture.name),
        None => failures.push(format!("{}: reading the {source:?} failed: {error}", fixture.name)),
    }
}

fn read_ddl(fixture: &Fixture) -> Result<Schema, String> {
    read_sql_str(&fixture.sql, &fixture.sql_path, fixture.dialect).map(|l| l.schema).map_err(|e| e.to_string())
}

/// The fixture's SQL executed into a SQLite file, read back through its catalog.
fn read_sqlite_db(fixture: &Fixture, db: &Path) -> Result<Schema, String> {
    rusqlite::Connection::open(db).unwrap().execute_batch(&fixture.sql).map_err(|e| e.to_string())?;
    codegen_db::read_sqlite_file(db).map(|l| l.schema).map_err(|e| e.to_string())
}

/// Drop the header line, our notes, the lines we add beyond print-schema (each announced by a
/// `// codegen: +` note on the line before), and the blank lines our notes leave doubled.
fn comparable(text: &str) -> String {
    let mut out = String::new();
    let mut skip_next = false;
    for line in text.lines().skip(1) {
        let note = line.trim_start().strip_prefix("// codegen:");
        if std::mem::take(&mut skip_next) || note.is_some() || (line.is_empty() && out.ends_with("\n\n")) {
            skip_next = note.is_some_and(|n| n.starts_with(" +"));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `-line` (print-schema's) and `+line` (ours) for every line that differs, in diff order.
fn differences(expected: &str, ours: &str) -> Vec<String> {
    similar::TextDiff::from_lines(expected, ours)
        .iter_all_changes()
        .filter_map(|change| match change.tag() {
            similar::ChangeTag::Delete => Some(format!("-{}", change.value().trim_end())),
            similar::ChangeTag::Insert => Some(format!("+{}", change.value().trim_end())),
            similar::ChangeTag::Equal => None,
        })
        .collect()
}

/// The deliberate differences a fixture lists for one expected file: `-`/`+` lines, `#` comments.
fn listed_differences(fixture: &Fixture, expected: &str) -> Vec<String> {
    let path = fixture.dir.join(format!("{expected}.differences.txt"));
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Render every run of `fixture` from `schema` and compare; push a message per mismatch.
fn check(fixture: &Fixture, schema: &Schema, source: Source, failures: &mut Vec<String>) {
    for run in runs(fixture) {
        let (mut options, file) = options_for(&run.flags, fixture.dialect);
        // print-schema prints one namespace per run (the default one without `--schema`); ours
        // go to files of their own.
        for ns in schema.tables.iter().filter_map(|t| t.name.schema.clone()).filter(|s| s != "public") {
            options.schema_files.entry(ns.clone()).or_insert_with(|| format!("{ns}.rs"));
        }
        let generated = match DieselBackend.generate(schema, &options) {
            Ok(generated) => generated,
            Err(d) => {
                failures.push(format!("{}/{} from the {source:?}: codegen failed: {d}", fixture.name, run.expected));
                continue;
            }
        };
        let ours = &generated.files.iter().find(|f| f.path == Path::new(&file)).expect("file generated").contents;
        let expected = std::fs::read_to_string(fixture.dir.join(&run.expected)).unwrap();
        let found = differences(&comparable(&expected), &comparable(ours));
        let listed = listed_differences(fixture, &run.expected);
        if found != listed {
            failures.push(format!(
                "{}/{} from the {source:?}: {}.differences.txt lists\n{}\nbut the differences (- print-schema, + ours) are\n{}",
                fixture.name,
                run.expected,
                run.expected,
                listed.join("\n"),
                found.join("\n")
            ));
        }
    }
}

fn finish(failures: Vec<String>, checked: usize, at_least: usize) {
    assert!(failures.is_empty(), "{} failure(s):\n\n{}", failures.len(), failures.join("\n\n"));
    assert!(checked >= at_least, "checked {checked} fixtures, expected at least {at_least}");
}

#[test]
fn sqlite_fixtures_from_the_database_file() {
    let mut failures = Vec::new();
    let fixtures = load_fixtures(Dialect::Sqlite);
    for fixture in &fixtures {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fixture.db");
        match read_sqlite_db(fixture, &db) {
            Ok(mut schema) => {
                common::sqlite_reader_workarounds(&mut schema, &db);
                check(fixture, &schema, Source::Database, &mut failures);
            }
            Err(e) => read_failed(fixture, Source::Database, &e, &mut failures),
        }
    }
    finish(failures, fixtures.len(), 3);
}

#[test]
fn sqlite_fixtures_from_the_ddl() {
    let mut failures = Vec::new();
    let fixtures = load_fixtures(Dialect::Sqlite);
    for fixture in &fixtures {
        match read_ddl(fixture) {
            Ok(mut schema) => {
                let dir = tempfile::tempdir().unwrap();
                let db = dir.path().join("fixture.db");
                rusqlite::Connection::open(&db).unwrap().execute_batch(&fixture.sql).unwrap();
                common::sqlite_reader_workarounds(&mut schema, &db);
                check(fixture, &schema, Source::Ddl, &mut failures);
            }
            Err(e) => read_failed(fixture, Source::Ddl, &e, &mut failures),
        }
    }
    finish(failures, fixtures.len(), 3);
}

#[test]
fn postgres_fixtures_from_the_ddl() {
    let mut failures = Vec::new();
    let fixtures = load_fixtures(Dialect::Postgres);
    for fixture in &fixtures {
        match read_ddl(fixture) {
            Ok(schema) => check(fixture, &schema, Source::Ddl, &mut failures),
            Err(e) => read_failed(fixture, Source::Ddl, &e, &mut failures),
        }
    }
    finish(failures, fixtures.len(), 3);
}

#[test]
fn mysql_fixtures_from_the_ddl() {
    let mut failures = Vec::new();
    let fixtures = load_fixtures(Dialect::Mysql);
    for fixture in &fixtures {
        match read_ddl(fixture) {
            Ok(mut schema) => {
                common::mysql_reader_workarounds(&mut schema, fixture.own_database.as_deref());
                check(fixture, &schema, Source::Ddl, &mut failures)
            }
            Err(e) => read_failed(fixture, Source::Ddl, &e, &mut failures),
        }
    }
    finish(failures, fixtures.len(), 2);
}

#[test]
fn postgres_fixtures_from_the_database() {
    let Some(server) = servers::postgres() else { return };
    let mut failures = Vec::new();
    let fixtures = load_fixtures(Dialect::Postgres);
    for fixture in &fixtures {
        let db = server.fresh_database(&fixture.name);
        if let Err(e) = db.execute(&fixture.script_for_a_fresh_database()) {
            failures.push(format!("{}: the server refused the DDL: {e}", fixture.name));
            continue;
        }
        match codegen_db::read_postgres(&db.url(), &[]) {
            Ok(loaded) => check(fixture, &loaded.schema, Source::Database, &mut failures),
            Err(e) => read_failed(fixture, Source::Database, &e.to_string(), &mut failures),
        }
    }
    finish(failures, fixtures.len(), 3);
}

#[test]
fn mysql_fixtures_from_the_database() {
    let Some(server) = servers::mysql() else { return };
    let mut failures = Vec::new();
    let fixtures = load_fixtures(Dialect::Mysql);
    for fixture in &fixtures {
        let db = server.fresh_database(&fixture.name);
        if let Err(e) = db.execute(&fixture.script_for_a_fresh_database()) {
            failures.push(format!("{}: the server refused the DDL: {e}", fixture.name));
            continue;
        }
        match codegen_db::read_mysql(&db.url()) {
            Ok(mut loaded) => {
                common::mysql_reader_workarounds(&mut loaded.schema, None);
                check(fixture, &loaded.schema, Source::Database, &mut failures)
            }
            Err(e) => read_failed(fixture, Source::Database, &e.to_string(), &mut failures),
        }
    }
    finish(failures, fixtures.len(), 2);
}

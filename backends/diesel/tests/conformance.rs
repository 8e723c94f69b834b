//! Conformance with `diesel print-schema`: each fixture under tests/fixtures/diesel holds a
//! schema, and the output the real diesel_cli 2.3 printed for it (see the README there). Our
//! schema.rs must be the same text but for the header line and our `// codegen:` notes.

use std::path::{Path, PathBuf};

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Backend, Dialect, Schema};
use codegen_diesel::{DieselBackend, DieselOptions, DocComments};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/diesel").join(name)
}

fn read_fixture_sql(name: &str, dialect: Dialect) -> Schema {
    let path = fixture(name).join("schema.sql");
    let text = std::fs::read_to_string(&path).unwrap();
    read_sql_str(&text, &path, dialect).unwrap_or_else(|e| panic!("{}: {e}", path.display())).schema
}

/// The fixture's SQL executed into a SQLite file, read back through its catalog, as
/// print-schema saw it.
fn read_fixture_db(name: &str) -> Schema {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fixture.db");
    let text = std::fs::read_to_string(fixture(name).join("schema.sql")).unwrap();
    rusqlite::Connection::open(&db).unwrap().execute_batch(&text).unwrap();
    codegen_db::read_sqlite_file(&db).unwrap().schema
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

fn generate(schema: &Schema, options: &DieselOptions, file: &str) -> String {
    let generated = DieselBackend.generate(schema, options).unwrap_or_else(|d| panic!("{d}"));
    let file = generated.files.iter().find(|f| f.path == Path::new(file)).expect("file generated");
    file.contents.clone()
}

fn assert_conforms(name: &str, expected_file: &str, ours: &str) {
    let expected = std::fs::read_to_string(fixture(name).join(expected_file)).unwrap();
    let (expected, ours) = (comparable(&expected), comparable(ours));
    if expected != ours {
        let diff = similar_diff(&expected, &ours);
        panic!("{name}/{expected_file} differs from print-schema (- print-schema, + ours):\n{diff}");
    }
}

fn similar_diff(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut out = String::new();
    for i in 0..a.len().max(b.len()) {
        match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                out.push_str(&format!("line {}:\n- {}\n+ {}\n", i + 2, x.unwrap_or(&""), y.unwrap_or(&"")));
            }
        }
    }
    out
}

fn sqlite() -> DieselOptions {
    DieselOptions::for_dialect(Dialect::Sqlite)
}

fn postgres() -> DieselOptions {
    DieselOptions::for_dialect(Dialect::Postgres)
}

#[test]
fn sqlite_affinities_from_the_database_file() {
    let schema = read_fixture_db("sqlite_affinities");
    assert_conforms("sqlite_affinities", "expected.rs", &generate(&schema, &sqlite(), "schema.rs"));
}

#[test]
fn sqlite_affinities_from_the_ddl() {
    let schema = read_fixture_sql("sqlite_affinities", Dialect::Sqlite);
    assert_conforms("sqlite_affinities", "expected.rs", &generate(&schema, &sqlite(), "schema.rs"));
}

#[test]
fn sqlite_keys_names_and_relations_from_the_database_file() {
    let schema = read_fixture_db("sqlite_relations");
    assert_conforms("sqlite_relations", "expected.rs", &generate(&schema, &sqlite(), "schema.rs"));
}

#[test]
fn sqlite_keys_names_and_relations_from_the_ddl() {
    let schema = read_fixture_sql("sqlite_relations", Dialect::Sqlite);
    assert_conforms("sqlite_relations", "expected.rs", &generate(&schema, &sqlite(), "schema.rs"));
}

#[test]
fn sqlite_integer_primary_key_as_bigint() {
    let schema = read_fixture_db("sqlite_relations");
    let options = DieselOptions { sqlite_integer_primary_key_is_bigint: true, ..sqlite() };
    assert_conforms("sqlite_relations", "expected_bigint.rs", &generate(&schema, &options, "schema.rs"));
}

#[test]
fn postgres_types_arrays_enums_and_reserved_words() {
    let schema = read_fixture_sql("pg_types", Dialect::Postgres);
    assert_conforms("pg_types", "expected.rs", &generate(&schema, &postgres(), "schema.rs"));
}

#[test]
fn postgres_doc_comments_with_fallback() {
    let schema = read_fixture_sql("pg_types", Dialect::Postgres);
    let options = DieselOptions { with_docs: DocComments::WithFallback, ..postgres() };
    assert_conforms("pg_types", "expected_with_docs.rs", &generate(&schema, &options, "schema.rs"));
}

#[test]
fn postgres_only_database_comments() {
    let schema = read_fixture_sql("pg_types", Dialect::Postgres);
    let options = DieselOptions { with_docs: DocComments::DatabaseOnly, ..postgres() };
    assert_conforms("pg_types", "expected_database_docs.rs", &generate(&schema, &options, "schema.rs"));
}

#[test]
fn postgres_filters_sorting_and_import_types() {
    let schema = read_fixture_sql("pg_types", Dialect::Postgres);
    let options = DieselOptions {
        except_tables: vec!["^sess".into()],
        column_sorting: codegen_diesel::ColumnSorting::Name,
        import_types: Some(vec!["diesel::sql_types::*".into(), "diesel::pg::sql_types::*".into()]),
        custom_type_derives: Some(vec!["diesel::query_builder::QueryId".into(), "Clone".into()]),
        ..postgres()
    };
    assert_conforms("pg_types", "expected_options.rs", &generate(&schema, &options, "schema.rs"));
}

#[test]
fn postgres_default_schema_and_a_second_schema_in_its_own_file() {
    let schema = read_fixture_sql("pg_schemas", Dialect::Postgres);
    let options = DieselOptions { schema_files: [("audit".into(), "audit.rs".into())].into(), ..postgres() };
    assert_conforms("pg_schemas", "expected.rs", &generate(&schema, &options, "schema.rs"));
    assert_conforms("pg_schemas", "expected_audit.rs", &generate(&schema, &options, "audit.rs"));
}

#[test]
fn postgres_bundled_example() {
    let schema = read_fixture_sql("pg_example", Dialect::Postgres);
    assert_conforms("pg_example", "expected.rs", &generate(&schema, &postgres(), "schema.rs"));
}

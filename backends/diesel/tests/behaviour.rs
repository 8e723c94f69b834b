//! Where print-schema fails its users, and bad input: what the backend does instead.

use std::path::Path;

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Backend, Dialect, Generated, Schema, Severity};
use codegen_diesel::{DieselBackend, DieselOptions};

fn read(sql: &str, dialect: Dialect) -> Schema {
    read_sql_str(sql, Path::new("schema.sql"), dialect).unwrap_or_else(|e| panic!("{e}")).schema
}

fn generate(sql: &str, options: DieselOptions) -> Generated {
    let schema = read(sql, options.dialect);
    DieselBackend.generate(&schema, &options).unwrap_or_else(|d| panic!("{d}"))
}

fn file<'g>(generated: &'g Generated, name: &str) -> &'g str {
    &generated.files.iter().find(|f| f.path == Path::new(name)).expect("file generated").contents
}

fn pg() -> DieselOptions {
    DieselOptions::for_dialect(Dialect::Postgres)
}

#[test]
fn a_table_without_primary_key_is_left_out_with_a_warning_naming_the_fix() {
    let generated = generate("CREATE TABLE events (at TIMESTAMPTZ NOT NULL, payload TEXT);", pg());
    assert!(!file(&generated, "schema.rs").contains("events"));
    let warning = generated.diagnostics.iter().find(|d| d.severity == Severity::Warning).expect("a warning");
    assert!(warning.message.contains("`events` has no primary key"), "{warning}");
    assert!(warning.help.as_deref().unwrap().contains("primary_keys"), "{warning}");
    assert_eq!(warning.location.as_ref().map(|l| l.line), Some(1));
}

#[test]
fn a_configured_key_or_a_unique_not_null_key_stands_in_for_a_missing_primary_key() {
    let sql = "CREATE TABLE events (at TIMESTAMPTZ NOT NULL, seq INT NOT NULL, payload TEXT, UNIQUE (seq));";
    let configured =
        generate(sql, DieselOptions { primary_keys: [("events".into(), vec!["at".into()])].into(), ..pg() });
    assert!(file(&configured, "schema.rs").contains("events (at) {"));
    let from_unique = generate(sql, pg());
    assert!(file(&from_unique, "schema.rs").contains("events (seq) {"));
}

#[test]
fn several_foreign_keys_to_one_table_keep_one_association_and_explain_the_rest() {
    let sql = "CREATE TABLE users (id BIGINT PRIMARY KEY);
               CREATE TABLE messages (id BIGINT PRIMARY KEY,
                   sender_id BIGINT NOT NULL REFERENCES users (id),
                   recipient_id BIGINT NOT NULL REFERENCES users (id));";
    let generated = generate(sql, DieselOptions { models: true, ..pg() });
    let schema = file(&generated, "schema.rs");
    assert!(!schema.contains("diesel::joinable!"), "print-schema's rule: ambiguous pairs get none");
    assert!(schema.contains("// codegen: no joinable!(messages -> users (recipient_id))"), "{schema}");
    let models = file(&generated, "models.rs");
    assert!(models.contains("belongs_to(User, foreign_key = sender_id)"), "{models}");
    assert!(!models.contains("foreign_key = recipient_id"));
    assert!(models.contains("Foreign key (recipient_id) -> `users` is not an association"));
}

#[test]
fn of_several_foreign_keys_the_one_named_after_the_parent_keeps_its_joinable() {
    let sql = "CREATE TABLE accounts (id BIGINT PRIMARY KEY);
               CREATE TABLE account_links (id BIGINT PRIMARY KEY,
                   linked_id BIGINT NOT NULL REFERENCES accounts (id),
                   account_id BIGINT NOT NULL REFERENCES accounts (id));";
    let generated = generate(sql, DieselOptions { models: true, ..pg() });
    let schema = file(&generated, "schema.rs");
    assert!(schema.contains("// codegen: + print-schema leaves this out"), "{schema}");
    assert!(schema.contains("diesel::joinable!(account_links -> accounts (account_id));"), "{schema}");
    assert!(schema.contains("// codegen: no joinable!(account_links -> accounts (linked_id))"), "{schema}");
    assert!(file(&generated, "models.rs").contains("belongs_to(Account, foreign_key = account_id)"));
}

#[test]
fn composite_foreign_keys_are_explained_not_dropped_silently() {
    let sql = "CREATE TABLE a (x INT, y INT, PRIMARY KEY (x, y));
               CREATE TABLE b (id INT PRIMARY KEY, x INT, y INT, FOREIGN KEY (x, y) REFERENCES a (x, y));";
    let generated = generate(sql, pg());
    assert!(
        file(&generated, "schema.rs")
            .contains("// codegen: no joinable!(b -> a (x, y)): a composite foreign key; join with `.on(..)`.")
    );
}

#[test]
fn names_that_are_not_rust_identifiers_get_sql_name_attributes() {
    let sql =
        r#"CREATE TABLE "user data" (id INT PRIMARY KEY, "type" TEXT, "1st" TEXT, "a b" TEXT, a_b TEXT, "self" TEXT);"#;
    let generated = generate(sql, DieselOptions { models: true, ..pg() });
    let schema = file(&generated, "schema.rs");
    for expected in [
        "#[sql_name = \"user data\"]\n    user_data (id) {",
        "#[sql_name = \"type\"]\n        type_ -> Nullable<Text>,",
        "#[sql_name = \"1st\"]\n        _1st -> Nullable<Text>,",
        "#[sql_name = \"a b\"]\n        a_b -> Nullable<Text>,",
        // print-schema would print `a_b` twice, which does not compile.
        "a_b2 -> Nullable<Text>,",
        "#[sql_name = \"self\"]\n        self_ -> Nullable<Text>,",
    ] {
        assert!(schema.contains(expected), "missing {expected:?} in\n{schema}");
    }
    let models = file(&generated, "models.rs");
    syn::parse_file(models).expect("the models parse as Rust");
    assert!(models.contains("pub struct UserDatum") || models.contains("pub struct UserData"), "{models}");
}

#[test]
fn wide_tables_name_the_diesel_feature_to_enable() {
    let columns: Vec<String> = (0..40).map(|i| format!("c{i} INT")).collect();
    let sql = format!("CREATE TABLE wide (id INT PRIMARY KEY, {});", columns.join(", "));
    let generated = generate(&sql, pg());
    assert!(
        generated.diagnostics.iter().any(|d| d.message.contains("`64-column-tables`")),
        "{:?}",
        generated.diagnostics
    );
}

#[test]
fn an_invalid_table_regex_is_an_error_naming_the_option() {
    let schema = read("CREATE TABLE t (id INT PRIMARY KEY);", Dialect::Postgres);
    let err = DieselBackend.generate(&schema, &DieselOptions { only_tables: vec!["(".into()], ..pg() }).unwrap_err();
    assert!(err.to_string().contains("only_tables"), "{err}");
}

#[test]
fn a_column_diesel_cannot_read_is_left_out_with_a_warning_at_its_line() {
    // print-schema stops at such a column (SQLite) or declares a type that does not compile
    // (MySQL `GEOMETRY`); the rest of the table stays usable.
    let schema = read("CREATE TABLE t (\n  id INT PRIMARY KEY,\n  shape geometry,\n  name TEXT\n);", Dialect::Postgres);
    for dialect in [Dialect::Sqlite, Dialect::Mysql] {
        let generated = DieselBackend.generate(&schema, &DieselOptions::for_dialect(dialect)).unwrap();
        let schema_rs = file(&generated, "schema.rs");
        assert!(schema_rs.contains("t (id) {") && schema_rs.contains("name -> Nullable<Text>,"), "{schema_rs}");
        assert!(!schema_rs.contains("shape"), "{schema_rs}");
        let d = generated.diagnostics.iter().find(|d| d.severity == Severity::Warning).expect("a warning");
        assert!(d.message.contains("t.shape") && d.message.contains("geometry"), "{d}");
        assert_eq!(d.location.as_ref().map(|l| l.line), Some(3), "{d}");
    }
    // A key column without a type leaves its table out, with a warning.
    let schema =
        read("CREATE TABLE k (shape geometry PRIMARY KEY);\nCREATE TABLE ok (id INT PRIMARY KEY);", Dialect::Postgres);
    let generated = DieselBackend.generate(&schema, &DieselOptions::for_dialect(Dialect::Sqlite)).unwrap();
    assert!(!file(&generated, "schema.rs").contains(" k ("), "{}", file(&generated, "schema.rs"));
    assert!(generated.diagnostics.iter().any(|d| d.message.contains("table `k` is left out")));
}

#[test]
fn mysql_set_year_and_bit_columns_never_stop_the_run() {
    let sql = "CREATE TABLE t (id INT PRIMARY KEY, tags SET('a','bc') NOT NULL, since YEAR, flag BIT(1) NOT NULL, \
               m MEDIUMINT UNSIGNED, body LONGTEXT, h VARBINARY(16), d DATETIME, ts TIMESTAMP NULL);";
    let generated = generate(sql, DieselOptions::for_dialect(Dialect::Mysql));
    let schema_rs = file(&generated, "schema.rs");
    for line in [
        "#[diesel(mysql_type(name = \"Set\"))]",
        "pub struct TTagsSet;",
        "#[max_length = 4]",
        "tags -> TTagsSet,",
        "since -> Nullable<Unsigned<Smallint>>,",
        "flag -> Bit,",
        "m -> Nullable<Unsigned<Integer>>,",
        "body -> Nullable<Longtext>,",
        "#[max_length = 16]",
        "h -> Nullable<Varbinary>,",
        "d -> Nullable<Datetime>,",
        "ts -> Nullable<Timestamp>,",
    ] {
        assert!(schema_rs.contains(line), "no `{line}` in\n{schema_rs}");
    }
}

#[test]
fn a_sqlite_integer_primary_key_is_nullable_as_print_schema_reads_it_unless_asked() {
    // The model keeps the key as declared: SQLite's catalog says `notnull = 0` for it.
    let mut schema = read(
        "CREATE TABLE artists (id INTEGER PRIMARY KEY, name TEXT);\n\
         CREATE TABLE albums (id INT PRIMARY KEY, artist_id INTEGER NOT NULL REFERENCES artists (id));",
        Dialect::Sqlite,
    );
    for table in &mut schema.tables {
        let key = table.primary_key.clone().unwrap().columns;
        table.columns.iter_mut().filter(|c| key.contains(&c.name)).for_each(|c| c.nullable = true);
    }
    let sqlite = DieselOptions { models: true, ..DieselOptions::for_dialect(Dialect::Sqlite) };
    let parity = DieselBackend.generate(&schema, &sqlite).unwrap();
    let schema_rs = file(&parity, "schema.rs");
    assert!(schema_rs.contains("artists (id) {\n        id -> Nullable<Integer>,"), "{schema_rs}");
    // The parent's key is `Option<i32>` and the child's column `i32`: no `belongs_to`, a note.
    let models = file(&parity, "models.rs");
    assert!(!models.contains("belongs_to(Artist"), "{models}");
    assert!(models.contains("the parent's key is `Nullable`"), "{models}");
    // Diesel's `find` does not take a nullable key: a note says so, with the way out.
    let notes: Vec<String> = parity.diagnostics.iter().map(|d| format!("{d}")).collect();
    assert!(
        notes.iter().any(|n| n.contains("`artists`") && n.contains("sqlite_integer_primary_key_not_null")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("`albums`") && n.contains("NOT NULL")), "{notes:?}");

    let strict = DieselOptions { sqlite_integer_primary_key_not_null: true, ..sqlite };
    let strict = DieselBackend.generate(&schema, &strict).unwrap();
    let schema_rs = file(&strict, "schema.rs");
    assert!(schema_rs.contains("artists (id) {\n        id -> Integer,"), "{schema_rs}");
    // `INT PRIMARY KEY` is no rowid alias: it can hold NULL and stays nullable.
    assert!(schema_rs.contains("albums (id) {\n        id -> Nullable<Integer>,"), "{schema_rs}");
    assert!(file(&strict, "models.rs").contains("belongs_to(Artist, foreign_key = artist_id)"));
    assert!(!strict.diagnostics.iter().any(|d| d.message.contains("`artists`")));
}

#[test]
fn arrays_on_sqlite_are_json_text_with_a_warning_as_the_sql_backend_writes_them() {
    let schema = read("CREATE TABLE t (id INT PRIMARY KEY, tags TEXT[] NOT NULL);", Dialect::Postgres);
    let generated = DieselBackend.generate(&schema, &DieselOptions::for_dialect(Dialect::Sqlite)).unwrap();
    assert!(file(&generated, "schema.rs").contains("tags -> Text,"));
    assert!(generated.diagnostics.iter().any(|d| d.severity == Severity::Warning && d.message.contains("t.tags")));
}

#[test]
fn only_and_except_filter_tables_by_regex() {
    let sql = "CREATE TABLE users (id INT PRIMARY KEY); CREATE TABLE user_logs (id INT PRIMARY KEY);
               CREATE TABLE posts (id INT PRIMARY KEY);";
    let generated =
        generate(sql, DieselOptions { only_tables: vec!["^user".into()], except_tables: vec!["logs$".into()], ..pg() });
    let schema = file(&generated, "schema.rs");
    assert!(schema.contains("users (id)") && !schema.contains("user_logs") && !schema.contains("posts"), "{schema}");
}

#[test]
fn views_are_emitted_when_asked() {
    let sql = "CREATE TABLE users (id INT PRIMARY KEY, name TEXT NOT NULL);
               CREATE VIEW user_names AS SELECT id, name FROM users;";
    let without = generate(sql, pg());
    assert!(!file(&without, "schema.rs").contains("user_names"));
    let with = generate(sql, DieselOptions { views: true, ..pg() });
    assert!(file(&with, "schema.rs").contains("user_names (id) {"), "{}", file(&with, "schema.rs"));
}

#[test]
fn output_is_deterministic_and_models_are_a_separate_file() {
    let sql =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/experiments/schema.sql"))
            .unwrap();
    let a = generate(&sql, DieselOptions { models: true, ..pg() });
    let b = generate(&sql, DieselOptions { models: true, ..pg() });
    assert_eq!(a.files, b.files);
    let names: Vec<_> = a.files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(names, ["schema.rs", "models.rs"]);
    assert!(generate(&sql, pg()).files.len() == 1, "without models, one file as print-schema");
}

#[test]
fn options_read_from_codegen_toml_values() {
    let value = serde_json::json!({
        "only_tables": ["^a"], "with_docs": "only-database-comments", "column_sorting": "name",
        "models": true, "schema_file": "db/schema.rs"
    });
    let options = DieselOptions::from_json(&value, Dialect::Sqlite).unwrap();
    assert_eq!(options.dialect, Dialect::Sqlite);
    assert_eq!(options.with_docs, codegen_diesel::DocComments::DatabaseOnly);
    assert_eq!(options.schema_file, "db/schema.rs");
    let err = DieselOptions::from_json(&serde_json::json!({ "modles": true }), Dialect::Sqlite).unwrap_err();
    assert!(err.to_string().contains("modles"), "{err}");
}

//! Every rule has a fixture that triggers it and one that does not, under
//! `tests/fixtures/lint/<rule-id>/`: `triggers.sql` / `passes.sql` (a first line `-- dialect: mysql`
//! picks the dialect, PostgreSQL otherwise; `-- next migration` lines cut the file into successive
//! migrations, the last one being the one under review; a `-- lint: standalone` line lints the file
//! where it is, as a lone file), or `triggers/` / `passes/` migration folders for the rollback rules.

use std::path::{Path, PathBuf};

use super::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/lint")
}

fn dialect_of(text: &str) -> Dialect {
    text.lines()
        .next()
        .and_then(|l| l.trim().strip_prefix("-- dialect:"))
        .map(|d| d.trim().parse().expect("fixture dialect"))
        .unwrap_or(Dialect::Postgres)
}

/// Lint a fixture (file or folder) with every rule on; the rule ids found.
fn lint_fixture(path: &Path) -> (Vec<&'static str>, LintReport) {
    let lone = path.is_file() && std::fs::read_to_string(path).unwrap().contains("-- lint: standalone");
    let (target, dialect, _dir) = if lone {
        (path.to_path_buf(), dialect_of(&std::fs::read_to_string(path).unwrap()), None)
    } else if path.is_dir() {
        let first = std::fs::read_dir(path).unwrap().filter_map(Result::ok).map(|e| e.path()).find(|p| p.is_file());
        let dialect = first.map_or(Dialect::Postgres, |p| dialect_of(&std::fs::read_to_string(p).unwrap_or_default()));
        (path.to_path_buf(), dialect, None)
    } else {
        let text = std::fs::read_to_string(path).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let parts: Vec<&str> = text.split("\n-- next migration\n").collect();
        for (i, part) in parts.iter().enumerate() {
            std::fs::write(dir.path().join(format!("{:03}_step.sql", i + 1)), part).unwrap();
        }
        let last = dir.path().join(format!("{:03}_step.sql", parts.len()));
        (last, dialect_of(&text), Some(dir))
    };
    let options = LintOptions { preset: Preset::Strict, ..LintOptions::new(dialect) };
    let report = lint_path(&target, &options).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (report.findings.iter().map(|f| f.rule.as_str()).collect(), report)
}

fn fixture_path(rule: &str, kind: &str) -> PathBuf {
    let file = fixtures().join(rule).join(format!("{kind}.sql"));
    if file.is_file() { file } else { fixtures().join(rule).join(kind) }
}

#[test]
fn every_rule_has_fixtures_that_trigger_it_and_pass_it() {
    let mut problems = Vec::new();
    for rule in RULES {
        let triggers = fixture_path(rule.id.as_str(), "triggers");
        let passes = fixture_path(rule.id.as_str(), "passes");
        if !triggers.exists() || !passes.exists() {
            problems.push(format!("{}: missing fixture", rule.id));
            continue;
        }
        let (found, report) = lint_fixture(&triggers);
        if !found.contains(&rule.id.as_str()) {
            problems.push(format!("{}: triggers.sql does not trigger it (found {found:?})", rule.id));
        }
        let f = report.findings.iter().find(|f| f.rule == rule.id);
        if let Some(f) = f
            && f.message.is_empty()
        {
            problems.push(format!("{}: empty message", rule.id));
        }
        let (found, report) = lint_fixture(&passes);
        if found.contains(&rule.id.as_str()) {
            let messages: Vec<&str> =
                report.findings.iter().filter(|f| f.rule == rule.id).map(|f| f.message.as_str()).collect();
            problems.push(format!("{}: passes.sql triggers it: {messages:?}", rule.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn rule_ids_are_unique_and_documented() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/lint.md")).unwrap();
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len());
    // Every id has exactly one catalogue entry, and the catalogue only uses ids.
    assert_eq!(RuleId::ALL.len(), RULES.len());
    for id in RuleId::ALL {
        assert_eq!(RULES.iter().filter(|r| r.id == *id).count(), 1, "{id} has one entry");
        assert_eq!(rule_by_id(id.as_str()).map(|r| r.id), Some(*id));
    }
    for rule in RULES {
        assert!(docs.contains(&format!("## {}\n", rule.id)), "docs/lint.md has no section `## {}`", rule.id);
        assert_eq!(rule.doc_link(), format!("docs/lint.md#{}", rule.id));
    }
}

fn lint_text(text: &str, options: &LintOptions) -> LintReport {
    let dir = tempfile::tempdir().unwrap();
    let parts: Vec<&str> = text.split("\n-- next migration\n").collect();
    for (i, part) in parts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{:03}_step.sql", i + 1)), part).unwrap();
    }
    lint_path(dir.path(), options).unwrap()
}

#[test]
fn an_allow_comment_silences_one_statement_and_is_counted() {
    let sql = "CREATE TABLE users (id bigint PRIMARY KEY, bio text);\n-- next migration\n\
               -- codegen:allow drop-column bios are moved to profiles in 0041\n\
               ALTER TABLE users DROP COLUMN bio;\n";
    let report = lint_text(sql, &LintOptions::new(Dialect::Postgres));
    assert!(!report.findings.iter().any(|f| f.rule == "drop-column"), "{:?}", report.findings);
    assert_eq!(report.suppressed, 1);
}

#[test]
fn per_rule_levels_override_the_preset() {
    let sql = "CREATE TABLE users (id bigint PRIMARY KEY, bio text);\n-- next migration\nALTER TABLE users DROP COLUMN bio;\n";
    let mut options = LintOptions::new(Dialect::Postgres);
    assert!(lint_text(sql, &options).has_errors());
    options.levels.insert("drop-column".into(), Level::Warning);
    let report = lint_text(sql, &options);
    assert!(!report.has_errors());
    assert_eq!(report.findings.iter().find(|f| f.rule == "drop-column").unwrap().level, Level::Warning);
    options.levels.insert("drop-column".into(), Level::Off);
    assert!(!lint_text(sql, &options).findings.iter().any(|f| f.rule == "drop-column"));
}

#[test]
fn findings_name_the_statement_line_and_column_and_carry_a_fact_query() {
    let sql = "CREATE TABLE users (id bigint PRIMARY KEY, bio text);\n-- next migration\nSET lock_timeout = '2s';\n\n  ALTER TABLE users DROP COLUMN bio;\n";
    let report = lint_text(sql, &LintOptions::new(Dialect::Postgres));
    let f = report.findings.iter().find(|f| f.rule == "drop-column").unwrap();
    assert_eq!((f.location.line, f.location.column), (3, 3));
    assert!(f.location.file.ends_with("002_step.sql"));
    assert_eq!(f.statement, "ALTER TABLE users DROP COLUMN bio");
    assert_eq!(f.fact, Some(FactQuery::NonNullValues { table: QualifiedName::new("users"), column: "bio".into() }));
    assert_eq!(f.fact.as_ref().unwrap().describe(12345), "dropping column `bio` loses 12,345 non-null value(s)");
}

#[test]
fn a_single_file_in_a_folder_is_linted_after_the_migrations_before_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("001_users.sql"), "CREATE TABLE users (id bigint PRIMARY KEY, bio text);").unwrap();
    std::fs::write(dir.path().join("002_drop.sql"), "SET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN bio;")
        .unwrap();
    let report = lint_path(&dir.path().join("002_drop.sql"), &LintOptions::new(Dialect::Postgres)).unwrap();
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["drop-column"]);
    assert_eq!(report.files, 1);
}

#[test]
fn a_rename_is_not_read_as_a_drop_and_an_add() {
    let sql = "CREATE TABLE users (id bigint PRIMARY KEY, bio text);\n-- next migration\nSET lock_timeout = '1s';\nALTER TABLE users RENAME COLUMN bio TO about;\n";
    let report = lint_text(sql, &LintOptions::new(Dialect::Postgres));
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["rename-column"]);
}

#[test]
fn thousands_are_grouped() {
    assert_eq!(group_thousands(0), "0");
    assert_eq!(group_thousands(999), "999");
    assert_eq!(group_thousands(1000), "1,000");
    assert_eq!(group_thousands(1234567), "1,234,567");
}

fn rules_of(sql: &str, dialect: Dialect) -> Vec<&'static str> {
    lint_text(sql, &LintOptions::new(dialect)).findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn postgres_drop_index_concurrently_is_understood_and_refused_in_a_transaction() {
    let setup = "CREATE TABLE users (id bigint PRIMARY KEY, bio text);\nCREATE INDEX users_bio ON users (bio);\n-- next migration\nSET lock_timeout = '1s';\n";
    assert_eq!(
        rules_of(&format!("{setup}DROP INDEX CONCURRENTLY users_bio;\n"), Dialect::Postgres),
        Vec::<&str>::new()
    );
    let in_tx = format!("{setup}BEGIN;\nDROP INDEX CONCURRENTLY users_bio;\nCOMMIT;\n");
    assert_eq!(rules_of(&in_tx, Dialect::Postgres), ["concurrently-in-transaction"]);
}

#[test]
fn mysql_change_is_a_rename_plus_a_type_change_and_algorithm_options_apply() {
    let sql = "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100), bio text);\n-- next migration\n\
               ALTER TABLE users CHANGE name full_name varchar(50);\n\
               ALTER TABLE users ADD INDEX users_bio (bio(10)), ALGORITHM=INPLACE, LOCK=NONE;\n";
    assert_eq!(rules_of(sql, Dialect::Mysql), ["rename-column", "narrowing-type", "mysql-copy-algorithm"]);
}

#[test]
fn mysql_enum_values_remapped_by_an_update_first_are_not_lost() {
    let setup = "CREATE TABLE jobs (id bigint PRIMARY KEY, state ENUM('new', 'running', 'done') NOT NULL);\n-- next migration\n";
    let shrink = "ALTER TABLE jobs MODIFY state ENUM('new', 'done') NOT NULL;\n";
    assert!(rules_of(&format!("{setup}{shrink}"), Dialect::Mysql).contains(&"drop-enum-value"));
    let remapped = format!("{setup}UPDATE jobs SET state = 'done' WHERE state = 'running';\n{shrink}");
    assert!(!rules_of(&remapped, Dialect::Mysql).contains(&"drop-enum-value"));
}

#[test]
fn sqlite_rebuild_that_leaves_out_a_column_loses_it_but_integer_widths_do_not_matter() {
    let setup = "CREATE TABLE users (id bigint PRIMARY KEY, name text, bio text);\n-- next migration\n";
    let rebuild = "PRAGMA foreign_keys = OFF;\nCREATE TABLE users_new (id integer PRIMARY KEY, name text);\n\
                   INSERT INTO users_new (id, name) SELECT id, name FROM users;\nDROP TABLE users;\n\
                   ALTER TABLE users_new RENAME TO users;\nPRAGMA foreign_keys = ON;\n";
    let report = lint_text(&format!("{setup}{rebuild}"), &LintOptions::new(Dialect::Sqlite));
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["table-rebuild", "drop-column"], "{:?}", report.findings);
    assert!(report.findings[1].message.contains("leaves out column `bio`: its values are lost"));
}

#[test]
fn a_column_moved_by_an_update_before_its_drop_does_not_make_the_down_irreversible() {
    let dir = tempfile::tempdir().unwrap();
    let m1 = dir.path().join("2024-01-01-000000_users");
    let m2 = dir.path().join("2024-01-02-000000_split");
    std::fs::create_dir_all(&m1).unwrap();
    std::fs::create_dir_all(&m2).unwrap();
    std::fs::write(m1.join("up.sql"), "CREATE TABLE users (id bigint PRIMARY KEY, name text);").unwrap();
    std::fs::write(m1.join("down.sql"), "DROP TABLE users;").unwrap();
    std::fs::write(
        m2.join("up.sql"),
        "SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN first text;\nUPDATE users SET first = split_part(name, ' ', 1);\n\
         -- codegen:allow drop-column moved to `first`\nALTER TABLE users DROP COLUMN name;\n",
    )
    .unwrap();
    std::fs::write(
        m2.join("down.sql"),
        "ALTER TABLE users ADD COLUMN name text;\nUPDATE users SET name = first;\nALTER TABLE users DROP COLUMN first;\n",
    )
    .unwrap();
    let report = lint_path(dir.path(), &LintOptions::new(Dialect::Postgres)).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    // Without the UPDATE the values are gone, and the down cannot bring them back.
    std::fs::write(
        m2.join("up.sql"),
        "SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN first text;\n\
         -- codegen:allow drop-column not needed any more\nALTER TABLE users DROP COLUMN name;\n",
    )
    .unwrap();
    let report = lint_path(dir.path(), &LintOptions::new(Dialect::Postgres)).unwrap();
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["unmarked-irreversible-down"]);
}

#[test]
fn the_grade_headers_codegen_diff_writes_mark_a_down_as_lossy() {
    use super::rollback::marked_irreversible;
    assert!(marked_irreversible("-- Generated by codegen: down migration. Down is lossy.\n"));
    assert!(marked_irreversible("-- Generated by codegen (codegen diff): up migration. Down grade: irreversible.\n"));
    assert!(marked_irreversible("-- codegen:irreversible\nDROP TABLE x;"));
    assert!(marked_irreversible("-- grade: lossy\n"));
    assert!(!marked_irreversible("-- Generated by codegen: down migration. Down is lossless.\n"));
    assert!(!marked_irreversible("SELECT '-- grade: lossy';"));
}

#[test]
fn with_code_folders_only_renames_of_names_the_code_reads_are_reported() {
    let code = tempfile::tempdir().unwrap();
    std::fs::write(
        code.path().join("models.rs"),
        "struct User {\n    id: i64,\n    about: String,\n}\nfn f(u: &User) -> &str { &u.bio }\n",
    )
    .unwrap();
    let sql = "CREATE TABLE users (id bigint PRIMARY KEY, bio text, nick text);\n-- next migration\nSET lock_timeout = '1s';\n\
               ALTER TABLE users RENAME COLUMN nick TO handle;\nALTER TABLE users RENAME COLUMN bio TO about;\n";
    let options = LintOptions { code: vec![code.path().to_path_buf()], ..LintOptions::new(Dialect::Postgres) };
    let report = lint_text(sql, &options);
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].starts_with("renaming `users.bio` to `about`"), "{messages:?}");
    assert!(messages[0].contains("the code reads `bio` in 1 place(s), first at "), "{messages:?}");
    assert!(messages[0].ends_with("models.rs:5:29"), "{messages:?}");
}

#[test]
fn a_down_that_cannot_remove_an_enum_value_is_named_by_value() {
    let dir = tempfile::tempdir().unwrap();
    let (m1, m2) = (dir.path().join("2024-01-01-000000_status"), dir.path().join("2024-01-02-000000_paused"));
    std::fs::create_dir_all(&m1).unwrap();
    std::fs::create_dir_all(&m2).unwrap();
    std::fs::write(m1.join("up.sql"), "CREATE TYPE status AS ENUM ('draft', 'running');").unwrap();
    std::fs::write(m1.join("down.sql"), "DROP TYPE status;").unwrap();
    std::fs::write(m2.join("up.sql"), "ALTER TYPE status ADD VALUE 'paused';").unwrap();
    std::fs::write(m2.join("down.sql"), "-- PostgreSQL cannot drop an enum value\n").unwrap();
    let report = lint_path(dir.path(), &LintOptions::new(Dialect::Postgres)).unwrap();
    let messages: Vec<String> = report.findings.iter().map(|f| format!("{} {}", f.rule, f.message)).collect();
    assert_eq!(
        messages,
        ["missing-down the down script `".to_string() + &m2.join("down.sql").display().to_string() + "` is empty"]
    );
    std::fs::write(m2.join("down.sql"), "SELECT 1;\n").unwrap();
    let report = lint_path(dir.path(), &LintOptions::new(Dialect::Postgres)).unwrap();
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].rule, "down-not-reverse");
    assert!(
        report.findings[0].message.ends_with("enum `status` keeps the value(s) `paused`"),
        "{}",
        report.findings[0].message
    );
    std::fs::write(m2.join("down.sql"), "-- codegen:irreversible (enum values cannot be dropped)\n").unwrap();
    assert!(lint_path(dir.path(), &LintOptions::new(Dialect::Postgres)).unwrap().findings.is_empty());
}

mod never_panics {
    use proptest::prelude::*;

    use super::*;

    const PIECES: &[&str] = &[
        "CREATE TABLE t (id bigint PRIMARY KEY, a text, b integer)",
        "CREATE TABLE u (id integer PRIMARY KEY, t_id bigint REFERENCES t)",
        "ALTER TABLE t ADD COLUMN c text NOT NULL",
        "ALTER TABLE t DROP COLUMN a",
        "ALTER TABLE t RENAME COLUMN b TO bb",
        "ALTER TABLE t RENAME TO t2",
        "ALTER TABLE t ALTER COLUMN b TYPE smallint",
        "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
        "ALTER TABLE t ADD CONSTRAINT k CHECK (b > 0)",
        "CREATE UNIQUE INDEX i ON t (a)",
        "DROP INDEX CONCURRENTLY i",
        "DROP TABLE t",
        "DROP TABLE u",
        "BEGIN",
        "COMMIT",
        "PRAGMA foreign_keys = OFF",
        "INSERT INTO t SELECT * FROM u",
        "UPDATE t SET a = b",
        "CREATE TYPE e AS ENUM ('x', 'y')",
        "ALTER TYPE e RENAME VALUE 'x' TO 'z'",
        "DROP SCHEMA s CASCADE",
        "-- codegen:allow drop-table",
        "ALTER TABLE",
        "(((",
        "'unterminated",
        "",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn any_mix_of_statements_lints_without_panicking(
            picks in proptest::collection::vec(0..PIECES.len(), 0..12),
            split in 0usize..12,
            dialect in 0usize..3,
        ) {
            let statements: Vec<&str> = picks.iter().map(|&i| PIECES[i]).collect();
            let split = split.min(statements.len());
            let text = format!("{};\n-- next migration\n{};", statements[..split].join(";\n"), statements[split..].join(";\n"));
            let options = LintOptions { preset: Preset::Strict, ..LintOptions::new(Dialect::ALL[dialect]) };
            let report = lint_text(&text, &options);
            prop_assert!(report.findings.iter().all(|f| f.location.line >= 1));
        }
    }
}

#[test]
fn a_sqlite_rebuild_that_sets_not_null_counts_the_nulls() {
    let sql = "CREATE TABLE users (id integer PRIMARY KEY, name text);\n-- next migration\n\
               CREATE TABLE users_new (id integer PRIMARY KEY, name text NOT NULL);\n\
               INSERT INTO users_new (id, name) SELECT id, name FROM users;\nDROP TABLE users;\n\
               ALTER TABLE users_new RENAME TO users;\n";
    let report = lint_text(sql, &LintOptions::new(Dialect::Sqlite));
    let f = report.findings.iter().find(|f| f.rule == "set-not-null").expect("set-not-null");
    assert_eq!(f.fact, Some(FactQuery::NullValues { table: QualifiedName::new("users"), column: "name".into() }));
}

#[test]
fn mysql_operations_that_copy_the_table_are_flagged() {
    let setup = "CREATE TABLE t (id bigint PRIMARY KEY, a int);\n-- next migration\n";
    for statement in
        ["ALTER TABLE t ADD COLUMN b int AS (a * 2) STORED;", "ALTER TABLE t ADD COLUMN c int, ALGORITHM=COPY;"]
    {
        let rules = rules_of(&format!("{setup}{statement}\n"), Dialect::Mysql);
        assert!(rules.contains(&"mysql-copy-algorithm"), "{statement}: {rules:?}");
    }
    assert!(rules_of(&format!("{setup}ALTER TABLE t ADD COLUMN d int;\n"), Dialect::Mysql).is_empty());
}

#[test]
fn diesel_runs_migrations_in_a_transaction_unless_metadata_says_not() {
    let dir = tempfile::tempdir().unwrap();
    let (m1, m2) = (dir.path().join("2024-01-01-000000_users"), dir.path().join("2024-01-02-000000_index"));
    std::fs::create_dir_all(&m1).unwrap();
    std::fs::create_dir_all(&m2).unwrap();
    std::fs::write(m1.join("up.sql"), "CREATE TABLE users (id bigint PRIMARY KEY, bio text);").unwrap();
    std::fs::write(m1.join("down.sql"), "DROP TABLE users;").unwrap();
    std::fs::write(m2.join("up.sql"), "CREATE INDEX CONCURRENTLY users_bio ON users (bio);").unwrap();
    std::fs::write(m2.join("down.sql"), "DROP INDEX CONCURRENTLY users_bio;").unwrap();
    let rules = |dir: &Path| -> Vec<&'static str> {
        lint_path(dir, &LintOptions::new(Dialect::Postgres)).unwrap().findings.iter().map(|f| f.rule.as_str()).collect()
    };
    assert_eq!(rules(dir.path()), ["concurrently-in-transaction"]);
    std::fs::write(m2.join("metadata.toml"), "run_in_transaction = false\n").unwrap();
    assert_eq!(rules(dir.path()), Vec::<&str>::new());
}

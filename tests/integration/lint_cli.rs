//! `codegen lint` as a user runs it: findings in three formats, exit status, suppression,
//! codegen.toml levels, and facts counted on real SQLite and PostgreSQL databases with rows.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn lint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("lint")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("codegen runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_no_panic(o: &Output) {
    assert!(!stderr(o).contains("panicked"), "codegen panicked:\n{}", stderr(o));
}

/// A project folder with `migrations/<n>_<name>.sql` files.
fn project(migrations: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("migrations")).unwrap();
    for (name, sql) in migrations {
        std::fs::write(dir.path().join("migrations").join(name), sql).unwrap();
    }
    dir
}

const USERS: &str = "CREATE TABLE users (id bigint PRIMARY KEY, email text, bio text, age integer);\n";

#[test]
fn text_names_file_line_rule_and_statement_and_exits_1_on_an_error() {
    let dir = project(&[
        ("001_users.sql", USERS),
        ("002_drop_bio.sql", "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN bio;\n"),
    ]);
    let o = lint_in(dir.path(), &["migrations", "--dialect", "postgres"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("error[drop-column]: dropping column `users.bio` deletes its values in every row"), "{out}");
    assert!(out.contains("at migrations/002_drop_bio.sql:2:1"), "{out}");
    assert!(out.contains("ALTER TABLE users DROP COLUMN bio;"), "the statement is shown: {out}");
    assert!(out.contains("see docs/lint.md#drop-column"), "{out}");
    assert!(out.contains("1 error(s), 0 warning(s)"), "{out}");
}

#[test]
fn an_allow_comment_with_a_reason_clears_the_error_and_is_counted() {
    let up = "SET lock_timeout = '2s';\n-- codegen:allow drop-column bios moved to profiles in 002\nALTER TABLE users DROP COLUMN bio;\n";
    let dir = project(&[("001_users.sql", USERS), ("002_drop_bio.sql", up)]);
    let o = lint_in(dir.path(), &["migrations", "--dialect", "postgres"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 allowed by `-- codegen:allow`"), "{}", stdout(&o));
}

#[test]
fn github_format_prints_one_annotation_per_finding() {
    let up = "ALTER TABLE users ADD COLUMN score integer NOT NULL;\n";
    let dir = project(&[("001_users.sql", USERS), ("002_score.sql", up)]);
    let o = lint_in(dir.path(), &["migrations/002_score.sql", "--dialect", "postgres", "--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(
            "::error file=migrations/002_score.sql,line=1,col=1,title=codegen lint not-null-column-without-default::"
        ),
        "{out}"
    );
    assert!(
        out.contains("::warning file=migrations/002_score.sql,line=1,col=1,title=codegen lint missing-lock-timeout::"),
        "{out}"
    );
    assert!(!out.contains("001_users"), "only the file asked for is reported: {out}");
}

#[test]
fn json_format_lists_findings_with_rule_level_position_reason_and_fix() {
    let up = "SET lock_timeout = '2s';\nCREATE INDEX users_bio ON users (bio);\n";
    let dir = project(&[("001_users.sql", USERS), ("002_index.sql", up)]);
    let o = lint_in(dir.path(), &["migrations", "--dialect", "postgres", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "warnings only: {}", stdout(&o));
    let value: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{value:#}");
    let f = &findings[0];
    assert_eq!(f["rule"], "index-without-concurrently");
    assert_eq!(f["level"], "warning");
    assert_eq!(f["file"], "migrations/002_index.sql");
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(2), Some(1)));
    assert_eq!(f["doc"], "docs/lint.md#index-without-concurrently");
    assert!(f["fix"].as_str().unwrap().contains("CONCURRENTLY"));
    assert_eq!(value["summary"]["warnings"], 1);
}

#[test]
fn codegen_toml_sets_the_preset_and_per_rule_levels() {
    let dir = project(&[
        ("001_users.sql", USERS),
        (
            "002_events.sql",
            "CREATE TABLE events (id integer PRIMARY KEY);\nSET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN bio;\n",
        ),
    ]);
    std::fs::write(
        dir.path().join("codegen.toml"),
        "dialect = \"postgres\"\n\n[lint]\npreset = \"strict\"\n\n[lint.rules]\ndrop-column = \"warning\"\n",
    )
    .unwrap();
    let o = lint_in(dir.path(), &["migrations", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let value: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules: Vec<(&str, &str)> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["level"].as_str().unwrap()))
        .collect();
    assert!(rules.contains(&("prefer-bigint-key", "warning")), "strict preset: {rules:?}");
    assert!(rules.contains(&("drop-column", "warning")), "level from codegen.toml: {rules:?}");
    // The flag wins over the file.
    let o = lint_in(dir.path(), &["migrations", "--format", "json", "--preset", "default"]);
    assert!(!stdout(&o).contains("prefer-bigint-key"), "{}", stdout(&o));
}

#[test]
fn bad_input_is_reported_never_a_panic() {
    let dir = project(&[("001_users.sql", USERS), ("002_bad.sql", "ALTER TABLE users ADD COLUMN;\n")]);
    let o = lint_in(dir.path(), &["migrations"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("needs --dialect"), "{}", stderr(&o));

    let o = lint_in(dir.path(), &["nowhere", "--dialect", "postgres"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`nowhere` does not exist"), "{}", stderr(&o));

    let o = lint_in(dir.path(), &["migrations", "--dialect", "postgres"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[syntax-error]"), "{}", stdout(&o));
    assert!(stdout(&o).contains("migrations/002_bad.sql:1:"), "{}", stdout(&o));

    let o = lint_in(
        dir.path(),
        &["migrations", "--dialect", "postgres", "--database-url", "postgres://me:hunter2@127.0.0.1:1/none"],
    );
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(!stderr(&o).contains("hunter2"), "the password is redacted: {}", stderr(&o));

    std::fs::write(dir.path().join("codegen.toml"), "[lint.rules]\nno-such-rule = \"error\"\n").unwrap();
    let o = lint_in(dir.path(), &["migrations", "--dialect", "postgres"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown rule `no-such-rule`"), "{}", stderr(&o));
}

/// Migrations that the data-dependent rules fire on: a drop, a unique index, a NOT NULL column.
fn risky_sqlite_project() -> tempfile::TempDir {
    project(&[
        ("001_users.sql", "CREATE TABLE users (id integer PRIMARY KEY, email text, bio text);\n"),
        (
            "002_tighten.sql",
            "ALTER TABLE users DROP COLUMN bio;\nCREATE UNIQUE INDEX users_email ON users (email);\nALTER TABLE users ADD COLUMN score integer NOT NULL;\n",
        ),
    ])
}

#[test]
fn a_sqlite_database_turns_risks_into_counted_facts() {
    let dir = risky_sqlite_project();
    let db: PathBuf = dir.path().join("app.db");
    let c = rusqlite::Connection::open(&db).unwrap();
    // 12,345 users with a bio; emails repeat every 12,342 rows, so 3 rows are duplicates.
    c.execute_batch(
        "CREATE TABLE users (id integer PRIMARY KEY, email text, bio text);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12345)
         INSERT INTO users SELECT i, 'u' || (i % 12342) || '@x', 'bio ' || i FROM n;",
    )
    .unwrap();
    drop(c);
    for url in [db.display().to_string(), format!("sqlite://{}", db.display())] {
        let o = lint_in(dir.path(), &["migrations", "--dialect", "sqlite", "--database-url", &url]);
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(1));
        let out = stdout(&o);
        assert!(out.contains("fact: dropping column `bio` loses 12,345 non-null value(s)"), "{out}");
        assert!(out.contains("fact: 3 row(s) would violate the new unique index"), "{out}");
        assert!(out.contains("fact: table `users` holds 12,345 row(s)"), "{out}");
    }
}

#[test]
fn a_postgres_database_turns_risks_into_counted_facts() {
    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("lint_facts");
    db.execute(
        "CREATE TABLE orgs (id bigint PRIMARY KEY);
         INSERT INTO orgs VALUES (1), (2);
         CREATE TABLE users (id bigint PRIMARY KEY, email text, bio text, nickname text, org_id bigint, age integer);
         INSERT INTO users SELECT i, 'u' || (i % 1000) || '@x', CASE WHEN i % 5 = 0 THEN NULL ELSE 'bio' END,
                                  CASE WHEN i <= 7 THEN NULL ELSE 'n' END, CASE WHEN i <= 4 THEN 99 ELSE 1 END,
                                  CASE WHEN i <= 2 THEN -1 ELSE 30 END
           FROM generate_series(1, 1005) AS i;",
    )
    .expect("the test data loads");
    let dir = project(&[
        (
            "001_init.sql",
            "CREATE TABLE orgs (id bigint PRIMARY KEY);\nCREATE TABLE users (id bigint PRIMARY KEY, email text, bio text, nickname text, org_id bigint, age integer);\n",
        ),
        (
            "002_tighten.sql",
            "SET lock_timeout = '2s';\n\
             ALTER TABLE users DROP COLUMN bio;\n\
             CREATE UNIQUE INDEX CONCURRENTLY users_email ON users (email);\n\
             ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;\n\
             ALTER TABLE users ADD CONSTRAINT users_org FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;\n\
             ALTER TABLE users ADD CONSTRAINT users_age CHECK (age > 0) NOT VALID;\n\
             ALTER TABLE users ALTER COLUMN email TYPE varchar(5);\n",
        ),
    ]);
    let o =
        lint_in(dir.path(), &["migrations", "--dialect", "postgres", "--format", "json", "--database-url", &db.url()]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let value: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let fact = |rule: &str| {
        value["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .and_then(|f| f["fact"].as_str().map(String::from))
            .unwrap_or_else(|| panic!("no fact for {rule}: {value:#}"))
    };
    assert_eq!(fact("drop-column"), "dropping column `bio` loses 804 non-null value(s)");
    assert_eq!(fact("add-unique"), "5 row(s) would violate the new unique index");
    assert_eq!(fact("set-not-null"), "7 row(s) have NULL in `nickname`");
    assert_eq!(fact("add-foreign-key"), "4 row(s) reference no row of `orgs`");
    assert_eq!(fact("add-check"), "2 row(s) violate the new check");
    assert_eq!(fact("narrowing-type"), "900 value(s) of `email` are longer than 5 characters");
    // Read-only: the database is unchanged.
    assert_eq!(db.query_rows("SELECT count(bio) FROM users").unwrap(), vec![vec!["804".to_string()]]);
}

/// The migrations `codegen diff` writes (its checked-in PostgreSQL fixtures, replayed after their
/// `from.sql`) are understood statement by statement, and their downs reverse their ups on the
/// model: the linter and the diff agree.
#[test]
fn the_migrations_codegen_diff_writes_pass_the_rollback_and_ordering_rules() {
    use codegen_core::lint::{LintOptions, lint_path};
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/migrations");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let case = entry.unwrap().path();
        let (up, down) = (case.join("expected/postgres.up.sql"), case.join("expected/postgres.down.sql"));
        if !(case.join("from.sql").is_file() && up.is_file() && down.is_file()) {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let (first, second) = (dir.path().join("2024-01-01-000000_from"), dir.path().join("2024-01-02-000000_change"));
        std::fs::create_dir_all(&first).unwrap();
        std::fs::create_dir_all(&second).unwrap();
        std::fs::copy(case.join("from.sql"), first.join("up.sql")).unwrap();
        std::fs::write(first.join("down.sql"), "-- codegen:irreversible\n").unwrap();
        std::fs::copy(&up, second.join("up.sql")).unwrap();
        std::fs::copy(&down, second.join("down.sql")).unwrap();
        let report = lint_path(dir.path(), &LintOptions::new(codegen_core::Dialect::Postgres)).unwrap();
        let wrong: Vec<String> = report
            .findings
            .iter()
            .filter(|f| {
                ["down-not-reverse", "unmarked-irreversible-down", "syntax-error", "replay-error", "unknown-object"]
                    .contains(&f.rule.as_str())
            })
            .map(|f| format!("{}: {} {}", f.location, f.rule, f.message))
            .collect();
        assert!(wrong.is_empty(), "{}:\n{}", case.display(), wrong.join("\n"));
        checked += 1;
    }
    assert!(checked >= 4, "expected the four diff fixtures, found {checked}");
}

#[test]
fn help_lists_every_flag() {
    let o = lint_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["--help"]);
    assert!(o.status.success());
    let help = stdout(&o);
    for flag in [
        "--dialect",
        "--format",
        "--database-url",
        "--schema",
        "--schema-dialect",
        "--preset",
        "--code",
        "text",
        "json",
        "github",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}

#[test]
fn with_code_a_rename_no_code_reads_is_not_reported() {
    let up = "SET lock_timeout = '2s';\nALTER TABLE users RENAME COLUMN age TO years;\nALTER TABLE users RENAME COLUMN bio TO about;\n";
    let dir = project(&[("001_users.sql", USERS), ("002_rename.sql", up)]);
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/profile.py"), "def show(user):\n    return user.bio\n").unwrap();
    let o = lint_in(dir.path(), &["migrations", "--dialect", "postgres", "--format", "github", "--code", "src"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("renaming `users.bio` to `about`"), "{out}");
    assert!(out.contains("the code reads `bio` in 1 place(s), first at src/profile.py:2:17"), "{out}");
    assert!(!out.contains("users.age"), "no code reads `age`: {out}");
    let o = lint_in(dir.path(), &["migrations", "--dialect", "postgres", "--code", "nowhere"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_mariadb_database_turns_risks_into_counted_facts() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("lint_facts");
    db.execute(
        "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), bio text, nickname text);
         INSERT INTO users VALUES (1, 'a@x', 'hi', NULL), (2, 'a@x', NULL, 'n'), (3, 'a@x', 'yo', NULL),
                                  (4, 'a-very-long-address@example.com', 'x', 'm');",
    )
    .expect("the test data loads");
    let dir = project(&[
        ("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), bio text, nickname text);\n"),
        (
            "002_tighten.sql",
            "ALTER TABLE users DROP COLUMN bio;\nCREATE UNIQUE INDEX users_email ON users (email);\n\
             ALTER TABLE users MODIFY nickname text NOT NULL;\nALTER TABLE users MODIFY email varchar(10);\n",
        ),
    ]);
    let o = lint_in(dir.path(), &["migrations", "--dialect", "mysql", "--format", "json", "--database-url", &db.url()]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let value: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let facts: Vec<(String, String)> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| Some((f["rule"].as_str()?.to_string(), f["fact"].as_str()?.to_string())))
        .collect();
    let fact = |rule: &str| facts.iter().find(|(r, _)| r == rule).map(|(_, f)| f.as_str()).unwrap_or("none");
    assert_eq!(fact("drop-column"), "dropping column `bio` loses 3 non-null value(s)", "{facts:?}");
    assert_eq!(fact("add-unique"), "2 row(s) would violate the new unique index", "{facts:?}");
    assert_eq!(fact("set-not-null"), "2 row(s) have NULL in `nickname`", "{facts:?}");
    assert_eq!(fact("narrowing-type"), "1 value(s) of `email` are longer than 10 characters", "{facts:?}");
}

/// The text report a reviewer reads: rule, message, position, the statement underlined, reason,
/// fix and doc link, then the summary.
#[test]
fn text_report_snapshot() {
    let up = "-- codegen:allow drop-column bios moved to profiles\nALTER TABLE users DROP COLUMN bio;\n\n\
              ALTER TABLE users\n    ADD COLUMN score integer NOT NULL;\n";
    let dir = project(&[("001_users.sql", USERS), ("002_score.sql", up)]);
    let o = lint_in(dir.path(), &["migrations", "--dialect", "postgres"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

/// `codegen lint --help`.
#[test]
fn help_snapshot() {
    let o = lint_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["--help"]);
    insta::assert_snapshot!(stdout(&o));
}

/// The problem 11 of issue 14: one migration file without its earlier migrations.
const LONE: &str = "SET lock_timeout = '2s';\n\
                    ALTER TABLE users ALTER COLUMN bio TYPE varchar(20);\n\
                    ALTER TABLE users DROP COLUMN age;\n\
                    ALTER TABLE users ADD COLUMN about text;\n";

fn rules(o: &Output) -> Vec<(String, String)> {
    let value: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)));
    value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["level"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn a_lone_file_without_a_schema_gets_notes_for_what_it_cannot_check_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("change.sql"), LONE).unwrap();
    let o = lint_in(dir.path(), &["change.sql", "--dialect", "postgres", "--format", "json"]);
    assert_no_panic(&o);
    let found = rules(&o);
    assert!(!found.iter().any(|(rule, _)| rule == "unknown-object"), "{found:?}");
    assert!(found.contains(&("unchecked-object".into(), "note".into())), "{found:?}");
    // What the statement alone shows is still reviewed: the dropped column loses its data.
    assert!(found.contains(&("drop-column".into(), "error".into())), "{found:?}");
    // The type change cannot be judged without the old type.
    assert!(!found.iter().any(|(rule, _)| rule == "narrowing-type"), "{found:?}");
    assert_eq!(o.status.code(), Some(1), "drop-column is an error");

    // Only what cannot be checked: exit 0, the notes counted in the summary.
    std::fs::write(dir.path().join("add.sql"), "ALTER TABLE users ADD COLUMN about text;\n").unwrap();
    let o = lint_in(dir.path(), &["add.sql", "--dialect", "mysql"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("note[unchecked-object]"), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 note(s) on what could not be checked"), "{}", stdout(&o));
}

#[test]
fn schema_gives_a_lone_file_the_schema_it_runs_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("change.sql"), LONE).unwrap();
    std::fs::write(dir.path().join("schema.sql"), USERS).unwrap();
    let o = lint_in(dir.path(), &["change.sql", "--dialect", "postgres", "--format", "json", "--schema", "schema.sql"]);
    assert_no_panic(&o);
    let found = rules(&o);
    assert!(found.contains(&("narrowing-type".into(), "error".into())), "text -> varchar(20): {found:?}");
    assert!(found.contains(&("drop-column".into(), "error".into())), "{found:?}");
    assert!(!found.iter().any(|(rule, _)| rule.contains("object")), "{found:?}");

    // A name the schema does not have is an error again, not a note.
    std::fs::write(dir.path().join("typo.sql"), "ALTER TABLE usres ADD COLUMN about text;\n").unwrap();
    let o = lint_in(dir.path(), &["typo.sql", "--dialect", "postgres", "--format", "json", "--schema", "schema.sql"]);
    assert_eq!(rules(&o), vec![("unknown-object".to_string(), "error".to_string())]);
    assert_eq!(o.status.code(), Some(1));

    // The schema before a folder's first migration: a baseline the folder does not create.
    let project = project(&[("002_about.sql", "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN about text;\n")]);
    std::fs::write(project.path().join("schema.sql"), USERS).unwrap();
    let bare = lint_in(project.path(), &["migrations", "--dialect", "postgres", "--format", "json"]);
    assert_eq!(rules(&bare), vec![("unknown-object".to_string(), "error".to_string())]);
    let based =
        lint_in(project.path(), &["migrations", "--dialect", "postgres", "--format", "json", "--schema", "schema.sql"]);
    assert_eq!(rules(&based), Vec::<(String, String)>::new());
    assert_eq!(based.status.code(), Some(0));

    // A schema source that does not read is a located error, exit 2.
    std::fs::write(dir.path().join("broken.sql"), "CREATE TABLE t (id int,, x);\n").unwrap();
    let o = lint_in(dir.path(), &["change.sql", "--dialect", "postgres", "--schema", "broken.sql"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("broken.sql"), "{}", stderr(&o));
}

#[test]
fn a_lone_file_runs_on_the_schema_of_the_database_url_or_a_schema_url() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("change.sql"), LONE.replace("TYPE varchar(20)", "TYPE char(5)")).unwrap();
    let app = dir.path().join("app.db");
    let conn = rusqlite::Connection::open(&app).unwrap();
    conn.execute_batch("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, bio TEXT, age INTEGER);").unwrap();
    drop(conn);
    let o = lint_in(dir.path(), &["change.sql", "--dialect", "sqlite", "--format", "json", "--database-url", "app.db"]);
    assert_no_panic(&o);
    let found = rules(&o);
    assert!(
        !found.iter().any(|(rule, _)| rule.contains("object")),
        "the database's users table is the base: {found:?}"
    );
    assert!(found.contains(&("drop-column".into(), "error".into())), "{found:?}");

    let Some(server) = crate::servers::postgres() else { return };
    let db = server.fresh_database("lint_base");
    db.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text, bio text, age integer);").unwrap();
    std::fs::write(dir.path().join("pg.sql"), LONE).unwrap();
    let o = lint_in(dir.path(), &["pg.sql", "--dialect", "postgres", "--format", "json", "--schema", &db.url()]);
    assert_no_panic(&o);
    let found = rules(&o);
    assert!(found.contains(&("narrowing-type".into(), "error".into())), "{found:?}");
    assert!(!found.iter().any(|(rule, _)| rule.contains("object")), "{found:?}");
    assert!(!stdout(&o).contains("password") && !stderr(&o).contains("password"));
}

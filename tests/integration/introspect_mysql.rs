//! Live MySQL/MariaDB introspection: model -> our MySQL SQL -> a real MariaDB -> `read_mysql` ->
//! the same model; a fixture read from its file and from the server gives the same model; and
//! every connection failure is one redacted line.

use std::path::Path;

use codegen_core::Dialect;
use codegen_core::model::*;
use codegen_core::read::sql::{read_sql_file, read_sql_str};

/// Clear what legitimately differs between a model read from a file and one read from the server.
fn normalized(mut schema: Schema) -> Schema {
    // How the source spelled types and defaults is not what these compare.
    schema = schema.without_spellings();
    // information_schema keeps no creation order: compare in name order.
    schema.tables.sort_by_key(|t| t.name.to_string());
    schema.views.sort_by_key(|v| v.name.to_string());
    schema.enums.sort_by_key(|e| e.name.to_string());
    for table in &mut schema.tables {
        for column in &mut table.columns {
            // `INT` vs `int`, `BOOLEAN` vs `tinyint(1)`: the neutral `ty` is what is compared.
            column.declared_type.clear();
            // MariaDB stores a DECIMAL default at the column's scale (`0` as `0.00`).
            if let Some(ColumnDefault::Literal { value: Literal::Number(n) }) = &mut column.default
                && n.contains('.')
            {
                *n = n.trim_end_matches('0').trim_end_matches('.').to_string();
            }
            if let Some(generated) = &mut column.generated {
                // The server stores the expression re-printed (`balance * 2` as `` `balance` * 2 ``).
                generated.expression.clear();
            }
        }
        // MySQL names every primary key PRIMARY.
        if let Some(pk) = &mut table.primary_key {
            pk.name = None;
        }
        for fk in &mut table.foreign_keys {
            // InnoDB treats RESTRICT as NO ACTION and reports one for the other.
            for action in [&mut fk.on_delete, &mut fk.on_update] {
                if *action == ReferentialAction::Restrict {
                    *action = ReferentialAction::NoAction;
                }
            }
        }
        // MySQL has one kind of unique key: a plain unique index is a unique constraint.
        let (plain_unique, indexes): (Vec<Index>, Vec<Index>) =
            std::mem::take(&mut table.indexes).into_iter().partition(|i| {
                i.unique
                    && i.predicate.is_none()
                    && i.parts.iter().all(|p| p.order.is_none())
                    && i.column_names().is_some()
            });
        table.indexes = indexes;
        for index in plain_unique {
            let columns = index.column_names().unwrap().into_iter().map(str::to_string).collect();
            table.uniques.push(UniqueConstraint { name: Some(index.name), columns, loc: Default::default() });
        }
        for check in &mut table.checks {
            check.expression.clear();
        }
        for index in &mut table.indexes {
            index.method = None;
            for part in &mut index.parts {
                if let IndexKey::Expression(e) = &mut part.key {
                    e.clear();
                }
            }
        }
        table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        table.uniques.sort_by(|a, b| a.name.cmp(&b.name));
        table.checks.sort_by(|a, b| a.name.cmp(&b.name));
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    for view in &mut schema.views {
        // The server re-prints the query (qualified, backquoted columns).
        view.definition.clear();
        for column in &mut view.columns {
            column.declared_type.clear();
        }
    }
    schema
}

/// Both models as JSON, and a unified diff between them when they differ.
fn assert_same(live: Schema, expected: Schema, context: &str) {
    let live = serde_json::to_string_pretty(&normalized(live)).unwrap();
    let expected = serde_json::to_string_pretty(&normalized(expected)).unwrap();
    if live != expected {
        let diff =
            similar::TextDiff::from_lines(&expected, &live).unified_diff().header("expected", "live").to_string();
        panic!("the introspected model differs:\n{diff}\n{context}");
    }
}

/// The model our MySQL SQL for `expected` describes, and that SQL.
fn as_mysql(expected: &Schema) -> (Schema, String) {
    let (sql, _warnings) = codegen_sql::render_schema(expected, Dialect::Mysql).expect("the model renders");
    let model = read_sql_str(&sql, Path::new("rendered.sql"), Dialect::Mysql).expect("our SQL reads back").schema;
    (model, sql)
}

fn introspect(url: &str) -> Schema {
    codegen_db::read_mysql(url).unwrap_or_else(|e| panic!("introspection fails: {e}")).schema
}

/// model -> our MySQL SQL -> MariaDB -> introspected -> the model that SQL describes.
fn assert_live_round_trip(schema: &Schema, hint: &str) {
    let Some(server) = crate::servers::mysql() else { return };
    let (expected, sql) = as_mysql(schema);
    let db = server.fresh_database(hint);
    db.execute(&sql).unwrap_or_else(|e| panic!("MariaDB rejects our SQL: {e}\n{sql}"));
    let live = introspect(&db.url());
    assert_same(live, expected, &format!("applied SQL:\n{sql}"));
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

#[test]
fn the_example_reads_back_from_mariadb() {
    let example = read_sql_file(&fixture("examples/experiments/schema.sql"), Dialect::Postgres).unwrap().schema;
    assert_live_round_trip(&example, "my_example");
}

#[test]
fn every_feature_reads_back_from_mariadb() {
    let features = read_sql_file(&fixture("tests/fixtures/introspect/mysql_features.sql"), Dialect::Mysql).unwrap();
    assert_live_round_trip(&features.schema, "my_features");
}

#[test]
fn the_features_fixture_reads_the_same_from_its_file_and_from_mariadb() {
    let Some(server) = crate::servers::mysql() else { return };
    let path = fixture("tests/fixtures/introspect/mysql_features.sql");
    let from_file = read_sql_file(&path, Dialect::Mysql).unwrap().schema;
    let db = server.fresh_database("my_same");
    db.execute(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("MariaDB rejects the fixture: {e}"));
    let live = introspect(&db.url());
    assert_same(live, from_file, "");
}

/// `url` with its user and password replaced.
fn with_credentials(url: &str, credentials: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let host_and_db = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    format!("{scheme}://{credentials}@{host_and_db}")
}

/// `url` with its database replaced.
fn with_database(url: &str, database: &str) -> String {
    let (base, _) = url.rsplit_once('/').unwrap();
    format!("{base}/{database}")
}

/// The error of reading `url`, checked to be one line without `secret` in it.
fn one_line_error(url: &str, secret: &str) -> String {
    let error = codegen_db::read_mysql(url).map(|_| ()).unwrap_err().to_string();
    assert!(!error.contains(secret), "the password leaks: {error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    error
}

#[test]
fn an_unreachable_server_is_one_redacted_line() {
    let error = one_line_error("mysql://app:s3cret@127.0.0.1:1/app", "s3cret");
    assert!(error.contains("cannot connect") && error.contains("app:***@127.0.0.1:1"), "{error}");
}

#[test]
fn wrong_credentials_are_one_redacted_line() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("my_credentials");
    let error = one_line_error(&with_credentials(&db.url(), "dev:n0t-the-password"), "n0t-the-password");
    assert!(error.contains("authentication failed") && error.contains("dev:***@"), "{error}");
}

#[test]
fn an_unknown_database_is_one_clear_line() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("my_unknown");
    let error = one_line_error(&with_database(&db.url(), "no_such_database_here"), "dev:dev");
    assert!(error.contains("unknown database"), "{error}");
}

#[test]
fn a_missing_privilege_is_one_clear_line() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("my_privilege");
    let user = format!("nopriv_{}", std::process::id());
    db.execute(&format!("CREATE USER '{user}'@'%' IDENTIFIED BY 'pr1vate'")).unwrap();
    let error = one_line_error(&with_credentials(&db.url(), &format!("{user}:pr1vate")), "pr1vate");
    db.execute(&format!("DROP USER '{user}'@'%'")).unwrap();
    assert!(error.contains("missing privileges"), "{error}");
}

#[test]
fn ssl_mode_required_against_a_server_without_tls_is_one_clear_line() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("my_tls");
    let error = one_line_error(&format!("{}?ssl-mode=REQUIRED", db.url()), "dev:dev");
    assert!(error.contains("does not offer TLS") && error.contains("ssl-mode=REQUIRED"), "{error}");
    // PREFERRED, the default, falls back to a plain connection; DISABLED never tries TLS.
    for mode in ["PREFERRED", "DISABLED"] {
        codegen_db::read_mysql(&format!("{}?ssl-mode={mode}", db.url())).expect("a plain connection works");
    }
}

#[test]
fn introspection_needs_only_read_privileges_and_sends_only_reads() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("my_readonly");
    db.execute(
        "CREATE TABLE t (id INT PRIMARY KEY, parent INT, FOREIGN KEY (parent) REFERENCES t (id) ON DELETE CASCADE)",
    )
    .unwrap();
    let user = format!("reader_{}", std::process::id());
    let url = with_credentials(&db.url(), &format!("{user}:r34d"));
    db.execute(&format!(
        "CREATE USER '{user}'@'%' IDENTIFIED BY 'r34d'; GRANT SELECT ON `{}`.* TO '{user}'@'%'",
        db.name()
    ))
    .unwrap();
    // SELECT alone: MariaDB hides the foreign-key rules, which is an error, not a silently poorer model.
    let error = one_line_error(&url, "r34d");
    assert!(error.contains("missing privileges") && error.contains("SHOW VIEW"), "{error}");

    // SELECT and SHOW VIEW are enough; the server's general log shows every statement sent.
    db.execute(&format!(
        "GRANT SHOW VIEW ON `{}`.* TO '{user}'@'%'; SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 1",
        db.name()
    ))
    .unwrap();
    let live = codegen_db::read_mysql(&url);
    let statements = db.query_rows(&format!(
        "SELECT REPLACE(REPLACE(CONVERT(argument USING utf8mb4), '\\n', ' '), '\\t', ' ') FROM mysql.general_log \
         WHERE user_host LIKE '{user}[%' AND command_type = 'Query' ORDER BY event_time"
    ));
    db.execute(&format!("SET GLOBAL general_log = 0; DROP USER '{user}'@'%'")).unwrap();
    let live = live.expect("a user with SELECT and SHOW VIEW can introspect").schema;
    assert_eq!(live.tables[0].foreign_keys[0].on_delete, ReferentialAction::Cascade);
    let statements: Vec<String> = statements.unwrap().into_iter().map(|row| row.join(" ")).collect();
    // The driver asks for `@@max_allowed_packet` on connecting; every catalog query comes after the
    // read-only transaction starts, and nothing but reads is ever sent.
    let start = statements.iter().position(|s| s == "START TRANSACTION READ ONLY").expect("a read-only transaction");
    assert!(statements[..start].iter().all(|s| s.starts_with("SELECT @@")), "{statements:#?}");
    assert!(statements.iter().any(|s| s.contains("information_schema.COLUMNS")), "{statements:#?}");
    assert_eq!(statements.last().map(String::as_str), Some("COMMIT"), "{statements:#?}");
    for statement in &statements[start + 1..statements.len() - 1] {
        assert!(statement.starts_with("SELECT"), "not a read: {statement}");
    }
}

#[test]
fn the_cli_reads_mysql_and_mariadb_urls() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("my_cli");
    db.execute("CREATE TABLE widgets (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, size ENUM('s', 'm') NOT NULL)")
        .unwrap();
    let mariadb_url = db.url().replacen("mysql://", "mariadb://", 1);
    for args in [vec!["--schema", db.url().as_str()], vec!["--database-url", mariadb_url.as_str()]] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(["--target", "sql"])
            .args(&args)
            .output()
            .expect("codegen runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        // The source's dialect is MySQL, so it is the default output dialect too.
        // The types are written as the server declares them.
        assert!(stdout.contains("AUTO_INCREMENT") && stdout.contains("enum('s','m')"), "{stdout}");
    }
}

#[test]
fn database_url_in_the_environment_is_the_last_fallback() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("my_env");
    db.execute("CREATE TABLE from_env (id INT PRIMARY KEY)").unwrap();
    let empty = tempfile::tempdir().unwrap();
    let run = |dir: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(["--target", "sql"])
            .current_dir(dir)
            .env("DATABASE_URL", db.url())
            .output()
            .expect("codegen runs")
    };
    // No flag and no codegen.toml: DATABASE_URL is read.
    let output = run(empty.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("from_env"));
    // A codegen.toml [schema] wins over DATABASE_URL.
    std::fs::write(empty.path().join("schema.sql"), "CREATE TABLE from_file (id INT PRIMARY KEY);").unwrap();
    std::fs::write(empty.path().join("codegen.toml"), "[schema]\npath = \"schema.sql\"\n").unwrap();
    let stdout = String::from_utf8_lossy(&run(empty.path()).stdout).into_owned();
    assert!(stdout.contains("from_file") && !stdout.contains("from_env"), "{stdout}");
}

#[test]
fn a_wrong_password_in_a_cli_url_never_reaches_the_output() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("my_cli_secret");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["--target", "sql", "--database-url", &with_credentials(&db.url(), "dev:hunter2hunter2")])
        .output()
        .expect("codegen runs");
    let all = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(2), "{all}");
    assert!(!all.contains("hunter2hunter2") && all.contains("authentication failed"), "{all}");
}

/// 1,000 tables with keys, a composite unique constraint, a foreign key, an index and an inline enum each.
fn thousand_tables() -> String {
    let mut sql = String::new();
    for i in 0..1000 {
        let parent = if i == 0 {
            String::new()
        } else {
            format!(
                ",\n    CONSTRAINT t{i}_parent_fkey FOREIGN KEY (parent_id) REFERENCES t{} (id) ON DELETE CASCADE",
                i - 1
            )
        };
        sql.push_str(&format!(
            "CREATE TABLE t{i} (\n    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n    parent_id BIGINT,\n    \
             code VARCHAR(40) NOT NULL,\n    state ENUM('new', 'old') NOT NULL DEFAULT 'new',\n    \
             amount DECIMAL(10, 2),\n    note TEXT,\n    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n    \
             CONSTRAINT t{i}_code_key UNIQUE (code, state){parent}\n);\n\
             CREATE INDEX t{i}_created_at_idx ON t{i} (created_at DESC);\n"
        ));
    }
    sql
}

#[test]
fn a_thousand_tables_read_back_from_mariadb() {
    let Some(server) = crate::servers::mysql() else { return };
    let expected = read_sql_str(&thousand_tables(), Path::new("thousand.sql"), Dialect::Mysql).unwrap().schema;
    let (expected, sql) = as_mysql(&expected);
    let db = server.fresh_database("my_thousand");
    db.execute(&sql).unwrap_or_else(|e| panic!("MariaDB rejects our SQL: {e}"));
    let started = std::time::Instant::now();
    let live = introspect(&db.url());
    eprintln!("introspected 1,000 MariaDB tables in {:?}", started.elapsed());
    assert_eq!(live.tables.len(), 1000);
    assert_same(live, expected, "");
}

#[test]
fn tls_through_rustls_follows_ssl_mode_on_a_tls_only_server() {
    let Some(server) = crate::tls_servers::tls_mariadb() else { return };
    let url = server.url();
    // REQUIRED encrypts without checking the certificate; PREFERRED is the default.
    for query in ["?ssl-mode=REQUIRED", "?ssl-mode=PREFERRED", ""] {
        codegen_db::read_mysql(&format!("{url}{query}")).unwrap_or_else(|e| panic!("TLS with {query:?} fails: {e}"));
    }
    // The server refuses plain connections; a self-signed certificate fails verification.
    // (MariaDB answers a plain login under require_secure_transport with "access denied".)
    let plain = one_line_error(&format!("{url}?ssl-mode=DISABLED"), "dev:dev");
    assert!(plain.contains("authentication failed") || plain.contains("secure transport"), "{plain}");
    let verified = one_line_error(&format!("{url}?ssl-mode=VERIFY_IDENTITY"), "dev:dev");
    assert!(verified.contains("TLS failed") || verified.contains("certificate"), "{verified}");
}

#[test]
fn fulltext_spatial_and_on_update_are_read_and_what_the_model_cannot_hold_is_a_note() {
    let Some(server) = crate::servers::mysql() else { return };
    let db = server.fresh_database("my_unsupported");
    db.execute(
        "CREATE TABLE docs (id INT PRIMARY KEY, body TEXT, \
           edited TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, FULLTEXT KEY body_ft (body)); \
         CREATE TABLE places (id INT PRIMARY KEY, at GEOMETRY NOT NULL, SPATIAL INDEX at_sp (at)); \
         CREATE SEQUENCE ticket_numbers",
    )
    .unwrap();
    let loaded = codegen_db::read_mysql(&db.url()).expect("introspection works");
    let names: Vec<String> = loaded.schema.tables.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, ["docs", "places"]);
    let docs = &loaded.schema.tables[0];
    assert_eq!(docs.indexes[0].method.as_deref(), Some("fulltext"));
    assert_eq!(loaded.schema.tables[1].indexes[0].method.as_deref(), Some("spatial"));
    assert!(
        docs.column("edited")
            .unwrap()
            .on_update
            .as_deref()
            .is_some_and(|u| u.to_lowercase().starts_with("current_timestamp"))
    );
    // Written back for MariaDB, all three are there again.
    let (sql, _) = codegen_sql::render_schema(&loaded.schema, Dialect::Mysql).unwrap();
    assert!(sql.contains("FULLTEXT INDEX") && sql.contains("SPATIAL INDEX") && sql.contains("ON UPDATE"), "{sql}");
    let notes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("sequence `ticket_numbers`")), "no note on the sequence: {notes:#?}");
}

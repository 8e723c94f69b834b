//! The database Prisma Migrate would create from our schema is the database our SQL backend
//! creates from the same model. Prisma's script comes from `@prisma/schema-engine-wasm`
//! (`tools/prisma/diff.mjs`, what `prisma migrate diff --from-empty --to-schema` prints).
//! SQLite: both scripts run on a file and are read back through the SQLite reader. PostgreSQL:
//! both run on the test server and the two catalogs are compared.

use codegen_core::{ColumnType, Dialect, Schema};
use codegen_prisma::{PrismaOptions, render_schema};

use crate::fixtures::sql_fixtures;
use crate::oracle::{available, run_node};
use crate::roundtrip::expressible;

fn database(sql: &str) -> Schema {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("db.sqlite");
    let connection = rusqlite::Connection::open(&db).expect("create the database");
    connection.execute_batch(sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
    drop(connection);
    codegen_db::read_sqlite_file(&db).expect("the SQLite reader reads it").schema
}

/// What both scripts can agree on: Prisma writes enums as plain text and no CHECK constraints.
fn comparable(schema: &Schema) -> Schema {
    let mut schema = expressible(schema, Dialect::Sqlite);
    schema.enums.clear();
    for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        if let ColumnType::Enum { .. } = column.ty {
            column.ty = ColumnType::TEXT;
        }
        column.loc = Default::default();
    }
    schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
    schema
}

#[test]
fn prisma_migrate_and_our_sql_backend_build_the_same_sqlite_database() {
    if !available("@prisma/schema-engine-wasm") {
        return;
    }
    for (name, model) in
        sql_fixtures().into_iter().filter(|(n, _)| n == "example" || n == "relations" || n == "manytomany")
    {
        let (prisma, _) = render_schema(&model, &PrismaOptions::for_dialect(Dialect::Sqlite));
        let prisma_sql = run_node(&["--experimental-wasm-modules", "--no-warnings", "diff.mjs"], &prisma);
        let (our_sql, _) = codegen_sql::render_schema(&model, Dialect::Sqlite).expect("our SQL");
        let (ours, theirs) = (comparable(&database(&our_sql)), comparable(&database(&prisma_sql)));
        assert_eq!(ours, theirs, "{name}\n--- ours\n{our_sql}\n--- Prisma Migrate\n{prisma_sql}");
    }
}

/// The PostgreSQL server of `.ci/servers.sh`; in CI its absence is a failure, locally a skip.
fn postgres_url() -> Option<String> {
    let url = std::env::var("CODEGEN_TEST_POSTGRES_URL").ok();
    if url.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but CODEGEN_TEST_POSTGRES_URL is not set: `source .ci/servers.sh` starts the servers"
        );
        eprintln!("note: skipped, no PostgreSQL server (`source .ci/servers.sh` starts one)");
    }
    url
}

fn psql(url: &str, args: &[&str], input: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("psql")
        .arg(url)
        .args(["-v", "ON_ERROR_STOP=1", "-q", "-X"])
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("psql starts");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("psql reads");
    let output = child.wait_with_output().expect("psql runs");
    assert!(output.status.success(), "psql {args:?}: {}\n{input}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The catalog of `public`, one sorted line per column, key, index and enum. Check constraints
/// and comments are left out: Prisma keeps them in comments only. Identity and serial columns
/// both count up; `CURRENT_TIMESTAMP` is `now()`.
const DESCRIBE: &str = "
SELECT 'column ' || c.table_name || '.' || c.column_name || ' ' || c.udt_name
    || coalesce('(' || c.character_maximum_length || ')', '')
    || coalesce(' numeric(' || c.numeric_precision || ',' || c.numeric_scale || ')', '')
    || coalesce(' precision ' || c.datetime_precision, '') || ' nullable ' || c.is_nullable
    || ' default ' || CASE WHEN c.is_identity = 'YES' OR c.column_default LIKE 'nextval(%' THEN 'autoincrement'
                           ELSE replace(coalesce(c.column_default, ''), 'CURRENT_TIMESTAMP', 'now()') END
FROM information_schema.columns c WHERE c.table_schema = 'public'
UNION ALL
SELECT 'key ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f')
UNION ALL
SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
UNION ALL
SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
ORDER BY 1;
";

#[test]
fn prisma_migrate_and_our_sql_backend_build_the_same_postgres_database() {
    if !available("@prisma/adapter-pg") {
        return;
    }
    let Some(url) = postgres_url() else { return };
    let (server, _) = url.rsplit_once('/').expect("a database URL");
    let id = std::process::id();
    for (name, model) in
        sql_fixtures().into_iter().filter(|(n, _)| n == "example" || n == "relations" || n == "manytomany")
    {
        let (ours_db, theirs_db) = (format!("prisma_ours_{name}_{id}"), format!("prisma_theirs_{name}_{id}"));
        for db in [&ours_db, &theirs_db] {
            psql(&url, &["-c", &format!("DROP DATABASE IF EXISTS {db}"), "-c", &format!("CREATE DATABASE {db}")], "");
        }
        let (ours_url, theirs_url) = (format!("{server}/{ours_db}"), format!("{server}/{theirs_db}"));
        let (prisma, _) = render_schema(&model, &PrismaOptions::for_dialect(Dialect::Postgres));
        let prisma_sql = {
            // diff.mjs reads DATABASE_URL; the variable is set for that child only.
            let mut child = std::process::Command::new("node")
                .args(["--experimental-wasm-modules", "--no-warnings", "diff.mjs"])
                .current_dir(crate::oracle::tools_dir())
                .env("DATABASE_URL", &theirs_url)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("node starts");
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(prisma.as_bytes()).expect("node reads");
            let output = child.wait_with_output().expect("node runs");
            assert!(output.status.success(), "diff.mjs failed for {name}");
            String::from_utf8(output.stdout).expect("UTF-8")
        };
        let (our_sql, _) = codegen_sql::render_schema(&model, Dialect::Postgres).expect("our SQL");
        psql(&ours_url, &["-f", "-"], &our_sql);
        psql(&theirs_url, &["-f", "-"], &prisma_sql);
        let (ours, theirs) =
            (psql(&ours_url, &["-At", "-c", DESCRIBE], ""), psql(&theirs_url, &["-At", "-c", DESCRIBE], ""));
        for db in [&ours_db, &theirs_db] {
            psql(&url, &["-c", &format!("DROP DATABASE {db} WITH (FORCE)")], "");
        }
        assert_eq!(ours, theirs, "{name}\n--- ours\n{our_sql}\n--- Prisma Migrate\n{prisma_sql}");
    }
}

//! `codegen verify`: apply a migrations folder on a scratch database and check every step.
//!
//! For each migration, in replay order: apply its up and compare the introspected schema with the
//! model replayed so far (codegen-core's migrations reader); apply its down and check that the
//! schema is exactly the previous one again; apply the up once more and compare again. The first
//! migration that drifts ends the run (later steps would be measured against a wrong database).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen_core::read::migrations::{Migration, list_migrations};
use codegen_core::read::sql::SqlReader;
use codegen_core::read::{Loaded, ReadError};
use codegen_core::{Dialect, Schema};
use codegen_migrations::{Drift, ObjectComparison, compare_schemas_with};

use super::verify_objects::{self, ObjectCatalog};

use crate::CliError;
use crate::commands::Globals;
use crate::source::redact;

#[derive(Debug, Clone, clap::Args)]
pub struct VerifyArgs {
    /// The migrations folder (diesel, sqlx, refinery, Prisma Migrate, Drizzle, Knex or TypeORM layout).
    #[arg(value_name = "DIR")]
    pub migrations: PathBuf,

    /// Dialect the migrations are written in (default: sqlite, or the database URL's).
    #[arg(short, long, value_name = "DIALECT")]
    pub dialect: Option<String>,

    /// A postgres:// or mysql:// database to run on instead of a temporary SQLite file. It must be
    /// empty unless --scratch is given.
    #[arg(long, value_name = "URL", env = "CODEGEN_VERIFY_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Confirm that the database may be wiped first: every table, view and type in it is dropped.
    #[arg(long)]
    pub scratch: bool,
}

pub fn run(args: VerifyArgs, globals: &Globals) -> Result<ExitCode, CliError> {
    let url_dialect = match &args.database_url {
        Some(url) => Some(codegen_db::DatabaseUrl::parse(url).map_err(|e| CliError::Usage(e.to_string()))?.dialect()),
        None => None,
    };
    let dialect = match (&args.dialect, url_dialect) {
        (Some(d), _) => {
            d.parse().map_err(|e: codegen_core::dialect::UnknownDialect| CliError::Usage(format!("--dialect: {e}")))?
        }
        (None, Some(dialect)) => dialect,
        (None, None) => Dialect::Sqlite,
    };
    let (_, migrations) = list_migrations(&args.migrations)?;
    if migrations.is_empty() {
        return Err(CliError::Usage(format!(
            "`{}` holds no SQL migrations (expected <version>_<name>/up.sql, <ts>_<name>/migration.sql, \
             <version>_<name>.up.sql, V<n>__<name>.sql, Drizzle's <idx>_<name>.sql, Knex's <version>_<name>.js|ts \
             or TypeORM's <ms>-<Name>.ts); sea-orm's Rust migrations are verified by running them",
            args.migrations.display()
        )));
    }
    let mut db = ScratchDb::open(dialect, args.database_url.as_deref(), args.scratch)?;
    if !globals.quiet {
        println!("verifying {} migration(s) in {} on {}", migrations.len(), args.migrations.display(), db.describe());
    }
    let mut report = Report { quiet: globals.quiet, verbose: globals.verbose, failed: false };
    let mut previous = Schema::default();
    for migration in &migrations {
        match verify_one(migration, &previous, dialect, &mut db, &mut report)? {
            Some(next) => previous = next,
            None => {
                report.failed = true;
                break;
            }
        }
    }
    if report.failed {
        println!("verify failed: the migrations above drift from their SQL (see each `DRIFT` line)");
        Ok(ExitCode::from(1))
    } else {
        if !globals.quiet {
            println!("all {} migration(s) verified: up, down and up again match the replayed model", migrations.len());
        }
        Ok(ExitCode::SUCCESS)
    }
}

struct Report {
    quiet: bool,
    /// Also show the replay's notes (statements it skipped, interpretations it made).
    verbose: bool,
    failed: bool,
}

impl Report {
    fn drift(&mut self, file: &Path, step: &str, drifts: &[Drift]) {
        self.failed = true;
        println!("DRIFT {}: after {step}:", file.display());
        for drift in drifts {
            println!("    {drift}");
        }
    }

    fn failure(&mut self, file: &Path, step: &str, message: &str) {
        self.failed = true;
        println!("FAIL  {}: {step}: {message}", file.display());
    }

    fn ok(&self, label: &str, message: &str) {
        if !self.quiet {
            println!("ok    {label}: {message}");
        }
    }
}

/// Check one migration; the replayed model after it, or `None` when it failed (and was reported).
fn verify_one(
    migration: &Migration,
    previous: &Schema,
    dialect: Dialect,
    db: &mut ScratchDb,
    report: &mut Report,
) -> Result<Option<Schema>, CliError> {
    let label = format!("{}_{}", migration.version, migration.name);
    let up_text = migration.up_sql()?;
    let expected = match replay(previous, &up_text, &migration.up, dialect) {
        Ok(loaded) => {
            crate::report::render_diagnostics(&loaded.diagnostics, report.verbose, report.quiet);
            loaded.schema
        }
        // A migration codegen cannot read is bad input (exit 2), not drift: nothing was run.
        Err(ReadError::Invalid(diagnostics)) => return Err(CliError::Input(diagnostics)),
        Err(ReadError::Io { path, source }) => return Err(CliError::Read { path, source }),
    };
    let objects_before = db.objects()?;
    if let Err(message) = db.execute(&up_text) {
        report.failure(&migration.up, "up", &message);
        return Ok(None);
    }
    let drifts = db.compare(&expected)?;
    if !drifts.is_empty() {
        // The down would start from a database that is already wrong: stop here.
        report.drift(&migration.up, "up (the database differs from the model its SQL describes)", &drifts);
        return Ok(None);
    }
    let (Some(down_path), Some(down_text)) = (&migration.down, migration.down_sql()?) else {
        report.ok(&label, "up matches; no down file to check");
        return Ok(Some(expected));
    };
    let objects_up = db.objects()?;
    if let Err(message) = db.execute(&down_text) {
        report.failure(down_path, "down", &message);
        return Ok(None);
    }
    let mut back = db.compare(previous)?;
    extend_unique(&mut back, verify_objects::drifts(&objects_before, &db.objects()?));
    if !back.is_empty() {
        report.drift(down_path, "down (the schema did not return to the one before this migration)", &back);
        return Ok(None);
    }
    if let Err(message) = db.execute(&up_text) {
        report.failure(&migration.up, "up again, after the down", &message);
        return Ok(None);
    }
    let mut again = db.compare(&expected)?;
    extend_unique(&mut again, verify_objects::drifts(&objects_up, &db.objects()?));
    if !again.is_empty() {
        report.drift(&migration.up, "up again, after the down", &again);
        return Ok(None);
    }
    report.ok(&label, "up matches the replay; down returns to the previous schema; up again matches");
    Ok(Some(expected))
}

/// Add the drifts the catalog of objects shows that the model comparison did not (on SQLite both
/// see a trigger's text).
fn extend_unique(drifts: &mut Vec<Drift>, more: Vec<Drift>) {
    for drift in more {
        if !drifts.iter().any(|d| d.to_string() == drift.to_string()) {
            drifts.push(drift);
        }
    }
}

/// The model after applying `text` to `previous`, as codegen's migrations reader replays it.
fn replay(previous: &Schema, text: &str, file: &Path, dialect: Dialect) -> Result<Loaded, ReadError> {
    let mut reader = SqlReader::with_schema(previous.clone(), dialect);
    reader.apply_script(text, file);
    let mut loaded = reader.finish()?;
    if dialect == Dialect::Mysql {
        // MySQL names every primary key `PRIMARY`: the name the SQL gave is not kept, so the
        // database cannot be expected to report it.
        for table in &mut loaded.schema.tables {
            if let Some(key) = &mut table.primary_key {
                key.name = None;
            }
        }
    }
    Ok(loaded)
}

fn is_postgres(url: &str) -> bool {
    matches!(codegen_db::DatabaseUrl::parse(url), Ok(codegen_db::DatabaseUrl::Postgres(_)))
}

/// The database migrations are applied to.
enum ScratchDb {
    /// A temporary SQLite file, deleted with the folder.
    Sqlite {
        _dir: tempfile::TempDir,
        path: PathBuf,
        conn: rusqlite::Connection,
    },
    Postgres {
        url: String,
        client: Box<postgres::Client>,
    },
    Mysql {
        url: String,
        conn: Box<mysql::Conn>,
    },
}

impl ScratchDb {
    fn open(dialect: Dialect, url: Option<&str>, scratch: bool) -> Result<Self, CliError> {
        match (url, dialect) {
            (None, Dialect::Sqlite) => {
                let dir = tempfile::Builder::new()
                    .prefix("codegen-verify-")
                    .tempdir()
                    .map_err(|source| CliError::Write { path: std::env::temp_dir(), source })?;
                let path = dir.path().join("scratch.sqlite");
                let conn = rusqlite::Connection::open(&path)
                    .map_err(|e| CliError::Usage(format!("cannot create a SQLite database: {e}")))?;
                // A throwaway file: no fsync per statement (200 tables: 17.4 s -> 2.1 s, debug build).
                conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY;")
                    .map_err(|e| CliError::Usage(format!("cannot set up the SQLite database: {e}")))?;
                Ok(ScratchDb::Sqlite { _dir: dir, path, conn })
            }
            (None, other) => Err(CliError::Usage(format!(
                "verifying {other} migrations needs a database: pass --database-url (an empty scratch database)"
            ))),
            (Some(url), Dialect::Postgres) if is_postgres(url) => {
                let mut client = postgres::Client::connect(url, postgres::NoTls)
                    .map_err(|e| CliError::Usage(format!("cannot connect to {}: {e}", redact(url))))?;
                let objects = postgres_objects(&mut client).map_err(|e| pg_error(url, &e))?;
                if !objects.is_empty() {
                    if !scratch {
                        return Err(CliError::Usage(format!(
                            "{} is not empty (it holds {}); verify runs on an empty database, or pass --scratch to let it drop everything in it first",
                            redact(url),
                            objects.join(", ")
                        )));
                    }
                    wipe_postgres(&mut client).map_err(|e| pg_error(url, &e))?;
                }
                Ok(ScratchDb::Postgres { url: url.to_string(), client: Box::new(client) })
            }
            (Some(url), Dialect::Postgres) => Err(CliError::Usage(format!(
                "--database-url {} is not a postgres:// URL, but the migrations are PostgreSQL",
                redact(url)
            ))),
            (Some(url), Dialect::Mysql) if codegen_db::is_mysql_url(url) => {
                let mysql_error = |e: mysql::Error| CliError::Usage(format!("{}: {e}", redact(url)));
                let opts = mysql::Opts::from_url(&url.replacen("mariadb://", "mysql://", 1))
                    .map_err(|e| CliError::Usage(format!("--database-url {}: {e}", redact(url))))?;
                if opts.get_db_name().is_none_or(str::is_empty) {
                    return Err(CliError::Usage(format!(
                        "--database-url {} names no database: add /DATABASE to the URL",
                        redact(url)
                    )));
                }
                let mut conn = mysql::Conn::new(opts).map_err(mysql_error)?;
                let tables = mysql_tables(&mut conn).map_err(mysql_error)?;
                if !tables.is_empty() {
                    if !scratch {
                        return Err(CliError::Usage(format!(
                            "{} is not empty (it holds {} table(s) or view(s)); verify runs on an empty database, or pass --scratch to let it drop everything in it first",
                            redact(url),
                            tables.len()
                        )));
                    }
                    wipe_mysql(&mut conn, &tables).map_err(mysql_error)?;
                }
                Ok(ScratchDb::Mysql { url: url.to_string(), conn: Box::new(conn) })
            }
            (Some(url), Dialect::Mysql) => Err(CliError::Usage(format!(
                "--database-url {} is not a mysql:// or mariadb:// URL, but the migrations are MySQL",
                redact(url)
            ))),
            (Some(url), Dialect::Sqlite) => Err(CliError::Usage(format!(
                "--database-url {}: SQLite migrations run on a temporary file; leave out --database-url",
                redact(url)
            ))),
        }
    }

    fn describe(&self) -> String {
        match self {
            ScratchDb::Sqlite { .. } => "a temporary SQLite database".into(),
            ScratchDb::Postgres { url, .. } | ScratchDb::Mysql { url, .. } => redact(url),
        }
    }

    /// Run a migration script; the engine's message on failure.
    fn execute(&mut self, script: &str) -> Result<(), String> {
        match self {
            ScratchDb::Sqlite { conn, .. } => conn.execute_batch(script).map_err(|e| e.to_string()),
            ScratchDb::Postgres { client, .. } => {
                let message = |e: postgres::Error| match e.as_db_error() {
                    Some(db) => format!("{}: {}", db.severity(), db.message()),
                    None => e.to_string(),
                };
                // Several statements in one simple query run as one transaction, where
                // `CREATE INDEX CONCURRENTLY` is refused: such a script runs statement by
                // statement, as migration tools run a migration marked non-transactional.
                if script.to_ascii_uppercase().contains("CONCURRENTLY") {
                    let statements =
                        codegen_core::read::sql::parse_script(script, Path::new("up.sql"), Dialect::Postgres)
                            .map_err(|d| d.message)?;
                    for statement in statements {
                        client.batch_execute(&statement.text).map_err(message)?;
                    }
                    Ok(())
                } else {
                    client.batch_execute(script).map_err(message)
                }
            }
            ScratchDb::Mysql { conn, .. } => {
                use mysql::prelude::Queryable;
                // Drizzle's `--> statement-breakpoint` is no comment to MySQL, which wants a space
                // after `--`: drizzle-kit splits on it before running, and so does this.
                let script = without_drizzle_breakpoints(script);
                // Read every statement's result: `query_drop` drops the results after the first
                // unread, and with them the error of any later statement.
                let mut result = conn.query_iter(script.as_ref()).map_err(|e| e.to_string())?;
                while let Some(set) = result.iter() {
                    for row in set {
                        row.map_err(|e| e.to_string())?;
                    }
                }
                Ok(())
            }
        }
    }

    /// What differs between `expected` and the schema the database reports now. Database
    /// objects are compared where introspection reads them: SQLite keeps their statements
    /// verbatim, so by definition.
    // PostgreSQL and MySQL rewrite definitions as they store them, so their objects compare by
    // identity (the kinds introspection reads); `objects()` checks that a down restores each
    // definition exactly.
    fn compare(&mut self, expected: &Schema) -> Result<Vec<Drift>, CliError> {
        let objects = match self {
            ScratchDb::Sqlite { .. } => ObjectComparison::Definition,
            ScratchDb::Postgres { .. } => ObjectComparison::Identity(codegen_db::live_object_kinds(Dialect::Postgres)),
            ScratchDb::Mysql { .. } => ObjectComparison::Identity(codegen_db::live_object_kinds(Dialect::Mysql)),
        };
        Ok(compare_schemas_with(expected, &self.introspect()?, objects))
    }

    /// The database objects as the engine reports them (see [`verify_objects`]).
    fn objects(&mut self) -> Result<ObjectCatalog, CliError> {
        match self {
            ScratchDb::Sqlite { conn, .. } => verify_objects::sqlite(conn)
                .map_err(|e| CliError::Usage(format!("cannot read the SQLite catalog: {e}"))),
            ScratchDb::Postgres { url, client } => verify_objects::postgres(client).map_err(|e| pg_error(url, &e)),
            ScratchDb::Mysql { url, conn } => {
                verify_objects::mysql(conn).map_err(|e| CliError::Usage(format!("{}: {e}", redact(url))))
            }
        }
    }

    /// The schema as the database reports it now.
    fn introspect(&mut self) -> Result<Schema, CliError> {
        let loaded = match self {
            ScratchDb::Sqlite { path, .. } => codegen_db::read_sqlite_file(path)?,
            ScratchDb::Postgres { url, .. } => codegen_db::read_postgres(url, &[])?,
            ScratchDb::Mysql { url, .. } => codegen_db::read_mysql(url)?,
        };
        Ok(loaded.schema)
    }
}

fn pg_error(url: &str, error: &postgres::Error) -> CliError {
    CliError::Usage(format!("{}: {error}", redact(url)))
}

/// What a PostgreSQL database holds outside the system namespaces, described briefly.
fn postgres_objects(client: &mut postgres::Client) -> Result<Vec<String>, postgres::Error> {
    let rows = client.query(
        "select c.relkind::text, count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace \
         where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%' \
         and n.nspname not like 'pg_toast_temp%' group by 1 \
         union all select 'type', count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace \
         where n.nspname not in ('pg_catalog', 'information_schema') and t.typtype in ('e', 'd') \
         union all select 'schema', count(*) from pg_namespace where nspname not in \
         ('pg_catalog', 'information_schema', 'pg_toast', 'public') and nspname not like 'pg_temp%' \
         and nspname not like 'pg_toast_temp%'",
        &[],
    )?;
    let mut objects = Vec::new();
    for row in rows {
        let (kind, count): (String, i64) = (row.get(0), row.get(1));
        if count == 0 {
            continue;
        }
        let what = match kind.as_str() {
            "r" | "p" => "table(s)",
            "v" => "view(s)",
            "m" => "materialized view(s)",
            "S" => "sequence(s)",
            "i" | "I" => "index(es)",
            "type" => "type(s)",
            "schema" => "schema(s)",
            _ => "other relation(s)",
        };
        objects.push(format!("{count} {what}"));
    }
    objects.dedup();
    Ok(objects)
}

/// Drop every user namespace and recreate `public` empty (only with --scratch).
fn wipe_postgres(client: &mut postgres::Client) -> Result<(), postgres::Error> {
    let rows = client.query(
        "select nspname from pg_namespace where nspname not in ('pg_catalog', 'information_schema', 'pg_toast') \
         and nspname not like 'pg_temp%' and nspname not like 'pg_toast_temp%'",
        &[],
    )?;
    let mut script = String::new();
    for row in rows {
        let name: String = row.get(0);
        script.push_str(&format!("DROP SCHEMA \"{}\" CASCADE;\n", name.replace('"', "\"\"")));
    }
    script.push_str("CREATE SCHEMA public;\n");
    client.batch_execute(&script)
}

/// The tables and views of the connected MySQL database, with their kind.
fn mysql_tables(conn: &mut mysql::Conn) -> Result<Vec<(String, String)>, mysql::Error> {
    use mysql::prelude::Queryable;
    conn.query(
        "select table_name, table_type from information_schema.tables where table_schema = database() \
         order by table_name",
    )
}

/// Drop every table and view (only with --scratch); foreign keys off so the order does not matter.
fn wipe_mysql(conn: &mut mysql::Conn, tables: &[(String, String)]) -> Result<(), mysql::Error> {
    use mysql::prelude::Queryable;
    let mut script = String::from("SET FOREIGN_KEY_CHECKS = 0;\n");
    for (name, kind) in tables {
        let what = if kind.contains("VIEW") { "VIEW" } else { "TABLE" };
        script.push_str(&format!("DROP {what} `{}`;\n", name.replace('`', "``")));
    }
    script.push_str("SET FOREIGN_KEY_CHECKS = 1;\n");
    conn.query_drop(script)
}

/// A Drizzle migration's text with its `--> statement-breakpoint` lines blanked (they stand alone
/// between statements); any other text as it is.
fn without_drizzle_breakpoints(script: &str) -> std::borrow::Cow<'_, str> {
    use codegen_migrations::DRIZZLE_BREAKPOINT as BREAKPOINT;
    if !script.contains(BREAKPOINT) {
        return std::borrow::Cow::Borrowed(script);
    }
    let lines: Vec<&str> = script.lines().map(|line| if line.trim() == BREAKPOINT { "" } else { line }).collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

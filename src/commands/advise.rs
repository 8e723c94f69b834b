//! `codegen advise`: a workload of queries, the schema and the data volume in; ranked index
//! suggestions with their write cost, query rewrites and existing-index findings out, proven
//! with EXPLAIN on request, and the index changes as a reviewed migration.
//!
//! The analysis is codegen-advise's (pure); reading statistics, `pg_stat_statements` and the
//! proofs are codegen-db's; this module gathers the inputs, runs them and writes the outputs.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use codegen_advise::report::Advice;
use codegen_advise::stats::{Estimator, Stats, VolumeSource};
use codegen_advise::workload::{Rate, Workload};
use codegen_advise::{AdviseOptions, advise, names, render_text};
use codegen_core::{Diagnostic, Diagnostics, Dialect, Location, QualifiedName, Schema};
use codegen_db::advise::{InterimFill, ProofDatabase, ProveOptions, Scratch, live, prove};
use codegen_migrations::{DownGrade, LayoutOptions, MigrationFormat, MigrationText, Transaction, render_files_with};
use codegen_sql::migration::Reversibility;

use crate::CliError;
use crate::commands::Globals;
use crate::config::{AdviseConfig, SourceSettings, find_config, load_config};
use crate::source::redact;

/// How the advice is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

/// Advise indexes and query rewrites for a workload (docs/advise.md).
#[derive(Debug, Clone, clap::Args)]
pub struct AdviseArgs {
    /// The workload: SQL statements, each optionally after `-- calls: N/min` and `-- name: NAME`;
    /// `-- writes: table N/min` (or `table.column N/min`) lines anywhere.
    #[arg(long, value_name = "FILE", required_unless_present = "from_stats")]
    pub queries: Option<PathBuf>,

    /// The schema: a .sql file, a migrations folder, a SQLite file, a .json model or a .prisma
    /// schema (default: codegen.toml's [schema], else the --database-url's).
    #[arg(short, long, value_name = "SOURCE")]
    pub schema: Option<PathBuf>,

    /// A live database, only ever read: its schema (without --schema), its statistics (volumes,
    /// write rates, index usage) and, with --prove and HypoPG there, the proofs.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,

    /// The dialect the queries are written in and the database runs: postgres, mysql or sqlite.
    #[arg(short, long, value_name = "DIALECT")]
    pub dialect: Option<String>,

    /// The dialect a SQL schema source is written in, when it differs from --dialect.
    #[arg(long, value_name = "DIALECT")]
    pub schema_dialect: Option<String>,

    /// Rows per table, comma-separated: `experiments=1000000,users=50k`.
    #[arg(long, value_name = "TABLE=ROWS", value_delimiter = ',')]
    pub volumes: Vec<String>,

    /// Take the workload from the database's pg_stat_statements (its top statements by total time).
    #[arg(long, requires = "database_url")]
    pub from_stats: bool,

    /// How many statements --from-stats takes.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,

    /// Prove every suggestion with EXPLAIN: HypoPG hypothetical indexes where available, real
    /// index builds on a scratch database otherwise; rewrites must return the same rows.
    #[arg(long)]
    pub prove: bool,

    /// With --prove: also run the queries before and after on the scratch database and time them.
    #[arg(long, requires = "prove")]
    pub analyze: bool,

    /// A PostgreSQL or MySQL server URL where --prove may create (and drop) a scratch database
    /// filled at the stated volumes (SQLite: a temporary file).
    #[arg(long, value_name = "URL")]
    pub scratch_url: Option<String>,

    /// Do not use HypoPG even where it is installed: build every index on a scratch database.
    #[arg(long, requires = "prove")]
    pub no_hypopg: bool,

    /// The share by which an index must cut a query's cost (0.5 or 50%): the static bar, and
    /// with --prove the planner's estimate it must reach to stay.
    #[arg(long, value_name = "SHARE")]
    pub threshold: Option<String>,

    /// The report's format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub report: ReportFormat,

    /// Write the index changes as a migration: sql, diesel, sqlx, refinery, prisma or sea-orm.
    #[arg(long, value_name = "FORMAT", requires = "out")]
    pub migration: Option<String>,

    /// The migrations folder to add the migration to (with --migration).
    #[arg(short, long, value_name = "DIR", requires = "migration")]
    pub out: Option<PathBuf>,

    /// The migration's name.
    #[arg(long, value_name = "NAME", default_value = "advised_indexes")]
    pub name: String,

    /// The migration's version, instead of the clock (refinery: the next number).
    #[arg(long = "version", value_name = "VERSION")]
    pub migration_version: Option<String>,
}

pub fn run(args: AdviseArgs, globals: &Globals) -> Result<ExitCode, CliError> {
    let cwd = std::env::current_dir().map_err(|source| CliError::Read { path: ".".into(), source })?;
    let config_path = globals.config.clone().or_else(|| find_config(&cwd));
    let config = config_path.as_deref().map(load_config).transpose()?;
    let advise_config = config.as_ref().and_then(|c| c.advise.clone()).unwrap_or_default();
    let base = config_path.as_deref().and_then(Path::parent).map(Path::to_path_buf).unwrap_or(cwd);

    let dialect = dialect(&args, config.as_ref())?;
    let threshold = threshold(args.threshold.as_deref(), advise_config.threshold)?;
    let schema = load_schema(&args, config.as_ref(), &base, dialect, globals)?;

    let workload = read_workload(&args, dialect, &schema)?;
    let mut stats = match &args.database_url {
        Some(url) => {
            let mut conn = live::open_read_only(url).map_err(|e| database_error(url, &e))?;
            live::read_stats(&mut conn, &schema).map_err(|e| database_error(url, &e))?
        }
        None => Stats::default(),
    };
    let mut problems = Diagnostics::new();
    config_facts(&advise_config, config_path.as_deref(), &schema, dialect, &mut stats, &mut problems);
    flag_volumes(&args.volumes, &schema, dialect, &mut stats, &mut problems);
    if problems.has_errors() {
        return Err(CliError::Input(problems));
    }

    let options = AdviseOptions { threshold };
    let mut advice = advise(&schema, &workload, &stats, &options);

    let mut proof_notes = Vec::new();
    if args.prove {
        proof_notes = run_proofs(&args, &advise_config, &schema, &workload, &stats, &mut advice, threshold, globals)?;
    }

    match args.report {
        ReportFormat::Text => {
            let mut text = render_text(&advice);
            for note in &proof_notes {
                text.push_str(&format!("  - {note}\n"));
            }
            print!("{text}");
        }
        ReportFormat::Json => print!("{}", advice.to_json()),
    }
    render_errors(&advice, globals);

    if let (Some(format), Some(out)) = (&args.migration, &args.out) {
        write_migration(&args, format, out, &schema, &advice, globals)?;
    }
    Ok(if advice.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

fn dialect(args: &AdviseArgs, config: Option<&crate::config::Config>) -> Result<Dialect, CliError> {
    let parse = |text: &str, what: &str| {
        text.parse::<Dialect>()
            .map_err(|e: codegen_core::dialect::UnknownDialect| CliError::Usage(format!("{what}: {e}")))
    };
    if let Some(d) = &args.dialect {
        return parse(d, "--dialect");
    }
    if let Some(url) = &args.database_url {
        let url = codegen_db::DatabaseUrl::parse(url).map_err(|e| CliError::Usage(e.to_string()))?;
        return Ok(url.dialect());
    }
    if let Some(d) = config.and_then(|c| c.dialect.as_deref()) {
        return parse(d, "dialect in codegen.toml");
    }
    Ok(Dialect::Postgres)
}

/// `0.5`, `50%`: the share a cost must fall by.
fn threshold(flag: Option<&str>, config: Option<f64>) -> Result<f64, CliError> {
    let value = match flag {
        Some(text) => {
            let text = text.trim();
            let (number, percent) = match text.strip_suffix('%') {
                Some(n) => (n, true),
                None => (text, false),
            };
            let n: f64 = number
                .parse()
                .map_err(|_| CliError::Usage(format!("--threshold `{text}`: give a share like 0.5 or 50%")))?;
            if percent || n > 1.0 { n / 100.0 } else { n }
        }
        None => config.unwrap_or(0.5),
    };
    if !(0.0..1.0).contains(&value) {
        return Err(CliError::Usage(format!("the threshold must be between 0 and 100% (got {value})")));
    }
    Ok(value)
}

fn load_schema(
    args: &AdviseArgs,
    config: Option<&crate::config::Config>,
    base: &Path,
    dialect: Dialect,
    globals: &Globals,
) -> Result<Schema, CliError> {
    let path = match (&args.schema, &args.database_url, config.and_then(|c| c.schema.as_ref())) {
        (Some(path), _, _) => path.clone(),
        (None, Some(url), _) => PathBuf::from(url),
        (None, None, Some(schema)) => {
            if schema.path.is_absolute() {
                schema.path.clone()
            } else {
                base.join(&schema.path)
            }
        }
        (None, None, None) => {
            return Err(CliError::Usage(
                "no schema: pass --schema SOURCE or --database-url URL, or set [schema] in codegen.toml".into(),
            ));
        }
    };
    let dialect = match &args.schema_dialect {
        Some(d) => d
            .parse::<Dialect>()
            .map_err(|e: codegen_core::dialect::UnknownDialect| CliError::Usage(format!("--schema-dialect: {e}")))?,
        None => config
            .and_then(|c| c.schema.as_ref())
            .and_then(|s| s.dialect.as_deref())
            .and_then(|d| d.parse().ok())
            .unwrap_or(dialect),
    };
    let loaded =
        crate::source::load(&SourceSettings { path, dialect, schemas: Vec::new(), design: Default::default() })?;
    crate::report::render_diagnostics(&loaded.diagnostics, globals.verbose, globals.quiet);
    Ok(loaded.schema)
}

fn read_workload(args: &AdviseArgs, dialect: Dialect, schema: &Schema) -> Result<Workload, CliError> {
    if args.from_stats {
        let url = args.database_url.as_deref().unwrap_or_default();
        if dialect != Dialect::Postgres {
            return Err(CliError::Usage(
                "--from-stats reads pg_stat_statements: it needs a PostgreSQL --database-url".into(),
            ));
        }
        let mut conn = live::open_read_only(url).map_err(|e| database_error(url, &e))?;
        // Read more than asked: the catalog's own queries (and other applications') are left out.
        let top = live::top_statements(&mut conn, args.top.saturating_mul(5)).map_err(|e| database_error(url, &e))?;
        let statements: Vec<(String, Option<Rate>)> = top
            .into_iter()
            .filter(|s| codegen_advise::workload::touches_schema(&s.query, schema, dialect))
            .take(args.top)
            .map(|s| (s.query, Some(Rate::per_minute(s.calls_per_minute))))
            .collect();
        return Ok(Workload::from_statements(&statements, "pg_stat_statements", dialect));
    }
    let path = args.queries.as_deref().unwrap_or(Path::new(""));
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Read { path: path.to_path_buf(), source })?;
    Ok(Workload::read_str(&text, path, dialect))
}

fn database_error(url: &str, message: &str) -> CliError {
    CliError::Read { path: PathBuf::from(redact(url)), source: std::io::Error::other(message.to_string()) }
}

/// `1000000`, `1_000_000`, `250k`, `1.5m`.
fn parse_rows(text: &str) -> Option<u64> {
    let text = text.trim().to_ascii_lowercase().replace('_', "");
    let (number, factor) = match text.chars().last()? {
        'k' => (&text[..text.len() - 1], 1e3),
        'm' => (&text[..text.len() - 1], 1e6),
        'g' | 'b' => (&text[..text.len() - 1], 1e9),
        _ => (text.as_str(), 1.0),
    };
    let n: f64 = number.parse().ok()?;
    (n >= 0.0 && n.is_finite()).then(|| (n * factor).round() as u64)
}

/// A table name that is not in the schema, with the closest one as a hint.
fn unknown_table(schema: &Schema, table: &QualifiedName) -> Option<String> {
    let unknown = codegen_advise::check_volume_tables(schema, std::slice::from_ref(table));
    let found = unknown.first()?;
    Some(match &found.suggestion {
        Some(s) => format!("the schema has no table `{table}` (did you mean `{s}`?)"),
        None => format!("the schema has no table `{table}`"),
    })
}

/// `[advise.volumes]` and `[advise.writes]`, each bad entry a located error.
fn config_facts(
    config: &AdviseConfig,
    path: Option<&Path>,
    schema: &Schema,
    dialect: Dialect,
    stats: &mut Stats,
    problems: &mut Diagnostics,
) {
    let text = path.and_then(|p| std::fs::read_to_string(p).ok()).unwrap_or_default();
    let file: Arc<Path> = Arc::from(path.unwrap_or(Path::new("codegen.toml")));
    let locate = |span: std::ops::Range<usize>| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() as u32 + 1;
        let column = (before.len() - before.rfind('\n').map_or(0, |i| i + 1)) as u32 + 1;
        Some(Location::new(file.clone(), line, column))
    };
    for (table_text, value) in &config.volumes {
        let table = names::table_name(table_text, dialect);
        let location = locate(value.span());
        if let Some(message) = unknown_table(schema, &table) {
            problems.push(
                Diagnostic::error(format!("[advise.volumes] {message}")).with_object(table_text.clone()).at(location),
            );
            continue;
        }
        let rows = match value.get_ref() {
            toml::Value::Integer(n) if *n >= 0 => Some(*n as u64),
            toml::Value::String(s) => parse_rows(s),
            _ => None,
        };
        match rows {
            Some(rows) => stats.set_rows(&table, rows, VolumeSource::Config),
            None => problems.push(
                Diagnostic::error(format!(
                    "[advise.volumes] `{table_text}`: a volume is a row count like 1000000 or \"1m\""
                ))
                .with_object(table_text.clone())
                .at(location),
            ),
        }
    }
    for (target, value) in &config.writes {
        let (table, column) = names::table_and_column(target, dialect);
        let location = locate(value.span());
        let rate = match value.get_ref() {
            toml::Value::String(s) => Rate::parse(s),
            toml::Value::Integer(n) => Ok(Rate::per_minute(*n as f64)),
            toml::Value::Float(x) => Ok(Rate::per_minute(*x)),
            _ => Err("a rate is like \"300/min\"".to_string()),
        };
        let rate = match rate {
            Ok(rate) => rate,
            Err(message) => {
                problems.push(
                    Diagnostic::error(format!("[advise.writes] `{target}`: {message}"))
                        .with_object(target.clone())
                        .at(location),
                );
                continue;
            }
        };
        if let Some(message) = unknown_table(schema, &table) {
            problems
                .push(Diagnostic::error(format!("[advise.writes] {message}")).with_object(target.clone()).at(location));
            continue;
        }
        let entry = stats.table_mut(&table);
        match column {
            Some(column) => *entry.column_updates_per_minute.entry(column).or_default() += rate.per_minute,
            None => entry.writes_per_minute = Some(rate.per_minute),
        }
    }
}

fn flag_volumes(volumes: &[String], schema: &Schema, dialect: Dialect, stats: &mut Stats, problems: &mut Diagnostics) {
    for item in volumes.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        let Some((table_text, rows_text)) = item.split_once('=') else {
            problems.push(Diagnostic::error(format!("--volumes `{item}`: write TABLE=ROWS, like experiments=1000000")));
            continue;
        };
        let table = names::table_name(table_text, dialect);
        if let Some(message) = unknown_table(schema, &table) {
            problems
                .push(Diagnostic::error(format!("--volumes: {message}")).with_object(table_text.trim().to_string()));
            continue;
        }
        match parse_rows(rows_text) {
            Some(rows) => stats.set_rows(&table, rows, VolumeSource::Flag),
            None => problems.push(Diagnostic::error(format!("--volumes `{item}`: `{rows_text}` is not a row count"))),
        }
    }
}

/// Each query that could not be analysed, with its source line.
fn render_errors(advice: &Advice, globals: &Globals) {
    if advice.errors.is_empty() {
        return;
    }
    let mut diagnostics = Diagnostics::new();
    for error in &advice.errors {
        let location = Location::new(Arc::from(Path::new(&error.file)), error.line, error.column);
        diagnostics.push(
            Diagnostic::error(format!("{} (line {}): {}", error.label, error.line, error.message))
                .with_object(error.label.clone())
                .at(Some(location)),
        );
    }
    crate::report::render_diagnostics(&diagnostics, globals.verbose, globals.quiet);
    eprintln!("error: {} query(ies) could not be analysed; the others were", advice.errors.len());
}

#[allow(clippy::too_many_arguments)]
fn run_proofs(
    args: &AdviseArgs,
    config: &AdviseConfig,
    schema: &Schema,
    workload: &Workload,
    stats: &Stats,
    advice: &mut Advice,
    threshold: f64,
    globals: &Globals,
) -> Result<Vec<String>, CliError> {
    let dialect = advice.dialect;
    let options = ProveOptions { threshold, analyze: args.analyze, hypothetical: !args.no_hypopg };
    let progress = Progress::new(globals.quiet);
    let mut notes = Vec::new();
    // The given database proves with HypoPG when it has it (read-only, real data).
    let given = match (&args.database_url, dialect) {
        (Some(url), Dialect::Postgres) if !args.analyze && !args.no_hypopg => {
            let conn = live::open_read_only(url).map_err(|e| database_error(url, &e))?;
            let mut db = ProofDatabase { conn, name: redact(url), writable: false };
            codegen_db::advise::prove::hypopg_ready(&mut db).then_some(db)
        }
        _ => None,
    };
    let (mut db, _scratch) = match given {
        Some(db) => (db, None),
        None => {
            // Never the given database's server unless named: a scratch fill is real load.
            let server = args.scratch_url.clone().or_else(|| config.scratch_url.clone());
            if dialect != Dialect::Sqlite && server.is_none() {
                let hint = if dialect == Dialect::Postgres && args.database_url.is_some() {
                    " (the given database has no HypoPG, or --analyze needs real builds)"
                } else {
                    ""
                };
                return Err(CliError::Usage(format!(
                    "--prove on {dialect} needs a scratch database{hint}: pass --scratch-url URL (a server where \
                     codegen may create and drop a database) or set scratch_url in [advise]"
                )));
            }
            let scratch = Scratch::create(dialect, server.as_deref()).map_err(CliError::Usage)?;
            let est = Estimator::new(schema, stats);
            let volumes: BTreeMap<QualifiedName, u64> =
                schema.tables.iter().map(|t| (t.name.clone(), est.rows(&t.name) as u64)).collect();
            let rows: u64 = volumes.values().sum();
            progress.message(&format!(
                "filling a scratch database with {rows} rows ({})",
                codegen_db::advise::ScratchFill::describe(&InterimFill)
            ));
            let started = std::time::Instant::now();
            scratch.load(schema, &volumes, &InterimFill).map_err(CliError::Usage)?;
            notes.push(format!(
                "proofs ran on a scratch database ({}) filled with {rows} rows by the {} in {:.1} s",
                scratch.name,
                codegen_db::advise::ScratchFill::describe(&InterimFill),
                started.elapsed().as_secs_f64()
            ));
            let conn = scratch.connect().map_err(CliError::Usage)?;
            let name = format!("scratch database {}", scratch.name);
            (ProofDatabase { conn, name, writable: true }, Some(scratch))
        }
    };
    let summary = prove(advice, workload, &mut db, &options, &mut |m| progress.message(m)).map_err(CliError::Usage)?;
    progress.finish();
    notes.extend(summary.notes);
    Ok(notes)
}

/// A spinner on a terminal, nothing otherwise.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(Some(bar))
    }

    fn message(&self, text: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(text.to_string());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// The standing suggestions as a migration in `format`'s layout, lint-clean: indexes built
/// CONCURRENTLY outside a transaction on PostgreSQL (refinery, which cannot leave its
/// transaction, builds them plainly under a lock timeout and says so).
fn write_migration(
    args: &AdviseArgs,
    format: &str,
    out: &Path,
    schema: &Schema,
    advice: &Advice,
    globals: &Globals,
) -> Result<(), CliError> {
    let format: MigrationFormat = format.parse().map_err(|e| CliError::Usage(format!("--migration: {e}")))?;
    let dialect = advice.dialect;
    let script = match codegen_advise::migration::migration_script(schema, advice).map_err(CliError::Input)? {
        Some(script) => script,
        None => {
            if !globals.quiet {
                eprintln!("no index change stands: no migration written");
            }
            return Ok(());
        }
    };
    let mut text = MigrationText {
        up: script.up.clone(),
        down: script.down.clone(),
        grade: match script.grade {
            Reversibility::Lossless => DownGrade::Lossless,
            Reversibility::Lossy => DownGrade::Lossy,
            Reversibility::Irreversible => DownGrade::Irreversible,
        },
        notes: script.notes.clone(),
    };
    let concurrent = dialect == Dialect::Postgres;
    let transaction =
        if concurrent && format != MigrationFormat::Refinery { Transaction::None } else { Transaction::Framework };
    if concurrent && format == MigrationFormat::Refinery {
        blocking_for_refinery(&mut text);
    }
    let version = match &args.migration_version {
        Some(v) => v.clone(),
        None => super::diff::default_version(format, Some(out))?,
    };
    let layout = LayoutOptions { transaction, ..super::diff::layout_for(Some(out), false, dialect)? };
    let files =
        render_files_with(&text, format, &args.name, &version, &layout).map_err(|e| CliError::Usage(e.to_string()))?;
    super::diff::write_migration(&files, out)?;
    if !globals.quiet {
        for file in &files {
            eprintln!("wrote {}", out.join(&file.path).display());
        }
    }
    Ok(())
}

/// refinery runs each migration in a transaction, where CONCURRENTLY is refused: build plainly,
/// under a lock timeout, and say why the lint rule is allowed.
fn blocking_for_refinery(text: &mut MigrationText) {
    const ALLOW: &str = "-- codegen:allow index-without-concurrently refinery runs every migration in a transaction, \
                         where CONCURRENTLY is refused";
    let plain = |s: &String| {
        if s.contains("INDEX CONCURRENTLY ") {
            format!("{ALLOW}\n{}", s.replacen("INDEX CONCURRENTLY ", "INDEX ", 1))
        } else {
            s.clone()
        }
    };
    let mut up = vec!["SET lock_timeout = '5s'".to_string()];
    up.extend(text.up.iter().map(plain));
    text.up = up;
    text.down = text.down.iter().map(plain).collect();
    text.notes.retain(|n| !n.contains("CONCURRENTLY"));
    text.notes.push(
        "refinery runs every migration in a transaction: the indexes are built without CONCURRENTLY and block \
         writes to their tables while they build"
            .into(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_counts_and_thresholds_read_as_people_write_them() {
        assert_eq!(parse_rows("1_000_000"), Some(1_000_000));
        assert_eq!(parse_rows("250k"), Some(250_000));
        assert_eq!(parse_rows("1.5m"), Some(1_500_000));
        assert_eq!(parse_rows("lots"), None);
        assert_eq!(threshold(Some("50%"), None).unwrap(), 0.5);
        assert_eq!(threshold(Some("0.8"), None).unwrap(), 0.8);
        assert_eq!(threshold(None, Some(0.3)).unwrap(), 0.3);
        assert!(threshold(Some("150%"), None).is_err());
    }
}

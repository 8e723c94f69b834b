//! `codegen diff`: two schema sources in, one migration out, in a framework's layout.
//!
//! The diff comes from codegen-core (`diff_schemas`), its SQL from codegen-sql (`migration`), and
//! the files from codegen-migrations; this module reads the sources, picks the version, reports
//! warnings and writes the files through [`crate::output`] (staged, never over an existing file).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen_core::diff::{DiffOptions, Fill, HintsFile, RenameHints, diff_schemas};
use codegen_core::{Diagnostic, Diagnostics, Dialect, GeneratedFile};
use codegen_migrations::{DownGrade, LayoutOptions, MigrationFormat, MigrationText, Transaction, render_files_with};
use codegen_sql::migration::{MigrationOptions, Reversibility, phased, render_migration};

use crate::CliError;
use crate::commands::Globals;

use crate::config::{OutputSettings, SourceSettings};

#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The schema as it is now: a .sql file, a migrations folder, a SQLite file, a .json model,
    /// a .prisma schema, or a postgres:// or mysql:// URL.
    #[arg(long, value_name = "SOURCE")]
    pub from: PathBuf,

    /// The schema as it should be (same kinds of source as --from).
    #[arg(long, value_name = "SOURCE")]
    pub to: PathBuf,

    /// The database the migration is for: postgres, mysql or sqlite (SQL sources are read in it too).
    #[arg(short, long, value_name = "DIALECT")]
    pub dialect: String,

    /// The layout: sql, diesel, sqlx, refinery, prisma, sea-orm, knex, typeorm or drizzle.
    #[arg(short, long, value_name = "FORMAT")]
    pub format: String,

    /// The migrations folder to add the migration to; without it, `sql` prints to stdout.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// The migration's name (ASCII letters, digits and `_`).
    #[arg(short, long, value_name = "NAME", default_value = "schema_change")]
    pub name: String,

    /// The version to name the migration with, instead of the clock (refinery: the next number).
    #[arg(long = "version", value_name = "VERSION")]
    pub migration_version: Option<String>,

    /// A rename the diff cannot infer: `table.old=new`, `old_table=new_table`, `enum.old=new`; or a
    /// move of columns to another table: `move users.(theme, locale) -> user_preferences by user_id`.
    #[arg(long = "rename", value_name = "HINT")]
    pub renames: Vec<String>,

    /// A hints file: one rename or `move` a line, and `fill table.column = SQL` lines (`#` comments).
    #[arg(long = "renames", value_name = "FILE")]
    pub hints_file: Option<PathBuf>,

    /// How the up fills a new column from existing data: `table.column=SQL expression`.
    #[arg(long = "fill", value_name = "FILL")]
    pub fills: Vec<String>,

    /// Split column renames, type changes and NOT NULL additions into separately deployable
    /// migrations: expand, backfill, switch, contract (PostgreSQL and SQLite).
    #[arg(long)]
    pub phased: bool,

    /// Knex: write the migration as TypeScript (`.ts`) instead of JavaScript.
    #[arg(long)]
    pub typescript: bool,

    /// Rows per backfill batch with --phased, keyed on the primary key.
    #[arg(long, value_name = "ROWS", requires = "phased", value_parser = clap::value_parser!(u32).range(1..))]
    pub batch_size: Option<u32>,
}

pub fn run(args: DiffArgs, globals: &Globals) -> Result<ExitCode, CliError> {
    let dialect: Dialect = args
        .dialect
        .parse()
        .map_err(|e: codegen_core::dialect::UnknownDialect| CliError::Usage(format!("--dialect: {e}")))?;
    let format: MigrationFormat = args.format.parse().map_err(|e| CliError::Usage(format!("--format: {e}")))?;
    if args.out.is_none() && format != MigrationFormat::Sql {
        return Err(CliError::Usage(format!("--format {format} writes files: pass --out DIR (the migrations folder)")));
    }
    let options = diff_options(&args)?;

    let load = |path: &Path| {
        crate::source::load(&SourceSettings {
            path: path.to_path_buf(),
            dialect,
            schemas: Vec::new(),
            design: Default::default(),
        })
    };
    let from = load(&args.from)?;
    let to = load(&args.to)?;
    crate::report::render_diagnostics(&from.diagnostics, globals.verbose, globals.quiet);
    crate::report::render_diagnostics(&to.diagnostics, globals.verbose, globals.quiet);

    let diff = diff_schemas(&from.schema, &to.schema, &options);
    // A bad hint: the error report shows every diagnostic once, and nothing is written.
    if diff.diagnostics.has_errors() {
        return Err(CliError::Input(diff.diagnostics));
    }
    crate::report::render_diagnostics(&diff.diagnostics, globals.verbose, globals.quiet);
    if diff.is_empty() {
        if !globals.quiet {
            eprintln!("the schemas are the same: no migration written");
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.phased {
        return run_phased(&args, globals, format, dialect, &from.schema, &to.schema, &diff);
    }
    let script =
        render_migration(&from.schema, &to.schema, &diff, &MigrationOptions::new(dialect)).map_err(CliError::Input)?;
    crate::report::render_diagnostics(&script.diagnostics, globals.verbose, globals.quiet);
    crate::report::render_diagnostics(&warnings(&script, dialect), globals.verbose, globals.quiet);

    let text = MigrationText {
        up: script.up.clone(),
        down: script.down.clone(),
        grade: match script.grade {
            Reversibility::Lossless => DownGrade::Lossless,
            Reversibility::Lossy => DownGrade::Lossy,
            Reversibility::Irreversible => DownGrade::Irreversible,
        },
        notes: script.notes.clone(),
    };
    let version = match &args.migration_version {
        Some(version) => version.clone(),
        None => default_version(format, args.out.as_deref())?,
    };
    let layout = layout_options(&args, dialect)?;
    let files =
        render_files_with(&text, format, &args.name, &version, &layout).map_err(|e| CliError::Usage(e.to_string()))?;
    match &args.out {
        Some(out) => {
            write_migration(&files, out)?;
            if !globals.quiet {
                for file in &files {
                    eprintln!("wrote {}", out.join(&file.path).display());
                }
                if format == MigrationFormat::SeaOrm
                    && let Some(module) = files.first().and_then(|f| f.path.file_stem()).and_then(|s| s.to_str())
                {
                    eprintln!(
                        "register it in your migration crate: `mod {module};` in lib.rs, and \
                         `Box::new({module}::Migration)` last in `Migrator::migrations()`"
                    );
                }
                if format == MigrationFormat::TypeOrm {
                    eprintln!("add it to your DataSource's `migrations` (a glob such as \"migrations/*.ts\" finds it)");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        None => {
            for file in &files {
                println!("-- file: {}", file.path.display());
                print!("{}", file.contents);
                println!();
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `--phased`: one migration per step, versions in step order.
fn run_phased(
    args: &DiffArgs,
    globals: &Globals,
    format: MigrationFormat,
    dialect: Dialect,
    from: &codegen_core::model::Schema,
    to: &codegen_core::model::Schema,
    diff: &codegen_core::diff::SchemaDiff,
) -> Result<ExitCode, CliError> {
    let batch_size = args.batch_size.unwrap_or(phased::DEFAULT_BATCH_SIZE);
    let steps = phased::plan_phased(from, to, diff, dialect, &args.name, batch_size).map_err(CliError::Input)?;
    let versions = step_versions(format, args, steps.len())?;
    let mut files: Vec<GeneratedFile> = Vec::new();
    let mut journal = layout_options(args, dialect)?.drizzle_journal;
    for (i, (step, version)) in steps.iter().zip(&versions).enumerate() {
        let text = MigrationText {
            up: step.up.clone(),
            down: step.down.clone(),
            grade: DownGrade::Lossless,
            notes: step.notes.clone(),
        };
        let name = format!("{}_{}_{}", args.name, i + 1, step.kind.as_str());
        // refinery cannot leave its transaction: the step runs in it there.
        let transaction = if step.no_transaction && format != MigrationFormat::Refinery {
            Transaction::None
        } else {
            Transaction::Framework
        };
        let layout = LayoutOptions { transaction, drizzle_journal: journal.clone(), ..layout_options(args, dialect)? };
        let mut step_files =
            render_files_with(&text, format, &name, version, &layout).map_err(|e| CliError::Usage(e.to_string()))?;
        // Each Drizzle step appends to the journal the step before it wrote.
        if let Some(at) = step_files.iter().position(|f| f.path.as_path() == Path::new(DRIZZLE_JOURNAL)) {
            journal = Some(step_files[at].contents.clone());
            files.retain(|f| f.path.as_path() != Path::new(DRIZZLE_JOURNAL));
        }
        if let Some(comment) = step.down_comment {
            for file in step_files.iter_mut().filter(|f| is_down_file(&f.path)) {
                file.contents.push_str(comment);
            }
        }
        files.extend(step_files);
    }
    match &args.out {
        Some(out) => {
            write_migration(&files, out)?;
            if !globals.quiet {
                for file in &files {
                    eprintln!("wrote {}", out.join(&file.path).display());
                }
                eprintln!(
                    "{} steps: apply each one and deploy between them as its notes say (switch: deploy the application that uses the new columns)",
                    steps.len()
                );
            }
        }
        None => {
            for file in &files {
                println!("-- file: {}", file.path.display());
                print!("{}", file.contents);
                println!();
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn is_down_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n == "down.sql" || n.ends_with(".down.sql"))
}

/// One version per step, in order: the given or clock version for the first step, then the
/// next numbers (or the next seconds on the clock).
fn step_versions(format: MigrationFormat, args: &DiffArgs, steps: usize) -> Result<Vec<String>, CliError> {
    let number = |n: u64| if format == MigrationFormat::Drizzle { format!("{n:04}") } else { n.to_string() };
    if let Some(version) = &args.migration_version {
        let base: u64 = version.parse().map_err(|_| {
            CliError::Usage(format!(
                "--version `{version}`: with --phased, give a number (the steps take the next ones)"
            ))
        })?;
        return Ok((0..steps as u64).map(|i| number(base + i)).collect());
    }
    match format.clock_pattern() {
        Some(pattern) => {
            let now = chrono::Utc::now();
            Ok((0..steps as i64).map(|i| (now + chrono::Duration::seconds(i)).format(pattern).to_string()).collect())
        }
        None => {
            let first: u64 = default_version(format, args.out.as_deref())?.parse().unwrap_or(1);
            Ok((0..steps as u64).map(|i| number(first + i)).collect())
        }
    }
}

/// Renames and fills from the flags and the hints file.
fn diff_options(args: &DiffArgs) -> Result<DiffOptions, CliError> {
    let hint_error = |flag: &str| {
        let flag = flag.to_string();
        move |e: codegen_core::diff::HintError| CliError::Usage(format!("{flag}: {e}"))
    };
    let mut options = match &args.hints_file {
        Some(path) => {
            if !path.is_file() {
                return Err(CliError::Read {
                    path: path.clone(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
                });
            }
            DiffOptions::from_hints(HintsFile::read_file(path).map_err(hint_error("--renames"))?)
        }
        None => DiffOptions::new(RenameHints::default(), Vec::new()),
    };
    for hint in &args.renames {
        options.renames.add(hint).map_err(hint_error("--rename"))?;
    }
    for fill in &args.fills {
        options.fills.push(Fill::parse(fill).map_err(hint_error("--fill"))?);
    }
    Ok(options)
}

/// What the user should see before running the migration: a lossy or irreversible down, and
/// MySQL's implicit commit after every DDL statement.
fn warnings(script: &codegen_sql::migration::MigrationScript, dialect: Dialect) -> Diagnostics {
    let mut found = Diagnostics::new();
    match script.grade {
        Reversibility::Lossless => {}
        Reversibility::Lossy => found.push(
            Diagnostic::warning("the down migration is lossy: data the up drops cannot come back")
                .with_help("the notes at the top of the files say what is lost"),
        ),
        Reversibility::Irreversible => found.push(
            Diagnostic::warning("the down migration is irreversible: it cannot run once the new schema holds rows")
                .with_help("the notes at the top of the files say why"),
        ),
    }
    if dialect == Dialect::Mysql && script.up.len() > 1 {
        found.push(
            Diagnostic::warning(format!(
                "MySQL commits after every DDL statement: if one of the {} statements fails, the ones before it stay applied",
                script.up.len()
            ))
            .with_help("run it on a copy first (codegen verify --database-url ...)"),
        );
    }
    found
}

/// Drizzle's journal, relative to the migrations folder: the one file a migration rewrites.
const DRIZZLE_JOURNAL: &str = "meta/_journal.json";

/// What the layout needs besides the statements: Drizzle's journal as it is in the folder, the
/// clock, Knex's language.
fn layout_options(args: &DiffArgs, dialect: Dialect) -> Result<LayoutOptions, CliError> {
    layout_for(args.out.as_deref(), args.typescript, dialect)
}

/// The layout of a migration joining the folder `out`: Drizzle's journal found there, the clock.
pub(crate) fn layout_for(out: Option<&Path>, typescript: bool, dialect: Dialect) -> Result<LayoutOptions, CliError> {
    let journal_path = out.map(|out| out.join(DRIZZLE_JOURNAL));
    let drizzle_journal = match &journal_path {
        Some(path) if path.is_file() => {
            Some(std::fs::read_to_string(path).map_err(|source| CliError::Read { path: path.clone(), source })?)
        }
        _ => None,
    };
    Ok(LayoutOptions {
        dialect: Some(dialect),
        typescript,
        transaction: Transaction::Framework,
        drizzle_journal,
        when_millis: journal_clock_millis(),
        command: None,
    })
}

/// The clock Drizzle's journal records a migration at, in milliseconds: `SOURCE_DATE_EPOCH`
/// (seconds, the reproducible-builds convention) when set, so a checked-in example regenerates
/// byte for byte; else now.
fn journal_clock_millis() -> u64 {
    let pinned = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<u64>().ok());
    match pinned {
        Some(seconds) => seconds.saturating_mul(1000),
        None => u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0),
    }
}

/// Write a migration's files: never over a migration that exists, but Drizzle's journal is
/// rewritten with the new entry appended.
pub(crate) fn write_migration(files: &[GeneratedFile], out: &Path) -> Result<(), CliError> {
    let (journal, rest): (Vec<GeneratedFile>, Vec<GeneratedFile>) =
        files.iter().cloned().partition(|f| f.path.as_path() == Path::new(DRIZZLE_JOURNAL));
    refuse_existing(&rest, out)?;
    crate::output::emit(&rest, &OutputSettings { out: Some(out.to_path_buf()), check: false, force: false })?;
    if !journal.is_empty() {
        crate::output::emit(&journal, &OutputSettings { out: Some(out.to_path_buf()), check: false, force: true })?;
    }
    Ok(())
}

/// Never write over a migration that exists: a version collision is the user's to resolve.
pub(crate) fn refuse_existing(files: &[GeneratedFile], out: &Path) -> Result<(), CliError> {
    for file in files {
        let path = out.join(&file.path);
        if path.exists() {
            return Err(CliError::Usage(format!(
                "`{}` already exists: pick another --name or --version",
                path.display()
            )));
        }
    }
    Ok(())
}

/// The version from the clock (UTC) as the framework's CLI spells it; refinery's next number;
/// Drizzle's next index in its journal.
pub(crate) fn default_version(format: MigrationFormat, out: Option<&Path>) -> Result<String, CliError> {
    if format == MigrationFormat::Drizzle {
        let path = out.map(|out| out.join(DRIZZLE_JOURNAL));
        let next = match path.filter(|p| p.is_file()) {
            Some(path) => {
                let text =
                    std::fs::read_to_string(&path).map_err(|source| CliError::Read { path: path.clone(), source })?;
                let journal: codegen_migrations::DrizzleJournal = serde_json::from_str(&text)
                    .map_err(|e| CliError::Usage(format!("`{}` is not drizzle-kit's journal: {e}", path.display())))?;
                journal.next_index()
            }
            None => 0,
        };
        return Ok(format!("{next:04}"));
    }
    match format.clock_pattern() {
        Some(pattern) => Ok(chrono::Utc::now().format(pattern).to_string()),
        None => {
            let mut highest = 0u32;
            if let Some(out) = out
                && let Ok(entries) = std::fs::read_dir(out)
            {
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().to_string();
                    let number = name
                        .strip_prefix('V')
                        .and_then(|rest| rest.split_once("__"))
                        .and_then(|(n, _)| n.parse::<u32>().ok());
                    highest = highest.max(number.unwrap_or(0));
                }
            }
            Ok((highest + 1).to_string())
        }
    }
}

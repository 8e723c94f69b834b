//! `codegen backfill`: fill one column from an expression, in primary-key batches that commit
//! one by one, as a migration in a framework's layout (docs/backfill.md).
//!
//! The plan (checking the expression against the model) is codegen-core's, the SQL codegen-sql's
//! and the files codegen-migrations'; this module reads the schema and writes the files, and
//! writes nothing when the plan is refused.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen_core::Dialect;
use codegen_core::backfill::{BackfillRequest, plan_backfill};
use codegen_migrations::{DownGrade, LayoutOptions, MigrationFormat, MigrationText, Transaction, render_files_with};
use codegen_sql::migration::Reversibility;
use codegen_sql::migration::backfill::{BackfillOptions, DEFAULT_BATCH_SIZE, render_backfill};

use crate::CliError;
use crate::commands::Globals;
use crate::config::{SourceSettings, find_config, load_config};

/// Backfill a column in batches, as a restartable migration (docs/backfill.md).
#[derive(Debug, Clone, clap::Args)]
pub struct BackfillArgs {
    /// The schema the migration runs on: a .sql file, a migrations folder, a SQLite file, a .json
    /// model, a .prisma schema or a database URL (default: codegen.toml's [schema]).
    #[arg(short, long, value_name = "SOURCE")]
    pub schema: Option<PathBuf>,

    /// The table to fill (`experiments` or `schema.experiments`).
    #[arg(long, value_name = "TABLE")]
    pub table: String,

    /// The column and its new value: `experiment_duration = completed_at - created_at`.
    #[arg(long, value_name = "COLUMN = EXPRESSION")]
    pub set: String,

    /// Only rows for which this SQL condition holds get the value.
    #[arg(long = "where", value_name = "CONDITION")]
    pub condition: Option<String>,

    /// Set the column to NULL on the rows outside --where.
    #[arg(long, requires = "condition")]
    pub else_null: bool,

    /// Replace values the column already holds (the down is then irreversible); without it the
    /// migration stops before writing if a row in scope holds a different value.
    #[arg(long)]
    pub overwrite: bool,

    /// Rows per batch; each batch commits on its own.
    #[arg(long, value_name = "ROWS", default_value_t = DEFAULT_BATCH_SIZE, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch_size: u32,

    /// The database: postgres, mysql or sqlite (SQL sources are read in it too).
    #[arg(short, long, value_name = "DIALECT")]
    pub dialect: String,

    /// The layout: sql, diesel, sqlx, refinery, prisma, sea-orm, knex, typeorm or drizzle.
    #[arg(short, long, value_name = "FORMAT")]
    pub format: String,

    /// The migrations folder to add the migration to; without it, `sql` prints to stdout.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// The migration's name (ASCII letters, digits and `_`; default: backfill_<table>_<column>).
    #[arg(short, long, value_name = "NAME")]
    pub name: Option<String>,

    /// The version to name the migration with, instead of the clock (refinery: the next number).
    #[arg(long = "version", value_name = "VERSION")]
    pub migration_version: Option<String>,

    /// Knex: write the migration as TypeScript (`.ts`) instead of JavaScript.
    #[arg(long)]
    pub typescript: bool,
}

pub fn run(args: BackfillArgs, globals: &Globals) -> Result<ExitCode, CliError> {
    let dialect: Dialect = args
        .dialect
        .parse()
        .map_err(|e: codegen_core::dialect::UnknownDialect| CliError::Usage(format!("--dialect: {e}")))?;
    let format: MigrationFormat = args.format.parse().map_err(|e| CliError::Usage(format!("--format: {e}")))?;
    if args.out.is_none() && format != MigrationFormat::Sql {
        return Err(CliError::Usage(format!("--format {format} writes files: pass --out DIR (the migrations folder)")));
    }
    let schema_path = schema_path(&args, globals)?;
    let loaded = crate::source::load(&SourceSettings {
        path: schema_path,
        dialect,
        schemas: Vec::new(),
        design: Default::default(),
    })?;
    crate::report::render_diagnostics(&loaded.diagnostics, globals.verbose, globals.quiet);

    let request = BackfillRequest {
        table: args.table.clone(),
        set: args.set.clone(),
        condition: args.condition.clone(),
        else_null: args.else_null,
        overwrite: args.overwrite,
    };
    let plan = plan_backfill(&loaded.schema, &request, dialect).map_err(CliError::Input)?;
    crate::report::render_diagnostics(&plan.warnings, globals.verbose, globals.quiet);

    // PostgreSQL commits per batch only outside a transaction; refinery and drizzle-orm's
    // migrator always run in one.
    let in_transaction = matches!(format, MigrationFormat::Refinery | MigrationFormat::Drizzle);
    let name = match &args.name {
        Some(name) => name.clone(),
        None => default_name(&plan.table.name.name, &plan.column.name),
    };
    let options =
        BackfillOptions { dialect, batch_size: args.batch_size, commit_per_batch: !in_transaction, name: name.clone() };
    let script = render_backfill(&plan, &options);
    if in_transaction && dialect == Dialect::Postgres && !globals.quiet {
        eprintln!(
            "warning: {format} runs every migration in a transaction: the batches cannot commit one by one, so the \
             row locks are held until the whole backfill ends (for a large table use --format sql and run it with psql)"
        );
    }
    if script.grade == Reversibility::Irreversible && !globals.quiet {
        eprintln!("warning: the down migration is irreversible: the notes at the top of the files say why");
    }
    let mut notes = script.notes;
    if format == MigrationFormat::TypeOrm && dialect == Dialect::Postgres {
        // TypeORM throws ForbiddenTransactionModeOverrideError for `transaction = false` in its
        // default "all" mode, and reverts inside a transaction unless told "none".
        notes.push(
            "TypeORM: run it with `typeorm migration:run --transaction each` and revert it with \
             `typeorm migration:revert --transaction none`; its default mode refuses a migration that runs \
             outside a transaction"
                .into(),
        );
    }
    let text = MigrationText {
        up: script.up,
        down: script.down,
        grade: match script.grade {
            Reversibility::Lossless => DownGrade::Lossless,
            Reversibility::Lossy => DownGrade::Lossy,
            Reversibility::Irreversible => DownGrade::Irreversible,
        },
        notes,
    };
    let version = match &args.migration_version {
        Some(v) => v.clone(),
        None => super::diff::default_version(format, args.out.as_deref())?,
    };
    let transaction = if dialect != Dialect::Sqlite && format != MigrationFormat::Refinery {
        Transaction::None
    } else {
        Transaction::Framework
    };
    let layout = LayoutOptions {
        transaction,
        command: Some("codegen backfill"),
        ..super::diff::layout_for(args.out.as_deref(), args.typescript, dialect)?
    };
    let files =
        render_files_with(&text, format, &name, &version, &layout).map_err(|e| CliError::Usage(e.to_string()))?;
    match &args.out {
        Some(out) => {
            super::diff::write_migration(&files, out)?;
            if !globals.quiet {
                for file in &files {
                    eprintln!("wrote {}", out.join(&file.path).display());
                }
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

/// `--schema`, else codegen.toml's `[schema]` relative to the file.
fn schema_path(args: &BackfillArgs, globals: &Globals) -> Result<PathBuf, CliError> {
    if let Some(path) = &args.schema {
        return Ok(path.clone());
    }
    let cwd = std::env::current_dir().map_err(|source| CliError::Read { path: ".".into(), source })?;
    let config_path = globals.config.clone().or_else(|| find_config(&cwd));
    let config = config_path.as_deref().map(load_config).transpose()?;
    let base = config_path.as_deref().and_then(Path::parent).map(Path::to_path_buf).unwrap_or(cwd);
    match config.and_then(|c| c.schema) {
        Some(schema) if schema.path.is_absolute() => Ok(schema.path),
        Some(schema) => Ok(base.join(schema.path)),
        None => Err(CliError::Usage("no schema: pass --schema SOURCE or set [schema] in codegen.toml".into())),
    }
}

/// `backfill_<table>_<column>`, kept to the characters every framework takes.
fn default_name(table: &str, column: &str) -> String {
    let raw = format!("backfill_{table}_{column}");
    let name: String =
        raw.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    name.chars().take(60).collect()
}

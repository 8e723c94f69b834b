//! Command-line arguments.

use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};

/// Generate SQL DDL and code from one neutral database-schema model.
///
/// The schema source and defaults come from the nearest `codegen.toml` (this folder or a parent);
/// flags override it.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "codegen",
    version,
    about,
    long_about = None,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// What to generate: sql, json, diesel, sea-orm, prisma, drizzle, typeorm, kysely, or NAME for an external `codegen-NAME` plugin on PATH.
    #[arg(short, long, value_name = "TARGET", required = true)]
    pub target: Option<String>,

    /// Schema source: a .sql file, a domain description (.md, .txt) or design spec (.toml), a migrations folder, a SQLite database file, a .json model, or a database URL.
    #[arg(short, long, value_name = "PATH")]
    pub schema: Option<PathBuf>,

    /// Live database to read: postgres://, postgresql://, mysql:// or mariadb:// (DATABASE_URL is the last fallback).
    #[arg(long, value_name = "URL", conflicts_with = "schema")]
    pub database_url: Option<String>,

    /// Database dialect to generate for: postgres, mysql or sqlite (default: codegen.toml's, else the source's: a SQLite file is sqlite, a database URL its engine, SQL --schema-dialect or postgres).
    #[arg(short, long, value_name = "DIALECT")]
    pub dialect: Option<String>,

    /// Dialect the SQL source is written in, when it differs from --dialect.
    #[arg(long, value_name = "DIALECT")]
    pub schema_dialect: Option<String>,

    /// PostgreSQL namespaces to read from a database URL, comma-separated (default: all).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub schemas: Vec<String>,

    /// Folder to write into; without it, a single-file target prints to stdout.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Write nothing; exit 1 and show a diff when the files on disk differ from the output.
    #[arg(long)]
    pub check: bool,

    /// Overwrite files that do not carry codegen's "generated" marker.
    #[arg(long)]
    pub force: bool,

    /// Configuration file to use instead of searching for codegen.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Also show notes (statements skipped, interpretations made).
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Show errors only.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

impl Cli {
    /// The command line, parsed and checked. The global flags (`--config`, `-v`, `-q`) may come
    /// before a subcommand (`codegen -q lint ...`), as users write them; generation's own flags
    /// may not be given with a subcommand, where they would be silently ignored.
    pub fn parse_checked() -> Cli {
        let cli = Cli::parse();
        if let Some(flag) = cli.generation_flag_beside_subcommand() {
            Cli::command()
                .error(
                    ErrorKind::ArgumentConflict,
                    format!("`{flag}` belongs to generation (`codegen --target ...`), not to a subcommand: give the subcommand's own flags after its name"),
                )
                .exit();
        }
        cli
    }

    /// The first generation flag given together with a subcommand.
    fn generation_flag_beside_subcommand(&self) -> Option<&'static str> {
        self.command.as_ref()?;
        [
            (self.target.is_some(), "--target"),
            (self.schema.is_some(), "--schema"),
            (self.database_url.is_some(), "--database-url"),
            (self.dialect.is_some(), "--dialect"),
            (self.schema_dialect.is_some(), "--schema-dialect"),
            (!self.schemas.is_empty(), "--schemas"),
            (self.out.is_some(), "--out"),
            (self.check, "--check"),
            (self.force, "--force"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }
}

/// The chores beside generation; without one, codegen generates `--target`.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Diff two schemas into up/down migrations in a framework's format.
    Diff(crate::commands::diff::DiffArgs),
    /// Apply a migrations folder up, down and up again on a scratch database, checking every step.
    Verify(crate::commands::verify::VerifyArgs),
    /// Review migrations for data loss, locks, rollback and ordering problems.
    Lint(crate::commands::lint::LintArgs),
    /// Fill a database with realistic rows that satisfy every constraint, or write a seed script.
    Seed(crate::commands::seed::SeedArgs),
    /// Design a schema from a plain-language domain description (docs/design.md).
    Design(crate::commands::design::DesignArgs),
    /// Advise indexes and query rewrites for a workload, proven with EXPLAIN (docs/advise.md).
    Advise(crate::commands::advise::AdviseArgs),
    /// Fill a column from an expression in batches, as a restartable migration (docs/backfill.md).
    Backfill(crate::commands::backfill::BackfillArgs),
}

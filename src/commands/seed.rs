//! `codegen seed`: load realistic rows into a database through its bulk path, or write a seed
//! script that runs twice without error and without new rows.
//!
//! ```text
//! codegen seed [--schema SRC] --database-url URL [--plan seed.toml] [--scale N] [--seed S] [--truncate]
//! codegen seed [--schema SRC] --dialect D --format sql --out DIR [--plan ...] [--seed S]
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen_core::{Diagnostic, Diagnostics, Dialect};
use codegen_seed::plan::{Plan, parse_plan, parse_plan_in_config};
use codegen_seed::prepare::{SeedOptions, prepare};

use crate::CliError;
use crate::commands::Globals;
use crate::config::{SourceSettings, find_config};
use crate::source::redact;

#[derive(Debug, Clone, clap::Args)]
pub struct SeedArgs {
    /// Schema source (a .sql file, migrations folder, SQLite file, .json model, .prisma file or
    /// database URL); default: codegen.toml's [schema], then the database itself.
    #[arg(short, long, value_name = "SRC")]
    pub schema: Option<PathBuf>,

    /// The database to fill: postgres://, mysql://, mariadb://, or a SQLite file (sqlite://PATH).
    #[arg(long, value_name = "URL", env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// The seed plan (default: the [seed] table of codegen.toml, if any).
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,

    /// Multiply every table's row count.
    #[arg(long, value_name = "N")]
    pub scale: Option<f64>,

    /// The seed: the same schema, plan and seed give the same rows on every run and machine.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,

    /// A profile: dev (about ten rows a table), test (100), perf (10,000) or one of the plan's.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Delete the rows of every table in the schema first (in the same transaction).
    #[arg(long)]
    pub truncate: bool,

    /// Write a seed script instead of loading: `sql` (seed.sql), `knex` (codegen_seed.js) or
    /// `prisma` (seed.ts, for the client of the schema `codegen --target prisma` writes) or
    /// `diesel` / `sea-orm` (seed.rs, a `seed` function writing through the generated schema.rs
    /// or entities).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,

    /// With --format: the dialect of the script (default: the schema's).
    #[arg(short, long, value_name = "DIALECT")]
    pub dialect: Option<String>,

    /// With --format: the folder to write the script into (stdout without it).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// With --schema: the dialect the SQL source is written in.
    #[arg(long, value_name = "DIALECT")]
    pub schema_dialect: Option<String>,
}

pub fn run(args: SeedArgs, globals: &Globals) -> Result<ExitCode, CliError> {
    let cwd = std::env::current_dir().map_err(|source| CliError::Read { path: ".".into(), source })?;
    let config_path = globals.config.clone().or_else(|| find_config(&cwd));
    let plan = load_plan(args.plan.as_deref(), config_path.as_deref())?;
    let parse_dialect = |d: &str, what: &str| -> Result<Dialect, CliError> {
        d.parse().map_err(|e: codegen_core::dialect::UnknownDialect| CliError::Usage(format!("{what}: {e}")))
    };
    let writing = args.format.is_some() || args.out.is_some();
    let url = args.database_url.clone().filter(|u| !u.trim().is_empty());
    if !writing && url.is_none() {
        return Err(CliError::Usage(
            "codegen seed needs a target: --database-url URL to load rows, or --format sql [--out DIR] to write a script".into(),
        ));
    }
    // A URL codegen cannot use is the user's mistake (exit 2), found before anything is read.
    if let Some(url) = &url {
        codegen_db::DatabaseUrl::parse(url).map_err(|e| CliError::Usage(e.to_string()))?;
    }
    // The schema: --schema, codegen.toml's [schema], else the database itself.
    let (source, declared) = match (&args.schema, &config_path) {
        (Some(path), _) => (path.clone(), args.schema_dialect.clone()),
        (None, Some(config)) => match crate::config::load_config(config)?.schema {
            Some(schema) => {
                let base = config.parent().map(Path::to_path_buf).unwrap_or_default();
                (base.join(schema.path), args.schema_dialect.clone().or(schema.dialect))
            }
            None => (url.clone().map(PathBuf::from).ok_or_else(no_schema)?, args.schema_dialect.clone()),
        },
        (None, None) => (url.clone().map(PathBuf::from).ok_or_else(no_schema)?, args.schema_dialect.clone()),
    };
    let source_dialect = match declared {
        Some(d) => parse_dialect(&d, "--schema-dialect")?,
        None if codegen_db::is_mysql_url(&source.to_string_lossy()) => Dialect::Mysql,
        None => Dialect::Postgres,
    };
    let loaded = crate::source::load(&SourceSettings {
        path: source,
        dialect: source_dialect,
        schemas: Vec::new(),
        design: Default::default(),
    })?;
    crate::report::render_diagnostics(&loaded.diagnostics, globals.verbose, globals.quiet);
    let schema = loaded.schema;

    if writing {
        let format = args.format.as_deref().unwrap_or("sql");
        let file = match format {
            "sql" => "seed.sql",
            "knex" => "codegen_seed.js",
            "prisma" => "seed.ts",
            "diesel" | "sea-orm" => "seed.rs",
            other => {
                return Err(CliError::Usage(format!(
                    "--format {other}: codegen seed writes `sql`, `knex`, `prisma`, `diesel` and `sea-orm`"
                )));
            }
        };
        let dialect = match &args.dialect {
            Some(d) => parse_dialect(d, "--dialect")?,
            None => schema.dialect.unwrap_or(source_dialect),
        };
        let options = SeedOptions {
            seed: args.seed,
            dialect,
            scale: args.scale,
            profile: args.profile.clone(),
            existing: Default::default(),
        };
        let prepared = prepare(&schema, &plan, &options).map_err(CliError::Input)?;
        crate::report::render_diagnostics(&prepared.notes, globals.verbose, globals.quiet);
        // The framework files write through the code `codegen --target F` generates, with the
        // options of codegen.toml's `[targets.F]`: the same names and types.
        let target = target_options(config_path.as_deref(), format)?;
        let script = match format {
            "knex" => codegen_seed::render::knex::render_knex_seed(&prepared),
            "prisma" => {
                let options = codegen_prisma::PrismaOptions::from_json(&target, dialect).map_err(CliError::Input)?;
                codegen_seed::render::prisma::render_prisma_seed(&prepared, &options)
            }
            "diesel" => {
                let options = codegen_diesel::DieselOptions::from_json(&target, dialect).map_err(CliError::Input)?;
                codegen_seed::render::diesel::render_diesel_seed(&prepared, &options, "crate::schema")
            }
            "sea-orm" => {
                let options = codegen_sea_orm::SeaOrmOptions::from_json(&target, dialect).map_err(CliError::Input)?;
                codegen_seed::render::sea_orm::render_sea_orm_seed(&prepared, &options, "crate::entities")
            }
            _ => codegen_seed::render::sql::render_sql_script(&prepared),
        }
        .map_err(|e| generate_error(&e.to_string()))?;
        match &args.out {
            None => print!("{script}"),
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| CliError::Write { path: dir.clone(), source })?;
                let path = dir.join(file);
                // Written beside and renamed: a failure never leaves half a script.
                let temporary = dir.join(format!(".{file}.tmp"));
                std::fs::write(&temporary, &script)
                    .map_err(|source| CliError::Write { path: temporary.clone(), source })?;
                std::fs::rename(&temporary, &path).map_err(|source| CliError::Write { path: path.clone(), source })?;
                if !globals.quiet {
                    eprintln!(
                        "wrote {} ({} rows)",
                        path.display(),
                        prepared.tables.iter().map(|t| t.rows).sum::<u64>()
                    );
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }

    let url = url.expect("checked above");
    let run = codegen_db::seed::SeedRun {
        seed: args.seed,
        scale: args.scale,
        profile: args.profile.clone(),
        truncate: args.truncate,
        progress: !globals.quiet,
    };
    let report = codegen_db::seed::seed_url(&url, &schema, &plan, &run).map_err(|e| match e {
        codegen_db::seed::LoadError::Plan(diagnostics) => CliError::Input(diagnostics),
        codegen_db::seed::LoadError::Generate(message) => generate_error(&message),
        codegen_db::seed::LoadError::Database(message) => {
            CliError::Database(format!("{message}; nothing was loaded into {}", redact(&url)))
        }
    })?;
    if !globals.quiet {
        println!(
            "seeded {} rows into {} tables of {} in {:.2} s",
            report.rows,
            report.per_table.len(),
            redact(&url),
            report.elapsed.as_secs_f64()
        );
        if globals.verbose {
            for (table, rows) in &report.per_table {
                println!("    {table}: {rows}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The options of `[targets.NAME]` in codegen.toml, as the backend reads them (empty without one).
fn target_options(config: Option<&Path>, name: &str) -> Result<serde_json::Value, CliError> {
    let empty = serde_json::Value::Object(Default::default());
    let Some(config) = config else { return Ok(empty) };
    let Some(target) = crate::config::load_config(config)?.targets.remove(name) else { return Ok(empty) };
    serde_json::to_value(&target.options).map_err(|e| CliError::Usage(format!("[targets.{name}]: {e}")))
}

fn no_schema() -> CliError {
    CliError::Usage("no schema: pass --schema SRC or --database-url URL, or add a [schema] path to codegen.toml".into())
}

fn generate_error(message: &str) -> CliError {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(Diagnostic::error(message.to_string()));
    CliError::Input(diagnostics)
}

/// `--plan FILE`, else codegen.toml's `[seed]`, else an empty plan (everything inferred).
fn load_plan(plan: Option<&Path>, config: Option<&Path>) -> Result<Plan, CliError> {
    if let Some(path) = plan {
        let text =
            std::fs::read_to_string(path).map_err(|source| CliError::Read { path: path.to_path_buf(), source })?;
        return parse_plan(&text, path).map_err(CliError::Input);
    }
    if let Some(path) = config {
        let text =
            std::fs::read_to_string(path).map_err(|source| CliError::Read { path: path.to_path_buf(), source })?;
        if let Some(plan) = parse_plan_in_config(&text, path).map_err(CliError::Input)? {
            return Ok(plan);
        }
    }
    Ok(Plan::default())
}

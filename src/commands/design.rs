//! `codegen design`: a domain description (or its TOML spec) in, a schema out for any target,
//! its decisions explained, or a starter project folder.
//!
//! The design itself is codegen-design's; this module picks the dialect and target (flags, then
//! codegen.toml, then what the text states), renders, and writes through [`crate::output`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen_core::diff::{DiffOptions, RenameHints, diff_schemas};
use codegen_core::{Dialect, GeneratedFile, Schema};
use codegen_design::{Design, DesignOptions, DesignSettings, Spec};
use codegen_migrations::{DownGrade, MigrationFormat, MigrationText, render_files};
use codegen_sql::migration::{MigrationOptions, Reversibility, render_migration};

use crate::CliError;
use crate::commands::Globals;
use crate::config::{Config, OutputSettings, TargetSettings, find_config, load_config};

#[derive(Debug, Clone, clap::Args)]
pub struct DesignArgs {
    /// The description (plain sentences, Markdown allowed) or a TOML spec (`.toml`).
    #[arg(value_name = "FILE", required_unless_present = "print_spec_schema")]
    pub input: Option<PathBuf>,

    /// What to generate: sql, json, prisma, diesel, sea-orm (default: the ORM the text names, else sql).
    #[arg(short, long, value_name = "TARGET")]
    pub target: Option<String>,

    /// The database to design for: postgres, mysql or sqlite (default: codegen.toml's, else the text's, else postgres).
    #[arg(short, long, value_name = "DIALECT")]
    pub dialect: Option<String>,

    /// Folder to write into; without it, a single-file target prints to stdout.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Print the structured spec the sentences became (TOML), and nothing else.
    #[arg(long)]
    pub print_spec: bool,

    /// Print the JSON Schema of the spec form.
    #[arg(long)]
    pub print_spec_schema: bool,

    /// Print every decision with the sentence that caused it, and nothing else.
    #[arg(long)]
    pub explain: bool,

    /// Make every sentence not understood (in whole or in part) an error (exit 2).
    #[arg(long)]
    pub strict: bool,

    /// Write a starter project into DIR: schema.sql, codegen.toml and the first migration.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["out", "print_spec", "explain"])]
    pub init: Option<PathBuf>,

    /// With --init: the first migration's version (default: the clock, as the framework's CLI does).
    #[arg(long = "migration-version", value_name = "VERSION", requires = "init")]
    pub migration_version: Option<String>,

    /// Write nothing; exit 1 and show a diff when the files on disk differ from the output.
    #[arg(long)]
    pub check: bool,
}

fn parse_dialect(text: &str, what: &str) -> Result<Dialect, CliError> {
    text.parse().map_err(|e: codegen_core::dialect::UnknownDialect| CliError::Usage(format!("{what}: {e}")))
}

/// `[design]` of codegen.toml as options.
pub fn design_options(config: &Config) -> Result<DesignOptions, CliError> {
    match &config.design {
        Some(table) => DesignOptions::from_toml(table).map_err(CliError::Usage),
        None => Ok(DesignOptions::default()),
    }
}

pub fn run(args: DesignArgs, globals: &Globals) -> Result<ExitCode, CliError> {
    if args.print_spec_schema {
        print!("{}", Spec::json_schema());
        return Ok(ExitCode::SUCCESS);
    }
    let input = args.input.clone().expect("clap requires the input");
    let cwd = std::env::current_dir().map_err(|source| CliError::Read { path: ".".into(), source })?;
    let config_path = globals.config.clone().or_else(|| find_config(&cwd));
    let config = config_path.as_deref().map(load_config).transpose()?.unwrap_or_default();
    let explicit = match (&args.dialect, &config.dialect) {
        (Some(d), _) => Some(parse_dialect(d, "--dialect")?),
        (None, Some(d)) => Some(parse_dialect(d, "dialect in codegen.toml")?),
        (None, None) => None,
    };
    let settings = DesignSettings { options: design_options(&config)?, dialect: explicit, strict: args.strict };
    let design = codegen_design::design_file(&input, &settings)?;
    crate::report::render_diagnostics(&design.diagnostics, globals.verbose, globals.quiet);

    if args.print_spec {
        print!("{}", design.spec.to_toml());
        return Ok(ExitCode::SUCCESS);
    }
    if args.explain {
        print!("{}", codegen_design::explain(&design));
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = &args.init {
        return init(&design, &input, dir, args.migration_version.as_deref(), globals);
    }
    let target =
        args.target.clone().or_else(|| design.stated_orm().map(str::to_string)).unwrap_or_else(|| "sql".into());
    let files = render_target(&design, &target, &config)?;
    crate::output::emit(&files, &OutputSettings { out: args.out.clone(), check: args.check, force: false })
}

/// The target's files; SQL carries the decisions as comments.
fn render_target(design: &Design, target: &str, config: &Config) -> Result<Vec<GeneratedFile>, CliError> {
    let options = config
        .targets
        .get(target)
        .map(|t| serde_json::to_value(&t.options).expect("TOML values convert to JSON"))
        .unwrap_or_else(|| serde_json::Value::Object(Default::default()));
    let settings = TargetSettings { name: target.to_string(), dialect: design.dialect, options };
    let mut generated = crate::targets::generate(&settings, &design.schema)?;
    crate::report::render_diagnostics(&generated.diagnostics, false, false);
    if target == "sql" {
        for file in &mut generated.files {
            file.contents = codegen_design::annotate_sql(&file.contents, design);
        }
    }
    Ok(generated.files)
}

/// The migration layout of an ORM.
fn migration_format(orm: Option<&str>) -> MigrationFormat {
    match orm {
        Some("prisma") => MigrationFormat::Prisma,
        Some("diesel") => MigrationFormat::Diesel,
        Some("sea-orm") => MigrationFormat::SeaOrm,
        _ => MigrationFormat::Sqlx,
    }
}

/// `--init DIR`: schema.sql, codegen.toml and the first migration, into a folder that is new or empty.
fn init(
    design: &Design,
    input: &Path,
    dir: &Path,
    version: Option<&str>,
    globals: &Globals,
) -> Result<ExitCode, CliError> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(CliError::Usage(format!(
            "`{}` is not empty: --init writes only into a new or empty folder",
            dir.display()
        )));
    }
    let files = init_files(design, input, version)?;
    crate::output::emit(&files, &OutputSettings { out: Some(dir.to_path_buf()), check: false, force: false })?;
    if !globals.quiet {
        for file in &files {
            eprintln!("wrote {}", dir.join(&file.path).display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The files of a starter project, paths relative to its folder.
pub fn init_files(design: &Design, input: &Path, version: Option<&str>) -> Result<Vec<GeneratedFile>, CliError> {
    let dialect = design.dialect;
    let (sql, _) = codegen_sql::render_schema(&design.schema, dialect).map_err(CliError::Input)?;
    let sql = codegen_design::annotate_sql(&sql, design);
    let format = migration_format(design.stated_orm());
    let migration = first_migration(&design.schema, dialect)?;
    let version = match version {
        Some(v) => v.to_string(),
        None => match format.clock_pattern() {
            Some(pattern) => chrono::Utc::now().format(pattern).to_string(),
            None => "1".into(),
        },
    };
    let mut files = vec![GeneratedFile::new("schema.sql", sql)];
    let mut config = format!(
        "# Made by `codegen design {} --init`: the schema is schema.sql from now on.\ndialect = \"{dialect}\"\n\n[schema]\npath = \"schema.sql\"\ndialect = \"{dialect}\"\n",
        input.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
    );
    if let Some(orm) = design.stated_orm() {
        let out = match orm {
            "prisma" => "prisma",
            "diesel" => "src",
            _ => "src/entities",
        };
        config.push_str(&format!("\n[targets.{orm}]\nout = \"{out}\"\n"));
    }
    files.push(GeneratedFile::new("codegen.toml", config));
    let rendered = render_files(&migration, format, "init", &version).map_err(|e| CliError::Usage(e.to_string()))?;
    files.extend(rendered.into_iter().map(|f| GeneratedFile::new(Path::new("migrations").join(&f.path), f.contents)));
    Ok(files)
}

/// Up: everything from nothing, the carried objects (functions, triggers) included: the diff
/// from an empty schema creates them after the tables, and its down drops them first.
pub fn first_migration(schema: &Schema, dialect: Dialect) -> Result<MigrationText, CliError> {
    let empty = Schema::default();
    let diff = diff_schemas(&empty, schema, &DiffOptions::new(RenameHints::default(), Vec::new()));
    let script = render_migration(&empty, schema, &diff, &MigrationOptions::new(dialect)).map_err(CliError::Input)?;
    Ok(MigrationText {
        up: script.up,
        down: script.down,
        grade: match script.grade {
            Reversibility::Lossless => DownGrade::Lossless,
            Reversibility::Lossy => DownGrade::Lossy,
            Reversibility::Irreversible => DownGrade::Irreversible,
        },
        notes: script.notes,
    })
}

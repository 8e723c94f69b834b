//! How the flags and `codegen.toml` combine into the settings of one run. Apart from
//! `config.rs` (the file and the settings' types), which the commands import: this is the one
//! place that reads `Cli`, so no command's module imports the CLI's definition back.

use std::path::{Path, PathBuf};

use codegen_core::Dialect;

use crate::cli::Cli;
use crate::config::{Config, OutputSettings, Settings, SourceSettings, TargetSettings, find_config, load_config};
use crate::error::CliError;
use crate::source::SourceKind;

fn parse_dialect(value: &str, what: &str) -> Result<Dialect, CliError> {
    value.parse().map_err(|e: codegen_core::dialect::UnknownDialect| CliError::Usage(format!("{what}: {e}")))
}

/// The dialect of a source that is a database: a PostgreSQL or MySQL URL, or a SQLite file.
fn database_dialect(path: &Path) -> Option<Dialect> {
    match crate::source::detect(path).ok()? {
        SourceKind::Postgres => Some(Dialect::Postgres),
        SourceKind::Mysql => Some(Dialect::Mysql),
        SourceKind::SqliteDatabase => Some(Dialect::Sqlite),
        SourceKind::SqlFile
        | SourceKind::Design
        | SourceKind::MigrationsDir
        | SourceKind::JsonModel
        | SourceKind::PrismaSchema => None,
    }
}

/// Combine flags and configuration: flags win, then the target's table, then the file's top level.
pub fn resolve(cli: &Cli) -> Result<Settings, CliError> {
    let cwd = std::env::current_dir().map_err(|source| CliError::Read { path: ".".into(), source })?;
    let config_path = match &cli.config {
        Some(path) => Some(path.clone()),
        None => find_config(&cwd),
    };
    let (config, base) = match &config_path {
        Some(path) => (load_config(path)?, path.parent().map(Path::to_path_buf).unwrap_or_default()),
        None => (Config::default(), cwd.clone()),
    };
    let relative_to_config = |p: &Path| {
        if p.is_absolute() || p.to_string_lossy().contains("://") { p.to_path_buf() } else { base.join(p) }
    };
    let flag_dialect = cli.dialect.as_deref().map(|d| parse_dialect(d, "--dialect")).transpose()?;
    let config_dialect = config.dialect.as_deref().map(|d| parse_dialect(d, "dialect in codegen.toml")).transpose()?;

    // A source, in order: --schema, --database-url, codegen.toml's [schema], then DATABASE_URL.
    let url_source = cli.database_url.clone().map(PathBuf::from);
    let env_source = || std::env::var("DATABASE_URL").ok().filter(|u| !u.trim().is_empty()).map(PathBuf::from);
    let schema_source = cli.schema.clone().or(url_source);
    let env_source = if schema_source.is_none() && config.schema.is_none() { env_source() } else { None };
    let (path, source_dialect) = match (schema_source.as_ref().or(env_source.as_ref()), &config.schema) {
        (Some(path), _) => {
            let dialect = cli.schema_dialect.as_deref().map(|d| parse_dialect(d, "--schema-dialect")).transpose()?;
            (path.clone(), dialect.or(flag_dialect).or(config_dialect))
        }
        (None, Some(schema)) => {
            let dialect = match (&cli.schema_dialect, &schema.dialect) {
                (Some(d), _) => Some(parse_dialect(d, "--schema-dialect")?),
                (None, Some(d)) => Some(parse_dialect(d, "schema.dialect in codegen.toml")?),
                (None, None) => config_dialect.or(flag_dialect),
            };
            (relative_to_config(&schema.path), dialect)
        }
        (None, None) => {
            return Err(CliError::Usage(
                "no schema source: pass --schema PATH or --database-url URL, add a [schema] path to codegen.toml, \
                 or set DATABASE_URL"
                    .into(),
            ));
        }
    };
    // A database (a URL or a SQLite file) speaks its engine's dialect, whatever the flags say; a
    // description, the database it states; SQL files and migrations default to PostgreSQL.
    let stated = || crate::source::is_design_source(&path).then(|| codegen_design::stated_dialect(&path)).flatten();
    let source_dialect = database_dialect(&path).or(source_dialect).or_else(stated).unwrap_or(Dialect::Postgres);
    let design = crate::commands::design::design_options(&config)?;

    let target_name = cli.target.clone().unwrap_or_default();
    let target_config = config.targets.get(&target_name);
    let target_dialect = match (flag_dialect, target_config.and_then(|t| t.dialect.as_deref())) {
        (Some(d), _) => d,
        (None, Some(d)) => parse_dialect(d, &format!("targets.{target_name}.dialect in codegen.toml"))?,
        (None, None) => config_dialect.unwrap_or(source_dialect),
    };
    let options = target_config
        .map(|t| serde_json::to_value(&t.options).expect("TOML values convert to JSON"))
        .unwrap_or_else(|| serde_json::Value::Object(Default::default()));
    let out = cli.out.clone().or_else(|| target_config.and_then(|t| t.out.as_deref()).map(relative_to_config));

    Ok(Settings {
        source: SourceSettings { path, dialect: source_dialect, schemas: cli.schemas.clone(), design },
        target: TargetSettings { name: target_name, dialect: target_dialect, options },
        output: OutputSettings { out, check: cli.check, force: cli.force },
    })
}

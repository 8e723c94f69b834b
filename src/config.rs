//! `codegen.toml` and the settings of one run; `settings.rs` combines the file with the flags.
//!
//! ```toml
//! dialect = "postgres"            # the database the generated code targets
//!
//! [schema]
//! path = "db/schema.sql"          # relative to this file
//! dialect = "postgres"            # what the SQL source is written in
//!
//! [targets.sql]
//! out = "generated/sql"           # where `--target sql` writes (stdout without it)
//! dialect = "sqlite"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen_core::Dialect;
use serde::Deserialize;

use crate::error::CliError;

pub const CONFIG_FILE: &str = "codegen.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub dialect: Option<String>,
    pub schema: Option<SchemaConfig>,
    #[serde(default)]
    pub targets: BTreeMap<String, TargetConfig>,
    /// `[lint]`: settings of `codegen lint`.
    pub lint: Option<LintConfig>,
    /// `[seed]`: the seed plan of `codegen seed` (read by codegen-seed, with locations).
    pub seed: Option<toml::Table>,
    /// `[design]`: the conventions of `codegen design` (docs/design.md).
    pub design: Option<toml::Table>,
    /// `[advise]`: settings of `codegen advise`.
    pub advise: Option<AdviseConfig>,
}

/// `[advise]`: the threshold, where scratch databases go, and what is known about the data.
///
/// ```toml
/// [advise]
/// threshold = 0.5                     # an index must cut the planner's cost by half to stay
/// scratch_url = "postgres://localhost/postgres"   # where --prove may create scratch databases
/// [advise.volumes]
/// experiments = 1_000_000             # or "1m"
/// [advise.writes]
/// experiments = "300/min"
/// "experiments.status" = "60/min"     # updates that change the column
/// ```
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdviseConfig {
    pub threshold: Option<f64>,
    pub scratch_url: Option<String>,
    #[serde(default)]
    pub volumes: BTreeMap<String, toml::Spanned<toml::Value>>,
    #[serde(default)]
    pub writes: BTreeMap<String, toml::Spanned<toml::Value>>,
}

/// `[lint]`: a preset (`default` or `strict`) and per-rule levels (`rule-id = "error"|"warning"|"off"`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    pub preset: Option<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaConfig {
    pub path: PathBuf,
    pub dialect: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct TargetConfig {
    pub out: Option<PathBuf>,
    pub dialect: Option<String>,
    /// Backend-specific options, passed through (plugins receive them as JSON).
    #[serde(flatten)]
    pub options: toml::Table,
}

/// Where the schema comes from.
#[derive(Debug, Clone)]
pub struct SourceSettings {
    pub path: PathBuf,
    pub dialect: Dialect,
    /// Namespaces to read when `path` is a PostgreSQL URL; empty means all.
    pub schemas: Vec<String>,
    /// Conventions when `path` is a domain description or design spec.
    pub design: codegen_design::DesignOptions,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct TargetSettings {
    pub name: String,
    pub dialect: Dialect,
    pub options: serde_json::Value,
}

/// Where the output goes.
#[derive(Debug, Clone)]
pub struct OutputSettings {
    pub out: Option<PathBuf>,
    pub check: bool,
    pub force: bool,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub source: SourceSettings,
    pub target: TargetSettings,
    pub output: OutputSettings,
}

/// The nearest `codegen.toml` from `start` upward.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(CONFIG_FILE)).find(|p| p.is_file())
}

/// Load a configuration file, with the span of any error for the report.
pub fn load_config(path: &Path) -> Result<Config, CliError> {
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Read { path: path.to_path_buf(), source })?;
    toml::from_str(&text).map_err(|e| CliError::Config {
        path: path.to_path_buf(),
        message: e.message().to_string(),
        span: e.span(),
    })
}

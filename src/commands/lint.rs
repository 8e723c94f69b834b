//! `codegen lint`: review migrations for data loss, locks, rollback and ordering problems.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen_core::Dialect;
use codegen_core::lint::{Finding, Level, LintError, LintOptions, LintReport, Preset, rule_by_id};
use codegen_core::model::Schema;
use codegen_db::facts::FactSource;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use crate::CliError;
use crate::commands::Globals;
use crate::config::{LintConfig, SourceSettings, find_config, load_config};

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// file:line:col, the statement, the reason and the fix.
    Text,
    /// One JSON object with every finding.
    Json,
    /// GitHub Actions workflow annotations (`::error file=..,line=..::`).
    Github,
}

/// Review migrations statement by statement (rules: docs/lint.md).
#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {
    /// A migration file, or a migrations folder (diesel, sqlx, refinery, Prisma, Drizzle, Knex or TypeORM layout).
    #[arg(value_name = "PATH")]
    pub path: PathBuf,

    /// Dialect the migrations are written in: postgres, mysql or sqlite (default: codegen.toml's).
    #[arg(short, long, value_name = "DIALECT")]
    pub dialect: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,

    /// A database to count affected rows on (SQLite file path, sqlite://, postgres:// or mysql:// URL); read-only.
    /// A lone migration file (no earlier migrations beside it) is also checked against its schema.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,

    /// The schema the first linted migration runs on: a SQL dump, a migrations folder, a SQLite
    /// file, a Prisma schema, a JSON model or a database URL (read-only).
    #[arg(long, value_name = "SOURCE")]
    pub schema: Option<PathBuf>,

    /// Dialect the --schema source is written in, when it differs from --dialect.
    #[arg(long, value_name = "DIALECT", requires = "schema")]
    pub schema_dialect: Option<String>,

    /// Rule preset: default, or strict (also the preference rules). Overrides codegen.toml's.
    #[arg(long, value_name = "PRESET")]
    pub preset: Option<String>,

    /// The application's source folder (repeatable): renames are reported only where the code reads the old name.
    #[arg(long, value_name = "DIR")]
    pub code: Vec<PathBuf>,
}

pub fn run(args: LintArgs, globals: &Globals) -> Result<ExitCode, CliError> {
    let cwd = std::env::current_dir().map_err(|source| CliError::Read { path: ".".into(), source })?;
    let config_path = globals.config.clone().or_else(|| find_config(&cwd));
    let config = config_path.as_deref().map(load_config).transpose()?;
    let lint_config = config.as_ref().and_then(|c| c.lint.clone()).unwrap_or_default();
    let dialect_text =
        args.dialect.clone().or_else(|| config.as_ref().and_then(|c| c.dialect.clone())).ok_or_else(|| {
            CliError::Usage(
                "`codegen lint` needs --dialect (postgres, mysql or sqlite) or `dialect` in codegen.toml".into(),
            )
        })?;
    let dialect: Dialect = dialect_text
        .parse()
        .map_err(|e: codegen_core::dialect::UnknownDialect| CliError::Usage(format!("--dialect: {e}")))?;
    let mut options = options(dialect, args.preset.as_deref(), &lint_config)?;
    for dir in &args.code {
        if !dir.is_dir() {
            return Err(CliError::Usage(format!("--code: `{}` is not a folder", dir.display())));
        }
    }
    options.code = args.code.clone();
    if !args.path.exists() {
        return Err(CliError::Usage(format!("`{}` does not exist", args.path.display())));
    }
    options.base = base_schema(&args, dialect, globals)?;
    let mut report = codegen_core::lint::lint_path(&args.path, &options).map_err(|e| match e {
        LintError::Io { path, source } => CliError::Read { path, source },
        other => CliError::Usage(other.to_string()),
    })?;
    if let Some(url) = &args.database_url {
        add_facts(&mut report, url, globals.verbose)?;
    }
    let out = match args.format {
        LintFormat::Text => render_text(&report),
        LintFormat::Json => render_json(&report),
        LintFormat::Github => render_github(&report),
    };
    print!("{out}");
    Ok(if report.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The schema the first migration runs on: `--schema`, or for a lone file the `--database-url`
/// database's own schema.
fn base_schema(args: &LintArgs, dialect: Dialect, globals: &Globals) -> Result<Option<Schema>, CliError> {
    let path = match (&args.schema, &args.database_url) {
        (Some(path), _) => path.clone(),
        (None, Some(url)) if codegen_core::lint::is_lone_file(&args.path) => PathBuf::from(url),
        _ => return Ok(None),
    };
    let dialect = match &args.schema_dialect {
        Some(d) => d
            .parse::<Dialect>()
            .map_err(|e: codegen_core::dialect::UnknownDialect| CliError::Usage(format!("--schema-dialect: {e}")))?,
        None => dialect,
    };
    let loaded =
        crate::source::load(&SourceSettings { path, dialect, schemas: Vec::new(), design: Default::default() })?;
    crate::report::render_diagnostics(&loaded.diagnostics, globals.verbose, globals.quiet);
    Ok(Some(loaded.schema))
}

/// The preset and per-rule levels: flags over codegen.toml over the defaults.
fn options(dialect: Dialect, preset_flag: Option<&str>, config: &LintConfig) -> Result<LintOptions, CliError> {
    let mut options = LintOptions::new(dialect);
    if let Some(preset) = preset_flag.or(config.preset.as_deref()) {
        let what = if preset_flag.is_some() { "--preset" } else { "lint.preset in codegen.toml" };
        options.preset = preset.parse::<Preset>().map_err(|e| CliError::Usage(format!("{what}: {e}")))?;
    }
    for (rule, level) in &config.rules {
        if rule_by_id(rule).is_none() {
            return Err(CliError::Usage(format!(
                "lint.rules in codegen.toml: unknown rule `{rule}` (see docs/lint.md)"
            )));
        }
        let level: Level =
            level.parse().map_err(|e| CliError::Usage(format!("lint.rules.{rule} in codegen.toml: {e}")))?;
        options.levels.insert(rule.clone(), level);
    }
    Ok(options)
}

/// Count each finding's fact on the database; a count that fails (the table does not exist yet,
/// say) leaves the finding as it is.
fn add_facts(report: &mut LintReport, url: &str, verbose: bool) -> Result<(), CliError> {
    let mut source = FactSource::open(url).map_err(|e| CliError::Read {
        path: PathBuf::from(codegen_db::redact_url(url)),
        source: std::io::Error::other(e.to_string()),
    })?;
    let mut cache: HashMap<String, Option<u64>> = HashMap::new();
    for finding in &mut report.findings {
        let Some(fact) = &finding.fact else { continue };
        let key = serde_json::to_string(fact).unwrap_or_default();
        let count = *cache.entry(key).or_insert_with(|| match source.count(fact) {
            Ok(n) => Some(n),
            Err(e) => {
                if verbose {
                    eprintln!("note: {}: {e}", finding.location);
                }
                None
            }
        });
        finding.fact_text = count.map(|n| fact.describe(n));
    }
    Ok(())
}

fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
}

/// Findings per level: errors, warnings, notes.
fn counts(report: &LintReport) -> (usize, usize, usize) {
    let count = |level: Level| report.findings.iter().filter(|f| f.level == level).count();
    (count(Level::Error), count(Level::Warning), count(Level::Note))
}

fn summary(report: &LintReport) -> String {
    let (errors, warnings, notes) = counts(report);
    let mut line = format!(
        "{errors} error(s), {warnings} warning(s) in {} file(s), {} statement(s)",
        report.files, report.statements
    );
    if notes > 0 {
        line.push_str(&format!("; {notes} note(s) on what could not be checked"));
    }
    if report.suppressed > 0 {
        line.push_str(&format!("; {} allowed by `-- codegen:allow`", report.suppressed));
    }
    line
}

/// Byte offset of a 1-based line and column (columns count characters).
fn offset_of(text: &str, line: u32, column: u32) -> Option<usize> {
    let line_start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line as usize - 2).map(|(i, _)| i + 1)? };
    let rest = &text[line_start..];
    let within = rest.char_indices().nth(column.saturating_sub(1) as usize).map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

fn render_text(report: &LintReport) -> String {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(110);
    let mut sources: HashMap<PathBuf, Option<String>> = HashMap::new();
    let mut out = String::new();
    for finding in &report.findings {
        let rule = finding.rule_info();
        let file = display_path(&finding.location.file);
        let mut message = format!(
            "{}[{}]: {}\n  at {file}:{}:{}",
            finding.level, finding.rule, finding.message, finding.location.line, finding.location.column
        );
        if let Some(fact) = &finding.fact_text {
            message.push_str(&format!("\n  fact: {fact}"));
        }
        let severity = match finding.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
            Level::Note | Level::Off => miette::Severity::Advice,
        };
        let help = format!("{}.\nfix: {}.\nsee {}", capitalise(rule.reason), rule.fix, rule.doc_link());
        let mut diagnostic = MietteDiagnostic::new(message).with_severity(severity).with_help(help);
        let text = sources
            .entry(finding.location.path())
            .or_insert_with(|| std::fs::read_to_string(&finding.location.file).ok())
            .clone();
        let rendered =
            match text.and_then(|t| offset_of(&t, finding.location.line, finding.location.column).map(|o| (t, o))) {
                Some((text, offset)) => {
                    let len = finding.statement.len().min(text.len() - offset).max(1);
                    let label =
                        finding.object.clone().map(|o| format!("`{o}`")).unwrap_or_else(|| finding.rule.to_string());
                    diagnostic = diagnostic.with_label(LabeledSpan::at(offset..offset + len, label));
                    let report = miette::Report::new(diagnostic).with_source_code(NamedSource::new(file, text));
                    let mut s = String::new();
                    handler.render_report(&mut s, report.as_ref()).map(|_| s)
                }
                None => {
                    let mut s = String::new();
                    handler.render_report(&mut s, &diagnostic).map(|_| s)
                }
            };
        match rendered {
            Ok(s) => out.push_str(&s),
            Err(_) => out
                .push_str(&format!("{}: {}[{}] {}\n", finding.location, finding.level, finding.rule, finding.message)),
        }
        out.push('\n');
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn finding_json(finding: &Finding) -> serde_json::Value {
    let rule = finding.rule_info();
    serde_json::json!({
        "rule": finding.rule,
        "level": finding.level,
        "category": rule.category,
        "message": finding.message,
        "file": display_path(&finding.location.file),
        "line": finding.location.line,
        "column": finding.location.column,
        "statement": finding.statement,
        "object": finding.object,
        "fact": finding.fact_text,
        "reason": rule.reason,
        "fix": rule.fix,
        "doc": rule.doc_link(),
    })
}

fn render_json(report: &LintReport) -> String {
    let (errors, warnings, notes) = counts(report);
    let value = serde_json::json!({
        "findings": report.findings.iter().map(finding_json).collect::<Vec<_>>(),
        "summary": {
            "errors": errors,
            "warnings": warnings,
            "notes": notes,
            "allowed": report.suppressed,
            "files": report.files,
            "statements": report.statements,
        }
    });
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}

/// GitHub's escaping: `%`, CR and LF everywhere; also `:` and `,` in properties.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn render_github(report: &LintReport) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let rule = finding.rule_info();
        let kind = match finding.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note | Level::Off => "notice",
        };
        let mut message = finding.message.clone();
        if let Some(fact) = &finding.fact_text {
            message.push_str(&format!(" ({fact})"));
        }
        message.push_str(&format!("\nfix: {}. See {}", rule.fix, rule.doc_link()));
        out.push_str(&format!(
            "::{kind} file={},line={},col={},title={}::{}\n",
            escape_property(&display_path(&finding.location.file)),
            finding.location.line,
            finding.location.column,
            escape_property(&format!("codegen lint {}", finding.rule)),
            escape_data(&message)
        ));
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_escape_their_separators() {
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(escape_data("one\ntwo"), "one%0Atwo");
    }

    #[test]
    fn unknown_rules_and_levels_in_the_config_are_usage_errors() {
        let mut config = LintConfig::default();
        config.rules.insert("drop-everything".into(), "error".into());
        assert!(
            matches!(options(Dialect::Postgres, None, &config), Err(CliError::Usage(m)) if m.contains("drop-everything"))
        );
        let mut config = LintConfig::default();
        config.rules.insert("drop-table".into(), "loud".into());
        assert!(matches!(options(Dialect::Postgres, None, &config), Err(CliError::Usage(m)) if m.contains("loud")));
        assert!(options(Dialect::Postgres, Some("lenient"), &LintConfig::default()).is_err());
    }
}

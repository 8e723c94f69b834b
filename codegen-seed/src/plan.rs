//! The seed plan (`seed.toml`, or `[seed]` in codegen.toml): how many rows each table gets, and
//! how columns are filled. Every key is optional; what is left out is inferred from the schema.
//!
//! ```toml
//! seed = 7
//! profile = "dev"                 # dev: ~10 rows a table; test: 100; perf: 10,000
//! [tables.projects]
//! rows = 40
//! [tables.experiments]            # each project has 3 to 10 experiments
//! per = "project_id"
//! count = "3..10"
//! [tables.experiments.columns]
//! status = { weights = { active = 6, paused = 3, completed = 1 } }
//! name = { generator = "product" }
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDateTime;
use codegen_core::{Diagnostic, Diagnostics, Location};
use serde::Deserialize;
use toml::Spanned;

/// A parsed plan; locations point into the file it came from.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub seed: Option<u64>,
    pub profile: Option<Located<String>>,
    /// Multiplier of every table's row count (not of per-parent counts).
    pub scale: Option<f64>,
    pub locale: Option<Located<String>>,
    /// The instant dates are generated before; fixed so output never depends on the clock.
    pub now: Option<NaiveDateTime>,
    /// Default share of edge-case values (empty strings, maximum lengths, boundaries, non-ASCII).
    pub edge_cases: Option<f64>,
    /// Deepest level of a self-referencing tree (the root is level 0).
    pub max_depth: Option<u32>,
    pub profiles: BTreeMap<String, ProfilePlan>,
    pub tables: Vec<TablePlan>,
}

/// A value and where the plan wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub location: Option<Location>,
}

impl<T> Located<T> {
    pub fn new(value: T) -> Self {
        Self { value, location: None }
    }
}

/// `[profiles.NAME]`: the default row count of a profile.
#[derive(Debug, Clone, Default)]
pub struct ProfilePlan {
    pub rows: u64,
}

/// `[tables.NAME]`.
#[derive(Debug, Clone, Default)]
pub struct TablePlan {
    pub name: Located<String>,
    pub rows: Option<Located<u64>>,
    /// Children per parent: the foreign key (its column, or its constraint name) to group by.
    pub per: Option<Located<String>>,
    /// With `per`: how many children each parent gets, inclusive (`"3..10"`, or one number).
    pub count: Option<Located<(u64, u64)>>,
    pub columns: Vec<ColumnPlan>,
}

impl Default for Located<String> {
    fn default() -> Self {
        Located::new(String::new())
    }
}

/// `[tables.NAME.columns] COLUMN = { ... }`.
#[derive(Debug, Clone, Default)]
pub struct ColumnPlan {
    pub name: Located<String>,
    pub generator: Option<Located<String>>,
    pub null_rate: Option<f64>,
    pub edge_cases: Option<f64>,
    /// A value list with weights (`values = [...]` weighs each 1).
    pub values: Option<Located<Vec<(String, u32)>>>,
    pub min: Option<Located<String>>,
    pub max: Option<Located<String>>,
    /// A SQL expression the database evaluates for each row.
    pub sql: Option<Located<String>>,
}

/// The built-in profiles' row counts.
pub fn builtin_profile(name: &str) -> Option<u64> {
    match name {
        "dev" => Some(10),
        "test" => Some(100),
        "perf" => Some(10_000),
        _ => None,
    }
}

impl Plan {
    /// A plan that only sets row counts: what `codegen advise` needs to fill a scratch database.
    pub fn with_volumes<'a>(volumes: impl IntoIterator<Item = (&'a str, u64)>) -> Self {
        let tables = volumes
            .into_iter()
            .map(|(name, rows)| TablePlan {
                name: Located::new(name.to_string()),
                rows: Some(Located::new(rows)),
                ..TablePlan::default()
            })
            .collect();
        Plan { tables, ..Plan::default() }
    }

    pub fn table(&self, name: &str) -> Option<&TablePlan> {
        self.tables.iter().find(|t| t.name.value == name)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    seed: Option<u64>,
    profile: Option<Spanned<String>>,
    scale: Option<f64>,
    locale: Option<Spanned<String>>,
    now: Option<Spanned<String>>,
    edge_cases: Option<f64>,
    max_depth: Option<u32>,
    #[serde(default)]
    profiles: BTreeMap<String, RawProfile>,
    #[serde(default)]
    tables: BTreeMap<Spanned<String>, RawTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    rows: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    rows: Option<Spanned<u64>>,
    per: Option<Spanned<String>>,
    count: Option<Spanned<toml::Value>>,
    #[serde(default)]
    columns: BTreeMap<Spanned<String>, Spanned<RawColumn>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    generator: Option<Spanned<String>>,
    null_rate: Option<f64>,
    edge_cases: Option<f64>,
    values: Option<Spanned<Vec<toml::Value>>>,
    weights: Option<Spanned<BTreeMap<String, u32>>>,
    min: Option<Spanned<toml::Value>>,
    max: Option<Spanned<toml::Value>>,
    sql: Option<Spanned<String>>,
}

/// `[seed]` of codegen.toml, beside keys this crate does not read.
#[derive(Deserialize)]
struct ConfigFile {
    seed: Option<toml::Value>,
}

/// Parse a `seed.toml`. `file` names it in locations.
pub fn parse_plan(text: &str, file: &Path) -> Result<Plan, Diagnostics> {
    let raw: RawPlan = toml::from_str(text).map_err(|e| toml_error(&e, text, file))?;
    lower(raw, &Source::new(text, file))
}

/// The `[seed]` table of a codegen.toml, if it has one.
pub fn parse_plan_in_config(text: &str, file: &Path) -> Result<Option<Plan>, Diagnostics> {
    let config: ConfigFile = toml::from_str(text).map_err(|e| toml_error(&e, text, file))?;
    if config.seed.is_none() {
        return Ok(None);
    }
    #[derive(Deserialize)]
    struct Wrapper {
        seed: RawPlan,
    }
    // Only the [seed] lines, the others blanked, so spans stay offsets of the same lines.
    let seed_only = only_seed_section(text);
    let raw: Wrapper = toml::from_str(&seed_only).map_err(|e| toml_error(&e, &seed_only, file))?;
    lower(raw.seed, &Source::new(&seed_only, file)).map(Some)
}

/// The file with every line outside `[seed]` and its sub-tables blanked, so line numbers stay.
fn only_seed_section(text: &str) -> String {
    let mut inside = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let header = trimmed.trim_start_matches('[').trim_start();
            inside = header.starts_with("seed]") || header.starts_with("seed.");
        }
        if inside {
            out.push_str(line);
        } else {
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        }
    }
    out
}

struct Source<'a> {
    text: &'a str,
    file: Arc<Path>,
}

impl<'a> Source<'a> {
    fn new(text: &'a str, file: &Path) -> Self {
        Self { text, file: Arc::from(file) }
    }

    fn at(&self, span: std::ops::Range<usize>) -> Option<Location> {
        Some(location_of(self.text, &self.file, span.start))
    }

    fn located<T>(&self, spanned: Spanned<T>) -> Located<T> {
        let span = spanned.span();
        Located { value: spanned.into_inner(), location: self.at(span) }
    }
}

fn location_of(text: &str, file: &Arc<Path>, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Location::new(file.clone(), line, column)
}

fn toml_error(error: &toml::de::Error, text: &str, file: &Path) -> Diagnostics {
    let location = error.span().map(|s| location_of(text, &Arc::from(file), s.start));
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(Diagnostic::error(format!("invalid seed plan: {}", error.message().trim())).at(location));
    diagnostics
}

fn lower(raw: RawPlan, source: &Source<'_>) -> Result<Plan, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let now = match raw.now {
        Some(now) => {
            let span = now.span();
            match parse_instant(now.get_ref()) {
                Some(t) => Some(t),
                None => {
                    diagnostics.push(
                        Diagnostic::error(format!("`now = \"{}\"` is not a date or timestamp", now.get_ref()))
                            .at(source.at(span))
                            .with_help("write it as \"2025-01-31\" or \"2025-01-31T12:00:00Z\""),
                    );
                    None
                }
            }
        }
        None => None,
    };
    if let Some(scale) = raw.scale
        && !(scale > 0.0 && scale.is_finite())
    {
        diagnostics.push(Diagnostic::error(format!("`scale = {scale}` must be a positive number")));
    }
    let mut tables = Vec::new();
    for (name, table) in raw.tables {
        let count = match table.count {
            Some(count) => {
                let span = count.span();
                match parse_count(count.get_ref()) {
                    Some(range) => Some(Located { value: range, location: source.at(span) }),
                    None => {
                        diagnostics.push(
                            Diagnostic::error(format!("`count = {}` is not a count or range", count.get_ref()))
                                .at(source.at(span))
                                .with_object(name.get_ref().clone())
                                .with_help("write a number (`count = 3`) or an inclusive range (`count = \"3..10\"`)"),
                        );
                        None
                    }
                }
            }
            None => None,
        };
        if count.is_some() && table.per.is_none() {
            diagnostics.push(
                Diagnostic::error(format!("table `{}` has `count` without `per`", name.get_ref()))
                    .at(source.at(name.span()))
                    .with_object(name.get_ref().clone())
                    .with_help("add `per = \"<foreign key column>\"` to say what each count is per"),
            );
        }
        if table.rows.is_some() && table.per.is_some() {
            diagnostics.push(
                Diagnostic::error(format!("table `{}` has both `rows` and `per`", name.get_ref()))
                    .at(source.at(name.span()))
                    .with_object(name.get_ref().clone())
                    .with_help("give either a total (`rows`) or children per parent (`per` and `count`)"),
            );
        }
        let mut columns = Vec::new();
        for (column, spec) in table.columns {
            let span = spec.span();
            let spec = spec.into_inner();
            let values = match (spec.values, spec.weights) {
                (Some(_), Some(w)) => {
                    diagnostics.push(
                        Diagnostic::error("a column takes `values` or `weights`, not both")
                            .at(source.at(w.span()))
                            .with_object(format!("{}.{}", name.get_ref(), column.get_ref())),
                    );
                    None
                }
                (Some(values), None) => {
                    let span = values.span();
                    let list = values.into_inner().iter().map(|v| (toml_scalar(v), 1)).collect();
                    Some(Located { value: list, location: source.at(span) })
                }
                (None, Some(weights)) => {
                    let span = weights.span();
                    let list: Vec<(String, u32)> = weights.into_inner().into_iter().collect();
                    if list.iter().all(|(_, w)| *w == 0) {
                        diagnostics.push(
                            Diagnostic::error("every weight is 0: no value could be picked")
                                .at(source.at(span.clone()))
                                .with_object(format!("{}.{}", name.get_ref(), column.get_ref())),
                        );
                    }
                    Some(Located { value: list, location: source.at(span) })
                }
                (None, None) => None,
            };
            for (key, rate) in [("null_rate", spec.null_rate), ("edge_cases", spec.edge_cases)] {
                if let Some(rate) = rate
                    && !(0.0..=1.0).contains(&rate)
                {
                    diagnostics.push(
                        Diagnostic::error(format!("`{key} = {rate}` must be between 0 and 1"))
                            .at(source.at(span.clone()))
                            .with_object(format!("{}.{}", name.get_ref(), column.get_ref())),
                    );
                }
            }
            let bound = |b: Option<Spanned<toml::Value>>| {
                b.map(|b| {
                    let span = b.span();
                    Located { value: toml_scalar(b.get_ref()), location: source.at(span) }
                })
            };
            columns.push(ColumnPlan {
                name: source.located(column),
                generator: spec.generator.map(|g| source.located(g)),
                null_rate: spec.null_rate,
                edge_cases: spec.edge_cases,
                values,
                min: bound(spec.min),
                max: bound(spec.max),
                sql: spec.sql.map(|s| source.located(s)),
            });
        }
        tables.push(TablePlan {
            name: source.located(name),
            rows: table.rows.map(|r| source.located(r)),
            per: table.per.map(|p| source.located(p)),
            count,
            columns,
        });
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Plan {
        seed: raw.seed,
        profile: raw.profile.map(|p| source.located(p)),
        scale: raw.scale,
        locale: raw.locale.map(|l| source.located(l)),
        now,
        edge_cases: raw.edge_cases,
        max_depth: raw.max_depth,
        profiles: raw.profiles.into_iter().map(|(k, v)| (k, ProfilePlan { rows: v.rows })).collect(),
        tables,
    })
}

/// A TOML scalar as the text a column value would have.
fn toml_scalar(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn parse_count(value: &toml::Value) -> Option<(u64, u64)> {
    match value {
        toml::Value::Integer(n) if *n >= 0 => Some((*n as u64, *n as u64)),
        toml::Value::String(s) => {
            let (lo, hi) = s.split_once("..")?;
            let hi = hi.trim_start_matches('=');
            let (lo, hi): (u64, u64) = (lo.trim().parse().ok()?, hi.trim().parse().ok()?);
            (lo <= hi).then_some((lo, hi))
        }
        _ => None,
    }
}

/// `2025-01-31`, `2025-01-31 12:00:00`, `2025-01-31T12:00:00Z`.
pub fn parse_instant(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim().trim_end_matches('Z');
    let text = text.strip_suffix("+00:00").unwrap_or(text);
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t);
        }
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_plan_parses() {
        let text = r#"
seed = 7
profile = "dev"
[tables.projects]
rows = 40
[tables.experiments]
per = "project_id"
count = "3..10"
[tables.experiments.columns]
status = { weights = { active = 6, paused = 3, completed = 1 } }
name = { generator = "product" }
[tables.users.columns]
email = { generator = "email", null_rate = 0.0 }
"#;
        let plan = parse_plan(text, Path::new("seed.toml")).unwrap();
        assert_eq!(plan.seed, Some(7));
        let experiments = plan.table("experiments").unwrap();
        assert_eq!(experiments.count.as_ref().unwrap().value, (3, 10));
        assert_eq!(experiments.per.as_ref().unwrap().location.as_ref().unwrap().line, 7);
        let status = experiments.columns.iter().find(|c| c.name.value == "status").unwrap();
        assert_eq!(status.values.as_ref().unwrap().value.len(), 3);
    }

    #[test]
    fn mistakes_are_located() {
        let error = parse_plan("[tables.a]\nrows = 3\nper = \"x\"\n", Path::new("p.toml")).unwrap_err();
        let first = error.iter().next().unwrap();
        assert!(first.message.contains("both `rows` and `per`"), "{first}");
        assert_eq!(first.location.as_ref().unwrap().line, 1);
        let error = parse_plan("[tables.a]\nrowz = 3\n", Path::new("p.toml")).unwrap_err();
        assert_eq!(error.iter().next().unwrap().location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn a_seed_section_of_codegen_toml_keeps_its_lines() {
        let text = "[schema]\npath = \"x.sql\"\n\n[seed]\nseed = 3\n[seed.tables.users]\nrows = 5\n";
        let plan = parse_plan_in_config(text, Path::new("codegen.toml")).unwrap().unwrap();
        assert_eq!(plan.seed, Some(3));
        assert_eq!(plan.tables[0].rows.as_ref().unwrap().location.as_ref().unwrap().line, 7);
        assert!(parse_plan_in_config("[schema]\npath = \"x\"\n", Path::new("c.toml")).unwrap().is_none());
    }
}

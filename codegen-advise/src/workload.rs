//! The workload: the queries to advise on, how often each runs, and how often tables are written.
//!
//! A queries file holds SQL statements, each optionally preceded by directive comments:
//!
//! ```sql
//! -- name: dashboard
//! -- calls: 1200/min
//! SELECT * FROM experiments WHERE project_id = $1 AND status = 'running';
//!
//! -- writes: experiments 300/min
//! -- writes: experiments.status 120/min
//! ```
//!
//! `-- calls:` and `-- name:` belong to the statement after them; `-- writes:` lines may stand
//! anywhere and say how often a table is written (inserts, updates and deletes together), or with
//! `table.column`, how often updates change that column (which decides PostgreSQL's HOT updates).

use std::path::Path;
use std::sync::Arc;

use codegen_core::read::sql::parse_script;
use codegen_core::{Diagnostic, Diagnostics, Dialect, Location, QualifiedName};
use serde::Serialize;
use sqlparser::ast::Statement;

/// How often something happens, per minute.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
pub struct Rate {
    pub per_minute: f64,
}

impl Rate {
    pub fn per_minute(per_minute: f64) -> Self {
        Self { per_minute }
    }

    /// `120/min`, `2/s`, `3000/h`, `50000/day`, or a bare number (per minute).
    pub fn parse(text: &str) -> Result<Rate, String> {
        let text = text.trim();
        let (number, unit) = match text.split_once('/') {
            Some((n, u)) => (n.trim(), u.trim().to_ascii_lowercase()),
            None => (text, "min".to_string()),
        };
        let value: f64 = number
            .replace(['_', ','], "")
            .parse()
            .map_err(|_| format!("`{text}` is not a rate (expected N/s, N/min, N/h or N/day)"))?;
        if !value.is_finite() || value < 0.0 {
            return Err(format!("`{text}`: a rate is a number of zero or more"));
        }
        let per_minute = match unit.as_str() {
            "s" | "sec" | "second" => value * 60.0,
            "m" | "min" | "minute" => value,
            "h" | "hr" | "hour" => value / 60.0,
            "d" | "day" => value / 1440.0,
            other => return Err(format!("`{text}`: unknown unit `{other}` (expected s, min, h or day)")),
        };
        Ok(Rate { per_minute })
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.per_minute;
        if n >= 10.0 || n == n.trunc() { write!(f, "{n:.0}/min") } else { write!(f, "{n:.2}/min") }
    }
}

/// One statement of the workload.
#[derive(Debug, Clone)]
pub struct Query {
    /// 1-based position among the workload's statements.
    pub number: usize,
    /// `-- name:`, when given.
    pub name: Option<String>,
    /// The statement as written, without its terminator.
    pub text: String,
    pub location: Location,
    /// `-- calls:`, when given.
    pub calls: Option<Rate>,
    /// The statement, or its syntax error.
    pub parsed: Result<Statement, Diagnostic>,
}

impl Query {
    /// How the query is named in messages: `query 3 (dashboard)`.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("query {} ({name})", self.number),
            None => format!("query {}", self.number),
        }
    }

    /// Calls per minute, one when not given (every query counts).
    pub fn calls_per_minute(&self) -> f64 {
        self.calls.map_or(1.0, |r| r.per_minute)
    }
}

/// A `-- writes:` line.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteDirective {
    pub table: QualifiedName,
    /// With `table.column`: updates that change this column.
    pub column: Option<String>,
    pub rate: Rate,
    pub location: Location,
}

/// A whole workload.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The dialect the statements are written in.
    pub dialect: Dialect,
    pub queries: Vec<Query>,
    pub writes: Vec<WriteDirective>,
    /// Directives that could not be read.
    pub diagnostics: Diagnostics,
}

impl Workload {
    /// Read a queries file's text; `file` names it in locations.
    pub fn read_str(text: &str, file: &Path, dialect: Dialect) -> Workload {
        let file: Arc<Path> = Arc::from(file);
        let mut diagnostics = Diagnostics::new();
        let writes = write_directives(text, &file, dialect, &mut diagnostics);
        let statements = match parse_script(text, &file, dialect) {
            Ok(statements) => statements,
            Err(error) => {
                diagnostics.push(error);
                return Workload { dialect, queries: Vec::new(), writes, diagnostics };
            }
        };
        let mut queries = Vec::new();
        for statement in statements {
            let location = Location::new(file.clone(), statement.line, statement.column);
            let mut name = None;
            let mut calls = None;
            for comment in &statement.comments {
                for line in comment.lines() {
                    let line = line.trim().trim_start_matches('-').trim();
                    if let Some(value) = directive(line, "name") {
                        name = Some(value.to_string());
                    } else if let Some(value) = directive(line, "calls") {
                        match Rate::parse(value) {
                            Ok(rate) => calls = Some(rate),
                            Err(message) => diagnostics.push(
                                Diagnostic::error(format!("`-- calls:` {message}"))
                                    .at(Some(location.clone()))
                                    .with_object(format!("query {}", queries.len() + 1)),
                            ),
                        }
                    }
                }
            }
            queries.push(Query {
                number: queries.len() + 1,
                name,
                text: statement.text,
                location,
                calls,
                parsed: statement.parsed,
            });
        }
        Workload { dialect, queries, writes, diagnostics }
    }

    /// A workload from statements gathered elsewhere (pg_stat_statements), each with its rate;
    /// `source` names where they came from in locations.
    pub fn from_statements(statements: &[(String, Option<Rate>)], source: &str, dialect: Dialect) -> Workload {
        let mut text = String::new();
        for (sql, rate) in statements {
            if let Some(rate) = rate {
                text.push_str(&format!("-- calls: {}/min\n", rate.per_minute));
            }
            text.push_str(sql.trim().trim_end_matches(';'));
            text.push_str(";\n\n");
        }
        Workload::read_str(&text, Path::new(source), dialect)
    }
}

/// Whether a statement reads or writes a table of `schema` (statistics also hold the
/// database's own catalog queries, and other applications').
pub fn touches_schema(sql: &str, schema: &codegen_core::Schema, dialect: Dialect) -> bool {
    let parser = crate::normalize::parser_dialect(dialect);
    let Ok(statements) = sqlparser::parser::Parser::parse_sql(parser.as_ref(), sql) else { return false };
    statements.iter().flat_map(|s| crate::shape::referenced_tables(s, dialect)).any(|t| schema.table(&t).is_some())
}

/// `key: value` of a directive comment, the key matched without case.
fn directive<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let (k, v) = line.split_once(':')?;
    k.trim().eq_ignore_ascii_case(key).then(|| v.trim())
}

/// Every `-- writes: table[.column] RATE[, ...]` line of the file.
fn write_directives(
    text: &str,
    file: &Arc<Path>,
    dialect: Dialect,
    diagnostics: &mut Diagnostics,
) -> Vec<WriteDirective> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(comment) = trimmed.strip_prefix("--") else { continue };
        let Some(value) = directive(comment.trim(), "writes") else { continue };
        let column = (line.len() - trimmed.len() + 1) as u32;
        let location = Location::new(file.clone(), i as u32 + 1, column);
        for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match write_item(item, dialect) {
                Ok((table, column, rate)) => {
                    found.push(WriteDirective { table, column, rate, location: location.clone() })
                }
                Err(message) => diagnostics.push(
                    Diagnostic::error(format!("`-- writes:` {message}"))
                        .at(Some(location.clone()))
                        .with_help("write `-- writes: table 120/min` or `-- writes: table.column 30/min`"),
                ),
            }
        }
    }
    found
}

fn write_item(item: &str, dialect: Dialect) -> Result<(QualifiedName, Option<String>, Rate), String> {
    let (target, rate) = item.split_once(char::is_whitespace).ok_or_else(|| format!("`{item}` has no rate"))?;
    let rate = Rate::parse(rate)?;
    let (table, column) = crate::names::table_and_column(target, dialect);
    Ok((table, column, rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_in_every_unit() {
        assert_eq!(Rate::parse("120/min").unwrap().per_minute, 120.0);
        assert_eq!(Rate::parse("2/s").unwrap().per_minute, 120.0);
        assert_eq!(Rate::parse("3000/h").unwrap().per_minute, 50.0);
        assert_eq!(Rate::parse("1440/day").unwrap().per_minute, 1.0);
        assert_eq!(Rate::parse("7").unwrap().per_minute, 7.0);
        assert!(Rate::parse("fast").is_err());
        assert!(Rate::parse("3/fortnight").unwrap_err().contains("fortnight"));
    }

    #[test]
    fn directives_attach_to_the_statement_after_them() {
        let text = "-- name: by_project\n-- calls: 2/s\nSELECT 1;\n\n-- writes: experiments 300/min, experiments.status 40/min\nSELECT 2;\n";
        let workload = Workload::read_str(text, Path::new("q.sql"), Dialect::Postgres);
        assert!(workload.diagnostics.is_empty(), "{}", workload.diagnostics);
        assert_eq!(workload.queries.len(), 2);
        let first = &workload.queries[0];
        assert_eq!(
            (first.name.as_deref(), first.calls.unwrap().per_minute, first.location.line),
            (Some("by_project"), 120.0, 3)
        );
        assert_eq!(workload.queries[1].label(), "query 2");
        assert_eq!(workload.writes.len(), 2);
        assert_eq!(workload.writes[1].column.as_deref(), Some("status"));
        assert_eq!(workload.writes[1].location.line, 5);
    }

    #[test]
    fn a_bad_rate_is_a_located_error() {
        let workload = Workload::read_str("-- calls: often\nSELECT 1;\n", Path::new("q.sql"), Dialect::Postgres);
        let error = workload.diagnostics.iter().next().unwrap();
        assert_eq!(error.location.as_ref().unwrap().line, 2);
        assert!(error.message.contains("often"), "{error}");
    }
}

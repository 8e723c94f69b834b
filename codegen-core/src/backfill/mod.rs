//! `codegen backfill`: plan a batched, restartable `UPDATE` of one column, checked against the
//! model before anything is written.
//!
//! The plan is pure: a request (table, `column = expression`, an optional condition) and the
//! schema in; the checked target, the batch key and how the down restores the column out, or
//! located diagnostics (an unknown table or column with the closest name, a generated target, an
//! expression whose obvious type the column cannot hold). The SQL of each dialect is written
//! from the plan by codegen-sql (`migration::backfill`).

mod expr;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::location::Location;
use crate::model::{Column, ColumnType, Schema, Table};
use crate::validate::suggest;

pub use expr::{Kind, infer_kind};

/// What the user asked for, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackfillRequest {
    /// `experiments` or `schema.experiments`.
    pub table: String,
    /// `column = expression`.
    pub set: String,
    /// Only rows for which this holds get the expression.
    pub condition: Option<String>,
    /// Rows outside `condition` get NULL.
    pub else_null: bool,
    /// Overwrite values the column already holds (the down then cannot restore them).
    pub overwrite: bool,
}

/// How the down gives the column back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restore {
    /// The column held NULL on every row the up changes (the up checks it before writing):
    /// the down sets those rows back to NULL.
    ToNull,
    /// The previous values are not known; the reason, for the header.
    Unknown(String),
}

/// A checked backfill, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct BackfillPlan {
    pub table: Table,
    /// The column written.
    pub column: Column,
    /// The single-column key the batches walk, when the table has one.
    pub key: Option<Column>,
    /// The expression as the user wrote it.
    pub expression: String,
    /// The condition as the user wrote it.
    pub condition: Option<String>,
    pub else_null: bool,
    pub restore: Restore,
    /// Warnings the user should read (implicit conversions, rounding).
    pub warnings: Diagnostics,
}

impl BackfillPlan {
    /// The value each row of the scope gets: the expression, or with `--else-null` a CASE that
    /// gives NULL outside the condition.
    pub fn value(&self) -> String {
        match (&self.condition, self.else_null) {
            (Some(condition), true) => format!("CASE WHEN ({condition}) THEN ({}) END", self.expression),
            _ => format!("({})", self.expression),
        }
    }

    /// The rows the up writes: the condition, or every row with `--else-null` or without one.
    pub fn scope(&self) -> Option<String> {
        match (&self.condition, self.else_null) {
            (Some(condition), false) => Some(format!("({condition})")),
            _ => None,
        }
    }
}

/// The pseudo-file a flag's diagnostics point into: `--set:1:23` is the 23rd character of `--set`.
fn flag_location(flag: &str, column: usize) -> Option<Location> {
    flag_location_at(flag, 1, column)
}

fn flag_location_at(flag: &str, line: usize, column: usize) -> Option<Location> {
    Some(Location::new(Arc::from(Path::new(flag)), line as u32, column as u32))
}

/// Check `request` against `schema` and plan the backfill for `dialect`.
pub fn plan_backfill(
    schema: &Schema,
    request: &BackfillRequest,
    dialect: Dialect,
) -> Result<BackfillPlan, Diagnostics> {
    let mut found = Diagnostics::new();
    let table = find_table(schema, &request.table).map_err(one)?;
    let (target_text, target_at, expression, expression_at) = split_assignment(&request.set).map_err(one)?;
    let Some(column) = table.column(&target_text).or_else(|| case_insensitive(table, &target_text)) else {
        let mut missing = unknown_column(table, &target_text, flag_location("--set", target_at));
        if missing.help.as_deref().is_none_or(|h| !h.starts_with("did you mean")) {
            missing = missing.with_help(format!(
                "add `{target_text}` to `{}` first (codegen diff writes that migration), and give --schema the \
                 schema that has it (a migrations folder is one)",
                table.name
            ));
        }
        return Err(one(missing));
    };
    if column.generated.is_some() {
        found.push(
            Diagnostic::error(format!(
                "`{}.{}` is a generated column: the database computes it",
                table.name, column.name
            ))
            .with_object(format!("{}.{}", table.name, column.name))
            .at(flag_location("--set", target_at))
            .with_help("backfill a stored column; change the generation expression with codegen diff instead"),
        );
    }
    let key = single_key(table);
    if key.is_some_and(|k| k.name == column.name) {
        found.push(
            Diagnostic::error(format!("`{}.{}` is the primary key the batches walk", table.name, column.name))
                .with_object(format!("{}.{}", table.name, column.name))
                .at(flag_location("--set", target_at))
                .with_help("change a key with a hand-written migration that also updates the rows referencing it"),
        );
    }
    if key.is_none() && dialect != Dialect::Sqlite {
        found.push(
            Diagnostic::error(format!(
                "`{}` has no single-column primary key: the backfill walks the table in key ranges",
                table.name
            ))
            .with_object(table.name.to_string())
            .at(flag_location("--table", 1))
            .with_help("add a primary key first (an identity column will do), or write one UPDATE by hand"),
        );
    }

    let mut warnings = Diagnostics::new();
    let checked = expr::check_expression(table, &expression, "--set", expression_at, dialect, &mut found);
    if let Some(checked) = checked {
        expr::check_fit(table, column, &expression, checked.kind, dialect, expression_at, &mut found, &mut warnings);
        // A rerun after a stop writes a done row again when its value is not yet the
        // expression of itself: right only for an expression that is the same applied twice.
        if checked.reads.contains(&column.name) {
            warnings.push(
                Diagnostic::warning(format!(
                    "--set `{}` reads `{}` itself: a rerun after a stop applies it again to rows already done unless \
                     applying it twice gives the same value (upper(name) does, counter + 1 does not)",
                    request.set.trim(),
                    column.name
                ))
                .with_object(format!("{}.{}", table.name, column.name))
                .with_help("fill a new column from the old one instead, then swap them (codegen diff --phased)"),
            );
        }
    }
    if let Some(condition) = &request.condition {
        if let Some(kind) = expr::check_expression(table, condition, "--where", 1, dialect, &mut found).map(|c| c.kind)
            && !matches!(kind, Kind::Bool | Kind::Unknown | Kind::Null)
            && !(dialect != Dialect::Postgres && matches!(kind, Kind::Integer | Kind::Numeric))
        {
            found.push(
                Diagnostic::error(format!("--where `{condition}` is {}, not a condition", kind.describe()))
                    .at(flag_location("--where", 1))
                    .with_help("write a condition such as `status = 'completed'`"),
            );
        }
    } else if request.else_null {
        found.push(
            Diagnostic::error("--else-null sets the rows outside --where to NULL: it needs --where")
                .at(flag_location("--else-null", 1)),
        );
    }
    if found.has_errors() {
        return Err(found);
    }
    let restore = if request.overwrite {
        Restore::Unknown(format!(
            "--overwrite: the values `{}` held before the up are not kept, so the down cannot restore them",
            column.name
        ))
    } else if !column.nullable {
        Restore::Unknown(format!(
            "`{}` is NOT NULL, so it held values before the up; they are not kept, so the down cannot restore them",
            column.name
        ))
    } else {
        Restore::ToNull
    };
    Ok(BackfillPlan {
        table: table.clone(),
        column: column.clone(),
        key: key.cloned(),
        expression: expression.trim().to_string(),
        condition: request.condition.as_ref().map(|c| c.trim().to_string()),
        else_null: request.else_null,
        restore,
        warnings,
    })
}

fn one(diagnostic: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.push(diagnostic);
    all
}

/// The table named `text` (`name` or `schema.name`, case-insensitive when unquoted matches one).
fn find_table<'a>(schema: &'a Schema, text: &str) -> Result<&'a Table, Diagnostic> {
    let text = text.trim();
    let (wanted_schema, wanted) = match text.rsplit_once('.') {
        Some((s, n)) => (Some(unquote(s)), unquote(n)),
        None => (None, unquote(text)),
    };
    let matches = |t: &&Table, exact: bool| {
        let name_ok = if exact { t.name.name == wanted } else { t.name.name.eq_ignore_ascii_case(&wanted) };
        name_ok && wanted_schema.as_ref().is_none_or(|s| t.name.schema.as_deref() == Some(s.as_str()))
    };
    let mut found: Vec<&Table> = schema.tables.iter().filter(|t| matches(t, true)).collect();
    if found.is_empty() {
        found = schema.tables.iter().filter(|t| matches(t, false)).collect();
    }
    match found.as_slice() {
        [table] => Ok(table),
        [] => Err(Diagnostic::error(format!("the schema has no table `{text}`"))
            .with_object(text.to_string())
            .at(flag_location("--table", 1))
            .with_help(closest_or_all(&wanted, schema.tables.iter().map(|t| t.name.name.as_str()), "the schema"))),
        several => Err(Diagnostic::error(format!(
            "`{text}` names {} tables: {}",
            several.len(),
            several.iter().map(|t| format!("`{}`", t.name)).collect::<Vec<_>>().join(", ")
        ))
        .with_object(text.to_string())
        .at(flag_location("--table", 1))
        .with_help("qualify it with its schema: --table schema.table")),
    }
}

fn unquote(text: &str) -> String {
    let t = text.trim();
    let quoted = t.len() >= 2
        && ((t.starts_with('"') && t.ends_with('"'))
            || (t.starts_with('`') && t.ends_with('`'))
            || (t.starts_with('[') && t.ends_with(']')));
    if quoted { t[1..t.len() - 1].to_string() } else { t.to_string() }
}

fn case_insensitive<'a>(table: &'a Table, name: &str) -> Option<&'a Column> {
    let mut found = table.columns.iter().filter(|c| c.name.eq_ignore_ascii_case(name));
    match (found.next(), found.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

pub(crate) fn unknown_column(table: &Table, name: &str, location: Option<Location>) -> Diagnostic {
    Diagnostic::error(format!("table `{}` has no column `{name}`", table.name))
        .with_object(format!("{}.{name}", table.name))
        .at(location)
        .with_help(closest_or_all(name, table.columns.iter().map(|c| c.name.as_str()), &format!("`{}`", table.name)))
}

/// "did you mean `x`?", or the names there are (the first twenty) when none is close.
fn closest_or_all<'a>(wanted: &str, known: impl Iterator<Item = &'a str> + Clone, whose: &str) -> String {
    let hint = suggest(wanted, known.clone());
    if hint.starts_with("did you mean") {
        return hint;
    }
    let names: Vec<String> = known.map(|n| format!("`{n}`")).collect();
    let more = if names.len() > 20 { format!(" and {} more", names.len() - 20) } else { String::new() };
    format!("{whose} has {}{more}", names.into_iter().take(20).collect::<Vec<_>>().join(", "))
}

/// `column = expression` split at the first `=` outside quotes: the column (unquoted), where it
/// starts, the expression and where it starts (1-based character columns of the flag's text).
fn split_assignment(text: &str) -> Result<(String, usize, String, usize), Diagnostic> {
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '`' | '\'') => quote = Some(c),
            (None, '=') => {
                let (left, right) = (&text[..i], &text[i + 1..]);
                let target = unquote(left);
                let column = |byte: usize| text[..byte].chars().count() + 1;
                let target_at = column(left.len() - left.trim_start().len());
                let expression_at = column(i + 1 + (right.len() - right.trim_start().len()));
                if target.is_empty() || right.trim().is_empty() {
                    break;
                }
                return Ok((target, target_at, right.trim_start().to_string(), expression_at));
            }
            _ => {}
        }
    }
    Err(Diagnostic::error(format!("--set `{text}`: write `column = expression`"))
        .at(flag_location("--set", 1))
        .with_help("for example --set \"experiment_duration = completed_at - created_at\""))
}

/// The table's primary key when it is one column.
fn single_key(table: &Table) -> Option<&Column> {
    match table.primary_key.as_ref().map(|k| k.columns.as_slice()) {
        Some([key]) => table.column(key),
        _ => None,
    }
}

/// Whether a column type can hold what [`Kind`] says an expression yields.
pub(crate) fn kind_of_type(ty: &ColumnType) -> Kind {
    match ty {
        ColumnType::Integer { .. } | ColumnType::Year => Kind::Integer,
        ColumnType::Decimal { .. } | ColumnType::Real | ColumnType::Double => Kind::Numeric,
        ColumnType::Bool => Kind::Bool,
        ColumnType::Text { .. } | ColumnType::Varchar { .. } | ColumnType::Char { .. } => Kind::Text,
        ColumnType::Date => Kind::Date,
        ColumnType::Time { .. } => Kind::Time,
        ColumnType::Timestamp { .. } | ColumnType::TimestampTz { .. } => Kind::Timestamp,
        ColumnType::Interval => Kind::Interval,
        ColumnType::Json | ColumnType::Jsonb => Kind::Json,
        _ => Kind::Unknown,
    }
}

#[cfg(test)]
mod tests;

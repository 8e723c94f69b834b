//! The rollback rules: a down exists, reverses the up on the model, and says when it cannot bring
//! data back.

use std::path::Path;
use std::sync::Arc;

use super::check::{allows, emit, finding};
use super::{LintOptions, LintReport, RuleId};
use crate::dialect::Dialect;
use crate::location::Location;
use crate::model::{ColumnType, DbObject, ObjectKind, Schema, Table};
use crate::read::sql::{SqlReader, parse_script};

/// One migration's up and down, and the models around the up.
pub(crate) struct Rollback<'a> {
    pub options: &'a LintOptions,
    pub up: &'a Path,
    pub up_text: &'a str,
    pub down: Option<&'a Path>,
    pub down_text: Option<&'a str>,
    pub expects_down: bool,
    /// The up or down carries an irreversible/lossy marker.
    pub marked: bool,
    /// The up destroys data (a data-loss rule fired, even if allowed).
    pub destroys_data: bool,
    /// The model before the up; present when there is a down.
    pub before: Option<&'a Schema>,
    pub after: &'a Schema,
}

/// `-- codegen:irreversible`, or the grade header the diff writes (`-- grade: lossy|irreversible`);
/// `codegen diff` writes `Down grade: lossy.` (migration formats) or `Down is lossy.` (SQL pairs).
pub(crate) fn marked_irreversible(text: &str) -> bool {
    text.lines().filter_map(|l| l.trim().strip_prefix("--")).map(|c| c.trim().to_lowercase()).any(|c| {
        let graded = |g: &str| {
            let g = g.trim();
            g.starts_with("irreversible") || g.starts_with("lossy")
        };
        c.starts_with("codegen:irreversible")
            || c.strip_prefix("grade:").is_some_and(graded)
            || ["down grade:", "down is "].iter().any(|m| c.split_once(m).is_some_and(|(_, g)| graded(g)))
    })
}

/// `-- codegen:allow <rule>` anywhere in the files: the file-level rules they allow.
fn file_allows(texts: &[&str]) -> Vec<String> {
    let comments: Vec<String> = texts
        .iter()
        .flat_map(|t| t.lines())
        .filter_map(|l| l.trim().strip_prefix("--").map(|c| c.trim().to_string()))
        .collect();
    allows(&comments)
}

pub(crate) fn check(cx: &Rollback<'_>, report: &mut LintReport) {
    let allowed = file_allows(&[cx.up_text, cx.down_text.unwrap_or_default()]);
    let up_start = Location::new(Arc::from(cx.up), 1, 1);
    let (Some(down), Some(down_text), Some(before)) = (cx.down, cx.down_text, cx.before) else {
        if cx.expects_down && !cx.marked {
            let message = format!("`{}` has no down script", cx.up.display());
            emit(report, cx.options, &allowed, finding(RuleId::MissingDown, message, up_start, String::new()));
        }
        return;
    };
    let down_start = Location::new(Arc::from(down), 1, 1);
    let statements = match parse_script(down_text, down, cx.options.dialect) {
        Ok(statements) => statements,
        Err(d) => {
            let location = d.location.clone().unwrap_or(down_start);
            emit(report, cx.options, &allowed, finding(RuleId::SyntaxError, d.message, location, String::new()));
            return;
        }
    };
    if statements.is_empty() {
        if !cx.marked {
            let message = format!("the down script `{}` is empty", down.display());
            emit(report, cx.options, &allowed, finding(RuleId::MissingDown, message, down_start, String::new()));
        }
        return;
    }
    let mut reader = SqlReader::with_schema(cx.after.clone(), cx.options.dialect);
    for statement in &statements {
        let location = Location::new(Arc::from(down), statement.line, statement.column);
        let result = reader.apply_script_statement(statement, down);
        if let Err(d) = result {
            let message = format!("the down cannot be replayed after the up: {}", d.message);
            let allowed = [allowed.clone(), allows(&statement.comments)].concat();
            emit(
                report,
                cx.options,
                &allowed,
                finding(RuleId::DownNotReverse, message, location, statement.text.clone()),
            );
            return;
        }
    }
    let differences = differences(before, reader.schema(), cx.options.dialect);
    if !differences.is_empty() && !cx.marked {
        let message = format!("after up then down the schema differs from before the up: {}", differences.join("; "));
        emit(report, cx.options, &allowed, finding(RuleId::DownNotReverse, message, down_start.clone(), String::new()));
    }
    if cx.destroys_data && !cx.marked {
        let message = format!(
            "the up destroys data that `{}` cannot bring back; mark it `-- codegen:irreversible` or `-- grade: lossy`",
            down.display()
        );
        emit(
            report,
            cx.options,
            &allowed,
            finding(RuleId::UnmarkedIrreversibleDown, message, down_start, String::new()),
        );
    }
}

/// A model with every list in name order, so only content is compared. Outside PostgreSQL an
/// enum is part of its column (its synthesised name follows the column), so it is compared by
/// its values.
fn normalized(schema: &Schema, dialect: Dialect) -> Schema {
    // How a statement spelled a type or default is not a difference; what it means is.
    let mut s = schema.without_spellings();
    if dialect != Dialect::Postgres {
        for t in &mut s.tables {
            for c in &mut t.columns {
                if let ColumnType::Enum { name } = &c.ty
                    && let Some(e) = schema.enums.iter().find(|e| &e.name == name)
                {
                    c.ty = ColumnType::Other { raw: format!("enum({})", e.values.join(", ")) };
                }
            }
        }
        s.enums.clear();
    }
    if dialect == Dialect::Sqlite {
        // Every SQLite integer is stored in up to 8 bytes: the declared width means nothing.
        for c in s.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
            if c.ty.is_integer() {
                c.ty = ColumnType::BIGINT;
            }
        }
    }
    s.namespaces.sort();
    for o in &mut s.objects {
        o.loc = Default::default();
    }
    s.objects.sort_by(|a, b| (a.kind, &a.name, &a.signature).cmp(&(b.kind, &b.name, &b.signature)));
    s.enums.sort_by(|a, b| a.name.cmp(&b.name));
    s.views.sort_by(|a, b| format!("{:?}", a.name).cmp(&format!("{:?}", b.name)));
    s.tables.sort_by(|a, b| a.name.cmp(&b.name));
    for t in &mut s.tables {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        t.uniques.sort_by(|a, b| a.columns.cmp(&b.columns));
        t.checks.sort_by(|a, b| a.expression.cmp(&b.expression));
        t.foreign_keys.sort_by(|a, b| a.columns.cmp(&b.columns));
    }
    s
}

/// What differs between the expected and the replayed model, in words.
pub(crate) fn differences(expected: &Schema, got: &Schema, dialect: Dialect) -> Vec<String> {
    let (expected, mut got) = (normalized(expected, dialect), normalized(got, dialect));
    // An extension the up created may stay after the down: other objects may come to use it, and
    // codegen's own downs leave extensions in place on purpose (and say so).
    got.objects.retain(|o| o.kind != ObjectKind::Extension || expected.objects.iter().any(|e| same_object(e, o)));
    if expected == got {
        return Vec::new();
    }
    let mut out = Vec::new();
    let find = |s: &'_ Schema, t: &Table| s.tables.iter().find(|x| x.name == t.name).cloned();
    for t in &expected.tables {
        match find(&got, t) {
            None => out.push(format!("table `{}` is missing", t.name)),
            Some(g) if &g != t => out.extend(table_differences(t, &g)),
            Some(_) => {}
        }
    }
    for t in &got.tables {
        if find(&expected, t).is_none() {
            out.push(format!("table `{}` remains", t.name));
        }
    }
    for e in &expected.enums {
        match got.enums.iter().find(|g| g.name == e.name) {
            None => out.push(format!("enum `{}` is missing", e.name)),
            Some(g) if g.values != e.values => {
                let extra: Vec<String> =
                    g.values.iter().filter(|v| !e.values.contains(v)).map(|v| format!("`{v}`")).collect();
                let missing: Vec<String> =
                    e.values.iter().filter(|v| !g.values.contains(v)).map(|v| format!("`{v}`")).collect();
                let mut what = Vec::new();
                if !extra.is_empty() {
                    what.push(format!("keeps the value(s) {}", extra.join(", ")));
                }
                if !missing.is_empty() {
                    what.push(format!("lacks the value(s) {}", missing.join(", ")));
                }
                if what.is_empty() {
                    what.push("has its values in another order".into());
                }
                out.push(format!("enum `{}` {}", e.name, what.join(" and ")));
            }
            Some(_) => {}
        }
    }
    for g in &got.enums {
        if !expected.enums.iter().any(|e| e.name == g.name) {
            out.push(format!("enum `{}` remains", g.name));
        }
    }
    for e in &expected.objects {
        match got.objects.iter().find(|g| same_object(e, g)) {
            None => out.push(format!("{} `{}` is missing", e.kind.keyword().to_lowercase(), e.name)),
            Some(g) if g.definition != e.definition => {
                out.push(format!("{} `{}` differs", e.kind.keyword().to_lowercase(), e.name))
            }
            Some(_) => {}
        }
    }
    for g in &got.objects {
        if !expected.objects.iter().any(|e| same_object(e, g)) {
            out.push(format!("{} `{}` remains", g.kind.keyword().to_lowercase(), g.name));
        }
    }
    if expected.views != got.views {
        out.push("views differ".into());
    }
    if expected.namespaces != got.namespaces {
        out.push("schemas differ".into());
    }
    if out.is_empty() {
        out.push("the models differ".into());
    }
    out
}

/// The same database object: kind, name, overload and owning table.
fn same_object(a: &DbObject, b: &DbObject) -> bool {
    a.kind == b.kind && a.name == b.name && a.signature == b.signature && a.table == b.table
}

fn table_differences(expected: &Table, got: &Table) -> Vec<String> {
    let mut out = Vec::new();
    let name = &expected.name;
    for c in &expected.columns {
        match got.column(&c.name) {
            None => out.push(format!("column `{name}.{}` is missing", c.name)),
            Some(g) if g != c => {
                let what = if g.ty != c.ty {
                    format!(
                        "type {} instead of {}",
                        super::changes::type_words(&g.ty),
                        super::changes::type_words(&c.ty)
                    )
                } else if g.nullable != c.nullable {
                    (if g.nullable { "nullable instead of NOT NULL" } else { "NOT NULL instead of nullable" }).into()
                } else {
                    "its default or options differ".into()
                };
                out.push(format!("column `{name}.{}` has {what}", c.name));
            }
            Some(_) => {}
        }
    }
    for c in &got.columns {
        if expected.column(&c.name).is_none() {
            out.push(format!("column `{name}.{}` remains", c.name));
        }
    }
    for i in &expected.indexes {
        if !got.indexes.iter().any(|g| g.name == i.name) {
            out.push(format!("index `{}` is missing", i.name));
        }
    }
    for i in &got.indexes {
        if !expected.indexes.iter().any(|e| e.name == i.name) {
            out.push(format!("index `{}` remains", i.name));
        }
    }
    if expected.primary_key != got.primary_key {
        out.push(format!("the primary key of `{name}` differs"));
    }
    if expected.foreign_keys != got.foreign_keys {
        out.push(format!("the foreign keys of `{name}` differ"));
    }
    if expected.uniques != got.uniques || expected.checks != got.checks {
        out.push(format!("the constraints of `{name}` differ"));
    }
    if out.is_empty() {
        out.push(format!("table `{name}` differs"));
    }
    out
}

//! The backfill's expressions checked against the table: every column they read exists, and
//! the obvious type of the value fits the column it goes into.
//!
//! The type is what a reader of the SQL would call obvious (`completed_at - created_at` of two
//! timestamps is a duration), not a full type checker: anything it is not sure of is
//! [`Kind::Unknown`] and passes, so the database keeps the last word.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, CastKind, DataType, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, Query,
    UnaryOperator, Value, Visit, Visitor,
};
use sqlparser::parser::Parser;

use super::{flag_location, flag_location_at, kind_of_type, unknown_column};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::model::{Column, Table};

/// The obvious type of an expression, as far as a backfill needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer,
    /// Any non-integer number (decimal, float).
    Numeric,
    Bool,
    Text,
    Date,
    Time,
    /// A date and time, with or without a zone.
    Timestamp,
    /// A duration (PostgreSQL `interval`).
    Interval,
    Json,
    Null,
    Unknown,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Integer => "an integer",
            Kind::Numeric => "a number",
            Kind::Bool => "a boolean",
            Kind::Text => "text",
            Kind::Date => "a date",
            Kind::Time => "a time of day",
            Kind::Timestamp => "a timestamp",
            Kind::Interval => "a duration (interval)",
            Kind::Json => "JSON",
            Kind::Null => "NULL",
            Kind::Unknown => "of unknown type",
        }
    }

    fn is_number(self) -> bool {
        matches!(self, Kind::Integer | Kind::Numeric)
    }
}

/// Words that parse as identifiers but name no column: time units of `TIMESTAMPDIFF(SECOND, ..)`,
/// `DATE_ADD(.., INTERVAL 1 DAY)`, and SQL's niladic functions.
const NOT_COLUMNS: &[&str] = &[
    "microsecond",
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "quarter",
    "year",
    "epoch",
    "current_timestamp",
    "current_date",
    "current_time",
    "localtimestamp",
    "localtime",
    "true",
    "false",
    "null",
];

/// What an expression is, once checked.
pub(super) struct Checked {
    pub kind: Kind,
    /// The table's columns it reads (outside subqueries).
    pub reads: Vec<String>,
}

/// Parse `text` (starting at character `at` of `flag`), check every column it reads, and
/// return its obvious kind; `None` when it cannot be read or names a missing column.
pub(super) fn check_expression(
    table: &Table,
    text: &str,
    flag: &str,
    at: usize,
    dialect: Dialect,
    found: &mut Diagnostics,
) -> Option<Checked> {
    let parser_dialect = crate::read::sql::parser_dialect(dialect);
    let parsed = Parser::new(parser_dialect.as_ref()).try_with_sql(text).and_then(|mut p| {
        let expr = p.parse_expr()?;
        p.expect_token(&sqlparser::tokenizer::Token::EOF)?;
        Ok(expr)
    });
    let expr = match parsed {
        Ok(expr) => expr,
        Err(e) => {
            found.push(
                Diagnostic::error(format!("{flag} `{}` is not a SQL expression: {e}", text.trim()))
                    .at(flag_location(flag, at)),
            );
            return None;
        }
    };
    let mut columns = ColumnCheck { table, flag, at, depth: 0, errors: Vec::new(), reads: Vec::new() };
    let _ = expr.visit(&mut columns);
    if !columns.errors.is_empty() {
        for e in columns.errors {
            found.push(e);
        }
        return None;
    }
    Some(Checked { kind: infer_kind(&expr, table, dialect), reads: columns.reads })
}

/// Every column reference outside subqueries must be a column of the table.
struct ColumnCheck<'a> {
    table: &'a Table,
    flag: &'a str,
    at: usize,
    depth: usize,
    errors: Vec<Diagnostic>,
    reads: Vec<String>,
}

impl ColumnCheck<'_> {
    /// Where a token is in the flag's text: the expression starts at character `at` of line 1.
    fn place(&self, ident: &Ident) -> Option<crate::location::Location> {
        let start = ident.span.start;
        if start.line <= 1 {
            flag_location(self.flag, self.at + start.column.saturating_sub(1) as usize)
        } else {
            flag_location_at(self.flag, start.line as usize, start.column as usize)
        }
    }

    fn check(&mut self, qualifier: &[Ident], ident: &Ident) {
        let position = self.place(ident);
        if let Some(q) = qualifier.last()
            && !q.value.eq_ignore_ascii_case(&self.table.name.name)
        {
            self.errors.push(
                Diagnostic::error(format!(
                    "`{}` is not the table being backfilled (`{}`): the expression reads one row of it",
                    q.value, self.table.name
                ))
                .with_object(q.value.clone())
                .at(self.place(q))
                .with_help("read other tables through a subquery: (SELECT ... FROM other WHERE other.id = fk_column)"),
            );
            return;
        }
        if ident.quote_style.is_none()
            && qualifier.is_empty()
            && NOT_COLUMNS.contains(&ident.value.to_lowercase().as_str())
        {
            return;
        }
        match column(self.table, &ident.value) {
            Some(found) => self.reads.push(found.name.clone()),
            None => self.errors.push(unknown_column(self.table, &ident.value, position)),
        }
    }
}

impl Visitor for ColumnCheck<'_> {
    type Break = ();

    fn pre_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if self.depth > 0 {
            return ControlFlow::Continue(());
        }
        match expr {
            Expr::Identifier(ident) => self.check(&[], ident),
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                let (last, qualifier) = parts.split_last().expect("two parts");
                self.check(qualifier, last);
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

fn column<'a>(table: &'a Table, name: &str) -> Option<&'a Column> {
    table.column(name).or_else(|| table.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)))
}

/// The obvious kind of `expr` over `table`'s columns.
pub fn infer_kind(expr: &Expr, table: &Table, dialect: Dialect) -> Kind {
    let kind = |e: &Expr| infer_kind(e, table, dialect);
    match expr {
        Expr::Identifier(ident) => column(table, &ident.value).map_or(Kind::Unknown, |c| kind_of_type(&c.ty)),
        Expr::CompoundIdentifier(parts) => {
            parts.last().and_then(|i| column(table, &i.value)).map_or(Kind::Unknown, |c| kind_of_type(&c.ty))
        }
        Expr::Nested(inner) => kind(inner),
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => {
                if n.contains(['.', 'e', 'E']) {
                    Kind::Numeric
                } else {
                    Kind::Integer
                }
            }
            Value::Boolean(_) => Kind::Bool,
            Value::Null => Kind::Null,
            // A quoted literal takes the type of what it meets in PostgreSQL ('1 day', '{}').
            _ => Kind::Unknown,
        },
        Expr::IsNull(_)
        | Expr::IsNotNull(_)
        | Expr::IsTrue(_)
        | Expr::IsFalse(_)
        | Expr::IsNotTrue(_)
        | Expr::IsNotFalse(_)
        | Expr::IsDistinctFrom(..)
        | Expr::IsNotDistinctFrom(..)
        | Expr::In { .. }
        | Expr::Between { .. }
        | Expr::Like { .. }
        | Expr::ILike { .. }
        | Expr::Exists { .. } => Kind::Bool,
        Expr::UnaryOp { op, expr } => match op {
            UnaryOperator::Not => Kind::Bool,
            _ => kind(expr),
        },
        Expr::BinaryOp { left, op, right } => binary(kind(left), op, kind(right), dialect),
        Expr::Cast { kind: cast, data_type, .. } if *cast != CastKind::TryCast => kind_of_data_type(data_type),
        Expr::Extract { .. } => Kind::Numeric,
        Expr::Interval(_) => Kind::Interval,
        Expr::Case { conditions, else_result, .. } => conditions
            .iter()
            .map(|c| kind(&c.result))
            .chain(else_result.iter().map(|e| kind(e)))
            .find(|k| *k != Kind::Null)
            .unwrap_or(Kind::Null),
        Expr::Function(f) => {
            let name = f.name.to_string().to_lowercase();
            let args: Vec<&Expr> = match &f.args {
                FunctionArguments::List(list) => list
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            function(&name, &args.iter().map(|e| kind(e)).collect::<Vec<_>>(), dialect)
        }
        _ => Kind::Unknown,
    }
}

fn binary(left: Kind, op: &BinaryOperator, right: Kind, dialect: Dialect) -> Kind {
    use BinaryOperator as B;
    match op {
        B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq | B::And | B::Or | B::Spaceship => Kind::Bool,
        B::StringConcat => Kind::Text,
        B::Minus if left == Kind::Timestamp && right == Kind::Timestamp => Kind::Interval,
        B::Minus if left == Kind::Date && right == Kind::Date && dialect == Dialect::Postgres => Kind::Integer,
        B::Plus | B::Minus if left == Kind::Timestamp && right == Kind::Interval => Kind::Timestamp,
        B::Plus | B::Minus | B::Multiply | B::Modulo if left == Kind::Integer && right == Kind::Integer => {
            Kind::Integer
        }
        B::Divide if left == Kind::Integer && right == Kind::Integer => {
            // PostgreSQL and SQLite divide integers to an integer, MySQL to a decimal.
            if dialect == Dialect::Mysql { Kind::Numeric } else { Kind::Integer }
        }
        B::Plus | B::Minus | B::Multiply | B::Divide | B::Modulo if left.is_number() && right.is_number() => {
            Kind::Numeric
        }
        B::Multiply | B::Divide if left == Kind::Interval && right.is_number() => Kind::Interval,
        _ => Kind::Unknown,
    }
}

fn function(name: &str, args: &[Kind], dialect: Dialect) -> Kind {
    let first = args.first().copied().unwrap_or(Kind::Unknown);
    match name {
        "coalesce" | "ifnull" | "nullif" | "greatest" | "least" | "max" | "min" => {
            args.iter().copied().find(|k| *k != Kind::Null).unwrap_or(Kind::Null)
        }
        "abs" | "round" | "floor" | "ceil" | "ceiling" | "trunc" | "truncate" => first,
        "timestampdiff" | "datediff" | "length" | "char_length" | "octet_length" | "strftime_int" => Kind::Integer,
        "julianday" | "unixepoch" if dialect == Dialect::Sqlite => Kind::Numeric,
        "date_part" => Kind::Numeric,
        "age" | "timediff" if dialect == Dialect::Postgres => Kind::Interval,
        "lower" | "upper" | "trim" | "ltrim" | "rtrim" | "concat" | "concat_ws" | "substr" | "substring"
        | "replace" | "left" | "right" | "format" => Kind::Text,
        "now" | "current_timestamp" | "localtimestamp" | "date_add" | "date_sub" | "timestampadd" => Kind::Timestamp,
        "to_json" | "to_jsonb" | "json_build_object" | "jsonb_build_object" | "json_object" | "json_array" => {
            Kind::Json
        }
        _ => Kind::Unknown,
    }
}

fn kind_of_data_type(ty: &DataType) -> Kind {
    match ty {
        DataType::SmallInt(_)
        | DataType::Int(_)
        | DataType::Integer(_)
        | DataType::BigInt(_)
        | DataType::Int2(_)
        | DataType::Int4(_)
        | DataType::Int8(_)
        | DataType::TinyInt(_)
        | DataType::Signed
        | DataType::SignedInteger
        | DataType::Unsigned
        | DataType::UnsignedInteger => Kind::Integer,
        DataType::Numeric(_)
        | DataType::Decimal(_)
        | DataType::Real
        | DataType::Float(_)
        | DataType::Float4
        | DataType::Float8
        | DataType::Double(_)
        | DataType::DoublePrecision => Kind::Numeric,
        DataType::Bool | DataType::Boolean => Kind::Bool,
        DataType::Text | DataType::Varchar(_) | DataType::CharacterVarying(_) | DataType::Char(_) => Kind::Text,
        DataType::Date => Kind::Date,
        DataType::Timestamp(..) | DataType::Datetime(_) => Kind::Timestamp,
        DataType::Interval { .. } => Kind::Interval,
        DataType::JSON | DataType::JSONB => Kind::Json,
        _ => Kind::Unknown,
    }
}

/// Whether `column` can hold the value of `expression` (of kind `kind`): errors where the
/// database would refuse or silently store something else, warnings where it converts.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_fit(
    table: &Table,
    column: &Column,
    expression: &str,
    kind: Kind,
    dialect: Dialect,
    at: usize,
    found: &mut Diagnostics,
    warnings: &mut Diagnostics,
) {
    let object = format!("{}.{}", table.name, column.name);
    let expression = expression.trim();
    let target = kind_of_type(&column.ty);
    let location = flag_location("--set", at);
    // Two timestamps subtracted are not a duration outside PostgreSQL.
    if kind == Kind::Interval && dialect != Dialect::Postgres {
        let (what, help) = match dialect {
            Dialect::Mysql => (
                "MySQL subtracts two DATETIMEs as numbers (20240102000000 - 20240101235959 = 764041), not as a duration",
                "for seconds write TIMESTAMPDIFF(SECOND, created_at, completed_at)",
            ),
            _ => (
                "SQLite subtracts two timestamps as numbers (their leading years), not as a duration",
                "for seconds write CAST(round((julianday(completed_at) - julianday(created_at)) * 86400) AS INTEGER)",
            ),
        };
        found.push(
            Diagnostic::error(format!("--set `{expression}`: {what}")).with_object(object).at(location).with_help(help),
        );
        return;
    }
    let refuse = |why: String| {
        Diagnostic::error(format!(
            "`{object}` is {} ({}) and cannot hold `{expression}`, which is {}{why}",
            target.describe(),
            column.declared_type,
            kind.describe()
        ))
        .with_object(object.clone())
        .at(location.clone())
    };
    match (target, kind) {
        (_, Kind::Unknown | Kind::Null) | (Kind::Unknown | Kind::Text, _) => {}
        (t, k) if t == k => {}
        (Kind::Integer, Kind::Numeric) => warnings.push(
            Diagnostic::warning(format!("`{object}` is an integer: the value of `{expression}` is rounded into it"))
                .with_object(object.clone()),
        ),
        (Kind::Numeric, Kind::Integer) | (Kind::Date | Kind::Timestamp, Kind::Date | Kind::Timestamp) => {}
        (_, Kind::Interval) => found.push(refuse(String::new()).with_help(
            "for seconds write EXTRACT(EPOCH FROM (completed_at - created_at)), or make the column an interval",
        )),
        (Kind::Integer | Kind::Bool, Kind::Bool | Kind::Integer) if dialect != Dialect::Postgres => {}
        _ if dialect == Dialect::Postgres => found.push(
            refuse(": PostgreSQL has no assignment cast between them".into())
                .with_help(format!("cast it explicitly: CAST(... AS {})", column.declared_type)),
        ),
        _ => warnings.push(
            Diagnostic::warning(format!(
                "`{object}` is {} and `{expression}` is {}: {dialect} converts it implicitly",
                target.describe(),
                kind.describe()
            ))
            .with_object(object.clone()),
        ),
    }
}

//! One spelling per expression, so that an index's expression or predicate (as the model keeps
//! it, often as the database printed it: `lower((email)::text)`) compares equal to what a query
//! writes (`lower(u.email)`).

use std::ops::ControlFlow;

use codegen_core::Dialect;
use sqlparser::ast::{DataType, Expr, Ident, visit_expressions_mut};
use sqlparser::dialect::{Dialect as ParserDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use crate::names;

/// The parser of a dialect.
pub fn parser_dialect(dialect: Dialect) -> Box<dyn ParserDialect> {
    match dialect {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// An expression's normalised text: parentheses, qualifiers, quotes and casts to text dropped,
/// identifiers folded, function names in lower case.
pub fn normalize_expr(expr: &Expr, dialect: Dialect) -> String {
    let mut expr = expr.clone();
    let _ = visit_expressions_mut(&mut expr, |e| {
        match e {
            Expr::Nested(inner) => *e = (**inner).clone(),
            Expr::CompoundIdentifier(idents) => {
                let last = idents.last().cloned().unwrap_or_else(|| Ident::new(""));
                *e = Expr::Identifier(Ident::new(names::fold(&last, dialect)));
            }
            Expr::Identifier(ident) => *ident = Ident::new(names::fold(ident, dialect)),
            // A literal's cast (`'running'::experiment_status`, as PostgreSQL prints predicates)
            // and a cast of a column to text (`(email)::text`) say nothing an index cares about.
            Expr::Cast { expr: inner, data_type, .. }
                if matches!(**inner, Expr::Value(_)) || is_text_type(data_type) =>
            {
                *e = (**inner).clone()
            }
            Expr::Function(f) => {
                let lowered = f.name.to_string().to_ascii_lowercase();
                f.name = sqlparser::ast::ObjectName::from(vec![Ident::new(lowered)]);
            }
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
    expr.to_string()
}

/// A SQL expression kept as text in the model, normalised; unparsable text is kept (trimmed,
/// lower case) so that two equal spellings still compare equal.
pub fn normalize_sql(text: &str, dialect: Dialect) -> String {
    let parser = parser_dialect(dialect);
    match Parser::new(parser.as_ref()).try_with_sql(text).and_then(|mut p| p.parse_expr()) {
        Ok(expr) => normalize_expr(&expr, dialect),
        Err(_) => text.trim().to_lowercase(),
    }
}

/// Parse an expression in a dialect.
pub fn parse_expr(text: &str, dialect: Dialect) -> Option<Expr> {
    let parser = parser_dialect(dialect);
    Parser::new(parser.as_ref()).try_with_sql(text).and_then(|mut p| p.parse_expr()).ok()
}

fn is_text_type(ty: &DataType) -> bool {
    matches!(ty, DataType::Text | DataType::Varchar(_) | DataType::CharacterVarying(_) | DataType::String(_))
        || matches!(ty, DataType::Custom(name, _) if name.to_string().eq_ignore_ascii_case("citext"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_spelling_and_the_query_spelling_meet() {
        let stored = normalize_sql("lower((email)::text)", Dialect::Postgres);
        let written = normalize_sql("LOWER(u.Email)", Dialect::Postgres);
        assert_eq!(stored, written);
        assert_eq!(stored, "lower(email)");
        assert_eq!(normalize_sql("(status = 'running'::experiment_status)", Dialect::Postgres), "status = 'running'");
    }
}

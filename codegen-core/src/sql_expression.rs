//! SQL expressions kept as text in the model (checks, defaults, generated columns, index
//! predicates), re-spelled for another dialect: quoted identifiers take the target's quotes,
//! casts use types the target accepts, and SQLite gets `CURRENT_TIMESTAMP` for `now()`.
//!
//! Anything it cannot parse is returned unchanged; the database then has the last word.

use std::ops::ControlFlow;

use sqlparser::ast::{DataType, Expr, Ident, visit_expressions_mut};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

use crate::dialect::Dialect;

/// `sql` as `dialect` reads it.
pub fn for_dialect(sql: &str, dialect: Dialect) -> String {
    let Ok(mut expr) = Parser::new(&GenericDialect {}).try_with_sql(sql).and_then(|mut p| p.parse_expr()) else {
        return sql.to_string();
    };
    let quote = if dialect == Dialect::Mysql { '`' } else { '"' };
    let requote = |ident: &mut Ident| {
        if ident.quote_style.is_some() {
            ident.quote_style = Some(quote);
        }
    };
    let _ = visit_expressions_mut(&mut expr, |e| {
        match e {
            Expr::Identifier(ident) => requote(ident),
            Expr::CompoundIdentifier(idents) => idents.iter_mut().for_each(requote),
            Expr::Cast { data_type, .. } if dialect == Dialect::Mysql => *data_type = mysql_cast_type(data_type),
            Expr::Function(f) if dialect == Dialect::Sqlite && f.name.to_string().eq_ignore_ascii_case("now") => {
                *e = Expr::Identifier(Ident::new("CURRENT_TIMESTAMP"));
            }
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
    expr.to_string()
}

/// MySQL's `CAST` takes only a few target types.
fn mysql_cast_type(ty: &DataType) -> DataType {
    match ty {
        DataType::SmallInt(_)
        | DataType::Int(_)
        | DataType::Integer(_)
        | DataType::BigInt(_)
        | DataType::Int2(_)
        | DataType::Int4(_)
        | DataType::Int8(_)
        | DataType::TinyInt(_)
        | DataType::Bool
        | DataType::Boolean => DataType::Signed,
        DataType::Text | DataType::Varchar(_) | DataType::CharacterVarying(_) | DataType::String(_) => {
            DataType::Char(None)
        }
        DataType::Timestamp(p, _) => DataType::Datetime(*p),
        DataType::DoublePrecision | DataType::Float8 => DataType::Double(sqlparser::ast::ExactNumberInfo::None),
        DataType::Real | DataType::Float4 => DataType::Float(sqlparser::ast::ExactNumberInfo::None),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casts_and_quotes_follow_the_target() {
        let pg = r#"CAST(("Unit Price" * 100) AS BIGINT)"#;
        assert_eq!(for_dialect(pg, Dialect::Mysql), "CAST((`Unit Price` * 100) AS SIGNED)");
        assert_eq!(for_dialect(pg, Dialect::Postgres), pg);
        assert_eq!(for_dialect("`a b` > 0", Dialect::Sqlite), r#""a b" > 0"#);
        assert_eq!(for_dialect("created_at < now()", Dialect::Sqlite), "created_at < CURRENT_TIMESTAMP");
        assert_eq!(for_dialect("not ( valid sql", Dialect::Mysql), "not ( valid sql");
    }
}

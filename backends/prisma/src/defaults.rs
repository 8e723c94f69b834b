//! Column defaults as `@default(...)` arguments.
//!
//! What Prisma has a function for (`autoincrement()`, `now()`) uses it; anything else the
//! database computes is `dbgenerated("...")`, so that migrations keep the database's default.

use codegen_core::{ColumnDefault, Dialect, Literal};

use crate::layout::quote;

/// Whether an integer field's default expression is a `nextval(...)`, which Prisma calls
/// `autoincrement()` whatever the sequence.
pub fn draws_from_sequence(sql: &str, scalar: &str) -> bool {
    matches!(scalar, "Int" | "BigInt") && sql.trim_start().to_ascii_lowercase().starts_with("nextval(")
}

/// The argument of `@default(...)`, or `None` for no attribute. `scalar` is the field's Prisma
/// type; `enum_value` maps a database enum value to its Prisma name when the field is an enum.
pub fn render_default(
    default: &ColumnDefault,
    dialect: Dialect,
    scalar: &str,
    enum_value: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let generated = |sql: &str| Some(format!("dbgenerated({})", quote(sql)));
    match default {
        ColumnDefault::AutoIncrement { .. } if matches!(scalar, "Int" | "BigInt") => Some("autoincrement()".into()),
        ColumnDefault::AutoIncrement { .. } => None,
        ColumnDefault::CurrentTimestamp if scalar == "DateTime" => Some("now()".into()),
        ColumnDefault::CurrentTimestamp => generated("CURRENT_TIMESTAMP"),
        ColumnDefault::CurrentDate => generated("CURRENT_DATE"),
        ColumnDefault::CurrentTime => generated("CURRENT_TIME"),
        // The model keeps the function's name; each database has its own (SQLite none).
        ColumnDefault::GeneratedUuid { function } => match dialect {
            Dialect::Postgres if function.contains('(') => generated(function),
            Dialect::Postgres => generated(&format!("{function}()")),
            Dialect::Mysql => generated("(uuid())"),
            Dialect::Sqlite => None,
        },
        // db pull reads any `nextval(...)` default of an integer column as autoincrement(): a
        // sequence of its own (a start, shared by tables) is still a counter to Prisma.
        ColumnDefault::Expression { sql } if draws_from_sequence(sql, scalar) => Some("autoincrement()".into()),
        ColumnDefault::Expression { sql } => generated(sql),
        ColumnDefault::Literal { value } => match (value, scalar) {
            (Literal::Null, _) => None,
            (Literal::Bool(b), "Boolean") => Some(b.to_string()),
            (Literal::Number(n), "Boolean") if n == "0" || n == "1" => Some((n == "1").to_string()),
            (Literal::Number(n), "Int" | "BigInt" | "Float" | "Decimal") => Some(n.clone()),
            (Literal::Number(n), "String") => Some(quote(n)),
            (Literal::String(s), "String" | "Json") => Some(quote(s)),
            (Literal::String(s), "Int" | "BigInt" | "Float" | "Decimal") if s.parse::<f64>().is_ok() => Some(s.clone()),
            (Literal::String(s), _) if enum_value(s).is_some() => enum_value(s),
            (Literal::Bool(b), _) => generated(&b.to_string()),
            (Literal::Number(n), _) => generated(n),
            (Literal::String(s), _) => generated(&format!("'{}'", s.replace('\'', "''"))),
        },
    }
}

/// A PostgreSQL array literal (`{a,"b c"}`) as a Prisma list default (`["a", "b c"]`), when
/// every element has a Prisma form for `scalar`; `None` otherwise.
pub fn render_list_default(literal: &str, scalar: &str, enum_value: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let inner = literal.strip_prefix('{')?.strip_suffix('}')?;
    let mut elements = Vec::new();
    let mut chars = inner.chars().peekable();
    while chars.peek().is_some() {
        let mut element = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => element.extend(chars.next()),
                    '"' => break,
                    c => element.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                element.push(c);
                chars.next();
            }
            if element.eq_ignore_ascii_case("null") || element.contains(['{', '}']) {
                return None;
            }
        }
        elements.push(element);
        if chars.next().is_some_and(|c| c != ',') {
            return None;
        }
    }
    let rendered: Option<Vec<String>> = elements
        .iter()
        .map(|e| match scalar {
            "String" => Some(quote(e)),
            "Int" | "BigInt" | "Float" | "Decimal" => e.parse::<f64>().is_ok().then(|| e.clone()),
            "Boolean" => match e.as_str() {
                "t" | "true" => Some("true".into()),
                "f" | "false" => Some("false".into()),
                _ => None,
            },
            _ => enum_value(e),
        })
        .collect();
    Some(format!("[{}]", rendered?.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_enum(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn database_functions_prisma_knows_use_its_names() {
        let auto = ColumnDefault::AutoIncrement { strategy: codegen_core::AutoIncrement::Serial };
        assert_eq!(render_default(&auto, Dialect::Postgres, "BigInt", &no_enum).as_deref(), Some("autoincrement()"));
        let nextval = ColumnDefault::Expression { sql: "nextval('ticket_numbers'::regclass)".into() };
        assert_eq!(render_default(&nextval, Dialect::Postgres, "Int", &no_enum).as_deref(), Some("autoincrement()"));
        assert_eq!(
            render_default(&ColumnDefault::CurrentTimestamp, Dialect::Postgres, "DateTime", &no_enum).as_deref(),
            Some("now()")
        );
        let uuid = ColumnDefault::GeneratedUuid { function: "gen_random_uuid()".into() };
        assert_eq!(
            render_default(&uuid, Dialect::Postgres, "String", &no_enum).as_deref(),
            Some(r#"dbgenerated("gen_random_uuid()")"#)
        );
    }

    #[test]
    fn literals_follow_the_field_type() {
        let lit = |value| ColumnDefault::Literal { value };
        assert_eq!(
            render_default(&lit(Literal::Bool(false)), Dialect::Postgres, "Boolean", &no_enum).as_deref(),
            Some("false")
        );
        assert_eq!(
            render_default(&lit(Literal::Number("1".into())), Dialect::Postgres, "Boolean", &no_enum).as_deref(),
            Some("true")
        );
        assert_eq!(
            render_default(&lit(Literal::String("a\"b".into())), Dialect::Postgres, "String", &no_enum).as_deref(),
            Some(r#""a\"b""#)
        );
        let role = |v: &str| (v == "member").then(|| "member".to_string());
        assert_eq!(
            render_default(&lit(Literal::String("member".into())), Dialect::Postgres, "role", &role).as_deref(),
            Some("member")
        );
        assert_eq!(render_default(&lit(Literal::Null), Dialect::Postgres, "String", &no_enum), None);
    }

    #[test]
    fn array_literals_become_lists() {
        assert_eq!(render_list_default("{}", "String", &no_enum).as_deref(), Some("[]"));
        assert_eq!(
            render_list_default(r#"{a,"b c","d\"e"}"#, "String", &no_enum).as_deref(),
            Some(r#"["a", "b c", "d\"e"]"#)
        );
        assert_eq!(render_list_default("{1,2}", "Int", &no_enum).as_deref(), Some("[1, 2]"));
        assert_eq!(render_list_default("{t,f}", "Boolean", &no_enum).as_deref(), Some("[true, false]"));
        let mood = |v: &str| (v == "so-so").then(|| "so_so".to_string());
        assert_eq!(render_list_default("{so-so}", "mood", &mood).as_deref(), Some("[so_so]"));
        assert_eq!(render_list_default("{NULL}", "Int", &no_enum), None);
        assert_eq!(render_list_default("{{1}}", "Int", &no_enum), None);
    }
}

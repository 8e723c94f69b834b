//! A routine's identity among overloads: the types of the arguments that tell it apart, spelled
//! one way. PostgreSQL names a function by its input argument types (not their names, modes,
//! type modifiers or `OUT` arguments) and accepts aliases (`int`, `int4` and `integer` are one
//! type); MySQL has no overloading, so a routine is its name alone.

use crate::dialect::Dialect;
use crate::model::ObjectKind;

/// The words that start a type of several words: `double precision`, `character varying`,
/// `timestamp with time zone`. An argument that starts with one has no name.
const MULTI_WORD_TYPES: [&str; 7] = ["double", "character", "char", "bit", "timestamp", "time", "national"];

/// The argument types of `signature` as identity, or `None` when the dialect has no overloading.
pub(crate) fn identity_signature(signature: &str, kind: ObjectKind, dialect: Dialect) -> Option<String> {
    if dialect != Dialect::Postgres {
        return None;
    }
    let types: Vec<String> = top_level_arguments(signature)
        .into_iter()
        .filter_map(|arg| argument_type(&arg, kind))
        .map(|ty| canonical_type(&ty))
        .collect();
    Some(types.join(","))
}

/// The arguments, split at the commas outside parentheses (`numeric(10,2)` is one type).
fn top_level_arguments(signature: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in signature.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out.into_iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect()
}

/// `[mode] [name] type` to `type`; `None` for an `OUT` argument of a function or aggregate,
/// which is not part of its identity.
fn argument_type(arg: &str, kind: ObjectKind) -> Option<String> {
    let mut words: Vec<&str> = arg.split_whitespace().collect();
    let mode = words.first().map(|w| w.to_ascii_uppercase());
    if matches!(mode.as_deref(), Some("IN" | "OUT" | "INOUT" | "VARIADIC")) {
        if mode.as_deref() == Some("OUT") && kind != ObjectKind::Procedure {
            return None;
        }
        words.remove(0);
    }
    let starts_type = |w: &str| {
        let w = w.to_ascii_lowercase();
        MULTI_WORD_TYPES.iter().any(|t| w == *t || w.starts_with(&format!("{t}(")))
    };
    if words.len() >= 2 && !starts_type(words[0]) {
        words.remove(0);
    }
    Some(words.join(" "))
}

/// One spelling per type: lower case, no schema `pg_catalog.`/`public.`, no type modifiers,
/// aliases resolved (`int4` and `int` are `integer`, `timestamptz` is `timestamp with time zone`).
fn canonical_type(ty: &str) -> String {
    let lower = ty.to_lowercase();
    let (base, array) = match lower.find('[') {
        Some(at) => (&lower[..at], "[]"),
        None => (lower.as_str(), ""),
    };
    let mut base = base.trim().trim_start_matches("pg_catalog.").trim_start_matches("public.").to_string();
    // Type modifiers do not tell overloads apart: `varchar(20)` is `varchar`.
    while let Some(open) = base.find('(') {
        let close = base[open..].find(')').map_or(base.len(), |c| open + c + 1);
        base.replace_range(open..close, "");
    }
    let base = base.split_whitespace().collect::<Vec<_>>().join(" ");
    let canonical = match base.as_str() {
        "int" | "int4" => "integer",
        "int8" => "bigint",
        "int2" => "smallint",
        "bool" => "boolean",
        "float8" => "double precision",
        "float4" => "real",
        "varchar" => "character varying",
        "char" | "bpchar" => "character",
        "decimal" => "numeric",
        "timestamptz" => "timestamp with time zone",
        "timestamp" => "timestamp without time zone",
        "timetz" => "time with time zone",
        "time" => "time without time zone",
        "varbit" => "bit varying",
        other => other,
    };
    format!("{canonical}{array}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg(signature: &str) -> String {
        identity_signature(signature, ObjectKind::Function, Dialect::Postgres).unwrap()
    }

    #[test]
    fn names_modes_modifiers_and_aliases_do_not_tell_overloads_apart() {
        assert_eq!(pg("p_film_id integer, p_store_id int4, OUT p_film_count integer"), "integer,integer");
        assert_eq!(pg("a numeric(10,2), b varchar(20)"), "numeric,character varying");
        assert_eq!(pg("double precision, x timestamptz"), "double precision,timestamp with time zone");
        assert_eq!(pg("ts timestamp without time zone"), "timestamp without time zone");
        assert_eq!(pg("VARIADIC vals int[]"), "integer[]");
        assert_eq!(pg("public.citext"), "citext");
        assert_eq!(pg(""), "");
        assert_ne!(pg("timestamp"), pg("timestamptz"));
        assert_eq!(
            identity_signature("a int, OUT b int", ObjectKind::Procedure, Dialect::Postgres).unwrap(),
            "integer,integer"
        );
        assert_eq!(identity_signature("IN a int", ObjectKind::Procedure, Dialect::Mysql), None);
    }
}

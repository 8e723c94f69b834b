//! MySQL scripts name their own database in view and routine bodies (`FROM sakila.film`, as
//! mysqldump and hand-kept scripts write them). The model is one database and its objects' own
//! names have lost that qualifier already; the bodies keep it, so output loaded into a database
//! of another name would fail. A qualifier that stands before a table of the model right after
//! `FROM`, `JOIN`, `INTO`, `UPDATE` or `TABLE` names this database: it is removed everywhere in
//! the bodies, wherever it stands before one of the model's tables or views. Aliases never
//! stand there (a table does), so `f.title` is left alone.

use std::collections::HashSet;

use super::lex::{Kind, Tok, lex};
use crate::dialect::Dialect;
use crate::model::Schema;

/// Remove the own-database qualifiers from view definitions and object bodies (MySQL only).
pub(crate) fn strip_own_database_qualifiers(schema: &mut Schema) {
    let names: HashSet<String> = schema
        .tables
        .iter()
        .map(|t| t.name.name.to_lowercase())
        .chain(schema.views.iter().map(|v| v.name.name.to_lowercase()))
        .collect();
    if names.is_empty() {
        return;
    }
    let bodies = schema
        .views
        .iter()
        .map(|v| v.definition.as_str())
        .chain(schema.objects.iter().flat_map(|o| o.definition.iter().map(String::as_str)));
    let mut databases: HashSet<String> = HashSet::new();
    for body in bodies {
        databases.extend(database_qualifiers(body, &names));
    }
    if databases.is_empty() {
        return;
    }
    for view in &mut schema.views {
        view.definition = without_qualifiers(&view.definition, &databases, &names);
    }
    for object in &mut schema.objects {
        for statement in &mut object.definition {
            *statement = without_qualifiers(statement, &databases, &names);
        }
    }
}

fn name_of(tok: &Tok, src: &str) -> Option<String> {
    matches!(tok.kind, Kind::Word | Kind::Quoted).then(|| tok.ident(src, Dialect::Mysql).to_lowercase())
}

/// `q` of each `FROM q.t` (or JOIN, INTO, UPDATE, TABLE) where `t` is one of `names`.
fn database_qualifiers(src: &str, names: &HashSet<String>) -> Vec<String> {
    let toks = lex(src, Dialect::Mysql);
    let mut found = Vec::new();
    for w in toks.windows(4) {
        let after_keyword = ["FROM", "JOIN", "INTO", "UPDATE", "TABLE"].iter().any(|k| w[0].is_word(src, k));
        if after_keyword
            && w[2].is_punct(src, '.')
            && let (Some(q), Some(t)) = (name_of(&w[1], src), name_of(&w[3], src))
            && names.contains(&t)
            && !names.contains(&q)
        {
            found.push(q);
        }
    }
    found
}

/// `src` without `q.` wherever `q` is one of `databases` and the next name is one of `names`.
fn without_qualifiers(src: &str, databases: &HashSet<String>, names: &HashSet<String>) -> String {
    let toks = lex(src, Dialect::Mysql);
    let mut cut: Vec<(usize, usize)> = Vec::new();
    for (i, w) in toks.windows(3).enumerate() {
        let preceded_by_dot = i > 0 && toks[i - 1].is_punct(src, '.');
        if !preceded_by_dot
            && w[1].is_punct(src, '.')
            && let (Some(q), Some(t)) = (name_of(&w[0], src), name_of(&w[2], src))
            && databases.contains(&q)
            && names.contains(&t)
        {
            cut.push((w[0].start, w[1].end));
        }
    }
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    for (start, end) in cut {
        out.push_str(&src[at..start]);
        at = end;
    }
    out.push_str(&src[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scripts_own_database_goes_and_aliases_stay() {
        let names: HashSet<String> = ["film", "actor"].iter().map(|s| s.to_string()).collect();
        let body =
            "SELECT f.title FROM sakila.film f JOIN `sakila`.`actor` a ON a.id = f.actor WHERE sakila.film.id > 0";
        let databases: HashSet<String> = database_qualifiers(body, &names).into_iter().collect();
        assert_eq!(databases, HashSet::from(["sakila".to_string()]));
        assert_eq!(
            without_qualifiers(body, &databases, &names),
            "SELECT f.title FROM film f JOIN `actor` a ON a.id = f.actor WHERE film.id > 0"
        );
    }

    #[test]
    fn a_qualifier_that_is_a_table_is_no_database() {
        let names: HashSet<String> = ["film", "actor"].iter().map(|s| s.to_string()).collect();
        assert!(database_qualifiers("SELECT film.actor FROM film", &names).is_empty());
    }
}

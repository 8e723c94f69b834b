//! Consistency checks over a whole [`Schema`], reporting every problem at once.

use std::collections::{BTreeSet, HashSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::location::Loc;
use crate::model::{ColumnType, IndexKey, QualifiedName, Schema, Table};

/// Check references and uniqueness across the schema. Every finding names its object and,
/// when the schema came from a file, the file and line.
pub fn check_schema(schema: &Schema) -> Diagnostics {
    let mut out = Diagnostics::new();
    check_duplicate_names(schema, &mut out);
    for table in &schema.tables {
        check_table(schema, table, &mut out);
    }
    for e in &schema.enums {
        let mut seen = HashSet::new();
        for v in &e.values {
            if !seen.insert(v) {
                out.push(err(&e.loc, format!("enum `{}` lists the value `{v}` twice", e.name), &e.name.to_string()));
            }
        }
    }
    out
}

fn err(loc: &Loc, message: String, object: &str) -> Diagnostic {
    Diagnostic::error(message).with_object(object).at(loc.location().cloned())
}

fn check_duplicate_names(schema: &Schema, out: &mut Diagnostics) {
    let mut seen: HashSet<&QualifiedName> = HashSet::new();
    for t in &schema.tables {
        if !seen.insert(&t.name) {
            out.push(err(&t.loc, format!("table `{}` is defined twice", t.name), &t.name.to_string()));
        }
    }
    for v in &schema.views {
        if !seen.insert(&v.name) {
            out.push(err(
                &v.loc,
                format!("view `{}` has the name of another table or view", v.name),
                &v.name.to_string(),
            ));
        }
    }
    let mut enums = HashSet::new();
    for e in &schema.enums {
        if !enums.insert(&e.name) {
            out.push(err(&e.loc, format!("enum `{}` is defined twice", e.name), &e.name.to_string()));
        }
    }
}

fn check_table(schema: &Schema, table: &Table, out: &mut Diagnostics) {
    let tname = table.name.to_string();
    let mut columns = HashSet::new();
    for c in &table.columns {
        if !columns.insert(c.name.as_str()) {
            out.push(err(
                &c.loc,
                format!("column `{}` appears twice in table `{tname}`", c.name),
                &format!("{tname}.{}", c.name),
            ));
        }
        check_type(schema, &c.ty, &c.loc, &format!("{tname}.{}", c.name), out);
    }
    let missing =
        |cols: &[String]| -> Vec<String> { cols.iter().filter(|c| table.column(c).is_none()).cloned().collect() };
    if let Some(pk) = &table.primary_key {
        for c in missing(&pk.columns) {
            out.push(err(
                &table.loc,
                format!("primary key of `{tname}` names column `{c}`, which the table does not have"),
                &tname,
            ));
        }
    }
    for u in &table.uniques {
        for c in missing(&u.columns) {
            out.push(err(
                &u.loc,
                format!("unique constraint on `{tname}` names column `{c}`, which the table does not have"),
                &tname,
            ));
        }
    }
    for ix in &table.indexes {
        for part in &ix.parts {
            if let IndexKey::Column(c) = &part.key
                && table.column(c).is_none()
            {
                out.push(err(
                    &ix.loc,
                    format!("index `{}` on `{tname}` names column `{c}`, which the table does not have", ix.name),
                    &ix.name,
                ));
            }
        }
    }
    for fk in &table.foreign_keys {
        let fk_name = fk.name.clone().unwrap_or_else(|| format!("{tname}({})", fk.columns.join(", ")));
        for c in missing(&fk.columns) {
            out.push(err(
                &fk.loc,
                format!("foreign key `{fk_name}` names column `{c}`, which `{tname}` does not have"),
                &fk_name,
            ));
        }
        let Some(target) = schema.table(&fk.referenced_table) else {
            out.push(
                err(
                    &fk.loc,
                    format!("foreign key `{fk_name}` references table `{}`, which is not defined", fk.referenced_table),
                    &fk_name,
                )
                .with_help(suggest(&fk.referenced_table.name, schema.tables.iter().map(|t| t.name.name.as_str()))),
            );
            continue;
        };
        if fk.referenced_columns.len() != fk.columns.len() {
            out.push(err(
                &fk.loc,
                format!(
                    "foreign key `{fk_name}` has {} column(s) but references {} in `{}`",
                    fk.columns.len(),
                    fk.referenced_columns.len(),
                    fk.referenced_table
                ),
                &fk_name,
            ));
        }
        for c in &fk.referenced_columns {
            if target.column(c).is_none() {
                out.push(err(
                    &fk.loc,
                    format!(
                        "foreign key `{fk_name}` references column `{}.{c}`, which does not exist",
                        fk.referenced_table
                    ),
                    &fk_name,
                ));
            }
        }
    }
}

fn check_type(schema: &Schema, ty: &ColumnType, loc: &Loc, object: &str, out: &mut Diagnostics) {
    if let Some(name) = ty.enum_name()
        && schema.enum_type(name).is_none()
    {
        out.push(
            err(loc, format!("column `{object}` has enum type `{name}`, which is never defined"), object)
                .with_help(suggest(&name.name, schema.enums.iter().map(|e| e.name.name.as_str()))),
        );
    }
}

/// A "did you mean" hint from the closest known names.
pub fn suggest<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> String {
    let close: BTreeSet<&str> = known.filter(|k| edit_distance(wanted, k) <= wanted.len().max(3) / 3).collect();
    match close.into_iter().next() {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("define `{wanted}` before it is used"),
    }
}

/// Levenshtein distance, for suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn table_with(name: &str, cols: &[&str]) -> Table {
        let mut t = Table::new(name);
        for c in cols {
            t.columns.push(Column::new(*c, ColumnType::INT, "integer"));
        }
        t
    }

    #[test]
    fn dangling_foreign_key_names_the_missing_table_and_suggests() {
        let mut schema = Schema::default();
        schema.tables.push(table_with("users", &["id"]));
        let mut posts = table_with("posts", &["id", "user_id"]);
        posts.foreign_keys.push(ForeignKey {
            name: Some("posts_user_fk".into()),
            columns: vec!["user_id".into()],
            referenced_table: QualifiedName::new("user"),
            referenced_columns: vec!["id".into()],
            on_delete: ReferentialAction::Cascade,
            on_update: ReferentialAction::NoAction,
            loc: Loc::default(),
            deferrable: None,
        });
        schema.tables.push(posts);
        let diags = check_schema(&schema);
        assert_eq!(diags.len(), 1, "{diags}");
        let d = &diags.0[0];
        assert!(d.message.contains("references table `user`"), "{d}");
        assert_eq!(d.help.as_deref(), Some("did you mean `users`?"));
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let mut schema = Schema::default();
        let mut t = table_with("t", &["a", "a"]);
        t.primary_key = Some(PrimaryKey { name: None, columns: vec!["missing".into()] });
        t.columns.push(Column::new("s", ColumnType::Enum { name: QualifiedName::new("mood") }, "mood"));
        schema.tables.push(t);
        let diags = check_schema(&schema);
        let messages: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("appears twice"));
        assert!(messages[1].contains("never defined"));
        assert!(messages[2].contains("primary key"));
    }
}

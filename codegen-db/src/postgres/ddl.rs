//! Writing the catalog back out as PostgreSQL DDL for codegen-core's SQL reader.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::catalog::{Catalog, ColumnRow, DomainCheckRow};
use super::objects;

/// The whole catalog as one script: schemas, enums, tables (with their constraints), indexes,
/// views, comments.
pub(crate) fn render_ddl(catalog: &Catalog) -> String {
    let mut out = String::new();
    for namespace in catalog.namespaces.iter().filter(|n| *n != "public") {
        let _ = writeln!(out, "CREATE SCHEMA {};", ident(namespace));
    }
    for e in &catalog.enums {
        let values: Vec<String> = e.values.iter().map(|v| literal(v)).collect();
        let _ = writeln!(out, "CREATE TYPE {} AS ENUM ({});", qualified(&e.schema, &e.name), values.join(", "));
        if let Some(comment) = &e.comment {
            let _ = writeln!(out, "COMMENT ON TYPE {} IS {};", qualified(&e.schema, &e.name), literal(comment));
        }
    }

    let mut comments = String::new();
    objects::render_before_tables(&catalog.objects, &mut out, &mut comments);

    let mut columns: BTreeMap<u32, Vec<&ColumnRow>> = BTreeMap::new();
    for column in &catalog.columns {
        columns.entry(column.table).or_default().push(column);
    }
    let mut constraints: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut constraint_comments: BTreeMap<u32, Vec<(&str, &str)>> = BTreeMap::new();
    for constraint in &catalog.constraints {
        if let Some(comment) = &constraint.comment {
            constraint_comments.entry(constraint.table).or_default().push((&constraint.name, comment));
        }
        // A check or foreign key added NOT VALID (as phased migrations do) holds for new rows all
        // the same; the model does not track validation, and CREATE TABLE cannot spell it.
        let definition = constraint.definition.strip_suffix(" NOT VALID").unwrap_or(&constraint.definition);
        let text = format!("CONSTRAINT {} {definition}", ident(&constraint.name));
        constraints.entry(constraint.table).or_default().push(text);
    }
    // A domain's checks hold for each column of the domain: `VALUE` becomes the column, and the
    // check is named `<table>_<column>_<check>`.
    let mut domain_checks: BTreeMap<u32, Vec<&DomainCheckRow>> = BTreeMap::new();
    for check in &catalog.domain_checks {
        domain_checks.entry(check.domain).or_default().push(check);
    }
    let table_names: BTreeMap<u32, &str> = catalog.tables.iter().map(|t| (t.oid, t.name.as_str())).collect();
    for column in &catalog.columns {
        for check in column.domain_chain.iter().filter_map(|d| domain_checks.get(d)).flatten() {
            let table = table_names.get(&column.table).copied().unwrap_or_default();
            let name = format!("{table}_{}_{}", column.name, check.name);
            let definition = replace_value(&check.definition, &bare_or_quoted(&column.name));
            constraints.entry(column.table).or_default().push(format!("CONSTRAINT {} {definition}", ident(&name)));
        }
    }

    let mut row_security = String::new();
    for table in &catalog.tables {
        let name = qualified(&table.schema, &table.name);
        let mut lines: Vec<String> = Vec::new();
        for column in columns.get(&table.oid).into_iter().flatten() {
            lines.push(column_ddl(column));
            if let Some(comment) = &column.comment {
                let _ = writeln!(comments, "COMMENT ON COLUMN {name}.{} IS {};", ident(&column.name), literal(comment));
            }
        }
        lines.extend(constraints.get(&table.oid).into_iter().flatten().cloned());
        let _ = writeln!(out, "CREATE TABLE {name} (\n    {}\n);", lines.join(",\n    "));
        if let Some(comment) = &table.comment {
            let _ = writeln!(comments, "COMMENT ON TABLE {name} IS {};", literal(comment));
        }
        for (constraint, comment) in constraint_comments.get(&table.oid).into_iter().flatten() {
            let _ =
                writeln!(comments, "COMMENT ON CONSTRAINT {} ON {name} IS {};", ident(constraint), literal(comment));
        }
        if table.row_security {
            let _ = writeln!(row_security, "ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;");
        }
        if table.force_row_security {
            let _ = writeln!(row_security, "ALTER TABLE {name} FORCE ROW LEVEL SECURITY;");
        }
    }
    for index in &catalog.indexes {
        // B-tree is the default method; the catalog names it on every index, a DDL file rarely does.
        // `ON ONLY` marks an index of a partitioned table; the model has no partitions to exclude.
        let definition = index.definition.replacen(" ON ONLY ", " ON ", 1).replacen(" USING btree ", " ", 1);
        let _ = writeln!(out, "{definition};");
    }
    for view in &catalog.views {
        let name = qualified(&view.schema, &view.name);
        let kind = if view.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
        let options = if view.security_invoker { " WITH (security_invoker = true)" } else { "" };
        let _ = writeln!(out, "CREATE {kind} {name}{options} AS {};", view.definition);
        if let Some(comment) = &view.comment {
            let _ = writeln!(comments, "COMMENT ON {kind} {name} IS {};", literal(comment));
        }
    }
    objects::render_after_tables(&catalog.objects, &mut out, &mut comments);
    out.push_str(&row_security);
    out.push_str(&comments);
    out
}

fn column_ddl(column: &ColumnRow) -> String {
    // A serial column's `nextval('t_id_seq'::regclass)` default stays as the catalog has it: its
    // sequence is read too (objects.rs), and the DDL reader folds a sequence that is exactly a
    // serial's back into the column, as it does for a dump, and keeps any other one.
    let ty = &column.ty;
    let default = column.default.clone();
    let mut text = format!("{} {ty}", ident(&column.name));
    if column.not_null {
        text.push_str(" NOT NULL");
    }
    match column.identity.as_str() {
        "a" => text.push_str(" GENERATED ALWAYS AS IDENTITY"),
        "d" => text.push_str(" GENERATED BY DEFAULT AS IDENTITY"),
        _ => {}
    }
    match (column.generated.as_str(), default) {
        ("s", Some(expression)) => {
            let _ = write!(text, " GENERATED ALWAYS AS ({expression}) STORED");
        }
        (_, Some(expression)) => {
            let _ = write!(text, " DEFAULT {expression}");
        }
        _ => {}
    }
    text
}

/// An identifier quoted only when it must be, so that check expressions read as written.
fn bare_or_quoted(name: &str) -> String {
    let bare = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if bare { name.to_string() } else { ident(name) }
}

/// A double-quoted identifier, so case and odd characters survive.
pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub(crate) fn qualified(schema: &str, name: &str) -> String {
    format!("{}.{}", ident(schema), ident(name))
}

pub(crate) fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The columns declared with a domain: (table, column, domain).
pub(crate) fn domain_columns(catalog: &Catalog) -> Vec<(String, String, String)> {
    let tables: BTreeMap<u32, String> = catalog
        .tables
        .iter()
        .map(|t| (t.oid, if t.schema == "public" { t.name.clone() } else { format!("{}.{}", t.schema, t.name) }))
        .collect();
    catalog
        .columns
        .iter()
        .filter_map(|c| {
            let (domain, _) = c.domain.as_ref()?;
            Some((tables.get(&c.table).cloned().unwrap_or_default(), c.name.clone(), domain.clone()))
        })
        .collect()
}

/// `definition` with the keyword `VALUE` (outside quotes) replaced by `column`.
fn replace_value(definition: &str, column: &str) -> String {
    let mut out = String::with_capacity(definition.len());
    let mut quote: Option<char> = None;
    let chars: Vec<char> = definition.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None => {
                let word_start = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
                let rest: String = chars[i..chars.len().min(i + 5)].iter().collect();
                let word_end = chars.get(i + 5).is_none_or(|n| !(n.is_alphanumeric() || *n == '_'));
                if word_start && word_end && rest == "VALUE" {
                    out.push_str(column);
                    i += 5;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::replace_value;

    #[test]
    fn value_becomes_the_column_outside_quotes_only() {
        assert_eq!(replace_value("CHECK ((VALUE > 0))", "\"qty\""), "CHECK ((\"qty\" > 0))");
        assert_eq!(
            replace_value("CHECK ((VALUE <> 'VALUE'::text) AND (VALUES_X IS NULL))", "c"),
            "CHECK ((c <> 'VALUE'::text) AND (VALUES_X IS NULL))"
        );
    }
}

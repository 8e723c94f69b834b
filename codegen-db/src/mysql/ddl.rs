//! Writing the catalog back out as MySQL DDL for codegen-core's SQL reader.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::catalog::{Catalog, CheckRow, ColumnRow, ForeignKeyColumnRow, IndexColumnRow};

/// The whole catalog as one script: tables (columns, keys, checks, foreign keys), indexes, views.
pub(crate) fn render_ddl(catalog: &Catalog) -> String {
    let columns = group(&catalog.columns, |c| &c.table);
    let indexes = group(&catalog.indexes, |i| &i.table);
    let foreign_keys = group(&catalog.foreign_keys, |f| &f.table);
    let checks = group(&catalog.checks, |c| &c.table);

    let mut out = String::new();
    for table in catalog.tables.iter().filter(|t| t.kind == "BASE TABLE" || t.kind == "SYSTEM VERSIONED") {
        let name = &table.name;
        let table_columns = columns.get(name.as_str()).cloned().unwrap_or_default();
        let table_checks = checks.get(name.as_str()).cloned().unwrap_or_default();
        let table_fks = group_by_name(foreign_keys.get(name.as_str()).cloned().unwrap_or_default(), |f| &f.name);
        let table_indexes = group_by_name(indexes.get(name.as_str()).cloned().unwrap_or_default(), |i| &i.name);

        let mut lines: Vec<String> =
            table_columns.iter().map(|c| column_ddl(c, &table_checks, catalog.mariadb)).collect();
        let mut after = String::new();
        for (index_name, parts) in &table_indexes {
            if *index_name == "PRIMARY" {
                lines.push(format!("PRIMARY KEY ({})", key_parts(parts)));
            } else if is_implicit_fk_index(index_name, parts, &table_fks) {
                // InnoDB creates an index for a foreign key that has none; it was never declared.
            } else if parts[0].unique && parts.iter().all(|p| p.is_plain()) {
                lines.push(format!("CONSTRAINT {} UNIQUE ({})", ident(index_name), key_parts(parts)));
            } else if matches!(parts[0].kind.as_str(), "FULLTEXT" | "SPATIAL") {
                lines.push(format!("{} INDEX {} ({})", parts[0].kind, ident(index_name), key_parts(parts)));
            } else {
                let kind = if parts[0].unique { "UNIQUE " } else { "" };
                let _ = writeln!(
                    after,
                    "CREATE {kind}INDEX {} ON {} ({});",
                    ident(index_name),
                    ident(name),
                    key_parts(parts)
                );
            }
        }
        for (fk_name, parts) in &table_fks {
            let mut text = String::new();
            if !is_generated_name(fk_name, name, "_ibfk_") {
                let _ = write!(text, "CONSTRAINT {} ", ident(fk_name));
            }
            let referenced = if parts[0].referenced_schema == catalog.database {
                ident(&parts[0].referenced_table)
            } else {
                format!("{}.{}", ident(&parts[0].referenced_schema), ident(&parts[0].referenced_table))
            };
            let _ = write!(
                text,
                "FOREIGN KEY ({}) REFERENCES {referenced} ({})",
                idents(parts.iter().map(|p| p.column.as_str())),
                idents(parts.iter().map(|p| p.referenced_column.as_str()))
            );
            // InnoDB reports RESTRICT when no action was given (the reader's default for MySQL),
            // and NO ACTION only when it was written.
            for (clause, rule) in [("ON DELETE", &parts[0].on_delete), ("ON UPDATE", &parts[0].on_update)] {
                let rule = rule.as_deref().unwrap_or("RESTRICT");
                if rule != "RESTRICT" {
                    let _ = write!(text, " {clause} {rule}");
                }
            }
            lines.push(text);
        }
        for check in table_checks.iter().filter(|c| !c.column_level) {
            if is_generated_name(&check.name, name, "_chk_") {
                lines.push(format!("CHECK ({})", check.clause));
            } else {
                lines.push(format!("CONSTRAINT {} CHECK ({})", ident(&check.name), check.clause));
            }
        }
        let _ = write!(out, "CREATE TABLE {} (\n    {}\n)", ident(name), lines.join(",\n    "));
        if !table.comment.is_empty() {
            let _ = write!(out, " COMMENT={}", literal(&table.comment));
        }
        out.push_str(";\n");
        out.push_str(&after);
    }
    let qualifier = format!("{}.", ident(&catalog.database));
    for view in &catalog.views {
        // Both servers qualify every table of a view with the database; the model does not.
        let definition = view.definition.replace(&qualifier, "");
        let security = if view.security_invoker { "SQL SECURITY INVOKER " } else { "" };
        let _ = writeln!(out, "CREATE {security}VIEW {} AS {definition};", ident(&view.name));
    }
    super::objects::render_objects(&catalog.objects, &mut out);
    out
}

impl IndexColumnRow {
    /// A key part a `UNIQUE` constraint can hold: a whole column, ascending.
    fn is_plain(&self) -> bool {
        self.column.is_some() && self.prefix.is_none() && !self.descending && self.kind == "BTREE"
    }
}

fn key_parts(parts: &[&IndexColumnRow]) -> String {
    let parts: Vec<String> = parts
        .iter()
        .map(|p| {
            let mut text = match (&p.column, &p.expression) {
                (Some(column), _) => ident(column),
                (None, Some(expression)) => format!("({expression})"),
                (None, None) => "NULL".to_string(),
            };
            if let Some(prefix) = p.prefix {
                let _ = write!(text, "({prefix})");
            }
            if p.descending {
                text.push_str(" DESC");
            }
            text
        })
        .collect();
    parts.join(", ")
}

fn column_ddl(column: &ColumnRow, checks: &[&CheckRow], mariadb: bool) -> String {
    // MariaDB stores JSON as LONGTEXT with a column check `json_valid(col)` named after the column.
    let json_check = format!("json_valid({})", ident(&column.name));
    let is_json = column.ty == "longtext"
        && checks.iter().any(|c| c.column_level && c.name == column.name && c.clause == json_check);
    let ty = if is_json { "json".to_string() } else { column_type(&column.ty) };
    let mut text = format!("{} {ty}", ident(&column.name));
    let generated = column.extra.contains("GENERATED") && column.generation.is_some();
    if let (true, Some(expression)) = (generated, &column.generation) {
        let storage = if column.extra.contains("STORED") { "STORED" } else { "VIRTUAL" };
        let _ = write!(text, " GENERATED ALWAYS AS ({expression}) {storage}");
    }
    if !column.nullable {
        text.push_str(" NOT NULL");
    }
    if !generated && let Some(default) = default_expression(column, mariadb) {
        let _ = write!(text, " DEFAULT {default}");
    }
    // `on update current_timestamp()` (MariaDB) / `DEFAULT_GENERATED on update CURRENT_TIMESTAMP`.
    let extra = column.extra.to_ascii_lowercase();
    if let Some(at) = extra.find("on update ") {
        let _ = write!(text, " ON UPDATE {}", column.extra[at + "on update ".len()..].trim());
    }
    if extra.contains("auto_increment") {
        text.push_str(" AUTO_INCREMENT");
    }
    for check in checks.iter().filter(|c| c.column_level && c.name == column.name && !is_json) {
        let _ = write!(text, " CHECK ({})", check.clause);
    }
    if !column.comment.is_empty() {
        let _ = write!(text, " COMMENT {}", literal(&column.comment));
    }
    text
}

/// `COLUMN_TYPE` as a DDL file would write it: integer display widths (`int(11)`) dropped, and
/// `tinyint(1)`, MySQL's boolean, as `boolean`.
fn column_type(ty: &str) -> String {
    let lower = ty.to_ascii_lowercase();
    if lower == "tinyint(1)" {
        return "boolean".to_string();
    }
    for int in ["tinyint", "smallint", "mediumint", "bigint", "int"] {
        if let Some(rest) = lower.strip_prefix(int)
            && let Some(rest) = rest.strip_prefix('(')
            && let Some((width, tail)) = rest.split_once(')')
            && width.bytes().all(|b| b.is_ascii_digit())
        {
            return format!("{int}{tail}");
        }
    }
    ty.to_string()
}

/// The default as DDL. MariaDB reports it as an expression (`'text'`, `current_timestamp()`,
/// `NULL`); MySQL reports a literal's bare text and flags expressions `DEFAULT_GENERATED`.
fn default_expression(column: &ColumnRow, mariadb: bool) -> Option<String> {
    let default = column.default.as_deref()?;
    if mariadb {
        return (default != "NULL").then(|| default.to_string());
    }
    if column.extra.contains("DEFAULT_GENERATED") {
        let bare = default.to_ascii_uppercase().starts_with("CURRENT_TIMESTAMP");
        return Some(if bare { default.to_string() } else { format!("({default})") });
    }
    let numeric = ["int", "decimal", "float", "double", "bit", "tinyint", "smallint", "mediumint", "bigint"]
        .iter()
        .any(|t| column.ty.to_ascii_lowercase().starts_with(t));
    Some(if numeric { default.to_string() } else { literal(default) })
}

/// The names servers give unnamed constraints: MariaDB's `CONSTRAINT_<n>`, MySQL's
/// `<table>_chk_<n>` and InnoDB's `<table>_ibfk_<n>`.
fn is_generated_name(name: &str, table: &str, infix: &str) -> bool {
    let numbered = |rest: &str| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
    name.strip_prefix("CONSTRAINT_").is_some_and(numbered)
        || name.strip_prefix(table).and_then(|r| r.strip_prefix(infix)).is_some_and(numbered)
}

fn is_implicit_fk_index(
    index_name: &str,
    parts: &[&IndexColumnRow],
    foreign_keys: &[(&str, Vec<&ForeignKeyColumnRow>)],
) -> bool {
    if parts[0].unique {
        return false;
    }
    let columns: Vec<Option<&str>> = parts.iter().map(|p| p.column.as_deref()).collect();
    foreign_keys.iter().any(|(fk_name, fk)| {
        let same_columns =
            fk.len() == columns.len() && fk.iter().zip(&columns).all(|(f, c)| Some(f.column.as_str()) == *c);
        same_columns && (*fk_name == index_name || fk[0].column == index_name)
    })
}

fn group<T>(rows: &[T], key: impl Fn(&T) -> &String) -> BTreeMap<&str, Vec<&T>> {
    let mut map: BTreeMap<&str, Vec<&T>> = BTreeMap::new();
    for row in rows {
        map.entry(key(row).as_str()).or_default().push(row);
    }
    map
}

/// Consecutive rows of one object (the queries order by name), in order.
fn group_by_name<T>(rows: Vec<&T>, key: impl Fn(&T) -> &String) -> Vec<(&str, Vec<&T>)> {
    let mut out: Vec<(&str, Vec<&T>)> = Vec::new();
    for row in rows {
        match out.last_mut() {
            Some((name, parts)) if *name == key(row).as_str() => parts.push(row),
            _ => out.push((key(row).as_str(), vec![row])),
        }
    }
    out
}

/// A backquoted identifier, so case, keywords and odd characters survive.
fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

fn idents<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.map(ident).collect::<Vec<_>>().join(", ")
}

/// A string literal; MySQL treats backslashes in literals as escapes.
pub(crate) fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

//! The pass after all statements: resolve names that may have been used before their
//! definition, and recognise enums written as checks.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::model::{ColumnType, EnumType, QualifiedName, Schema};

pub(crate) fn resolve(schema: &mut Schema, dialect: Dialect, diagnostics: &mut Diagnostics) {
    resolve_enum_columns(schema);
    resolve_domain_columns(schema, dialect);
    if dialect == Dialect::Postgres {
        absorb_serial_sequences(schema);
    }
    if dialect == Dialect::Sqlite {
        recognise_check_enums(schema);
        drop_shadow_tables(schema);
    }
    if dialect == Dialect::Mysql {
        super::own_database::strip_own_database_qualifiers(schema);
    }
    if dialect != Dialect::Postgres {
        drop_unused_derived_enums(schema);
    }
    fill_referenced_columns(schema, diagnostics);
    boolean_defaults(schema);
    drop_orphan_constraint_comments(schema, dialect);
    crate::deps::resolve_object_dependencies(schema);
}

/// A constraint dropped along with its column (or its table's key) takes its comment with it,
/// as in PostgreSQL's catalog.
fn drop_orphan_constraint_comments(schema: &mut Schema, dialect: Dialect) {
    for table in &mut schema.tables {
        let mut comments = std::mem::take(&mut table.constraint_comments);
        comments.retain(|name, _| table.has_constraint(name, Some(dialect)));
        table.constraint_comments = comments;
    }
}

/// The tables a SQLite virtual-table module keeps its data in, by module: the module creates
/// them with the virtual table, so they are not tables of their own (sqlite3 `.dump` and
/// `sqlite_schema` list them).
const SHADOW_TABLES: &[(&str, &[&str])] = &[
    ("fts5", &["data", "idx", "content", "docsize", "config"]),
    ("fts4", &["content", "segments", "segdir", "docsize", "stat"]),
    ("fts3", &["content", "segments", "segdir", "docsize", "stat"]),
    ("rtree", &["node", "parent", "rowid"]),
    ("rtree_i32", &["node", "parent", "rowid"]),
];

fn drop_shadow_tables(schema: &mut Schema) {
    let mut shadows: Vec<String> = Vec::new();
    for object in schema.objects.iter().filter(|o| o.kind == crate::model::ObjectKind::VirtualTable) {
        let Some(create) = object.definition.first() else { continue };
        let upper = create.to_ascii_uppercase();
        let Some(at) = upper.find(" USING ") else { continue };
        let module: String = create[at + 7..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some((_, suffixes)) = SHADOW_TABLES.iter().find(|(m, _)| *m == module) {
            shadows.extend(suffixes.iter().map(|s| format!("{}_{s}", object.name.name).to_ascii_lowercase()));
        }
    }
    if !shadows.is_empty() {
        schema.tables.retain(|t| !shadows.contains(&t.name.name.to_ascii_lowercase()));
    }
}

/// A column of a domain has the domain's base type in the model (every backend reads it so);
/// its declared type keeps the domain's name, so PostgreSQL output uses the domain itself.
fn resolve_domain_columns(schema: &mut Schema, dialect: Dialect) {
    let domains: HashMap<String, ColumnType> = schema
        .objects
        .iter()
        .filter(|o| o.kind == crate::model::ObjectKind::Domain)
        .filter_map(|o| {
            let base = domain_base_type(o.definition.first()?)?;
            Some((o.name.to_string(), super::coltype::lower_declared_type(&base, dialect).ty))
        })
        .collect();
    if domains.is_empty() {
        return;
    }
    let key = |raw: &str| raw.replace('"', "").trim_start_matches("public.").to_string();
    fn resolve(ty: &mut ColumnType, domains: &HashMap<String, ColumnType>, key: &dyn Fn(&str) -> String) {
        match ty {
            ColumnType::Other { raw } => {
                if let Some(base) = domains.get(&key(raw)) {
                    *ty = base.clone();
                }
            }
            ColumnType::Array { element } => resolve(element, domains, key),
            _ => {}
        }
    }
    for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        resolve(&mut column.ty, &domains, &key);
    }
}

/// `CREATE DOMAIN name [AS] type [COLLATE ...] [DEFAULT ...] [constraints]`: the type's text.
fn domain_base_type(definition: &str) -> Option<String> {
    let upper = definition.to_ascii_uppercase();
    let after_name = upper.find("DOMAIN")? + "DOMAIN".len();
    let rest = definition[after_name..].trim_start();
    // Skip the name (possibly qualified and quoted).
    let mut chars = rest.char_indices().peekable();
    let mut in_quote = false;
    let mut name_end = rest.len();
    for (i, c) in chars.by_ref() {
        if c == '"' {
            in_quote = !in_quote;
        } else if c.is_whitespace() && !in_quote {
            name_end = i;
            break;
        }
    }
    let mut rest = rest[name_end..].trim_start();
    if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case("AS ") {
        rest = rest[3..].trim_start();
    }
    let stop = ["COLLATE", "DEFAULT", "CONSTRAINT", "NOT", "NULL", "CHECK"];
    let upper_rest = rest.to_ascii_uppercase();
    let end = stop
        .iter()
        .filter_map(|w| {
            upper_rest.match_indices(w).find(|(i, _)| {
                let before_ok = *i == 0 || upper_rest.as_bytes()[i - 1].is_ascii_whitespace();
                let after = upper_rest.as_bytes().get(i + w.len());
                before_ok && after.is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'_')
            })
        })
        .map(|(i, _)| i)
        .min()
        .unwrap_or(rest.len());
    let base = rest[..end].trim();
    (!base.is_empty()).then(|| base.to_string())
}

/// pg_dump writes a serial column as an integer column, a sequence `OWNED BY` it and a default
/// of `nextval('seq'::regclass)`. That is a serial: the column counts up and the sequence goes.
/// A sequence with options of its own (a start, a step) stays an object and the default stays
/// the expression. A `nextval` of a sequence this schema does not create (a live database's
/// catalog, a migration that relies on the implicit sequence) is a serial too.
fn absorb_serial_sequences(schema: &mut Schema) {
    use crate::model::{AutoIncrement, ColumnDefault, ObjectKind};
    let mut absorbed = Vec::new();
    for table in &mut schema.tables {
        for column in &mut table.columns {
            let Some(ColumnDefault::Expression { sql }) = &column.default else { continue };
            let Some(sequence) = nextval_sequence(sql) else { continue };
            if !column.ty.is_integer() {
                continue;
            }
            let object = schema
                .objects
                .iter()
                .find(|o| o.kind == ObjectKind::Sequence && o.name.name.eq_ignore_ascii_case(&sequence));
            // A serial's sequence has the column's type (`AS integer`; bigint when unsaid) and,
            // on an unlogged table, would be unlogged too: anything else stays a sequence.
            let width = match column.ty {
                ColumnType::Integer { width, .. } => width,
                _ => continue,
            };
            // Only the sequence PostgreSQL would make for the column: one that kept an older
            // name through a rename would not be recreated by `serial`.
            let serial_name = crate::naming::postgres_serial_sequence_name(&table.name.name, &column.name);
            let serial = match object {
                None => true,
                Some(o) => {
                    o.table.as_ref() == Some(&table.name)
                        && o.name.name == serial_name
                        && !table.options.unlogged
                        && has_default_options(&o.definition)
                        && sequence_width(&o.definition[0]) == width
                }
            };
            if serial {
                column.default = Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::Serial });
                column.declared_default = None;
                column.nullable = false;
                if let Some(o) = object {
                    absorbed.push(o.name.clone());
                }
            }
        }
    }
    schema.objects.retain(|o| !(o.kind == ObjectKind::Sequence && absorbed.contains(&o.name)));
}

/// The integer width a sequence counts in: its `AS` type, bigint when unsaid.
fn sequence_width(create: &str) -> crate::model::IntWidth {
    use crate::model::IntWidth;
    let upper = create.to_ascii_uppercase();
    let words: Vec<&str> = upper.split_whitespace().collect();
    match words.windows(2).find(|w| w[0] == "AS").map(|w| w[1]) {
        Some("INTEGER" | "INT" | "INT4") => IntWidth::Int,
        Some("SMALLINT" | "INT2") => IntWidth::Small,
        _ => IntWidth::Big,
    }
}

/// The sequence a `nextval('...')` default draws from, without its schema.
fn nextval_sequence(sql: &str) -> Option<String> {
    let lower = sql.to_ascii_lowercase();
    let start = lower.find("nextval(")? + "nextval(".len();
    let rest = &sql[start..];
    let open = rest.find('\'')? + 1;
    let close = open + rest[open..].find('\'')?;
    let name = &rest[open..close];
    Some(name.rsplit('.').next().unwrap_or(name).trim_matches('"').to_string())
}

/// Whether a sequence's statements set only what a serial's sequence has anyway.
fn has_default_options(definition: &[String]) -> bool {
    let allowed = |text: &str| {
        let upper = text.to_ascii_uppercase();
        let words: Vec<&str> = upper.split_whitespace().collect();
        let mut i = 3; // CREATE SEQUENCE name
        if words.get(2) == Some(&"IF") {
            i += 3;
        }
        while i < words.len() {
            match &words[i..] {
                ["AS", _, ..] => i += 2,
                ["START", "WITH", "1", ..] | ["INCREMENT", "BY", "1", ..] => i += 3,
                ["START", "1", ..] | ["INCREMENT", "1", ..] | ["CACHE", "1", ..] | ["MINVALUE", "1", ..] => i += 2,
                ["NO", "MINVALUE" | "MAXVALUE" | "CYCLE", ..] => i += 2,
                ["MAXVALUE", n, ..] if ["32767", "2147483647", "9223372036854775807"].contains(n) => i += 2,
                _ => return false,
            }
        }
        true
    };
    definition.iter().enumerate().all(|(k, statement)| {
        if k == 0 { allowed(statement) } else { statement.to_ascii_uppercase().contains("OWNED BY") }
    })
}

/// SQLite and MySQL spell boolean defaults `0` and `1`; in the model a boolean column's default
/// is a boolean, so every backend can write it its own way (PostgreSQL rejects `DEFAULT 0`).
fn boolean_defaults(schema: &mut Schema) {
    use crate::model::{ColumnDefault, Literal};
    for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        if column.ty != ColumnType::Bool {
            continue;
        }
        if let Some(ColumnDefault::Literal { value: Literal::Number(n) }) = &column.default {
            let value = match n.as_str() {
                "0" => false,
                "1" => true,
                _ => continue,
            };
            column.default = Some(ColumnDefault::Literal { value: Literal::Bool(value) });
        }
    }
}

/// Columns of a user-defined type are `Other` until the type is known to be an enum.
fn resolve_enum_columns(schema: &mut Schema) {
    let enums: HashMap<String, QualifiedName> =
        schema.enums.iter().map(|e| (e.name.to_string(), e.name.clone())).collect();
    fn resolve(ty: &mut ColumnType, enums: &HashMap<String, QualifiedName>) {
        match ty {
            ColumnType::Other { raw } => {
                let key = raw.trim_matches('"').replace("\".\"", ".").replace("public.", "");
                if let Some(name) = enums.get(&key) {
                    *ty = ColumnType::Enum { name: name.clone() };
                }
            }
            ColumnType::Array { element } => resolve(element, enums),
            _ => {}
        }
    }
    for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        resolve(&mut column.ty, &enums);
    }
    for column in schema.views.iter_mut().flat_map(|v| v.columns.iter_mut()) {
        resolve(&mut column.ty, &enums);
    }
}

/// SQLite has no enum type; `status TEXT CHECK (status IN ('a', 'b'))` is how one is written.
/// Such a check becomes an enum named `<table>_<column>`.
/// MySQL and SQLite enums are derived from a column (`ENUM(...)`, `CHECK (c IN (...))`), not
/// declared: one no column uses any more (its table dropped or rebuilt during a replay) is gone.
fn drop_unused_derived_enums(schema: &mut Schema) {
    let used: std::collections::HashSet<QualifiedName> = schema
        .tables
        .iter()
        .flat_map(|t| t.columns.iter())
        .chain(schema.views.iter().flat_map(|v| v.columns.iter()))
        .filter_map(|c| c.ty.enum_name().cloned())
        .collect();
    schema.enums.retain(|e| used.contains(&e.name));
}

fn recognise_check_enums(schema: &mut Schema) {
    let mut new_enums = Vec::new();
    for table in &mut schema.tables {
        let mut kept = Vec::new();
        for check in std::mem::take(&mut table.checks) {
            let recognised =
                check.name.is_none().then(|| parse_in_list(&check.expression)).flatten().filter(|(column, _)| {
                    table
                        .column(column)
                        .is_some_and(|c| matches!(c.ty, ColumnType::Text { .. } | ColumnType::Varchar { .. }))
                });
            match recognised {
                Some((column, values)) => {
                    let name = QualifiedName::new(format!("{}_{column}", table.name.name));
                    let col = table.column_mut(&column).expect("filtered above");
                    col.ty = ColumnType::Enum { name: name.clone() };
                    new_enums.push(EnumType { name, values, comment: None, loc: check.loc.clone() });
                }
                None => kept.push(check),
            }
        }
        table.checks = kept;
    }
    schema.enums.extend(new_enums);
}

/// `col IN ('a', 'b')` -> (col, [a, b]), for string literals only.
fn parse_in_list(expression: &str) -> Option<(String, Vec<String>)> {
    use sqlparser::ast::{Expr, InTarget, Value, ValueWithSpan};
    let dialect = sqlparser::dialect::SQLiteDialect {};
    let expr = sqlparser::parser::Parser::new(&dialect).try_with_sql(expression).ok()?.parse_expr().ok()?;
    let Expr::In { expr, target: InTarget::List(list), negated: false, .. } = expr else {
        return None;
    };
    let Expr::Identifier(column) = *expr else {
        return None;
    };
    let values = list
        .iter()
        .map(|e| match e {
            Expr::Value(ValueWithSpan { value: Value::SingleQuotedString(s), .. }) => Some(s.clone()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    (!values.is_empty()).then_some((column.value, values))
}

/// `REFERENCES users` without columns means the referenced primary key.
fn fill_referenced_columns(schema: &mut Schema, diagnostics: &mut Diagnostics) {
    let tables: std::collections::HashSet<QualifiedName> = schema.tables.iter().map(|t| t.name.clone()).collect();
    let primary_keys: HashMap<QualifiedName, Vec<String>> = schema
        .tables
        .iter()
        .filter_map(|t| t.primary_key.as_ref().map(|pk| (t.name.clone(), pk.columns.clone())))
        .collect();
    for table in &mut schema.tables {
        for fk in table.foreign_keys.iter_mut().filter(|fk| fk.referenced_columns.is_empty()) {
            match primary_keys.get(&fk.referenced_table) {
                Some(columns) => fk.referenced_columns = columns.clone(),
                // A missing table is reported by validation as a dangling reference; not twice.
                None if !tables.contains(&fk.referenced_table) => {}
                None => diagnostics.push(
                    Diagnostic::error(format!(
                        "foreign key on `{}` ({}) references `{}` without naming columns, and `{}` has no primary key",
                        table.name,
                        fk.columns.join(", "),
                        fk.referenced_table,
                        fk.referenced_table
                    ))
                    .at(fk.loc.location().cloned()),
                ),
            }
        }
    }
}

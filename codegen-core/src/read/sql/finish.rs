//! The pass after all statements: resolve names that may have been used before their
//! definition, and recognise enums written as checks.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::model::{ColumnType, EnumType, QualifiedName, Schema};

pub(crate) fn resolve(schema: &mut Schema, dialect: Dialect, diagnostics: &mut Diagnostics) {
    resolve_enum_columns(schema);
    if dialect == Dialect::Sqlite {
        recognise_check_enums(schema);
    }
    fill_referenced_columns(schema, diagnostics);
    boolean_defaults(schema);
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

//! PostgreSQL domains carried in the model as objects: a column declared with one is generated as
//! the domain's base type, under the domain's checks.

use codegen_core::{ColumnType, Schema, Table};

use crate::checks::{TableRules, analyse_check};

/// The checks of domains a column is declared with (`CREATE DOMAIN year AS integer CHECK (...)`),
/// applied to the column.
pub(crate) fn domain_rules(schema: &Schema, table: &Table, rules: &mut TableRules) {
    for column in &table.columns {
        let ColumnType::Other { raw } = &column.ty else { continue };
        if let Some((_, checks)) = domain_of(schema, raw) {
            for check in checks {
                let _ = analyse_check(&check, &format!("domain {raw}"), Some(&column.name), rules);
            }
        }
    }
}

/// A domain's base type text and checks, from its carried definition.
pub(crate) fn domain_of(schema: &Schema, raw: &str) -> Option<(String, Vec<String>)> {
    let bare = raw.rsplit('.').next().unwrap_or(raw).trim_matches('"');
    let object = schema.objects.iter().find(|o| o.kind == codegen_core::ObjectKind::Domain && o.name.name == bare)?;
    let text = object.definition.join(" ");
    let upper = text.to_ascii_uppercase();
    let after_as = upper.find(" AS ")? + 4;
    let rest = &text[after_as..];
    let end = ["CONSTRAINT", "CHECK", "NOT NULL", "DEFAULT", "COLLATE"]
        .iter()
        .filter_map(|k| rest.to_ascii_uppercase().find(k))
        .min()
        .unwrap_or(rest.len());
    let base = rest[..end].trim().to_string();
    let mut checks = Vec::new();
    let mut search = &text[..];
    while let Some(i) = search.to_ascii_uppercase().find("CHECK") {
        let after = &search[i + 5..];
        let Some(open) = after.find('(') else { break };
        let mut depth = 0;
        let mut close = None;
        for (j, c) in after[open..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + j);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else { break };
        checks.push(after[open..=close].to_string());
        search = &after[close..];
    }
    Some((base, checks))
}

/// A domain's base type, spelled as SQL.
pub(crate) fn base_type(text: &str) -> Option<ColumnType> {
    let t = text.trim().to_ascii_lowercase();
    let number =
        |s: &str| s.split(|c: char| !c.is_ascii_digit()).find(|p| !p.is_empty()).and_then(|n| n.parse::<u32>().ok());
    Some(match t.split('(').next().unwrap_or_default().trim() {
        "integer" | "int" | "int4" => ColumnType::INT,
        "smallint" | "int2" => ColumnType::SMALLINT,
        "bigint" | "int8" => ColumnType::BIGINT,
        "text" => ColumnType::TEXT,
        "character varying" | "varchar" => ColumnType::varchar(number(&t)),
        "character" | "char" | "bpchar" => ColumnType::char(number(&t)),
        "numeric" | "decimal" => ColumnType::Decimal { precision: number(&t), scale: None },
        "boolean" | "bool" => ColumnType::Bool,
        "date" => ColumnType::Date,
        "timestamp" | "timestamp without time zone" => ColumnType::timestamp(None),
        "timestamp with time zone" | "timestamptz" => ColumnType::TimestampTz { precision: None },
        "real" => ColumnType::Real,
        "double precision" => ColumnType::Double,
        _ => return None,
    })
}

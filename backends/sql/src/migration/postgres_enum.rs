//! PostgreSQL enum types: values renamed and added in place when the old values keep their
//! order; otherwise (a value removed or moved) the type is rebuilt: renamed aside, created
//! anew, every column converted with `USING`, the old type dropped.

use codegen_core::diff::Change;
use codegen_core::{ColumnDefault, ColumnType, Literal, QualifiedName};

use crate::defaults::render_default;

use super::writer::Writer;

/// Whether `small` is `large` with values left out, in the same order.
fn is_subsequence(small: &[String], large: &[String]) -> bool {
    let mut rest = large.iter();
    small.iter().all(|v| rest.any(|l| l == v))
}

pub(crate) fn alter_enum(w: &mut Writer, change: &Change) {
    let Change::AlterEnum { name, from, to, renamed_values, columns } = change else { return };
    let renamed =
        |v: &String| renamed_values.iter().find(|(o, _)| o == v).map_or_else(|| v.clone(), |(_, n)| n.clone());
    let mapped: Vec<String> = from.iter().map(renamed).collect();
    let type_name = w.name(name);

    if is_subsequence(&mapped, to) {
        for (old, new) in renamed_values {
            let s = format!("ALTER TYPE {type_name} RENAME VALUE {} TO {}", w.cx.literal(old), w.cx.literal(new));
            w.push(s);
        }
        for (i, value) in to.iter().enumerate() {
            if mapped.contains(value) {
                continue;
            }
            // Place it after the value before it (or before the first), so the order is kept.
            let position = match i.checked_sub(1).map(|p| &to[p]) {
                Some(previous) => format!(" AFTER {}", w.cx.literal(previous)),
                None => match to.iter().find(|v| mapped.contains(v)) {
                    Some(next) => format!(" BEFORE {}", w.cx.literal(next)),
                    None => String::new(),
                },
            };
            let s = format!("ALTER TYPE {type_name} ADD VALUE {}{position}", w.cx.literal(value));
            w.push(s);
        }
        return;
    }

    let aside = QualifiedName::qualified(name.schema.clone(), format!("{}__codegen_old", name.name));
    let s = format!("ALTER TYPE {type_name} RENAME TO {}", w.ident(&aside.name));
    w.push(s);
    let values: Vec<String> = to.iter().map(|v| w.cx.literal(v)).collect();
    let s = format!("CREATE TYPE {type_name} AS ENUM ({})", values.join(", "));
    w.push(s);
    for column_ref in columns {
        let table = w.name(&column_ref.table);
        let column = &column_ref.column;
        let col = w.ident(&column.name);
        let alter = |clause: String| format!("ALTER TABLE {table} ALTER COLUMN {col} {clause}");
        let has_default = matches!(column.default, Some(ref d) if !matches!(d, ColumnDefault::AutoIncrement { .. }));
        if has_default {
            w.push(alter("DROP DEFAULT".into()));
        }
        let using = match &column.ty {
            ColumnType::Array { .. } => format!("{col}::text[]::{type_name}[]"),
            _ if renamed_values.is_empty() => format!("{col}::text::{type_name}"),
            _ => {
                let cases: Vec<String> = renamed_values
                    .iter()
                    .map(|(old, new)| format!("WHEN {} THEN {}", w.cx.literal(old), w.cx.literal(new)))
                    .collect();
                format!("(CASE {col}::text {} ELSE {col}::text END)::{type_name}", cases.join(" "))
            }
        };
        let array = if matches!(column.ty, ColumnType::Array { .. }) { "[]" } else { "" };
        w.push(alter(format!("TYPE {type_name}{array} USING {using}")));
        // Put the default back when it is still a value of the type (else the column's own
        // change sets the new one).
        let keeps = match &column.default {
            Some(ColumnDefault::Literal { value: Literal::String(v) }) => to.contains(v),
            _ => has_default,
        };
        if has_default && keeps {
            let object = format!("{}.{}", column_ref.table, column.name);
            let type_sql = format!("{type_name}{array}");
            if let Some(default) = render_default(&mut w.cx, column, &type_sql, &object) {
                w.push(alter(format!("SET DEFAULT {default}")));
            }
        }
    }
    let s = format!("DROP TYPE {}", w.name(&aside));
    w.push(s);
}

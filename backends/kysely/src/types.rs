//! Neutral column types as the TypeScript types kysely-codegen writes for each dialect's driver
//! (`pg`, `mysql2`, `better-sqlite3`), with the `ColumnType<>` helpers they need.

use std::collections::BTreeMap;

use codegen_core::{ColumnType, Dialect, IntWidth, QualifiedName, Schema};

/// A helper type kysely-codegen declares when a column uses it.
pub type Helper = &'static str;

/// Every helper's name, reserved before tables and enums take theirs.
pub const HELPER_NAMES: &[&str] = &[
    "ArrayType",
    "ArrayTypeImpl",
    "ColumnType",
    "Decimal",
    "Generated",
    "GeneratedAlways",
    "Int8",
    "Interval",
    "Json",
    "JsonArray",
    "JsonObject",
    "JsonPrimitive",
    "JsonValue",
    "Numeric",
    "Timestamp",
];

/// The declarations a helper brings, by name (the JSON helpers come together).
pub fn helper_definitions(helper: &str) -> Vec<(&'static str, &'static str)> {
    match helper {
        "Generated" => vec![(
            "Generated",
            "export type Generated<T> = T extends ColumnType<infer S, infer I, infer U>\n  ? ColumnType<S, I | undefined, U>\n  : ColumnType<T, T | undefined, T>;\n",
        )],
        "GeneratedAlways" => {
            vec![("GeneratedAlways", "export type GeneratedAlways<T> = ColumnType<T, never, never>;\n")]
        }
        "Int8" => vec![(
            "Int8",
            "export type Int8 = ColumnType<string, bigint | number | string, bigint | number | string>;\n",
        )],
        "Numeric" => vec![("Numeric", "export type Numeric = ColumnType<string, number | string, number | string>;\n")],
        "Decimal" => vec![("Decimal", "export type Decimal = ColumnType<string, number | string, number | string>;\n")],
        "Timestamp" => vec![("Timestamp", "export type Timestamp = ColumnType<Date, Date | string, Date | string>;\n")],
        "Interval" => vec![(
            "Interval",
            "export type Interval = ColumnType<IPostgresInterval, IPostgresInterval | number | string, IPostgresInterval | number | string>;\n",
        )],
        "Json" => vec![
            ("Json", "export type Json = JsonValue;\n"),
            ("JsonArray", "export type JsonArray = JsonValue[];\n"),
            ("JsonObject", "export type JsonObject = {\n  [x: string]: JsonValue | undefined;\n};\n"),
            ("JsonPrimitive", "export type JsonPrimitive = boolean | number | string | null;\n"),
            ("JsonValue", "export type JsonValue = JsonArray | JsonObject | JsonPrimitive;\n"),
        ],
        "ArrayType" => vec![
            (
                "ArrayType",
                "export type ArrayType<T> = ArrayTypeImpl<T> extends (infer U)[]\n  ? U[]\n  : ArrayTypeImpl<T>;\n",
            ),
            (
                "ArrayTypeImpl",
                "export type ArrayTypeImpl<T> = T extends ColumnType<infer S, infer I, infer U>\n  ? ColumnType<S[], I[], U[]>\n  : T[];\n",
            ),
        ],
        _ => Vec::new(),
    }
}

/// The TypeScript type of a column of type `ty` (without `| null` and `Generated<>`), noting the
/// helpers it uses in `helpers`. `enum_names` names PostgreSQL enums' union types.
pub fn kysely_type(
    ty: &ColumnType,
    dialect: Dialect,
    schema: &Schema,
    enum_names: &BTreeMap<QualifiedName, String>,
    helpers: &mut BTreeMap<Helper, ()>,
) -> String {
    let mut use_helper = |name: Helper| {
        helpers.insert(name, ());
        name.to_string()
    };
    use ColumnType as T;
    match dialect {
        Dialect::Postgres => match ty {
            T::Integer { width: IntWidth::Big, .. } | T::Integer { width: IntWidth::Int, unsigned: true } => {
                use_helper("Int8")
            }
            T::Integer { .. } | T::Real | T::Double | T::Year => "number".into(),
            T::Decimal { .. } => use_helper("Numeric"),
            T::Bool => "boolean".into(),
            T::Bytes { .. } | T::Binary { .. } => "Buffer".into(),
            T::Date | T::Timestamp { .. } | T::TimestampTz { .. } => use_helper("Timestamp"),
            T::Interval => use_helper("Interval"),
            T::Json | T::Jsonb => use_helper("Json"),
            T::Enum { name } => enum_names.get(name).cloned().unwrap_or_else(|| "string".into()),
            T::Set { .. } => "string[]".into(),
            T::Array { element } => {
                let inner = kysely_type(element, dialect, schema, enum_names, helpers);
                if ["Int8", "Numeric", "Timestamp", "Interval", "Json"].contains(&inner.as_str()) {
                    helpers.insert("ArrayType", ());
                    format!("ArrayType<{inner}>")
                } else if inner.contains(' ') {
                    format!("({inner})[]")
                } else {
                    format!("{inner}[]")
                }
            }
            T::Text { .. }
            | T::Varchar { .. }
            | T::Char { .. }
            | T::Uuid
            | T::Bit { .. }
            | T::Time { .. }
            | T::Other { .. } => "string".into(),
        },
        Dialect::Mysql => match ty {
            T::Integer { .. } | T::Real | T::Double | T::Year | T::Bool => "number".into(),
            T::Decimal { .. } => use_helper("Decimal"),
            T::Bytes { .. } | T::Binary { .. } | T::Bit { .. } => "Buffer".into(),
            T::Date | T::Timestamp { .. } | T::TimestampTz { .. } => "Date".into(),
            T::Json | T::Jsonb | T::Array { .. } => use_helper("Json"),
            T::Enum { name } => match schema.enum_type(name) {
                Some(e) if !e.values.is_empty() => {
                    let mut values: Vec<String> = e.values.iter().map(|v| codegen_typescript::string(v)).collect();
                    values.sort();
                    values.join(" | ")
                }
                _ => "string".into(),
            },
            T::Set { .. } => "unknown".into(),
            T::Text { .. }
            | T::Varchar { .. }
            | T::Char { .. }
            | T::Uuid
            | T::Time { .. }
            | T::Interval
            | T::Other { .. } => "string".into(),
        },
        Dialect::Sqlite => match ty {
            T::Integer { .. } | T::Bool | T::Year | T::Bit { .. } | T::Real | T::Double | T::Decimal { .. } => {
                "number".into()
            }
            T::Bytes { .. } | T::Binary { .. } => "Buffer".into(),
            _ => "string".into(),
        },
    }
}

//! What `[targets.drizzle]` in codegen.toml can ask for.

use codegen_core::{Diagnostic, Diagnostics, Dialect};
use serde::Deserialize;

/// Options of the Drizzle backend.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DrizzleOptions {
    /// How properties and variables are named (drizzle-kit's `introspect.casing`).
    pub casing: Casing,
    /// Write `relations.ts` (the relational query API's `relations()`), as drizzle-kit pull does.
    pub relations: bool,
    /// How dates and timestamps reach JavaScript: `string` (drizzle-kit pull's choice) or `date`.
    pub date_mode: DateMode,
    /// How 64-bit integers reach JavaScript: `number` (drizzle-kit pull's choice) or `bigint`.
    pub bigint_mode: BigintMode,
    /// The database the schema is for; the CLI fills it from `--dialect`.
    #[serde(skip)]
    pub dialect: Dialect,
}

impl Default for DrizzleOptions {
    fn default() -> Self {
        Self {
            casing: Casing::default(),
            relations: true,
            date_mode: DateMode::default(),
            bigint_mode: BigintMode::default(),
            dialect: Dialect::Postgres,
        }
    }
}

/// drizzle-kit's `introspect.casing`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Casing {
    /// camelCase properties (`createdAt: timestamp("created_at")`): drizzle-kit pull's default.
    #[default]
    Camel,
    /// The database names as they are (`created_at: timestamp()`).
    Preserve,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateMode {
    #[default]
    String,
    Date,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BigintMode {
    #[default]
    Number,
    Bigint,
}

impl DrizzleOptions {
    /// Default options for `dialect`.
    pub fn for_dialect(dialect: Dialect) -> Self {
        Self { dialect, ..Self::default() }
    }

    /// The options in `[targets.drizzle]` (as JSON), for `dialect`.
    pub fn from_json(value: &serde_json::Value, dialect: Dialect) -> Result<Self, Diagnostics> {
        let value = if value.is_null() { serde_json::Value::Object(Default::default()) } else { value.clone() };
        let mut options: DrizzleOptions = serde_json::from_value(value).map_err(|e| {
            Diagnostics(vec![
                Diagnostic::error(format!("invalid [targets.drizzle] options: {e}"))
                    .with_object("targets.drizzle")
                    .with_help("keys: casing = \"camel\" | \"preserve\", relations = true | false, date-mode = \"string\" | \"date\", bigint-mode = \"number\" | \"bigint\""),
            ])
        })?;
        options.dialect = dialect;
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_come_from_the_target_table_and_typos_are_refused() {
        let options =
            DrizzleOptions::from_json(&serde_json::json!({"casing": "preserve", "relations": false}), Dialect::Sqlite)
                .unwrap();
        assert_eq!((options.casing, options.relations, options.dialect), (Casing::Preserve, false, Dialect::Sqlite));
        let error = DrizzleOptions::from_json(&serde_json::json!({"casings": "camel"}), Dialect::Mysql).unwrap_err();
        assert!(error.to_string().contains("unknown field `casings`"), "{error}");
    }
}

//! What `[targets.prisma]` in codegen.toml can ask for.

use codegen_core::{Diagnostic, Diagnostics, Dialect};
use serde::Deserialize;

/// Options of the Prisma backend.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct PrismaOptions {
    /// The database the schema's datasource names; the CLI fills it from `--dialect`.
    #[serde(skip, default = "default_dialect")]
    pub dialect: Dialect,
    /// How models and fields are named.
    #[serde(default)]
    pub naming: Naming,
    /// The `provider` of the generator block.
    #[serde(default = "default_generator")]
    pub generator: String,
    /// Columns that get `@updatedAt`: `column` (any table) or `table.column`.
    #[serde(default)]
    pub updated_at: Vec<String>,
    /// Write database views as `view` blocks (a preview feature of Prisma, switched on in the
    /// generator); otherwise they are left out with a warning.
    #[serde(default)]
    pub views: bool,
}

fn default_dialect() -> Dialect {
    Dialect::Postgres
}

fn default_generator() -> String {
    "prisma-client".into()
}

impl Default for PrismaOptions {
    fn default() -> Self {
        Self {
            dialect: default_dialect(),
            naming: Naming::default(),
            generator: default_generator(),
            updated_at: Vec::new(),
            views: false,
        }
    }
}

impl PrismaOptions {
    /// Default options for `dialect`.
    pub fn for_dialect(dialect: Dialect) -> Self {
        Self { dialect, ..Self::default() }
    }

    /// The options from the `[targets.prisma]` table of codegen.toml (as JSON), for `dialect`.
    pub fn from_json(value: &serde_json::Value, dialect: Dialect) -> Result<Self, Diagnostics> {
        let mut options: PrismaOptions = if value.is_null() {
            PrismaOptions::default()
        } else {
            serde_json::from_value(value.clone()).map_err(|e| {
                Diagnostics(vec![
                    Diagnostic::error(format!("invalid [targets.prisma] option: {e}"))
                        .with_help("the options are naming = \"database\" | \"prisma\", generator = \"...\", updated_at = [\"table.column\", ...], views = true"),
                ])
            })?
        };
        options.dialect = dialect;
        Ok(options)
    }

    /// Whether `table.column` was asked to carry `@updatedAt`.
    pub fn wants_updated_at(&self, table: &str, column: &str) -> bool {
        self.updated_at.iter().any(|entry| match entry.split_once('.') {
            Some((t, c)) => t == table && c == column,
            None => entry == column,
        })
    }
}

/// How Prisma names are derived from database names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Naming {
    /// The database names, as `prisma db pull` writes them (`users`, `created_at`).
    #[default]
    Database,
    /// Prisma's conventions (`Users`, `createdAt`), with `@map`/`@@map` to the database names.
    Prisma,
}

/// The `provider` of the datasource block for a dialect.
pub fn provider(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "postgresql",
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_come_from_the_target_table_and_unknown_keys_are_refused() {
        let json = serde_json::json!({"naming": "prisma", "updated_at": ["users.updated_at"]});
        let options = PrismaOptions::from_json(&json, Dialect::Mysql).unwrap();
        assert_eq!((options.naming, options.dialect), (Naming::Prisma, Dialect::Mysql));
        assert!(options.wants_updated_at("users", "updated_at") && !options.wants_updated_at("posts", "updated_at"));
        let error = PrismaOptions::from_json(&serde_json::json!({"nameing": "prisma"}), Dialect::Mysql).unwrap_err();
        assert!(error.to_string().contains("unknown field `nameing`"), "{error}");
    }
}

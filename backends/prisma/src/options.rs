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
    /// The generator's `previewFeatures`, written as given. Those that change what Prisma can
    /// express change the output: `views` (views as `view` blocks), `partialIndexes` (partial
    /// indexes with `where: raw(...)`), `postgresqlExtensions` (the datasource's `extensions`).
    /// Without them such objects are left out with a warning saying which feature they need.
    #[serde(default)]
    pub preview_features: Vec<String>,
    /// Shorthand for `preview_features = ["views"]`.
    #[serde(default)]
    pub views: bool,
}

/// Prisma's preview feature for `view` blocks.
pub const VIEWS: &str = "views";
/// Prisma's preview feature for partial indexes (`where: raw(...)`).
pub const PARTIAL_INDEXES: &str = "partialIndexes";
/// Prisma's preview feature for the datasource's `extensions = [...]`.
pub const POSTGRESQL_EXTENSIONS: &str = "postgresqlExtensions";

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
            preview_features: Vec::new(),
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
                        .with_help("the options are naming = \"database\" | \"prisma\", generator = \"...\", updated_at = [\"table.column\", ...], preview_features = [\"views\", \"partialIndexes\", \"postgresqlExtensions\"], views = true"),
                ])
            })?
        };
        options.dialect = dialect;
        Ok(options)
    }

    /// Whether the preview feature `name` is on.
    pub fn preview(&self, name: &str) -> bool {
        (self.views && name == VIEWS) || self.preview_features.iter().any(|f| f == name)
    }

    /// The generator's `previewFeatures`: those asked for, `views` first when `views = true`.
    pub fn generator_preview_features(&self) -> Vec<String> {
        let mut features = Vec::new();
        if self.views && !self.preview_features.iter().any(|f| f == VIEWS) {
            features.push(VIEWS.to_string());
        }
        features.extend(self.preview_features.iter().cloned());
        features
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
        let json = serde_json::json!({"preview_features": ["partialIndexes", "relationJoins"], "views": true});
        let options = PrismaOptions::from_json(&json, Dialect::Postgres).unwrap();
        assert!(options.preview(PARTIAL_INDEXES) && options.preview(VIEWS) && !options.preview(POSTGRESQL_EXTENSIONS));
        assert_eq!(options.generator_preview_features(), ["views", "partialIndexes", "relationJoins"]);
        let error = PrismaOptions::from_json(&serde_json::json!({"nameing": "prisma"}), Dialect::Mysql).unwrap_err();
        assert!(error.to_string().contains("unknown field `nameing`"), "{error}");
    }
}

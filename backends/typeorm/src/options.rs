//! What `[targets.typeorm]` in codegen.toml can ask for, after typeorm-model-generator's flags.

use codegen_core::{Diagnostic, Diagnostics, Dialect};
use serde::Deserialize;

/// Options of the TypeORM backend.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypeOrmOptions {
    /// Property names: `camel` (`createdAt`, typeorm-model-generator's `--cp camel`) or `none`
    /// (the column names as they are).
    pub property_case: PropertyCase,
    /// Classes named after the table's singular (`users` -> `User`) instead of the table
    /// (`Users`, as typeorm-model-generator names them).
    pub singular_classes: bool,
    /// The database the entities are for; the CLI fills it from `--dialect`.
    #[serde(skip)]
    pub dialect: Dialect,
}

impl Default for TypeOrmOptions {
    fn default() -> Self {
        Self { property_case: PropertyCase::default(), singular_classes: false, dialect: Dialect::Postgres }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PropertyCase {
    #[default]
    Camel,
    None,
}

impl TypeOrmOptions {
    pub fn for_dialect(dialect: Dialect) -> Self {
        Self { dialect, ..Self::default() }
    }

    /// The options in `[targets.typeorm]` (as JSON), for `dialect`.
    pub fn from_json(value: &serde_json::Value, dialect: Dialect) -> Result<Self, Diagnostics> {
        let value = if value.is_null() { serde_json::Value::Object(Default::default()) } else { value.clone() };
        let mut options: TypeOrmOptions = serde_json::from_value(value).map_err(|e| {
            Diagnostics(vec![
                Diagnostic::error(format!("invalid [targets.typeorm] options: {e}"))
                    .with_object("targets.typeorm")
                    .with_help("keys: property-case = \"camel\" | \"none\", singular-classes = true | false"),
            ])
        })?;
        options.dialect = dialect;
        Ok(options)
    }
}

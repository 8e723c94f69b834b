//! What a user can choose about the generated entities, mirroring `sea-orm-cli generate entity`'s
//! flags (the ones that change the files, not the connection).

use codegen_core::{Diagnostic, Diagnostics, Dialect};
use serde::Deserialize;

/// Options of the SeaORM backend; `[targets.sea-orm]` in codegen.toml deserialises into this.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct SeaOrmOptions {
    /// The entity format (`--expanded-format`, `--entity-format`, `--frontend-format`): compact
    /// (the default), expanded, dense or frontend.
    pub format: EntityFormat,
    /// Which serde derives the models and enums get (`--with-serde`).
    pub with_serde: WithSerde,
    /// Which crate the date and time types come from (`--date-time-crate`).
    pub date_time_crate: DateTimeCrate,
    /// Generate only these tables (`--tables`); empty means all.
    #[serde(alias = "tables")]
    pub only: Vec<String>,
    /// Leave these tables out (`--ignore-tables`).
    #[serde(alias = "ignore-tables")]
    pub ignore: Vec<String>,
    /// Extra derives for every `Model` (`--model-extra-derives`), as Rust paths.
    pub model_extra_derives: Vec<String>,
    /// Extra attributes for every `Model` (`--model-extra-attributes`), without `#[...]`.
    pub model_extra_attributes: Vec<String>,
    /// Extra derives for every enum (`--enum-extra-derives`).
    pub enum_extra_derives: Vec<String>,
    /// Extra attributes for every enum (`--enum-extra-attributes`).
    pub enum_extra_attributes: Vec<String>,
    /// Derive `Copy` for enums (`--with-copy-enums`).
    pub copy_enums: bool,
    /// Write `lib.rs` instead of `mod.rs` (`--lib`).
    pub lib: bool,
    /// Write `impl ActiveModelBehavior for ActiveModel {}` in each entity file (sea-orm-cli's
    /// `--impl-active-model-behavior`). Turn it off to keep your own impls (hooks such as
    /// `before_save`) in a file of yours, where regenerating never touches them.
    pub impl_active_model_behavior: bool,
    /// The database the entities talk to; the CLI fills it from `--dialect`. SQLite has one
    /// integer and one float storage class, which sea-orm-cli maps to `i64` and `f64`.
    #[serde(skip)]
    pub dialect: Option<Dialect>,
}

impl Default for SeaOrmOptions {
    fn default() -> Self {
        Self {
            format: EntityFormat::default(),
            with_serde: WithSerde::default(),
            date_time_crate: DateTimeCrate::default(),
            only: Vec::new(),
            ignore: Vec::new(),
            model_extra_derives: Vec::new(),
            model_extra_attributes: Vec::new(),
            enum_extra_derives: Vec::new(),
            enum_extra_attributes: Vec::new(),
            copy_enums: false,
            lib: false,
            impl_active_model_behavior: true,
            dialect: None,
        }
    }
}

/// sea-orm-cli's entity formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityFormat {
    /// `Model` with `DeriveEntityModel`; the rest derived.
    #[default]
    Compact,
    /// `Entity`, `Model`, `Column`, `PrimaryKey`, `Relation` and their trait impls written out.
    Expanded,
    /// SeaORM 2.0's `#[sea_orm::model]`: `Model` with its relations as fields (`HasMany<...>`,
    /// `BelongsTo<...>`); `Relation` and `Related` derived from them.
    Dense,
    /// Plain `Model` structs without SeaORM (for a frontend crate): no entity, no relations.
    Frontend,
}

/// `--with-serde`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WithSerde {
    #[default]
    None,
    Serialize,
    Deserialize,
    Both,
}

/// `--date-time-crate`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateTimeCrate {
    #[default]
    Chrono,
    Time,
}

impl SeaOrmOptions {
    /// The options in `[targets.sea-orm]` (as JSON), for a database of `dialect`.
    pub fn from_json(value: &serde_json::Value, dialect: Dialect) -> Result<Self, Diagnostics> {
        let value = if value.is_null() { serde_json::Value::Object(Default::default()) } else { value.clone() };
        let mut options: SeaOrmOptions = serde_json::from_value(value).map_err(|e| {
            Diagnostics(vec![
                Diagnostic::error(format!("invalid [targets.sea-orm] options: {e}"))
                    .with_object("targets.sea-orm")
                    .with_help("keys: format, with-serde, date-time-crate, only, ignore, model-extra-derives, model-extra-attributes, enum-extra-derives, enum-extra-attributes, copy-enums, lib, impl-active-model-behavior"),
            ])
        })?;
        options.dialect = Some(dialect);
        Ok(options)
    }

    /// Whether `table` is generated under `only` and `ignore`.
    pub fn includes_table(&self, table: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|t| t == table)) && !self.ignore.iter().any(|t| t == table)
    }
}

//! The diesel backend's options: what `diesel print-schema` users set in `diesel.toml`, plus the
//! model structs, read from `[targets.diesel]` in codegen.toml or from `--target` flags.

use std::collections::BTreeMap;

use codegen_core::{Diagnostic, Diagnostics, Dialect};
use regex::Regex;
use serde::Deserialize;

/// Options of the diesel backend. Every field has a default, so `{}` is valid.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DieselOptions {
    /// The database the generated code targets; set by the CLI from `--dialect`.
    #[serde(skip)]
    pub dialect: Dialect,
    /// Keep only tables whose name matches one of these regexes (print-schema `--only-tables`).
    pub only_tables: Vec<String>,
    /// Leave out tables whose name matches one of these regexes (print-schema `--except-tables`).
    pub except_tables: Vec<String>,
    /// Doc comments on tables and columns (print-schema `--with-docs`).
    pub with_docs: DocComments,
    /// `use` lines at the top of every `table!` (print-schema `--import-types`).
    pub import_types: Option<Vec<String>>,
    /// Derives of the generated SQL types; `diesel::sql_types::SqlType` is always added.
    pub custom_type_derives: Option<Vec<String>>,
    /// A SQLite `INTEGER PRIMARY KEY` (a rowid alias), and columns referencing one, as `BigInt`.
    pub sqlite_integer_primary_key_is_bigint: bool,
    /// A SQLite `INTEGER PRIMARY KEY` (a rowid alias) declared without NOT NULL as `Integer`
    /// rather than print-schema's `Nullable<Integer>`: SQLite never stores NULL in it (an insert
    /// of NULL takes the next rowid). Other keys without NOT NULL can hold NULL and stay nullable.
    pub sqlite_integer_primary_key_not_null: bool,
    pub column_sorting: ColumnSorting,
    /// Also write model structs (Queryable, Insertable, AsChangeset) and Rust enums into
    /// `models_file`. Off by default, so that the output is print-schema's single file.
    pub models: bool,
    /// File name of the schema for the default namespace.
    pub schema_file: String,
    /// File name of the model structs.
    pub models_file: String,
    /// A file per non-default PostgreSQL schema (`{ audit = "audit_schema.rs" }`); schemas not
    /// named here go into `schema_file`.
    pub schema_files: BTreeMap<String, String>,
    /// How the model structs name the schema module, relative to the models file.
    pub schema_module: String,
    /// The key to use for tables without a primary key (`{ events = ["event_id"] }`): Diesel
    /// needs one, and print-schema stops at the first table without.
    pub primary_keys: BTreeMap<String, Vec<String>>,
    /// Emit views as `table!` blocks too (keyed on their first column unless `primary_keys` says).
    pub views: bool,
}

impl Default for DieselOptions {
    fn default() -> Self {
        Self {
            dialect: Dialect::Postgres,
            only_tables: Vec::new(),
            except_tables: Vec::new(),
            with_docs: DocComments::default(),
            import_types: None,
            custom_type_derives: None,
            sqlite_integer_primary_key_is_bigint: false,
            sqlite_integer_primary_key_not_null: false,
            column_sorting: ColumnSorting::default(),
            models: false,
            schema_file: "schema.rs".into(),
            models_file: "models.rs".into(),
            schema_files: BTreeMap::new(),
            schema_module: "super::schema".into(),
            primary_keys: BTreeMap::new(),
            views: false,
        }
    }
}

impl DieselOptions {
    /// Options for `dialect` with every other setting at its default.
    pub fn for_dialect(dialect: Dialect) -> Self {
        Self { dialect, ..Self::default() }
    }

    /// Read options from the `[targets.diesel]` table (a JSON value; `null` means defaults).
    pub fn from_json(value: &serde_json::Value, dialect: Dialect) -> Result<Self, Diagnostics> {
        let mut options: DieselOptions = if value.is_null() {
            DieselOptions::default()
        } else {
            serde_json::from_value(value.clone())
                .map_err(|e| Diagnostics(vec![Diagnostic::error(format!("invalid [targets.diesel] option: {e}"))]))?
        };
        options.dialect = dialect;
        Ok(options)
    }

    /// The derives of generated SQL types, as print-schema computes them.
    pub(crate) fn sql_type_derives(&self) -> Vec<String> {
        let mut derives = self.custom_type_derives.clone().unwrap_or_default();
        if !derives.iter().any(|d| d == "diesel::sql_types::SqlType") {
            derives.push("diesel::sql_types::SqlType".into());
        }
        derives
    }
}

/// Which doc comments to write, as print-schema's `with_docs` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocComments {
    #[default]
    None,
    /// Only comments stored in the database.
    DatabaseOnly,
    /// Database comments, or a generated sentence where there is none.
    WithFallback,
}

impl<'de> Deserialize<'de> for DocComments {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Name(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Bool(true) => Ok(DocComments::WithFallback),
            Raw::Bool(false) => Ok(DocComments::None),
            Raw::Name(name) => match name.as_str() {
                "database-comments-fallback-to-auto-generated-doc-comment" => Ok(DocComments::WithFallback),
                "only-database-comments" => Ok(DocComments::DatabaseOnly),
                "no-doc-comments" => Ok(DocComments::None),
                other => Err(serde::de::Error::custom(format!(
                    "unknown with_docs `{other}` (expected true, false, `only-database-comments`, \
                     `database-comments-fallback-to-auto-generated-doc-comment` or `no-doc-comments`)"
                ))),
            },
        }
    }
}

/// Column order inside a `table!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnSorting {
    #[default]
    OrdinalPosition,
    Name,
}

/// The only/except table filters, compiled.
#[derive(Debug, Default)]
pub(crate) struct TableFilter {
    only: Vec<Regex>,
    except: Vec<Regex>,
}

impl TableFilter {
    /// Compile the regexes; every invalid one is reported.
    pub(crate) fn compile(options: &DieselOptions) -> Result<Self, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let mut compile = |key: &str, patterns: &[String]| -> Vec<Regex> {
            patterns
                .iter()
                .filter_map(|p| match Regex::new(p) {
                    Ok(r) => Some(r),
                    Err(e) => {
                        diagnostics.push(
                            Diagnostic::error(format!("invalid regex `{p}` in diesel option `{key}`: {e}"))
                                .with_object(key.to_string()),
                        );
                        None
                    }
                })
                .collect()
        };
        let only = compile("only_tables", &options.only_tables);
        let except = compile("except_tables", &options.except_tables);
        if diagnostics.has_errors() { Err(diagnostics) } else { Ok(TableFilter { only, except }) }
    }

    /// Whether a table named `sql_name` is kept (print-schema matches the bare table name).
    pub(crate) fn keeps(&self, sql_name: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|r| r.is_match(sql_name)))
            && !self.except.iter().any(|r| r.is_match(sql_name))
    }
}

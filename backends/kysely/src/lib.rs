//! codegen backend for Kysely: `db.d.ts`, the `DB` interface of table types that Kysely's query
//! builder is typed with, as kysely-codegen writes it (an interface per table, `Generated<>` for
//! columns the database fills, `ColumnType<>` helpers such as `Int8` and `Timestamp` for values
//! whose read, insert and update types differ, a union type per enum).
//!
//! Pure: the schema and [`KyselyOptions`] in, one file out.

mod types;

use std::collections::BTreeMap;

use codegen_core::{
    AutoIncrement, Backend, ColumnDefault, Diagnostic, Diagnostics, Dialect, Generated, GeneratedFile, Schema,
};
use codegen_typescript::{GeneratedTs, property_key, string};
use serde::Deserialize;

pub use types::{Helper, kysely_type};

/// Options of the Kysely backend (`[targets.kysely]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct KyselyOptions {
    /// camelCase property and table keys, for Kysely's `CamelCasePlugin` (kysely-codegen's
    /// `--camel-case`).
    pub camel_case: bool,
    /// The database the types are for; the CLI fills it from `--dialect`.
    #[serde(skip)]
    pub dialect: Dialect,
}

impl Default for KyselyOptions {
    fn default() -> Self {
        Self { camel_case: false, dialect: Dialect::Postgres }
    }
}

impl KyselyOptions {
    pub fn for_dialect(dialect: Dialect) -> Self {
        Self { dialect, ..Self::default() }
    }

    /// The options in `[targets.kysely]` (as JSON), for `dialect`.
    pub fn from_json(value: &serde_json::Value, dialect: Dialect) -> Result<Self, Diagnostics> {
        let value = if value.is_null() { serde_json::Value::Object(Default::default()) } else { value.clone() };
        let mut options: KyselyOptions = serde_json::from_value(value).map_err(|e| {
            Diagnostics(vec![
                Diagnostic::error(format!("invalid [targets.kysely] options: {e}"))
                    .with_object("targets.kysely")
                    .with_help("keys: camel-case = true | false"),
            ])
        })?;
        options.dialect = dialect;
        Ok(options)
    }
}

/// The file the backend writes.
pub const OUTPUT_FILE: &str = "db.d.ts";

/// The Kysely backend (`--target kysely`).
#[derive(Debug, Clone, Copy, Default)]
pub struct KyselyBackend;

impl Backend for KyselyBackend {
    type Options = KyselyOptions;

    fn name(&self) -> &'static str {
        "kysely"
    }

    fn generate(&self, schema: &Schema, options: &KyselyOptions) -> Result<Generated, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let text = render(schema, options);
        codegen_typescript::warn_objects(schema, "Kysely's table types", &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let file =
            GeneratedTs { origin: format!("kysely, dialect {}", options.dialect), region: text, ..Default::default() };
        Ok(Generated { files: vec![GeneratedFile::new(OUTPUT_FILE, file.render())], diagnostics })
    }
}

/// Kysely's `CamelCasePlugin` mapping: an underscore goes, the letter after it is uppercased.
fn kysely_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper_next = false;
    for (i, c) in name.chars().enumerate() {
        if c == '_' && i > 0 {
            upper_next = true;
        } else if upper_next {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// kysely-codegen's `toPascalCase`: the words of `(?:\p{Lu}(?!\p{Ll}))+|\p{L}\p{Ll}*|\d+`, each
/// lowercased and capitalised.
pub fn pascal_words(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let push_word = |out: &mut String, word: &[char]| {
        let lower: String = word.iter().collect::<String>().to_lowercase();
        let mut cs = lower.chars();
        if let Some(first) = cs.next() {
            out.extend(first.to_uppercase());
            out.push_str(cs.as_str());
        }
    };
    while i < chars.len() {
        let c = chars[i];
        // (?:\p{Lu}(?!\p{Ll}))+ : uppercase letters not followed by a lowercase one.
        let mut j = i;
        while j < chars.len() && chars[j].is_uppercase() && !chars.get(j + 1).is_some_and(|n| n.is_lowercase()) {
            j += 1;
        }
        if j > i {
            push_word(&mut out, &chars[i..j]);
            i = j;
        } else if c.is_alphabetic() {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_lowercase() {
                j += 1;
            }
            push_word(&mut out, &chars[i..j]);
            i = j;
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            out.extend(chars[i..j].iter());
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn render(schema: &Schema, options: &KyselyOptions) -> String {
    let dialect = options.dialect;
    // Every top-level declaration by name; kysely-codegen sorts them, with `DB` last.
    let mut declarations: BTreeMap<String, String> = BTreeMap::new();
    let mut interfaces: BTreeMap<String, String> = BTreeMap::new();
    let mut helpers: BTreeMap<&'static str, ()> = BTreeMap::new();
    let mut taken: std::collections::BTreeSet<String> = types::HELPER_NAMES.iter().map(|s| s.to_string()).collect();
    taken.insert("DB".into());
    let mut enum_names = BTreeMap::new();
    if dialect == Dialect::Postgres {
        for e in &schema.enums {
            let qualified = match &e.name.schema {
                Some(s) if s != "public" => format!("{s}_{}", e.name.name),
                _ => e.name.name.clone(),
            };
            let name = codegen_typescript::unique_binding(&pascal_words(&qualified), "Enum", &mut taken);
            let mut values: Vec<String> = e.values.iter().map(|v| string(v)).collect();
            values.sort();
            let union = if values.is_empty() { "never".to_string() } else { values.join(" | ") };
            declarations.insert(name.clone(), format!("export type {name} = {union};\n"));
            enum_names.insert(e.name.clone(), name);
        }
    }
    let key = |name: &str| if options.camel_case { kysely_camel(name) } else { name.to_string() };
    let mut db_entries: Vec<(String, String)> = Vec::new();
    let relations = schema
        .tables
        .iter()
        .map(|t| (&t.name, &t.columns, Some(t)))
        .chain(schema.views.iter().map(|v| (&v.name, &v.columns, None)));
    for (name, columns, table) in relations {
        let qualified = match &name.schema {
            Some(s) if s != "public" => format!("{s}_{}", name.name),
            _ => name.name.clone(),
        };
        let interface = codegen_typescript::unique_binding(&pascal_words(&qualified), "Table", &mut taken);
        let mut sorted: Vec<&codegen_core::Column> = columns.iter().collect();
        sorted.sort_by_key(|c| key(&c.name));
        let mut body = format!("export interface {interface} {{\n");
        for column in sorted {
            let mut ts = kysely_type(&column.ty, dialect, schema, &enum_names, &mut helpers);
            if column.nullable {
                ts = format!("{ts} | null");
            }
            let always = matches!(
                column.default,
                Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::IdentityAlways })
            ) || column.generated.is_some();
            let rowid = table.is_some_and(|t| {
                dialect == Dialect::Sqlite && t.sqlite_rowid_alias().is_some_and(|c| c.name == column.name)
            });
            if always {
                helpers.insert("GeneratedAlways", ());
                ts = format!("GeneratedAlways<{ts}>");
            } else if column.default.is_some() || rowid {
                helpers.insert("Generated", ());
                ts = format!("Generated<{ts}>");
            }
            if let Some(comment) = &column.comment {
                body.push_str(&format!(
                    "  /**\n{}   */\n",
                    comment.lines().map(|l| format!("   * {}\n", l.replace("*/", "*\\/"))).collect::<String>()
                ));
            }
            body.push_str(&format!("  {}: {ts};\n", property_key(&key(&column.name))));
        }
        body.push_str("}\n");
        interfaces.insert(interface.clone(), body);
        let db_key = match &name.schema {
            Some(s) if s != "public" => format!("{s}.{}", key(&name.name)),
            _ => key(&name.name),
        };
        db_entries.push((db_key, interface));
    }
    for helper in helpers.keys() {
        for (name, text) in types::helper_definitions(helper) {
            declarations.insert(name.to_string(), text.to_string());
        }
    }
    let mut out = String::new();
    let uses_column_type = declarations.values().any(|d| d.contains("ColumnType<"));
    if uses_column_type {
        out.push_str("import type { ColumnType } from \"kysely\";\n");
    }
    if helpers.contains_key("Interval") {
        out.push_str("import type { IPostgresInterval } from \"postgres-interval\";\n");
    }
    out.push('\n');
    let mut first = true;
    for text in declarations.values().chain(interfaces.values()) {
        if !first {
            out.push('\n');
        }
        first = false;
        out.push_str(text);
    }
    db_entries.sort();
    out.push_str("\nexport interface DB {\n");
    for (key, interface) in db_entries {
        out.push_str(&format!("  {}: {interface};\n", property_key(&key)));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_kysely_codegen_and_kysely() {
        assert_eq!(pascal_words("experiment_status"), "ExperimentStatus");
        assert_eq!(pascal_words("XMLHttp_request2"), "XmlHttpRequest2");
        assert_eq!(kysely_camel("created_at"), "createdAt");
        assert_eq!(kysely_camel("_private"), "_private");
    }
}

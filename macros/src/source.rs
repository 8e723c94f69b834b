//! Finding and reading the schema: `#[schema(source)]` or the nearest `codegen.toml`, read once
//! per compiler process and cached by path and modification time, as sqlx-macros-core does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use codegen_core::Dialect;
use codegen_core::model::Schema;
use codegen_core::read::{ReadError, json, migrations, sql};

use crate::attr::SourceAttrs;
use crate::mapping::Orm;
use crate::message::display_path;

const CONFIG_FILE: &str = "codegen.toml";

/// Where the schema is and how to read it, plus the files cargo must watch.
pub struct Settings {
    pub schema_path: PathBuf,
    pub dialect: Dialect,
    /// The ORM codegen.toml implies (it configures exactly one of `[targets.diesel]` and
    /// `[targets.sea-orm]`), if any.
    pub orm: Option<Orm>,
    /// codegen.toml, when it was used: changing it must rebuild too.
    pub config_file: Option<PathBuf>,
    /// Paths in messages are shown relative to this (the crate's manifest folder).
    pub base: PathBuf,
}

/// A schema ready for checking, with every file it was read from.
pub struct Loaded {
    pub schema: Schema,
    pub files: Vec<PathBuf>,
}

/// Why no schema could be had; `files` are still watched so that fixing them rebuilds.
pub struct LoadFailure {
    pub message: String,
    pub files: Vec<PathBuf>,
}

fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."))
}

/// Decide where the schema comes from. An error names what to add.
pub fn resolve(attrs: &SourceAttrs) -> Result<Settings, LoadFailure> {
    let base = manifest_dir();
    let config_file = base.ancestors().map(|d| d.join(CONFIG_FILE)).find(|p| p.is_file());
    let config = match &config_file {
        Some(path) => Some(read_config(path, &base)?),
        None => None,
    };
    let config_files: Vec<PathBuf> = config_file.iter().cloned().collect();
    let fail = |message: String| LoadFailure { message, files: config_files.clone() };

    let (schema_path, config_dialect) = match (&attrs.source, &config) {
        (Some(source), _) => (base.join(&source.value), None),
        (None, Some(config)) => match &config.schema_path {
            Some(path) => (path.clone(), config.dialect.clone()),
            None => {
                return Err(fail(format!(
                    "{} has no `[schema] path`\n  = help: add `[schema] path = \"db/schema.sql\"` to it, or name the schema here: #[schema(source = \"db/schema.sql\")]",
                    display_path(config_file.as_deref().unwrap_or(Path::new(CONFIG_FILE)), &base)
                )));
            }
        },
        (None, None) => {
            return Err(fail(format!(
                "no schema to check against: there is no {CONFIG_FILE} in {} or a parent folder\n  = help: name the schema here, #[schema(source = \"db/schema.sql\")] (relative to the crate's Cargo.toml), or add a {CONFIG_FILE} with `[schema] path = \"...\"`",
                base.display()
            )));
        }
    };
    let dialect_text = attrs.dialect.as_ref().map(|d| d.value.clone()).or(config_dialect);
    let dialect = match dialect_text {
        Some(text) => text.parse().map_err(|e| fail(format!("{e}")))?,
        None => Dialect::Postgres,
    };
    Ok(Settings {
        schema_path,
        dialect,
        orm: config.and_then(|c| c.orm),
        config_file: config_files.into_iter().next(),
        base,
    })
}

/// The parts of codegen.toml the derive reads; other keys belong to the CLI and are left alone.
struct Config {
    schema_path: Option<PathBuf>,
    dialect: Option<String>,
    orm: Option<Orm>,
}

fn read_config(path: &Path, base: &Path) -> Result<Config, LoadFailure> {
    let shown = display_path(path, base);
    let fail = |message: String| LoadFailure { message, files: vec![path.to_path_buf()] };
    let text = std::fs::read_to_string(path).map_err(|e| fail(format!("cannot read {shown}: {e}")))?;
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| fail(format!("{shown} is not valid TOML: {}", e.message())))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let schema = table.get("schema").and_then(toml::Value::as_table);
    let schema_path = schema.and_then(|s| s.get("path")).and_then(toml::Value::as_str).map(|p| dir.join(p));
    let dialect = schema
        .and_then(|s| s.get("dialect"))
        .or_else(|| table.get("dialect"))
        .and_then(toml::Value::as_str)
        .map(str::to_string);
    let targets = table.get("targets").and_then(toml::Value::as_table);
    let has = |name: &str| targets.is_some_and(|t| t.contains_key(name));
    let orm = match (has("diesel"), has("sea-orm")) {
        (true, false) => Some(Orm::Diesel),
        (false, true) => Some(Orm::SeaOrm),
        _ => None,
    };
    Ok(Config { schema_path, dialect, orm })
}

type CacheEntry = (Vec<(PathBuf, Option<SystemTime>)>, Arc<Result<Loaded, LoadFailure>>);

/// Read the schema, or reuse this process's earlier read if no file changed since.
pub fn load(settings: &Settings) -> Arc<Result<Loaded, LoadFailure>> {
    static CACHE: OnceLock<Mutex<HashMap<(PathBuf, Dialect), CacheEntry>>> = OnceLock::new();
    let key = (settings.schema_path.clone(), settings.dialect);
    let fingerprint = fingerprint(&settings.schema_path);
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some((seen, loaded)) = cache.get(&key)
        && *seen == fingerprint
    {
        return loaded.clone();
    }
    let loaded = Arc::new(read(settings));
    cache.insert(key, (fingerprint, loaded.clone()));
    loaded
}

/// The files a source consists of with their modification times: one file, or each migration.
fn fingerprint(path: &Path) -> Vec<(PathBuf, Option<SystemTime>)> {
    source_files(path)
        .into_iter()
        .map(|p| {
            let mtime = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
            (p, mtime)
        })
        .collect()
}

fn source_files(path: &Path) -> Vec<PathBuf> {
    if path.is_dir() {
        let mut files = vec![path.to_path_buf()];
        if let Ok((_, list)) = migrations::list_migrations(path) {
            files.extend(list.into_iter().map(|m| m.up));
        }
        files
    } else {
        vec![path.to_path_buf()]
    }
}

fn read(settings: &Settings) -> Result<Loaded, LoadFailure> {
    let path = &settings.schema_path;
    let shown = display_path(path, &settings.base);
    // Folders are not files cargo can watch with include_bytes!; their migrations are.
    let files: Vec<PathBuf> = source_files(path).into_iter().filter(|p| p.is_file()).collect();
    let fail = |message: String| LoadFailure { message, files: files.clone() };
    let metadata = std::fs::metadata(path).map_err(|e| {
        fail(format!(
            "cannot read the schema {shown}: {e}\n  = help: check `source` (relative to the crate's Cargo.toml) or the `[schema] path` of codegen.toml (relative to it)"
        ))
    })?;
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let result = if metadata.is_dir() {
        migrations::read_migrations_dir(path, settings.dialect)
    } else if extension == "json" {
        json::read_json_file(path)
    } else if matches!(extension.as_str(), "db" | "sqlite" | "sqlite3") {
        return Err(fail(format!(
            "{shown} is a SQLite database file, which the derive cannot open (it links no database driver)\n  = help: snapshot it with `codegen --target json --schema {shown} --out <folder>` and point `source` at the JSON model"
        )));
    } else {
        sql::read_sql_file(path, settings.dialect)
    };
    match result {
        Ok(loaded) => Ok(Loaded { schema: loaded.schema, files }),
        Err(e) => Err(fail(read_error_message(&e, &shown, &settings.base))),
    }
}

/// Every problem the reader found, one per line, each with its file and line.
fn read_error_message(error: &ReadError, shown: &str, base: &Path) -> String {
    let mut message = format!("the schema {shown} cannot be read");
    match error.diagnostics() {
        Some(diagnostics) => {
            for d in diagnostics.errors() {
                let place = d
                    .location
                    .as_ref()
                    .map(|l| format!("{}:{}: ", display_path(&l.file, base), l.line))
                    .unwrap_or_default();
                message.push_str(&format!("\n  = error: {place}{}", d.message));
                if let Some(help) = &d.help {
                    message.push_str(&format!(" ({help})"));
                }
            }
        }
        None => message.push_str(&format!(": {error}")),
    }
    message
        .push_str("\n  = help: fix the schema; `codegen --target sql` reports the same problems with source excerpts");
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(schema_path: PathBuf) -> Settings {
        Settings { schema_path, dialect: Dialect::Postgres, orm: None, config_file: None, base: PathBuf::from("/") }
    }

    #[test]
    fn codegen_toml_paths_are_relative_to_it_and_one_orm_target_picks_the_orm() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(
            &path,
            "[schema]\npath = \"db/schema.sql\"\ndialect = \"sqlite\"\n\n[targets.sea-orm]\nout = \"gen\"\n",
        )
        .unwrap();
        let config = read_config(&path, dir.path()).ok().unwrap();
        assert_eq!(config.schema_path, Some(dir.path().join("db/schema.sql")));
        assert_eq!(config.dialect.as_deref(), Some("sqlite"));
        assert_eq!(config.orm, Some(Orm::SeaOrm));
    }

    #[test]
    fn a_schema_is_read_once_until_its_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("schema.sql");
        std::fs::write(&path, "CREATE TABLE a (id INT);\n").unwrap();
        let settings = settings(path.clone());
        let first = load(&settings);
        assert!(Arc::ptr_eq(&first, &load(&settings)), "an unchanged file is not read again");

        std::fs::write(&path, "CREATE TABLE b (id INT);\n").unwrap();
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(later).unwrap();
        let second = load(&settings);
        assert!(!Arc::ptr_eq(&first, &second));
        let tables: Vec<String> = match &*second {
            Ok(loaded) => loaded.schema.tables.iter().map(|t| t.name.to_string()).collect(),
            Err(e) => panic!("{}", e.message),
        };
        assert_eq!(tables, ["b"]);
    }

    #[test]
    fn a_migrations_folder_is_watched_file_by_file() {
        let dir = tempfile::tempdir().unwrap();
        for (version, sql) in [("1_create", "CREATE TABLE a (id INT);"), ("2_add", "ALTER TABLE a ADD COLUMN b INT;")] {
            std::fs::write(dir.path().join(format!("{version}.sql")), sql).unwrap();
        }
        let loaded = load(&settings(dir.path().to_path_buf()));
        let loaded = loaded.as_ref().as_ref().ok().unwrap();
        assert_eq!(loaded.files, [dir.path().join("1_create.sql"), dir.path().join("2_add.sql")]);
        assert!(loaded.schema.tables[0].column("b").is_some());
    }
}

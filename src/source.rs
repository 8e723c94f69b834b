//! Detecting what kind of schema source a path is, and reading it.

use std::path::Path;

use codegen_core::read::{Loaded, json, migrations, sql};

use crate::config::SourceSettings;
use crate::error::CliError;

/// The kinds of schema source `--schema` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    SqlFile,
    MigrationsDir,
    SqliteDatabase,
    JsonModel,
    PrismaSchema,
    /// A domain description (`.md`, `.markdown`, `.txt`) or design spec (`.toml`).
    Design,
    /// A live PostgreSQL database, named by a `postgres://` or `postgresql://` URL.
    Postgres,
    /// A live MySQL or MariaDB database, named by a `mysql://` or `mariadb://` URL.
    Mysql,
}

/// Decide the kind from the path: a folder is migrations, a SQLite header is a database,
/// `.json` (or text starting with `{`) is a model, `.prisma` a Prisma schema, anything else is SQL.
pub fn detect(path: &Path) -> Result<SourceKind, CliError> {
    let text = path.to_string_lossy();
    if text.contains("://") {
        return match codegen_db::DatabaseUrl::parse(&text).map_err(|e| CliError::Usage(e.to_string()))? {
            codegen_db::DatabaseUrl::Postgres(_) => Ok(SourceKind::Postgres),
            codegen_db::DatabaseUrl::Mysql(_) => Ok(SourceKind::Mysql),
            codegen_db::DatabaseUrl::Sqlite(_) => {
                Err(CliError::Usage(format!("`{}`: for a SQLite database, pass the file's path", redact(&text))))
            }
        };
    }
    let metadata = std::fs::metadata(path).map_err(|source| CliError::Read { path: path.to_path_buf(), source })?;
    if metadata.is_dir() {
        return Ok(SourceKind::MigrationsDir);
    }
    if codegen_db::is_sqlite_file(path) {
        return Ok(SourceKind::SqliteDatabase);
    }
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match extension.as_str() {
        "json" => Ok(SourceKind::JsonModel),
        "prisma" => Ok(SourceKind::PrismaSchema),
        "md" | "markdown" | "txt" | "toml" => Ok(SourceKind::Design),
        "db" | "sqlite" | "sqlite3" => Ok(SourceKind::SqliteDatabase),
        _ => Ok(SourceKind::SqlFile),
    }
}

/// Whether a path is a domain description or design spec, by its extension.
pub fn is_design_source(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    matches!(extension.as_str(), "md" | "markdown" | "txt" | "toml")
}

/// A URL with its password replaced, for messages (the introspection crate's rule, one for all).
pub fn redact(url: &str) -> String {
    codegen_db::redact_url(url)
}

/// Read the schema source.
pub fn load(settings: &SourceSettings) -> Result<Loaded, CliError> {
    let path = settings.path.as_path();
    let loaded = match detect(path)? {
        SourceKind::SqlFile => sql::read_sql_file(path, settings.dialect)?,
        SourceKind::MigrationsDir => migrations::read_migrations_dir(path, settings.dialect)?,
        SourceKind::SqliteDatabase => codegen_db::read_sqlite_file(path)?,
        SourceKind::JsonModel => json::read_json_file(path)?,
        SourceKind::PrismaSchema => codegen_prisma::read_prisma_file(path)?,
        SourceKind::Design => codegen_design::read_design_file(
            path,
            &codegen_design::DesignSettings {
                options: settings.design.clone(),
                dialect: Some(settings.dialect),
                strict: false,
            },
        )?,
        SourceKind::Postgres => codegen_db::read_postgres(&path.to_string_lossy(), &settings.schemas)?,
        SourceKind::Mysql => codegen_db::read_mysql(&path.to_string_lossy())?,
    };
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn a_misspelled_url_is_a_usage_error_without_its_password() {
        let error = super::detect(std::path::Path::new("postgrs://app:s3cret@db:5432/app")).unwrap_err();
        let message = error.to_string();
        assert!(!message.contains("s3cret"), "{message}");
        assert!(message.contains("did you mean `postgres://`"), "{message}");
        assert_eq!(error.exit_code(), 2);
        let error = super::detect(std::path::Path::new("sqlite://app.db")).unwrap_err();
        assert!(error.to_string().contains("pass the file's path"), "{error}");
    }

    #[test]
    fn passwords_never_survive_redaction() {
        assert_eq!(redact("postgres://app:s3cret@db:5432/app"), "postgres://app:***@db:5432/app");
        assert_eq!(redact("mysql://root@localhost"), "mysql://root@localhost");
        assert!(!redact("postgres://u:p%40ss@h/db").contains("p%40ss"));
    }
}

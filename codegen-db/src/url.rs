//! What a database URL names: the one place codegen reads a URL's scheme. Every command that
//! takes `--database-url` (introspection, lint facts, seed, advice, verify) asks here, so that a
//! scheme is accepted, or refused with the same message, everywhere.

use std::path::Path;

use codegen_core::Dialect;

use crate::postgres::redact_url;

/// A database, as its URL (or path) names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl<'a> {
    /// `postgres://` or `postgresql://`, as given.
    Postgres(&'a str),
    /// `mysql://` or `mariadb://`, spelled `mysql://` as the driver takes it.
    Mysql(String),
    /// A file: `sqlite://path`, `sqlite:path`, or a plain path.
    Sqlite(&'a Path),
}

/// A `scheme://` codegen does not read. The message names the URL with its password hidden,
/// and the scheme it was probably meant to be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{url}` is not a database URL codegen can use: it takes postgres://, postgresql://, mysql://, mariadb:// and sqlite:// (or a SQLite file's path){hint}"
)]
pub struct UnknownScheme {
    /// The URL, redacted.
    pub url: String,
    hint: String,
}

const SCHEMES: [&str; 5] = ["postgres", "postgresql", "mysql", "mariadb", "sqlite"];

impl<'a> DatabaseUrl<'a> {
    /// What `url` names. Text without `scheme://` is a SQLite file's path.
    pub fn parse(url: &'a str) -> Result<DatabaseUrl<'a>, UnknownScheme> {
        let Some(scheme) = scheme_of(url) else {
            let path = url.strip_prefix("sqlite:").unwrap_or(url);
            return Ok(DatabaseUrl::Sqlite(Path::new(path)));
        };
        match scheme.as_str() {
            "postgres" | "postgresql" => Ok(DatabaseUrl::Postgres(url)),
            "mysql" => Ok(DatabaseUrl::Mysql(url.to_string())),
            "mariadb" => Ok(DatabaseUrl::Mysql(format!("mysql{}", &url["mariadb".len()..]))),
            "sqlite" => Ok(DatabaseUrl::Sqlite(Path::new(&url["sqlite://".len()..]))),
            _ => {
                let nearest = SCHEMES
                    .into_iter()
                    .map(|known| (strsim::levenshtein(&scheme, known), known))
                    .filter(|(distance, _)| *distance <= 2)
                    .min();
                let hint = nearest.map(|(_, known)| format!(" (did you mean `{known}://`?)")).unwrap_or_default();
                Err(UnknownScheme { url: redact_url(url), hint })
            }
        }
    }

    /// The dialect of the database.
    pub fn dialect(&self) -> Dialect {
        match self {
            DatabaseUrl::Postgres(_) => Dialect::Postgres,
            DatabaseUrl::Mysql(_) => Dialect::Mysql,
            DatabaseUrl::Sqlite(_) => Dialect::Sqlite,
        }
    }

    /// Whether it names a server (PostgreSQL, MySQL or MariaDB) rather than a file.
    pub fn is_server(&self) -> bool {
        !matches!(self, DatabaseUrl::Sqlite(_))
    }
}

/// The scheme of text written as a URL (`postgrs://u:p@h/db` is `postgrs`), lower-cased.
fn scheme_of(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once("://")?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_scheme_names_its_engine() {
        assert_eq!(DatabaseUrl::parse("postgresql://u@h/db").unwrap().dialect(), Dialect::Postgres);
        assert_eq!(
            DatabaseUrl::parse("mariadb://u:p@h:3307/db").unwrap(),
            DatabaseUrl::Mysql("mysql://u:p@h:3307/db".into())
        );
        assert_eq!(DatabaseUrl::parse("sqlite://app.db").unwrap(), DatabaseUrl::Sqlite(Path::new("app.db")));
        assert_eq!(DatabaseUrl::parse("sqlite:app.db").unwrap(), DatabaseUrl::Sqlite(Path::new("app.db")));
        assert_eq!(DatabaseUrl::parse("data/app.db").unwrap(), DatabaseUrl::Sqlite(Path::new("data/app.db")));
    }

    #[test]
    fn a_misspelled_scheme_is_refused_without_its_password() {
        let error = DatabaseUrl::parse("postgrs://app:s3cret@db/app").unwrap_err();
        let message = error.to_string();
        assert!(!message.contains("s3cret"), "{message}");
        assert!(message.contains("did you mean `postgres://`"), "{message}");
        assert!(!DatabaseUrl::parse("redis://h").unwrap_err().to_string().contains("did you mean"));
    }
}

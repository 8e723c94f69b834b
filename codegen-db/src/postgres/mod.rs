//! Reading a live PostgreSQL database into the neutral model.
//!
//! A handful of bulk catalog queries (not several per table) run inside one `READ ONLY`
//! transaction. The catalog rows are written back out as PostgreSQL DDL (`format_type`,
//! `pg_get_expr`, `pg_get_constraintdef`, `pg_get_indexdef`: the server's own spelling) and that
//! DDL goes through codegen-core's SQL reader, so types, defaults, identity and serial columns
//! lower exactly as they do when the same schema is read from a `.sql` file.

mod catalog;
mod ddl;
mod objects;

use std::path::Path;

use codegen_core::read::sql::read_sql_str;
use codegen_core::read::{Loaded, ReadError};
use codegen_core::{Diagnostic, Diagnostics, Dialect};

/// Read the database at `url` (`postgres://user:password@host:port/database`). `schemas` limits
/// the namespaces read; empty means every namespace except the system ones.
///
/// TLS goes through rustls: `sslmode` in the URL's query works as in libpq (`prefer` by default;
/// `require` encrypts without checking the certificate; `verify-ca`/`verify-full` check it against
/// the webpki roots). Columns of a domain are read as its base type, with the domain's `NOT NULL`,
/// default and checks applied to the column (a note says so).
pub fn read_postgres(url: &str, schemas: &[String]) -> Result<Loaded, ReadError> {
    let (config, mode) = catalog::config(url).map_err(|reason| error_line(url, &reason))?;
    let client = catalog::connect(&config, mode).map_err(|e| connection_error(url, &e, mode))?;
    let catalog = catalog::read_catalog(client, schemas).map_err(|e| connection_error(url, &e, mode))?;
    let script = ddl::render_ddl(&catalog);
    let file = format!("{} (catalog)", redact_url(url));
    let mut loaded = read_sql_str(&script, Path::new(&file), Dialect::Postgres)?;
    for (table, column, domain) in ddl::domain_columns(&catalog) {
        loaded.diagnostics.push(
            Diagnostic::note(format!(
                "column {table}.{column} is of domain {domain}: read as its base type, with the domain's \
                 NOT NULL, default and checks"
            ))
            .with_object(format!("{table}.{column}")),
        );
    }
    Ok(loaded)
}

/// A connection to the database at `url` with the same TLS handling (`sslmode`) and one-line,
/// redacted errors as [`read_postgres`], for other read-only work on a live database.
pub fn connect_postgres(url: &str) -> Result<postgres::Client, ReadError> {
    let (config, mode) = catalog::config(url).map_err(|reason| error_line(url, &reason))?;
    catalog::connect(&config, mode).map_err(|e| connection_error(url, &e, mode))
}

/// A database URL with its password replaced by `***`, for every message that names it.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest.split_once('/').map_or((rest, ""), |(a, t)| (a, t));
    let authority = match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => format!("{credentials}@{host}"),
        },
        None => authority.to_string(),
    };
    let slash = if rest.contains('/') { "/" } else { "" };
    // Query parameters may carry `password=...` too.
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|kv| if kv.starts_with("password=") { "password=***".to_string() } else { kv.to_string() })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{slash}{tail}")
}

/// One clear line per failure; the driver's text never includes the password, and the URL is
/// redacted before it is shown.
fn connection_error(url: &str, error: &postgres::Error, mode: catalog::SslMode) -> ReadError {
    let tls = tls_detail(error);
    let reason = match error.as_db_error() {
        Some(db) => match db.code().code() {
            "28P01" | "28000" => format!("authentication failed: {}", db.message()),
            "3D000" => format!("unknown database: {}", db.message()),
            "42501" => format!("missing privileges: {}", db.message()),
            _ => db.message().to_string(),
        },
        None if tls.as_deref().is_some_and(|d| d.contains("server does not support TLS")) => {
            format!("the server does not offer TLS, which sslmode={} requires", mode.as_str())
        }
        None if tls.is_some() => {
            format!("TLS failed (sslmode={}): {}", mode.as_str(), tls.unwrap_or_default())
        }
        None if error.to_string().contains("error connecting") || error.is_closed() => {
            "cannot connect to the server (is it running and reachable?)".to_string()
        }
        None => error.to_string(),
    };
    error_line(url, &reason)
}

/// What went wrong in a TLS handshake, from the driver's error chain.
fn tls_detail(error: &postgres::Error) -> Option<String> {
    let detail = std::error::Error::source(error).map(ToString::to_string).unwrap_or_default();
    error.to_string().contains("TLS").then_some(detail)
}

/// The one line every failure is; the URL redacted and the password scrubbed from the reason.
fn error_line(url: &str, reason: &str) -> ReadError {
    let shown = redact_url(url);
    // Belt and braces: never let a password through, whatever the driver said.
    let reason = scrub(reason, url).replace('\n', " ");
    let mut diagnostics = Diagnostics::new();
    diagnostics
        .push(Diagnostic::error(format!("cannot read PostgreSQL database `{shown}`: {reason}")).with_object(shown));
    ReadError::Invalid(diagnostics)
}

/// Remove the URL's password from `text`, if it has one.
pub(crate) fn scrub(text: &str, url: &str) -> String {
    let password = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split('/').next())
        .and_then(|authority| authority.rsplit_once('@'))
        .and_then(|(credentials, _)| credentials.split_once(':'))
        .map(|(_, password)| password)
        .filter(|p| !p.is_empty());
    match password {
        Some(password) => text.replace(password, "***"),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_never_survive_redaction() {
        assert_eq!(redact_url("postgres://app:s3cret@db:5432/app"), "postgres://app:***@db:5432/app");
        assert_eq!(
            redact_url("postgres://app@db/app?password=x&sslmode=disable"),
            "postgres://app@db/app?password=***&sslmode=disable"
        );
        assert!(!redact_url("postgres://u:p%40ss@h/db").contains("p%40ss"));
    }
}

//! Reading a live MySQL or MariaDB database into the neutral model.
//!
//! Eight small bulk queries (the server's version; `information_schema` tables, columns, index
//! columns, foreign-key columns, checks, views, and which `STATISTICS` columns exist; not several
//! per table) run inside one
//! `START TRANSACTION READ ONLY`. The rows are written back out as MySQL DDL and read by
//! codegen-core's SQL reader, so types, inline enums and defaults lower exactly as they do when the
//! same schema is read from a `.sql` file.
//!
//! TLS goes through rustls. `ssl-mode` in the URL's query (as the `mysql` client spells it) picks
//! it: `DISABLED`, `PREFERRED` (the default: TLS when the server offers it), `REQUIRED` (encrypted,
//! certificate not checked), `VERIFY_CA` and `VERIFY_IDENTITY` (checked against the webpki roots).

mod catalog;
mod ddl;
mod objects;

use std::path::Path;
use std::time::Duration;

use codegen_core::read::sql::read_sql_str;
use codegen_core::read::{Loaded, ReadError};
use codegen_core::{Diagnostic, Diagnostics, Dialect};
use mysql::{DriverError, Opts, OptsBuilder, SslOpts};

use crate::postgres::{redact_url, scrub};

/// How a connection uses TLS, from the URL's `ssl-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disabled,
    Preferred,
    Required,
    VerifyCa,
    VerifyIdentity,
}

/// Read the database at `url` (`mysql://user:password@host:port/database`, or `mariadb://`).
pub fn read_mysql(url: &str) -> Result<Loaded, ReadError> {
    let catalog = connect_and_read(url).map_err(|reason| connection_error(url, &reason))?;
    let script = ddl::render_ddl(&catalog);
    let file = format!("{} (information_schema)", redact_url(url));
    let mut loaded = read_sql_str(&script, Path::new(&file), Dialect::Mysql)?;
    for table in
        catalog.tables.iter().filter(|t| !matches!(t.kind.as_str(), "BASE TABLE" | "SYSTEM VERSIONED" | "VIEW"))
    {
        loaded.diagnostics.push(
            Diagnostic::note(format!(
                "skipped {} `{}`: the model has no place for it",
                table.kind.to_lowercase(),
                table.name
            ))
            .with_object(table.name.clone()),
        );
    }
    for object in &catalog.hidden_objects {
        loaded.diagnostics.push(Diagnostic::warning(object.clone()).with_object(object.clone()));
    }
    Ok(loaded)
}

/// Whether `url` names a MySQL or MariaDB database.
pub fn is_mysql_url(url: &str) -> bool {
    matches!(crate::DatabaseUrl::parse(url), Ok(crate::DatabaseUrl::Mysql(_)))
}

fn connect_and_read(url: &str) -> Result<catalog::Catalog, String> {
    let (opts, mode) = options(url)?;
    let attempt = |ssl: Option<SslOpts>| {
        let opts = OptsBuilder::from_opts(opts.clone()).ssl_opts(ssl);
        catalog::read_catalog(Opts::from(opts))
    };
    let result = match mode {
        SslMode::Disabled => attempt(None),
        SslMode::Required => attempt(Some(unverified())),
        SslMode::VerifyCa => attempt(Some(SslOpts::default().with_danger_skip_domain_validation(true))),
        SslMode::VerifyIdentity => attempt(Some(SslOpts::default())),
        // TLS when the server offers it, as the `mysql` client does by default.
        SslMode::Preferred => match attempt(Some(unverified())) {
            Err(mysql::Error::DriverError(DriverError::TlsNotSupported)) => attempt(None),
            other => other,
        },
    };
    let catalog = result.map_err(|error| describe(&error, mode))?;
    if catalog.hidden_constraints() {
        return Err("missing privileges: the server hides foreign-key rules and checks from a user with only \
                    SELECT; grant SHOW VIEW (read-only) on the database too"
            .to_string());
    }
    Ok(catalog)
}

impl SslMode {
    /// The spelling of the `mysql` client's `--ssl-mode`.
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disabled => "DISABLED",
            SslMode::Preferred => "PREFERRED",
            SslMode::Required => "REQUIRED",
            SslMode::VerifyCa => "VERIFY_CA",
            SslMode::VerifyIdentity => "VERIFY_IDENTITY",
        }
    }
}

fn unverified() -> SslOpts {
    SslOpts::default().with_danger_accept_invalid_certs(true).with_danger_skip_domain_validation(true)
}

/// The driver's options from the URL: `mariadb://` read as `mysql://`, `ssl-mode` taken out.
fn options(url: &str) -> Result<(Opts, SslMode), String> {
    let url = match crate::DatabaseUrl::parse(url) {
        Ok(crate::DatabaseUrl::Mysql(url)) => url,
        _ => url.to_string(),
    };
    let (base, query) = url.split_once('?').map_or((url.as_str(), ""), |(b, q)| (b, q));
    let mut mode = SslMode::Preferred;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if matches!(key, "ssl-mode" | "ssl_mode" | "sslmode") {
            mode = match value.to_ascii_uppercase().replace('-', "_").as_str() {
                "DISABLED" | "DISABLE" => SslMode::Disabled,
                "PREFERRED" | "PREFER" => SslMode::Preferred,
                "REQUIRED" | "REQUIRE" => SslMode::Required,
                "VERIFY_CA" => SslMode::VerifyCa,
                "VERIFY_IDENTITY" | "VERIFY_FULL" => SslMode::VerifyIdentity,
                other => {
                    return Err(format!(
                        "unknown ssl-mode `{other}` (expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY)"
                    ));
                }
            };
        } else {
            kept.push(pair);
        }
    }
    let url = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    let opts = Opts::from_url(&url).map_err(|e| format!("invalid URL: {e}"))?;
    // Over loopback the driver would otherwise reconnect through the server's socket, as another user.
    let opts = OptsBuilder::from_opts(opts).prefer_socket(false).tcp_connect_timeout(Some(Duration::from_secs(10)));
    Ok((Opts::from(opts), mode))
}

fn describe(error: &mysql::Error, mode: SslMode) -> String {
    match error {
        mysql::Error::MySqlError(e) => match e.code {
            1045 | 1698 => format!("authentication failed: {}", e.message),
            1049 => format!("unknown database: {}", e.message),
            1044 | 1142 | 1143 | 1227 | 1370 => format!("missing privileges: {}", e.message),
            _ => format!("{} (error {})", e.message, e.code),
        },
        mysql::Error::DriverError(DriverError::TlsNotSupported) => {
            format!("the server does not offer TLS, which ssl-mode={} requires", mode.as_str())
        }
        mysql::Error::DriverError(DriverError::CouldNotConnect(detail)) => match detail {
            Some((_, description, _)) => {
                format!("cannot connect to the server (is it running and reachable?): {description}")
            }
            None => "cannot connect to the server (is it running and reachable?)".to_string(),
        },
        mysql::Error::IoError(e) => format!("cannot connect to the server (is it running and reachable?): {e}"),
        mysql::Error::TlsError(e) => format!("TLS failed: {e}"),
        other => other.to_string(),
    }
}

/// One clear line; the URL is shown redacted and the password scrubbed from whatever the driver said.
fn connection_error(url: &str, reason: &str) -> ReadError {
    let shown = redact_url(url);
    let reason = scrub(reason, url).replace('\n', " ");
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(Diagnostic::error(format!("cannot read MySQL database `{shown}`: {reason}")).with_object(shown));
    ReadError::Invalid(diagnostics)
}

/// A connection to the MySQL or MariaDB database at `url`, with the same TLS handling
/// (`ssl-mode`) as [`read_mysql`], for work that writes (seed loading). Errors are one line with
/// the URL redacted.
pub fn connect_mysql(url: &str) -> Result<mysql::Conn, String> {
    let (opts, mode) = options(url).map_err(|reason| format!("{}: {reason}", redact_url(url)))?;
    let attempt = |ssl: Option<SslOpts>| mysql::Conn::new(OptsBuilder::from_opts(opts.clone()).ssl_opts(ssl));
    let result = match mode {
        SslMode::Disabled => attempt(None),
        SslMode::Required => attempt(Some(unverified())),
        SslMode::VerifyCa => attempt(Some(SslOpts::default().with_danger_skip_domain_validation(true))),
        SslMode::VerifyIdentity => attempt(Some(SslOpts::default())),
        SslMode::Preferred => match attempt(Some(unverified())) {
            Err(mysql::Error::DriverError(DriverError::TlsNotSupported)) => attempt(None),
            other => other,
        },
    };
    result.map_err(|e| {
        format!("cannot connect to {}: {}", redact_url(url), scrub(&describe(&e, mode), url).replace('\n', " "))
    })
}

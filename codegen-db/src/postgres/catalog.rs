//! The bulk catalog queries: one per kind of object, for the whole database.

use postgres::Client;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::objects::{ObjectRows, read_objects};
use crate::tls::{Verification, client_config};

/// Everything read from the catalog, each list in creation order (oid, then attnum).
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub namespaces: Vec<String>,
    pub enums: Vec<EnumRow>,
    pub tables: Vec<TableRow>,
    pub columns: Vec<ColumnRow>,
    pub constraints: Vec<ConstraintRow>,
    /// CHECK constraints of domains, applied to each column of the domain.
    pub domain_checks: Vec<DomainCheckRow>,
    pub indexes: Vec<IndexRow>,
    pub views: Vec<ViewRow>,
    /// Extensions, sequences, routines, aggregates, triggers, rules and policies.
    pub objects: ObjectRows,
}

#[derive(Debug)]
pub(crate) struct ViewRow {
    pub schema: String,
    pub name: String,
    /// `pg_get_viewdef(oid, true)`, without its final semicolon.
    pub definition: String,
    pub materialized: bool,
    pub comment: Option<String>,
    /// `WITH (security_invoker = true)` (PostgreSQL 15).
    pub security_invoker: bool,
}

#[derive(Debug)]
pub(crate) struct EnumRow {
    pub schema: String,
    pub name: String,
    pub values: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Debug)]
pub(crate) struct TableRow {
    pub oid: u32,
    pub schema: String,
    pub name: String,
    pub comment: Option<String>,
    /// `ALTER TABLE ... ENABLE ROW LEVEL SECURITY` and `FORCE ROW LEVEL SECURITY`.
    pub row_security: bool,
    pub force_row_security: bool,
}

#[derive(Debug)]
pub(crate) struct ColumnRow {
    pub table: u32,
    pub name: String,
    /// `format_type(atttypid, atttypmod)`.
    pub ty: String,
    pub not_null: bool,
    /// `pg_get_expr(adbin, adrelid)`.
    pub default: Option<String>,
    /// `attidentity`: `a` always, `d` by default, empty otherwise.
    pub identity: String,
    /// `attgenerated`: `s` stored, empty otherwise.
    pub generated: String,
    pub comment: Option<String>,
    /// The domain the column is declared with (`ty`, `not_null` and `default` are then resolved
    /// through it to its base type), as `schema.name` and its oid.
    pub domain: Option<(String, u32)>,
    /// The domain and, for a domain over a domain, each one below it, outermost first: all their
    /// checks hold for the column.
    pub domain_chain: Vec<u32>,
}

#[derive(Debug)]
pub(crate) struct DomainCheckRow {
    pub domain: u32,
    pub name: String,
    /// `pg_get_constraintdef(oid)`: `CHECK ((VALUE > 0))`.
    pub definition: String,
}

#[derive(Debug)]
pub(crate) struct ConstraintRow {
    pub table: u32,
    pub name: String,
    /// `pg_get_constraintdef(oid)`.
    pub definition: String,
    pub comment: Option<String>,
}

#[derive(Debug)]
pub(crate) struct IndexRow {
    /// `pg_get_indexdef(indexrelid)`.
    pub definition: String,
}

/// Namespaces this reader never reports.
const SYSTEM: &str =
    "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_%'";

/// How the connection uses TLS, from the URL's `sslmode` (libpq's names; `prefer` by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyFull,
}

impl SslMode {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// The driver's configuration from the URL. The driver knows `disable`, `prefer` and `require`;
/// `allow` is read as `prefer`, and `verify-ca`/`verify-full` as `require` with a checked certificate.
pub(crate) fn config(url: &str) -> Result<(postgres::Config, SslMode), String> {
    let (base, query) = url.split_once('?').map_or((url, ""), |(b, q)| (b, q));
    let mut mode = SslMode::Prefer;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", value)) => {
                mode = match value {
                    "disable" => SslMode::Disable,
                    "allow" | "prefer" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" | "verify-full" => SslMode::VerifyFull,
                    other => {
                        return Err(format!(
                            "unknown sslmode `{other}` (expected disable, allow, prefer, require, verify-ca or verify-full)"
                        ));
                    }
                }
            }
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    let mut config: postgres::Config = url.parse().map_err(|e: postgres::Error| format!("invalid URL: {e}"))?;
    config.ssl_mode(match mode {
        SslMode::Disable => postgres::config::SslMode::Disable,
        SslMode::Prefer => postgres::config::SslMode::Prefer,
        SslMode::Require | SslMode::VerifyFull => postgres::config::SslMode::Require,
    });
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(std::time::Duration::from_secs(10));
    }
    Ok((config, mode))
}

pub(crate) fn connect(config: &postgres::Config, mode: SslMode) -> Result<Client, postgres::Error> {
    let verification = if mode == SslMode::VerifyFull { Verification::Full } else { Verification::None };
    // Building a rustls configuration from the built-in provider and roots cannot fail.
    let tls = client_config(verification).expect("ring supports the default protocol versions");
    config.connect(MakeRustlsConnect::new(tls))
}

pub(crate) fn read_catalog(mut client: Client, schemas: &[String]) -> Result<Catalog, postgres::Error> {
    // Introspection never writes: the whole read happens in a read-only transaction.
    let mut tx = client.build_transaction().read_only(true).start()?;
    let filter = format!("{SYSTEM} AND (cardinality($1::text[]) = 0 OR n.nspname = ANY($1::text[]))");
    let schemas: Vec<String> = schemas.to_vec();
    let mut catalog = Catalog::default();

    for row in tx.query(&format!("SELECT n.nspname FROM pg_namespace n WHERE {filter} ORDER BY n.oid"), &[&schemas])? {
        catalog.namespaces.push(row.get(0));
    }

    let enums = format!(
        "SELECT n.nspname, t.typname, \
           array_agg(e.enumlabel::text ORDER BY e.enumsortorder), obj_description(t.oid, 'pg_type') \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid \
         WHERE {filter} GROUP BY t.oid, n.nspname, t.typname ORDER BY t.oid"
    );
    for row in tx.query(&enums, &[&schemas])? {
        catalog.enums.push(EnumRow { schema: row.get(0), name: row.get(1), values: row.get(2), comment: row.get(3) });
    }

    // Ordinary and partitioned tables; a partition is read through its parent only.
    let tables = format!(
        "SELECT c.oid, n.nspname, c.relname, obj_description(c.oid, 'pg_class'), c.relrowsecurity, \
           c.relforcerowsecurity \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND {filter} ORDER BY c.oid"
    );
    for row in tx.query(&tables, &[&schemas])? {
        catalog.tables.push(TableRow {
            oid: row.get(0),
            schema: row.get(1),
            name: row.get(2),
            comment: row.get(3),
            row_security: row.get(4),
            force_row_security: row.get(5),
        });
    }

    // A column of a domain is read as the domain's base type, with the domain's NOT NULL and
    // default (its checks come below).
    let columns = format!(
        "SELECT a.attrelid, a.attname, \
           CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) \
             ELSE format_type(a.atttypid, a.atttypmod) END, \
           a.attnotnull OR (t.typtype = 'd' AND t.typnotnull), \
           COALESCE(pg_get_expr(d.adbin, d.adrelid), CASE WHEN t.typtype = 'd' THEN t.typdefault END), \
           a.attidentity::text, a.attgenerated::text, col_description(a.attrelid, a.attnum), \
           CASE WHEN t.typtype = 'd' THEN format('%s.%s', tn.nspname, t.typname) END, \
           CASE WHEN t.typtype = 'd' THEN t.oid END \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
           JOIN pg_namespace n ON n.oid = c.relnamespace \
           JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace \
           LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped \
           AND {filter} ORDER BY a.attrelid, a.attnum"
    );
    for row in tx.query(&columns, &[&schemas])? {
        catalog.columns.push(ColumnRow {
            table: row.get(0),
            name: row.get(1),
            ty: row.get(2),
            not_null: row.get(3),
            default: row.get(4),
            identity: row.get(5),
            generated: row.get(6),
            comment: row.get(7),
            domain: row.get::<_, Option<String>>(8).zip(row.get::<_, Option<u32>>(9)),
            domain_chain: Vec::new(),
        });
    }

    // A domain over a domain: the query above resolved one level; go down to the base type.
    let domains = "SELECT t.oid, t.typbasetype, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault \
                   FROM pg_type t WHERE t.typtype = 'd'";
    let mut below: std::collections::BTreeMap<u32, (u32, String, bool, Option<String>)> = Default::default();
    for row in tx.query(domains, &[])? {
        below.insert(row.get(0), (row.get(1), row.get(2), row.get(3), row.get(4)));
    }
    for column in &mut catalog.columns {
        let Some((_, outer)) = &column.domain else { continue };
        column.domain_chain.push(*outer);
        let mut base = below.get(outer).map(|d| d.0);
        // The chain is finite (PostgreSQL forbids cycles); the bound only guards against surprises.
        while let Some((oid, (next, ty, not_null, default))) = base.and_then(|b| below.get_key_value(&b)) {
            if column.domain_chain.len() > 32 {
                break;
            }
            column.domain_chain.push(*oid);
            column.ty = ty.clone();
            column.not_null |= not_null;
            if column.default.is_none() {
                column.default = default.clone();
            }
            base = Some(*next);
        }
    }

    let domain_checks = "SELECT k.contypid, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k \
                         WHERE k.contypid <> 0 AND k.contype = 'c' ORDER BY k.contypid, k.oid";
    for row in tx.query(domain_checks, &[])? {
        catalog.domain_checks.push(DomainCheckRow { domain: row.get(0), name: row.get(1), definition: row.get(2) });
    }

    let constraints = format!(
        "SELECT k.conrelid, k.conname, pg_get_constraintdef(k.oid), obj_description(k.oid, 'pg_constraint') \
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid \
           JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE k.contype IN ('p', 'u', 'f', 'c') AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
           AND {filter} ORDER BY k.conrelid, k.contype <> 'p', k.oid"
    );
    for row in tx.query(&constraints, &[&schemas])? {
        catalog.constraints.push(ConstraintRow {
            table: row.get(0),
            name: row.get(1),
            definition: row.get(2),
            comment: row.get(3),
        });
    }

    // Indexes that back a primary key, unique or exclusion constraint are that constraint.
    let indexes = format!(
        "SELECT pg_get_indexdef(i.indexrelid) \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND {filter} \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')) \
         ORDER BY i.indrelid, i.indexrelid"
    );
    for row in tx.query(&indexes, &[&schemas])? {
        catalog.indexes.push(IndexRow { definition: row.get(0) });
    }

    let views = format!(
        "SELECT n.nspname, c.relname, pg_get_viewdef(c.oid, true), c.relkind = 'm', obj_description(c.oid, 'pg_class'), \
           coalesce(array_to_string(c.reloptions, ',') ~* 'security_invoker=(true|on|yes|1)', false) \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('v', 'm') AND {filter} ORDER BY c.oid"
    );
    for row in tx.query(&views, &[&schemas])? {
        let definition: String = row.get(2);
        catalog.views.push(ViewRow {
            schema: row.get(0),
            name: row.get(1),
            definition: definition.trim().trim_end_matches(';').to_string(),
            materialized: row.get(3),
            comment: row.get(4),
            security_invoker: row.get(5),
        });
    }

    catalog.objects = read_objects(&mut tx, &filter, &schemas)?;

    tx.commit()?;
    Ok(catalog)
}

//! Filling a scratch database with rows at given volumes, behind one small boundary
//! ([`ScratchFill`]) so that the proofs do not care who makes the rows.
//!
//! INTERIM: [`InterimFill`] is a stand-in until `codegen seed` (issue 15, crate codegen-seed)
//! lands; then the prover fills through it instead. It generates rows in the database itself
//! (`INSERT ... SELECT` over a number series), deterministically: integer keys count up, foreign
//! keys spread over the referenced keys, composite unique keys take mixed-radix digits of the
//! row number so they never repeat, enums are skewed (the first value most common), nullable
//! soft-delete timestamps are mostly NULL. It satisfies keys, uniques, foreign keys and the
//! usual checks (ranges from 0, later timestamps in later columns), not arbitrary CHECKs.

use std::collections::{BTreeMap, BTreeSet};

use codegen_core::{ColumnDefault, ColumnType, Dialect, IntWidth, QualifiedName, Schema, Table};

use super::conn::Conn;

/// A scratch database to fill: its dialect and how to reach it.
#[derive(Debug, Clone)]
pub struct ScratchDatabase {
    pub dialect: Dialect,
    /// A `postgres://` or `mysql://` URL, or a SQLite file path.
    pub url: String,
}

/// Fills a scratch database (which already holds the schema's tables, empty) with `volumes`
/// rows per table.
pub trait ScratchFill {
    /// What fills it, for the report (`interim fill`, `codegen seed`).
    fn describe(&self) -> String;

    fn fill(
        &self,
        target: &ScratchDatabase,
        schema: &Schema,
        volumes: &BTreeMap<QualifiedName, u64>,
    ) -> Result<(), String>;
}

/// The interim fill (see the module documentation).
#[derive(Debug, Clone, Copy, Default)]
pub struct InterimFill;

impl ScratchFill for InterimFill {
    fn describe(&self) -> String {
        "interim built-in fill (until codegen seed lands)".into()
    }

    fn fill(
        &self,
        target: &ScratchDatabase,
        schema: &Schema,
        volumes: &BTreeMap<QualifiedName, u64>,
    ) -> Result<(), String> {
        let mut conn = Conn::open(&target.url)?;
        if target.dialect == Dialect::Sqlite {
            conn.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")?;
        }
        let series = match target.dialect {
            Dialect::Mysql if conn.value("SELECT VERSION()")?.is_some_and(|v| v.contains("MariaDB")) => Series::MariaDb,
            _ => Series::Generic,
        };
        for table in fill_order(schema) {
            let rows = volumes.get(&table.name).copied().unwrap_or(0);
            if rows == 0 {
                continue;
            }
            let sql = insert_sql(schema, table, rows, volumes, target.dialect, series);
            conn.execute(&sql).map_err(|e| format!("interim fill of `{}`: {e}", table.name))?;
        }
        Ok(())
    }
}

/// Tables with the tables they reference first (self-references and cycles aside).
fn fill_order(schema: &Schema) -> Vec<&Table> {
    let mut done: BTreeSet<&QualifiedName> = BTreeSet::new();
    let mut order = Vec::new();
    while order.len() < schema.tables.len() {
        let before = order.len();
        for table in &schema.tables {
            if done.contains(&table.name) {
                continue;
            }
            let ready = table.foreign_keys.iter().all(|fk| {
                fk.referenced_table == table.name
                    || done.contains(&fk.referenced_table)
                    || schema.table(&fk.referenced_table).is_none()
            });
            if ready {
                done.insert(&table.name);
                order.push(table);
            }
        }
        if order.len() == before {
            // A cycle: take the rest as they come (their keys to later tables are left NULL).
            for table in &schema.tables {
                if done.insert(&table.name) {
                    order.push(table);
                }
            }
        }
    }
    order
}

/// `INSERT INTO t (...) SELECT ... FROM <1..rows>`.
/// Where the row numbers come from on MySQL-family servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Series {
    MariaDb,
    Generic,
}

/// `a / b` in whole numbers (MySQL's `/` gives decimals).
fn integer_division(a: &str, b: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Mysql => format!("({a} DIV {b})"),
        _ => format!("({a} / {b})"),
    }
}

fn insert_sql(
    schema: &Schema,
    table: &Table,
    rows: u64,
    volumes: &BTreeMap<QualifiedName, u64>,
    dialect: Dialect,
    series: Series,
) -> String {
    let q = |name: &str| codegen_sql::quote_ident(name, dialect);
    // Composite unique keys: the first column cycles through its values, each later one takes the
    // row number's next mixed-radix digit, shifted by the first column's value so that every value
    // of every column is used (and no pair repeats while rows fit in the product of the spans).
    let mut digits: BTreeMap<&str, (u64, u64, bool)> = BTreeMap::new();
    for columns in table
        .primary_key
        .iter()
        .map(|pk| pk.columns.clone())
        .chain(table.uniques.iter().map(|u| u.columns.clone()))
        .chain(
            table
                .indexes
                .iter()
                .filter(|i| i.unique)
                .filter_map(|i| i.column_names().map(|c| c.iter().map(|s| s.to_string()).collect())),
        )
        .filter(|c: &Vec<String>| c.len() > 1)
    {
        let mut radix = 1u64;
        for (i, column) in columns.iter().enumerate() {
            let span = referenced_rows(table, column, volumes).unwrap_or(rows.max(1)).max(1);
            if let Some(c) = table.columns.iter().find(|c| &c.name == column) {
                digits.entry(c.name.as_str()).or_insert((radix, span, i > 0));
            }
            radix = radix.saturating_mul(span);
        }
    }
    let mut columns = Vec::new();
    let mut values = Vec::new();
    let earlier_timestamps = std::cell::Cell::new(0u32);
    for (position, column) in table.columns.iter().enumerate() {
        if column.generated.is_some() {
            continue;
        }
        let salt = position as u64 + 1;
        let h = format!("(((n * 2654435761) + {}) % 4294967291)", salt * 40503);
        // Floating point, not numeric: the fill is arithmetic-bound.
        let u = match dialect {
            Dialect::Postgres => format!("(CAST({h} AS DOUBLE PRECISION) / 4294967291)"),
            _ => format!("({h} / 4294967291.0)"),
        };
        let value = if let Some((radix, span, shifted)) = digits.get(column.name.as_str()) {
            let quotient = integer_division("(n - 1)", &radix.to_string(), dialect);
            let digit = if *shifted {
                format!("(({quotient} + ((n - 1) % {radix}) * 7919) % {span})")
            } else {
                format!("({quotient} % {span})")
            };
            match referenced_rows(table, &column.name, volumes) {
                Some(_) => format!("(1 + {digit})"),
                None => key_value(&column.ty, &digit, &column.name, dialect),
            }
        } else if table.is_primary_key_column(&column.name) || is_single_unique(table, &column.name) {
            key_value(&column.ty, "n", &column.name, dialect)
        } else if let Some(parent_rows) = referenced_rows(table, &column.name, volumes) {
            if parent_rows == 0 || self_reference(table, &column.name) {
                "NULL".to_string()
            } else {
                format!("(1 + {h} % {parent_rows})")
            }
        } else {
            let plain = plain_value(schema, column, &h, &u, dialect, &earlier_timestamps);
            let null_share = if !column.nullable {
                0.0
            } else if column.name.ends_with("deleted_at") || column.name.ends_with("archived_at") {
                0.95
            } else if matches!(column.default, Some(ColumnDefault::AutoIncrement { .. })) {
                0.0
            } else {
                0.1
            };
            if null_share > 0.0 && plain != "NULL" {
                let v = format!("((((n * 40503) + {salt}) % 1000) / 1000.0)");
                format!("CASE WHEN {v} < {null_share} THEN NULL ELSE {plain} END")
            } else {
                plain
            }
        };
        columns.push(q(&column.name));
        values.push(value);
    }
    let series_sql = match dialect {
        Dialect::Postgres => format!("generate_series(1::bigint, {rows}) AS g(n)"),
        Dialect::Sqlite => format!(
            "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {rows}) SELECT n FROM s) AS g"
        ),
        // MariaDB's sequence engine is a table of 1..N.
        Dialect::Mysql if series == Series::MariaDb => format!("(SELECT seq AS n FROM seq_1_to_{rows}) AS g"),
        Dialect::Mysql => {
            // Digits crossed: portable to MySQL without a sequence engine.
            let places = (1..=19u32).find(|p| 10u64.pow(*p) >= rows).unwrap_or(19);
            let digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 \
                          UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
            let from: Vec<String> = (0..places).map(|p| format!("{digits} AS d{p}")).collect();
            let number: Vec<String> = (0..places).map(|p| format!("d{p}.d * {}", 10u64.pow(p))).collect();
            format!(
                "(SELECT 1 + {} AS n FROM {}) AS g WHERE n <= {rows}",
                number.join(" + "),
                from.join(" CROSS JOIN ")
            )
        }
    };
    // Explicit values for `GENERATED ALWAYS AS IDENTITY` columns need PostgreSQL's leave.
    let overriding = if dialect == Dialect::Postgres
        && table.columns.iter().any(|c| {
            matches!(
                c.default,
                Some(ColumnDefault::AutoIncrement { strategy: codegen_core::AutoIncrement::IdentityAlways })
            )
        }) {
        " OVERRIDING SYSTEM VALUE"
    } else {
        ""
    };
    format!(
        "INSERT INTO {} ({}){overriding} SELECT {} FROM {series_sql}",
        codegen_sql::quote_name(&table.name, dialect),
        columns.join(", "),
        values.join(", ")
    )
}

fn self_reference(table: &Table, column: &str) -> bool {
    table.foreign_keys.iter().any(|fk| fk.referenced_table == table.name && fk.columns.iter().any(|c| c == column))
}

fn is_single_unique(table: &Table, column: &str) -> bool {
    codegen_advise::stats::is_unique_column(table, column)
}

/// Rows of the table a single-column foreign key on `column` references.
fn referenced_rows(table: &Table, column: &str, volumes: &BTreeMap<QualifiedName, u64>) -> Option<u64> {
    table
        .foreign_keys
        .iter()
        .find(|fk| fk.columns.len() == 1 && fk.columns[0] == column)
        .map(|fk| volumes.get(&fk.referenced_table).copied().unwrap_or(0))
}

/// A value that differs for every distinct `n`.
fn key_value(ty: &ColumnType, n: &str, name: &str, dialect: Dialect) -> String {
    match ty {
        ColumnType::Integer { .. } | ColumnType::Decimal { .. } | ColumnType::Real | ColumnType::Double => {
            n.to_string()
        }
        ColumnType::Uuid if dialect == Dialect::Postgres => format!("md5(({n})::text)::uuid"),
        // Short keys are the number alone, so that truncation never makes two equal.
        ColumnType::Varchar { length: Some(len), .. } | ColumnType::Char { length: Some(len), .. } if *len < 24 => {
            cast_text(n, dialect)
        }
        ColumnType::Varchar { length: Some(len), .. } | ColumnType::Char { length: Some(len), .. } => {
            let text = concat(&[&format!("'{}-'", short(name)), &cast_text(n, dialect)], dialect);
            format!("substr({text}, 1, {len})")
        }
        _ => concat(&[&format!("'{}-'", short(name)), &cast_text(n, dialect)], dialect),
    }
}

fn short(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric()).take(12).collect()
}

fn cast_text(expr: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Postgres => format!("({expr})::text"),
        Dialect::Mysql => format!("CAST({expr} AS CHAR)"),
        Dialect::Sqlite => format!("CAST({expr} AS TEXT)"),
    }
}

fn concat(parts: &[&str], dialect: Dialect) -> String {
    match dialect {
        Dialect::Mysql => format!("CONCAT({})", parts.join(", ")),
        _ => format!("({})", parts.join(" || ")),
    }
}

/// A value of an ordinary column: spread over a range the usual checks accept.
fn plain_value(
    schema: &Schema,
    column: &codegen_core::Column,
    h: &str,
    u: &str,
    dialect: Dialect,
    earlier_timestamps: &std::cell::Cell<u32>,
) -> String {
    let ts = |days: u32| match dialect {
        Dialect::Postgres => {
            format!("(TIMESTAMP '2020-01-01 00:00:00' + (n * INTERVAL '1 minute') + INTERVAL '{days} days')")
        }
        Dialect::Mysql => format!("(TIMESTAMP '2020-01-01 00:00:00' + INTERVAL n MINUTE + INTERVAL {days} DAY)"),
        Dialect::Sqlite => format!("datetime('2020-01-01 00:00:00', '+' || n || ' minutes', '+{days} days')"),
    };
    match &column.ty {
        ColumnType::Integer { width: IntWidth::Tiny, .. } | ColumnType::Bool if dialect == Dialect::Mysql => {
            format!("({h} % 2)")
        }
        ColumnType::Bool => format!("({u} < 0.3)"),
        ColumnType::Integer { width: IntWidth::Tiny | IntWidth::Small, .. } => format!("({h} % 100)"),
        ColumnType::Integer { .. } => format!("(1 + {h} % 1000)"),
        ColumnType::Decimal { .. } | ColumnType::Real | ColumnType::Double => format!("(({h} % 10000) / 10000.0)"),
        ColumnType::Enum { name } => {
            let values = schema.enum_type(name).map(|e| e.values.clone()).unwrap_or_default();
            if values.is_empty() {
                return "NULL".into();
            }
            // Skewed: the first value most common (a cube of a uniform draw).
            let cube = format!("{} * {u} * {u} * {u}", values.len());
            let index = match dialect {
                Dialect::Postgres => format!("CAST(FLOOR({cube}) AS INTEGER)"),
                Dialect::Mysql => format!("CAST(FLOOR({cube}) AS SIGNED)"),
                // SQLite truncates towards zero (and may lack FLOOR).
                Dialect::Sqlite => format!("CAST({cube} AS INTEGER)"),
            };
            let mut case = format!("CASE {index}");
            for (i, v) in values.iter().enumerate() {
                case.push_str(&format!(" WHEN {i} THEN '{}'", v.replace('\'', "''")));
            }
            case.push_str(" END");
            match dialect {
                Dialect::Postgres => format!("({case})::{}", codegen_sql::quote_name(name, dialect)),
                _ => case,
            }
        }
        ColumnType::Timestamp { .. } | ColumnType::TimestampTz { .. } => {
            // Later columns hold later times (ended_at after started_at).
            let days = earlier_timestamps.get();
            earlier_timestamps.set(days + 1);
            ts(days)
        }
        ColumnType::Date => match dialect {
            Dialect::Postgres => format!("(DATE '2020-01-01' + ({h} % 3650)::int)"),
            Dialect::Mysql => format!("(DATE '2020-01-01' + INTERVAL ({h} % 3650) DAY)"),
            Dialect::Sqlite => format!("date('2020-01-01', '+' || ({h} % 3650) || ' days')"),
        },
        ColumnType::Json if dialect == Dialect::Postgres => "'{}'::json".into(),
        ColumnType::Jsonb if dialect == Dialect::Postgres => "'{}'::jsonb".into(),
        ColumnType::Json | ColumnType::Jsonb => "'{}'".into(),
        ColumnType::Uuid if dialect == Dialect::Postgres => format!("md5(({h})::text)::uuid"),
        ColumnType::Text { .. } | ColumnType::Varchar { .. } | ColumnType::Char { .. } | ColumnType::Uuid => {
            let text = concat(
                &[&format!("'{}-'", short(&column.name)), &cast_text(&format!("{h} % 1000003"), dialect)],
                dialect,
            );
            match &column.ty {
                ColumnType::Varchar { length: Some(len), .. } | ColumnType::Char { length: Some(len), .. } => {
                    format!("substr({text}, 1, {len})")
                }
                _ => text,
            }
        }
        _ if column.nullable => "NULL".into(),
        ColumnType::Bytes { .. } if dialect == Dialect::Postgres => "'\\x00'::bytea".into(),
        ColumnType::Bytes { .. } => "''".into(),
        _ => "'0'".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_before_children() {
        let schema = codegen_core::read::sql::read_sql_str(
            "CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id));\nCREATE TABLE p (id int PRIMARY KEY);",
            std::path::Path::new("s.sql"),
            Dialect::Postgres,
        )
        .unwrap()
        .schema;
        let order: Vec<&str> = fill_order(&schema).iter().map(|t| t.name.name.as_str()).collect();
        assert_eq!(order, ["p", "c"]);
    }

    #[test]
    fn the_interim_fill_satisfies_keys_and_uniques_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scratch.db");
        let schema = codegen_core::read::sql::read_sql_str(
            "CREATE TABLE p (id integer PRIMARY KEY, name varchar(20) NOT NULL UNIQUE);\n\
             CREATE TABLE u (id integer PRIMARY KEY);\n\
             CREATE TABLE m (id integer PRIMARY KEY, p_id integer NOT NULL REFERENCES p (id), u_id integer NOT NULL REFERENCES u (id), \
             score smallint CHECK (score BETWEEN 0 AND 100), at timestamp, UNIQUE (u_id, p_id));",
            std::path::Path::new("s.sql"),
            Dialect::Sqlite,
        )
        .unwrap()
        .schema;
        let (ddl, _) = codegen_sql::render_schema(&schema, Dialect::Sqlite).unwrap();
        let mut conn = Conn::open(path.to_str().unwrap()).unwrap();
        conn.execute(&ddl).unwrap();
        conn.execute("PRAGMA foreign_keys = ON").unwrap();
        let volumes: BTreeMap<QualifiedName, u64> =
            [("p", 30), ("u", 40), ("m", 1000)].into_iter().map(|(t, n)| (QualifiedName::new(t), n)).collect();
        let target = ScratchDatabase { dialect: Dialect::Sqlite, url: path.to_str().unwrap().to_string() };
        InterimFill.fill(&target, &schema, &volumes).unwrap();
        let count = conn.value("SELECT count(*) FROM m").unwrap();
        assert_eq!(count.as_deref(), Some("1000"));
        let orphans = conn.value("SELECT count(*) FROM m WHERE p_id NOT IN (SELECT id FROM p)").unwrap();
        assert_eq!(orphans.as_deref(), Some("0"));
    }
}

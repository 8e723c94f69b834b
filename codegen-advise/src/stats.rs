//! What the advice knows about the data: rows per table, write rates, column statistics and
//! index usage. Each fact comes from flags, codegen.toml, the workload's directives or a live
//! database's statistics; where none is known the estimator falls back on PostgreSQL's own
//! defaults and says the figure is assumed.

use std::collections::BTreeMap;

use codegen_core::{ColumnType, QualifiedName, Schema, Table};

use crate::shape::{Key, Op, Operand, Predicate};
use crate::tables::Tables;

/// Rows assumed for a table whose volume nobody gave.
pub const DEFAULT_ROWS: u64 = 10_000;

/// Where a table's row count came from, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VolumeSource {
    /// `--volumes`.
    Flag,
    /// `[advise.volumes]` in codegen.toml.
    Config,
    /// The database's statistics.
    Live,
    /// Nobody said: [`DEFAULT_ROWS`].
    #[default]
    Assumed,
}

/// Statistics of one column, as PostgreSQL's `pg_stats` has them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnStats {
    /// Distinct values: positive is a count, negative a fraction of the rows (as in `pg_stats`).
    pub n_distinct: Option<f64>,
    /// Share of rows holding NULL.
    pub null_frac: Option<f64>,
    /// The most common values (as SQL literals' contents) and their shares.
    pub most_common: Vec<(String, f64)>,
    /// Average width in bytes.
    pub avg_width: Option<f64>,
}

/// What is known about one table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableStats {
    pub rows: Option<u64>,
    pub rows_source: VolumeSource,
    /// Inserts, updates and deletes a minute.
    pub writes_per_minute: Option<f64>,
    /// Updates a minute that change each column.
    pub column_updates_per_minute: BTreeMap<String, f64>,
    pub columns: BTreeMap<String, ColumnStats>,
    /// Scans of each index since statistics were reset, where the database counts them.
    pub index_scans: BTreeMap<String, u64>,
}

/// Facts about every table the advice may need.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub tables: BTreeMap<QualifiedName, TableStats>,
}

impl Stats {
    pub fn table(&self, name: &QualifiedName) -> Option<&TableStats> {
        self.tables.get(name)
    }

    pub fn table_mut(&mut self, name: &QualifiedName) -> &mut TableStats {
        self.tables.entry(name.clone()).or_default()
    }

    /// Set a table's volume from a source; a volume from a stronger source is kept.
    pub fn set_rows(&mut self, name: &QualifiedName, rows: u64, source: VolumeSource) {
        let table = self.table_mut(name);
        let rank = |s: VolumeSource| match s {
            VolumeSource::Flag => 3,
            VolumeSource::Config => 2,
            VolumeSource::Live => 1,
            VolumeSource::Assumed => 0,
        };
        if table.rows.is_none() || rank(source) >= rank(table.rows_source) {
            table.rows = Some(rows);
            table.rows_source = source;
        }
    }
}

/// Row counts and selectivities for the cost model.
pub struct Estimator<'a> {
    pub schema: &'a Schema,
    pub stats: &'a Stats,
    tables: Tables<'a>,
}

impl<'a> Estimator<'a> {
    pub fn new(schema: &'a Schema, stats: &'a Stats) -> Self {
        Self { schema, stats, tables: Tables::new(schema) }
    }

    /// A table of the schema by name.
    pub fn table(&self, name: &QualifiedName) -> Option<&'a Table> {
        self.tables.get(name)
    }

    /// The schema's tables by name.
    pub fn tables(&self) -> &Tables<'a> {
        &self.tables
    }

    pub fn rows(&self, table: &QualifiedName) -> f64 {
        self.stats.table(table).and_then(|t| t.rows).unwrap_or(DEFAULT_ROWS).max(1) as f64
    }

    pub fn rows_source(&self, table: &QualifiedName) -> VolumeSource {
        self.stats.table(table).filter(|t| t.rows.is_some()).map_or(VolumeSource::Assumed, |t| t.rows_source)
    }

    fn column_stats(&self, table: &QualifiedName, column: &str) -> Option<&ColumnStats> {
        self.stats.table(table).and_then(|t| t.columns.get(column))
    }

    /// Distinct values of a key.
    pub fn distinct(&self, table: &QualifiedName, key: &Key) -> f64 {
        let rows = self.rows(table);
        let Key::Column(column) = key else { return 200f64.min(rows) };
        if let Some(nd) = self.column_stats(table, column).and_then(|s| s.n_distinct) {
            let n = if nd < 0.0 { -nd * rows } else { nd };
            return n.clamp(1.0, rows);
        }
        let Some(model) = self.tables.get(table) else { return 200f64.min(rows) };
        if is_unique_column(model, column) {
            return rows;
        }
        if let Some(fk) = model.foreign_keys.iter().find(|fk| fk.columns.len() == 1 && fk.columns[0] == *column) {
            return self.rows(&fk.referenced_table).min(rows);
        }
        match model.column(column).map(|c| &c.ty) {
            Some(ColumnType::Bool) => 2.0,
            Some(ColumnType::Enum { name }) => self.schema.enum_type(name).map_or(5, |e| e.values.len().max(1)) as f64,
            Some(ColumnType::Timestamp { .. } | ColumnType::TimestampTz { .. }) => rows,
            Some(ColumnType::Uuid) => rows,
            _ => 200f64.min(rows),
        }
    }

    /// The share of rows holding NULL in a column.
    pub fn null_fraction(&self, table: &QualifiedName, column: &str) -> f64 {
        if let Some(f) = self.column_stats(table, column).and_then(|s| s.null_frac) {
            return f;
        }
        let Some(model) = self.tables.get(table) else { return 0.1 };
        match model.column(column) {
            Some(c) if !c.nullable => 0.0,
            // Soft deletes: most rows are alive.
            Some(c) if c.name.ends_with("deleted_at") || c.name.ends_with("archived_at") => 0.95,
            Some(_) => 0.1,
            None => 0.1,
        }
    }

    /// The share of rows equal to `operand` (its most-common-value share when the statistics
    /// list it).
    pub fn eq_selectivity(&self, table: &QualifiedName, key: &Key, operand: &Operand) -> f64 {
        if let (Key::Column(column), Operand::Literal(literal)) = (key, operand)
            && let Some(stats) = self.column_stats(table, column)
            && !stats.most_common.is_empty()
        {
            let value = literal.trim_matches('\'');
            if let Some((_, share)) = stats.most_common.iter().find(|(v, _)| v == value) {
                return *share;
            }
            let listed: f64 = stats.most_common.iter().map(|(_, s)| s).sum();
            let rest = (1.0 - listed - stats.null_frac.unwrap_or(0.0)).max(0.0);
            let others = (self.distinct(table, key) - stats.most_common.len() as f64).max(1.0);
            return (rest / others).max(1.0 / self.rows(table));
        }
        1.0 / self.distinct(table, key)
    }

    /// The share of rows a predicate keeps.
    pub fn selectivity(&self, table: &QualifiedName, predicate: &Predicate) -> f64 {
        let column = predicate.key.column();
        // A function of one column (`lower(email)`) has about as many values as the column.
        let key = match (&predicate.key, predicate.columns.as_slice()) {
            (Key::Expression(_), [only]) => Key::Column(only.clone()),
            (key, _) => key.clone(),
        };
        let s = match predicate.op {
            Op::Eq => self.eq_selectivity(table, &key, &predicate.operand),
            Op::In(n) => n as f64 * self.eq_selectivity(table, &key, &Operand::Outer),
            Op::Range => 1.0 / 3.0,
            Op::Between => 0.05,
            Op::LikePrefix | Op::LikeInfix => like_selectivity(&predicate.operand, predicate.op == Op::LikeInfix),
            Op::IsNull => column.map_or(0.1, |c| self.null_fraction(table, c)),
            Op::IsNotNull => 1.0 - column.map_or(0.1, |c| self.null_fraction(table, c)),
            Op::Other => 0.5,
        };
        s.clamp(1.0 / self.rows(table), 1.0)
    }

    /// Average stored width of a column in bytes.
    pub fn width(&self, table: &QualifiedName, column: &str) -> f64 {
        if let Some(w) = self.column_stats(table, column).and_then(|s| s.avg_width) {
            return w;
        }
        let ty = self.tables.get(table).and_then(|t| t.column(column)).map(|c| &c.ty);
        type_width(ty)
    }

    /// Writes a minute on a table, from the statistics.
    pub fn writes_per_minute(&self, table: &QualifiedName) -> f64 {
        self.stats.table(table).and_then(|t| t.writes_per_minute).unwrap_or(0.0)
    }
}

/// PostgreSQL's pattern heuristic: every fixed character keeps a fifth of the rows.
fn like_selectivity(operand: &Operand, infix: bool) -> f64 {
    match operand {
        Operand::Literal(text) => {
            let fixed = text.trim_matches('\'').chars().filter(|c| *c != '%' && *c != '_').count() as i32;
            0.2f64.powi(fixed.max(1)).min(0.05)
        }
        _ if infix => 0.01,
        _ => 0.005,
    }
}

/// Typical stored width of a type, in bytes.
pub fn type_width(ty: Option<&ColumnType>) -> f64 {
    use codegen_core::IntWidth;
    match ty {
        Some(ColumnType::Integer { width: IntWidth::Tiny, .. }) => 1.0,
        Some(ColumnType::Integer { width: IntWidth::Small, .. }) => 2.0,
        Some(ColumnType::Integer { width: IntWidth::Medium | IntWidth::Int, .. }) => 4.0,
        Some(ColumnType::Integer { width: IntWidth::Big, .. }) => 8.0,
        Some(ColumnType::Bool) => 1.0,
        Some(ColumnType::Real | ColumnType::Date | ColumnType::Enum { .. }) => 4.0,
        Some(
            ColumnType::Double
            | ColumnType::Timestamp { .. }
            | ColumnType::TimestampTz { .. }
            | ColumnType::Time { .. },
        ) => 8.0,
        Some(ColumnType::Uuid | ColumnType::Interval) => 16.0,
        Some(ColumnType::Decimal { .. }) => 8.0,
        Some(ColumnType::Varchar { length: Some(n), .. } | ColumnType::Char { length: Some(n), .. }) => {
            (*n as f64 / 2.0).clamp(4.0, 40.0)
        }
        Some(ColumnType::Json | ColumnType::Jsonb | ColumnType::Bytes { .. }) => 200.0,
        _ => 32.0,
    }
}

/// Whether a column alone is the primary key or unique.
pub fn is_unique_column(table: &Table, column: &str) -> bool {
    let single = |columns: &[String]| columns.len() == 1 && columns[0] == column;
    table.primary_key.as_ref().is_some_and(|pk| single(&pk.columns))
        || table.uniques.iter().any(|u| single(&u.columns))
        || table.indexes.iter().any(|i| {
            i.unique && i.predicate.is_none() && i.column_names().is_some_and(|c| c.len() == 1 && c[0] == column)
        })
}

/// Whether a column is wide enough that copying it into an index costs more than it saves.
pub fn is_wide(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::Text { .. }
            | ColumnType::Json
            | ColumnType::Jsonb
            | ColumnType::Bytes { .. }
            | ColumnType::Array { .. }
    ) || matches!(ty, ColumnType::Varchar { length: Some(n), .. } if *n > 256)
        || matches!(ty, ColumnType::Varchar { length: None, .. })
}

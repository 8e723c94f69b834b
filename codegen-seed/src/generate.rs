//! Making the rows: table by table in load order, row by row, pushed to a [`RowSink`]. Nothing is
//! held per table but the key columns children read (and only when they are not a counted-up id,
//! which is computed), the hashes of unique sets kept by remembering, and the later updates of
//! cycles through nullable keys.

use std::collections::{BTreeMap, HashSet};

use chrono::{Duration, NaiveDateTime};

use crate::checks::{Eval, evaluate};
use crate::column::{Kind, ValueGen, key_of, roll};
use crate::prepare::{FkStrategy, Prepared, Scope, Source, TableSeed};
use crate::rng::{CellRng, Permutation, below, stable_hash, table_key};
use crate::value::{Value, format_timestamp};

/// Where rows go: a script file, a COPY stream, a batch of INSERTs.
pub trait RowSink {
    type Error;
    fn begin_table(&mut self, prepared: &Prepared, table: &TableSeed) -> Result<(), Self::Error>;
    /// One row: a value per column of `table.columns`.
    fn row(&mut self, values: &[Value]) -> Result<(), Self::Error>;
    fn end_table(&mut self, prepared: &Prepared, table: &TableSeed) -> Result<(), Self::Error>;
    /// After every table: set `set` columns of the row whose conflict key is `key`.
    fn update(
        &mut self,
        prepared: &Prepared,
        table: &TableSeed,
        key: &[(usize, Value)],
        set: &[(usize, Value)],
    ) -> Result<(), Self::Error>;
    fn finish(&mut self, prepared: &Prepared) -> Result<(), Self::Error>;
}

/// Why generation stopped.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError<E> {
    #[error("{0}")]
    Sink(E),
    /// A check no generated row satisfies.
    #[error(
        "no generated row of {table} satisfies check `{check}` (tried {attempts} times for row {row}); give the columns it reads values that pass it in the plan"
    )]
    Check { table: String, check: String, row: u64, attempts: u32 },
    #[error("{table}: {message}")]
    Unsupported { table: String, message: String },
}

const ATTEMPTS: u32 = 64;

/// Counts of what was made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub rows: u64,
    pub updates: u64,
    pub per_table: Vec<(String, u64)>,
}

/// Generate every row of `prepared` into `sink`.
pub fn generate<S: RowSink>(prepared: &Prepared, sink: &mut S) -> Result<Stats, GenerateError<S::Error>> {
    let mut keys: Vec<BTreeMap<Vec<usize>, Vec<Value>>> = vec![BTreeMap::new(); prepared.tables.len()];
    let mut pending: Vec<Vec<Pending>> = vec![Vec::new(); prepared.tables.len()];
    let mut stats = Stats::default();
    for (seq, table) in prepared.tables.iter().enumerate() {
        sink.begin_table(prepared, table).map_err(GenerateError::Sink)?;
        let made = TableRun::new(prepared, seq, table).run(sink, &mut keys, &mut pending[seq])?;
        sink.end_table(prepared, table).map_err(GenerateError::Sink)?;
        stats.rows += made;
        stats.per_table.push((table.name.to_string(), made));
    }
    for (seq, table) in prepared.tables.iter().enumerate() {
        for p in std::mem::take(&mut pending[seq]) {
            let fk = &table.fks[p.fk];
            let parent = resolve_parent(seq, fk.parent);
            let parent_key = parent_key(prepared, &keys, parent, &fk.parent_columns, p.parent_row);
            let set: Vec<(usize, Value)> = fk.columns.iter().copied().zip(parent_key).collect();
            sink.update(prepared, table, &p.key, &set).map_err(GenerateError::Sink)?;
            stats.updates += 1;
        }
    }
    sink.finish(prepared).map_err(GenerateError::Sink)?;
    Ok(stats)
}

/// A key of a cycle through a nullable column, set after every table is loaded.
#[derive(Debug, Clone)]
struct Pending {
    key: Vec<(usize, Value)>,
    fk: usize,
    parent_row: u64,
}

fn resolve_parent(own: usize, parent: usize) -> usize {
    if parent == usize::MAX { own } else { parent }
}

/// The key of row `row` of table `parent`: an existing row's when the table gets no new rows,
/// computed for a counted-up id, else recorded.
fn parent_key(
    prepared: &Prepared,
    keys: &[BTreeMap<Vec<usize>, Vec<Value>>],
    parent: usize,
    columns: &[usize],
    row: u64,
) -> Vec<Value> {
    let table = &prepared.tables[parent];
    if table.rows == 0 {
        return table.existing_key(columns, row).map_or_else(|| vec![Value::Null; columns.len()], <[Value]>::to_vec);
    }
    if let [c] = columns
        && let Source::Serial { start } = table.columns[*c].source
    {
        return vec![Value::Int(start + row as i64)];
    }
    let n = columns.len();
    match keys[parent].get(columns) {
        Some(flat) if flat.len() >= (row as usize + 1) * n => flat[row as usize * n..(row as usize + 1) * n].to_vec(),
        _ => vec![Value::Null; n],
    }
}

struct TableRun<'p> {
    prepared: &'p Prepared,
    seq: usize,
    table: &'p TableSeed,
    column_rngs: Vec<CellRng>,
    fk_rngs: Vec<CellRng>,
    count_rng: CellRng,
    seen: Vec<HashSet<u64>>,
    now_text: String,
}

impl<'p> TableRun<'p> {
    fn new(prepared: &'p Prepared, seq: usize, table: &'p TableSeed) -> Self {
        let key = table_key(prepared.seed, &table.name.to_string());
        Self {
            prepared,
            seq,
            table,
            column_rngs: table.columns.iter().map(|c| CellRng::new(&key, &c.name)).collect(),
            fk_rngs: table.fks.iter().map(|f| CellRng::new(&key, &format!("#fk {}", f.name))).collect(),
            count_rng: CellRng::new(&key, "#children"),
            seen: vec![HashSet::new(); table.reject_sets.len()],
            now_text: format_timestamp(&prepared.now),
        }
    }

    fn parent_rows(&self, fk: usize) -> u64 {
        let fk = &self.table.fks[fk];
        let parent = resolve_parent(self.seq, fk.parent);
        self.prepared.tables[parent].key_rows(&fk.parent_columns)
    }

    fn run<S: RowSink>(
        &mut self,
        sink: &mut S,
        keys: &mut [BTreeMap<Vec<usize>, Vec<Value>>],
        pending: &mut Vec<Pending>,
    ) -> Result<u64, GenerateError<S::Error>> {
        let mut values = vec![Value::Null; self.table.columns.len()];
        let mut made = 0u64;
        let (seq, this) = (self.seq, self.table);
        let record = |values: &[Value], keys: &mut [BTreeMap<Vec<usize>, Vec<Value>>]| {
            for set in &this.recorded_keys {
                let flat = keys[seq].entry(set.clone()).or_default();
                flat.extend(set.iter().map(|&c| values[c].clone()));
            }
        };
        let rows = self.table.rows;
        match self.table.grouping.clone() {
            Some(g) => {
                let parents = self.parent_rows(g.fk);
                let mut r = 0u64;
                for p in 0..parents {
                    let count = g.lo + below(self.count_rng.at(p, 0), g.hi - g.lo + 1);
                    for j in 0..count {
                        self.make_row(r, Some((p, j)), &mut values, keys, pending)?;
                        record(&values, keys);
                        sink.row(&values).map_err(GenerateError::Sink)?;
                        r += 1;
                        made += 1;
                    }
                }
            }
            None => {
                for r in 0..rows {
                    self.make_row(r, None, &mut values, keys, pending)?;
                    record(&values, keys);
                    sink.row(&values).map_err(GenerateError::Sink)?;
                    made += 1;
                }
            }
        }
        Ok(made)
    }

    fn make_row<E>(
        &mut self,
        r: u64,
        group: Option<(u64, u64)>,
        values: &mut [Value],
        keys: &[BTreeMap<Vec<usize>, Vec<Value>>],
        pending: &mut Vec<Pending>,
    ) -> Result<(), GenerateError<E>> {
        let table = self.table;
        let mut failed = String::new();
        for attempt in 0..ATTEMPTS {
            let mut later: Vec<(usize, u64)> = Vec::new();
            self.fill_keys(r, group, attempt, values, keys, &mut later);
            for &c in &table.fill_order {
                if matches!(table.columns[c].source, Source::Foreign { .. }) {
                    continue;
                }
                values[c] = self.fill_column(c, r, group, attempt, values);
            }
            match self.violation(values) {
                None => {
                    for (fk, parent_row) in later {
                        let key = table
                            .conflict_key
                            .as_ref()
                            .map(|k| k.iter().map(|&c| (c, values[c].clone())).collect())
                            .unwrap_or_default();
                        pending.push(Pending { key, fk, parent_row });
                    }
                    return Ok(());
                }
                Some(name) => failed = name,
            }
        }
        Err(GenerateError::Check { table: table.name.to_string(), check: failed, row: r, attempts: ATTEMPTS })
    }

    /// Pick every foreign key's parent row and copy its key into the row.
    fn fill_keys(
        &mut self,
        r: u64,
        group: Option<(u64, u64)>,
        attempt: u32,
        values: &mut [Value],
        keys: &[BTreeMap<Vec<usize>, Vec<Value>>],
        later: &mut Vec<(usize, u64)>,
    ) {
        let table = self.table;
        let mut chosen: Vec<Option<u64>> = vec![None; table.fks.len()];
        for (f, fk) in table.fks.iter().enumerate() {
            let n = self.parent_rows(f);
            let rng = self.fk_rngs[f].at(r, attempt);
            let null = n == 0 || (fk.null_rate > 0.0 && roll(rng) < fk.null_rate);
            chosen[f] = match &fk.strategy {
                FkStrategy::Group => group.map(|(p, _)| p),
                FkStrategy::ProductMember => chosen[f],
                FkStrategy::Product { members, offset } => {
                    let radices: Vec<u64> = members.iter().map(|&m| self.parent_rows(m)).collect();
                    let total = radices.iter().fold(1u64, |a, &b| a.saturating_mul(b));
                    let mut x = Permutation::new(total, stable_hash(&[fk.name.as_bytes()]) ^ self.prepared.seed)
                        .apply((r + offset) % total.max(1));
                    for (i, &m) in members.iter().enumerate().rev() {
                        let pick = x % radices[i].max(1);
                        x /= radices[i].max(1);
                        if m == f {
                            // set below, after the loop
                        }
                        chosen[m] = Some(pick);
                    }
                    chosen[f]
                }
                FkStrategy::PerParent => {
                    group.map(|(p, j)| Permutation::new(n, key_of(stable_hash(&[fk.name.as_bytes()]), p)).apply(j))
                }
                FkStrategy::Tree { branching } => {
                    let b = (*branching).max(2);
                    if r < b { if fk.nullable { None } else { Some(r) } } else { Some(r / b - 1) }
                }
                FkStrategy::Update => {
                    if !null {
                        later.push((f, below(rng, n)));
                    }
                    None
                }
                FkStrategy::Deferred | FkStrategy::Random => {
                    if null {
                        None
                    } else {
                        Some(below(rng, n))
                    }
                }
            };
        }
        // Product members chosen by their lead (which may come after them) are final now.
        for (f, fk) in table.fks.iter().enumerate() {
            let parent = resolve_parent(self.seq, fk.parent);
            let key = match chosen[f] {
                Some(p) => parent_key(self.prepared, keys, parent, &fk.parent_columns, p),
                None => vec![Value::Null; fk.columns.len()],
            };
            for (&c, v) in fk.columns.iter().zip(key) {
                values[c] = v;
            }
        }
    }

    fn fill_column(&mut self, c: usize, r: u64, group: Option<(u64, u64)>, attempt: u32, values: &[Value]) -> Value {
        let table = self.table;
        let column = &table.columns[c];
        let rng = self.column_rngs[c].at(r, attempt);
        match &column.source {
            Source::Serial { start } => Value::Int(start + r as i64),
            Source::Foreign { .. } => Value::Null,
            Source::Sql(sql) => Value::Sql(sql.clone()),
            Source::Unique { generator, scope, offset } => {
                let k = match (scope, group) {
                    (Scope::WithinParent, Some((_, j))) => j,
                    _ => r + offset,
                };
                generator.unique(k, rng)
            }
            Source::Value(generator) => {
                // A story: the instant is set exactly when the status says so.
                if let Some(story) = table.stories.iter().find(|s| s.column == c) {
                    let status = values[story.status].as_text().unwrap_or_default();
                    if !story.when.contains(&status) {
                        return Value::Null;
                    }
                } else if column.null_rate > 0.0 && roll(rng) < column.null_rate {
                    return Value::Null;
                }
                if let Kind::Choice { values: choices, .. } = &generator.kind
                    && choices.is_empty()
                {
                    return Value::Null;
                }
                if column.edge_rate > 0.0
                    && roll(rng) < column.edge_rate
                    && let Some(edge) = generator.edge_case(rng)
                {
                    return edge;
                }
                story_value(table, self.prepared.now, c, generator, values, rng)
                    .unwrap_or_else(|| generator.generate(rng))
            }
        }
    }
}

/// Instants after the ones they follow (`updated_at` after `created_at`, `ended_at` after
/// `started_at`), and numbers above their lesser column.
fn story_value(
    table: &TableSeed,
    now: NaiveDateTime,
    c: usize,
    generator: &ValueGen,
    values: &[Value],
    rng: &mut rand::rngs::ChaCha8Rng,
) -> Option<Value> {
    {
        let name = &table.columns[c].name;
        let mut floor: Option<(NaiveDateTime, bool)> = None;
        let mut floor_num: Option<(f64, bool)> = None;
        for &(greater, lesser, strict) in &table.orderings {
            if greater != c {
                continue;
            }
            match &values[lesser] {
                Value::Timestamp(t) | Value::TimestampTz(t) => floor = Some((*t, strict)).max(floor),
                Value::Date(d) => floor = d.and_hms_opt(0, 0, 0).map(|t| (t, strict)).max(floor),
                v => {
                    if let Some(n) = v.as_f64() {
                        floor_num = Some((n, strict));
                    }
                }
            }
        }
        if floor.is_none()
            && name.ends_with("_at")
            && !name.starts_with("created")
            && let Some(created) = table.column_index("created_at")
            && created != c
        {
            floor = match &values[created] {
                Value::Timestamp(t) | Value::TimestampTz(t) => Some((*t, false)),
                _ => None,
            };
        }
        if let Some((t, strict)) = floor {
            let lo = if strict { t + Duration::seconds(1) } else { t };
            let hi = (lo + Duration::days(120)).min(now.max(lo));
            return generator.instant_between(lo, hi, rng);
        }
        if let Some((n, strict)) = floor_num {
            return match &generator.kind {
                Kind::Int { hi, .. } => {
                    let lo = n as i64 + i64::from(strict);
                    (lo <= *hi).then(|| Value::Int(crate::rng::between(rng, lo, (*hi).min(lo.saturating_add(1000)))))
                }
                Kind::Decimal { hi, scale, .. } => {
                    let factor = 10f64.powi(*scale as i32);
                    let lo = (n * factor).ceil() as i64 + i64::from(strict);
                    let top = (hi * factor).floor() as i64;
                    (lo <= top).then(|| {
                        let units = crate::rng::between(rng, lo, top.min(lo.saturating_add(100_000)));
                        Value::Decimal(decimal(units, *scale))
                    })
                }
                _ => None,
            };
        }
        None
    }
}

impl TableRun<'_> {
    /// The first rule a row breaks, if any.
    fn violation(&mut self, values: &[Value]) -> Option<String> {
        let table = self.table;
        for &(greater, lesser, strict) in &table.orderings {
            let (g, l) = (&values[greater], &values[lesser]);
            if g.is_null() || l.is_null() {
                continue;
            }
            let ok = match (g.as_f64(), l.as_f64()) {
                (Some(a), Some(b)) => {
                    if strict {
                        a > b
                    } else {
                        a >= b
                    }
                }
                _ => {
                    let (a, b) = (g.as_text().unwrap_or_default(), l.as_text().unwrap_or_default());
                    if strict { a > b } else { a >= b }
                }
            };
            if !ok {
                return Some(format!(
                    "{} {} {}",
                    table.columns[greater].name,
                    if strict { ">" } else { ">=" },
                    table.columns[lesser].name
                ));
            }
        }
        for residual in &table.residuals {
            let lookup = |name: &str| -> Option<Eval> {
                let i = table.columns.iter().position(|c| c.name == name)?;
                Some(to_eval(&values[i]))
            };
            if let Ok(Eval::Bool(false)) = evaluate(&residual.expr, &lookup, &self.now_text) {
                return Some(residual.name.clone());
            }
        }
        for (i, set) in table.reject_sets.iter().enumerate() {
            if set.iter().any(|&c| values[c].is_null()) {
                continue;
            }
            let mut parts: Vec<Vec<u8>> = Vec::with_capacity(set.len());
            for &c in set {
                parts.push(values[c].as_text().unwrap_or_default().to_lowercase().into_bytes());
            }
            let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
            let hash = stable_hash(&refs);
            if !self.seen[i].insert(hash) {
                return Some(format!(
                    "unique ({})",
                    set.iter().map(|&c| table.columns[c].name.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        None
    }
}

fn decimal(units: i64, scale: u32) -> String {
    if scale == 0 {
        return units.to_string();
    }
    let factor = 10i64.pow(scale);
    let sign = if units < 0 { "-" } else { "" };
    format!("{sign}{}.{:0w$}", units.abs() / factor, units.abs() % factor, w = scale as usize)
}

fn to_eval(value: &Value) -> Eval {
    match value {
        Value::Null => Eval::Null,
        Value::Bool(b) => Eval::Bool(*b),
        Value::Int(_) | Value::UInt(_) | Value::Float(_) | Value::Decimal(_) => {
            Eval::Num(value.as_f64().unwrap_or_default())
        }
        Value::Timestamp(t) | Value::TimestampTz(t) => Eval::Text(format_timestamp(t)),
        other => Eval::Text(other.as_text().unwrap_or_default()),
    }
}

//! From a schema and a plan to what each table's rows are made of: row counts, the load order
//! (cycles broken), each column's source, how every foreign key picks its parent row and how every
//! unique constraint is kept. Everything the plan asks that cannot be done is found here, before
//! a row is made, as a located error with a suggestion.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use codegen_core::{
    AutoIncrement, Column, ColumnDefault, ColumnType, Diagnostic, Diagnostics, Dialect, IndexKey, Location,
    QualifiedName, Schema, Table,
};

use crate::checks::{Residual, TableRules, analyse_check, column_of, parse_expr};
use crate::column::{Kind, ValueGen, apply_realistic_range, numeric_hint};
use crate::domains::{base_type, domain_of, domain_rules};
use crate::fakes::{Locale, TextKind, infer_text};
use crate::plan::{ColumnPlan, Plan, TablePlan, builtin_profile};
use crate::story::{fill_order, stories};
use crate::uniques::keep_unique;
use crate::value::Value;

mod generator;
mod order;

use generator::{column_generator, default_null_rate};
use order::{LoadOrder, load_order};

/// Settings of one seeding run besides the plan.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// `--seed`; the plan's `seed`, then 0, when absent.
    pub seed: Option<u64>,
    /// The database the rows are for: literal spellings, ranges (MySQL's TIMESTAMP), cycle handling.
    pub dialect: Dialect,
    /// `--scale`, multiplying every table's row count (the plan's `scale` when absent).
    pub scale: Option<f64>,
    /// `--profile`, over the plan's.
    pub profile: Option<String>,
    /// What the target database holds already (rows are added beside it).
    pub existing: Existing,
}

impl SeedOptions {
    pub fn new(dialect: Dialect) -> Self {
        Self { seed: None, dialect, scale: None, profile: None, existing: Existing::default() }
    }
}

/// Rows already in the database, so new keys start past them.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    pub tables: BTreeMap<QualifiedName, ExistingTable>,
}

#[derive(Debug, Clone, Default)]
pub struct ExistingTable {
    pub rows: u64,
    /// The largest value of each integer key column that is counted up.
    pub max_serial: BTreeMap<String, i64>,
    /// Keys of existing rows that other tables' foreign keys reference, by referenced column set
    /// (see [`referenced_key_sets`]), in the database's text form, no part NULL: in key order, a
    /// spread sample of at most [`KEY_SAMPLE`] tuples. Children of a table that gets no new rows
    /// reference these.
    pub keys: BTreeMap<Vec<String>, Vec<Vec<String>>>,
}

/// How many existing keys of one table are read at most (every `ceil(rows / KEY_SAMPLE)`-th
/// in key order): bounded work and memory on big tables, and the same picks for the same
/// database contents.
pub const KEY_SAMPLE: u64 = 10_000;

/// Every column set that another table's foreign key references, per table (index in
/// `schema.tables`) that gets no new rows under `plan` and `options` (only those lend their
/// existing rows): what a loader reads of existing rows. Self-references are left out (a
/// table's own new rows are its tree), as are binary keys, whose text form does not round-trip.
pub fn referenced_key_sets(schema: &Schema, plan: &Plan, options: &SeedOptions) -> Vec<(usize, Vec<String>)> {
    let (base_rows, scale) = row_basis(plan, options);
    let lends = |t: usize| {
        let entry = plan.tables.iter().find(|e| find_table(schema, &e.name.value) == Some(t));
        entry.is_none_or(|e| e.per.is_none())
            && plain_rows(entry.and_then(|e| e.rows.as_ref()).map(|r| r.value), base_rows, scale) == 0
    };
    let mut sets: BTreeSet<(usize, Vec<String>)> = BTreeSet::new();
    for table in &schema.tables {
        for fk in &table.foreign_keys {
            let Some(parent) = schema.tables.iter().position(|t| t.name == fk.referenced_table) else { continue };
            let parent_table = &schema.tables[parent];
            let text_safe = fk.referenced_columns.iter().all(|c| {
                parent_table
                    .column(c)
                    .is_some_and(|col| !matches!(col.ty, ColumnType::Bytes { .. } | ColumnType::Binary { .. }))
            });
            if parent_table.name != table.name && text_safe && !fk.referenced_columns.is_empty() && lends(parent) {
                sets.insert((parent, fk.referenced_columns.clone()));
            }
        }
    }
    sets.into_iter().collect()
}

/// An existing key's part as a value of its column: integers as numbers (SQLite compares keys
/// by type), anything else in the database's own text form.
fn existing_value(ty: &ColumnType, text: &str) -> Value {
    if ty.is_integer()
        && let Ok(n) = text.parse::<i64>()
    {
        return Value::Int(n);
    }
    Value::Raw(text.to_string())
}

/// Everything needed to make the rows, table by table in load order.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub schema: Schema,
    pub dialect: Dialect,
    pub seed: u64,
    pub now: NaiveDateTime,
    pub tables: Vec<TableSeed>,
    /// Warnings and notes about what was inferred or degraded.
    pub notes: Diagnostics,
    /// Cycles of NOT NULL keys loaded with their checks deferred to commit (PostgreSQL needs the
    /// keys DEFERRABLE; SQLite defers every key with `PRAGMA defer_foreign_keys`).
    pub deferred_cycles: Vec<String>,
}

/// One table's rows.
#[derive(Debug, Clone)]
pub struct TableSeed {
    /// Index in `schema.tables`.
    pub table: usize,
    pub name: QualifiedName,
    pub rows: u64,
    /// The columns written, in table order (generated columns are left out).
    pub columns: Vec<ColumnSeed>,
    pub fks: Vec<FkSeed>,
    /// With a plan's `per`: rows come parent by parent, `lo..=hi` children each.
    pub grouping: Option<Grouping>,
    pub residuals: Vec<Residual>,
    /// `(greater, lesser, strict)` as column indexes.
    pub orderings: Vec<(usize, usize, bool)>,
    pub stories: Vec<Story>,
    /// Columns that identify a row for `ON CONFLICT`/`INSERT IGNORE` and later updates.
    pub conflict_key: Option<Vec<usize>>,
    /// Columns counted up by the database, whose sequences move past the explicit values.
    pub serials: Vec<(usize, AutoIncrement)>,
    /// Unique column sets kept by remembering what was used (column indexes).
    pub reject_sets: Vec<Vec<usize>>,
    /// The order columns are filled in (a column another depends on comes first).
    pub fill_order: Vec<usize>,
    /// Key-column sets other tables reference, recorded while generating.
    pub recorded_keys: Vec<Vec<usize>>,
    /// For a table that gets no new rows: keys of its existing rows (a sample) by column set
    /// (column indexes), flat, so children reference what the database holds.
    pub existing_keys: BTreeMap<Vec<usize>, Vec<Value>>,
}

impl TableSeed {
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Whether some columns are set by a later `UPDATE` (a cycle through a nullable key).
    pub fn has_updates(&self) -> bool {
        self.fks.iter().any(|f| f.strategy == FkStrategy::Update)
    }

    pub fn uses_sql(&self) -> bool {
        self.columns.iter().any(|c| matches!(c.source, Source::Sql(_)))
    }

    /// How many parent rows a key on `columns` can pick from: the new rows, or, when the table
    /// gets none, the existing rows read from the database.
    pub fn key_rows(&self, columns: &[usize]) -> u64 {
        if self.rows > 0 || columns.is_empty() {
            return self.rows;
        }
        self.existing_keys.get(columns).map_or(0, |flat| (flat.len() / columns.len()) as u64)
    }

    /// The key of existing row `row` (of [`TableSeed::key_rows`]) when the table gets no new rows.
    pub fn existing_key(&self, columns: &[usize], row: u64) -> Option<&[Value]> {
        if self.rows > 0 {
            return None;
        }
        let n = columns.len();
        let start = row as usize * n;
        self.existing_keys.get(columns).and_then(|flat| flat.get(start..start + n))
    }
}

#[derive(Debug, Clone)]
pub struct ColumnSeed {
    pub name: String,
    pub ty: ColumnType,
    pub source: Source,
    pub nullable: bool,
    pub null_rate: f64,
    pub edge_rate: f64,
}

/// Where a column's values come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// `start + row`: counted-up keys and other integer keys.
    Serial {
        start: i64,
    },
    /// The `position`-th column of foreign key `fk`.
    Foreign {
        fk: usize,
        position: usize,
    },
    Value(ValueGen),
    /// Distinct values from an ordinal: the row's (plus `offset`), or its rank under its parent.
    Unique {
        generator: ValueGen,
        scope: Scope,
        offset: u64,
    },
    /// A SQL expression the database evaluates.
    Sql(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    WithinParent,
}

#[derive(Debug, Clone)]
pub struct FkSeed {
    pub name: String,
    /// The parent's index in `Prepared::tables`.
    pub parent: usize,
    /// The parent's referenced columns, as its column indexes.
    pub parent_columns: Vec<usize>,
    /// This table's key columns, as column indexes.
    pub columns: Vec<usize>,
    pub nullable: bool,
    pub null_rate: f64,
    pub strategy: FkStrategy,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FkStrategy {
    /// Any parent row.
    Random,
    /// The parent the row is grouped under (`per`).
    Group,
    /// Several keys that together are unique: one pseudo-random permutation over every combination
    /// of their parents picks each row's; `members` are the keys, the first holds the group.
    /// `offset`: combinations taken by existing rows, skipped.
    Product { members: Vec<usize>, offset: u64 },
    /// Part of a product group led by another key.
    ProductMember,
    /// Distinct parents among the children of one `per` parent.
    PerParent,
    /// A self-reference: a tree whose branching keeps it within the depth.
    Tree { branching: u64 },
    /// A cycle through a nullable key: NULL when inserted, set by a later `UPDATE`.
    Update,
    /// A cycle through NOT NULL keys: set when inserted, checked at commit.
    Deferred,
}

#[derive(Debug, Clone)]
pub struct Grouping {
    pub fk: usize,
    pub lo: u64,
    pub hi: u64,
}

/// A nullable instant that is set exactly when a status column says so (`completed_at` with
/// `status = 'completed'`).
#[derive(Debug, Clone)]
pub struct Story {
    pub column: usize,
    pub status: usize,
    pub when: Vec<String>,
}

/// A problem with the plan or the schema that stops seeding.
pub(crate) fn problem(message: impl Into<String>, location: Option<&Location>) -> Diagnostic {
    Diagnostic::error(message).at(location.cloned())
}

/// Prepare `schema` for seeding under `plan`.
pub fn prepare(schema: &Schema, plan: &Plan, options: &SeedOptions) -> Result<Prepared, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let now = plan.now.unwrap_or_else(default_now);
    let seed = options.seed.or(plan.seed).unwrap_or(0);
    let locale = match &plan.locale {
        Some(l) => Locale::parse(&l.value).unwrap_or_else(|| {
            diagnostics.push(
                problem(format!("unknown locale `{}`", l.value), l.location.as_ref())
                    .with_help(format!("use one of {}", Locale::NAMES.join(", "))),
            );
            Locale::En
        }),
        None => Locale::En,
    };
    let profile_name = options.profile.clone().or_else(|| plan.profile.as_ref().map(|p| p.value.clone()));
    let base_rows = match &profile_name {
        Some(name) => match profile_rows(plan, name) {
            Some(rows) => rows,
            None => {
                let location = plan.profile.as_ref().and_then(|p| p.location.as_ref());
                diagnostics.push(
                    problem(format!("unknown profile `{name}`"), location)
                        .with_help("use dev, test or perf, or define it under [profiles.NAME] with `rows = N`"),
                );
                10
            }
        },
        None => 10,
    };
    let scale = row_basis(plan, options).1;

    // Plan entries must name real tables and columns.
    let table_names: Vec<String> = schema.tables.iter().map(|t| t.name.to_string()).collect();
    for entry in &plan.tables {
        match find_table(schema, &entry.name.value) {
            None => diagnostics.push(
                problem(
                    format!("the plan names table `{}`, which the schema does not have", entry.name.value),
                    entry.name.location.as_ref(),
                )
                .with_object(entry.name.value.clone())
                .with_help(suggest(&entry.name.value, &table_names)),
            ),
            Some(i) => {
                let table = &schema.tables[i];
                let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
                for column in &entry.columns {
                    if table.column(&column.name.value).is_none() {
                        diagnostics.push(
                            problem(
                                format!(
                                    "the plan names column `{}.{}`, which the schema does not have",
                                    entry.name.value, column.name.value
                                ),
                                column.name.location.as_ref(),
                            )
                            .with_object(format!("{}.{}", entry.name.value, column.name.value))
                            .with_help(suggest(&column.name.value, &names)),
                        );
                    }
                }
            }
        }
    }

    let order = load_order(schema);
    let position: BTreeMap<usize, usize> = order.tables.iter().enumerate().map(|(seq, &t)| (t, seq)).collect();
    let mut tables: Vec<TableSeed> = Vec::with_capacity(schema.tables.len());
    let mut deferred_cycles = Vec::new();
    for &t in &order.tables {
        let table = &schema.tables[t];
        let entry = plan.tables.iter().find(|e| find_table(schema, &e.name.value) == Some(t));
        let built = build_table(TableContext {
            schema,
            table_index: t,
            table,
            entry,
            plan,
            options,
            now,
            locale,
            base_rows,
            scale,
            order: &order,
            position: &position,
            built: &tables,
        });
        match built {
            Ok((seed_table, cycles)) => {
                deferred_cycles.extend(cycles);
                tables.push(seed_table);
            }
            Err(d) => {
                diagnostics.extend(d);
                // A stand-in keeps later tables' parent lookups aligned.
                tables.push(TableSeed {
                    table: t,
                    name: table.name.clone(),
                    rows: 0,
                    columns: Vec::new(),
                    fks: Vec::new(),
                    grouping: None,
                    residuals: Vec::new(),
                    orderings: Vec::new(),
                    stories: Vec::new(),
                    conflict_key: None,
                    serials: Vec::new(),
                    reject_sets: Vec::new(),
                    fill_order: Vec::new(),
                    recorded_keys: Vec::new(),
                    existing_keys: BTreeMap::new(),
                });
            }
        }
    }
    // Which key sets children read from each parent.
    let mut wanted: BTreeMap<usize, BTreeSet<Vec<usize>>> = BTreeMap::new();
    for (own, t) in tables.iter().enumerate() {
        for fk in &t.fks {
            let parent_index = if fk.parent == usize::MAX { own } else { fk.parent };
            let parent = &tables[parent_index];
            let serial = fk.parent_columns.len() == 1
                && matches!(parent.columns.get(fk.parent_columns[0]).map(|c| &c.source), Some(Source::Serial { .. }));
            if !serial {
                wanted.entry(parent_index).or_default().insert(fk.parent_columns.clone());
            }
        }
    }
    for (parent, sets) in wanted {
        tables[parent].recorded_keys = sets.into_iter().collect();
    }
    if !deferred_cycles.is_empty() && options.dialect == Dialect::Mysql {
        for cycle in &deferred_cycles {
            diagnostics.push(
                Diagnostic::error(format!(
                    "the foreign keys of {cycle} form a cycle of NOT NULL columns; MySQL and MariaDB check foreign keys on every row and cannot defer them"
                ))
                .with_object(cycle.clone())
                .with_help("make one key of the cycle nullable (seeding then fills it by a later UPDATE), or seed this schema on PostgreSQL or SQLite"),
            );
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Prepared {
        schema: schema.clone(),
        dialect: options.dialect,
        seed,
        now,
        tables,
        notes: diagnostics,
        deferred_cycles,
    })
}

/// The rows of a profile: the plan's own, then the built-in ones.
fn profile_rows(plan: &Plan, name: &str) -> Option<u64> {
    plan.profiles.get(name).map(|p| p.rows).or_else(|| builtin_profile(name))
}

/// The rows a table without a count gets, and the multiplier of every count (an unknown profile
/// counts as the default here; [`prepare`] reports it).
fn row_basis(plan: &Plan, options: &SeedOptions) -> (u64, f64) {
    let profile = options.profile.clone().or_else(|| plan.profile.as_ref().map(|p| p.value.clone()));
    let base_rows = profile.and_then(|name| profile_rows(plan, &name)).unwrap_or(10);
    (base_rows, options.scale.or(plan.scale).unwrap_or(1.0))
}

/// A table's rows without `per`: its plan's count, else the profile's, times the scale.
fn plain_rows(explicit: Option<u64>, base_rows: u64, scale: f64) -> u64 {
    ((explicit.unwrap_or(base_rows) as f64) * scale).round() as u64
}

/// 2025-01-01 00:00:00: outputs never depend on the clock.
pub fn default_now() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2025, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default()
}

fn find_table(schema: &Schema, name: &str) -> Option<usize> {
    schema.tables.iter().position(|t| t.name.to_string() == name).or_else(|| {
        let matches: Vec<usize> =
            schema.tables.iter().enumerate().filter(|(_, t)| t.name.name == name).map(|(i, _)| i).collect();
        (matches.len() == 1).then(|| matches[0])
    })
}

/// `did you mean ...?` for a misspelt name.
fn suggest(name: &str, candidates: &[String]) -> String {
    let best = candidates.iter().map(|c| (distance(&name.to_lowercase(), &c.to_lowercase()), c)).min();
    match best {
        Some((d, c)) if d <= 3.max(name.len() / 3) => format!("did you mean `{c}`?"),
        _ if candidates.len() <= 12 => format!("the choices are: {}", candidates.join(", ")),
        _ => "check the spelling against the schema".into(),
    }
}

fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut previous = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let current = row[j];
            row[j] = (row[j] + 1).min(row[j - 1] + 1).min(previous + usize::from(a[i - 1] != b[j - 1]));
            previous = current;
        }
    }
    row[b.len()]
}

struct TableContext<'a> {
    schema: &'a Schema,
    table_index: usize,
    table: &'a Table,
    entry: Option<&'a TablePlan>,
    plan: &'a Plan,
    options: &'a SeedOptions,
    now: NaiveDateTime,
    locale: Locale,
    base_rows: u64,
    scale: f64,
    order: &'a LoadOrder,
    position: &'a BTreeMap<usize, usize>,
    built: &'a [TableSeed],
}

fn build_table(cx: TableContext<'_>) -> Result<(TableSeed, Vec<String>), Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let table = cx.table;
    let tname = table.name.to_string();
    let existing = cx.options.existing.tables.get(&table.name).cloned().unwrap_or_default();
    let mut rules = TableRules::default();
    for check in &table.checks {
        let name = check.name.clone().unwrap_or_else(|| check.expression.clone());
        if let Err(e) = analyse_check(&check.expression, &name, None, &mut rules) {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "check `{name}` of {tname} is not SQL codegen can read ({e}); the database will judge the rows"
                ))
                .with_object(tname.clone()),
            );
        }
    }
    domain_rules(cx.schema, table, &mut rules);
    let column_plan = |name: &str| cx.entry.and_then(|e| e.columns.iter().find(|c| c.name.value == name));
    let written: Vec<&Column> = table.columns.iter().filter(|c| c.generated.is_none()).collect();
    let enums = |name: &QualifiedName| cx.schema.enum_type(name).map(|e| e.values.clone());

    // Row counts.
    let self_fk = |fk: &codegen_core::ForeignKey| fk.referenced_table == table.name;
    let mut grouping: Option<Grouping> = None;
    let rows;
    let mut fks: Vec<FkSeed> = Vec::new();
    let mut cycles = Vec::new();
    // Foreign keys first: columns name them.
    let mut fk_of_column: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (k, fk) in table.foreign_keys.iter().enumerate() {
        let Some(parent_table) = cx.schema.tables.iter().position(|t| t.name == fk.referenced_table) else {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "foreign key {} of {tname} references {}, which the schema does not have: its columns get ordinary values",
                    fk.name.clone().unwrap_or_default(),
                    fk.referenced_table
                ))
                .with_object(tname.clone()),
            );
            continue;
        };
        let Some(&parent_seq) = cx.position.get(&parent_table) else { continue };
        let parent_def = &cx.schema.tables[parent_table];
        let parent_columns: Vec<usize> = fk
            .referenced_columns
            .iter()
            .filter_map(|c| parent_def.columns.iter().filter(|x| x.generated.is_none()).position(|x| &x.name == c))
            .collect();
        if parent_columns.len() != fk.columns.len() {
            continue;
        }
        let columns: Vec<usize> = fk.columns.iter().filter_map(|c| written.iter().position(|w| &w.name == c)).collect();
        if columns.len() != fk.columns.len() {
            continue;
        }
        // A column already set by an earlier key (overlapping composite keys) keeps that key.
        if fk.columns.iter().any(|c| fk_of_column.contains_key(c)) {
            continue;
        }
        let nullable = fk.columns.iter().any(|c| table.column(c).is_some_and(|col| col.nullable));
        let fk_index = fks.len();
        for (position, c) in fk.columns.iter().enumerate() {
            fk_of_column.insert(c.clone(), (fk_index, position));
        }
        let strategy = if self_fk(fk) {
            FkStrategy::Tree { branching: 2 }
        } else if cx.order.late.contains(&(cx.table_index, k)) {
            if nullable {
                FkStrategy::Update
            } else {
                cycles.push(format!("{tname} -> {}", fk.referenced_table));
                // A schema read from PostgreSQL (a dump, a migrations folder, the database) says
                // whether the key is DEFERRABLE: without it no insert order satisfies the cycle,
                // which is better said now than by the server after the rows are sent.
                let read_from_postgres = cx.schema.dialect == Some(Dialect::Postgres);
                if cx.options.dialect == Dialect::Postgres && read_from_postgres && fk.deferrable.is_none() {
                    let name = fk.name.clone().unwrap_or_else(|| format!("{tname}({})", fk.columns.join(", ")));
                    diagnostics.push(
                        Diagnostic::error(format!(
                            "the foreign key {name} ({tname} -> {}) closes a cycle of NOT NULL keys and is not DEFERRABLE: no insert order satisfies it",
                            fk.referenced_table
                        ))
                        .with_object(name.clone())
                        .with_help(format!(
                            "make it DEFERRABLE (ALTER TABLE {tname} ALTER CONSTRAINT {name} DEFERRABLE INITIALLY IMMEDIATE) or make one key of the cycle nullable"
                        )),
                    );
                }
                FkStrategy::Deferred
            }
        } else {
            FkStrategy::Random
        };
        let name = fk.name.clone().unwrap_or_else(|| format!("{tname}({})", fk.columns.join(", ")));
        let parent_index = if self_fk(fk) { usize::MAX } else { parent_seq };
        fks.push(FkSeed { name, parent: parent_index, parent_columns, columns, nullable, null_rate: 0.1, strategy });
    }

    match cx.entry.and_then(|e| e.per.as_ref()) {
        Some(per) => {
            let found = table.foreign_keys.iter().position(|fk| {
                fk.name.as_deref() == Some(per.value.as_str()) || fk.columns.join(",") == per.value.replace(' ', "")
            });
            let fk_index = found.and_then(|k| {
                let first = table.foreign_keys[k].columns.first()?;
                fk_of_column.get(first).map(|(f, _)| *f)
            });
            match fk_index {
                None => {
                    let keys: Vec<String> = table.foreign_keys.iter().map(|fk| fk.columns.join(",")).collect();
                    diagnostics.push(
                        problem(
                            format!("`per = \"{}\"`: {tname} has no foreign key on that column", per.value),
                            per.location.as_ref(),
                        )
                        .with_object(tname.clone())
                        .with_help(if keys.is_empty() {
                            format!("{tname} has no foreign keys: give `rows` instead")
                        } else {
                            suggest(&per.value, &keys)
                        }),
                    );
                    rows = 0;
                }
                Some(f)
                    if matches!(
                        fks[f].strategy,
                        FkStrategy::Tree { .. } | FkStrategy::Update | FkStrategy::Deferred
                    ) =>
                {
                    diagnostics.push(
                        problem(format!("`per = \"{}\"` follows a key that refers back to {tname} (a self-reference or a cycle)", per.value), per.location.as_ref())
                            .with_help("group by a key to a table loaded before this one, or give `rows`"),
                    );
                    rows = 0;
                }
                Some(f) => {
                    let (lo, hi) = cx.entry.and_then(|e| e.count.as_ref()).map_or((1, 3), |c| c.value);
                    let parent_rows = cx.built[fks[f].parent].key_rows(&fks[f].parent_columns);
                    if parent_rows == 0 {
                        diagnostics.push(
                            problem(
                                format!(
                                    "`per = \"{}\"`: the parent table {} gets no rows and has none in the database",
                                    per.value, cx.built[fks[f].parent].name
                                ),
                                per.location.as_ref(),
                            )
                            .with_help("give the parent table rows in the plan"),
                        );
                    }
                    fks[f].strategy = FkStrategy::Group;
                    fks[f].null_rate = 0.0;
                    grouping = Some(Grouping { fk: f, lo, hi });
                    rows = group_total(cx.options.seed.or(cx.plan.seed).unwrap_or(0), &tname, parent_rows, lo, hi);
                }
            }
        }
        None => {
            let explicit = cx.entry.and_then(|e| e.rows.as_ref()).map(|r| r.value);
            rows = plain_rows(explicit, cx.base_rows, cx.scale);
        }
    }

    // Columns.
    let mut columns: Vec<ColumnSeed> = Vec::with_capacity(written.len());
    let mut serials = Vec::new();
    let pk: Vec<String> = table.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    for column in &written {
        let plan_column = column_plan(&column.name);
        let located = plan_column.and_then(|p| p.name.location.as_ref());
        let auto = match &column.default {
            Some(ColumnDefault::AutoIncrement { strategy }) => Some(*strategy),
            _ => None,
        };
        let is_sqlite_rowid =
            cx.options.dialect == Dialect::Sqlite && table.sqlite_rowid_alias().is_some_and(|c| c.name == column.name);
        let null_rate = plan_column.and_then(|p| p.null_rate).unwrap_or_else(|| default_null_rate(column));
        let edge_rate = plan_column.and_then(|p| p.edge_cases).or(cx.plan.edge_cases).unwrap_or(0.0);
        let source = if let Some(&(fk, position)) = fk_of_column.get(&column.name) {
            Source::Foreign { fk, position }
        } else if let Some(sql) = plan_column.and_then(|p| p.sql.as_ref()) {
            Source::Sql(sql.value.clone())
        } else if (auto.is_some() || is_sqlite_rowid || (pk.len() == 1 && pk[0] == column.name))
            && column.ty.is_integer()
        {
            if let Some(strategy) = auto.or(is_sqlite_rowid.then_some(AutoIncrement::AutoIncrement)) {
                serials.push((columns.len(), strategy));
            }
            let start = existing.max_serial.get(&column.name).map_or(1, |m| m + 1);
            Source::Serial { start }
        } else {
            match column_generator(&cx, column, plan_column, &rules, &enums) {
                Ok(generator) => Source::Value(generator),
                Err(d) => {
                    if column.nullable {
                        diagnostics.push(
                            Diagnostic::note(format!("{tname}.{}: {}; left NULL", column.name, d.message))
                                .with_object(format!("{tname}.{}", column.name)),
                        );
                        Source::Value(ValueGen {
                            kind: Kind::Choice { values: vec![], weights: vec![] },
                            locale: cx.locale,
                            dialect: cx.options.dialect,
                        })
                    } else {
                        diagnostics.push(d.at(located.cloned().or_else(|| column.loc.location().cloned())));
                        Source::Value(ValueGen { kind: Kind::Bool, locale: cx.locale, dialect: cx.options.dialect })
                    }
                }
            }
        };
        let null_rate = match (&source, column.nullable) {
            (_, false) => 0.0,
            (Source::Value(ValueGen { kind: Kind::Choice { values, .. }, .. }), true) if values.is_empty() => 1.0,
            _ => null_rate,
        };
        columns.push(ColumnSeed {
            name: column.name.clone(),
            ty: column.ty.clone(),
            source,
            nullable: column.nullable,
            null_rate,
            edge_rate,
        });
    }
    for fk in &mut fks {
        fk.null_rate = if fk.nullable && fk.strategy != FkStrategy::Group { fk.null_rate } else { 0.0 };
        if let Some(plan_rate) =
            fk.columns.first().and_then(|&c| column_plan(&columns[c].name)).and_then(|p| p.null_rate)
        {
            fk.null_rate = if fk.nullable { plan_rate } else { 0.0 };
        }
    }

    // Self-references: a tree of bounded depth.
    let depth = u64::from(cx.plan.max_depth.unwrap_or(4).max(1));
    for fk in &mut fks {
        if let FkStrategy::Tree { branching } = &mut fk.strategy {
            *branching = branching_for(rows, depth);
            fk.parent = usize::MAX;
        }
    }

    // A NOT NULL key to a table with no rows, new or existing, cannot be filled.
    for fk in &fks {
        if fk.parent != usize::MAX
            && rows > 0
            && !fk.nullable
            && cx.built.get(fk.parent).is_some_and(|p| p.key_rows(&fk.parent_columns) == 0)
        {
            let parent = &cx.built[fk.parent];
            diagnostics.push(
                problem(
                    format!(
                        "{tname} gets {rows} rows, but its NOT NULL key {} references {}, which gets none and has none in the database",
                        fk.name, parent.name
                    ),
                    cx.entry.map(|e| &e.name).and_then(|n| n.location.as_ref()),
                )
                .with_object(tname.clone())
                .with_help(format!("give {} rows in the plan, or give {tname} `rows = 0`", parent.name)),
            );
        }
    }

    // Uniques: the primary key, unique constraints and unique indexes (partial ones kept everywhere).
    let mut unique_sets: Vec<(String, Vec<usize>)> = Vec::new();
    let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
    let index_of = |name: &str| names.iter().position(|c| c == name);
    if let Some(pk) = &table.primary_key {
        let set: Option<Vec<usize>> = pk.columns.iter().map(|c| index_of(c)).collect();
        if let Some(set) = set {
            unique_sets.push((pk.name.clone().unwrap_or_else(|| format!("{tname} primary key")), set));
        }
    }
    for u in &table.uniques {
        if let Some(set) = u.columns.iter().map(|c| index_of(c)).collect::<Option<Vec<usize>>>() {
            unique_sets.push((u.name.clone().unwrap_or_else(|| format!("{tname}({})", u.columns.join(", "))), set));
        }
    }
    for index in table.indexes.iter().filter(|i| i.unique) {
        let mut set = Vec::new();
        for part in &index.parts {
            match &part.key {
                IndexKey::Column(c) => set.extend(index_of(c)),
                IndexKey::Expression(e) => {
                    if let Ok(expr) = parse_expr(e) {
                        let mut names = Vec::new();
                        collect_columns(&expr, &mut names);
                        set.extend(names.iter().filter_map(|n| index_of(n)));
                    }
                }
            }
        }
        set.sort_unstable();
        set.dedup();
        if !set.is_empty() {
            unique_sets.push((index.name.clone(), set));
        }
    }
    let conflict_key = unique_sets.first().map(|(_, s)| s.clone());
    let mut reject_sets = Vec::new();
    let seed_for_counts = cx.options.seed.or(cx.plan.seed).unwrap_or(0);
    for (name, set) in &unique_sets {
        if let Err(d) = keep_unique(
            name,
            set,
            &tname,
            rows,
            &mut columns,
            &mut fks,
            &grouping,
            cx.built,
            &existing,
            cx.entry,
            &mut reject_sets,
            seed_for_counts,
        ) {
            diagnostics.push(d);
        }
    }

    // Orderings between columns, and stories of dates.
    let mut orderings: Vec<(usize, usize, bool)> =
        rules.orderings.iter().filter_map(|o| Some((index_of(&o.greater)?, index_of(&o.lesser)?, o.strict))).collect();
    // Dates that tell a story without a check saying so: an end after its start.
    let start = ["started_at", "starts_at", "start_date", "start_time", "begins_at"].iter().find_map(|n| index_of(n));
    if let Some(start) = start {
        for end in ["ended_at", "ends_at", "end_date", "end_time", "completed_at", "finished_at", "closed_at"] {
            if let Some(end) = index_of(end)
                && !orderings.iter().any(|&(g, l, _)| g == end && l == start)
                && matches!(columns[end].source, Source::Value(_))
            {
                orderings.push((end, start, false));
            }
        }
    }
    let stories = stories(&columns);
    for story in &stories {
        columns[story.column].null_rate = 0.0;
    }
    let fill_order = fill_order(&columns, &orderings, &stories);
    let residuals = rules.residuals.clone();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok((
        TableSeed {
            table: cx.table_index,
            name: table.name.clone(),
            rows,
            columns,
            fks,
            grouping,
            residuals,
            orderings,
            stories,
            conflict_key,
            serials,
            reject_sets,
            fill_order,
            recorded_keys: Vec::new(),
            existing_keys: if rows == 0 { existing_pool(&written, &existing) } else { BTreeMap::new() },
        },
        cycles,
    ))
}

/// The existing keys of a table that gets no new rows, by column set as column indexes.
fn existing_pool(written: &[&Column], existing: &ExistingTable) -> BTreeMap<Vec<usize>, Vec<Value>> {
    let mut pool = BTreeMap::new();
    for (names, tuples) in &existing.keys {
        let Some(columns) = names.iter().map(|n| written.iter().position(|c| &c.name == n)).collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let flat: Vec<Value> = tuples
            .iter()
            .filter(|t| t.len() == columns.len())
            .flat_map(|t| t.iter().zip(&columns).map(|(text, &c)| existing_value(&written[c].ty, text)))
            .collect();
        pool.insert(columns, flat);
    }
    pool
}

fn collect_columns(expr: &sqlparser::ast::Expr, out: &mut Vec<String>) {
    use std::ops::ControlFlow;
    let _ = sqlparser::ast::visit_expressions(expr, |e| {
        if let Some(c) = column_of(e)
            && matches!(e, sqlparser::ast::Expr::Identifier(_))
        {
            out.push(c);
        }
        ControlFlow::<()>::Continue(())
    });
}

/// A tree's branching factor so `rows` nodes fit within `depth` levels below the roots.
fn branching_for(rows: u64, depth: u64) -> u64 {
    let mut b = 2u64;
    while b < rows && (b as f64).powf(depth as f64 + 1.0) < rows as f64 {
        b += 1;
    }
    b
}

/// How many rows a `per` table gets: the sum of each parent's count.
pub fn group_total(seed: u64, table: &str, parents: u64, lo: u64, hi: u64) -> u64 {
    let key = crate::rng::table_key(seed, table);
    let mut rng = crate::rng::CellRng::new(&key, "#children");
    (0..parents).map(|p| lo + crate::rng::below(rng.at(p, 0), hi - lo + 1)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_near_names() {
        let names = vec!["projects".to_string(), "experiments".to_string()];
        assert_eq!(suggest("experiment", &names), "did you mean `experiments`?");
        assert_eq!(branching_for(1000, 4), 4);
    }
}

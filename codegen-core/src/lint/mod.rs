//! Migration review: `codegen lint` checks each migration statement against a catalogue of rules
//! (data loss, existing rows, locks, compatibility, rollback, ordering, preferences).
//!
//! Statements are replayed on the model with the SQL reader, so every rule sees the schema as it
//! stands before the statement (column types, nullability, which tables the same migration
//! created) and what the statement changed. No database is needed; where the caller has one, a
//! finding's [`FactQuery`] says what to count to turn a risk into a fact.

mod changes;
mod check;
mod code;
mod rollback;
pub mod rules;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::dialect::Dialect;
use crate::location::Location;
use crate::model::{QualifiedName, Schema};
use crate::read::migrations::{MigrationLayout, list_migrations};
use crate::read::sql::SqlReader;

pub use rules::{Category, Level, Preset, RULES, Rule, RuleId, rule_by_id};

/// How to lint: the dialect the migrations are written in, the preset and per-rule levels.
#[derive(Debug, Clone)]
pub struct LintOptions {
    pub dialect: Dialect,
    pub preset: Preset,
    /// Per-rule levels that override the preset, by rule id.
    pub levels: BTreeMap<String, Level>,
    /// The application's source folders: renames are reported only where code reads the old
    /// name, and drops say where it is read. Empty: every rename is reported.
    pub code: Vec<PathBuf>,
    /// The schema the first linted migration runs on (`--schema`). Without it a folder starts
    /// empty, and a lone file names objects nobody can check (`unchecked-object` notes).
    pub base: Option<Schema>,
}

impl LintOptions {
    pub fn new(dialect: Dialect) -> Self {
        Self { dialect, preset: Preset::Default, levels: BTreeMap::new(), code: Vec::new(), base: None }
    }

    /// A reader holding the schema the first migration runs on.
    fn reader(&self) -> SqlReader {
        match &self.base {
            Some(base) => SqlReader::with_schema(base.clone(), self.dialect),
            None => SqlReader::new(self.dialect),
        }
    }

    /// The level a rule runs at: off when it does not apply to the dialect.
    pub fn level(&self, rule: &Rule) -> Level {
        if !rule.applies_to(self.dialect) {
            return Level::Off;
        }
        self.levels.get(rule.id.as_str()).copied().unwrap_or_else(|| rule.level_in(self.preset))
    }
}

/// What a database can count to turn a finding into a fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FactQuery {
    /// Rows of a table (dropping it, or adding a NOT NULL column without default).
    Rows { table: QualifiedName },
    /// Non-null values of a column (dropping it).
    NonNullValues { table: QualifiedName, column: String },
    /// Rows holding NULL in a column (SET NOT NULL).
    NullValues { table: QualifiedName, column: String },
    /// Rows beyond the first of each group of equal non-null keys (a new unique index).
    DuplicateRows { table: QualifiedName, columns: Vec<String> },
    /// Rows for which a check expression is false.
    CheckViolations { table: QualifiedName, expression: String },
    /// Values longer than a new length limit.
    LongerThan { table: QualifiedName, column: String, length: u32 },
    /// Values outside a new integer range.
    OutOfRange { table: QualifiedName, column: String, min: i64, max: i64 },
    /// Rows whose foreign key matches no referenced row.
    OrphanRows {
        table: QualifiedName,
        columns: Vec<String>,
        referenced_table: QualifiedName,
        referenced_columns: Vec<String>,
    },
}

impl FactQuery {
    /// The fact, in words, once the database has answered `count`.
    pub fn describe(&self, count: u64) -> String {
        let n = group_thousands(count);
        match self {
            FactQuery::Rows { table } => format!("table `{table}` holds {n} row(s)"),
            FactQuery::NonNullValues { column, .. } => {
                format!("dropping column `{column}` loses {n} non-null value(s)")
            }
            FactQuery::NullValues { column, .. } => format!("{n} row(s) have NULL in `{column}`"),
            FactQuery::DuplicateRows { .. } => format!("{n} row(s) would violate the new unique index"),
            FactQuery::CheckViolations { .. } => format!("{n} row(s) violate the new check"),
            FactQuery::LongerThan { column, length, .. } => {
                format!("{n} value(s) of `{column}` are longer than {length} characters")
            }
            FactQuery::OutOfRange { column, min, max, .. } => {
                format!("{n} value(s) of `{column}` are outside {min}..={max}")
            }
            FactQuery::OrphanRows { referenced_table, .. } => {
                format!("{n} row(s) reference no row of `{referenced_table}`")
            }
        }
    }
}

/// `12345` -> `12,345`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One rule that a statement breaks.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: RuleId,
    pub level: Level,
    pub message: String,
    #[serde(serialize_with = "serialize_location")]
    pub location: Location,
    /// The statement's text, as written.
    pub statement: String,
    /// The object concerned (`users.bio`).
    pub object: Option<String>,
    /// What to count on a database to state the risk as a fact.
    pub fact: Option<FactQuery>,
    /// The fact, once counted.
    pub fact_text: Option<String>,
}

impl Finding {
    pub fn rule_info(&self) -> &'static Rule {
        self.rule.rule()
    }
}

fn serialize_location<S: serde::Serializer>(location: &Location, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut st = s.serialize_struct("Location", 3)?;
    st.serialize_field("file", &location.file.display().to_string())?;
    st.serialize_field("line", &location.line)?;
    st.serialize_field("column", &location.column)?;
    st.end()
}

/// What a lint run found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LintReport {
    /// Findings at warning or error level, in file and statement order.
    pub findings: Vec<Finding>,
    /// Findings silenced by `-- codegen:allow` comments.
    pub suppressed: usize,
    /// Migration files linted.
    pub files: usize,
    pub statements: usize,
}

impl LintReport {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::Error)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error("cannot read `{}`: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "`{}` holds no migrations (expected <version>_<name>/up.sql, <ts>_<name>/migration.sql or <version>_<name>.sql)",
        .0.display()
    )]
    NoMigrations(PathBuf),
    /// A script migration whose SQL cannot be read (a schema builder, interpolated SQL).
    #[error("{0}")]
    Unreadable(String),
}

/// A migration's SQL, or why it cannot be read.
fn migration_text<T>(result: Result<T, crate::read::ReadError>) -> Result<T, LintError> {
    result.map_err(|e| match e {
        crate::read::ReadError::Io { path, source } => LintError::Io { path, source },
        crate::read::ReadError::Invalid(d) => LintError::Unreadable(d.to_string()),
    })
}

fn read(path: &Path) -> Result<String, LintError> {
    std::fs::read_to_string(path).map_err(|source| LintError::Io { path: path.to_path_buf(), source })
}

/// One migration: its up script, and its down script when the layout has one.
#[derive(Debug, Clone)]
struct MigrationFiles {
    up: PathBuf,
    down: Option<PathBuf>,
    /// Whether the layout expects a down script (diesel, `.up.sql` files, Prisma with a down).
    expects_down: bool,
    /// Whether the tool runs the up inside a transaction (diesel, unless metadata.toml says not).
    in_transaction: bool,
}

fn migration_files(layout: MigrationLayout, up: &Path) -> MigrationFiles {
    let dir = up.parent().unwrap_or(Path::new("."));
    let existing = |p: PathBuf| p.is_file().then_some(p);
    match layout {
        MigrationLayout::Diesel => {
            let metadata = std::fs::read_to_string(dir.join("metadata.toml")).unwrap_or_default();
            let no_tx = metadata.lines().any(|l| l.replace(' ', "") == "run_in_transaction=false");
            MigrationFiles {
                up: up.to_path_buf(),
                down: existing(dir.join("down.sql")),
                expects_down: true,
                in_transaction: !no_tx,
            }
        }
        MigrationLayout::Prisma => MigrationFiles {
            up: up.to_path_buf(),
            down: existing(dir.join("down.sql")),
            expects_down: false,
            in_transaction: false,
        },
        MigrationLayout::Script => MigrationFiles {
            up: up.to_path_buf(),
            down: Some(up.to_path_buf()),
            expects_down: true,
            in_transaction: true,
        },
        MigrationLayout::Files => {
            let name = up.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let stem = name.strip_suffix(".up.sql").or_else(|| name.strip_suffix(".sql")).unwrap_or(name);
            let down = existing(dir.join(format!("{stem}.down.sql")));
            // Drizzle (a folder with meta/_journal.json) applies its migrations in a transaction.
            let drizzle = dir.join("meta").join("_journal.json").is_file();
            MigrationFiles {
                up: up.to_path_buf(),
                expects_down: name.ends_with(".up.sql") || down.is_some() || drizzle,
                down,
                in_transaction: drizzle,
            }
        }
    }
}

/// Lint a migrations folder, or one migration file (replaying the migrations before it when it
/// sits in a migrations folder).
pub fn lint_path(path: &Path, options: &LintOptions) -> Result<LintReport, LintError> {
    let mut report = lint_target(path, options)?;
    if !options.code.is_empty() {
        code::apply(&mut report, &code::CodeIndex::read(&options.code));
    }
    Ok(report)
}

fn lint_target(path: &Path, options: &LintOptions) -> Result<LintReport, LintError> {
    if path.is_dir() {
        return lint_folder(path, None, options);
    }
    let text = read(path)?;
    // A file inside a migrations folder: replay the earlier migrations, report on this one.
    if let Some(folder) = enclosing_folder(path) {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        return lint_folder(&folder, Some(&canonical), options);
    }
    let mut report = LintReport::default();
    let mut reader = options.reader();
    let mut lint = check::FileLint::new(path, options, false);
    // Nothing says what exists before a lone file: an unknown name cannot be checked, it is not
    // an error.
    lint.unknown_is_unchecked = options.base.is_none();
    lint.run(&text, &mut reader, &mut report);
    report.files = 1;
    Ok(report)
}

/// The migrations folder a migration file sits in (its parent, or its grandparent for the
/// folder-per-migration layouts).
fn enclosing_folder(path: &Path) -> Option<PathBuf> {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    path.ancestors().skip(1).take(2).find_map(|folder| {
        let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
        let (_, migrations) = list_migrations(folder).ok()?;
        migrations.iter().any(|m| m.up.canonicalize().is_ok_and(|p| p == canonical)).then(|| folder.to_path_buf())
    })
}

/// Whether `path` is a lone migration file: no earlier migrations say what it runs on.
pub fn is_lone_file(path: &Path) -> bool {
    path.is_file() && enclosing_folder(path).is_none()
}

fn lint_folder(dir: &Path, only: Option<&Path>, options: &LintOptions) -> Result<LintReport, LintError> {
    let (layout, migrations) = list_migrations(dir)
        .map_err(|_| LintError::Io { path: dir.to_path_buf(), source: std::io::ErrorKind::NotFound.into() })?;
    if migrations.is_empty() {
        return Err(LintError::NoMigrations(dir.to_path_buf()));
    }
    let mut report = LintReport::default();
    let mut reader = options.reader();
    for migration in &migrations {
        let mut files = migration_files(layout, &migration.up);
        if migration.script {
            files.in_transaction = migration.script_in_transaction();
        }
        let text = migration_text(migration.up_sql())?;
        let linted = only.is_none_or(|only| migration.up.canonicalize().is_ok_and(|p| p == only));
        if !linted {
            let mut lint = check::FileLint::new(&files.up, options, files.in_transaction);
            lint.run(&text, &mut reader, &mut LintReport::default());
            continue;
        }
        // The model before the up is only needed to check a down against.
        let before = files.down.as_ref().map(|_| reader.schema().clone());
        let mut lint = check::FileLint::new(&files.up, options, files.in_transaction);
        lint.run(&text, &mut reader, &mut report);
        report.files += 1;
        let down_text = match &files.down {
            Some(_) if migration.script => migration_text(migration.down_sql())?,
            Some(down) => Some(read(down)?),
            None => None,
        };
        let marked =
            rollback::marked_irreversible(&text) || down_text.as_deref().is_some_and(rollback::marked_irreversible);
        let context = rollback::Rollback {
            options,
            up: &files.up,
            up_text: &text,
            down: files.down.as_deref(),
            down_text: down_text.as_deref(),
            expects_down: files.expects_down,
            marked,
            destroys_data: lint.destroys_data,
            before: before.as_ref(),
            after: reader.schema(),
        };
        rollback::check(&context, &mut report);
    }
    Ok(report)
}

#[cfg(test)]
mod tests;

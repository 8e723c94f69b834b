//! Replaying a migrations folder into a model, without any database.
//!
//! Layouts recognised (the folder given, or its `migrations/` subfolder):
//! - diesel: `<version>_<name>/up.sql` (with `down.sql` beside it, not replayed);
//! - Prisma Migrate: `<timestamp>_<name>/migration.sql`;
//! - sqlx and refinery: `<version>_<name>.sql` or `<version>_<name>.up.sql` (`.down.sql` skipped),
//!   refinery's `V<n>__<name>.sql` too; Drizzle's `<idx>_<name>.sql` (its `meta/` folder is not a
//!   migration) with codegen's `<idx>_<name>.down.sql` beside it;
//! - Knex and TypeORM: `<version>_<name>.js|.ts` and `<ms>-<Name>.ts`, whose `up` and `down`
//!   functions pass their SQL to `knex.raw()` or `queryRunner.query()` ([`crate::read::script`]).
//!
//! Migrations are applied in the order of their version prefix, compared as numbers where both
//! are numeric (so `V10` follows `V9`), otherwise as text.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::read::sql::SqlReader;
use crate::read::{Loaded, ReadError};

/// The layout a migrations folder uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrationLayout {
    Diesel,
    Prisma,
    /// One file per migration: sqlx, refinery, Drizzle.
    Files,
    /// JavaScript or TypeScript migrations with an `up` and a `down` function: Knex, TypeORM.
    Script,
}

/// One migration to replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    pub version: String,
    pub name: String,
    /// The SQL file applied for "up".
    pub up: PathBuf,
    /// The SQL file that reverses it, when there is one: `down.sql` beside a diesel `up.sql` or
    /// a Prisma `migration.sql`, `<stem>.down.sql` beside a one-file migration, the file itself
    /// for a script.
    pub down: Option<PathBuf>,
    /// A Knex or TypeORM script: `up` and `down` are functions of one file, whose SQL
    /// [`Migration::up_sql`] and [`Migration::down_sql`] read.
    pub script: bool,
}

impl Migration {
    /// The SQL the up applies: the up file, or the SQL of a script's `up` function (each
    /// statement on its line of the script, so diagnostics point into it).
    pub fn up_sql(&self) -> Result<String, ReadError> {
        self.sql_of(&self.up, crate::read::script::Direction::Up).map(|sql| sql.unwrap_or_default())
    }

    /// The SQL that reverses it, `None` when there is no down.
    pub fn down_sql(&self) -> Result<Option<String>, ReadError> {
        match &self.down {
            Some(down) => self.sql_of(down, crate::read::script::Direction::Down),
            None => Ok(None),
        }
    }

    fn sql_of(&self, path: &Path, direction: crate::read::script::Direction) -> Result<Option<String>, ReadError> {
        let text = crate::read::read_sql_text(path)?;
        if !self.script {
            return Ok(Some(text));
        }
        crate::read::script::extract_sql(&text, direction, path).map_err(|d| ReadError::Invalid(Diagnostics(vec![d])))
    }

    /// Whether the migration tool runs this migration in a transaction, as far as the files say:
    /// a Knex `config = { transaction: false }` or a TypeORM `transaction = false` says not.
    pub fn script_in_transaction(&self) -> bool {
        let text = std::fs::read_to_string(&self.up).unwrap_or_default();
        !(text.contains("transaction: false") || text.contains("transaction = false"))
    }
}

/// Whether `dir` looks like a migrations folder (for source-kind detection).
pub fn is_migrations_dir(dir: &Path) -> bool {
    list_migrations(dir).is_ok_and(|(_, migrations)| !migrations.is_empty())
}

/// Find the migrations in `dir`, in replay order.
pub fn list_migrations(dir: &Path) -> Result<(MigrationLayout, Vec<Migration>), ReadError> {
    let dir = if dir.join("migrations").is_dir() && !has_migration_entries(dir) {
        dir.join("migrations")
    } else {
        dir.to_path_buf()
    };
    let entries = std::fs::read_dir(&dir).map_err(|e| ReadError::io(&dir, e))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut migrations = Vec::new();
    let mut layout = None;
    for path in paths {
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if path.is_dir() {
            let Some((version, name)) = split_version(&file_name) else { continue };
            let (kind, up) = if path.join("up.sql").is_file() {
                (MigrationLayout::Diesel, path.join("up.sql"))
            } else if path.join("migration.sql").is_file() {
                (MigrationLayout::Prisma, path.join("migration.sql"))
            } else {
                continue;
            };
            layout.get_or_insert(kind);
            let down = Some(path.join("down.sql")).filter(|p| p.is_file());
            migrations.push(Migration { version, name, up, down, script: false });
        } else if file_name.ends_with(".sql") && !file_name.ends_with(".down.sql") {
            let stem = file_name.trim_end_matches(".sql").trim_end_matches(".up");
            let Some((version, name)) = split_version(stem) else { continue };
            layout.get_or_insert(MigrationLayout::Files);
            let down = Some(path.with_file_name(format!("{stem}.down.sql"))).filter(|p| p.is_file());
            migrations.push(Migration { version, name, up: path, down, script: false });
        } else if crate::read::script::is_script_path(&path) {
            let stem = file_name.split('.').next().unwrap_or_default();
            let Some((version, name)) = split_version(stem) else { continue };
            // Knex versions are 14-digit timestamps, TypeORM's 13-digit milliseconds; any other
            // numbered script (a `0001_seed.js`) is not taken for a migration.
            if version.len() < 13 || name.is_empty() {
                continue;
            }
            layout.get_or_insert(MigrationLayout::Script);
            migrations.push(Migration { version, name, up: path.clone(), down: Some(path), script: true });
        }
    }
    migrations.sort_by(|a, b| compare_versions(&a.version, &b.version).then_with(|| a.name.cmp(&b.name)));
    Ok((layout.unwrap_or(MigrationLayout::Files), migrations))
}

fn has_migration_entries(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            split_version(name.split('.').next().unwrap_or_default()).is_some()
        })
    })
}

/// `2024-01-01-000000_create_users` -> ("2024-01-01-000000", "create_users");
/// `V3__add_index` -> ("3", "add_index"); `20240101_init` -> ("20240101", "init").
fn split_version(stem: &str) -> Option<(String, String)> {
    let stem = stem.strip_prefix('V').filter(|r| r.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(stem);
    if !stem.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let end = stem.find(|c: char| !(c.is_ascii_digit() || c == '-')).unwrap_or(stem.len());
    let version = stem[..end].trim_end_matches('-').to_string();
    let name = stem[end..].trim_start_matches('_').to_string();
    Some((version, name))
}

fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (da, db) = (digits(a), digits(b));
    match (da.parse::<u128>(), db.parse::<u128>()) {
        (Ok(x), Ok(y)) if da.len() == db.len() || !a.contains('-') => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// Replay every migration's "up" in order and return the resulting model.
pub fn read_migrations_dir(dir: &Path, dialect: Dialect) -> Result<Loaded, ReadError> {
    let (_, migrations) = list_migrations(dir)?;
    if migrations.is_empty() {
        return Err(ReadError::Invalid(Diagnostics(vec![Diagnostic::error(format!(
            "`{}` holds no migrations (expected <version>_<name>/up.sql, <ts>_<name>/migration.sql or <version>_<name>.sql)",
            dir.display()
        ))])));
    }
    let mut reader = SqlReader::new(dialect);
    for migration in &migrations {
        let text = migration.up_sql()?;
        reader.apply_script(&text, &migration.up);
    }
    reader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_split_for_every_layout() {
        assert_eq!(
            split_version("2024-01-01-000000_create_users"),
            Some(("2024-01-01-000000".into(), "create_users".into()))
        );
        assert_eq!(split_version("V3__add_index"), Some(("3".into(), "add_index".into())));
        assert_eq!(split_version("20240101120000_init"), Some(("20240101120000".into(), "init".into())));
        assert_eq!(split_version("README"), None);
    }

    #[test]
    fn numeric_versions_sort_as_numbers() {
        let mut v = vec!["10", "9", "1"];
        v.sort_by(|a, b| compare_versions(a, b));
        assert_eq!(v, ["1", "9", "10"]);
    }
}

//! The rule catalogue: every rule's stable id, what it is about, why it matters and how to fix it.

use serde::Serialize;

use crate::dialect::Dialect;

/// Declares [`RuleId`]: one variant per rule, with the id users write.
macro_rules! rule_ids {
    ($($variant:ident = $id:literal,)*) => {
        /// A rule's id. Findings name their rule by one of these, so a misspelt id does not
        /// compile (it used to be a string, and a finding with an id missing from [`RULES`] was
        /// dropped without a word). Users write the text form (`-- codegen:allow drop-column`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId {
            $($variant,)*
        }

        impl RuleId {
            /// Every id, in documentation order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            /// The id as users write it: `drop-column`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }
        }
    };
}

rule_ids! {
    DropTable = "drop-table",
    DropColumn = "drop-column",
    DropSchema = "drop-schema",
    DropEnumValue = "drop-enum-value",
    NarrowingType = "narrowing-type",
    UnsafeCast = "unsafe-cast",
    NotNullColumnWithoutDefault = "not-null-column-without-default",
    SetNotNull = "set-not-null",
    AddUnique = "add-unique",
    AddCheck = "add-check",
    AddForeignKey = "add-foreign-key",
    IndexWithoutConcurrently = "index-without-concurrently",
    ConcurrentlyInTransaction = "concurrently-in-transaction",
    TypeChangeRewrite = "type-change-rewrite",
    ConstraintWithoutNotValid = "constraint-without-not-valid",
    VolatileDefault = "volatile-default",
    MissingLockTimeout = "missing-lock-timeout",
    MysqlCopyAlgorithm = "mysql-copy-algorithm",
    TableRebuild = "table-rebuild",
    RenameTable = "rename-table",
    RenameColumn = "rename-column",
    MissingDown = "missing-down",
    DownNotReverse = "down-not-reverse",
    UnmarkedIrreversibleDown = "unmarked-irreversible-down",
    UnknownObject = "unknown-object",
    UncheckedObject = "unchecked-object",
    ReplayError = "replay-error",
    SyntaxError = "syntax-error",
    PreferTimestamptz = "prefer-timestamptz",
    PreferBigintKey = "prefer-bigint-key",
    PreferText = "prefer-text",
    PreferIdentity = "prefer-identity",
}

impl RuleId {
    /// The rule's entry in the catalogue (a test holds every id to one entry).
    pub fn rule(self) -> &'static Rule {
        RULES.iter().find(|r| r.id == self).expect("every rule id has a catalogue entry")
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// How seriously a finding of a rule is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    /// Reported, never failing the run: what the linter could not check.
    Note,
    Warning,
    Error,
}

impl std::str::FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "off" | "allow" => Ok(Level::Off),
            "note" | "info" => Ok(Level::Note),
            "warning" | "warn" => Ok(Level::Warning),
            "error" | "deny" => Ok(Level::Error),
            other => Err(format!("unknown level `{other}` (expected error, warning, note or off)")),
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Level::Off => "off",
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// A named set of levels: `default`, or `strict` which also turns on the preference rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    #[default]
    Default,
    Strict,
}

impl std::str::FromStr for Preset {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "default" => Ok(Preset::Default),
            "strict" => Ok(Preset::Strict),
            other => Err(format!("unknown preset `{other}` (expected default or strict)")),
        }
    }
}

/// What a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    DataLoss,
    ExistingRows,
    Locks,
    Compatibility,
    Rollback,
    Ordering,
    Preference,
}

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id, used in `-- codegen:allow <id>`, in codegen.toml and as the docs anchor.
    pub id: RuleId,
    pub category: Category,
    /// One line: why the statement is a risk.
    pub reason: &'static str,
    /// What to do instead.
    pub fix: &'static str,
    /// Level in the `default` preset.
    pub default: Level,
    /// Level in the `strict` preset.
    pub strict: Level,
    /// Dialects the rule applies to; empty means all.
    pub dialects: &'static [Dialect],
}

impl Rule {
    /// The rule's section in the documentation.
    pub fn doc_link(&self) -> String {
        format!("{DOCS}#{}", self.id)
    }

    pub fn applies_to(&self, dialect: Dialect) -> bool {
        self.dialects.is_empty() || self.dialects.contains(&dialect)
    }

    pub fn level_in(&self, preset: Preset) -> Level {
        match preset {
            Preset::Default => self.default,
            Preset::Strict => self.strict,
        }
    }
}

/// Where the rules are documented, one section per rule.
pub const DOCS: &str = "docs/lint.md";

const PG: &[Dialect] = &[Dialect::Postgres];
const MYSQL: &[Dialect] = &[Dialect::Mysql];
const PG_MYSQL: &[Dialect] = &[Dialect::Postgres, Dialect::Mysql];
const ALL: &[Dialect] = &[];

const fn rule(
    id: RuleId,
    category: Category,
    default: Level,
    dialects: &'static [Dialect],
    reason: &'static str,
    fix: &'static str,
) -> Rule {
    let strict = if matches!(default, Level::Off) { Level::Warning } else { default };
    Rule { id, category, reason, fix, default, strict, dialects }
}

use Category::*;
use Level::{Error as E, Note as N, Off as O, Warning as W};
use RuleId as R;

/// Every rule, in documentation order.
pub const RULES: &[Rule] = &[
    rule(
        R::DropTable,
        DataLoss,
        E,
        ALL,
        "dropping a table deletes every row in it",
        "keep the table until no code reads it and its data is archived; then allow the drop with a reason",
    ),
    rule(
        R::DropColumn,
        DataLoss,
        E,
        ALL,
        "dropping a column deletes its values in every row",
        "stop reading the column first, archive its data if needed, then allow the drop with a reason",
    ),
    rule(
        R::DropSchema,
        DataLoss,
        E,
        ALL,
        "dropping a schema deletes every object and row in it",
        "drop the objects one by one so each loss is reviewed",
    ),
    rule(
        R::DropEnumValue,
        DataLoss,
        E,
        ALL,
        "removing an enum value fails on, or rewrites, rows that hold it",
        "update the rows holding the value first, then rebuild the type",
    ),
    rule(
        R::NarrowingType,
        DataLoss,
        E,
        ALL,
        "a narrower type truncates values or fails on rows that do not fit",
        "check the longest/largest stored value first, or keep the wider type",
    ),
    rule(
        R::UnsafeCast,
        DataLoss,
        W,
        ALL,
        "a cast between type families fails on any row that does not convert",
        "add a new column, backfill it with a checked conversion, then switch",
    ),
    rule(
        R::NotNullColumnWithoutDefault,
        ExistingRows,
        E,
        ALL,
        "adding a NOT NULL column without a default fails on a table that has rows",
        "add the column nullable (or with a default), backfill it, then set NOT NULL",
    ),
    rule(
        R::SetNotNull,
        ExistingRows,
        W,
        ALL,
        "SET NOT NULL fails if any row holds NULL, and scans the whole table under a lock",
        "backfill NULLs first; on PostgreSQL add CHECK (col IS NOT NULL) NOT VALID, validate it, then set NOT NULL",
    ),
    rule(
        R::AddUnique,
        ExistingRows,
        W,
        ALL,
        "a unique index or constraint fails if existing rows hold duplicates",
        "remove duplicates first; on PostgreSQL build the index CONCURRENTLY and add the constraint USING INDEX",
    ),
    rule(
        R::AddCheck,
        ExistingRows,
        W,
        ALL,
        "a new check constraint fails if existing rows violate it",
        "fix violating rows first; on PostgreSQL add it NOT VALID and VALIDATE it separately",
    ),
    rule(
        R::AddForeignKey,
        ExistingRows,
        W,
        ALL,
        "a new foreign key fails if existing rows reference missing rows",
        "fix orphan rows first; on PostgreSQL add it NOT VALID and VALIDATE it separately",
    ),
    rule(
        R::IndexWithoutConcurrently,
        Locks,
        W,
        PG,
        "CREATE/DROP INDEX without CONCURRENTLY blocks writes to the table while it runs",
        "use CREATE INDEX CONCURRENTLY / DROP INDEX CONCURRENTLY, outside a transaction",
    ),
    rule(
        R::ConcurrentlyInTransaction,
        Locks,
        E,
        PG,
        "CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block",
        "run the statement in its own migration outside a transaction (diesel: run_in_transaction = false)",
    ),
    rule(
        R::TypeChangeRewrite,
        Locks,
        W,
        PG,
        "this ALTER COLUMN TYPE rewrites the whole table under an ACCESS EXCLUSIVE lock",
        "add a new column, backfill it in batches, switch the code, then drop the old one",
    ),
    rule(
        R::ConstraintWithoutNotValid,
        Locks,
        W,
        PG,
        "adding a foreign key or check without NOT VALID scans the table under a lock",
        "add it NOT VALID, then VALIDATE CONSTRAINT in a later statement",
    ),
    rule(
        R::VolatileDefault,
        Locks,
        W,
        PG,
        "a volatile default makes ADD COLUMN rewrite the whole table",
        "add the column without a default (or a constant one) and backfill in batches",
    ),
    rule(
        R::MissingLockTimeout,
        Locks,
        W,
        PG,
        "a lock-taking statement without lock_timeout can queue behind a long query and block every other query",
        "start the migration with SET lock_timeout = '2s' (and retry on failure)",
    ),
    rule(
        R::MysqlCopyAlgorithm,
        Locks,
        W,
        MYSQL,
        "this ALTER cannot run with ALGORITHM=INPLACE or INSTANT: MySQL copies the table and blocks writes",
        "use an online schema change tool (gh-ost, pt-online-schema-change) or an add-backfill-switch plan",
    ),
    rule(
        R::TableRebuild,
        Locks,
        W,
        ALL,
        "the table is rebuilt (new table, copy, drop, rename): every row is copied and the table is locked meanwhile",
        "run it at a quiet time; check the copy keeps every column",
    ),
    rule(
        R::RenameTable,
        Compatibility,
        W,
        ALL,
        "code that is still running reads the old table name and fails after the rename",
        "use a multi-step plan: create the new table (or a view), dual-write, switch the code, drop the old one",
    ),
    rule(
        R::RenameColumn,
        Compatibility,
        W,
        ALL,
        "code that is still running reads the old column name and fails after the rename",
        "use a multi-step plan: add the new column, backfill, dual-write, switch the code, drop the old one",
    ),
    rule(
        R::MissingDown,
        Rollback,
        W,
        ALL,
        "the migration has no down script, so it cannot be rolled back",
        "write a down that reverses the up, or mark the migration `-- codegen:irreversible`",
    ),
    rule(
        R::DownNotReverse,
        Rollback,
        E,
        ALL,
        "the down script does not bring the schema back to what it was before the up",
        "make the down undo every change of the up (replayed on the model)",
    ),
    rule(
        R::UnmarkedIrreversibleDown,
        Rollback,
        W,
        ALL,
        "the up destroys data the down cannot bring back, and nothing says so",
        "mark it with `-- codegen:irreversible` (or a `-- grade: lossy` header) so nobody relies on the down",
    ),
    rule(
        R::UnknownObject,
        Ordering,
        E,
        ALL,
        "the statement needs an object that no earlier migration creates",
        "create the object in an earlier migration, or fix the name",
    ),
    rule(
        R::UncheckedObject,
        Ordering,
        N,
        ALL,
        "the statement names an object no earlier migration or given schema has, so it cannot be checked",
        "give the schema the migration runs on: `--schema SOURCE` (a dump, a folder, a database file or URL) or `--database-url URL`",
    ),
    rule(
        R::ReplayError,
        Ordering,
        E,
        ALL,
        "the statement cannot be applied to the schema as the earlier migrations leave it",
        "fix the statement so it applies after the earlier migrations",
    ),
    rule(R::SyntaxError, Ordering, E, ALL, "the statement does not parse", "fix the SQL"),
    rule(
        R::PreferTimestamptz,
        Preference,
        O,
        PG,
        "timestamp without time zone stores wall-clock times that shift meaning with the server's zone",
        "use timestamptz",
    ),
    rule(
        R::PreferBigintKey,
        Preference,
        O,
        PG_MYSQL,
        "an integer primary key runs out at 2^31 rows and is painful to widen later",
        "use bigint (or bigserial/identity bigint) keys",
    ),
    rule(
        R::PreferText,
        Preference,
        O,
        PG,
        "varchar(n) on PostgreSQL is no faster than text, and widening it later is a migration",
        "use text, with a CHECK on length if a limit matters",
    ),
    rule(
        R::PreferIdentity,
        Preference,
        O,
        PG,
        "serial creates a sequence the table does not own cleanly; identity columns are the SQL standard",
        "use GENERATED BY DEFAULT AS IDENTITY",
    ),
];

/// The rule with this id.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id.as_str() == id)
}

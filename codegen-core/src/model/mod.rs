//! The neutral schema model: one owned tree that every reader produces and every backend consumes.
//!
//! The model stores SQL names only; backends derive Rust and Prisma names through [`crate::naming`].
//! Source locations ride along for diagnostics but never take part in equality, so a model read
//! from a file compares equal to the same model read from a database.

use serde::{Deserialize, Serialize};

use crate::dialect::Dialect;
use crate::location::Loc;

mod objects;

pub use objects::{DbObject, ObjectKind, ObjectRef, RefKind};

/// Version of the JSON form of [`Schema`]; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 2;

/// A whole database schema in neutral form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// Version of this serialised form, [`FORMAT_VERSION`] when written by this crate.
    pub format_version: u32,
    /// The dialect the declared types and object definitions are written in (the source's), or
    /// `None` when they are neutral spellings (a Prisma schema, a model built in code). Output for
    /// this dialect writes them as declared; output for another writes the neutral types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialect: Option<Dialect>,
    /// Namespaces (PostgreSQL schemas) declared besides the default one, in declaration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespaces: Vec<String>,
    /// `COMMENT ON SCHEMA` text, by namespace (PostgreSQL).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub namespace_comments: std::collections::BTreeMap<String, String>,
    /// Enum types, named (PostgreSQL) or synthesised from inline declarations (MySQL, SQLite).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumType>,
    #[serde(default)]
    pub tables: Vec<Table>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// Everything else the database holds (extensions, sequences, functions, triggers, ...), in
    /// the order the source created them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<DbObject>,
}

impl Default for Schema {
    fn default() -> Self {
        Self {
            format_version: FORMAT_VERSION,
            dialect: None,
            namespaces: Vec::new(),
            namespace_comments: Default::default(),
            enums: Vec::new(),
            tables: Vec::new(),
            views: Vec::new(),
            objects: Vec::new(),
        }
    }
}

/// A name, optionally qualified by a namespace. `schema: None` is the default namespace
/// (`public` on PostgreSQL, the connected database elsewhere).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QualifiedName {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
}

impl QualifiedName {
    /// A name in the default namespace.
    pub fn new(name: impl Into<String>) -> Self {
        Self { schema: None, name: name.into() }
    }

    pub fn qualified(schema: Option<String>, name: impl Into<String>) -> Self {
        Self { schema, name: name.into() }
    }
}

impl std::fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{schema}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// A table with its columns and constraints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: QualifiedName,
    pub columns: Vec<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<UniqueConstraint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckConstraint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// PostgreSQL `COMMENT ON CONSTRAINT`: comments on this table's constraints, by constraint
    /// name (kept here rather than on each constraint: a constraint is found by its name).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub constraint_comments: std::collections::BTreeMap<String, String>,
    /// Storage and engine options that change what the table is or how it behaves.
    #[serde(default, skip_serializing_if = "TableOptions::is_empty")]
    pub options: TableOptions,
    #[serde(default, skip)]
    pub loc: Loc,
}

/// A table's options beyond its columns and constraints, each in the dialect that has it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableOptions {
    /// SQLite `WITHOUT ROWID`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub without_rowid: bool,
    /// SQLite `STRICT`: declared types are enforced.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict: bool,
    /// PostgreSQL `UNLOGGED`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unlogged: bool,
    /// PostgreSQL `PARTITION BY ...` of a partitioned table, verbatim (`RANGE (payment_date)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<String>,
    /// PostgreSQL: this table is a partition of another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_of: Option<PartitionOf>,
    /// PostgreSQL `INHERITS (...)`: the parents whose columns this table also has.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inherits: Vec<QualifiedName>,
    /// PostgreSQL storage parameters, verbatim (`(fillfactor='50')`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    /// MySQL `ENGINE=...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// MySQL default character set of the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// Default collation of the table (MySQL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

impl TableOptions {
    pub fn is_empty(&self) -> bool {
        *self == TableOptions::default()
    }
}

/// A PostgreSQL partition's parent and bound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionOf {
    pub parent: QualifiedName,
    /// The bound, verbatim (`FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')`, `DEFAULT`).
    pub bound: String,
}

impl Table {
    /// Whether the table has a primary key, unique, foreign-key or check constraint named `name`:
    /// by its own name or, on PostgreSQL, by the name the server gives an unnamed one
    /// (`<table>_pkey`, ...), which scripts use.
    pub fn has_constraint(&self, name: &str, dialect: Option<Dialect>) -> bool {
        let named = |n: &Option<String>| n.as_deref() == Some(name);
        self.primary_key.as_ref().is_some_and(|pk| named(&pk.name))
            || self.uniques.iter().any(|u| named(&u.name))
            || self.foreign_keys.iter().any(|fk| named(&fk.name))
            || self.checks.iter().any(|c| named(&c.name))
            || (dialect == Some(Dialect::Postgres)
                && crate::read::sql::pg_names::postgres_implicit_names(self).iter().any(|(_, n)| n == name))
    }

    /// An empty table in the default namespace.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: QualifiedName::new(name),
            columns: Vec::new(),
            primary_key: None,
            foreign_keys: Vec::new(),
            uniques: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            constraint_comments: std::collections::BTreeMap::new(),
            options: TableOptions::default(),
            loc: Loc::default(),
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    /// SQLite: the column that is an alias of the rowid, if any. Only a primary key of one column
    /// declared exactly `INTEGER` (any case) in a rowid table is one: it never holds NULL and an
    /// insert without it gets the next rowid. `INT PRIMARY KEY` or `BIGINT PRIMARY KEY` is an
    /// ordinary column (which, without NOT NULL, even accepts NULL).
    pub fn sqlite_rowid_alias(&self) -> Option<&Column> {
        if self.options.without_rowid {
            return None;
        }
        let [name] = self.primary_key.as_ref()?.columns.as_slice() else {
            return None;
        };
        let column = self.column(name)?;
        column.declared_type.trim().eq_ignore_ascii_case("integer").then_some(column)
    }

    /// Whether `name` is (part of) the primary key.
    pub fn is_primary_key_column(&self, name: &str) -> bool {
        self.primary_key.as_ref().is_some_and(|pk| pk.columns.iter().any(|c| c == name))
    }
}

/// A column, in table order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// The neutral type backends map from.
    #[serde(rename = "type")]
    pub ty: ColumnType,
    /// The type exactly as the source declared it (`DATETIME`, `int4`, `VARCHAR(255)`), since
    /// peer tools key some mappings on the declared spelling.
    pub declared_type: String,
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<ColumnDefault>,
    /// The default as the source wrote it (`now()`, `'active'::text`, `(datetime('now'))`):
    /// output for the source's dialect writes it, so the catalog keeps what it had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_default: Option<String>,
    /// PostgreSQL identity: the options of its sequence as written (`SEQUENCE NAME s START WITH 10`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter_options: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<GeneratedColumn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The column's collation, where the source names one (`COLLATE "C"`, `utf8mb4_bin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// MySQL: the column's character set, where the source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// MySQL `ON UPDATE ...` (`CURRENT_TIMESTAMP`), verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<String>,
    /// MySQL `SRID n` of a spatial column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub srid: Option<u32>,
    /// MySQL: written inside a conditional comment for MySQL 5.7 or later (`/*!50705 ... */`, as
    /// the Sakila scripts do), so MySQL from that version has it and MariaDB, which skips those
    /// comments, does not. MySQL output writes it the same way, so each engine gets what it got.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql_only_since: Option<u32>,
    #[serde(default, skip)]
    pub loc: Loc,
}

impl Column {
    /// A nullable column whose declared type is rendered from `ty` in PostgreSQL spelling.
    pub fn new(name: impl Into<String>, ty: ColumnType, declared_type: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ty,
            declared_type: declared_type.into(),
            nullable: true,
            default: None,
            declared_default: None,
            counter_options: None,
            generated: None,
            comment: None,
            collation: None,
            charset: None,
            on_update: None,
            srid: None,
            mysql_only_since: None,
            loc: Loc::default(),
        }
    }

    /// Whether the database fills this column when an insert leaves it out.
    pub fn has_database_default(&self) -> bool {
        self.default.is_some() || self.generated.is_some()
    }
}

/// Width of an integer type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntWidth {
    /// 1 byte (MySQL `TINYINT`).
    Tiny,
    /// 2 bytes.
    Small,
    /// 3 bytes (MySQL `MEDIUMINT`).
    Medium,
    /// 4 bytes.
    Int,
    /// 8 bytes.
    Big,
}

impl IntWidth {
    /// The type's name in words (`integer`, `bigint`, MySQL's `mediumint`), for messages.
    pub fn type_name(self) -> &'static str {
        match self {
            IntWidth::Tiny => "tinyint",
            IntWidth::Small => "smallint",
            IntWidth::Medium => "mediumint",
            IntWidth::Int => "integer",
            IntWidth::Big => "bigint",
        }
    }
}

/// The neutral column type. Anything that does not fit is kept as [`ColumnType::Other`]:
/// reading a schema never fails on a type.
///
/// Variants carry the facts backends map from (a MySQL `LONGTEXT`'s size class, a `DATETIME`'s
/// spelling, a national character type), so that no backend needs to re-read
/// [`Column::declared_type`]: each maps types in one place, from these fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ColumnType {
    Integer {
        width: IntWidth,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        unsigned: bool,
    },
    Decimal {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<u32>,
    },
    /// 4-byte float.
    Real,
    /// 8-byte float.
    Double,
    Bool,
    /// Unbounded text; `size` is MySQL's size class (`TINYTEXT`, `MEDIUMTEXT`, `LONGTEXT`).
    Text {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        size: Option<LobSize>,
    },
    Varchar {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
        /// Declared as a national character type (`NVARCHAR`, `NATIONAL VARCHAR`).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        national: bool,
    },
    Char {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
        /// Declared as a national character type (`NCHAR`, `NATIONAL CHARACTER`).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        national: bool,
    },
    /// Unbounded bytes (`bytea`, `BLOB`); `size` is MySQL's size class (`MEDIUMBLOB`, ...).
    Bytes {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        size: Option<LobSize>,
    },
    /// Bytes of a declared length: MySQL `BINARY(n)`, or `VARBINARY(n)` when `varying`.
    Binary {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        varying: bool,
    },
    /// A bit string: PostgreSQL `bit(n)` / `bit varying(n)`, MySQL `BIT(n)`.
    Bit {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        length: Option<u32>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        varying: bool,
    },
    Date,
    Time {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
    },
    /// A date and time without a time zone.
    Timestamp {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
        /// SQLite: spelled `DATETIME` rather than `TIMESTAMP` (one meaning, two spellings that
        /// peer tools read differently). MySQL's `DATETIME` is this type with `false`: there,
        /// `TIMESTAMP` is the zoned type.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        datetime: bool,
    },
    TimestampTz {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u32>,
    },
    /// MySQL `YEAR`.
    Year,
    Interval,
    Uuid,
    Json,
    Jsonb,
    /// A reference to an entry of [`Schema::enums`].
    Enum {
        name: QualifiedName,
    },
    /// MySQL `SET(...)`: any subset of the values.
    Set {
        values: Vec<String>,
    },
    Array {
        element: Box<ColumnType>,
    },
    /// Any type the model has no neutral form for, kept as written.
    Other {
        raw: String,
    },
}

/// MySQL's size classes of `TEXT` and `BLOB` (the plain type is `None`): how long a value may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LobSize {
    /// `TINYTEXT`/`TINYBLOB`: 255 bytes.
    Tiny,
    /// `MEDIUMTEXT`/`MEDIUMBLOB`: 16 MiB.
    Medium,
    /// `LONGTEXT`/`LONGBLOB`: 4 GiB.
    Long,
}

impl LobSize {
    /// The size-class prefix of the MySQL type name (`TINY`, `MEDIUM`, `LONG`).
    pub fn mysql_prefix(self) -> &'static str {
        match self {
            LobSize::Tiny => "TINY",
            LobSize::Medium => "MEDIUM",
            LobSize::Long => "LONG",
        }
    }
}

impl ColumnType {
    pub const SMALLINT: ColumnType = ColumnType::Integer { width: IntWidth::Small, unsigned: false };
    pub const INT: ColumnType = ColumnType::Integer { width: IntWidth::Int, unsigned: false };
    pub const BIGINT: ColumnType = ColumnType::Integer { width: IntWidth::Big, unsigned: false };
    /// Plain unbounded text (`text`, MySQL `TEXT`).
    pub const TEXT: ColumnType = ColumnType::Text { size: None };
    /// Plain unbounded bytes (`bytea`, `BLOB`).
    pub const BYTES: ColumnType = ColumnType::Bytes { size: None };

    /// `VARCHAR(length)`.
    pub fn varchar(length: Option<u32>) -> ColumnType {
        ColumnType::Varchar { length, national: false }
    }

    /// `CHAR(length)`.
    pub fn char(length: Option<u32>) -> ColumnType {
        ColumnType::Char { length, national: false }
    }

    /// `TIMESTAMP(precision)` without a time zone.
    pub fn timestamp(precision: Option<u32>) -> ColumnType {
        ColumnType::Timestamp { precision, datetime: false }
    }

    /// Any text type: unbounded, varying or fixed.
    pub fn is_text(&self) -> bool {
        matches!(self, ColumnType::Text { .. } | ColumnType::Varchar { .. } | ColumnType::Char { .. })
    }

    pub fn is_integer(&self) -> bool {
        matches!(self, ColumnType::Integer { .. })
    }

    /// The enum this type refers to, looking through arrays.
    pub fn enum_name(&self) -> Option<&QualifiedName> {
        match self {
            ColumnType::Enum { name } => Some(name),
            ColumnType::Array { element } => element.enum_name(),
            _ => None,
        }
    }
}

/// What the database puts in a column when an insert leaves it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ColumnDefault {
    /// A constant.
    Literal {
        value: Literal,
    },
    /// `now()`, `CURRENT_TIMESTAMP` and their kin.
    CurrentTimestamp,
    CurrentDate,
    CurrentTime,
    /// A value the database counts up: serial, identity or auto-increment.
    AutoIncrement {
        strategy: AutoIncrement,
    },
    /// `gen_random_uuid()`, `uuid_generate_v4()`, MySQL `UUID()`.
    GeneratedUuid {
        function: String,
    },
    /// Any other expression, kept verbatim.
    Expression {
        sql: String,
    },
}

/// How a column counts up, kept so each dialect can write it the way the source did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoIncrement {
    /// PostgreSQL `serial` / `bigserial` / `smallserial`.
    Serial,
    /// `GENERATED ALWAYS AS IDENTITY`.
    IdentityAlways,
    /// `GENERATED BY DEFAULT AS IDENTITY`.
    IdentityByDefault,
    /// MySQL `AUTO_INCREMENT`, SQLite `AUTOINCREMENT`.
    AutoIncrement,
}

/// A constant value in a default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Literal {
    Null,
    Bool(bool),
    /// A number, kept as written so decimals lose nothing.
    Number(String),
    String(String),
}

/// A column computed from an expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedColumn {
    pub expression: String,
    /// Stored (materialised) rather than computed on read.
    pub stored: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrimaryKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferentialAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn is_default(&self) -> bool {
        *self == ReferentialAction::NoAction
    }

    /// The SQL spelling (`ON DELETE <this>`).
    pub fn as_sql(&self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "NO ACTION",
            ReferentialAction::Restrict => "RESTRICT",
            ReferentialAction::Cascade => "CASCADE",
            ReferentialAction::SetNull => "SET NULL",
            ReferentialAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForeignKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub referenced_table: QualifiedName,
    /// The referenced columns; the readers fill them from the referenced primary key when the
    /// source left them out.
    pub referenced_columns: Vec<String>,
    #[serde(default, skip_serializing_if = "ReferentialAction::is_default")]
    pub on_delete: ReferentialAction,
    #[serde(default, skip_serializing_if = "ReferentialAction::is_default")]
    pub on_update: ReferentialAction,
    /// `DEFERRABLE` (PostgreSQL, SQLite): checked at commit when deferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferrable>,
    #[serde(default, skip)]
    pub loc: Loc,
}

/// A deferrable constraint, and whether it starts deferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferrable {
    /// `DEFERRABLE INITIALLY IMMEDIATE`.
    InitiallyImmediate,
    /// `DEFERRABLE INITIALLY DEFERRED`.
    InitiallyDeferred,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UniqueConstraint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
    #[serde(default, skip)]
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckConstraint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The boolean expression, as SQL text.
    pub expression: String,
    /// The column it was declared on (`qty INT CHECK (qty > 0)`), where it was written inline:
    /// MariaDB names such a check after the column and reports it as the column's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(default, skip)]
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    Asc,
    Desc,
}

/// What one position of an index is keyed on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKey {
    Column(String),
    /// An expression, kept verbatim (`lower(email)`).
    Expression(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexPart {
    pub key: IndexKey,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<SortOrder>,
    /// PostgreSQL operator class, verbatim (`gin_trgm_ops`, `public.gist_trgm_ops`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
    /// `COLLATE ...` of this key part, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// PostgreSQL `NULLS FIRST` / `NULLS LAST` (`FIRST` or `LAST`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls: Option<String>,
    /// MySQL key prefix: `name(10)` keys on the first 10 characters (or bytes) of the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u32>,
}

impl IndexPart {
    pub fn column(name: impl Into<String>) -> Self {
        Self {
            key: IndexKey::Column(name.into()),
            order: None,
            opclass: None,
            collation: None,
            nulls: None,
            length: None,
        }
    }

    /// A key part on an expression, verbatim.
    pub fn expression(sql: impl Into<String>) -> Self {
        Self {
            key: IndexKey::Expression(sql.into()),
            order: None,
            opclass: None,
            collation: None,
            nulls: None,
            length: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    pub parts: Vec<IndexPart>,
    /// Access method (`btree`, `gin`, `gist`, `hash`, ...) when the source named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The `WHERE` predicate of a partial index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// PostgreSQL `INCLUDE (...)`: columns stored in the index but not keyed on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// MySQL: written inside a conditional comment for MySQL 5.7 or later (`/*!50705 ... */`, as
    /// the Sakila scripts do), so MySQL from that version has it and MariaDB, which skips those
    /// comments, does not. MySQL output writes it the same way, so each engine gets what it got.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql_only_since: Option<u32>,
    #[serde(default, skip)]
    pub loc: Loc,
}

impl Index {
    /// A plain B-tree index (no method, predicate or INCLUDE) on `parts`.
    pub fn new(name: impl Into<String>, parts: Vec<IndexPart>) -> Self {
        Self {
            name: name.into(),
            unique: false,
            parts,
            method: None,
            predicate: None,
            include: Vec::new(),
            mysql_only_since: None,
            loc: Loc::default(),
        }
    }

    /// The plain column names, or `None` when a part is an expression.
    pub fn column_names(&self) -> Option<Vec<&str>> {
        self.parts
            .iter()
            .map(|p| match &p.key {
                IndexKey::Column(c) => Some(c.as_str()),
                IndexKey::Expression(_) => None,
            })
            .collect()
    }
}

/// An enum type and its values in declaration order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumType {
    pub name: QualifiedName,
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip)]
    pub loc: Loc,
}

impl EnumType {
    /// The name the model gives the enum of a MySQL inline `ENUM(...)` column, which has no type
    /// name of its own: `<table>_<column>`, in the table's namespace, as Prisma names them.
    pub fn inline_name(table: &QualifiedName, column: &str) -> QualifiedName {
        QualifiedName::qualified(table.schema.clone(), format!("{}_{column}", table.name))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub name: QualifiedName,
    /// Output columns; their types are known where the reader could trace them to a table.
    #[serde(default)]
    pub columns: Vec<Column>,
    /// The query, as SQL text.
    pub definition: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub materialized: bool,
    /// The view runs with its caller's privileges, not its owner's: MySQL `SQL SECURITY
    /// INVOKER`, PostgreSQL `WITH (security_invoker = true)` (the owner's is both defaults).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub security_invoker: bool,
    /// Indexes on a materialized view.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip)]
    pub loc: Loc,
}

impl Schema {
    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.tables.iter().find(|t| &t.name == name)
    }

    pub fn table_mut(&mut self, name: &QualifiedName) -> Option<&mut Table> {
        self.tables.iter_mut().find(|t| &t.name == name)
    }

    pub fn enum_type(&self, name: &QualifiedName) -> Option<&EnumType> {
        self.enums.iter().find(|e| &e.name == name)
    }

    pub fn view(&self, name: &QualifiedName) -> Option<&View> {
        self.views.iter().find(|v| &v.name == name)
    }

    /// The schema with every primary-key column NOT NULL, as ORMs read keys. Only SQLite lets a
    /// key column declared without NOT NULL hold NULL (and report itself nullable); an ORM's
    /// entity still needs a key value, and peer tools (sea-orm-cli, Prisma) type it so.
    pub fn with_keys_not_null(&self) -> std::borrow::Cow<'_, Schema> {
        let nullable_key = |t: &Table| t.columns.iter().any(|c| c.nullable && t.is_primary_key_column(&c.name));
        if !self.tables.iter().any(nullable_key) {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut schema = self.clone();
        for table in &mut schema.tables {
            let keys: Vec<String> = table.primary_key.as_ref().map(|pk| pk.columns.clone()).unwrap_or_default();
            for column in table.columns.iter_mut().filter(|c| keys.contains(&c.name)) {
                column.nullable = false;
            }
        }
        std::borrow::Cow::Owned(schema)
    }

    /// The schema without what only records how the source spelled things (declared types and
    /// defaults, identity options, the source dialect): two schemas that mean the same compare
    /// equal this way whether they were read from a file, a catalog or another dialect.
    pub fn without_spellings(&self) -> Schema {
        let mut schema = self.clone();
        schema.dialect = None;
        let columns = schema
            .tables
            .iter_mut()
            .flat_map(|t| t.columns.iter_mut())
            .chain(schema.views.iter_mut().flat_map(|v| v.columns.iter_mut()));
        for column in columns {
            column.declared_type.clear();
            column.declared_default = None;
            column.counter_options = None;
        }
        schema
    }

    /// Serialise to the model's JSON form.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the model always serialises");
        text.push('\n');
        text
    }
}

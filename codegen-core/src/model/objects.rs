//! Database objects beyond tables, views and enums (extensions, sequences, functions, triggers,
//! policies, ...): carried verbatim with their dialect, signature, table and what they depend on.

use serde::{Deserialize, Serialize};

use super::QualifiedName;
use crate::dialect::Dialect;
use crate::location::Loc;

/// What kind of database object a [`DbObject`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Extension,
    /// A sequence that is not the implicit one of a serial column.
    Sequence,
    Function,
    Procedure,
    Aggregate,
    Trigger,
    /// A PostgreSQL constraint trigger.
    ConstraintTrigger,
    EventTrigger,
    Domain,
    /// A PostgreSQL composite, range or base type (enums are [`EnumType`]s).
    Type,
    Operator,
    OperatorClass,
    OperatorFamily,
    Cast,
    Collation,
    TextSearchConfiguration,
    TextSearchDictionary,
    TextSearchParser,
    TextSearchTemplate,
    Rule,
    Policy,
    /// `ALTER TABLE ... ENABLE ROW LEVEL SECURITY` (and `FORCE`), named after its table.
    RowSecurity,
    Publication,
    Statistics,
    ForeignDataWrapper,
    ForeignServer,
    UserMapping,
    /// A PostgreSQL foreign table: its columns are another server's.
    ForeignTable,
    Language,
    /// A MySQL scheduled event.
    Event,
    /// A SQLite virtual table (`CREATE VIRTUAL TABLE t USING fts5(...)`).
    VirtualTable,
    Conversion,
    AccessMethod,
    Transform,
    /// A PostgreSQL `EXCLUDE` constraint, as `ALTER TABLE ... ADD ...` (the model has no typed form).
    Exclusion,
}

impl ObjectKind {
    /// The object's SQL keywords (`FUNCTION`, `TEXT SEARCH CONFIGURATION`), for statements and messages.
    pub fn keyword(self) -> &'static str {
        match self {
            ObjectKind::Extension => "EXTENSION",
            ObjectKind::Sequence => "SEQUENCE",
            ObjectKind::Function => "FUNCTION",
            ObjectKind::Procedure => "PROCEDURE",
            ObjectKind::Aggregate => "AGGREGATE",
            ObjectKind::Trigger | ObjectKind::ConstraintTrigger => "TRIGGER",
            ObjectKind::EventTrigger => "EVENT TRIGGER",
            ObjectKind::Domain => "DOMAIN",
            ObjectKind::Type => "TYPE",
            ObjectKind::Operator => "OPERATOR",
            ObjectKind::OperatorClass => "OPERATOR CLASS",
            ObjectKind::OperatorFamily => "OPERATOR FAMILY",
            ObjectKind::Cast => "CAST",
            ObjectKind::Collation => "COLLATION",
            ObjectKind::TextSearchConfiguration => "TEXT SEARCH CONFIGURATION",
            ObjectKind::TextSearchDictionary => "TEXT SEARCH DICTIONARY",
            ObjectKind::TextSearchParser => "TEXT SEARCH PARSER",
            ObjectKind::TextSearchTemplate => "TEXT SEARCH TEMPLATE",
            ObjectKind::Rule => "RULE",
            ObjectKind::Policy => "POLICY",
            ObjectKind::RowSecurity => "ROW LEVEL SECURITY",
            ObjectKind::Publication => "PUBLICATION",
            ObjectKind::Statistics => "STATISTICS",
            ObjectKind::ForeignDataWrapper => "FOREIGN DATA WRAPPER",
            ObjectKind::ForeignServer => "SERVER",
            ObjectKind::UserMapping => "USER MAPPING",
            ObjectKind::ForeignTable => "FOREIGN TABLE",
            ObjectKind::Language => "LANGUAGE",
            ObjectKind::Event => "EVENT",
            ObjectKind::VirtualTable => "VIRTUAL TABLE",
            ObjectKind::Conversion => "CONVERSION",
            ObjectKind::AccessMethod => "ACCESS METHOD",
            ObjectKind::Transform => "TRANSFORM",
            ObjectKind::Exclusion => "CONSTRAINT",
        }
    }

    /// The kind in words, for messages (`text search configuration`).
    pub fn describe(self) -> String {
        match self {
            ObjectKind::ConstraintTrigger => "constraint trigger".into(),
            ObjectKind::RowSecurity => "row-level security".into(),
            ObjectKind::ForeignServer => "foreign server".into(),
            ObjectKind::Exclusion => "exclusion constraint".into(),
            other => other.keyword().to_ascii_lowercase(),
        }
    }

    /// Whether objects of this kind belong to a table (and are named within it on PostgreSQL).
    pub fn on_table(self) -> bool {
        matches!(
            self,
            ObjectKind::Trigger
                | ObjectKind::ConstraintTrigger
                | ObjectKind::Rule
                | ObjectKind::Policy
                | ObjectKind::RowSecurity
                | ObjectKind::Exclusion
        )
    }
}

/// A database object the model carries verbatim for its own dialect: what the neutral model has
/// no form for, but a faithful copy of the database needs (extensions, functions, triggers, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DbObject {
    pub kind: ObjectKind,
    pub name: QualifiedName,
    /// What tells overloads apart: a function's, procedure's or aggregate's argument types
    /// (`integer, text`); an operator's operand types (`text, text`); a cast's `source AS target`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The table (or view) a trigger, rule, policy or row-security setting belongs to, or the
    /// column's table of a sequence `OWNED BY` it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<QualifiedName>,
    /// The dialect the definition is written in.
    pub dialect: Dialect,
    /// The statements that create it, verbatim and in order, each without its terminator
    /// (`CREATE TEXT SEARCH CONFIGURATION` and its `ALTER ... ADD MAPPING`s, say).
    pub definition: Vec<String>,
    /// The tables, views, types and other objects its definition names, found when reading; the
    /// SQL backend creates them first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<ObjectRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip)]
    pub loc: Loc,
}

/// A reference from one object to another, by kind and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ObjectRef {
    pub kind: RefKind,
    pub name: QualifiedName,
}

/// What an [`ObjectRef`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    Table,
    View,
    Enum,
    Object(ObjectKind),
}

impl DbObject {
    /// The object's identity among the schema's objects: kind, name, signature and table.
    pub fn key(&self) -> (ObjectKind, &QualifiedName, Option<&str>, Option<&QualifiedName>) {
        (self.kind, &self.name, self.signature.as_deref(), self.table.as_ref())
    }

    /// The object named in messages: `function public.last_day(timestamp)`, `trigger t on films`.
    pub fn describe(&self) -> String {
        let mut text = format!("{} {}", self.kind.describe(), self.name);
        if let Some(signature) = &self.signature {
            text.push_str(&format!("({signature})"));
        }
        if let Some(table) = &self.table
            && self.kind.on_table()
        {
            text.push_str(&format!(" on {table}"));
        }
        text
    }

    /// Whether `statement` of the definition must wait until the tables exist: a sequence's
    /// `ALTER SEQUENCE ... OWNED BY table.column`. The rest of the definition comes before them.
    pub fn waits_for_tables(&self, statement: &str) -> bool {
        self.kind == ObjectKind::Sequence && statement.to_ascii_uppercase().contains("OWNED BY")
    }

    /// Whether some statement of the definition waits for the tables (see [`Self::waits_for_tables`]).
    pub fn has_tail(&self) -> bool {
        self.definition.iter().any(|s| self.waits_for_tables(s))
    }
}

//! The structured form of a design: what the sentences of a description become, and what a
//! hand-written (or tool-written) TOML spec holds. `codegen design domain.md --print-spec` prints
//! it; `codegen design spec.toml` reads it. Its JSON Schema is `docs/design-spec.schema.json`.
//!
//! Names are singular snake_case nouns (`order_item`); the table names come from the conventions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::origin::Origin;

/// A whole design.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// The database stated in the description (`postgres`, `mysql`, `sqlite`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialect: Option<String>,
    /// The ORM stated in the description (`prisma`, `diesel`, `sea-orm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orm: Option<String>,
    /// The things the domain is about, in the order they were first named.
    #[serde(default, rename = "entity", skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<EntitySpec>,
    /// How entities refer to each other.
    #[serde(default, rename = "relationship", skip_serializing_if = "Vec::is_empty")]
    pub relationships: Vec<RelationshipSpec>,
    /// Combinations of values no two rows may share.
    #[serde(default, rename = "unique", skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<UniqueSpec>,
    /// Query patterns: what an entity is looked up, filtered or sorted by.
    #[serde(default, rename = "query", skip_serializing_if = "Vec::is_empty")]
    pub queries: Vec<QuerySpec>,
    /// Rules on values or counts.
    #[serde(default, rename = "rule", skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleSpec>,
}

/// One thing of the domain: it becomes a table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntitySpec {
    /// Singular snake_case noun (`order_item`).
    pub name: String,
    /// The table's name, when it should not be the plural of `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    #[serde(default, rename = "attribute", skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeSpec>,
    /// Rows are archived (soft-deleted) and restored rather than deleted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub soft_delete: bool,
    /// Rows are only ever inserted (events, readings, logs).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub append_only: bool,
    /// How many rows the table is expected to hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_rows: Option<u64>,
    /// A join entity made for a many-to-many relationship (no timestamps beyond created_at).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub join: bool,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Option<Origin>,
}

/// What kind of value an attribute holds; without one, the name decides (see docs/design.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttributeKind {
    Text,
    /// Long free text (descriptions, bodies, notes).
    LongText,
    Email,
    Url,
    Integer,
    /// A count or quantity: an integer that is never negative.
    Count,
    /// Money: an exact decimal.
    Money,
    Decimal,
    /// A measurement: a floating-point number.
    Float,
    Boolean,
    Date,
    Timestamp,
    Time,
    Json,
    Uuid,
    /// One of the listed `values`.
    Enum,
}

/// A value an entity holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttributeSpec {
    /// snake_case (`display_name`).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<AttributeKind>,
    /// The values of an enum attribute, in order (the first is the default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// May be left empty.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// No two rows share a value.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Option<Origin>,
}

impl AttributeSpec {
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into(), kind: None, values: Vec::new(), optional: false, unique: false, origin: None }
    }
}

/// How a child refers to its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Cardinality {
    /// Each child has one parent; a parent has any number of children.
    OneToMany,
    /// Each child has one parent; a parent has at most one child.
    OneToOne,
    /// Through a join entity (`through`).
    ManyToMany,
}

/// Whether the child lives inside its parent (deleted with it) or only points at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ownership {
    /// The parent contains the child: deleting the parent deletes it (`ON DELETE CASCADE`).
    Contained,
    /// The child only refers to the parent: a parent in use cannot be deleted, or the
    /// reference is cleared when it is optional.
    Referenced,
}

/// A relationship between two entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationshipSpec {
    /// The "one" side (`project` in "projects contain experiments").
    pub parent: String,
    /// The side that holds the reference (`experiment`); for many-to-many, the other side.
    pub child: String,
    pub cardinality: Cardinality,
    pub ownership: Ownership,
    /// The child may exist without a parent (a nullable reference).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// The reference's role when it is not the parent's name (`creator` gives `creator_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The join entity of a many-to-many relationship.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Option<Origin>,
}

/// A uniqueness rule: `columns` are attribute names or entity names (meaning the reference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniqueSpec {
    pub entity: String,
    pub columns: Vec<String>,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Option<Origin>,
}

/// A query pattern: `by` are equality filters (attributes or referenced entities), `sort` the
/// order the results come in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuerySpec {
    pub entity: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// The sort is newest (largest) first.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub descending: bool,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Option<Origin>,
}

/// A rule on an entity's values or on how many children it has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RuleSpec {
    /// A parent has at least `min` (and at most `max`) children of an entity.
    ChildCount {
        parent: String,
        child: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
        #[serde(skip)]
        #[schemars(skip)]
        origin: Option<Origin>,
    },
    /// A value within bounds (`price > 0`, `rating between 1 and 5`).
    Range {
        entity: String,
        attribute: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// `min` itself is not allowed (`> 0` rather than `>= 0`).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        exclusive_min: bool,
        #[serde(skip)]
        #[schemars(skip)]
        origin: Option<Origin>,
    },
    /// One attribute comes after another (`ends_at > starts_at`).
    After {
        entity: String,
        later: String,
        earlier: String,
        #[serde(skip)]
        #[schemars(skip)]
        origin: Option<Origin>,
    },
}

impl RuleSpec {
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            RuleSpec::ChildCount { origin, .. } | RuleSpec::Range { origin, .. } | RuleSpec::After { origin, .. } => {
                origin.as_ref()
            }
        }
    }
}

impl Spec {
    pub fn entity(&self, name: &str) -> Option<&EntitySpec> {
        self.entities.iter().find(|e| e.name == name)
    }

    pub fn entity_mut(&mut self, name: &str) -> Option<&mut EntitySpec> {
        self.entities.iter_mut().find(|e| e.name == name)
    }

    /// The entity named `name`, added (with `origin`) if it is new.
    pub fn ensure_entity(&mut self, name: &str, origin: Option<&Origin>) -> &mut EntitySpec {
        if let Some(i) = self.entities.iter().position(|e| e.name == name) {
            return &mut self.entities[i];
        }
        self.entities.push(EntitySpec { name: name.to_string(), origin: origin.cloned(), ..Default::default() });
        self.entities.last_mut().expect("just pushed")
    }

    /// The spec as TOML, as `--print-spec` shows it.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("the spec always serialises")
    }

    /// The JSON Schema of the spec form.
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(Spec);
        let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
        text.push('\n');
        text
    }
}

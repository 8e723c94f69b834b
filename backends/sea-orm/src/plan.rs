//! Which entities and relations to write, decided once before rendering: the relation rules of
//! sea-orm-cli (so the output matches it), plus `Linked` impls where its rules leave a foreign key
//! without a usable path (several keys to one table, self-references).

use std::collections::BTreeMap;

use codegen_core::{Column, Dialect, ForeignKey, ReferentialAction, Schema, Table};

use crate::names::{module_file_stem, type_name};
use crate::options::SeaOrmOptions;

/// One entity file.
#[derive(Debug, Clone)]
pub struct EntityPlan<'a> {
    pub table: &'a Table,
    /// The file stem of the module: `post_tags`, `type` (module `r#type`), `self_`.
    pub module: String,
    /// The prelude alias: `PostTags`.
    pub type_name: String,
    /// Relation enum variants, sorted by the related table as sea-orm-cli sorts them.
    pub relations: Vec<RelationPlan>,
    /// Many-to-many `Related` impls through a junction table.
    pub conjuncts: Vec<Conjunct>,
    /// `Linked` impls for the relations that `Related` cannot express.
    pub links: Vec<LinkPlan>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelationKind {
    BelongsTo { from: Vec<String>, to: Vec<String>, on_update: ReferentialAction, on_delete: ReferentialAction },
    HasOne,
    HasMany,
}

/// One variant of an entity's `Relation` enum.
#[derive(Debug, Clone)]
pub struct RelationPlan {
    pub kind: RelationKind,
    /// The SQL name of the related table.
    pub ref_table: String,
    pub self_ref: bool,
    /// 1, 2, ... when several foreign keys of the table point at the same table; 0 otherwise.
    pub num_suffix: usize,
    /// Whether `impl Related` is written for it (not when a junction already relates the two).
    pub impl_related: bool,
    /// The foreign key this variant comes from, when it is a `belongs_to`.
    pub fk_columns: Vec<String>,
}

impl RelationPlan {
    /// The variant name: the related entity's name, `SelfRef` for a self-reference, and a number
    /// when several keys point at the same table.
    pub fn variant(&self) -> String {
        let base = if self.self_ref { "SelfRef".to_string() } else { type_name(&self.ref_table) };
        if self.num_suffix > 0 { format!("{base}{}", self.num_suffix) } else { base }
    }
}

/// `impl Related<to> for Entity` through the junction `via`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conjunct {
    pub via: String,
    pub to: String,
}

/// A `Linked` impl: a named path to `to` (a table's SQL name) over one relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPlan {
    /// The unit struct's name: `SenderLink`.
    pub name: String,
    pub to: String,
    /// The table whose `Relation` enum holds the variant (`None`: this entity's own).
    pub relation_module: Option<String>,
    pub variant: String,
    /// Walk the relation backwards (from the referenced side).
    pub rev: bool,
}

/// Plan every included table of `schema`, in the order sea-orm-cli writes them (by table name).
pub fn plan_entities<'a>(schema: &'a Schema, options: &SeaOrmOptions) -> Vec<EntityPlan<'a>> {
    let mut entities: BTreeMap<&str, EntityPlan<'a>> = BTreeMap::new();
    let mut inverse: BTreeMap<String, Vec<RelationPlan>> = BTreeMap::new();
    let mut reverse_links: BTreeMap<String, Vec<(String, RelationPlan)>> = BTreeMap::new();

    for table in schema.tables.iter().filter(|t| options.includes_table(&t.name.name)) {
        let name = table.name.name.as_str();
        let mut relations = belongs_to_relations(table);
        if options.dialect == Some(Dialect::Sqlite) {
            // sea-schema lists SQLite's keys as `PRAGMA foreign_key_list` does: last declared first.
            relations.reverse();
        }
        for rel in &relations {
            if rel.self_ref || rel.num_suffix > 0 {
                // sea-orm-cli writes no inverse for these; we reach them through `Linked` below.
                reverse_links.entry(rel.ref_table.clone()).or_default().push((name.to_string(), rel.clone()));
                continue;
            }
            let kind = if fk_is_unique(table, &rel.fk_columns) { RelationKind::HasOne } else { RelationKind::HasMany };
            inverse.entry(rel.ref_table.clone()).or_default().push(RelationPlan {
                kind,
                ref_table: name.to_string(),
                self_ref: false,
                num_suffix: 0,
                impl_related: true,
                fk_columns: Vec::new(),
            });
        }
        let links = relations.iter().filter(|r| r.self_ref || r.num_suffix > 0).map(forward_link).collect();
        entities.insert(
            name,
            EntityPlan {
                table,
                module: module_file_stem(name),
                type_name: type_name(name),
                relations,
                conjuncts: Vec::new(),
                links,
            },
        );
    }

    for (target, relations) in inverse {
        if let Some(entity) = entities.get_mut(target.as_str()) {
            for rel in relations {
                if !entity.relations.iter().any(|r| r.ref_table == rel.ref_table) {
                    entity.relations.push(rel);
                }
            }
        }
    }
    let names: std::collections::HashSet<String> = entities.keys().map(|k| k.to_string()).collect();
    for entity in entities.values_mut() {
        entity.relations.retain(|r| r.self_ref || names.contains(&r.ref_table));
        entity.links.retain(|l| names.contains(&l.to));
    }
    for (target, sources) in reverse_links {
        if let Some(entity) = entities.get_mut(target.as_str()) {
            for (source, rel) in sources {
                if names.contains(&source) {
                    entity.links.push(reverse_link(&source, &rel));
                }
            }
        }
    }

    add_conjuncts(&mut entities);
    let mut out: Vec<EntityPlan<'a>> = entities.into_values().collect();
    for entity in &mut out {
        finish_entity(entity);
    }
    out
}

/// The `belongs_to` variants of `table`, numbered where several keys share a target.
fn belongs_to_relations(table: &Table) -> Vec<RelationPlan> {
    let mut per_target: BTreeMap<&str, usize> = BTreeMap::new();
    for fk in &table.foreign_keys {
        *per_target.entry(fk.referenced_table.name.as_str()).or_default() += 1;
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    table
        .foreign_keys
        .iter()
        .map(|fk: &ForeignKey| {
            let target = fk.referenced_table.name.as_str();
            let count = per_target[target];
            let nth = seen.entry(target).or_default();
            *nth += 1;
            RelationPlan {
                kind: RelationKind::BelongsTo {
                    from: fk.columns.clone(),
                    to: fk.referenced_columns.clone(),
                    on_update: fk.on_update,
                    on_delete: fk.on_delete,
                },
                ref_table: target.to_string(),
                self_ref: fk.referenced_table.name == table.name.name,
                num_suffix: if count > 1 { *nth } else { 0 },
                impl_related: true,
                fk_columns: fk.columns.clone(),
            }
        })
        .collect()
}

/// A key whose columns are each unique on their own, or are the whole primary key, makes the
/// inverse a `has_one`.
fn fk_is_unique(table: &Table, columns: &[String]) -> bool {
    let single_unique = |col: &String| column_is_unique(table, col);
    if columns.iter().all(single_unique) {
        return true;
    }
    table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.len() == columns.len() && pk.columns.iter().all(|c| columns.contains(c)))
}

/// Whether a unique constraint or unique index covers exactly this one column.
pub fn column_is_unique(table: &Table, column: &str) -> bool {
    table.uniques.iter().any(|u| u.columns.len() == 1 && u.columns[0] == column)
        || table.indexes.iter().any(|i| {
            i.unique && i.predicate.is_none() && i.column_names().is_some_and(|c| c.len() == 1 && c[0] == column)
        })
}

/// A junction (two relations, a two-column primary key) relates each side to the other.
fn add_conjuncts(entities: &mut BTreeMap<&str, EntityPlan<'_>>) {
    let junctions: Vec<(String, Vec<String>)> = entities
        .iter()
        .filter(|(_, e)| e.relations.len() == 2 && e.table.primary_key.as_ref().is_some_and(|pk| pk.columns.len() == 2))
        .map(|(name, e)| (name.to_string(), e.relations.iter().map(|r| r.ref_table.clone()).collect()))
        .collect();
    for (via, ends) in junctions {
        for (i, end) in ends.iter().enumerate() {
            let other = &ends[1 - i];
            if let Some(entity) = entities.get_mut(end.as_str()) {
                entity.conjuncts.push(Conjunct { via: via.clone(), to: other.clone() });
            }
        }
    }
}

fn finish_entity(entity: &mut EntityPlan<'_>) {
    // Two junctions to the same table would make two `Related` impls for one type: keep neither.
    let duplicated: Vec<String> = entity
        .conjuncts
        .iter()
        .filter(|c| entity.conjuncts.iter().filter(|o| o.to == c.to).count() > 1)
        .map(|c| c.to.clone())
        .collect();
    entity.conjuncts.retain(|c| !duplicated.contains(&c.to));
    for rel in &mut entity.relations {
        if entity.conjuncts.iter().any(|c| c.to == rel.ref_table) {
            rel.impl_related = false;
        }
    }
    entity.relations.sort_by(|a, b| a.ref_table.cmp(&b.ref_table));
    entity.conjuncts.sort_by(|a, b| a.to.cmp(&b.to));
    dedupe_link_names(&mut entity.links);
}

/// The link's name from the key's columns: `sender_id` -> `SenderLink`.
fn forward_link(rel: &RelationPlan) -> LinkPlan {
    LinkPlan {
        name: format!("{}Link", type_name(&key_stem(&rel.fk_columns))),
        to: rel.ref_table.clone(),
        relation_module: None,
        variant: rel.variant(),
        rev: false,
    }
}

/// From the referenced side: `messages.sender_id` -> `MessagesBySenderLink`.
fn reverse_link(source: &str, rel: &RelationPlan) -> LinkPlan {
    LinkPlan {
        name: format!("{}By{}Link", type_name(source), type_name(&key_stem(&rel.fk_columns))),
        to: source.to_string(),
        relation_module: if rel.self_ref { None } else { Some(source.to_string()) },
        variant: rel.variant(),
        rev: true,
    }
}

/// What a key's columns say about the relation: `sender_id` -> `sender`.
fn key_stem(columns: &[String]) -> String {
    let joined = columns.join("_");
    match joined.strip_suffix("_id").or_else(|| joined.strip_suffix("Id")) {
        Some(stem) if !stem.is_empty() => stem.to_string(),
        _ => joined,
    }
}

fn dedupe_link_names(links: &mut [LinkPlan]) {
    let reserved = ["Entity", "Model", "ActiveModel", "Column", "PrimaryKey", "Relation"];
    let mut used: Vec<String> = reserved.iter().map(|s| s.to_string()).collect();
    for link in links.iter_mut() {
        let base = link.name.clone();
        let mut n = 2;
        while used.contains(&link.name) {
            link.name = format!("{base}{n}");
            n += 1;
        }
        used.push(link.name.clone());
    }
}

/// Whether a column's field is an `Option`: a nullable column outside the primary key. SQLite lets
/// a key column without NOT NULL hold NULL (a legacy quirk; only an INTEGER PRIMARY KEY never
/// does); sea-orm-cli makes the first key column non-null and leaves the others `Option`, but
/// SeaORM finds a row by key equality, which a NULL never satisfies, so every key column is a
/// plain field here.
pub fn field_nullable(table: &Table, column: &Column) -> bool {
    column.nullable && !table.is_primary_key_column(&column.name)
}

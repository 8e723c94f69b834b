//! Clauses of the whole description into one [`Spec`]: which nouns are entities (known only
//! once every sentence is read), which are attributes, and which relationships join them.

use crate::origin::Origin;
use crate::parse::{Clause, Np, is_enumish};
use crate::spec::{
    AttributeKind, AttributeSpec, Cardinality, Ownership, QuerySpec, RelationshipSpec, RuleSpec, Spec, UniqueSpec,
};
use crate::words::{self, Quantity, VerbClass};

/// A clause and the sentence it came from.
pub struct Said {
    pub clause: Clause,
    pub origin: Origin,
}

/// Plural nouns that are values of one row, not things of their own.
fn is_plural_attribute(word: &str) -> bool {
    matches!(
        word,
        "settings"
            | "preferences"
            | "metadata"
            | "properties"
            | "attributes"
            | "options"
            | "details"
            | "specs"
            | "specifications"
            | "notes"
            | "credentials"
            | "permissions"
            | "coordinates"
            | "dimensions"
            | "hours"
            | "minutes"
            | "seconds"
            | "days"
            | "cents"
            | "points"
            | "skills"
            | "keywords"
            | "data"
            | "analytics"
    )
}

/// The entity name of a phrase: singular, without `table`.
fn entity_name(np: &Np) -> String {
    let words: Vec<&str> =
        np.words.iter().map(String::as_str).filter(|w| !matches!(*w, "table" | "tables" | "records")).collect();
    words::singular(&words.join("_"))
}

/// The attribute name of a phrase: singular words, generic tails dropped (`role assignments` is `role`).
pub fn attribute_name(words_: &[String]) -> String {
    let mut words: Vec<String> = words_.to_vec();
    while words.len() > 1
        && matches!(
            words.last().map(String::as_str),
            Some("assignment" | "assignments" | "information" | "info" | "details" | "field" | "value" | "values")
        )
    {
        words.pop();
    }
    if words.len() > 1 && words.last().is_some_and(|w| w == "address") && words[words.len() - 2] == "email" {
        words.pop();
    }
    let joined = words.join("_");
    let last = words.last().map(String::as_str).unwrap_or_default();
    let mut joined = joined;
    // "published at date", "recorded at timestamp": the `_at` name is the column.
    for tail in ["_at_date", "_at_timestamp", "_at_time"] {
        if let Some(stem) = joined.strip_suffix(tail) {
            joined = format!("{stem}_at");
        }
    }
    if is_plural_attribute(last) { joined } else { words::singular(&joined) }
}

/// Whether a plural phrase in a "have" list is a thing of its own.
fn plural_is_entity(np: &Np) -> bool {
    np.is_plural() && !is_plural_attribute(np.last()) && np.values.is_empty()
}

/// Read every clause into a spec.
pub fn resolve(said: &[Said]) -> Spec {
    let mut spec = Spec::default();
    // Pass 1: the entities, in the order they are first named.
    for s in said {
        for np in entity_mentions(&s.clause) {
            let name = entity_name(np);
            if !name.is_empty() {
                spec.ensure_entity(&name, Some(&s.origin));
            }
        }
    }
    // Pass 2: what the clauses say about them.
    let mut context: Option<String> = None;
    for s in said {
        apply(&mut spec, &s.clause, &s.origin, &mut context);
    }
    pair_opposite_one_to_many(&mut spec);
    spec
}

/// The phrases of a clause that are entities whatever else is known.
fn entity_mentions(clause: &Clause) -> Vec<&Np> {
    match clause {
        Clause::Entities(list) => list.iter().collect(),
        Clause::Has { subjects, class, items, .. } => {
            let mut out: Vec<&Np> = subjects.iter().collect();
            if *class != VerbClass::Store {
                out.extend(items.iter().filter(|i| plural_is_entity(i) || i.quantity == Some(Quantity::Many)));
            }
            out
        }
        Clause::BelongsTo { subjects, parent, through, .. } => {
            subjects.iter().chain([parent]).chain(through.iter()).collect()
        }
        Clause::Joins { subjects, object, through, .. } => {
            subjects.iter().chain([object]).chain(through.iter()).collect()
        }
        Clause::ManyToMany { a, b, through } => [a, b].into_iter().chain(through.iter()).collect(),
        Clause::SoftDelete { subjects } => subjects.iter().collect(),
        Clause::Scale { subject, .. } | Clause::Query { subject, .. } => vec![subject],
        Clause::ChildCount { parent, child, .. } => vec![parent, child],
        Clause::Unique { within, .. } => within.iter().collect(),
        _ => Vec::new(),
    }
}

fn apply(spec: &mut Spec, clause: &Clause, origin: &Origin, context: &mut Option<String>) {
    let o = Some(origin.clone());
    match clause {
        Clause::Platform { dialect, orm } => {
            if let Some(d) = dialect {
                spec.dialect = Some(d.to_string());
            }
            if let Some(orm) = orm {
                spec.orm = Some(orm.to_string());
            }
        }
        Clause::Entities(_) => {}
        Clause::Has { subjects, verb, class, items, modal, with } => {
            for subject in subjects {
                let parent = entity_name(subject);
                *context = Some(parent.clone());
                for item in items {
                    let name = entity_name(item);
                    let is_entity =
                        *class != VerbClass::Store && spec.entity(&name).is_some() && item.values.is_empty();
                    if !is_entity {
                        add_attribute(spec, &parent, item, modal.possible, origin);
                        continue;
                    }
                    let one = item.quantity == Some(Quantity::One) || (!item.is_plural() && item.quantity.is_none());
                    let (ownership, optional, role) = match class {
                        VerbClass::Author => (Ownership::Referenced, true, words::author_role(verb)),
                        VerbClass::Act => (Ownership::Referenced, false, None),
                        VerbClass::Own => (Ownership::Contained, false, Some("owner")),
                        _ => (Ownership::Contained, false, None),
                    };
                    let cardinality = if one && *class == VerbClass::Contain {
                        Cardinality::OneToOne
                    } else {
                        Cardinality::OneToMany
                    };
                    add_relationship(
                        spec,
                        RelationshipSpec {
                            parent: parent.clone(),
                            child: name.clone(),
                            cardinality,
                            ownership,
                            optional,
                            role: role.map(str::to_string),
                            through: None,
                            origin: o.clone(),
                        },
                    );
                    for attribute in with {
                        let other = entity_name(attribute);
                        if spec.entity(&other).is_some() {
                            // "Patients book appointments with doctors": a reference of the child.
                            add_relationship(
                                spec,
                                RelationshipSpec {
                                    parent: other,
                                    child: name.clone(),
                                    cardinality: Cardinality::OneToMany,
                                    ownership: Ownership::Referenced,
                                    optional: false,
                                    role: None,
                                    through: None,
                                    origin: o.clone(),
                                },
                            );
                        } else {
                            add_attribute(spec, &name, attribute, false, origin);
                        }
                    }
                }
            }
        }
        Clause::BelongsTo { subjects, parent, modal, role, through, with } => {
            let parent_name = entity_name(parent);
            for subject in subjects {
                let child = entity_name(subject);
                *context = Some(child.clone());
                if parent.quantity == Some(Quantity::Many) || through.is_some() {
                    many_to_many(spec, &child, &parent_name, through.as_ref().map(entity_name), with, origin);
                    continue;
                }
                add_relationship(
                    spec,
                    RelationshipSpec {
                        parent: parent_name.clone(),
                        child: child.clone(),
                        cardinality: Cardinality::OneToMany,
                        ownership: if role.is_some() { Ownership::Referenced } else { Ownership::Contained },
                        optional: modal.possible && !modal.required || parent.optional,
                        role: role.clone(),
                        through: None,
                        origin: o.clone(),
                    },
                );
                for attribute in with {
                    add_attribute(spec, &child, attribute, false, origin);
                }
            }
        }
        Clause::Joins { subjects, verb, object, through, with } => {
            let other = entity_name(object);
            for subject in subjects {
                let name = entity_name(subject);
                *context = Some(name.clone());
                if object.quantity == Some(Quantity::One) && through.is_none() {
                    add_relationship(
                        spec,
                        RelationshipSpec {
                            parent: other.clone(),
                            child: name.clone(),
                            cardinality: Cardinality::OneToMany,
                            ownership: Ownership::Referenced,
                            optional: false,
                            role: None,
                            through: None,
                            origin: o.clone(),
                        },
                    );
                    continue;
                }
                let join = through.as_ref().map(entity_name).or_else(|| words::join_noun(verb).map(str::to_string));
                many_to_many(spec, &name, &other, join, with, origin);
            }
        }
        Clause::ManyToMany { a, b, through } => {
            many_to_many(spec, &entity_name(a), &entity_name(b), through.as_ref().map(entity_name), &[], origin);
        }
        Clause::SoftDelete { subjects } => {
            for subject in subjects {
                let name = entity_name(subject);
                spec.ensure_entity(&name, o.as_ref()).soft_delete = true;
                *context = Some(name);
            }
        }
        Clause::Scale { subject, rows, append_only } => {
            let name = entity_name(subject);
            let entity = spec.ensure_entity(&name, o.as_ref());
            if let Some(rows) = rows {
                entity.expected_rows = Some(entity.expected_rows.map_or(*rows, |r| r.max(*rows)));
            }
            entity.append_only |= append_only;
            *context = Some(name);
        }
        Clause::Query { subject, by, sort, descending } => {
            let entity = entity_name(subject);
            spec.ensure_entity(&entity, o.as_ref());
            let by = by.iter().map(|np| column_word(spec, &entity, np)).collect();
            let sort = sort.as_ref().map(|np| column_word(spec, &entity, np));
            spec.queries.push(QuerySpec { entity: entity.clone(), by, sort, descending: *descending, origin: o });
            *context = Some(entity);
        }
        Clause::Unique { target, within } => {
            let Some((entity, attribute)) = locate(spec, target, context.as_deref()) else { return };
            let mut columns = Vec::new();
            if let Some(within) = within {
                let scope = entity_name(within);
                spec.ensure_entity(&scope, o.as_ref());
                if !related(spec, &scope, &entity) {
                    add_relationship(
                        spec,
                        RelationshipSpec {
                            parent: scope.clone(),
                            child: entity.clone(),
                            cardinality: Cardinality::OneToMany,
                            ownership: Ownership::Contained,
                            optional: false,
                            role: None,
                            through: None,
                            origin: o.clone(),
                        },
                    );
                }
                columns.push(scope);
            }
            ensure_attribute(spec, &entity, &attribute, origin);
            columns.push(attribute);
            spec.uniques.push(UniqueSpec { entity, columns, origin: o });
        }
        Clause::ChildCount { parent, child, min, max } => {
            spec.rules.push(RuleSpec::ChildCount {
                parent: entity_name(parent),
                child: entity_name(child),
                min: min.map(|n| n as u32),
                max: max.map(|n| n as u32),
                origin: o,
            });
        }
        Clause::Range { target, min, max, exclusive_min } => {
            let Some((entity, attribute)) = locate(spec, target, context.as_deref()) else { return };
            ensure_attribute(spec, &entity, &attribute, origin);
            spec.rules.push(RuleSpec::Range {
                entity,
                attribute,
                min: *min,
                max: *max,
                exclusive_min: *exclusive_min,
                origin: o,
            });
        }
        Clause::After { later, earlier } => {
            let Some((entity, later)) = locate(spec, later, context.as_deref()) else { return };
            let earlier = attribute_name(&earlier.words);
            ensure_attribute(spec, &entity, &later, origin);
            ensure_attribute(spec, &entity, &earlier, origin);
            spec.rules.push(RuleSpec::After { entity, later, earlier, origin: o });
        }
        Clause::Values { target, values } => {
            let name = entity_name(target);
            let (entity, attribute) = if spec.entity(&name).is_some() {
                (name, "status".to_string())
            } else {
                match locate(spec, target, context.as_deref()) {
                    Some(found) => found,
                    None => return,
                }
            };
            let attr = ensure_attribute(spec, &entity, &attribute, origin);
            attr.kind = Some(AttributeKind::Enum);
            attr.values = values.clone();
        }
        Clause::Optional { target, optional } => {
            if let Some((entity, attribute)) = locate(spec, target, context.as_deref()) {
                if let Some(rel) = spec
                    .relationships
                    .iter_mut()
                    .find(|r| r.child == entity && r.role.as_deref().unwrap_or(&r.parent) == attribute)
                {
                    rel.optional = *optional;
                } else {
                    ensure_attribute(spec, &entity, &attribute, origin).optional = *optional;
                }
            }
        }
    }
}

/// The column word of a query phrase: a referenced entity's name, or an attribute's.
fn column_word(spec: &Spec, entity: &str, np: &Np) -> String {
    let name = entity_name(np);
    if spec.entity(&name).is_some() && name != entity {
        return name;
    }
    let attribute = attribute_name(&np.words);
    match attribute.as_str() {
        "date" | "time" | "creation_date" | "creation_time" => {
            let has_date = spec.entity(entity).is_some_and(|e| e.attributes.iter().any(|a| a.name == attribute));
            if has_date { attribute } else { "created_at".into() }
        }
        _ => attribute,
    }
}

/// Where an attribute phrase points: (entity, attribute).
fn locate(spec: &Spec, np: &Np, context: Option<&str>) -> Option<(String, String)> {
    if let Some(owner) = &np.owner {
        return Some((words::singular(&owner.join("_")), attribute_name(&np.words)));
    }
    for split in (1..np.words.len()).rev() {
        let head = words::singular(&np.words[..split].join("_"));
        if spec.entity(&head).is_some() {
            return Some((head, attribute_name(&np.words[split..])));
        }
    }
    let attribute = attribute_name(&np.words);
    let holders: Vec<&str> = spec
        .entities
        .iter()
        .filter(|e| e.attributes.iter().any(|a| a.name == attribute))
        .map(|e| e.name.as_str())
        .collect();
    match holders.as_slice() {
        [one] => Some((one.to_string(), attribute)),
        _ => match context {
            Some(c) => Some((c.to_string(), attribute)),
            None => holders.first().map(|h| (h.to_string(), attribute.clone())),
        },
    }
}

fn related(spec: &Spec, parent: &str, child: &str) -> bool {
    spec.relationships
        .iter()
        .any(|r| r.parent == parent && r.child == child && r.cardinality != Cardinality::ManyToMany)
}

fn ensure_attribute<'s>(spec: &'s mut Spec, entity: &str, name: &str, origin: &Origin) -> &'s mut AttributeSpec {
    let entity = spec.ensure_entity(entity, Some(origin));
    if let Some(i) = entity.attributes.iter().position(|a| a.name == name) {
        return &mut entity.attributes[i];
    }
    entity.attributes.push(AttributeSpec { origin: Some(origin.clone()), ..AttributeSpec::new(name) });
    entity.attributes.last_mut().expect("just pushed")
}

fn add_attribute(spec: &mut Spec, entity: &str, np: &Np, possible: bool, origin: &Origin) {
    let name = attribute_name(&np.words);
    if name.is_empty() || spec.relationships.iter().any(|r| r.child == entity && r.role.as_deref() == Some(&name)) {
        return;
    }
    let attr = ensure_attribute(spec, entity, &name, origin);
    attr.optional |= np.optional || possible;
    attr.unique |= np.unique;
    if !np.values.is_empty() {
        attr.kind = Some(AttributeKind::Enum);
        attr.values = np.values.clone();
    } else if is_enumish(np.last()) && attr.kind.is_none() {
        attr.kind = Some(AttributeKind::Text);
    }
}

fn add_relationship(spec: &mut Spec, rel: RelationshipSpec) {
    spec.ensure_entity(&rel.parent, rel.origin.as_ref());
    spec.ensure_entity(&rel.child, rel.origin.as_ref());
    // The same link said twice ("projects contain experiments", "each experiment belongs to one
    // project") is one relationship: contained wins, and it is optional only if both say so.
    if let Some(existing) = spec.relationships.iter_mut().find(|r| {
        r.parent == rel.parent && r.child == rel.child && r.role == rel.role && r.cardinality != Cardinality::ManyToMany
    }) {
        if rel.ownership == Ownership::Contained {
            existing.ownership = Ownership::Contained;
        }
        existing.optional &= rel.optional;
        if rel.cardinality == Cardinality::OneToOne {
            existing.cardinality = Cardinality::OneToOne;
        }
        return;
    }
    spec.relationships.push(rel);
}

fn many_to_many(spec: &mut Spec, a: &str, b: &str, through: Option<String>, with: &[Np], origin: &Origin) {
    let exists = spec.relationships.iter().any(|r| {
        r.cardinality == Cardinality::ManyToMany && (r.parent == a && r.child == b || r.parent == b && r.child == a)
    });
    let join = through.unwrap_or_else(|| format!("{a}_{b}"));
    if !exists {
        spec.ensure_entity(a, Some(origin));
        spec.ensure_entity(b, Some(origin));
        spec.ensure_entity(&join, Some(origin)).join = true;
        spec.relationships.push(RelationshipSpec {
            parent: b.to_string(),
            child: a.to_string(),
            cardinality: Cardinality::ManyToMany,
            ownership: Ownership::Contained,
            optional: false,
            role: None,
            through: Some(join.clone()),
            origin: Some(origin.clone()),
        });
    }
    for attribute in with {
        add_attribute(spec, &join, attribute, false, origin);
    }
}

/// "Posts have many tags" and "tags have many posts" are one many-to-many relationship.
fn pair_opposite_one_to_many(spec: &mut Spec) {
    let mut k = 0;
    while k < spec.relationships.len() {
        let r = spec.relationships[k].clone();
        // Not itself: "members have many members" is one self-relationship (fuzzing found it).
        let opposite = spec.relationships.iter().enumerate().position(|(i, o)| {
            i != k
                && o.cardinality == Cardinality::OneToMany
                && r.cardinality == Cardinality::OneToMany
                && o.parent == r.child
                && o.child == r.parent
                && o.role.is_none()
                && r.role.is_none()
        });
        if let Some(j) = opposite {
            let origin = r.origin.clone().unwrap_or(Origin { sentence: String::new(), location: None });
            let (a, b) = (r.parent.clone(), r.child.clone());
            spec.relationships.remove(j.max(k));
            spec.relationships.remove(j.min(k));
            many_to_many(spec, &a, &b, None, &[], &origin);
            continue;
        }
        k += 1;
    }
}

//! Which tables become entities, what their classes, properties and relations are called, and
//! which tables are pure join tables (two foreign keys that make up the whole table) written as
//! `@ManyToMany` with `@JoinTable` instead of an entity.

use std::collections::{BTreeMap, BTreeSet};

use codegen_core::{Diagnostic, Diagnostics, ForeignKey, QualifiedName, Schema, Table};
use codegen_typescript::{camel_case, pascal_case, unique_binding};

use crate::options::{PropertyCase, TypeOrmOptions};

/// One relation property of an entity.
#[derive(Debug, Clone)]
pub struct RelationPlan<'a> {
    pub property: String,
    pub kind: RelationKind<'a>,
    /// The class on the other side and its property that points back.
    pub target_class: String,
    pub inverse_property: String,
}

#[derive(Debug, Clone)]
pub enum RelationKind<'a> {
    /// This table's foreign key.
    ManyToOne(&'a ForeignKey),
    /// Another table's foreign key to this one.
    OneToMany,
    /// A pure join table; `owner` writes the `@JoinTable`, with this table's key first.
    ManyToMany { join: &'a Table, own: &'a ForeignKey, other: &'a ForeignKey, owner: bool },
}

/// A table written as an entity class.
#[derive(Debug)]
pub struct EntityPlan<'a> {
    pub table: &'a Table,
    pub class: String,
    pub properties: Vec<String>,
    pub relations: Vec<RelationPlan<'a>>,
}

impl EntityPlan<'_> {
    /// The property of `column`.
    pub fn property(&self, column: &str) -> Option<&str> {
        self.table.columns.iter().position(|c| c.name == column).map(|i| self.properties[i].as_str())
    }
}

/// Every entity of the schema, in table order.
pub fn plan_entities<'a>(
    schema: &'a Schema,
    options: &TypeOrmOptions,
    diagnostics: &mut Diagnostics,
) -> Vec<EntityPlan<'a>> {
    let join_tables: Vec<&Table> = schema.tables.iter().filter(|t| is_join_table(schema, t)).collect();
    let mut taken = BTreeSet::new();
    let mut entities: Vec<EntityPlan<'a>> = Vec::new();
    for table in &schema.tables {
        if join_tables.iter().any(|j| j.name == table.name) {
            continue;
        }
        if table.primary_key.is_none() {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "table `{}` has no primary key, which a TypeORM entity needs: it is left out",
                    table.name
                ))
                .with_object(table.name.to_string())
                .at(table.loc.location().cloned()),
            );
            continue;
        }
        let base = if options.singular_classes {
            pluralizer::pluralize(&table.name.name, 1, false)
        } else {
            table.name.name.clone()
        };
        let wanted = match &table.name.schema {
            Some(s) if s != "public" => pascal_case(&format!("{s}_{base}")),
            _ => pascal_case(&base),
        };
        let class = unique_binding(if wanted.is_empty() { "Entity" } else { &wanted }, "Entity", &mut taken);
        let properties = properties(table, options.property_case, diagnostics);
        entities.push(EntityPlan { table, class, properties, relations: Vec::new() });
    }
    add_relations(&mut entities, &join_tables);
    entities
}

fn property_name(column: &str, case: PropertyCase) -> String {
    match case {
        PropertyCase::Camel => {
            let camel = camel_case(column);
            if camel.is_empty() { column.to_string() } else { camel }
        }
        PropertyCase::None => column.to_string(),
    }
}

fn properties(table: &Table, case: PropertyCase, diagnostics: &mut Diagnostics) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for column in &table.columns {
        let name = property_name(&column.name, case);
        if let Some(at) = out.iter().position(|p| *p == name) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "columns `{}` and `{}` of `{}` both become the property `{name}`",
                    table.columns[at].name, column.name, table.name
                ))
                .with_object(format!("{}.{}", table.name, column.name))
                .at(column.loc.location().cloned())
                .with_help("set property-case = \"none\" under [targets.typeorm], or rename one of the columns"),
            );
        }
        out.push(name);
    }
    out
}

/// A join table: exactly two single-column foreign keys to two other tables that have primary
/// keys, together making up all columns and the primary key, and nothing else to say.
fn is_join_table(schema: &Schema, table: &Table) -> bool {
    let [a, b] = table.foreign_keys.as_slice() else { return false };
    let single = a.columns.len() == 1 && b.columns.len() == 1 && a.columns != b.columns;
    let targets_ok = [a, b].iter().all(|fk| {
        fk.referenced_table != table.name
            && schema.table(&fk.referenced_table).is_some_and(|t| t.primary_key.is_some() && !is_join_shape(t))
    });
    let all_columns = table.columns.len() == 2;
    let pk_all = table.primary_key.as_ref().is_some_and(|pk| pk.columns.len() == 2);
    single
        && targets_ok
        && all_columns
        && pk_all
        && a.referenced_table != b.referenced_table
        && table.checks.is_empty()
        && table.uniques.is_empty()
        && table.columns.iter().all(|c| c.default.is_none() && c.generated.is_none())
}

/// Two columns, two keys: what a join table looks like, to keep join tables of join tables out.
fn is_join_shape(table: &Table) -> bool {
    table.foreign_keys.len() == 2 && table.columns.len() == 2
}

fn add_relations<'a>(entities: &mut [EntityPlan<'a>], join_tables: &[&'a Table]) {
    let index: BTreeMap<QualifiedName, usize> =
        entities.iter().enumerate().map(|(i, e)| (e.table.name.clone(), i)).collect();
    let mut taken: Vec<BTreeSet<String>> = entities.iter().map(|e| e.properties.iter().cloned().collect()).collect();
    let claim = |entity: usize, wanted: &str, taken: &mut Vec<BTreeSet<String>>| -> String {
        let wanted = if wanted.is_empty() { "related".to_string() } else { wanted.to_string() };
        let mut name = wanted.clone();
        let mut n = 2;
        while taken[entity].contains(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        taken[entity].insert(name.clone());
        name
    };
    let mut additions: Vec<(usize, RelationPlan<'a>)> = Vec::new();
    for from in 0..entities.len() {
        let table = entities[from].table;
        for fk in &table.foreign_keys {
            let Some(&to) = index.get(&fk.referenced_table) else { continue };
            let to_table = entities[to].table;
            let many_to_one = match fk.columns.as_slice() {
                [one] if one.len() > 3 && (one.ends_with("_id") || one.ends_with("Id") || one.ends_with("_ID")) => {
                    camel_case(&one[..one.len() - 3])
                }
                _ => camel_case(&pluralizer::pluralize(&to_table.name.name, 1, false)),
            };
            let m2o = claim(from, &many_to_one, &mut taken);
            let several = table.foreign_keys.iter().filter(|k| k.referenced_table == fk.referenced_table).count() > 1;
            let plural = camel_case(&pluralizer::pluralize(&table.name.name, 2, false));
            let wanted = if several { format!("{plural}By{}", pascal_case(&m2o)) } else { plural };
            let o2m = claim(to, &wanted, &mut taken);
            let (from_class, to_class) = (entities[from].class.clone(), entities[to].class.clone());
            additions.push((
                from,
                RelationPlan {
                    property: m2o.clone(),
                    kind: RelationKind::ManyToOne(fk),
                    target_class: to_class,
                    inverse_property: o2m.clone(),
                },
            ));
            additions.push((
                to,
                RelationPlan {
                    property: o2m,
                    kind: RelationKind::OneToMany,
                    target_class: from_class,
                    inverse_property: m2o,
                },
            ));
        }
    }
    for join in join_tables {
        let [a, b] = join.foreign_keys.as_slice() else { continue };
        let (Some(&ia), Some(&ib)) = (index.get(&a.referenced_table), index.get(&b.referenced_table)) else { continue };
        let prop_a =
            claim(ia, &camel_case(&pluralizer::pluralize(&entities[ib].table.name.name, 2, false)), &mut taken);
        let prop_b =
            claim(ib, &camel_case(&pluralizer::pluralize(&entities[ia].table.name.name, 2, false)), &mut taken);
        let (class_a, class_b) = (entities[ia].class.clone(), entities[ib].class.clone());
        additions.push((
            ia,
            RelationPlan {
                property: prop_a.clone(),
                kind: RelationKind::ManyToMany { join, own: a, other: b, owner: true },
                target_class: class_b,
                inverse_property: prop_b.clone(),
            },
        ));
        additions.push((
            ib,
            RelationPlan {
                property: prop_b,
                kind: RelationKind::ManyToMany { join, own: b, other: a, owner: false },
                target_class: class_a,
                inverse_property: prop_a,
            },
        ));
    }
    for (entity, relation) in additions {
        entities[entity].relations.push(relation);
    }
}

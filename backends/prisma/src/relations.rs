//! Foreign keys as Prisma relations: a relation field on both models, named so that several
//! relations between the same two models (and self-relations) validate.

use std::collections::{BTreeMap, BTreeSet};

use codegen_core::naming::prisma_identifier;
use codegen_core::{Diagnostic, Dialect, QualifiedName, Schema, Table};
use heck::ToUpperCamelCase;

use crate::names::{Names, field_name};
use crate::options::{Naming, PrismaOptions};
use crate::types::PrismaType;

/// One foreign key, as the two relation fields it becomes.
#[derive(Debug, Clone)]
pub struct Relation {
    /// The table holding the foreign key, and the key's position in it.
    pub from: usize,
    pub fk: usize,
    /// The referenced table.
    pub to: usize,
    /// The relation's name, when the two models have more than one relation between them.
    pub name: Option<String>,
    /// The field on `from` that carries `@relation(fields, references)`.
    pub forward: String,
    /// The field on `to` listing the rows of `from` (one when the key is unique).
    pub back: String,
    /// The key's columns are unique in `from`: a one-to-one relation.
    pub one_to_one: bool,
    /// A key column is nullable: the forward field is optional.
    pub optional: bool,
}

/// A foreign key Prisma cannot express as a relation, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub from: usize,
    pub fk: usize,
    pub reason: String,
}

/// Plan every relation, taking the relation field names in `names`.
pub fn plan_relations(
    schema: &Schema,
    names: &mut Names,
    types: &mut [Vec<PrismaType>],
    options: &PrismaOptions,
    join_tables: &BTreeSet<usize>,
) -> (Vec<Relation>, Vec<Skipped>) {
    let naming = options.naming;
    let mut relations = Vec::new();
    let mut skipped = Vec::new();
    // How many keys join each pair of tables (either direction): more than one needs names.
    let index: BTreeMap<&QualifiedName, usize> = schema.tables.iter().enumerate().map(|(i, t)| (&t.name, i)).collect();
    let mut pairs: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (i, t) in schema.tables.iter().enumerate().filter(|(i, _)| !join_tables.contains(i)) {
        for fk in &t.foreign_keys {
            if let Some(&j) = index.get(&fk.referenced_table) {
                *pairs.entry((i.min(j), i.max(j))).or_default() += 1;
            }
        }
    }
    let pair_count = |a: usize, b: usize| pairs.get(&(a.min(b), a.max(b))).copied().unwrap_or(0);
    for (from, table) in schema.tables.iter().enumerate().filter(|(i, _)| !join_tables.contains(i)) {
        for (k, fk) in table.foreign_keys.iter().enumerate() {
            let skip = |reason: String| Skipped { from, fk: k, reason };
            let Some(&to) = index.get(&fk.referenced_table) else {
                skipped.push(skip(format!("the referenced table `{}` is not in the schema", fk.referenced_table)));
                continue;
            };
            let target = &schema.tables[to];
            if !is_unique(target, &fk.referenced_columns) {
                skipped.push(skip(format!(
                    "Prisma relations must reference unique columns, and ({}) of `{}` are not unique",
                    fk.referenced_columns.join(", "),
                    target.name
                )));
                continue;
            }
            if let Err(reason) = agree_key_types(schema, types, options.dialect, from, to, k) {
                skipped.push(skip(reason));
                continue;
            }
            let ambiguous = from == to || pair_count(from, to) > 1;
            // `db pull`'s names: `{model}To{model}` for a lone self-relation, else with the key's
            // columns, of the names models have before any schema qualifies them.
            let (from_base, to_base) = match naming {
                Naming::Database => (names.bases[from].clone(), names.bases[to].clone()),
                Naming::Prisma => (table.name.name.clone(), target.name.name.clone()),
            };
            let lone_self = from == to && pair_count(from, to) == 1;
            let name = ambiguous.then(|| {
                if lone_self {
                    format!("{from_base}To{to_base}")
                } else {
                    format!("{from_base}_{}To{to_base}", fk.columns.join("_"))
                }
            });
            let (forward, back) = if lone_self && naming == Naming::Database {
                (names.bases[to].clone(), format!("other_{}", names.bases[from]))
            } else {
                relation_field_names(schema, names, naming, from, to, &fk.columns, name.as_deref())
            };
            let forward = names.take_field(from, forward);
            let back = names.take_field(to, back);
            let optional = fk.columns.iter().any(|c| table.column(c).is_some_and(|c| c.nullable));
            relations.push(Relation {
                from,
                fk: k,
                to,
                name,
                forward,
                back,
                one_to_one: is_unique(table, &fk.columns),
                optional,
            });
        }
    }
    (relations, skipped)
}

/// The names `prisma db pull` gives (the other model's name, qualified by the relation's name
/// when ambiguous), or with Prisma naming, the key column without its `_id`.
fn relation_field_names(
    schema: &Schema,
    names: &Names,
    naming: Naming,
    from: usize,
    to: usize,
    columns: &[String],
    relation: Option<&str>,
) -> (String, String) {
    match naming {
        Naming::Database => {
            let (from_model, to_model) = (&names.bases[from], &names.bases[to]);
            match relation {
                None => (to_model.clone(), from_model.clone()),
                // A self-relation's two ends would get the same name: `db pull` calls the back one `other_`.
                // The relation's name holds table names as they are: made identifiers again here.
                Some(r) if from == to => (
                    prisma_identifier(&format!("{to_model}_{r}")),
                    prisma_identifier(&format!("other_{from_model}_{r}")),
                ),
                Some(r) => {
                    (prisma_identifier(&format!("{to_model}_{r}")), prisma_identifier(&format!("{from_model}_{r}")))
                }
            }
        }
        Naming::Prisma => {
            let to_table = &schema.tables[to].name.name;
            let from_field = field_name(&schema.tables[from].name.name, naming);
            let stem = match columns {
                [one] => one.strip_suffix("_id").or_else(|| one.strip_suffix("Id")).filter(|s| !s.is_empty()),
                _ => None,
            };
            let forward = match stem {
                Some(stem) if !names.taken[from].contains(&field_name(stem, naming)) => field_name(stem, naming),
                Some(stem) => field_name(&format!("{stem}_{to_table}"), naming),
                None if relation.is_none() => field_name(to_table, naming),
                None => field_name(&format!("{}_{to_table}", columns.join("_")), naming),
            };
            let back = match relation {
                None => from_field,
                Some(_) => format!("{from_field}{}", forward.to_upper_camel_case()),
            };
            (forward, back)
        }
    }
}

/// Whether `columns` (as a set) are the primary key, a unique constraint or a full unique index.
pub fn is_unique(table: &Table, columns: &[String]) -> bool {
    let wanted: BTreeSet<&str> = columns.iter().map(String::as_str).collect();
    let same = |cols: Vec<&str>| cols.into_iter().collect::<BTreeSet<_>>() == wanted;
    table.primary_key.as_ref().is_some_and(|pk| same(pk.columns.iter().map(String::as_str).collect()))
        || table.uniques.iter().any(|u| same(u.columns.iter().map(String::as_str).collect()))
        || table.indexes.iter().any(|i| i.unique && i.predicate.is_none() && i.column_names().is_some_and(&same))
}

/// A warning for a foreign key left out of the relations.
pub fn skipped_warning(schema: &Schema, skipped: &Skipped) -> Diagnostic {
    let table = &schema.tables[skipped.from];
    let fk = &table.foreign_keys[skipped.fk];
    Diagnostic::warning(format!(
        "foreign key ({}) is not a Prisma relation: {}; it is kept in the database only",
        fk.columns.join(", "),
        skipped.reason
    ))
    .with_object(fk.name.clone().map_or_else(|| table.name.to_string(), |n| format!("{}.{n}", table.name)))
    .at(fk.loc.location().cloned())
}

/// Prisma wants a key's fields typed exactly as the fields they reference. On SQLite, where every
/// integer is stored alike, a key column takes the referenced column's integer type; elsewhere
/// a mismatch leaves the key out of the relations.
fn agree_key_types(
    schema: &Schema,
    types: &mut [Vec<PrismaType>],
    dialect: Dialect,
    from: usize,
    to: usize,
    fk: usize,
) -> Result<(), String> {
    let key = &schema.tables[from].foreign_keys[fk];
    let position = |t: usize, column: &str| schema.tables[t].columns.iter().position(|c| c.name == column);
    let mut changes = Vec::new();
    for (column, referenced) in key.columns.iter().zip(&key.referenced_columns) {
        let (Some(c), Some(r)) = (position(from, column), position(to, referenced)) else {
            return Err(format!("column `{column}` or `{referenced}` does not exist"));
        };
        let (ours, theirs) = (&types[from][c], &types[to][r]);
        if ours.scalar == theirs.scalar && ours.list == theirs.list {
            continue;
        }
        let integers = |s: &str| matches!(s, "Int" | "BigInt");
        if dialect == Dialect::Sqlite && integers(&ours.scalar) && integers(&theirs.scalar) {
            changes.push((c, theirs.scalar.clone()));
        } else {
            return Err(format!(
                "Prisma needs `{column}` ({}) typed as the referenced `{referenced}` ({})",
                ours.scalar, theirs.scalar
            ));
        }
    }
    for (c, scalar) in changes {
        types[from][c].scalar = scalar;
    }
    Ok(())
}

//! Implicit many-to-many relations: a join table that follows Prisma's own convention (`_AToB`,
//! columns `A` and `B` keyed to the two models' ids, unique together, `B` indexed) becomes a list
//! field on each model instead of a model of its own, as `db pull` reads it, whatever the keys'
//! referential actions and also between a model and itself. Any other join table stays a model.

use codegen_core::naming::prisma_identifier;
use codegen_core::{Dialect, Schema, Table};

use crate::names::{Names, field_name};
use crate::options::Naming;
use crate::types::PrismaType;

/// One join table Prisma manages itself.
#[derive(Debug, Clone)]
pub struct ManyToMany {
    /// The join table.
    pub table: usize,
    /// The models behind `A` and `B`; `a` comes first by name, as Prisma orders them.
    pub a: usize,
    pub b: usize,
    /// The relation's name when it is not Prisma's default `AToB`.
    pub name: Option<String>,
    /// The list field on `a` (of `b` rows), and the one on `b`.
    pub a_field: String,
    pub b_field: String,
}

/// The join tables of `schema` that follow Prisma's convention.
pub fn find_implicit(
    schema: &Schema,
    names: &mut Names,
    types: &[Vec<PrismaType>],
    naming: Naming,
    dialect: Dialect,
) -> Vec<ManyToMany> {
    let candidates: Vec<(usize, usize, usize)> = schema
        .tables
        .iter()
        .enumerate()
        .filter_map(|(t, table)| convention(schema, table, names, types, dialect, t).map(|(a, b)| (t, a, b)))
        .collect();
    // Prisma tells relations between two models apart by name only: a join table stays implicit
    // when it is the only relation between its two models.
    let linked = |x: usize, y: usize| {
        schema.tables[x].foreign_keys.iter().any(|fk| fk.referenced_table == schema.tables[y].name)
    };
    let mut found = Vec::new();
    for &(t, a, b) in &candidates {
        let table = &schema.tables[t];
        let relation = &table.name.name[1..];
        let (a_base, b_base) = (&names.bases[a], &names.bases[b]);
        let default = format!("{a_base}To{b_base}");
        let explicit = relation != default || a == b;
        // Prisma tells relations between two models apart by name only: a join table with the
        // default name stays implicit only when it is the only relation between its two models.
        let other_joins = candidates.iter().filter(|&&(_, x, y)| (x, y) == (a, b)).count() > 1;
        if !explicit && (other_joins || linked(a, b) || linked(b, a)) {
            continue;
        }
        let name = explicit.then(|| relation.to_string());
        let self_joins = candidates.iter().filter(|&&(_, x, y)| x == a && y == a).count();
        let (a_base, b_base) = match naming {
            // `db pull` names a self-relation's two lists after the model and the column, and the
            // relation too when the model has several.
            Naming::Database if a == b && self_joins == 1 => (format!("{a_base}_A"), format!("{a_base}_B")),
            Naming::Database if a == b => (
                format!("{a_base}_{}_A", prisma_identifier(relation)),
                format!("{a_base}_{}_B", prisma_identifier(relation)),
            ),
            Naming::Database => (b_base.clone(), a_base.clone()),
            Naming::Prisma if a == b => {
                let stem = field_name(relation, naming);
                (format!("{stem}A"), format!("{stem}B"))
            }
            Naming::Prisma => {
                (field_name(&schema.tables[b].name.name, naming), field_name(&schema.tables[a].name.name, naming))
            }
        };
        let a_field = names.take_field(a, a_base);
        let b_field = names.take_field(b, b_base);
        found.push(ManyToMany { table: t, a, b, name, a_field, b_field });
    }
    found
}

/// The models `A` and `B` reference, when `table` is a join table by Prisma's rules.
fn convention(
    schema: &Schema,
    table: &Table,
    names: &Names,
    types: &[Vec<PrismaType>],
    dialect: Dialect,
    t: usize,
) -> Option<(usize, usize)> {
    let name = &table.name.name;
    let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    if !name.starts_with('_') || name.len() < 2 || columns != ["A", "B"] || table.foreign_keys.len() != 2 {
        return None;
    }
    if table.columns.iter().any(|c| c.nullable || c.default.is_some() || c.generated.is_some() || c.comment.is_some())
        || !table.checks.is_empty()
        || table.comment.is_some()
    {
        return None;
    }
    let target = |column: &str| {
        let fk = table.foreign_keys.iter().find(|fk| fk.columns == [column])?;
        let to = schema.tables.iter().position(|x| x.name == fk.referenced_table)?;
        let pk = schema.tables[to].primary_key.as_ref()?;
        let id = schema.tables[to].columns.iter().position(|c| c.name == pk.columns[0])?;
        let (ours, theirs) = (&types[t][if column == "A" { 0 } else { 1 }].scalar, &types[to][id].scalar);
        // SQLite stores every integer alike (see `relations::agree_key_types`).
        let integers = |s: &str| matches!(s, "Int" | "BigInt");
        let same_type = ours == theirs || (dialect == Dialect::Sqlite && integers(ours) && integers(theirs));
        (pk.columns.len() == 1 && fk.referenced_columns == pk.columns && same_type).then_some(to)
    };
    let (a, b) = (target("A")?, target("B")?);
    let pair = ["A".to_string(), "B".to_string()];
    let keyed = table.primary_key.as_ref().is_some_and(|pk| pk.columns == pair)
        || table.uniques.iter().any(|u| u.columns == pair)
        || table.indexes.iter().any(|i| i.unique && i.predicate.is_none() && i.column_names() == Some(vec!["A", "B"]));
    let other_indexes = table.indexes.iter().all(|i| {
        i.predicate.is_none() && (i.column_names() == Some(vec!["B"]) || i.column_names() == Some(vec!["A", "B"]))
    });
    // Prisma's `A` is the model whose name sorts first.
    (keyed && other_indexes && names.models[a] <= names.models[b]).then_some((a, b))
}

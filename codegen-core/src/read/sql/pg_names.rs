//! PostgreSQL's names for what a script left unnamed, kept as the server keeps them: a
//! constraint is named once, after the table it was made on (`users_pkey` stays `users_pkey`
//! when the table becomes `members`), and a serial's sequence keeps its first name.

use crate::dialect::Dialect;
use crate::model::{ColumnDefault, ColumnType, DbObject, ObjectKind, QualifiedName, Table};

/// The names PostgreSQL gave the table's unnamed constraints when they were created, by kind:
/// `<table>_pkey`, `<table>_<columns>_fkey`, `<table>_<columns>_key`, `<table>_<column>_check`.
/// PostgreSQL names a constraint once, so `name` is the table's name at creation.
pub(crate) fn postgres_implicit_names(table: &Table) -> Vec<(ConstraintSlot, String)> {
    use crate::naming::{
        postgres_check_name, postgres_foreign_key_name, postgres_primary_key_name, postgres_unique_name,
    };
    let t = table.name.name.as_str();
    let mut names = Vec::new();
    if table.primary_key.as_ref().is_some_and(|pk| pk.name.is_none()) {
        names.push((ConstraintSlot::PrimaryKey, postgres_primary_key_name(t)));
    }
    for (i, fk) in table.foreign_keys.iter().enumerate().filter(|(_, fk)| fk.name.is_none()) {
        names.push((ConstraintSlot::ForeignKey(i), postgres_foreign_key_name(t, &fk.columns)));
    }
    for (i, u) in table.uniques.iter().enumerate().filter(|(_, u)| u.name.is_none()) {
        names.push((ConstraintSlot::Unique(i), postgres_unique_name(t, &u.columns)));
    }
    let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    for (i, c) in table.checks.iter().enumerate().filter(|(_, c)| c.name.is_none()) {
        names.push((ConstraintSlot::Check(i), postgres_check_name(t, &columns, &c.expression)));
    }
    names
}

/// Where an unnamed constraint sits in its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConstraintSlot {
    PrimaryKey,
    ForeignKey(usize),
    Unique(usize),
    Check(usize),
}

fn set_name(table: &mut Table, slot: ConstraintSlot, name: String) {
    match slot {
        ConstraintSlot::PrimaryKey => {
            if let Some(pk) = &mut table.primary_key {
                pk.name = Some(name);
            }
        }
        ConstraintSlot::ForeignKey(i) => table.foreign_keys[i].name = Some(name),
        ConstraintSlot::Unique(i) => table.uniques[i].name = Some(name),
        ConstraintSlot::Check(i) => table.checks[i].name = Some(name),
    }
}

/// The implicit names of a PostgreSQL table's unnamed constraints before a rename of the table or
/// a column (empty elsewhere), for [`keep_postgres_names`] after it.
pub(crate) fn names_before_rename(table: &Table, dialect: Dialect) -> Vec<(ConstraintSlot, String)> {
    if dialect == Dialect::Postgres { postgres_implicit_names(table) } else { Vec::new() }
}

/// After a rename: an unnamed constraint keeps the name PostgreSQL gave it (`users_pkey` stays
/// `users_pkey` on `members`), so each whose implicit name the rename changed is named now.
pub(crate) fn keep_postgres_names(table: &mut Table, before: Vec<(ConstraintSlot, String)>) {
    let after = postgres_implicit_names(table);
    for (slot, name) in before {
        let changed = after.iter().any(|(s, n)| *s == slot && *n != name);
        if changed {
            set_name(table, slot, name);
        }
    }
}

/// Before a PostgreSQL table or a serial column is renamed: the serial's sequence keeps the name
/// it was made with (`users_id_seq` on `members.id`), which a `serial` written under the new name
/// would not, so the column becomes what pg_dump shows for it: a sequence of that name owned by
/// the column, and a `nextval` default. `column` (its old and new name) limits this to one
/// column.
pub(crate) fn keep_postgres_serial_sequences(
    objects: &mut Vec<DbObject>,
    table: &mut Table,
    column: Option<(&str, &str)>,
    new_table: &QualifiedName,
    dialect: Dialect,
) {
    use crate::model::{AutoIncrement, IntWidth};
    if dialect != Dialect::Postgres {
        return;
    }
    let old_table = table.name.clone();
    for c in table.columns.iter_mut().filter(|c| column.is_none_or(|(old, _)| c.name == old)) {
        if c.default != Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::Serial }) {
            continue;
        }
        let ColumnType::Integer { width, .. } = c.ty else { continue };
        let name = QualifiedName {
            schema: old_table.schema.clone(),
            name: crate::naming::postgres_serial_sequence_name(&old_table.name, &c.name),
        };
        let quoted = super::objects::quoted_table_name(&name);
        let counts_in = match width {
            IntWidth::Small => "smallint",
            IntWidth::Int => "integer",
            _ => "bigint",
        };
        let literal = quoted.replace('\'', "''");
        let owner = format!(
            "{}.{}",
            super::objects::quoted_table_name(new_table),
            super::objects::quoted_ident(column.map_or(c.name.as_str(), |(_, new)| new))
        );
        c.default = Some(ColumnDefault::Expression { sql: format!("nextval('{literal}'::regclass)") });
        c.declared_default = None;
        if c.declared_type.to_ascii_lowercase().contains("serial") {
            c.declared_type = counts_in.to_string();
        }
        objects.push(DbObject {
            kind: ObjectKind::Sequence,
            name,
            signature: None,
            table: Some(new_table.clone()),
            dialect,
            definition: vec![
                format!("CREATE SEQUENCE {quoted} AS {counts_in}"),
                format!("ALTER SEQUENCE {quoted} OWNED BY {owner}"),
            ],
            depends_on: Vec::new(),
            comment: None,
            loc: c.loc.clone(),
        });
    }
}

/// A PostgreSQL statement names an unnamed constraint by the name PostgreSQL gave it: the
/// constraint takes that name. False when no unnamed constraint has it.
pub(crate) fn name_implicit_constraint(table: &mut Table, name: &str, dialect: Dialect) -> bool {
    if dialect != Dialect::Postgres {
        return false;
    }
    let Some((slot, found)) = postgres_implicit_names(table).into_iter().find(|(_, n)| n == name) else {
        return false;
    };
    set_name(table, slot, found);
    true
}

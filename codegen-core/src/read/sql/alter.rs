//! Statements that change an existing schema: indexes, types, `ALTER`, `DROP`, `COMMENT`, renames.

use sqlparser::ast::{
    AlterColumnOperation, AlterIndexOperation, AlterTable, AlterTableOperation, AlterType, AlterTypeAddValuePosition,
    AlterTypeOperation, CommentObject, CreateIndex, ObjectName, ObjectType, RenameTableNameKind, SchemaName,
    UserDefinedTypeRepresentation,
};

use super::expr::{expression_text, lower_default};
use super::table::{add_column, add_table_constraint, default_index_name, index_parts, lower_column};
use super::types::lower_type;
use super::{StatementContext, object_type_name};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{ColumnDefault, ColumnType, EnumType, Index, IndexKey, QualifiedName, Schema, Table};

fn table_mut<'a>(
    schema: &'a mut Schema,
    name: &QualifiedName,
    cx: &StatementContext,
) -> Result<&'a mut Table, Diagnostic> {
    // The names for the suggestion only when the table is missing: collecting them on every call
    // made a script of n tables and n indexes quadratic.
    if schema.table(name).is_none() {
        let known = schema.tables.iter().map(|t| t.name.name.as_str());
        return Err(cx
            .error(format!("table `{name}` does not exist"))
            .with_object(name.to_string())
            .with_help(crate::validate::suggest(&name.name, known)));
    }
    schema.table_mut(name).ok_or_else(|| cx.error(format!("table `{name}` does not exist")))
}

pub(crate) fn apply_create_index(
    schema: &mut Schema,
    create: CreateIndex,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    let table_name = cx.name(&create.table_name);
    let parts = index_parts(&create.columns, cx);
    let name = match &create.name {
        Some(n) => cx.name(n).name,
        None => default_index_name(&table_name.name, &parts),
    };
    // PostgreSQL and SQLite index names are unique in their schema; MySQL's only in their table.
    let exists = schema.tables.iter().any(|t| {
        let scope = match cx.dialect {
            crate::dialect::Dialect::Mysql => t.name == table_name,
            _ => t.name.schema == table_name.schema,
        };
        scope && t.indexes.iter().any(|i| i.name == name)
    });
    if exists {
        return if create.if_not_exists { Ok(()) } else { Err(cx.error(format!("index `{name}` is created twice"))) };
    }
    let table = table_mut(schema, &table_name, cx)?;
    table.indexes.push(Index {
        name,
        unique: create.unique,
        parts,
        method: create.using.map(|u| u.to_string().to_lowercase()),
        predicate: create.predicate.as_ref().map(expression_text),
        include: Vec::new(),
        loc: cx.loc(),
    });
    Ok(())
}

pub(crate) fn apply_create_type(
    schema: &mut Schema,
    name: &ObjectName,
    representation: Option<UserDefinedTypeRepresentation>,
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let name = cx.name(name);
    match representation {
        Some(UserDefinedTypeRepresentation::Enum { labels }) => {
            if schema.enum_type(&name).is_some() {
                return Err(cx.error(format!("type `{name}` is created twice")));
            }
            schema.enums.push(EnumType {
                name,
                values: labels.into_iter().map(|l| l.value).collect(),
                comment: None,
                loc: cx.loc(),
            });
        }
        _ => diagnostics.push(
            cx.note(format!("skipped type `{name}`: only enum types are modelled; columns of it are kept as `Other`")),
        ),
    }
    Ok(())
}

pub(crate) fn apply_create_schema(
    schema: &mut Schema,
    name: &SchemaName,
    if_not_exists: bool,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    let name = match name {
        SchemaName::Simple(n) | SchemaName::NamedAuthorization(n, _) => cx.name(n).name,
        SchemaName::UnnamedAuthorization(i) => cx.ident(i),
    };
    if name == "public" && cx.dialect == crate::dialect::Dialect::Postgres {
        return Ok(());
    }
    if schema.namespaces.contains(&name) {
        return if if_not_exists { Ok(()) } else { Err(cx.error(format!("schema `{name}` is created twice"))) };
    }
    schema.namespaces.push(name);
    Ok(())
}

pub(crate) fn apply_alter_table(
    schema: &mut Schema,
    alter: AlterTable,
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let mut name = cx.name(&alter.name);
    if schema.table(&name).is_none() && alter.if_exists {
        return Ok(());
    }
    table_mut(schema, &name, cx)?;
    for operation in alter.operations {
        // Take the table out while it changes, so inline enums can still be added to the schema.
        let position = schema.tables.iter().position(|t| t.name == name).expect("checked above");
        let mut table = schema.tables.remove(position);
        let result = apply_alter_operation(schema, &mut table, operation, cx, diagnostics);
        schema.tables.insert(position, table);
        // A rename is applied here, with the table back in place, so that foreign keys that
        // point at it (its own included) follow.
        if let Some(new_name) = result? {
            rename_table(schema, &name, new_name.clone(), cx)?;
            name = new_name;
        }
    }
    Ok(())
}

/// Apply one `ALTER TABLE` operation; returns the new name when the table is renamed.
fn apply_alter_operation(
    schema: &mut Schema,
    table: &mut Table,
    operation: AlterTableOperation,
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<Option<QualifiedName>, Diagnostic> {
    let tname = table.name.to_string();
    match operation {
        AlterTableOperation::AddColumn { column_def, if_not_exists, .. } => {
            let column_name = cx.ident(&column_def.name);
            if table.column(&column_name).is_some() {
                if if_not_exists {
                    return Ok(None);
                }
                return Err(cx.error(format!("column `{tname}.{column_name}` already exists")));
            }
            add_column(schema, table, column_def, cx)?;
        }
        AlterTableOperation::DropColumn { column_names, if_exists, .. } => {
            for column in column_names {
                let column = cx.ident(&column);
                if table.column(&column).is_none() {
                    if if_exists {
                        continue;
                    }
                    return Err(missing_column(table, &column, cx));
                }
                drop_column(schema, table, &column);
            }
        }
        AlterTableOperation::RenameColumn { old_column_name, new_column_name } => {
            let (old, new) = (cx.ident(&old_column_name), cx.ident(&new_column_name));
            rename_column(schema, table, &old, &new, cx)?;
        }
        AlterTableOperation::RenameTable { table_name } => {
            let new = match table_name {
                RenameTableNameKind::As(n) | RenameTableNameKind::To(n) => cx.name(&n),
            };
            // An unqualified new name stays in the table's namespace (PostgreSQL's rule).
            let new = QualifiedName { schema: new.schema.or(table.name.schema.clone()), name: new.name };
            return Ok(Some(new));
        }
        AlterTableOperation::AlterColumn { column_name, op } => {
            let name = cx.ident(&column_name);
            let dialect = cx.dialect;
            let column = match table.column_mut(&name) {
                Some(c) => c,
                None => return Err(missing_column(table, &name, cx)),
            };
            match op {
                AlterColumnOperation::SetNotNull => column.nullable = false,
                AlterColumnOperation::DropNotNull => column.nullable = true,
                AlterColumnOperation::SetDefault { value } => column.default = Some(lower_default(&value)),
                AlterColumnOperation::DropDefault => column.default = None,
                AlterColumnOperation::SetDataType { data_type, .. } => {
                    let lowered = lower_type(&data_type, dialect);
                    column.ty = lowered.ty;
                    column.declared_type = data_type.to_string();
                }
                AlterColumnOperation::AddGenerated { generated_as, .. } => {
                    let strategy = match generated_as {
                        Some(sqlparser::ast::GeneratedAs::Always) => crate::model::AutoIncrement::IdentityAlways,
                        _ => crate::model::AutoIncrement::IdentityByDefault,
                    };
                    column.default = Some(ColumnDefault::AutoIncrement { strategy });
                }
                other => return Err(cx.error(format!("cannot apply `ALTER COLUMN {name} {other}`"))),
            }
        }
        AlterTableOperation::AddConstraint { constraint, .. } => {
            add_table_constraint(schema, table, constraint, cx, diagnostics)?;
        }
        AlterTableOperation::DropConstraint { name, if_exists, .. } => {
            let name = cx.ident(&name);
            if !drop_constraint(table, &name) && !if_exists {
                return Err(cx.error(format!("table `{tname}` has no constraint `{name}`")));
            }
        }
        AlterTableOperation::DropPrimaryKey { .. } => table.primary_key = None,
        AlterTableOperation::DropForeignKey { name, .. } => {
            let name = cx.ident(&name);
            let before = table.foreign_keys.len();
            table.foreign_keys.retain(|fk| fk.name.as_deref() != Some(name.as_str()));
            if before == table.foreign_keys.len() {
                return Err(cx.error(format!("table `{tname}` has no foreign key `{name}`")));
            }
        }
        AlterTableOperation::DropIndex { name } => {
            let name = cx.ident(&name);
            if !drop_constraint(table, &name) {
                return Err(cx.error(format!("table `{tname}` has no index `{name}`")));
            }
        }
        AlterTableOperation::RenameConstraint { old_name, new_name } => {
            let (old, new) = (cx.ident(&old_name), cx.ident(&new_name));
            if !rename_constraint(table, &old, &new) {
                return Err(cx.error(format!("table `{tname}` has no constraint `{old}`")));
            }
        }
        // Validation reads the existing rows; the model, which holds none, stays as it is.
        AlterTableOperation::ValidateConstraint { name } => {
            let name = cx.ident(&name);
            let known = |n: &Option<String>| n.as_deref() == Some(name.as_str());
            if !(table.foreign_keys.iter().any(|fk| known(&fk.name)) || table.checks.iter().any(|c| known(&c.name))) {
                return Err(cx.error(format!("table `{tname}` has no check or foreign key `{name}` to validate")));
            }
        }
        AlterTableOperation::ChangeColumn { old_name, new_name, data_type, options, .. } => {
            let old = cx.ident(&old_name);
            let new = cx.ident(&new_name);
            if old != new {
                rename_column(schema, table, &old, &new, cx)?;
            }
            replace_column(schema, table, &new, new_name, data_type, options, cx)?;
        }
        AlterTableOperation::ModifyColumn { col_name, data_type, options, .. } => {
            let name = cx.ident(&col_name);
            replace_column(schema, table, &name, col_name, data_type, options, cx)?;
        }
        other => return Err(cx.error(format!("cannot apply `ALTER TABLE {tname} {other}` to the schema model"))),
    }
    Ok(None)
}

/// MySQL `MODIFY`/`CHANGE`: the column is redefined in place.
fn replace_column(
    schema: &mut Schema,
    table: &mut Table,
    name: &str,
    ident: sqlparser::ast::Ident,
    data_type: sqlparser::ast::DataType,
    options: Vec<sqlparser::ast::ColumnOption>,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    let Some(position) = table.columns.iter().position(|c| c.name == name) else {
        return Err(missing_column(table, name, cx));
    };
    let def = sqlparser::ast::ColumnDef {
        name: ident,
        data_type,
        options: options.into_iter().map(|option| sqlparser::ast::ColumnOptionDef { name: None, option }).collect(),
    };
    let column = lower_column(schema, table, def, cx)?;
    table.columns[position] = column;
    Ok(())
}

fn missing_column(table: &Table, column: &str, cx: &StatementContext) -> Diagnostic {
    cx.error(format!("table `{}` has no column `{column}`", table.name))
        .with_object(format!("{}.{column}", table.name))
        .with_help(crate::validate::suggest(column, table.columns.iter().map(|c| c.name.as_str())))
}

/// Drop a column and what depends on it, as the databases do: indexes and constraints that
/// name it go too; foreign keys of other tables that reference it go too.
fn drop_column(schema: &mut Schema, table: &mut Table, column: &str) {
    table.columns.retain(|c| c.name != column);
    let names = |cols: &[String]| cols.iter().any(|c| c == column);
    if table.primary_key.as_ref().is_some_and(|pk| names(&pk.columns)) {
        table.primary_key = None;
    }
    table.uniques.retain(|u| !names(&u.columns));
    table.foreign_keys.retain(|fk| {
        let uses_column = names(&fk.columns);
        let references_it = fk.referenced_table == table.name && names(&fk.referenced_columns);
        !(uses_column || references_it)
    });
    table.indexes.retain(|ix| !ix.parts.iter().any(|p| p.key == IndexKey::Column(column.to_string())));
    let checks_column =
        |expression: &str| expression.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == column);
    table.checks.retain(|c| !checks_column(&c.expression));
    for other in &mut schema.tables {
        other.foreign_keys.retain(|fk| !(fk.referenced_table == table.name && names(&fk.referenced_columns)));
    }
}

fn rename_in(columns: &mut [String], old: &str, new: &str) {
    for c in columns.iter_mut().filter(|c| *c == old) {
        *c = new.to_string();
    }
}

fn rename_column(
    schema: &mut Schema,
    table: &mut Table,
    old: &str,
    new: &str,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    if table.column(new).is_some() {
        return Err(cx.error(format!("column `{}.{new}` already exists", table.name)));
    }
    let Some(column) = table.column_mut(old) else {
        return Err(missing_column(table, old, cx));
    };
    column.name = new.to_string();
    if let Some(pk) = &mut table.primary_key {
        rename_in(&mut pk.columns, old, new);
    }
    for u in &mut table.uniques {
        rename_in(&mut u.columns, old, new);
    }
    for fk in &mut table.foreign_keys {
        rename_in(&mut fk.columns, old, new);
        if fk.referenced_table == table.name {
            rename_in(&mut fk.referenced_columns, old, new);
        }
    }
    for ix in &mut table.indexes {
        for part in &mut ix.parts {
            if part.key == IndexKey::Column(old.to_string()) {
                part.key = IndexKey::Column(new.to_string());
            }
        }
    }
    for other in &mut schema.tables {
        for fk in other.foreign_keys.iter_mut().filter(|fk| fk.referenced_table == table.name) {
            rename_in(&mut fk.referenced_columns, old, new);
        }
    }
    Ok(())
}

/// Rename a table and every foreign key that points at it.
pub(crate) fn rename_table(
    schema: &mut Schema,
    old: &QualifiedName,
    new: QualifiedName,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    if schema.table(&new).is_some() {
        return Err(cx.error(format!("cannot rename `{old}` to `{new}`: `{new}` exists")));
    }
    table_mut(schema, old, cx)?.name = new.clone();
    for table in &mut schema.tables {
        for fk in table.foreign_keys.iter_mut().filter(|fk| &fk.referenced_table == old) {
            fk.referenced_table = new.clone();
        }
    }
    Ok(())
}

/// Remove the constraint or index called `name`; false when there is none.
fn drop_constraint(table: &mut Table, name: &str) -> bool {
    let is = |n: &Option<String>| n.as_deref() == Some(name);
    if table.primary_key.as_ref().is_some_and(|pk| is(&pk.name)) {
        table.primary_key = None;
        return true;
    }
    let before = table.foreign_keys.len() + table.uniques.len() + table.checks.len() + table.indexes.len();
    table.foreign_keys.retain(|c| !is(&c.name));
    table.uniques.retain(|c| !is(&c.name));
    table.checks.retain(|c| !is(&c.name));
    table.indexes.retain(|c| c.name != name);
    before != table.foreign_keys.len() + table.uniques.len() + table.checks.len() + table.indexes.len()
}

fn rename_constraint(table: &mut Table, old: &str, new: &str) -> bool {
    let rename = |n: &mut Option<String>| {
        if n.as_deref() == Some(old) {
            *n = Some(new.to_string());
            true
        } else {
            false
        }
    };
    let mut found = table.primary_key.as_mut().is_some_and(|pk| rename(&mut pk.name));
    for fk in &mut table.foreign_keys {
        found |= rename(&mut fk.name);
    }
    for u in &mut table.uniques {
        found |= rename(&mut u.name);
    }
    for c in &mut table.checks {
        found |= rename(&mut c.name);
    }
    for ix in table.indexes.iter_mut().filter(|ix| ix.name == old) {
        ix.name = new.to_string();
        found = true;
    }
    found
}

pub(crate) fn apply_alter_type(schema: &mut Schema, alter: AlterType, cx: &StatementContext) -> Result<(), Diagnostic> {
    let name = cx.name(&alter.name);
    let Some(position) = schema.enums.iter().position(|e| e.name == name) else {
        return Err(cx.error(format!("type `{name}` does not exist")));
    };
    match alter.operation {
        AlterTypeOperation::AddValue(add) => {
            let values = &mut schema.enums[position].values;
            let value = add.value.value;
            if values.contains(&value) {
                return if add.if_not_exists {
                    Ok(())
                } else {
                    Err(cx.error(format!("enum `{name}` already has the value `{value}`")))
                };
            }
            let at = match add.position {
                None => values.len(),
                Some(AlterTypeAddValuePosition::Before(v)) => values.iter().position(|x| *x == v.value).unwrap_or(0),
                Some(AlterTypeAddValuePosition::After(v)) => {
                    values.iter().position(|x| *x == v.value).map_or(values.len(), |p| p + 1)
                }
            };
            values.insert(at, value);
        }
        AlterTypeOperation::RenameValue(rename) => {
            let values = &mut schema.enums[position].values;
            match values.iter_mut().find(|v| **v == rename.from.value) {
                Some(v) => *v = rename.to.value,
                None => return Err(cx.error(format!("enum `{name}` has no value `{}`", rename.from.value))),
            }
        }
        AlterTypeOperation::Rename(rename) => {
            let new = QualifiedName { schema: name.schema.clone(), name: cx.ident(&rename.new_name) };
            schema.enums[position].name = new.clone();
            for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
                retarget_enum(&mut column.ty, &name, &new);
            }
        }
    }
    Ok(())
}

fn retarget_enum(ty: &mut ColumnType, old: &QualifiedName, new: &QualifiedName) {
    match ty {
        ColumnType::Enum { name } if name == old => *name = new.clone(),
        ColumnType::Other { raw } if *raw == old.to_string() => *raw = new.to_string(),
        ColumnType::Array { element } => retarget_enum(element, old, new),
        _ => {}
    }
}

pub(crate) fn apply_drop(
    schema: &mut Schema,
    object_type: ObjectType,
    if_exists: bool,
    names: &[ObjectName],
    cascade: bool,
    table: Option<&ObjectName>,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    for object in names {
        let name = cx.name(object);
        let found = match object_type {
            ObjectType::Table => {
                let referenced_by: Vec<String> = schema
                    .tables
                    .iter()
                    .filter(|t| t.name != name && t.foreign_keys.iter().any(|fk| fk.referenced_table == name))
                    .map(|t| t.name.to_string())
                    .collect();
                let strict = cx.dialect != crate::dialect::Dialect::Sqlite;
                if !referenced_by.is_empty() && !cascade && strict && schema.table(&name).is_some() {
                    return Err(cx
                        .error(format!("cannot drop table `{name}`: `{}` references it", referenced_by.join("`, `")))
                        .with_help("drop the foreign keys first, or use DROP TABLE ... CASCADE"));
                }
                let before = schema.tables.len();
                schema.tables.retain(|t| t.name != name);
                for t in &mut schema.tables {
                    t.foreign_keys.retain(|fk| fk.referenced_table != name);
                }
                before != schema.tables.len()
            }
            ObjectType::View | ObjectType::MaterializedView => {
                let before = schema.views.len();
                schema.views.retain(|v| v.name != name);
                before != schema.views.len()
            }
            ObjectType::Index => {
                let on_table = table.map(|t| cx.name(t));
                let mut found = false;
                for t in schema.tables.iter_mut() {
                    let in_scope = match &on_table {
                        Some(on) => &t.name == on,
                        None => t.name.schema == name.schema,
                    };
                    if in_scope {
                        let before = t.indexes.len();
                        t.indexes.retain(|ix| ix.name != name.name);
                        found |= before != t.indexes.len();
                    }
                }
                found
            }
            ObjectType::Type => {
                let used = schema.tables.iter().any(|t| t.columns.iter().any(|c| c.ty.enum_name() == Some(&name)));
                if used && !cascade {
                    return Err(cx.error(format!("cannot drop type `{name}`: columns still use it")));
                }
                let before = schema.enums.len();
                schema.enums.retain(|e| e.name != name);
                before != schema.enums.len()
            }
            ObjectType::Schema => {
                let before = schema.namespaces.len();
                schema.namespaces.retain(|n| *n != name.name);
                if cascade {
                    let gone = Some(name.name.clone());
                    schema.tables.retain(|t| t.name.schema != gone);
                    schema.views.retain(|v| v.name.schema != gone);
                    schema.enums.retain(|e| e.name.schema != gone);
                }
                before != schema.namespaces.len()
            }
            ObjectType::Sequence | ObjectType::Role | ObjectType::User => true,
            other => {
                return Err(cx.error(format!("cannot apply `DROP {}` to the schema model", object_type_name(other))));
            }
        };
        if !found && !if_exists {
            return Err(cx.error(format!("{} `{name}` does not exist", object_type_name(object_type))));
        }
    }
    Ok(())
}

pub(crate) fn apply_comment(
    schema: &mut Schema,
    object_type: CommentObject,
    object_name: &ObjectName,
    comment: Option<String>,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    match object_type {
        CommentObject::Table => table_mut(schema, &cx.name(object_name), cx)?.comment = comment,
        CommentObject::View | CommentObject::MaterializedView => {
            let name = cx.name(object_name);
            match schema.views.iter_mut().find(|v| v.name == name) {
                Some(v) => v.comment = comment,
                None => return Err(cx.error(format!("view `{name}` does not exist"))),
            }
        }
        CommentObject::Column => {
            // `table.column` or `schema.table.column`
            let mut parts = object_name.0.clone();
            let Some(column) = parts.pop().and_then(|p| p.as_ident().map(|i| cx.ident(i))) else {
                return Err(cx.error("COMMENT ON COLUMN needs `table.column`"));
            };
            let table_name = cx.name(&ObjectName(parts));
            let table = table_mut(schema, &table_name, cx)?;
            match table.column_mut(&column) {
                Some(c) => c.comment = comment,
                None => return Err(missing_column(table, &column, cx)),
            }
        }
        CommentObject::Type => {
            let name = cx.name(object_name);
            match schema.enums.iter_mut().find(|e| e.name == name) {
                Some(e) => e.comment = comment,
                None => return Err(cx.error(format!("type `{name}` does not exist"))),
            }
        }
        _ => {}
    }
    Ok(())
}

pub(crate) fn apply_alter_index(
    schema: &mut Schema,
    name: &ObjectName,
    operation: AlterIndexOperation,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    let old = cx.name(name);
    let AlterIndexOperation::RenameIndex { index_name } = operation;
    let new = cx.name(&index_name).name;
    for table in schema.tables.iter_mut().filter(|t| t.name.schema == old.schema) {
        if let Some(ix) = table.indexes.iter_mut().find(|ix| ix.name == old.name) {
            ix.name = new;
            return Ok(());
        }
    }
    Err(cx.error(format!("index `{old}` does not exist")))
}

//! Statements that change an existing schema: indexes, types, `ALTER`, `DROP`, `COMMENT`, renames.

use sqlparser::ast::{
    AlterColumnOperation, AlterTable, AlterTableOperation, AlterType, AlterTypeAddValuePosition, AlterTypeOperation,
    RenameTableNameKind,
};

use super::StatementContext;
use super::coltype::lower_declared_type;
use super::expr::lower_default;
use super::pg_names::{
    keep_postgres_names, keep_postgres_serial_sequences, name_implicit_constraint, names_before_rename,
};
use super::prepare::ColumnFacts;
use super::table::{add_column, add_table_constraint, lower_column};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::model::{ColumnDefault, ColumnType, IndexKey, ObjectKind, QualifiedName, Schema, Table};

pub(crate) fn table_mut<'a>(
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

pub(crate) fn apply_alter_table(
    schema: &mut Schema,
    alter: AlterTable,
    facts: Option<&ColumnFacts>,
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
        let result = apply_alter_operation(schema, &mut table, operation, facts, cx, diagnostics);
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
    facts: Option<&ColumnFacts>,
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
            add_column(schema, table, column_def, facts, cx)?;
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
                    let declared = data_type.to_string();
                    column.ty = lower_declared_type(&declared, dialect).ty;
                    column.declared_type = declared;
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
            name_implicit_constraint(table, &name, cx.dialect);
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
            name_implicit_constraint(table, &old, cx.dialect);
            if !rename_constraint(table, &old, &new) {
                return Err(cx.error(format!("table `{tname}` has no constraint `{old}`")));
            }
        }
        // Validation reads the existing rows; the model, which holds none, stays as it is.
        AlterTableOperation::ValidateConstraint { name } => {
            let name = cx.ident(&name);
            name_implicit_constraint(table, &name, cx.dialect);
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
            replace_column(schema, table, &new, new_name, data_type, options, facts, cx)?;
        }
        AlterTableOperation::ModifyColumn { col_name, data_type, options, .. } => {
            let name = cx.ident(&col_name);
            replace_column(schema, table, &name, col_name, data_type, options, facts, cx)?;
        }
        other => return Err(cx.error(format!("cannot apply `ALTER TABLE {tname} {other}` to the schema model"))),
    }
    Ok(None)
}

/// MySQL `MODIFY`/`CHANGE`: the column is redefined in place.
#[allow(clippy::too_many_arguments)] // the parts of one column definition, as sqlparser splits it
fn replace_column(
    schema: &mut Schema,
    table: &mut Table,
    name: &str,
    ident: sqlparser::ast::Ident,
    data_type: sqlparser::ast::DataType,
    options: Vec<sqlparser::ast::ColumnOption>,
    facts: Option<&ColumnFacts>,
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
    let column = lower_column(schema, table, def, facts, cx)?;
    table.columns[position] = column;
    Ok(())
}

/// A column the statement names is not in the table.
pub(crate) fn missing_column_of(table: &QualifiedName, column: &str, cx: &StatementContext) -> Diagnostic {
    cx.error(format!("table `{table}` has no column `{column}`")).with_object(format!("{table}.{column}"))
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
    if table.column(old).is_none() {
        return Err(missing_column(table, old, cx));
    }
    let before = names_before_rename(table, cx.dialect);
    let table_name = table.name.clone();
    keep_postgres_serial_sequences(&mut schema.objects, table, Some((old, new)), &table_name, cx.dialect);
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
    // Expression keys, partial predicates and INCLUDE lists follow the column as keys do.
    for ix in &mut table.indexes {
        for part in &mut ix.parts {
            match &mut part.key {
                IndexKey::Column(c) if c == old => *c = new.to_string(),
                IndexKey::Expression(e) => *e = renamed_in_expression(e, old, new, cx.dialect),
                IndexKey::Column(_) => {}
            }
        }
        if let Some(predicate) = &mut ix.predicate {
            *predicate = renamed_in_expression(predicate, old, new, cx.dialect);
        }
        rename_in(&mut ix.include, old, new);
    }
    for other in &mut schema.tables {
        for fk in other.foreign_keys.iter_mut().filter(|fk| fk.referenced_table == table.name) {
            rename_in(&mut fk.referenced_columns, old, new);
        }
    }
    // Checks name their columns: the databases rewrite them with the column (SQLite rewrites the
    // text, PostgreSQL and MySQL refer by position).
    for check in &mut table.checks {
        check.expression = renamed_in_expression(&check.expression, old, new, cx.dialect);
        if check.column.as_deref() == Some(old) {
            check.column = Some(new.to_string());
        }
    }
    keep_postgres_names(table, before);
    // A MySQL inline enum is named after its column: it follows the column's new name.
    let inline = crate::model::EnumType::inline_name(&table.name, old);
    let renamed = crate::model::EnumType::inline_name(&table.name, new);
    if cx.dialect == crate::dialect::Dialect::Mysql
        && schema.enum_type(&renamed).is_none()
        && let Some(column) = table.column_mut(new)
        && column.ty.enum_name() == Some(&inline)
    {
        column.ty = crate::model::ColumnType::Enum { name: renamed.clone() };
        if let Some(e) = schema.enums.iter_mut().find(|e| e.name == inline) {
            e.name = renamed;
        }
    }
    Ok(())
}

/// `expression` with every mention of the column `old` spelled `new` (a bare or quoted name).
fn renamed_in_expression(expression: &str, old: &str, new: &str, dialect: crate::dialect::Dialect) -> String {
    use super::lex::{Kind, lex};
    let toks = lex(expression, dialect);
    let mut out = String::with_capacity(expression.len());
    let mut at = 0;
    for tok in &toks {
        let same = match tok.kind {
            Kind::Word => tok.text(expression).eq_ignore_ascii_case(old),
            Kind::Quoted => tok.ident(expression, dialect) == old,
            _ => false,
        };
        if same {
            out.push_str(&expression[at..tok.start]);
            let text = tok.text(expression);
            if tok.kind == Kind::Quoted {
                let (open, close) = (&text[..1], &text[text.len() - 1..]);
                out.push_str(&format!("{open}{new}{close}"));
            } else {
                out.push_str(new);
            }
            at = tok.end;
        }
    }
    out.push_str(&expression[at..]);
    out
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
    let position = schema.tables.iter().position(|t| &t.name == old);
    let before = names_before_rename(table_mut(schema, old, cx)?, cx.dialect);
    if let Some(position) = position {
        let mut table = std::mem::replace(&mut schema.tables[position], Table::new(""));
        keep_postgres_serial_sequences(&mut schema.objects, &mut table, None, &new, cx.dialect);
        schema.tables[position] = table;
    }
    let table = table_mut(schema, old, cx)?;
    table.name = new.clone();
    keep_postgres_names(table, before);
    for table in &mut schema.tables {
        for fk in table.foreign_keys.iter_mut().filter(|fk| &fk.referenced_table == old) {
            fk.referenced_table = new.clone();
        }
    }
    Ok(())
}

/// Remove the constraint or index called `name`; false when there is none.
fn drop_constraint(table: &mut Table, name: &str) -> bool {
    table.constraint_comments.remove(name);
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

pub(crate) fn rename_constraint(table: &mut Table, old: &str, new: &str) -> bool {
    if let Some(comment) = table.constraint_comments.remove(old) {
        table.constraint_comments.insert(new.to_string(), comment);
    }
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

/// `DROP TABLE`: PostgreSQL refuses to drop a table others reference unless CASCADE, which drops
/// their foreign keys; MySQL (with `FOREIGN_KEY_CHECKS=0`, as dumps set it) and SQLite keep
/// them, since a foreign key names its parent by name. A table that is not there is no change
/// with `IF EXISTS`, whatever references it.
pub(crate) fn drop_table(
    schema: &mut Schema,
    name: &QualifiedName,
    if_exists: bool,
    cascade: bool,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    if schema.table(name).is_none() {
        return if if_exists { Ok(()) } else { Err(cx.error(format!("table `{name}` does not exist"))) };
    }
    if cx.dialect == Dialect::Postgres {
        let referenced_by: Vec<String> = schema
            .tables
            .iter()
            .filter(|t| &t.name != name && t.foreign_keys.iter().any(|fk| &fk.referenced_table == name))
            .map(|t| t.name.to_string())
            .collect();
        if !referenced_by.is_empty() && !cascade {
            return Err(cx
                .error(format!("cannot drop table `{name}`: `{}` references it", referenced_by.join("`, `")))
                .with_help("drop the foreign keys first, or use DROP TABLE ... CASCADE"));
        }
        for t in &mut schema.tables {
            t.foreign_keys.retain(|fk| &fk.referenced_table != name);
        }
    }
    schema.tables.retain(|t| &t.name != name);
    // The table's triggers, rules, policies and row security go with it.
    schema.objects.retain(|o| !(o.kind.on_table() && o.table.as_ref() == Some(name)));
    let _ = ObjectKind::Trigger;
    Ok(())
}

/// `DROP INDEX name [ON table]` (PostgreSQL and SQLite names are schema-wide; MySQL's need ON).
pub(crate) fn drop_index(
    schema: &mut Schema,
    name: &QualifiedName,
    on_table: Option<&QualifiedName>,
    if_exists: bool,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    let mut found = false;
    for t in schema.tables.iter_mut() {
        let in_scope = match on_table {
            Some(on) => &t.name == on,
            None => t.name.schema == name.schema,
        };
        if in_scope {
            let before = t.indexes.len();
            t.indexes.retain(|ix| ix.name != name.name);
            found |= before != t.indexes.len();
            // A unique constraint is dropped through its index in MySQL.
            if !found && on_table.is_some() {
                let before = t.uniques.len();
                t.uniques.retain(|u| u.name.as_deref() != Some(name.name.as_str()));
                found |= before != t.uniques.len();
            }
        }
    }
    for view in schema.views.iter_mut().filter(|v| v.name.schema == name.schema) {
        let before = view.indexes.len();
        view.indexes.retain(|ix| ix.name != name.name);
        found |= before != view.indexes.len();
    }
    if !found && !if_exists {
        return Err(cx.error(format!("index `{name}` does not exist")));
    }
    Ok(())
}

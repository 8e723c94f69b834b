//! `schema.ts`: enums, tables with their columns and constraints, and views, as drizzle-kit pull
//! lays them out (tabs, one property per column, constraints in the table's extra-config array).

use std::collections::BTreeSet;

use codegen_core::sql_expression::for_dialect;
use codegen_core::{
    AutoIncrement, Column, ColumnDefault, Diagnostic, Diagnostics, Dialect, ForeignKey, Index, IndexKey,
    ReferentialAction, Schema, SortOrder, Table,
};
use codegen_typescript::literal::doc_comment;
use codegen_typescript::{property_key, sql_template, string};

use crate::defaults::default_call;
use crate::names::{Names, TableNames};
use crate::options::DrizzleOptions;
use crate::types::{Builder, builder};

/// What one rendering carries: the names, the imports used so far, the warnings.
pub struct Cx<'s, 'n> {
    pub schema: &'s Schema,
    pub options: &'n DrizzleOptions,
    pub names: Names<'s>,
    pub imports: BTreeSet<&'static str>,
    pub type_imports: BTreeSet<&'static str>,
    pub uses_sql: bool,
    pub diagnostics: Diagnostics,
}

impl Cx<'_, '_> {
    fn dialect(&self) -> Dialect {
        self.options.dialect
    }

    fn import(&mut self, name: &str) {
        if let Some(known) = IMPORTABLE.iter().find(|k| **k == name) {
            self.imports.insert(known);
        }
    }

    fn sql(&mut self, sql: &str) -> String {
        self.uses_sql = true;
        sql_template(&for_dialect(sql, self.dialect()))
    }

    fn warn(&mut self, object: impl Into<String>, loc: &codegen_core::Loc, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(message).with_object(object).at(loc.location().cloned()));
    }
}

/// The names a dialect's core module exports that the rendering may call.
const IMPORTABLE: &[&str] = &[
    "pgTable",
    "pgSchema",
    "pgEnum",
    "pgView",
    "pgMaterializedView",
    "mysqlTable",
    "mysqlEnum",
    "mysqlView",
    "sqliteTable",
    "sqliteView",
    "customType",
    "index",
    "uniqueIndex",
    "foreignKey",
    "primaryKey",
    "unique",
    "check",
    "smallint",
    "integer",
    "bigint",
    "serial",
    "smallserial",
    "bigserial",
    "numeric",
    "real",
    "doublePrecision",
    "boolean",
    "text",
    "varchar",
    "char",
    "date",
    "time",
    "timestamp",
    "interval",
    "uuid",
    "json",
    "jsonb",
    "tinyint",
    "mediumint",
    "int",
    "decimal",
    "float",
    "double",
    "tinytext",
    "mediumtext",
    "longtext",
    "binary",
    "varbinary",
    "year",
    "datetime",
    "blob",
];

/// The dialect's core module, table function and `Any*Column` type.
fn core(dialect: Dialect) -> (&'static str, &'static str, &'static str) {
    match dialect {
        Dialect::Postgres => ("drizzle-orm/pg-core", "pgTable", "AnyPgColumn"),
        Dialect::Mysql => ("drizzle-orm/mysql-core", "mysqlTable", "AnyMySqlColumn"),
        Dialect::Sqlite => ("drizzle-orm/sqlite-core", "sqliteTable", "AnySQLiteColumn"),
    }
}

/// The type of a table's extra-config entries, for a callback that must say what it returns.
fn extra_config_type(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "PgTableExtraConfigValue",
        Dialect::Mysql => "MySqlTableExtraConfigValue",
        Dialect::Sqlite => "SQLiteTableExtraConfigValue",
    }
}

/// The region of schema.ts: imports, custom types, namespaces, enums, tables, views.
pub fn render_schema(cx: &mut Cx<'_, '_>) -> String {
    let mut body = String::new();
    let dialect = cx.dialect();
    if dialect == Dialect::Postgres {
        let namespaces: Vec<(String, String)> =
            cx.names.namespaces.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for (name, var) in &namespaces {
            cx.import("pgSchema");
            body.push_str(&format!("export const {var} = pgSchema({});\n", string(name)));
        }
        if !namespaces.is_empty() {
            body.push('\n');
        }
        for e in &cx.schema.enums {
            let Some(var) = cx.names.enums.get(&e.name).cloned() else { continue };
            if let Some(comment) = &e.comment {
                body.push_str(&doc_comment(comment, ""));
            }
            let values = e.values.iter().map(|v| string(v)).collect::<Vec<_>>().join(", ");
            let call = match e.name.schema.as_deref().and_then(|s| cx.names.namespaces.get(s)) {
                Some(ns) => format!("{ns}.enum"),
                None => {
                    cx.import("pgEnum");
                    "pgEnum".to_string()
                }
            };
            body.push_str(&format!("export const {var} = {call}({}, [{values}]);\n", string(&e.name.name)));
        }
    }
    for position in 0..cx.names.tables.len() {
        body.push('\n');
        body.push_str(&render_table(cx, position));
    }
    for position in 0..cx.names.views.len() {
        body.push('\n');
        body.push_str(&render_view(cx, position));
    }

    let mut head = String::new();
    let (module, _, _) = core(dialect);
    if !cx.names.customs.is_empty() {
        cx.import("customType");
    }
    let mut names: Vec<String> = cx.imports.iter().map(|s| s.to_string()).collect();
    names.extend(cx.type_imports.iter().map(|s| format!("type {s}")));
    head.push_str(&format!("import {{ {} }} from \"{module}\";\n", names.join(", ")));
    if cx.uses_sql {
        head.push_str("import { sql } from \"drizzle-orm\";\n");
    }
    if !cx.names.customs.is_empty() {
        head.push('\n');
    }
    for (sql, var) in &cx.names.customs {
        let data =
            if ["bytea", "blob", "tinyblob", "mediumblob", "longblob"].contains(&sql.to_ascii_lowercase().as_str()) {
                "Buffer"
            } else {
                "string"
            };
        head.push_str(&format!(
            "const {var} = customType<{{ data: {data}; driverData: {data} }}>({{\n\tdataType() {{\n\t\treturn {};\n\t}},\n}});\n",
            string(sql)
        ));
    }
    head.push('\n');
    head.push_str(&body);
    // One blank line between sections, however many of them are empty.
    while head.contains("\n\n\n") {
        head = head.replace("\n\n\n", "\n\n");
    }
    head
}

/// The call that declares a table: `pgTable("name"`, `auditSchema.table("name"`.
fn table_call(cx: &mut Cx<'_, '_>, name: &codegen_core::QualifiedName) -> String {
    let (_, table_fn, _) = core(cx.dialect());
    if cx.dialect() == Dialect::Postgres
        && let Some(ns) = name.schema.as_deref().and_then(|s| cx.names.namespaces.get(s))
    {
        return format!("{ns}.table({}", string(&name.name));
    }
    cx.import(table_fn);
    format!("{table_fn}({}", string(&name.name))
}

/// How the table's primary key is written: on its column, or in the extra config.
fn single_key_column(table: &Table, dialect: Dialect) -> Option<&str> {
    let pk = table.primary_key.as_ref()?;
    let [column] = pk.columns.as_slice() else { return None };
    let default_name = match dialect {
        Dialect::Postgres => pk.name.as_deref().is_none_or(|n| n == format!("{}_pkey", table.name.name)),
        Dialect::Mysql | Dialect::Sqlite => true,
    };
    default_name.then_some(column.as_str())
}

/// drizzle-orm's name for a foreign key it names itself.
fn drizzle_fk_name(table: &Table, fk: &ForeignKey) -> String {
    format!(
        "{}_{}_{}_{}_fk",
        table.name.name,
        fk.columns.join("_"),
        fk.referenced_table.name,
        fk.referenced_columns.join("_")
    )
}

fn action(a: ReferentialAction) -> &'static str {
    match a {
        ReferentialAction::NoAction => "no action",
        ReferentialAction::Restrict => "restrict",
        ReferentialAction::Cascade => "cascade",
        ReferentialAction::SetNull => "set null",
        ReferentialAction::SetDefault => "set default",
    }
}

/// `table.key` or `table["user name"]`.
fn member(object: &str, key: &str) -> String {
    let written = property_key(key);
    if written == key { format!("{object}.{key}") } else { format!("{object}[{written}]") }
}

fn key_of<'a>(names: &'a TableNames<'_>, column: &str) -> Option<&'a str> {
    names.table.columns.iter().position(|c| c.name == column).map(|i| names.keys[i].as_str())
}

/// A column as `key: builder("name", { options })` without its chained methods.
fn column_start(cx: &mut Cx<'_, '_>, key: &str, column: &Column) -> (String, Builder) {
    let schema = cx.schema;
    let enum_vars = cx.names.enums.clone();
    let mut b = builder(column, cx.options, &|name| enum_vars.get(name).cloned(), &|name| {
        schema.enum_type(name).map(|e| e.values.clone())
    });
    if let Some(sql) = b.custom.clone() {
        b.func = if sql.trim().is_empty() {
            cx.import("text");
            "text".to_string()
        } else {
            cx.names.custom(&sql)
        };
    } else if b.imported {
        cx.import(&b.func.clone());
    }
    let mut args = Vec::new();
    if key != column.name {
        args.push(string(&column.name));
    }
    if b.func == "mysqlEnum" {
        args.extend(b.options.iter().cloned());
    } else if !b.options.is_empty() {
        args.push(format!("{{ {} }}", b.options.join(", ")));
    }
    let mut text = format!("{}: {}({})", property_key(key), b.func, args.join(", "));
    for _ in 0..b.array {
        text.push_str(".array()");
    }
    (text, b)
}

fn render_table(cx: &mut Cx<'_, '_>, position: usize) -> String {
    let dialect = cx.dialect();
    let (table, var, keys) = {
        let t = &cx.names.tables[position];
        (t.table, t.var.clone(), t.keys.clone())
    };
    let mut out = String::new();
    if let Some(comment) = &table.comment {
        out.push_str(&doc_comment(comment, ""));
    }
    let call = table_call(cx, &table.name);
    out.push_str(&format!("export const {var} = {call}, {{\n"));
    let single_pk = single_key_column(table, dialect);
    let mut extra: Vec<String> = Vec::new();
    for (i, column) in table.columns.iter().enumerate() {
        let object = format!("{}.{}", table.name, column.name);
        if let Some(comment) = &column.comment {
            out.push_str(&doc_comment(comment, "\t"));
        }
        let (mut line, b) = column_start(cx, &keys[i], column);
        if b.options.iter().any(|o| o == "mode: \"number\"") && b.func.starts_with("big") {
            out.push_str("\t// You can use { mode: \"bigint\" } if numbers are exceeding js number limitations\n");
        }
        let is_pk = single_pk == Some(column.name.as_str());
        let counter = match &column.default {
            Some(ColumnDefault::AutoIncrement { strategy }) => Some(*strategy),
            _ => None,
        };
        if is_pk {
            if dialect == Dialect::Sqlite && counter.is_some() {
                line.push_str(".primaryKey({ autoIncrement: true })");
            } else {
                line.push_str(".primaryKey()");
            }
        }
        match (dialect, counter) {
            (Dialect::Postgres, Some(AutoIncrement::IdentityAlways)) if column.ty.is_integer() => {
                line.push_str(".generatedAlwaysAsIdentity()")
            }
            (Dialect::Postgres, Some(AutoIncrement::IdentityByDefault | AutoIncrement::AutoIncrement))
                if column.ty.is_integer() =>
            {
                line.push_str(".generatedByDefaultAsIdentity()")
            }
            (Dialect::Mysql, Some(_)) if column.ty.is_integer() => line.push_str(".autoincrement()"),
            (Dialect::Sqlite, Some(_)) if !is_pk => cx.warn(
                &object,
                &column.loc,
                "SQLite counts up only a single-column INTEGER PRIMARY KEY: AUTOINCREMENT is left out",
            ),
            _ => {}
        }
        // drizzle-kit pull's order: the default, then notNull.
        let mut found = Diagnostics::new();
        if let Some(call) = default_call(cx.schema, table, column, &b, dialect, &mut found) {
            cx.uses_sql |= call.contains("sql`");
            line.push_str(&call);
        }
        cx.diagnostics.extend(found);
        if !column.nullable && !is_pk {
            line.push_str(".notNull()");
        }
        if let Some(generated) = &column.generated {
            let expression = cx.sql(&generated.expression);
            match dialect {
                Dialect::Postgres => line.push_str(&format!(".generatedAlwaysAs({expression})")),
                _ => {
                    let mode = if generated.stored { "stored" } else { "virtual" };
                    line.push_str(&format!(".generatedAlwaysAs({expression}, {{ mode: \"{mode}\" }})"))
                }
            }
        }
        if let Some(on_update) = &column.on_update {
            let now = on_update.to_ascii_uppercase();
            if dialect == Dialect::Mysql
                && (b.func == "timestamp" || b.func == "datetime")
                && (now.starts_with("CURRENT_TIMESTAMP") || now.starts_with("NOW("))
            {
                line.push_str(".onUpdateNow()");
            } else {
                cx.warn(
                    &object,
                    &column.loc,
                    format!("Drizzle has no `ON UPDATE {on_update}` for this column: it is left out"),
                );
            }
        }
        // An unnamed unique constraint of this one column, written on it (a named one goes in the
        // extra config, as drizzle-kit pull writes it).
        if table.uniques.iter().any(|u| u.columns == [column.name.clone()] && u.name.is_none()) {
            line.push_str(".unique()");
        }
        if let Some(fk) = simple_reference(table, column, dialect)
            && let Some(target) = cx.names.table(&fk.referenced_table)
            && let Some(target_key) = key_of(target, &fk.referenced_columns[0])
        {
            let target_var = target.var.clone();
            let target_position = cx.names.tables.iter().position(|t| t.table.name == fk.referenced_table).unwrap_or(0);
            let (_, _, any_column) = core(dialect);
            // A reference to this table or one declared later needs a return type, or
            // TypeScript cannot infer the tables that refer to each other.
            let annotation = if target_position >= position {
                cx.type_imports.insert(any_column);
                format!("(): {any_column}")
            } else {
                "()".to_string()
            };
            let mut actions = Vec::new();
            if !fk.on_delete.is_default() {
                actions.push(format!("onDelete: \"{}\"", action(fk.on_delete)));
            }
            if !fk.on_update.is_default() {
                actions.push(format!("onUpdate: \"{}\"", action(fk.on_update)));
            }
            let actions = if actions.is_empty() { String::new() } else { format!(", {{ {} }}", actions.join(", ")) };
            line.push_str(&format!(".references({annotation} => {}{actions})", member(&target_var, target_key)));
        }
        out.push_str(&format!("\t{line},\n"));
    }
    out.push('}');

    let table_names = &cx.names.tables[position];
    let cols = |columns: &[String], names: &TableNames<'_>| -> Option<String> {
        columns
            .iter()
            .map(|c| key_of(names, c).map(|k| member("table", k)))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(", "))
    };
    if let Some(pk) = &table.primary_key
        && single_pk.is_none()
        && let Some(columns) = cols(&pk.columns, table_names)
    {
        let name = match (&pk.name, dialect) {
            (Some(name), Dialect::Postgres) => format!("name: {}, ", string(name)),
            _ => String::new(),
        };
        extra.push(format!("primaryKey({{ {name}columns: [{columns}] }})"));
        cx.imports.insert("primaryKey");
    }
    let mut fk_entries = Vec::new();
    // Tables that refer to each other make TypeScript's inference go round in a circle; a
    // reference to this table or a later one says its type, which breaks every such circle.
    let mut refers_forward = false;
    for fk in &table.foreign_keys {
        if fk.columns.len() == 1
            && let Some(column) = table.column(&fk.columns[0])
            && simple_reference(table, column, dialect).is_some_and(|s| std::ptr::eq(s, fk))
            && cx.names.table(&fk.referenced_table).is_some()
        {
            continue;
        }
        let Some(target) = cx.names.table(&fk.referenced_table) else {
            cx.warn(
                table.name.to_string(),
                &fk.loc,
                format!("foreign key to `{}`, which is not in the schema: left out", fk.referenced_table),
            );
            continue;
        };
        let target_object = if target.table.name == table.name { "table".to_string() } else { target.var.clone() };
        let target_position = cx.names.tables.iter().position(|t| t.table.name == fk.referenced_table).unwrap_or(0);
        refers_forward |= target_position > position;
        let (Some(from), Some(to)) = (
            cols(&fk.columns, &cx.names.tables[position]),
            fk.referenced_columns
                .iter()
                .map(|c| key_of(target, c).map(|k| member(&target_object, k)))
                .collect::<Option<Vec<_>>>(),
        ) else {
            continue;
        };
        let mut entry =
            format!("foreignKey({{\n\t\t\tcolumns: [{from}],\n\t\t\tforeignColumns: [{}],\n", to.join(", "));
        if let Some(name) = &fk.name {
            entry.push_str(&format!("\t\t\tname: {}\n", string(name)));
        }
        entry.push_str("\t\t})");
        if !fk.on_delete.is_default() {
            entry.push_str(&format!(".onDelete(\"{}\")", action(fk.on_delete)));
        }
        if !fk.on_update.is_default() {
            entry.push_str(&format!(".onUpdate(\"{}\")", action(fk.on_update)));
        }
        fk_entries.push(entry);
    }
    if !fk_entries.is_empty() {
        cx.imports.insert("foreignKey");
    }
    extra.extend(fk_entries);
    for unique in &table.uniques {
        if unique.columns.len() == 1 && unique.name.is_none() {
            continue;
        }
        let Some(columns) = cols(&unique.columns, &cx.names.tables[position]) else { continue };
        let name = unique.name.as_deref().map(string).unwrap_or_default();
        extra.push(format!("unique({name}).on({columns})"));
        cx.imports.insert("unique");
    }
    for index in &table.indexes {
        if let Some(entry) = render_index(cx, position, index) {
            extra.push(entry);
        }
    }
    for (n, check) in table.checks.iter().enumerate() {
        // drizzle names every check; an unnamed one takes the name PostgreSQL would give it.
        let name = check.name.clone().unwrap_or_else(|| {
            let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
            let name = codegen_core::naming::postgres_check_name(&table.name.name, &columns, &check.expression);
            if n == 0 { name } else { format!("{name}{n}") }
        });
        let expression = cx.sql(&check.expression);
        extra.push(format!("check({}, {expression})", string(&name)));
        cx.imports.insert("check");
    }
    if dialect == Dialect::Sqlite {
        for column in &table.columns {
            let Some(values) = column
                .ty
                .enum_name()
                .filter(|_| !matches!(column.ty, codegen_core::ColumnType::Array { .. }))
                .and_then(|n| cx.schema.enum_type(n))
                .map(|e| e.values.clone())
            else {
                continue;
            };
            let list = values.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect::<Vec<_>>().join(", ");
            let sql = format!("\"{}\" IN ({list})", column.name.replace('"', "\"\""));
            let expression = cx.sql(&sql);
            extra.push(format!(
                "check({}, {expression})",
                string(&format!("{}_{}_check", table.name.name, column.name))
            ));
            cx.imports.insert("check");
        }
    }
    if extra.is_empty() {
        out.push_str(");\n");
    } else {
        if refers_forward {
            let ty = extra_config_type(dialect);
            cx.type_imports.insert(ty);
            out.push_str(&format!(", (table): {ty}[] => [\n"));
        } else {
            out.push_str(", (table) => [\n");
        }
        for entry in extra {
            out.push_str(&format!("\t{entry},\n"));
        }
        out.push_str("]);\n");
    }
    out
}

/// The foreign key of `column` that `.references()` can write: one column, named the way
/// drizzle-orm names it (or not named), to a table in the schema.
fn simple_reference<'t>(table: &'t Table, column: &Column, _dialect: Dialect) -> Option<&'t ForeignKey> {
    let fks: Vec<&ForeignKey> = table.foreign_keys.iter().filter(|fk| fk.columns == [column.name.clone()]).collect();
    let [fk] = fks.as_slice() else { return None };
    let named_as_drizzle = fk.name.as_ref().is_none_or(|n| *n == drizzle_fk_name(table, fk));
    (named_as_drizzle && fk.referenced_columns.len() == 1).then_some(*fk)
}

/// A PostgreSQL key part: drizzle puts NULLs last unless told otherwise, PostgreSQL puts them
/// first in a descending key, so a `DESC` key without `NULLS` says `.nullsFirst()`.
fn postgres_key_part(column_ref: String, order: Option<SortOrder>, nulls: Option<&str>) -> String {
    let descending = order == Some(SortOrder::Desc);
    let nulls_first = match nulls {
        Some(nulls) => nulls.eq_ignore_ascii_case("FIRST"),
        None => descending,
    };
    let mut text = match order {
        Some(SortOrder::Desc) => format!("{column_ref}.desc()"),
        Some(SortOrder::Asc) => format!("{column_ref}.asc()"),
        None if nulls_first => format!("{column_ref}.asc()"),
        None => column_ref,
    };
    if nulls_first {
        text.push_str(".nullsFirst()");
    }
    text
}

fn render_index(cx: &mut Cx<'_, '_>, position: usize, index: &Index) -> Option<String> {
    let dialect = cx.dialect();
    let table = cx.names.tables[position].table;
    let mut parts = Vec::new();
    for part in &index.parts {
        let text = match &part.key {
            IndexKey::Column(column) => {
                let key = key_of(&cx.names.tables[position], column)?.to_string();
                let column_ref = member("table", &key);
                match (part.order, dialect) {
                    (order, Dialect::Postgres) => postgres_key_part(column_ref, order, part.nulls.as_deref()),
                    (None, _) => column_ref,
                    (Some(order), _) => {
                        cx.uses_sql = true;
                        let word = if order == SortOrder::Desc { "desc" } else { "asc" };
                        format!("sql`${{{column_ref}}} {word}`")
                    }
                }
            }
            IndexKey::Expression(sql) => {
                if dialect == Dialect::Mysql {
                    cx.warn(
                        &index.name,
                        &index.loc,
                        format!("MariaDB has no expression index parts (`{sql}`): `{}` is left out", index.name),
                    );
                    return None;
                }
                let mut expr = cx.sql(&format!("({sql})"));
                if let Some(order) = part.order {
                    let word = if order == SortOrder::Desc { " desc`" } else { " asc`" };
                    expr = format!("{}{word}", &expr[..expr.len() - 1]);
                }
                expr
            }
        };
        parts.push(text);
    }
    let function = if index.unique { "uniqueIndex" } else { "index" };
    cx.imports.insert(function);
    let mut entry = format!("{function}({})", string(&index.name));
    match (&index.method, dialect) {
        (Some(method), Dialect::Postgres) => {
            entry.push_str(&format!(".using({}, {})", string(method), parts.join(", ")))
        }
        _ => entry.push_str(&format!(".on({})", parts.join(", "))),
    }
    if let Some(predicate) = &index.predicate {
        if dialect == Dialect::Mysql {
            cx.warn(
                &index.name,
                &index.loc,
                format!("MySQL has no partial indexes: `{}` indexes every row", index.name),
            );
        } else {
            let expression = cx.sql(predicate);
            entry.push_str(&format!(".where({expression})"));
        }
    }
    let _ = table;
    Some(entry)
}

fn render_view(cx: &mut Cx<'_, '_>, position: usize) -> String {
    let dialect = cx.dialect();
    let (view, var, keys) = {
        let (v, var, keys) = &cx.names.views[position];
        (*v, var.clone(), keys.clone())
    };
    let mut out = String::new();
    if let Some(comment) = &view.comment {
        out.push_str(&doc_comment(comment, ""));
    }
    let function = match (dialect, view.materialized) {
        (Dialect::Postgres, true) => "pgMaterializedView",
        (Dialect::Postgres, false) => "pgView",
        (Dialect::Mysql, _) => "mysqlView",
        (Dialect::Sqlite, _) => "sqliteView",
    };
    let call = match view.name.schema.as_deref().and_then(|s| cx.names.namespaces.get(s)) {
        Some(ns) if dialect == Dialect::Postgres => {
            format!("{ns}.{}", if view.materialized { "materializedView" } else { "view" })
        }
        _ => {
            cx.import(function);
            function.to_string()
        }
    };
    let mut columns = Vec::new();
    for (i, column) in view.columns.iter().enumerate() {
        let (line, _) = column_start(cx, &keys[i], column);
        columns.push(format!("\t{line},\n"));
    }
    // A query is kept as the source wrote it (`for_dialect` respells expressions, not queries).
    cx.uses_sql = true;
    let definition = sql_template(view.definition.trim().trim_end_matches(';'));
    out.push_str(&format!(
        "export const {var} = {call}({}, {{\n{}}}).as({definition});\n",
        string(&view.name.name),
        columns.concat()
    ));
    out
}

//! The schema as Prisma blocks: generator, datasource, enums, then one model per table.

use std::collections::BTreeSet;

use codegen_core::{
    Column, ColumnDefault, Diagnostic, Diagnostics, Dialect, Index, IndexKey, Schema, SortOrder, Table,
};

use crate::defaults::render_default;
use crate::layout::{Block, Line, quote, render_blocks};
use crate::many_to_many::{ManyToMany, find_implicit};
use crate::names::Names;
use crate::options::{PrismaOptions, provider};
use crate::relations::{Relation, is_unique, plan_relations, skipped_warning};
use crate::types::{PrismaType, prisma_type};

/// Everything one render needs to look names up.
struct Context<'a> {
    schema: &'a Schema,
    options: &'a PrismaOptions,
    names: Names,
    relations: Vec<Relation>,
    /// Join tables written as implicit many-to-many relations instead of models.
    joins: Vec<ManyToMany>,
    /// Per table, per column: its Prisma type, after relations made key types agree.
    types: Vec<Vec<PrismaType>>,
    /// Whether models carry `@@schema`: the schema uses PostgreSQL namespaces.
    multi_schema: bool,
}

/// Render `schema` as one `schema.prisma`, with warnings for what Prisma cannot express.
pub fn render_schema(schema: &Schema, options: &PrismaOptions) -> (String, Diagnostics) {
    // An `@id` field is never optional in Prisma, whatever SQLite reports of a key column.
    let schema = &*schema.with_keys_not_null();
    let mut diagnostics = Diagnostics::new();
    let mut names = Names::plan(schema, options.naming);
    let mut types = column_types(schema, &names, options.dialect);
    let joins = find_implicit(schema, &mut names, &types, options.naming, options.dialect);
    let join_tables: BTreeSet<usize> = joins.iter().map(|j| j.table).collect();
    let (relations, skipped) = plan_relations(schema, &mut names, &mut types, options, &join_tables);
    for s in &skipped {
        diagnostics.push(skipped_warning(schema, s));
    }
    let uses_namespaces = !schema.namespaces.is_empty()
        || schema.tables.iter().any(|t| t.name.schema.is_some())
        || schema.enums.iter().any(|e| e.name.schema.is_some());
    if uses_namespaces && options.dialect != Dialect::Postgres {
        diagnostics.push(Diagnostic::warning(format!(
            "Prisma has schemas (namespaces) on PostgreSQL only: every model is placed in the one {} database",
            options.dialect
        )));
    }
    let multi_schema = uses_namespaces && options.dialect == Dialect::Postgres;
    let cx = Context { schema, options, names, relations, joins, types, multi_schema };

    let mut blocks = vec![generator(options, options.views && !schema.views.is_empty()), datasource(&cx)];
    for (i, _) in schema.enums.iter().enumerate() {
        blocks.push(enum_block(&cx, i));
    }
    for (i, _) in schema.tables.iter().enumerate().filter(|(i, _)| !join_tables.contains(i)) {
        blocks.push(model_block(&cx, i, &skipped, &mut diagnostics));
    }
    for (i, view) in schema.views.iter().enumerate() {
        if options.views {
            blocks.push(view_block(&cx, i));
        } else {
            diagnostics.push(
                Diagnostic::warning(
                    "views are not written to the Prisma schema (a preview feature of Prisma: `views = true` asks for them)",
                )
                .with_object(view.name.to_string())
                .at(view.loc.location().cloned()),
            );
        }
    }
    (render_blocks(&blocks), diagnostics)
}

fn generator(options: &PrismaOptions, views: bool) -> Block {
    let mut block = Block::new("generator client");
    block.lines.push(Line::Row(vec!["provider".into(), format!("= {}", quote(&options.generator))]));
    if views {
        block.lines.push(Line::Row(vec!["previewFeatures".into(), "= [\"views\"]".into()]));
    }
    block
}

/// A `view` block: the view's columns as optional fields (Prisma cannot know they are set).
fn view_block(cx: &Context, index: usize) -> Block {
    let view = &cx.schema.views[index];
    let (name, fields) = &cx.names.views[index];
    let mut block = Block::new(format!("view {name}"));
    block.leading = view.comment.as_deref().map(doc_comment).unwrap_or_default();
    let enum_name = |q: &codegen_core::QualifiedName| {
        cx.schema.enums.iter().position(|e| &e.name == q).map(|i| cx.names.enums[i].0.clone())
    };
    for (column, field) in view.columns.iter().zip(fields) {
        if let Some(comment) = &column.comment {
            block.lines.extend(doc_comment(comment).into_iter().map(Line::Comment));
        }
        let ty = prisma_type(&column.ty, &column.declared_type, cx.options.dialect, &enum_name);
        let suffix = if ty.list { "[]" } else { "?" };
        let mut attributes = Vec::new();
        if *field != column.name {
            attributes.push(format!("@map({})", quote(&column.name)));
        }
        attributes.extend(ty.native.clone());
        block.lines.push(Line::Row(vec![field.clone(), format!("{}{suffix}", ty.scalar), attributes.join(" ")]));
    }
    if *name != view.name.name {
        block.attributes.push(format!("@@map({})", quote(&view.name.name)));
    }
    block.attributes.extend(schema_attribute(cx, &view.name.schema));
    block
}

fn datasource(cx: &Context) -> Block {
    let mut block = Block::new("datasource db");
    block.lines.push(Line::Row(vec!["provider".into(), format!("= {}", quote(provider(cx.options.dialect)))]));
    if cx.multi_schema {
        let mut schemas: BTreeSet<String> = cx.schema.namespaces.iter().cloned().collect();
        schemas.insert("public".into());
        for name in cx.schema.tables.iter().map(|t| &t.name).chain(cx.schema.enums.iter().map(|e| &e.name)) {
            schemas.insert(name.schema.clone().unwrap_or_else(|| "public".into()));
        }
        let list: Vec<String> = schemas.iter().map(|s| quote(s)).collect();
        block.lines.push(Line::Row(vec!["schemas".into(), format!("= [{}]", list.join(", "))]));
    }
    block
}

fn doc_comment(text: &str) -> Vec<String> {
    text.lines().map(|l| if l.is_empty() { "///".to_string() } else { format!("/// {l}") }).collect()
}

fn schema_attribute(cx: &Context, namespace: &Option<String>) -> Option<String> {
    cx.multi_schema.then(|| format!("@@schema({})", quote(namespace.as_deref().unwrap_or("public"))))
}

fn enum_block(cx: &Context, index: usize) -> Block {
    let e = &cx.schema.enums[index];
    let (name, values) = &cx.names.enums[index];
    let mut block = Block::new(format!("enum {name}"));
    block.leading = e.comment.as_deref().map(doc_comment).unwrap_or_default();
    for (value, prisma) in e.values.iter().zip(values) {
        let map = if value == prisma { String::new() } else { format!("@map({})", quote(value)) };
        block.lines.push(Line::Row(vec![prisma.clone(), map]));
    }
    if *name != e.name.name {
        block.attributes.push(format!("@@map({})", quote(&e.name.name)));
    }
    block.attributes.extend(schema_attribute(cx, &e.name.schema));
    block
}

/// The Prisma type of every column, resolving enums to their Prisma names.
fn column_types(schema: &Schema, names: &Names, dialect: Dialect) -> Vec<Vec<PrismaType>> {
    let enum_name = |q: &codegen_core::QualifiedName| {
        schema.enums.iter().position(|e| &e.name == q).map(|i| names.enums[i].0.clone())
    };
    schema
        .tables
        .iter()
        .map(|table| {
            table
                .columns
                .iter()
                .map(|column| {
                    let mut ty = prisma_type(&column.ty, &column.declared_type, dialect, &enum_name);
                    // SQLite counts up only in an `INTEGER PRIMARY KEY`, which is what the SQL
                    // backend writes for such a key and what `db pull` reads as `Int`.
                    if dialect == Dialect::Sqlite
                        && ty.scalar == "BigInt"
                        && table.primary_key.as_ref().is_some_and(|pk| pk.columns == [column.name.clone()])
                        && matches!(column.default, Some(ColumnDefault::AutoIncrement { .. }))
                    {
                        ty.scalar = "Int".into();
                    }
                    ty
                })
                .collect()
        })
        .collect()
}

fn object(table: &Table, what: &str) -> String {
    format!("{}.{what}", table.name)
}

fn model_block(cx: &Context, t: usize, skipped: &[crate::relations::Skipped], diagnostics: &mut Diagnostics) -> Block {
    let table = &cx.schema.tables[t];
    let table_name = &table.name.name;
    let model = &cx.names.models[t];
    let mut block = Block::new(format!("model {model}"));
    let mut notes: Vec<String> = Vec::new();
    for s in skipped.iter().filter(|s| s.from == t) {
        let fk = &table.foreign_keys[s.fk];
        notes.push(format!("// foreign key ({}) is not a relation: {}", fk.columns.join(", "), s.reason));
    }
    let mut warn = |note: String, object: String, loc: Option<codegen_core::Location>| {
        diagnostics.push(Diagnostic::warning(note.clone()).with_object(object).at(loc));
        notes.push(format!("// {note}"));
    };

    for check in &table.checks {
        let name = check.name.as_deref().map(|n| format!("`{n}` ")).unwrap_or_default();
        warn(
            format!(
                "check constraint {name}({}) is not expressible in Prisma: it stays in the database only",
                check.expression
            ),
            object(table, check.name.as_deref().unwrap_or("check")),
            check.loc.location().cloned(),
        );
    }

    // Single-column keys go on the field; the rest become block attributes.
    let pk_columns = table.primary_key.as_ref().map(|pk| pk.columns.clone()).unwrap_or_default();
    let pk_map = table
        .primary_key
        .as_ref()
        .and_then(|pk| pk.name.clone())
        .filter(|n| *n != format!("{table_name}_pkey") && cx.options.dialect == Dialect::Postgres);
    // MySQL keys a text column by a prefix, which only the block form can say.
    let pk_prefixed = pk_columns.iter().any(|c| needs_prefix_length(cx, table, c));
    let keyed_columns = pk_columns
        .iter()
        .chain(table.uniques.iter().flat_map(|u| u.columns.iter()))
        .chain(table.indexes.iter().flat_map(|i| i.parts.iter()).filter_map(|p| match &p.key {
            IndexKey::Column(c) => Some(c),
            IndexKey::Expression(_) => None,
        }))
        .filter(|c| needs_prefix_length(cx, table, c))
        .collect::<BTreeSet<_>>();
    for column in keyed_columns {
        warn(
            format!(
                "MySQL indexes the text column `{column}` by a prefix: keys and indexes use its first {MYSQL_PREFIX_LENGTH} characters"
            ),
            object(table, column),
            table.column(column).and_then(|c| c.loc.location().cloned()),
        );
    }
    let mut field_unique: Vec<(String, Option<String>)> = Vec::new();
    let mut block_uniques: Vec<String> = Vec::new();
    let mut indexes: Vec<String> = Vec::new();
    let mut seen_uniques: BTreeSet<Vec<String>> = BTreeSet::new();
    let unique_sets =
        table.uniques.iter().map(|u| (u.name.clone(), u.columns.clone(), u.loc.location().cloned())).chain(
            table.indexes.iter().filter(|i| i.unique && i.predicate.is_none()).filter_map(|i| {
                let columns = i.column_names()?.into_iter().map(String::from).collect();
                Some((Some(i.name.clone()), columns, i.loc.location().cloned()))
            }),
        );
    for (name, columns, loc) in unique_sets {
        let mut key = columns.clone();
        key.sort();
        if !seen_uniques.insert(key) {
            let what = name.clone().unwrap_or_else(|| columns.join(", "));
            warn(
                format!("unique constraint `{what}` repeats another one on the same columns and is left out"),
                object(table, &what),
                loc,
            );
            continue;
        }
        let map = name.filter(|n| *n != format!("{table_name}_{}_key", columns.join("_")));
        let prefixed = columns.iter().any(|c| needs_prefix_length(cx, table, c));
        match columns.as_slice() {
            [one] if !prefixed => field_unique.push((one.clone(), map)),
            _ => {
                let map = map.map(|m| format!(", map: {}", quote(&m))).unwrap_or_default();
                let parts: Vec<String> = columns.iter().map(|c| index_column(cx, t, c, None)).collect();
                block_uniques.push(format!("@@unique([{}]{map})", parts.join(", ")));
            }
        }
    }
    for index in &table.indexes {
        if index.unique && index.predicate.is_none() && index.column_names().is_some() {
            continue;
        }
        match render_index(cx, t, index) {
            Ok(text) => indexes.push(text),
            Err(reason) => warn(
                format!(
                    "index `{}` is not expressible in Prisma ({reason}): it stays in the database only",
                    index.name
                ),
                object(table, &index.name),
                index.loc.location().cloned(),
            ),
        }
    }

    // Fields.
    for (c, column) in table.columns.iter().enumerate() {
        let name = cx.names.fields[t][c].clone();
        if let Some(comment) = &column.comment {
            block.lines.extend(doc_comment(comment).into_iter().map(Line::Comment));
        }
        let ty = cx.types[t][c].clone();
        if ty.is_unsupported() {
            diagnostics.push(
                Diagnostic::note(format!(
                    "type `{}` has no Prisma type: written as {}",
                    column.declared_type, ty.scalar
                ))
                .with_object(object(table, &column.name))
                .at(column.loc.location().cloned()),
            );
        }
        if let Some(generated) = &column.generated {
            let note = format!(
                "generated column ({}) is not expressible in Prisma: the expression stays in the database only",
                generated.expression
            );
            diagnostics.push(
                Diagnostic::warning(note.clone())
                    .with_object(object(table, &column.name))
                    .at(column.loc.location().cloned()),
            );
            block.lines.push(Line::Comment(format!("// {note}")));
        }
        if ty.list && column.nullable {
            diagnostics.push(
                Diagnostic::warning(
                    "Prisma lists cannot be optional: the nullable array is written as a required list",
                )
                .with_object(object(table, &column.name))
                .at(column.loc.location().cloned()),
            );
        }
        let suffix = if ty.list {
            "[]"
        } else if column.nullable {
            "?"
        } else {
            ""
        };
        let mut attributes = Vec::new();
        if pk_columns.len() == 1 && pk_columns[0] == column.name && !pk_prefixed {
            attributes.push(match &pk_map {
                Some(map) => format!("@id(map: {})", quote(map)),
                None => "@id".into(),
            });
        }
        // The order `prisma format` puts them in.
        if let Some((_, map)) = field_unique.iter().find(|(c, _)| *c == column.name) {
            attributes.push(match map {
                Some(map) => format!("@unique(map: {})", quote(map)),
                None => "@unique".into(),
            });
        }
        // MySQL counts up only in a key column, and Prisma's SQLite only in the @id.
        let counts_up = matches!(column.default, Some(ColumnDefault::AutoIncrement { .. }));
        let sole_key = |columns: &[String]| columns == [column.name.clone()];
        let keyed = sole_key(&pk_columns)
            || (cx.options.dialect == Dialect::Mysql && table.uniques.iter().any(|u| sole_key(&u.columns)));
        if counts_up && !keyed && cx.options.dialect != Dialect::Postgres {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "{} counts up only in a key column: the auto-increment default is left out",
                    provider(cx.options.dialect)
                ))
                .with_object(object(table, &column.name))
                .at(column.loc.location().cloned()),
            );
        } else if is_rowid_alias(cx, table, column) {
            // SQLite numbers an `INTEGER PRIMARY KEY` itself; `db pull` writes it this way.
            attributes.push("@default(autoincrement())".into());
        } else if let Some(default) = column.default.as_ref().filter(|_| column.generated.is_none()) {
            let enum_value = |v: &str| {
                let e = column.ty.enum_name().and_then(|q| cx.schema.enums.iter().position(|e| &e.name == q))?;
                let position = cx.schema.enums[e].values.iter().position(|x| x == v)?;
                Some(cx.names.enums[e].1[position].clone())
            };
            match render_default(default, cx.options.dialect, &ty.scalar, &enum_value) {
                Some(text) => attributes.push(format!("@default({text})")),
                None if *default != ColumnDefault::Literal { value: codegen_core::Literal::Null } => diagnostics.push(
                    Diagnostic::warning(format!(
                        "the default ({default:?}) has no {} form for a {} field and is left out",
                        provider(cx.options.dialect),
                        ty.scalar
                    ))
                    .with_object(object(table, &column.name))
                    .at(column.loc.location().cloned()),
                ),
                None => {}
            }
        }
        if cx.options.wants_updated_at(table_name, &column.name) && ty.scalar == "DateTime" {
            attributes.push("@updatedAt".into());
        }
        if name != column.name {
            attributes.push(format!("@map({})", quote(&column.name)));
        }
        attributes.extend(ty.native.clone());
        block.lines.push(Line::Row(vec![name, format!("{}{suffix}", ty.scalar), attributes.join(" ")]));
    }

    // Relation fields: the keys this table holds, then the ones pointing at it.
    // A relation field to a model Prisma ignores must be ignored too.
    let ignored = |table: usize| !has_identifier(&cx.schema.tables[table]);
    for r in cx.relations.iter().filter(|r| r.from == t) {
        let mut row = forward_field(cx, r);
        if ignored(r.to) {
            row[2].push_str(" @ignore");
        }
        block.lines.push(Line::Row(row));
    }
    for r in cx.relations.iter().filter(|r| r.to == t) {
        let ty = format!("{}{}", cx.names.models[r.from], if r.one_to_one { "?" } else { "[]" });
        let mut attributes: Vec<String> = r.name.iter().map(|n| format!("@relation({})", quote(n))).collect();
        if ignored(r.from) {
            attributes.push("@ignore".into());
        }
        block.lines.push(Line::Row(vec![r.back.clone(), ty, attributes.join(" ")]));
    }
    for join in &cx.joins {
        let attribute = join.name.as_ref().map(|n| format!("@relation({})", quote(n))).unwrap_or_default();
        if join.a == t {
            block.lines.push(Line::Row(vec![
                join.a_field.clone(),
                format!("{}[]", cx.names.models[join.b]),
                attribute.clone(),
            ]));
        }
        if join.b == t {
            block.lines.push(Line::Row(vec![
                join.b_field.clone(),
                format!("{}[]", cx.names.models[join.a]),
                attribute,
            ]));
        }
    }

    if pk_columns.len() > 1 || pk_prefixed {
        let map = pk_map.map(|m| format!(", map: {}", quote(&m))).unwrap_or_default();
        let parts: Vec<String> = pk_columns.iter().map(|c| index_column(cx, t, c, None)).collect();
        block.attributes.push(format!("@@id([{}]{map})", parts.join(", ")));
    }
    block.attributes.extend(block_uniques);
    block.attributes.extend(indexes);
    if *model != *table_name {
        block.attributes.push(format!("@@map({})", quote(table_name)));
    }
    block.attributes.extend(schema_attribute(cx, &table.name.schema));
    if !has_identifier(table) {
        let note = "the table has no primary key or unique constraint on required columns, which Prisma Client needs: the model is marked @@ignore";
        diagnostics
            .push(Diagnostic::warning(note).with_object(table.name.to_string()).at(table.loc.location().cloned()));
        notes.push(format!("// {note}"));
        block.attributes.push("@@ignore".into());
    }

    block.leading = notes;
    if let Some(comment) = &table.comment {
        block.leading.extend(doc_comment(comment));
    }
    block
}

fn forward_field(cx: &Context, r: &Relation) -> Vec<String> {
    let table = &cx.schema.tables[r.from];
    let fk = &table.foreign_keys[r.fk];
    let fields: Vec<String> =
        fk.columns.iter().map(|c| cx.names.field(cx.schema, r.from, c).unwrap_or(c).to_string()).collect();
    let references: Vec<String> =
        fk.referenced_columns.iter().map(|c| cx.names.field(cx.schema, r.to, c).unwrap_or(c).to_string()).collect();
    let mut arguments = Vec::new();
    if let Some(name) = &r.name {
        arguments.push(quote(name));
    }
    arguments.push(format!("fields: [{}]", fields.join(", ")));
    arguments.push(format!("references: [{}]", references.join(", ")));
    // Prisma's defaults when the schema names no action; the database's default is NO ACTION.
    let default_delete =
        if r.optional { codegen_core::ReferentialAction::SetNull } else { codegen_core::ReferentialAction::Restrict };
    if fk.on_delete != default_delete {
        arguments.push(format!("onDelete: {}", action(fk.on_delete)));
    }
    if fk.on_update != codegen_core::ReferentialAction::Cascade {
        arguments.push(format!("onUpdate: {}", action(fk.on_update)));
    }
    let default_name = format!("{}_{}_fkey", table.name.name, fk.columns.join("_"));
    if let Some(name) = fk.name.as_ref().filter(|n| **n != default_name && cx.options.dialect != Dialect::Sqlite) {
        arguments.push(format!("map: {}", quote(name)));
    }
    let ty = format!("{}{}", cx.names.models[r.to], if r.optional { "?" } else { "" });
    vec![r.forward.clone(), ty, format!("@relation({})", arguments.join(", "))]
}

/// Prisma's name for a referential action.
pub fn action(action: codegen_core::ReferentialAction) -> &'static str {
    use codegen_core::ReferentialAction as A;
    match action {
        A::NoAction => "NoAction",
        A::Restrict => "Restrict",
        A::Cascade => "Cascade",
        A::SetNull => "SetNull",
        A::SetDefault => "SetDefault",
    }
}

/// `@@index(...)`, or why Prisma cannot express the index.
fn render_index(cx: &Context, t: usize, index: &Index) -> Result<String, String> {
    let table = &cx.schema.tables[t];
    if let Some(predicate) = &index.predicate {
        return Err(format!("partial index, WHERE {predicate}"));
    }
    let mut parts = Vec::new();
    let mut columns = Vec::new();
    for part in &index.parts {
        let IndexKey::Column(column) = &part.key else {
            return Err("expression index".into());
        };
        columns.push(column.clone());
        parts.push(index_column(cx, t, column, part.order));
    }
    let mut text = format!("@@index([{}]", parts.join(", "));
    if index.unique {
        text = format!("@@unique([{}]", parts.join(", "));
    }
    let suffix = if index.unique { "key" } else { "idx" };
    if index.name != format!("{}_{}_{suffix}", table.name.name, columns.join("_")) {
        text.push_str(&format!(", map: {}", quote(&index.name)));
    }
    match index.method.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("btree") => {}
        Some(method) if cx.options.dialect == Dialect::Postgres => {
            let ty = match method {
                "hash" => "Hash",
                "gist" => "Gist",
                "gin" => "Gin",
                "spgist" => "SpGist",
                "brin" => "Brin",
                other => return Err(format!("index method `{other}`")),
            };
            text.push_str(&format!(", type: {ty}"));
        }
        // MySQL and SQLite choose the method themselves, as the SQL backend does.
        Some(_) => {}
    }
    text.push(')');
    Ok(text)
}

/// A column in an index's list: its field name, with the sort order and MySQL's prefix length.
fn index_column(cx: &Context, t: usize, column: &str, order: Option<SortOrder>) -> String {
    let name = cx.names.field(cx.schema, t, column).unwrap_or(column).to_string();
    let mut arguments = Vec::new();
    if needs_prefix_length(cx, &cx.schema.tables[t], column) {
        arguments.push(format!("length: {MYSQL_PREFIX_LENGTH}"));
    }
    if order == Some(SortOrder::Desc) {
        arguments.push("sort: Desc".into());
    }
    if arguments.is_empty() { name } else { format!("{name}({})", arguments.join(", ")) }
}

/// The prefix MySQL indexes `TEXT` and `BLOB` columns by (it cannot index them whole).
const MYSQL_PREFIX_LENGTH: u32 = 255;

/// MySQL indexes `TEXT` and `BLOB` columns by a prefix only, and Prisma makes it explicit.
fn needs_prefix_length(cx: &Context, table: &Table, column: &str) -> bool {
    cx.options.dialect == Dialect::Mysql
        && table.column(column).is_some_and(|c| {
            matches!(c.ty, codegen_core::ColumnType::Text { .. } | codegen_core::ColumnType::Bytes { .. })
        })
}

/// SQLite's `INTEGER PRIMARY KEY` without a default: an alias of the rowid, which SQLite fills.
fn is_rowid_alias(cx: &Context, table: &Table, column: &Column) -> bool {
    cx.options.dialect == Dialect::Sqlite
        && column.default.is_none()
        && column.generated.is_none()
        && table.primary_key.as_ref().is_some_and(|pk| pk.columns == [column.name.clone()])
        && (column.declared_type.eq_ignore_ascii_case("integer")
            || column.ty == codegen_core::ColumnType::Integer { width: codegen_core::IntWidth::Int, unsigned: false })
}

/// Whether Prisma Client can identify rows: a primary key, or a unique constraint on required columns.
fn has_identifier(table: &Table) -> bool {
    if table.primary_key.as_ref().is_some_and(|pk| !pk.columns.is_empty()) {
        return true;
    }
    let required = |columns: &[String]| columns.iter().all(|c| table.column(c).is_some_and(|c| !c.nullable));
    table.uniques.iter().any(|u| required(&u.columns) && is_unique(table, &u.columns))
        || table.indexes.iter().any(|i| {
            i.unique
                && i.predicate.is_none()
                && i.column_names()
                    .is_some_and(|cols| required(&cols.iter().map(|c| c.to_string()).collect::<Vec<_>>()))
        })
}

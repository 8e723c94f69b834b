//! The schema as Prisma blocks: generator, datasource, enums, then one model per table.

use std::collections::BTreeSet;

use codegen_core::{
    Column, ColumnDefault, DbObject, Diagnostic, Diagnostics, Dialect, IndexKey, ObjectKind, Schema, Table,
};

use crate::context::Context;
use crate::defaults::{draws_from_sequence, render_default, render_list_default};
use crate::indexes::{
    MYSQL_PREFIX_LENGTH, UniqueKey, index_column, innodb_foreign_key_indexes, needs_prefix_length, plan_keys,
    render_index,
};
use crate::layout::{Block, Line, quote, render_blocks};
use crate::many_to_many::find_implicit;
use crate::names::Names;
use crate::notes;
use crate::options::{POSTGRESQL_EXTENSIONS, PrismaOptions, VIEWS, provider};
use crate::relations::{Relation, is_unique, plan_relations, skipped_warning};
use crate::types::{PrismaType, prisma_type};

/// Render `schema` as one `schema.prisma`, with warnings for what Prisma cannot express.
pub fn render_schema(schema: &Schema, options: &PrismaOptions) -> (String, Diagnostics) {
    // An `@id` field is never optional in Prisma, whatever SQLite reports of a key column.
    let schema = &*schema.with_keys_not_null();
    let mut diagnostics = Diagnostics::new();
    let mut names = Names::plan(schema, options.naming, options.dialect);
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
    object_diagnostics(schema, options, &mut diagnostics);
    let cx = Context { schema, options, names, relations, joins, types, multi_schema };

    let mut blocks = vec![generator(options), datasource(&cx)];
    for (i, _) in schema.enums.iter().enumerate() {
        blocks.push(enum_block(&cx, i));
    }
    for (i, _) in schema.tables.iter().enumerate().filter(|(i, _)| !join_tables.contains(i)) {
        blocks.push(model_block(&cx, i, &skipped, &mut diagnostics));
    }
    for (i, view) in schema.views.iter().enumerate() {
        if view.materialized {
            diagnostics.push(
                Diagnostic::warning(
                    "materialized views have no place in a Prisma schema (a `view` block is a plain view): left out, as db pull leaves them out",
                )
                .with_object(view.name.to_string())
                .at(view.loc.location().cloned()),
            );
        } else if options.preview(VIEWS) {
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

fn generator(options: &PrismaOptions) -> Block {
    let mut block = Block::new("generator client");
    block.lines.push(Line::Row(vec!["provider".into(), format!("= {}", quote(&options.generator))]));
    let features = options.generator_preview_features();
    if !features.is_empty() {
        let list: Vec<String> = features.iter().map(|f| quote(f)).collect();
        block.lines.push(Line::Row(vec!["previewFeatures".into(), format!("= [{}]", list.join(", "))]));
    }
    block
}

/// A `view` block: the view's columns as optional fields (Prisma cannot know they are set).
fn view_block(cx: &Context, index: usize) -> Block {
    let view = &cx.schema.views[index];
    let (name, fields) = &cx.names.views[index];
    let mut block = Block::new(format!("view {name}"));
    if view.comment.is_some() || view.columns.iter().any(|c| c.comment.is_some()) {
        block.leading.push(notes::VIEW_COMMENTS.into());
    }
    block.leading.extend(view.comment.as_deref().map(doc_comment).unwrap_or_default());
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
    let extensions = extensions(cx.schema);
    if cx.options.dialect == Dialect::Postgres && cx.options.preview(POSTGRESQL_EXTENSIONS) && !extensions.is_empty() {
        let list: Vec<String> = extensions.iter().map(|e| extension(e)).collect();
        block.lines.push(Line::Row(vec!["extensions".into(), format!("= [{}]", list.join(", "))]));
    }
    block
}

/// The PostgreSQL extensions the schema carries.
fn extensions(schema: &Schema) -> Vec<&DbObject> {
    schema.objects.iter().filter(|o| o.kind == ObjectKind::Extension && o.dialect == Dialect::Postgres).collect()
}

/// An entry of the datasource's `extensions`: `citext`, `uuid_ossp(map: "uuid-ossp", schema: "ext")`.
fn extension(object: &DbObject) -> String {
    let name = codegen_core::naming::prisma_identifier(&object.name.name);
    let mut arguments = Vec::new();
    if name != object.name.name {
        arguments.push(format!("map: {}", quote(&object.name.name)));
    }
    if let Some(schema) = object.name.schema.as_deref().filter(|s| *s != "public") {
        arguments.push(format!("schema: {}", quote(schema)));
    }
    if arguments.is_empty() { name } else { format!("{name}({})", arguments.join(", ")) }
}

/// What the schema's database objects become: extensions go in the datasource (with the
/// `postgresqlExtensions` preview feature); nothing else has a place in a Prisma schema.
fn object_diagnostics(schema: &Schema, options: &PrismaOptions, diagnostics: &mut Diagnostics) {
    let extensions = extensions(schema);
    if !extensions.is_empty() {
        let names: Vec<&str> = extensions.iter().map(|e| e.name.name.as_str()).collect();
        let why = match options.dialect {
            Dialect::Postgres if options.preview(POSTGRESQL_EXTENSIONS) => None,
            Dialect::Postgres => Some(format!(
                "the database uses the extensions {}: Prisma lists them in the datasource with the `{POSTGRESQL_EXTENSIONS}` preview feature (preview_features = [\"{POSTGRESQL_EXTENSIONS}\"]); without it `prisma migrate` does not create them",
                names.join(", ")
            )),
            other => {
                Some(format!("the PostgreSQL extensions {} have no place in a {other} Prisma schema", names.join(", ")))
            }
        };
        if let Some(why) = why {
            diagnostics.push(Diagnostic::warning(why));
        }
    }
    for table in schema.objects.iter().filter(|o| o.kind == ObjectKind::ForeignTable) {
        diagnostics.push(
            Diagnostic::warning(
                "foreign tables are not written: db pull writes one as an ignored model (@@ignore), which needs its columns, and the model carries the foreign table as a definition only",
            )
            .with_object(table.describe())
            .at(table.loc.location().cloned()),
        );
    }
    let others: Vec<&DbObject> =
        schema.objects.iter().filter(|o| !matches!(o.kind, ObjectKind::Extension | ObjectKind::ForeignTable)).collect();
    if !others.is_empty() {
        let kinds: BTreeSet<String> = others.iter().map(|o| o.kind.describe()).collect();
        diagnostics.push(Diagnostic::note(format!(
            "{} database object{} ({}) {} no place in a Prisma schema: {} stay in the database only, and `prisma migrate` neither creates nor drops them",
            others.len(),
            if others.len() == 1 { "" } else { "s" },
            kinds.into_iter().collect::<Vec<_>>().join(", "),
            if others.len() == 1 { "has" } else { "have" },
            if others.len() == 1 { "it" } else { "they" },
        )));
    }
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
    if let Some(from) = &cx.names.enums_renamed[index] {
        block.leading.push(notes::renamed("enum", from, name));
    }
    if let Some(comment) = &e.comment {
        block.leading.push(notes::ENUM_COMMENT.into());
        block.leading.extend(doc_comment(comment));
    }
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
pub(crate) fn column_types(schema: &Schema, names: &Names, dialect: Dialect) -> Vec<Vec<PrismaType>> {
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

fn object_name(table: &Table, what: &str) -> String {
    format!("{}.{what}", table.name)
}

/// A model: its fields (columns, then relations), its block attributes, and notes on what
/// Prisma cannot say.
fn model_block(cx: &Context, t: usize, skipped: &[crate::relations::Skipped], diagnostics: &mut Diagnostics) -> Block {
    let table = &cx.schema.tables[t];
    let model = &cx.names.models[t];
    let mut block = Block::new(format!("model {model}"));
    let mut notes = Notes { lines: Vec::new(), diagnostics };
    note_unexpressed(cx, t, skipped, &mut notes);
    let pk = PrimaryKeyForm::of(cx, table);
    let keys = plan_keys(cx, t);
    for (note, object, loc) in keys.left_out {
        notes.warn(note, object_name(table, &object), loc);
    }
    let indexes = model_indexes(cx, t, &mut notes);
    let Notes { lines: leading, diagnostics } = notes;
    for c in 0..table.columns.len() {
        scalar_field(cx, t, c, &pk, &keys.field_unique, &mut block, diagnostics);
    }
    relation_fields(cx, t, &mut block);
    let identified = model_attributes(cx, t, pk, keys.block_uniques, indexes, &mut block, diagnostics);

    block.leading = leading;
    let renamed = cx.names.renamed[t].as_deref().map(|from| (from, model.as_str()));
    block.leading.extend(notes::model_notes(table, renamed, identified));
    if let Some(comment) = &table.comment {
        block.leading.extend(doc_comment(comment));
    }
    block
}

/// The comments above a model, each also a warning.
struct Notes<'d> {
    lines: Vec<String>,
    diagnostics: &'d mut Diagnostics,
}

impl Notes<'_> {
    fn warn(&mut self, note: String, object: String, loc: Option<codegen_core::Location>) {
        self.diagnostics.push(Diagnostic::warning(note.clone()).with_object(object).at(loc));
        self.lines.push(format!("// {note}"));
    }
}

/// What the table holds that the model cannot say: foreign keys that are no relation, checks,
/// MySQL's prefix-keyed text columns.
fn note_unexpressed(cx: &Context, t: usize, skipped: &[crate::relations::Skipped], notes: &mut Notes) {
    let table = &cx.schema.tables[t];
    for s in skipped.iter().filter(|s| s.from == t) {
        let fk = &table.foreign_keys[s.fk];
        notes.lines.push(format!("// foreign key ({}) is not a relation: {}", fk.columns.join(", "), s.reason));
    }
    for check in &table.checks {
        let name = check.name.as_deref().map(|n| format!("`{n}` ")).unwrap_or_default();
        notes.warn(
            format!(
                "check constraint {name}({}) is not expressible in Prisma: it stays in the database only",
                check.expression
            ),
            object_name(table, check.name.as_deref().unwrap_or("check")),
            check.loc.location().cloned(),
        );
    }

    let pk_columns = table.primary_key.as_ref().map(|pk| pk.columns.as_slice()).unwrap_or_default();
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
        notes.warn(
            format!(
                "MySQL indexes the text column `{column}` by a prefix: keys and indexes use its first {MYSQL_PREFIX_LENGTH} characters"
            ),
            object_name(table, column),
            table.column(column).and_then(|c| c.loc.location().cloned()),
        );
    }
}

/// How the primary key is written: on its field (`@id`) when it is one column not keyed by a
/// prefix, else as `@@id`; with its name (`map`) where it is not PostgreSQL's default.
struct PrimaryKeyForm {
    columns: Vec<String>,
    map: Option<String>,
    /// MySQL keys a text column by a prefix, which only the block form can say.
    prefixed: bool,
}

impl PrimaryKeyForm {
    fn of(cx: &Context, table: &codegen_core::Table) -> Self {
        let table_name = &table.name.name;
        let columns = table.primary_key.as_ref().map(|pk| pk.columns.clone()).unwrap_or_default();
        let map = table
            .primary_key
            .as_ref()
            .and_then(|pk| pk.name.clone())
            .filter(|n| *n != format!("{table_name}_pkey") && cx.options.dialect == Dialect::Postgres);
        let prefixed = columns.iter().any(|c| needs_prefix_length(cx, table, c));
        PrimaryKeyForm { columns, map, prefixed }
    }

    fn on_field(&self, column: &str) -> bool {
        self.columns.len() == 1 && self.columns[0] == column && !self.prefixed
    }
}

/// The `@@index` attributes, warning about the indexes Prisma cannot say.
fn model_indexes(cx: &Context, t: usize, notes: &mut Notes) -> Vec<String> {
    let table = &cx.schema.tables[t];
    let mut indexes: Vec<String> = Vec::new();
    for index in &table.indexes {
        if index.unique && index.column_names().is_some() {
            continue;
        }
        match render_index(cx, t, index) {
            Ok(text) => indexes.push(text),
            Err(reason) => notes.warn(
                format!(
                    "index `{}` is not expressible in Prisma ({reason}): it stays in the database only",
                    index.name
                ),
                object_name(table, &index.name),
                index.loc.location().cloned(),
            ),
        }
    }
    indexes.extend(innodb_foreign_key_indexes(cx, t));
    indexes
}

/// The field of column `c`, with its attributes in the order `prisma format` puts them.
fn scalar_field(
    cx: &Context,
    t: usize,
    c: usize,
    pk: &PrimaryKeyForm,
    field_unique: &[UniqueKey],
    block: &mut Block,
    diagnostics: &mut Diagnostics,
) {
    let table = &cx.schema.tables[t];
    let column = &table.columns[c];
    let name = cx.names.fields[t][c].clone();
    if let Some(comment) = &column.comment {
        block.lines.extend(doc_comment(comment).into_iter().map(Line::Comment));
    }
    let ty = cx.types[t][c].clone();
    if ty.is_unsupported() {
        diagnostics.push(
            Diagnostic::note(format!("type `{}` has no Prisma type: written as {}", column.declared_type, ty.scalar))
                .with_object(object_name(table, &column.name))
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
                .with_object(object_name(table, &column.name))
                .at(column.loc.location().cloned()),
        );
        block.lines.push(Line::Comment(format!("// {note}")));
    }
    if ty.list && column.nullable {
        diagnostics.push(
            Diagnostic::warning("Prisma lists cannot be optional: the nullable array is written as a required list")
                .with_object(object_name(table, &column.name))
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
    if pk.on_field(&column.name) {
        attributes.push(match &pk.map {
            Some(map) => format!("@id(map: {})", quote(map)),
            None => "@id".into(),
        });
    }
    // The order `prisma format` puts them in.
    if let Some(key) = field_unique.iter().find(|k| k.columns == [column.name.clone()]) {
        attributes.push(key.field_attribute());
    }
    // MySQL counts up only in a key column, and Prisma's SQLite only in the @id.
    let counts_up = matches!(column.default, Some(ColumnDefault::AutoIncrement { .. }));
    let sole_key = |columns: &[String]| columns == [column.name.clone()];
    let keyed = sole_key(&pk.columns)
        || (cx.options.dialect == Dialect::Mysql && table.uniques.iter().any(|u| sole_key(&u.columns)));
    if counts_up && !keyed && cx.options.dialect != Dialect::Postgres {
        diagnostics.push(
            Diagnostic::warning(format!(
                "{} counts up only in a key column: the auto-increment default is left out",
                provider(cx.options.dialect)
            ))
            .with_object(object_name(table, &column.name))
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
        let list_default = match default {
            ColumnDefault::Literal { value: codegen_core::Literal::String(s) } if ty.list => {
                render_list_default(s, &ty.scalar, &enum_value)
            }
            _ => None,
        };
        // An expression the database computes is written as the source declared it, when the
        // source is this database (db pull writes the catalog's text, which a live source is).
        let declared = matches!(default, ColumnDefault::Expression { sql } if !draws_from_sequence(sql, &ty.scalar))
            .then(|| codegen_core::read::sql::declared_default_for(cx.schema, column, cx.options.dialect))
            .flatten()
            .map(|sql| format!("dbgenerated({})", crate::layout::quote(sql)));
        let rendered =
            list_default.or(declared).or_else(|| render_default(default, cx.options.dialect, &ty.scalar, &enum_value));
        match rendered {
            Some(text) => attributes.push(format!("@default({text})")),
            None if *default != ColumnDefault::Literal { value: codegen_core::Literal::Null } => diagnostics.push(
                Diagnostic::warning(format!(
                    "the default ({default:?}) has no {} form for a {} field and is left out",
                    provider(cx.options.dialect),
                    ty.scalar
                ))
                .with_object(object_name(table, &column.name))
                .at(column.loc.location().cloned()),
            ),
            None => {}
        }
    }
    if cx.options.wants_updated_at(&table.name.name, &column.name) && ty.scalar == "DateTime" {
        attributes.push("@updatedAt".into());
    }
    if name != column.name {
        attributes.push(format!("@map({})", quote(&column.name)));
    }
    attributes.extend(ty.native.clone());
    block.lines.push(Line::Row(vec![name, format!("{}{suffix}", ty.scalar), attributes.join(" ")]));
}

/// The relation fields: the keys this table holds, then the ones pointing at it, then implicit
/// many-to-many lists. A relation field to a model Prisma ignores must be ignored too.
fn relation_fields(cx: &Context, t: usize, block: &mut Block) {
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
}

/// The block attributes (`@@id`, `@@unique`, `@@index`, `@@map`, `@@schema`, `@@ignore`).
/// Returns whether the model has an identifier (else it is `@@ignore`d).
fn model_attributes(
    cx: &Context,
    t: usize,
    pk: PrimaryKeyForm,
    block_uniques: Vec<String>,
    indexes: Vec<String>,
    block: &mut Block,
    diagnostics: &mut Diagnostics,
) -> bool {
    let table = &cx.schema.tables[t];
    let (model, table_name) = (&cx.names.models[t], &table.name.name);
    if pk.columns.len() > 1 || pk.prefixed {
        let map = pk.map.map(|m| format!(", map: {}", quote(&m))).unwrap_or_default();
        let parts: Vec<String> = pk.columns.iter().map(|c| index_column(cx, t, c, None)).collect();
        block.attributes.push(format!("@@id([{}]{map})", parts.join(", ")));
    }
    block.attributes.extend(block_uniques);
    block.attributes.extend(indexes);
    if *model != *table_name {
        block.attributes.push(format!("@@map({})", quote(table_name)));
    }
    block.attributes.extend(schema_attribute(cx, &table.name.schema));
    let identified = has_identifier(table);
    if !identified {
        let note = "the table has no primary key or unique constraint on required columns, which Prisma Client needs: the model is marked @@ignore";
        diagnostics
            .push(Diagnostic::warning(note).with_object(table.name.to_string()).at(table.loc.location().cloned()));
        block.attributes.push("@@ignore".into());
    }
    identified
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
    // InnoDB treats NO ACTION as RESTRICT (MariaDB reports RESTRICT either way), and so do
    // Prisma's MySQL defaults: one action, written as db pull writes it.
    let innodb = |a: codegen_core::ReferentialAction| match a {
        codegen_core::ReferentialAction::NoAction if cx.options.dialect == Dialect::Mysql => {
            codegen_core::ReferentialAction::Restrict
        }
        a => a,
    };
    let (on_delete, on_update) = (innodb(fk.on_delete), innodb(fk.on_update));
    // Prisma's defaults when the schema names no action; the database's default is NO ACTION.
    let default_delete =
        if r.optional { codegen_core::ReferentialAction::SetNull } else { codegen_core::ReferentialAction::Restrict };
    if on_delete != default_delete {
        arguments.push(format!("onDelete: {}", action(on_delete)));
    }
    if on_update != codegen_core::ReferentialAction::Cascade {
        arguments.push(format!("onUpdate: {}", action(on_update)));
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

/// SQLite's alias of the rowid without a default of its own: SQLite fills it, as
/// `@default(autoincrement())` says (only `INTEGER PRIMARY KEY` in a rowid table is one; see
/// [`Table::sqlite_rowid_alias`]).
fn is_rowid_alias(cx: &Context, table: &Table, column: &Column) -> bool {
    cx.options.dialect == Dialect::Sqlite
        && column.default.is_none()
        && column.generated.is_none()
        && table.sqlite_rowid_alias().is_some_and(|alias| alias.name == column.name)
}

/// Whether Prisma Client can identify rows: a primary key, or a unique constraint on required columns.
pub(crate) fn has_identifier(table: &Table) -> bool {
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

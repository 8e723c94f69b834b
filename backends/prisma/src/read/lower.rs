//! Prisma blocks to the neutral model: models become tables, enums enums, relation fields
//! foreign keys; every problem is a diagnostic at its line.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use codegen_core::{
    AutoIncrement, Column, ColumnDefault, ColumnType, Diagnostic, Diagnostics, Dialect, EnumType, ForeignKey, Index,
    IndexKey, IndexPart, Literal, Loc, Location, PrimaryKey, QualifiedName, ReferentialAction, Schema, SortOrder,
    Table, UniqueConstraint,
};

use super::ast::{Attribute, Block, BlockKind, CallArgs, Field, Pos, Value};
use super::types::{Native, declared_type, is_scalar, lower_scalar};

/// What lowering needs to resolve names across blocks.
struct Lowering<'a> {
    file: Arc<Path>,
    dialect: Dialect,
    blocks: &'a [Block],
    /// Prisma enum name -> (database name, Prisma value -> database value).
    enums: BTreeMap<&'a str, (QualifiedName, BTreeMap<String, String>)>,
    diagnostics: Diagnostics,
}

pub fn lower(blocks: &[Block], file: &Path) -> (Schema, Diagnostics) {
    let file: Arc<Path> = Arc::from(file);
    let mut cx =
        Lowering { file, dialect: Dialect::Postgres, blocks, enums: BTreeMap::new(), diagnostics: Diagnostics::new() };
    cx.dialect = cx.provider();
    let mut schema = Schema::default();
    for block in blocks {
        match block.kind {
            BlockKind::Enum => {
                let e = cx.lower_enum(block);
                let values = block.fields.iter().zip(&e.values).map(|(f, v)| (f.name.clone(), v.clone())).collect();
                cx.enums.insert(&block.name, (e.name.clone(), values));
                schema.enums.push(e);
            }
            BlockKind::Type => {
                cx.error(block.pos, format!("composite type `{}` is MongoDB-only and has no SQL form", block.name))
            }
            BlockKind::View => cx.diagnostics.push(
                Diagnostic::warning(format!(
                    "view `{}` is left out: its query is not in the Prisma schema",
                    block.name
                ))
                .at(Some(cx.location(block.pos))),
            ),
            _ => {}
        }
    }
    for block in blocks.iter().filter(|b| b.kind == BlockKind::Model) {
        let table = cx.lower_model(block);
        schema.tables.push(table);
    }
    let joins = cx.implicit_many_to_many(&schema);
    schema.tables.extend(joins);
    let namespaces: Vec<String> = schema
        .tables
        .iter()
        .filter_map(|t| t.name.schema.clone())
        .chain(schema.enums.iter().filter_map(|e| e.name.schema.clone()))
        .collect();
    for namespace in namespaces {
        if !schema.namespaces.contains(&namespace) {
            schema.namespaces.push(namespace);
        }
    }
    (schema, cx.diagnostics)
}

/// A block's or field's doc comment, without the notes `db pull` (and codegen) write about the
/// model, which are not the database's comment.
fn docs(lines: &[String]) -> Option<String> {
    let lines: Vec<&str> = lines.iter().map(String::as_str).filter(|l| !crate::notes::is_db_pull_note(l)).collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// `["a", "b"]` or `[a, b]` as strings.
fn names_of(value: &Value) -> Option<Vec<(String, CallArgs)>> {
    let Value::Array(items) = value else { return None };
    items
        .iter()
        .map(|item| match item {
            Value::Ident(name) => Some((name.clone(), Vec::new())),
            Value::Call(name, args) => Some((name.clone(), args.clone())),
            _ => None,
        })
        .collect()
}

impl<'a> Lowering<'a> {
    fn location(&self, pos: Pos) -> Location {
        Location::new(self.file.clone(), pos.line, pos.column)
    }

    fn loc(&self, pos: Pos) -> Loc {
        Loc::at(self.location(pos))
    }

    fn error(&mut self, pos: Pos, message: impl Into<String>) {
        let diagnostic = Diagnostic::error(message).at(Some(self.location(pos)));
        self.diagnostics.push(diagnostic);
    }

    fn error_with_help(&mut self, pos: Pos, message: impl Into<String>, help: String) {
        let diagnostic = Diagnostic::error(message).at(Some(self.location(pos))).with_help(help);
        self.diagnostics.push(diagnostic);
    }

    fn note(&mut self, pos: Pos, object: String, message: impl Into<String>) {
        let diagnostic = Diagnostic::note(message).with_object(object).at(Some(self.location(pos)));
        self.diagnostics.push(diagnostic);
    }

    /// The datasource's provider decides how types map.
    fn provider(&mut self) -> Dialect {
        let Some(datasource) = self.blocks.iter().find(|b| b.kind == BlockKind::Datasource) else {
            self.error(
                Pos { line: 1, column: 1 },
                "no `datasource` block: its `provider` (postgresql, mysql or sqlite) decides the column types",
            );
            return Dialect::Postgres;
        };
        match datasource.settings.iter().find(|(k, _, _)| k == "provider") {
            Some((_, Value::String(p), pos)) => match p.as_str() {
                "postgresql" | "postgres" | "cockroachdb" => Dialect::Postgres,
                "mysql" => Dialect::Mysql,
                "sqlite" => Dialect::Sqlite,
                other => {
                    let pos = *pos;
                    self.error(pos, format!("provider `{other}` is not supported (postgresql, mysql or sqlite)"));
                    Dialect::Postgres
                }
            },
            _ => {
                self.error(datasource.pos, format!("datasource `{}` has no `provider = \"...\"`", datasource.name));
                Dialect::Postgres
            }
        }
    }

    fn attribute<'b>(attributes: &'b [Attribute], name: &str) -> Option<&'b Attribute> {
        attributes.iter().find(|a| a.name == name)
    }

    /// `@@map` / `@@schema` of a model or enum.
    fn database_name(&self, block: &Block) -> QualifiedName {
        let name = Self::attribute(&block.attributes, "map")
            .and_then(|a| a.arg("name", true))
            .and_then(Value::as_str)
            .unwrap_or(&block.name);
        let schema = Self::attribute(&block.attributes, "schema")
            .and_then(|a| a.arg("name", true))
            .and_then(Value::as_str)
            .filter(|s| *s != "public")
            .map(String::from);
        QualifiedName::qualified(schema, name)
    }

    fn lower_enum(&mut self, block: &Block) -> EnumType {
        let values = block
            .fields
            .iter()
            .map(|f| {
                Self::attribute(&f.attributes, "map")
                    .and_then(|a| a.arg("name", true))
                    .and_then(Value::as_str)
                    .unwrap_or(&f.name)
                    .to_string()
            })
            .collect();
        EnumType { name: self.database_name(block), values, comment: docs(&block.docs), loc: self.loc(block.pos) }
    }

    fn model(&self, name: &str) -> Option<&'a Block> {
        self.blocks.iter().find(|b| b.kind == BlockKind::Model && b.name == name)
    }

    fn column_name(field: &Field) -> String {
        Self::attribute(&field.attributes, "map")
            .and_then(|a| a.arg("name", true))
            .and_then(Value::as_str)
            .unwrap_or(&field.name)
            .to_string()
    }

    /// The column behind field `name` of `model`, or an error at `pos`.
    fn column_of(&mut self, model: &Block, name: &str, pos: Pos) -> Option<String> {
        match model.fields.iter().find(|f| f.name == name) {
            Some(field) => Some(Self::column_name(field)),
            None => {
                let help = codegen_core::validate::suggest(name, model.fields.iter().map(|f| f.name.as_str()));
                self.error_with_help(pos, format!("model `{}` has no field `{name}`", model.name), help);
                None
            }
        }
    }

    fn is_relation(&self, field: &Field) -> bool {
        !is_scalar(&field.ty) && field.ty != "Unsupported" && !self.enums.contains_key(field.ty.as_str())
    }

    fn lower_model(&mut self, block: &Block) -> Table {
        let mut table = Table::new("");
        table.name = self.database_name(block);
        table.comment = docs(&block.docs);
        table.loc = self.loc(block.pos);
        let object = |field: &str| format!("{}.{field}", block.name);
        for field in &block.fields {
            if self.is_relation(field) {
                if let Some(fk) = self.lower_relation(block, field) {
                    table.foreign_keys.push(fk);
                }
                continue;
            }
            let column_name = Self::column_name(field);
            let Some(column) = self.lower_column(block, field, &column_name) else { continue };
            for attribute in &field.attributes {
                let map = attribute.arg("map", false).and_then(Value::as_str).map(String::from);
                match attribute.name.as_str() {
                    "id" => table.primary_key = Some(PrimaryKey { name: map, columns: vec![column_name.clone()] }),
                    "unique" => table.uniques.push(UniqueConstraint {
                        name: map,
                        columns: vec![column_name.clone()],
                        loc: self.loc(attribute.pos),
                    }),
                    "updatedAt" => self.note(
                        attribute.pos,
                        object(&field.name),
                        "@updatedAt is set by Prisma Client, not the database: not in the model",
                    ),
                    "default" | "map" | "ignore" => {}
                    name if name.starts_with("db.") => {}
                    other => self.error(
                        attribute.pos,
                        format!("unknown field attribute `@{other}` on `{}`", object(&field.name)),
                    ),
                }
            }
            table.columns.push(column);
        }
        for attribute in &block.attributes {
            self.lower_block_attribute(block, attribute, &mut table);
        }
        table
    }

    fn lower_column(&mut self, block: &Block, field: &Field, column_name: &str) -> Option<Column> {
        let object = format!("{}.{}", block.name, field.name);
        let native_attribute = field.attributes.iter().find(|a| a.name.starts_with("db."));
        let native = native_attribute.map(|a| Native {
            name: &a.name[3..],
            args: a
                .args
                .iter()
                .filter_map(|arg| match &arg.value {
                    Value::Number(n) => n.parse().ok(),
                    _ => None,
                })
                .collect(),
        });
        let element = if field.ty == "Unsupported" {
            let raw = field.unsupported.clone().unwrap_or_default();
            if raw.eq_ignore_ascii_case("interval") { ColumnType::Interval } else { ColumnType::Other { raw } }
        } else if let Some((name, _)) = self.enums.get(field.ty.as_str()) {
            ColumnType::Enum { name: name.clone() }
        } else {
            match lower_scalar(&field.ty, native.as_ref(), self.dialect) {
                Some(ty) => ty,
                None => {
                    let native = native_attribute.map(|a| format!(" @{}", a.name)).unwrap_or_default();
                    self.error(
                        field.pos,
                        format!("`{object}`: type `{}{native}` is not known for {}", field.ty, self.dialect),
                    );
                    return None;
                }
            }
        };
        let ty = if field.list { ColumnType::Array { element: Box::new(element) } } else { element };
        let mut column = Column::new(column_name, ty.clone(), declared_type(&ty));
        if let ColumnType::Other { raw } = &ty {
            column.declared_type = raw.clone();
        }
        column.nullable = field.optional;
        column.comment = docs(&field.docs);
        column.loc = self.loc(field.pos);
        if let Some(attribute) = Self::attribute(&field.attributes, "default") {
            column.default = self.lower_default(attribute, &field.ty, &object);
        }
        Some(column)
    }

    fn lower_default(&mut self, attribute: &Attribute, ty: &str, object: &str) -> Option<ColumnDefault> {
        let value = attribute.arg("value", true)?;
        let literal = |value| Some(ColumnDefault::Literal { value });
        match value {
            Value::String(s) => literal(Literal::String(s.clone())),
            Value::Number(n) => literal(Literal::Number(n.clone())),
            Value::Ident(b) if b == "true" || b == "false" => literal(Literal::Bool(b == "true")),
            Value::Ident(v) => match self.enums.get(ty).and_then(|(_, values)| values.get(v)) {
                Some(database_value) => literal(Literal::String(database_value.clone())),
                None => {
                    self.error(attribute.pos, format!("`{object}`: default `{v}` is not a value of `{ty}`"));
                    None
                }
            },
            Value::Call(function, args) => match function.as_str() {
                "autoincrement" | "sequence" => Some(ColumnDefault::AutoIncrement {
                    strategy: if self.dialect == Dialect::Postgres {
                        AutoIncrement::Serial
                    } else {
                        AutoIncrement::AutoIncrement
                    },
                }),
                "now" => Some(ColumnDefault::CurrentTimestamp),
                "dbgenerated" => match args.first() {
                    Some((_, Value::String(sql))) => Some(classify_sql_default(sql)),
                    _ => {
                        self.note(
                            attribute.pos,
                            object.into(),
                            "dbgenerated() without its expression: the default is unknown and left out",
                        );
                        None
                    }
                },
                "uuid" | "cuid" | "nanoid" | "ulid" => {
                    self.note(
                        attribute.pos,
                        object.into(),
                        format!("{function}() is generated by Prisma Client, not the database: no database default"),
                    );
                    None
                }
                other => {
                    self.error(attribute.pos, format!("`{object}`: unknown default function `{other}()`"));
                    None
                }
            },
            Value::Array(_) => {
                self.note(attribute.pos, object.into(), "list defaults are left out of the model");
                None
            }
        }
    }

    fn lower_relation(&mut self, block: &Block, field: &Field) -> Option<ForeignKey> {
        let object = format!("{}.{}", block.name, field.name);
        let Some(target) = self.model(&field.ty) else {
            let help = codegen_core::validate::suggest(
                &field.ty,
                self.blocks
                    .iter()
                    .filter(|b| matches!(b.kind, BlockKind::Model | BlockKind::Enum))
                    .map(|b| b.name.as_str()),
            );
            self.error_with_help(field.pos, format!("`{object}`: unknown type `{}`", field.ty), help);
            return None;
        };
        let relation = Self::attribute(&field.attributes, "relation");
        // The side without `fields:` holds no key: the other model's field does.
        let fields = relation.and_then(|r| r.arg("fields", false))?;
        let pos = relation.map_or(field.pos, |r| r.pos);
        let references = relation.and_then(|r| r.arg("references", false));
        let (Some(fields), Some(references)) = (names_of(fields), references.and_then(names_of)) else {
            self.error(pos, format!("`{object}`: @relation needs `fields: [...]` and `references: [...]` lists"));
            return None;
        };
        let columns: Option<Vec<String>> = fields.iter().map(|(f, _)| self.column_of(block, f, pos)).collect();
        let referenced: Option<Vec<String>> = references.iter().map(|(f, _)| self.column_of(target, f, pos)).collect();
        let (columns, referenced_columns) = (columns?, referenced?);
        let action =
            |cx: &mut Self, name: &str, default: ReferentialAction| match relation.and_then(|r| r.arg(name, false)) {
                None => default,
                Some(Value::Ident(a)) => match a.as_str() {
                    "Cascade" => ReferentialAction::Cascade,
                    "Restrict" => ReferentialAction::Restrict,
                    "NoAction" => ReferentialAction::NoAction,
                    "SetNull" => ReferentialAction::SetNull,
                    "SetDefault" => ReferentialAction::SetDefault,
                    other => {
                        cx.error(pos, format!("`{object}`: unknown referential action `{other}`"));
                        default
                    }
                },
                Some(_) => {
                    cx.error(pos, format!("`{object}`: {name} takes a referential action such as Cascade"));
                    default
                }
            };
        // Prisma's defaults when the schema names none.
        let on_delete = action(
            self,
            "onDelete",
            if field.optional { ReferentialAction::SetNull } else { ReferentialAction::Restrict },
        );
        let on_update = action(self, "onUpdate", ReferentialAction::Cascade);
        Some(ForeignKey {
            name: relation.and_then(|r| r.arg("map", false)).and_then(Value::as_str).map(String::from),
            columns,
            referenced_table: self.database_name(target),
            referenced_columns,
            on_delete,
            on_update,
            loc: self.loc(pos),
            deferrable: None,
        })
    }

    /// The relation name of a list field without `fields`: its `@relation("name")`, if any.
    fn relation_name(field: &Field) -> Option<&str> {
        Self::attribute(&field.attributes, "relation").and_then(|r| r.arg("name", true)).and_then(Value::as_str)
    }

    /// Join tables for list fields on both sides with no key: Prisma's implicit many-to-many,
    /// as Prisma Migrate creates them (`_AToB`, columns `A` and `B`, cascading keys).
    fn implicit_many_to_many(&mut self, schema: &Schema) -> Vec<Table> {
        let mut joins = Vec::new();
        for model in self.blocks.iter().filter(|b| b.kind == BlockKind::Model) {
            let lists: Vec<&Field> = model.fields.iter().filter(|f| f.list && self.is_relation(f)).collect();
            for field in lists {
                let Some(other) = self.model(&field.ty) else { continue };
                if Self::attribute(&field.attributes, "relation").is_some_and(|r| r.arg("fields", false).is_some()) {
                    continue;
                }
                let name = Self::relation_name(field);
                let back = other
                    .fields
                    .iter()
                    .find(|g| g.ty == model.name && g.list && g.name != field.name && Self::relation_name(g) == name);
                // Each pair once, from the model Prisma calls `A` (the first by name).
                if back.is_none() || model.name >= other.name {
                    if back.is_some() && model.name == other.name {
                        self.error(
                            field.pos,
                            format!(
                                "`{}.{}`: implicit many-to-many self-relations are not supported",
                                model.name, field.name
                            ),
                        );
                    }
                    continue;
                }
                let relation = name.map_or_else(|| format!("{}To{}", model.name, other.name), String::from);
                if let Some(table) = self.join_table(schema, &relation, model, other, field.pos) {
                    joins.push(table);
                }
            }
        }
        joins
    }

    fn join_table(&mut self, schema: &Schema, relation: &str, a: &Block, b: &Block, pos: Pos) -> Option<Table> {
        let mut table = Table::new(format!("_{relation}"));
        table.loc = self.loc(pos);
        let mut foreign_keys = Vec::new();
        for (column, model) in [("A", a), ("B", b)] {
            let target = schema.table(&self.database_name(model))?;
            let Some(id) = target.primary_key.as_ref().filter(|pk| pk.columns.len() == 1) else {
                self.error(
                    pos,
                    format!("many-to-many relation `{relation}`: model `{}` needs a single-field @id", model.name),
                );
                return None;
            };
            let referenced = target.column(&id.columns[0])?;
            let mut key = Column::new(column, referenced.ty.clone(), referenced.declared_type.clone());
            key.nullable = false;
            key.loc = self.loc(pos);
            table.columns.push(key);
            foreign_keys.push(ForeignKey {
                name: Some(format!("_{relation}_{column}_fkey")),
                columns: vec![column.into()],
                referenced_table: target.name.clone(),
                referenced_columns: id.columns.clone(),
                on_delete: ReferentialAction::Cascade,
                on_update: ReferentialAction::Cascade,
                loc: self.loc(pos),
                deferrable: None,
            });
        }
        table.foreign_keys = foreign_keys;
        let both = vec!["A".to_string(), "B".to_string()];
        // Prisma keys the pair with a primary key on PostgreSQL, a unique index elsewhere.
        if self.dialect == Dialect::Postgres {
            table.primary_key = Some(PrimaryKey { name: Some(format!("_{relation}_AB_pkey")), columns: both });
        } else {
            table.indexes.push(Index {
                name: format!("_{relation}_AB_unique"),
                unique: true,
                parts: both
                    .into_iter()
                    .map(|c| IndexPart {
                        key: IndexKey::Column(c),
                        order: None,
                        collation: None,
                        nulls: None,
                        opclass: None,
                        length: None,
                    })
                    .collect(),
                method: None,
                predicate: None,
                loc: self.loc(pos),
                include: Vec::new(),
                mysql_only_since: None,
            });
        }
        table.indexes.push(Index {
            name: format!("_{relation}_B_index"),
            unique: false,
            parts: vec![IndexPart {
                key: IndexKey::Column("B".into()),
                order: None,
                collation: None,
                nulls: None,
                opclass: None,
                length: None,
            }],
            method: None,
            predicate: None,
            loc: self.loc(pos),
            include: Vec::new(),
            mysql_only_since: None,
        });
        Some(table)
    }

    fn lower_block_attribute(&mut self, block: &Block, attribute: &Attribute, table: &mut Table) {
        let map = attribute.arg("map", false).and_then(Value::as_str).map(String::from);
        let list = || attribute.arg("fields", true).and_then(names_of);
        match attribute.name.as_str() {
            "map" | "schema" | "ignore" => {}
            "id" | "unique" | "index" => {
                let Some(fields) = list() else {
                    self.error(
                        attribute.pos,
                        format!("@@{} on `{}` needs a list of fields", attribute.name, block.name),
                    );
                    return;
                };
                let mut parts = Vec::new();
                for (field, args) in &fields {
                    let Some(column) = self.column_of(block, field, attribute.pos) else { return };
                    let order = args.iter().find(|(n, _)| n.as_deref() == Some("sort")).map(|(_, v)| v);
                    let order = match order {
                        Some(Value::Ident(o)) if o == "Desc" => Some(SortOrder::Desc),
                        Some(Value::Ident(o)) if o == "Asc" => Some(SortOrder::Asc),
                        _ => None,
                    };
                    let length = args.iter().find(|(n, _)| n.as_deref() == Some("length")).and_then(|(_, v)| match v {
                        Value::Number(n) => n.parse().ok(),
                        _ => None,
                    });
                    // `ops: raw("gin_trgm_ops")` (or a name Prisma knows, `ops: JsonbPathOps`).
                    let opclass = args.iter().find(|(n, _)| n.as_deref() == Some("ops")).and_then(|(_, v)| match v {
                        Value::Call(f, raw) if f == "raw" => match raw.first() {
                            Some((_, Value::String(s))) => Some(s.clone()),
                            _ => None,
                        },
                        Value::Ident(name) => Some(prisma_ops_name(name)),
                        _ => None,
                    });
                    parts.push(IndexPart {
                        key: IndexKey::Column(column),
                        order,
                        collation: None,
                        nulls: None,
                        opclass,
                        length,
                    });
                }
                let columns: Vec<String> = parts
                    .iter()
                    .filter_map(|p| match &p.key {
                        IndexKey::Column(c) => Some(c.clone()),
                        IndexKey::Expression(_) => None,
                    })
                    .collect();
                match attribute.name.as_str() {
                    "id" => table.primary_key = Some(PrimaryKey { name: map, columns }),
                    "unique" => {
                        table.uniques.push(UniqueConstraint { name: map, columns, loc: self.loc(attribute.pos) })
                    }
                    _ => {
                        let name = map.unwrap_or_else(|| format!("{}_{}_idx", table.name.name, columns.join("_")));
                        let method = match attribute.arg("type", false) {
                            Some(Value::Ident(t)) if t != "BTree" => Some(t.to_ascii_lowercase()),
                            _ => None,
                        };
                        table.indexes.push(Index {
                            name,
                            unique: false,
                            parts,
                            method,
                            predicate: None,
                            loc: self.loc(attribute.pos),
                            include: Vec::new(),
                            mysql_only_since: None,
                        });
                    }
                }
            }
            "fulltext" => self.note(attribute.pos, block.name.clone(), "@@fulltext indexes are left out of the model"),
            other => self.error(attribute.pos, format!("unknown block attribute `@@{other}` on `{}`", block.name)),
        }
    }
}

/// The model's reading of a `dbgenerated("...")` expression.
fn classify_sql_default(sql: &str) -> ColumnDefault {
    let trimmed = sql.trim();
    let bare = trimmed.trim_start_matches('(').trim_end_matches(')').trim();
    let lower = bare.to_ascii_lowercase();
    match lower.as_str() {
        "current_timestamp" | "now()" | "current_timestamp()" => return ColumnDefault::CurrentTimestamp,
        "current_date" => return ColumnDefault::CurrentDate,
        "current_time" => return ColumnDefault::CurrentTime,
        "true" | "false" => return ColumnDefault::Literal { value: Literal::Bool(lower == "true") },
        _ => {}
    }
    for function in ["gen_random_uuid", "uuid_generate_v4", "uuid_generate_v7", "uuidv7", "uuidv4", "uuid"] {
        if lower == format!("{function}()") || lower == format!("{function}(") {
            return ColumnDefault::GeneratedUuid { function: function.into() };
        }
    }
    if trimmed.parse::<f64>().is_ok() {
        return ColumnDefault::Literal { value: Literal::Number(trimmed.into()) };
    }
    if let Some(inner) = trimmed.strip_prefix('\'').and_then(|s| s.strip_suffix('\''))
        && !inner.replace("''", "").contains('\'')
    {
        return ColumnDefault::Literal { value: Literal::String(inner.replace("''", "'")) };
    }
    ColumnDefault::Expression { sql: sql.into() }
}

/// Prisma's name of an operator class (`JsonbPathOps`) as PostgreSQL's (`jsonb_path_ops`).
fn prisma_ops_name(name: &str) -> String {
    crate::indexes::PRISMA_OPS
        .iter()
        .find(|(_, prisma, _)| *prisma == name)
        .map_or_else(|| name.to_string(), |(sql, _, _)| sql.to_string())
}

//! Unique keys and indexes as `@unique`, `@@unique` and `@@index`, the way `db pull` writes them:
//! one `@unique` per field (the first by name when several unique indexes cover the field), every
//! compound one, and partial ones (`where: raw(...)`) with the `partialIndexes` preview feature.

use std::collections::BTreeMap;

use codegen_core::{ColumnType, Dialect, Index, IndexKey, Location, SortOrder, Table};

use crate::context::Context;
use crate::layout::quote;
use crate::options::PARTIAL_INDEXES;

/// InnoDB indexes every foreign key: when no index starts with the key's columns, it creates one
/// named after the constraint. `db pull` writes it as `@@index([...], map: "...")`, and without it
/// `prisma migrate` would see an index to drop. MySQL only.
pub fn innodb_foreign_key_indexes(cx: &Context, t: usize) -> Vec<String> {
    let table = &cx.schema.tables[t];
    if cx.options.dialect != Dialect::Mysql {
        return Vec::new();
    }
    let mut leading: Vec<Vec<String>> = Vec::new();
    leading.extend(table.primary_key.iter().map(|pk| pk.columns.clone()));
    leading.extend(table.uniques.iter().map(|u| u.columns.clone()));
    leading.extend(table.indexes.iter().map(|i| {
        i.parts
            .iter()
            .map_while(|p| match &p.key {
                IndexKey::Column(c) => Some(c.clone()),
                IndexKey::Expression(_) => None,
            })
            .collect()
    }));
    let mut out = Vec::new();
    for fk in &table.foreign_keys {
        if leading.iter().any(|cols| cols.starts_with(&fk.columns)) {
            continue;
        }
        leading.push(fk.columns.clone());
        // A key without a name is created by Prisma Migrate as `{table}_{columns}_fkey`.
        let name = fk.name.clone().unwrap_or_else(|| format!("{}_{}_fkey", table.name.name, fk.columns.join("_")));
        let parts: Vec<String> = fk.columns.iter().map(|c| index_column(cx, t, c, None)).collect();
        let map = if name == format!("{}_{}_idx", table.name.name, fk.columns.join("_")) {
            String::new()
        } else {
            format!(", map: {}", quote(&name))
        };
        out.push(format!("@@index([{}]{map})", parts.join(", ")));
    }
    out
}

/// A unique key: a constraint or a unique index on columns.
#[derive(Debug, Clone)]
pub struct UniqueKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub predicate: Option<String>,
    /// `map:` is written: the name is not Prisma's default.
    pub map: Option<String>,
    pub loc: Option<Location>,
}

impl UniqueKey {
    /// `@unique`, `@unique(map: "...", where: raw("..."))`.
    pub fn field_attribute(&self) -> String {
        let arguments = self.arguments();
        if arguments.is_empty() { "@unique".into() } else { format!("@unique({})", arguments.join(", ")) }
    }

    fn arguments(&self) -> Vec<String> {
        let mut arguments = Vec::new();
        if let Some(map) = &self.map {
            arguments.push(format!("map: {}", quote(map)));
        }
        if let Some(predicate) = &self.predicate {
            arguments.push(format!("where: raw({})", quote(predicate)));
        }
        arguments
    }
}

/// A model's unique keys, and those left out with the reason.
#[derive(Debug, Default)]
pub struct Keys {
    /// Keys on one column, written on the field.
    pub field_unique: Vec<UniqueKey>,
    /// `@@unique(...)` attributes.
    pub block_uniques: Vec<String>,
    /// (note, object, location) of every key left out.
    pub left_out: Vec<(String, String, Option<Location>)>,
}

/// Plan the unique keys of table `t`.
pub fn plan_keys(cx: &Context, t: usize) -> Keys {
    let table = &cx.schema.tables[t];
    let partial = cx.options.preview(PARTIAL_INDEXES);
    let mut keys = Keys::default();
    let mut candidates: Vec<UniqueKey> = Vec::new();
    let default_name = |columns: &[String]| format!("{}_{}_key", table.name.name, columns.join("_"));
    for u in &table.uniques {
        let map = u.name.clone().filter(|n| *n != default_name(&u.columns));
        candidates.push(UniqueKey {
            name: u.name.clone(),
            columns: u.columns.clone(),
            predicate: None,
            map,
            loc: u.loc.location().cloned(),
        });
    }
    for i in table.indexes.iter().filter(|i| i.unique) {
        let Some(columns) = i.column_names() else { continue };
        let columns: Vec<String> = columns.into_iter().map(String::from).collect();
        if let Some(predicate) = &i.predicate
            && !partial
        {
            keys.left_out.push((
                format!("partial unique index `{}` (WHERE {predicate}) needs Prisma's `partialIndexes` preview feature (preview_features = [\"partialIndexes\"]): it stays in the database only", i.name),
                i.name.clone(),
                i.loc.location().cloned(),
            ));
            continue;
        }
        let map = Some(i.name.clone()).filter(|n| *n != default_name(&columns));
        candidates.push(UniqueKey {
            name: Some(i.name.clone()),
            columns,
            predicate: i.predicate.clone(),
            map,
            loc: i.loc.location().cloned(),
        });
    }
    // A field takes one `@unique`: db pull keeps the first full key by name, else the first partial one.
    let mut by_field: BTreeMap<String, Vec<UniqueKey>> = BTreeMap::new();
    let mut seen: Vec<(Vec<String>, Option<String>)> = Vec::new();
    for key in candidates {
        let prefixed = key.columns.iter().any(|c| needs_prefix_length(cx, table, c));
        match key.columns.as_slice() {
            [one] if !prefixed => by_field.entry(one.clone()).or_default().push(key),
            _ => {
                // The same constraint read twice (MySQL's unique constraints are indexes) is one key.
                if seen.contains(&(key.columns.clone(), key.name.clone())) {
                    continue;
                }
                seen.push((key.columns.clone(), key.name.clone()));
                let parts: Vec<String> = key.columns.iter().map(|c| index_column(cx, t, c, None)).collect();
                let mut arguments = vec![format!("[{}]", parts.join(", "))];
                arguments.extend(key.arguments());
                keys.block_uniques.push(format!("@@unique({})", arguments.join(", ")));
            }
        }
    }
    for (column, mut list) in by_field {
        list.sort_by(|a, b| (a.predicate.is_some(), &a.name).cmp(&(b.predicate.is_some(), &b.name)));
        let mut list = list.into_iter();
        keys.field_unique.extend(list.next());
        for other in list {
            let what = other.name.clone().unwrap_or_else(|| column.clone());
            keys.left_out.push((
                format!(
                    "unique key `{what}` repeats another one on `{column}` and is left out, as db pull leaves it out"
                ),
                what,
                other.loc,
            ));
        }
    }
    keys
}

/// `@@index(...)`, or why Prisma cannot express the index.
pub fn render_index(cx: &Context, t: usize, index: &Index) -> Result<String, String> {
    let table = &cx.schema.tables[t];
    if let Some(predicate) = &index.predicate
        && !cx.options.preview(PARTIAL_INDEXES)
    {
        return Err(format!(
            "partial index, WHERE {predicate}: Prisma writes it with the `partialIndexes` preview feature"
        ));
    }
    let mut parts = Vec::new();
    let mut columns = Vec::new();
    for part in &index.parts {
        let IndexKey::Column(column) = &part.key else {
            return Err("expression index".into());
        };
        // Prisma's GIN takes a column without an operator class only where PostgreSQL's default
        // one is a GIN class (lists and JSON); an `integer` needs btree_gin's, which Prisma
        // cannot name (its validator refuses the index).
        let gin = index.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("gin"));
        let gin_by_default = table
            .column(column)
            .is_some_and(|c| matches!(c.ty, ColumnType::Array { .. } | ColumnType::Json | ColumnType::Jsonb));
        if gin && cx.options.dialect == Dialect::Postgres && part.opclass.is_none() && !gin_by_default {
            return Err(format!("a GIN index on `{column}` with btree_gin's operator class, which Prisma cannot name"));
        }
        columns.push(column.clone());
        parts.push(index_part(cx, t, column, part, index.method.as_deref()));
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
    if let Some(predicate) = &index.predicate {
        text.push_str(&format!(", where: raw({})", quote(predicate)));
    }
    text.push(')');
    Ok(text)
}

/// A column in an index's list: its field name, with the sort order and MySQL's prefix length.
pub fn index_column(cx: &Context, t: usize, column: &str, order: Option<SortOrder>) -> String {
    index_column_with(cx, t, column, order, None, None)
}

/// An index's key part: [`index_column`] with the source's own prefix length (MySQL) and
/// operator class (PostgreSQL, `ops: raw("gin_trgm_ops")`).
fn index_part(cx: &Context, t: usize, column: &str, part: &codegen_core::IndexPart, method: Option<&str>) -> String {
    let ops = part
        .opclass
        .as_deref()
        .filter(|_| cx.options.dialect == Dialect::Postgres)
        .map(|ops| prisma_ops(ops, method).unwrap_or_else(|| format!("raw({})", quote(ops))));
    let length = part.length.filter(|_| cx.options.dialect == Dialect::Mysql);
    index_column_with(cx, t, column, part.order, length, ops.as_deref())
}

/// The operator classes Prisma names itself (db pull writes these names), with the index methods
/// it takes each for; any other is `raw("...")`. The reader maps the names back through it.
pub const PRISMA_OPS: [(&str, &str, &[&str]); 5] = [
    ("array_ops", "ArrayOps", &["gin"]),
    ("jsonb_ops", "JsonbOps", &["gin"]),
    ("jsonb_path_ops", "JsonbPathOps", &["gin"]),
    ("inet_ops", "InetOps", &["gist", "spgist"]),
    ("text_ops", "TextOps", &["spgist"]),
];

fn prisma_ops(opclass: &str, method: Option<&str>) -> Option<String> {
    let method = method?.to_ascii_lowercase();
    PRISMA_OPS
        .iter()
        .find(|(sql, _, methods)| sql.eq_ignore_ascii_case(opclass) && methods.contains(&method.as_str()))
        .map(|(_, prisma, _)| prisma.to_string())
}

fn index_column_with(
    cx: &Context,
    t: usize,
    column: &str,
    order: Option<SortOrder>,
    length: Option<u32>,
    ops: Option<&str>,
) -> String {
    let name = cx.names.field(cx.schema, t, column).unwrap_or(column).to_string();
    let mut arguments = Vec::new();
    if let Some(length) = length {
        arguments.push(format!("length: {length}"));
    } else if needs_prefix_length(cx, &cx.schema.tables[t], column) {
        arguments.push(format!("length: {MYSQL_PREFIX_LENGTH}"));
    }
    if order == Some(SortOrder::Desc) {
        arguments.push("sort: Desc".into());
    }
    if let Some(ops) = ops {
        arguments.push(format!("ops: {ops}"));
    }
    if arguments.is_empty() { name } else { format!("{name}({})", arguments.join(", ")) }
}

/// The prefix MySQL indexes `TEXT` and `BLOB` columns by (it cannot index them whole).
pub const MYSQL_PREFIX_LENGTH: u32 = 255;

/// MySQL indexes `TEXT` and `BLOB` columns by a prefix only, and Prisma makes it explicit.
pub fn needs_prefix_length(cx: &Context, table: &Table, column: &str) -> bool {
    cx.options.dialect == Dialect::Mysql
        && table.column(column).is_some_and(|c| {
            matches!(c.ty, codegen_core::ColumnType::Text { .. } | codegen_core::ColumnType::Bytes { .. })
        })
}

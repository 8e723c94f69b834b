//! The SQLite catalog as the engine reports it: `sqlite_schema` and the table-valued pragma
//! functions, read with a handful of bulk queries (one per kind of fact, not one per table).

use std::collections::HashMap;

use rusqlite::Connection;

/// Names SQLite reserves for itself (`sqlite_sequence`, `sqlite_stat1`, `sqlite_autoindex_*`).
const NOT_INTERNAL: &str = r"m.name NOT LIKE 'sqlite\_%' ESCAPE '\'";

/// What one row of `sqlite_schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ObjectKind {
    Table,
    /// `CREATE VIRTUAL TABLE`: its columns come from a module the model knows nothing about.
    VirtualTable,
    /// A table that backs a virtual table (`docs_content` of an FTS5 table `docs`).
    ShadowTable,
    View,
    Index,
    Trigger,
}

/// One row of `sqlite_schema`; the catalog keeps them in rowid order, which is creation order.
#[derive(Debug, Clone)]
pub(crate) struct SchemaObject {
    pub kind: ObjectKind,
    pub name: String,
    /// The table an index or trigger belongs to (`tbl_name`); a table's or view's own name.
    pub table: String,
    /// The `CREATE` statement as stored; `None` for the indexes behind `UNIQUE`/`PRIMARY KEY`.
    pub sql: Option<String>,
}

impl SchemaObject {
    pub fn is_internal(&self) -> bool {
        self.name.len() >= 7 && self.name[..7].eq_ignore_ascii_case("sqlite_")
    }
}

/// One row of `pragma_table_xinfo`.
#[derive(Debug, Clone)]
pub(crate) struct ColumnRow {
    pub name: String,
    pub declared_type: String,
    pub not_null: bool,
    /// The default's source text.
    pub default: Option<String>,
    /// 1-based position in the primary key, 0 when not part of it.
    pub pk_position: i64,
    /// 0 normal, 1 hidden (virtual tables), 2 generated virtual, 3 generated stored.
    pub hidden: i64,
}

/// One row of `pragma_foreign_key_list`: one column pair of the foreign key `id`.
#[derive(Debug, Clone)]
pub(crate) struct ForeignKeyRow {
    pub id: i64,
    pub referenced_table: String,
    pub from: String,
    /// `None` when the declaration named only the table: the referenced primary key is meant.
    pub to: Option<String>,
    pub on_update: String,
    pub on_delete: String,
}

/// Where an index comes from, per `pragma_index_list.origin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IndexOrigin {
    /// `CREATE INDEX`.
    CreateIndex,
    /// A `UNIQUE` constraint.
    Unique,
    /// A `PRIMARY KEY` constraint.
    PrimaryKey,
}

/// One key position of an index, from `pragma_index_xinfo` (rows with `key = 1`).
#[derive(Debug, Clone)]
pub(crate) struct IndexColumnRow {
    /// `None` for an expression (cid -2); `rowid` for cid -1.
    pub column: Option<String>,
    pub descending: bool,
}

/// One row of `pragma_index_list`, with its key columns.
#[derive(Debug, Clone)]
pub(crate) struct IndexRow {
    pub name: String,
    pub unique: bool,
    pub origin: IndexOrigin,
    pub partial: bool,
    pub columns: Vec<IndexColumnRow>,
}

/// Everything the pragmas say about the database, grouped by table or view name.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub objects: Vec<SchemaObject>,
    pub columns: HashMap<String, Vec<ColumnRow>>,
    pub foreign_keys: HashMap<String, Vec<ForeignKeyRow>>,
    /// Indexes of each table in creation order.
    pub indexes: HashMap<String, Vec<IndexRow>>,
    /// Views whose columns the engine could not resolve (a view over a dropped table), with why.
    pub broken_views: Vec<(String, String)>,
}

impl Catalog {
    /// The objects of one kind, in creation order.
    pub fn objects_of(&self, kind: ObjectKind) -> impl Iterator<Item = &SchemaObject> {
        self.objects.iter().filter(move |o| o.kind == kind)
    }
}

/// Read the rest of the catalog, for the objects `read_objects` found, with one query per kind
/// of fact. The result's `objects` is left empty for the caller to fill: the stored SQL of the
/// objects is parsed meanwhile, on another thread.
pub(crate) fn read_details(conn: &Connection, objects: &[SchemaObject]) -> rusqlite::Result<Catalog> {
    let mut catalog = Catalog::default();
    // The table filter shared by the per-table pragma joins: ordinary user tables only, since
    // a virtual table's pragmas would need its module loaded.
    let tables = format!("m.type = 'table' AND {NOT_INTERNAL} AND coalesce(m.sql, '') NOT LIKE 'CREATE VIRTUAL%'");
    // Sized once: growing the maps row by row showed up in profiles of 1,000-table databases.
    let capacity = objects.len();
    catalog.columns = read_columns(conn, &tables, capacity)?;
    read_view_columns(conn, objects, &mut catalog)?;
    catalog.foreign_keys = read_foreign_keys(conn, &tables, capacity)?;
    catalog.indexes = read_indexes(conn, &tables, capacity)?;
    Ok(catalog)
}

/// The rows of `sqlite_schema`, in creation order.
pub(crate) fn read_objects(conn: &Connection) -> rusqlite::Result<Vec<SchemaObject>> {
    let shadow = shadow_tables(conn);
    let mut statement = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid")?;
    let rows = statement.query_map([], |row| {
        let kind: String = row.get(0)?;
        let name: String = row.get(1)?;
        let table: String = row.get(2)?;
        let sql: Option<String> = row.get(3)?;
        Ok((kind, name, table, sql))
    })?;
    let mut objects = Vec::new();
    for row in rows {
        let (kind, name, table, sql) = row?;
        let is_virtual = sql.as_deref().is_some_and(|s| starts_with_words(s, &["CREATE", "VIRTUAL"]));
        let kind = match kind.as_str() {
            "table" if is_virtual => ObjectKind::VirtualTable,
            "table" if shadow.contains(&name) => ObjectKind::ShadowTable,
            "table" => ObjectKind::Table,
            "view" => ObjectKind::View,
            "index" => ObjectKind::Index,
            "trigger" => ObjectKind::Trigger,
            _ => continue,
        };
        objects.push(SchemaObject { kind, name, table, sql });
    }
    Ok(objects)
}

/// Shadow tables of virtual tables, as `pragma_table_list` classifies them. Engines too old to
/// have it, or missing the module, just report none.
fn shadow_tables(conn: &Connection) -> Vec<String> {
    let query = "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'";
    let names = conn.prepare(query).and_then(|mut s| s.query_map([], |row| row.get(0))?.collect());
    names.unwrap_or_default()
}

/// Whether `sql` begins with these words, case-insensitively, whatever the spacing.
fn starts_with_words(sql: &str, words: &[&str]) -> bool {
    let mut found = sql.split_whitespace();
    words.iter().all(|w| found.next().is_some_and(|f| f.eq_ignore_ascii_case(w)))
}

fn column_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, ColumnRow)> {
    Ok((
        row.get(0)?,
        ColumnRow {
            name: row.get(1)?,
            declared_type: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
            not_null: row.get(3)?,
            default: row.get(4)?,
            pk_position: row.get(5)?,
            hidden: row.get(6)?,
        },
    ))
}

const COLUMN_FIELDS: &str = r#"m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden"#;

fn read_columns(conn: &Connection, tables: &str, capacity: usize) -> rusqlite::Result<HashMap<String, Vec<ColumnRow>>> {
    let query = format!(
        "SELECT {COLUMN_FIELDS} FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p \
         WHERE {tables} ORDER BY m.rowid, p.cid"
    );
    let mut columns: HashMap<String, Vec<ColumnRow>> = HashMap::with_capacity(capacity);
    let mut statement = conn.prepare(&query)?;
    for row in statement.query_map([], column_row)? {
        let (table, column) = row?;
        columns.entry(table).or_default().push(column);
    }
    Ok(columns)
}

/// View columns in one query; if a view cannot be resolved (it names a table dropped since),
/// that one query fails, so fall back to one query per view and record the broken ones.
fn read_view_columns(conn: &Connection, objects: &[SchemaObject], catalog: &mut Catalog) -> rusqlite::Result<()> {
    let query = format!(
        "SELECT {COLUMN_FIELDS} FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p \
         WHERE m.type = 'view' AND {NOT_INTERNAL} ORDER BY m.rowid, p.cid"
    );
    let all = conn.prepare(&query).and_then(|mut s| s.query_map([], column_row)?.collect::<Result<Vec<_>, _>>());
    let rows = match all {
        Ok(rows) => rows,
        Err(_) => {
            let mut rows = Vec::new();
            let single = format!(
                "SELECT {COLUMN_FIELDS} FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p \
                 WHERE m.type = 'view' AND m.name = ?1 ORDER BY p.cid"
            );
            let views = objects.iter().filter(|o| o.kind == ObjectKind::View).map(|v| v.name.clone());
            for view in views {
                let one = conn
                    .prepare(&single)
                    .and_then(|mut s| s.query_map([&view], column_row)?.collect::<Result<Vec<_>, _>>());
                match one {
                    Ok(found) => rows.extend(found),
                    Err(e) => catalog.broken_views.push((view, e.to_string())),
                }
            }
            rows
        }
    };
    for (view, column) in rows {
        catalog.columns.entry(view).or_default().push(column);
    }
    Ok(())
}

fn read_foreign_keys(
    conn: &Connection,
    tables: &str,
    capacity: usize,
) -> rusqlite::Result<HashMap<String, Vec<ForeignKeyRow>>> {
    // SQLite numbers a table's foreign keys from the last declared to the first: `id DESC`
    // is declaration order.
    let query = format!(
        r#"SELECT m.name, f.id, f."table", f."from", f."to", f.on_update, f.on_delete
           FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f
           WHERE {tables} ORDER BY m.rowid, f.id DESC, f.seq"#
    );
    let mut foreign_keys: HashMap<String, Vec<ForeignKeyRow>> = HashMap::with_capacity(capacity);
    let mut statement = conn.prepare(&query)?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            ForeignKeyRow {
                id: row.get(1)?,
                referenced_table: row.get(2)?,
                from: row.get(3)?,
                to: row.get(4)?,
                on_update: row.get(5)?,
                on_delete: row.get(6)?,
            },
        ))
    })?;
    for row in rows {
        let (table, fk) = row?;
        foreign_keys.entry(table).or_default().push(fk);
    }
    Ok(foreign_keys)
}

fn read_indexes(conn: &Connection, tables: &str, capacity: usize) -> rusqlite::Result<HashMap<String, Vec<IndexRow>>> {
    // `pragma_index_list` lists the newest index first; the index's own row in sqlite_schema
    // gives creation order, for `CREATE INDEX` and constraint indexes alike.
    let query = format!(
        r#"SELECT m.name, il.name, il."unique", il.origin, il.partial
           FROM sqlite_schema m JOIN pragma_index_list(m.name) il
           LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = il.name
           WHERE {tables} ORDER BY m.rowid, s.rowid"#
    );
    let mut indexes: HashMap<String, Vec<IndexRow>> = HashMap::with_capacity(capacity);
    let mut by_name: HashMap<String, (String, usize)> = HashMap::with_capacity(capacity);
    let mut statement = conn.prepare(&query)?;
    let rows = statement.query_map([], |row| {
        let table: String = row.get(0)?;
        let origin: String = row.get(3)?;
        let origin = match origin.as_str() {
            "u" => IndexOrigin::Unique,
            "pk" => IndexOrigin::PrimaryKey,
            _ => IndexOrigin::CreateIndex,
        };
        Ok((
            table,
            IndexRow { name: row.get(1)?, unique: row.get(2)?, origin, partial: row.get(4)?, columns: Vec::new() },
        ))
    })?;
    for row in rows {
        let (table, index) = row?;
        let list = indexes.entry(table.clone()).or_default();
        by_name.insert(index.name.clone(), (table, list.len()));
        list.push(index);
    }

    let query = format!(
        r#"SELECT il.name, x.cid, x.name, x."desc"
           FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) x
           WHERE {tables} AND x.key = 1 ORDER BY m.rowid, il.name, x.seqno"#
    );
    let mut statement = conn.prepare(&query)?;
    let rows = statement.query_map([], |row| {
        let index: String = row.get(0)?;
        let cid: i64 = row.get(1)?;
        let name: Option<String> = row.get(2)?;
        let column = match cid {
            -2 => None,
            -1 => Some(name.unwrap_or_else(|| "rowid".to_string())),
            _ => name,
        };
        Ok((index, IndexColumnRow { column, descending: row.get(3)? }))
    })?;
    for row in rows {
        let (index, column) = row?;
        if let Some((table, at)) = by_name.get(&index)
            && let Some(list) = indexes.get_mut(table)
        {
            list[*at].columns.push(column);
        }
    }
    Ok(indexes)
}

//! A SQLite database's catalog: `sqlite_schema`, `pragma_table_list`, `pragma_table_xinfo`,
//! `pragma_foreign_key_list`, `pragma_index_list` and `pragma_index_xinfo`, and the statement
//! texts for what no pragma reports (see [`crate::sqlite_sql`]).

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::sqlite_sql::{self, TableText};
use crate::{Catalog, Column, Error, Object, Table, View, names};

/// Reads the catalog of the `main` database of `conn`.
pub fn snapshot(conn: &Connection) -> Result<Catalog, Error> {
    let mut catalog = Catalog::default();
    let entries: Vec<(String, String, String, Option<String>)> = {
        let mut stmt = conn.prepare(
            "SELECT type, name, tbl_name, sql FROM main.sqlite_schema \
             WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?
    };
    let kinds: BTreeMap<String, (String, bool, bool)> = {
        let mut stmt = conn.prepare("SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main'")?;
        stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get::<_, i64>(2)? != 0, r.get::<_, i64>(3)? != 0))))?
            .collect::<Result<_, _>>()?
    };
    let sql_of = |name: &str| -> Option<&str> {
        entries.iter().find(|(kind, n, _, _)| kind == "table" && n == name).and_then(|e| e.3.as_deref())
    };
    for (kind, name, table_name, sql) in &entries {
        match kind.as_str() {
            "table" => {
                let (kind, without_rowid, strict) =
                    kinds.get(name).cloned().unwrap_or_else(|| ("table".into(), false, false));
                if kind == "shadow" {
                    continue;
                }
                let table =
                    read_table(conn, name, sql.as_deref().unwrap_or(""), &kind, without_rowid, strict, &sql_of)?;
                catalog.tables.insert(name.clone(), table);
            }
            "view" => {
                let sql = sql.as_deref().unwrap_or("");
                let view = View {
                    materialized: false,
                    definition: sqlite_sql::view_query(sql),
                    columns: columns(conn, name)?
                        .into_iter()
                        .map(|c| format!("{} {}", c.name, c.ty).trim_end().to_owned())
                        .collect(),
                    ..View::default()
                };
                catalog.views.insert(name.clone(), view);
            }
            "trigger" => {
                let body = sqlite_sql::trigger_body(sql.as_deref().unwrap_or(""));
                catalog.triggers.insert(format!("{name} on {table_name}"), Object::new(body));
            }
            // Indexes are read with their tables.
            _ => {}
        }
    }
    Ok(catalog)
}

struct ColumnRow {
    name: String,
    ty: String,
    not_null: bool,
    default: Option<String>,
    pk: i64,
    hidden: i64,
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<ColumnRow>, Error> {
    let mut stmt = conn
        .prepare("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1) ORDER BY cid")?;
    let rows = stmt
        .query_map([table], |r| {
            Ok(ColumnRow {
                name: r.get(0)?,
                ty: r.get(1)?,
                not_null: r.get::<_, i64>(2)? != 0,
                default: r.get(3)?,
                pk: r.get(4)?,
                hidden: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

fn read_table<'a>(
    conn: &Connection,
    name: &str,
    sql: &str,
    kind: &str,
    without_rowid: bool,
    strict: bool,
    sql_of: &dyn Fn(&str) -> Option<&'a str>,
) -> Result<Table, Error> {
    let text: TableText = sqlite_sql::read_table(sql);
    let mut table = Table::default();
    if kind == "virtual" {
        table.options.insert("virtual".into(), sqlite_sql::normalize(sql));
    }
    if without_rowid {
        table.options.insert("without_rowid".into(), "true".into());
    }
    if strict {
        table.options.insert("strict".into(), "true".into());
    }
    if text.autoincrement {
        table.options.insert("autoincrement".into(), "true".into());
    }
    let rows = columns(conn, name)?;
    let mut key: Vec<(i64, String)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let lower = row.name.to_lowercase();
        let generated = text.generated.iter().find(|(c, _)| *c == lower).map(|(_, g)| g.clone());
        let generated = generated.or_else(|| match row.hidden {
            2 => Some("VIRTUAL".into()),
            3 => Some("STORED".into()),
            _ => None,
        });
        let column = Column {
            position: i + 1,
            ty: row.ty.clone(),
            nullable: !row.not_null,
            default: row.default.clone(),
            generated,
            collation: text.collations.iter().find(|(c, _)| *c == lower).map(|(_, n)| n.clone()),
            ..Column::default()
        };
        if row.pk > 0 {
            key.push((row.pk, row.name.clone()));
        }
        table.columns.insert(row.name.clone(), column);
    }
    if !key.is_empty() {
        key.sort();
        let columns: Vec<String> = key.into_iter().map(|(_, c)| c).collect();
        table.primary_key = Some(Object::new(format!("PRIMARY KEY ({})", columns.join(", "))));
    }
    for check in &text.checks {
        table.checks.insert(check.clone(), Object::new(check.clone()));
    }
    read_foreign_keys(conn, name, &text, sql_of, &mut table)?;
    read_indexes(conn, name, &mut table)?;
    Ok(table)
}

fn read_foreign_keys<'a>(
    conn: &Connection,
    name: &str,
    text: &TableText,
    sql_of: &dyn Fn(&str) -> Option<&'a str>,
    table: &mut Table,
) -> Result<(), Error> {
    type Row = (i64, String, String, Option<String>, String, String, String);
    let rows: Vec<Row> = {
        let mut stmt = conn.prepare(
            "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete, \"match\" \
             FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
        )?;
        stmt.query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
            .collect::<Result<_, _>>()?
    };
    let mut by_id: BTreeMap<i64, Vec<&Row>> = BTreeMap::new();
    for row in &rows {
        by_id.entry(row.0).or_default().push(row);
    }
    for parts in by_id.values() {
        let first = parts[0];
        let parent = &first.1;
        let locals: Vec<String> = parts.iter().map(|r| r.2.clone()).collect();
        // `REFERENCES parent` without columns means the parent's primary key: the same key as
        // one that names them.
        let mut remotes: Vec<String> = parts.iter().filter_map(|r| r.3.clone()).collect();
        if remotes.is_empty() {
            remotes = parent_key(conn, parent, sql_of)?;
        }
        let head = format!("({}) REFERENCES {parent} ({})", locals.join(", "), remotes.join(", "));
        let lower: Vec<String> = locals.iter().map(|c| c.to_lowercase()).collect();
        let deferrable = text.deferrable.iter().find(|(cols, _)| *cols == lower).map(|(_, d)| d.clone());
        let definition = format!("FOREIGN KEY {head} ON UPDATE {} ON DELETE {} MATCH {}", first.4, first.5, first.6);
        let object = Object::new(definition).with("deferrable", deferrable.filter(|d| d != "not deferrable"));
        table.foreign_keys.insert(head, object);
    }
    Ok(())
}

fn parent_key<'a>(
    conn: &Connection,
    parent: &str,
    sql_of: &dyn Fn(&str) -> Option<&'a str>,
) -> Result<Vec<String>, Error> {
    if sql_of(parent).is_none() {
        return Ok(Vec::new());
    }
    let mut key: Vec<(i64, String)> =
        columns(conn, parent)?.into_iter().filter(|c| c.pk > 0).map(|c| (c.pk, c.name)).collect();
    key.sort();
    Ok(key.into_iter().map(|(_, c)| c).collect())
}

fn read_indexes(conn: &Connection, name: &str, table: &mut Table) -> Result<(), Error> {
    let list: Vec<(String, bool, String)> = {
        let mut stmt = conn.prepare("SELECT name, \"unique\", origin FROM pragma_index_list(?1)")?;
        stmt.query_map([name], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0, r.get(2)?)))?.collect::<Result<_, _>>()?
    };
    for (index, unique, origin) in list {
        match origin.as_str() {
            // The primary key's own index: the primary key says it all.
            "pk" => {}
            "u" => {
                let columns = index_columns(conn, &index)?;
                let definition = format!("UNIQUE ({})", columns.join(", "));
                debug_assert!(names::is_sqlite_autoindex(&index));
                table.uniques.insert(definition.clone(), Object::new(definition));
            }
            _ => {
                let sql: Option<String> = conn
                    .query_row("SELECT sql FROM main.sqlite_schema WHERE type = 'index' AND name = ?1", [&index], |r| {
                        r.get(0)
                    })
                    .ok()
                    .flatten();
                let (parts, predicate) = sql.as_deref().map(sqlite_sql::read_index).unwrap_or_default();
                let mut definition =
                    format!("{}INDEX ON {name} ({})", if unique { "UNIQUE " } else { "" }, parts.join(", "));
                if let Some(predicate) = predicate {
                    definition.push_str(&format!(" WHERE {predicate}"));
                }
                table.indexes.insert(index, Object::new(definition));
            }
        }
    }
    Ok(())
}

/// The key columns of an index, `name [DESC] [COLLATE c]` (the collation when not BINARY).
fn index_columns(conn: &Connection, index: &str) -> Result<Vec<String>, Error> {
    let mut stmt =
        conn.prepare("SELECT name, \"desc\", coll FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno")?;
    let rows = stmt.query_map([index], |r| {
        let name: Option<String> = r.get(0)?;
        let desc: i64 = r.get(1)?;
        let coll: Option<String> = r.get(2)?;
        let mut part = name.unwrap_or_else(|| "<expression>".into());
        if desc != 0 {
            part.push_str(" DESC");
        }
        if let Some(coll) = coll.filter(|c| !c.eq_ignore_ascii_case("binary")) {
            part.push_str(&format!(" COLLATE {coll}"));
        }
        Ok(part)
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(sql: &str) -> Catalog {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(sql).unwrap();
        snapshot(&conn).unwrap()
    }

    #[test]
    fn reads_tables_keys_and_indexes() {
        let c = catalog(
            "CREATE TABLE artist (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE) STRICT;
             CREATE TABLE album (id INT PRIMARY KEY, artist_id INT REFERENCES artist ON DELETE CASCADE,
                                 title TEXT DEFAULT 'x', CHECK (length(title) > 0)) WITHOUT ROWID;
             CREATE INDEX album_title ON album (lower(title) DESC) WHERE title IS NOT NULL;
             CREATE VIEW v AS SELECT title FROM album;
             CREATE TRIGGER tr AFTER INSERT ON album BEGIN SELECT 1; END;",
        );
        let album = &c.tables["album"];
        assert_eq!(album.options.get("without_rowid").map(String::as_str), Some("true"));
        assert_eq!(album.columns["id"].ty, "INT");
        assert!(!album.columns["id"].nullable, "the key of a WITHOUT ROWID table is NOT NULL");
        assert_eq!(album.columns["title"].default.as_deref(), Some("'x'"));
        let fk = &album.foreign_keys["(artist_id) REFERENCES artist (id)"];
        assert_eq!(
            fk.definition,
            "FOREIGN KEY (artist_id) REFERENCES artist (id) ON UPDATE NO ACTION ON DELETE CASCADE MATCH NONE"
        );
        assert_eq!(album.checks.keys().collect::<Vec<_>>(), ["length ( title ) > 0"]);
        assert_eq!(
            album.indexes["album_title"].definition,
            "INDEX ON album (lower ( title ) desc) WHERE title is not null"
        );
        let artist = &c.tables["artist"];
        assert_eq!(artist.options.get("strict").map(String::as_str), Some("true"));
        assert_eq!(artist.columns["name"].collation.as_deref(), Some("nocase"));
        assert!(artist.uniques.contains_key("UNIQUE (name COLLATE NOCASE)"), "{:?}", artist.uniques);
        assert_eq!(c.views["v"].definition, "select title from album");
        assert_eq!(c.views["v"].columns, ["title TEXT"]);
        assert_eq!(c.triggers["tr on album"].definition, "after insert on album begin select 1 ; end");
    }

    #[test]
    fn a_changed_declared_type_is_a_difference() {
        let left = catalog("CREATE TABLE t (a NVARCHAR(160), b DATETIME)");
        let right = catalog("CREATE TABLE t (a VARCHAR(160), b DATETIME)");
        let listed: Vec<String> = crate::diff(&left, &right).iter().map(ToString::to_string).collect();
        assert_eq!(listed, ["table t › column a › type: NVARCHAR(160) ≠ VARCHAR(160)"]);
    }
}

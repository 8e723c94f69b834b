//! Workarounds for reader bugs that the Diesel tests share, each a no-op once the reader is fixed.

use std::path::Path;

use codegen_core::Schema;

/// WORKAROUNDS for SQLite reader bugs (issue 14, the lead's reader rewrite), taking the facts from
/// the catalog of a database made from the same DDL:
/// - both SQLite readers mark every primary-key column NOT NULL, where SQLite (and print-schema,
///   which reads `PRAGMA table_info`) keeps a key column declared without NOT NULL nullable;
/// - both leave `TableOptions::without_rowid` unset (`PRAGMA table_list` has it).
pub fn sqlite_reader_workarounds(schema: &mut Schema, db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    for table in &mut schema.tables {
        let wr: Option<bool> =
            conn.query_row("SELECT wr FROM pragma_table_list(?1)", [&table.name.name], |r| r.get(0)).ok();
        table.options.without_rowid |= wr.unwrap_or(false);
        let Some(pk) = table.primary_key.clone() else { continue };
        let mut stmt = conn.prepare("SELECT name, \"notnull\" FROM pragma_table_info(?1)").unwrap();
        let rows: Vec<(String, bool)> =
            stmt.query_map([&table.name.name], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
        for (name, not_null) in rows {
            if pk.columns.contains(&name)
                && let Some(column) = table.column_mut(&name)
            {
                column.nullable = !not_null;
            }
        }
    }
}

/// WORKAROUNDS for reader bugs (issue 14) on MySQL: the DDL reader keeps the database qualifier
/// of `northwind`.`customers` (the script's own database, after `USE northwind`) as a namespace;
/// both readers read `year(4)` (what MariaDB's catalog always says) as an unknown type.
pub fn mysql_reader_workarounds(schema: &mut Schema, own_database: Option<&str>) {
    let unqualify = |name: &mut codegen_core::QualifiedName| {
        if name.schema.is_some() && name.schema.as_deref() == own_database {
            name.schema = None;
        }
    };
    for table in &mut schema.tables {
        unqualify(&mut table.name);
        for fk in &mut table.foreign_keys {
            unqualify(&mut fk.referenced_table);
        }
        for column in &mut table.columns {
            if let codegen_core::ColumnType::Other { raw } = &column.ty
                && raw.to_ascii_lowercase().starts_with("year")
            {
                column.ty = codegen_core::ColumnType::Year;
            }
        }
    }
}

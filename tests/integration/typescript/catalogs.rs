//! Building databases from SQL and comparing their catalogs, as codegen reads them back.

use std::path::{Path, PathBuf};

use codegen_core::{ColumnType, IntWidth, Schema};
use codegen_migrations::compare_schemas;

use crate::servers::TestDb;

/// A SQLite file at `dir/name` holding what `sql` creates.
pub fn sqlite_db(dir: &Path, name: &str, sql: &str) -> PathBuf {
    let path = dir.join(name);
    let conn = rusqlite::Connection::open(&path).expect("a SQLite file");
    conn.execute_batch(sql).unwrap_or_else(|e| panic!("{name}: the SQL runs on SQLite: {e}\n{sql}"));
    path
}

pub fn read_sqlite(path: &Path) -> Schema {
    codegen_db::read_sqlite_file(path).unwrap_or_else(|e| panic!("{} introspects: {e}", path.display())).schema
}

pub fn read_pg(db: &TestDb) -> Schema {
    codegen_db::read_postgres(&db.url(), &[]).unwrap_or_else(|e| panic!("{} introspects: {e}", db.name())).schema
}

/// The model our SQL describes, as the SQL reader reads it back: what a catalog must match, with
/// constraints the SQL leaves unnamed matching whatever name the tool gives them.
pub fn described(sql: &str, dialect: codegen_core::Dialect) -> Schema {
    codegen_core::read::sql::read_sql_str(sql, Path::new("schema.sql"), dialect).expect("our SQL reads back").schema
}

/// What SQLite's catalog holds, for two databases built by different tools: declared types as
/// their storage class (affinity: drizzle and TypeORM declare their own type names), a UNIQUE
/// constraint as the unique index SQLite makes of it (drizzle-kit writes `CREATE UNIQUE INDEX`),
/// foreign keys without names (SQLite keeps none in its catalog), and without the `CHECK (col IN
/// (...))` that stands for an enum, which codegen's SQLite introspection does not read back when
/// it is a column constraint (reported to the lead).
pub fn to_affinity(schema: &mut Schema) {
    // An enum is TEXT with that CHECK in SQLite: the type the introspection infers from it goes too.
    schema.enums.clear();
    for table in &mut schema.tables {
        // A rowid alias (`INTEGER PRIMARY KEY`) never holds NULL, NOT NULL written or not;
        // drizzle-kit writes it, SQLite's catalog then says so.
        if let Some(alias) = table.sqlite_rowid_alias().map(|c| c.name.clone())
            && let Some(column) = table.columns.iter_mut().find(|c| c.name == alias)
        {
            column.nullable = false;
        }
        for unique in std::mem::take(&mut table.uniques) {
            let parts = unique.columns.into_iter().map(codegen_core::IndexPart::column).collect();
            let mut index = codegen_core::Index::new(unique.name.unwrap_or_default(), parts);
            index.unique = true;
            table.indexes.push(index);
        }
        for fk in &mut table.foreign_keys {
            fk.name = None;
        }
        table.checks.retain(|c| !c.expression.contains(" IN ("));
        // A UNIQUE constraint's index has a name SQLite makes up (`sqlite_autoindex_t_1`) and
        // drizzle-kit gives it another: unique indexes pair by their columns.
        for index in table.indexes.iter_mut().filter(|i| i.unique) {
            let columns: Vec<String> = index.column_names().unwrap_or_default().iter().map(|c| c.to_string()).collect();
            index.name = format!("unique({})", columns.join(", "));
        }
    }
    fn affinity(ty: &ColumnType) -> ColumnType {
        use ColumnType as T;
        match ty {
            T::Integer { .. } | T::Bool | T::Year | T::Bit { .. } => {
                T::Integer { width: IntWidth::Big, unsigned: false }
            }
            T::Real | T::Double => T::Double,
            T::Bytes { .. } | T::Binary { .. } => ColumnType::BYTES,
            T::Decimal { .. } | T::Date | T::Time { .. } | T::Timestamp { .. } | T::TimestampTz { .. } => {
                T::Decimal { precision: None, scale: None }
            }
            T::Other { raw } => {
                let upper = raw.to_ascii_uppercase();
                if upper.contains("INT") {
                    T::Integer { width: IntWidth::Big, unsigned: false }
                } else if ["CHAR", "CLOB", "TEXT"].iter().any(|t| upper.contains(t)) {
                    ColumnType::TEXT
                } else if upper.contains("BLOB") || upper.is_empty() {
                    ColumnType::BYTES
                } else if ["REAL", "FLOA", "DOUB"].iter().any(|t| upper.contains(t)) {
                    T::Double
                } else {
                    T::Decimal { precision: None, scale: None }
                }
            }
            _ => ColumnType::TEXT,
        }
    }
    for table in &mut schema.tables {
        for column in &mut table.columns {
            column.ty = affinity(&column.ty);
        }
    }
}

/// What our SQL builds on PostgreSQL, read back from the database, with the constraints our SQL
/// leaves unnamed unnamed again (PostgreSQL named them `_fkey`, `_key`, `_pkey`; a tool may name
/// them otherwise), so that they match whatever name the other catalog has. PostgreSQL keeps no
/// array dimensions (`integer[][]` is `integer[]`), so neither side's arrays nest.
pub fn postgres_expected(sql: &str, db: &TestDb) -> Schema {
    db.execute(sql).unwrap_or_else(|e| panic!("our SQL runs: {e}"));
    let described = described(sql, codegen_core::Dialect::Postgres);
    let mut schema = read_pg(db);
    for table in &mut schema.tables {
        let Some(source) = described.table(&table.name) else { continue };
        if let (Some(pk), Some(theirs)) = (&mut table.primary_key, &source.primary_key)
            && theirs.name.is_none()
        {
            pk.name = None;
        }
        for fk in &mut table.foreign_keys {
            if source.foreign_keys.iter().any(|s| s.columns == fk.columns && s.name.is_none()) {
                fk.name = None;
            }
        }
        for unique in &mut table.uniques {
            if source.uniques.iter().any(|s| s.columns == unique.columns && s.name.is_none()) {
                unique.name = None;
            }
        }
    }
    flatten_arrays(&mut schema);
    schema
}

/// `T[][]` as `T[]`: what PostgreSQL's catalog says either way.
pub fn flatten_arrays(schema: &mut Schema) {
    fn flat(ty: &ColumnType) -> ColumnType {
        match ty {
            ColumnType::Array { element } => match &**element {
                ColumnType::Array { .. } => flat(element),
                _ => ty.clone(),
            },
            _ => ty.clone(),
        }
    }
    for table in &mut schema.tables {
        for column in &mut table.columns {
            column.ty = flat(&column.ty);
        }
    }
}

/// Leave out the tables a migration tool keeps for itself.
pub fn without_tool_tables(mut schema: Schema) -> Schema {
    let tool = ["knex_migrations", "knex_migrations_lock", "migrations", "__drizzle_migrations", "typeorm_metadata"];
    schema.tables.retain(|t| !tool.contains(&t.name.name.as_str()) && t.name.schema.as_deref() != Some("drizzle"));
    schema.namespaces.retain(|n| n != "drizzle");
    schema
}

/// Table and column comments, which Drizzle has no place for.
pub fn without_comments(mut schema: Schema) -> Schema {
    for table in &mut schema.tables {
        table.comment = None;
        for column in &mut table.columns {
            column.comment = None;
        }
    }
    schema
}

/// Both catalogs are the same, or the test fails listing every difference.
pub fn assert_same(expected: &Schema, found: &Schema, what: &str) {
    let drifts = compare_schemas(expected, found);
    assert!(
        drifts.is_empty(),
        "{what}: the catalogs differ:\n{}",
        drifts.iter().map(|d| format!("  {d}")).collect::<Vec<_>>().join("\n")
    );
}

//! The database Prisma Migrate would create from our schema is the database our SQL backend
//! creates from the same model: both scripts are run on SQLite and read back through the SQLite
//! reader. Prisma's script comes from `@prisma/schema-engine-wasm` (`tools/prisma/diff.mjs`, what
//! `prisma migrate diff --from-empty --to-schema` prints).

use codegen_core::{ColumnType, Dialect, Schema};
use codegen_prisma::{PrismaOptions, render_schema};

use crate::fixtures::sql_fixtures;
use crate::oracle::{available, run_node};
use crate::roundtrip::expressible;

fn database(sql: &str) -> Schema {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("db.sqlite");
    let connection = rusqlite::Connection::open(&db).expect("create the database");
    connection.execute_batch(sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
    drop(connection);
    codegen_introspect::read_sqlite_file(&db).expect("the SQLite reader reads it").schema
}

/// What both scripts can agree on: Prisma writes enums as plain text and no CHECK constraints.
fn comparable(schema: &Schema) -> Schema {
    let mut schema = expressible(schema, Dialect::Sqlite);
    schema.enums.clear();
    for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        if let ColumnType::Enum { .. } = column.ty {
            column.ty = ColumnType::Text;
        }
        column.loc = Default::default();
    }
    schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
    schema
}

#[test]
fn prisma_migrate_and_our_sql_backend_build_the_same_sqlite_database() {
    if !available("@prisma/schema-engine-wasm") {
        return;
    }
    for (name, model) in
        sql_fixtures().into_iter().filter(|(n, _)| n == "example" || n == "relations" || n == "manytomany")
    {
        let (prisma, _) = render_schema(&model, &PrismaOptions::for_dialect(Dialect::Sqlite));
        let prisma_sql = run_node(&["--experimental-wasm-modules", "--no-warnings", "diff.mjs"], &prisma);
        let (our_sql, _) = codegen_sql::render_schema(&model, Dialect::Sqlite).expect("our SQL");
        let (ours, theirs) = (comparable(&database(&our_sql)), comparable(&database(&prisma_sql)));
        assert_eq!(ours, theirs, "{name}\n--- ours\n{our_sql}\n--- Prisma Migrate\n{prisma_sql}");
    }
}

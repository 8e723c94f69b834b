//! Migrations proven on real databases: for pairs of generated models A and B, a database
//! holding A migrated up by `diff(A, B)` reads back as B, and migrated down reads back as A.
//!
//! SQLite always (a file, read back with `read_sqlite_file`); PostgreSQL and MariaDB with their
//! servers (read back with `read_postgres` and `read_mysql`).

use std::path::Path;

use codegen_core::Dialect;
use codegen_core::diff::{Change, DiffOptions, Rename, RenameHints, diff_schemas};
use codegen_core::model::*;
use codegen_sql::migration::{MigrationOptions, MigrationScript, render_migration};
use proptest::prelude::*;

use crate::roundtrip::schema_strategy;

/// What a migration legitimately does not keep, or a database respells: declared types,
/// column order (added columns go last), generated constraint names, deparsed expressions,
/// and the order of objects in the catalog.
pub(crate) fn normalized(mut schema: Schema) -> Schema {
    // How the source spelled types and defaults is not what these compare.
    schema = schema.without_spellings();
    for table in &mut schema.tables {
        for column in &mut table.columns {
            column.declared_type.clear();
        }
        table.columns.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(pk) = &mut table.primary_key {
            pk.name = None;
        }
        for check in &mut table.checks {
            check.expression.clear();
        }
        table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        table.uniques.sort_by(|a, b| a.name.cmp(&b.name).then(a.columns.cmp(&b.columns)));
        table.checks.sort_by(|a, b| a.name.cmp(&b.name));
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
    schema.enums.sort_by(|a, b| a.name.cmp(&b.name));
    schema.views.sort_by(|a, b| a.name.cmp(&b.name));
    schema
}

fn ddl(schema: &Schema, dialect: Dialect) -> String {
    codegen_sql::render_schema(schema, dialect).expect("the model renders").0
}

/// The migration from `a` to `b`, with no hints.
pub(crate) fn migration(a: &Schema, b: &Schema, dialect: Dialect) -> MigrationScript {
    let diff = diff_schemas(a, b, &DiffOptions::default());
    render_migration(a, b, &diff, &MigrationOptions::new(dialect))
        .unwrap_or_else(|e| panic!("the {dialect} migration does not render: {e}"))
}

/// Our SQL read back by our reader: the model as the database will hold it.
fn as_written(schema: &Schema, dialect: Dialect) -> Schema {
    let sql = ddl(schema, dialect);
    codegen_core::read::sql::read_sql_str(&sql, Path::new("generated.sql"), dialect).expect("our SQL reads back").schema
}

fn sqlite_schema(path: &Path) -> Schema {
    codegen_db::read_sqlite_file(path).unwrap_or_else(|e| panic!("the SQLite file does not read: {e}")).schema
}

fn assert_sqlite_up_and_down(a: &Schema, b: &Schema) {
    let script = migration(a, b, Dialect::Sqlite);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let a_sql = ddl(a, Dialect::Sqlite);
    conn.execute_batch(&a_sql).unwrap();
    let up = script.up_sql();
    conn.execute_batch(&up).unwrap_or_else(|e| panic!("SQLite rejects the up: {e}\n{up}"));
    assert_eq!(
        normalized(sqlite_schema(&path)),
        normalized(as_written(b, Dialect::Sqlite)),
        "after the up, the database is not B:\n{up}"
    );
    let down = script.down_sql();
    conn.execute_batch(&down).unwrap_or_else(|e| panic!("SQLite rejects the down: {e}\n{down}"));
    assert_eq!(
        normalized(sqlite_schema(&path)),
        normalized(as_written(a, Dialect::Sqlite)),
        "after the down, the database is not A again:\n{up}\n{down}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn sqlite_migrations_go_up_to_b_and_down_to_a(
        a in schema_strategy(Dialect::Sqlite),
        b in schema_strategy(Dialect::Sqlite),
    ) {
        assert_sqlite_up_and_down(&a, &b);
    }

    #[test]
    fn an_unchanged_model_has_an_empty_migration(a in schema_strategy(Dialect::Postgres)) {
        let diff = diff_schemas(&a, &a, &DiffOptions::default());
        prop_assert!(diff.is_empty(), "{:?}", diff.changes);
    }
}

/// `a` with its first table and some of its columns renamed, and the hints that say so.
fn renamed(a: &Schema, picks: &[bool]) -> (Schema, RenameHints) {
    let mut b = a.clone();
    let mut hints = RenameHints::default();
    let old = b.tables[0].name.clone();
    let new = QualifiedName::new(format!("{}_renamed", old.name));
    hints.renames.push(Rename::Object { from: old.clone(), to: new.clone() });
    for table in &mut b.tables {
        for fk in table.foreign_keys.iter_mut().filter(|fk| fk.referenced_table == old) {
            fk.referenced_table = new.clone();
        }
    }
    b.tables[0].name = new;
    for table in &mut b.tables {
        let checked: Vec<String> = table.checks.iter().map(|c| c.expression.clone()).collect();
        let enum_column = |c: &Column| matches!(c.ty, ColumnType::Enum { .. });
        let names: Vec<String> = table
            .columns
            .iter()
            .skip(1)
            .filter(|c| c.name != "parent_id" && !enum_column(c) && !checked.iter().any(|e| e.contains(&c.name)))
            .map(|c| c.name.clone())
            .collect();
        for (i, name) in names.iter().enumerate() {
            if !picks.get(i).copied().unwrap_or(false) {
                continue;
            }
            let renamed = format!("{name}_2");
            let rename = |c: &mut String| {
                if c == name {
                    *c = renamed.clone();
                }
            };
            table.column_mut(name).unwrap().name = renamed.clone();
            table.uniques.iter_mut().flat_map(|u| u.columns.iter_mut()).for_each(rename);
            for part in table.indexes.iter_mut().flat_map(|i| i.parts.iter_mut()) {
                if let IndexKey::Column(c) = &mut part.key {
                    rename(c);
                }
            }
            hints.renames.push(Rename::Member { owner: table.name.clone(), from: name.clone(), to: renamed.clone() });
        }
    }
    (b, hints)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// With hints, renamed tables and columns are renamed (their data kept), never dropped and
    /// added; the database reads back as the renamed model, and the down restores the names.
    #[test]
    fn hinted_renames_are_renames_on_sqlite(
        a in schema_strategy(Dialect::Sqlite),
        picks in prop::collection::vec(any::<bool>(), 6),
    ) {
        let (b, hints) = renamed(&a, &picks);
        let diff = diff_schemas(&a, &b, &DiffOptions::new(hints, Vec::new()));
        prop_assert!(diff.diagnostics.is_empty(), "{}", diff.diagnostics);
        prop_assert!(
            diff.changes.iter().all(|c| matches!(c, Change::RenameTable { .. } | Change::RenameColumn { .. })),
            "{:#?}",
            diff.changes
        );
        let script = render_migration(&a, &b, &diff, &MigrationOptions::new(Dialect::Sqlite)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&ddl(&a, Dialect::Sqlite)).unwrap();
        conn.execute_batch(&script.up_sql()).unwrap();
        prop_assert_eq!(normalized(sqlite_schema(&path)), normalized(as_written(&b, Dialect::Sqlite)));
        conn.execute_batch(&script.down_sql()).unwrap();
        prop_assert_eq!(normalized(sqlite_schema(&path)), normalized(as_written(&a, Dialect::Sqlite)));
    }
}

/// Fixed pairs for the servers, where each step needs a fresh database.
fn sample_pairs(dialect: Dialect, count: usize) -> Vec<(Schema, Schema)> {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (schema_strategy(dialect), schema_strategy(dialect));
    (0..count).map(|_| strategy.new_tree(&mut runner).expect("a pair").current()).collect()
}

#[test]
fn postgres_migrations_go_up_to_b_and_down_to_a() {
    let Some(server) = crate::servers::postgres() else { return };
    for (i, (a, b)) in sample_pairs(Dialect::Postgres, 16).iter().enumerate() {
        let script = migration(a, b, Dialect::Postgres);
        let db = server.fresh_database(&format!("migrate{i}"));
        let read = || codegen_db::read_postgres(&db.url(), &[]).expect("introspection").schema;
        db.execute(&ddl(a, Dialect::Postgres)).unwrap();
        let up = script.up_sql();
        db.execute(&up).unwrap_or_else(|e| panic!("pair {i}: PostgreSQL rejects the up: {e}\n{up}"));
        assert_eq!(normalized(read()), normalized(b.clone()), "pair {i}: after the up, not B:\n{up}");
        let down = script.down_sql();
        db.execute(&down).unwrap_or_else(|e| panic!("pair {i}: PostgreSQL rejects the down: {e}\n{down}"));
        assert_eq!(normalized(read()), normalized(a.clone()), "pair {i}: after the down, not A:\n{down}");
    }
}

/// MariaDB refuses a CHECK on a column whose foreign key sets it on delete or update (error
/// 1901), in CREATE TABLE as in ALTER TABLE: such models cannot be held, so they are left out.
fn mariadb_holds(schema: &Schema) -> bool {
    schema.tables.iter().all(|table| {
        table.foreign_keys.iter().all(|fk| {
            let acts = |a: ReferentialAction| !matches!(a, ReferentialAction::NoAction | ReferentialAction::Restrict);
            !(acts(fk.on_delete) || acts(fk.on_update))
                || !fk.columns.iter().any(|c| table.checks.iter().any(|check| check.expression.contains(c.as_str())))
        })
    })
}

#[test]
fn mariadb_migrations_go_up_to_b_and_down_to_a() {
    let Some(server) = crate::servers::mysql() else { return };
    let pairs = sample_pairs(Dialect::Mysql, 24);
    let pairs = pairs.iter().filter(|(a, b)| mariadb_holds(a) && mariadb_holds(b)).take(16);
    for (i, (a, b)) in pairs.enumerate() {
        let script = migration(a, b, Dialect::Mysql);
        let db = server.fresh_database(&format!("migrate{i}"));
        let read = || codegen_db::read_mysql(&db.url()).expect("introspection").schema;
        db.execute(&ddl(a, Dialect::Mysql)).unwrap();
        let up = script.up_sql();
        db.execute(&up).unwrap_or_else(|e| panic!("pair {i}: MariaDB rejects the up: {e}\n{up}"));
        assert_eq!(
            normalized(read()),
            normalized(as_written(b, Dialect::Mysql)),
            "pair {i}: after the up, not B:\n{up}"
        );
        let down = script.down_sql();
        db.execute(&down).unwrap_or_else(|e| panic!("pair {i}: MariaDB rejects the down: {e}\n{down}"));
        assert_eq!(
            normalized(read()),
            normalized(as_written(a, Dialect::Mysql)),
            "pair {i}: after the down, not A:\n{down}"
        );
    }
}

#[test]
fn hinted_renames_are_renames_on_postgres() {
    let Some(server) = crate::servers::postgres() else { return };
    for (i, (a, _)) in sample_pairs(Dialect::Postgres, 8).iter().enumerate() {
        let (b, hints) = renamed(a, &[true, false, true, true, false, true]);
        let diff = diff_schemas(a, &b, &DiffOptions::new(hints, Vec::new()));
        assert!(diff.changes.iter().all(|c| matches!(c, Change::RenameTable { .. } | Change::RenameColumn { .. })));
        let script = render_migration(a, &b, &diff, &MigrationOptions::new(Dialect::Postgres)).unwrap();
        let db = server.fresh_database(&format!("rename{i}"));
        let read = || codegen_db::read_postgres(&db.url(), &[]).expect("introspection").schema;
        db.execute(&ddl(a, Dialect::Postgres)).unwrap();
        let up = script.up_sql();
        db.execute(&up).unwrap_or_else(|e| panic!("model {i}: PostgreSQL rejects the up: {e}\n{up}"));
        assert_eq!(normalized(read()), normalized(b.clone()), "model {i}: after the up, not B:\n{up}");
        db.execute(&script.down_sql()).unwrap();
        assert_eq!(normalized(read()), normalized(a.clone()), "model {i}: after the down, not A");
    }
}

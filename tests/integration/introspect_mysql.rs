//! Live MySQL/MariaDB introspection: model -> our MySQL SQL -> a real MariaDB -> `read_mysql` ->
//! the same model; a fixture read from its file and from the server gives the same model; and
//! every connection failure is one redacted line.

use std::path::Path;

use codegen_core::Dialect;
use codegen_core::model::*;
use codegen_core::read::sql::{read_sql_file, read_sql_str};

/// Clear what legitimately differs between a model read from a file and one read from the server.
fn normalized(mut schema: Schema) -> Schema {
    // information_schema keeps no creation order: compare in name order.
    schema.tables.sort_by(|a, b| a.name.to_string().cmp(&b.name.to_string()));
    schema.views.sort_by(|a, b| a.name.to_string().cmp(&b.name.to_string()));
    schema.enums.sort_by(|a, b| a.name.to_string().cmp(&b.name.to_string()));
    for table in &mut schema.tables {
        for column in &mut table.columns {
            // `INT` vs `int`, `BOOLEAN` vs `tinyint(1)`: the neutral `ty` is what is compared.
            column.declared_type.clear();
            // MariaDB stores a DECIMAL default at the column's scale (`0` as `0.00`).
            if let Some(ColumnDefault::Literal { value: Literal::Number(n) }) = &mut column.default
                && n.contains('.')
            {
                *n = n.trim_end_matches('0').trim_end_matches('.').to_string();
            }
            if let Some(generated) = &mut column.generated {
                // The server stores the expression re-printed (`balance * 2` as `` `balance` * 2 ``).
                generated.expression.clear();
            }
        }
        // MySQL names every primary key PRIMARY.
        if let Some(pk) = &mut table.primary_key {
            pk.name = None;
        }
        for fk in &mut table.foreign_keys {
            // InnoDB treats RESTRICT as NO ACTION and reports one for the other.
            for action in [&mut fk.on_delete, &mut fk.on_update] {
                if *action == ReferentialAction::Restrict {
                    *action = ReferentialAction::NoAction;
                }
            }
        }
        // MySQL has one kind of unique key: a plain unique index is a unique constraint.
        let (plain_unique, indexes): (Vec<Index>, Vec<Index>) =
            std::mem::take(&mut table.indexes).into_iter().partition(|i| {
                i.unique
                    && i.predicate.is_none()
                    && i.parts.iter().all(|p| p.order.is_none())
                    && i.column_names().is_some()
            });
        table.indexes = indexes;
        for index in plain_unique {
            let columns = index.column_names().unwrap().into_iter().map(str::to_string).collect();
            table.uniques.push(UniqueConstraint { name: Some(index.name), columns, loc: Default::default() });
        }
        for check in &mut table.checks {
            check.expression.clear();
        }
        for index in &mut table.indexes {
            index.method = None;
            for part in &mut index.parts {
                if let IndexKey::Expression(e) = &mut part.key {
                    e.clear();
                }
            }
        }
        table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        table.uniques.sort_by(|a, b| a.name.cmp(&b.name));
        table.checks.sort_by(|a, b| a.name.cmp(&b.name));
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    for view in &mut schema.views {
        // The server re-prints the query (qualified, backquoted columns).
        view.definition.clear();
        for column in &mut view.columns {
            column.declared_type.clear();
        }
    }
    schema
}

/// Both models as JSON, and a unified diff between them when they differ.
fn assert_same(live: Schema, expected: Schema, context: &str) {
    let live = serde_json::to_string_pretty(&normalized(live)).unwrap();
    let expected = serde_json::to_string_pretty(&normalized(expected)).unwrap();
    if live != expected {
        let diff =
            similar::TextDiff::from_lines(&expected, &live).unified_diff().header("expected", "live").to_string();
        panic!("the introspected model differs:\n{diff}\n{context}");
    }
}

/// The model our MySQL SQL for `expected` describes, and that SQL.
fn as_mysql(expected: &Schema) -> (Schema, String) {
    let (sql, _warnings) = codegen_sql::render_schema(expected, Dialect::Mysql).expect("the model renders");
    let model = read_sql_str(&sql, Path::new("rendered.sql"), Dialect::Mysql).expect("our SQL reads back").schema;
    (model, sql)
}

fn introspect(url: &str) -> Schema {
    codegen_introspect::read_mysql(url).unwrap_or_else(|e| panic!("introspection fails: {e}")).schema
}

/// model -> our MySQL SQL -> MariaDB -> introspected -> the model that SQL describes.
fn assert_live_round_trip(schema: &Schema, hint: &str) {
    let Some(server) = crate::servers::mysql() else { return };
    let (expected, sql) = as_mysql(schema);
    let db = server.fresh_database(hint);
    db.execute(&sql).unwrap_or_else(|e| panic!("MariaDB rejects our SQL: {e}\n{sql}"));
    let live = introspect(&db.url());
    assert_same(live, expected, &format!("applied SQL:\n{sql}"));
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

#[test]
fn the_example_reads_back_from_mariadb() {
    let example = read_sql_file(&fixture("examples/experiments/schema.sql"), Dialect::Postgres).unwrap().schema;
    assert_live_round_trip(&example, "my_example");
}

#[test]
fn every_feature_reads_back_from_mariadb() {
    let features = read_sql_file(&fixture("tests/fixtures/introspect/mysql_features.sql"), Dialect::Mysql).unwrap();
    assert_live_round_trip(&features.schema, "my_features");
}

#[test]
fn the_features_fixture_reads_the_same_from_its_file_and_from_mariadb() {
    let Some(server) = crate::servers::mysql() else { return };
    let path = fixture("tests/fixtures/introspect/mysql_features.sql");
    let from_file = read_sql_file(&path, Dialect::Mysql).unwrap().schema;
    let db = server.fresh_database("my_same");
    db.execute(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("MariaDB rejects the fixture: {e}"));
    let live = introspect(&db.url());
    assert_same(live, from_file, "");
}

//! Round trips per dialect: model -> our SQL -> our reader -> the same model.
//!
//! Models are generated in the form each dialect can hold exactly (MySQL and SQLite have no
//! named enums, so theirs are named `<table>_<column>` as the readers name them). The declared
//! type is compared apart: it is the source's spelling, which the SQL backend chooses anew.

use std::path::Path;

use codegen_core::model::*;
use codegen_core::read::sql::read_sql_str;
use codegen_core::{Dialect, Loc};
use proptest::prelude::*;

/// Clear what a round trip legitimately re-spells.
fn normalized(mut schema: Schema) -> Schema {
    // How the source spelled types and defaults is not what these compare.
    schema = schema.without_spellings();
    for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        column.declared_type.clear();
    }
    schema
}

fn render(schema: &Schema, dialect: Dialect) -> String {
    let (sql, _warnings) = codegen_sql::render_schema(schema, dialect).expect("the model renders");
    sql
}

/// Render, read back, and compare; the SQL must also be a fixpoint.
fn assert_round_trip(schema: &Schema, dialect: Dialect) {
    let sql = render(schema, dialect);
    let read = read_sql_str(&sql, Path::new("generated.sql"), dialect)
        .unwrap_or_else(|e| panic!("our {dialect} SQL does not read back: {e}\n{sql}"))
        .schema;
    assert_eq!(normalized(read.clone()), normalized(schema.clone()), "{dialect} round trip changed the model:\n{sql}");
    assert_eq!(render(&read, dialect), sql, "{dialect} SQL is not a fixpoint");
    if dialect == Dialect::Sqlite {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(&sql).unwrap_or_else(|e| panic!("SQLite rejects our DDL: {e}\n{sql}"));
    }
}

/// A fixed sample of generated models, for the servers (each needs a fresh database).
fn sample(dialect: Dialect, count: usize) -> Vec<Schema> {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = schema_strategy(dialect);
    (0..count).map(|_| strategy.new_tree(&mut runner).expect("a model").current()).collect()
}

#[test]
fn generated_models_run_on_postgres() {
    let Some(server) = crate::servers::postgres() else { return };
    for (i, schema) in sample(Dialect::Postgres, 12).iter().enumerate() {
        let db = server.fresh_database(&format!("gen{i}"));
        let sql = render(schema, Dialect::Postgres);
        db.execute(&sql).unwrap_or_else(|e| panic!("PostgreSQL rejects generated model {i}: {e}\n{sql}"));
    }
}

#[test]
fn generated_models_run_on_mariadb() {
    let Some(server) = crate::servers::mysql() else { return };
    for (i, schema) in sample(Dialect::Mysql, 12).iter().enumerate() {
        let db = server.fresh_database(&format!("gen{i}"));
        let sql = render(schema, Dialect::Mysql);
        db.execute(&sql).unwrap_or_else(|e| panic!("MariaDB rejects generated model {i}: {e}\n{sql}"));
    }
}

#[test]
fn the_example_round_trips_in_postgres() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/experiments/schema.sql");
    let schema = codegen_core::read::sql::read_sql_file(&path, Dialect::Postgres).unwrap().schema;
    assert_round_trip(&schema, Dialect::Postgres);
}

#[test]
fn the_example_rendered_for_mysql_and_sqlite_is_a_fixpoint() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/experiments/schema.sql");
    let schema = codegen_core::read::sql::read_sql_file(&path, Dialect::Postgres).unwrap().schema;
    for dialect in [Dialect::Mysql, Dialect::Sqlite] {
        let sql = render(&schema, dialect);
        let read = read_sql_str(&sql, Path::new("generated.sql"), dialect).unwrap().schema;
        assert_round_trip(&read, dialect);
        assert_eq!(read.tables.len(), schema.tables.len());
    }
}

const NAMES: &[&str] = &[
    "users",
    "orders",
    "items",
    "accounts",
    "events",
    "tags",
    "notes",
    "order",
    "user",
    "group",
    "key",
    "value",
    "Line Items",
    "2fa_codes",
    "CamelCase",
];
const COLUMN_NAMES: &[&str] = &[
    "name",
    "email",
    "amount",
    "quantity",
    "status",
    "created_at",
    "payload",
    "flag",
    "kind",
    "key",
    "order",
    "desc",
    "Total",
    "1st",
    "note text",
];

fn column_types(dialect: Dialect) -> Vec<ColumnType> {
    let mut types = vec![
        ColumnType::SMALLINT,
        ColumnType::INT,
        ColumnType::BIGINT,
        ColumnType::Decimal { precision: Some(10), scale: Some(2) },
        ColumnType::Double,
        ColumnType::Bool,
        ColumnType::TEXT,
        ColumnType::Varchar { length: Some(120), national: false },
        ColumnType::Char { length: Some(3), national: false },
        ColumnType::BYTES,
        ColumnType::Date,
        ColumnType::Timestamp { precision: None, datetime: false },
        ColumnType::TimestampTz { precision: None },
        ColumnType::Json,
    ];
    match dialect {
        Dialect::Postgres => types.extend([
            ColumnType::Real,
            ColumnType::Time { precision: None },
            ColumnType::Interval,
            ColumnType::Uuid,
            ColumnType::Jsonb,
            ColumnType::Array { element: Box::new(ColumnType::INT) },
            ColumnType::Array { element: Box::new(ColumnType::TEXT) },
        ]),
        Dialect::Mysql => types.extend([
            ColumnType::Real,
            ColumnType::Time { precision: None },
            ColumnType::Integer { width: IntWidth::Tiny, unsigned: false },
            ColumnType::Integer { width: IntWidth::Medium, unsigned: true },
            ColumnType::Integer { width: IntWidth::Big, unsigned: true },
        ]),
        Dialect::Sqlite => types.extend([ColumnType::Real, ColumnType::Uuid, ColumnType::Jsonb]),
    }
    types
}

fn default_for(ty: &ColumnType, pick: u8) -> Option<ColumnDefault> {
    let literal = |value| Some(ColumnDefault::Literal { value });
    match (ty, pick % 3) {
        (_, 0) => None,
        (ColumnType::Integer { .. }, _) => literal(Literal::Number(format!("{}", pick % 50))),
        (ColumnType::Decimal { .. }, _) => literal(Literal::Number("1.50".into())),
        (ColumnType::Bool, _) => literal(Literal::Bool(pick.is_multiple_of(2))),
        (ColumnType::Text { .. } | ColumnType::Varchar { .. }, 1) => literal(Literal::String(format!("it's {pick}"))),
        (ColumnType::Timestamp { .. } | ColumnType::TimestampTz { .. }, _) => Some(ColumnDefault::CurrentTimestamp),
        _ => None,
    }
}

/// A column recipe: (name index, type index, nullable, default pick).
type ColumnRecipe = (usize, usize, bool, u8);
/// A table recipe: name, columns, whether to reference an earlier table, unique/index/check picks.
type TableRecipe = (Vec<ColumnRecipe>, Option<usize>, u8, u8, bool, bool);

fn build_schema(dialect: Dialect, tables: Vec<TableRecipe>, enum_values: Vec<String>) -> Schema {
    let types = column_types(dialect);
    let mut schema = Schema::default();
    let enum_name = QualifiedName::new("mood");
    if dialect == Dialect::Postgres {
        schema.enums.push(EnumType {
            name: enum_name.clone(),
            values: enum_values.clone(),
            comment: None,
            loc: Loc::default(),
        });
    }
    for (ti, (columns, reference, unique_pick, index_pick, with_check, with_enum)) in tables.into_iter().enumerate() {
        let mut table = Table::new(NAMES[ti % NAMES.len()]);
        let width = if dialect == Dialect::Sqlite { IntWidth::Int } else { IntWidth::Big };
        let strategy = match dialect {
            Dialect::Postgres => AutoIncrement::IdentityByDefault,
            _ => AutoIncrement::AutoIncrement,
        };
        let mut id = Column::new("id", ColumnType::Integer { width, unsigned: false }, "");
        id.nullable = false;
        id.default = Some(ColumnDefault::AutoIncrement { strategy });
        table.columns.push(id);
        table.primary_key = Some(PrimaryKey { name: None, columns: vec!["id".into()] });
        for (name, ty, nullable, pick) in columns {
            let name = COLUMN_NAMES[name % COLUMN_NAMES.len()];
            if table.column(name).is_some() {
                continue;
            }
            let ty = types[ty % types.len()].clone();
            let mut column = Column::new(name, ty.clone(), "");
            column.nullable = nullable;
            column.default = default_for(&ty, pick);
            table.columns.push(column);
        }
        if with_enum {
            let (ty, values) = if dialect == Dialect::Postgres {
                (ColumnType::Enum { name: enum_name.clone() }, None)
            } else {
                let name = QualifiedName::new(format!("{}_mood", table.name.name));
                (
                    ColumnType::Enum { name: name.clone() },
                    Some(EnumType { name, values: enum_values.clone(), comment: None, loc: Loc::default() }),
                )
            };
            let mut column = Column::new("mood", ty, "");
            column.nullable = false;
            table.columns.push(column);
            schema.enums.extend(values);
        }
        if let Some(target) = reference.filter(|_| ti > 0).map(|r| r % ti) {
            let parent = schema.tables[target].name.clone();
            let mut column = Column::new("parent_id", ColumnType::Integer { width, unsigned: false }, "");
            column.nullable = true;
            table.columns.push(column);
            table.foreign_keys.push(ForeignKey {
                name: Some(format!("{}_parent_fk", table.name.name.to_lowercase().replace(' ', "_"))),
                columns: vec!["parent_id".into()],
                referenced_table: parent,
                referenced_columns: vec!["id".into()],
                on_delete: [ReferentialAction::NoAction, ReferentialAction::Cascade, ReferentialAction::SetNull]
                    [unique_pick as usize % 3],
                on_update: ReferentialAction::NoAction,
                loc: Loc::default(),
                deferrable: None,
            });
        }
        // Indexable columns: MySQL cannot index TEXT/BLOB without a prefix length.
        let indexable: Vec<String> = table
            .columns
            .iter()
            .skip(1)
            .filter(|c| {
                !matches!(
                    c.ty,
                    ColumnType::Text { .. }
                        | ColumnType::Bytes { .. }
                        | ColumnType::Json
                        | ColumnType::Jsonb
                        | ColumnType::Array { .. }
                )
            })
            .map(|c| c.name.clone())
            .collect();
        let slug = table.name.name.to_lowercase().replace(' ', "_");
        if let Some(column) =
            indexable.get(unique_pick as usize % indexable.len().max(1)).filter(|_| unique_pick.is_multiple_of(2))
        {
            table.uniques.push(UniqueConstraint {
                name: Some(format!("{slug}_{}_key", column.to_lowercase().replace(' ', "_"))),
                columns: vec![column.clone()],
                loc: Loc::default(),
            });
        }
        if let Some(column) =
            indexable.get(index_pick as usize % indexable.len().max(1)).filter(|_| index_pick % 3 != 0)
        {
            let order = (index_pick % 3 == 2).then_some(SortOrder::Desc);
            table.indexes.push(Index {
                name: format!("{slug}_{}_idx", column.to_lowercase().replace(' ', "_")),
                unique: false,
                parts: vec![IndexPart {
                    key: IndexKey::Column(column.clone()),
                    order,
                    collation: None,
                    nulls: None,
                    opclass: None,
                    length: None,
                }],
                method: None,
                predicate: None,
                loc: Loc::default(),
                include: Vec::new(),
                mysql_only_since: None,
            });
        }
        if with_check && let Some(column) = table.columns.iter().skip(1).find(|c| c.ty.is_integer()) {
            table.checks.push(CheckConstraint {
                name: Some(format!("{slug}_check")),
                expression: format!("{} >= 0", quote_for_check(&column.name, dialect)),
                column: None,
                loc: Loc::default(),
            });
        }
        schema.tables.push(table);
    }
    schema
}

/// How sqlparser prints an identifier in an expression: quoted only when it must be.
fn quote_for_check(name: &str, dialect: Dialect) -> String {
    codegen_sql::quote_ident(name, dialect)
}

pub(crate) fn schema_strategy(dialect: Dialect) -> impl Strategy<Value = Schema> {
    let column = (0..COLUMN_NAMES.len(), 0..40usize, any::<bool>(), any::<u8>());
    let table = (
        prop::collection::vec(column, 1..6),
        prop::option::of(0..8usize),
        any::<u8>(),
        any::<u8>(),
        any::<bool>(),
        any::<bool>(),
    );
    let values =
        prop::collection::btree_set("[a-z]{1,8}( [a-z]{1,4})?", 1..5).prop_map(|s| s.into_iter().collect::<Vec<_>>());
    (prop::collection::vec(table, 1..6), values).prop_map(move |(tables, values)| build_schema(dialect, tables, values))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn postgres_models_round_trip(schema in schema_strategy(Dialect::Postgres)) {
        assert_round_trip(&schema, Dialect::Postgres);
    }

    #[test]
    fn mysql_models_round_trip(schema in schema_strategy(Dialect::Mysql)) {
        assert_round_trip(&schema, Dialect::Mysql);
    }

    #[test]
    fn sqlite_models_round_trip(schema in schema_strategy(Dialect::Sqlite)) {
        assert_round_trip(&schema, Dialect::Sqlite);
    }
}

//! The bundled example, read from its declarative schema and from its migrations.

use std::path::{Path, PathBuf};

use codegen_core::Dialect;
use codegen_core::model::*;
use codegen_core::read::migrations::read_migrations_dir;
use codegen_core::read::sql::read_sql_file;

fn example(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/experiments").join(path)
}

#[test]
fn example_schema_reads_into_the_expected_model() {
    let loaded = read_sql_file(&example("schema.sql"), Dialect::Postgres).expect("the example reads");
    let schema = &loaded.schema;
    let names: Vec<_> = schema.tables.iter().map(|t| t.name.name.as_str()).collect();
    assert_eq!(names, ["organizations", "users", "projects", "memberships", "experiments", "variants", "metrics"]);
    let experiments = schema.table(&QualifiedName::new("experiments")).unwrap();
    let status = experiments.column("status").unwrap();
    assert_eq!(status.ty, ColumnType::Enum { name: QualifiedName::new("experiment_status") });
    assert_eq!(status.default, Some(ColumnDefault::Literal { value: Literal::String("draft".into()) }));
    assert_eq!(
        experiments.column("id").unwrap().default,
        Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::IdentityByDefault })
    );
    assert_eq!(experiments.comment.as_deref(), Some("An A/B test run inside one project"));
    let index = &experiments.indexes[0];
    assert_eq!(index.column_names(), Some(vec!["project_id", "status"]));
    let membership = schema.table(&QualifiedName::new("memberships")).unwrap();
    assert_eq!(membership.uniques[0].columns, ["user_id", "project_id"]);
    assert_eq!(membership.foreign_keys[1].on_delete, ReferentialAction::Cascade);
    assert_eq!(
        schema.enum_type(&QualifiedName::new("experiment_status")).unwrap().values,
        ["draft", "running", "paused", "completed", "archived"]
    );
    // The location of every table is its line in the file.
    assert_eq!(experiments.loc.location().unwrap().line, 60);
}

#[test]
fn example_migrations_replay_to_the_declarative_schema() {
    let declared = read_sql_file(&example("schema.sql"), Dialect::Postgres).unwrap().schema;
    let replayed = read_migrations_dir(&example("migrations"), Dialect::Postgres).unwrap().schema;
    assert_eq!(replayed.to_json(), declared.to_json());
    assert_eq!(replayed, declared);
}

#[test]
fn example_model_json_shape() {
    let loaded = read_sql_file(&example("schema.sql"), Dialect::Postgres).unwrap();
    insta::assert_snapshot!(loaded.schema.to_json());
}

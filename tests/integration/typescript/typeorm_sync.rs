//! TypeORM's `synchronize` on codegen's entities builds the SQL backend's catalog, and the
//! example's rows go in and come back with their relations through the entities.

use codegen_core::{Backend, Dialect};
use codegen_typeorm::{TypeOrmBackend, TypeOrmOptions};

use super::catalogs::{self, assert_same, read_pg, read_sqlite, to_affinity, without_tool_tables};
use super::inputs;
use super::tools::{self, Project};
use crate::servers;

fn write_entities(project: &Project, dialect: Dialect) -> String {
    let generated =
        TypeOrmBackend.generate(&inputs::example(), &TypeOrmOptions::for_dialect(dialect)).expect("renders");
    let folder = format!("entities-{dialect}");
    for file in &generated.files {
        project.write(format!("{folder}/{}", file.path.display()), &file.contents);
    }
    project.path().join(folder).display().to_string()
}

fn assert_story(result: &serde_json::Value) {
    assert_eq!(result["entities"], 7, "{result}");
    assert_eq!(result["project"], "Checkout");
    assert_eq!(result["organization"], "Acme", "the many-to-one loads");
    assert_eq!(result["members"], serde_json::json!([["Ada", "owner"]]), "the one-to-many and its many-to-one load");
}

#[test]
fn typeorm_synchronize_builds_the_sql_backends_catalog_and_loads_relations_on_sqlite() {
    if !tools::available() {
        return;
    }
    let project = Project::new();
    let entities = write_entities(&project, Dialect::Sqlite);
    let file = project.path().join("typeorm.db");
    let result = project.script("typeorm-sync.mts", &["sqlite", file.to_str().unwrap(), &entities, "example"]);
    assert_story(&result);
    let ours = codegen_sql::render_schema(&inputs::example(), Dialect::Sqlite).expect("renders").0;
    let mut expected = read_sqlite(&catalogs::sqlite_db(project.path(), "sql.db", &ours));
    let mut found = without_tool_tables(read_sqlite(&file));
    to_affinity(&mut expected);
    to_affinity(&mut found);
    assert_same(&expected, &found, "TypeORM synchronize on SQLite");
}

#[test]
fn typeorm_synchronize_builds_the_sql_backends_catalog_and_loads_relations_on_postgres() {
    if !tools::available() {
        return;
    }
    let Some(pg) = servers::postgres() else { return };
    let project = Project::new();
    let entities = write_entities(&project, Dialect::Postgres);
    let db = pg.fresh_database("typeorm_sync");
    let result = project.script("typeorm-sync.mts", &["postgres", &db.url(), &entities, "example"]);
    assert_story(&result);
    let ours = codegen_sql::render_schema(&inputs::example(), Dialect::Postgres).expect("renders").0;
    let expected = catalogs::postgres_expected(&ours, &pg.fresh_database("typeorm_sql"));
    assert_same(&expected, &without_tool_tables(read_pg(&db)), "TypeORM synchronize on PostgreSQL");
}

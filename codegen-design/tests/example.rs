//! The example with every hint: the schema a careful engineer would write, and SQL that
//! SQLite executes with every constraint enforced.

use std::path::Path;

use codegen_core::{ColumnType, Dialect, QualifiedName, ReferentialAction, Severity};
use codegen_design::{DesignSettings, design_file, design_text};

fn example() -> codegen_design::Design {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/design/domain.md");
    design_file(&path, &DesignSettings::default()).expect("the example designs")
}

#[test]
fn the_example_designs_what_a_careful_engineer_would() {
    let design = example();
    assert_eq!(design.dialect, Dialect::Postgres, "\"We use PostgreSQL\"");
    assert_eq!(design.stated_orm(), Some("prisma"), "\"We use Prisma\"");
    let table = |n: &str| design.schema.table(&QualifiedName::new(n)).unwrap_or_else(|| panic!("table {n}"));
    let experiments = table("experiments");
    let fk = &experiments.foreign_keys[0];
    assert_eq!((fk.columns[0].as_str(), fk.referenced_table.name.as_str()), ("project_id", "projects"));
    assert_eq!(fk.on_delete, ReferentialAction::Cascade, "projects contain experiments");
    assert!(matches!(experiments.column("status").unwrap().ty, ColumnType::Enum { .. }));
    assert_eq!(experiments.indexes[0].column_names().unwrap(), ["project_id", "status"]);
    let memberships = table("memberships");
    assert_eq!(memberships.uniques[0].columns, ["user_id", "project_id"]);
    assert!(memberships.column("role").is_some_and(|c| !c.nullable));
    let projects = table("projects");
    assert!(projects.uniques.iter().any(|u| u.columns == ["organization_id", "name"]));
    assert!(projects.column("deleted_at").is_some_and(|c| c.nullable), "archived and restored");
    let creator = projects.foreign_keys.iter().find(|f| f.columns == ["creator_id"]).expect("users create projects");
    assert_eq!(creator.on_delete, ReferentialAction::SetNull);
    let users = table("users");
    assert!(matches!(users.column("birth_date").unwrap().ty, ColumnType::Date));
    assert!(users.uniques.iter().any(|u| u.columns == ["email"]));
    // "at least two variants" cannot be one row's check: a constraint trigger holds it.
    assert!(design.schema.objects.iter().any(|o| o.definition[0].starts_with("CREATE CONSTRAINT TRIGGER variants_")));
    // The sentence with no schema in it is a warning that quotes it and points at its verb.
    let warning = design.diagnostics.iter().find(|d| d.severity == Severity::Warning).expect("a warning");
    assert!(warning.message.contains("\"We are building the back office"), "{warning}");
    assert_eq!(warning.object.as_deref(), Some("building"));
    assert!(warning.help.as_deref().unwrap().contains("nearest accepted forms"));
}

#[test]
fn strict_makes_a_sentence_not_understood_a_located_error() {
    let text = "Users create projects.\nWe are building a back office.\n";
    let error = design_text(text, Path::new("d.md"), &DesignSettings { strict: true, ..Default::default() })
        .expect_err("strict fails");
    let diagnostics = error.diagnostics().expect("diagnostics");
    let first = diagnostics.errors().next().expect("an error");
    let location = first.location.as_ref().expect("located");
    assert_eq!((location.line, location.column), (2, 8));
}

#[test]
fn sqlite_and_mysql_get_their_own_idioms() {
    let text = "We use MySQL. Users have an email and a status: active or banned. Users can be archived.";
    let design = design_text(text, Path::new("d.md"), &DesignSettings::default()).unwrap();
    assert_eq!(design.dialect, Dialect::Mysql);
    let users = &design.schema.tables[0];
    assert!(
        matches!(users.column("email").unwrap().ty, ColumnType::Varchar { length: Some(_), .. }),
        "MySQL keys need VARCHAR"
    );
    assert_eq!(users.column("updated_at").unwrap().on_update.as_deref(), Some("CURRENT_TIMESTAMP"));
    assert_eq!(design.schema.enums[0].name.name, "users_status", "MySQL's inline enum name");
}

#[test]
fn the_example_loads_on_sqlite_with_constraints_enforced() {
    let settings = DesignSettings { dialect: Some(Dialect::Sqlite), ..Default::default() };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/design/domain.md");
    let design = design_file(&path, &settings).unwrap();
    let (sql, _) = codegen_sql::render_schema(&design.schema, Dialect::Sqlite).expect("renders");
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    db.execute_batch(&sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
    db.execute_batch("INSERT INTO users (email, display_name, birth_date) VALUES ('a@x', 'A', '2000-01-01')").unwrap();
    assert!(
        db.execute_batch("INSERT INTO users (email, display_name, birth_date) VALUES ('a@x', 'B', '2000-01-01')")
            .is_err(),
        "unique email"
    );
    assert!(db.execute_batch("INSERT INTO experiments (project_id, name) VALUES (99, 'x')").is_err(), "foreign key");
    db.execute_batch("INSERT INTO organizations (name) VALUES ('o'); INSERT INTO projects (organization_id, name) VALUES (1, 'p'); INSERT INTO experiments (project_id, name, status) VALUES (1, 'e', 'running')").unwrap();
    assert!(db.execute_batch("UPDATE experiments SET status = 'bogus'").is_err(), "enum check");
    db.execute_batch(
        "UPDATE projects SET updated_at = '2000-01-01' WHERE id = 1; UPDATE projects SET name = 'q' WHERE id = 1",
    )
    .unwrap();
    let updated: String = db.query_row("SELECT updated_at FROM projects WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert_ne!(updated, "2000-01-01", "the trigger keeps updated_at current");
}

#[test]
fn the_spec_round_trips_and_its_published_schema_is_current() {
    let design = example();
    let toml = design.spec.to_toml();
    let again = codegen_design::read_spec(&toml, Path::new("spec.toml")).expect("the printed spec reads back");
    assert_eq!(again.to_toml(), toml);
    let published = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/design-spec.schema.json");
    assert_eq!(
        std::fs::read_to_string(published).unwrap(),
        codegen_design::Spec::json_schema(),
        "regenerate with `codegen design --print-spec-schema > docs/design-spec.schema.json`"
    );
}

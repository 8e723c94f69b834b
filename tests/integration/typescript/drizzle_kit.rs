//! drizzle-kit as the oracle of the Drizzle backend: `drizzle-kit generate` on codegen's
//! `schema.ts` builds the catalog the SQL backend builds (PostgreSQL and SQLite), and `drizzle-kit
//! pull` of that database differs from codegen's `schema.ts` only where the checked-in
//! differences file says, and why (`tests/fixtures/drizzle`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen_core::{Backend, Dialect, Schema};
use codegen_drizzle::{DrizzleBackend, DrizzleOptions};

use super::catalogs::{self, assert_same, read_pg, read_sqlite, to_affinity, without_comments};
use super::inputs;
use super::tools::{self, Project};
use crate::servers;

/// The SQL `drizzle-kit generate` writes for `schema` rendered by the Drizzle backend.
fn drizzle_kit_sql(project: &Project, schema: &Schema, dialect: Dialect, folder: &str) -> String {
    let generated = DrizzleBackend.generate(schema, &DrizzleOptions::for_dialect(dialect)).expect("the schema renders");
    for file in &generated.files {
        project.write(format!("{folder}/{}", file.path.display()), &file.contents);
    }
    let kit_dialect = match dialect {
        Dialect::Postgres => "postgresql",
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
    };
    let schema_path = format!("./{folder}/schema.ts");
    let out = format!("./{folder}/out");
    let output =
        project.bin("drizzle-kit", &["generate", "--dialect", kit_dialect, "--schema", &schema_path, "--out", &out]);
    assert!(output.status.success(), "drizzle-kit generate failed:\n{}", tools::show(&output));
    let dir = project.path().join(folder).join("out");
    let mut sql: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("drizzle-kit wrote a folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    sql.sort();
    let [file] = sql.as_slice() else { panic!("drizzle-kit wrote one migration: {sql:?}") };
    std::fs::read_to_string(file).expect("the migration reads").replace("--> statement-breakpoint", "")
}

/// The schemas proven this way: the example, and fixtures with the dialect's types.
fn cases(dialect: Dialect) -> Vec<(String, Schema)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str, source: Dialect| {
        let text = std::fs::read_to_string(root.join(path)).expect("fixture reads");
        codegen_core::read::sql::read_sql_str(&text, &root.join(path), source).expect("fixture parses").schema
    };
    let mut cases = vec![("example".to_string(), inputs::example())];
    match dialect {
        Dialect::Postgres => {
            cases
                .push(("diesel pg_types".into(), read("tests/fixtures/diesel/pg_types/schema.sql", Dialect::Postgres)));
            cases.push((
                "prisma relations".into(),
                read("backends/prisma/tests/fixtures/relations.sql", Dialect::Postgres),
            ));
            cases.push(("features_pg".into(), read("tests/fixtures/typescript/features_pg.sql", Dialect::Postgres)));
        }
        Dialect::Sqlite => {
            cases.push((
                "diesel sqlite_relations".into(),
                read("tests/fixtures/diesel/sqlite_relations/schema.sql", Dialect::Sqlite),
            ));
            cases.push((
                "features_sqlite".into(),
                read("tests/fixtures/typescript/features_sqlite.sql", Dialect::Sqlite),
            ));
        }
        Dialect::Mysql => {}
    }
    cases
}

#[test]
fn drizzle_kit_generate_builds_the_sql_backends_catalog_on_sqlite() {
    if !tools::available() {
        return;
    }
    let project = Project::new();
    for (i, (name, schema)) in cases(Dialect::Sqlite).into_iter().enumerate() {
        let ours = codegen_sql::render_schema(&schema, Dialect::Sqlite).expect("the SQL renders").0;
        let theirs = drizzle_kit_sql(&project, &schema, Dialect::Sqlite, &format!("sqlite{i}"));
        let mut expected = read_sqlite(&catalogs::sqlite_db(project.path(), &format!("sql{i}.db"), &ours));
        let mut found = read_sqlite(&catalogs::sqlite_db(project.path(), &format!("kit{i}.db"), &theirs));
        to_affinity(&mut expected);
        to_affinity(&mut found);
        assert_same(&expected, &found, &format!("{name}: drizzle-kit generate on SQLite"));
    }
}

#[test]
fn drizzle_kit_generate_builds_the_sql_backends_catalog_on_postgres() {
    if !tools::available() {
        return;
    }
    let Some(pg) = servers::postgres() else { return };
    let project = Project::new();
    for (i, (name, schema)) in cases(Dialect::Postgres).into_iter().enumerate() {
        let ours = codegen_sql::render_schema(&schema, Dialect::Postgres).expect("the SQL renders").0;
        let theirs = drizzle_kit_sql(&project, &schema, Dialect::Postgres, &format!("pg{i}"));
        let db = pg.fresh_database("dk_kit");
        db.execute(&theirs).unwrap_or_else(|e| panic!("{name}: drizzle-kit's SQL runs: {e}\n{theirs}"));
        // Drizzle has no table or column comments: the one thing its catalog cannot hold.
        let expected = without_comments(catalogs::postgres_expected(&ours, &pg.fresh_database("dk_sql")));
        let mut found = read_pg(&db);
        catalogs::flatten_arrays(&mut found);
        assert_same(&expected, &found, &format!("{name}: drizzle-kit generate on PostgreSQL"));
    }
}

/// `export const x = ...` blocks of a schema.ts by name, and its imports.
fn blocks(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = String::from("(imports)");
    // A doc comment above a declaration belongs to the declaration below it.
    let mut pending: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with("// codegen:")
            || line.starts_with("// Generated by codegen")
            || line.starts_with("// rerunning")
        {
            continue;
        }
        if line.starts_with("/**") || (line.starts_with(" *") && !pending.is_empty()) {
            pending.push(line.to_string());
            continue;
        }
        let declared = ["export const ", "export type ", "export interface "].iter().find_map(|p| line.strip_prefix(p));
        if let Some(rest) = declared {
            current = rest.split([' ', '=', '<']).next().unwrap_or_default().to_string();
            out.entry(current.clone()).or_default().append(&mut pending);
        }
        if line.trim().is_empty() {
            // A comment followed by a blank line is the file's header, not a declaration's.
            pending.clear();
            continue;
        }
        if line.starts_with("import ") {
            let line = line.trim_end_matches(';');
            // Imported names, one a line, so that only their difference shows.
            let names = line.split(['{', '}']).nth(1).unwrap_or_default();
            let from = line.rsplit(" from ").next().unwrap_or_default();
            for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                out.entry("(imports)".into()).or_default().push(format!("import {name} from {from}"));
            }
            continue;
        }
        // Quotes and statement-ending semicolons are drizzle-kit's spelling, not a difference.
        let line = if line.trim_start().starts_with("/**") { line.to_string() } else { line.replace('\'', "\"") };
        out.entry(current.clone()).or_default().push(line.trim_end_matches(';').to_string());
    }
    if let Some(imports) = out.get_mut("(imports)") {
        imports.sort();
    }
    out
}

/// The differences between drizzle-kit pull's file and codegen's, block by block:
/// `<file> <block>: -<pull's line>` and `+<codegen's line>`.
fn differences(file: &str, pulled: &str, ours: &str) -> Vec<String> {
    let (theirs, mine) = (blocks(pulled), blocks(ours));
    let mut names: Vec<&String> = theirs.keys().chain(mine.keys()).collect();
    names.sort();
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        let a = theirs.get(name).map(|v| v.join("\n") + "\n").unwrap_or_default();
        let b = mine.get(name).map(|v| v.join("\n") + "\n").unwrap_or_default();
        for change in similar::TextDiff::from_lines(&a, &b).iter_all_changes() {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => "-",
                similar::ChangeTag::Insert => "+",
                similar::ChangeTag::Equal => continue,
            };
            out.push(format!("{file} {name}: {sign}{}", change.value().trim_end()));
        }
    }
    out
}

/// The peer tool's files in `dir/expected` differ from codegen's `files` only in the lines
/// `dir/differences.txt` lists (in order), each group under a `#` comment saying why.
fn assert_explained(dir: &std::path::Path, tool: &str, files: &[codegen_core::GeneratedFile]) {
    let mut found = Vec::new();
    for file in files {
        let name = file.path.display().to_string();
        let theirs = std::fs::read_to_string(dir.join("expected").join(&name)).expect("the tool's file is checked in");
        found.extend(differences(&name, &theirs, &file.contents));
    }
    let listed_text = std::fs::read_to_string(dir.join("differences.txt")).unwrap_or_default();
    let listed: Vec<&str> = listed_text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).collect();
    assert_eq!(
        listed,
        found.iter().map(String::as_str).collect::<Vec<_>>(),
        "the differences from {tool} changed; every line of\n{}\nmust be in differences.txt, under a `#` comment saying why:\n{}",
        dir.join("differences.txt").display(),
        found.join("\n")
    );
}

#[test]
fn drizzle_kit_pull_differs_from_codegen_only_where_the_differences_file_explains() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drizzle/example_pg");
    let options = DrizzleOptions::for_dialect(Dialect::Postgres);
    let generated = DrizzleBackend.generate(&inputs::example(), &options).expect("renders");
    assert_eq!(generated.files.len(), 2, "schema.ts and relations.ts");
    assert_explained(&dir, "drizzle-kit pull", &generated.files);
}

#[test]
fn kysely_codegen_differs_from_codegen_only_where_the_differences_file_explains() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kysely/example_pg");
    let options = codegen_kysely::KyselyOptions::for_dialect(Dialect::Postgres);
    let generated = codegen_kysely::KyselyBackend.generate(&inputs::example(), &options).expect("renders");
    assert_explained(&dir, "kysely-codegen", &generated.files);
}

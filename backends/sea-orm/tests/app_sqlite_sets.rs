//! The entity sets of tests/sea-orm-app that come from SQLite database files, as a user gets them
//! from `codegen --schema app.db --target sea-orm` (and sea-orm-cli from the same file): schemas
//! written the way people write SQLite (affinity spellings, keys without NOT NULL, NUMERIC,
//! DATETIME beside TIMESTAMP) and public ones from the shared corpus. tests/sea-orm-app cannot read
//! a database file itself (its sqlx-sqlite and our rusqlite link different SQLite libraries), so
//! this test keeps its sets current: each is regenerated from a fresh database and compared with
//! the files under tests/sea-orm-app/src; `CODEGEN_BLESS=1` rewrites them instead.

use std::path::{Path, PathBuf};

use codegen_sea_orm::{EntityFormat, SeaOrmOptions, render_entities};

/// (module under tests/sea-orm-app/src, format, the schema script: a path from the repository
/// root, or `corpus:` and a path inside the shared corpus).
const SETS: &[(&str, EntityFormat, &str)] = &[
    ("affinity", EntityFormat::Compact, "tests/fixtures/sea-orm/affinity/schema.sql"),
    ("expanded_affinity", EntityFormat::Expanded, "tests/fixtures/sea-orm/affinity/schema.sql"),
    ("sakila_sqlite", EntityFormat::Compact, "corpus:sakila-sea-schema/sqlite/sqlite-sakila-schema.sql"),
    ("chinook_sqlite", EntityFormat::Compact, "corpus:chinook/Chinook_Sqlite.ddl.sql"),
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared corpus: `../shared/corpus` from the repository root, or `$CODEGEN_CORPUS`.
fn corpus_dir() -> PathBuf {
    std::env::var_os("CODEGEN_CORPUS").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared/corpus"))
}

/// The script of a set; `None` (with a note) when its corpus file is missing outside CI.
fn script(source: &str) -> Option<String> {
    let path = match source.strip_prefix("corpus:") {
        Some(inside) => corpus_dir().join(inside),
        None => repo().join(source),
    };
    if !path.is_file() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is missing under CI=true", path.display());
        eprintln!("note: {} missing (set CODEGEN_CORPUS); its entity set is not checked", path.display());
        return None;
    }
    Some(std::fs::read_to_string(path).unwrap())
}

#[test]
fn sqlite_file_entity_sets_are_up_to_date() {
    let bless = std::env::var_os("CODEGEN_BLESS").is_some();
    let mut stale = Vec::new();
    let mut checked = 0;
    for (module, format, source) in SETS {
        let Some(sql) = script(source) else { continue };
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("app.db");
        rusqlite::Connection::open(&db).unwrap().execute_batch(&sql).unwrap();
        let schema = codegen_db::read_sqlite_file(&db).unwrap_or_else(|e| panic!("{source}: {e}")).schema;
        let options =
            SeaOrmOptions { dialect: Some(codegen_core::Dialect::Sqlite), format: *format, ..Default::default() };
        let generated = render_entities(&schema, &options).unwrap_or_else(|d| panic!("{source}: {d}"));
        let dir = repo().join("tests/sea-orm-app/src").join(module);
        for file in generated.files {
            let path = dir.join(&file.path);
            if bless {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &file.contents).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
                stale.push(path.display().to_string());
            }
        }
        checked += 1;
    }
    assert!(stale.is_empty(), "stale generated entities (rerun with CODEGEN_BLESS=1): {stale:#?}");
    assert!(checked >= 2, "no entity set was checked");
}

//! The schemas every TypeScript target is run on: the bundled example, the corpus files that
//! read today, and the fixtures of the other backends.

use std::path::{Path, PathBuf};

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Dialect, Schema};

/// One schema and the dialect it is written in.
pub struct Input {
    /// A name usable as a folder: `example`, `corpus-chinook-Chinook_Sqlite`.
    pub name: String,
    pub schema: Schema,
    pub dialect: Dialect,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path, dialect: Dialect) -> Option<Schema> {
    let text = std::fs::read_to_string(path).ok()?;
    read_sql_str(&text, path, dialect).ok().map(|l| l.schema)
}

/// The bundled example, read as PostgreSQL.
pub fn example() -> Schema {
    read(&root().join("examples/experiments/schema.sql"), Dialect::Postgres).expect("the example reads")
}

/// A fixture folder's dialect from its name, as the fixtures name them (`pg_types`, `enums_pg`,
/// `types_my`, `sqlite_affinities`).
fn fixture_dialect(name: &str) -> Dialect {
    if name.starts_with("pg_") || name.ends_with("_pg") {
        Dialect::Postgres
    } else if name.ends_with("_my") || name.starts_with("my_") || name.starts_with("mysql_") {
        Dialect::Mysql
    } else {
        Dialect::Sqlite
    }
}

fn corpus_dialect(path: &Path) -> Dialect {
    let text = path.to_string_lossy().to_lowercase();
    if text.contains("mysql") {
        Dialect::Mysql
    } else if text.contains("sqlite") {
        Dialect::Sqlite
    } else {
        Dialect::Postgres
    }
}

fn sql_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            sql_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "sql") {
            out.push(path);
        }
    }
}

/// Every input, and the corpus files that do not read yet (the lead is fixing those readers).
pub fn all() -> (Vec<Input>, Vec<String>) {
    let mut inputs = vec![Input { name: "example".into(), schema: example(), dialect: Dialect::Postgres }];
    let mut unread = Vec::new();
    let mut corpus = Vec::new();
    sql_files(&root().join("../shared/corpus"), &mut corpus);
    for path in corpus {
        let dialect = corpus_dialect(&path);
        let name = format!(
            "corpus-{}-{}",
            path.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
            path.file_stem().map(|n| n.to_string_lossy().replace('.', "_")).unwrap_or_default()
        );
        match read(&path, dialect) {
            Some(schema) => inputs.push(Input { name, schema, dialect }),
            None => unread.push(path.display().to_string()),
        }
    }
    for (file, dialect) in
        [("features_pg", Dialect::Postgres), ("features_sqlite", Dialect::Sqlite), ("features_my", Dialect::Mysql)]
    {
        let path = root().join(format!("tests/fixtures/typescript/{file}.sql"));
        let schema = read(&path, dialect).unwrap_or_else(|| panic!("{} reads", path.display()));
        inputs.push(Input { name: file.into(), schema, dialect });
    }
    for base in ["tests/fixtures/sea-orm", "tests/fixtures/diesel"] {
        let Ok(entries) = std::fs::read_dir(root().join(base)) else { continue };
        let mut dirs: Vec<PathBuf> =
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("schema.sql").is_file()).collect();
        dirs.sort();
        for dir in dirs {
            let folder = dir.file_name().unwrap().to_string_lossy().to_string();
            let dialect = fixture_dialect(&folder);
            let schema = read(&dir.join("schema.sql"), dialect).unwrap_or_else(|| panic!("{} reads", dir.display()));
            let kind = base.rsplit('/').next().unwrap();
            inputs.push(Input { name: format!("{kind}-{folder}"), schema, dialect });
        }
    }
    let mut prisma = Vec::new();
    sql_files(&root().join("backends/prisma/tests/fixtures"), &mut prisma);
    for path in prisma {
        let text = path.to_string_lossy();
        let dialect = if text.contains("/sqlite/") {
            Dialect::Sqlite
        } else if text.contains("/mysql/") {
            Dialect::Mysql
        } else {
            Dialect::Postgres
        };
        let schema = read(&path, dialect).unwrap_or_else(|| panic!("{} reads", path.display()));
        // Named by the path under the fixtures folder: `relations.sql` is in more than one place.
        let fixtures = root().join("backends/prisma/tests/fixtures");
        let relative = path.strip_prefix(&fixtures).unwrap_or(&path).with_extension("");
        let stem = relative.to_string_lossy().replace(['/', '\\'], "-");
        inputs.push(Input { name: format!("prisma-{stem}"), schema, dialect });
    }
    (inputs, unread)
}

//! The cases: every `.sql` file of the shared corpus (`../shared/corpus`) and of our own corpus
//! (`tests/fixtures/corpus`), each with the dialect the manifest gives it.

use std::path::{Path, PathBuf};

use super::manifest::{self, Manifest};

/// Where the shared corpus is, relative to the repository root.
pub const CORPUS: &str = "../shared/corpus";
/// Our own schemas in the corpus's shape.
pub const OWN: &str = "tests/fixtures/corpus";

/// The shared corpus: `CODEGEN_CORPUS_DIR` when set, else `../shared/corpus` beside the
/// repository, else (in a git worktree elsewhere) beside the main checkout.
pub fn corpus_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CODEGEN_CORPUS_DIR") {
        return PathBuf::from(dir);
    }
    let beside = manifest::root().join(CORPUS);
    if beside.is_dir() {
        return beside;
    }
    // A worktree's `.git` is a file: `gitdir: <main>/.git/worktrees/<name>`.
    let main = std::fs::read_to_string(manifest::root().join(".git")).ok().and_then(|text| {
        let gitdir = PathBuf::from(text.trim().strip_prefix("gitdir:")?.trim());
        Some(gitdir.parent()?.parent()?.parent()?.to_path_buf())
    });
    main.map(|main| main.join(CORPUS)).filter(|dir| dir.is_dir()).unwrap_or(beside)
}

/// One schema file to put through every stage.
#[derive(Debug, Clone)]
pub struct Case {
    /// As the manifest names it: `../shared/corpus/chinook/Chinook_Sqlite.ddl.sql`.
    pub file: String,
    /// `sqlite`, `postgres` or `mysql`: what `--schema-dialect` and `--dialect` are given.
    pub dialect: String,
}

impl Case {
    pub fn path(&self) -> PathBuf {
        match self.file.strip_prefix(&format!("{CORPUS}/")) {
            Some(rest) => corpus_dir().join(rest),
            None => manifest::root().join(&self.file),
        }
    }

    /// A Rust module name for the case, unique among the cases: `chinook_chinook_sqlite_ddl`.
    pub fn module(&self) -> String {
        let (prefix, rest) = match self.file.strip_prefix(&format!("{CORPUS}/")) {
            Some(rest) => ("corpus", rest),
            None => ("own", self.file.strip_prefix(&format!("{OWN}/")).unwrap_or(&self.file)),
        };
        let rest = rest.strip_suffix(".sql").unwrap_or(rest);
        let mut name = format!("{prefix}_");
        for c in rest.chars() {
            let c = if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' };
            if !(c == '_' && name.ends_with('_')) {
                name.push(c);
            }
        }
        name
    }
}

/// The `.sql` files under `dir`, as the manifest names them (`prefix/relative/path.sql`).
fn sql_files(base: &Path, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![base.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "sql") {
                let relative = path.strip_prefix(base).unwrap_or(&path);
                out.push(format!("{prefix}/{}", relative.display()));
            }
        }
    }
    out.sort();
    out
}

/// Every case, checked against the manifest: a file the manifest lacks, or an entry whose file
/// is gone, is a failure that says what to do.
pub fn all(manifest: &Manifest) -> Vec<Case> {
    let mut files = sql_files(&corpus_dir(), CORPUS);
    files.extend(sql_files(&manifest::root().join(OWN), OWN));
    let unlisted: Vec<&String> = files.iter().filter(|f| !manifest.cases.iter().any(|e| &e.file == *f)).collect();
    assert!(
        unlisted.is_empty(),
        "schema files the corpus manifest ({}) does not list; add a [[case]] with its dialect for each:\n{}",
        manifest::MANIFEST,
        unlisted.iter().map(|f| format!("  {f}")).collect::<Vec<_>>().join("\n")
    );
    let gone: Vec<&str> = manifest.cases.iter().filter(|e| !files.contains(&e.file)).map(|e| e.file.as_str()).collect();
    assert!(gone.is_empty(), "the corpus manifest lists files that do not exist:\n  {}", gone.join("\n  "));
    let cases: Vec<Case> =
        manifest.cases.iter().map(|e| Case { file: e.file.clone(), dialect: e.dialect.clone() }).collect();
    let mut modules: Vec<String> = cases.iter().map(Case::module).collect();
    modules.sort();
    modules.dedup();
    assert_eq!(modules.len(), cases.len(), "two corpus cases share a module name");
    cases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_are_rust_identifiers() {
        let case = Case { file: format!("{CORPUS}/chinook/Chinook_Sqlite.ddl.sql"), dialect: "sqlite".into() };
        assert_eq!(case.module(), "corpus_chinook_chinook_sqlite_ddl");
        let own = Case { file: format!("{OWN}/pg15-dump/dump.sql"), dialect: "postgres".into() };
        assert_eq!(own.module(), "own_pg15_dump_dump");
    }
}

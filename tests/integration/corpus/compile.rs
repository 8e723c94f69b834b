//! Compiling every case's generated Rust against the real crates in one build per harness.
//!
//! The harnesses are the existing compile crates (`tests/diesel-app`, `tests/sea-orm-app`);
//! their `corpus` feature includes the file this module writes, which declares one module per
//! case (`#[path]` to the generated files). A build's errors are attributed to cases by the files
//! their spans point into; the cases with errors are taken out and the rest built again (an
//! error in one phase can hide another case's errors of a later phase), until the build is clean:
//! the cases in the clean build compile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::manifest::root;

/// One of the compile crates.
pub struct Harness {
    pub name: &'static str,
    /// Its folder, relative to the repository root.
    pub crate_dir: &'static str,
    /// Its target folder, relative to the repository root (shared with its own tests, so that
    /// the dependencies are built once).
    pub target_dir: &'static str,
    /// The cargo subcommand and flags that build its library with the corpus modules.
    pub build: &'static [&'static str],
}

pub const DIESEL: Harness = Harness {
    name: "tests/diesel-app",
    crate_dir: "tests/diesel-app",
    target_dir: "target/diesel-app",
    // Not linked: the check needs no libpq.
    build: &["build", "--lib"],
};

pub const SEA_ORM: Harness = Harness {
    name: "tests/sea-orm-app",
    crate_dir: "tests/sea-orm-app",
    target_dir: "target/sea-orm-app",
    // The test profile's features (its dev-dependencies unify tokio's), as its own tests build it.
    build: &["test", "--lib", "--no-run"],
};

/// A case's generated code: the module to declare, and the files in `dir` it is made of.
pub struct Unit {
    /// The case's file, as the manifest names it.
    pub file: String,
    pub dir: PathBuf,
    /// The module's declaration, with `#[path]`s into `dir`.
    pub declaration: String,
}

/// Diesel output: `schema.rs` and `models.rs` (any `.rs` file) as submodules of the case's module.
pub fn diesel_unit(file: &str, dir: &Path) -> Unit {
    let module = dir.file_name().and_then(|n| n.to_str()).expect("a case's folder is its module");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "rs")).collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut declaration = format!("pub mod {module} {{\n");
    for path in files {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("file");
        declaration.push_str(&format!("    #[path = {:?}]\n    pub mod {stem};\n", path.display().to_string()));
    }
    declaration.push_str("}\n");
    Unit { file: file.to_owned(), dir: dir.to_owned(), declaration }
}

/// SeaORM output: a folder with `mod.rs`, declared as the case's module.
pub fn sea_orm_unit(file: &str, module: &str, dir: &Path) -> Unit {
    let declaration = format!("#[path = {:?}]\npub mod {module};\n", dir.join("mod.rs").display().to_string());
    Unit { file: file.to_owned(), dir: dir.to_owned(), declaration }
}

/// Builds `units` in `harness` until the build is clean; the failures per case file.
pub fn compile(harness: &Harness, units: &[Unit], modules_file: &Path) -> BTreeMap<String, String> {
    let started = std::time::Instant::now();
    let mut builds = 0;
    let mut failures = BTreeMap::new();
    let mut remaining: Vec<&Unit> = units.iter().collect();
    while !remaining.is_empty() {
        builds += 1;
        let modules: String = remaining.iter().map(|u| u.declaration.as_str()).collect::<Vec<_>>().join("\n");
        let modules = format!("// Written by the corpus suite (tests/integration/corpus).\n{modules}");
        // Rewritten only when it changes: cargo would rebuild for a new modification time.
        if std::fs::read_to_string(modules_file).ok().as_deref() != Some(modules.as_str()) {
            std::fs::write(modules_file, modules).expect("the modules file is writable");
        }
        let output = Command::new(env!("CARGO"))
            .args(harness.build)
            .args(["--features", "corpus", "--message-format=json", "--quiet", "--manifest-path"])
            .arg(root().join(harness.crate_dir).join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", root().join(harness.target_dir))
            .env("CODEGEN_CORPUS_MODULES", modules_file)
            .output()
            .expect("cargo runs");
        if output.status.success() {
            break;
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut unattributed = Vec::new();
        for message in stdout.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok()) {
            if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
                continue;
            }
            let message = &message["message"];
            let mut files = Vec::new();
            collect_files(message, &mut files);
            let raw = message["message"].as_str().unwrap_or("");
            if raw.starts_with("aborting due to") || raw.starts_with("could not compile") {
                continue;
            }
            let text = describe(message);
            match remaining.iter().find(|u| files.iter().any(|f| Path::new(f).starts_with(&u.dir))) {
                Some(unit) => errors.entry(unit.file.clone()).or_default().push(text),
                None => unattributed.push(text),
            }
        }
        assert!(
            !errors.is_empty(),
            "{} failed to build for reasons outside the corpus modules:\n{}\n{}",
            harness.name,
            unattributed.join("\n"),
            String::from_utf8_lossy(&output.stderr)
        );
        for (file, errors) in errors {
            let more =
                if errors.len() > 1 { format!(" [and {} more errors]", errors.len() - 1) } else { String::new() };
            failures.insert(file.clone(), super::codegen::shorten(&format!("does not compile: {}{more}", errors[0])));
            remaining.retain(|u| u.file != file);
        }
    }
    super::note(&format!(
        "{}: {} cases in {builds} builds, {:.1} s",
        harness.name,
        units.len(),
        started.elapsed().as_secs_f64()
    ));
    failures
}

/// Every file a diagnostic's spans (and the macro expansions they came from) point into.
fn collect_files(message: &Value, files: &mut Vec<String>) {
    for span in message["spans"].as_array().into_iter().flatten() {
        let mut span = span;
        loop {
            if let Some(file) = span["file_name"].as_str() {
                files.push(file.to_owned());
            }
            match span.get("expansion").and_then(|e| e.get("span")) {
                Some(next) => span = next,
                None => break,
            }
        }
    }
    for child in message["children"].as_array().into_iter().flatten() {
        collect_files(child, files);
    }
}

/// `error[E0412]: cannot find type `Citext` in module `sql_types` (schema.rs:10:5)`.
fn describe(message: &Value) -> String {
    let code = message["code"]["code"].as_str().map(|c| format!("[{c}]")).unwrap_or_default();
    let text = message["message"].as_str().unwrap_or("");
    let primary = message["spans"].as_array().into_iter().flatten().find(|s| s["is_primary"] == true);
    let location = primary
        .and_then(|s| {
            let file = Path::new(s["file_name"].as_str()?).file_name()?.to_str()?.to_owned();
            Some(format!(" ({file}:{}:{})", s["line_start"], s["column_start"]))
        })
        .unwrap_or_default();
    format!("error{code}: {text}{location}")
}

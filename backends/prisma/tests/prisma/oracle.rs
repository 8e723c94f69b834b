//! Prisma's own engine as the oracle: `tools/prisma/check.mjs` runs `@prisma/prisma-schema-wasm`
//! (validate, format, lint) under node.
//!
//! Without node or the npm packages, the tests that need them fail when `CI=true` and are skipped
//! with a note otherwise (`npm ci --prefix tools/prisma` installs them).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde::Deserialize;

/// What Prisma said about one schema.
#[derive(Debug, Deserialize)]
pub struct Verdict {
    pub name: String,
    /// The validation error, `None` when the schema is valid.
    pub error: Option<String>,
    /// The schema as `prisma format` writes it.
    pub formatted: Option<String>,
    /// Lint warnings (deprecations and the like).
    pub lint: Vec<serde_json::Value>,
}

pub fn tools_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tools/prisma")
}

/// Whether the tooling is installed; in CI its absence is a failure, locally a skip.
pub fn available(package: &str) -> bool {
    let installed = tools_dir().join("node_modules").join(package).join("package.json").is_file()
        && Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but node or {package} is missing: run `npm ci --prefix tools/prisma` (.ci/setup.d/30-prisma.sh)"
        );
        eprintln!("note: skipped, node or {package} is missing (run `npm ci --prefix tools/prisma`)");
    }
    installed
}

/// Run `script` in the tools folder with `input` on stdin, returning its stdout.
pub fn run_node(args: &[&str], input: &str) -> String {
    let mut child = Command::new("node")
        .args(args)
        .current_dir(tools_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    child.stdin.take().expect("stdin is piped").write_all(input.as_bytes()).expect("node reads its input");
    let output = child.wait_with_output().expect("node runs");
    assert!(output.status.success(), "node {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("node prints UTF-8")
}

/// Validate and format every `(name, schema text)` in one node process.
pub fn check(schemas: &[(String, String)]) -> Vec<Verdict> {
    let request: Vec<serde_json::Value> =
        schemas.iter().map(|(name, text)| serde_json::json!({"name": name, "text": text})).collect();
    let output = run_node(&["check.mjs"], &serde_json::to_string(&request).expect("JSON"));
    serde_json::from_str(&output).expect("check.mjs prints JSON")
}

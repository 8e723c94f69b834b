//! Prisma's own validator on every case's schema, in one node process: `tools/prisma/check.mjs`
//! (`@prisma/prisma-schema-wasm`, what `prisma validate` runs).

use std::io::Write;
use std::process::{Command, Stdio};

use super::manifest::root;

/// Whether node and the pinned Prisma packages are installed; their absence fails under `CI=true`
/// (`.ci/setup.d/30-prisma.sh` installs them) and skips the stage otherwise.
pub fn available() -> bool {
    let tools = root().join("tools/prisma");
    let installed = tools.join("node_modules/@prisma/prisma-schema-wasm/package.json").is_file()
        && Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed {
        assert!(
            !super::in_ci(),
            "CI=true but node or @prisma/prisma-schema-wasm is missing: run `npm ci --prefix tools/prisma`"
        );
        super::note(
            "Prisma validation skipped: node or tools/prisma/node_modules is missing (npm ci --prefix tools/prisma)",
        );
    }
    installed
}

/// Validates each `(name, schema)`; `None` for a valid one, else Prisma's first error in one line.
pub fn validate(schemas: &[(String, String)]) -> Vec<Option<String>> {
    if schemas.is_empty() {
        return Vec::new();
    }
    let request: Vec<serde_json::Value> =
        schemas.iter().map(|(name, text)| serde_json::json!({"name": name, "text": text})).collect();
    let mut child = Command::new("node")
        .arg("check.mjs")
        .current_dir(root().join("tools/prisma"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let input = serde_json::to_string(&request).expect("JSON");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("node runs");
    let _ = writer.join();
    assert!(output.status.success(), "check.mjs failed: {}", String::from_utf8_lossy(&output.stderr));
    let verdicts: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("check.mjs prints JSON");
    verdicts.iter().map(|v| v["error"].as_str().map(summarize)).collect()
}

/// Prisma's report (`error: ...` lines, each with `-->  schema.prisma:12`) in one line: the
/// first error, where it is, and how many more.
fn summarize(report: &str) -> String {
    let errors: Vec<&str> = report.lines().filter(|l| l.trim_start().starts_with("error")).collect();
    let first = errors.first().map_or_else(|| report.lines().next().unwrap_or(""), |l| l.trim());
    let location = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("-->"))
        .and_then(|l| l.trim().rsplit('/').next().map(str::to_owned))
        .map(|l| format!(" (at {l})"))
        .unwrap_or_default();
    let more = if errors.len() > 1 { format!(" [and {} more errors]", errors.len() - 1) } else { String::new() };
    super::codegen::shorten(&format!("invalid: {first}{location}{more}"))
}

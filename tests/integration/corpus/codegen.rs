//! Running the `codegen` binary as a user would, and saying in one line why it failed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A folder to run codegen in: no `codegen.toml` of the repository is found from it, only the
/// one written here (Diesel models on, so that they are compiled too).
pub struct Workdir {
    pub dir: PathBuf,
}

const CONFIG: &str = "\
# Written by the corpus suite: the settings its codegen runs use.
[targets.diesel]
models = true
";

impl Workdir {
    pub fn new(dir: PathBuf) -> Workdir {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        std::fs::write(dir.join("codegen.toml"), CONFIG).expect("the work folder is writable");
        Workdir { dir }
    }

    /// Runs codegen with `args`; its stdout, or why it failed.
    pub fn run(&self, args: &[&str]) -> Result<String, Failure> {
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(args)
            .current_dir(&self.dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("codegen runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("panicked") {
            let panic = format!("codegen panicked: {}", first_line_with(&stderr, "panicked"));
            return Err(Failure { summary: panic.clone(), errors: vec![panic] });
        }
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(Failure::of(&stderr))
        }
    }

    /// Reads `file` in `dialect`: the model as JSON.
    pub fn read(&self, file: &Path, dialect: &str) -> Result<String, Failure> {
        self.run(&["--schema", path(file), "--schema-dialect", dialect, "--target", "json"])
    }

    /// Renders `file` for its own dialect as SQL.
    pub fn render_sql(&self, file: &Path, dialect: &str) -> Result<String, Failure> {
        self.run(&["--schema", path(file), "--schema-dialect", dialect, "--dialect", dialect, "--target", "sql"])
    }

    /// Renders `target` for `file` into `out`.
    pub fn render_target(&self, file: &Path, dialect: &str, target: &str, out: &Path) -> Result<(), Failure> {
        let _ = std::fs::remove_dir_all(out);
        self.run(&[
            "--schema",
            path(file),
            "--schema-dialect",
            dialect,
            "--dialect",
            dialect,
            "--target",
            target,
            "--out",
            path(out),
            "--force",
        ])
        .map(drop)
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("the suite's paths are UTF-8")
}

fn first_line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines().find(|l| l.contains(needle)).unwrap_or("").trim()
}

/// Why codegen failed: its first error in one line, and every error, for the report.
#[derive(Debug, Clone)]
pub struct Failure {
    pub summary: String,
    pub errors: Vec<String>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary)
    }
}

impl Failure {
    fn of(stderr: &str) -> Failure {
        let errors = errors(stderr);
        let summary = match errors.first() {
            None => shorten(&relative(stderr.trim())),
            Some(first) if errors.len() > 1 => shorten(&format!("{first} [and {} more errors]", errors.len() - 1)),
            Some(first) => shorten(first),
        };
        Failure { summary, errors }
    }
}

/// Each error of codegen's report in one line: `message (at file:line:col)`.
///
/// The report is miette's: `  × message` (continued on `│ ` lines) then `│   at file:line:col`.
pub fn errors(stderr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(first) = line.trim_start().strip_prefix('×') else { continue };
        let mut message = first.trim().to_owned();
        let mut location = None;
        while let Some(next) = lines.peek() {
            if !next.trim_start().starts_with('│') {
                break;
            }
            let text = next.trim_start().trim_start_matches('│').trim();
            lines.next();
            if let Some(at) = text.strip_prefix("at ") {
                location = Some(at.to_owned());
                break;
            }
            if !text.is_empty() {
                message.push(' ');
                message.push_str(text);
            }
        }
        let mut error = relative(&message);
        if let Some(location) = location {
            error.push_str(&format!(" (at {})", relative(&location)));
        }
        out.push(error);
    }
    out
}

/// A location with the machine's folders taken out: `../shared/corpus/...`, `tests/...`.
pub fn relative(text: &str) -> String {
    let root = super::manifest::root();
    let mut out = text.to_owned();
    let corpus = super::cases::corpus_dir();
    for dir in [corpus.canonicalize().ok(), Some(corpus)].into_iter().flatten() {
        out = out.replace(&format!("{}/", dir.display()), &format!("{}/", super::cases::CORPUS));
    }
    out = out.replace(&format!("{}/", root.display()), "");
    out
}

/// At most 300 characters: the manifest keeps one line per failure.
pub fn shorten(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(300) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summarizes_a_miette_report() {
        let stderr = "  × syntax error: Expected: one of VIEW or MATERIALIZED VIEW or TYPE or\n  │ COLLATION, found: PROCEDURAL\n  │   at corpus/x.sql:22:19\n    ╭─[corpus/x.sql:22:19]\n 21 │\n  × another\n  │   at corpus/x.sql:30:1\n";
        let failure = Failure::of(stderr);
        assert_eq!(
            failure.summary,
            "syntax error: Expected: one of VIEW or MATERIALIZED VIEW or TYPE or COLLATION, found: PROCEDURAL (at corpus/x.sql:22:19) [and 1 more errors]"
        );
        assert_eq!(failure.errors[1], "another (at corpus/x.sql:30:1)");
    }
}

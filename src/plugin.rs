//! External backends, as protoc and sqlc plugins work.
//!
//! `--target NAME` that is not built in runs `codegen-NAME` from PATH. codegen writes one JSON
//! request to its stdin and reads one JSON response from its stdout:
//!
//! ```json
//! // request
//! {"protocol_version": 1, "target": "NAME", "dialect": "postgres", "options": {...}, "schema": {...model...}}
//! // response
//! {"files": [{"path": "relative/path", "contents": "..."}],
//!  "diagnostics": [{"severity": "warning", "message": "...", "object": "users.email"}]}
//! ```
//!
//! A non-zero exit status is a failure, and the plugin's stderr is shown.

use std::io::Write;
use std::path::{Component, Path};
use std::process::{Command, Stdio};

use codegen_core::{Diagnostic, Diagnostics, Generated, GeneratedFile, Schema, Severity};
use serde::{Deserialize, Serialize};

use crate::config::TargetSettings;
use crate::error::CliError;

pub const PROTOCOL_VERSION: u32 = 1;

#[derive(Serialize)]
struct PluginRequest<'a> {
    protocol_version: u32,
    target: &'a str,
    dialect: &'a str,
    options: &'a serde_json::Value,
    schema: &'a Schema,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PluginResponse {
    #[serde(default)]
    files: Vec<PluginFile>,
    #[serde(default)]
    diagnostics: Vec<PluginDiagnostic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PluginFile {
    path: String,
    contents: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PluginDiagnostic {
    severity: String,
    message: String,
    #[serde(default)]
    object: Option<String>,
}

pub fn run_plugin(name: &str, target: &TargetSettings, schema: &Schema) -> Result<Generated, CliError> {
    let program = format!("codegen-{name}");
    let fail = |message: String| CliError::Plugin { name: name.to_string(), message };
    let request = PluginRequest {
        protocol_version: PROTOCOL_VERSION,
        target: name,
        dialect: target.dialect.as_str(),
        options: &target.options,
        schema,
    };
    let request = serde_json::to_vec(&request).expect("the request always serialises");
    let mut child =
        Command::new(&program).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(
            |e| match e.kind() {
                std::io::ErrorKind::NotFound => CliError::Usage(format!(
                    "unknown target `{name}`: it is not built in (sql, json) and no `{program}` executable is on PATH"
                )),
                _ => fail(format!("cannot start `{program}`: {e}")),
            },
        )?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Write from a thread so a plugin that answers before reading everything cannot deadlock us.
    let writer = std::thread::spawn(move || stdin.write_all(&request));
    let output = child.wait_with_output().map_err(|e| fail(format!("cannot wait for `{program}`: {e}")))?;
    let _ = writer.join();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(fail(format!("`{program}` exited with {}: {}", output.status, stderr.trim())));
    }
    let response: PluginResponse = serde_json::from_slice(&output.stdout)
        .map_err(|e| fail(format!("`{program}` did not answer with the response JSON: {e}")))?;
    let mut files = Vec::new();
    for file in response.files {
        check_relative(&file.path).map_err(fail)?;
        files.push(GeneratedFile::new(file.path, file.contents));
    }
    let diagnostics = response
        .diagnostics
        .into_iter()
        .map(|d| {
            let severity = match d.severity.as_str() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                _ => Severity::Note,
            };
            let diagnostic = Diagnostic::new(severity, d.message);
            match d.object {
                Some(object) => diagnostic.with_object(object),
                None => diagnostic,
            }
        })
        .collect::<Vec<_>>();
    let diagnostics = Diagnostics(diagnostics);
    if diagnostics.has_errors() {
        return Err(CliError::Input(diagnostics));
    }
    Ok(Generated { files, diagnostics })
}

/// A plugin may only write below the output folder.
fn check_relative(path: &str) -> Result<(), String> {
    let p = Path::new(path);
    let escapes = p.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if path.is_empty() || escapes {
        Err(format!("returned the path `{path}`, which is not a relative path inside the output folder"))
    } else {
        Ok(())
    }
}

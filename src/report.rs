//! Rendering diagnostics for people: the file, line and a source excerpt, via miette.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use codegen_core::{Diagnostic, Diagnostics, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use crate::error::CliError;

fn handler() -> GraphicalReportHandler {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(100)
}

/// Byte offset of a 1-based line and column (columns count characters).
fn offset_of(text: &str, line: u32, column: u32) -> Option<usize> {
    let line_start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line as usize - 2).map(|(i, _)| i + 1)? };
    let rest = &text[line_start..];
    let within = rest.char_indices().nth(column.saturating_sub(1) as usize).map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

/// The length of the word at `offset`, so the label underlines a whole name.
fn word_len(text: &str, offset: usize) -> usize {
    let word = text[offset..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').map(char::len_utf8).sum();
    if word == 0 { text[offset..].chars().next().map_or(0, char::len_utf8) } else { word }
}

/// Render one diagnostic to text (no trailing newline handling needed by callers).
pub fn render_diagnostic(diagnostic: &Diagnostic, sources: &mut HashMap<PathBuf, Option<String>>) -> String {
    let severity = match diagnostic.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Note => miette::Severity::Advice,
    };
    let mut message = diagnostic.message.clone();
    if let Some(location) = &diagnostic.location {
        message = format!("{message}\n  at {}:{}:{}", display_path(&location.file), location.line, location.column);
    }
    let mut report = MietteDiagnostic::new(message).with_severity(severity);
    if let Some(help) = &diagnostic.help {
        report = report.with_help(help.clone());
    }
    let mut out = String::new();
    let source = diagnostic.location.as_ref().and_then(|location| {
        let text =
            sources.entry(location.path()).or_insert_with(|| std::fs::read_to_string(&location.file).ok()).clone()?;
        let offset = offset_of(&text, location.line, location.column)?;
        Some((location.file.clone(), text, offset))
    });
    let result = match source {
        Some((file, text, offset)) => {
            let len = word_len(&text, offset);
            let label = diagnostic.object.clone().map(|o| format!("`{o}`")).unwrap_or_else(|| "here".into());
            report = report.with_label(LabeledSpan::at(offset..offset + len, label));
            let named = NamedSource::new(display_path(&file), text);
            let report = miette::Report::new(report).with_source_code(named);
            handler().render_report(&mut out, report.as_ref())
        }
        None => handler().render_report(&mut out, &report),
    };
    if result.is_err() {
        out = diagnostic.to_string();
    }
    out
}

fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
}

/// Print warnings (and notes when verbose) to stderr.
pub fn render_diagnostics(diagnostics: &Diagnostics, verbose: bool, quiet: bool) {
    let mut sources = HashMap::new();
    for d in diagnostics.iter() {
        let show = match d.severity {
            Severity::Error => true,
            Severity::Warning => !quiet,
            Severity::Note => verbose && !quiet,
        };
        if show {
            eprint!("{}", render_diagnostic(d, &mut sources));
        }
    }
}

/// Print a failure to stderr.
pub fn render_error(error: &CliError, quiet: bool) {
    match error {
        CliError::Input(diagnostics) => {
            render_diagnostics(diagnostics, false, quiet);
            let count = diagnostics.errors().count();
            eprintln!("error: {count} problem(s) found; nothing was written");
        }
        CliError::Config { path, message, span: Some(span) } => {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let report = MietteDiagnostic::new(format!("invalid {}: {message}", path.display()))
                .with_label(LabeledSpan::at(span.clone(), "here"));
            let report = miette::Report::new(report).with_source_code(NamedSource::new(display_path(path), text));
            let mut out = String::new();
            if handler().render_report(&mut out, report.as_ref()).is_ok() {
                eprint!("{out}");
            } else {
                eprintln!("error: {error}");
            }
        }
        other => eprintln!("error: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_lines_and_characters() {
        let text = "ab\ncdé f\n";
        assert_eq!(offset_of(text, 1, 1), Some(0));
        assert_eq!(offset_of(text, 2, 1), Some(3));
        assert_eq!(offset_of(text, 2, 5), Some(8));
        assert_eq!(word_len(text, 3), 4);
    }
}

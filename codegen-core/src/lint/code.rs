//! Which findings touch names the application's code reads (`--code DIR`): a rename of a name no
//! code reads is safe to deploy at once; one that code reads needs a multi-step plan.

use std::path::{Path, PathBuf};

use heck::{ToLowerCamelCase, ToUpperCamelCase};

use super::{Finding, LintReport, RuleId};
use crate::location::Location;

/// Source files worth searching, by extension.
const EXTENSIONS: &[&str] = &[
    "rs", "ts", "tsx", "js", "jsx", "mjs", "py", "go", "rb", "java", "kt", "cs", "php", "ex", "exs", "swift", "scala",
    "prisma", "graphql", "erb", "html", "vue", "svelte",
];

/// Folders never searched: build output, dependencies, and the migrations themselves.
const SKIPPED: &[&str] = &["target", "node_modules", ".git", "migrations", "vendor", "dist", "build"];

/// The application's source files, read once.
pub(crate) struct CodeIndex {
    files: Vec<(PathBuf, String)>,
}

impl CodeIndex {
    pub fn read(roots: &[PathBuf]) -> Self {
        let mut files = Vec::new();
        for root in roots {
            collect(root, &mut files);
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Self { files }
    }

    /// Where `name` (or its camelCase forms) appears as a whole word.
    pub fn references(&self, name: &str) -> Vec<Location> {
        let mut forms = vec![name.to_string(), name.to_lower_camel_case(), name.to_upper_camel_case()];
        forms.sort();
        forms.dedup();
        let mut out = Vec::new();
        for (path, text) in &self.files {
            for (i, line) in text.lines().enumerate() {
                if let Some(column) = forms.iter().find_map(|f| find_word(line, f)) {
                    let file = std::sync::Arc::from(path.as_path());
                    out.push(Location::new(file, i as u32 + 1, column as u32 + 1));
                }
            }
        }
        out
    }
}

fn collect(path: &Path, out: &mut Vec<(PathBuf, String)>) {
    if path.is_dir() {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if SKIPPED.contains(&name) {
            return;
        }
        let Ok(entries) = std::fs::read_dir(path) else { return };
        for entry in entries.filter_map(Result::ok) {
            collect(&entry.path(), out);
        }
    } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e))
        && let Ok(text) = std::fs::read_to_string(path)
    {
        out.push((path.to_path_buf(), text));
    }
}

/// The character column of `word` in `line` where it stands as a whole identifier.
fn find_word(line: &str, word: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(at) = line[from..].find(word) {
        let start = from + at;
        let end = start + word.len();
        let before = line[..start].chars().next_back();
        let after = line[end..].chars().next();
        if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
            return Some(line[..start].chars().count());
        }
        from = end;
    }
    None
}

/// The old name a compatibility-relevant finding is about (`users.bio` -> `bio`).
fn subject(finding: &Finding) -> Option<String> {
    let object = finding.object.as_deref()?;
    match finding.rule {
        RuleId::RenameColumn | RuleId::DropColumn => object.rsplit('.').next().map(String::from),
        RuleId::RenameTable | RuleId::DropTable => object.rsplit('.').next().map(String::from),
        _ => None,
    }
}

/// Keep renames only where code reads the old name, and say where; note readers of dropped names.
pub(crate) fn apply(report: &mut LintReport, index: &CodeIndex) {
    report.findings.retain_mut(|finding| {
        let Some(name) = subject(finding) else { return true };
        let references = index.references(&name);
        if let Some(first) = references.first() {
            finding
                .message
                .push_str(&format!("; the code reads `{name}` in {} place(s), first at {first}", references.len()));
            return true;
        }
        // A rename no code reads breaks nothing.
        !matches!(finding.rule, RuleId::RenameColumn | RuleId::RenameTable)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole_identifiers_only() {
        assert_eq!(find_word("user.bio = 1", "bio"), Some(5));
        assert_eq!(find_word("biography", "bio"), None);
        assert_eq!(find_word("my_bio, bio", "bio"), Some(8));
    }

    #[test]
    fn camel_case_forms_of_a_column_are_found() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("user.ts"), "const a = 1;\nuser.createdAt.toString();\n").unwrap();
        std::fs::create_dir(dir.path().join("node_modules")).unwrap();
        std::fs::write(dir.path().join("node_modules/x.ts"), "created_at").unwrap();
        let index = CodeIndex::read(&[dir.path().to_path_buf()]);
        let refs = index.references("created_at");
        assert_eq!(refs.len(), 1);
        assert_eq!((refs[0].line, refs[0].column), (2, 6));
    }
}

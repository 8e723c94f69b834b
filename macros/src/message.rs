//! Wording shared by the checks: paths, places in the schema, column descriptions, suggestions.

use std::path::{Component, Path, PathBuf};

use codegen_core::location::Loc;
use codegen_core::model::Column;
use codegen_core::validate::edit_distance;

/// `path` relative to `base`, with `..` where needed, so messages name files as the user's
/// crate sees them and stay the same on every machine.
pub fn display_path(path: &Path, base: &Path) -> String {
    let path: Vec<Component> = path.components().filter(|c| *c != Component::CurDir).collect();
    let base: Vec<Component> = base.components().filter(|c| *c != Component::CurDir).collect();
    if path.first() != base.first() {
        return path.iter().collect::<PathBuf>().display().to_string();
    }
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for c in &path[common..] {
        out.push(c);
    }
    out.display().to_string()
}

/// ` (schema.sql:12)` for an object read from a file, empty otherwise.
pub fn at(loc: &Loc, base: &Path) -> String {
    match loc.location() {
        Some(l) => format!(" ({}:{})", display_path(&l.file, base), l.line),
        None => String::new(),
    }
}

/// `name BIGINT NOT NULL DEFAULT`, the column as the schema declares it.
pub fn describe_column(column: &Column) -> String {
    let null = if column.nullable { "NULL" } else { "NOT NULL" };
    let default = if column.generated.is_some() {
        " GENERATED"
    } else if column.default.is_some() {
        " with a default"
    } else {
        ""
    };
    format!("{} {} {null}{default}", column.name, column.declared_type)
}

/// The known name closest to `wanted`, if one is close enough to be a likely typo.
pub fn closest<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // A third of the name, rounded up: `tabel` finds `table`, `project` finds `project_id`.
    let limit = wanted.chars().count().div_ceil(3);
    known.map(|k| (edit_distance(wanted, k), k)).filter(|(d, _)| *d <= limit).min().map(|(_, k)| k)
}

/// A `did you mean` line, or a list of what exists when nothing is close.
pub fn suggestion<'a>(wanted: &str, what: &str, known: impl Iterator<Item = &'a str> + Clone) -> String {
    match closest(wanted, known.clone()) {
        Some(k) => format!("did you mean `{k}`?"),
        None => {
            let names: Vec<&str> = known.collect();
            if names.is_empty() {
                format!("the schema has no {what}s")
            } else {
                let shown: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
                let more = if names.len() > 12 { ", ..." } else { "" };
                format!("the {what}s are {}{more}", shown.join(", "))
            }
        }
    }
}

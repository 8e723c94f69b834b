//! Generated regions: the part of a file codegen owns, between two marker lines, so that the user
//! can keep code of their own in the rest of the file.
//!
//! A backend writes its output between [`REGION_BEGIN`] and [`REGION_END`] lines; on a rerun the
//! CLI replaces only that stretch of an existing file and keeps every byte around it.

use std::ops::Range;

/// The line that opens the generated region (anything may follow it on the line).
pub const REGION_BEGIN: &str = "// codegen:begin generated";
/// The line that closes the generated region.
pub const REGION_END: &str = "// codegen:end";

/// What is wrong with the markers of a file; lines are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    #[error("a second `{REGION_BEGIN}` line before the region opened on line {opened} is closed")]
    NestedBegin { line: usize, opened: usize },
    #[error("`{REGION_END}` without an opening `{REGION_BEGIN}` line")]
    EndWithoutBegin { line: usize },
    #[error("`{REGION_BEGIN}` is never closed by a `{REGION_END}` line")]
    Unclosed { line: usize },
    #[error("a second generated region (the first is on line {first}); a file has at most one")]
    SecondRegion { line: usize, first: usize },
}

impl RegionError {
    /// The line the problem is on.
    pub fn line(&self) -> usize {
        match self {
            RegionError::NestedBegin { line, .. }
            | RegionError::EndWithoutBegin { line }
            | RegionError::Unclosed { line }
            | RegionError::SecondRegion { line, .. } => *line,
        }
    }
}

/// The byte range of the generated region of `text`, marker lines (and the end line's newline)
/// included; `None` when the file has no markers.
pub fn find_region(text: &str) -> Result<Option<Range<usize>>, RegionError> {
    let mut open: Option<(usize, usize)> = None;
    let mut found: Option<(Range<usize>, usize)> = None;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let start = offset;
        offset += line.len();
        let marker = line.trim();
        if marker.starts_with(REGION_BEGIN) {
            if let Some((_, opened)) = open {
                return Err(RegionError::NestedBegin { line: number, opened });
            }
            if let Some((_, first)) = &found {
                return Err(RegionError::SecondRegion { line: number, first: *first });
            }
            open = Some((start, number));
        } else if marker == REGION_END {
            match open.take() {
                Some((begin, opened)) => found = Some((begin..offset, opened)),
                None => return Err(RegionError::EndWithoutBegin { line: number }),
            }
        }
    }
    if let Some((_, line)) = open {
        return Err(RegionError::Unclosed { line });
    }
    Ok(found.map(|(range, _)| range))
}

/// The generated region of `text`, markers included, or `None` without markers.
pub fn region_of(text: &str) -> Result<Option<&str>, RegionError> {
    Ok(find_region(text)?.map(|range| &text[range]))
}

/// `existing` with its region replaced by the region of `generated`, everything else kept byte
/// for byte. `None` when either has no region (the file is then replaced or refused whole).
/// An error names what is wrong with the markers of `existing`.
pub fn splice(existing: &str, generated: &str) -> Result<Option<String>, RegionError> {
    let Some(new) = find_region(generated).ok().flatten() else {
        return Ok(None);
    };
    let Some(old) = find_region(existing)? else {
        return Ok(None);
    };
    let mut out = String::with_capacity(existing.len() - old.len() + new.len());
    out.push_str(&existing[..old.start]);
    out.push_str(&generated[new]);
    out.push_str(&existing[old.end..]);
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENERATED: &str =
        "//! header\n\n// codegen:begin generated\nstruct New;\n// codegen:end\n\nimpl Default for New {}\n";

    #[test]
    fn splicing_replaces_the_region_and_keeps_the_rest() {
        let existing =
            "//! my header\n\n// codegen:begin generated, do not edit\nstruct Old;\n// codegen:end\n\nfn mine() {}\n";
        let spliced = splice(existing, GENERATED).unwrap().unwrap();
        assert_eq!(
            spliced,
            "//! my header\n\n// codegen:begin generated\nstruct New;\n// codegen:end\n\nfn mine() {}\n"
        );
    }

    #[test]
    fn a_file_without_markers_is_not_spliced() {
        assert_eq!(splice("fn mine() {}\n", GENERATED), Ok(None));
        assert_eq!(splice(GENERATED, "fn whole() {}\n"), Ok(None));
    }

    #[test]
    fn the_region_includes_an_end_marker_without_a_newline() {
        let text = "a\n// codegen:begin generated\nb\n// codegen:end";
        assert_eq!(region_of(text).unwrap(), Some("// codegen:begin generated\nb\n// codegen:end"));
    }

    #[test]
    fn broken_markers_name_their_line() {
        let unclosed = "a\n// codegen:begin generated\nb\n";
        assert_eq!(find_region(unclosed), Err(RegionError::Unclosed { line: 2 }));
        let stray_end = "a\n// codegen:end\n";
        assert_eq!(find_region(stray_end), Err(RegionError::EndWithoutBegin { line: 2 }));
        let nested = "// codegen:begin generated\n// codegen:begin generated\n// codegen:end\n";
        assert_eq!(find_region(nested), Err(RegionError::NestedBegin { line: 2, opened: 1 }));
        let two = "// codegen:begin generated\n// codegen:end\n// codegen:begin generated\n// codegen:end\n";
        assert_eq!(find_region(two), Err(RegionError::SecondRegion { line: 3, first: 1 }));
        assert_eq!(find_region(two).unwrap_err().line(), 3);
    }
}

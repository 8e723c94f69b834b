//! Blocks of a Prisma schema laid out exactly as `prisma format` lays them out, so that
//! formatting our output is a no-op.
//!
//! `prisma format` aligns the cells of consecutive rows into columns; a blank line starts a new
//! group, comments do not. Block attributes (`@@...`) come after one blank line.

/// One line inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Cells aligned with the other rows of its group: `name`, `Type`, `@attributes`.
    Row(Vec<String>),
    /// A comment (`// ...` or `/// ...`), written as is.
    Comment(String),
    /// A blank line: ends the alignment group.
    Blank,
}

/// A top-level block: `model`, `enum`, `generator`, `datasource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Comment lines written before the block.
    pub leading: Vec<String>,
    /// `model Users`, `enum role`, `datasource db`.
    pub header: String,
    pub lines: Vec<Line>,
    /// `@@` attributes, after the lines.
    pub attributes: Vec<String>,
}

impl Block {
    pub fn new(header: impl Into<String>) -> Self {
        Self { leading: Vec::new(), header: header.into(), lines: Vec::new(), attributes: Vec::new() }
    }
}

/// The whole file: blocks separated by one blank line, ending with a newline.
pub fn render_blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_block(block, &mut out);
    }
    out
}

fn render_block(block: &Block, out: &mut String) {
    for comment in &block.leading {
        out.push_str(comment);
        out.push('\n');
    }
    out.push_str(&block.header);
    out.push_str(" {\n");
    let mut start = 0;
    while start < block.lines.len() {
        let end = block.lines[start..].iter().position(|l| *l == Line::Blank).map_or(block.lines.len(), |p| start + p);
        render_group(&block.lines[start..end], out);
        if end < block.lines.len() {
            out.push('\n');
        }
        start = end + 1;
    }
    if !block.attributes.is_empty() {
        if !block.lines.is_empty() {
            out.push('\n');
        }
        for attribute in &block.attributes {
            out.push_str("  ");
            out.push_str(attribute);
            out.push('\n');
        }
    }
    out.push_str("}\n");
}

/// Rows padded to the widest cell of each column; the last cell of a row is never padded.
fn render_group(lines: &[Line], out: &mut String) {
    let mut widths: Vec<usize> = Vec::new();
    for line in lines {
        if let Line::Row(cells) = line {
            for (i, cell) in cells.iter().enumerate() {
                if i >= widths.len() {
                    widths.push(0);
                }
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
    }
    for line in lines {
        out.push_str("  ");
        match line {
            Line::Row(cells) => {
                let last = cells.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
                for (i, cell) in cells[..=last].iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(cell);
                    if i < last {
                        out.extend(std::iter::repeat_n(' ', widths[i] - cell.chars().count()));
                    }
                }
            }
            Line::Comment(text) => out.push_str(text),
            Line::Blank => {}
        }
        out.push('\n');
    }
}

/// A Prisma string literal.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Line {
        Line::Row(cells.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn rows_align_within_a_group_and_never_end_in_spaces() {
        let mut block = Block::new("model a");
        block.lines = vec![row(&["id", "Int", "@id"]), row(&["longer", "String", ""]), Line::Blank, row(&["z", "Int"])];
        block.attributes = vec!["@@map(\"b\")".into()];
        let expected = "model a {\n  id     Int    @id\n  longer String\n\n  z Int\n\n  @@map(\"b\")\n}\n";
        assert_eq!(render_blocks(&[block]), expected);
    }

    #[test]
    fn quotes_escape_what_prisma_strings_escape() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
    }
}

//! JavaScript literals for text that comes from a schema (names, comments, SQL).

/// A double-quoted string literal: `"it's"`, `"a\"b"`, `"line\nbreak"`.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // U+2028/2029 end a line in older parsers; control characters are unreadable.
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The inside of a template literal (`` sql`...` ``, a migration's statement): backquotes,
/// backslashes and `${` escaped, so the text reaches the database exactly as given. Line breaks
/// stay, so a statement reads in the file as it runs.
pub fn template_body(text: &str) -> String {
    text.replace('\\', "\\\\").replace('`', "\\`").replace("${", "\\${")
}

/// `` sql`...` ``: drizzle-orm's tag for raw SQL.
pub fn sql_template(sql: &str) -> String {
    format!("sql`{}`", template_body(sql))
}

/// A block comment's text, safe inside `/** ... */` (a `*/` in a comment would end it).
pub fn doc_comment(text: &str, indent: &str) -> String {
    let text = text.replace("*/", "*\\/");
    let lines: Vec<&str> = text.lines().collect();
    match lines.as_slice() {
        [] => String::new(),
        [one] => format!("{indent}/** {} */\n", one.trim_end()),
        many => {
            let mut out = format!("{indent}/**\n");
            for line in many {
                out.push_str(&format!("{indent} * {}\n", line.trim_end()).replace(" * \n", " *\n"));
            }
            out.push_str(&format!("{indent} */\n"));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_what_would_end_or_change_them() {
        assert_eq!(string(r#"a "b" \ c"#), r#""a \"b\" \\ c""#);
        assert_eq!(string("x\ny"), r#""x\ny""#);
        assert_eq!(sql_template("a `b` ${c} \\d"), r"sql`a \`b\` \${c} \\d`");
        assert_eq!(doc_comment("ends */ here", ""), "/** ends *\\/ here */\n");
        assert_eq!(doc_comment("one\ntwo", "  "), "  /**\n   * one\n   * two\n   */\n");
    }
}

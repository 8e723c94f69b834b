//! A light tokenizer over one statement's text: words, quoted names, strings, numbers and
//! punctuation with their byte ranges. It is what the reader uses to recognise a statement,
//! find the names in it and cut out its parts before (or instead of) parsing it with sqlparser,
//! so it accepts any text and never fails.

use crate::dialect::Dialect;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A bare word (identifier or keyword).
    Word,
    /// A quoted identifier: `"x"`, `` `x` ``, SQLite's `[x]`.
    Quoted,
    /// A string literal, including `E'...'`, `N'...'` and dollar-quoted bodies.
    String,
    Number,
    /// Any other single character (`(`, `,`, `.`, `=`, `::` as two).
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Tok {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }

    /// Whether this is the bare word `word` (any case).
    pub fn is_word(&self, src: &str, word: &str) -> bool {
        self.kind == Kind::Word && self.text(src).eq_ignore_ascii_case(word)
    }

    pub fn is_punct(&self, src: &str, c: char) -> bool {
        self.kind == Kind::Punct && self.text(src).starts_with(c)
    }

    /// An identifier's value: quotes removed (doubled quotes undone); a bare word folded to lower
    /// case on PostgreSQL, as the database stores it.
    pub fn ident(&self, src: &str, dialect: Dialect) -> String {
        let text = self.text(src);
        match self.kind {
            Kind::Quoted => {
                // The opening quote is ASCII; an unterminated name (bad input) keeps all it has,
                // whatever character it ends in (fuzzing found one ending inside a character).
                let open = text.as_bytes()[0];
                let body = &text[1..];
                let close = if open == b'[' { ']' } else { open as char };
                match body.strip_suffix(close) {
                    Some(inner) if open == b'[' => inner.to_string(),
                    Some(inner) => inner.replace(&format!("{close}{close}"), &close.to_string()),
                    None => body.to_string(),
                }
            }
            Kind::Word if dialect == Dialect::Postgres => text.to_lowercase(),
            _ => text.to_string(),
        }
    }

    /// A string literal's value (`'it''s'` is `it's`).
    pub fn string_value(&self, src: &str) -> String {
        let text = self.text(src);
        let text = text.trim_start_matches(['E', 'e', 'N', 'n']);
        if let Some(inner) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
            inner.replace("''", "'").replace("\\'", "'")
        } else if let Some(after) = text.strip_prefix('$') {
            let tag_end = after.find('$').map_or(0, |i| i + 2);
            text[tag_end..text.len().saturating_sub(tag_end)].to_string()
        } else {
            text.to_string()
        }
    }
}

/// Tokenize `src`, skipping whitespace and comments.
pub(crate) fn lex(src: &str, dialect: Dialect) -> Vec<Tok> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        let start = i;
        let kind = match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'-' if next == Some(b'-') => {
                i = src[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'#' if dialect == Dialect::Mysql => {
                i = src[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if next == Some(b'*') => {
                let mut depth = 0;
                while i < bytes.len() {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 || dialect != Dialect::Postgres {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            b'\'' => {
                i = quoted_end(bytes, i, b'\'', dialect == Dialect::Mysql);
                Kind::String
            }
            b'E' | b'e' | b'N' | b'n' | b'X' | b'x' | b'B' | b'b' if next == Some(b'\'') => {
                let backslash = dialect == Dialect::Mysql || matches!(b, b'E' | b'e');
                i = quoted_end(bytes, i + 1, b'\'', backslash);
                Kind::String
            }
            b'"' => {
                i = quoted_end(bytes, i, b'"', false);
                if dialect == Dialect::Mysql { Kind::String } else { Kind::Quoted }
            }
            b'`' => {
                i = quoted_end(bytes, i, b'`', false);
                Kind::Quoted
            }
            b'[' if dialect == Dialect::Sqlite => {
                i = src[i..].find(']').map_or(bytes.len(), |n| i + n + 1);
                Kind::Quoted
            }
            b'$' if dialect == Dialect::Postgres && dollar_tag(src, i).is_some() => {
                let tag = dollar_tag(src, i).expect("checked");
                let body = i + tag.len();
                i = src[body..].find(tag).map_or(bytes.len(), |n| body + n + tag.len());
                Kind::String
            }
            c if c.is_ascii_digit() || (c == b'.' && next.is_some_and(|n| n.is_ascii_digit())) => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'_') {
                    i += 1;
                }
                Kind::Number
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                Kind::Word
            }
            _ => {
                i += 1;
                while i < bytes.len() && !src.is_char_boundary(i) {
                    i += 1;
                }
                Kind::Punct
            }
        };
        out.push(Tok { kind, start, end: i.min(bytes.len()) });
    }
    out
}

fn quoted_end(bytes: &[u8], open: usize, close: u8, backslash: bool) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if backslash => i += 2,
            c if c == close => {
                if bytes.get(i + 1) == Some(&close) {
                    i += 2;
                } else {
                    return i + 1;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The `$tag$` opening a dollar-quoted string at `i`, if one does.
fn dollar_tag(src: &str, i: usize) -> Option<&str> {
    let rest = &src[i + 1..];
    let len = rest.bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
    (rest.as_bytes().get(len) == Some(&b'$') && !rest.as_bytes().first().is_some_and(u8::is_ascii_digit))
        .then(|| &src[i..i + len + 2])
}

/// The lower-cased names a piece of SQL mentions (the last part of a qualified name too), and
/// the names quoted in `'seq'::regclass` and `nextval('seq')`; string bodies are read as SQL
/// too when `with_bodies`.
pub fn referenced_words(sql: &str, dialect: Dialect, with_bodies: bool) -> std::collections::BTreeSet<String> {
    let toks = lex(sql, dialect);
    let mut out = std::collections::BTreeSet::new();
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            Kind::Word | Kind::Quoted => {
                out.insert(t.ident(sql, dialect).to_lowercase());
            }
            Kind::String => {
                let value = t.string_value(sql);
                let regclass = toks.get(i + 1).is_some_and(|c| c.is_punct(sql, ':'))
                    && toks.get(i + 3).is_some_and(|w| w.is_word(sql, "regclass"));
                let nextval = i >= 2
                    && toks[i - 1].is_punct(sql, '(')
                    && matches!(toks[i - 2].text(sql).to_ascii_lowercase().as_str(), "nextval" | "currval" | "setval");
                if regclass || nextval {
                    let last = value.rsplit('.').next().unwrap_or(&value).trim_matches('"').to_lowercase();
                    out.insert(last);
                } else if with_bodies && value.len() > 8 {
                    out.extend(referenced_words(&value, dialect, false));
                }
            }
            _ => {}
        }
    }
    out
}

/// The index of the token that closes the bracket opened at `open`, if any.
pub(crate) fn matching_close(src: &str, toks: &[Tok], open: usize) -> Option<usize> {
    let (o, c) = match toks.get(open)?.text(src) {
        "(" => ('(', ')'),
        "[" => ('[', ']'),
        _ => return None,
    };
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        if t.kind != Kind::Punct {
            continue;
        }
        if t.is_punct(src, o) {
            depth += 1;
        } else if t.is_punct(src, c) {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Split `toks[from..to]` at top-level commas (outside brackets), as index ranges.
pub(crate) fn split_commas(src: &str, toks: &[Tok], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = from;
    for (i, t) in toks.iter().enumerate().take(to).skip(from) {
        if t.kind != Kind::Punct {
            continue;
        }
        match t.text(src) {
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            "," if depth == 0 => {
                parts.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < to {
        parts.push((start, to));
    }
    parts
}

/// A possibly qualified name starting at token `i`: its parts and the index after it.
pub(crate) fn qualified_name(src: &str, toks: &[Tok], mut i: usize, dialect: Dialect) -> Option<(Vec<String>, usize)> {
    let mut parts = Vec::new();
    loop {
        let t = toks.get(i)?;
        if !matches!(t.kind, Kind::Word | Kind::Quoted) {
            return (!parts.is_empty()).then_some((parts, i));
        }
        parts.push(t.ident(src, dialect));
        i += 1;
        match toks.get(i) {
            Some(dot) if dot.is_punct(src, '.') => i += 1,
            _ => return Some((parts, i)),
        }
    }
}

/// A name's parts as the model keeps it: PostgreSQL's default namespace (`public`) is left out;
/// MySQL has no namespaces, so a database qualifier (`northwind.customers`) is dropped.
pub(crate) fn qualified(mut parts: Vec<String>, dialect: Dialect) -> crate::model::QualifiedName {
    let name = parts.pop().unwrap_or_default();
    let schema = parts.pop().filter(|s| match dialect {
        Dialect::Postgres => s != "public",
        Dialect::Mysql => false,
        Dialect::Sqlite => s != "main",
    });
    crate::model::QualifiedName { schema, name }
}

/// The text from the start of token `from` to the end of token `to - 1`, verbatim.
pub(crate) fn span_text<'a>(src: &'a str, toks: &[Tok], from: usize, to: usize) -> &'a str {
    match (toks.get(from), to.checked_sub(1).and_then(|l| toks.get(l))) {
        (Some(a), Some(b)) if b.end >= a.start => &src[a.start..b.end],
        _ => "",
    }
}

/// Replace the byte range with spaces (newlines kept): every character becomes one space, so
/// the line and column of everything after it stay where they were. Apply edits from the end of
/// the text backwards: a multi-byte character becomes one byte.
pub(crate) fn blank_range(text: &mut String, start: usize, end: usize) {
    let replaced: String = text[start..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
    text.replace_range(start..end, &replaced);
}

/// Replace the byte range with `with`, padded with spaces (newlines kept) so that lines and
/// columns after it stay where they were.
pub(crate) fn replace_range_keeping_length(text: &mut String, start: usize, end: usize, with: &str) {
    let blanked: String = text[start..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
    let first_line = blanked.split('\n').next().unwrap_or_default().len();
    let replacement = if first_line >= with.len() {
        format!("{with}{}", &blanked[with.len()..])
    } else {
        format!("{with}{}", &blanked[first_line..])
    };
    text.replace_range(start..end, &replacement);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(src: &str, dialect: Dialect) -> Vec<String> {
        lex(src, dialect).iter().map(|t| t.text(src).to_string()).collect()
    }

    #[test]
    fn tokens_per_dialect() {
        assert_eq!(
            words("CREATE TABLE \"a b\" (x int4[]) -- c\n;", Dialect::Postgres),
            ["CREATE", "TABLE", "\"a b\"", "(", "x", "int4", "[", "]", ")", ";"]
        );
        assert_eq!(words("a $f$ x; $f$ E'\\''", Dialect::Postgres), ["a", "$f$ x; $f$", "E'\\''"]);
        assert_eq!(words("`a` \"s\" # c\n[x]", Dialect::Mysql), ["`a`", "\"s\"", "[", "x", "]"]);
        assert_eq!(words("[a b] 1.5e3", Dialect::Sqlite), ["[a b]", "1.5e3"]);
    }

    #[test]
    fn names_and_values() {
        let src = "public.\"Mixed\"\"Q\" Foo 'it''s'";
        let toks = lex(src, Dialect::Postgres);
        let (parts, next) = qualified_name(src, &toks, 0, Dialect::Postgres).unwrap();
        assert_eq!(parts, ["public", "Mixed\"Q"]);
        assert_eq!(toks[next].ident(src, Dialect::Postgres), "foo");
        assert_eq!(toks[next + 1].string_value(src), "it's");
    }

    #[test]
    fn blanking_keeps_offsets() {
        let mut text = "a BLOB SUB_TYPE\nTEXT b".to_string();
        replace_range_keeping_length(&mut text, 2, 20, "INT");
        assert_eq!(text, "a INT          \n     b");
        let mut text = "x \"bıgınt\" y".to_string();
        blank_range(&mut text, 2, 12);
        assert_eq!(text.chars().count(), "x \"bıgınt\" y".chars().count());
    }
}

//! A description as sentences of tokens, each token with its byte span in the file.
//!
//! Markdown is allowed: headings, code blocks and HTML comments are not sentences; every list
//! item is one sentence whether or not it ends with a period.

use std::ops::Range;

/// One sentence: its tokens and where it is in the file.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Range<usize>,
    /// The sentence as written, whitespace collapsed.
    pub text: String,
    pub tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lowercase word, number or punctuation mark (`,`, `:`, `;`, `(`, `)`, `'s`).
    pub text: String,
    pub span: Range<usize>,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }
}

/// The sentences of a description, in order.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut in_code = false;
    let mut in_comment = false;
    // The open paragraph: its start and the end of its last line.
    let mut paragraph: Option<Range<usize>> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        let content_start = start + (line.len() - line.trim_start().len());
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(text, &mut paragraph, &mut out);
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if in_comment || trimmed.starts_with("<!--") {
            flush(text, &mut paragraph, &mut out);
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.chars().all(|c| "-=*_|".contains(c)) {
            flush(text, &mut paragraph, &mut out);
            continue;
        }
        let end = start + line.trim_end().len();
        if let Some(marker) = list_marker(trimmed) {
            flush(text, &mut paragraph, &mut out);
            paragraph = Some(content_start + marker..end);
            flush(text, &mut paragraph, &mut out);
            continue;
        }
        match &mut paragraph {
            Some(range) => range.end = end,
            None => paragraph = Some(content_start..end),
        }
    }
    flush(text, &mut paragraph, &mut out);
    out
}

/// The length of a list item's marker (`- `, `* `, `1. `), if the line is one.
fn list_marker(line: &str) -> Option<usize> {
    for marker in ["- ", "* ", "+ "] {
        if line.starts_with(marker) {
            return Some(marker.len());
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")) {
        return Some(digits + 2);
    }
    None
}

/// Split the paragraph into sentences at `.`, `!` and `?` followed by space or the end.
fn flush(text: &str, paragraph: &mut Option<Range<usize>>, out: &mut Vec<Sentence>) {
    let Some(range) = paragraph.take() else { return };
    let body = &text[range.clone()];
    let mut start = 0;
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = chars.get(k + 1).map(|&(_, c)| c);
        if next.is_some_and(|n| !n.is_whitespace()) {
            continue;
        }
        // "e.g." and "i.e." do not end a sentence.
        let before = &body[start..i];
        let last_word = before.rsplit(|ch: char| ch.is_whitespace()).next().unwrap_or("");
        if matches!(last_word.to_ascii_lowercase().as_str(), "e.g" | "i.e" | "etc" | "vs" | "approx") && next.is_some()
        {
            continue;
        }
        push_sentence(text, range.start + start, range.start + i + c.len_utf8(), out);
        start = i + c.len_utf8();
    }
    push_sentence(text, range.start + start, range.end, out);
}

fn push_sentence(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let span = start + lead..start + raw.trim_end().len();
    if span.is_empty() || !text[span.clone()].chars().any(char::is_alphanumeric) {
        return;
    }
    let tokens = tokenize(text, span.clone());
    let sentence_text = text[span.clone()].split_whitespace().collect::<Vec<_>>().join(" ");
    out.push(Sentence { span, text: sentence_text, tokens });
}

/// Words (with inner hyphens, apostrophes and dots of numbers), numbers and punctuation.
fn tokenize(text: &str, span: Range<usize>) -> Vec<Token> {
    let body = &text[span.clone()];
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if c.is_alphanumeric() || c == '_' {
            let mut j = k + 1;
            while j < chars.len() {
                let ch = chars[j].1;
                let joins = matches!(ch, '-' | '.' | '\'' | '’')
                    && chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric())
                    && (ch != '.' || (chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit()));
                if ch.is_alphanumeric() || ch == '_' || joins {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(body.len(), |&(e, _)| e);
            let word = body[i..end].replace('’', "'").to_lowercase();
            let at = span.start + i;
            // "user's" is the word and a possessive mark; "users'" keeps its plural.
            if let Some(stem) = word.strip_suffix("'s") {
                tokens.push(Token { text: stem.to_string(), span: at..at + stem.len() });
                tokens.push(Token { text: "'s".into(), span: at + stem.len()..span.start + end });
            } else {
                tokens.push(Token { text: word.trim_end_matches('\'').to_string(), span: at..span.start + end });
            }
            k = j;
            continue;
        }
        if ",:;()/".contains(c) {
            tokens.push(Token { text: c.to_string(), span: span.start + i..span.start + i + 1 });
        } else if c == '\'' && tokens.last().is_some_and(|t| t.text.ends_with('s')) {
            // A plural possessive ("users' emails"): the mark alone.
            tokens.push(Token { text: "'s".into(), span: span.start + i..span.start + i + 1 });
        }
        k += 1;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &Sentence) -> Vec<&str> {
        s.tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn paragraphs_split_into_sentences_and_lists_into_items() {
        let text = "# Shop\n\nUsers create projects. Projects contain\nexperiments!\n\n- Orders have a total\n1. e.g. a user's email, 2.5 items\n```\nnot this\n```\n";
        let found = sentences(text);
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Users create projects.",
                "Projects contain experiments!",
                "Orders have a total",
                "e.g. a user's email, 2.5 items"
            ]
        );
        assert_eq!(words(&found[3]), ["e", "g", "a", "user", "'s", "email", ",", "2.5", "items"]);
        assert_eq!(&text[found[1].tokens[2].span.clone()], "experiments");
    }
}

//! Tokens of the Prisma schema language, with positions.

use super::ast::Pos;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    String(String),
    Number(String),
    /// `/// text`: kept, it becomes a comment in the model.
    Doc(String),
    Newline,
    /// One of `{ } ( ) [ ] , : = ? @ .` (and `@@` as two `@`).
    Punct(char),
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
}

/// A character the language has no place for, or an unterminated string.
#[derive(Debug, Clone)]
pub struct LexError {
    pub message: String,
    pub pos: Pos,
}

pub fn tokenize(text: &str) -> Result<Vec<Token>, LexError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line, mut line_start) = (0usize, 1u32, 0usize);
    while i < chars.len() {
        let c = chars[i];
        let pos = Pos { line, column: (i - line_start + 1) as u32 };
        let push = |tokens: &mut Vec<Token>, tok| tokens.push(Token { tok, pos });
        match c {
            '\n' => {
                push(&mut tokens, Tok::Newline);
                i += 1;
                line += 1;
                line_start = i;
            }
            c if c.is_whitespace() => i += 1,
            '/' if chars.get(i + 1) == Some(&'/') => {
                let end = chars[i..].iter().position(|&c| c == '\n').map_or(chars.len(), |p| i + p);
                let text: String = chars[i..end].iter().collect();
                if let Some(doc) = text.strip_prefix("///") {
                    push(&mut tokens, Tok::Doc(doc.strip_prefix(' ').unwrap_or(doc).trim_end().to_string()));
                }
                i = end;
            }
            '"' => {
                let mut value = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None | Some('\n') => return Err(LexError { message: "unterminated string".into(), pos }),
                        Some('"') => break,
                        Some('\\') => {
                            value.push(match chars.get(i + 1) {
                                Some('n') => '\n',
                                Some('r') => '\r',
                                Some('t') => '\t',
                                Some(&other) => other,
                                None => return Err(LexError { message: "unterminated string".into(), pos }),
                            });
                            i += 2;
                        }
                        Some(&other) => {
                            value.push(other);
                            i += 1;
                        }
                    }
                }
                i += 1;
                push(&mut tokens, Tok::String(value));
            }
            c if c.is_ascii_digit() || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) => {
                let start = i;
                i += 1;
                while chars.get(i).is_some_and(|c| c.is_ascii_digit() || *c == '.' || *c == 'e' || *c == 'E') {
                    i += 1;
                }
                push(&mut tokens, Tok::Number(chars[start..i].iter().collect()));
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while chars.get(i).is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '-') {
                    i += 1;
                }
                push(&mut tokens, Tok::Ident(chars[start..i].iter().collect()));
            }
            '{' | '}' | '(' | ')' | '[' | ']' | ',' | ':' | '=' | '?' | '@' | '.' => {
                push(&mut tokens, Tok::Punct(c));
                i += 1;
            }
            other => return Err(LexError { message: format!("unexpected character `{other}`"), pos }),
        }
    }
    Ok(tokens)
}

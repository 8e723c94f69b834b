//! Splitting a SQL file into statements, keeping each statement's position in the file.

use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

/// One statement's tokens, with where it starts (1-based line and column).
pub(crate) struct StatementTokens {
    pub tokens: Vec<TokenWithSpan>,
    pub line: u32,
    pub column: u32,
}

/// A tokenizer failure, with its position.
pub(crate) struct SplitError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

/// Tokenize `sql` and cut it at top-level semicolons. Trigger bodies (`BEGIN ... END`) are kept
/// whole, since their inner semicolons do not end the statement.
pub(crate) fn split_statements(dialect: &dyn ParserDialect, sql: &str) -> Result<Vec<StatementTokens>, SplitError> {
    let tokens = Tokenizer::new(dialect, sql).tokenize_with_location().map_err(|e| SplitError {
        message: e.message.clone(),
        line: e.location.line as u32,
        column: e.location.column as u32,
    })?;
    let mut out = Vec::new();
    let mut current: Vec<TokenWithSpan> = Vec::new();
    let mut block_depth = 0usize;
    for token in tokens {
        let significant = !matches!(token.token, Token::Whitespace(_) | Token::EOF);
        if matches!(token.token, Token::SemiColon) && block_depth == 0 {
            push_statement(&mut out, std::mem::take(&mut current));
            continue;
        }
        if significant && is_trigger(&current) {
            match &token.token {
                Token::Word(w) if w.keyword == Keyword::BEGIN || w.keyword == Keyword::CASE => block_depth += 1,
                Token::Word(w) if w.keyword == Keyword::END => block_depth = block_depth.saturating_sub(1),
                _ => {}
            }
        }
        if matches!(token.token, Token::EOF) {
            continue;
        }
        current.push(token);
    }
    push_statement(&mut out, current);
    Ok(out)
}

fn push_statement(out: &mut Vec<StatementTokens>, tokens: Vec<TokenWithSpan>) {
    let Some(first) = tokens.iter().find(|t| !is_trivia(&t.token)) else {
        return;
    };
    let (line, column) = (first.span.start.line as u32, first.span.start.column as u32);
    out.push(StatementTokens { tokens, line, column });
}

fn is_trivia(token: &Token) -> bool {
    matches!(token, Token::Whitespace(_) | Token::EOF)
}

/// Whether the statement so far is `CREATE [TEMP] TRIGGER`.
fn is_trigger(tokens: &[TokenWithSpan]) -> bool {
    let mut words = tokens.iter().filter_map(|t| match &t.token {
        Token::Word(w) => Some(w.keyword),
        _ => None,
    });
    if words.next() != Some(Keyword::CREATE) {
        return false;
    }
    words.take(3).any(|k| k == Keyword::TRIGGER)
}

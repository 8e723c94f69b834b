//! What SQLite keeps only in the text of a `CREATE` statement: checks, generated columns'
//! expressions, column collations, `AUTOINCREMENT`, a foreign key's deferrability, an index's
//! expressions and predicate, a view's query and a trigger's body.
//!
//! SQLite stores each statement as written; its pragmas report columns, keys and indexes but not
//! these. The text is split into tokens (comments and layout dropped, identifiers unquoted and in
//! lower case, as SQLite compares them), so that two spellings of the same definition compare
//! equal and a different definition does not.

/// A token of SQLite's SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A keyword or identifier, unquoted and in lower case.
    Word(String),
    /// A string literal, with its quotes.
    Str(String),
    /// A number, blob literal or parameter.
    Literal(String),
    /// Punctuation or an operator.
    Punct(String),
}

impl Token {
    fn text(&self) -> String {
        match self {
            Token::Word(w) => quote_if_needed(w),
            Token::Str(s) | Token::Literal(s) | Token::Punct(s) => s.clone(),
        }
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self, Token::Word(w) if w == word)
    }

    fn is_punct(&self, punct: &str) -> bool {
        matches!(self, Token::Punct(p) if p == punct)
    }
}

fn quote_if_needed(word: &str) -> String {
    if word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !word.is_empty() {
        word.to_owned()
    } else {
        format!("\"{}\"", word.replace('"', "\"\""))
    }
}

/// Splits SQL into tokens, dropping comments and whitespace.
pub fn tokenize(sql: &str) -> Vec<Token> {
    let chars: Vec<char> = sql.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let take_quoted = |i: &mut usize, close: char| -> String {
        let mut text = String::new();
        *i += 1;
        while *i < chars.len() {
            if chars[*i] == close {
                if chars.get(*i + 1) == Some(&close) {
                    text.push(close);
                    *i += 2;
                    continue;
                }
                *i += 1;
                break;
            }
            text.push(chars[*i]);
            *i += 1;
        }
        text
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                i += 2;
            }
            '\'' => {
                let text = take_quoted(&mut i, '\'');
                tokens.push(Token::Str(format!("'{}'", text.replace('\'', "''"))));
            }
            '"' => tokens.push(Token::Word(take_quoted(&mut i, '"').to_lowercase())),
            '`' => tokens.push(Token::Word(take_quoted(&mut i, '`').to_lowercase())),
            '[' => {
                let mut text = String::new();
                i += 1;
                while i < chars.len() && chars[i] != ']' {
                    text.push(chars[i]);
                    i += 1;
                }
                i += 1;
                tokens.push(Token::Word(text.to_lowercase()));
            }
            c if (c == 'x' || c == 'X') && chars.get(i + 1) == Some(&'\'') => {
                i += 1;
                let text = take_quoted(&mut i, '\'');
                tokens.push(Token::Literal(format!("x'{}'", text.to_lowercase())));
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                    i += 1;
                }
                tokens.push(Token::Word(chars[start..i].iter().collect::<String>().to_lowercase()));
            }
            c if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric()
                        || chars[i] == '.'
                        || ((chars[i] == '+' || chars[i] == '-') && matches!(chars[i - 1], 'e' | 'E')))
                {
                    i += 1;
                }
                tokens.push(Token::Literal(chars[start..i].iter().collect()));
            }
            '?' | ':' | '@' | '$' => {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                tokens.push(Token::Literal(chars[start..i].iter().collect()));
            }
            _ => {
                let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                let op = if ["||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "->"].contains(&two.as_str()) {
                    if two == "->" && chars.get(i + 2) == Some(&'>') { "->>".to_owned() } else { two }
                } else {
                    c.to_string()
                };
                i += op.chars().count();
                tokens.push(Token::Punct(op));
            }
        }
    }
    tokens
}

/// Tokens written back as text, one space apart: the normal form compared between snapshots.
pub fn render(tokens: &[Token]) -> String {
    tokens.iter().map(Token::text).collect::<Vec<_>>().join(" ")
}

/// The normal form of a whole statement.
pub fn normalize(sql: &str) -> String {
    render(&tokenize(sql))
}

/// The facts a `CREATE TABLE` statement's text holds beyond the pragmas.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TableText {
    /// Table-level and column-level `CHECK` expressions, normalised.
    pub checks: Vec<String>,
    /// Per column (by lower-case name): `COLLATE` name.
    pub collations: Vec<(String, String)>,
    /// Per column: `STORED expr` or `VIRTUAL expr`.
    pub generated: Vec<(String, String)>,
    /// Per foreign key: its local columns (lower case) and what follows its `REFERENCES` parent
    /// beyond the pragma's facts (`deferrable initially deferred`).
    pub deferrable: Vec<(Vec<String>, String)>,
    pub autoincrement: bool,
}

/// Reads a `CREATE TABLE` statement's text.
pub fn read_table(sql: &str) -> TableText {
    let tokens = tokenize(sql);
    let mut out = TableText::default();
    let Some(open) = tokens.iter().position(|t| t.is_punct("(")) else {
        return out;
    };
    let Some(close) = matching(&tokens, open) else {
        return out;
    };
    for def in split_commas(&tokens[open + 1..close]) {
        read_definition(def, &mut out);
    }
    out
}

const CONSTRAINT_WORDS: &[&str] = &["constraint", "primary", "unique", "check", "foreign"];

fn read_definition(def: &[Token], out: &mut TableText) {
    let Some(first) = def.first() else { return };
    // A column may be named like a keyword (`"check" INT`): what follows tells them apart.
    let second = def.get(1);
    let table_constraint = match first {
        Token::Word(w) if w == "primary" || w == "foreign" => second.is_some_and(|t| t.is_word("key")),
        Token::Word(w) if w == "unique" || w == "check" => second.is_some_and(|t| t.is_punct("(")),
        Token::Word(w) if w == "constraint" => {
            def.get(2).is_some_and(|t| CONSTRAINT_WORDS.iter().any(|w| t.is_word(w)))
        }
        _ => false,
    };
    let column = if table_constraint {
        None
    } else {
        match first {
            Token::Word(w) => Some(w.clone()),
            _ => None,
        }
    };
    let mut i = usize::from(column.is_some());
    while i < def.len() {
        let token = &def[i];
        if token.is_word("check")
            && def.get(i + 1).is_some_and(|t| t.is_punct("("))
            && let Some(end) = matching(def, i + 1)
        {
            out.checks.push(render(&def[i + 2..end]));
            i = end + 1;
            continue;
        }
        if token.is_word("collate")
            && let (Some(column), Some(Token::Word(name))) = (&column, def.get(i + 1))
        {
            out.collations.push((column.clone(), name.clone()));
            i += 2;
            continue;
        }
        if token.is_word("as")
            && def.get(i + 1).is_some_and(|t| t.is_punct("("))
            && let Some(column) = &column
            && let Some(end) = matching(def, i + 1)
        {
            let stored = def.get(end + 1).is_some_and(|t| t.is_word("stored"));
            let kind = if stored { "STORED" } else { "VIRTUAL" };
            out.generated.push((column.clone(), format!("{kind} {}", render(&def[i + 2..end]))));
            i = end + 1;
            continue;
        }
        if token.is_word("autoincrement") {
            out.autoincrement = true;
        }
        if token.is_word("references") {
            let locals = match &column {
                Some(column) => vec![column.clone()],
                None => foreign_key_columns(&def[..i]),
            };
            let tail = references_tail(&def[i + 1..]);
            if !tail.is_empty() {
                out.deferrable.push((locals, tail));
            }
        }
        i += 1;
    }
}

/// The columns of a table-level `FOREIGN KEY (a, b)` before its `REFERENCES`.
fn foreign_key_columns(before: &[Token]) -> Vec<String> {
    let Some(open) = before.iter().position(|t| t.is_punct("(")) else {
        return Vec::new();
    };
    before[open + 1..]
        .iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w.clone()),
            _ => None,
        })
        .collect()
}

/// `DEFERRABLE INITIALLY DEFERRED` and the like after a `REFERENCES parent (cols) ON ...` clause.
fn references_tail(after: &[Token]) -> String {
    let mut words = Vec::new();
    let mut i = 0;
    while i < after.len() {
        if after[i].is_word("not") && after.get(i + 1).is_some_and(|t| t.is_word("deferrable")) {
            words.push("not deferrable".to_owned());
            i += 2;
            continue;
        }
        if after[i].is_word("deferrable") {
            words.push("deferrable".to_owned());
        }
        if after[i].is_word("initially")
            && let Some(Token::Word(when)) = after.get(i + 1)
        {
            words.push(format!("initially {when}"));
            i += 2;
            continue;
        }
        i += 1;
    }
    words.join(" ")
}

/// The index of the `)` that closes the `(` at `open`.
fn matching(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        if token.is_punct("(") {
            depth += 1;
        } else if token.is_punct(")") {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Splits at the commas outside parentheses.
fn split_commas(tokens: &[Token]) -> Vec<&[Token]> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.is_punct("(") {
            depth += 1;
        } else if token.is_punct(")") {
            depth -= 1;
        } else if token.is_punct(",") && depth == 0 {
            parts.push(&tokens[start..i]);
            start = i + 1;
        }
    }
    parts.push(&tokens[start..]);
    parts
}

/// A `CREATE INDEX` statement's parts: each indexed term normalised, and the predicate.
pub fn read_index(sql: &str) -> (Vec<String>, Option<String>) {
    let tokens = tokenize(sql);
    let Some(on) = tokens.iter().position(|t| t.is_word("on")) else {
        return (Vec::new(), None);
    };
    let Some(open) = tokens[on..].iter().position(|t| t.is_punct("(")).map(|p| p + on) else {
        return (Vec::new(), None);
    };
    let Some(close) = matching(&tokens, open) else {
        return (Vec::new(), None);
    };
    let parts = split_commas(&tokens[open + 1..close]).into_iter().map(render).collect();
    let predicate =
        tokens[close + 1..].iter().position(|t| t.is_word("where")).map(|w| render(&tokens[close + 2 + w..]));
    (parts, predicate)
}

/// What follows `AS` in a `CREATE VIEW` statement, normalised.
pub fn view_query(sql: &str) -> String {
    let tokens = tokenize(sql);
    // The first AS at depth 0 after the name (a column list in parentheses may come first).
    let mut depth = 0i32;
    for (i, token) in tokens.iter().enumerate() {
        if token.is_punct("(") {
            depth += 1;
        } else if token.is_punct(")") {
            depth -= 1;
        } else if depth == 0 && token.is_word("as") {
            return render(&tokens[i + 1..]);
        }
    }
    render(&tokens)
}

/// A `CREATE TRIGGER` statement without `CREATE [TEMP] TRIGGER [IF NOT EXISTS] name`, normalised.
pub fn trigger_body(sql: &str) -> String {
    let tokens = tokenize(sql);
    let mut i = 0;
    while i < tokens.len() && !tokens[i].is_word("trigger") {
        i += 1;
    }
    i += 1;
    if tokens.get(i).is_some_and(|t| t.is_word("if")) {
        i += 3;
    }
    // The name, possibly `schema.name`.
    i += 1;
    if tokens.get(i).is_some_and(|t| t.is_punct(".")) {
        i += 2;
    }
    render(&tokens[i.min(tokens.len())..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_statement_normalise_alike() {
        assert_eq!(
            normalize("SELECT \"Name\",  [b] -- note\n FROM `T` WHERE x = 'It''s'"),
            normalize("select name, b from t where x='It''s'")
        );
        assert_ne!(normalize("select 'A'"), normalize("select 'a'"));
    }

    #[test]
    fn reads_what_only_the_table_text_holds() {
        let text = read_table(
            "CREATE TABLE \"t\" (id INTEGER PRIMARY KEY AUTOINCREMENT, \
             name TEXT COLLATE NOCASE CHECK (length(name) > 0), \
             total REAL GENERATED ALWAYS AS (price * qty) STORED, half AS (total / 2), \
             parent INT REFERENCES t(id) DEFERRABLE INITIALLY DEFERRED, \
             a INT, b INT, FOREIGN KEY (a, b) REFERENCES u (x, y) ON DELETE CASCADE, CHECK (a < b))",
        );
        assert!(text.autoincrement);
        assert_eq!(text.checks, ["length ( name ) > 0", "a < b"]);
        assert_eq!(text.collations, [("name".to_string(), "nocase".to_string())]);
        assert_eq!(
            text.generated,
            [
                ("total".to_string(), "STORED price * qty".to_string()),
                ("half".to_string(), "VIRTUAL total / 2".to_string())
            ]
        );
        assert_eq!(text.deferrable, [(vec!["parent".to_string()], "deferrable initially deferred".to_string())]);
    }

    #[test]
    fn a_column_named_check_is_a_column() {
        let text = read_table("CREATE TABLE t (\"check\" INT, \"unique\" TEXT COLLATE binary, CHECK (\"check\" > 0))");
        assert_eq!(text.checks, ["check > 0"]);
        assert_eq!(text.collations, [("unique".to_string(), "binary".to_string())]);
    }

    #[test]
    fn index_parts_and_predicate() {
        let (parts, predicate) =
            read_index("CREATE INDEX ix ON t (lower(name) DESC, b COLLATE nocase) WHERE b IS NOT NULL");
        assert_eq!(parts, ["lower ( name ) desc", "b collate nocase"]);
        assert_eq!(predicate.as_deref(), Some("b is not null"));
    }

    #[test]
    fn view_and_trigger_bodies() {
        assert_eq!(view_query("CREATE VIEW v (a) AS SELECT 1"), "select 1");
        assert_eq!(
            trigger_body("CREATE TRIGGER IF NOT EXISTS tr AFTER INSERT ON t BEGIN SELECT 1; END"),
            "after insert on t begin select 1 ; end"
        );
    }
}

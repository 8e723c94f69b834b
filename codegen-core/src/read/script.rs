//! The SQL inside JavaScript and TypeScript migrations: Knex's `knex.raw(...)` and TypeORM's
//! `queryRunner.query(...)` calls in the `up` or `down` function, as `codegen diff --format
//! knex|typeorm` writes them (and as people write raw-SQL migrations by hand).
//!
//! The SQL comes back as a script whose statements stand on the lines of the file they were
//! found on, so that the lint and replay diagnostics point into the `.js`/`.ts` file. Migrations
//! that build their changes with a schema builder (`knex.schema.createTable`) have no SQL to
//! read without running them: they are reported as such, naming the line.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::location::Location;

/// Which function of the migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    fn name(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Punct(char),
    /// A string or template literal: its decoded text, and whether it interpolates (`${}`).
    Str {
        text: String,
        interpolated: bool,
    },
}

#[derive(Debug, Clone)]
struct Spanned {
    token: Token,
    /// 1-based line and column where it starts.
    line: u32,
    column: u32,
}

/// Whether `path` names a JavaScript or TypeScript file (not a declaration file).
pub fn is_script_path(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    !name.ends_with(".d.ts") && [".js", ".ts", ".cjs", ".mjs", ".cts", ".mts"].iter().any(|e| name.ends_with(e))
}

/// The SQL the `direction` function of the migration in `text` runs, one statement per call, each
/// on the line of its call and ending in `;`. `Ok(None)` when the file has no such function.
pub fn extract_sql(text: &str, direction: Direction, path: &Path) -> Result<Option<String>, Diagnostic> {
    let tokens = tokenize(text);
    let Some((start, end)) = find_function(&tokens, direction.name()) else {
        return Ok(None);
    };
    let file: Arc<Path> = Arc::from(path);
    let at = |t: &Spanned| Some(Location::new(file.clone(), t.line, t.column));
    let mut out = String::new();
    let (mut line, mut column) = (1u32, 1u32);
    let mut found = 0;
    let mut other_calls: Option<&Spanned> = None;
    for i in start..end {
        let t = &tokens[i];
        let is_sql_call = i >= 2
            && matches!(&tokens[i - 1].token, Token::Punct('('))
            && matches!(&tokens[i - 2].token, Token::Ident(name) if name == "raw" || name == "query");
        match &t.token {
            Token::Str { text: sql, interpolated } if is_sql_call => {
                if *interpolated {
                    return Err(Diagnostic::error(format!(
                        "the {} migration builds SQL with `${{...}}`: codegen reads only SQL written out in full",
                        direction.name()
                    ))
                    .at(at(t)));
                }
                while line < t.line {
                    out.push('\n');
                    line += 1;
                    column = 1;
                }
                while column < t.column {
                    out.push(' ');
                    column += 1;
                }
                let statement = sql.trim_end();
                out.push_str(statement);
                if !statement.ends_with(';') {
                    out.push(';');
                }
                line += statement.matches('\n').count() as u32;
                column = 1 + statement.rsplit('\n').next().map_or(0, |l| l.chars().count() as u32 + 1);
                found += 1;
            }
            Token::Punct('(') if i >= 1 => {
                if let Token::Ident(name) = &tokens[i - 1].token
                    && !["raw", "query", "function", "async", "up", "down", "if", "for", "while", "Promise"]
                        .contains(&name.as_str())
                    && other_calls.is_none()
                {
                    other_calls = Some(&tokens[i - 1]);
                }
            }
            _ => {}
        }
    }
    if found == 0
        && let Some(call) = other_calls
    {
        return Err(Diagnostic::error(format!(
            "the {} migration calls `{}` but passes no SQL to `raw()` or `query()`: codegen reads raw-SQL migrations only",
            direction.name(),
            match &call.token {
                Token::Ident(name) => name.as_str(),
                _ => "?",
            }
        ))
        .at(at(call))
        .with_help("write the change as SQL (knex.raw / queryRunner.query), or check it by running the migration"));
    }
    out.push('\n');
    Ok(Some(out))
}

/// The token range of the body of the function or method named `name`: `up(...) {`,
/// `exports.up = async function (knex) {`, `up = async (knex) => {`.
fn find_function(tokens: &[Spanned], name: &str) -> Option<(usize, usize)> {
    for (i, t) in tokens.iter().enumerate() {
        if t.token != Token::Ident(name.to_string()) {
            continue;
        }
        let after_dot = i >= 1 && tokens[i - 1].token == Token::Punct('.');
        let exported = i >= 2 && tokens[i - 2].token == Token::Ident("exports".into());
        if after_dot && !exported {
            continue;
        }
        // The parameter list: the first `(` after the name, skipping `=`, `:`, `async`, `function`.
        let mut j = i + 1;
        while j < tokens.len()
            && matches!(&tokens[j].token, Token::Punct('=') | Token::Ident(_))
            && !matches!(&tokens[j].token, Token::Ident(w) if w != "async" && w != "function")
        {
            j += 1;
        }
        if tokens.get(j).map(|t| &t.token) != Some(&Token::Punct('(')) {
            continue;
        }
        let close = matching(tokens, j, '(', ')')?;
        let open = (close + 1..tokens.len()).find(|&k| tokens[k].token == Token::Punct('{'))?;
        let end = matching(tokens, open, '{', '}')?;
        return Some((open + 1, end));
    }
    None
}

fn matching(tokens: &[Spanned], open: usize, left: char, right: char) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in tokens.iter().enumerate().skip(open) {
        match t.token {
            Token::Punct(c) if c == left => depth += 1,
            Token::Punct(c) if c == right => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// A small JavaScript lexer: identifiers, punctuation, string and template literals (decoded);
/// comments and whitespace skipped.
fn tokenize(text: &str) -> Vec<Spanned> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line, mut column) = (0usize, 1u32, 1u32);
    let advance = |i: &mut usize, line: &mut u32, column: &mut u32, n: usize| {
        for _ in 0..n {
            if chars.get(*i) == Some(&'\n') {
                *line += 1;
                *column = 1;
            } else {
                *column += 1;
            }
            *i += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let (start_line, start_column) = (line, column);
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                advance(&mut i, &mut line, &mut column, 1);
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            advance(&mut i, &mut line, &mut column, 2);
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                advance(&mut i, &mut line, &mut column, 1);
            }
            advance(&mut i, &mut line, &mut column, 2);
        } else if c.is_whitespace() {
            advance(&mut i, &mut line, &mut column, 1);
        } else if c == '"' || c == '\'' || c == '`' {
            let mut decoded = String::new();
            let mut interpolated = false;
            advance(&mut i, &mut line, &mut column, 1);
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    let (value, used) = escape(&chars[i + 1..]);
                    decoded.push_str(&value);
                    advance(&mut i, &mut line, &mut column, 1 + used);
                    continue;
                }
                if c == '`' && chars[i] == '$' && chars.get(i + 1) == Some(&'{') {
                    interpolated = true;
                }
                decoded.push(chars[i]);
                advance(&mut i, &mut line, &mut column, 1);
            }
            advance(&mut i, &mut line, &mut column, 1);
            tokens.push(Spanned {
                token: Token::Str { text: decoded, interpolated },
                line: start_line,
                column: start_column,
            });
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let mut word = String::new();
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                word.push(chars[i]);
                advance(&mut i, &mut line, &mut column, 1);
            }
            tokens.push(Spanned { token: Token::Ident(word), line: start_line, column: start_column });
        } else {
            tokens.push(Spanned { token: Token::Punct(c), line: start_line, column: start_column });
            advance(&mut i, &mut line, &mut column, 1);
        }
    }
    tokens
}

/// The value of the escape after a backslash, and how many characters it used.
fn escape(rest: &[char]) -> (String, usize) {
    let hex = |s: &[char]| u32::from_str_radix(&s.iter().collect::<String>(), 16).ok().and_then(char::from_u32);
    match rest[0] {
        'n' => ("\n".into(), 1),
        't' => ("\t".into(), 1),
        'r' => ("\r".into(), 1),
        '0' => ("\0".into(), 1),
        'b' => ("\u{8}".into(), 1),
        'f' => ("\u{c}".into(), 1),
        'v' => ("\u{b}".into(), 1),
        'x' if rest.len() >= 3 => hex(&rest[1..3]).map_or(("x".into(), 1), |c| (c.to_string(), 3)),
        'u' if rest.get(1) == Some(&'{') => {
            let close = rest.iter().position(|c| *c == '}').unwrap_or(1);
            hex(&rest[2..close]).map_or(("u".into(), 1), |c| (c.to_string(), close + 1))
        }
        'u' if rest.len() >= 5 => hex(&rest[1..5]).map_or(("u".into(), 1), |c| (c.to_string(), 5)),
        // A line continuation: the backslash and the line break vanish.
        '\n' => (String::new(), 1),
        other => (other.to_string(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNEX: &str = "// header\nexports.up = async function (knex) {\n  await knex.raw(`CREATE TABLE t (\n  id integer\n)`);\n  await knex.raw(\"DROP TABLE \\\"old\\\"\");\n};\n\nexports.down = async function (knex) {\n  await knex.raw('DROP TABLE t');\n};\n";

    #[test]
    fn statements_keep_the_lines_of_their_calls() {
        let up = extract_sql(KNEX, Direction::Up, Path::new("m.js")).unwrap().unwrap();
        let lines: Vec<&str> = up.lines().collect();
        assert_eq!(lines[2].trim(), "CREATE TABLE t (", "{up}");
        assert_eq!(lines[5].trim(), "DROP TABLE \"old\";");
        let down = extract_sql(KNEX, Direction::Down, Path::new("m.js")).unwrap().unwrap();
        assert_eq!(down.lines().nth(9).unwrap().trim(), "DROP TABLE t;");
    }

    #[test]
    fn typeorm_methods_are_found() {
        let text = "export class A1 implements MigrationInterface {\n    public async up(queryRunner: QueryRunner): Promise<void> {\n        await queryRunner.query(`SELECT 1`);\n    }\n    public async down(queryRunner: QueryRunner): Promise<void> {\n    }\n}\n";
        let up = extract_sql(text, Direction::Up, Path::new("1-A.ts")).unwrap().unwrap();
        assert_eq!(up.trim(), "SELECT 1;");
        assert_eq!(extract_sql(text, Direction::Down, Path::new("1-A.ts")).unwrap().unwrap().trim(), "");
    }

    #[test]
    fn schema_builder_migrations_are_named_not_guessed() {
        let text =
            "exports.up = function (knex) {\n  return knex.schema.createTable('t', (t) => t.increments());\n};\n";
        let error = extract_sql(text, Direction::Up, Path::new("m.js")).unwrap_err();
        assert!(error.message.contains("createTable"), "{}", error.message);
        assert_eq!(error.location.unwrap().line, 2);
        let dynamic = "exports.up = (knex) => knex.raw(`DROP TABLE ${name}`);\n";
        assert_eq!(
            extract_sql(dynamic, Direction::Up, Path::new("m.js")).unwrap(),
            None,
            "an arrow without a body is not read"
        );
    }
}

//! Cutting a SQL script into statements the way the tools that write scripts mean them: psql
//! (`\connect` lines, `COPY ... FROM stdin` data ending in `\.`, dollar-quoted bodies), the
//! mysql client (`DELIMITER`, `/*!40101 ... */` comments that MySQL executes), and the sqlite3
//! shell (trigger bodies with their own semicolons).
//!
//! This works on the text, before any SQL parser: a dump is mostly statements codegen never
//! parses (data, settings, function bodies), and a statement's text is kept verbatim for the
//! objects the model carries as written.

use crate::dialect::Dialect;

/// One statement of a script: its text (conditional-comment markers blanked out, so columns
/// stay where they were) and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawStatement {
    pub text: String,
    /// 1-based line and column of the statement's first character.
    pub line: u32,
    pub column: u32,
    /// The parts written inside MySQL-only conditional comments.
    pub mysql_only: Vec<MysqlOnly>,
}

/// A stretch of a statement written inside a conditional comment for MySQL 5.7 or later
/// (`/*!50705 SPATIAL KEY ... */`): MySQL from that version runs it, MariaDB skips it (it keeps
/// those versions for MySQL's own syntax), so what it declares exists on one engine only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MysqlOnly {
    pub version: u32,
    /// 1-based line and column of the comment's opening and closing markers.
    pub start: (u32, u32),
    pub end: (u32, u32),
}

impl MysqlOnly {
    /// The version numbers MySQL gives its 5.7+ conditional code, which MariaDB does not run.
    pub const VERSIONS: std::ops::Range<u32> = 50_700..100_000;

    /// Whether the 1-based position `(line, column)` lies inside.
    pub fn contains(&self, at: (u32, u32)) -> bool {
        self.start <= at && at <= self.end
    }
}

/// Something in a script that is not a statement but is worth a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Aside {
    /// A psql meta-command (`\connect db`, `\restrict key`), skipped.
    MetaCommand { line: u32, text: String },
    /// The data rows of a `COPY ... FROM stdin`, skipped.
    CopyData { line: u32, rows: usize },
    /// A mysql client `DELIMITER` line.
    Delimiter { line: u32 },
}

/// A script cut into statements and asides, in order.
#[derive(Debug, Default)]
pub(crate) struct Script {
    pub statements: Vec<RawStatement>,
    pub asides: Vec<Aside>,
    /// A quote or comment left open at the end of the text, with where it opened.
    pub unterminated: Option<(String, u32, u32)>,
}

/// Cut `text` into statements.
pub(crate) fn split_script(text: &str, dialect: Dialect) -> Script {
    Splitter::new(text, dialect).run()
}

struct Splitter<'a> {
    src: &'a str,
    bytes: &'a [u8],
    dialect: Dialect,
    pos: usize,
    line: u32,
    column: u32,
    delimiter: String,
    script: Script,
    /// The statement being collected: its text and start, once it has a significant character.
    current: String,
    start: Option<(u32, u32)>,
    /// Words of the current statement so far (upper case, at most a few), to recognise blocks.
    head: Vec<String>,
    /// Nesting of `BEGIN ... END` style blocks whose semicolons do not end the statement.
    block_depth: u32,
    /// The last word seen at top level, and the significant token before it.
    last_word: String,
    prev_significant: Prev,
    /// Open MySQL conditional comments (`/*!50003 ... */`), whose contents are code.
    conditional_depth: u32,
    /// For each open conditional comment, its version and start when it is MySQL-only.
    open_conditionals: Vec<Option<(u32, (u32, u32))>>,
    /// The MySQL-only stretches closed so far in the current statement.
    mysql_only: Vec<MysqlOnly>,
}

/// The kind of the significant token before the current one, for block recognition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    Start,
    Semicolon,
    Word,
    Colon,
    Other,
}

impl<'a> Splitter<'a> {
    fn new(src: &'a str, dialect: Dialect) -> Self {
        Self {
            src,
            bytes: src.as_bytes(),
            dialect,
            pos: 0,
            line: 1,
            column: 1,
            delimiter: ";".into(),
            script: Script::default(),
            current: String::new(),
            start: None,
            head: Vec::new(),
            block_depth: 0,
            last_word: String::new(),
            prev_significant: Prev::Start,
            conditional_depth: 0,
            open_conditionals: Vec::new(),
            mysql_only: Vec::new(),
        }
    }

    fn run(mut self) -> Script {
        while self.pos < self.bytes.len() {
            if self.start.is_none() && self.at_line_start() && self.line_directive() {
                continue;
            }
            if self.block_depth == 0 && self.conditional_depth == 0 && self.at_delimiter() {
                self.advance(self.delimiter.len(), false);
                self.end_statement();
                continue;
            }
            self.step();
        }
        self.end_statement();
        self.script
    }

    /// Whether only whitespace precedes `pos` on its line.
    fn at_line_start(&self) -> bool {
        self.src[..self.pos].rsplit('\n').next().is_none_or(|before| before.trim().is_empty())
    }

    /// psql meta-commands and mysql `DELIMITER` lines, at the start of a statement.
    fn line_directive(&mut self) -> bool {
        let rest = &self.src[self.pos..];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let indent = rest.len() - trimmed.len();
        let line_text = trimmed.split('\n').next().unwrap_or_default().trim_end_matches('\r');
        if self.dialect != Dialect::Mysql && line_text.starts_with('\\') {
            let line = self.line;
            self.script.asides.push(Aside::MetaCommand { line, text: line_text.trim_end().to_string() });
            self.advance(indent + line_text.len(), false);
            return true;
        }
        if self.dialect == Dialect::Mysql && starts_with_word(line_text, "DELIMITER") {
            let new = line_text["DELIMITER".len()..].trim();
            if !new.is_empty() {
                self.script.asides.push(Aside::Delimiter { line: self.line });
                self.delimiter = new.split_whitespace().next().unwrap_or(";").to_string();
                self.advance(indent + line_text.len(), false);
                return true;
            }
        }
        false
    }

    fn at_delimiter(&self) -> bool {
        let d = self.delimiter.as_bytes();
        self.bytes[self.pos..].starts_with(d)
            || (d.len() > 1 && self.bytes[self.pos..].len() >= d.len() && {
                // `DELIMITER $$` may be matched case-insensitively for word delimiters.
                self.src.get(self.pos..self.pos + d.len()).is_some_and(|s| s.eq_ignore_ascii_case(&self.delimiter))
            })
    }

    /// Move over `n` bytes, appending them to the statement when `keep`.
    fn advance(&mut self, n: usize, keep: bool) {
        let end = (self.pos + n).min(self.bytes.len());
        let piece = &self.src[self.pos..end];
        for c in piece.chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        if keep {
            self.current.push_str(piece);
        }
        self.pos = end;
    }

    /// Append `n` bytes as spaces (conditional-comment markers), keeping columns.
    fn blank(&mut self, n: usize) {
        let end = (self.pos + n).min(self.bytes.len());
        let count = self.src[self.pos..end].chars().count();
        if self.start.is_some() {
            self.current.extend(std::iter::repeat_n(' ', count));
        }
        self.column += count as u32;
        self.pos = end;
    }

    fn mark_start(&mut self) {
        if self.start.is_none() {
            self.start = Some((self.line, self.column));
        }
    }

    fn step(&mut self) {
        let b = self.bytes[self.pos];
        let next = self.bytes.get(self.pos + 1).copied();
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                let keep = self.start.is_some();
                self.advance(1, keep);
            }
            b'-' if next == Some(b'-') => self.line_comment(),
            b'#' if self.dialect == Dialect::Mysql => self.line_comment(),
            b'/' if next == Some(b'*') => self.block_comment(),
            b'*' if next == Some(b'/') && self.conditional_depth > 0 => {
                self.conditional_depth -= 1;
                if let Some(Some((version, start))) = self.open_conditionals.pop() {
                    self.mysql_only.push(MysqlOnly { version, start, end: (self.line, self.column) });
                }
                self.blank(2);
            }
            b'\'' => {
                self.mark_start();
                let backslash = self.dialect == Dialect::Mysql || self.e_string();
                self.quoted(b'\'', backslash);
                self.significant(Prev::Other);
            }
            b'"' => {
                self.mark_start();
                self.quoted(b'"', self.dialect == Dialect::Mysql);
                self.word_token(None);
            }
            b'`' => {
                self.mark_start();
                self.quoted(b'`', false);
                self.word_token(None);
            }
            b'[' if self.dialect == Dialect::Sqlite => {
                self.mark_start();
                self.quoted(b']', false);
                self.word_token(None);
            }
            b'$' if self.dialect == Dialect::Postgres && self.dollar_quote() => {}
            b';' => {
                // A semicolon inside a block (a trigger body); the delimiter case is handled above.
                self.mark_start();
                self.advance(1, true);
                self.significant(Prev::Semicolon);
            }
            b':' => {
                self.mark_start();
                self.advance(1, true);
                self.significant(Prev::Colon);
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                self.mark_start();
                let start = self.pos;
                let mut end = self.pos;
                // A word ends at a `DELIMITER $$` written right after it (`END$$`), though `$`
                // belongs to names.
                let custom = (self.delimiter != ";").then_some(self.delimiter.as_bytes());
                while end < self.bytes.len() {
                    let c = self.bytes[end];
                    if custom.is_some_and(|d| self.bytes[end..].starts_with(d)) {
                        break;
                    }
                    if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 {
                        end += 1;
                    } else {
                        break;
                    }
                }
                let word = self.src[start..end].to_ascii_uppercase();
                self.advance(end - start, true);
                self.word_token(Some(word));
            }
            _ => {
                self.mark_start();
                let n = utf8_len(b);
                self.advance(n, true);
                self.significant(Prev::Other);
            }
        }
    }

    fn significant(&mut self, prev: Prev) {
        self.prev_significant = prev;
        if prev != Prev::Word {
            self.last_word.clear();
        }
    }

    /// A word (or a quoted identifier, `None`), tracked for the statement's head and blocks.
    fn word_token(&mut self, word: Option<String>) {
        let Some(word) = word else {
            if self.head.len() < 8 {
                self.head.push("\"".into());
            }
            self.significant(Prev::Word);
            return;
        };
        if self.head.len() < 8 {
            self.head.push(word.clone());
        }
        if self.tracks_blocks() {
            self.track_block(&word);
        }
        self.last_word = word;
        self.prev_significant = Prev::Word;
    }

    /// Statements whose bodies hold semicolons: triggers, routines and events (MySQL, SQLite),
    /// and PostgreSQL's SQL-standard `BEGIN ATOMIC` bodies.
    fn tracks_blocks(&self) -> bool {
        let head: Vec<&str> = self.head.iter().map(String::as_str).filter(|w| !w.starts_with("DEFINER")).collect();
        if head.first() != Some(&"CREATE") {
            return false;
        }
        let kinds: &[&str] = match self.dialect {
            Dialect::Sqlite => &["TRIGGER"],
            Dialect::Mysql => &["TRIGGER", "PROCEDURE", "FUNCTION", "EVENT"],
            Dialect::Postgres => &["FUNCTION", "PROCEDURE"],
        };
        head.iter().take(8).any(|w| kinds.contains(w))
    }

    fn track_block(&mut self, word: &str) {
        // `END IF`, `END LOOP`, `END CASE`: the END closed the block; the word names it.
        if self.last_word == "END" && matches!(word, "IF" | "LOOP" | "WHILE" | "REPEAT" | "CASE") {
            return;
        }
        let statement_start = matches!(self.prev_significant, Prev::Semicolon | Prev::Colon)
            || (self.prev_significant == Prev::Word
                && matches!(self.last_word.as_str(), "BEGIN" | "THEN" | "ELSE" | "DO" | "LOOP" | "REPEAT"));
        match word {
            // PostgreSQL: only `BEGIN ATOMIC` opens a body; plpgsql bodies are quoted.
            "BEGIN" if self.dialect != Dialect::Postgres => self.block_depth += 1,
            "ATOMIC" if self.dialect == Dialect::Postgres && self.last_word == "BEGIN" => self.block_depth += 1,
            "CASE" if self.block_depth > 0 => self.block_depth += 1,
            "IF" | "LOOP" | "WHILE" | "REPEAT"
                if self.dialect == Dialect::Mysql && self.block_depth > 0 && statement_start =>
            {
                self.block_depth += 1
            }
            "END" if self.block_depth > 0 => self.block_depth -= 1,
            _ => {}
        }
    }

    /// `E'...'` (PostgreSQL escape strings) take backslash escapes.
    fn e_string(&self) -> bool {
        self.dialect == Dialect::Postgres
            && self.pos > 0
            && matches!(self.bytes[self.pos - 1], b'E' | b'e')
            && (self.pos < 2 || !(self.bytes[self.pos - 2].is_ascii_alphanumeric() || self.bytes[self.pos - 2] == b'_'))
    }

    /// A quoted string or identifier ending at `close`; a doubled close character escapes it.
    fn quoted(&mut self, close: u8, backslash: bool) {
        let (line, column) = (self.line, self.column);
        let mut end = self.pos + 1;
        loop {
            match self.bytes.get(end) {
                None => {
                    self.script.unterminated = Some(("a quoted string".into(), line, column));
                    break;
                }
                Some(b'\\') if backslash => end += 2,
                Some(&c) if c == close => {
                    if self.bytes.get(end + 1) == Some(&close) && close != b']' {
                        end += 2;
                    } else {
                        end += 1;
                        break;
                    }
                }
                Some(_) => end += 1,
            }
        }
        let end = end.min(self.bytes.len());
        self.advance(end - self.pos, true);
    }

    /// `$tag$ ... $tag$`; false when the `$` does not open one (a `$1` parameter).
    fn dollar_quote(&mut self) -> bool {
        let rest = &self.src[self.pos + 1..];
        let tag_len = rest.bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
        if rest.as_bytes().get(tag_len) != Some(&b'$') || rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return false;
        }
        let tag = &self.src[self.pos..self.pos + tag_len + 2];
        self.mark_start();
        let (line, column) = (self.line, self.column);
        let body_start = self.pos + tag.len();
        let end = match self.src[body_start..].find(tag) {
            Some(i) => body_start + i + tag.len(),
            None => {
                self.script.unterminated = Some((format!("a {tag}-quoted body"), line, column));
                self.bytes.len()
            }
        };
        self.advance(end - self.pos, true);
        self.significant(Prev::Other);
        true
    }

    fn line_comment(&mut self) {
        let end = self.src[self.pos..].find('\n').map_or(self.bytes.len(), |i| self.pos + i);
        let keep = self.start.is_some();
        self.advance(end - self.pos, keep);
    }

    fn block_comment(&mut self) {
        // MySQL's `/*!50003 ... */` (and MariaDB's `/*M!100100 ... */`) hold code it executes.
        if self.dialect == Dialect::Mysql {
            let rest = &self.src[self.pos + 2..];
            let marker = if rest.starts_with('!') {
                Some(1)
            } else if rest.starts_with("M!") {
                Some(2)
            } else {
                None
            };
            let digits = marker.map_or(0, |m| rest[m..].bytes().take_while(u8::is_ascii_digit).count());
            // `/*M!999999\- enable the sandbox mode */` (mariadb-dump since 10.11.8) names a version
            // no server has: it is there to stop old clients, and no server runs it.
            let never_run = marker.is_some_and(|m| rest[m..m + digits].parse::<u32>().is_ok_and(|v| v >= 990_000));
            if let Some(m) = marker.filter(|_| !never_run) {
                self.conditional_depth += 1;
                let version = rest[m..m + digits].parse::<u32>().ok();
                let mysql_only = version.filter(|v| m == 1 && MysqlOnly::VERSIONS.contains(v));
                self.open_conditionals.push(mysql_only.map(|v| (v, (self.line, self.column))));
                self.blank(2 + m + digits);
                return;
            }
        }
        let (line, column) = (self.line, self.column);
        let nests = self.dialect == Dialect::Postgres;
        let mut depth = 0;
        let mut end = self.pos;
        loop {
            if end + 1 >= self.bytes.len() {
                self.script.unterminated = Some(("a /* comment".into(), line, column));
                end = self.bytes.len();
                break;
            }
            if self.bytes[end] == b'/' && self.bytes[end + 1] == b'*' && (depth == 0 || nests) {
                depth += 1;
                end += 2;
            } else if self.bytes[end] == b'*' && self.bytes[end + 1] == b'/' {
                depth -= 1;
                end += 2;
                if depth == 0 {
                    break;
                }
            } else {
                end += 1;
            }
        }
        let keep = self.start.is_some();
        self.advance(end - self.pos, keep);
    }

    fn end_statement(&mut self) {
        let text = std::mem::take(&mut self.current);
        let head = std::mem::take(&mut self.head);
        self.block_depth = 0;
        self.conditional_depth = 0;
        self.open_conditionals.clear();
        let mysql_only = std::mem::take(&mut self.mysql_only);
        self.last_word.clear();
        self.prev_significant = Prev::Start;
        let Some((line, column)) = self.start.take() else {
            return;
        };
        let text = text.trim_end().to_string();
        let copy_from_stdin = head.first().is_some_and(|w| w == "COPY") && is_copy_from_stdin(&text);
        self.script.statements.push(RawStatement { text, line, column, mysql_only });
        if copy_from_stdin {
            self.skip_copy_data();
        }
    }

    /// Skip the rows after `COPY ... FROM stdin;` up to and including the `\.` line.
    fn skip_copy_data(&mut self) {
        // The rest of the COPY statement's line belongs to it.
        let eol = self.src[self.pos..].find('\n').map_or(self.bytes.len(), |i| self.pos + i + 1);
        self.advance(eol - self.pos, false);
        let line = self.line;
        let mut rows = 0;
        while self.pos < self.bytes.len() {
            let eol = self.src[self.pos..].find('\n').map_or(self.bytes.len(), |i| self.pos + i + 1);
            let row = self.src[self.pos..eol].trim_end_matches(['\n', '\r']);
            self.advance(eol - self.pos, false);
            if row == "\\." {
                break;
            }
            rows += 1;
        }
        self.script.asides.push(Aside::CopyData { line, rows });
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

fn starts_with_word(text: &str, word: &str) -> bool {
    // `get`: the line may hold a character that straddles the word's length (fuzzing found it).
    text.get(..word.len()).is_some_and(|head| head.eq_ignore_ascii_case(word))
        && text[word.len()..].chars().next().is_none_or(char::is_whitespace)
}

/// `COPY table (...) FROM stdin` (psql's inline data), as opposed to a COPY from a file.
fn is_copy_from_stdin(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    let words: Vec<&str> = upper.split(|c: char| c.is_whitespace() || c == ';').filter(|w| !w.is_empty()).collect();
    words.windows(2).any(|w| w[0] == "FROM" && w[1] == "STDIN")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str, dialect: Dialect) -> Vec<String> {
        split_script(sql, dialect).statements.into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn semicolons_in_quotes_and_comments_do_not_split() {
        let sql = "CREATE TABLE a (x text DEFAULT ';'); -- c; d\n/* e; */ SELECT 1;";
        assert_eq!(texts(sql, Dialect::Postgres), ["CREATE TABLE a (x text DEFAULT ';')", "SELECT 1"]);
    }

    #[test]
    fn statements_know_where_they_start() {
        let script = split_script("\n\n  SELECT 1;\nSELECT\n 2;", Dialect::Postgres);
        let at: Vec<(u32, u32)> = script.statements.iter().map(|s| (s.line, s.column)).collect();
        assert_eq!(at, [(3, 3), (4, 1)]);
    }

    #[test]
    fn psql_meta_commands_and_copy_data_are_skipped() {
        let sql = "\\connect app\n\\restrict abc\nCOPY t (a, b) FROM stdin;\n1\t;x\n2\t'\n\\.\nCREATE TABLE u (a int);\n\\unrestrict abc\n";
        let script = split_script(sql, Dialect::Postgres);
        assert_eq!(
            script.statements.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
            ["COPY t (a, b) FROM stdin", "CREATE TABLE u (a int)"]
        );
        assert_eq!(script.statements[1].line, 7);
        assert!(script.asides.contains(&Aside::CopyData { line: 4, rows: 2 }));
        assert_eq!(script.asides.iter().filter(|a| matches!(a, Aside::MetaCommand { .. })).count(), 3);
    }

    #[test]
    fn dollar_quoted_bodies_keep_their_semicolons() {
        let sql = "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;\nSELECT $1;";
        let statements = texts(sql, Dialect::Postgres);
        assert_eq!(statements.len(), 2);
        assert!(statements[0].ends_with("LANGUAGE plpgsql"));
    }

    #[test]
    fn postgres_begin_atomic_bodies_are_one_statement() {
        let sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;\nSELECT 3;";
        assert_eq!(texts(sql, Dialect::Postgres).len(), 2);
    }

    #[test]
    fn sqlite_trigger_bodies_are_one_statement() {
        let sql = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = CASE WHEN 1 THEN 2 END; DELETE FROM c; END;\nCREATE TABLE d (x);";
        let statements = texts(sql, Dialect::Sqlite);
        assert_eq!(statements.len(), 2, "{statements:?}");
        assert!(statements[0].ends_with("END"));
    }

    #[test]
    fn mysql_delimiters_and_conditional_comments() {
        let sql = "/*!40101 SET NAMES utf8 */;\nLOCK TABLES `a` WRITE;\nDELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN\n  SET NEW.x = 1;\nEND */;;\nDELIMITER ;\nUNLOCK TABLES;";
        let script = split_script(sql, Dialect::Mysql);
        let statements: Vec<String> =
            script.statements.iter().map(|s| s.text.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(
            statements,
            [
                "SET NAMES utf8",
                "LOCK TABLES `a` WRITE",
                "CREATE DEFINER=`root`@`localhost` TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; END",
                "UNLOCK TABLES",
            ]
        );
        // Blanking keeps columns: the statement still starts where `/*!50003` did.
        assert_eq!((script.statements[2].line, script.statements[2].column), (4, 10));
    }

    #[test]
    fn a_custom_delimiter_right_after_a_word_ends_the_statement() {
        let sql = "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nCREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END$$\nDELIMITER ;\nCREATE TABLE t (id INT);";
        let statements = texts(sql, Dialect::Mysql);
        assert_eq!(statements.len(), 3, "{statements:?}");
        assert!(statements[0].ends_with("END"), "{statements:?}");
        // `$` inside a name is still a name.
        assert_eq!(texts("CREATE TABLE a$b (x INT);", Dialect::Mysql).len(), 1);
    }

    #[test]
    fn mariadb_dumps_sandbox_line_is_a_comment() {
        let sql = "/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump\n/*M!100616 SET NOTE_VERBOSITY=0 */;\nCREATE TABLE t (x INT);";
        assert_eq!(texts(sql, Dialect::Mysql).len(), 2, "{:?}", texts(sql, Dialect::Mysql));
    }

    #[test]
    fn mysql_routines_without_delimiter_lines_keep_their_blocks() {
        let sql = "CREATE PROCEDURE p() BEGIN DECLARE x INT; IF x > 1 THEN SELECT 1; ELSE SELECT REPEAT('a', 2); END IF; l: LOOP LEAVE l; END LOOP; END;\nSELECT 2;";
        let statements = texts(sql, Dialect::Mysql);
        assert_eq!(statements.len(), 2, "{statements:?}");
    }

    #[test]
    fn mysql_hash_comments_and_backslash_escapes() {
        let sql = "# a comment; still\nINSERT INTO t VALUES ('it\\'s; fine');\nSELECT 1;";
        assert_eq!(texts(sql, Dialect::Mysql).len(), 2);
    }

    #[test]
    fn unterminated_quotes_are_reported() {
        let script = split_script("SELECT 'abc", Dialect::Postgres);
        assert_eq!(script.unterminated.as_ref().map(|u| (u.1, u.2)), Some((1, 8)));
    }
}

//! The SQL DDL reader: applies `CREATE`/`ALTER`/`DROP`/`COMMENT` statements, in order, to a model.
//!
//! The same reader serves a declarative `schema.sql` and the replay of a migrations folder: both
//! are statements applied one after another to a schema, without any database.

mod alter;
mod expr;
mod finish;
mod split;
mod table;
mod types;

use std::path::Path;
use std::sync::Arc;

use sqlparser::ast::{Ident, ObjectName, ObjectType, Statement};
use sqlparser::dialect::{Dialect as ParserDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::location::{Loc, Location};
use crate::model::{QualifiedName, Schema};
use crate::read::{Loaded, ReadError, read_to_string};

/// Read a declarative DDL file.
pub fn read_sql_file(path: &Path, dialect: Dialect) -> Result<Loaded, ReadError> {
    let text = read_to_string(path)?;
    read_sql_str(&text, path, dialect)
}

/// Read DDL from text; `file` names it in diagnostics.
pub fn read_sql_str(text: &str, file: &Path, dialect: Dialect) -> Result<Loaded, ReadError> {
    let mut reader = SqlReader::new(dialect);
    reader.apply_script(text, file);
    reader.finish()
}

/// One statement of a script, parsed, with where it starts, its text and the comments before it
/// (for tools that look at statements one by one, like the migration linter).
#[derive(Debug, Clone)]
pub struct ScriptStatement {
    pub line: u32,
    pub column: u32,
    /// The statement's source text, without the comments before it or its semicolon.
    pub text: String,
    /// The comments between the previous statement and this one, without their markers.
    pub comments: Vec<String>,
    /// The parsed statement, or the syntax error.
    pub parsed: Result<Statement, Diagnostic>,
}

/// Split and parse a script; an error only when it cannot even be tokenized.
pub fn parse_script(text: &str, file: &Path, dialect: Dialect) -> Result<Vec<ScriptStatement>, Diagnostic> {
    use sqlparser::tokenizer::{Token, Whitespace};
    let parser_dialect = parser_dialect(dialect);
    let file: Arc<Path> = Arc::from(file);
    let statements = split::split_statements(parser_dialect.as_ref(), text).map_err(|e| {
        Diagnostic::error(format!("cannot tokenize SQL: {}", e.message)).at(Some(Location::new(
            file.clone(),
            e.line,
            e.column,
        )))
    })?;
    let mut out = Vec::new();
    for statement in statements {
        let mut comments = Vec::new();
        let mut body = String::new();
        for token in &statement.tokens {
            match &token.token {
                Token::Whitespace(Whitespace::SingleLineComment { comment, .. }) if body.is_empty() => {
                    comments.push(comment.trim().to_string())
                }
                Token::Whitespace(Whitespace::MultiLineComment(comment)) if body.is_empty() => {
                    comments.push(comment.trim().to_string())
                }
                Token::Whitespace(_) if body.is_empty() => {}
                other => body.push_str(&other.to_string()),
            }
        }
        let cx = StatementContext { dialect, file: file.clone(), line: statement.line, column: statement.column };
        let mut parser = Parser::new(parser_dialect.as_ref()).with_tokens_with_locations(statement.tokens);
        let parsed = parser.parse_statement().map_err(|e| parse_error(&cx, &e.to_string()));
        out.push(ScriptStatement {
            line: statement.line,
            column: statement.column,
            text: body.trim_end().to_string(),
            comments,
            parsed,
        });
    }
    Ok(out)
}

/// Applies SQL scripts to a schema, one statement at a time, collecting diagnostics.
pub struct SqlReader {
    dialect: Dialect,
    schema: Schema,
    diagnostics: Diagnostics,
}

/// Where the statement being applied sits, for the diagnostics and locations it produces.
pub(crate) struct StatementContext {
    pub dialect: Dialect,
    pub file: Arc<Path>,
    pub line: u32,
    pub column: u32,
}

impl StatementContext {
    /// The statement's own location.
    pub fn location(&self) -> Location {
        Location::new(self.file.clone(), self.line, self.column)
    }

    pub fn loc(&self) -> Loc {
        Loc::at(self.location())
    }

    /// The location of an identifier, falling back to the statement's.
    pub fn loc_of(&self, ident: &Ident) -> Loc {
        let start = ident.span.start;
        if start.line == 0 {
            self.loc()
        } else {
            Loc::at(Location::new(self.file.clone(), start.line as u32, start.column as u32))
        }
    }

    /// An identifier as the database stores it: PostgreSQL folds unquoted names to lower case.
    pub fn ident(&self, ident: &Ident) -> String {
        if ident.quote_style.is_none() && self.dialect == Dialect::Postgres {
            ident.value.to_lowercase()
        } else {
            ident.value.clone()
        }
    }

    /// A possibly qualified object name; the default namespace (`public`) is dropped.
    pub fn name(&self, name: &ObjectName) -> QualifiedName {
        let parts: Vec<String> = name.0.iter().filter_map(|p| p.as_ident()).map(|i| self.ident(i)).collect();
        let (schema, name) = match parts.as_slice() {
            [] => (None, String::new()),
            [name] => (None, name.clone()),
            [.., schema, name] => (Some(schema.clone()), name.clone()),
        };
        let schema = schema.filter(|s| !(self.dialect == Dialect::Postgres && s == "public"));
        QualifiedName { schema, name }
    }

    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(Some(self.location()))
    }

    pub fn note(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::note(message).at(Some(self.location()))
    }
}

fn parser_dialect(dialect: Dialect) -> Box<dyn ParserDialect> {
    match dialect {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
    }
}

impl SqlReader {
    pub fn new(dialect: Dialect) -> Self {
        Self::with_schema(Schema::default(), dialect)
    }

    /// Continue from an existing schema (migration replay).
    pub fn with_schema(schema: Schema, dialect: Dialect) -> Self {
        Self { dialect, schema, diagnostics: Diagnostics::new() }
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    /// Apply every statement of a script. A statement that fails is reported and skipped, so
    /// one run reports every problem in the file.
    pub fn apply_script(&mut self, text: &str, file: &Path) {
        let dialect = parser_dialect(self.dialect);
        let file: Arc<Path> = Arc::from(file);
        let statements = match split::split_statements(dialect.as_ref(), text) {
            Ok(statements) => statements,
            Err(e) => {
                self.diagnostics.push(
                    Diagnostic::error(format!("cannot tokenize SQL: {}", e.message)).at(Some(Location::new(
                        file.clone(),
                        e.line,
                        e.column,
                    ))),
                );
                return;
            }
        };
        for statement in statements {
            let cx = StatementContext {
                dialect: self.dialect,
                file: file.clone(),
                line: statement.line,
                column: statement.column,
            };
            let neutral = unparsed_neutral_kind(&statement.tokens);
            let mut parser = Parser::new(dialect.as_ref()).with_tokens_with_locations(statement.tokens);
            match parser.parse_statement() {
                Ok(parsed) => {
                    if let Err(diagnostic) = self.apply_statement(parsed, &cx) {
                        self.diagnostics.push(diagnostic);
                    }
                }
                // sqlparser rejects some spellings of statements that never change the tables:
                // `PRAGMA foreign_keys = OFF` (SQLite table rebuilds write it) and PostgreSQL
                // procedures and functions with a plpgsql body (phased migrations write them).
                Err(_) if neutral.is_some() => self
                    .diagnostics
                    .push(cx.note(format!("skipped `{}`: it does not change the schema", neutral.unwrap_or_default()))),
                Err(e) => self.diagnostics.push(parse_error(&cx, &e.to_string())),
            }
        }
    }

    /// Apply one statement parsed by [`parse_script`]; its error, if any, is returned rather than
    /// recorded.
    pub fn apply_parsed(
        &mut self,
        statement: &Statement,
        file: &Path,
        line: u32,
        column: u32,
    ) -> Result<(), Diagnostic> {
        let cx = StatementContext { dialect: self.dialect, file: Arc::from(file), line, column };
        self.apply_statement(statement.clone(), &cx)
    }

    fn apply_statement(&mut self, statement: Statement, cx: &StatementContext) -> Result<(), Diagnostic> {
        let schema = &mut self.schema;
        match statement {
            Statement::CreateTable(create) => table::apply_create_table(schema, create, cx, &mut self.diagnostics),
            Statement::CreateIndex(create) => alter::apply_create_index(schema, create, cx),
            Statement::CreateType { name, representation } => {
                alter::apply_create_type(schema, &name, representation, cx, &mut self.diagnostics)
            }
            Statement::CreateView(view) => table::apply_create_view(schema, view, cx),
            Statement::CreateSchema { schema_name, if_not_exists, .. } => {
                alter::apply_create_schema(schema, &schema_name, if_not_exists, cx)
            }
            Statement::AlterTable(alter) => alter::apply_alter_table(schema, alter, cx, &mut self.diagnostics),
            Statement::AlterType(alter) => alter::apply_alter_type(schema, alter, cx),
            Statement::Drop { object_type, if_exists, names, cascade, table, .. } => {
                alter::apply_drop(schema, object_type, if_exists, &names, cascade, table.as_ref(), cx)
            }
            Statement::Comment { object_type, object_name, comment, .. } => {
                alter::apply_comment(schema, object_type, &object_name, comment, cx)
            }
            Statement::RenameTable(renames) => {
                for rename in renames {
                    alter::rename_table(schema, &cx.name(&rename.old_name), cx.name(&rename.new_name), cx)?;
                }
                Ok(())
            }
            Statement::AlterIndex { name, operation } => alter::apply_alter_index(schema, &name, operation, cx),
            other => {
                if is_schema_neutral(&other) {
                    self.diagnostics
                        .push(cx.note(format!("skipped `{}`: it does not change the schema", first_words(&other))));
                    Ok(())
                } else {
                    Err(cx
                        .error(format!("cannot apply `{}` to the schema model", first_words(&other)))
                        .with_help("remove it from the schema file, or report the statement kind as unsupported"))
                }
            }
        }
    }

    /// Resolve references (enum types, implicit foreign-key columns), validate, and return the
    /// model, or every error found.
    pub fn finish(self) -> Result<Loaded, ReadError> {
        let Self { dialect, mut schema, mut diagnostics } = self;
        finish::resolve(&mut schema, dialect, &mut diagnostics);
        crate::read::finish(schema, diagnostics)
    }

    /// The schema and diagnostics as they stand, without validation (for replay steps).
    pub fn into_parts(self) -> (Schema, Diagnostics) {
        (self.schema, self.diagnostics)
    }
}

/// The kind of a statement that sqlparser may fail to parse but that never changes the tables
/// (`PRAGMA`, `CREATE [OR REPLACE] PROCEDURE|FUNCTION|TRIGGER`, `DROP PROCEDURE|FUNCTION|TRIGGER`,
/// `DO`, `CALL`), named for the note; `None` for anything else.
fn unparsed_neutral_kind(tokens: &[sqlparser::tokenizer::TokenWithSpan]) -> Option<String> {
    use sqlparser::tokenizer::Token;
    let words: Vec<String> = tokens
        .iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .take(4)
        .map_while(|t| match &t.token {
            Token::Word(w) => Some(w.value.to_ascii_uppercase()),
            _ => None,
        })
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let routine = |w: &str| matches!(w, "PROCEDURE" | "FUNCTION" | "TRIGGER");
    match words.as_slice() {
        ["PRAGMA", ..] | ["DO", ..] | ["CALL", ..] => Some(words[0].to_string()),
        ["CREATE", "OR", "REPLACE", kind, ..] if routine(kind) => Some(format!("CREATE OR REPLACE {kind}")),
        ["CREATE", kind, ..] | ["DROP", kind, ..] if routine(kind) => Some(format!("{} {kind}", words[0])),
        _ => None,
    }
}

/// Statements that leave the schema model as it is: data changes, sessions, permissions,
/// functions and extensions.
fn is_schema_neutral(statement: &Statement) -> bool {
    matches!(
        statement,
        Statement::Insert(_)
            | Statement::Update(_)
            | Statement::Delete(_)
            | Statement::Query(_)
            | Statement::Set(_)
            | Statement::StartTransaction { .. }
            | Statement::Commit { .. }
            | Statement::Rollback { .. }
            | Statement::Savepoint { .. }
            | Statement::ReleaseSavepoint { .. }
            | Statement::CreateExtension(_)
            | Statement::DropExtension(_)
            | Statement::CreateFunction(_)
            | Statement::DropFunction(_)
            | Statement::CreateTrigger(_)
            | Statement::DropTrigger(_)
            | Statement::CreateProcedure { .. }
            | Statement::DropProcedure { .. }
            | Statement::CreateSequence { .. }
            | Statement::Grant(_)
            | Statement::Revoke(_)
            | Statement::Pragma { .. }
            | Statement::CreateRole(_)
            | Statement::Analyze(_)
            | Statement::Use(_)
            | Statement::Truncate(_)
            | Statement::Copy { .. }
            | Statement::Explain { .. }
            | Statement::Call(_)
            | Statement::Execute { .. }
            | Statement::Prepare { .. }
            | Statement::Deallocate { .. }
            | Statement::Declare { .. }
            | Statement::Lock(_)
            | Statement::LockTables { .. }
            | Statement::UnlockTables
            | Statement::Vacuum(_)
            | Statement::CreatePolicy(_)
            | Statement::DropPolicy(_)
    )
}

/// The first few words of a statement, to name it in a message.
fn first_words(statement: &Statement) -> String {
    let text = statement.to_string();
    let words: Vec<&str> = text.split_whitespace().take(3).collect();
    words.join(" ")
}

/// sqlparser reports positions inside its message (`... at Line: 3, Column: 5`); lift them
/// into the diagnostic's location.
fn parse_error(cx: &StatementContext, message: &str) -> Diagnostic {
    let position = message.rfind(" at Line: ").and_then(|at| {
        let rest = &message[at + " at Line: ".len()..];
        let (line, rest) = rest.split_once(", Column: ")?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((at, line.parse::<u32>().ok()?, column.parse::<u32>().ok()?))
    });
    let (text, line, column) = match position {
        Some((at, line, column)) => (&message[..at], line, column),
        None => (message, cx.line, cx.column),
    };
    let text = text.strip_prefix("sql parser error: ").unwrap_or(text);
    Diagnostic::error(format!("syntax error: {text}")).at(Some(Location::new(cx.file.clone(), line, column)))
}

/// The object type words used in messages.
pub(crate) fn object_type_name(object_type: ObjectType) -> String {
    object_type.to_string().to_lowercase()
}

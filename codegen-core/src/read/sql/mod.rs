//! The SQL DDL reader: applies `CREATE`/`ALTER`/`DROP`/`COMMENT` statements, in order, to a model.
//!
//! The same reader serves a declarative `schema.sql` and the replay of a migrations folder: both
//! are statements applied one after another to a schema, without any database.

mod alter;
mod alter_objects;
mod apply;
mod classify;
mod coltype;
mod drop;
mod expr;
mod finish;
mod index;
mod lex;
mod objects;
mod own_database;
pub(crate) mod pg_names;
mod prepare;
mod script;
mod table;

pub use coltype::{
    DeclaredType, SqliteAffinity, declared_default_for, declared_type_for, lower_declared_type, sqlite_affinity,
};
pub use lex::referenced_words;

use std::path::Path;
use std::sync::Arc;

use sqlparser::ast::{Ident, ObjectName, Statement};
use sqlparser::dialect::{Dialect as ParserDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::location::{Loc, Location};
use crate::model::{QualifiedName, Schema};
use crate::read::{Loaded, ReadError, read_sql_text};

/// Read a declarative DDL file.
pub fn read_sql_file(path: &Path, dialect: Dialect) -> Result<Loaded, ReadError> {
    let text = read_sql_text(path)?;
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
    /// The parts written inside MySQL-only conditional comments.
    pub(crate) mysql_only: Vec<script::MysqlOnly>,
}

/// Split and parse a script; an error only when a quote or comment is left open.
pub fn parse_script(text: &str, file: &Path, dialect: Dialect) -> Result<Vec<ScriptStatement>, Diagnostic> {
    let file: Arc<Path> = Arc::from(file);
    let script = script::split_script(text, dialect);
    if let Some((what, line, column)) = &script.unterminated {
        return Err(Diagnostic::error(format!("{what} is never closed")).at(Some(Location::new(
            file.clone(),
            *line,
            *column,
        ))));
    }
    let lines = line_starts(text);
    let mut out = Vec::new();
    let mut previous_end = 0usize;
    for statement in script.statements {
        let cx = StatementContext {
            dialect,
            file: file.clone(),
            line: statement.line,
            column: statement.column,
            mysql_only: statement.mysql_only.clone(),
        };
        let start = lines.get(statement.line as usize - 1).copied().unwrap_or(0) + statement.column as usize - 1;
        let start = start.min(text.len());
        let comments = comments_between(text.get(previous_end.min(start)..start).unwrap_or_default());
        previous_end = (start + statement.text.len()).min(text.len());
        let parsed = apply::parse_at(&statement.text, &cx);
        out.push(ScriptStatement {
            line: statement.line,
            column: statement.column,
            text: statement.text,
            comments,
            parsed,
            mysql_only: statement.mysql_only,
        });
    }
    Ok(out)
}

/// Byte offsets where each line starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// The `--` and `/* */` comments in the text between two statements, without their markers.
fn comments_between(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ';');
        if let Some(line) = trimmed.strip_prefix("--") {
            let end = line.find('\n').unwrap_or(line.len());
            out.push(line[..end].trim().to_string());
            rest = &line[end..];
        } else if let Some(block) = trimmed.strip_prefix("/*") {
            let end = block.find("*/").unwrap_or(block.len());
            out.push(block[..end].trim().to_string());
            rest = block.get(end + 2..).unwrap_or("");
        } else {
            break;
        }
    }
    out
}

/// Applies SQL scripts to a schema, one statement at a time, collecting diagnostics.
pub struct SqlReader {
    dialect: Dialect,
    schema: Schema,
    diagnostics: Diagnostics,
}

/// Where the statement being applied sits, for the diagnostics and locations it produces.
#[derive(Clone)]
pub(crate) struct StatementContext {
    pub dialect: Dialect,
    pub file: Arc<Path>,
    pub line: u32,
    pub column: u32,
    /// The parts of the statement MySQL runs and MariaDB skips.
    pub mysql_only: Vec<script::MysqlOnly>,
}

impl StatementContext {
    /// The statement's own location.
    pub fn location(&self) -> Location {
        Location::new(self.file.clone(), self.line, self.column)
    }

    pub fn loc(&self) -> Loc {
        Loc::at(self.location())
    }

    /// The MySQL version from which the statement's part at `ident` exists, when it is written
    /// inside a MySQL-only conditional comment (MariaDB does not have it).
    pub fn mysql_only_since(&self, ident: &Ident) -> Option<u32> {
        self.mysql_only_at((ident.span.start.line as u32, ident.span.start.column as u32))
    }

    /// [`Self::mysql_only_since`] for a 1-based position in the file (the statement's own
    /// start when the whole statement is conditional).
    pub fn mysql_only_at(&self, at: (u32, u32)) -> Option<u32> {
        self.mysql_only.iter().filter(|region| region.contains(at)).map(|region| region.version).max()
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
        let schema = schema.filter(|s| match self.dialect {
            Dialect::Postgres => s != "public",
            Dialect::Mysql => false,
            Dialect::Sqlite => s != "main",
        });
        QualifiedName { schema, name }
    }

    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(Some(self.location()))
    }

    pub fn note(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::note(message).at(Some(self.location()))
    }

    pub fn warning(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(message).at(Some(self.location()))
    }
}

pub(crate) fn parser_dialect(dialect: Dialect) -> Box<dyn ParserDialect> {
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
    pub fn with_schema(mut schema: Schema, dialect: Dialect) -> Self {
        schema.dialect.get_or_insert(dialect);
        Self { dialect, schema, diagnostics: Diagnostics::new() }
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Take a table the script names but nothing created as existing, without columns (a lone
    /// migration linted with no schema: its `ALTER` and `DROP` still replay).
    pub fn assume_table(&mut self, name: &QualifiedName) {
        if self.schema.table(name).is_none() && self.schema.view(name).is_none() {
            self.schema.tables.push(crate::model::Table { name: name.clone(), ..crate::model::Table::new(&name.name) });
        }
    }

    /// Take a column of an assumed table as existing, of a type nobody knows.
    pub fn assume_column(&mut self, table: &QualifiedName, column: &str) {
        if let Some(table) = self.schema.table_mut(table)
            && table.column(column).is_none()
        {
            let unknown = crate::model::ColumnType::Other { raw: "unknown".into() };
            table.columns.push(crate::model::Column::new(column, unknown, "unknown"));
        }
    }

    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    /// Apply every statement of a script. A statement that fails is reported and skipped, so
    /// one run reports every problem in the file.
    pub fn apply_script(&mut self, text: &str, file: &Path) {
        let file: Arc<Path> = Arc::from(file);
        let script = script::split_script(text, self.dialect);
        for aside in &script.asides {
            let note = match aside {
                script::Aside::MetaCommand { line, text } => Some((
                    *line,
                    format!("skipped the psql command `{}`", text.split_whitespace().next().unwrap_or(text)),
                )),
                script::Aside::CopyData { line, rows } => Some((*line, format!("skipped {rows} rows of COPY data"))),
                script::Aside::Delimiter { .. } => None,
            };
            if let Some((line, message)) = note {
                self.diagnostics.push(Diagnostic::note(message).at(Some(Location::new(file.clone(), line, 1))));
            }
        }
        if let Some((what, line, column)) = &script.unterminated {
            self.diagnostics.push(
                Diagnostic::error(format!("{what} is never closed"))
                    .at(Some(Location::new(file.clone(), *line, *column)))
                    .with_help("everything after it is read as part of it"),
            );
        }
        for statement in script.statements {
            let cx = StatementContext {
                dialect: self.dialect,
                file: file.clone(),
                line: statement.line,
                column: statement.column,
                mysql_only: statement.mysql_only,
            };
            if let Err(diagnostic) = apply::apply_text(&mut self.schema, &statement.text, &cx, &mut self.diagnostics) {
                self.diagnostics.push(diagnostic);
            }
        }
    }

    /// Apply one statement of a script split by [`parse_script`]; its error, if any, is returned
    /// rather than recorded (the linter reports it its own way).
    pub fn apply_script_statement(&mut self, statement: &ScriptStatement, file: &Path) -> Result<(), Diagnostic> {
        let cx = StatementContext {
            dialect: self.dialect,
            file: Arc::from(file),
            line: statement.line,
            column: statement.column,
            mysql_only: statement.mysql_only.clone(),
        };
        apply::apply_text(&mut self.schema, &statement.text, &cx, &mut self.diagnostics)
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

/// sqlparser reports positions inside its message (`... at Line: 3, Column: 5`); lift them
/// into the diagnostic's location.
pub(crate) fn parse_error(cx: &StatementContext, message: &str) -> Diagnostic {
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

//! What a rendering carries around: the dialect, the schema, and the diagnostics so far.

use codegen_core::{Diagnostic, Diagnostics, Dialect, Loc, QualifiedName, Schema, Severity};

use crate::quote::{quote_ident, quote_literal, quote_name};

pub(crate) struct Context<'a> {
    pub dialect: Dialect,
    pub schema: &'a Schema,
    pub diagnostics: Diagnostics,
}

impl<'a> Context<'a> {
    pub fn new(schema: &'a Schema, dialect: Dialect) -> Self {
        Self { dialect, schema, diagnostics: Diagnostics::new() }
    }

    /// The dialect as users know it, for messages.
    pub fn dialect_name(&self) -> &'static str {
        match self.dialect {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Mysql => "MySQL",
            Dialect::Sqlite => "SQLite",
        }
    }

    pub fn report(&mut self, severity: Severity, object: impl Into<String>, loc: &Loc, message: impl Into<String>) {
        let diagnostic = Diagnostic::new(severity, message).with_object(object).at(loc.location().cloned());
        self.diagnostics.push(diagnostic);
    }

    pub fn warning(&mut self, object: impl Into<String>, loc: &Loc, message: impl Into<String>) {
        self.report(Severity::Warning, object, loc, message);
    }

    pub fn note(&mut self, object: impl Into<String>, loc: &Loc, message: impl Into<String>) {
        self.report(Severity::Note, object, loc, message);
    }

    pub fn error(&mut self, object: impl Into<String>, loc: &Loc, message: impl Into<String>) {
        self.report(Severity::Error, object, loc, message);
    }

    /// Record a diagnostic made without an object (from [`crate::render_type`]) against one.
    pub fn attach(&mut self, issue: Diagnostic, object: impl Into<String>, loc: &Loc) {
        self.diagnostics.push(issue.with_object(object).at(loc.location().cloned()));
    }

    pub fn ident(&self, name: &str) -> String {
        quote_ident(name, self.dialect)
    }

    pub fn name(&self, name: &QualifiedName) -> String {
        quote_name(name, self.dialect)
    }

    pub fn literal(&self, text: &str) -> String {
        quote_literal(text, self.dialect)
    }
}

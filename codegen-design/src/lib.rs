//! `codegen design`: a plain-language domain description, or its TOML spec, designed into the
//! neutral schema model, so that every backend works on it.
//!
//! The path is text -> sentences ([`text`]) -> clauses ([`parse`]) -> a [`Spec`] ([`resolve`])
//! -> a [`Schema`] by named conventions ([`build`], [`DesignOptions`]). Every step is pure and
//! deterministic; sentences the reader cannot read become warnings that quote them, point at the
//! words and name the nearest accepted forms (errors with `strict`).

pub mod build;
pub mod options;
pub mod origin;
pub mod parse;
pub mod resolve;
pub mod spec;
pub mod suggest;
pub mod text;
pub mod words;

use std::path::Path;

use codegen_core::read::{Loaded, ReadError};
use codegen_core::{Diagnostic, Diagnostics, Dialect, Location, Schema, Severity};

pub use build::{Decision, table_name};
pub use options::{DesignOptions, JoinKey, KeyType};
pub use origin::Origin;
pub use spec::Spec;

/// What a design run is given besides the input.
#[derive(Debug, Clone, Default)]
pub struct DesignSettings {
    pub options: DesignOptions,
    /// The dialect to design for; without it, the one the description states, else PostgreSQL.
    pub dialect: Option<Dialect>,
    /// Every sentence not understood (in whole or in part) is an error.
    pub strict: bool,
}

/// A finished design.
#[derive(Debug, Clone)]
pub struct Design {
    /// What the input said, in structured form.
    pub spec: Spec,
    pub schema: Schema,
    /// The dialect designed for.
    pub dialect: Dialect,
    /// Every choice, with the sentence that caused it.
    pub decisions: Vec<Decision>,
    /// Sentences not understood, rules the database cannot hold, notes.
    pub diagnostics: Diagnostics,
}

impl Design {
    /// The ORM the description states (`prisma`, `diesel`, `sea-orm`), a default for `--target`.
    pub fn stated_orm(&self) -> Option<&str> {
        self.spec.orm.as_deref()
    }
}

/// Read a description's sentences into a spec, with a warning for every sentence (or part of
/// one) that was not understood.
pub fn read_description(text: &str, file: &Path) -> (Spec, Diagnostics) {
    let index = origin::LineIndex::new(text, file);
    let mut said = Vec::new();
    let mut diagnostics = Diagnostics::new();
    for sentence in text::sentences(text) {
        let origin =
            Origin { sentence: sentence.text.clone(), location: Some(index.location(text, sentence.span.start)) };
        let reading = parse::read_sentence(&sentence);
        if reading.clauses.is_empty() {
            diagnostics.push(not_understood(&sentence, &reading, text, &index));
            continue;
        }
        if let Some(first) = reading.unused.first() {
            let unused: Vec<&str> = reading.unused.iter().map(|r| &text[r.clone()]).collect();
            diagnostics.push(
                Diagnostic::warning(format!(
                    "understood in part: \"{}\" — not used: {}",
                    sentence.text,
                    unused.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ")
                ))
                .with_object(unused[0].to_string())
                .at(Some(index.location(text, first.start)))
                .with_help(format!("the rest was read as: {}", describe(&reading.clauses))),
            );
        }
        said.extend(reading.clauses.into_iter().map(|clause| resolve::Said { clause, origin: origin.clone() }));
    }
    (resolve::resolve(&said), diagnostics)
}

fn not_understood(
    sentence: &text::Sentence,
    reading: &parse::Reading,
    text: &str,
    index: &origin::LineIndex,
) -> Diagnostic {
    let words: Vec<&str> = sentence.tokens.iter().map(|t| t.text.as_str()).collect();
    let at = reading.stuck_at.clone().unwrap_or(sentence.span.clone());
    let word = &text[at.clone()];
    let mut help = String::new();
    if let Some(verb) = suggest::close_verb(&word.to_lowercase()) {
        help.push_str(&format!("did you mean `{verb}`? "));
    }
    help.push_str("nearest accepted forms: ");
    help.push_str(&suggest::nearest_forms(&words).iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(" or "));
    help.push_str(" (docs/design.md lists them all)");
    Diagnostic::warning(format!("sentence not understood: \"{}\"", sentence.text))
        .with_object(word.to_string())
        .at(Some(index.location(text, at.start)))
        .with_help(help)
}

/// A short account of clauses, for "understood in part".
fn describe(clauses: &[parse::Clause]) -> String {
    let kinds: Vec<&str> = clauses
        .iter()
        .map(|c| match c {
            parse::Clause::Platform { .. } => "the database or ORM",
            parse::Clause::Entities(_) => "entities",
            parse::Clause::Has { .. } => "what an entity has",
            parse::Clause::BelongsTo { .. } | parse::Clause::Joins { .. } | parse::Clause::ManyToMany { .. } => {
                "a relationship"
            }
            parse::Clause::SoftDelete { .. } => "soft delete",
            parse::Clause::Scale { .. } => "scale",
            parse::Clause::Query { .. } => "a query pattern",
            parse::Clause::Unique { .. } => "a unique rule",
            parse::Clause::ChildCount { .. } | parse::Clause::Range { .. } | parse::Clause::After { .. } => "a rule",
            parse::Clause::Values { .. } => "listed values",
            parse::Clause::Optional { .. } => "whether a value is optional",
        })
        .collect();
    kinds.join(", ")
}

/// Read a TOML spec.
pub fn read_spec(text: &str, file: &Path) -> Result<Spec, Diagnostics> {
    toml::from_str::<Spec>(text).map_err(|e| {
        let index = origin::LineIndex::new(text, file);
        let location = e.span().map(|s| index.location(text, s.start));
        Diagnostics(vec![Diagnostic::error(format!("not a design spec: {}", e.message())).at(location)])
    })
}

/// Design a spec in the settings' dialect (or the stated one, else PostgreSQL).
pub fn design_spec(spec: Spec, settings: &DesignSettings, mut diagnostics: Diagnostics) -> Design {
    let stated = spec.dialect.as_deref().and_then(|d| d.parse::<Dialect>().ok());
    let dialect = settings.dialect.or(stated).unwrap_or(Dialect::Postgres);
    let (schema, decisions, more) = build::build(&spec, &settings.options, dialect);
    diagnostics.extend(more);
    if settings.strict {
        for d in &mut diagnostics.0 {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }
    Design { spec, schema, dialect, decisions, diagnostics }
}

/// Whether a path is a TOML spec rather than a description.
pub fn is_spec_path(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// Read and design a description or spec file.
pub fn design_file(path: &Path, settings: &DesignSettings) -> Result<Design, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|e| ReadError::io(path, e))?;
    design_text(&text, path, settings)
}

/// Design a description (or a spec, when `file` ends in `.toml`) given as text.
pub fn design_text(text: &str, file: &Path, settings: &DesignSettings) -> Result<Design, ReadError> {
    let (spec, diagnostics) = if is_spec_path(file) {
        (read_spec(text, file).map_err(ReadError::Invalid)?, Diagnostics::new())
    } else {
        read_description(text, file)
    };
    if spec.entities.is_empty() {
        let mut diagnostics = diagnostics;
        diagnostics.push(
            Diagnostic::error("the description names no entity: there is nothing to design")
                .at(Some(Location::new(std::sync::Arc::from(file), 1, 1)))
                .with_help(
                    "start with what the domain holds: \"Users create projects. Projects contain experiments.\"",
                ),
        );
        return Err(ReadError::Invalid(diagnostics));
    }
    let design = design_spec(spec, settings, diagnostics);
    if design.diagnostics.has_errors() {
        return Err(ReadError::Invalid(design.diagnostics));
    }
    Ok(design)
}

/// As a schema source (`[schema] path = "domain.md"`): the designed schema and its warnings.
pub fn read_design_file(path: &Path, settings: &DesignSettings) -> Result<Loaded, ReadError> {
    let design = design_file(path, settings)?;
    Ok(Loaded { schema: design.schema, diagnostics: design.diagnostics })
}

/// The decisions as text: one line each, with the sentence that caused it (`--explain`).
pub fn explain(design: &Design) -> String {
    let mut out = String::new();
    for d in &design.decisions {
        out.push_str(&format!("{:<28} [{}] {}\n", d.object, d.convention, d.text));
        if let Some(origin) = &d.origin {
            let at = origin.location.as_ref().map(|l| format!(" ({l})")).unwrap_or_default();
            out.push_str(&format!("{:<28}   because: \"{}\"{at}\n", "", origin.sentence));
        }
    }
    out
}

/// SQL with each table's decisions as `--` comments above its `CREATE TABLE`.
pub fn annotate_sql(sql: &str, design: &Design) -> String {
    let mut out = String::new();
    for line in sql.lines() {
        if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
            let name: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '(')
                .filter(|c| !matches!(c, '"' | '`'))
                .collect();
            for d in design.decisions.iter().filter(|d| d.object == name || d.object.starts_with(&format!("{name}."))) {
                out.push_str(&format!("-- {}: {} [{}]\n", d.object, d.text, d.convention));
                if let Some(origin) = &d.origin {
                    out.push_str(&format!("--   from: \"{}\"\n", origin.sentence));
                }
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The dialect a description (or spec) file states, if any: the default dialect of a run that
/// reads it as its schema source.
pub fn stated_dialect(path: &Path) -> Option<Dialect> {
    let text = std::fs::read_to_string(path).ok()?;
    let spec = if is_spec_path(path) { read_spec(&text, path).ok()? } else { read_description(&text, path).0 };
    spec.dialect?.parse().ok()
}

//! Sentences into clauses: who has what, what belongs to what, what is unique, what is queried.
//!
//! Each clause pattern reads from a [`Cursor`] that marks the tokens it used, so that a sentence
//! understood in part can say which words were left over.

mod np;
mod patterns;

use std::ops::Range;

pub use np::{Np, is_enumish};

use crate::text::{Sentence, Token};
use crate::words::VerbClass;

/// What one clause of a sentence says.
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    /// "We use PostgreSQL and Prisma."
    Platform { dialect: Option<&'static str>, orm: Option<&'static str> },
    /// "We track customers, products and orders."
    Entities(Vec<Np>),
    /// "Experiments have variants and metrics", "Users create projects", "Users have an email".
    Has { subjects: Vec<Np>, verb: &'static str, class: VerbClass, items: Vec<Np>, modal: Modal, with: Vec<Np> },
    /// "Each experiment belongs to one project", "Users can belong to multiple projects through
    /// memberships with role assignments", "Tickets are assigned to agents".
    BelongsTo { subjects: Vec<Np>, parent: Np, modal: Modal, role: Option<String>, through: Option<Np>, with: Vec<Np> },
    /// "Students enroll in many courses."
    Joins { subjects: Vec<Np>, verb: &'static str, object: Np, through: Option<Np>, with: Vec<Np> },
    /// "Students and courses are many-to-many."
    ManyToMany { a: Np, b: Np, through: Option<Np> },
    /// "Projects can be archived and restored."
    SoftDelete { subjects: Vec<Np> },
    /// "The events table will have millions of rows", "Readings are append-only."
    Scale { subject: Np, rows: Option<u64>, append_only: bool },
    /// "We will frequently query experiments by project and status."
    Query { subject: Np, by: Vec<Np>, sort: Option<Np>, descending: bool },
    /// "Project names must be unique within an organization."
    Unique { target: Np, within: Option<Np> },
    /// "An experiment must have at least two variants."
    ChildCount { parent: Np, child: Np, min: Option<u64>, max: Option<u64> },
    /// "Prices must be positive", "Ratings are between 1 and 5."
    Range { target: Np, min: Option<f64>, max: Option<f64>, exclusive_min: bool },
    /// "The end date must be after the start date."
    After { later: Np, earlier: Np },
    /// "An order can be pending, paid or shipped", "Priority is low, medium or high."
    Values { target: Np, values: Vec<String> },
    /// "A phone number is optional."
    Optional { target: Np, optional: bool },
}

/// The modal of a clause: what it says about whether something must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Modal {
    /// `can`, `may`, `might`, `optionally`.
    pub possible: bool,
    /// `must`, `needs to`, `has to`, `always`.
    pub required: bool,
}

/// A sentence read: its clauses and the words no clause used.
#[derive(Debug, Clone)]
pub struct Reading {
    pub clauses: Vec<Clause>,
    /// Spans of content words that were not used, in order.
    pub unused: Vec<Range<usize>>,
    /// The first word the reader stopped at, when nothing was understood.
    pub stuck_at: Option<Range<usize>>,
}

/// A position in a sentence's tokens, marking the ones used.
pub struct Cursor<'a> {
    pub tokens: &'a [Token],
    pub pos: usize,
    used: Vec<bool>,
}

impl<'a> Cursor<'a> {
    pub fn new(tokens: &'a [Token]) -> Self {
        Self { tokens, pos: 0, used: vec![false; tokens.len()] }
    }

    pub fn peek(&self) -> Option<&'a str> {
        self.tokens.get(self.pos).map(|t| t.text.as_str())
    }

    pub fn peek_at(&self, ahead: usize) -> Option<&'a str> {
        self.tokens.get(self.pos + ahead).map(|t| t.text.as_str())
    }

    /// Move past the current token, marking it used.
    pub fn advance(&mut self) {
        if let Some(used) = self.used.get_mut(self.pos) {
            *used = true;
        }
        self.pos += 1;
    }

    /// Consume `word` if it is next.
    pub fn eat(&mut self, word: &str) -> bool {
        if self.peek() == Some(word) {
            self.advance();
            true
        } else {
            false
        }
    }

    /// Consume any of `words` (repeatedly); whether one was there.
    pub fn eat_any(&mut self, words: &[&str]) -> bool {
        let mut any = false;
        while self.peek().is_some_and(|w| words.contains(&w)) {
            self.advance();
            any = true;
        }
        any
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    pub fn span_of(&self, first: usize, last: usize) -> Range<usize> {
        self.tokens[first].span.start..self.tokens[last].span.end
    }

    /// Forget what was marked used from `from` on, and go back there.
    pub fn rewind(&mut self, from: usize) {
        for used in &mut self.used[from..] {
            *used = false;
        }
        self.pos = from;
    }

    /// Mark every token matching `pred` used (words a pattern recognised anywhere).
    pub fn use_all_matching(&mut self, pred: impl Fn(&str) -> bool) {
        for (k, token) in self.tokens.iter().enumerate() {
            if pred(&token.text) {
                self.used[k] = true;
            }
        }
    }

    pub fn any(&self, pred: impl Fn(&str) -> bool) -> bool {
        self.tokens.iter().any(|t| pred(&t.text))
    }

    pub fn position(&self, pred: impl Fn(&str) -> bool) -> Option<usize> {
        self.tokens.iter().position(|t| pred(&t.text))
    }

    /// Content words not used, merged into runs (fillers between them do not break a run).
    fn unused(&self) -> Vec<Range<usize>> {
        let mut runs: Vec<Range<usize>> = Vec::new();
        let mut open = false;
        for (token, used) in self.tokens.iter().zip(&self.used) {
            if *used {
                open = false;
                continue;
            }
            let ignorable = !token.is_word()
                || crate::words::is_article(&token.text)
                || crate::words::is_filler(&token.text)
                || matches!(token.text.as_str(), "and" | "or" | "we" | "will" | "the" | "is" | "are");
            if ignorable {
                continue;
            }
            match runs.last_mut() {
                Some(run) if open => run.end = token.span.end,
                _ => runs.push(token.span.clone()),
            }
            open = true;
        }
        runs
    }
}

/// Read one sentence.
pub fn read_sentence(sentence: &Sentence) -> Reading {
    let mut cursor = Cursor::new(&sentence.tokens);
    let clauses = patterns::clauses(&mut cursor);
    let stuck_at = if clauses.is_empty() {
        first_unknown(&sentence.tokens).map(|k| sentence.tokens[k].span.clone())
    } else {
        None
    };
    let unused = if clauses.is_empty() { Vec::new() } else { cursor.unused() };
    Reading { clauses, unused, stuck_at }
}

/// The word to point at in a sentence nothing could read: its verb, or its first content word.
fn first_unknown(tokens: &[Token]) -> Option<usize> {
    let content = |t: &Token| t.is_word() && !crate::words::is_article(&t.text) && !crate::words::is_filler(&t.text);
    let first_content = tokens.iter().position(content)?;
    // Skip the subject: the first word after it that is not a noun-ish word.
    tokens
        .iter()
        .enumerate()
        .skip(first_content + 1)
        .find(|(_, t)| content(t) && !crate::words::is_plural(&t.text))
        .map(|(k, _)| k)
        .or(Some(first_content))
}

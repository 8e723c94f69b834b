//! Noun phrases and lists of them: `a display name`, `many variants`, `a status: draft or live`.

use std::ops::Range;

use crate::parse::Cursor;
use crate::words::{self, Quantity};

/// A noun phrase: the content words and what was said about them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Np {
    /// Content words, lowercase (`display`, `name`).
    pub words: Vec<String>,
    pub span: Range<usize>,
    /// `a`/`an` came first (a single thing, usually an attribute).
    pub indefinite: bool,
    pub quantity: Option<Quantity>,
    /// `at least N` before the noun.
    pub at_least: Option<u64>,
    pub at_most: Option<u64>,
    pub optional: bool,
    pub unique: bool,
    /// Listed values (`a status: draft, running or paused`).
    pub values: Vec<String>,
    /// The owner named by a possessive (`a user's email`: `user`).
    pub owner: Option<Vec<String>>,
}

impl Np {
    /// snake_case of the words.
    pub fn name(&self) -> String {
        self.words.join("_")
    }

    pub fn last(&self) -> &str {
        self.words.last().map_or("", String::as_str)
    }

    pub fn is_plural(&self) -> bool {
        words::is_plural(self.last())
    }

    /// The singular snake_case name (`order_items` -> `order_item`).
    pub fn singular(&self) -> String {
        words::singular(&self.name())
    }
}

/// Adjectives that qualify an attribute or a reference.
fn qualifier(word: &str, np: &mut Np) -> bool {
    match word {
        "optional" | "optionally" | "nullable" => np.optional = true,
        "unique" | "distinct" => np.unique = true,
        "required" | "mandatory" | "non-empty" | "new" | "different" | "other" | "same" | "individual" => {}
        _ => return false,
    }
    true
}

/// Words that can never be a noun of a phrase.
fn stops(word: &str) -> bool {
    words::is_preposition(word)
        || words::is_modal(word)
        || words::is_be(word)
        || matches!(word, "," | ":" | ";" | "(" | ")" | "/" | "'s" | "not" | "never" | "has" | "have" | "had")
        || matches!(
            word,
            "belong"
                | "belongs"
                | "reference"
                | "references"
                | "refer"
                | "refers"
                | "point"
                | "points"
                | "relate"
                | "relates"
                | "sorted"
                | "ordered"
                | "newest"
                | "latest"
                | "oldest"
                | "first"
                | "desc"
                | "descending"
                | "ascending"
                | "too"
                | "works"
                | "work"
                | "takes"
                | "take"
        )
}

/// Words that link a name inside a phrase: `date of birth`, `number of seats`.
fn of_joins(previous: &str) -> bool {
    matches!(
        previous,
        "date" | "place" | "number" | "country" | "time" | "type" | "unit" | "level" | "method" | "mode" | "point"
    )
}

impl Cursor<'_> {
    /// A noun phrase at the cursor, or `None` (cursor unmoved) when there is no noun.
    pub fn noun_phrase(&mut self) -> Option<Np> {
        let start = self.pos;
        let mut np = Np::default();
        // Determiners, quantities and qualifiers.
        while let Some(word) = self.peek() {
            if words::is_article(word) {
                np.indefinite |= matches!(word, "a" | "an");
            } else if word == "at" && matches!(self.peek_at(1), Some("least" | "most")) {
                let most = self.peek_at(1) == Some("most");
                match self.peek_at(2).and_then(words::number) {
                    Some(n) => {
                        if most {
                            np.at_most = Some(n)
                        } else {
                            np.at_least = Some(n)
                        }
                        self.advance();
                        self.advance();
                    }
                    None => break,
                }
            } else if word == "any" || word == "number" && np.quantity == Some(Quantity::Many) {
                np.quantity = Some(Quantity::Many);
            } else if word == "or" && np.quantity == Some(Quantity::Many) {
                // "zero or more", "one or more"
            } else if let Some(q) = words::quantity(word) {
                np.quantity = Some(match (np.quantity, q) {
                    (Some(Quantity::Many), _) => Quantity::Many,
                    _ => q,
                });
            } else if matches!(word, "each" | "every" | "all" | "no" | "two" | "of") && np.words.is_empty() {
                // "each experiment", "all of the", "lots of"
            } else if !qualifier(word, &mut np) {
                break;
            }
            self.advance();
        }
        let words_start = self.pos;
        while let Some(word) = self.peek() {
            if stops(word) {
                if word == "at"
                    && np
                        .words
                        .last()
                        .is_some_and(|w| w.ends_with("ed") || matches!(w.as_str(), "starts" | "ends" | "due"))
                    && self.peek_at(1).is_none_or(|w| !words::is_article(w) && words::number(w).is_none())
                {
                    np.words.push("at".into());
                    self.advance();
                    continue;
                }
                if word == "of"
                    && np.words.last().is_some_and(|w| of_joins(w))
                    && self.peek_at(1).is_some_and(|w| !stops(w) && !words::is_article(w))
                {
                    np.words.push("of".into());
                    self.advance();
                    continue;
                }
                break;
            }
            // A verb ends the phrase, unless it stands where only a noun can (first word, or
            // right before a verb of its own: "reviews are", "orders have").
            if !np.words.is_empty() && words::verb_base(word).is_some() && !self.noun_position(1) {
                break;
            }
            if words::quantity(word).is_some() && !np.words.is_empty() {
                break;
            }
            if !word.chars().next().is_some_and(char::is_alphanumeric) {
                break;
            }
            np.words.push(normalise(word));
            self.advance();
        }
        if np.words.is_empty() {
            self.pos = start;
            return None;
        }
        np.span = self.span_of(start.max(words_start).min(self.pos - 1), self.pos - 1);
        np.span.start = self.tokens[start].span.start.min(np.span.start);
        // A possessive: "a user's email" names the email, owned by the user.
        if self.peek() == Some("'s") {
            self.advance();
            if let Some(mut owned) = self.noun_phrase() {
                owned.owner = Some(np.words.clone());
                owned.span.start = np.span.start;
                owned.indefinite |= np.indefinite;
                return Some(owned);
            }
        }
        self.values(&mut np);
        Some(np)
    }

    /// Whether the word `ahead` tokens on stands where a verb follows (so it is a noun).
    fn noun_position(&self, ahead: usize) -> bool {
        match self.peek_at(ahead) {
            None => false,
            Some(next) => {
                words::is_be(next) || words::is_modal(next) || matches!(next, "have" | "has" | "belong" | "belongs")
            }
        }
    }

    /// `: a, b or c`, `(a, b, c)`, `of a, b or c`, `such as a and b`: enum values.
    fn values(&mut self, np: &mut Np) {
        let save = self.pos;
        let closing = match self.peek() {
            Some(":") => None,
            Some("(") => Some(")"),
            Some("of" | "either") if np.words.last().is_some_and(|w| is_enumish(w)) => None,
            Some("which" | "that") if np.words.last().is_some_and(|w| is_enumish(w)) => {
                // "which is one of", "that can be"
                self.advance();
                while matches!(self.peek(), Some(w) if words::is_be(w) || words::is_modal(w) || matches!(w, "one" | "of" | "either"))
                {
                    self.advance();
                }
                self.pos -= 1;
                None
            }
            _ => return,
        };
        self.advance();
        if matches!(self.peek(), Some("one")) && self.peek_at(1) == Some("of") {
            self.advance();
            self.advance();
        }
        let values = self.value_list(closing);
        if values.len() >= 2 {
            np.values = values;
        } else {
            self.pos = save;
        }
    }

    /// Values separated by commas, `or` and `and`, up to `closing` or the end.
    pub fn value_list(&mut self, closing: Option<&str>) -> Vec<String> {
        let mut values = Vec::new();
        let mut current: Vec<String> = Vec::new();
        while let Some(word) = self.peek() {
            if Some(word) == closing {
                self.advance();
                break;
            }
            if matches!(word, ";" | ":" | "(" | ")") {
                break;
            }
            if matches!(word, "," | "or" | "and" | "/") {
                if !current.is_empty() {
                    values.push(current.join("_"));
                    current.clear();
                }
            } else if !(current.is_empty() && (words::is_article(word) || word == "either")) {
                current.push(word.to_string());
            }
            self.advance();
        }
        if !current.is_empty() {
            values.push(current.join("_"));
        }
        values
    }

    /// `np (, np)* ((,) and|or np)?`.
    pub fn noun_list(&mut self) -> Vec<Np> {
        let mut list = Vec::new();
        let Some(first) = self.noun_phrase() else { return list };
        list.push(first);
        loop {
            let save = self.pos;
            let mut separated = false;
            while matches!(self.peek(), Some("," | "and" | "or" | "&" | "plus")) {
                separated = true;
                self.advance();
            }
            if !separated {
                break;
            }
            match self.noun_phrase() {
                Some(_)
                    if self.peek().is_some_and(|w| {
                        words::is_modal(w)
                            || words::is_be(w)
                            || words::verb_base(w).is_some()
                            || stops(w) && !matches!(w, "," | "and" | "or" | "(" | ":")
                    }) && self.peek().is_some_and(|w| !words::is_preposition(w)) =>
                {
                    self.pos = save;
                    break;
                }
                Some(np) => list.push(np),
                None => {
                    self.pos = save;
                    break;
                }
            }
        }
        list
    }
}

/// Words that name a field whose values are listed.
pub fn is_enumish(word: &str) -> bool {
    matches!(
        word,
        "status"
            | "state"
            | "stage"
            | "role"
            | "type"
            | "kind"
            | "category"
            | "priority"
            | "level"
            | "tier"
            | "plan"
            | "severity"
            | "visibility"
            | "gender"
            | "channel"
            | "source"
            | "method"
            | "mode"
            | "phase"
            | "frequency"
            | "unit"
            | "condition"
            | "format"
            | "outcome"
            | "result"
    )
}

/// One spelling per word: `e-mail` is `email`, hyphens become underscores.
fn normalise(word: &str) -> String {
    match word {
        "e-mail" => "email".into(),
        other => other.replace('-', "_"),
    }
}

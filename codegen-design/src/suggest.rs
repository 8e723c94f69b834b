//! The nearest accepted forms of a sentence the reader could not read.

use strsim::jaro_winkler;

/// One accepted form per kind of sentence, with its key word.
pub const FORMS: &[(&str, &str)] = &[
    ("Projects contain experiments.", "contain"),
    ("Each experiment belongs to one project.", "belongs"),
    ("Users create projects.", "create"),
    ("Users have an email, a display name and a birth date.", "have"),
    ("Users can belong to multiple projects through memberships with role assignments.", "through"),
    ("An experiment has a status: draft, running, paused or completed.", "status"),
    ("Project names must be unique within an organization.", "unique"),
    ("An experiment must have at least two variants.", "least"),
    ("Prices must be positive.", "positive"),
    ("Projects can be archived and restored.", "archived"),
    ("We will frequently query experiments by project and status.", "query"),
    ("The events table will have millions of rows within a year.", "rows"),
    ("We use PostgreSQL and Prisma.", "use"),
    ("Students enroll in courses.", "enroll"),
    ("We track customers, products and orders.", "track"),
];

/// The two forms closest to `words` (lowercase words of the sentence).
pub fn nearest_forms(words: &[&str]) -> Vec<&'static str> {
    let mut scored: Vec<(f64, usize)> = FORMS
        .iter()
        .enumerate()
        .map(|(i, (form, key))| {
            let form_words: Vec<String> =
                form.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
            let shared = words.iter().filter(|w| form_words.iter().any(|f| f == *w)).count() as f64;
            let key_match = words.iter().map(|w| jaro_winkler(w, key)).fold(0.0, f64::max);
            (shared / (form_words.len() as f64).max(1.0) + key_match, i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(2).map(|(_, i)| FORMS[i].0).collect()
}

/// A known verb that `word` may be a misspelling of.
pub fn close_verb(word: &str) -> Option<&'static str> {
    if word.len() < 4 {
        return None;
    }
    crate::words::known_verbs()
        .map(|v| (jaro_winkler(word, v), v))
        .filter(|(score, v)| *score >= 0.88 && *v != word)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, v)| v)
}

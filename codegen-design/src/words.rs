//! The vocabulary the reader knows: function words, the verbs of relationships and their
//! classes, and English plural/singular forms (from the `pluralizer` crate, never a table here).

/// Plural of a snake_case noun: its last word is inflected (`order_item` -> `order_items`).
pub fn plural(noun: &str) -> String {
    inflect_last(noun, |w| pluralizer::pluralize(w, 2, false))
}

/// Singular of a snake_case noun (`order_items` -> `order_item`, `people` -> `person`).
pub fn singular(noun: &str) -> String {
    inflect_last(noun, |w| pluralizer::pluralize(w, 1, false))
}

/// Whether a word is a plural form (`projects`, `people`, `data`); words that are the same in
/// both numbers (`series`, `staff`) count as plural.
pub fn is_plural(word: &str) -> bool {
    if word.chars().any(|c| c.is_ascii_digit()) || word.len() < 3 {
        return false;
    }
    pluralizer::pluralize(word, 2, false) == word && !word.ends_with("ss") && !word.ends_with("us")
        || pluralizer::pluralize(word, 1, false) != word
}

fn inflect_last(noun: &str, f: impl Fn(&str) -> String) -> String {
    match noun.rsplit_once('_') {
        Some((head, last)) => format!("{head}_{}", f(last)),
        None => f(noun),
    }
}

/// Words that only introduce a noun: articles and possessives.
pub fn is_article(word: &str) -> bool {
    matches!(word, "a" | "an" | "the" | "its" | "their" | "his" | "her" | "our" | "your" | "some" | "any" | "every")
}

/// Words with no content for the reader: adverbs of frequency, politeness, hedges.
pub fn is_filler(word: &str) -> bool {
    matches!(
        word,
        "also"
            | "additionally"
            | "furthermore"
            | "moreover"
            | "finally"
            | "basically"
            | "usually"
            | "typically"
            | "generally"
            | "normally"
            | "always"
            | "just"
            | "then"
            | "really"
            | "actually"
            | "obviously"
            | "of"
            | "course"
            | "so"
            | "too"
            | "as"
            | "well"
            | "both"
            | "please"
            | "note"
            | "that"
            | "which"
            | "who"
            | "whose"
            | "where"
            | "naturally"
            | "each"
            | "every"
            | "all"
            | "own"
    )
}

/// Modal and auxiliary verbs.
pub fn is_modal(word: &str) -> bool {
    matches!(
        word,
        "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "should"
            | "will"
            | "would"
            | "shall"
            | "need"
            | "needs"
            | "do"
            | "does"
            | "cannot"
            | "can't"
            | "won't"
            | "we'll"
            | "it'll"
    )
}

/// Forms of "to be".
pub fn is_be(word: &str) -> bool {
    matches!(word, "is" | "are" | "be" | "been" | "being" | "was" | "were")
}

/// Prepositions and conjunctions that end a noun phrase.
pub fn is_preposition(word: &str) -> bool {
    matches!(
        word,
        "of" | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "from"
            | "with"
            | "within"
            | "without"
            | "per"
            | "by"
            | "through"
            | "via"
            | "into"
            | "across"
            | "under"
            | "over"
            | "between"
            | "about"
            | "and"
            | "or"
            | "but"
            | "than"
            | "after"
            | "before"
            | "when"
            | "if"
            | "while"
            | "because"
            | "like"
            | "such"
            | "using"
            | "inside"
    )
}

/// Words saying how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// `one`, `a single`, `exactly one`, `a` before a known entity.
    One,
    /// `many`, `multiple`, `several`, `any number of`, `zero or more`.
    Many,
}

pub fn quantity(word: &str) -> Option<Quantity> {
    match word {
        "one" | "single" | "exactly" | "only" => Some(Quantity::One),
        "many" | "multiple" | "several" | "numerous" | "various" | "lots" | "lot" | "more" | "zero" | "unlimited" => {
            Some(Quantity::Many)
        }
        _ => None,
    }
}

/// A small number in words or digits.
pub fn number(word: &str) -> Option<u64> {
    let n = match word {
        "zero" | "no" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "hundred" | "hundreds" => 100,
        "thousand" | "thousands" => 1_000,
        "million" | "millions" => 1_000_000,
        "billion" | "billions" => 1_000_000_000,
        other => {
            let digits: String = other.chars().filter(|c| *c != ',' && *c != '_').collect();
            let (digits, scale) = match digits.strip_suffix(['k', 'm', 'b']) {
                Some(d) => (
                    d.to_string(),
                    if other.ends_with('k') {
                        1e3
                    } else if other.ends_with('m') {
                        1e6
                    } else {
                        1e9
                    },
                ),
                None => (digits, 1.0),
            };
            return digits.parse::<f64>().ok().map(|n| (n * scale) as u64);
        }
    };
    Some(n)
}

/// What a verb says about the two entities it joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// The subject contains the object (`projects contain experiments`): cascade.
    Contain,
    /// The subject is the object's owner (`users own devices`): cascade, `owner_id`.
    Own,
    /// The subject produces the object (`sensors emit readings`): cascade.
    Produce,
    /// The subject authored the object (`users create projects`): optional, set null.
    Author,
    /// The subject acts, and the object records it (`customers place orders`): restrict.
    Act,
    /// The subject takes part in many objects (`students enroll in courses`): a join table.
    Join,
    /// The subject keeps values (`we store an email`): the object words are attributes.
    Store,
}

/// The base form of a verb: `contains` -> `contain`, `placed` -> `place`, `wrote` -> `write`.
pub fn verb_base(word: &str) -> Option<(&'static str, VerbClass)> {
    let candidates = [
        word.to_string(),
        word.strip_suffix("es").map(str::to_string).unwrap_or_default(),
        word.strip_suffix('s').map(str::to_string).unwrap_or_default(),
        word.strip_suffix("ed").map(str::to_string).unwrap_or_default(),
        word.strip_suffix('d').map(str::to_string).unwrap_or_default(),
        word.strip_suffix("ing").map(str::to_string).unwrap_or_default(),
        word.strip_suffix("ing").map(|w| format!("{w}e")).unwrap_or_default(),
        word.strip_suffix("ies").map(|w| format!("{w}y")).unwrap_or_default(),
        word.strip_suffix("ied").map(|w| format!("{w}y")).unwrap_or_default(),
        irregular(word).unwrap_or_default().to_string(),
    ];
    candidates.iter().filter(|c| !c.is_empty()).find_map(|c| VERBS.iter().find(|(v, _)| v == c).copied())
}

fn irregular(word: &str) -> Option<&'static str> {
    Some(match word {
        "has" | "had" | "having" => "have",
        "wrote" | "written" => "write",
        "made" => "make",
        "took" | "taken" => "take",
        "sent" => "send",
        "paid" => "pay",
        "bought" => "buy",
        "held" => "hold",
        "kept" => "keep",
        "sold" => "sell",
        "taught" => "teach",
        "led" => "lead",
        "gave" | "given" => "give",
        "ran" => "run",
        "left" => "leave",
        "enrolled" | "enrolls" | "enrolling" => "enroll",
        "belongs" | "belonged" => "belong",
        _ => return None,
    })
}

const VERBS: &[(&str, VerbClass)] = &[
    ("have", VerbClass::Contain),
    ("contain", VerbClass::Contain),
    ("include", VerbClass::Contain),
    ("hold", VerbClass::Contain),
    ("comprise", VerbClass::Contain),
    ("consist", VerbClass::Contain),
    ("group", VerbClass::Contain),
    ("own", VerbClass::Own),
    ("emit", VerbClass::Produce),
    ("produce", VerbClass::Produce),
    ("generate", VerbClass::Produce),
    ("collect", VerbClass::Produce),
    ("measure", VerbClass::Produce),
    ("send", VerbClass::Produce),
    ("report", VerbClass::Produce),
    ("create", VerbClass::Author),
    ("write", VerbClass::Author),
    ("author", VerbClass::Author),
    ("post", VerbClass::Author),
    ("publish", VerbClass::Author),
    ("upload", VerbClass::Author),
    ("submit", VerbClass::Author),
    ("open", VerbClass::Author),
    ("file", VerbClass::Author),
    ("raise", VerbClass::Author),
    ("add", VerbClass::Author),
    ("start", VerbClass::Author),
    ("place", VerbClass::Act),
    ("employ", VerbClass::Contain),
    ("make", VerbClass::Act),
    ("book", VerbClass::Act),
    ("buy", VerbClass::Act),
    ("purchase", VerbClass::Act),
    ("order", VerbClass::Act),
    ("pay", VerbClass::Act),
    ("issue", VerbClass::Act),
    ("schedule", VerbClass::Act),
    ("request", VerbClass::Act),
    ("leave", VerbClass::Act),
    ("give", VerbClass::Act),
    ("receive", VerbClass::Act),
    ("handle", VerbClass::Act),
    ("manage", VerbClass::Act),
    ("teach", VerbClass::Act),
    ("lead", VerbClass::Act),
    ("sell", VerbClass::Act),
    ("host", VerbClass::Act),
    ("organize", VerbClass::Act),
    ("run", VerbClass::Act),
    ("rent", VerbClass::Act),
    ("reserve", VerbClass::Act),
    ("prescribe", VerbClass::Act),
    ("write", VerbClass::Act),
    ("review", VerbClass::Act),
    ("rate", VerbClass::Act),
    ("enroll", VerbClass::Join),
    ("register", VerbClass::Join),
    ("subscribe", VerbClass::Join),
    ("join", VerbClass::Join),
    ("attend", VerbClass::Join),
    ("follow", VerbClass::Join),
    ("like", VerbClass::Join),
    ("favorite", VerbClass::Join),
    ("bookmark", VerbClass::Join),
    ("participate", VerbClass::Join),
    ("borrow", VerbClass::Join),
    ("take", VerbClass::Join),
    ("store", VerbClass::Store),
    ("track", VerbClass::Store),
    ("record", VerbClass::Store),
    ("keep", VerbClass::Store),
    ("capture", VerbClass::Store),
    ("save", VerbClass::Store),
    ("log", VerbClass::Store),
    ("need", VerbClass::Store),
    ("want", VerbClass::Store),
];

/// Every verb the reader knows, for suggestions.
pub fn known_verbs() -> impl Iterator<Item = &'static str> {
    VERBS.iter().map(|(v, _)| *v).chain(["belong", "reference", "refer", "link", "assign", "archive"])
}

/// The role an author verb gives its reference (`create` -> `creator`): the column is `<role>_id`.
pub fn author_role(verb: &str) -> Option<&'static str> {
    Some(match verb {
        "create" | "start" | "add" => "creator",
        _ => return None,
    })
}

/// The entity a joining verb's pairs are called (`enroll` -> `enrollment`).
pub fn join_noun(verb: &str) -> Option<&'static str> {
    Some(match verb {
        "enroll" => "enrollment",
        "register" => "registration",
        "subscribe" => "subscription",
        "join" => "membership",
        "attend" => "attendance",
        "follow" => "follow",
        "like" => "like",
        "favorite" => "favorite",
        "bookmark" => "bookmark",
        "participate" => "participation",
        "borrow" => "loan",
        _ => return None,
    })
}

/// The databases the reader recognises, by the names people use.
pub fn dialect_name(word: &str) -> Option<&'static str> {
    Some(match word {
        "postgresql" | "postgres" | "pg" | "psql" => "postgres",
        "mysql" | "mariadb" => "mysql",
        "sqlite" | "sqlite3" => "sqlite",
        _ => return None,
    })
}

/// The ORMs the reader recognises.
pub fn orm_name(word: &str) -> Option<&'static str> {
    Some(match word {
        "prisma" => "prisma",
        "diesel" => "diesel",
        "sea-orm" | "seaorm" | "sea_orm" => "sea-orm",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflection_comes_from_the_crate_and_covers_irregulars() {
        assert_eq!(plural("person"), "people");
        assert_eq!(singular("people"), "person");
        assert_eq!(plural("order_item"), "order_items");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("statuses"), "status");
        assert_eq!(singular("analyses"), "analysis");
        assert!(is_plural("children") && is_plural("projects") && !is_plural("status") && !is_plural("project"));
    }

    #[test]
    fn verbs_are_found_in_any_inflection() {
        assert_eq!(verb_base("contains").map(|v| v.0), Some("contain"));
        assert_eq!(verb_base("placed").map(|v| v.0), Some("place"));
        assert_eq!(verb_base("wrote").map(|v| v.0), Some("write"));
        assert_eq!(verb_base("creating").map(|v| v.0), Some("create"));
        assert_eq!(verb_base("carries"), None);
    }
}

//! The sentence patterns, tried in order; each marks the words it used.

use crate::parse::{Clause, Cursor, Modal, Np};
use crate::words::{self, Quantity, VerbClass};

/// Every clause of the sentence at the cursor.
pub(super) fn clauses(c: &mut Cursor) -> Vec<Clause> {
    if let Some(clause) = platform(c) {
        return vec![clause];
    }
    if let Some(clause) = query(c) {
        return vec![clause];
    }
    if let Some(clause) = scale(c) {
        return vec![clause];
    }
    if let Some(clause) = no_two(c) {
        return vec![clause];
    }
    let mut out = Vec::new();
    loop {
        let start = c.pos;
        match main_clause(c) {
            Some(mut found) if !found.is_empty() => out.append(&mut found),
            _ => {
                c.rewind(start);
                break;
            }
        }
        let before = c.pos;
        if !c.eat_any(&[",", ";", "and", "but", "while", "whereas", "so"]) || c.at_end() {
            c.pos = before;
            break;
        }
    }
    out
}

/// Words that come before a clause and say nothing.
fn skip_lead(c: &mut Cursor) {
    loop {
        match c.peek() {
            Some("in") if c.peek_at(1) == Some("addition") => {
                c.advance();
                c.advance();
            }
            Some("note") if c.peek_at(1) == Some("that") => {
                c.advance();
                c.advance();
            }
            Some(
                "also" | "and" | "then" | "additionally" | "however" | "finally" | "furthermore" | "besides" | "plus"
                | ",",
            ) => c.advance(),
            _ => break,
        }
    }
}

/// "We use PostgreSQL", "The ORM is Prisma", "Postgres 15 with Diesel".
fn platform(c: &mut Cursor) -> Option<Clause> {
    let dialect = c.tokens.iter().find_map(|t| words::dialect_name(&t.text));
    let orm = c.tokens.iter().find_map(|t| words::orm_name(&t.text));
    if dialect.is_none() && orm.is_none() {
        return None;
    }
    c.use_all_matching(|w| {
        words::dialect_name(w).is_some()
            || words::orm_name(w).is_some()
            || w.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
            || matches!(
                w,
                "we" | "we'll"
                    | "we're"
                    | "use"
                    | "uses"
                    | "using"
                    | "used"
                    | "our"
                    | "database"
                    | "databases"
                    | "db"
                    | "orm"
                    | "is"
                    | "are"
                    | "will"
                    | "be"
                    | "on"
                    | "with"
                    | "as"
                    | "for"
                    | "it"
                    | "runs"
                    | "run"
                    | "running"
                    | "deploy"
                    | "deployed"
                    | "hosted"
                    | "backend"
                    | "server"
                    | "version"
                    | "plan"
                    | "to"
                    | "prefer"
                    | "rust"
                    | "typescript"
                    | "node"
                    | "app"
                    | "application"
                    | "built"
                    | "written"
                    | "via"
                    | "through"
                    | "target"
                    | "targets"
                    | "store"
                    | "stored"
                    | "data"
                    | "everything"
                    | "access"
                    | "layer"
                    | "its"
                    | "migrations"
                    | "schema"
                    | "want"
                    | "going"
                    | "in"
                    | "production"
            )
    });
    Some(Clause::Platform { dialect, orm })
}

fn is_query_word(word: &str) -> bool {
    matches!(
        word,
        "query"
            | "queries"
            | "queried"
            | "querying"
            | "lookup"
            | "lookups"
            | "look"
            | "looked"
            | "search"
            | "searched"
            | "searches"
            | "filter"
            | "filtered"
            | "filters"
            | "fetch"
            | "fetched"
            | "fetches"
            | "find"
            | "list"
            | "listed"
            | "lists"
            | "retrieve"
            | "retrieved"
            | "load"
            | "loaded"
            | "access"
            | "accessed"
            | "read"
            | "show"
            | "shown"
            | "display"
            | "displayed"
            | "browse"
            | "browsed"
    )
}

/// "We will frequently query experiments by project and status", "Orders are looked up by
/// customer, newest first".
fn query(c: &mut Cursor) -> Option<Clause> {
    let q = c.position(is_query_word)?;
    let by = c.position(|w| w == "by")?;
    if by < q && !c.tokens[..by].iter().any(|t| is_query_word(&t.text)) {
        return None;
    }
    // The entity: right after the query word, or the subject before it.
    c.pos = q + 1;
    c.eat_any(&["up", "of", "for", "the", "all"]);
    let subject = match c.noun_phrase() {
        Some(np) if c.peek() == Some("by") || c.pos <= by => np,
        _ => {
            c.rewind(0);
            skip_lead(c);
            c.eat_any(&["we", "most", "many", "the", "our", "users", "common", "typical"]);
            c.noun_phrase()?
        }
    };
    c.use_all_matching(|w| {
        is_query_word(w)
            || matches!(
                w,
                "we" | "will"
                    | "frequently"
                    | "often"
                    | "usually"
                    | "mostly"
                    | "most"
                    | "regularly"
                    | "constantly"
                    | "are"
                    | "is"
                    | "be"
                    | "up"
                    | "need"
                    | "to"
                    | "want"
                    | "common"
                    | "hot"
                    | "path"
                    | "queries"
                    | "dashboard"
                    | "screen"
                    | "page"
                    | "api"
                    | "app"
                    | "always"
                    | "typically"
                    | "commonly"
                    | "lot"
                    | "a"
                    | "the"
                    | "our"
                    | "of"
            )
    });
    c.pos = by;
    c.advance();
    let by_list = c.noun_list();
    let mut sort = None;
    let mut descending = false;
    while !c.at_end() {
        match c.peek() {
            Some("sorted" | "ordered") if c.peek_at(1) == Some("by") => {
                c.advance();
                c.advance();
                sort = c.noun_phrase();
            }
            Some("desc" | "descending") => {
                descending = true;
                c.advance();
            }
            Some("newest" | "latest" | "recent" | "most") if matches!(c.peek_at(1), Some("first" | "recent")) => {
                descending = true;
                c.advance();
            }
            Some("first" | "asc" | "ascending" | "and" | ",") => c.advance(),
            _ => c.pos += 1,
        }
    }
    if descending && sort.is_none() {
        sort = Some(Np { words: vec!["created_at".into()], ..Default::default() });
    }
    if by_list.is_empty() && sort.is_none() {
        return None;
    }
    Some(Clause::Query { subject, by: by_list, sort, descending })
}

fn is_scale_word(word: &str) -> bool {
    matches!(word, "rows" | "records" | "entries" | "million" | "millions" | "billion" | "billions")
}

fn is_append_only(c: &Cursor) -> bool {
    c.any(|w| matches!(w, "append-only" | "append_only" | "immutable" | "insert-only" | "write-once"))
        || c.tokens.windows(2).any(|p| {
            matches!(
                (p[0].text.as_str(), p[1].text.as_str()),
                ("append", "only")
                    | ("never", "updated" | "changed" | "modified" | "edited")
                    | ("only", "inserted" | "appended")
            )
        })
}

/// "The events table will have millions of rows within a year", "Readings are append-only".
fn scale(c: &mut Cursor) -> Option<Clause> {
    let append_only = is_append_only(c);
    if !c.any(is_scale_word) && !append_only {
        return None;
    }
    // Rows: the product of a run of number words ("hundreds of millions" = 10^8).
    let mut rows: Option<u64> = None;
    let mut k = 0;
    while k < c.tokens.len() {
        if let Some(n) = words::number(&c.tokens[k].text).filter(|_| c.tokens[k].text != "no") {
            let mut value = n;
            let mut j = k + 1;
            while j < c.tokens.len() {
                let w = c.tokens[j].text.as_str();
                if w == "of" {
                    j += 1;
                    continue;
                }
                match words::number(w).filter(|&m| m >= 100) {
                    Some(m) => value = value.saturating_mul(m),
                    None => break,
                }
                j += 1;
            }
            if value >= 1_000 {
                rows = Some(rows.map_or(value, |r| r.max(value)));
            }
            k = j;
        } else {
            k += 1;
        }
    }
    if rows.is_none() && !append_only {
        return None;
    }
    // The subject: the first noun phrase that names a thing, not a count or a table.
    c.pos = 0;
    let mut subject = None;
    while !c.at_end() {
        let here = c.pos;
        if let Some(mut np) = c.noun_phrase() {
            np.words.retain(|w| !matches!(w.as_str(), "table" | "tables" | "collection"));
            let thing = np.words.first().is_some_and(|w| words::number(w).is_none())
                && !matches!(
                    np.last(),
                    "rows"
                        | "records"
                        | "entries"
                        | "we"
                        | "year"
                        | "month"
                        | "day"
                        | "week"
                        | "data"
                        | "it"
                        | "volume"
                        | "scale"
                        | "expect"
                        | "launch"
                );
            if thing {
                subject = Some(np);
                break;
            }
        }
        if c.pos == here {
            c.pos += 1;
        }
    }
    let subject = subject?;
    c.use_all_matching(|_| true);
    Some(Clause::Scale { subject, rows, append_only })
}

/// "No two users can have the same email", "No two projects in an organization share a name".
fn no_two(c: &mut Cursor) -> Option<Clause> {
    if c.peek() != Some("no") || c.peek_at(1) != Some("two") {
        return None;
    }
    c.advance();
    c.advance();
    let subject = c.noun_phrase()?;
    let mut within = None;
    if c.eat_any(&["in", "within", "of", "for"]) {
        within = c.noun_phrase();
    }
    read_modal(c);
    c.eat_any(&["have", "share", "use", "get", "with"]);
    c.eat_any(&["the", "same", "a"]);
    let mut attr = c.noun_phrase()?;
    if within.is_none() && c.eat_any(&["in", "within", "per", "for"]) {
        within = c.noun_phrase();
    }
    attr.owner = Some(subject.words.clone());
    Some(Clause::Unique { target: attr, within })
}

fn read_modal(c: &mut Cursor) -> (Modal, bool) {
    let mut modal = Modal::default();
    let mut negated = false;
    loop {
        match c.peek() {
            Some("can" | "may" | "might" | "could" | "optionally" | "sometimes") => modal.possible = true,
            Some("must" | "always" | "should" | "shall") => modal.required = true,
            Some("need" | "needs" | "has" | "have") if c.peek_at(1) == Some("to") => {
                modal.required = true;
                c.advance();
            }
            Some("cannot" | "can't" | "not" | "never" | "mustn't" | "shouldn't") => negated = true,
            Some(
                "will" | "would" | "do" | "does" | "usually" | "typically" | "also" | "only" | "each" | "normally",
            ) => {}
            _ => break,
        }
        c.advance();
    }
    (modal, negated)
}

/// Subjects that are the writer, not the domain ("we", "the system").
fn we_subject(c: &mut Cursor) -> bool {
    match c.peek() {
        Some("we" | "we'll" | "we're" | "i" | "you" | "users?") => {
            c.advance();
            true
        }
        Some("our" | "the" | "this")
            if matches!(
                c.peek_at(1),
                Some(
                    "system"
                        | "app"
                        | "application"
                        | "platform"
                        | "service"
                        | "company"
                        | "business"
                        | "product"
                        | "backend"
                        | "team"
                        | "site"
                        | "website"
                        | "tool"
                )
            ) =>
        {
            c.advance();
            c.advance();
            true
        }
        Some("our" | "my") => {
            while c.peek().is_some_and(|w| words::verb_base(w).is_none() && !words::is_be(w) && !words::is_modal(w)) {
                c.advance();
            }
            true
        }
        Some("there") => {
            c.advance();
            true
        }
        _ => false,
    }
}

/// Subject, modal and verb, then what follows.
fn main_clause(c: &mut Cursor) -> Option<Vec<Clause>> {
    skip_lead(c);
    // "For each user, we store an email and a name."
    if c.peek() == Some("for") && matches!(c.peek_at(1), Some("each" | "every" | "a" | "an")) {
        c.advance();
        let subject = c.noun_phrase()?;
        c.eat(",");
        we_subject(c);
        let (modal, _) = read_modal(c);
        let (verb, class) = words::verb_base(c.peek()?)?;
        c.advance();
        let items = c.noun_list();
        if items.is_empty() {
            return None;
        }
        let class = if class == VerbClass::Contain { VerbClass::Store } else { class };
        return Some(vec![Clause::Has { subjects: vec![subject], verb, class, items, modal, with: Vec::new() }]);
    }
    if we_subject(c) {
        return writer_clause(c);
    }
    let subjects = c.noun_list();
    if subjects.is_empty() {
        return None;
    }
    let (modal, negated) = read_modal(c);
    let word = c.peek()?;
    if words::is_be(word) || word == "becomes" {
        c.advance();
        let (more, negated_too) = read_modal(c);
        let modal = Modal { possible: modal.possible || more.possible, required: modal.required || more.required };
        return be_clause(c, subjects, modal, negated || negated_too);
    }
    verb_clause(c, subjects, modal, negated)
}

/// "We track customers, products and orders", "There are doctors and patients".
fn writer_clause(c: &mut Cursor) -> Option<Vec<Clause>> {
    let _ = read_modal(c);
    match c.peek()? {
        w if words::is_be(w) => c.advance(),
        // We store, track, sell or manage things; but "we like", "we follow" or "we join"
        // something says how we feel or what we belong to, not what the database holds.
        w if words::verb_base(w).is_some_and(|(_, class)| class != VerbClass::Join)
            || matches!(w, "model" | "models" | "serve" | "support" | "handle" | "deal") =>
        {
            c.advance();
            c.eat("with");
        }
        _ => return None,
    }
    let items = c.noun_list();
    let mut clauses = Vec::new();
    let mut entities = Vec::new();
    for item in items {
        match &item.owner {
            Some(owner) => {
                let subject = Np { words: owner.clone(), span: item.span.clone(), ..Default::default() };
                clauses.push(Clause::Has {
                    subjects: vec![subject],
                    verb: "store",
                    class: VerbClass::Store,
                    items: vec![item],
                    modal: Modal::default(),
                    with: Vec::new(),
                });
            }
            None if item.is_plural() => entities.push(item),
            None => {}
        }
    }
    if !entities.is_empty() {
        clauses.push(Clause::Entities(entities));
    }
    (!clauses.is_empty()).then_some(clauses)
}

fn is_soft_delete_word(word: &str) -> bool {
    matches!(
        word,
        "archived"
            | "archive"
            | "soft-deleted"
            | "soft_deleted"
            | "soft"
            | "trashed"
            | "restored"
            | "restore"
            | "unarchived"
            | "deactivated"
            | "reactivated"
            | "undeleted"
            | "recoverable"
            | "hidden"
    )
}

fn past_participle_relation(word: &str) -> Option<(Option<&'static str>, bool)> {
    // (role, optional)
    Some(match word {
        "assigned" => (Some("assignee"), true),
        "linked" | "attached" | "associated" | "tied" | "connected" | "related" => (None, false),
        "owned" => (Some("owner"), false),
        "managed" => (Some("manager"), false),
        _ => {
            let (base, class) = words::verb_base(word)?;
            match class {
                VerbClass::Author => (words::author_role(base), true),
                VerbClass::Act | VerbClass::Produce | VerbClass::Own | VerbClass::Contain => (None, false),
                VerbClass::Join | VerbClass::Store => return None,
            }
        }
    })
}

/// After `is`/`are`/`can be`.
fn be_clause(c: &mut Cursor, subjects: Vec<Np>, modal: Modal, negated: bool) -> Option<Vec<Clause>> {
    let subject = subjects.first()?.clone();
    let word = c.peek()?;
    // Soft delete.
    if is_soft_delete_word(word) || word == "deleted" && (modal.possible || c.any(|w| w == "restored" || w == "soft")) {
        c.use_all_matching(|w| is_soft_delete_word(w) || matches!(w, "and" | "deleted" | "later" | "again"));
        c.pos = c.tokens.len();
        return Some(vec![Clause::SoftDelete { subjects }]);
    }
    if matches!(word, "part" | "in" | "inside" | "under") {
        c.advance();
        c.eat("of");
        let parent = c.noun_phrase()?;
        return Some(vec![Clause::BelongsTo { subjects, parent, modal, role: None, through: None, with: Vec::new() }]);
    }
    if matches!(word, "unique" | "distinct") {
        c.advance();
        let mut within = None;
        if c.eat_any(&["within", "per", "in", "for", "across", "inside"]) {
            c.eat_any(&["each", "every", "a", "an", "the", "one"]);
            within = c.noun_phrase();
        }
        return Some(subjects.into_iter().map(|target| Clause::Unique { target, within: within.clone() }).collect());
    }
    if matches!(word, "optional" | "nullable") {
        c.advance();
        return Some(subjects.into_iter().map(|target| Clause::Optional { target, optional: true }).collect());
    }
    if matches!(word, "required" | "mandatory") {
        c.advance();
        return Some(subjects.into_iter().map(|target| Clause::Optional { target, optional: negated }).collect());
    }
    if word == "many-to-many" && subjects.len() == 2 {
        c.advance();
        let through = through(c);
        return Some(vec![Clause::ManyToMany { a: subjects[0].clone(), b: subjects[1].clone(), through }]);
    }
    if let Some(clause) = range(c, &subject, negated) {
        return Some(vec![clause]);
    }
    if let Some((role, optional)) = past_participle_relation(word) {
        c.advance();
        if !c.eat_any(&["by", "to", "with", "for"]) {
            return None;
        }
        let parent = c.noun_phrase()?;
        let role = role.map(str::to_string);
        let modal = Modal { possible: modal.possible || optional, ..modal };
        return Some(vec![Clause::BelongsTo { subjects, parent, modal, role, through: None, with: Vec::new() }]);
    }
    // Values: "can be pending, paid or shipped", "is one of low, medium or high".
    if c.eat("one") {
        c.eat("of");
    }
    c.eat("either");
    let values = c.value_list(None);
    if values.len() >= 2 {
        return Some(vec![Clause::Values { target: subject, values }]);
    }
    None
}

/// `positive`, `greater than 0`, `between 1 and 5`, `after the start date`.
fn range(c: &mut Cursor, subject: &Np, negated: bool) -> Option<Clause> {
    let start = c.pos;
    let target = subject.clone();
    let word = c.peek()?;
    let clause = match word {
        "positive" => Clause::Range { target, min: Some(0.0), max: None, exclusive_min: true },
        "negative" if negated => Clause::Range { target, min: Some(0.0), max: None, exclusive_min: false },
        "non-negative" | "nonnegative" => Clause::Range { target, min: Some(0.0), max: None, exclusive_min: false },
        "zero" if c.peek_at(1) == Some("or") => {
            c.advance();
            c.advance();
            c.eat_any(&["more", "greater", "positive", "above"]);
            Clause::Range { target, min: Some(0.0), max: None, exclusive_min: false }
        }
        "greater" | "more" | "larger" | "above" | "over" => {
            c.advance();
            c.eat("than");
            let (or_equal, n) = bound(c)?;
            Clause::Range { target, min: Some(n), max: None, exclusive_min: !or_equal }
        }
        "at" if matches!(c.peek_at(1), Some("least" | "most")) => {
            let most = c.peek_at(1) == Some("most");
            c.advance();
            c.advance();
            let n = number_at(c)?;
            if most {
                Clause::Range { target, min: None, max: Some(n), exclusive_min: false }
            } else {
                Clause::Range { target, min: Some(n), max: None, exclusive_min: false }
            }
        }
        "between" | "from" => {
            c.advance();
            let low = number_at(c)?;
            c.eat_any(&["and", "to"]);
            let high = number_at(c)?;
            Clause::Range { target, min: Some(low), max: Some(high), exclusive_min: false }
        }
        "after" | "later" => {
            c.advance();
            c.eat("than");
            let earlier = c.noun_phrase()?;
            Clause::After { later: target, earlier }
        }
        "before" | "earlier" => {
            c.advance();
            c.eat("than");
            let later = c.noun_phrase()?;
            Clause::After { later, earlier: target }
        }
        _ => return None,
    };
    if c.pos == start {
        c.advance();
    }
    Some(clause)
}

fn bound(c: &mut Cursor) -> Option<(bool, f64)> {
    let or_equal = if c.peek() == Some("or") && matches!(c.peek_at(1), Some("equal")) {
        c.advance();
        c.advance();
        c.eat("to");
        true
    } else {
        false
    };
    Some((or_equal, number_at(c)?))
}

fn number_at(c: &mut Cursor) -> Option<f64> {
    let word = c.peek()?;
    let n = word.parse::<f64>().ok().or_else(|| words::number(word).map(|n| n as f64))?;
    c.advance();
    Some(n)
}

/// `through memberships`, `via enrollments`.
fn through(c: &mut Cursor) -> Option<Np> {
    if c.eat_any(&["through", "via", "using"]) {
        c.eat_any(&["a", "an", "the"]);
        c.noun_phrase()
    } else {
        None
    }
}

/// `with role assignments`, `with a quantity and a unit price`.
fn with(c: &mut Cursor) -> Vec<Np> {
    if c.eat_any(&["with", "that", "which", "holding", "recording", "storing", "for", "on"]) {
        c.eat_any(&["has", "have", "hold", "holds", "store", "stores", "record", "records", "carry", "carries"]);
        c.noun_list()
    } else {
        Vec::new()
    }
}

/// After a verb: has, contains, creates, belongs to, enrolls in, references.
fn verb_clause(c: &mut Cursor, subjects: Vec<Np>, modal: Modal, negated: bool) -> Option<Vec<Clause>> {
    if negated {
        return None;
    }
    let word = c.peek()?;
    match word {
        "belong" | "belongs" | "reference" | "references" | "refer" | "refers" | "point" | "points" | "link"
        | "links" | "relate" | "relates" => {
            c.advance();
            c.eat_any(&["to", "at"]);
            let parent = c.noun_phrase()?;
            let through = through(c);
            let with = with(c);
            return Some(vec![Clause::BelongsTo { subjects, parent, modal, role: None, through, with }]);
        }
        _ => {}
    }
    // "Each doctor works at one clinic", "Events take place at a venue".
    let works = matches!(word, "work" | "works" | "live" | "lives" | "practice" | "practices" | "sit" | "sits");
    let takes_place = matches!(word, "take" | "takes") && c.peek_at(1) == Some("place");
    if works || takes_place {
        c.advance();
        if takes_place {
            c.advance();
        }
        if !c.eat_any(&["at", "in", "for", "on"]) {
            return None;
        }
        let parent = c.noun_phrase()?;
        return Some(vec![Clause::BelongsTo { subjects, parent, modal, role: None, through: None, with: Vec::new() }]);
    }
    let (verb, class) = words::verb_base(word)?;
    c.advance();
    c.eat_any(&["of", "up", "out"]);
    if class == VerbClass::Join {
        c.eat_any(&["in", "to", "for", "at", "on", "into"]);
        let object = c.noun_phrase()?;
        let through = through(c);
        let with = with(c);
        return Some(vec![Clause::Joins { subjects, verb, object, through, with }]);
    }
    let items = c.noun_list();
    if items.is_empty() {
        return None;
    }
    let through = through(c);
    let with = with(c);
    let mut clauses = Vec::new();
    if let Some(through) = through {
        let object = items[0].clone();
        clauses.push(Clause::Joins { subjects, verb, object, through: Some(through), with });
        return Some(clauses);
    }
    for item in &items {
        if item.at_least.is_some() || item.at_most.is_some() {
            for parent in &subjects {
                clauses.push(Clause::ChildCount {
                    parent: parent.clone(),
                    child: item.clone(),
                    min: item.at_least,
                    max: item.at_most,
                });
            }
        }
    }
    let items = items
        .into_iter()
        .map(|mut item| {
            if item.at_least.is_some_and(|n| n > 1) || item.at_most.is_some_and(|n| n > 1) {
                item.quantity = Some(Quantity::Many);
            }
            item
        })
        .collect();
    clauses.insert(0, Clause::Has { subjects, verb, class, items, modal, with });
    Some(clauses)
}

//! A PostgreSQL sequence's options, read from its `CREATE SEQUENCE`: a changed sequence is
//! altered in place, never dropped and created again, which would reset its counter (the
//! application's next insert would collide with existing keys) and is refused anyway while a
//! column default draws from it.

/// The options a `CREATE SEQUENCE` states; `None` where it leaves one to its default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SequenceOptions {
    /// `AS smallint | integer | bigint`.
    pub data_type: Option<String>,
    pub increment: Option<String>,
    /// `MINVALUE n` as `Some(Some(n))`, `NO MINVALUE` as `Some(None)`.
    pub min_value: Option<Option<String>>,
    pub max_value: Option<Option<String>>,
    pub start: Option<String>,
    pub cache: Option<String>,
    pub cycle: Option<bool>,
}

impl SequenceOptions {
    /// The options of a `CREATE [TEMP|UNLOGGED] SEQUENCE [IF NOT EXISTS] name ...` statement;
    /// `None` for another statement or an option this reader does not know (the sequence is
    /// then dropped and created as before, never altered wrongly). `OWNED BY` is not an option
    /// here: it is a statement of its own in the model.
    pub fn parse(statement: &str) -> Option<SequenceOptions> {
        let (words, at) = create_head(statement)?;
        options_from(&words[at..], false)
    }

    /// The options an `ALTER SEQUENCE [IF EXISTS] name ...` changes; `None` for an `ALTER
    /// SEQUENCE` that does something else (`OWNED BY`, `RENAME`, `OWNER TO`, `SET SCHEMA`).
    /// `RESTART` moves the counter, not the definition: it is passed over.
    pub fn parse_alter(statement: &str) -> Option<SequenceOptions> {
        let words = words_of(statement);
        let upper = |i: usize| words.get(i).map(|w| w.to_ascii_uppercase()).unwrap_or_default();
        if upper(0) != "ALTER" || upper(1) != "SEQUENCE" {
            return None;
        }
        let at = if upper(2) == "IF" && upper(3) == "EXISTS" { 5 } else { 3 };
        options_from(words.get(at..)?, true)
    }

    /// `CREATE SEQUENCE [IF NOT EXISTS] name`, as `statement` writes it.
    pub fn create_prefix(statement: &str) -> Option<String> {
        let (words, at) = create_head(statement)?;
        Some(words[..at].join(" "))
    }

    /// These options with those `changes` states taken over.
    pub fn merged(&self, changes: &SequenceOptions) -> SequenceOptions {
        SequenceOptions {
            data_type: changes.data_type.clone().or_else(|| self.data_type.clone()),
            increment: changes.increment.clone().or_else(|| self.increment.clone()),
            min_value: changes.min_value.clone().or_else(|| self.min_value.clone()),
            max_value: changes.max_value.clone().or_else(|| self.max_value.clone()),
            start: changes.start.clone().or_else(|| self.start.clone()),
            cache: changes.cache.clone().or_else(|| self.cache.clone()),
            cycle: changes.cycle.or(self.cycle),
        }
    }

    /// The clauses of an `ALTER SEQUENCE` that give the sequence exactly these options, each
    /// unstated one its default (`INCREMENT BY 1`, `NO MINVALUE`, `CACHE 1`, `NO CYCLE`, the
    /// start at the minimum of an ascending sequence): what the old definition said and the
    /// new one does not must not stay.
    pub fn alter_clauses(&self) -> String {
        let mut clauses = vec![format!("AS {}", self.data_type.as_deref().unwrap_or("bigint"))];
        let increment = self.increment.clone().unwrap_or_else(|| "1".to_string());
        clauses.push(format!("INCREMENT BY {increment}"));
        let limit = |keyword: &str, value: &Option<Option<String>>| match value {
            Some(Some(n)) => format!("{keyword} {n}"),
            _ => format!("NO {keyword}"),
        };
        clauses.push(limit("MINVALUE", &self.min_value));
        clauses.push(limit("MAXVALUE", &self.max_value));
        // PostgreSQL's default start: the minimum going up, the maximum going down.
        let descending = increment.starts_with('-');
        let start = self.start.clone().or_else(|| {
            let bound = if descending { &self.max_value } else { &self.min_value };
            Some(bound.clone().flatten().unwrap_or_else(|| if descending { "-1".into() } else { "1".into() }))
        });
        if let Some(start) = start {
            clauses.push(format!("START WITH {start}"));
        }
        clauses.push(format!("CACHE {}", self.cache.as_deref().unwrap_or("1")));
        clauses.push(if self.cycle == Some(true) { "CYCLE".into() } else { "NO CYCLE".into() });
        clauses.join(" ")
    }
}

fn words_of(statement: &str) -> Vec<String> {
    statement.trim().trim_end_matches(';').split_whitespace().map(str::to_string).collect()
}

/// A `CREATE SEQUENCE`'s words and where its options start (after the name).
fn create_head(statement: &str) -> Option<(Vec<String>, usize)> {
    let words = words_of(statement);
    let upper = |i: usize| words.get(i).map(|w| w.to_ascii_uppercase()).unwrap_or_default();
    if upper(0) != "CREATE" {
        return None;
    }
    let mut i = 1;
    while matches!(upper(i).as_str(), "TEMP" | "TEMPORARY" | "UNLOGGED") {
        i += 1;
    }
    if upper(i) != "SEQUENCE" {
        return None;
    }
    i += 1;
    if upper(i) == "IF" && upper(i + 1) == "NOT" && upper(i + 2) == "EXISTS" {
        i += 3;
    }
    (i < words.len()).then_some((words, i + 1))
}

/// The option clauses in `words`; `None` at anything else. `RESTART [[WITH] n]` is passed over
/// where `restart` allows it.
fn options_from(words: &[String], restart: bool) -> Option<SequenceOptions> {
    let upper = |i: usize| words.get(i).map(|w| w.to_ascii_uppercase()).unwrap_or_default();
    let value = |i: usize| words.get(i).cloned();
    let is_number = |i: usize| words.get(i).is_some_and(|w| w.trim_start_matches('-').parse::<i128>().is_ok());
    let mut options = SequenceOptions::default();
    let mut i = 0;
    while i < words.len() {
        match upper(i).as_str() {
            "AS" => {
                options.data_type = Some(value(i + 1)?.to_ascii_lowercase());
                i += 2;
            }
            "INCREMENT" => {
                let at = if upper(i + 1) == "BY" { i + 2 } else { i + 1 };
                options.increment = Some(value(at)?);
                i = at + 1;
            }
            "START" => {
                let at = if upper(i + 1) == "WITH" { i + 2 } else { i + 1 };
                options.start = Some(value(at)?);
                i = at + 1;
            }
            "RESTART" if restart => {
                i += 1;
                if upper(i) == "WITH" {
                    i += 1;
                }
                if is_number(i) {
                    i += 1;
                }
            }
            "MINVALUE" => {
                options.min_value = Some(Some(value(i + 1)?));
                i += 2;
            }
            "MAXVALUE" => {
                options.max_value = Some(Some(value(i + 1)?));
                i += 2;
            }
            "CACHE" => {
                options.cache = Some(value(i + 1)?);
                i += 2;
            }
            "CYCLE" => {
                options.cycle = Some(true);
                i += 1;
            }
            "NO" => {
                match upper(i + 1).as_str() {
                    "MINVALUE" => options.min_value = Some(None),
                    "MAXVALUE" => options.max_value = Some(None),
                    "CYCLE" => options.cycle = Some(false),
                    _ => return None,
                }
                i += 2;
            }
            _ => return None,
        }
    }
    Some(options)
}

#[cfg(test)]
mod tests {
    use super::SequenceOptions;

    #[test]
    fn reads_every_option_of_create_sequence() {
        let o = SequenceOptions::parse(
            "CREATE SEQUENCE IF NOT EXISTS public.tickets AS integer INCREMENT BY 10 MINVALUE 5 NO MAXVALUE START WITH 100 CACHE 20 CYCLE;",
        )
        .unwrap();
        assert_eq!(o.data_type.as_deref(), Some("integer"));
        assert_eq!(o.increment.as_deref(), Some("10"));
        assert_eq!(o.min_value, Some(Some("5".into())));
        assert_eq!(o.max_value, Some(None));
        assert_eq!(o.start.as_deref(), Some("100"));
        assert_eq!(o.cache.as_deref(), Some("20"));
        assert_eq!(o.cycle, Some(true));
        // pg_dump's spelling.
        let dumped = "CREATE SEQUENCE public.film_film_id_seq\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;";
        assert_eq!(SequenceOptions::parse(dumped).unwrap().min_value, Some(None));
        assert!(SequenceOptions::parse("CREATE SEQUENCE s OWNED BY t.id").is_none());
        assert!(SequenceOptions::parse("CREATE TABLE s (id int)").is_none());
    }

    #[test]
    fn an_alter_changes_only_what_it_states() {
        let created = SequenceOptions::parse("CREATE SEQUENCE s START 1000 CACHE 5").unwrap();
        let changes =
            SequenceOptions::parse_alter("ALTER SEQUENCE IF EXISTS s INCREMENT BY 10 RESTART WITH 7").unwrap();
        let merged = created.merged(&changes);
        assert_eq!((merged.start.as_deref(), merged.increment.as_deref()), (Some("1000"), Some("10")));
        assert_eq!(merged.cache.as_deref(), Some("5"));
        assert!(SequenceOptions::parse_alter("ALTER SEQUENCE s OWNED BY t.id").is_none());
        assert!(SequenceOptions::parse_alter("ALTER SEQUENCE s RENAME TO r").is_none());
        assert_eq!(
            SequenceOptions::create_prefix("create sequence if not exists public.s start 3").unwrap(),
            "create sequence if not exists public.s"
        );
    }

    #[test]
    fn altering_states_every_option_so_nothing_old_stays() {
        let o = SequenceOptions::parse("CREATE SEQUENCE s START 1000").unwrap();
        assert_eq!(
            o.alter_clauses(),
            "AS bigint INCREMENT BY 1 NO MINVALUE NO MAXVALUE START WITH 1000 CACHE 1 NO CYCLE"
        );
        let down = SequenceOptions::parse("CREATE SEQUENCE s INCREMENT -1").unwrap();
        assert!(down.alter_clauses().contains("START WITH -1"), "{}", down.alter_clauses());
    }
}

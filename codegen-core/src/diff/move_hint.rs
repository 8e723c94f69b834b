//! The move hint: columns whose data goes to another table, over a foreign key.
//!
//! ```text
//! move users.(theme, locale, email_opt_in) -> user_preferences by user_id
//! move user_preferences.(theme, locale) -> users by user_id        # inline a one-to-one table
//! move products.(category) -> categories by category_id            # extract a lookup table
//! move users.theme -> user_preferences by user_id including empty  # one column; every row
//! ```
//!
//! `by` names the column of the foreign key between the two tables, on either side. Without
//! `including empty`, a move into a new table copies only the rows that carry a value (one of the
//! moved columns is not NULL).

use std::path::PathBuf;

use crate::model::QualifiedName;

use super::hints::{HintError, check_name, malformed, qualified};

/// Where a hint was written: a hints file's line, or the command line (`file` is `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HintOrigin {
    pub file: Option<PathBuf>,
    pub line: u32,
}

impl HintOrigin {
    /// The location errors about the hint point at, when it came from a file.
    pub fn location(&self) -> Option<crate::location::Location> {
        self.file.as_ref().map(|f| crate::location::Location::new(std::sync::Arc::from(f.as_path()), self.line, 1))
    }
}

/// `move table.(columns) -> target by key`: the data of `columns` goes from `from` to `to`; the
/// two tables are joined on the foreign key whose column is `key`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MoveHint {
    pub from: QualifiedName,
    pub columns: Vec<String>,
    pub to: QualifiedName,
    pub key: String,
    /// Copy rows whose moved values are all NULL too (`including empty`).
    pub every_row: bool,
    pub origin: HintOrigin,
}

impl MoveHint {
    /// Read `move t.(a, b) -> u by k [including empty]` (the `move` keyword included).
    pub fn parse(text: &str) -> Result<MoveHint, HintError> {
        const SHAPE: &str = "expected `move table.(column, ...) -> table by key_column [including empty]`";
        let rest = text.trim().strip_prefix("move").filter(|r| r.starts_with(char::is_whitespace));
        let Some(rest) = rest else { return Err(malformed(text, SHAPE)) };
        let Some((source, target)) = rest.split_once("->") else { return Err(malformed(text, SHAPE)) };
        let source = source.trim();
        let (table, columns) = match source.split_once(".(") {
            Some((table, list)) => {
                let Some(list) = list.trim_end().strip_suffix(')') else {
                    return Err(malformed(text, "the column list has no closing `)`"));
                };
                (table, list.split(',').map(str::trim).map(str::to_string).collect::<Vec<_>>())
            }
            None => match source.rsplit_once('.') {
                Some((table, column)) => (table, vec![column.trim().to_string()]),
                None => return Err(malformed(text, SHAPE)),
            },
        };
        for column in &columns {
            check_name(text, column)?;
        }
        let mut seen = std::collections::BTreeSet::new();
        if let Some(twice) = columns.iter().find(|c| !seen.insert(c.as_str())) {
            return Err(malformed(text, format!("`{twice}` is listed twice")));
        }
        let words: Vec<&str> = target.split_whitespace().collect();
        let every_row = match words.as_slice() {
            [_, "by", _] => false,
            [_, "by", _, "including", "empty"] => true,
            _ => return Err(malformed(text, SHAPE)),
        };
        check_name(text, words[2])?;
        let hint = MoveHint {
            from: qualified(text, table.trim())?,
            columns,
            to: qualified(text, words[0])?,
            key: words[2].to_string(),
            every_row,
            origin: HintOrigin::default(),
        };
        if hint.from == hint.to {
            return Err(malformed(text, "a move goes to another table"));
        }
        Ok(hint)
    }

    /// The move back, for the down migration: the same columns and key, the tables swapped.
    pub fn reversed(&self) -> MoveHint {
        MoveHint { from: self.to.clone(), to: self.from.clone(), ..self.clone() }
    }
}

impl std::fmt::Display for MoveHint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "move {}.({}) -> {} by {}", self.from, self.columns.join(", "), self.to, self.key)?;
        if self.every_row {
            f.write_str(" including empty")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_parse_and_print_back() {
        let hint = MoveHint::parse("move users.(theme, locale,email_opt_in) -> user_preferences by user_id").unwrap();
        assert_eq!(hint.from, QualifiedName::new("users"));
        assert_eq!(hint.columns, ["theme", "locale", "email_opt_in"]);
        assert_eq!(hint.to, QualifiedName::new("user_preferences"));
        assert_eq!(hint.key, "user_id");
        assert!(!hint.every_row);
        assert_eq!(hint.to_string(), "move users.(theme, locale, email_opt_in) -> user_preferences by user_id");
        let one =
            MoveHint::parse("move app.products.category -> app.categories by category_id including empty").unwrap();
        assert_eq!(one.from, QualifiedName::qualified(Some("app".into()), "products"));
        assert_eq!(one.columns, ["category"]);
        assert!(one.every_row);
        let back = one.reversed();
        assert_eq!((back.from, back.to), (one.to.clone(), one.from.clone()));
    }

    #[test]
    fn bad_moves_say_why() {
        for bad in [
            "move users -> prefs by user_id",
            "move users.(a, b -> prefs by user_id",
            "move users.(a) -> prefs",
            "move users.(a) -> prefs by",
            "move users.(a) -> prefs by user id",
            "move users.(a, a) -> prefs by user_id",
            "move users.(a) -> users by user_id",
            "move users.() -> prefs by user_id",
            "moveusers.(a) -> prefs by k",
        ] {
            assert!(MoveHint::parse(bad).is_err(), "{bad} was accepted");
        }
    }
}

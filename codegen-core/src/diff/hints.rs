//! What the user tells the diff that it cannot infer: renames, and how to fill new columns.
//!
//! One hint per line in a hints file, `#` starting a comment:
//!
//! ```text
//! experiments.state=status              # a column rename: table.old=new
//! old_table=new_table                   # a table (or enum type) rename
//! experiment_status.running=active      # an enum value rename: enum.old=new
//! fill customers.street = split_part(address, ', ', 1)         # how the up fills a column
//! fill[sqlite] customers.street = substr(address, 1, 10)       # ... for one dialect only
//! fill-down customers.address = street || ', ' || city         # how the down fills one
//! move users.(theme, locale) -> user_preferences by user_id    # data moved to another table
//! ```
//!
//! The move grammar is in [`super::move_hint`].

use std::path::{Path, PathBuf};

use crate::dialect::Dialect;
use crate::model::QualifiedName;

use super::move_hint::{HintOrigin, MoveHint};

/// A hint that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum HintError {
    #[error("{}invalid hint `{text}`: {reason}", line_prefix(.path, .line))]
    Malformed { path: Option<PathBuf>, line: Option<usize>, text: String, reason: String },
    #[error("cannot read the hints file {}: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

fn line_prefix(path: &Option<PathBuf>, line: &Option<usize>) -> String {
    match (path, line) {
        (Some(path), Some(line)) => format!("{}:{line}: ", path.display()),
        (Some(path), None) => format!("{}: ", path.display()),
        (None, Some(line)) => format!("line {line}: "),
        (None, None) => String::new(),
    }
}

pub(super) fn malformed(text: &str, reason: impl Into<String>) -> HintError {
    HintError::Malformed { path: None, line: None, text: text.to_string(), reason: reason.into() }
}

/// One rename as written: `old=new` (a table or enum type) or `owner.old=new` (a column of a
/// table, or a value of an enum type; which one is decided against the schemas).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rename {
    /// A table or an enum type.
    Object { from: QualifiedName, to: QualifiedName },
    /// A column of a table or a value of an enum type; `owner` may be the old or the new name.
    Member { owner: QualifiedName, from: String, to: String },
    /// Columns whose data goes to another table over a foreign key (`move t.(a, b) -> u by k`).
    Move(MoveHint),
}

impl Rename {
    /// The same rename, backwards (for the down migration).
    pub fn reversed(&self) -> Rename {
        match self {
            Rename::Object { from, to } => Rename::Object { from: to.clone(), to: from.clone() },
            Rename::Member { owner, from, to } => {
                Rename::Member { owner: owner.clone(), from: to.clone(), to: from.clone() }
            }
            Rename::Move(hint) => Rename::Move(hint.reversed()),
        }
    }
}

impl std::fmt::Display for Rename {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rename::Object { from, to } => write!(f, "{from}={to}"),
            Rename::Member { owner, from, to } => write!(f, "{owner}.{from}={to}"),
            Rename::Move(hint) => hint.fmt(f),
        }
    }
}

/// Renames the user confirmed: without them a renamed object is a drop and an add.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenameHints {
    pub renames: Vec<Rename>,
}

pub(super) fn check_name(text: &str, name: &str) -> Result<(), HintError> {
    if name.is_empty() {
        return Err(malformed(text, "a name is empty"));
    }
    if name.chars().any(|c| c.is_whitespace() || c == '=' || c == '"' || c == '`') {
        return Err(malformed(text, format!("`{name}` is not a plain name")));
    }
    Ok(())
}

pub(super) fn qualified(text: &str, name: &str) -> Result<QualifiedName, HintError> {
    match name.split_once('.') {
        Some((schema, name)) => {
            check_name(text, schema)?;
            check_name(text, name)?;
            if name.contains('.') {
                return Err(malformed(text, "a name has at most one dot (schema.name)"));
            }
            Ok(QualifiedName::qualified(Some(schema.to_string()), name))
        }
        None => {
            check_name(text, name)?;
            Ok(QualifiedName::new(name))
        }
    }
}

impl RenameHints {
    /// Read one hint: `table.old=new`, `old_table=new_table`, `enum_name.old_value=new_value`
    /// (`schema.old=schema.new` renames a table in a namespace).
    pub fn parse_hint(text: &str) -> Result<Rename, HintError> {
        let trimmed = text.trim();
        if trimmed.strip_prefix("move").is_some_and(|rest| rest.starts_with(char::is_whitespace)) {
            return MoveHint::parse(trimmed).map(Rename::Move);
        }
        let Some((left, right)) = trimmed.split_once('=') else {
            return Err(malformed(text, "expected `old=new`, `table.old=new` or `enum.old=new`"));
        };
        let (left, right) = (left.trim(), right.trim());
        if right.contains('=') {
            return Err(malformed(text, "more than one `=`"));
        }
        if right.contains('.') {
            // schema.old=schema.new
            return Ok(Rename::Object { from: qualified(text, left)?, to: qualified(text, right)? });
        }
        check_name(text, right)?;
        match left.rsplit_once('.') {
            Some((owner, from)) => {
                check_name(text, from)?;
                Ok(Rename::Member { owner: qualified(text, owner)?, from: from.to_string(), to: right.to_string() })
            }
            None => {
                check_name(text, left)?;
                Ok(Rename::Object { from: QualifiedName::new(left), to: QualifiedName::new(right) })
            }
        }
    }

    /// Add one hint (see [`RenameHints::parse_hint`]).
    pub fn add(&mut self, text: &str) -> Result<(), HintError> {
        self.renames.push(Self::parse_hint(text)?);
        Ok(())
    }

    /// Rename hints from a file, one a line; `#` starts a comment. Fill lines are refused here:
    /// [`HintsFile::read_file`] reads both.
    pub fn read_file(path: impl AsRef<Path>) -> Result<RenameHints, HintError> {
        let file = HintsFile::read_file(path.as_ref())?;
        if let Some(fill) = file.fills.first() {
            return Err(HintError::Malformed {
                path: Some(path.as_ref().to_path_buf()),
                line: None,
                text: fill.to_string(),
                reason: "fills are not renames: read the file as a HintsFile".into(),
            });
        }
        Ok(file.renames)
    }

    /// The move hints.
    pub fn moves(&self) -> impl Iterator<Item = &MoveHint> {
        self.renames.iter().filter_map(|r| if let Rename::Move(hint) = r { Some(hint) } else { None })
    }

    /// The hints for the opposite direction.
    pub fn reversed(&self) -> RenameHints {
        RenameHints { renames: self.renames.iter().map(Rename::reversed).collect() }
    }
}

/// Which migration a fill belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FillDirection {
    Up,
    Down,
}

/// How to fill a column from the data already in its table: an SQL expression over the table's
/// columns as they are before the change (`street = split_part(address, ', ', 1)`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fill {
    pub table: QualifiedName,
    pub column: String,
    /// The expression, in the target dialect's SQL.
    pub expression: String,
    /// Only for this dialect; `None` for all.
    pub dialect: Option<Dialect>,
    pub direction: FillDirection,
}

impl Fill {
    /// Read `table.column=SQL expression`, for the up migration and every dialect.
    pub fn parse(text: &str) -> Result<Fill, HintError> {
        let Some((target, expression)) = text.split_once('=') else {
            return Err(malformed(text, "expected `table.column=SQL expression`"));
        };
        let target = target.trim();
        let Some((table, column)) = target.rsplit_once('.') else {
            return Err(malformed(text, "expected `table.column=SQL expression`"));
        };
        check_name(text, column)?;
        let expression = expression.trim();
        if expression.is_empty() {
            return Err(malformed(text, "the expression is empty"));
        }
        Ok(Fill {
            table: qualified(text, table)?,
            column: column.to_string(),
            expression: expression.to_string(),
            dialect: None,
            direction: FillDirection::Up,
        })
    }

    /// The same fill for the down migration.
    pub fn down(mut self) -> Fill {
        self.direction = FillDirection::Down;
        self
    }

    /// The same fill for one dialect only.
    pub fn for_dialect(mut self, dialect: Dialect) -> Fill {
        self.dialect = Some(dialect);
        self
    }

    /// Whether this fill is meant for `dialect`.
    pub fn applies_to(&self, dialect: Dialect) -> bool {
        self.dialect.is_none_or(|d| d == dialect)
    }
}

impl std::fmt::Display for Fill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.direction == FillDirection::Up { "fill" } else { "fill-down" })?;
        if let Some(dialect) = self.dialect {
            write!(f, "[{dialect}]")?;
        }
        write!(f, " {}.{} = {}", self.table, self.column, self.expression)
    }
}

/// A hints file: renames and fills.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HintsFile {
    pub renames: RenameHints,
    pub fills: Vec<Fill>,
}

impl HintsFile {
    /// Read hints from text; `path` only names the file in errors.
    pub fn parse(text: &str, path: Option<&Path>) -> Result<HintsFile, HintError> {
        let mut file = HintsFile::default();
        for (i, raw) in text.lines().enumerate() {
            let at = |e: HintError| match e {
                HintError::Malformed { text, reason, .. } => {
                    HintError::Malformed { path: path.map(Path::to_path_buf), line: Some(i + 1), text, reason }
                }
                other => other,
            };
            // A `#` inside a fill expression could be SQL (MySQL comments, JSON paths): only a
            // `#` at the start or after whitespace starts a comment.
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            let (keyword, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let fill_kind = parse_fill_keyword(keyword).map_err(|reason| at(malformed(line, reason)))?;
            match fill_kind {
                Some((direction, dialect)) => {
                    let mut fill = Fill::parse(rest).map_err(at)?;
                    fill.direction = direction;
                    fill.dialect = dialect;
                    file.fills.push(fill);
                }
                None => {
                    let mut hint = RenameHints::parse_hint(line).map_err(at)?;
                    if let Rename::Move(hint) = &mut hint {
                        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
                        hint.origin = HintOrigin { file: path.map(Path::to_path_buf), line };
                    }
                    file.renames.renames.push(hint);
                }
            }
        }
        Ok(file)
    }

    /// Read a hints file.
    pub fn read_file(path: &Path) -> Result<HintsFile, HintError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| HintError::Io { path: path.to_path_buf(), source })?;
        Self::parse(&text, Some(path))
    }
}

fn strip_comment(line: &str) -> &str {
    let mut previous = ' ';
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c == '#' && !quoted && previous.is_whitespace() {
            return &line[..i];
        }
        previous = c;
    }
    line
}

/// `fill`, `fill-down`, `fill[sqlite]`, `fill-down[postgres]`: `Some` for a fill line.
fn parse_fill_keyword(keyword: &str) -> Result<Option<(FillDirection, Option<Dialect>)>, String> {
    let (word, dialect) = match keyword.split_once('[') {
        Some((word, rest)) => {
            let Some(name) = rest.strip_suffix(']') else { return Err("expected `fill[dialect]`".into()) };
            (word, Some(name.parse::<Dialect>().map_err(|e| e.to_string())?))
        }
        None => (keyword, None),
    };
    match word {
        "fill" => Ok(Some((FillDirection::Up, dialect))),
        "fill-down" => Ok(Some((FillDirection::Down, dialect))),
        _ if dialect.is_some() => Err(format!("unknown hint keyword `{word}`")),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_rename_forms_parse() {
        assert_eq!(
            RenameHints::parse_hint("experiments.state=status").unwrap(),
            Rename::Member { owner: QualifiedName::new("experiments"), from: "state".into(), to: "status".into() }
        );
        assert_eq!(
            RenameHints::parse_hint(" old_table = new_table ").unwrap(),
            Rename::Object { from: QualifiedName::new("old_table"), to: QualifiedName::new("new_table") }
        );
        let qualified = RenameHints::parse_hint("app.a=app.b").unwrap();
        assert_eq!(
            qualified,
            Rename::Object {
                from: QualifiedName::qualified(Some("app".into()), "a"),
                to: QualifiedName::qualified(Some("app".into()), "b")
            }
        );
        assert_eq!(
            RenameHints::parse_hint("app.t.old=new").unwrap(),
            Rename::Member {
                owner: QualifiedName::qualified(Some("app".into()), "t"),
                from: "old".into(),
                to: "new".into()
            }
        );
    }

    #[test]
    fn bad_hints_say_why() {
        for bad in ["nothing", "a=", "=b", "a=b=c", "a b=c", "x.=y"] {
            assert!(RenameHints::parse_hint(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn a_file_holds_renames_fills_and_comments() {
        let text = "# renames\nexperiments.state=status  # the column\n\nfill[sqlite] c.street = trim(x)\nfill-down c.address = a || '#' || b\n";
        let file = HintsFile::parse(text, Some(Path::new("hints"))).unwrap();
        assert_eq!(file.renames.renames.len(), 1);
        assert_eq!(file.fills.len(), 2);
        assert_eq!(file.fills[0].dialect, Some(Dialect::Sqlite));
        assert_eq!(file.fills[1].direction, FillDirection::Down);
        assert_eq!(file.fills[1].expression, "a || '#' || b");
        let error = HintsFile::parse("ok=fine\nbroken\n", Some(Path::new("h"))).unwrap_err();
        assert!(error.to_string().starts_with("h:2: invalid hint `broken`"), "{error}");
    }
}

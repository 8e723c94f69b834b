//! Getting `CREATE TABLE` and `ALTER TABLE` ready for sqlparser: each column's declared type is
//! cut out and kept verbatim (sqlparser sees a placeholder, so any type SQLite or a dump spells
//! parses), and the clauses the model reads itself (table options after the column list,
//! `UNLOGGED`, `SRID`, `VIRTUAL` generated columns) are taken out. Every edit keeps the lines and
//! columns of the rest of the statement, so sqlparser's positions still point into the file.

use super::lex::{
    Kind, Tok, blank_range, matching_close, qualified, qualified_name, replace_range_keeping_length, span_text,
};
use crate::dialect::Dialect;
use crate::model::{QualifiedName, TableOptions};

/// What the preparation took out of one column definition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ColumnFacts {
    /// The column's name, as the database stores it.
    pub name: String,
    /// The type as written (`BLOB SUB_TYPE TEXT`, `character varying(40)`); empty when none.
    pub declared: String,
    /// MySQL `SRID n`.
    pub srid: Option<u32>,
    /// `GENERATED ALWAYS AS (...) VIRTUAL` (sqlparser's PostgreSQL grammar knows only STORED).
    pub virtual_generated: bool,
    /// PostgreSQL `GENERATED ... AS IDENTITY (options)`: the options, verbatim.
    pub counter_options: Option<String>,
    /// The `DEFAULT` expression as written.
    pub declared_default: Option<String>,
}

/// A `CREATE TABLE` ready for sqlparser, and what was taken out of it.
#[derive(Debug, Clone, Default)]
pub(crate) struct PreparedTable {
    pub text: String,
    /// Per column definition, in order.
    pub columns: Vec<ColumnFacts>,
    pub options: TableOptions,
    /// MySQL `COMMENT = '...'` after the column list.
    pub comment: Option<String>,
    /// PostgreSQL `PARTITION OF parent ... FOR VALUES ...`: the table has no column list of its own.
    pub partition_of: Option<(QualifiedName, String)>,
    pub name: Option<QualifiedName>,
}

/// Words that end a column's type and start its constraints or options.
fn ends_type(word: &str, dialect: Dialect, first: bool) -> bool {
    let common = matches!(
        word,
        "CONSTRAINT"
            | "PRIMARY"
            | "NOT"
            | "NULL"
            | "UNIQUE"
            | "CHECK"
            | "DEFAULT"
            | "COLLATE"
            | "REFERENCES"
            | "GENERATED"
            | "AS"
            | "AUTO_INCREMENT"
            | "AUTOINCREMENT"
            | "COMMENT"
            | "ON"
            | "KEY"
            | "INVISIBLE"
            | "VISIBLE"
            | "STORAGE"
            | "COLUMN_FORMAT"
            | "SRID"
            | "CHARSET"
            | "COMPRESSION"
            | "IDENTITY"
            | "ENGINE_ATTRIBUTE"
            | "SECONDARY_ENGINE_ATTRIBUTE"
            | "PERSISTENT"
            | "STORED"
            | "VIRTUAL"
    );
    // MySQL's `VARCHAR(10) CHARACTER SET x`; PostgreSQL's `character varying` is a type name.
    common || (!first && word == "CHARACTER" && dialect == Dialect::Mysql)
}

/// Whether a column-list item is a table constraint rather than a column: it starts with a
/// constraint keyword (MySQL's `KEY`/`INDEX` too), not a column name (a bare `key` is a column
/// in PostgreSQL and SQLite).
fn starts_constraint(src: &str, toks: &[Tok], at: usize, dialect: Dialect) -> bool {
    let t = toks[at];
    if t.kind != Kind::Word {
        return false;
    }
    let next = toks.get(at + 1);
    match t.text(src).to_ascii_uppercase().as_str() {
        "CONSTRAINT" | "PRIMARY" | "FOREIGN" | "LIKE" => true,
        "UNIQUE" | "CHECK" => next.is_some_and(|n| n.is_punct(src, '(') || n.kind == Kind::Word),
        "EXCLUDE" => next.is_some_and(|n| n.is_word(src, "USING") || n.is_punct(src, '(')),
        "KEY" | "INDEX" | "FULLTEXT" | "SPATIAL" => dialect == Dialect::Mysql,
        "PERIOD" => next.is_some_and(|n| n.is_word(src, "FOR")),
        _ => false,
    }
}

/// The index after a column's type, starting at the token after its name.
fn type_end(src: &str, toks: &[Tok], start: usize, end: usize, dialect: Dialect) -> usize {
    let mut i = start;
    let mut seen_args = false;
    while i < end {
        let t = toks[i];
        match t.kind {
            Kind::Word => {
                let w = t.text(src).to_ascii_uppercase();
                if ends_type(&w, dialect, i == start) {
                    break;
                }
                // SQLite: the type name ends with its arguments.
                if seen_args && dialect == Dialect::Sqlite {
                    break;
                }
                i += 1;
            }
            Kind::Quoted if dialect != Dialect::Sqlite || i == start => i += 1,
            Kind::Punct if t.is_punct(src, '(') => {
                if dialect == Dialect::Sqlite && seen_args {
                    break;
                }
                seen_args = true;
                i = matching_close(src, toks, i).map_or(end, |c| c + 1);
            }
            Kind::Punct if t.is_punct(src, '[') && dialect != Dialect::Sqlite => {
                i = matching_close(src, toks, i).map_or(end, |c| c + 1);
            }
            Kind::Punct if t.is_punct(src, '.') && dialect != Dialect::Sqlite => i += 1,
            _ => break,
        }
    }
    i
}

/// Prepare `CREATE TABLE` (`toks` lexed from `src`).
pub(crate) fn prepare_create_table(src: &str, toks: &[Tok], dialect: Dialect) -> PreparedTable {
    let mut out = PreparedTable { text: src.to_string(), ..Default::default() };
    let mut edits: Vec<Edit> = Vec::new();
    let Some(table_at) = toks.iter().position(|t| t.is_word(src, "TABLE")) else {
        return out;
    };
    for t in &toks[..table_at] {
        if t.is_word(src, "UNLOGGED") {
            out.options.unlogged = true;
            edits.push(Edit::Blank(t.start, t.end));
        }
    }
    let mut i = table_at + 1;
    if toks.get(i).is_some_and(|t| t.is_word(src, "IF")) {
        i += 3;
    }
    let Some((name_parts, after_name)) = qualified_name(src, toks, i, dialect) else {
        return out;
    };
    out.name = Some(qualified(name_parts, dialect));
    let Some(open) = toks.get(after_name) else {
        return out;
    };
    if open.is_word(src, "PARTITION") && toks.get(after_name + 1).is_some_and(|t| t.is_word(src, "OF")) {
        if let Some((parent, after_parent)) = qualified_name(src, toks, after_name + 2, dialect) {
            let mut rest = after_parent;
            if toks.get(rest).is_some_and(|t| t.is_punct(src, '(')) {
                rest = matching_close(src, toks, rest).map_or(toks.len(), |c| c + 1);
            }
            let bound_end = toks[rest..]
                .iter()
                .position(|t| t.is_word(src, "PARTITION") || t.is_word(src, "WITH") || t.is_word(src, "TABLESPACE"))
                .map_or(toks.len(), |p| rest + p);
            let bound = span_text(src, toks, rest, bound_end).to_string();
            out.partition_of = Some((qualified(parent, dialect), bound));
            if bound_end < toks.len() {
                read_tail(src, toks, bound_end, dialect, &mut out);
            }
        }
        return out;
    }
    if !open.is_punct(src, '(') {
        return out;
    }
    let Some(close) = matching_close(src, toks, after_name) else {
        return out;
    };
    for (from, to) in super::lex::split_commas(src, toks, after_name + 1, close) {
        if from >= toks.len() || starts_constraint(src, toks, from, dialect) {
            continue;
        }
        out.columns.push(prepare_column(src, toks, from, to, dialect, &mut edits));
    }
    // The table options after the column list are read here and hidden from sqlparser.
    if close + 1 < toks.len() {
        read_tail(src, toks, close + 1, dialect, &mut out);
        let tail_end = toks.last().map_or(src.len(), |t| t.end);
        edits.push(Edit::Blank(toks[close + 1].start, tail_end));
    }
    apply_edits(&mut out.text, edits);
    out
}

/// One column definition's facts; its type is replaced by a placeholder.
pub(crate) fn prepare_column(
    src: &str,
    toks: &[Tok],
    from: usize,
    to: usize,
    dialect: Dialect,
    edits: &mut Vec<Edit>,
) -> ColumnFacts {
    let Some(name) = toks.get(from).filter(|_| from < to) else {
        return ColumnFacts::default();
    };
    let mut facts = ColumnFacts { name: name.ident(src, dialect), ..ColumnFacts::default() };
    let type_start = from + 1;
    let end = type_end(src, toks, type_start, to, dialect);
    if end > type_start {
        facts.declared = span_text(src, toks, type_start, end).to_string();
        edits.push(Edit::Replace(toks[type_start].start, toks[end - 1].end, "INT"));
    }
    let mut i = end;
    while i < to {
        let t = toks[i];
        let word = (t.kind == Kind::Word).then(|| t.text(src).to_ascii_uppercase());
        match word.as_deref() {
            Some("SRID") => {
                facts.srid = toks.get(i + 1).and_then(|n| n.text(src).parse().ok());
                let last = (i + 1).min(to - 1);
                edits.push(Edit::Blank(t.start, toks[last].end));
                i += 2;
            }
            Some("VIRTUAL") => {
                facts.virtual_generated = true;
                edits.push(Edit::Replace(t.start, t.end, "STORED"));
                i += 1;
            }
            // MariaDB's synonym of STORED.
            Some("PERSISTENT") if dialect == Dialect::Mysql => {
                edits.push(Edit::Replace(t.start, t.end, "STORED"));
                i += 1;
            }
            Some("IDENTITY") if toks.get(i + 1).is_some_and(|p| p.is_punct(src, '(')) && i + 1 < to => {
                let close = matching_close(src, toks, i + 1).unwrap_or(to - 1).min(to - 1);
                facts.counter_options = Some(span_text(src, toks, i + 2, close).trim().to_string());
                i = close + 1;
            }
            Some("DEFAULT") => {
                let end = default_end(src, toks, i + 1, to);
                facts.declared_default = Some(span_text(src, toks, i + 1, end).to_string());
                i = end;
            }
            Some("COLUMN_FORMAT" | "STORAGE" | "COMPRESSION") => {
                let last = (i + 1).min(to - 1);
                edits.push(Edit::Blank(t.start, toks[last].end));
                i += 2;
            }
            _ => i += 1,
        }
    }
    facts
}

/// Where a column's `DEFAULT` expression ends: at the next column option outside parentheses.
pub(crate) fn default_end(src: &str, toks: &[Tok], from: usize, to: usize) -> usize {
    let mut depth = 0i32;
    for (i, t) in toks.iter().enumerate().take(to).skip(from) {
        if t.is_punct(src, '(') {
            depth += 1;
        } else if t.is_punct(src, ')') {
            depth -= 1;
        } else if depth == 0 && t.kind == Kind::Word && i > from {
            let w = t.text(src).to_ascii_uppercase();
            if matches!(
                w.as_str(),
                "NOT"
                    | "NULL"
                    | "CONSTRAINT"
                    | "CHECK"
                    | "REFERENCES"
                    | "PRIMARY"
                    | "UNIQUE"
                    | "GENERATED"
                    | "COLLATE"
                    | "ON"
                    | "AUTO_INCREMENT"
                    | "AUTOINCREMENT"
                    | "COMMENT"
                    | "KEY"
                    | "INVISIBLE"
                    | "VISIBLE"
                    | "SRID"
                    | "CHARACTER"
                    | "STORAGE"
                    | "COMPRESSION"
                    | "COLUMN_FORMAT"
            ) {
                return i;
            }
        }
    }
    to
}

/// The options after a table's column list, by dialect.
fn read_tail(src: &str, toks: &[Tok], from: usize, dialect: Dialect, out: &mut PreparedTable) {
    let word_at = |i: usize| toks.get(i).filter(|t| t.kind == Kind::Word).map(|t| t.text(src).to_ascii_uppercase());
    let value_after = |mut i: usize| -> (Option<String>, usize) {
        if toks.get(i).is_some_and(|t| t.is_punct(src, '=')) {
            i += 1;
        }
        match toks.get(i) {
            Some(t) if t.kind == Kind::String => (Some(t.string_value(src)), i + 1),
            Some(t) => (Some(t.ident(src, Dialect::Mysql)), i + 1),
            None => (None, i),
        }
    };
    let mut i = from;
    while i < toks.len() {
        let Some(word) = word_at(i) else {
            i += 1;
            continue;
        };
        match (dialect, word.as_str()) {
            (Dialect::Sqlite, "WITHOUT") if word_at(i + 1).as_deref() == Some("ROWID") => {
                out.options.without_rowid = true;
                i += 2;
            }
            (Dialect::Sqlite, "STRICT") => {
                out.options.strict = true;
                i += 1;
            }
            (Dialect::Postgres, "WITH") if toks.get(i + 1).is_some_and(|t| t.is_punct(src, '(')) => {
                let close = matching_close(src, toks, i + 1).unwrap_or(toks.len() - 1);
                out.options.storage = Some(span_text(src, toks, i + 1, close + 1).to_string());
                i = close + 1;
            }
            (Dialect::Postgres, "INHERITS") if toks.get(i + 1).is_some_and(|t| t.is_punct(src, '(')) => {
                let close = matching_close(src, toks, i + 1).unwrap_or(toks.len());
                let mut j = i + 2;
                while j < close {
                    match qualified_name(src, toks, j, dialect) {
                        Some((parts, next)) => {
                            out.options.inherits.push(qualified(parts, dialect));
                            j = next + 1;
                        }
                        None => j += 1,
                    }
                }
                i = close + 1;
            }
            (_, "PARTITION") if word_at(i + 1).as_deref() == Some("BY") => {
                // Up to the next clause PostgreSQL allows after it, verbatim; MySQL's runs to the end.
                let end = if dialect == Dialect::Postgres {
                    toks[i..]
                        .iter()
                        .position(|t| t.is_word(src, "WITH") || t.is_word(src, "TABLESPACE") || t.is_word(src, "USING"))
                        .map_or(toks.len(), |p| i + p)
                } else {
                    toks.len()
                };
                out.options.partition_by = Some(span_text(src, toks, i + 2, end).to_string());
                i = end;
            }
            (Dialect::Mysql, "ENGINE" | "TYPE") => {
                let (value, next) = value_after(i + 1);
                out.options.engine = value;
                i = next;
            }
            (Dialect::Mysql, "CHARSET") => {
                let (value, next) = value_after(i + 1);
                out.options.charset = value;
                i = next;
            }
            (Dialect::Mysql, "CHARACTER") if word_at(i + 1).as_deref() == Some("SET") => {
                let (value, next) = value_after(i + 2);
                out.options.charset = value;
                i = next;
            }
            (Dialect::Mysql, "COLLATE") => {
                let (value, next) = value_after(i + 1);
                out.options.collation = value;
                i = next;
            }
            (Dialect::Mysql, "COMMENT") => {
                let (value, next) = value_after(i + 1);
                out.comment = value;
                i = next;
            }
            _ => i += 1,
        }
    }
}

/// A text edit that keeps positions.
#[derive(Debug, Clone)]
pub(crate) enum Edit {
    Blank(usize, usize),
    Replace(usize, usize, &'static str),
}

/// Apply edits from the end of the text backwards, so earlier byte offsets stay valid.
pub(crate) fn apply_edits(text: &mut String, mut edits: Vec<Edit>) {
    edits.sort_by_key(|e| {
        std::cmp::Reverse(match e {
            Edit::Blank(s, _) | Edit::Replace(s, _, _) => *s,
        })
    });
    for edit in edits {
        match edit {
            Edit::Blank(s, e) => blank_range(text, s, e),
            Edit::Replace(s, e, with) => replace_range_keeping_length(text, s, e, with),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::lex;
    use super::*;

    fn prepare(sql: &str, dialect: Dialect) -> PreparedTable {
        prepare_create_table(sql, &lex(sql, dialect), dialect)
    }

    #[test]
    fn sqlite_types_are_cut_out_whatever_their_words() {
        let sql = "CREATE TABLE film (id INT PRIMARY KEY, d BLOB SUB_TYPE TEXT, n UNSIGNED BIG INT NOT NULL, x, v VARYING CHARACTER(255) DEFAULT 'a') WITHOUT ROWID, STRICT";
        let p = prepare(sql, Dialect::Sqlite);
        let declared: Vec<&str> = p.columns.iter().map(|c| c.declared.as_str()).collect();
        assert_eq!(declared, ["INT", "BLOB SUB_TYPE TEXT", "UNSIGNED BIG INT", "", "VARYING CHARACTER(255)"]);
        assert!(p.options.without_rowid && p.options.strict);
        assert_eq!(p.text.len(), sql.len());
        assert_eq!(p.text.find(", n "), sql.find(", n "), "{}", p.text);
        assert!(p.text.contains("d INT "), "{}", p.text);
        assert!(!p.text.contains("ROWID"));
    }

    #[test]
    fn postgres_dump_tables() {
        let sql = "CREATE UNLOGGED TABLE public.t (\n    a character varying(40) COLLATE pg_catalog.\"default\" NOT NULL,\n    b public.\"bıgınt\"[],\n    c timestamp(3) with time zone,\n    f integer GENERATED ALWAYS AS (a + 1) VIRTUAL\n)\nINHERITS (public.parent)\nPARTITION BY RANGE (c)";
        let p = prepare(sql, Dialect::Postgres);
        let declared: Vec<&str> = p.columns.iter().map(|c| c.declared.as_str()).collect();
        assert_eq!(
            declared,
            ["character varying(40)", "public.\"bıgınt\"[]", "timestamp(3) with time zone", "integer"]
        );
        assert!(p.columns[3].virtual_generated);
        assert!(p.options.unlogged);
        assert_eq!(p.options.inherits, [QualifiedName::new("parent")]);
        assert_eq!(p.options.partition_by.as_deref(), Some("RANGE (c)"));
        assert_eq!(p.text.lines().count(), sql.lines().count());
    }

    #[test]
    fn postgres_partitions_name_their_parent_and_bound() {
        let sql = "CREATE TABLE p1 PARTITION OF payment FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')";
        let p = prepare(sql, Dialect::Postgres);
        assert_eq!(
            p.partition_of,
            Some((QualifiedName::new("payment"), "FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')".into()))
        );
    }

    #[test]
    fn mysql_dump_tables() {
        let sql = "CREATE TABLE `address` (\n  `address_id` smallint unsigned NOT NULL AUTO_INCREMENT,\n  `location` geometry NOT NULL SRID 0,\n  `code` varchar(40) BINARY CHARACTER SET latin1 DEFAULT NULL,\n  PRIMARY KEY (`address_id`)\n) ENGINE=InnoDB AUTO_INCREMENT=606 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='places'";
        let p = prepare(sql, Dialect::Mysql);
        let declared: Vec<&str> = p.columns.iter().map(|c| c.declared.as_str()).collect();
        assert_eq!(declared, ["smallint unsigned", "geometry", "varchar(40) BINARY"]);
        assert_eq!(p.columns[1].srid, Some(0));
        assert_eq!(p.options.engine.as_deref(), Some("InnoDB"));
        assert_eq!(p.options.charset.as_deref(), Some("utf8mb4"));
        assert_eq!(p.options.collation.as_deref(), Some("utf8mb4_0900_ai_ci"));
        assert_eq!(p.comment.as_deref(), Some("places"));
        assert!(!p.text.contains("SRID") && !p.text.contains("ENGINE"));
    }
}

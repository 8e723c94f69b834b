//! Indexes as the advice compares them: the model's indexes, primary keys and unique
//! constraints (which the database backs with indexes), MySQL's implicit foreign-key indexes,
//! and candidates, all in one normalised form.

use codegen_core::{Dialect, Index, IndexKey, SortOrder, Table};

use crate::normalize::{normalize_sql, parse_expr};
use crate::shape::{Key, Op, Predicate, split_and};

/// An index access method, as far as the advice tells them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    BTree,
    Hash,
    /// GIN; `trigram` when its operator class is `gin_trgm_ops` (or unknown on a text column).
    Gin {
        trigram: bool,
    },
    /// MySQL `FULLTEXT`.
    FullText,
    /// GiST, BRIN, spatial, ...: never matched.
    Other(String),
}

/// What an index is in the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    PrimaryKey,
    /// A unique constraint (the database's index behind it).
    Unique,
    /// A `CREATE INDEX`.
    Index,
    /// MySQL's index behind a foreign key that no other index leads with.
    ImplicitForeignKey,
    Candidate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndexView {
    pub name: String,
    /// Keys and whether each is descending.
    pub parts: Vec<(Key, bool)>,
    pub include: Vec<String>,
    /// The partial predicate's conjuncts, normalised.
    pub predicate: Vec<String>,
    pub method: Method,
    pub unique: bool,
    pub origin: Origin,
}

impl IndexView {
    /// The columns the index stores (keys, the columns of expression keys are not counted).
    pub fn stored_columns(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|(k, _)| k.column()).chain(self.include.iter().map(String::as_str))
    }

    /// Whether a query whose conjuncts on the table are `predicates` can use this index: every
    /// conjunct of a partial index's predicate is one of the query's, or an `IS NOT NULL` the
    /// query's comparison implies.
    pub fn usable_for(&self, predicates: &[&Predicate]) -> bool {
        self.predicate.iter().all(|conjunct| {
            predicates.iter().any(|p| &p.text == conjunct)
                || conjunct.strip_suffix(" IS NOT NULL").is_some_and(|column| {
                    predicates.iter().any(|p| {
                        p.key.column() == Some(column)
                            && matches!(
                                p.op,
                                Op::Eq | Op::In(_) | Op::Range | Op::Between | Op::LikePrefix | Op::LikeInfix
                            )
                    })
                })
        })
    }

    /// Whether `other` has the same keys (in order and direction), method and predicate.
    pub fn same_keys(&self, other: &IndexView) -> bool {
        self.parts == other.parts && self.method == other.method && self.predicate == other.predicate
    }

    /// Whether this index's keys are a leftmost prefix of `other`'s (same method and predicate).
    pub fn is_prefix_of(&self, other: &IndexView) -> bool {
        self.method == Method::BTree
            && other.method == Method::BTree
            && self.predicate == other.predicate
            && self.parts.len() <= other.parts.len()
            && other.parts.starts_with(&self.parts)
    }
}

/// The model index in the advice's form.
pub fn view_of(index: &Index, table: &Table, dialect: Dialect) -> IndexView {
    let parts = index
        .parts
        .iter()
        .map(|p| {
            let key = match &p.key {
                IndexKey::Column(c) => Key::Column(c.clone()),
                IndexKey::Expression(e) => {
                    let normalized = normalize_sql(e, dialect);
                    // `(email)` is the column.
                    match parse_expr(&normalized, dialect) {
                        Some(sqlparser::ast::Expr::Identifier(i)) => Key::Column(i.value),
                        _ => Key::Expression(normalized),
                    }
                }
            };
            (key, p.order == Some(SortOrder::Desc))
        })
        .collect::<Vec<_>>();
    let method = match index.method.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("btree") => Method::BTree,
        Some("hash") => Method::Hash,
        Some("gin") => {
            let trigram = index.parts.iter().all(|p| match &p.opclass {
                Some(opclass) => opclass.ends_with("gin_trgm_ops"),
                // Readers that drop the operator class: a GIN on a text column is a trigram one.
                None => matches!(&p.key, IndexKey::Column(c) if table.column(c).is_some_and(|c| c.ty.is_text())),
            });
            Method::Gin { trigram }
        }
        Some("fulltext") => Method::FullText,
        Some(other) => Method::Other(other.to_string()),
    };
    IndexView {
        name: index.name.clone(),
        parts,
        include: index.include.clone(),
        predicate: index.predicate.as_deref().map(|p| conjuncts(p, dialect)).unwrap_or_default(),
        method,
        unique: index.unique,
        origin: Origin::Index,
    }
}

/// A predicate's conjuncts, each normalised.
pub fn conjuncts(text: &str, dialect: Dialect) -> Vec<String> {
    match parse_expr(text, dialect) {
        Some(expr) => {
            let mut parts = Vec::new();
            split_and(&expr, &mut parts);
            let mut out: Vec<String> =
                parts.into_iter().map(|e| crate::normalize::normalize_expr(e, dialect)).collect();
            out.sort();
            out
        }
        None => vec![text.trim().to_lowercase()],
    }
}

/// Every index the database keeps for a table: the primary key, unique constraints, the
/// model's indexes and (MySQL) the implicit ones behind foreign keys.
pub fn indexes_of(table: &Table, dialect: Dialect) -> Vec<IndexView> {
    let btree = |name: String, columns: &[String], unique: bool, origin: Origin| IndexView {
        name,
        parts: columns.iter().map(|c| (Key::Column(c.clone()), false)).collect(),
        include: Vec::new(),
        predicate: Vec::new(),
        method: Method::BTree,
        unique,
        origin,
    };
    let mut views = Vec::new();
    if let Some(pk) = &table.primary_key {
        let name = pk.name.clone().unwrap_or_else(|| format!("{}_pkey", table.name.name));
        views.push(btree(name, &pk.columns, true, Origin::PrimaryKey));
    }
    for unique in &table.uniques {
        let name =
            unique.name.clone().unwrap_or_else(|| format!("{}_{}_key", table.name.name, unique.columns.join("_")));
        views.push(btree(name, &unique.columns, true, Origin::Unique));
    }
    for index in &table.indexes {
        views.push(view_of(index, table, dialect));
    }
    if dialect == Dialect::Mysql {
        for fk in &table.foreign_keys {
            let led = views.iter().any(|v| {
                v.parts.len() >= fk.columns.len()
                    && v.parts.iter().zip(&fk.columns).all(|((k, _), c)| k.column() == Some(c.as_str()))
            });
            if !led {
                let name =
                    fk.name.clone().unwrap_or_else(|| format!("{}_{}_fk", table.name.name, fk.columns.join("_")));
                views.push(btree(name, &fk.columns, false, Origin::ImplicitForeignKey));
            }
        }
    }
    // InnoDB keeps the primary key in every secondary index; SQLite keeps the rowid.
    if dialect == Dialect::Mysql
        && let Some(pk) = &table.primary_key
    {
        for view in views.iter_mut().filter(|v| v.origin != Origin::PrimaryKey) {
            for column in &pk.columns {
                if !view.stored_columns().any(|c| c == column) {
                    view.include.push(column.clone());
                }
            }
        }
    }
    views
}

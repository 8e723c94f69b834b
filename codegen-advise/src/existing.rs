//! Findings about the indexes a schema already has: exact duplicates, indexes another one
//! starts with (prefixes), foreign keys no index leads with, and (with statistics) indexes never
//! scanned. Only plain indexes are proposed for dropping: the indexes behind primary keys and
//! unique constraints enforce something.

use codegen_core::{Dialect, Schema, Table};
use serde::Serialize;

use crate::index_view::{IndexView, Method, Origin, indexes_of};
use crate::stats::Stats;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExistingKind {
    Duplicate,
    Prefix,
    ForeignKeyWithoutIndex,
    Unused,
}

impl ExistingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ExistingKind::Duplicate => "duplicate",
            ExistingKind::Prefix => "prefix",
            ExistingKind::ForeignKeyWithoutIndex => "foreign-key-without-index",
            ExistingKind::Unused => "unused",
        }
    }
}

/// One finding about an existing index (or a missing one behind a foreign key).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExistingFinding {
    pub kind: ExistingKind,
    pub table: String,
    /// The index concerned (for a foreign key: its columns).
    pub index: String,
    /// The index that makes it redundant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covered_by: Option<String>,
    pub message: String,
    /// Whether the migration drops it (a plain index another one fully replaces).
    pub drop: bool,
}

/// Every finding about the schema's indexes.
pub fn existing_findings(schema: &Schema, stats: &Stats, dialect: Dialect) -> Vec<ExistingFinding> {
    let mut out = Vec::new();
    for table in &schema.tables {
        let views = indexes_of(table, dialect);
        redundant(table, &views, &mut out);
        if dialect != Dialect::Mysql {
            unindexed_foreign_keys(table, &views, &mut out);
        }
        if let Some(scans) = stats.table(&table.name).map(|t| &t.index_scans) {
            for view in views.iter().filter(|v| v.origin == Origin::Index && !v.unique) {
                if scans.get(&view.name) == Some(&0) {
                    out.push(ExistingFinding {
                        kind: ExistingKind::Unused,
                        table: table.name.to_string(),
                        index: view.name.clone(),
                        covered_by: None,
                        message: format!(
                            "`{}` has not been scanned since the statistics were last reset, yet every write to `{}` \
                             maintains it; drop it if that period covers the application's whole cycle",
                            view.name, table.name
                        ),
                        drop: false,
                    });
                }
            }
        }
    }
    out
}

fn redundant(table: &codegen_core::Table, views: &[IndexView], out: &mut Vec<ExistingFinding>) {
    // A plain index can go; a unique one only beside another unique index with its keys.
    let droppable = |v: &IndexView, other: &IndexView| v.origin == Origin::Index && (!v.unique || other.unique);
    let stores_all = |a: &IndexView, b: &IndexView| a.include.iter().all(|c| b.stored_columns().any(|s| s == c));
    let mut reported: Vec<usize> = Vec::new();
    for i in 0..views.len() {
        for j in (i + 1)..views.len() {
            let (a, b) = (&views[i], &views[j]);
            if reported.contains(&i) || reported.contains(&j) || !a.same_keys(b) {
                continue;
            }
            // Which of the two goes: the one the other fully replaces, a plain index before a
            // constraint's, the later one last.
            let (gone, kept) = if droppable(b, a) && stores_all(b, a) {
                (j, i)
            } else if droppable(a, b) && stores_all(a, b) {
                (i, j)
            } else {
                (j, i)
            };
            let (g, k) = (&views[gone], &views[kept]);
            reported.push(gone);
            out.push(ExistingFinding {
                kind: ExistingKind::Duplicate,
                table: table.name.to_string(),
                index: g.name.clone(),
                covered_by: Some(k.name.clone()),
                message: format!(
                    "`{}` has the same keys as `{}`: every write maintains both for nothing",
                    g.name, k.name
                ),
                drop: droppable(g, k) && stores_all(g, k),
            });
        }
    }
    for (i, a) in views.iter().enumerate() {
        if reported.contains(&i) || a.origin != Origin::Index || a.unique {
            continue;
        }
        let longer = views.iter().enumerate().find(|(j, b)| {
            *j != i && !reported.contains(j) && a.parts.len() < b.parts.len() && a.is_prefix_of(b) && stores_all(a, b)
        });
        if let Some((_, b)) = longer {
            reported.push(i);
            out.push(ExistingFinding {
                kind: ExistingKind::Prefix,
                table: table.name.to_string(),
                index: a.name.clone(),
                covered_by: Some(b.name.clone()),
                message: format!(
                    "`{}` is a leftmost prefix of `{}`, which serves every lookup it does",
                    a.name, b.name
                ),
                drop: true,
            });
        }
    }
}

fn unindexed_foreign_keys(table: &Table, views: &[IndexView], out: &mut Vec<ExistingFinding>) {
    for fk in &table.foreign_keys {
        let led = views.iter().any(|v| {
            v.method == Method::BTree
                && v.predicate.is_empty()
                && v.parts.len() >= fk.columns.len()
                && fk
                    .columns
                    .iter()
                    .all(|c| v.parts[..fk.columns.len()].iter().any(|(k, _)| k.column() == Some(c.as_str())))
        });
        if !led {
            out.push(ExistingFinding {
                kind: ExistingKind::ForeignKeyWithoutIndex,
                table: table.name.to_string(),
                index: format!("({})", fk.columns.join(", ")),
                covered_by: None,
                message: format!(
                    "no index leads with foreign key ({}) to `{}`: every delete or key update there scans `{}`",
                    fk.columns.join(", "),
                    fk.referenced_table,
                    table.name
                ),
                drop: false,
            });
        }
    }
}

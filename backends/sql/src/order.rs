//! The order tables are created in: referenced tables first, model order otherwise, and the
//! foreign keys that must wait until every table exists when references form a cycle.

use std::collections::BTreeSet;

use codegen_core::Schema;

/// Tables by index into [`Schema::tables`], in creation order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableOrder {
    pub tables: Vec<usize>,
    /// `(table, foreign key)` indexes of the keys left out of `CREATE TABLE` to break a cycle.
    pub deferred: BTreeSet<(usize, usize)>,
}

/// Order the tables of `schema`. With `defer_cycles`, each cycle is broken by deferring foreign
/// keys; without (SQLite, which accepts forward references), every key stays inline and a
/// cycle is only broken for ordering's sake.
pub(crate) fn order_tables(schema: &Schema, defer_cycles: bool) -> TableOrder {
    let n = schema.tables.len();
    // edges[i]: (foreign key, referenced table) for every reference to another known table.
    let edges: Vec<Vec<(usize, usize)>> = schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, table)| {
            table
                .foreign_keys
                .iter()
                .enumerate()
                .filter_map(|(k, fk)| {
                    let target = schema.tables.iter().position(|t| t.name == fk.referenced_table)?;
                    (target != i).then_some((k, target))
                })
                .collect()
        })
        .collect();

    let mut created = vec![false; n];
    let mut ignored: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut order = TableOrder { tables: Vec::with_capacity(n), deferred: BTreeSet::new() };
    let waits_on = |i: usize, created: &[bool], ignored: &BTreeSet<(usize, usize)>| -> Vec<(usize, usize)> {
        edges[i].iter().copied().filter(|&(k, target)| !created[target] && !ignored.contains(&(i, k))).collect()
    };

    while order.tables.len() < n {
        let ready = (0..n).find(|&i| !created[i] && waits_on(i, &created, &ignored).is_empty());
        if let Some(i) = ready {
            created[i] = true;
            order.tables.push(i);
            continue;
        }
        // Every remaining table waits on another, so some remaining table lies on a cycle: take
        // the first in model order and stop waiting on the tables that wait on it in turn.
        let (i, cycle_edges) = (0..n)
            .filter(|&i| !created[i])
            .find_map(|i| {
                let on_cycle: Vec<(usize, usize)> = waits_on(i, &created, &ignored)
                    .into_iter()
                    .filter(|&(_, target)| reaches(target, i, &created, &ignored, &edges))
                    .collect();
                (!on_cycle.is_empty()).then_some((i, on_cycle))
            })
            .expect("a graph where every node waits on another has a cycle");
        for (k, _) in cycle_edges {
            ignored.insert((i, k));
            if defer_cycles {
                order.deferred.insert((i, k));
            }
        }
    }
    order
}

/// Whether `goal` can be reached from `start` over references between tables not yet created.
fn reaches(
    start: usize,
    goal: usize,
    created: &[bool],
    ignored: &BTreeSet<(usize, usize)>,
    edges: &[Vec<(usize, usize)>],
) -> bool {
    let mut stack = vec![start];
    let mut visited = vec![false; edges.len()];
    while let Some(i) = stack.pop() {
        if i == goal {
            return true;
        }
        if std::mem::replace(&mut visited[i], true) {
            continue;
        }
        for &(k, target) in &edges[i] {
            if !created[target] && !ignored.contains(&(i, k)) {
                stack.push(target);
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen_core::{ForeignKey, QualifiedName, Table};

    fn table(name: &str, references: &[&str]) -> Table {
        let mut table = Table::new(name);
        for target in references {
            table.foreign_keys.push(ForeignKey {
                name: None,
                columns: vec![format!("{target}_id")],
                referenced_table: QualifiedName::new(*target),
                referenced_columns: vec!["id".into()],
                on_delete: Default::default(),
                on_update: Default::default(),
                loc: Default::default(),
                deferrable: None,
            });
        }
        table
    }

    fn schema(tables: Vec<Table>) -> Schema {
        Schema { tables, ..Schema::default() }
    }

    #[test]
    fn referenced_tables_come_first_and_model_order_is_kept_otherwise() {
        let s = schema(vec![table("a", &["c"]), table("b", &[]), table("c", &[]), table("d", &["d"])]);
        let order = order_tables(&s, true);
        assert_eq!(order.tables, vec![1, 2, 0, 3]);
        assert!(order.deferred.is_empty());
    }

    #[test]
    fn a_cycle_is_broken_once_at_a_table_on_it() {
        // x waits on b, which is in a cycle with c; only one key of that cycle is deferred.
        let s = schema(vec![table("x", &["b"]), table("b", &["c"]), table("c", &["b"])]);
        let order = order_tables(&s, true);
        assert_eq!(order.deferred, BTreeSet::from([(1, 0)]));
        assert_eq!(order.tables, vec![1, 0, 2]);
        assert!(order_tables(&s, false).deferred.is_empty());
    }
}

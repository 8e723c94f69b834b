//! Dates that tell a story: instants set by a status, and the order columns are filled in.

use crate::column::{Kind, ValueGen};
use crate::prepare::{ColumnSeed, Source, Story};

/// Timestamps that follow a status column (`completed_at` is set exactly for completed rows).
pub(crate) fn stories(columns: &[ColumnSeed]) -> Vec<Story> {
    let mut stories = Vec::new();
    for (i, column) in columns.iter().enumerate() {
        if !column.nullable {
            continue;
        }
        let Source::Value(ValueGen { kind: Kind::Timestamp { .. } | Kind::Date { .. }, .. }) = &column.source else {
            continue;
        };
        let Some(stem) = column.name.strip_suffix("_at").or_else(|| column.name.strip_suffix("_on")) else { continue };
        for (s, status) in columns.iter().enumerate() {
            let Source::Value(ValueGen { kind: Kind::Choice { values, .. }, .. }) = &status.source else { continue };
            let words: &[&str] = match stem {
                "ended" | "finished" | "closed" => &["completed", "finished", "ended", "closed", "done", "archived"],
                "started" => &[],
                _ => &[],
            };
            let mut when: Vec<String> = values
                .iter()
                .filter(|v| {
                    let v = v.to_ascii_lowercase();
                    v == stem || stem.starts_with(&v) || v.starts_with(stem) || words.contains(&v.as_str())
                })
                .cloned()
                .collect();
            if stem == "started" {
                let before = ["draft", "pending", "scheduled", "planned", "new", "queued", "created"];
                if values.iter().any(|v| before.contains(&v.to_ascii_lowercase().as_str())) {
                    when =
                        values.iter().filter(|v| !before.contains(&v.to_ascii_lowercase().as_str())).cloned().collect();
                }
            }
            if !when.is_empty() && when.len() < values.len() {
                stories.push(Story { column: i, status: s, when });
                break;
            }
        }
    }
    stories
}

/// Fill order: statuses, then `created_at`, then the other columns with each ordering's lesser
/// side before its greater.
pub(crate) fn fill_order(columns: &[ColumnSeed], orderings: &[(usize, usize, bool)], stories: &[Story]) -> Vec<usize> {
    let rank = |i: usize| -> u8 {
        let c = &columns[i];
        if matches!(c.source, Source::Foreign { .. } | Source::Serial { .. }) {
            0
        } else if stories.iter().any(|s| s.status == i)
            || matches!(&c.source, Source::Value(ValueGen { kind: Kind::Choice { .. }, .. }))
        {
            1
        } else if c.name == "created_at" || c.name == "created" || c.name == "created_on" {
            2
        } else {
            3
        }
    };
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by_key(|&i| (rank(i), i));
    // Lesser sides before greater ones (a few passes settle chains).
    for _ in 0..columns.len() {
        let mut changed = false;
        for &(greater, lesser, _) in orderings {
            let (pg, pl) = (order.iter().position(|&x| x == greater), order.iter().position(|&x| x == lesser));
            if let (Some(pg), Some(pl)) = (pg, pl)
                && pl > pg
            {
                order.remove(pl);
                order.insert(pg, lesser);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    order
}

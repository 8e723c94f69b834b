//! What earlier statements of the file did to the data: the `UPDATE`s and `INSERT ... SELECT`s
//! that copy a column or table before it is dropped (a move, not a loss).

use super::{FileLint, words};
use crate::model::QualifiedName;

impl FileLint<'_> {
    /// Whether an earlier `UPDATE <table> SET <column> = ...` assigned the column.
    pub(super) fn assigned_by_update(&self, table: &QualifiedName, column: &str) -> bool {
        let (table, column) = (table.name.to_lowercase(), column.to_lowercase());
        self.updates.iter().any(|text| {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ").replace(" =", "=");
            let words = words(&text);
            let set = words.iter().position(|w| *w == "set").unwrap_or(words.len());
            words[..set].contains(&table.as_str())
                && (text.contains(&format!("set {column}=")) || text.contains(&format!(", {column}=")))
        })
    }

    /// Whether an earlier `UPDATE <table> SET ... = <expression reading column>` copied the column.
    pub(super) fn copied_by_update(&self, table: &QualifiedName, column: &str) -> bool {
        let (table, column) = (table.name.to_lowercase(), column.to_lowercase());
        self.updates.iter().any(|text| {
            let words = words(text);
            let Some(set) = words.iter().position(|w| *w == "set") else { return false };
            words[..set].contains(&table.as_str()) && words[set..].iter().skip(2).any(|w| *w == column)
        })
    }

    /// Whether an `INSERT ... SELECT` of this file reads `column` from `table` (a move's copy
    /// into another table).
    pub(super) fn copied_by_insert(&self, table: &QualifiedName, column: &str) -> bool {
        let (table, column) = (table.name.to_lowercase(), column.to_lowercase());
        self.copies.iter().any(|text| {
            let words = words(text);
            let Some(select) = words.iter().position(|w| *w == "select") else { return false };
            let read = &words[select..];
            read.contains(&column.as_str()) && read.contains(&table.as_str())
        })
    }

    /// Whether an earlier `UPDATE` of another table reads `table` (`UPDATE ... FROM`, a join or a
    /// subquery), or an `INSERT ... SELECT` reads it: its values were copied before it is dropped.
    pub(super) fn read_by_copy(&self, table: &QualifiedName) -> bool {
        let table = table.name.to_lowercase();
        let by_update = self.updates.iter().any(|text| {
            let words = words(text);
            let Some(set) = words.iter().position(|w| *w == "set") else { return false };
            let updated = words.get(1).copied();
            updated != Some(table.as_str())
                && words[1..].contains(&table.as_str())
                && (words[set..].contains(&table.as_str()) || words[..set].contains(&"join"))
        });
        let by_insert = self.copies.iter().any(|text| {
            let words = words(text);
            words.iter().position(|w| *w == "select").is_some_and(|select| {
                words[select..].windows(2).any(|pair| pair[0] == "from" && pair[1] == table)
                    && words.get(2) != Some(&table.as_str())
            })
        });
        by_update || by_insert
    }
}

//! Ten descriptions of different domains, written the way people write them, each with the
//! tables, foreign keys, enums, uniques and indexes a careful engineer would design
//! (`tests/domains/*/expected.txt`, written by hand before the reader saw them). The test
//! measures precision and recall over all of them and holds them above the floors below; the
//! figures are in docs/design.md.

use std::collections::BTreeSet;
use std::path::Path;

use codegen_core::{ColumnType, Schema};
use codegen_design::{DesignSettings, design_file};

const KINDS: [&str; 5] = ["table", "fk", "enum", "unique", "index"];

/// The facts of a schema, as `kind text` lines in expected.txt's spelling.
fn facts(schema: &Schema) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for table in &schema.tables {
        let t = &table.name.name;
        out.insert(format!("table {t}"));
        for fk in &table.foreign_keys {
            out.insert(format!("fk {t}.{} -> {}", fk.columns.join(","), fk.referenced_table.name));
        }
        for column in &table.columns {
            if matches!(column.ty, ColumnType::Enum { .. }) {
                out.insert(format!("enum {t}.{}", column.name));
            }
        }
        for unique in &table.uniques {
            out.insert(format!("unique {t}({})", unique.columns.join(", ")));
        }
        for index in table.indexes.iter().filter(|i| !i.unique) {
            let columns = index.column_names().unwrap_or_default().join(", ");
            out.insert(format!("index {t}({columns})"));
        }
    }
    out
}

#[derive(Default, Clone, Copy)]
struct Count {
    hit: usize,
    extra: usize,
    missed: usize,
}

impl Count {
    fn precision(&self) -> f64 {
        self.hit as f64 / (self.hit + self.extra).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.hit as f64 / (self.hit + self.missed).max(1) as f64
    }
}

#[test]
fn ten_domains_precision_and_recall() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/domains");
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    assert_eq!(dirs.len(), 10, "ten domains");
    let mut counts = [Count::default(); 5];
    let mut report = String::new();
    for dir in &dirs {
        let design = design_file(&dir.join("domain.md"), &DesignSettings::default())
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let found = facts(&design.schema);
        let expected: BTreeSet<String> = std::fs::read_to_string(dir.join("expected.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_string())
            .collect();
        for (k, kind) in KINDS.iter().enumerate() {
            let of_kind = |set: &BTreeSet<String>| -> BTreeSet<String> {
                set.iter().filter(|f| f.starts_with(&format!("{kind} "))).cloned().collect()
            };
            let (e, f) = (of_kind(&expected), of_kind(&found));
            counts[k].hit += e.intersection(&f).count();
            counts[k].extra += f.difference(&e).count();
            counts[k].missed += e.difference(&f).count();
            for fact in f.difference(&e) {
                report.push_str(&format!("{}: extra   {fact}\n", dir.file_name().unwrap().to_string_lossy()));
            }
            for fact in e.difference(&f) {
                report.push_str(&format!("{}: missing {fact}\n", dir.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    println!("{report}");
    for (k, kind) in KINDS.iter().enumerate() {
        let c = counts[k];
        println!(
            "{kind:<7} precision {:.2} recall {:.2} ({} right, {} extra, {} missed)",
            c.precision(),
            c.recall(),
            c.hit,
            c.extra,
            c.missed
        );
    }
    // Floors under the figures measured (docs/design.md): a change that makes the reader worse fails.
    for (k, floor) in [(0, 0.95), (1, 0.85), (4, 0.8)] {
        assert!(
            counts[k].precision() >= floor,
            "{} precision {:.2} < {floor}\n{report}",
            KINDS[k],
            counts[k].precision()
        );
        assert!(counts[k].recall() >= floor, "{} recall {:.2} < {floor}\n{report}", KINDS[k], counts[k].recall());
    }
}

//! Speed of the migration diff: two 1,000-table models that differ in 5% of their tables.
//!
//! `cargo bench --bench migrations`. Of the 1,000 tables, 50 differ: 20 gain a column and an
//! index, 10 change a column's type and drop another, 10 are dropped and 10 created; every
//! table has 8-15 columns, a foreign key to an earlier table, a unique constraint and an index.

use std::hint::black_box;

use codegen_core::diff::{DiffOptions, diff_schemas};
use codegen_core::model::*;
use codegen_core::{Dialect, Loc};
use codegen_sql::migration::{MigrationOptions, render_migration};
use criterion::{Criterion, criterion_group, criterion_main};

fn table(t: usize) -> Table {
    let types = [
        ColumnType::BIGINT,
        ColumnType::INT,
        ColumnType::TEXT,
        ColumnType::Varchar { length: Some(200), national: false },
        ColumnType::Bool,
        ColumnType::TimestampTz { precision: None },
        ColumnType::Decimal { precision: Some(12), scale: Some(2) },
        ColumnType::Jsonb,
    ];
    let mut table = Table::new(format!("table_{t}"));
    let mut id = Column::new("id", ColumnType::BIGINT, "bigint");
    id.nullable = false;
    id.default = Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::IdentityByDefault });
    table.columns.push(id);
    table.primary_key = Some(PrimaryKey { name: None, columns: vec!["id".into()] });
    for c in 1..8 + t % 8 {
        let mut column = Column::new(format!("column_{c}"), types[(t + c) % types.len()].clone(), "");
        column.nullable = c % 3 != 0;
        table.columns.push(column);
    }
    if t > 0 {
        table.columns.push(Column::new("parent_id", ColumnType::BIGINT, "bigint"));
        table.foreign_keys.push(ForeignKey {
            name: Some(format!("table_{t}_parent_fkey")),
            columns: vec!["parent_id".into()],
            referenced_table: QualifiedName::new(format!("table_{}", t / 2)),
            referenced_columns: vec!["id".into()],
            on_delete: ReferentialAction::Cascade,
            on_update: ReferentialAction::NoAction,
            loc: Loc::default(),
            deferrable: None,
        });
    }
    table.uniques.push(UniqueConstraint {
        name: Some(format!("table_{t}_column_1_key")),
        columns: vec!["column_1".into()],
        loc: Loc::default(),
    });
    table.indexes.push(Index {
        name: format!("table_{t}_column_2_idx"),
        unique: false,
        parts: vec![IndexPart::column("column_2")],
        method: None,
        predicate: None,
        include: Vec::new(),
        mysql_only_since: None,
        loc: Loc::default(),
    });
    table
}

/// The two models: `b` is `a` with 5% of its tables changed.
fn models(tables: usize) -> (Schema, Schema) {
    let a = Schema { tables: (0..tables).map(table).collect(), ..Schema::default() };
    let mut b = a.clone();
    // Leaf tables (no other table references them) are the ones dropped.
    let step = tables / 50;
    for (k, t) in (0..tables).step_by(step).enumerate() {
        let target = &mut b.tables[t];
        match k % 5 {
            0 | 1 => {
                target.columns.push(Column::new("added", ColumnType::TEXT, "text"));
                target.indexes.push(Index {
                    name: format!("{}_added_idx", target.name.name),
                    unique: false,
                    parts: vec![IndexPart::column("added")],
                    method: None,
                    predicate: None,
                    include: Vec::new(),
                    mysql_only_since: None,
                    loc: Loc::default(),
                });
            }
            2 => {
                target.columns[3].ty = ColumnType::TEXT;
                target.columns.remove(4);
            }
            _ => {}
        }
    }
    let dropped: Vec<String> = (tables - 10..tables).map(|t| format!("table_{t}")).collect();
    b.tables.retain(|t| !dropped.contains(&t.name.name));
    for t in 0..10 {
        let mut new = table(t + 1);
        new.name = QualifiedName::new(format!("created_{t}"));
        for index in &mut new.indexes {
            index.name = format!("created_{t}_{}", index.name);
        }
        b.tables.push(new);
    }
    (a, b)
}

fn bench(c: &mut Criterion) {
    let (a, b) = models(1000);
    let options = DiffOptions::default();
    let diff = diff_schemas(&a, &b, &options);
    assert!(diff.changes.len() > 50, "{} changes", diff.changes.len());
    c.bench_function("diff 1000 tables, 5% changed", |bench| {
        bench.iter(|| diff_schemas(black_box(&a), black_box(&b), &options))
    });
    for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        c.bench_function(&format!("diff and render {dialect} up+down, 1000 tables"), |bench| {
            bench.iter(|| {
                let diff = diff_schemas(black_box(&a), black_box(&b), &options);
                render_migration(&a, &b, &diff, &MigrationOptions::new(dialect)).expect("renders")
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);

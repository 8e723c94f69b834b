//! Designing a 100-sentence description (the target: under 50 ms).

use std::path::Path;

use codegen_design::{DesignSettings, design_text};
use criterion::{Criterion, criterion_group, criterion_main};

/// 100 sentences over 25 entities, in the forms people write.
pub fn hundred_sentences() -> String {
    let mut text = String::new();
    for i in 0..25 {
        let parent = format!("group{i}s");
        let child = format!("item{i}s");
        text.push_str(&format!("{parent} contain {child}. "));
        text.push_str(&format!(
            "Each item{i} has a name, a price, a status: draft, active or retired and a description. "
        ));
        text.push_str(&format!("Item{i} names must be unique within a group{i}. "));
        text.push_str(&format!("We will frequently query {child} by group{i} and status.\n"));
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = hundred_sentences();
    let settings = DesignSettings::default();
    c.bench_function("design 100 sentences", |b| {
        b.iter(|| design_text(&text, Path::new("domain.md"), &settings).expect("designs"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

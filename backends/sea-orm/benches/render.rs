//! Rendering speed: entities for a 1,000-table schema.

fn main() {}

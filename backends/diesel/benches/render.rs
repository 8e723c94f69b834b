//! Placeholder until the render benchmark lands.
fn main() {}

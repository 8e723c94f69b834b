//! Seed data for a codegen schema.
pub mod checks;
pub mod column;
pub mod fakes;
pub mod plan;
pub mod rng;
pub mod value;

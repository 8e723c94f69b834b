//! Seed data for a codegen schema.
pub mod checks;
pub mod column;
mod domains;
pub mod fakes;
pub mod generate;
pub mod plan;
pub mod prepare;
pub mod render;
pub mod rng;
mod story;
mod uniques;
pub mod value;

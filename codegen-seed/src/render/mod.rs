//! Seed scripts: SQL per dialect, and the framework formats.
pub mod diesel;
pub mod knex;
pub mod prisma;
mod raw;
pub mod sea_orm;
pub mod sql;

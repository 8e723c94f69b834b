//! Tests of the Prisma backend and reader (one binary, a module per area).

mod cli;
mod conformance;
mod fixtures;
mod generated;
mod migrate_sql;
mod oracle;
mod reader;
mod roundtrip;
mod snapshots;
mod validate;

//! Tests of the Prisma backend and reader (one binary, a module per area).

mod cli;
mod db_pull;
mod fixtures;
mod generated;
mod migrate_sql;
mod oracle;
mod reader;
mod roundtrip;
mod servers;
mod snapshots;
mod validate;

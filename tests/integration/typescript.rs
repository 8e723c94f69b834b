//! The TypeScript targets (Drizzle, TypeORM, Kysely) and migration layouts (Knex, TypeORM,
//! Drizzle) proven with the real npm tools pinned in `tools/typescript`: `tsc` on every generated
//! file, drizzle-kit's generate and pull, TypeORM's synchronisation, and each tool's own
//! migration runner on SQLite and PostgreSQL.

#[path = "typescript/backfill_runners.rs"]
mod backfill_runners;
#[path = "typescript/catalogs.rs"]
mod catalogs;
#[path = "typescript/drizzle_kit.rs"]
mod drizzle_kit;
#[path = "typescript/examples.rs"]
mod examples;
#[path = "typescript/inputs.rs"]
mod inputs;
#[path = "typescript/migrations.rs"]
mod migrations;
#[path = "typescript/regions.rs"]
mod regions;
#[path = "typescript/tools.rs"]
mod tools;
#[path = "typescript/typecheck.rs"]
mod typecheck;
#[path = "typescript/typeorm_sync.rs"]
mod typeorm_sync;

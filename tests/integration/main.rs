//! The one integration-test binary of the workspace: each module below is one area (as ripgrep does).

mod advise_cli;
mod advise_servers;
mod backfill;
mod cli;
mod corpus;
mod diff_cli;
mod introspect_mysql;
mod introspect_objects;
mod introspect_postgres;
mod lint_cli;
mod migration_examples;
mod migrations_fixtures;
mod migrations_roundtrip;
mod object_migrations;
mod phased;
mod roundtrip;
mod sea_orm;
mod seed;
mod seed_prisma;
mod seed_rust;
mod server_smoke;
mod servers;
mod sql_on_servers;
mod tls_servers;
mod typescript;
mod verify_cli;

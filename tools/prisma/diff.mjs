// The SQL Prisma Migrate would run to create a schema from nothing (`prisma migrate diff
// --from-empty --to-schema`), offline, with @prisma/schema-engine-wasm.
//
// Usage: node --experimental-wasm-modules diff.mjs < schema.prisma > migration.sql
// Works for the postgresql and sqlite providers (the wasm engine has no MySQL connector).
// PostgreSQL needs a live server even for this (the engine asks it for its version): pass its
// URL in DATABASE_URL; nothing is written to it.
import { readFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, mockMigrationAwareAdapterFactory } from "@prisma/driver-adapter-utils";
import * as wasm from "@prisma/schema-engine-wasm";

// The wasm module reports panics through this global; it must exist before use.
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message() {} };

const schema = readFileSync(0, "utf8");
const provider = /provider\s*=\s*"(postgresql|sqlite)"/.exec(schema.slice(schema.indexOf("datasource")))?.[1];
if (!provider) {
  process.stderr.write("diff.mjs: the datasource provider must be postgresql or sqlite\n");
  process.exit(2);
}
// Diffing from empty to a schema reads no SQLite database: a mock adapter suffices there.
const adapter =
  provider === "postgresql"
    ? new PrismaPg({ connectionString: process.env.DATABASE_URL })
    : mockMigrationAwareAdapterFactory("sqlite");
const factory = bindMigrationAwareSqlAdapterFactory(adapter);
const engine = await wasm.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, factory);
const result = await engine.diff({
  from: { tag: "empty" },
  to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
  script: true,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
});
// Exit once written: the PostgreSQL adapter's idle connection would keep node alive for seconds.
process.stdout.write(result.stdout ?? "", () => process.exit(0));

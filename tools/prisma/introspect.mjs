// What `prisma db pull` prints for a SQLite database built from a SQL file, offline:
// @prisma/schema-engine-wasm introspecting through @prisma/adapter-libsql.
//
// Usage: node --experimental-wasm-modules introspect.mjs fixture.sql > fixture.prisma
// The database is created in a temporary folder and removed afterwards.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as wasm from "@prisma/schema-engine-wasm";

// The wasm module reports panics through this global; it must exist before use.
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message() {} };

const sql = readFileSync(process.argv[2], "utf8");
const dir = mkdtempSync(join(tmpdir(), "codegen-prisma-"));
const url = "file:" + join(dir, "fixture.db");
try {
  const client = createClient({ url });
  await client.executeMultiple(sql);
  client.close();

  const schema = 'datasource db {\n  provider = "sqlite"\n}\n';
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaLibSql({ url }));
  const engine = await wasm.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, factory);
  const result = await engine.introspect({
    schema: { files: [{ path: "schema.prisma", content: schema }] },
    baseDirectoryPath: dir,
    force: false,
    compositeTypeDepth: -1,
    namespaces: null,
  });
  process.stdout.write(result.schema.files[0].content);
  if (result.warnings) process.stderr.write(result.warnings + "\n");
} finally {
  rmSync(dir, { recursive: true, force: true });
}

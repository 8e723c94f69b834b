// What `prisma db pull` prints for a database built from a SQL file, offline:
// @prisma/schema-engine-wasm introspecting through a driver adapter (@prisma/adapter-libsql for
// SQLite, @prisma/adapter-pg for PostgreSQL). `db pull` itself cannot run offline (npm cannot fetch
// its native engine), but this is the same introspection code, compiled to WebAssembly.
//
// Usage:
//   node --experimental-wasm-modules introspect.mjs case.sql                      # SQLite
//   DATABASE_URL=postgres://... node --experimental-wasm-modules introspect.mjs --provider postgresql case.sql
// With several cases it prints JSON {"path": {"schema", "warnings"}} (one node process for all).
//
// SQLite: the database is a file in a temporary folder, removed afterwards. PostgreSQL: a fresh
// database `prisma_case_<random>` is created on the server DATABASE_URL names, the case runs in it,
// and it is dropped afterwards.
//
// A case may start with header comments that shape the schema db pull starts from, the way a
// user's schema.prisma does:
//   -- preview: views, partialIndexes        (the generator's previewFeatures)
//   -- schemas: public, audit                (the datasource's schemas: multiSchema)
//
// MySQL cannot run here: the wasm build of the schema engine has no MySQL connector (it panics
// with "Unsupported adapter provider: Mysql" whatever the adapter), see README.md.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { createClient } from "@libsql/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as wasm from "@prisma/schema-engine-wasm";
import pg from "pg";

// The wasm module reports panics through this global; it must exist before use.
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  set_message(message) {
    process.stderr.write(`schema engine panic: ${message}\n`);
  },
};

const args = process.argv.slice(2);
let provider = "sqlite";
const providerFlag = args.indexOf("--provider");
if (providerFlag >= 0) {
  provider = args[providerFlag + 1];
  args.splice(providerFlag, 2);
}
if (!["sqlite", "postgresql"].includes(provider) || args.length === 0) {
  process.stderr.write("usage: introspect.mjs [--provider sqlite|postgresql] case.sql [case.sql ...]\n");
  process.exit(2);
}

/** The values of a `-- key: a, b` header line of `sql`, or []. */
function header(sql, key) {
  const line = sql.split("\n").find((l) => l.startsWith(`-- ${key}:`));
  return line ? line.slice(`-- ${key}:`.length).split(",").map((s) => s.trim()).filter(Boolean) : [];
}

/** The schema db pull starts from: a generator, and a datasource with no models. */
function startingSchema(sql) {
  const preview = header(sql, "preview");
  const schemas = header(sql, "schemas");
  let text = 'generator client {\n  provider = "prisma-client"\n';
  if (preview.length) text += `  previewFeatures = [${preview.map((p) => JSON.stringify(p)).join(", ")}]\n`;
  text += `}\n\ndatasource db {\n  provider = "${provider}"\n`;
  if (schemas.length) text += `  schemas  = [${schemas.map((s) => JSON.stringify(s)).join(", ")}]\n`;
  return text + "}\n";
}

/** The schema db pull writes for the database behind `factory`, and its warnings. */
async function introspect(sql, factory, baseDirectoryPath) {
  const schema = startingSchema(sql);
  const files = [{ path: "schema.prisma", content: schema }];
  const engine = await wasm.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, factory);
  const result = await engine.introspect({
    schema: { files },
    baseDirectoryPath,
    force: false,
    compositeTypeDepth: -1,
    namespaces: null,
  });
  return { schema: result.schema.files[0].content, warnings: result.warnings ?? null };
}

// Prisma's describer reads a partial index's SQL with `... AND name = "index_name"`: a string in
// double quotes, which SQLite's default build (Prisma's native engine) reads as a literal when no
// column has that name, but libsql, built without that legacy behaviour, refuses. The query is
// passed on with the name as a string literal.
const INDEX_SQL = /^(SELECT sql FROM sqlite_master WHERE type = 'index' AND name = )"((?:[^"]|"")*)";$/;

function withIndexNameLiterals(factory) {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = (q) => {
      const m = INDEX_SQL.exec(q.sql);
      if (!m) return queryRaw(q);
      const name = m[2].replaceAll('""', '"').replaceAll("'", "''");
      return queryRaw({ ...q, sql: `${m[1]}'${name}';` });
    };
    return adapter;
  };
  return factory;
}

async function sqlite(sql) {
  const dir = mkdtempSync(join(tmpdir(), "codegen-prisma-"));
  const url = "file:" + join(dir, "case.db");
  try {
    const client = createClient({ url });
    await client.executeMultiple(sql);
    client.close();
    return await introspect(sql, bindMigrationAwareSqlAdapterFactory(withIndexNameLiterals(new PrismaLibSql({ url }))), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// @prisma/adapter-pg knows no column type for PostgreSQL's one-byte "char" (OID 18), which the
// schema describer's catalog queries return (relkind, contype, ...): it refuses the whole result,
// where Prisma's native engine reads such a column as a character. Here node-pg reads the column
// as text (which the value is), and the adapter's result marks it as a character column.
const PG_CHAR = 18;
const PG_TEXT = 25;
const CHARACTER_COLUMN = 6; // ColumnTypeEnum.Character of @prisma/driver-adapter-utils

function withCharColumns(pool) {
  const query = pool.query.bind(pool);
  pool.query = async (...a) => {
    const result = await query(...a);
    const chars = [];
    (result.fields ?? []).forEach((field, i) => {
      if (field.dataTypeID === PG_CHAR) {
        field.dataTypeID = PG_TEXT;
        chars.push(i);
      }
    });
    // The adapter hands this rows array on as is: it carries the columns to mark.
    if (result.rows) result.rows.charColumns = chars;
    return result;
  };
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = async (q) => {
      const result = await queryRaw(q);
      for (const i of result.rows.charColumns ?? []) result.columnTypes[i] = CHARACTER_COLUMN;
      return result;
    };
    return adapter;
  };
  return factory;
}

async function postgresql(sql) {
  const server = process.env.DATABASE_URL;
  if (!server) {
    process.stderr.write("introspect.mjs: DATABASE_URL must name a PostgreSQL server\n");
    process.exit(2);
  }
  const name = `prisma_case_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = "/" + name;
  const pool = new pg.Pool({ connectionString: url.toString() });
  try {
    await pool.query(sql);
    return await introspect(sql, bindMigrationAwareSqlAdapterFactory(withCharColumns(pool)), tmpdir());
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

// One case prints its schema (warnings on stderr); several print JSON {path: {schema, warnings}}.
const results = {};
for (const path of args) {
  const sql = readFileSync(path, "utf8");
  results[path] = await (provider === "sqlite" ? sqlite(sql) : postgresql(sql));
}
const output = args.length === 1 ? results[args[0]].schema : JSON.stringify(results);
if (args.length === 1 && results[args[0]].warnings) process.stderr.write(results[args[0]].warnings + "\n");
// Exit once written: an adapter's idle connection would keep node alive for seconds.
process.stdout.write(output, () => process.exit(0));

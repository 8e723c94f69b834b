// A migrations folder written by `codegen diff` run by its own tool's runner, up, down and up
// again, with a row kept through a column rename:
//
//   tsx migrate.mts <knex|typeorm|drizzle> <sqlite|postgres> <database file or URL> <folder>
//
// The folder holds two migrations: the bundled example's tables, then users.display_name
// renamed to full_name. Prints JSON observations; the caller asserts them and compares the
// catalog left behind with the model.
//
// Runners: Knex's migrate.latest()/down() (what `knex migrate:latest`/`migrate:down` call), TypeORM's runMigrations()/undoLastMigration() (`typeorm migration:run`/`revert`),
// drizzle-orm's migrate(). Drizzle has no down runner: the down is codegen's
// `<tag>.down.sql`, run statement by statement in a transaction, and the newest row of
// `__drizzle_migrations` removed (by `created_at`: on SQLite its `id SERIAL` column stays NULL),
// which is what a rollback does in the other two.
import path from "node:path";
import fs from "node:fs";

const [tool, dialect, connection, folder] = process.argv.slice(2);
const dir = path.resolve(folder);
const out: Record<string, unknown> = {};

type Db = { query(sql: string): Promise<any[]>; close(): Promise<void> };

async function plain(): Promise<Db> {
  if (dialect === "sqlite") {
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(connection);
    return { query: async (sql) => (sql.trim().toLowerCase().startsWith("select") || sql.trim().toLowerCase().startsWith("pragma") ? db.prepare(sql).all() : (db.exec(sql), [])), close: async () => db.close() };
  }
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  return { query: async (sql) => (await client.query(sql)).rows, close: async () => client.end() };
}

async function columns(db: Db): Promise<string[]> {
  const rows = dialect === "sqlite"
    ? await db.query("pragma table_info(users)")
    : await db.query("select column_name as name from information_schema.columns where table_name = 'users' order by ordinal_position");
  return rows.map((r: any) => r.name);
}

async function tables(db: Db): Promise<number> {
  const rows = dialect === "sqlite"
    ? await db.query("select count(*) as n from sqlite_master where type = 'table' and name in ('users', 'projects', 'experiments')")
    : await db.query("select count(*)::int as n from information_schema.tables where table_name in ('users', 'projects', 'experiments')");
  return Number(rows[0].n);
}

let runner: { latest(): Promise<void>; rollback(): Promise<void>; close(): Promise<void> };
if (tool === "knex") {
  const knex = (await import("knex")).default(
    dialect === "sqlite"
      ? { client: "better-sqlite3", connection: { filename: connection }, useNullAsDefault: true, migrations: { directory: dir, loadExtensions: [".js", ".ts"] } }
      : { client: "pg", connection, migrations: { directory: dir, loadExtensions: [".js", ".ts"] } },
  );
  runner = { latest: async () => void (await knex.migrate.latest()), rollback: async () => void (await knex.migrate.down()), close: () => knex.destroy() };
} else if (tool === "typeorm") {
  const { DataSource } = await import("typeorm");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => path.join(dir, f));
  const migrations = [];
  for (const file of files) migrations.push(...Object.values(await import(file)));
  const source = new DataSource(
    // "each": a migration that must run outside a transaction (SQLite's PRAGMA foreign_keys,
    // CREATE INDEX CONCURRENTLY) says so with `transaction = false`, which mode "all" refuses.
    dialect === "sqlite"
      ? { type: "better-sqlite3", database: connection, migrations: migrations as any, migrationsTransactionMode: "each" }
      : { type: "postgres", url: connection, migrations: migrations as any, migrationsTransactionMode: "each" },
  );
  await source.initialize();
  runner = { latest: async () => void (await source.runMigrations()), rollback: () => source.undoLastMigration(), close: () => source.destroy() };
} else {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, "meta/_journal.json"), "utf8"));
  let db: any, migrate: any, raw: any, close: () => Promise<void>;
  if (dialect === "sqlite") {
    const Database = (await import("better-sqlite3")).default;
    const sqlite = new Database(connection);
    db = (await import("drizzle-orm/better-sqlite3")).drizzle(sqlite);
    migrate = (await import("drizzle-orm/better-sqlite3/migrator")).migrate;
    raw = async (statements: string[], tag: string) => {
      sqlite.transaction(() => {
        for (const s of statements) sqlite.exec(s);
        sqlite.prepare("delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)").run();
      })();
    };
    close = async () => sqlite.close();
  } else {
    const pg = (await import("pg")).default;
    const pool = new pg.Pool({ connectionString: connection });
    db = (await import("drizzle-orm/node-postgres")).drizzle(pool);
    migrate = (await import("drizzle-orm/node-postgres/migrator")).migrate;
    raw = async (statements: string[]) => {
      const client = await pool.connect();
      try {
        await client.query("begin");
        for (const s of statements) await client.query(s);
        await client.query("delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)");
        await client.query("commit");
      } finally {
        client.release();
      }
    };
    close = () => pool.end();
  }
  let applied = journal.entries.length;
  runner = {
    latest: async () => {
      await migrate(db, { migrationsFolder: dir });
      applied = journal.entries.length;
    },
    rollback: async () => {
      const entry = journal.entries[applied - 1];
      const text = fs.readFileSync(path.join(dir, `${entry.tag}.down.sql`), "utf8");
      await raw(text.split("--> statement-breakpoint").filter((s: string) => s.replace(/--.*$/gm, "").trim()), entry.tag);
      applied -= 1;
    },
    close,
  };
}

await runner.latest();
const db = await plain();
out.afterUp = await columns(db);
await db.query("insert into organizations (name) values ('Acme')");
await db.query("insert into users (email, full_name) values ('ada@example.com', 'Ada')");
await runner.rollback();
out.afterDown = await columns(db);
out.rowAfterDown = (await db.query("select display_name from users"))[0]?.display_name;
await runner.latest();
out.afterUpAgain = await columns(db);
out.rowAfterUpAgain = (await db.query("select full_name from users"))[0]?.full_name;
await runner.rollback();
await runner.rollback();
out.tablesAfterFullDown = await tables(db);
await runner.latest();
out.tablesAfterUpAgain = await tables(db);
await db.close();
await runner.close();
console.log(JSON.stringify(out));

// A `codegen backfill` migration run by its own tool's runner on PostgreSQL, up then down:
//
//   tsx backfill.mts <knex|typeorm> <postgres URL> <folder>
//
// The database already holds `experiments` with rows; the folder holds the one backfill
// migration, whose up is a DO block that COMMITs per batch and so must run outside a
// transaction. Knex: migrate.latest()/down() honour the file's `config = { transaction: false }`.
// TypeORM: runMigrations() in mode "each" honours `transaction = false` (mode "all" refuses it),
// undoLastMigration() must be told `transaction: "none"`. Prints JSON counts.
import path from "node:path";
import fs from "node:fs";

const [tool, connection, folder] = process.argv.slice(2);
const dir = path.resolve(folder);

const pg = (await import("pg")).default;
const client = new pg.Client({ connectionString: connection });
await client.connect();
const counts = async () =>
  (
    await client.query(
      "select count(*) filter (where status = 'completed' and experiment_duration = completed_at - created_at)::int as done, " +
        "count(*) filter (where experiment_duration is not null)::int as filled from experiments",
    )
  ).rows[0];

let runner: { latest(): Promise<void>; rollback(): Promise<void>; close(): Promise<void> };
if (tool === "knex") {
  const knex = (await import("knex")).default({ client: "pg", connection, migrations: { directory: dir, loadExtensions: [".js", ".ts"] } });
  runner = { latest: async () => void (await knex.migrate.latest()), rollback: async () => void (await knex.migrate.down()), close: () => knex.destroy() };
} else {
  const { DataSource } = await import("typeorm");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => path.join(dir, f));
  const migrations = [];
  for (const file of files) migrations.push(...Object.values(await import(file)));
  const source = new DataSource({ type: "postgres", url: connection, migrations: migrations as any, migrationsTransactionMode: "each" });
  await source.initialize();
  runner = {
    latest: async () => void (await source.runMigrations()),
    rollback: () => source.undoLastMigration({ transaction: "none" }),
    close: () => source.destroy(),
  };
}

const out: Record<string, unknown> = {};
await runner.latest();
out.afterUp = await counts();
await runner.rollback();
out.afterDown = await counts();
await runner.close();
await client.end();
console.log(JSON.stringify(out));

// TypeORM's own schema synchronisation on codegen's entities, then the bundled example's story
// through them: an insert of related rows and a relation load.
//
//   tsx typeorm-sync.mts <sqlite|postgres> <database file or URL> <entities folder> [example]
//
// Prints JSON: what the story read back. The caller compares the catalog the synchronisation
// built with the SQL backend's.
import "reflect-metadata";
import path from "node:path";
import { DataSource } from "typeorm";

const [dialect, connection, folder, story] = process.argv.slice(2);
const { entities } = await import(path.resolve(folder, "index.ts"));
const source = new DataSource(
  dialect === "sqlite"
    ? { type: "better-sqlite3", database: connection, entities, synchronize: true }
    : { type: "postgres", url: connection, entities, synchronize: true },
);
await source.initialize();
const result: Record<string, unknown> = { entities: entities.length };
if (story === "example") {
  const organizations = source.getRepository("Organizations");
  const users = source.getRepository("Users");
  const projects = source.getRepository("Projects");
  const memberships = source.getRepository("Memberships");
  const org = await organizations.save({ name: "Acme" });
  const ada = await users.save({ email: "ada@example.com", displayName: "Ada" });
  const project = await projects.save({ name: "Checkout", organizationId: org.id, organization: org, user: ada });
  await memberships.save({ userId: ada.id, projectId: project.id, user: ada, project, role: "owner" });
  const loaded: any = await projects.findOne({
    where: { name: "Checkout" },
    relations: { organization: true, memberships: { user: true } },
  });
  result.project = loaded.name;
  result.organization = loaded.organization.name;
  result.members = loaded.memberships.map((m: any) => [m.user.displayName, m.role]);
  result.defaultRole = (await memberships.findOneBy({ userId: ada.id }) as any)?.role;
}
await source.destroy();
console.log(JSON.stringify(result));

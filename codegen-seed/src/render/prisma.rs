//! A Prisma seed file (`prisma/seed.ts`): the rows as data, written through the Prisma Client
//! generated from the schema codegen's Prisma backend writes, in one interactive transaction.
//!
//! Running it twice adds nothing: on PostgreSQL and MySQL `createMany({ skipDuplicates: true })`
//! skips rows whose keys are there; SQLite's connector has no `skipDuplicates`, so each chunk
//! first looks its keys up (`findMany`) and creates only the missing rows. Tables the client
//! cannot write (an `@@ignore`d model without an identifier, an implicit many-to-many join
//! table, a column of an `Unsupported` type, a plan's `sql = ...` value) go through
//! `$executeRawUnsafe` with the same statements as the SQL script. Cycle updates are
//! `updateMany`s, then PostgreSQL's sequences are moved past the explicit keys.

use std::convert::Infallible;
use std::fmt::Write;

use codegen_core::Dialect;
use codegen_prisma::{ClientField, ClientModel, PrismaOptions, client_models};

use crate::generate::{GenerateError, RowSink, generate};
use crate::prepare::{Prepared, TableSeed};
use crate::render::raw::{RawStatements, positions};
use crate::render::sql::sequence_statements;
use crate::value::{Value, format_time, format_uuid, hex};

/// Rows per `createMany`.
const CHUNK: usize = 200;

/// Where `seed.ts` imports the generated client from: Prisma 7's documented layout, with
/// `output = "../generated/prisma"` in `prisma/schema.prisma` and this file in `prisma/`.
pub const CLIENT_IMPORT: &str = "../generated/prisma/client";

struct PrismaSink {
    out: String,
    models: Vec<ClientModel>,
    dialect: Dialect,
    /// The open table's model, when the client writes it.
    model: Option<ClientModel>,
    key: Vec<String>,
    /// Per column of the open table's rows: its position among the schema table's columns.
    positions: Vec<usize>,
    rows: Vec<String>,
    /// Statements of tables the client cannot write, run with `$executeRawUnsafe`.
    raw: RawStatements,
}

impl PrismaSink {
    fn flush(&mut self) {
        let Some(model) = &self.model else { return };
        if self.rows.is_empty() {
            return;
        }
        let data = self.rows.join(",\n      ");
        let delegate = model.delegate();
        if self.dialect == Dialect::Sqlite {
            let key: Vec<String> = self.key.iter().map(|k| js_string(k)).collect();
            let _ = writeln!(
                self.out,
                "    await createMissing(tx.{delegate}, [{}], [\n      {data},\n    ]);",
                key.join(", ")
            );
        } else {
            let _ = writeln!(
                self.out,
                "    await tx.{delegate}.createMany({{ data: [\n      {data},\n    ], skipDuplicates: true }});"
            );
        }
        self.rows.clear();
    }

    fn write_raw(&mut self, statements: Vec<String>) {
        for statement in statements {
            let _ = writeln!(self.out, "    await tx.$executeRawUnsafe({});", js_string(&statement));
        }
    }
}

fn js_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// A JavaScript object key: bare when it is an identifier.
fn js_key(name: &str) -> String {
    let bare = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if bare { name.to_string() } else { js_string(name) }
}

/// An instant as Prisma's `DateTime` input: ISO 8601 in UTC.
fn iso(date: &str, time: &str) -> String {
    js_string(&format!("{date}T{time}Z"))
}

/// `value` as a JavaScript literal of the type Prisma Client takes for `field`.
fn literal(value: &Value, field: &ClientField) -> String {
    let scalar = field.scalar.as_str();
    match value {
        Value::Null => "null".into(),
        Value::Array(items) => {
            let item_field = ClientField { list: false, ..field.clone() };
            let items: Vec<String> = items.iter().map(|v| literal(v, &item_field)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Bool(b) => match scalar {
            "Int" => u8::from(*b).to_string(),
            "BigInt" => format!("{}n", u8::from(*b)),
            _ => b.to_string(),
        },
        Value::Int(_) | Value::UInt(_) => {
            let digits = value.as_text().unwrap_or_default();
            match scalar {
                "BigInt" => format!("{digits}n"),
                "Boolean" => (digits != "0").to_string(),
                "String" | "Decimal" => js_string(&digits),
                _ => digits,
            }
        }
        Value::Float(_) | Value::Decimal(_) => {
            let text = value.as_text().unwrap_or_default();
            match scalar {
                "Float" | "Int" => text,
                _ => js_string(&text),
            }
        }
        Value::Text(text) => match &field.enum_values {
            Some(values) => js_string(values.iter().find(|(db, _)| db == text).map_or(text, |(_, prisma)| prisma)),
            None => js_string(text),
        },
        Value::Date(d) => iso(&d.format("%Y-%m-%d").to_string(), "00:00:00"),
        Value::Time(t) => iso("1970-01-01", &format_time(t)),
        Value::Timestamp(t) | Value::TimestampTz(t) => {
            iso(&t.date().format("%Y-%m-%d").to_string(), &format_time(&t.time()))
        }
        Value::Uuid(u) => js_string(&format_uuid(*u)),
        // A JSON document is the value itself, not a string holding it.
        Value::Json(text) if scalar == "Json" => text.clone(),
        Value::Bytes(bytes) => format!("bytes({})", js_string(&hex(bytes))),
        other => js_string(&other.as_text().unwrap_or_default()),
    }
}

fn object(pairs: &[(&ClientField, &Value)]) -> String {
    let fields: Vec<String> =
        pairs.iter().map(|(field, value)| format!("{}: {}", js_key(&field.name), literal(value, field))).collect();
    format!("{{ {} }}", fields.join(", "))
}

impl RowSink for PrismaSink {
    type Error = Infallible;

    fn begin_table(&mut self, prepared: &Prepared, table: &TableSeed) -> Result<(), Infallible> {
        let model = &self.models[table.table];
        self.positions = positions(prepared, table);
        let reason = match (&model.unwritable, table.uses_sql()) {
            (Some(reason), _) => Some(reason.clone()),
            (None, true) => Some("the plan gives a column a SQL expression".to_string()),
            (None, false) => None,
        };
        let _ = write!(self.out, "    // {}: {} rows", table.name, table.rows);
        match reason {
            Some(reason) => {
                let _ = writeln!(self.out, ", as SQL ({reason})");
                self.model = None;
                self.raw.begin_table(prepared, table);
            }
            None => {
                let _ = writeln!(self.out);
                let key = table.conflict_key.clone().unwrap_or_default();
                self.key = key.iter().map(|&c| model.fields[self.positions[c]].name.clone()).collect();
                self.model = Some(model.clone());
            }
        }
        Ok(())
    }

    fn row(&mut self, values: &[Value]) -> Result<(), Infallible> {
        if self.model.is_none() {
            let statements = self.raw.row(values);
            self.write_raw(statements);
            return Ok(());
        }
        self.rows.push(self.row_object(values));
        if self.rows.len() >= CHUNK {
            self.flush();
        }
        Ok(())
    }

    fn end_table(&mut self, prepared: &Prepared, table: &TableSeed) -> Result<(), Infallible> {
        if self.model.is_none() {
            let statements = self.raw.end_table(prepared, table);
            self.write_raw(statements);
        }
        self.flush();
        Ok(())
    }

    fn update(
        &mut self,
        prepared: &Prepared,
        table: &TableSeed,
        key: &[(usize, Value)],
        set: &[(usize, Value)],
    ) -> Result<(), Infallible> {
        let model = &self.models[table.table];
        if model.unwritable.is_some() {
            let statements = self.raw.update(prepared, table, key, set);
            self.write_raw(statements);
            return Ok(());
        }
        let at = positions(prepared, table);
        let pick = |pairs: &[(usize, Value)]| {
            let pairs: Vec<(&ClientField, &Value)> = pairs.iter().map(|(c, v)| (&model.fields[at[*c]], v)).collect();
            object(&pairs)
        };
        let _ = writeln!(
            self.out,
            "    await tx.{}.updateMany({{ where: {}, data: {} }});",
            model.delegate(),
            pick(key),
            pick(set)
        );
        Ok(())
    }

    fn finish(&mut self, _: &Prepared) -> Result<(), Infallible> {
        Ok(())
    }
}

impl PrismaSink {
    fn row_object(&self, values: &[Value]) -> String {
        let model = self.model.as_ref().expect("a client table is open");
        let pairs: Vec<(&ClientField, &Value)> =
            values.iter().enumerate().map(|(c, v)| (&model.fields[self.positions[c]], v)).collect();
        object(&pairs)
    }
}

/// The adapter import and construction for `dialect` (Prisma 7 connects through driver adapters).
fn adapter(dialect: Dialect) -> (&'static str, &'static str) {
    match dialect {
        Dialect::Postgres => (
            "import { PrismaPg } from \"@prisma/adapter-pg\";",
            "new PrismaPg({ connectionString: process.env.DATABASE_URL! })",
        ),
        Dialect::Mysql => (
            "import { PrismaMariaDb } from \"@prisma/adapter-mariadb\";",
            "new PrismaMariaDb(process.env.DATABASE_URL!.replace(/^mysql:/, \"mariadb:\"))",
        ),
        Dialect::Sqlite => (
            "import { PrismaBetterSqlite3 } from \"@prisma/adapter-better-sqlite3\";",
            "new PrismaBetterSqlite3({ url: process.env.DATABASE_URL! })",
        ),
    }
}

/// The seed file for Prisma 7 (`prisma/seed.ts`, run by `prisma db seed` or `tsx`), for the
/// schema `codegen generate --target prisma` writes with `options`.
pub fn render_prisma_seed(prepared: &Prepared, options: &PrismaOptions) -> Result<String, GenerateError<Infallible>> {
    let options = PrismaOptions { dialect: prepared.dialect, ..options.clone() };
    let models = client_models(&prepared.schema, &options);
    let mut sink = PrismaSink {
        out: String::new(),
        models,
        dialect: prepared.dialect,
        model: None,
        key: Vec::new(),
        positions: Vec::new(),
        rows: Vec::new(),
        raw: RawStatements::new(prepared.dialect),
    };
    generate(prepared, &mut sink)?;

    let (import, construct) = adapter(prepared.dialect);
    let mut text = format!(
        "// Seed data generated by codegen (seed {}, {} rows) for {}. Running it again adds no rows.\n\
         // Run it with `npx prisma db seed` (prisma.config.ts: `migrations: {{ seed: \"tsx prisma/seed.ts\" }}`)\n\
         // or `npx tsx prisma/seed.ts`, with DATABASE_URL set.\n",
        prepared.seed,
        prepared.tables.iter().map(|t| t.rows).sum::<u64>(),
        prepared.dialect
    );
    let _ = writeln!(text, "import {{ PrismaClient }} from {};", js_string(CLIENT_IMPORT));
    let _ = writeln!(text, "{import}\n");
    let _ = writeln!(text, "const prisma = new PrismaClient({{ adapter: {construct} }});\n");
    text.push_str("/** Bytes from hex. */\nfunction bytes(hex: string): Uint8Array<ArrayBuffer> {\n  return new Uint8Array(Buffer.from(hex, \"hex\"));\n}\n\n");
    if prepared.dialect == Dialect::Sqlite {
        text.push_str(CREATE_MISSING);
    }
    text.push_str("async function main() {\n");
    if prepared.dialect == Dialect::Sqlite {
        // Outside the transaction: SQLite ignores this pragma inside one.
        text.push_str("  await prisma.$executeRawUnsafe(\"PRAGMA foreign_keys = ON\");\n");
    }
    text.push_str("  await prisma.$transaction(async (tx) => {\n");
    match prepared.dialect {
        Dialect::Postgres if !prepared.deferred_cycles.is_empty() => {
            text.push_str("    await tx.$executeRawUnsafe(\"SET CONSTRAINTS ALL DEFERRED\");\n")
        }
        Dialect::Sqlite => text.push_str("    await tx.$executeRawUnsafe(\"PRAGMA defer_foreign_keys = ON\");\n"),
        Dialect::Mysql => text.push_str("    await tx.$executeRawUnsafe(\"SET time_zone = '+00:00'\");\n"),
        _ => {}
    }
    text.push_str(&sink.out);
    for statement in sequence_statements(prepared, prepared.dialect) {
        let _ = writeln!(text, "    await tx.$queryRawUnsafe({});", js_string(&statement));
    }
    text.push_str("  }, { maxWait: 60_000, timeout: 3_600_000 });\n}\n\n");
    text.push_str(
        "main()\n  .then(() => prisma.$disconnect())\n  .catch(async (error) => {\n    console.error(error);\n    await prisma.$disconnect();\n    process.exit(1);\n  });\n",
    );
    Ok(text)
}

/// SQLite has no `skipDuplicates`: create only the rows whose keys are not there yet.
const CREATE_MISSING: &str = r#"/** Create the rows of `data` whose `key` fields match no row yet (SQLite has no skipDuplicates). */
async function createMissing<R extends Record<string, unknown>>(
  delegate: any,
  key: string[],
  data: R[],
): Promise<void> {
  const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v) ? new Date(v).toISOString() : String(v));
  const keyOf = (row: Record<string, unknown>) => JSON.stringify(key.map((k) => norm(row[k])));
  const found: Record<string, unknown>[] = await delegate.findMany({
    where: { OR: data.map((row) => Object.fromEntries(key.map((k) => [k, row[k]]))) },
    select: Object.fromEntries(key.map((k) => [k, true])),
  });
  const have = new Set(found.map(keyOf));
  const missing = data.filter((row) => !have.has(keyOf(row)));
  if (missing.length > 0) await delegate.createMany({ data: missing });
}

"#;

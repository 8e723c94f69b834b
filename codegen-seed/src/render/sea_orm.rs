//! A SeaORM seed function (`seed.rs`): `pub async fn seed(db: &DatabaseConnection)`, writing the
//! rows as `ActiveModel`s of the entities codegen's SeaORM backend generates, in one transaction.
//!
//! Running it twice adds nothing: `insert_many(...).on_conflict_do_nothing_on(key)` (`ON CONFLICT
//! DO NOTHING`; on MySQL SeaORM's `ON DUPLICATE KEY UPDATE k = k`). Enum columns take their
//! active enum's variants. Tables whose fields have a type this file does not spell as a Rust
//! value (arrays, the `time` crate's types, types SeaORM lacks), tables without an
//! entity (no primary key) and plan `sql = ...` values go through `execute_unprepared` with the
//! SQL script's statements, as do PostgreSQL's sequence moves.

use std::convert::Infallible;
use std::fmt::Write;

use codegen_sea_orm::enums::{EnumNames, variant_names};
use codegen_sea_orm::names::{column_variant, field_ident_text, module_text};
use codegen_sea_orm::plan::field_nullable;
use codegen_sea_orm::types::field_type;
use codegen_sea_orm::{EntityFormat, SeaOrmOptions};

use crate::generate::{GenerateError, RowSink, generate};
use crate::prepare::{Prepared, TableSeed};
use crate::render::raw::{RawStatements, positions};
use crate::render::sql::{closing, opening};
use crate::value::{Value, format_time, format_timestamp, format_uuid, hex};

/// Rows per `insert_many`.
const CHUNK: usize = 100;

/// One column as a field of the entity's `ActiveModel`.
#[derive(Debug, Clone)]
struct Field {
    ident: String,
    variant: String,
    /// The Rust type as the entity writes it (`i64`, `String`, `DateTimeWithTimeZone`), when
    /// this file can spell its values.
    rust: Option<String>,
    nullable: bool,
    /// For an active enum (then `rust` is its path): each database value's variant.
    variants: Vec<(String, String)>,
}

/// One entity: its module and, per column of the table, its field.
#[derive(Debug, Clone)]
struct Entity {
    module: String,
    fields: Vec<Field>,
}

fn entities(prepared: &Prepared, options: &SeaOrmOptions) -> Vec<Option<Entity>> {
    let options = &SeaOrmOptions { dialect: Some(prepared.dialect), ..options.clone() };
    let schema = &*prepared.schema.with_keys_not_null();
    let enum_names = EnumNames::new(schema, options.dialect);
    schema
        .tables
        .iter()
        .map(|table| {
            // The frontend format has no entities; a table without a key gets none.
            if options.format == EntityFormat::Frontend || !options.includes_table(&table.name.name) {
                return None;
            }
            table.primary_key.as_ref()?;
            let fields = table
                .columns
                .iter()
                .map(|column| {
                    // An enum field is recognised by this stand-in name, then written as its active enum's path.
                    let ty = field_type(&column.ty, options, &|_| ENUM_STAND_IN.to_string());
                    let rust = ty.rust.to_string().replace(' ', "");
                    let active_enum = (rust == ENUM_STAND_IN && ty.unsupported.is_none())
                        .then(|| {
                            let name = ty.enum_name.as_ref()?;
                            let values = &schema.enum_type(name)?.values;
                            let variants = values.iter().cloned().zip(variant_names(values)).collect::<Vec<_>>();
                            Some((format!("entity::sea_orm_active_enums::{}", enum_names.rust_name(name)), variants))
                        })
                        .flatten();
                    let typed = ty.enum_name.is_none() && ty.unsupported.is_none() && helper_for(&rust).is_some();
                    let (rust, variants) = match active_enum {
                        Some((path, variants)) => (Some(path), variants),
                        None => (typed.then_some(rust), Vec::new()),
                    };
                    Field {
                        ident: field_ident_text(&column.name),
                        variant: column_variant(&column.name),
                        rust,
                        nullable: field_nullable(table, column),
                        variants,
                    }
                })
                .collect();
            Some(Entity { module: module_text(&table.name.name), fields })
        })
        .collect()
}

/// The name an enum field's type is given while reading the entity, to recognise it.
const ENUM_STAND_IN: &str = "SeedActiveEnum";

/// How a value of the entity's Rust type is written: `Some(helper)` parses text, `Some("")` is a
/// literal.
fn helper_for(rust: &str) -> Option<&'static str> {
    Some(match rust {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "f32" | "f64" | "bool" | "String" => "",
        "Decimal" => "decimal",
        "Date" => "date",
        "Time" => "time",
        "DateTime" => "timestamp",
        "DateTimeUtc" => "utc",
        "DateTimeWithTimeZone" => "instant",
        "Uuid" => "uuid",
        "Json" => "json",
        "Vec<u8>" => "bytes",
        _ => return None,
    })
}

/// `value` as a Rust expression of `rust` (without `Some`).
fn rust_value(value: &Value, rust: &str) -> String {
    let helper = helper_for(rust).unwrap_or_default();
    let text = match value {
        Value::Timestamp(t) | Value::TimestampTz(t) if !helper.is_empty() => format_timestamp(t),
        Value::Time(t) => format_time(t),
        Value::Uuid(u) => format_uuid(*u),
        Value::Bytes(b) => hex(b),
        Value::Bool(b) if rust != "bool" => u8::from(*b).to_string(),
        other => other.as_text().unwrap_or_default(),
    };
    match (rust, helper) {
        ("bool", _) => (text == "true" || text == "1").to_string(),
        ("String", _) => format!("{text:?}.to_owned()"),
        ("f32" | "f64", _) => {
            let text = if text.contains(['.', 'e', 'E', 'N', 'i']) { text } else { format!("{text}.0") };
            format!("{text}{rust}")
        }
        (_, "") => format!("{text}{rust}"),
        (_, helper) => format!("{helper}({text:?})"),
    }
}

fn field_value(value: &Value, field: &Field) -> String {
    match (value, field.nullable) {
        (Value::Null, _) => "None".into(),
        (v, true) => format!("Some({})", typed_value(v, field)),
        (v, false) => typed_value(v, field),
    }
}

/// `value` as a Rust expression of the field's type: an active enum's variant, or [`rust_value`].
fn typed_value(value: &Value, field: &Field) -> String {
    let rust = field.rust.as_deref().expect("typed");
    if field.variants.is_empty() {
        return rust_value(value, rust);
    }
    let text = value.as_text().unwrap_or_default();
    let variant = field.variants.iter().find(|(v, _)| *v == text).map_or(text.as_str(), |(_, name)| name.as_str());
    format!("{rust}::{variant}")
}

struct SeaSink {
    out: String,
    entities: Vec<Option<Entity>>,
    /// The open table, when written as `ActiveModel`s: its entity, each row column's field, and
    /// its key's `Column` variants.
    open: Option<(Entity, Vec<usize>, Vec<String>)>,
    /// Whether some fields of the open table are not seeded (`..Default::default()`).
    partial: bool,
    rows: Vec<String>,
    helpers: std::collections::BTreeSet<&'static str>,
    /// Statements of tables written as SQL.
    raw: RawStatements,
}

impl SeaSink {
    fn note_helpers(&mut self, entity: &Entity, at: &[usize]) {
        for &p in at {
            if let Some(helper) = entity.fields[p].rust.as_deref().and_then(helper_for).filter(|h| !h.is_empty()) {
                self.helpers.insert(helper);
            }
        }
    }

    fn flush(&mut self) {
        let Some((entity, _, key)) = &self.open else { return };
        if self.rows.is_empty() {
            return;
        }
        let module = &entity.module;
        let key: Vec<String> = key.iter().map(|v| format!("entity::{module}::Column::{v}")).collect();
        let _ = writeln!(
            self.out,
            "    entity::{module}::Entity::insert_many([\n{}\n    ])\n    .on_conflict_do_nothing_on([{}])\n    .exec_without_returning(&txn)\n    .await?;",
            self.rows.join("\n"),
            key.join(", ")
        );
        self.rows.clear();
    }

    fn write_raw(&mut self, statements: Vec<String>) {
        for statement in statements {
            let _ = writeln!(self.out, "    txn.execute_unprepared({statement:?}).await?;");
        }
    }
}

impl RowSink for SeaSink {
    type Error = Infallible;

    fn begin_table(&mut self, prepared: &Prepared, table: &TableSeed) -> Result<(), Infallible> {
        let at = positions(prepared, table);
        let typed = self.entities[table.table].clone().and_then(|entity| {
            let all = at.iter().all(|&p| entity.fields[p].rust.is_some());
            let key = table.conflict_key.as_ref()?;
            let key: Vec<String> = key.iter().map(|&c| entity.fields[at[c]].variant.clone()).collect();
            (all && !table.uses_sql()).then_some((entity, at.clone(), key))
        });
        let how = if typed.is_some() { "" } else { ", as SQL (a type, key or value the entity cannot take here)" };
        let _ = writeln!(self.out, "    // {}: {} rows{how}", table.name, table.rows);
        match &typed {
            Some((entity, at, _)) => {
                self.partial = at.len() < entity.fields.len();
                let (entity, at) = (entity.clone(), at.clone());
                self.note_helpers(&entity, &at);
            }
            None => self.raw.begin_table(prepared, table),
        }
        self.open = typed;
        Ok(())
    }

    fn row(&mut self, values: &[Value]) -> Result<(), Infallible> {
        let Some((entity, at, _)) = &self.open else {
            let statements = self.raw.row(values);
            self.write_raw(statements);
            return Ok(());
        };
        let mut fields: Vec<String> = values
            .iter()
            .zip(at)
            .map(|(v, &p)| format!("{}: Set({})", entity.fields[p].ident, field_value(v, &entity.fields[p])))
            .collect();
        if self.partial {
            fields.push("..Default::default()".into());
        }
        let row = format!("        entity::{}::ActiveModel {{ {} }},", entity.module, fields.join(", "));
        self.rows.push(row);
        if self.rows.len() >= CHUNK {
            self.flush();
        }
        Ok(())
    }

    fn end_table(&mut self, prepared: &Prepared, table: &TableSeed) -> Result<(), Infallible> {
        if self.open.is_none() {
            let statements = self.raw.end_table(prepared, table);
            self.write_raw(statements);
        }
        self.flush();
        self.open = None;
        Ok(())
    }

    fn update(
        &mut self,
        prepared: &Prepared,
        table: &TableSeed,
        key: &[(usize, Value)],
        set: &[(usize, Value)],
    ) -> Result<(), Infallible> {
        let at = positions(prepared, table);
        let entity = self.entities[table.table]
            .clone()
            .filter(|e| key.iter().chain(set).all(|(c, _)| e.fields[at[*c]].rust.is_some()));
        let Some(entity) = entity else {
            let statements = self.raw.update(prepared, table, key, set);
            self.write_raw(statements);
            return Ok(());
        };
        self.note_helpers(&entity, &key.iter().chain(set).map(|(c, _)| at[*c]).collect::<Vec<_>>());
        let module = &entity.module;
        let mut text = format!("    entity::{module}::Entity::update_many()");
        for (c, v) in set {
            let field = &entity.fields[at[*c]];
            let value = match v {
                Value::Null => format!("None::<{}>", field.rust.as_deref().expect("typed")),
                v => field_value(v, field),
            };
            let _ =
                write!(text, "\n        .col_expr(entity::{module}::Column::{}, Expr::value({value}))", field.variant);
        }
        for (c, v) in key {
            let field = &entity.fields[at[*c]];
            let _ = write!(
                text,
                "\n        .filter(entity::{module}::Column::{}.eq({}))",
                field.variant,
                typed_value(v, field)
            );
        }
        let _ = writeln!(self.out, "{text}\n        .exec(&txn)\n        .await?;");
        Ok(())
    }

    fn finish(&mut self, _: &Prepared) -> Result<(), Infallible> {
        Ok(())
    }
}

/// Helpers that make typed values from text, as the seed file uses them.
fn helper(name: &str) -> &'static str {
    match name {
        "decimal" => "fn decimal(text: &str) -> Decimal {\n    text.parse().expect(\"a decimal\")\n}\n",
        "bytes" => {
            "fn bytes(hex: &str) -> Vec<u8> {\n    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect(\"hex\")).collect()\n}\n"
        }
        "date" => "fn date(text: &str) -> Date {\n    text.parse().expect(\"a date\")\n}\n",
        "time" => "fn time(text: &str) -> Time {\n    text.parse().expect(\"a time\")\n}\n",
        "timestamp" => {
            "fn timestamp(text: &str) -> DateTime {\n    DateTime::parse_from_str(text, \"%Y-%m-%d %H:%M:%S%.f\").expect(\"a timestamp\")\n}\n"
        }
        "utc" => "fn utc(text: &str) -> DateTimeUtc {\n    timestamp(text).and_utc()\n}\n",
        "instant" => {
            "fn instant(text: &str) -> DateTimeWithTimeZone {\n    timestamp(text).and_utc().fixed_offset()\n}\n"
        }
        "uuid" => "fn uuid(text: &str) -> Uuid {\n    text.parse().expect(\"a UUID\")\n}\n",
        "json" => "fn json(text: &str) -> Json {\n    serde_json::from_str(text).expect(\"JSON\")\n}\n",
        _ => "",
    }
}

/// The SeaORM seed file for `prepared`, writing through the entities codegen generates for the
/// same schema with `options`, found at `entities_module` (`crate::entities` in a usual project).
pub fn render_sea_orm_seed(
    prepared: &Prepared,
    options: &SeaOrmOptions,
    entities_module: &str,
) -> Result<String, GenerateError<Infallible>> {
    let mut sink = SeaSink {
        out: String::new(),
        entities: entities(prepared, options),
        open: None,
        partial: false,
        rows: Vec::new(),
        helpers: Default::default(),
        raw: RawStatements::new(prepared.dialect),
    };
    generate(prepared, &mut sink)?;
    if sink.helpers.contains("utc") || sink.helpers.contains("instant") {
        sink.helpers.insert("timestamp");
    }

    let mut text = format!(
        "// Seed data generated by codegen (seed {}, {} rows) for {}. Running it again adds no rows.\n\
         // Call `seed(&db).await` from a binary or test; it writes through the entities codegen generates.\n\n",
        prepared.seed,
        prepared.tables.iter().map(|t| t.rows).sum::<u64>(),
        prepared.dialect
    );
    text.push_str("#![allow(clippy::all, unused_imports, dead_code)]\n\n");
    text.push_str("use sea_orm::entity::prelude::*;\nuse sea_orm::sea_query::Expr;\nuse sea_orm::{ActiveValue::Set, ConnectionTrait, TransactionTrait};\n\n");
    let _ = writeln!(text, "use {entities_module} as entity;\n");
    for name in &sink.helpers {
        text.push_str(helper(name));
        text.push('\n');
    }
    text.push_str("/// Loads the seed rows in one transaction; a second call adds nothing.\n");
    text.push_str("pub async fn seed(db: &DatabaseConnection) -> Result<(), DbErr> {\n");
    text.push_str("    let txn = db.begin().await?;\n");
    for statement in opening(prepared, prepared.dialect) {
        // The transaction is SeaORM's; sqlx turns SQLite's foreign keys on by itself.
        if statement == "BEGIN" || statement == "START TRANSACTION" || statement == "PRAGMA foreign_keys = ON" {
            continue;
        }
        let _ = writeln!(text, "    txn.execute_unprepared({statement:?}).await?;");
    }
    text.push_str(&sink.out);
    for statement in closing(prepared, prepared.dialect).into_iter().filter(|s| s != "COMMIT") {
        let _ = writeln!(text, "    txn.execute_unprepared({statement:?}).await?;");
    }
    text.push_str("    txn.commit().await\n}\n");
    Ok(text)
}

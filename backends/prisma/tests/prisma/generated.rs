//! Many generated schemas (a fixed seed, so every run checks the same ones): each renders to a
//! schema Prisma validates and formats as is, for every provider, and reads back to its model.
//! Names that are not identifiers, every column type, keys between tables, composite keys and
//! uniques, self-references and several keys between two tables come up at random.

use std::path::Path;

use codegen_core::naming::{is_prisma_identifier, prisma_model_name};
use codegen_core::{
    Column, ColumnDefault, ColumnType, Dialect, EnumType, ForeignKey, Index, IndexPart, IntWidth, Literal, Loc,
    PrimaryKey, QualifiedName, ReferentialAction, Schema, Table, UniqueConstraint,
};
use codegen_prisma::{Naming, PrismaOptions, read_prisma_str, render_schema};

use crate::oracle::{available, check};
use crate::roundtrip::expressible;

/// xorshift64*: small, deterministic, good enough to pick shapes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const NAMES: &[&str] = &["user", "order item", "Account", "2fa_codes", "select", "café", "data_v2", "x"];

fn name(rng: &mut Rng, prefix: &str, i: usize) -> String {
    format!("{}_{prefix}{i}", NAMES[rng.below(NAMES.len())])
}

fn column_type(rng: &mut Rng, enums: &[EnumType]) -> ColumnType {
    use ColumnType as T;
    let widths = [IntWidth::Tiny, IntWidth::Small, IntWidth::Medium, IntWidth::Int, IntWidth::Big];
    match rng.below(18) {
        0 => T::Integer { width: widths[rng.below(5)], unsigned: rng.chance(20) },
        1 => T::Decimal { precision: Some(12), scale: Some(rng.below(5) as u32) },
        2 => T::Real,
        3 => T::Double,
        4 => T::Bool,
        5 => T::TEXT,
        6 => T::Varchar { length: Some(1 + rng.below(300) as u32), national: false },
        7 => T::Char { length: Some(1 + rng.below(10) as u32), national: false },
        8 => T::BYTES,
        9 => T::Date,
        10 => T::Time { precision: None },
        11 => T::Timestamp { precision: Some(rng.below(7) as u32), datetime: false },
        12 => T::TimestampTz { precision: None },
        13 => T::Uuid,
        14 => T::Json,
        15 => T::Jsonb,
        16 if !enums.is_empty() => T::Enum { name: enums[rng.below(enums.len())].name.clone() },
        _ => T::Array { element: Box::new(T::TEXT) },
    }
}

fn default_for(rng: &mut Rng, ty: &ColumnType, enums: &[EnumType]) -> Option<ColumnDefault> {
    let literal = |value| Some(ColumnDefault::Literal { value });
    if !rng.chance(30) {
        return None;
    }
    match ty {
        ColumnType::Integer { .. } | ColumnType::Decimal { .. } => literal(Literal::Number("7".into())),
        ColumnType::Bool => literal(Literal::Bool(rng.chance(50))),
        ColumnType::Text { .. } | ColumnType::Varchar { .. } => literal(Literal::String("it's \"quoted\"".into())),
        ColumnType::Timestamp { .. } | ColumnType::TimestampTz { .. } => Some(ColumnDefault::CurrentTimestamp),
        ColumnType::Enum { name } => {
            let e = enums.iter().find(|e| &e.name == name)?;
            literal(Literal::String(e.values[rng.below(e.values.len())].clone()))
        }
        _ => None,
    }
}

fn schema(seed: u64) -> Schema {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut schema = Schema::default();
    for e in 0..rng.below(3) {
        let values = (0..1 + rng.below(4)).map(|v| ["on", "off", "so-so", "3rd"][v].to_string()).collect();
        schema.enums.push(EnumType {
            name: QualifiedName::new(name(&mut rng, "kind", e)),
            values,
            comment: None,
            loc: Loc::default(),
        });
    }
    for t in 0..1 + rng.below(6) {
        let mut table = Table::new(name(&mut rng, "t", t));
        let mut id = Column::new("id", ColumnType::BIGINT, "bigint");
        id.nullable = false;
        id.default = Some(ColumnDefault::AutoIncrement { strategy: codegen_core::AutoIncrement::IdentityByDefault });
        table.columns.push(id);
        for c in 0..1 + rng.below(6) {
            let ty = column_type(&mut rng, &schema.enums);
            let mut column = Column::new(name(&mut rng, "c", c), ty.clone(), "");
            column.nullable = rng.chance(50);
            column.default = default_for(&mut rng, &ty, &schema.enums);
            if rng.chance(10) {
                column.comment = Some("a note".into());
            }
            table.columns.push(column);
        }
        // Now and then a table Prisma cannot identify rows of (it becomes @@ignore).
        if t == 0 || !rng.chance(10) {
            table.primary_key = Some(PrimaryKey { name: None, columns: vec!["id".into()] });
        }
        let mut code = Column::new("code", ColumnType::Varchar { length: Some(20), national: false }, "varchar(20)");
        code.nullable = false;
        table.columns.push(code);
        if rng.chance(50) {
            table.uniques.push(UniqueConstraint {
                name: Some(format!("{}_code_unique", table.name.name)),
                columns: vec!["code".into()],
                loc: Loc::default(),
            });
        }
        // Keys to earlier tables (or this one), sometimes two to the same table.
        for k in 0..rng.below(3) {
            let target = rng.below(t + 1);
            let referenced = if target == t { table.name.clone() } else { schema.tables[target].name.clone() };
            // Sometimes the key points at `code`: unique there or not (then it is no relation).
            if target < t && rng.chance(25) {
                let mut key = Column::new(
                    format!("ref_{k}_code"),
                    ColumnType::Varchar { length: Some(20), national: false },
                    "varchar(20)",
                );
                key.nullable = true;
                table.columns.push(key);
                table.foreign_keys.push(ForeignKey {
                    name: Some(format!("{}_code_{k}_fk", table.name.name)),
                    columns: vec![format!("ref_{k}_code")],
                    referenced_table: referenced,
                    referenced_columns: vec!["code".into()],
                    on_delete: ReferentialAction::SetNull,
                    on_update: ReferentialAction::Cascade,
                    loc: Loc::default(),
                    deferrable: None,
                });
                continue;
            }
            let mut key = Column::new(format!("ref_{k}_id"), ColumnType::BIGINT, "bigint");
            key.nullable = target == t || rng.chance(50);
            table.columns.push(key);
            let actions = [ReferentialAction::NoAction, ReferentialAction::Cascade, ReferentialAction::Restrict];
            table.foreign_keys.push(ForeignKey {
                name: None,
                columns: vec![format!("ref_{k}_id")],
                referenced_table: referenced,
                referenced_columns: vec!["id".into()],
                on_delete: if key_nullable(&table, k) && rng.chance(30) {
                    ReferentialAction::SetNull
                } else {
                    actions[rng.below(3)]
                },
                on_update: actions[rng.below(3)],
                loc: Loc::default(),
                deferrable: None,
            });
        }
        // A one-to-one key (its column unique), or a composite key to an earlier (id, code).
        if t > 0 && rng.chance(30) {
            let target = rng.below(t);
            let referenced = schema.tables[target].name.clone();
            if rng.chance(50) {
                let mut key = Column::new("one_id", ColumnType::BIGINT, "bigint");
                key.nullable = rng.chance(50);
                table.columns.push(key);
                table.uniques.push(UniqueConstraint {
                    name: None,
                    columns: vec!["one_id".into()],
                    loc: Loc::default(),
                });
                table.foreign_keys.push(fk(vec!["one_id"], referenced, vec!["id"]));
            } else {
                let target_table = &mut schema.tables[target];
                let pair = vec!["id".to_string(), "code".to_string()];
                if !target_table.uniques.iter().any(|u| u.columns == pair) {
                    target_table.uniques.push(UniqueConstraint { name: None, columns: pair, loc: Loc::default() });
                }
                for (name, ty) in [
                    ("pair_id", ColumnType::BIGINT),
                    ("pair_code", ColumnType::Varchar { length: Some(20), national: false }),
                ] {
                    let mut key = Column::new(name, ty, "");
                    key.nullable = false;
                    table.columns.push(key);
                }
                table.foreign_keys.push(fk(vec!["pair_id", "pair_code"], referenced, vec!["id", "code"]));
            }
        }
        let plain: Vec<String> = table
            .columns
            .iter()
            .filter(|c| matches!(c.ty, ColumnType::Integer { .. } | ColumnType::Varchar { .. } | ColumnType::Date))
            .map(|c| c.name.clone())
            .collect();
        if plain.len() >= 2 && rng.chance(50) {
            table.uniques.push(UniqueConstraint { name: None, columns: plain[..2].to_vec(), loc: Loc::default() });
        }
        if let Some(first) = plain.first().filter(|_| rng.chance(50)) {
            let index_name = format!("{}_{first}_idx", table.name.name);
            table.indexes.push(Index {
                name: index_name,
                unique: false,
                parts: vec![IndexPart::column(first.clone())],
                method: None,
                predicate: None,
                include: Vec::new(),
                mysql_only_since: None,
                loc: Loc::default(),
            });
        }
        schema.tables.push(table);
    }
    // A join table by Prisma's convention between the first two tables, when both have an id and
    // no other key joins them (then Prisma manages it: the round trip gives its own join table).
    let linked = |x: usize, y: usize| {
        schema.tables.len() > x.max(y)
            && schema.tables[x].foreign_keys.iter().any(|fk| fk.referenced_table == schema.tables[y].name)
    };
    let free = !linked(0, 1) && !linked(1, 0);
    // Prisma orders `A` and `B` by model name: keep to names that order alike under both namings.
    let plain = schema.tables.len() >= 2 && {
        let (a, b) = (&schema.tables[0].name.name, &schema.tables[1].name.name);
        is_prisma_identifier(a) && is_prisma_identifier(b) && (a < b) == (prisma_model_name(a) < prisma_model_name(b))
    };
    let free = free && plain;
    if schema.tables.len() >= 2 && free && rng.chance(40) && schema.tables[..2].iter().all(|t| t.primary_key.is_some())
    {
        let (a, b) = (schema.tables[0].name.clone(), schema.tables[1].name.clone());
        let (a, b) = if a.name <= b.name { (a, b) } else { (b, a) };
        let mut join = Table::new(format!("_{}To{}", a.name, b.name));
        for column in ["A", "B"] {
            let mut key = Column::new(column, ColumnType::BIGINT, "bigint");
            key.nullable = false;
            join.columns.push(key);
        }
        join.primary_key = Some(PrimaryKey {
            name: Some(format!("{}_AB_pkey", join.name.name)),
            columns: vec!["A".into(), "B".into()],
        });
        for (column, target) in [("A", a), ("B", b)] {
            let mut key = fk(vec![column], target, vec!["id"]);
            key.on_delete = ReferentialAction::Cascade;
            key.on_update = ReferentialAction::Cascade;
            join.foreign_keys.push(key);
        }
        join.indexes.push(Index {
            name: format!("{}_B_index", join.name.name),
            unique: false,
            parts: vec![IndexPart::column("B")],
            method: None,
            predicate: None,
            include: Vec::new(),
            mysql_only_since: None,
            loc: Loc::default(),
        });
        schema.tables.push(join);
    }
    schema
}

fn fk(columns: Vec<&str>, referenced_table: QualifiedName, referenced: Vec<&str>) -> ForeignKey {
    ForeignKey {
        name: None,
        columns: columns.into_iter().map(String::from).collect(),
        referenced_table,
        referenced_columns: referenced.into_iter().map(String::from).collect(),
        on_delete: ReferentialAction::NoAction,
        on_update: ReferentialAction::NoAction,
        loc: Loc::default(),
        deferrable: None,
    }
}

fn key_nullable(table: &Table, k: usize) -> bool {
    table.column(&format!("ref_{k}_id")).is_some_and(|c| c.nullable)
}

const SEEDS: u64 = 200;

#[test]
fn generated_schemas_read_back_to_their_model() {
    for seed in 0..SEEDS {
        let model = schema(seed);
        for dialect in Dialect::ALL {
            for naming in [Naming::Database, Naming::Prisma] {
                let (text, _) = render_schema(&model, &PrismaOptions { dialect, naming, ..PrismaOptions::default() });
                let read = read_prisma_str(&text, Path::new("generated.prisma"))
                    .unwrap_or_else(|e| panic!("seed {seed} {dialect} {naming:?}: {e}\n{text}"))
                    .schema;
                assert_eq!(
                    expressible(&read, dialect),
                    expressible(&model, dialect),
                    "seed {seed} {dialect} {naming:?}\n{text}"
                );
            }
        }
    }
}

#[test]
fn generated_schemas_validate_and_format_as_is() {
    if !available("@prisma/prisma-schema-wasm") {
        return;
    }
    let mut schemas = Vec::new();
    for seed in 0..SEEDS {
        let model = schema(seed);
        for dialect in Dialect::ALL {
            for naming in [Naming::Database, Naming::Prisma] {
                let (text, _) = render_schema(&model, &PrismaOptions { dialect, naming, ..PrismaOptions::default() });
                schemas.push((format!("seed{seed}-{dialect}-{naming:?}.prisma"), text));
            }
        }
    }
    let failures: Vec<String> = check(&schemas)
        .into_iter()
        .zip(&schemas)
        .filter_map(|(verdict, (name, text))| match (&verdict.error, &verdict.formatted) {
            (Some(error), _) => Some(format!("{name}: {error}\n{text}")),
            (None, Some(formatted)) if formatted != text => Some(format!("{name}: not formatted\n{text}\n{formatted}")),
            _ => None,
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} fail:\n{}", failures.len(), schemas.len(), failures.join("\n\n"));
}

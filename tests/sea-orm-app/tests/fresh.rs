//! The entities under src/ are exactly what codegen generates today: each set is regenerated
//! and compared. `CODEGEN_BLESS=1 cargo test --test fresh` rewrites them instead. Only the
//! generated region counts, as on a rerun of the CLI: `relations/tags.rs` keeps code of ours
//! after it.

use std::path::{Path, PathBuf};

use codegen_core::Dialect;
use codegen_core::read::sql::read_sql_file;
use codegen_core::region;
use codegen_sea_orm::{DateTimeCrate, EntityFormat, SeaOrmOptions, WithSerde, render_entities};

/// (module under src/, schema source relative to the repository root, the source's dialect, the
/// database the entities are generated for).
const SETS: &[(&str, &str, Dialect, Dialect)] = &[
    ("example", "examples/experiments/schema.sql", Dialect::Postgres, Dialect::Postgres),
    ("relations", "tests/fixtures/sea-orm/relations/schema.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("relations_pg", "tests/fixtures/sea-orm/relations/schema.sql", Dialect::Sqlite, Dialect::Postgres),
    ("several_fks", "tests/fixtures/sea-orm/several_fks/schema.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("keywords", "tests/fixtures/sea-orm/keywords/schema.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("digit_columns", "tests/fixtures/sea-orm/digit_columns/schema.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("enums_pg", "tests/fixtures/sea-orm/enums_pg/schema.sql", Dialect::Postgres, Dialect::Postgres),
    ("odd_names", "tests/sea-orm-app/schemas/odd_names.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("expanded_example", "examples/experiments/schema.sql", Dialect::Postgres, Dialect::Postgres),
    ("expanded_relations", "tests/fixtures/sea-orm/relations/schema.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("expanded_several_fks", "tests/fixtures/sea-orm/several_fks/schema.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("with_options", "tests/fixtures/sea-orm/relations/schema.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("with_time", "tests/fixtures/sea-orm/relations/schema.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("with_time_pg", "examples/experiments/schema.sql", Dialect::Postgres, Dialect::Postgres),
    ("mysql", "tests/sea-orm-app/schemas/mysql.sql", Dialect::Mysql, Dialect::Mysql),
    ("expanded_mysql", "tests/sea-orm-app/schemas/mysql.sql", Dialect::Mysql, Dialect::Mysql),
    ("with_time_mysql", "tests/sea-orm-app/schemas/mysql.sql", Dialect::Mysql, Dialect::Mysql),
    ("types_my", "tests/fixtures/sea-orm/types_my/schema.sql", Dialect::Mysql, Dialect::Mysql),
    ("dense_relations", "tests/fixtures/sea-orm/relations/schema.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("dense_several_fks", "tests/fixtures/sea-orm/several_fks/schema.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("dense_example", "examples/experiments/schema.sql", Dialect::Postgres, Dialect::Postgres),
    ("dense_odd_names", "tests/sea-orm-app/schemas/odd_names.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("dense_names", "tests/sea-orm-app/schemas/dense_names.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("frontend_relations", "tests/fixtures/sea-orm/relations/schema.sql", Dialect::Sqlite, Dialect::Sqlite),
    ("frontend_example", "examples/experiments/schema.sql", Dialect::Postgres, Dialect::Postgres),
    ("frontend_with_time_pg", "examples/experiments/schema.sql", Dialect::Postgres, Dialect::Postgres),
    ("frontend_enums_pg", "tests/fixtures/sea-orm/enums_pg/schema.sql", Dialect::Postgres, Dialect::Postgres),
    ("frontend_types_my", "tests/fixtures/sea-orm/types_my/schema.sql", Dialect::Mysql, Dialect::Mysql),
];

/// The options of a set: defaults, except for `with_options`, which turns on what users rely on
/// (serde, extra attributes, their own ActiveModelBehavior in src/hooks.rs), and `with_time*`,
/// which use the `time` crate instead of chrono.
fn options(module: &str, dialect: Dialect) -> SeaOrmOptions {
    let mut options = SeaOrmOptions { dialect: Some(dialect), ..Default::default() };
    if module.starts_with("expanded_") {
        options.format = EntityFormat::Expanded;
    }
    if module.starts_with("dense_") {
        options.format = EntityFormat::Dense;
    }
    if module.starts_with("frontend_") {
        options.format = EntityFormat::Frontend;
        // sea-orm-cli's frontend models derive serde when asked: the app round-trips them.
        options.with_serde = WithSerde::Both;
    }
    if module.starts_with("with_time") || module.starts_with("frontend_with_time") {
        options.date_time_crate = DateTimeCrate::Time;
    }
    if module == "with_options" {
        options.with_serde = WithSerde::Both;
        options.model_extra_attributes = vec!["serde(rename_all = \"camelCase\")".into()];
        options.impl_active_model_behavior = false;
    }
    options
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn generated_entities_are_up_to_date() {
    let bless = std::env::var_os("CODEGEN_BLESS").is_some();
    let mut stale = Vec::new();
    for (module, source, source_dialect, dialect) in SETS {
        let schema = read_sql_file(&repo().join(source), *source_dialect).expect("schema reads").schema;
        let options = options(module, *dialect);
        let generated = render_entities(&schema, &options).unwrap_or_else(|d| panic!("{source}: {d}"));
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(module);
        for file in generated.files {
            let path = dir.join(&file.path);
            // As the CLI reruns: only the generated region is codegen's; code around it is ours.
            let on_disk = std::fs::read_to_string(&path).ok();
            let expected = on_disk
                .as_deref()
                .and_then(|old| {
                    region::splice(old, &file.contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                })
                .unwrap_or(file.contents);
            if bless {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &expected).unwrap();
            } else if on_disk.as_deref() != Some(expected.as_str()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(stale.is_empty(), "stale generated entities (rerun with CODEGEN_BLESS=1): {stale:#?}");
}

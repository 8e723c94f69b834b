//! Options change the files the way sea-orm-cli's flags do; bad input is a diagnostic, not a panic.

use std::path::Path;

use codegen_core::read::sql::read_sql_str;
use codegen_core::{Dialect, Schema};
use codegen_sea_orm::{DateTimeCrate, EntityFormat, SeaOrmOptions, WithSerde, render_entities};

const SCHEMA: &str = "
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE people (id BIGSERIAL PRIMARY KEY, mood mood NOT NULL, born DATE, seen TIMESTAMPTZ);
CREATE TABLE pets (id BIGSERIAL PRIMARY KEY, owner_id BIGINT NOT NULL REFERENCES people (id));
";

fn schema(sql: &str) -> Schema {
    read_sql_str(sql, Path::new("schema.sql"), Dialect::Postgres).expect("schema reads").schema
}

/// Without whitespace, so assertions do not depend on where prettyplease wraps a line.
fn flat(text: &str) -> String {
    text.split_whitespace().collect()
}

fn file(options: &SeaOrmOptions, name: &str) -> String {
    let generated = render_entities(&schema(SCHEMA), options).expect("renders");
    generated.files.into_iter().find(|f| f.path == Path::new(name)).unwrap_or_else(|| panic!("no {name}")).contents
}

#[test]
fn with_serde_derives_and_imports_serde_on_models_and_enums() {
    let options = SeaOrmOptions { with_serde: WithSerde::Both, ..Default::default() };
    let people = file(&options, "people.rs");
    assert!(people.contains("use serde::{Deserialize, Serialize};"), "{people}");
    assert!(flat(&people).contains("DeriveEntityModel,Serialize,Deserialize)]"), "{people}");
    let enums = file(&options, "sea_orm_active_enums.rs");
    assert!(flat(&enums).contains("DeriveActiveEnum,Serialize,Deserialize)]"), "{enums}");
}

#[test]
fn time_crate_changes_the_date_types() {
    let options = SeaOrmOptions { date_time_crate: DateTimeCrate::Time, ..Default::default() };
    let people = file(&options, "people.rs");
    assert!(people.contains("pub born: Option<TimeDate>,"), "{people}");
    assert!(people.contains("pub seen: Option<TimeDateTimeWithTimeZone>,"), "{people}");
}

#[test]
fn extra_derives_attributes_and_copy_enums() {
    let options = SeaOrmOptions {
        model_extra_derives: vec!["Hash".into()],
        model_extra_attributes: vec!["serde(rename_all = \"camelCase\")".into()],
        enum_extra_derives: vec!["std::hash::Hash".into()],
        enum_extra_attributes: vec!["#[non_exhaustive]".into()],
        copy_enums: true,
        ..Default::default()
    };
    let people = file(&options, "people.rs");
    assert!(
        flat(&people)
            .contains("DeriveEntityModel,Hash)]#[sea_orm(table_name=\"people\")]#[serde(rename_all=\"camelCase\")]"),
        "{people}"
    );
    let enums = file(&options, "sea_orm_active_enums.rs");
    assert!(flat(&enums).contains("DeriveActiveEnum,Copy,std::hash::Hash)]"), "{enums}");
    assert!(flat(&enums).contains("#[non_exhaustive]pubenumMood"), "{enums}");
}

#[test]
fn lib_rs_instead_of_mod_rs() {
    let generated = render_entities(&schema(SCHEMA), &SeaOrmOptions { lib: true, ..Default::default() }).unwrap();
    let names: Vec<_> = generated.files.iter().map(|f| f.path.display().to_string()).collect();
    assert!(names.contains(&"lib.rs".to_string()) && !names.contains(&"mod.rs".to_string()), "{names:?}");
}

#[test]
fn only_and_ignore_drop_tables_and_the_relations_to_them() {
    let generated =
        render_entities(&schema(SCHEMA), &SeaOrmOptions { ignore: vec!["pets".into()], ..Default::default() }).unwrap();
    let names: Vec<_> = generated.files.iter().map(|f| f.path.display().to_string()).collect();
    assert!(!names.contains(&"pets.rs".to_string()), "{names:?}");
    let people = &generated.files.iter().find(|f| f.path == Path::new("people.rs")).unwrap().contents;
    assert!(!people.contains("pets"), "{people}");

    let only = SeaOrmOptions { only: vec!["pets".into()], ..Default::default() };
    let generated = render_entities(&schema(SCHEMA), &only).unwrap();
    let names: Vec<_> = generated.files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(names, ["pets.rs", "mod.rs", "prelude.rs"]);
}

#[test]
fn options_deserialise_from_codegen_toml_keys() {
    let json = serde_json::json!({"with-serde": "serialize", "date-time-crate": "time", "ignore": ["a"], "lib": true});
    let options = SeaOrmOptions::from_json(&json, Dialect::Sqlite).unwrap();
    assert_eq!(
        (options.with_serde, options.date_time_crate, options.lib),
        (WithSerde::Serialize, DateTimeCrate::Time, true)
    );
    assert_eq!(options.dialect, Some(Dialect::Sqlite));
    let err = SeaOrmOptions::from_json(&serde_json::json!({"with_serde": "both"}), Dialect::Sqlite).unwrap_err();
    assert!(err.to_string().contains("unknown field `with_serde`"), "{err}");
}

#[test]
fn a_table_without_primary_key_is_left_out_with_a_warning_naming_it_and_its_line() {
    let sql = "CREATE TABLE ok (id INT PRIMARY KEY);\n\nCREATE TABLE audit_log (at TIMESTAMPTZ, message TEXT);\n";
    let generated = render_entities(&schema(sql), &SeaOrmOptions::default()).unwrap();
    let text = generated.diagnostics.to_string();
    assert!(text.contains("table `audit_log` has no primary key"), "{text}");
    assert!(text.contains("schema.sql:3"), "{text}");
    let paths: Vec<String> = generated.files.iter().map(|f| f.path.display().to_string()).collect();
    assert!(paths.contains(&"ok.rs".to_string()), "{paths:?}");
    assert!(!paths.contains(&"audit_log.rs".to_string()), "{paths:?}");
    // Ignoring the table says the same without the warning.
    let options = SeaOrmOptions { ignore: vec!["audit_log".into()], ..Default::default() };
    assert!(render_entities(&schema(sql), &options).unwrap().diagnostics.is_empty());
}

#[test]
fn an_extra_derive_that_is_not_rust_is_an_error_not_a_panic() {
    let options = SeaOrmOptions { model_extra_derives: vec!["not a path!".into()], ..Default::default() };
    let err = render_entities(&schema(SCHEMA), &options).unwrap_err();
    assert!(err.to_string().contains("`not a path!` in `model-extra-derives`"), "{err}");
}

#[test]
fn output_is_deterministic_and_marked_as_generated() {
    let a = render_entities(&schema(SCHEMA), &SeaOrmOptions::default()).unwrap();
    let b = render_entities(&schema(SCHEMA), &SeaOrmOptions::default()).unwrap();
    assert_eq!(a, b);
    for f in &a.files {
        let first_line = f.contents.lines().next().unwrap();
        assert!(first_line.contains("Generated by codegen"), "{}: {first_line}", f.path.display());
    }
}

#[test]
fn active_model_behavior_can_be_left_to_the_user() {
    assert!(file(&SeaOrmOptions::default(), "pets.rs").contains("impl ActiveModelBehavior for ActiveModel {}"));
    let options = SeaOrmOptions { impl_active_model_behavior: false, ..Default::default() };
    assert!(!file(&options, "pets.rs").contains("ActiveModelBehavior"));
}

#[test]
fn tables_and_enums_of_another_schema() {
    let sql = "CREATE SCHEMA billing;\nCREATE TYPE billing.plan AS ENUM ('free', 'pro');\nCREATE TABLE billing.accounts (id BIGSERIAL PRIMARY KEY, plan billing.plan NOT NULL);\n";
    let generated = render_entities(&schema(sql), &SeaOrmOptions::default()).unwrap();
    let accounts = &generated.files.iter().find(|f| f.path == Path::new("accounts.rs")).unwrap().contents;
    assert!(accounts.contains("#[sea_orm(schema_name = \"billing\", table_name = \"accounts\")]"), "{accounts}");
    let enums = &generated.files.iter().find(|f| f.path == Path::new("sea_orm_active_enums.rs")).unwrap().contents;
    assert!(enums.contains("enum_name = \"plan\""), "{enums}");
    let warning = generated.diagnostics.to_string();
    assert!(
        warning.contains("enum `billing.plan` is in schema `billing`") && warning.contains("search_path"),
        "{warning}"
    );
}

#[test]
fn names_that_collide_after_conversion_are_errors_naming_both() {
    let sql = "CREATE TABLE \"user-data\" (id INT PRIMARY KEY);\nCREATE TABLE user_data (id INT PRIMARY KEY, \"a b\" INT, a_b INT);\n";
    let err = render_entities(&schema(sql), &SeaOrmOptions::default()).unwrap_err().to_string();
    assert!(err.contains("tables `user-data` and `user_data` both become the module `user_data`"), "{err}");
    assert!(err.contains("columns `a b` and `a_b` of table `user_data` both become the field `a_b`"), "{err}");
    assert!(err.contains("schema.sql:2"), "{err}");
}

#[test]
fn mysql_enum_columns_are_named_after_the_column_unless_two_share_the_name() {
    let sql = "CREATE TABLE accounts (id INT PRIMARY KEY, status ENUM('on', 'off') NOT NULL, tier ENUM('a', 'b'));
               CREATE TABLE orders (id INT PRIMARY KEY, status ENUM('new', 'paid') NOT NULL);";
    let schema = read_sql_str(sql, Path::new("schema.sql"), Dialect::Mysql).expect("schema reads").schema;
    let options = SeaOrmOptions { dialect: Some(Dialect::Mysql), ..Default::default() };
    let generated = render_entities(&schema, &options).expect("renders");
    let enums = generated.files.iter().find(|f| f.path.ends_with("sea_orm_active_enums.rs")).unwrap();
    let enums = flat(&enums.contents);
    // `tier` is one column's: named after it, as sea-orm-cli does. Two `status` columns would
    // make sea-orm-cli write two `Status` enums; they keep their table in front.
    assert!(enums.contains("enum_name=\"tier\")]pubenumTier{"), "{enums}");
    assert!(enums.contains("enum_name=\"accounts_status\")]pubenumAccountsStatus{"), "{enums}");
    assert!(enums.contains("enum_name=\"orders_status\")]pubenumOrdersStatus{"), "{enums}");
    let accounts = generated.files.iter().find(|f| f.path.ends_with("accounts.rs")).unwrap();
    assert!(flat(&accounts.contents).contains("pubstatus:AccountsStatus,pubtier:Option<Tier>,"));
    // Elsewhere an enum is a named type and keeps its name.
    let pg = schema_of_postgres_enum();
    let generated = render_entities(&pg, &SeaOrmOptions { dialect: Some(Dialect::Postgres), ..Default::default() });
    let enums = generated.expect("renders").files.into_iter().find(|f| f.path.ends_with("sea_orm_active_enums.rs"));
    assert!(flat(&enums.unwrap().contents).contains("pubenumAccountsStatus{"));
}

fn schema_of_postgres_enum() -> Schema {
    schema(
        "CREATE TYPE accounts_status AS ENUM ('on', 'off'); CREATE TABLE accounts (id INT PRIMARY KEY, status accounts_status);",
    )
}

#[test]
fn format_key_selects_dense_and_frontend_and_names_the_formats_when_wrong() {
    for (name, format) in [
        ("compact", EntityFormat::Compact),
        ("expanded", EntityFormat::Expanded),
        ("dense", EntityFormat::Dense),
        ("frontend", EntityFormat::Frontend),
    ] {
        let options = SeaOrmOptions::from_json(&serde_json::json!({ "format": name }), Dialect::Postgres).unwrap();
        assert_eq!(options.format, format);
    }
    let err = SeaOrmOptions::from_json(&serde_json::json!({"format": "densest"}), Dialect::Postgres).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("densest") && text.contains("`dense`") && text.contains("`frontend`"), "{text}");
}

#[test]
fn dense_format_writes_relation_fields_in_the_region_and_active_model_behavior_once_after_it() {
    let options = SeaOrmOptions { format: EntityFormat::Dense, ..Default::default() };
    let pets = file(&options, "pets.rs");
    assert!(flat(&pets).contains("#[sea_orm::model]#[derive(Clone,Debug,PartialEq,Eq,DeriveEntityModel)]"), "{pets}");
    assert!(flat(&pets).contains("pubpeople:BelongsTo<super::people::Entity>,"), "{pets}");
    let (region, after) = pets.split_once("// codegen:end").unwrap();
    assert!(!region.contains("ActiveModelBehavior") && after.contains("impl ActiveModelBehavior"), "{pets}");
    assert!(flat(&file(&options, "people.rs")).contains("#[sea_orm(has_many)]pubpets:HasMany<super::pets::Entity>,"));
    let options = SeaOrmOptions { impl_active_model_behavior: false, ..options };
    assert!(!file(&options, "pets.rs").contains("ActiveModelBehavior"));
}

#[test]
fn frontend_format_writes_plain_models_and_enums_without_sea_orm() {
    let options = SeaOrmOptions { format: EntityFormat::Frontend, ..Default::default() };
    for name in ["people.rs", "pets.rs", "sea_orm_active_enums.rs"] {
        let text = file(&options, name);
        assert!(
            !text.contains("sea_orm::") && !text.contains("Derive") && !text.contains("ActiveModelBehavior"),
            "{name}: {text}"
        );
    }
    let people = file(&options, "people.rs");
    assert!(people.contains("use chrono::NaiveDate as Date;"), "{people}");
    assert!(people.contains("type DateTimeWithTimeZone = chrono::DateTime<chrono::FixedOffset>;"), "{people}");
    assert!(people.contains("pub born: Option<Date>,"), "{people}");
    assert!(file(&options, "prelude.rs").contains("pub use super::people::Model as People;"));
    let options = SeaOrmOptions { date_time_crate: DateTimeCrate::Time, with_serde: WithSerde::Both, ..options };
    let people = file(&options, "people.rs");
    assert!(
        people.contains("use serde::{Deserialize, Serialize};\nuse time::{Date as TimeDate, OffsetDateTime as TimeDateTimeWithTimeZone};"),
        "{people}"
    );
}

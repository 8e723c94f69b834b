//! codegen backend: SeaORM 2.0 entities, as `sea-orm-cli generate entity` writes them in its
//! compact (default), expanded, dense or frontend format, plus `Linked` impls where its
//! relations fall short.
//!
//! Pure: the neutral schema and [`SeaOrmOptions`] in, files out (`mod.rs`, `prelude.rs`, one file
//! per table, `sea_orm_active_enums.rs`).

pub mod enums;
pub mod names;
pub mod options;
pub mod plan;
pub mod render;
pub mod types;

use codegen_core::{Backend, Diagnostic, Diagnostics, Generated, GeneratedFile, Schema};
use rayon::prelude::*;

pub use options::{DateTimeCrate, EntityFormat, SeaOrmOptions, WithSerde};

/// The `--target sea-orm` backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct SeaOrmBackend;

impl Backend for SeaOrmBackend {
    type Options = SeaOrmOptions;

    fn name(&self) -> &'static str {
        "sea-orm"
    }

    fn generate(&self, schema: &Schema, options: &SeaOrmOptions) -> Result<Generated, Diagnostics> {
        render_entities(schema, options)
    }
}

/// Render the entity files for `schema`.
pub fn render_entities(schema: &Schema, options: &SeaOrmOptions) -> Result<Generated, Diagnostics> {
    // sea-orm-cli types a key column as a value, never an Option, whatever SQLite reports.
    let schema = &*schema.with_keys_not_null();
    let mut diagnostics = Diagnostics::new();
    check_options(schema, options, &mut diagnostics);
    let options = &leave_out_keyless_tables(schema, options, &mut diagnostics);
    let extra = render::extra::ExtraTokens::parse(options, &mut diagnostics);
    let names = enums::EnumNames::new(schema, options.dialect);
    let entities = plan::plan_entities(schema, options);
    for entity in &entities {
        check_field_names(entity.table, &mut diagnostics);
    }
    check_module_names(&entities, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }

    let used_enums: Vec<_> = schema
        .enums
        .iter()
        .filter(|e| entities.iter().any(|t| t.table.columns.iter().any(|c| c.ty.enum_name() == Some(&e.name))))
        .collect();
    let mut files = Vec::new();
    let mut print_errors = Diagnostics::new();
    for (path, printed, file_diagnostics) in render_files(&entities, &used_enums, &names, options, &extra) {
        diagnostics.extend(file_diagnostics);
        match printed {
            Ok(text) => files.push(GeneratedFile::new(path, text)),
            // Only user-supplied tokens (extra attributes) can make the output unparsable.
            Err(e) => print_errors.push(Diagnostic::error(format!("cannot print `{path}`: {e}"))),
        }
    }
    for e in used_enums.iter().filter(|e| e.name.schema.is_some()) {
        // DeriveActiveEnum has no schema attribute; the cast SeaORM writes names the bare type.
        diagnostics.push(
            Diagnostic::warning(format!(
                "enum `{}` is in schema `{}`; SeaORM names enum types without a schema, so `{}` must be on the connection's search_path",
                e.name,
                e.name.schema.as_deref().unwrap_or_default(),
                e.name.schema.as_deref().unwrap_or_default()
            ))
            .with_object(e.name.to_string())
            .at(e.loc.location().cloned()),
        );
    }
    diagnostics.extend(print_errors);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Generated { files, diagnostics })
}

/// One file: its path, its text (or why it could not be printed), its warnings.
type PrintedFile = (String, Result<String, syn::Error>, Diagnostics);

/// One file to render.
enum Job<'e, 'a> {
    Entity(&'e plan::EntityPlan<'a>),
    Index,
    Prelude,
    Enums,
}

/// Render and print every file. Files are independent, so they are rendered on all cores (most
/// of the time goes to building, parsing and printing syntax trees); the result keeps
/// sea-orm-cli's order (entities, index, prelude, enums), so it is the same on any machine.
fn render_files(
    entities: &[plan::EntityPlan<'_>],
    used_enums: &[&codegen_core::EnumType],
    names: &enums::EnumNames,
    options: &SeaOrmOptions,
    extra: &render::extra::ExtraTokens,
) -> Vec<PrintedFile> {
    let jobs: Vec<Job<'_, '_>> = entities
        .iter()
        .map(Job::Entity)
        .chain([Job::Index, Job::Prelude])
        .chain((!used_enums.is_empty()).then_some(Job::Enums))
        .collect();
    let generated_only = |path: &str, tokens| (path.to_string(), render::print_file(tokens, ""));
    let outside = render::print_outside(render::entity::render_outside(options));
    let one = |job: &Job<'_, '_>| match job {
        Job::Entity(entity) => {
            let mut diagnostics = Diagnostics::new();
            let tokens = render::entity::render_entity(entity, names, options, extra, &mut diagnostics);
            let printed = outside.clone().and_then(|outside| render::print_entity_file(tokens, &outside));
            (format!("{}.rs", entity.module), printed, diagnostics)
        }
        Job::Index => {
            let index = if options.lib { "lib.rs" } else { "mod.rs" };
            let (path, printed) = generated_only(index, render::render_index(entities, !used_enums.is_empty()));
            (path, printed, Diagnostics::new())
        }
        Job::Prelude => {
            let (path, printed) = generated_only(
                "prelude.rs",
                render::render_prelude(entities, options.format == EntityFormat::Frontend),
            );
            (path, printed, Diagnostics::new())
        }
        Job::Enums => {
            let tokens = enums::render_active_enums(used_enums, names, options, extra);
            let (path, printed) = generated_only("sea_orm_active_enums.rs", tokens);
            (path, printed, Diagnostics::new())
        }
    };
    if jobs.len() < 32 {
        return jobs.iter().map(one).collect();
    }
    jobs.par_iter().map(one).collect()
}

/// A table without a primary key cannot be an entity (SeaORM identifies rows by it): it is left
/// out with a warning, as an `ignore`d table is, so that the other tables still get entities.
fn leave_out_keyless_tables(schema: &Schema, options: &SeaOrmOptions, diagnostics: &mut Diagnostics) -> SeaOrmOptions {
    let mut kept = options.clone();
    for table in schema.tables.iter().filter(|t| t.primary_key.is_none() && options.includes_table(&t.name.name)) {
        diagnostics.push(
            Diagnostic::warning(format!(
                "table `{}` has no primary key; a SeaORM entity needs one, so it gets none",
                table.name
            ))
            .with_object(table.name.to_string())
            .at(table.loc.location().cloned())
            .with_help("add a primary key to the table to get its entity"),
        );
        kept.ignore.push(table.name.name.clone());
    }
    kept
}

/// Two tables whose names make one module (`user-data`, `user_data`) would make one file.
fn check_module_names(entities: &[plan::EntityPlan<'_>], diagnostics: &mut Diagnostics) {
    for (i, entity) in entities.iter().enumerate() {
        if let Some(first) = entities[..i].iter().find(|e| e.module == entity.module) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "tables `{}` and `{}` both become the module `{}`",
                    first.table.name, entity.table.name, entity.module
                ))
                .with_object(entity.table.name.to_string())
                .at(entity.table.loc.location().cloned())
                .with_help("rename one of them, or leave one out with `ignore = [\"...\"]`"),
            );
        }
    }
}

/// Two columns whose names make one field (`a b`, `a_b`) would make a struct that does not compile.
fn check_field_names(table: &codegen_core::Table, diagnostics: &mut Diagnostics) {
    let fields: Vec<String> = table.columns.iter().map(|c| names::field_name(&c.name)).collect();
    for (i, (column, field)) in table.columns.iter().zip(&fields).enumerate() {
        if let Some(first) = fields[..i].iter().position(|f| f == field).map(|at| &table.columns[at]) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "columns `{}` and `{}` of table `{}` both become the field `{field}`",
                    first.name, column.name, table.name
                ))
                .with_object(format!("{}.{}", table.name, column.name))
                .at(column.loc.location().cloned()),
            );
        }
    }
}

/// Names in `only`/`ignore` that match no table are likely typos.
fn check_options(schema: &Schema, options: &SeaOrmOptions, diagnostics: &mut Diagnostics) {
    for name in options.only.iter().chain(&options.ignore) {
        if !schema.tables.iter().any(|t| &t.name.name == name) {
            diagnostics.push(
                Diagnostic::warning(format!("no table `{name}` to include or ignore")).with_object("targets.sea-orm"),
            );
        }
    }
}

//! codegen backend: SeaORM 2.0 entities, as `sea-orm-cli generate entity` writes them in its
//! compact (default) or expanded format, plus `Linked` impls where its relations fall short.
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
use proc_macro2::TokenStream;

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
    let mut diagnostics = Diagnostics::new();
    check_options(schema, options, &mut diagnostics);
    let extra = render::extra::ExtraTokens::parse(options, &mut diagnostics);
    let names = enums::EnumNames::new(schema);
    let entities = plan::plan_entities(schema, options);
    for entity in &entities {
        check_primary_key(entity, &mut diagnostics);
        check_field_names(entity.table, &mut diagnostics);
    }
    check_module_names(&entities, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }

    let mut files = Vec::new();
    let mut keep = |path: String, printed: Result<String, syn::Error>, diagnostics: &mut Diagnostics| match printed {
        Ok(text) => files.push(GeneratedFile::new(path, text)),
        // Only user-supplied tokens (extra attributes) can make the output unparsable.
        Err(e) => diagnostics.push(Diagnostic::error(format!("cannot print `{path}`: {e}"))),
    };
    for (path, printed, entity_diagnostics) in render_entity_files(&entities, &names, options, &extra) {
        diagnostics.extend(entity_diagnostics);
        keep(path, printed, &mut diagnostics);
    }
    let mut print = |path: String, tokens, diagnostics: &mut Diagnostics| {
        keep(path, render::print_file(tokens, TokenStream::new()), diagnostics)
    };
    let used_enums: Vec<_> = schema
        .enums
        .iter()
        .filter(|e| entities.iter().any(|t| t.table.columns.iter().any(|c| c.ty.enum_name() == Some(&e.name))))
        .collect();
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
    let index = if options.lib { "lib.rs" } else { "mod.rs" };
    print(index.into(), render::render_index(&entities, !used_enums.is_empty()), &mut diagnostics);
    print("prelude.rs".into(), render::render_prelude(&entities), &mut diagnostics);
    if !used_enums.is_empty() {
        print(
            "sea_orm_active_enums.rs".into(),
            enums::render_active_enums(&used_enums, &names, options, &extra),
            &mut diagnostics,
        );
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    // sea-orm-cli's order: entities, index, prelude, enums; keep it so listings read the same.
    Ok(Generated { files, diagnostics })
}

/// One entity file: its path, its text (or why it could not be printed), its warnings.
type EntityFile = (String, Result<String, syn::Error>, Diagnostics);

/// Render and print every entity file. Files are independent, so they are rendered on all cores
/// (most of the time goes to building and printing syntax trees); the output keeps entity order,
/// so it is the same on any machine.
fn render_entity_files(
    entities: &[plan::EntityPlan<'_>],
    names: &enums::EnumNames,
    options: &SeaOrmOptions,
    extra: &render::extra::ExtraTokens,
) -> Vec<EntityFile> {
    let one = |entity: &plan::EntityPlan<'_>| {
        let mut diagnostics = Diagnostics::new();
        let tokens = render::entity::render_entity(entity, names, options, extra, &mut diagnostics);
        let outside = render::entity::render_outside(options);
        (format!("{}.rs", entity.module), render::print_file(tokens, outside), diagnostics)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || entities.len() < 64 {
        return entities.iter().map(one).collect();
    }
    let chunk = entities.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            entities.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(one).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().expect("rendering does not panic")).collect()
    })
}

/// A table without a primary key cannot be an entity: SeaORM needs one to identify rows.
fn check_primary_key(entity: &plan::EntityPlan<'_>, diagnostics: &mut Diagnostics) {
    if entity.table.primary_key.is_none() {
        diagnostics.push(
            Diagnostic::error(format!("table `{}` has no primary key; a SeaORM entity needs one", entity.table.name))
                .with_object(entity.table.name.to_string())
                .at(entity.table.loc.location().cloned())
                .with_help(
                    "add a primary key, or leave the table out with `ignore = [\"...\"]` under [targets.sea-orm]",
                ),
        );
    }
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

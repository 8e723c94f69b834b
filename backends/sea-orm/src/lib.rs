//! codegen backend: SeaORM 2.0 entities, as `sea-orm-cli generate entity` writes them in its
//! default (compact) format, plus `Linked` impls where its relations fall short.
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

pub use options::{DateTimeCrate, SeaOrmOptions, WithSerde};

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
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }

    let mut files = Vec::new();
    let mut print = |path: String, tokens, diagnostics: &mut Diagnostics| match render::print_file(tokens) {
        Ok(text) => files.push(GeneratedFile::new(path, text)),
        // Only user-supplied tokens (extra attributes) can make the output unparsable.
        Err(e) => diagnostics.push(Diagnostic::error(format!("cannot print `{path}`: {e}"))),
    };
    for entity in &entities {
        let tokens = render::entity::render_entity(entity, &names, options, &extra, &mut diagnostics);
        print(format!("{}.rs", entity.module), tokens, &mut diagnostics);
    }
    let used_enums: Vec<_> = schema
        .enums
        .iter()
        .filter(|e| entities.iter().any(|t| t.table.columns.iter().any(|c| c.ty.enum_name() == Some(&e.name))))
        .collect();
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

//! codegen backend for TypeORM: an entity class per table (`@Entity`, `@PrimaryGeneratedColumn` /
//! `@PrimaryColumn`, `@Column` with its type and options, `@Index`, `@Unique`, `@Check`, and the
//! relations `@ManyToOne` / `@OneToMany` / `@JoinColumn`, `@ManyToMany` with `@JoinTable` for pure
//! join tables), a `@ViewEntity` per view, and `index.ts` with every class.
//!
//! Pure: the schema and [`TypeOrmOptions`] in, files out. The generated region of an entity file
//! ends inside the class, so methods added after it are kept on reruns.

mod options;
mod plan;
mod render;
mod types;

use std::collections::BTreeSet;

use codegen_core::{Backend, Diagnostics, Generated, GeneratedFile, Schema};

pub use options::{PropertyCase, TypeOrmOptions};
pub use types::{TypeOrmType, typeorm_type};

/// The TypeORM backend (`--target typeorm`).
#[derive(Debug, Clone, Copy, Default)]
pub struct TypeOrmBackend;

impl Backend for TypeOrmBackend {
    type Options = TypeOrmOptions;

    fn name(&self) -> &'static str {
        "typeorm"
    }

    fn generate(&self, schema: &Schema, options: &TypeOrmOptions) -> Result<Generated, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let entities = plan::plan_entities(schema, options, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let mut files = Vec::with_capacity(entities.len() + 1);
        for entity in &entities {
            let text = render::render_entity(schema, entity, &entities, options, &mut diagnostics);
            files.push(GeneratedFile::new(format!("{}.ts", entity.class), text));
        }
        let mut taken: BTreeSet<String> = entities.iter().map(|e| e.class.clone()).collect();
        let mut views = Vec::new();
        for view in &schema.views {
            let class = codegen_typescript::unique_binding(
                &codegen_typescript::pascal_case(&view.name.name),
                "View",
                &mut taken,
            );
            let text = render::render_view(schema, view, &class, options, &mut diagnostics);
            files.push(GeneratedFile::new(format!("{class}.ts"), text));
            views.push((class, view.name.to_string()));
        }
        files.push(GeneratedFile::new("index.ts", render::render_index(&entities, &views, options.dialect)));
        codegen_typescript::warn_objects(schema, "TypeORM entities", &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Generated { files, diagnostics })
    }
}

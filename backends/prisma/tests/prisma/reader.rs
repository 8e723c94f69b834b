//! Reading Prisma schemas: a hand-written one into the model, and errors at their line.

use std::path::Path;

use codegen_core::read::ReadError;
use codegen_core::{
    AutoIncrement, ColumnDefault, ColumnType, Dialect, Literal, QualifiedName, ReferentialAction, SortOrder,
};
use codegen_prisma::{read_prisma_file, read_prisma_str};

use crate::oracle::{available, check};

fn blog_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/blog.prisma")
}

#[test]
fn a_hand_written_schema_becomes_tables_with_database_names() {
    let loaded = read_prisma_file(&blog_path()).expect("blog.prisma reads");
    let schema = &loaded.schema;

    let users = schema.table(&QualifiedName::new("users")).expect("@@map names the table");
    let created = users.column("created_at").expect("@map names the column");
    assert_eq!(
        created.ty,
        ColumnType::Timestamp { precision: Some(3), datetime: false },
        "Prisma's DateTime default is timestamp(3)"
    );
    assert_eq!(created.default, Some(ColumnDefault::CurrentTimestamp));
    assert_eq!(users.column("id").unwrap().ty, ColumnType::Uuid);
    assert_eq!(users.column("id").unwrap().default, None, "uuid() runs in Prisma Client, not the database");
    assert_eq!(
        users.column("role").unwrap().default,
        Some(ColumnDefault::Literal { value: Literal::String("USER".into()) })
    );
    let mentor = &users.foreign_keys[0];
    assert_eq!(
        (mentor.columns.as_slice(), mentor.on_delete),
        (["mentor_id".to_string()].as_slice(), ReferentialAction::SetNull)
    );

    let posts = schema.table(&QualifiedName::new("posts")).unwrap();
    assert_eq!(
        posts.column("id").unwrap().default,
        Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::Serial })
    );
    assert_eq!(posts.column("title").unwrap().comment.as_deref(), Some("The headline."));
    let author = &posts.foreign_keys[0];
    assert_eq!(author.referenced_table, QualifiedName::new("users"));
    assert_eq!((author.on_delete, author.on_update), (ReferentialAction::Cascade, ReferentialAction::Cascade));
    assert_eq!(posts.indexes[0].name, "posts_author_id_published_idx");
    assert_eq!(posts.indexes[0].parts[1].order, Some(SortOrder::Desc));

    let tags = schema.table(&QualifiedName::new("post_tags")).unwrap();
    assert_eq!(tags.primary_key.as_ref().unwrap().columns, ["post_id", "tag"]);
    assert_eq!(schema.enums[0].values, ["USER", "admin"]);
    assert!(loaded.diagnostics.iter().any(|d| d.message.contains("uuid()")), "the dropped client default is reported");
}

#[test]
fn a_hand_written_schema_renders_as_sql_for_every_dialect() {
    let schema = read_prisma_file(&blog_path()).unwrap().schema;
    for dialect in Dialect::ALL {
        let (sql, _) = codegen_sql::render_schema(&schema, dialect).unwrap_or_else(|d| panic!("{dialect}: {d}"));
        assert!(sql.contains("post_tags"), "{dialect}:\n{sql}");
    }
}

#[test]
fn the_hand_written_fixture_is_valid_prisma() {
    if !available("@prisma/prisma-schema-wasm") {
        return;
    }
    let text = std::fs::read_to_string(blog_path()).unwrap();
    let verdict = &check(&[("blog.prisma".into(), text)])[0];
    assert_eq!(verdict.error, None);
}

fn errors(text: &str) -> Vec<String> {
    match read_prisma_str(text, Path::new("bad.prisma")) {
        Err(ReadError::Invalid(diagnostics)) => diagnostics.errors().map(ToString::to_string).collect(),
        other => panic!("expected errors, got {other:?}"),
    }
}

const HEADER: &str = "datasource db {\n  provider = \"sqlite\"\n}\n";

#[test]
fn syntax_errors_name_the_file_and_line() {
    let text = format!("{HEADER}model User {{\n  id Int @id\n  name String @default(\n}}\n");
    let errors = errors(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("bad.prisma:7:1: error: expected a value, found `}`"), "{errors:?}");
}

#[test]
fn every_unknown_name_is_reported_with_its_line_and_a_suggestion() {
    let text = format!(
        "{HEADER}model Author {{\n  id Int @id\n}}\n\nmodel Book {{\n  id Int @id\n  author Autor @relation(fields: [authorId], references: [id])\n  authorId Int\n\n  @@index([author_id])\n}}\n"
    );
    let errors = errors(&text);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("bad.prisma:10:3: error: `Book.author`: unknown type `Autor`"), "{errors:?}");
    assert!(errors[0].contains("Author"), "a suggestion: {errors:?}");
    assert!(errors[1].starts_with("bad.prisma:13:3: error: model `Book` has no field `author_id`"), "{errors:?}");
}

#[test]
fn a_schema_without_a_datasource_is_refused() {
    let errors = errors("model A {\n  id Int @id\n}\n");
    assert!(errors[0].contains("no `datasource` block"), "{errors:?}");
}

//! Every generated schema, for every provider and naming, passes Prisma's validation, and
//! `prisma format` leaves it unchanged.

use codegen_core::Dialect;
use codegen_prisma::{Naming, PrismaOptions, render_schema};

use crate::fixtures::sql_fixtures;
use crate::oracle::{available, check};

#[test]
fn generated_schemas_validate_and_format_as_is() {
    if !available("@prisma/prisma-schema-wasm") {
        return;
    }
    let mut schemas = Vec::new();
    for (name, schema) in sql_fixtures() {
        for dialect in Dialect::ALL {
            for naming in [Naming::Database, Naming::Prisma] {
                // The Prisma-style variant also asks for @updatedAt (where the example has it) and views.
                let updated_at = if naming == Naming::Prisma { vec!["updated_at".to_string()] } else { Vec::new() };
                let preview_features = if naming == Naming::Prisma { vec!["views".to_string()] } else { Vec::new() };
                let options =
                    PrismaOptions { dialect, naming, updated_at, preview_features, ..PrismaOptions::default() };
                let (text, _) = render_schema(&schema, &options);
                schemas.push((format!("{name}-{dialect}-{naming:?}.prisma"), text));
            }
        }
    }
    let verdicts = check(&schemas);
    assert_eq!(verdicts.len(), schemas.len());
    let mut failures = Vec::new();
    for ((name, text), verdict) in schemas.iter().zip(&verdicts) {
        assert_eq!(&verdict.name, name);
        if let Some(error) = &verdict.error {
            failures.push(format!("{name}: invalid:\n{error}\n--- schema ---\n{text}"));
        } else if verdict.formatted.as_deref() != Some(text.as_str()) {
            let formatted = verdict.formatted.as_deref().unwrap_or_default();
            let diff: Vec<String> = text
                .lines()
                .zip(formatted.lines())
                .filter(|(a, b)| a != b)
                .take(5)
                .map(|(a, b)| format!("  ours:   {a:?}\n  prisma: {b:?}"))
                .collect();
            failures.push(format!("{name}: `prisma format` changes it:\n{}", diff.join("\n")));
        }
        if !verdict.lint.is_empty() {
            failures.push(format!("{name}: lint: {:?}", verdict.lint));
        }
    }
    assert!(failures.is_empty(), "{} of {} schemas fail:\n\n{}", failures.len(), schemas.len(), failures.join("\n\n"));
}

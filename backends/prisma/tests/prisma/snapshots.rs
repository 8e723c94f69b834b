//! The shape of the output, reviewed once and kept (validity is proven in `validate`).

use codegen_core::Dialect;
use codegen_prisma::{Naming, PrismaOptions, render_schema};

use crate::fixtures::sql_fixtures;

#[test]
fn output_shape_per_fixture() {
    for (name, schema) in sql_fixtures() {
        for (dialect, naming) in [
            (Dialect::Postgres, Naming::Database),
            (Dialect::Postgres, Naming::Prisma),
            (Dialect::Mysql, Naming::Prisma),
            (Dialect::Sqlite, Naming::Prisma),
        ] {
            // The PostgreSQL Prisma-style variant shows the options too.
            let asked = dialect == Dialect::Postgres && naming == Naming::Prisma;
            let updated_at = if asked { vec!["updated_at".to_string()] } else { Vec::new() };
            let options = PrismaOptions { dialect, naming, updated_at, views: asked, ..PrismaOptions::default() };
            let (text, diagnostics) = render_schema(&schema, &options);
            let warnings: Vec<String> = diagnostics
                .iter()
                .map(|d| format!("{}: {} [{}]", d.severity, d.message, d.object.as_deref().unwrap_or("")))
                .collect();
            insta::assert_snapshot!(
                format!("{name}-{dialect}-{naming:?}"),
                format!("{text}\n// diagnostics:\n// {}", warnings.join("\n// "))
            );
        }
    }
}

//! The Prisma 7 CLI itself (`prisma validate`, `prisma format --check`) accepts the schema we
//! generate for the bundled example, for each provider. It runs offline when
//! `PRISMA_SCHEMA_ENGINE_BINARY` names any file: these two commands never start the engine.

use std::process::Command;

use codegen_core::Dialect;
use codegen_prisma::{Naming, PrismaOptions, render_schema};

use crate::fixtures::sql_fixtures;
use crate::oracle::{available, tools_dir};

fn prisma(args: &[&str]) -> (bool, String) {
    let output = Command::new("node")
        .arg(tools_dir().join("node_modules/prisma/build/index.js"))
        .args(args)
        .env("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/false")
        .env("CHECKPOINT_DISABLE", "1")
        .env("PRISMA_HIDE_UPDATE_MESSAGE", "1")
        .output()
        .expect("node runs the Prisma CLI");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

#[test]
fn the_prisma_cli_validates_the_example_and_finds_it_formatted() {
    if !available("prisma") {
        return;
    }
    let (_, example) = sql_fixtures().into_iter().find(|(name, _)| name == "example").expect("the example");
    let dir = tempfile::tempdir().expect("temporary folder");
    for dialect in Dialect::ALL {
        let options = PrismaOptions { dialect, naming: Naming::Prisma, ..PrismaOptions::default() };
        let path = dir.path().join(format!("{dialect}.prisma"));
        std::fs::write(&path, render_schema(&example, &options).0).expect("write the schema");
        let path = path.to_str().expect("UTF-8 path");
        let (valid, text) = prisma(&["validate", "--schema", path]);
        assert!(valid && text.contains("is valid"), "{dialect}: prisma validate:\n{text}");
        let (formatted, text) = prisma(&["format", "--check", "--schema", path]);
        assert!(formatted, "{dialect}: prisma format --check:\n{text}");
    }
}

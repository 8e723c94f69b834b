//! The TypeScript targets' files keep the user's code across reruns (the generated region is
//! all codegen rewrites) and `--check` compares only that region.

use std::path::Path;
use std::process::Command;

fn codegen(args: &[&str]) -> std::process::Output {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/experiments/schema.sql");
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["--schema", example.to_str().unwrap()])
        .args(args)
        .output()
        .expect("codegen runs")
}

#[test]
fn user_code_around_the_region_survives_a_rerun_and_check_compares_the_region() {
    let dir = tempfile::tempdir().unwrap();
    for (target, file, addition) in [
        ("drizzle", "schema.ts", None),
        (
            "typeorm",
            "Users.ts",
            Some("\n\tget label(): string {\n\t\treturn `${this.displayName} <${this.email}>`;\n\t}\n"),
        ),
        ("kysely", "db.d.ts", None),
    ] {
        let out = dir.path().join(target);
        let out_str = out.to_str().unwrap();
        assert!(codegen(&["--target", target, "--out", out_str, "-q"]).status.success());
        let path = out.join(file);
        let generated = std::fs::read_to_string(&path).unwrap();
        // The user's code: after the region (a type export), or inside the class after it.
        let edited = match addition {
            Some(method) => generated.replacen("\t// codegen:end\n", &format!("\t// codegen:end\n{method}"), 1),
            None => format!("{generated}\nexport type Mine = 1;\n"),
        };
        assert_ne!(edited, generated, "{target}: the edit applies");
        std::fs::write(&path, &edited).unwrap();
        let check = codegen(&["--target", target, "--out", out_str, "--check", "-q"]);
        assert_eq!(check.status.code(), Some(0), "{target}: user code outside the region is not a difference");
        assert!(codegen(&["--target", target, "--out", out_str, "-q"]).status.success());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), edited, "{target}: the rerun keeps the user's code");
        // An edit inside the region is a difference, and the rerun puts the region back.
        std::fs::write(
            &path,
            edited.replacen("// codegen:begin generated\n", "// codegen:begin generated\n// tampered\n", 1),
        )
        .unwrap();
        let check = codegen(&["--target", target, "--out", out_str, "--check", "-q"]);
        assert_eq!(check.status.code(), Some(1), "{target}: an edited region differs");
        assert!(codegen(&["--target", target, "--out", out_str, "-q"]).status.success());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), edited, "{target}: the region is rewritten, the rest kept");
    }
}

#[test]
fn database_objects_are_named_once_in_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    // A model with a function (the JSON model: the SQL reader carrying objects is on its way).
    let mut model = codegen_core::Schema::default();
    let mut table = codegen_core::Table::new("t");
    table.columns.push(codegen_core::Column::new(
        "id",
        codegen_core::ColumnType::Integer { width: codegen_core::IntWidth::Int, unsigned: false },
        "integer",
    ));
    model.tables.push(table);
    model.objects.push(codegen_core::DbObject {
        kind: codegen_core::ObjectKind::Function,
        name: codegen_core::QualifiedName::new("one"),
        signature: Some(String::new()),
        table: None,
        dialect: codegen_core::Dialect::Postgres,
        definition: vec!["CREATE FUNCTION one() RETURNS integer LANGUAGE sql AS 'select 1'".into()],
        depends_on: Vec::new(),
        comment: None,
        loc: Default::default(),
    });
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, model.to_json()).unwrap();
    for target in ["drizzle", "typeorm", "kysely"] {
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(["--schema", schema.to_str().unwrap(), "--target", target, "--out"])
            .arg(dir.path().join(target))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{target}: {stderr}");
        assert_eq!(stderr.matches("have no place in").count(), 1, "{target}: one warning for the objects:\n{stderr}");
        assert!(stderr.contains("1 function"), "{target}: {stderr}");
    }
}

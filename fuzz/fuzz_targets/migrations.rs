#![no_main]
//! The migrations-folder reader and the linter's replay: the input's first byte picks the dialect,
//! the rest is cut into migrations at NUL bytes (`001_step.sql`, `002_step.sql`, ...).

use codegen_fuzz::DIALECTS;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else { return };
    let dialect = DIALECTS[*first as usize % DIALECTS.len()];
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (i, part) in rest.split(|b| *b == 0).take(16).enumerate() {
        std::fs::write(dir.path().join(format!("{:03}_step.sql", i + 1)), part).expect("write a migration");
    }
    if let Ok(loaded) = codegen_core::read::migrations::read_migrations_dir(dir.path(), dialect) {
        codegen_fuzz::render_and_reread(&loaded.schema);
    }
    let _ = codegen_core::lint::lint_path(dir.path(), &codegen_core::lint::LintOptions::new(dialect));
});

//! What the derive costs a build: `cargo check` of a generated crate with 200 structs, each
//! checked against a 200-table schema, against the same crate without the derive. Prints the
//! medians and the extra seconds per 100 checked structs.
//!
//! `cargo bench -p codegen-macros --bench check_cost` (set `CHECK_COST_RUNS` for more than 5 runs).
//! Both crates build in `target/codegen-macros-bench`; the first, untimed build of each warms
//! the dependencies, so the timed runs rebuild only the crate itself.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

const STRUCTS: usize = 200;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("macros/ sits in the workspace").to_path_buf()
}

/// Column declarations and the matching Rust fields, one of each common kind.
const COLUMNS: &[(&str, &str, &str)] = &[
    ("id", "BIGINT PRIMARY KEY", "i64"),
    ("owner_id", "BIGINT NOT NULL", "i64"),
    ("name", "VARCHAR(200) NOT NULL", "String"),
    ("notes", "TEXT", "Option<String>"),
    ("rank", "INTEGER NOT NULL", "i32"),
    ("ratio", "DOUBLE PRECISION", "Option<f64>"),
    ("active", "BOOLEAN NOT NULL", "bool"),
    ("created_at", "TIMESTAMP NOT NULL", "NaiveDateTime"),
];

fn schema_sql() -> String {
    let mut sql = String::new();
    for i in 0..STRUCTS {
        let columns: Vec<String> = COLUMNS.iter().map(|(name, ty, _)| format!("    {name} {ty}")).collect();
        writeln!(sql, "CREATE TABLE table_{i} (\n{}\n);\n", columns.join(",\n")).unwrap();
    }
    sql
}

fn lib_rs(with_derive: bool) -> String {
    let mut rust = String::from("#![allow(dead_code)]\npub struct NaiveDateTime;\n\n");
    for i in 0..STRUCTS {
        if with_derive {
            writeln!(
                rust,
                "#[derive(codegen_macros::CheckSchema)]\n#[schema(source = \"db/schema.sql\", table = \"table_{i}\")]"
            )
            .unwrap();
        }
        let fields: Vec<String> = COLUMNS.iter().map(|(name, _, ty)| format!("    pub {name}: {ty},")).collect();
        writeln!(rust, "pub struct Row{i} {{\n{}\n}}\n", fields.join("\n")).unwrap();
    }
    rust
}

fn write_crate(dir: &Path, name: &str, with_derive: bool) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("db")).unwrap();
    let macros = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\ncodegen-macros = {{ path = {:?} }}\n\n[workspace]\n",
        macros.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("db/schema.sql"), schema_sql()).unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib_rs(with_derive)).unwrap();
}

fn cargo_check(dir: &Path) -> Duration {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // A new modification time makes cargo rebuild this crate, and only it.
    let lib = dir.join("src/lib.rs");
    std::fs::File::options().write(true).open(&lib).unwrap().set_modified(SystemTime::now()).unwrap();
    let start = Instant::now();
    let output = Command::new(cargo)
        .args(["check", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace_root().join("target").join("codegen-macros-bench"))
        .output()
        .expect("cargo runs");
    let elapsed = start.elapsed();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    elapsed
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64()
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too, and a quick pass
    // there would measure nothing, so only a real bench run times anything.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runs: usize = std::env::var("CHECK_COST_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let dir = tempfile::tempdir().unwrap();
    let with = dir.path().join("with-derive");
    let without = dir.path().join("without-derive");
    write_crate(&with, "check-cost-with-derive", true);
    write_crate(&without, "check-cost-without-derive", false);
    cargo_check(&with);
    cargo_check(&without);
    let (mut with_times, mut without_times) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        with_times.push(cargo_check(&with));
        without_times.push(cargo_check(&without));
    }
    let (with_s, without_s) = (median(with_times), median(without_times));
    let extra_per_100 = (with_s - without_s) * 100.0 / STRUCTS as f64;
    println!("cargo check, {STRUCTS} structs of {} fields, median of {runs} runs:", COLUMNS.len());
    println!("  without the derive: {without_s:.2} s");
    println!("  with CheckSchema:   {with_s:.2} s");
    println!("  extra per 100 checked structs: {extra_per_100:.2} s");
}

//! The derive beside SeaORM's `DeriveEntityModel` and `DeriveActiveEnum` on the same types:
//! `tests/sea-orm-crate` must build. It is a crate of its own (see its Cargo.toml for why),
//! built into `target/codegen-macros-sea-orm` so that later runs reuse SeaORM's build.

use std::path::Path;
use std::process::Command;

#[test]
fn sea_orm_entities_checked_by_the_derive_compile() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let crate_dir = manifest_dir.join("tests").join("sea-orm-crate");
    let target =
        manifest_dir.parent().expect("macros/ sits in the workspace").join("target").join("codegen-macros-sea-orm");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--message-format", "short"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

//! The derive's compile-time behaviour: structs that fit the schema compile, every kind of
//! mistake fails with the message checked in beside the case (`tests/ui/fail/*.stderr`).
//!
//! trybuild builds the cases in `target/tests/trybuild/codegen-macros`, so that folder is the
//! cases' `CARGO_MANIFEST_DIR`: `source` paths climb four folders to the workspace root, and
//! cases without `source` find the workspace's own `codegen.toml` (the bundled example).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}

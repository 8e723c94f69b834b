//! The full script for the example-like model in each dialect, and what each degraded.

use codegen_core::Dialect;

use crate::{fixture, listed, render};

fn snapshot(dialect: Dialect) {
    let (text, diagnostics) = render(&fixture::experiments(), dialect);
    insta::assert_snapshot!(format!("{}_sql", dialect.as_str()), text);
    insta::assert_snapshot!(format!("{}_diagnostics", dialect.as_str()), listed(&diagnostics));
}

#[test]
fn postgres() {
    snapshot(Dialect::Postgres);
}

#[test]
fn mysql() {
    snapshot(Dialect::Mysql);
}

#[test]
fn sqlite() {
    snapshot(Dialect::Sqlite);
}

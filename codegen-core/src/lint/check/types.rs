//! The rules on type changes: a column's type narrowed, cast or rewritten, an enum losing values.

use sqlparser::ast::Statement;

use super::{ChangeContext, FileLint};
use crate::dialect::Dialect;
use crate::lint::changes::{self, Change, TypeChange, type_words};
use crate::lint::{FactQuery, Finding, RuleId};
use crate::model::{ColumnType, IntWidth, QualifiedName};

impl FileLint<'_> {
    /// A column's type changed, or an enum lost values.
    pub(super) fn check_type_change(&mut self, change: &Change, cx: &ChangeContext, found: &mut Vec<Finding>) {
        let ChangeContext { parsed, before, after, make, .. } = *cx;
        let dialect = self.options.dialect;
        match change {
            Change::TypeChanged { table, before: old, after: new } => {
                // Renaming a type or adding a value re-labels columns; no row changes.
                if self.created.contains(&table.name) || matches!(parsed, Statement::AlterType(_)) {
                    return;
                }
                let object = format!("{}.{}", table.name, new.name);
                let words = format!("`{object}` from {} to {}", type_words(&old.ty), type_words(&new.ty));
                match changes::classify(&old.ty, &new.ty, before, after, dialect) {
                    TypeChange::Widening => {}
                    TypeChange::Narrowing(why) => {
                        let mut f =
                            make(RuleId::NarrowingType, format!("changing {words} narrows it: {why}")).object(&object);
                        if let Some(fact) = narrowing_fact(&table.name, &new.name, &new.ty) {
                            f = f.fact(fact);
                        }
                        found.push(f)
                    }
                    // An earlier UPDATE re-mapped the rows holding the removed values.
                    TypeChange::EnumShrink(_) if self.assigned_by_update(&table.name, &new.name) => {}
                    TypeChange::EnumShrink(values) => found.push(
                        make(
                            RuleId::DropEnumValue,
                            format!("changing {words} removes the value(s) {}", quoted(&values)),
                        )
                        .object(&object),
                    ),
                    TypeChange::UnsafeCast => found.push(
                        make(
                            RuleId::UnsafeCast,
                            format!("changing {words} fails on any stored value that does not convert"),
                        )
                        .object(&object),
                    ),
                }
                if dialect == Dialect::Postgres && !changes::pg_change_is_cheap(&old.ty, &new.ty) {
                    found.push(
                        make(RuleId::TypeChangeRewrite, format!("changing {words} rewrites `{}`", table.name))
                            .object(&object),
                    );
                }
                if dialect == Dialect::Mysql && !changes::mysql_change_is_online(&old.ty, &new.ty, before, after) {
                    found.push(
                        make(
                            RuleId::MysqlCopyAlgorithm,
                            format!("changing {words} needs ALGORITHM=COPY on `{}`", table.name),
                        )
                        .object(&object),
                    );
                }
            }
            // ALTER TYPE can only rename values, and rows follow the rename.
            Change::EnumValuesRemoved { .. } if matches!(parsed, Statement::AlterType(_)) => {}
            // An earlier UPDATE re-mapped the rows of a column using the enum (MySQL's inline enums).
            Change::EnumValuesRemoved { name, .. }
                if after.tables.iter().any(|t| {
                    t.columns
                        .iter()
                        .any(|c| c.ty.enum_name() == Some(*name) && self.assigned_by_update(&t.name, &c.name))
                }) => {}
            Change::EnumValuesRemoved { name, values } => found.push(
                make(RuleId::DropEnumValue, format!("enum `{name}` loses the value(s) {}", quoted(values)))
                    .object(name.to_string()),
            ),
            _ => {}
        }
    }
}

/// What to count for a narrowing: values longer than the new length, or outside the new range.
fn narrowing_fact(table: &QualifiedName, column: &str, ty: &ColumnType) -> Option<FactQuery> {
    let (table, column) = (table.clone(), column.to_string());
    match ty {
        ColumnType::Varchar { length: Some(n), .. } | ColumnType::Char { length: Some(n), .. } => {
            Some(FactQuery::LongerThan { table, column, length: *n })
        }
        ColumnType::Integer { width, unsigned: false } => {
            let bits: u32 = match width {
                IntWidth::Tiny => 8,
                IntWidth::Small => 16,
                IntWidth::Medium => 24,
                IntWidth::Int => 32,
                IntWidth::Big => return None,
            };
            let max = (1i64 << (bits - 1)) - 1;
            Some(FactQuery::OutOfRange { table, column, min: -max - 1, max })
        }
        _ => None,
    }
}

fn quoted(values: &[String]) -> String {
    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
}

//! One column definition line of `CREATE TABLE`.

use codegen_core::{AutoIncrement, Column, ColumnDefault, ColumnType, Dialect, Table};

use crate::context::Context;
use crate::defaults::render_default;
use crate::expr::{expression, parenthesise};
use crate::table_plan::TablePlan;
use crate::types::render_type;
use codegen_core::read::sql::{declared_type_for, lower_declared_type};

/// How a counting column is written, besides its type.
enum Counter {
    None,
    /// A clause after the default: `GENERATED ... AS IDENTITY`, `AUTO_INCREMENT`.
    Clause(String),
    /// SQLite's `INTEGER PRIMARY KEY AUTOINCREMENT`.
    Rowid,
}

/// `name type [GENERATED ...] [NOT NULL] [DEFAULT ...] [counter] [PRIMARY KEY] [CHECK] [COMMENT]`.
pub(crate) fn render_column(cx: &mut Context, table: &Table, column: &Column, plan: &TablePlan) -> String {
    let object = format!("{}.{}", table.name, column.name);
    let loc = &column.loc;
    // Output for the source's own dialect keeps the type as the source declared it.
    let declared = declared_type_for(cx.schema, column, cx.dialect);
    let rendered = render_type(&column.ty, cx.dialect, &cx.schema.enums);
    if let Some(issue) = rendered.issue.filter(|_| declared.is_none()) {
        cx.attach(issue, &object, loc);
    }
    let mut type_sql = rendered.sql;
    let counter = match &column.default {
        Some(ColumnDefault::AutoIncrement { strategy }) => {
            render_counter(cx, column, plan, *strategy, &mut type_sql, &object)
        }
        _ => Counter::None,
    };
    if let Some(declared) = declared {
        // A serial spelled by the model (the source wrote `integer` and a sequence) and SQLite's
        // AUTOINCREMENT (only on `INTEGER`) keep the counter's spelling.
        let serial_spelled =
            matches!(column.default, Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::Serial }))
                && lower_declared_type(declared, cx.dialect).serial.is_none()
                && cx.dialect == Dialect::Postgres;
        let rowid = matches!(counter, Counter::Rowid) && !declared.eq_ignore_ascii_case("integer");
        if !serial_spelled && !rowid {
            type_sql = declared.to_string();
        }
    }

    let mut clauses = vec![cx.ident(&column.name)];
    if !type_sql.is_empty() {
        clauses.push(type_sql.clone());
    }
    let same_dialect = cx.schema.dialect == Some(cx.dialect);
    if cx.dialect == Dialect::Mysql
        && let Some(charset) = column.charset.as_ref().filter(|_| same_dialect)
    {
        clauses.push(format!("CHARACTER SET {charset}"));
    }
    if let Some(collation) = column.collation.as_ref().filter(|_| same_dialect) {
        clauses.push(format!("COLLATE {collation}"));
    }
    if cx.dialect == Dialect::Mysql
        && let Some(srid) = column.srid
    {
        // MySQL 8.0.3 took the attribute; MariaDB has none and skips a comment versioned 8.x, as
        // mysqldump writes it.
        clauses.push(format!("/*!80003 SRID {srid} */"));
    }
    if let Some(generated) = &column.generated {
        let kind = match (cx.dialect, generated.stored) {
            // PostgreSQL 18's virtual columns, for a source that has them.
            (Dialect::Postgres, false) if cx.schema.dialect == Some(Dialect::Postgres) => "VIRTUAL",
            (Dialect::Postgres, false) => {
                let message = "PostgreSQL before 18 has only stored generated columns: written as STORED";
                cx.warning(&object, loc, message);
                "STORED"
            }
            (_, true) => "STORED",
            (_, false) => "VIRTUAL",
        };
        clauses.push(format!(
            "GENERATED ALWAYS AS {} {kind}",
            parenthesise(&expression(&generated.expression, cx.dialect))
        ));
    }
    if !column.nullable {
        clauses.push("NOT NULL".into());
    } else if cx.dialect == Dialect::Mysql && matches!(column.ty, ColumnType::TimestampTz { .. }) {
        // Without `explicit_defaults_for_timestamp` (MariaDB before 10.10), a bare TIMESTAMP
        // column is NOT NULL.
        clauses.push("NULL".into());
    }
    if column.generated.is_some()
        && matches!(column.default, Some(ref d) if !matches!(d, ColumnDefault::AutoIncrement { .. }))
    {
        cx.warning(&object, loc, "a generated column cannot also have a default: the default is left out");
    } else if let Some(default) = render_default(cx, column, &type_sql, &object) {
        clauses.push(format!("DEFAULT {default}"));
    }
    if cx.dialect == Dialect::Mysql
        && let Some(on_update) = &column.on_update
    {
        clauses.push(format!("ON UPDATE {on_update}"));
    }
    if let Counter::Clause(clause) = &counter {
        let mut clause = clause.clone();
        // The identity's sequence options, as the source wrote them, for its own dialect.
        if cx.dialect == Dialect::Postgres
            && cx.schema.dialect == Some(Dialect::Postgres)
            && let Some(options) = &column.counter_options
        {
            clause.push_str(&format!(" ({options})"));
        }
        clauses.push(clause);
    }
    if plan.inline_pk == Some(column.name.as_str()) {
        if let Some(name) = plan.pk_name {
            clauses.push(format!("CONSTRAINT {}", cx.ident(name)));
        }
        clauses.push("PRIMARY KEY".into());
        if let Counter::Rowid = counter {
            clauses.push("AUTOINCREMENT".into());
        }
    }
    if cx.dialect == Dialect::Sqlite {
        clauses.extend(sqlite_enum_check(cx, column, &object));
    }
    for check in table.checks.iter().filter(|c| is_inline_check(cx, table, c, column)) {
        clauses.push(format!("CHECK {}", parenthesise(&expression(&check.expression, cx.dialect))));
    }
    if cx.dialect == Dialect::Mysql
        && let Some(comment) = &column.comment
    {
        clauses.push(format!("COMMENT {}", cx.literal(comment)));
    }
    clauses.join(" ")
}

/// Whether an unnamed check declared on `column` is written on it: on MySQL, where MariaDB names
/// a column's check after the column (a table-level one would be `CONSTRAINT_1`), and on SQLite
/// for a SQLite source, whose stored SQL keeps it where it was written; only when it names no
/// other column of the table (MySQL 8 refuses a column check that does).
pub(crate) fn is_inline_check(
    cx: &Context,
    table: &Table,
    check: &codegen_core::CheckConstraint,
    column: &Column,
) -> bool {
    let where_written = match cx.dialect {
        Dialect::Mysql => true,
        Dialect::Sqlite => cx.schema.dialect == Some(Dialect::Sqlite),
        Dialect::Postgres => false,
    };
    if !where_written || check.name.is_some() || check.column.as_deref() != Some(column.name.as_str()) {
        return false;
    }
    let words: Vec<String> = check
        .expression
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    !table.columns.iter().any(|c| c.name != column.name && words.contains(&c.name.to_ascii_lowercase()))
}

/// Decide how a counter is written, adjusting the type where the dialect ties it to one.
fn render_counter(
    cx: &mut Context,
    column: &Column,
    plan: &TablePlan,
    strategy: AutoIncrement,
    type_sql: &mut String,
    object: &str,
) -> Counter {
    let loc = &column.loc;
    if !column.ty.is_integer() {
        let message = format!("{} counts up only integer columns: the counter is left out", cx.dialect_name());
        cx.warning(object, loc, message);
        return Counter::None;
    }
    match cx.dialect {
        Dialect::Postgres => {
            if type_sql == "numeric(20)" {
                cx.warning(object, loc, "an unsigned 64-bit counter is written as bigint in PostgreSQL");
                *type_sql = "bigint".into();
            }
            match strategy {
                AutoIncrement::Serial => {
                    *type_sql = match type_sql.as_str() {
                        "smallint" => "smallserial",
                        "integer" => "serial",
                        _ => "bigserial",
                    }
                    .into();
                    Counter::None
                }
                AutoIncrement::IdentityAlways => Counter::Clause("GENERATED ALWAYS AS IDENTITY".into()),
                AutoIncrement::IdentityByDefault | AutoIncrement::AutoIncrement => {
                    Counter::Clause("GENERATED BY DEFAULT AS IDENTITY".into())
                }
            }
        }
        Dialect::Mysql if plan.counter == Some(column.name.as_str()) => Counter::Clause("AUTO_INCREMENT".into()),
        Dialect::Mysql => {
            let message = if plan.counter.is_some() {
                "MySQL allows one AUTO_INCREMENT column per table: AUTO_INCREMENT is left out here"
            } else {
                "MySQL needs an AUTO_INCREMENT column to lead the primary key or a unique constraint: AUTO_INCREMENT is left out"
            };
            cx.warning(object, loc, message);
            Counter::None
        }
        Dialect::Sqlite if plan.counter == Some(column.name.as_str()) => {
            if type_sql != "INTEGER" {
                let message = format!(
                    "SQLite counts up only an INTEGER PRIMARY KEY (64-bit): `{type_sql}` is written as INTEGER"
                );
                cx.note(object, loc, message);
                *type_sql = "INTEGER".into();
            }
            Counter::Rowid
        }
        Dialect::Sqlite => {
            let message = "SQLite counts up only a single-column INTEGER PRIMARY KEY: AUTOINCREMENT is left out";
            cx.warning(object, loc, message);
            Counter::None
        }
    }
}

/// SQLite has no enum type: `CHECK (col IN ('a', 'b'))` restricts the TEXT column instead.
fn sqlite_enum_check(cx: &mut Context, column: &Column, object: &str) -> Option<String> {
    let ColumnType::Enum { name } = &column.ty else {
        return None;
    };
    let Some(enum_type) = cx.schema.enum_type(name) else {
        let message = format!("enum `{name}` is not declared: the column is plain TEXT without a CHECK");
        cx.warning(object, &column.loc, message);
        return None;
    };
    let values: Vec<String> = enum_type.values.iter().map(|v| cx.literal(v)).collect();
    Some(format!("CHECK ({} IN ({}))", cx.ident(&column.name), values.join(", ")))
}

//! `CREATE TABLE` and `CREATE VIEW`: lowering columns and constraints into the model.

use sqlparser::ast::{
    ColumnDef, ColumnOption, CreateTable, CreateTableOptions, Expr, GeneratedAs, GeneratedExpressionMode, IndexColumn,
    OrderBySort, ReferentialAction as SqlAction, SelectItem, SetExpr, SqlOption, TableConstraint, TableFactor,
};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

use super::StatementContext;
use super::coltype::lower_declared_type;
use super::expr::{expression_text, lower_default};
use super::prepare::{ColumnFacts, PreparedTable};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::model::{
    AutoIncrement, CheckConstraint, Column, ColumnDefault, ColumnType, DbObject, Deferrable, EnumType, ForeignKey,
    GeneratedColumn, Index, IndexKey, IndexPart, ObjectKind, PrimaryKey, QualifiedName, ReferentialAction, Schema,
    SortOrder, Table, UniqueConstraint,
};

pub(crate) fn apply_create_table(
    schema: &mut Schema,
    create: CreateTable,
    prepared: &PreparedTable,
    original: &str,
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let _ = original;
    let name = cx.name(&create.name);
    if create.temporary {
        diagnostics.push(cx.note(format!("skipped temporary table `{name}`")));
        return Ok(());
    }
    if schema.table(&name).is_some() {
        if create.if_not_exists {
            return Ok(());
        }
        return Err(cx.error(format!("table `{name}` is created twice")).with_object(name.to_string()));
    }
    if create.query.is_some() || create.like.is_some() || create.clone.is_some() {
        return Err(cx
            .error(format!("cannot read `CREATE TABLE {name} AS/LIKE ...`: its columns come from another object"))
            .with_object(name.to_string())
            .with_help("write the column list explicitly"));
    }
    let mut table = Table::new(name.name.clone());
    table.name = name;
    table.loc = cx.loc_of(create.name.0.last().and_then(|p| p.as_ident()).expect("a table name has a part"));
    table.comment = prepared.comment.clone().or_else(|| table_comment(&create));
    table.options = prepared.options.clone();
    // PostgreSQL: an inheriting table has its parents' columns first, then its own.
    for parent in &prepared.options.inherits {
        let Some(parent) = schema.table(parent) else {
            return Err(cx.error(format!("table `{parent}` does not exist")).with_object(table.name.to_string()));
        };
        for column in &parent.columns {
            if table.column(&column.name).is_none() {
                table.columns.push(inherited_column(column));
            }
        }
        for check in inherited_checks(parent) {
            if !table.checks.iter().any(|c| c.name == check.name) {
                table.checks.push(check);
            }
        }
    }
    for (position, column) in create.columns.into_iter().enumerate() {
        let name = cx.ident(&column.name);
        // The facts of this column: by name, which is what sqlparser and the preparation share.
        let facts = prepared.columns.iter().find(|f| f.name == name).or_else(|| prepared.columns.get(position));
        if let Some(at) = table.columns.iter().position(|c| c.name == name) {
            // A column an inheriting table declares again merges with the parent's.
            let merged = lower_column(schema, &mut table, column, facts, cx)?;
            table.columns[at] = merged;
            continue;
        }
        add_column(schema, &mut table, column, facts, cx)?;
    }
    for constraint in create.constraints {
        add_table_constraint(schema, &mut table, constraint, cx, diagnostics)?;
    }
    schema.tables.push(table);
    Ok(())
}

fn table_comment(create: &CreateTable) -> Option<String> {
    use sqlparser::ast::CommentDef;
    let text = |c: &CommentDef| match c {
        CommentDef::WithEq(s) | CommentDef::WithoutEq(s) => s.clone(),
    };
    if let Some(c) = &create.comment {
        return Some(text(c));
    }
    let options = match &create.table_options {
        CreateTableOptions::Plain(o) | CreateTableOptions::With(o) | CreateTableOptions::Options(o) => o.as_slice(),
        _ => &[],
    };
    options.iter().find_map(|o| match o {
        SqlOption::Comment(c) => Some(text(c)),
        _ => None,
    })
}

/// `DEFERRABLE [INITIALLY DEFERRED | IMMEDIATE]` of a constraint.
fn deferrable(characteristics: Option<&sqlparser::ast::ConstraintCharacteristics>) -> Option<Deferrable> {
    let c = characteristics?;
    match (c.deferrable, c.initially) {
        (Some(true), Some(sqlparser::ast::DeferrableInitial::Deferred)) => Some(Deferrable::InitiallyDeferred),
        (Some(true), _) => Some(Deferrable::InitiallyImmediate),
        _ => None,
    }
}

fn action(a: Option<SqlAction>, dialect: Dialect) -> ReferentialAction {
    match a {
        None => dialect.default_referential_action(),
        Some(SqlAction::NoAction) => ReferentialAction::NoAction,
        Some(SqlAction::Restrict) => ReferentialAction::Restrict,
        Some(SqlAction::Cascade) => ReferentialAction::Cascade,
        Some(SqlAction::SetNull) => ReferentialAction::SetNull,
        Some(SqlAction::SetDefault) => ReferentialAction::SetDefault,
    }
}

/// Lower a column definition and add it, with its inline constraints, to `table`.
pub(crate) fn add_column(
    schema: &mut Schema,
    table: &mut Table,
    def: ColumnDef,
    facts: Option<&ColumnFacts>,
    cx: &StatementContext,
) -> Result<(), Diagnostic> {
    let column = lower_column(schema, table, def, facts, cx)?;
    table.columns.push(column);
    Ok(())
}

/// Lower a column definition; inline constraints (primary key, unique, references, checks) are
/// recorded on `table`, MySQL inline enums on `schema`.
pub(crate) fn lower_column(
    schema: &mut Schema,
    table: &mut Table,
    def: ColumnDef,
    facts: Option<&ColumnFacts>,
    cx: &StatementContext,
) -> Result<Column, Diagnostic> {
    let name = cx.ident(&def.name);
    let loc = cx.loc_of(&def.name);
    // The declared type as written, cut out before sqlparser saw the statement; without it
    // (a statement sqlparser built), sqlparser's own spelling of the type.
    let declared = match facts {
        Some(f) => f.declared.clone(),
        None if matches!(def.data_type, sqlparser::ast::DataType::Unspecified) => String::new(),
        None => def.data_type.to_string(),
    };
    let lowered = lower_declared_type(&declared, cx.dialect);
    let mut ty = lowered.ty;
    if let Some(values) = lowered.enum_values {
        ty = inline_enum(schema, table, &name, values, cx);
    }
    let mut column = Column::new(name.clone(), ty, declared);
    column.loc = loc.clone();
    column.srid = facts.and_then(|f| f.srid);
    column.mysql_only_since = cx.mysql_only_since(&def.name);
    column.counter_options = facts.and_then(|f| f.counter_options.clone());
    let virtual_generated = facts.is_some_and(|f| f.virtual_generated);
    if let Some(strategy) = lowered.serial {
        column.default = Some(ColumnDefault::AutoIncrement { strategy });
        column.nullable = false;
    }
    for option_def in def.options {
        let constraint_name = option_def.name.as_ref().map(|n| cx.ident(n));
        match option_def.option {
            ColumnOption::Null => column.nullable = true,
            ColumnOption::NotNull => column.nullable = false,
            ColumnOption::Default(expr) => {
                column.default = Some(lower_default(&expr));
                column.declared_default =
                    Some(facts.and_then(|f| f.declared_default.clone()).unwrap_or_else(|| expr.to_string()));
            }
            ColumnOption::PrimaryKey(_) => {
                if table.primary_key.is_some() {
                    return Err(cx.error(format!("table `{}` has more than one primary key", table.name)));
                }
                table.primary_key = Some(PrimaryKey { name: constraint_name, columns: vec![name.clone()] });
                // SQLite keeps a key column nullable unless it says NOT NULL (its documented
                // legacy); the other databases make every key column NOT NULL.
                if cx.dialect != Dialect::Sqlite {
                    column.nullable = false;
                }
            }
            ColumnOption::Unique(_) => table.uniques.push(UniqueConstraint {
                name: constraint_name,
                columns: vec![name.clone()],
                loc: loc.clone(),
            }),
            ColumnOption::ForeignKey(fk) => table.foreign_keys.push(ForeignKey {
                name: constraint_name.or_else(|| fk.name.as_ref().map(|n| cx.ident(n))),
                columns: vec![name.clone()],
                referenced_table: cx.name(&fk.foreign_table),
                referenced_columns: fk.referred_columns.iter().map(|c| cx.ident(c)).collect(),
                on_delete: action(fk.on_delete, cx.dialect),
                on_update: action(fk.on_update, cx.dialect),
                loc: loc.clone(),
                deferrable: deferrable(fk.characteristics.as_ref()),
            }),
            ColumnOption::Check(check) => table.checks.push(CheckConstraint {
                name: constraint_name.or_else(|| check.name.as_ref().map(|n| cx.ident(n))),
                expression: expression_text(&check.expr),
                column: Some(name.clone()),
                loc: loc.clone(),
            }),
            ColumnOption::DialectSpecific(tokens) => {
                let auto = tokens.iter().any(|t| match t {
                    Token::Word(w) => matches!(w.keyword, Keyword::AUTO_INCREMENT | Keyword::AUTOINCREMENT),
                    _ => false,
                });
                if auto {
                    column.default = Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::AutoIncrement });
                }
            }
            ColumnOption::Identity(_) => {
                column.default = Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::AutoIncrement })
            }
            ColumnOption::Comment(text) => column.comment = Some(text),
            ColumnOption::Generated { generated_as, generation_expr, generation_expr_mode, .. } => {
                match generation_expr {
                    Some(expr) => {
                        column.generated = Some(GeneratedColumn {
                            expression: expression_text(&expr),
                            stored: !virtual_generated
                                && (generated_as == GeneratedAs::ExpStored
                                    || generation_expr_mode == Some(GeneratedExpressionMode::Stored)),
                        })
                    }
                    None => {
                        let strategy = match generated_as {
                            GeneratedAs::Always => AutoIncrement::IdentityAlways,
                            _ => AutoIncrement::IdentityByDefault,
                        };
                        column.default = Some(ColumnDefault::AutoIncrement { strategy });
                        column.nullable = false;
                    }
                }
            }
            ColumnOption::CharacterSet(charset) => column.charset = Some(charset.to_string()),
            ColumnOption::Collation(collation) => column.collation = Some(collation.to_string()),
            ColumnOption::OnUpdate(expr) => column.on_update = Some(expression_text(&expr)),
            ColumnOption::OnConflict(_) | ColumnOption::Invisible => {}
            other => {
                return Err(cx
                    .error(format!("cannot read the option `{other}` of column `{}.{name}`", table.name))
                    .with_object(format!("{}.{name}", table.name)));
            }
        }
    }
    Ok(column)
}

/// A MySQL inline `ENUM(...)` becomes an enum named by [`EnumType::inline_name`].
pub(crate) fn inline_enum(
    schema: &mut Schema,
    table: &Table,
    column: &str,
    values: Vec<String>,
    cx: &StatementContext,
) -> ColumnType {
    let name = EnumType::inline_name(&table.name, column);
    schema.enums.retain(|e| e.name != name);
    schema.enums.push(EnumType { name: name.clone(), values, comment: None, loc: cx.loc() });
    ColumnType::Enum { name }
}

pub(crate) fn index_parts(columns: &[IndexColumn], cx: &StatementContext) -> Vec<IndexPart> {
    columns
        .iter()
        .map(|c| {
            let mut length = None;
            let key = match &c.column.expr {
                Expr::Identifier(ident) => IndexKey::Column(cx.ident(ident)),
                // MySQL prefix indexes, `col(10)`, parse as a call of the column.
                Expr::Function(f) if cx.dialect == crate::dialect::Dialect::Mysql && f.name.0.len() == 1 => {
                    length = prefix_length(&f.args.to_string());
                    IndexKey::Column(cx.ident(f.name.0[0].as_ident().expect("a plain name")))
                }
                other => IndexKey::Expression(expression_text(other)),
            };
            let order = match c.column.options.sort {
                Some(OrderBySort::Asc) => Some(SortOrder::Asc),
                Some(OrderBySort::Desc) => Some(SortOrder::Desc),
                _ => None,
            };
            IndexPart { key, order, opclass: None, collation: None, nulls: None, length }
        })
        .collect()
}

/// `10` of a MySQL key prefix's argument list, `(10)`.
pub(crate) fn prefix_length(arguments: &str) -> Option<u32> {
    arguments.trim().trim_start_matches('(').trim_end_matches(')').trim().parse().ok()
}

/// The plain column names of a constraint's column list.
pub(crate) fn constraint_columns(columns: &[IndexColumn], cx: &StatementContext) -> Result<Vec<String>, Diagnostic> {
    index_parts(columns, cx)
        .into_iter()
        .map(|p| match p.key {
            IndexKey::Column(c) => Ok(c),
            IndexKey::Expression(e) => Err(cx.error(format!("expected a column name in a constraint, found `{e}`"))),
        })
        .collect()
}

/// Add a table-level constraint (from `CREATE TABLE` or `ALTER TABLE ... ADD`).
pub(crate) fn add_table_constraint(
    schema: &mut Schema,
    table: &mut Table,
    constraint: TableConstraint,
    cx: &StatementContext,
    diagnostics: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let loc = constraint_loc(&constraint, cx);
    match constraint {
        TableConstraint::PrimaryKey(pk) => {
            if table.primary_key.is_some() {
                return Err(cx.error(format!("table `{}` has more than one primary key", table.name)));
            }
            let columns = constraint_columns(&pk.columns, cx)?;
            if cx.dialect != Dialect::Sqlite {
                for c in &columns {
                    if let Some(column) = table.column_mut(c) {
                        column.nullable = false;
                    }
                }
            }
            table.primary_key = Some(PrimaryKey { name: pk.name.as_ref().map(|n| cx.ident(n)), columns });
        }
        TableConstraint::Unique(u) => {
            let name = u.name.as_ref().or(u.index_name.as_ref()).map(|n| cx.ident(n));
            table.uniques.push(UniqueConstraint { name, columns: constraint_columns(&u.columns, cx)?, loc });
        }
        TableConstraint::ForeignKey(fk) => table.foreign_keys.push(ForeignKey {
            name: fk.name.as_ref().map(|n| cx.ident(n)),
            columns: fk.columns.iter().map(|c| cx.ident(c)).collect(),
            referenced_table: cx.name(&fk.foreign_table),
            referenced_columns: fk.referred_columns.iter().map(|c| cx.ident(c)).collect(),
            on_delete: action(fk.on_delete, cx.dialect),
            on_update: action(fk.on_update, cx.dialect),
            deferrable: deferrable(fk.characteristics.as_ref()),
            loc,
        }),
        TableConstraint::Check(check) => table.checks.push(CheckConstraint {
            name: check.name.as_ref().map(|n| cx.ident(n)),
            expression: expression_text(&check.expr),
            column: None,
            loc,
        }),
        TableConstraint::Index(ix) => {
            let parts = index_parts(&ix.columns, cx);
            let name = match &ix.name {
                Some(n) => cx.ident(n),
                None => unnamed_key_name(table, &parts, cx.dialect),
            };
            let method = ix.index_type.map(|t| t.to_string().to_lowercase());
            let mysql_only_since = ix.name.as_ref().and_then(|n| cx.mysql_only_since(n));
            table.indexes.push(Index { method, mysql_only_since, loc, ..Index::new(name, parts) });
        }
        TableConstraint::FulltextOrSpatial(ix) => {
            let parts = index_parts(&ix.columns, cx);
            let name = match &ix.opt_index_name {
                Some(n) => cx.ident(n),
                None => unnamed_key_name(table, &parts, cx.dialect),
            };
            let method = Some(if ix.fulltext { "fulltext" } else { "spatial" }.to_string());
            let mysql_only_since = ix.opt_index_name.as_ref().and_then(|n| cx.mysql_only_since(n));
            table.indexes.push(Index { method, mysql_only_since, loc, ..Index::new(name, parts) });
        }
        other => {
            let text = other.to_string();
            let named = text.strip_prefix("CONSTRAINT ").and_then(|rest| rest.split_once(' '));
            let body = named.map_or(text.as_str(), |(_, body)| body);
            if cx.dialect == crate::dialect::Dialect::Postgres && body.starts_with("EXCLUDE") {
                schema.objects.push(exclusion(table, named.map(|(name, _)| name), &text, cx));
            } else {
                diagnostics
                    .push(cx.note(format!("skipped `{other}` on `{}`: the model has no place for it", table.name)))
            }
        }
    }
    Ok(())
}

/// An `EXCLUDE` constraint, carried verbatim as `ALTER TABLE ... ADD ...`. Unnamed, it gets the
/// name PostgreSQL gives it (`<table>_<first column>_excl`), so that it can be told apart and dropped.
fn exclusion(table: &Table, name: Option<&str>, text: &str, cx: &StatementContext) -> DbObject {
    let quoted = super::objects::quoted_table_name(&table.name);
    let first_column = text
        .split_once('(')
        .map(|(_, rest)| rest.trim_start().split([' ', ')', ',']).next().unwrap_or("").trim_matches('"').to_string())
        .unwrap_or_default();
    let name = name
        .map(|n| n.trim_matches('"').to_string())
        .unwrap_or_else(|| format!("{}_{first_column}_excl", table.name.name));
    let constraint = if text.starts_with("CONSTRAINT ") {
        text.to_string()
    } else {
        format!("CONSTRAINT \"{}\" {text}", name.replace('"', "\"\""))
    };
    DbObject {
        kind: ObjectKind::Exclusion,
        name: QualifiedName { schema: table.name.schema.clone(), name },
        signature: None,
        table: Some(table.name.clone()),
        dialect: cx.dialect,
        definition: vec![format!("ALTER TABLE {quoted} ADD {constraint}")],
        depends_on: Vec::new(),
        comment: None,
        loc: cx.loc(),
    }
}

/// Where a table constraint is written: its name, else its first column, else the statement.
fn constraint_loc(constraint: &TableConstraint, cx: &StatementContext) -> crate::location::Loc {
    let first_column = |columns: &[IndexColumn]| match columns.first().map(|c| &c.column.expr) {
        Some(Expr::Identifier(ident)) => Some(ident.clone()),
        _ => None,
    };
    let ident = match constraint {
        TableConstraint::PrimaryKey(c) => c.name.clone().or_else(|| first_column(&c.columns)),
        TableConstraint::Unique(c) => c.name.clone().or_else(|| first_column(&c.columns)),
        TableConstraint::ForeignKey(c) => c.name.clone().or_else(|| c.columns.first().cloned()),
        TableConstraint::Check(c) => c.name.clone(),
        TableConstraint::Index(c) => c.name.clone().or_else(|| first_column(&c.columns)),
        _ => None,
    };
    ident.map_or_else(|| cx.loc(), |i| cx.loc_of(&i))
}

/// A parent's column as an inheriting table or a partition has it: without the parent's comment
/// and identity (PostgreSQL inherits neither).
pub(crate) fn inherited_column(column: &Column) -> Column {
    let mut inherited = column.clone();
    inherited.comment = None;
    if matches!(
        inherited.default,
        Some(crate::model::ColumnDefault::AutoIncrement {
            strategy: crate::model::AutoIncrement::IdentityAlways | crate::model::AutoIncrement::IdentityByDefault
        })
    ) {
        inherited.default = None;
        inherited.counter_options = None;
    }
    inherited
}

/// A parent's checks as an inheriting table or a partition has them: under the parent's names,
/// an unnamed one under the name PostgreSQL gave it on the parent (`invoices_amount_check`).
pub(crate) fn inherited_checks(parent: &Table) -> Vec<crate::model::CheckConstraint> {
    let columns: Vec<&str> = parent.columns.iter().map(|c| c.name.as_str()).collect();
    parent
        .checks
        .iter()
        .map(|check| {
            let mut check = check.clone();
            check.name = check
                .name
                .or_else(|| Some(crate::naming::postgres_check_name(&parent.name.name, &columns, &check.expression)));
            check
        })
        .collect()
}

/// The name PostgreSQL gives an unnamed index: `<table>_<columns>_idx`.
/// The name of a `KEY (...)` written without one: MySQL names it after its first column (`col`,
/// then `col_2`, `col_3` when taken), as the database will; elsewhere `<table>_<columns>_idx`.
fn unnamed_key_name(table: &Table, parts: &[IndexPart], dialect: Dialect) -> String {
    let first = match parts.first().map(|p| &p.key) {
        Some(IndexKey::Column(c)) if dialect == Dialect::Mysql => c.clone(),
        _ => return default_index_name(&table.name.name, parts, &[]),
    };
    let taken = |name: &str| table.indexes.iter().any(|i| i.name.eq_ignore_ascii_case(name));
    if !taken(&first) {
        return first;
    }
    (2..).map(|n| format!("{first}_{n}")).find(|name| !taken(name)).unwrap_or(first)
}

/// PostgreSQL's name for an unnamed index (`ChooseIndexName`): the table, each key's column (for
/// an expression the function it calls, `lower`, else `expr`) and each INCLUDE column, then
/// `idx`, cut to 63 bytes.
pub(crate) fn default_index_name(table: &str, parts: &[IndexPart], include: &[String]) -> String {
    crate::naming::postgres_object_name(table, Some(&index_column_names(parts, include)), "idx")
}

/// The `n`th name PostgreSQL tries when the first is taken: `<table>_<columns>_idx<n>`.
pub(crate) fn default_index_name_numbered(table: &str, parts: &[IndexPart], include: &[String], n: u32) -> String {
    crate::naming::postgres_object_name(table, Some(&index_column_names(parts, include)), &format!("idx{n}"))
}

fn index_column_names(parts: &[IndexPart], include: &[String]) -> String {
    let keys = parts.iter().map(|p| match &p.key {
        IndexKey::Column(c) => c.clone(),
        IndexKey::Expression(e) => called_function(e).unwrap_or_else(|| "expr".into()),
    });
    keys.chain(include.iter().cloned()).collect::<Vec<_>>().join("_")
}

/// `lower(email)` -> `lower`: the function an expression calls at its top.
fn called_function(expression: &str) -> Option<String> {
    let text = expression.trim().trim_start_matches('(').trim_start();
    let name: String = text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    let rest = text[name.len()..].trim_start();
    (!name.is_empty() && rest.starts_with('(') && !name.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| name.to_lowercase())
}

/// The output columns of a view's query (typed where they trace back to a table), named by
/// the view's column list when it has one. A query sqlparser cannot read leaves them unknown.
pub(crate) fn view_columns_of(
    schema: &Schema,
    definition: &str,
    names: &[String],
    cx: &StatementContext,
) -> Vec<Column> {
    let dialect = super::parser_dialect(cx.dialect);
    let query =
        sqlparser::parser::Parser::new(dialect.as_ref()).try_with_sql(definition).and_then(|mut p| p.parse_query());
    let mut columns = match &query {
        Ok(query) => view_columns(schema, query, cx),
        Err(_) => Vec::new(),
    };
    if !names.is_empty() {
        if names.len() == columns.len() {
            for (column, name) in columns.iter_mut().zip(names) {
                column.name = name.clone();
            }
        } else {
            columns = names.iter().cloned().map(unknown_column).collect();
        }
    }
    columns
}

fn unknown_column(name: String) -> Column {
    Column::new(name, ColumnType::Other { raw: String::new() }, "")
}

/// The output columns of a view's query, typed where a column traces back to a known table.
fn view_columns(schema: &Schema, query: &sqlparser::ast::Query, cx: &StatementContext) -> Vec<Column> {
    let SetExpr::Select(select) = query.body.as_ref() else {
        return Vec::new();
    };
    // (alias or table name, table)
    let mut sources: Vec<(String, &Table)> = Vec::new();
    for from in &select.from {
        let factors = std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation));
        for factor in factors {
            if let TableFactor::Table { name, alias, .. } = factor {
                let qualified = cx.name(name);
                if let Some(table) = schema.table(&qualified) {
                    let key = alias.as_ref().map(|a| cx.ident(&a.name)).unwrap_or(qualified.name.clone());
                    sources.push((key, table));
                }
            }
        }
    }
    let find = |qualifier: Option<&str>, column: &str| -> Option<Column> {
        sources
            .iter()
            .filter(|(key, _)| qualifier.is_none_or(|q| q == key))
            .find_map(|(_, t)| t.column(column).cloned())
    };
    let traced = |expr: &Expr| -> Option<Column> {
        match expr {
            Expr::Identifier(i) => find(None, &cx.ident(i)),
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                find(Some(&cx.ident(&parts[parts.len() - 2])), &cx.ident(&parts[parts.len() - 1]))
            }
            _ => None,
        }
    };
    let mut columns = Vec::new();
    for item in &select.projection {
        match item {
            SelectItem::UnnamedExpr(expr) => {
                let name = match expr {
                    Expr::Identifier(i) => cx.ident(i),
                    Expr::CompoundIdentifier(parts) => cx.ident(parts.last().expect("non-empty")),
                    other => other.to_string(),
                };
                let mut column = traced(expr).unwrap_or_else(|| unknown_column(name.clone()));
                column.name = name;
                columns.push(view_column(column));
            }
            SelectItem::ExprWithAliases { expr, aliases } if !aliases.is_empty() => {
                let name = cx.ident(&aliases[0]);
                let mut column = traced(expr).unwrap_or_else(|| unknown_column(name.clone()));
                column.name = name;
                columns.push(view_column(column));
            }
            SelectItem::ExprWithAliases { expr, .. } => {
                let name = expr.to_string();
                columns.push(unknown_column(name));
            }
            SelectItem::ExprWithAlias { expr, alias } => {
                let name = cx.ident(alias);
                let mut column = traced(expr).unwrap_or_else(|| unknown_column(name.clone()));
                column.name = name;
                columns.push(view_column(column));
            }
            SelectItem::Wildcard(_) => {
                for (_, table) in &sources {
                    columns.extend(table.columns.iter().cloned().map(view_column));
                }
            }
            SelectItem::QualifiedWildcard(kind, _) => {
                let qualifier = kind.to_string();
                for (key, table) in &sources {
                    if *key == qualifier || table.name.name == qualifier {
                        columns.extend(table.columns.iter().cloned().map(view_column));
                    }
                }
            }
        }
    }
    columns
}

/// A view column keeps the type and nullability of its source, nothing else.
fn view_column(mut column: Column) -> Column {
    column.default = None;
    column.generated = None;
    column.comment = None;
    column
}

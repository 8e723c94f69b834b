//! From the neutral model to what `schema.rs` and the models show: which tables, in which order,
//! with which Rust names, keys, Diesel types and `joinable!` lines. Decided once here so the two
//! renderers cannot disagree.

use std::collections::{BTreeMap, BTreeSet};

use codegen_core::naming::{diesel_rust_name, rust_row_type_name};
use codegen_core::{Column, ColumnType, Diagnostic, Diagnostics, Dialect, Loc, QualifiedName, Schema, Table};
use heck::ToSnakeCase;

use crate::options::{ColumnSorting, DieselOptions, TableFilter};
use codegen_core::orm::diesel::DieselType;

use crate::sql_type::{ColumnFacts, ColumnSqlType, CustomSqlType, SqlTypeName, diesel_type};

/// The tables of one namespace: what one `diesel print-schema [--schema NAME]` run prints.
#[derive(Debug)]
pub(crate) struct Unit<'a> {
    /// `None` for the default namespace.
    pub namespace: Option<String>,
    pub tables: Vec<TablePlan<'a>>,
    pub joinables: Vec<Joinable>,
    /// Foreign keys `joinable!` cannot express, with the reason, for a comment in schema.rs.
    pub unjoinable: Vec<(Joinable, &'static str)>,
    /// Sorted by Rust name, without duplicates.
    pub custom_types: Vec<CustomSqlType>,
}

#[derive(Debug)]
pub(crate) struct TablePlan<'a> {
    pub name: QualifiedName,
    pub rust_name: String,
    /// The namespace's module name, for tables outside the default namespace.
    pub rust_schema: Option<String>,
    /// Rust names of the key columns.
    pub primary_key: Vec<String>,
    pub columns: Vec<ColumnPlan<'a>>,
    pub comment: Option<String>,
    /// The model table; `None` for a view.
    pub table: Option<&'a Table>,
}

impl TablePlan<'_> {
    /// `schema.table` or `table`, as print-schema writes it in docs and `#[sql_name]`.
    pub fn full_sql_name(&self) -> String {
        self.name.to_string()
    }

    pub fn column_by_sql(&self, sql_name: &str) -> Option<&ColumnPlan<'_>> {
        self.columns.iter().find(|c| c.sql_name == sql_name)
    }
}

#[derive(Debug)]
pub(crate) struct ColumnPlan<'a> {
    pub sql_name: String,
    pub rust_name: String,
    pub ty: ColumnSqlType,
    pub comment: Option<String>,
    /// `None` for SQLite's implicit `rowid` key.
    pub column: Option<&'a Column>,
    /// SQLite numbers this column itself: the table's `INTEGER PRIMARY KEY` (rowid alias).
    pub rowid_alias: bool,
}

impl ColumnPlan<'_> {
    /// Whether an insert may leave the column out.
    pub fn has_default(&self) -> bool {
        self.rowid_alias || self.column.is_none_or(|c| c.has_database_default())
    }

    /// Whether the database refuses values for it (generated columns, `ALWAYS` identities).
    pub fn is_read_only(&self) -> bool {
        self.column.is_some_and(|c| {
            c.generated.is_some()
                || matches!(
                    c.default,
                    Some(codegen_core::ColumnDefault::AutoIncrement {
                        strategy: codegen_core::AutoIncrement::IdentityAlways
                    })
                )
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Joinable {
    pub child_sql: String,
    pub parent_sql: String,
    pub column_sql: String,
    pub child: String,
    pub parent: String,
    pub column: String,
    /// A line print-schema leaves out (several keys link the two tables) that we keep.
    pub beyond_print_schema: bool,
}

/// Plan every namespace. Errors (an invalid option, a column without a Diesel type) stop the
/// run; tables Diesel cannot key are left out with a warning.
pub(crate) fn plan<'a>(
    schema: &'a Schema,
    options: &DieselOptions,
) -> Result<(Vec<Unit<'a>>, Diagnostics), Diagnostics> {
    let filter = TableFilter::compile(options)?;
    let mut diagnostics = Diagnostics::new();
    let mut namespaces: BTreeSet<Option<String>> = BTreeSet::new();
    namespaces.insert(None);
    for t in &schema.tables {
        namespaces.insert(namespace_of(&t.name));
    }
    let mut units = Vec::new();
    for namespace in namespaces {
        let mut tables: Vec<TablePlan<'a>> = Vec::new();
        let mut in_namespace: Vec<&Table> =
            schema.tables.iter().filter(|t| namespace_of(&t.name) == namespace).collect();
        in_namespace.sort_by(|a, b| a.name.name.cmp(&b.name.name));
        for table in &in_namespace {
            if !filter.keeps(&table.name.name) {
                continue;
            }
            if let Some(plan) = plan_table(schema, table, options, &mut diagnostics) {
                tables.push(plan);
            }
        }
        if options.views {
            for view in schema.views.iter().filter(|v| namespace_of(&v.name) == namespace) {
                if filter.keeps(&view.name.name)
                    && let Some(plan) = plan_view(schema, view, options, &mut diagnostics)
                {
                    tables.push(plan);
                }
            }
            tables.sort_by(|a, b| a.name.name.cmp(&b.name.name));
        }
        if namespace.is_some() && tables.is_empty() {
            continue;
        }
        let (joinables, unjoinable) = plan_joinables(&in_namespace, &tables);
        let mut custom_types: Vec<CustomSqlType> =
            tables.iter().flat_map(|t| t.columns.iter().filter_map(|c| c.ty.custom.clone())).collect();
        custom_types.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        custom_types.dedup_by(|a, b| a.rust_name == b.rust_name);
        units.push(Unit { namespace, tables, joinables, unjoinable, custom_types });
    }
    if options.dialect == Dialect::Sqlite {
        note_nullable_keys(&units, &mut diagnostics);
    }
    if diagnostics.has_errors() { Err(diagnostics) } else { Ok((units, diagnostics)) }
}

/// SQLite keys declared without NOT NULL are `Nullable` (print-schema's reading), which Diesel's
/// `find`, `update(&row)` and `delete(&row)` do not accept: say so once, with the way out.
fn note_nullable_keys(units: &[Unit<'_>], diagnostics: &mut Diagnostics) {
    let keyed_on_nullable = |rowid: bool| -> Vec<String> {
        let tables = units.iter().flat_map(|u| &u.tables).filter(|t| t.table.is_some());
        tables
            .filter(|t| {
                t.primary_key
                    .iter()
                    .filter_map(|k| t.columns.iter().find(|c| &c.rust_name == k))
                    .any(|c| c.ty.nullable && c.rowid_alias == rowid)
            })
            .map(|t| format!("`{}`", t.name))
            .collect()
    };
    let (rowid, other) = (keyed_on_nullable(true), keyed_on_nullable(false));
    if !rowid.is_empty() {
        diagnostics.push(
            Diagnostic::note(format!(
                "{} keyed on an `INTEGER PRIMARY KEY` without NOT NULL: its key is `Nullable<Integer>`, as print-schema \
                 prints it, and Diesel's `find`, `update(&row)` and `delete(&row)` need a key that is not nullable",
                rowid.join(", ")
            ))
            .with_help("SQLite never stores NULL in such a key: `sqlite_integer_primary_key_not_null = true` types it `Integer`"),
        );
    }
    if !other.is_empty() {
        diagnostics.push(
            Diagnostic::note(format!(
                "{} keyed on nullable columns (SQLite lets a key other than `INTEGER PRIMARY KEY` hold NULL): Diesel's \
                 `find`, `update(&row)` and `delete(&row)` need a key that is not nullable",
                other.join(", ")
            ))
            .with_help("declare the key columns NOT NULL"),
        );
    }
}

fn namespace_of(name: &QualifiedName) -> Option<String> {
    name.schema.clone().filter(|s| s != "public")
}

fn object_diagnostic(d: Diagnostic, object: String, loc: &Loc) -> Diagnostic {
    d.with_object(object).at(loc.location().cloned())
}

fn plan_table<'a>(
    schema: &Schema,
    table: &'a Table,
    options: &DieselOptions,
    diagnostics: &mut Diagnostics,
) -> Option<TablePlan<'a>> {
    let rust_name = diesel_rust_name(&table.name.name, None);
    let (key, implicit_rowid) = table_key(table, options, diagnostics)?;
    let mut columns = Vec::with_capacity(table.columns.len() + 1);
    let mut used = BTreeSet::new();
    if let Some(alias) = implicit_rowid {
        used.insert(alias.clone());
        columns.push(rowid_column(alias, options));
    }
    for column in &table.columns {
        let column_rust_name = unique_name(diesel_rust_name(&column.name, Some(&rust_name)), &mut used);
        let names = (rust_name.as_str(), column_rust_name);
        if let Some(plan) = plan_column(schema, table, column, &key, names, options, diagnostics).ok()? {
            columns.push(plan);
        }
    }
    if options.column_sorting == ColumnSorting::Name {
        columns.sort_by(|a, b| a.sql_name.cmp(&b.sql_name));
    }
    check_column_count(&table.name, columns.len(), &table.loc, diagnostics);
    let primary_key = key
        .iter()
        .map(|k| columns.iter().find(|c| &c.sql_name == k).map_or_else(|| k.clone(), |c| c.rust_name.clone()))
        .collect();
    Some(TablePlan {
        rust_schema: table.name.schema.as_deref().filter(|s| *s != "public").map(|s| diesel_rust_name(s, None)),
        name: table.name.clone(),
        rust_name,
        primary_key,
        columns,
        comment: table.comment.clone(),
        table: Some(table),
    })
}

/// The key Diesel's `table!` gets, and the rowid alias when that is it (a SQLite table without
/// a key); `None`, with a diagnostic, when the table has none.
fn table_key(
    table: &Table,
    options: &DieselOptions,
    diagnostics: &mut Diagnostics,
) -> Option<(Vec<String>, Option<String>)> {
    let dialect = options.dialect;
    let mut key: Vec<String> = match (&table.primary_key, configured_key(options, &table.name)) {
        (_, Some(cols)) => cols.clone(),
        (Some(pk), None) => pk.columns.clone(),
        (None, None) => Vec::new(),
    };
    let mut implicit_rowid = None;
    if key.is_empty() {
        if dialect == Dialect::Sqlite {
            // Every ordinary SQLite table has a rowid; print-schema keys such tables on it.
            let alias = ["rowid", "oid", "_rowid_"].into_iter().find(|a| table.column(a).is_none());
            if let Some(alias) = alias {
                implicit_rowid = Some(alias.to_string());
                key = vec![alias.to_string()];
            }
        } else if let Some(unique) =
            table.uniques.iter().find(|u| u.columns.iter().all(|c| table.column(c).is_some_and(|c| !c.nullable)))
        {
            diagnostics.push(object_diagnostic(
                Diagnostic::warning(format!(
                    "table `{}` has no primary key; Diesel needs one, so its unique key ({}) is used",
                    table.name,
                    unique.columns.join(", ")
                ))
                .with_help(format!(
                    "to choose another, set [targets.diesel] primary_keys = {{ \"{}\" = [\"col\"] }}",
                    table.name
                )),
                table.name.to_string(),
                &table.loc,
            ));
            key = unique.columns.clone();
        }
    }
    if key.is_empty() {
        diagnostics.push(object_diagnostic(
            Diagnostic::warning(format!(
                "table `{}` has no primary key and is left out: Diesel's `table!` needs one",
                table.name
            ))
            .with_help(format!(
                "name the key columns in codegen.toml: [targets.diesel] primary_keys = {{ \"{}\" = [\"col\"] }}",
                table.name
            )),
            table.name.to_string(),
            &table.loc,
        ));
        return None;
    }
    for k in &key {
        if table.column(k).is_none() && implicit_rowid.as_deref() != Some(k) {
            diagnostics.push(object_diagnostic(
                Diagnostic::error(format!("primary key column `{k}` of `{}` does not exist", table.name)),
                table.name.to_string(),
                &table.loc,
            ));
            return None;
        }
    }
    Some((key, implicit_rowid))
}

/// The column `table!` declares for SQLite's implicit rowid.
fn rowid_column<'a>(alias: String, options: &DieselOptions) -> ColumnPlan<'a> {
    let ty = ColumnSqlType {
        name: SqlTypeName::Diesel(if options.sqlite_integer_primary_key_is_bigint {
            DieselType::BigInt
        } else {
            DieselType::Integer
        }),
        array: false,
        nullable: false,
        unsigned: false,
        max_length: None,
        custom: None,
    };
    ColumnPlan { sql_name: alias.clone(), rust_name: alias, ty, comment: None, column: None, rowid_alias: true }
}

/// A key column without a Diesel type: the whole table is left out.
struct TableLeftOut;

/// One column's plan, or `None` when `table!` leaves it out (with a diagnostic).
fn plan_column<'a>(
    schema: &Schema,
    table: &Table,
    column: &'a codegen_core::Column,
    key: &[String],
    (rust_name, column_rust_name): (&str, String),
    options: &DieselOptions,
    diagnostics: &mut Diagnostics,
) -> Result<Option<ColumnPlan<'a>>, TableLeftOut> {
    let dialect = options.dialect;
    let rowid_alias = dialect == Dialect::Sqlite && is_rowid_alias(table, &column.name);
    let nullable = if dialect == Dialect::Sqlite {
        // As the catalog says, as print-schema reads it: an `INTEGER PRIMARY KEY` without NOT
        // NULL is `Nullable`, though SQLite never stores NULL in it (the option says so).
        column.nullable && !(rowid_alias && options.sqlite_integer_primary_key_not_null)
    } else {
        // PostgreSQL and MySQL make every key column NOT NULL.
        column.nullable && !key.contains(&column.name)
    };
    let facts = ColumnFacts {
        ty: &column.ty,
        declared: sqlite_declared(schema, &column.declared_type),
        nullable,
        sqlite_rowid_as_bigint: options.sqlite_integer_primary_key_is_bigint
            && dialect == Dialect::Sqlite
            && (rowid_alias || references_rowid_alias(schema, table, &column.name)),
        table_rust_name: rust_name,
        column_rust_name: &column_rust_name,
        enum_values: enum_values(schema, &column.ty),
    };
    if matches!(column.ty, ColumnType::Array { .. }) && dialect != Dialect::Postgres {
        diagnostics.push(object_diagnostic(
            Diagnostic::warning(format!(
                "column `{}.{}`: {dialect} has no arrays; it holds JSON text, typed {}",
                table.name,
                column.name,
                if dialect == Dialect::Mysql { "Json" } else { "Text" }
            )),
            format!("{}.{}", table.name, column.name),
            &column.loc,
        ));
    }
    match diesel_type(&facts, dialect) {
        Ok(ty) => Ok(Some(ColumnPlan {
            sql_name: column.name.clone(),
            rust_name: column_rust_name,
            ty,
            comment: column.comment.clone(),
            column: Some(column),
            rowid_alias,
        })),
        // Diesel cannot read such a column at all (its MySQL driver panics on a GEOMETRY),
        // so `table!` leaves it out and the rest of the table stays usable; print-schema
        // stops (SQLite) or writes a type that does not compile (MySQL).
        Err(why) if !key.contains(&column.name) => {
            diagnostics.push(object_diagnostic(
                Diagnostic::warning(format!(
                    "column `{}.{}` of type `{}` is left out of `table!`: {}",
                    table.name, column.name, column.declared_type, why.0
                ))
                .with_help("inserts through Diesel then leave it to its default or NULL"),
                format!("{}.{}", table.name, column.name),
                &column.loc,
            ));
            Ok(None)
        }
        Err(why) => {
            diagnostics.push(object_diagnostic(
                Diagnostic::warning(format!(
                    "table `{}` is left out: its key column `{}` of type `{}` has no Diesel SQL type: {}",
                    table.name, column.name, column.declared_type, why.0
                )),
                table.name.to_string(),
                &column.loc,
            ));
            Err(TableLeftOut)
        }
    }
}

fn plan_view<'a>(
    schema: &Schema,
    view: &'a codegen_core::View,
    options: &DieselOptions,
    diagnostics: &mut Diagnostics,
) -> Option<TablePlan<'a>> {
    let rust_name = diesel_rust_name(&view.name.name, None);
    let key =
        configured_key(options, &view.name).cloned().or_else(|| view.columns.first().map(|c| vec![c.name.clone()]))?;
    let mut used = BTreeSet::new();
    let mut columns = Vec::new();
    for column in &view.columns {
        let facts = ColumnFacts {
            ty: &column.ty,
            declared: sqlite_declared(schema, &column.declared_type),
            nullable: column.nullable,
            sqlite_rowid_as_bigint: false,
            table_rust_name: &rust_name,
            column_rust_name: &column.name,
            enum_values: None,
        };
        match diesel_type(&facts, options.dialect) {
            Ok(ty) => columns.push(ColumnPlan {
                sql_name: column.name.clone(),
                rust_name: unique_name(diesel_rust_name(&column.name, Some(&rust_name)), &mut used),
                ty,
                comment: column.comment.clone(),
                column: Some(column),
                rowid_alias: false,
            }),
            Err(why) => {
                diagnostics.push(object_diagnostic(
                    Diagnostic::warning(format!(
                        "view `{}` is left out: column `{}` has no Diesel SQL type ({})",
                        view.name, column.name, why.0
                    )),
                    view.name.to_string(),
                    &view.loc,
                ));
                return None;
            }
        }
    }
    let primary_key = key
        .iter()
        .filter_map(|k| columns.iter().find(|c| &c.sql_name == k).map(|c| c.rust_name.clone()))
        .collect::<Vec<_>>();
    if primary_key.is_empty() {
        return None;
    }
    Some(TablePlan {
        rust_schema: view.name.schema.as_deref().filter(|s| *s != "public").map(|s| diesel_rust_name(s, None)),
        name: view.name.clone(),
        rust_name,
        primary_key,
        columns,
        comment: view.comment.clone(),
        table: None,
    })
}

fn configured_key<'o>(options: &'o DieselOptions, name: &QualifiedName) -> Option<&'o Vec<String>> {
    options.primary_keys.get(&name.to_string()).or_else(|| options.primary_keys.get(&name.name))
}

/// Two SQL names can map to one Rust name (`a b` and `a_b`): number the later ones.
fn unique_name(name: String, used: &mut BTreeSet<String>) -> String {
    if used.insert(name.clone()) {
        return name;
    }
    let mut i = 2;
    loop {
        let candidate = format!("{name}{i}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        i += 1;
    }
}

/// Diesel supports 32 columns per table by default, more behind a feature.
fn check_column_count(name: &QualifiedName, count: usize, loc: &Loc, diagnostics: &mut Diagnostics) {
    let feature = match count {
        0..=32 => return,
        33..=64 => "64-column-tables",
        65..=128 => "128-column-tables",
        _ => {
            diagnostics.push(object_diagnostic(
                Diagnostic::error(format!("table `{name}` has {count} columns; Diesel supports at most 128")),
                name.to_string(),
                loc,
            ));
            return;
        }
    };
    diagnostics.push(object_diagnostic(
        Diagnostic::warning(format!("table `{name}` has {count} columns: enable diesel's `{feature}` feature")),
        name.to_string(),
        loc,
    ));
}

/// Whether `column` is the table's SQLite rowid alias (the model's one rule for it).
fn is_rowid_alias(table: &Table, column: &str) -> bool {
    table.sqlite_rowid_alias().is_some_and(|c| c.name == column)
}

/// The values of the enum a column's type names, if any.
fn enum_values<'s>(schema: &'s Schema, ty: &ColumnType) -> Option<&'s [String]> {
    let ColumnType::Enum { name } = ty else { return None };
    schema.enums.iter().find(|e| &e.name == name).map(|e| e.values.as_slice())
}

/// For each pair of tables linked by several foreign keys, the one key named by convention
/// after its parent (`account_id` -> `accounts`), when exactly one is: `(child, column)`.
fn conventional_keys<'t>(
    all_tables: &[&'t Table],
    pair_count: &BTreeMap<(&QualifiedName, &QualifiedName), usize>,
) -> BTreeSet<(&'t QualifiedName, &'t str)> {
    let mut by_pair: BTreeMap<(&QualifiedName, &QualifiedName), Vec<(&'t QualifiedName, &'t str)>> = BTreeMap::new();
    for table in all_tables {
        for fk in &table.foreign_keys {
            let pair = if table.name <= fk.referenced_table {
                (&table.name, &fk.referenced_table)
            } else {
                (&fk.referenced_table, &table.name)
            };
            let conventional = format!("{}_id", rust_row_type_name(&fk.referenced_table.name).to_snake_case());
            if pair_count.get(&pair).copied().unwrap_or(0) > 1
                && table.name != fk.referenced_table
                && fk.columns.len() == 1
                && fk.columns[0] == conventional
            {
                by_pair.entry(pair).or_default().push((&table.name, fk.columns[0].as_str()));
            }
        }
    }
    by_pair.into_values().filter(|keys| keys.len() == 1).flatten().collect()
}

fn references_rowid_alias(schema: &Schema, table: &Table, column: &str) -> bool {
    table.foreign_keys.iter().any(|fk| {
        fk.columns.len() == 1
            && fk.columns[0] == column
            && schema
                .table(&fk.referenced_table)
                .is_some_and(|parent| is_rowid_alias(parent, &fk.referenced_columns[0]))
    })
}

/// print-schema's `joinable!` rules: one line per single-column foreign key between two
/// different tables of the output, referencing the parent's single-column key, unless another
/// foreign key links the same two tables (either direction), which would make `joinable!`
/// ambiguous. Where print-schema then drops them all, we keep the one named by convention
/// (`account_id` to `accounts`) when exactly one is, marked for the reader.
fn plan_joinables(all_tables: &[&Table], planned: &[TablePlan<'_>]) -> (Vec<Joinable>, Vec<(Joinable, &'static str)>) {
    let mut pair_count: BTreeMap<(&QualifiedName, &QualifiedName), usize> = BTreeMap::new();
    for table in all_tables {
        for fk in &table.foreign_keys {
            let pair = if table.name <= fk.referenced_table {
                (&table.name, &fk.referenced_table)
            } else {
                (&fk.referenced_table, &table.name)
            };
            *pair_count.entry(pair).or_default() += 1;
        }
    }
    let conventional = conventional_keys(all_tables, &pair_count);
    let find = |name: &QualifiedName| planned.iter().find(|t| &t.name == name && t.table.is_some());
    let mut joinables = Vec::new();
    let mut unjoinable = Vec::new();
    for child in planned {
        let Some(table) = child.table else { continue };
        for fk in &table.foreign_keys {
            let Some(parent) = find(&fk.referenced_table) else { continue };
            let column = |sql: &str| child.column_by_sql(sql).map_or_else(|| sql.to_string(), |c| c.rust_name.clone());
            let joinable = Joinable {
                child_sql: child.name.name.clone(),
                parent_sql: parent.name.name.clone(),
                column_sql: fk.columns.join(", "),
                child: child.rust_name.clone(),
                parent: parent.rust_name.clone(),
                column: fk.columns.iter().map(|c| column(c)).collect::<Vec<_>>().join(", "),
                beyond_print_schema: false,
            };
            if table.name == fk.referenced_table {
                unjoinable
                    .push((joinable, "a table cannot join itself; use `diesel::alias!` (the model has belongs_to)"));
                continue;
            }
            let parent_key = parent.table.and_then(|t| t.primary_key.as_ref()).map(|pk| &pk.columns);
            let pair = if table.name <= fk.referenced_table {
                (&table.name, &fk.referenced_table)
            } else {
                (&fk.referenced_table, &table.name)
            };
            let child_key = fk.columns.first().and_then(|c| child.column_by_sql(c));
            let parent_key_column = fk.referenced_columns.first().and_then(|c| parent.column_by_sql(c));
            let types_differ = match (child_key, parent_key_column) {
                (Some(a), Some(b)) => !a.ty.same_sql_type(&b.ty),
                _ => false,
            };
            if fk.columns.len() != 1 {
                unjoinable.push((joinable, "a composite foreign key; join with `.on(..)`"));
            } else if types_differ {
                unjoinable.push((
                    joinable,
                    "the key's SQL type differs from the parent key's; join with `.on(..)` and a cast",
                ));
            } else if parent_key.is_none_or(|k| k.len() != 1 || fk.referenced_columns.first() != k.first()) {
                unjoinable.push((
                    joinable,
                    "it does not reference the parent's single-column primary key; join with `.on(..)`",
                ));
            } else if pair_count.get(&pair).copied().unwrap_or(0) > 1 {
                if conventional.contains(&(&table.name, fk.columns[0].as_str())) {
                    joinables.push(Joinable { beyond_print_schema: true, ..joinable });
                } else {
                    unjoinable
                        .push((joinable, "several foreign keys link these tables; the model has belongs_to or a note"));
                }
            } else {
                joinables.push(joinable);
            }
        }
    }
    joinables.sort();
    joinables.dedup();
    unjoinable.sort();
    (joinables, unjoinable)
}

/// A declared type the SQLite rules may read: only one written for SQLite.
fn sqlite_declared<'a>(schema: &Schema, declared: &'a str) -> Option<&'a str> {
    (schema.dialect == Some(Dialect::Sqlite)).then_some(declared)
}

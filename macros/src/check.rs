//! Validation: a struct against its table, an enum against its database enum. Every problem is
//! recorded in the [`Ctxt`] at the span of what must change; nothing stops at the first.

use std::collections::BTreeMap;
use std::path::Path;

use codegen_core::Dialect;
use codegen_core::model::{Column, ColumnType, EnumType, QualifiedName, Schema, Table};
use codegen_core::orm::diesel;
use heck::ToSnakeCase;
use proc_macro2::Span;

use crate::attr::{FieldAttrs, Spanned, StructAttrs, VariantAttrs};
use crate::ctxt::Ctxt;
use crate::mapping::{Expect, Orm, expect, fits, is_known_scalar, suggest};
use crate::message::{at, describe_column, suggestion};
use crate::rust_type::{Shape, shape_of, text};

/// One named field and what its attributes say.
pub struct Field<'a> {
    pub ident: &'a syn::Ident,
    pub ty: &'a syn::Type,
    pub attrs: FieldAttrs,
}

impl Field<'_> {
    /// The column this field maps to: a rename, or the field's own name (raw `r#` dropped).
    pub fn column_name(&self) -> String {
        match &self.attrs.column {
            Some(c) => c.value.clone(),
            None => self.ident.to_string().trim_start_matches("r#").to_string(),
        }
    }

    fn column_span(&self) -> Span {
        self.attrs.column.as_ref().map_or(self.ident.span(), |c| c.span)
    }
}

/// A field whose column is a database enum and whose type is a Rust enum: expansion asserts at
/// compile time that the Rust enum was checked against the same database enum.
pub struct EnumLink {
    pub ty: syn::Type,
    pub db_enum: String,
    pub column: String,
}

/// A field whose Rust type the derive cannot read (an alias, a newtype): expansion leaves the
/// check to rustc with a trait bound spanned at the field, as diesel's `check_for_backend` does.
pub struct TypeBound {
    /// The field's type, without the `Option` of a nullable column.
    pub ty: syn::Type,
    pub bound: Bound,
}

/// The trait a field's type must implement to be read from its column.
pub enum Bound {
    /// `FromSql<sql_type, backend>`, both as paths.
    Diesel { sql_type: String, backend: &'static str },
    /// `sea_orm::TryGetable` and `sea_orm::sea_query::ValueType`.
    SeaOrm,
}

/// What the checks leave to expansion.
#[derive(Default)]
pub struct Checked {
    pub links: Vec<EnumLink>,
    pub bounds: Vec<TypeBound>,
}

/// What the checks need besides the struct itself.
pub struct Env<'a> {
    pub schema: &'a Schema,
    pub orm: Orm,
    /// The dialect of the database the ORM reads from: it names Diesel's backend.
    pub dialect: Dialect,
    pub base: &'a Path,
}

fn table_name(text: &str) -> QualifiedName {
    match text.split_once('.') {
        Some((schema, name)) => QualifiedName::qualified(Some(schema.to_string()), name),
        None => QualifiedName::new(text),
    }
}

/// The table named `text`; an unqualified name also finds a table in another namespace when
/// exactly one has that name.
pub fn find_table<'s>(schema: &'s Schema, text: &str) -> Option<&'s Table> {
    let name = table_name(text);
    schema.table(&name).or_else(|| {
        let mut same = schema.tables.iter().filter(|t| name.schema.is_none() && t.name.name == name.name);
        match (same.next(), same.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        }
    })
}

/// Check a struct against its table. Returns the enum links and trait bounds for expansion.
pub fn check_struct(cx: &mut Ctxt, env: &Env, ident: &syn::Ident, attrs: &StructAttrs, fields: &[Field]) -> Checked {
    let Some(table_attr) = &attrs.table else {
        if attrs.malformed {
            return Checked::default();
        }
        cx.error_spanned_by(
            ident,
            format!(
                "`{ident}` does not say which table it is checked against\n  = help: add #[schema(table = \"{}\")] (or diesel's #[diesel(table_name = ...)], SeaORM's #[sea_orm(table_name = \"...\")])",
                ident.to_string().to_snake_case()
            ),
        );
        return Checked::default();
    };
    let Some(table) = find_table(env.schema, &table_attr.value) else {
        cx.error_at(
            table_attr.span,
            format!(
                "the schema has no table `{}`\n  = help: {}",
                table_attr.value,
                suggestion(&table_attr.value, "table", env.schema.tables.iter().map(|t| t.name.name.as_str()))
            ),
        );
        return Checked::default();
    };
    let mut checked = Checked::default();
    let mut mapped: BTreeMap<String, &Field> = BTreeMap::new();
    for field in fields.iter().filter(|f| !f.attrs.skip) {
        let name = field.column_name();
        let Some(column) = table.column(&name) else {
            cx.error_at(
                field.column_span(),
                format!(
                    "table `{}`{} has no column `{name}`\n  = help: {}\n  = help: if the field is named differently from its column, name the column with #[schema(column = \"...\")]; if it is no column, mark it #[schema(skip)]",
                    table.name,
                    at(&table.loc, env.base),
                    suggestion(&name, "column", table.columns.iter().map(|c| c.name.as_str()))
                ),
            );
            continue;
        };
        if let Some(first) = mapped.get(&name) {
            cx.error_at(
                field.column_span(),
                format!(
                    "fields `{}` and `{}` both map to column `{}.{name}`\n  = help: rename one with #[schema(column = \"...\")] or mark it #[schema(skip)]",
                    first.ident, field.ident, table.name
                ),
            );
            continue;
        }
        mapped.insert(name.clone(), field);
        check_field(cx, env, attrs, table, column, field, &mut checked);
    }
    if let Some(span) = attrs.all_columns {
        let missing: Vec<&Column> = table.columns.iter().filter(|c| !mapped.contains_key(&c.name)).collect();
        if !missing.is_empty() {
            cx.error_at(
                span,
                format!(
                    "`{ident}` is marked all_columns but has no field for {} of `{}`:{}\n  = help: add the field(s), or drop `all_columns` if the struct reads only some columns",
                    plural(missing.len(), "column"),
                    table.name,
                    list_columns(&missing, env.base)
                ),
            );
        }
    }
    if let Some(span) = attrs.insertable {
        let missing: Vec<&Column> = table
            .columns
            .iter()
            .filter(|c| !c.nullable && !c.has_database_default() && !mapped.contains_key(&c.name))
            .collect();
        if !missing.is_empty() {
            cx.error_at(
                span,
                format!(
                    "an insert from `{ident}` into `{}` would fail: {} NOT NULL, without a default, and not in the struct:{}\n  = help: add a field for each",
                    table.name,
                    if missing.len() == 1 { "this column is" } else { "these columns are" },
                    list_columns(&missing, env.base)
                ),
            );
        }
        for (name, field) in &mapped {
            if let Some(column) = table.column(name)
                && column.generated.is_some()
            {
                cx.error_at(
                    field.column_span(),
                    format!(
                        "column `{}.{name}` is generated{}: the database computes it, and an insert that names it fails\n  = help: mark the field #[schema(skip)] (and skip it in the ORM's insert too)",
                        table.name,
                        at(&column.loc, env.base)
                    ),
                );
            }
        }
    }
    checked
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

fn list_columns(columns: &[&Column], base: &Path) -> String {
    columns.iter().map(|c| format!("\n          {}{}", describe_column(c), at(&c.loc, base))).collect()
}

fn check_field(
    cx: &mut Ctxt,
    env: &Env,
    attrs: &StructAttrs,
    table: &Table,
    column: &Column,
    field: &Field,
    checked: &mut Checked,
) {
    let shape = shape_of(field.ty);
    let written = text(field.ty);
    let db_enum = column.ty.enum_name().and_then(|n| env.schema.enum_type(n));
    let rust_enum = db_enum.map(|e| rust_enum_name(&e.name.name));
    let expected = suggest(env.orm, &column.ty, column.nullable, rust_enum.as_deref());
    let schema_says = format!(
        "the schema says `{}`{}, which {} reads as `{expected}`",
        describe_column(column),
        at(&column.loc, env.base),
        env.orm.name()
    );
    let object = format!("{}.{}", table.name, column.name);
    let mut type_fits = field.attrs.unchecked_type || fits(env.orm, &column.ty, shape.non_null());
    if !type_fits
        && db_enum.is_none()
        && let Shape::Scalar(name) = shape.non_null()
        && !is_known_scalar(name)
        && let Some(bound) = bound(env, &column.ty)
    {
        // An alias or a newtype: rustc checks that it reads the column.
        checked.bounds.push(TypeBound { ty: non_null_type(&shape, field.ty), bound });
        type_fits = true;
    }
    if !type_fits {
        let mut message = format!(
            "`{}: {written}` does not fit column `{object}`\n  = note: {schema_says}\n  = help: change the field's type to `{expected}`",
            field.ident
        );
        if let Some(db_enum) = db_enum {
            message.push_str(&format!(
                ", a Rust enum with #[derive(CheckSchema)] and #[schema(enum = \"{}\")]",
                db_enum.name
            ));
        } else if let Shape::Scalar(name) = shape.non_null()
            && !is_known_scalar(name)
        {
            message.push_str(&format!(
                "\n  = note: the derive reads types as written; if `{name}` is an alias or a newtype of `{expected}`, mark the field #[schema(unchecked_type)]"
            ));
        }
        cx.error_spanned_by(field.ty, message);
        return;
    }
    if column.nullable && !shape.is_option() && attrs.insertable.is_none() {
        cx.error_spanned_by(
            field.ty,
            format!(
                "column `{object}` is nullable, but `{}: {written}` cannot hold NULL\n  = note: {schema_says}\n  = help: change the field's type to `Option<{written}>`",
                field.ident
            ),
        );
    }
    let default_fills_none = attrs.insertable.is_some() && column.has_database_default();
    if !column.nullable && shape.is_option() && !field.attrs.allow_option && !default_fills_none {
        let inner = match field.ty {
            syn::Type::Path(p) => option_inner(p).map(|t| text(&t)),
            _ => None,
        };
        cx.error_spanned_by(
            field.ty,
            format!(
                "column `{object}` is NOT NULL, so `{}: {written}` is never None when read, and None cannot be written\n  = note: {schema_says}\n  = help: change the field's type to `{}`, or add #[schema(allow_option)] if None is meaningful to the application",
                field.ident,
                inner.unwrap_or_else(|| expected.clone())
            ),
        );
    }
    if let (Some(db_enum), Shape::Scalar(name)) = (db_enum, shape.non_null())
        && name != "String"
        && !field.attrs.unchecked_type
    {
        let ty = non_null_type(&shape, field.ty);
        checked.links.push(EnumLink { ty, db_enum: db_enum.name.to_string(), column: object });
    }
}

/// The field's type without the `Option` of a nullable column.
fn non_null_type(shape: &Shape, ty: &syn::Type) -> syn::Type {
    match (shape, ty) {
        (Shape::Option(_), syn::Type::Path(p)) => option_inner(p).unwrap_or_else(|| ty.clone()),
        _ => ty.clone(),
    }
}

/// The trait bound that checks a type the derive cannot read against a column of type `ty`:
/// the ORM's own impls decide. `None` where the ORM has no type for the column.
fn bound(env: &Env, ty: &ColumnType) -> Option<Bound> {
    if !matches!(expect(env.orm, ty), Expect::Types(_)) {
        return None;
    }
    Some(match env.orm {
        Orm::Diesel => {
            let sql_type = diesel::for_dialect(ty, env.dialect)?.path();
            let unsigned = env.dialect == Dialect::Mysql && diesel::mysql_unsigned(ty);
            let sql_type = if unsigned { format!("diesel::sql_types::Unsigned<{sql_type}>") } else { sql_type };
            let backend = match env.dialect {
                Dialect::Postgres => "diesel::pg::Pg",
                Dialect::Mysql => "diesel::mysql::Mysql",
                Dialect::Sqlite => "diesel::sqlite::Sqlite",
            };
            Bound::Diesel { sql_type, backend }
        }
        Orm::SeaOrm => Bound::SeaOrm,
    })
}

fn option_inner(p: &syn::TypePath) -> Option<syn::Type> {
    match &p.path.segments.last()?.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t.clone()),
            _ => None,
        }),
        _ => None,
    }
}

/// The Rust name codegen's backends give a database enum, for suggestions.
fn rust_enum_name(sql_name: &str) -> String {
    codegen_core::naming::rust_type_name(sql_name)
}

/// One enum variant and what its attributes say.
pub struct Variant<'a> {
    pub ident: &'a syn::Ident,
    pub attrs: VariantAttrs,
}

impl Variant<'_> {
    /// The database value: a rename, or the variant's name in snake_case, as SeaORM and
    /// diesel-derive-enum spell values by default.
    pub fn value(&self) -> (String, Span) {
        match &self.attrs.rename {
            Some(r) => (r.value.clone(), r.span),
            None => (self.ident.to_string().to_snake_case(), self.ident.span()),
        }
    }
}

/// The database enum named `name`.
fn find_enum<'s>(schema: &'s Schema, text: &str) -> Option<&'s EnumType> {
    let name = table_name(text);
    schema.enum_type(&name).or_else(|| schema.enums.iter().find(|e| name.schema.is_none() && e.name.name == name.name))
}

/// Check a Rust enum's variants against the database enum's values, both ways.
pub fn check_enum(cx: &mut Ctxt, env: &Env, ident: &syn::Ident, name: &Spanned<String>, variants: &[Variant]) {
    let Some(db_enum) = find_enum(env.schema, &name.value) else {
        cx.error_at(
            name.span,
            format!(
                "the schema has no enum `{}`\n  = help: {}",
                name.value,
                suggestion(&name.value, "enum", env.schema.enums.iter().map(|e| e.name.name.as_str()))
            ),
        );
        return;
    };
    let values: Vec<(String, Span)> = variants.iter().map(Variant::value).collect();
    for (value, span) in &values {
        if !db_enum.values.contains(value) {
            cx.error_at(
                *span,
                format!(
                    "database enum `{}`{} has no value '{value}'; its values are {}\n  = help: {}\n  = help: a variant named differently from its value takes #[schema(rename = \"...\")]",
                    db_enum.name,
                    at(&db_enum.loc, env.base),
                    quoted(&db_enum.values),
                    suggestion(value, "value", db_enum.values.iter().map(String::as_str))
                ),
            );
        }
    }
    let missing: Vec<String> =
        db_enum.values.iter().filter(|v| !values.iter().any(|(w, _)| w == *v)).cloned().collect();
    if !missing.is_empty() {
        cx.error_spanned_by(
            ident,
            format!(
                "`{ident}` has no variant for {} of database enum `{}`{}: {}\n  = help: add a variant for each, so that reading a row with it does not fail at run time",
                if missing.len() == 1 { "the value" } else { "the values" },
                db_enum.name,
                at(&db_enum.loc, env.base),
                quoted(&missing)
            ),
        );
    }
}

fn quoted(values: &[String]) -> String {
    values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")
}

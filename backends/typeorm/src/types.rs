//! Neutral column types as TypeORM column types (the first argument of `@Column`) with their
//! options, and the TypeScript type of the property, one mapping per dialect. The property types
//! are what the drivers return: `pg` gives `bigint` and `numeric` as strings, `date` as a string
//! and timestamps as `Date`s.

use codegen_core::{ColumnType, Diagnostic, Dialect, EnumType, IntWidth, LobSize};
use codegen_typescript::string;

/// A column's type for TypeORM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeOrmType {
    /// `"character varying"`, `"enum"`, `"bigint"`.
    pub column_type: String,
    /// Options beside the type (`length: 200`, `enum: [...]`, `array: true`).
    pub options: Vec<String>,
    /// The property's TypeScript type, without `| null`.
    pub ts: String,
    /// What the mapping had to change, when anything.
    pub issue: Option<Diagnostic>,
}

fn t(column_type: &str, ts: &str) -> TypeOrmType {
    TypeOrmType { column_type: column_type.into(), options: Vec::new(), ts: ts.into(), issue: None }
}

impl TypeOrmType {
    fn with(mut self, option: impl Into<String>) -> Self {
        self.options.push(option.into());
        self
    }

    fn maybe(self, key: &str, value: Option<u32>) -> Self {
        match value {
            Some(v) => self.with(format!("{key}: {v}")),
            None => self,
        }
    }
}

/// `ty` for TypeORM's driver of `dialect`; enums resolve through `enums`.
pub fn typeorm_type(ty: &ColumnType, dialect: Dialect, enums: &[EnumType]) -> TypeOrmType {
    match dialect {
        Dialect::Postgres => postgres(ty, enums),
        Dialect::Mysql => mysql(ty, enums),
        Dialect::Sqlite => sqlite(ty, enums),
    }
}

/// The values of an enum as a TypeScript union and as a TypeORM `enum` option.
fn enum_parts(e: &EnumType) -> (String, String) {
    let values: Vec<String> = e.values.iter().map(|v| string(v)).collect();
    let union = if values.is_empty() { "string".to_string() } else { values.join(" | ") };
    (union, format!("enum: [{}]", values.join(", ")))
}

fn enum_of<'e>(enums: &'e [EnumType], name: &codegen_core::QualifiedName) -> Option<&'e EnumType> {
    enums.iter().find(|e| &e.name == name)
}

fn postgres(ty: &ColumnType, enums: &[EnumType]) -> TypeOrmType {
    use ColumnType as T;
    // The SQL backend widens unsigned integers, PostgreSQL having none; the entity follows it.
    let sql = codegen_sql::render_type(ty, Dialect::Postgres, &[]);
    let issue = sql.issue.clone();
    let mut out = match ty {
        T::Integer { width, unsigned } => match (width, unsigned) {
            (IntWidth::Tiny, _) | (IntWidth::Small, false) => t("smallint", "number"),
            (IntWidth::Small | IntWidth::Medium, true) | (IntWidth::Medium | IntWidth::Int, false) => {
                t("integer", "number")
            }
            (IntWidth::Int, true) | (IntWidth::Big, false) => t("bigint", "string"),
            (IntWidth::Big, true) => t("numeric", "string").with("precision: 20"),
        },
        T::Decimal { precision, scale } => {
            t("numeric", "string").maybe("precision", *precision).maybe("scale", precision.and(*scale))
        }
        T::Real => t("real", "number"),
        T::Double => t("double precision", "number"),
        T::Bool => t("boolean", "boolean"),
        T::Text { .. } => t("text", "string"),
        T::Varchar { length, .. } => t("character varying", "string").maybe("length", *length),
        T::Char { length, .. } => t("character", "string").maybe("length", *length),
        T::Bytes { .. } | T::Binary { .. } => t("bytea", "Buffer"),
        T::Bit { length, varying: false } => t("bit", "string").maybe("length", *length),
        T::Bit { length, varying: true } => t("bit varying", "string").maybe("length", *length),
        T::Year => t("smallint", "number"),
        T::Set { .. } => t("text", "string[]").with("array: true"),
        T::Date => t("date", "string"),
        T::Time { precision } => t("time without time zone", "string").maybe("precision", *precision),
        T::Timestamp { precision, .. } => t("timestamp without time zone", "Date").maybe("precision", *precision),
        T::TimestampTz { precision } => t("timestamp with time zone", "Date").maybe("precision", *precision),
        T::Interval => t("interval", "string"),
        T::Uuid => t("uuid", "string"),
        T::Json => t("json", "unknown"),
        T::Jsonb => t("jsonb", "unknown"),
        T::Enum { name } => match enum_of(enums, name) {
            Some(e) => {
                let (union, values) = enum_parts(e);
                let enum_name = match &e.name.schema {
                    Some(schema) if schema != "public" => format!("{schema}.{}", e.name.name),
                    _ => e.name.name.clone(),
                };
                t("enum", &union).with(values).with(format!("enumName: {}", string(&enum_name)))
            }
            None => t("text", "string"),
        },
        T::Array { element } => {
            let inner = postgres(element, enums);
            if matches!(**element, T::Array { .. }) {
                return unsupported(&sql.sql, "TypeORM has no multi-dimensional arrays");
            }
            let ts = if inner.ts.contains('|') { format!("({})[]", inner.ts) } else { format!("{}[]", inner.ts) };
            TypeOrmType { ts, ..inner.with("array: true") }
        }
        T::Other { raw } => other(raw, POSTGRES_TYPES),
    };
    if out.issue.is_none() {
        out.issue = issue;
    }
    out
}

fn mysql(ty: &ColumnType, enums: &[EnumType]) -> TypeOrmType {
    use ColumnType as T;
    let unsigned = |t: TypeOrmType, u: bool| if u { t.with("unsigned: true") } else { t };
    let sql = codegen_sql::render_type(ty, Dialect::Mysql, enums);
    let mut out = match ty {
        T::Integer { width, unsigned: u } => {
            let (name, ts) = match width {
                IntWidth::Tiny => ("tinyint", "number"),
                IntWidth::Small => ("smallint", "number"),
                IntWidth::Medium => ("mediumint", "number"),
                IntWidth::Int => ("int", "number"),
                IntWidth::Big => ("bigint", "string"),
            };
            unsigned(t(name, ts), *u)
        }
        T::Decimal { precision: None, .. } => t("decimal", "string").with("precision: 65").with("scale: 30"),
        T::Decimal { precision, scale } => t("decimal", "string").maybe("precision", *precision).maybe("scale", *scale),
        T::Real => t("float", "number"),
        T::Double => t("double", "number"),
        T::Bool => t("boolean", "boolean"),
        T::Text { size } => t(&format!("{}text", lob(*size)), "string"),
        T::Varchar { length, .. } => t("varchar", "string").with(format!("length: {}", length.unwrap_or(255))),
        T::Char { length, .. } => t("char", "string").maybe("length", *length),
        T::Bytes { size } => t(&format!("{}blob", lob(*size)), "Buffer"),
        T::Binary { length, varying: false } => t("binary", "Buffer").maybe("length", *length),
        T::Binary { length, varying: true } => {
            t("varbinary", "Buffer").with(format!("length: {}", length.unwrap_or(255)))
        }
        T::Bit { length, .. } => t("bit", "Buffer").maybe("length", *length),
        T::Year => t("year", "number"),
        T::Set { values } => {
            let values: Vec<String> = values.iter().map(|v| string(v)).collect();
            t("set", &format!("({})[]", if values.is_empty() { "string".into() } else { values.join(" | ") }))
                .with(format!("enum: [{}]", values.join(", ")))
        }
        T::Date => t("date", "string"),
        T::Time { precision } => t("time", "string").maybe("precision", precision.map(|p| p.min(6))),
        T::Timestamp { precision, .. } => t("datetime", "Date").maybe("precision", precision.map(|p| p.min(6))),
        T::TimestampTz { precision } => t("timestamp", "Date").maybe("precision", precision.map(|p| p.min(6))),
        T::Interval => t("varchar", "string").with("length: 255"),
        T::Uuid => t("char", "string").with("length: 36"),
        T::Json | T::Jsonb | T::Array { .. } => t("json", "unknown"),
        T::Enum { name } => match enum_of(enums, name) {
            Some(e) => {
                let (union, values) = enum_parts(e);
                t("enum", &union).with(values)
            }
            None => t("text", "string"),
        },
        T::Other { raw } => other(raw, MYSQL_TYPES),
    };
    if out.issue.is_none() {
        out.issue = sql.issue;
    }
    out
}

fn lob(size: Option<LobSize>) -> &'static str {
    size.map_or("", |s| match s {
        LobSize::Tiny => "tiny",
        LobSize::Medium => "medium",
        LobSize::Long => "long",
    })
}

/// SQLite keeps any declared type; TypeORM accepts a fixed list, so each type takes the listed
/// one of the same storage class.
fn sqlite(ty: &ColumnType, enums: &[EnumType]) -> TypeOrmType {
    use ColumnType as T;
    match ty {
        T::Integer { width: IntWidth::Big, .. } => t("bigint", "number"),
        T::Integer { width: IntWidth::Tiny, .. } => t("tinyint", "number"),
        T::Integer { width: IntWidth::Small, .. } => t("smallint", "number"),
        T::Integer { width: IntWidth::Medium, .. } => t("mediumint", "number"),
        T::Integer { .. } | T::Year | T::Bit { .. } => t("integer", "number"),
        T::Decimal { precision, scale } => {
            t("decimal", "number").maybe("precision", *precision).maybe("scale", precision.and(*scale))
        }
        T::Real => t("real", "number"),
        T::Double => t("double", "number"),
        T::Bool => t("boolean", "boolean"),
        T::Varchar { length, .. } => t("varchar", "string").maybe("length", *length),
        T::Char { length, .. } => t("character", "string").maybe("length", *length),
        T::Text { .. } | T::Uuid | T::Interval | T::Set { .. } => t("text", "string"),
        T::Bytes { .. } | T::Binary { .. } => t("blob", "Buffer"),
        T::Date => t("date", "string"),
        T::Time { .. } => t("time", "string"),
        T::Timestamp { .. } | T::TimestampTz { .. } => t("datetime", "Date"),
        T::Json => t("json", "unknown"),
        T::Jsonb => t("jsonb", "unknown"),
        T::Array { .. } => t("json", "unknown"),
        T::Enum { name } => match enum_of(enums, name) {
            Some(e) => {
                let (union, values) = enum_parts(e);
                t("simple-enum", &union).with(values)
            }
            None => t("text", "string"),
        },
        T::Other { raw } => other(raw, SQLITE_TYPES),
    }
}

const POSTGRES_TYPES: &[&str] = &[
    "int",
    "int2",
    "int4",
    "int8",
    "smallint",
    "integer",
    "bigint",
    "decimal",
    "numeric",
    "real",
    "float",
    "float4",
    "float8",
    "double precision",
    "money",
    "character varying",
    "varchar",
    "character",
    "char",
    "text",
    "citext",
    "hstore",
    "bytea",
    "bit",
    "varbit",
    "bit varying",
    "timetz",
    "timestamptz",
    "timestamp",
    "timestamp without time zone",
    "timestamp with time zone",
    "date",
    "time",
    "time without time zone",
    "time with time zone",
    "interval",
    "bool",
    "boolean",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "cidr",
    "inet",
    "macaddr",
    "macaddr8",
    "tsvector",
    "tsquery",
    "uuid",
    "xml",
    "json",
    "jsonb",
    "jsonpath",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
    "int4multirange",
    "int8multirange",
    "nummultirange",
    "tsmultirange",
    "tstzmultirange",
    "datemultirange",
    "geometry",
    "geography",
    "cube",
    "ltree",
    "vector",
    "halfvec",
];

const MYSQL_TYPES: &[&str] = &[
    "bit",
    "int",
    "integer",
    "tinyint",
    "smallint",
    "mediumint",
    "bigint",
    "float",
    "double",
    "double precision",
    "real",
    "decimal",
    "dec",
    "numeric",
    "fixed",
    "bool",
    "boolean",
    "date",
    "datetime",
    "timestamp",
    "time",
    "year",
    "char",
    "nchar",
    "national char",
    "varchar",
    "nvarchar",
    "national varchar",
    "blob",
    "text",
    "tinyblob",
    "tinytext",
    "mediumblob",
    "mediumtext",
    "longblob",
    "longtext",
    "enum",
    "set",
    "binary",
    "varbinary",
    "json",
    "geometry",
    "point",
    "linestring",
    "polygon",
    "multipoint",
    "multilinestring",
    "multipolygon",
    "geometrycollection",
    "vector",
    "uuid",
    "inet4",
    "inet6",
];

const SQLITE_TYPES: &[&str] = &[
    "int",
    "integer",
    "tinyint",
    "smallint",
    "mediumint",
    "bigint",
    "unsigned big int",
    "int2",
    "int8",
    "character",
    "varchar",
    "varying character",
    "nchar",
    "native character",
    "nvarchar",
    "text",
    "clob",
    "blob",
    "real",
    "double",
    "double precision",
    "float",
    "numeric",
    "decimal",
    "boolean",
    "date",
    "time",
    "datetime",
    "json",
    "jsonb",
];

/// A type the model kept verbatim: as written when TypeORM's driver lists it, else text.
fn other(raw: &str, supported: &[&str]) -> TypeOrmType {
    let base = raw.split('(').next().unwrap_or(raw).trim().to_ascii_lowercase();
    if supported.contains(&base.as_str()) {
        return t(&base, "string");
    }
    unsupported(raw, &format!("TypeORM's driver does not know the type `{raw}`"))
}

fn unsupported(sql: &str, why: &str) -> TypeOrmType {
    TypeOrmType {
        issue: Some(Diagnostic::warning(format!(
            "{why}: the property is declared as `text` (the database column is `{sql}`)"
        ))),
        ..t("text", "string")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_follow_the_drivers() {
        let v = typeorm_type(&ColumnType::varchar(Some(200)), Dialect::Postgres, &[]);
        assert_eq!(
            (v.column_type.as_str(), v.options.as_slice(), v.ts.as_str()),
            ("character varying", ["length: 200".to_string()].as_slice(), "string")
        );
        let big = typeorm_type(&ColumnType::Integer { width: IntWidth::Big, unsigned: false }, Dialect::Postgres, &[]);
        assert_eq!(big.ts, "string", "pg returns int8 as a string");
        let arr = typeorm_type(&ColumnType::Array { element: Box::new(ColumnType::TEXT) }, Dialect::Postgres, &[]);
        assert_eq!((arr.ts.as_str(), arr.options.as_slice()), ("string[]", ["array: true".to_string()].as_slice()));
        assert!(typeorm_type(&ColumnType::Other { raw: "tsvector".into() }, Dialect::Postgres, &[]).issue.is_none());
        assert!(typeorm_type(&ColumnType::Other { raw: "my_domain".into() }, Dialect::Postgres, &[]).issue.is_some());
    }
}

//! Neutral column types as Prisma scalar types and native type attributes, per provider.
//!
//! Native types (`@db.X`) are written where they differ from what Prisma would choose for the
//! scalar alone, the way `prisma db pull` writes them; SQLite has none.

use codegen_core::{ColumnType, Dialect, IntWidth};

/// A column's type in a Prisma schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrismaType {
    /// `Int`, `String`, an enum's name, or `Unsupported("...")`.
    pub scalar: String,
    /// `@db.VarChar(255)`, when one is needed.
    pub native: Option<String>,
    /// A PostgreSQL array: `Int[]`.
    pub list: bool,
}

impl PrismaType {
    fn plain(scalar: &str) -> Self {
        Self { scalar: scalar.into(), native: None, list: false }
    }

    fn native(scalar: &str, native: impl Into<String>) -> Self {
        Self { scalar: scalar.into(), native: Some(format!("@db.{}", native.into())), list: false }
    }

    /// `Unsupported("...")`: a type Prisma cannot type, kept for migrations. `db pull` spells it
    /// as the database's catalog does, in lower case; a name in mixed case (a user's type) is kept.
    pub fn unsupported(declared: &str) -> Self {
        let spelled = if declared.chars().any(|c| c.is_ascii_lowercase()) {
            declared.to_string()
        } else {
            declared.to_ascii_lowercase()
        };
        Self::plain(&format!("Unsupported({})", crate::layout::quote(&spelled)))
    }

    pub fn is_unsupported(&self) -> bool {
        self.scalar.starts_with("Unsupported(")
    }
}

/// `ty` for `dialect`; `enum_name` resolves enum references to their Prisma names.
pub fn prisma_type(
    ty: &ColumnType,
    declared: &str,
    dialect: Dialect,
    enum_name: &dyn Fn(&codegen_core::QualifiedName) -> Option<String>,
) -> PrismaType {
    if let ColumnType::Enum { name } = ty {
        return match enum_name(name) {
            Some(name) => PrismaType::plain(&name),
            None => PrismaType::unsupported(declared),
        };
    }
    match dialect {
        Dialect::Postgres => postgres(ty, declared, enum_name),
        Dialect::Mysql => mysql(ty, declared),
        Dialect::Sqlite => sqlite(ty, declared),
    }
}

fn sized(name: &str, a: Option<u32>, b: Option<u32>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{name}({a}, {b})"),
        (Some(a), None) => format!("{name}({a})"),
        _ => name.to_string(),
    }
}

fn postgres(
    ty: &ColumnType,
    declared: &str,
    enum_name: &dyn Fn(&codegen_core::QualifiedName) -> Option<String>,
) -> PrismaType {
    use ColumnType as T;
    match ty {
        T::Integer { width: IntWidth::Tiny | IntWidth::Small, .. } => PrismaType::native("Int", "SmallInt"),
        T::Integer { width: IntWidth::Medium | IntWidth::Int, .. } => PrismaType::plain("Int"),
        T::Integer { width: IntWidth::Big, .. } => PrismaType::plain("BigInt"),
        // numeric(65, 30) is what Prisma's `Decimal` means without a native type.
        T::Decimal { precision: Some(65), scale: Some(30) } => PrismaType::plain("Decimal"),
        T::Decimal { precision, scale } => PrismaType::native("Decimal", sized("Decimal", *precision, *scale)),
        T::Real => PrismaType::native("Float", "Real"),
        T::Double => PrismaType::plain("Float"),
        T::Bool => PrismaType::plain("Boolean"),
        T::Text { .. } => PrismaType::plain("String"),
        T::Varchar { length, .. } => PrismaType::native("String", sized("VarChar", *length, None)),
        T::Char { length, .. } => PrismaType::native("String", sized("Char", *length, None)),
        T::Bytes { .. } | T::Binary { .. } => PrismaType::plain("Bytes"),
        T::Bit { length, varying: false } => PrismaType::native("String", sized("Bit", *length, None)),
        T::Bit { length, varying: true } => PrismaType::native("String", sized("VarBit", *length, None)),
        T::Date => PrismaType::native("DateTime", "Date"),
        // PostgreSQL's default precision is 6, which `db pull` spells out.
        T::Time { precision } => PrismaType::native("DateTime", format!("Time({})", precision.unwrap_or(6))),
        // timestamp(3) is what Prisma's `DateTime` means without a native type.
        T::Timestamp { precision: Some(3), .. } => PrismaType::plain("DateTime"),
        T::Timestamp { precision, .. } => {
            PrismaType::native("DateTime", format!("Timestamp({})", precision.unwrap_or(6)))
        }
        T::TimestampTz { precision } => {
            PrismaType::native("DateTime", format!("Timestamptz({})", precision.unwrap_or(6)))
        }
        T::Uuid => PrismaType::native("String", "Uuid"),
        T::Json => PrismaType::native("Json", "Json"),
        T::Jsonb => PrismaType::plain("Json"),
        T::Array { element } => {
            let inner = prisma_type(element, declared.trim_end_matches("[]"), Dialect::Postgres, enum_name);
            if inner.is_unsupported() || matches!(**element, T::Array { .. }) {
                PrismaType::unsupported(declared)
            } else {
                PrismaType { list: true, ..inner }
            }
        }
        T::Other { raw } => postgres_other(raw).unwrap_or_else(|| PrismaType::unsupported(declared)),
        T::Interval => PrismaType::unsupported("interval"),
        T::Enum { .. } | T::Year | T::Set { .. } => PrismaType::unsupported(declared),
    }
}

/// The PostgreSQL types the model keeps as written that Prisma has a native type for.
fn postgres_other(raw: &str) -> Option<PrismaType> {
    let lower = raw.trim().to_ascii_lowercase();
    // `time(3) with time zone` / `timetz(3)`: the precision, 6 when not given.
    let precision = |text: &str| {
        text.split_once('(').and_then(|(_, rest)| rest.split_once(')')).and_then(|(p, _)| p.trim().parse::<u32>().ok())
    };
    let ty = match lower.as_str() {
        "bpchar" | "character" => PrismaType::native("String", "Char"),
        "inet" => PrismaType::native("String", "Inet"),
        "xml" => PrismaType::native("String", "Xml"),
        "citext" => PrismaType::native("String", "Citext"),
        "money" => PrismaType::native("Decimal", "Money"),
        "oid" => PrismaType::native("Int", "Oid"),
        t if t.starts_with("timetz") || (t.starts_with("time") && t.ends_with("with time zone")) => {
            PrismaType::native("DateTime", format!("Timetz({})", precision(t).unwrap_or(6)))
        }
        _ => return None,
    };
    Some(ty)
}

fn mysql(ty: &ColumnType, declared: &str) -> PrismaType {
    use ColumnType as T;
    let int = |name: &str, unsigned: bool| {
        if unsigned { format!("Unsigned{name}") } else { name.to_string() }
    };
    match ty {
        T::Integer { width: IntWidth::Tiny, unsigned } => PrismaType::native("Int", int("TinyInt", *unsigned)),
        T::Integer { width: IntWidth::Small, unsigned } => PrismaType::native("Int", int("SmallInt", *unsigned)),
        T::Integer { width: IntWidth::Medium, unsigned } => PrismaType::native("Int", int("MediumInt", *unsigned)),
        T::Integer { width: IntWidth::Int, unsigned: false } => PrismaType::plain("Int"),
        T::Integer { width: IntWidth::Int, unsigned: true } => PrismaType::native("Int", "UnsignedInt"),
        T::Integer { width: IntWidth::Big, unsigned: false } => PrismaType::plain("BigInt"),
        T::Integer { width: IntWidth::Big, unsigned: true } => PrismaType::native("BigInt", "UnsignedBigInt"),
        // MySQL's DECIMAL without arguments is DECIMAL(10, 0).
        T::Decimal { precision, scale } => {
            PrismaType::native("Decimal", format!("Decimal({}, {})", precision.unwrap_or(10), scale.unwrap_or(0)))
        }
        T::Real => PrismaType::native("Float", "Float"),
        T::Double => PrismaType::plain("Float"),
        T::Bool => PrismaType::plain("Boolean"),
        T::Text { size } => PrismaType::native("String", format!("{}Text", size.map_or("", lob_prefix))),
        T::Varchar { length, .. } => PrismaType::native("String", format!("VarChar({})", length.unwrap_or(255))),
        T::Char { length, .. } => PrismaType::native("String", format!("Char({})", length.unwrap_or(1))),
        T::Bytes { size } => PrismaType::native("Bytes", format!("{}Blob", size.map_or("", lob_prefix))),
        T::Binary { length, varying: false } => PrismaType::native("Bytes", format!("Binary({})", length.unwrap_or(1))),
        T::Binary { length, varying: true } => {
            PrismaType::native("Bytes", format!("VarBinary({})", length.unwrap_or(255)))
        }
        // `db pull` reads BIT(1) as a boolean and wider bit strings as bytes.
        T::Bit { length: None | Some(1), .. } => PrismaType::native("Boolean", "Bit(1)"),
        T::Bit { length: Some(n), .. } => PrismaType::native("Bytes", format!("Bit({n})")),
        T::Year => PrismaType::native("Int", "Year"),
        T::Date => PrismaType::native("DateTime", "Date"),
        T::Time { precision } => PrismaType::native("DateTime", format!("Time({})", precision.unwrap_or(0))),
        T::Timestamp { precision, .. } => {
            PrismaType::native("DateTime", format!("DateTime({})", precision.unwrap_or(0)))
        }
        T::TimestampTz { precision } => {
            PrismaType::native("DateTime", format!("Timestamp({})", precision.unwrap_or(0)))
        }
        T::Uuid => PrismaType::native("String", "Char(36)"),
        T::Json | T::Jsonb => PrismaType::plain("Json"),
        T::Interval | T::Array { .. } | T::Other { .. } | T::Enum { .. } | T::Set { .. } => {
            PrismaType::unsupported(declared)
        }
    }
}

/// `Tiny`, `Medium`, `Long`: the prefix of Prisma's MySQL native text and blob types.
fn lob_prefix(size: codegen_core::LobSize) -> &'static str {
    match size {
        codegen_core::LobSize::Tiny => "Tiny",
        codegen_core::LobSize::Medium => "Medium",
        codegen_core::LobSize::Long => "Long",
    }
}

fn sqlite(ty: &ColumnType, declared: &str) -> PrismaType {
    use ColumnType as T;
    match ty {
        T::Integer { width: IntWidth::Big, .. } => PrismaType::plain("BigInt"),
        T::Integer { .. } => PrismaType::plain("Int"),
        T::Decimal { .. } => PrismaType::plain("Decimal"),
        T::Real | T::Double => PrismaType::plain("Float"),
        T::Bool => PrismaType::plain("Boolean"),
        T::Text { .. } | T::Varchar { .. } | T::Char { .. } | T::Uuid => PrismaType::plain("String"),
        T::Bytes { .. } | T::Binary { .. } => PrismaType::plain("Bytes"),
        T::Date | T::Time { .. } | T::Timestamp { .. } | T::TimestampTz { .. } => PrismaType::plain("DateTime"),
        T::Json | T::Jsonb => PrismaType::plain("Json"),
        T::Interval | T::Array { .. } | T::Other { .. } | T::Enum { .. } | T::Bit { .. } | T::Year | T::Set { .. } => {
            PrismaType::unsupported(declared)
        }
    }
}

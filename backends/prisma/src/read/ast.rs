//! The Prisma schema as written: blocks, fields and attributes, each with its position.
//! Only the reader sees it; [`super::lower`] turns it into the neutral model straight away.

/// A 1-based line and column in the schema file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Model,
    View,
    Enum,
    Datasource,
    Generator,
    /// MongoDB's composite types: read, then refused by the lowering.
    Type,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub name: String,
    pub pos: Pos,
    /// `///` lines before the block.
    pub docs: Vec<String>,
    pub fields: Vec<Field>,
    /// `@@...` attributes.
    pub attributes: Vec<Attribute>,
    /// `key = value` entries of datasource and generator blocks.
    pub settings: Vec<(String, Value, Pos)>,
}

/// A model field, or an enum value (which has no type).
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub pos: Pos,
    /// `Int`, a model or enum name, or `Unsupported` (its argument is in `unsupported`).
    pub ty: String,
    pub unsupported: Option<String>,
    pub optional: bool,
    pub list: bool,
    pub attributes: Vec<Attribute>,
    pub docs: Vec<String>,
}

/// `@name(args)` or `@@name(args)`; `name` includes a namespace (`db.VarChar`).
#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: String,
    pub pos: Pos,
    pub args: Vec<Arg>,
}

impl Attribute {
    /// The argument called `name`, or else the first unnamed one when `positional`.
    pub fn arg(&self, name: &str, positional: bool) -> Option<&Value> {
        self.args
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .or_else(|| if positional { self.args.iter().find(|a| a.name.is_none()) } else { None })
            .map(|a| &a.value)
    }
}

#[derive(Debug, Clone)]
pub struct Arg {
    pub name: Option<String>,
    pub value: Value,
}

/// The arguments of a call: `(name: value, value)`.
pub type CallArgs = Vec<(Option<String>, Value)>;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    String(String),
    Number(String),
    /// A bare name: `true`, `Cascade`, an enum value, a field.
    Ident(String),
    /// `now()`, `dbgenerated("...")`, `field(sort: Desc)`.
    Call(String, CallArgs),
    Array(Vec<Value>),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

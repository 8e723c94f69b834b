//! What one render of a schema looks names up in: the schema, the options, the names, the
//! relations and join tables planned, every column's Prisma type. Its own module, so the parts of
//! the render (indexes, models) share it without importing one another.

use codegen_core::Schema;

use crate::many_to_many::ManyToMany;
use crate::names::Names;
use crate::options::PrismaOptions;
use crate::relations::Relation;
use crate::types::PrismaType;

/// Everything one render needs to look names up.
pub(crate) struct Context<'a> {
    pub schema: &'a Schema,
    pub options: &'a PrismaOptions,
    pub names: Names,
    pub relations: Vec<Relation>,
    /// Join tables written as implicit many-to-many relations instead of models.
    pub joins: Vec<ManyToMany>,
    /// Per table, per column: its Prisma type, after relations made key types agree.
    pub types: Vec<Vec<PrismaType>>,
    /// Whether models carry `@@schema`: the schema uses PostgreSQL namespaces.
    pub multi_schema: bool,
}

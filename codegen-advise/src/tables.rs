//! The schema's tables by name: the model keeps them in a list, and the analysis looks them up
//! thousands of times.

use std::collections::HashMap;

use codegen_core::{QualifiedName, Schema, Table};

/// A schema with its tables found by name in constant time.
pub struct Tables<'a> {
    pub schema: &'a Schema,
    by_name: HashMap<&'a QualifiedName, &'a Table>,
}

impl<'a> Tables<'a> {
    pub fn new(schema: &'a Schema) -> Self {
        Self { schema, by_name: schema.tables.iter().map(|t| (&t.name, t)).collect() }
    }

    pub fn get(&self, name: &QualifiedName) -> Option<&'a Table> {
        self.by_name.get(name).copied()
    }
}

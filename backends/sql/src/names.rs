//! Names across the whole schema: which PostgreSQL namespaces to create, and which names clash
//! once a dialect without namespaces flattens them.

use std::collections::BTreeMap;

use codegen_core::{Dialect, Loc, QualifiedName, Schema};

use crate::context::Context;

/// The namespaces PostgreSQL must create, in order: the declared ones, then any used but not
/// declared. `public` always exists.
pub(crate) fn namespaces_to_create(schema: &Schema) -> Vec<&str> {
    let used = schema
        .enums
        .iter()
        .map(|e| &e.name)
        .chain(schema.tables.iter().map(|t| &t.name))
        .chain(schema.views.iter().map(|v| &v.name))
        .filter_map(|n| n.schema.as_deref());
    let mut names: Vec<&str> = Vec::new();
    for name in schema.namespaces.iter().map(String::as_str).chain(used) {
        if name != "public" && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// One object that takes a name in a namespace.
struct Relation<'a> {
    kind: &'static str,
    name: String,
    loc: &'a Loc,
}

/// Warn about every name a dialect without namespaces writes unqualified, and report an error
/// for any two relations (tables, views, and where they share the namespace, indexes) that end
/// up with the same name.
pub(crate) fn check_names(cx: &mut Context) {
    let schema = cx.schema;
    let flattens = !cx.dialect.capabilities().namespaces;
    if flattens {
        let qualified = schema
            .tables
            .iter()
            .map(|t| (&t.name, &t.loc))
            .chain(schema.views.iter().map(|v| (&v.name, &v.loc)))
            .filter(|(n, _)| n.schema.is_some());
        for (name, loc) in qualified {
            let message = format!("{} has no namespaces: `{name}` is written as `{}`", cx.dialect_name(), name.name);
            cx.warning(name.to_string(), loc, message);
        }
    }

    let mut relations: Vec<(String, Relation)> = Vec::new();
    let key = |name: &QualifiedName| -> String {
        match cx.dialect {
            Dialect::Postgres => format!("{}.{}", name.schema.as_deref().unwrap_or("public"), name.name),
            // Both compare table names without case on some platforms; be strict everywhere.
            Dialect::Mysql | Dialect::Sqlite => name.name.to_lowercase(),
        }
    };
    for table in &schema.tables {
        relations.push((key(&table.name), Relation { kind: "table", name: table.name.to_string(), loc: &table.loc }));
        // MySQL index names are per table; PostgreSQL and SQLite share them with tables.
        if cx.dialect != Dialect::Mysql {
            for index in &table.indexes {
                let name = QualifiedName::qualified(table.name.schema.clone(), index.name.clone());
                relations.push((key(&name), Relation { kind: "index", name: name.to_string(), loc: &index.loc }));
            }
        }
    }
    for view in &schema.views {
        relations.push((key(&view.name), Relation { kind: "view", name: view.name.to_string(), loc: &view.loc }));
    }

    let mut seen: BTreeMap<&str, &Relation> = BTreeMap::new();
    let mut clashes = Vec::new();
    for (key, relation) in &relations {
        match seen.get(key.as_str()) {
            Some(first) => clashes.push((*first, relation)),
            None => {
                seen.insert(key, relation);
            }
        }
    }
    for (first, second) in clashes {
        let message = format!(
            "{} `{}` and {} `{}` would have the same name in {}",
            first.kind,
            first.name,
            second.kind,
            second.name,
            cx.dialect_name()
        );
        let message = if flattens { format!("{message}, which has no namespaces") } else { message };
        cx.error(second.name.clone(), second.loc, message);
    }
}

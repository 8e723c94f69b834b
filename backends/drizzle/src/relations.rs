//! `relations.ts`: the relations of the relational query API (`db.query.users.findMany({ with })`),
//! named as drizzle-kit pull names them: a `one` per foreign key (the referenced table's
//! variable, singular), a `many` on the other side (the referencing table's variable, plural),
//! and a `relationName` where two relations join the same pair of tables.

use crate::names::Names;

struct Relation {
    name: String,
    one: bool,
    /// The table whose relations this is, and the other table.
    table_from: String,
    table_to: String,
    columns_from: Vec<String>,
    columns_to: Vec<String>,
    relation_name: Option<String>,
}

/// The file's text (inside the region); `None` when no table has a foreign key.
pub fn render_relations(names: &Names<'_>) -> Option<String> {
    // Per table variable, in first-use order, its relations.
    let mut by_table: Vec<(String, Vec<Relation>)> = Vec::new();
    let mut push = |table: &str, relation: Relation| match by_table.iter_mut().find(|(t, _)| t == table) {
        Some((_, list)) => list.push(relation),
        None => by_table.push((table.to_string(), vec![relation])),
    };
    let mut imports: Vec<String> = Vec::new();
    for from in &names.tables {
        for fk in &from.table.foreign_keys {
            let Some(to) = names.table(&fk.referenced_table) else { continue };
            let keys = |table: &crate::names::TableNames<'_>, columns: &[String]| -> Option<Vec<String>> {
                columns
                    .iter()
                    .map(|c| table.table.columns.iter().position(|col| &col.name == c).map(|i| table.keys[i].clone()))
                    .collect()
            };
            let (Some(columns_from), Some(columns_to)) = (keys(from, &fk.columns), keys(to, &fk.referenced_columns))
            else {
                continue;
            };
            for var in [&to.var, &from.var] {
                if !imports.contains(var) {
                    imports.push(var.clone());
                }
            }
            push(
                &from.var,
                Relation {
                    name: pluralizer::pluralize(&to.var, 1, false),
                    one: true,
                    table_from: from.var.clone(),
                    table_to: to.var.clone(),
                    columns_from: columns_from.clone(),
                    columns_to: columns_to.clone(),
                    relation_name: None,
                },
            );
            push(
                &to.var,
                Relation {
                    name: pluralizer::pluralize(&from.var, 2, false),
                    one: false,
                    table_from: to.var.clone(),
                    table_to: from.var.clone(),
                    columns_from: columns_to,
                    columns_to: columns_from,
                    relation_name: None,
                },
            );
        }
    }
    if by_table.is_empty() {
        return None;
    }
    let mut out = format!(
        "import {{ relations }} from \"drizzle-orm/relations\";\nimport {{ {} }} from \"./schema\";\n",
        imports.join(", ")
    );
    for (table, relations) in &mut by_table {
        name_relations(relations);
        let has_one = relations.iter().any(|r| r.one);
        let has_many = relations.iter().any(|r| !r.one);
        let helpers = match (has_one, has_many) {
            (true, true) => "one, many",
            (true, false) => "one",
            _ => "many",
        };
        out.push_str(&format!("\nexport const {table}Relations = relations({table}, ({{{helpers}}}) => ({{\n"));
        for r in relations.iter() {
            let key = codegen_typescript::property_key(&r.name);
            let relation_name = r.relation_name.as_deref().map(codegen_typescript::string);
            if r.one {
                let fields: Vec<String> = r.columns_from.iter().map(|c| member(&r.table_from, c)).collect();
                let references: Vec<String> = r.columns_to.iter().map(|c| member(&r.table_to, c)).collect();
                out.push_str(&format!(
                    "\t{key}: one({}, {{\n\t\tfields: [{}],\n\t\treferences: [{}]",
                    r.table_to,
                    fields.join(", "),
                    references.join(", ")
                ));
                if let Some(name) = relation_name {
                    out.push_str(&format!(",\n\t\trelationName: {name}"));
                }
                out.push_str("\n\t}),\n");
            } else {
                match relation_name {
                    Some(name) => {
                        out.push_str(&format!("\t{key}: many({}, {{\n\t\trelationName: {name}\n\t}}),\n", r.table_to))
                    }
                    None => out.push_str(&format!("\t{key}: many({}),\n", r.table_to)),
                }
            }
        }
        out.push_str("}));\n");
    }
    Some(out)
}

fn member(object: &str, key: &str) -> String {
    let written = codegen_typescript::property_key(key);
    if written == key { format!("{object}.{key}") } else { format!("{object}[{written}]") }
}

/// drizzle-kit's rules: a `relationName` where another relation of the table goes to the same
/// table, and the column appended where two relations would share a name.
fn name_relations(relations: &mut [Relation]) {
    let snapshot: Vec<(String, String, bool)> =
        relations.iter().map(|r| (r.name.clone(), r.table_to.clone(), r.one)).collect();
    for (i, r) in relations.iter_mut().enumerate() {
        let shares_target = snapshot.iter().enumerate().any(|(j, (_, to, _))| j != i && *to == r.table_to);
        if shares_target {
            r.relation_name = Some(if r.one {
                format!("{}_{}_{}_{}", r.table_from, r.columns_from.join("_"), r.table_to, r.columns_to.join("_"))
            } else {
                format!("{}_{}_{}_{}", r.table_to, r.columns_to.join("_"), r.table_from, r.columns_from.join("_"))
            });
        }
        let shares_name = snapshot.iter().enumerate().any(|(j, (name, _, _))| j != i && *name == r.name);
        if shares_name {
            let column = if r.one { r.columns_from.join("_") } else { r.columns_to.join("_") };
            r.name = format!("{}_{column}", r.name);
        }
    }
    // Two relations that still share a name (two keys over the same columns) get numbers.
    for i in 1..relations.len() {
        let mut n = 2;
        let base = relations[i].name.clone();
        while relations[..i].iter().any(|r| r.name == relations[i].name) {
            relations[i].name = format!("{base}{n}");
            n += 1;
        }
    }
}

//! One entity class per table: class decorators (`@Entity`, `@Index`, `@Unique`, `@Check`), then
//! a decorated property per column and per relation. The generated region ends inside the class
//! body, so methods and hooks the user adds after it are kept on reruns.

use std::collections::BTreeSet;

use codegen_core::sql_expression::for_dialect;
use codegen_core::{
    AutoIncrement, ColumnDefault, Diagnostic, Diagnostics, Dialect, IndexKey, ReferentialAction, Schema,
};
use codegen_typescript::literal::doc_comment;
use codegen_typescript::{GeneratedTs, string};

use crate::options::TypeOrmOptions;
use crate::plan::{EntityPlan, RelationKind};
use crate::types::typeorm_type;

/// The action as a TypeScript value. TypeORM writes the string into `ON DELETE ...` as it is and
/// reads `SET DEFAULT` back from the catalog, but its `OnDeleteType` leaves it out: that one value
/// is cast so that it type-checks and still runs.
fn action(a: ReferentialAction) -> &'static str {
    match a {
        ReferentialAction::NoAction => "\"NO ACTION\"",
        ReferentialAction::Restrict => "\"RESTRICT\"",
        ReferentialAction::Cascade => "\"CASCADE\"",
        ReferentialAction::SetNull => "\"SET NULL\"",
        ReferentialAction::SetDefault => {
            "\"SET DEFAULT\" as string as \"NO ACTION\" /* TypeORM runs it; its type lacks it */"
        }
    }
}

/// The entity file of `entity`.
pub fn render_entity(
    schema: &Schema,
    entity: &EntityPlan<'_>,
    entities: &[EntityPlan<'_>],
    options: &TypeOrmOptions,
    diagnostics: &mut Diagnostics,
) -> String {
    let dialect = options.dialect;
    let table = entity.table;
    let mut decorators: BTreeSet<&'static str> = BTreeSet::from(["Entity"]);
    let mut class_lines: Vec<String> = Vec::new();
    let props = |columns: &[String]| -> Option<String> {
        columns.iter().map(|c| entity.property(c).map(string)).collect::<Option<Vec<_>>>().map(|v| v.join(", "))
    };
    for index in &table.indexes {
        let object = format!("{} ({})", table.name, index.name);
        let warn = |diagnostics: &mut Diagnostics, message: String| {
            diagnostics.push(Diagnostic::warning(message).with_object(object.clone()).at(index.loc.location().cloned()))
        };
        let columns: Option<Vec<String>> = index
            .parts
            .iter()
            .map(|p| match &p.key {
                IndexKey::Column(c) => Some(c.clone()),
                IndexKey::Expression(_) => None,
            })
            .collect();
        let Some(columns) = columns else {
            warn(
                diagnostics,
                format!(
                    "TypeORM indexes only columns: the expression index `{}` is left out (keep it in a migration)",
                    index.name
                ),
            );
            continue;
        };
        if index.parts.iter().any(|p| p.order.is_some()) {
            warn(
                diagnostics,
                format!("TypeORM has no sort order for index columns: `{}` is written ascending", index.name),
            );
        }
        if index.method.as_deref().is_some_and(|m| !m.eq_ignore_ascii_case("btree")) {
            warn(diagnostics, format!("TypeORM has no index method option: `{}` is a btree index", index.name));
        }
        let Some(list) = props(&columns) else { continue };
        let mut opts = Vec::new();
        if index.unique {
            opts.push("unique: true".to_string());
        }
        if let Some(predicate) = &index.predicate {
            opts.push(format!("where: {}", string(&for_dialect(predicate, dialect))));
        }
        let opts = if opts.is_empty() { String::new() } else { format!(", {{ {} }}", opts.join(", ")) };
        decorators.insert("Index");
        class_lines.push(format!("@Index({}, [{list}]{opts})", string(&index.name)));
    }
    for unique in &table.uniques {
        let Some(list) = props(&unique.columns) else { continue };
        decorators.insert("Unique");
        match &unique.name {
            Some(name) => class_lines.push(format!("@Unique({}, [{list}])", string(name))),
            None => class_lines.push(format!("@Unique([{list}])")),
        }
    }
    for check in &table.checks {
        decorators.insert("Check");
        let expression = string(&for_dialect(&check.expression, dialect));
        // TypeORM names an unnamed check `CHK_<hash>`; on PostgreSQL it takes PostgreSQL's name.
        let name = check.name.clone().or_else(|| {
            let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
            (dialect == Dialect::Postgres)
                .then(|| codegen_core::naming::postgres_check_name(&table.name.name, &columns, &check.expression))
        });
        match name {
            Some(name) => class_lines.push(format!("@Check({}, {expression})", string(&name))),
            None => class_lines.push(format!("@Check({expression})")),
        }
    }
    let mut entity_options = Vec::new();
    if dialect == Dialect::Postgres
        && let Some(schema_name) = table.name.schema.as_deref().filter(|s| *s != "public")
    {
        entity_options.push(format!("schema: {}", string(schema_name)));
    }
    if dialect != Dialect::Sqlite
        && let Some(comment) = &table.comment
    {
        entity_options.push(format!("comment: {}", string(comment)));
    }
    let entity_options =
        if entity_options.is_empty() { String::new() } else { format!(", {{ {} }}", entity_options.join(", ")) };
    class_lines.push(format!("@Entity({}{entity_options})", string(&table.name.name)));

    let mut body = String::new();
    let pk_name = table
        .primary_key
        .as_ref()
        .and_then(|pk| pk.name.clone())
        .filter(|n| dialect == Dialect::Postgres && *n != format!("{}_pkey", table.name.name));
    for (i, column) in table.columns.iter().enumerate() {
        let object = format!("{}.{}", table.name, column.name);
        let ty = typeorm_type(&column.ty, dialect, &schema.enums);
        if let Some(issue) = ty.issue.clone() {
            diagnostics.push(issue.with_object(object.clone()).at(column.loc.location().cloned()));
        }
        let is_pk = table.is_primary_key_column(&column.name);
        let counter = match &column.default {
            Some(ColumnDefault::AutoIncrement { strategy }) if column.ty.is_integer() => Some(*strategy),
            _ => None,
        };
        let mut opts = vec![format!("name: {}", string(&column.name))];
        let (decorator, first) = match (is_pk, counter) {
            (true, Some(strategy)) => {
                let identity = dialect == Dialect::Postgres && strategy != AutoIncrement::Serial;
                let sql_type = if dialect == Dialect::Sqlite { "integer".to_string() } else { ty.column_type.clone() };
                opts.insert(0, format!("type: {}", string(&sql_type)));
                if identity {
                    let kind = if strategy == AutoIncrement::IdentityAlways { "ALWAYS" } else { "BY DEFAULT" };
                    opts.push(format!("generatedIdentity: \"{kind}\""));
                }
                let strategy = if identity { "\"identity\"" } else { "\"increment\"" };
                ("PrimaryGeneratedColumn", strategy.to_string())
            }
            (true, None) => ("PrimaryColumn", string(&ty.column_type)),
            (false, _) => ("Column", string(&ty.column_type)),
        };
        decorators.insert(decorator);
        if decorator != "PrimaryGeneratedColumn" {
            opts.extend(ty.options.iter().cloned());
        } else {
            opts.extend(ty.options.iter().filter(|o| o.starts_with("unsigned")).cloned());
        }
        if is_pk && let Some(name) = &pk_name {
            opts.push(format!("primaryKeyConstraintName: {}", string(name)));
        }
        if column.nullable && !is_pk {
            opts.push("nullable: true".into());
        }
        if counter.is_some() && !is_pk {
            diagnostics.push(
                Diagnostic::warning(
                    "TypeORM generates values only for a primary column: this column's counter is left out",
                )
                .with_object(object.clone())
                .at(column.loc.location().cloned()),
            );
        }
        let (default, found) = codegen_sql::render_column_default(schema, table, column, dialect);
        diagnostics.extend(found);
        if let Some(default) = default {
            opts.push(format!("default: () => {}", string(&default)));
        }
        if let Some(generated) = &column.generated {
            let kind = if generated.stored || dialect == Dialect::Postgres { "STORED" } else { "VIRTUAL" };
            opts.push(format!("generatedType: \"{kind}\""));
            opts.push(format!("asExpression: {}", string(&for_dialect(&generated.expression, dialect))));
        }
        if dialect == Dialect::Mysql {
            if let Some(on_update) = &column.on_update {
                opts.push(format!("onUpdate: {}", string(on_update)));
            }
            if let Some(charset) = &column.charset {
                opts.push(format!("charset: {}", string(charset)));
            }
        }
        if dialect != Dialect::Sqlite {
            if let Some(collation) = &column.collation {
                opts.push(format!("collation: {}", string(collation)));
            }
            if let Some(comment) = &column.comment {
                opts.push(format!("comment: {}", string(comment)));
            }
        }
        if let Some(comment) = &column.comment {
            body.push_str(&doc_comment(comment, "\t"));
        }
        if decorator == "Column" {
            // The options-object overload takes every option with every type (the overloads
            // with a type first refuse `generatedType` or a bit column's `length`).
            body.push_str(&format!("\t@Column({{ type: {first}, {} }})\n", opts.join(", ")));
        } else {
            body.push_str(&format!("\t@{decorator}({first}, {{ {} }})\n", opts.join(", ")));
        }
        let ts = if column.nullable && !is_pk { format!("{} | null", ty.ts) } else { ty.ts.clone() };
        body.push_str(&format!("\t{}!: {ts};\n\n", codegen_typescript::property_key(&entity.properties[i])));
    }

    let mut imported_classes: BTreeSet<String> = BTreeSet::new();
    let mut uses_relation = false;
    for relation in &entity.relations {
        let target = entities.iter().find(|e| e.class == relation.target_class);
        let Some(target) = target else { continue };
        if target.class != entity.class {
            imported_classes.insert(target.class.clone());
        }
        uses_relation = true;
        let var = codegen_typescript::camel_case(&target.class);
        let var = if var.is_empty() || codegen_typescript::is_reserved(&var) { "other".to_string() } else { var };
        let inverse = format!("({var}) => {}", member(&var, &relation.inverse_property));
        let prop = codegen_typescript::property_key(&relation.property);
        match &relation.kind {
            RelationKind::ManyToOne(fk) => {
                decorators.insert("ManyToOne");
                decorators.insert("JoinColumn");
                let mut opts = vec![format!("onDelete: {}", action(fk.on_delete))];
                if !fk.on_update.is_default() {
                    opts.push(format!("onUpdate: {}", action(fk.on_update)));
                }
                let joins: Vec<String> = fk
                    .columns
                    .iter()
                    .zip(&fk.referenced_columns)
                    .enumerate()
                    .map(|(i, (c, r))| {
                        let referenced = target.property(r).unwrap_or(r);
                        let name = match (&fk.name, i) {
                            (Some(n), 0) => format!(", foreignKeyConstraintName: {}", string(n)),
                            _ => String::new(),
                        };
                        format!("{{ name: {}, referencedColumnName: {}{name} }}", string(c), string(referenced))
                    })
                    .collect();
                body.push_str(&format!(
                    "\t@ManyToOne(() => {}, {inverse}, {{ {} }})\n\t@JoinColumn([{}])\n\t{prop}!: Relation<{}>;\n\n",
                    target.class,
                    opts.join(", "),
                    joins.join(", "),
                    target.class
                ));
            }
            RelationKind::OneToMany => {
                decorators.insert("OneToMany");
                body.push_str(&format!(
                    "\t@OneToMany(() => {}, {inverse})\n\t{prop}!: Relation<{}>[];\n\n",
                    target.class, target.class
                ));
            }
            RelationKind::ManyToMany { join, own, other, owner } => {
                decorators.insert("ManyToMany");
                let mut text = format!(
                    "\t@ManyToMany(() => {}, {inverse}, {{ onDelete: {} }})\n",
                    target.class,
                    action(own.on_delete)
                );
                if *owner {
                    decorators.insert("JoinTable");
                    let column = |fk: &codegen_core::ForeignKey, plan: &EntityPlan<'_>| {
                        let referenced =
                            plan.property(&fk.referenced_columns[0]).unwrap_or(&fk.referenced_columns[0]).to_string();
                        let name = fk
                            .name
                            .as_ref()
                            .map(|n| format!(", foreignKeyConstraintName: {}", string(n)))
                            .unwrap_or_default();
                        format!(
                            "{{ name: {}, referencedColumnName: {}{name} }}",
                            string(&fk.columns[0]),
                            string(&referenced)
                        )
                    };
                    let schema_opt = match join.name.schema.as_deref() {
                        Some(s) if s != "public" && dialect == Dialect::Postgres => format!(", schema: {}", string(s)),
                        _ => String::new(),
                    };
                    text.push_str(&format!(
                        "\t@JoinTable({{ name: {}{schema_opt}, joinColumn: {}, inverseJoinColumn: {} }})\n",
                        string(&join.name.name),
                        column(own, entity),
                        column(other, target)
                    ));
                }
                text.push_str(&format!("\t{prop}!: Relation<{}>[];\n\n", target.class));
                body.push_str(&text);
            }
        }
    }

    let mut region = String::new();
    let mut names: Vec<String> = decorators.iter().map(|d| d.to_string()).collect();
    if uses_relation {
        names.push("type Relation".into());
    }
    region.push_str(&format!("import {{ {} }} from \"typeorm\";\n", names.join(", ")));
    for class in &imported_classes {
        region.push_str(&format!("import {{ {class} }} from \"./{class}\";\n"));
    }
    region.push('\n');
    if let Some(comment) = &table.comment {
        region.push_str(&doc_comment(comment, ""));
    }
    for line in &class_lines {
        region.push_str(line);
        region.push('\n');
    }
    region.push_str(&format!("export class {} {{\n", entity.class));
    region.push_str(body.trim_end_matches('\n'));
    region.push('\n');
    GeneratedTs { origin: format!("typeorm, dialect {dialect}"), region, end_indent: "\t".into(), after: "}\n".into() }
        .render()
}

fn member(object: &str, key: &str) -> String {
    let written = codegen_typescript::property_key(key);
    if written == key { format!("{object}.{key}") } else { format!("{object}[{written}]") }
}

/// `index.ts`: every entity exported, and `entities` for a `DataSource`.
pub fn render_index(entities: &[EntityPlan<'_>], views: &[(String, String)], dialect: Dialect) -> String {
    let mut region = String::new();
    let classes: Vec<&str> =
        entities.iter().map(|e| e.class.as_str()).chain(views.iter().map(|(c, _)| c.as_str())).collect();
    for class in &classes {
        region.push_str(&format!("import {{ {class} }} from \"./{class}\";\n"));
    }
    region.push('\n');
    region.push_str(&format!("export {{ {} }};\n\n", classes.join(", ")));
    region.push_str("/** Every entity, for `new DataSource({ entities })`. */\n");
    region.push_str(&format!("export const entities = [{}];\n", classes.join(", ")));
    GeneratedTs { origin: format!("typeorm, dialect {dialect}"), region, ..Default::default() }.render()
}

/// A view as a `@ViewEntity` with a `@ViewColumn` per column.
pub fn render_view(
    schema: &Schema,
    view: &codegen_core::View,
    class: &str,
    options: &TypeOrmOptions,
    diagnostics: &mut Diagnostics,
) -> String {
    let dialect = options.dialect;
    let mut region = String::from("import { ViewColumn, ViewEntity } from \"typeorm\";\n\n");
    let mut opts = vec![format!("name: {}", string(&view.name.name))];
    if dialect == Dialect::Postgres
        && let Some(s) = view.name.schema.as_deref().filter(|s| *s != "public")
    {
        opts.push(format!("schema: {}", string(s)));
    }
    if view.materialized {
        opts.push("materialized: true".into());
    }
    // A query is kept as the source wrote it (`for_dialect` respells expressions, not queries).
    let definition = view.definition.trim().trim_end_matches(';').to_string();
    opts.push(format!("expression: `{}`", codegen_typescript::literal::template_body(&definition)));
    region.push_str(&format!("@ViewEntity({{ {} }})\nexport class {class} {{\n", opts.join(", ")));
    let mut taken = BTreeSet::new();
    for column in &view.columns {
        let ty = typeorm_type(&column.ty, dialect, &schema.enums);
        if let Some(issue) = ty.issue {
            diagnostics.push(issue.with_object(format!("{}.{}", view.name, column.name)));
        }
        let prop = codegen_typescript::camel_case(&column.name);
        let prop = if prop.is_empty() || !taken.insert(prop.clone()) { column.name.clone() } else { prop };
        region.push_str(&format!(
            "\t@ViewColumn({{ name: {} }})\n\t{}!: {} | null;\n\n",
            string(&column.name),
            codegen_typescript::property_key(&prop),
            ty.ts
        ));
    }
    let region = format!("{}\n", region.trim_end_matches('\n'));
    GeneratedTs { origin: format!("typeorm, dialect {dialect}"), region, end_indent: "\t".into(), after: "}\n".into() }
        .render()
}

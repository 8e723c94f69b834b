//! What the database keeps for the design beyond tables: the trigger that keeps `updated_at`
//! current, and the constraint trigger of a rule on how many children a row has.

use codegen_core::{DbObject, Dialect, ObjectKind, ObjectRef, QualifiedName, RefKind};

use super::Builder;

const SET_UPDATED_AT: &str = "set_updated_at";

fn object(kind: ObjectKind, name: &str, table: Option<&str>, dialect: Dialect, definition: String) -> DbObject {
    DbObject {
        kind,
        name: QualifiedName::new(name),
        signature: (kind == ObjectKind::Function).then(String::new),
        table: table.map(QualifiedName::new),
        dialect,
        definition: vec![definition],
        depends_on: table
            .map(|t| vec![ObjectRef { kind: RefKind::Table, name: QualifiedName::new(t) }])
            .unwrap_or_default(),
        comment: None,
        loc: Default::default(),
    }
}

/// PostgreSQL: one function and a BEFORE UPDATE trigger per table; SQLite: an AFTER UPDATE
/// trigger per table (MySQL's column says `ON UPDATE CURRENT_TIMESTAMP` instead).
pub(super) fn updated_at_triggers(b: &mut Builder) {
    if !b.options.updated_at_trigger || !b.options.timestamps {
        return;
    }
    let tables: Vec<String> =
        b.schema.tables.iter().filter(|t| t.column("updated_at").is_some()).map(|t| t.name.name.clone()).collect();
    if tables.is_empty() {
        return;
    }
    match b.dialect {
        Dialect::Postgres => {
            let function = format!(
                "CREATE FUNCTION {SET_UPDATED_AT}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    NEW.updated_at := CURRENT_TIMESTAMP;\n    RETURN NEW;\nEND;\n$$"
            );
            b.schema.objects.push(object(ObjectKind::Function, SET_UPDATED_AT, None, Dialect::Postgres, function));
            for table in &tables {
                let name = format!("{table}_set_updated_at");
                let sql = format!(
                    "CREATE TRIGGER {name} BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {SET_UPDATED_AT}()"
                );
                let mut trigger = object(ObjectKind::Trigger, &name, Some(table), Dialect::Postgres, sql);
                trigger.depends_on.push(ObjectRef {
                    kind: RefKind::Object(ObjectKind::Function),
                    name: QualifiedName::new(SET_UPDATED_AT),
                });
                b.schema.objects.push(trigger);
            }
        }
        Dialect::Sqlite => {
            for table in &tables {
                let name = format!("{table}_set_updated_at");
                let sql = format!(
                    "CREATE TRIGGER {name} AFTER UPDATE ON {table} FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at\nBEGIN\n    UPDATE {table} SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;\nEND"
                );
                b.schema.objects.push(object(ObjectKind::Trigger, &name, Some(table), Dialect::Sqlite, sql));
            }
        }
        Dialect::Mysql => return,
    }
    let how = match b.dialect {
        Dialect::Postgres => "a BEFORE UPDATE trigger (function set_updated_at) sets updated_at",
        _ => "an AFTER UPDATE trigger sets updated_at",
    };
    for table in tables {
        b.decide("updated-at-trigger", table, how, None);
    }
}

/// A deferred PostgreSQL constraint trigger that counts a parent's children at commit.
pub(super) fn child_count_trigger(
    b: &mut Builder,
    parent: &str,
    child: &str,
    column: &str,
    min: Option<u32>,
    max: Option<u32>,
) {
    let function = format!("{child}_count_per_{}", column.trim_end_matches("_id"));
    let mut failed = Vec::new();
    if let Some(min) = min {
        failed.push(format!("n < {min}"));
    }
    if let Some(max) = max {
        failed.push(format!("n > {max}"));
    }
    let bounds = match (min, max) {
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => return,
    };
    let body = format!(
        "CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
         DECLARE\n    parent_id bigint;\n    n bigint;\n\
         BEGIN\n    IF TG_TABLE_NAME = '{parent}' THEN\n        parent_id := NEW.id;\n    ELSIF TG_OP = 'DELETE' THEN\n        parent_id := OLD.{column};\n    ELSE\n        parent_id := NEW.{column};\n    END IF;\n\
         \x20   IF NOT EXISTS (SELECT 1 FROM {parent} WHERE id = parent_id) THEN\n        RETURN NULL;\n    END IF;\n\
         \x20   SELECT count(*) INTO n FROM {child} WHERE {column} = parent_id;\n\
         \x20   IF {} THEN\n        RAISE EXCEPTION '{parent} % must have {bounds} {child} (has %)', parent_id, n USING ERRCODE = 'check_violation';\n    END IF;\n\
         \x20   RETURN NULL;\nEND;\n$$",
        failed.join(" OR ")
    );
    b.schema.objects.push(object(ObjectKind::Function, &function, None, Dialect::Postgres, body));
    for (table, events) in [(parent, "INSERT"), (child, "INSERT OR UPDATE OR DELETE")] {
        let name = format!("{table}_{function}");
        let sql = format!(
            "CREATE CONSTRAINT TRIGGER {name} AFTER {events} ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {function}()"
        );
        let mut trigger = object(ObjectKind::ConstraintTrigger, &name, Some(table), Dialect::Postgres, sql);
        trigger
            .depends_on
            .push(ObjectRef { kind: RefKind::Object(ObjectKind::Function), name: QualifiedName::new(&function) });
        b.schema.objects.push(trigger);
    }
}

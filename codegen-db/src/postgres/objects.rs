//! Database objects beyond tables (extensions, composite and range types, collations, sequences,
//! functions, procedures, aggregates, triggers, rules, policies, publications, event triggers): one bulk catalog query per kind, written back out as the
//! statements pg_dump would write for them, so that codegen-core's SQL reader carries them
//! exactly as it carries the same objects read from a dump.

use std::fmt::Write;

use postgres::Transaction;

use super::ddl::{ident, literal, qualified};

/// The objects of the catalog, each list in creation order (oid).
#[derive(Debug, Default)]
pub(crate) struct ObjectRows {
    pub extensions: Vec<ExtensionRow>,
    /// Composite and range types (enums are the model's own; domains are resolved into columns).
    pub types: Vec<TypeRow>,
    pub sequences: Vec<SequenceRow>,
    pub routines: Vec<RoutineRow>,
    pub aggregates: Vec<AggregateRow>,
    /// Triggers and rules: their server-written definition and the table they belong to.
    pub triggers: Vec<TableObjectRow>,
    pub rules: Vec<TableObjectRow>,
    pub policies: Vec<PolicyRow>,
    /// User collations (before the tables, whose columns may use them).
    pub collations: Vec<BuiltRow>,
    /// Publications and event triggers (database-wide; after the tables and functions they name).
    pub publications: Vec<BuiltRow>,
    pub event_triggers: Vec<BuiltRow>,
}

/// An object whose statements are built from its catalog row here, with its comment statement.
#[derive(Debug)]
pub(crate) struct BuiltRow {
    pub statements: Vec<String>,
    pub comment: Option<String>,
}

/// `CREATE TYPE <schema>.<name> <body>`: the body built by the catalog query (`AS (...)` or
/// `AS RANGE (...)`).
#[derive(Debug)]
pub(crate) struct TypeRow {
    pub schema: String,
    pub name: String,
    pub body: String,
    pub comment: Option<String>,
}

#[derive(Debug)]
pub(crate) struct ExtensionRow {
    pub name: String,
    pub schema: String,
    pub comment: Option<String>,
}

#[derive(Debug)]
pub(crate) struct SequenceRow {
    pub schema: String,
    pub name: String,
    /// `format_type(seqtypid, NULL)`: `bigint`, `integer` or `smallint`.
    pub ty: String,
    pub start: i64,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub cache: i64,
    pub cycle: bool,
    pub unlogged: bool,
    /// The column it is `OWNED BY`: schema, table, column.
    pub owner: Option<(String, String, String)>,
    pub comment: Option<String>,
}

#[derive(Debug)]
pub(crate) struct RoutineRow {
    pub schema: String,
    pub name: String,
    pub procedure: bool,
    /// `pg_get_function_identity_arguments`: what `COMMENT ON FUNCTION f(...)` names it by.
    pub identity: String,
    /// `pg_get_functiondef`.
    pub definition: String,
    pub comment: Option<String>,
}

#[derive(Debug)]
pub(crate) struct AggregateRow {
    pub schema: String,
    pub name: String,
    /// `pg_get_function_arguments` (`text`, `double precision ORDER BY anyelement`).
    pub arguments: String,
    pub identity: String,
    /// `(option, value)` pairs in pg_dump's order, already spelled for the statement.
    pub options: Vec<(&'static str, String)>,
    pub comment: Option<String>,
}

#[derive(Debug)]
pub(crate) struct TableObjectRow {
    pub schema: String,
    pub table: String,
    pub name: String,
    pub definition: String,
    pub comment: Option<String>,
    /// `tgenabled` / `ev_enabled`: `O` (enabled, as created), `D` disabled, `R` replica, `A` always.
    pub enabled: String,
}

#[derive(Debug)]
pub(crate) struct PolicyRow {
    pub schema: String,
    pub table: String,
    pub name: String,
    pub permissive: bool,
    /// `polcmd`: `r` select, `a` insert, `w` update, `d` delete, `*` all.
    pub command: String,
    /// Quoted role names; empty for `PUBLIC`.
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
    pub comment: Option<String>,
}

/// Objects that belong to an extension are the extension's: `CREATE EXTENSION` makes them.
fn not_in_extension(class: &str, oid: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '{class}'::regclass AND dep.objid = {oid} \
         AND dep.deptype = 'e')"
    )
}

/// Read every kind of object: eight small queries (the server version, then one per kind),
/// whatever the number of objects. `filter` limits the namespace `n` as the table queries do;
/// `$1` is the list of schemas asked for.
pub(crate) fn read_objects(
    tx: &mut Transaction<'_>,
    filter: &str,
    schemas: &Vec<String>,
) -> Result<ObjectRows, postgres::Error> {
    let mut rows = ObjectRows::default();
    let version: i32 = tx.query_one("SELECT current_setting('server_version_num')::int", &[])?.get(0);

    // plpgsql is built in; every database has it and pg_dump leaves it out.
    let extensions = "SELECT e.extname, n.nspname, obj_description(e.oid, 'pg_extension') \
                      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace \
                      WHERE e.extname <> 'plpgsql' ORDER BY e.oid";
    for row in tx.query(extensions, &[])? {
        rows.extensions.push(ExtensionRow { name: row.get(0), schema: row.get(1), comment: row.get(2) });
    }

    // Composite types (`CREATE TYPE x AS (...)`, not a table's row type) and range types, in
    // creation order: a composite may use a range made before it. A range's `canonical` function
    // is left out (it must exist before the type, which pg_dump solves with a shell type), and so
    // is a `subtype_diff` of the user's (created after the types here); the server's own are kept.
    let types = format!(
        "SELECT n.nspname, t.typname, 'AS (' || string_agg(quote_ident(a.attname) || ' ' || \
             format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) || ')', \
           obj_description(t.oid, 'pg_type'), t.oid \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid \
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
         WHERE t.typtype = 'c' AND c.relkind = 'c' AND {filter} AND {} \
         GROUP BY n.nspname, t.typname, t.oid \
         UNION ALL \
         SELECT n.nspname, t.typname, 'AS RANGE (subtype = ' || format_type(r.rngsubtype, NULL) || \
             CASE WHEN r.rngsubdiff <> 0 AND (SELECT pronamespace FROM pg_proc WHERE oid = r.rngsubdiff) \
               = 'pg_catalog'::regnamespace THEN ', subtype_diff = ' || r.rngsubdiff::regproc::text ELSE '' END \
             || ')', obj_description(t.oid, 'pg_type'), t.oid \
         FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE {filter} AND {} \
         ORDER BY 5",
        not_in_extension("pg_type", "t.oid"),
        not_in_extension("pg_type", "t.oid")
    );
    for row in tx.query(&types, &[schemas])? {
        rows.types.push(TypeRow { schema: row.get(0), name: row.get(1), body: row.get(2), comment: row.get(3) });
    }

    // An identity column's sequence is the column's (`GENERATED ... AS IDENTITY`); a serial's is
    // read here and the reader folds it back into the column, as it does for a dump.
    let sequences = format!(
        "SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, \
           s.seqmax, s.seqcache, s.seqcycle, c.relpersistence = 'u', tn.nspname, tc.relname, a.attname, \
           obj_description(c.oid, 'pg_class') \
         FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
           LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid \
             AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i') \
           LEFT JOIN pg_class tc ON tc.oid = d.refobjid LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace \
           LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
         WHERE {filter} AND d.deptype IS DISTINCT FROM 'i' AND {} \
         ORDER BY c.oid",
        not_in_extension("pg_class", "c.oid")
    );
    for row in tx.query(&sequences, &[schemas])? {
        let owner = match (row.get::<_, Option<String>>(10), row.get(11), row.get(12)) {
            (Some(schema), Some(table), Some(column)) => Some((schema, table, column)),
            _ => None,
        };
        rows.sequences.push(SequenceRow {
            schema: row.get(0),
            name: row.get(1),
            ty: row.get(2),
            start: row.get(3),
            increment: row.get(4),
            min: row.get(5),
            max: row.get(6),
            cache: row.get(7),
            cycle: row.get(8),
            unlogged: row.get(9),
            owner,
            comment: row.get(13),
        });
    }

    let routines = format!(
        "SELECT n.nspname, p.proname, p.prokind = 'p', pg_get_function_identity_arguments(p.oid), \
           pg_get_functiondef(p.oid), obj_description(p.oid, 'pg_proc') \
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE p.prokind IN ('f', 'p') AND {filter} AND {} \
           AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid \
             AND i.deptype = 'i') \
         ORDER BY p.oid",
        not_in_extension("pg_proc", "p.oid")
    );
    for row in tx.query(&routines, &[schemas])? {
        rows.routines.push(RoutineRow {
            schema: row.get(0),
            name: row.get(1),
            procedure: row.get(2),
            identity: row.get(3),
            definition: row.get(4),
            comment: row.get(5),
        });
    }

    read_aggregates(tx, filter, schemas, &mut rows)?;

    // A partition's copy of its parent's trigger is the parent's (tgparentid, PostgreSQL 13+).
    let clone = if version >= 130000 { "AND t.tgparentid = 0" } else { "" };
    let triggers = format!(
        "SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid), obj_description(t.oid, 'pg_trigger'), \
           t.tgenabled::text \
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE NOT t.tgisinternal {clone} AND NOT c.relispartition AND {filter} AND {} ORDER BY t.oid",
        not_in_extension("pg_trigger", "t.oid")
    );
    for row in tx.query(&triggers, &[schemas])? {
        rows.triggers.push(table_object(&row));
    }

    // A view's `_RETURN` rule is the view itself.
    let rules = format!(
        "SELECT n.nspname, c.relname, r.rulename, pg_get_ruledef(r.oid), obj_description(r.oid, 'pg_rewrite'), \
           r.ev_enabled::text \
         FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE r.rulename <> '_RETURN' AND {filter} AND {} ORDER BY r.oid",
        not_in_extension("pg_rewrite", "r.oid")
    );
    for row in tx.query(&rules, &[schemas])? {
        rows.rules.push(table_object(&row));
    }

    let policies = format!(
        "SELECT n.nspname, c.relname, p.polname, p.polpermissive, p.polcmd::text, \
           ARRAY(SELECT quote_ident(r.rolname) FROM pg_roles r WHERE r.oid = ANY(p.polroles) ORDER BY r.rolname), \
           pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), \
           obj_description(p.oid, 'pg_policy') \
         FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {filter} ORDER BY p.oid"
    );
    for row in tx.query(&policies, &[schemas])? {
        rows.policies.push(PolicyRow {
            schema: row.get(0),
            table: row.get(1),
            name: row.get(2),
            permissive: row.get(3),
            command: row.get(4),
            roles: row.get(5),
            using: row.get(6),
            with_check: row.get(7),
            comment: row.get(8),
        });
    }
    read_collations(tx, filter, schemas, &mut rows)?;
    read_publications(tx, version, &mut rows)?;
    read_event_triggers(tx, &mut rows)?;
    Ok(rows)
}

fn comment_on(kind: &str, name: &str, comment: Option<String>) -> Option<String> {
    comment.map(|c| format!("COMMENT ON {kind} {name} IS {};", literal(&c)))
}

/// `CREATE COLLATION` for each user collation, ICU or libc. The ICU locale's column is
/// `colliculocale` in PostgreSQL 15 and 16 and `colllocale` from 17: read through the row's JSON.
fn read_collations(
    tx: &mut Transaction<'_>,
    filter: &str,
    schemas: &Vec<String>,
    rows: &mut ObjectRows,
) -> Result<(), postgres::Error> {
    let query = format!(
        "SELECT n.nspname, c.collname, c.collprovider::text, c.collcollate, c.collctype, \
           coalesce(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale'), c.collisdeterministic, \
           obj_description(c.oid, 'pg_collation') \
         FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace \
         WHERE c.collprovider <> 'd' AND {filter} AND {} ORDER BY c.oid",
        not_in_extension("pg_collation", "c.oid")
    );
    for row in tx.query(&query, &[schemas])? {
        let name = qualified(&row.get::<_, String>(0), &row.get::<_, String>(1));
        let provider: String = row.get(2);
        let mut options = match provider.as_str() {
            "i" => vec![
                "provider = icu".to_string(),
                format!("locale = {}", literal(&row.get::<_, Option<String>>(5).unwrap_or_default())),
            ],
            _ => vec![
                "provider = libc".to_string(),
                format!("lc_collate = {}", literal(&row.get::<_, Option<String>>(3).unwrap_or_default())),
                format!("lc_ctype = {}", literal(&row.get::<_, Option<String>>(4).unwrap_or_default())),
            ],
        };
        if !row.get::<_, bool>(6) {
            options.push("deterministic = false".to_string());
        }
        rows.collations.push(BuiltRow {
            statements: vec![format!("CREATE COLLATION {name} ({})", options.join(", "))],
            comment: comment_on("COLLATION", &name, row.get(7)),
        });
    }
    Ok(())
}

/// `CREATE PUBLICATION` for each publication: all tables, or its tables (with their column lists
/// and row filters) and schemas (PostgreSQL 15+), and what it publishes when not everything.
fn read_publications(tx: &mut Transaction<'_>, version: i32, rows: &mut ObjectRows) -> Result<(), postgres::Error> {
    let (table_extra, schemas) = if version >= 150000 {
        (
            "|| CASE WHEN pr.prattrs IS NULL THEN '' ELSE ' (' || (SELECT string_agg(quote_ident(a.attname), ', ' \
               ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = pr.prrelid \
               AND a.attnum = ANY(pr.prattrs::int2[])) || ')' END \
             || coalesce(' WHERE (' || pg_get_expr(pr.prqual, pr.prrelid) || ')', '')",
            "ARRAY(SELECT quote_ident(n.nspname) FROM pg_publication_namespace pn \
               JOIN pg_namespace n ON n.oid = pn.pnnspid WHERE pn.pnpubid = p.oid ORDER BY 1)",
        )
    } else {
        ("", "ARRAY[]::text[]")
    };
    let query = format!(
        "SELECT p.pubname, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot, \
           ARRAY(SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) {table_extra} \
             FROM pg_publication_rel pr JOIN pg_class c ON c.oid = pr.prrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE pr.prpubid = p.oid ORDER BY 1), \
           {schemas}, obj_description(p.oid, 'pg_publication') \
         FROM pg_publication p ORDER BY p.oid"
    );
    for row in tx.query(&query, &[])? {
        let name = ident(&row.get::<_, String>(0));
        let (tables, schemas): (Vec<String>, Vec<String>) = (row.get(7), row.get(8));
        let mut objects = Vec::new();
        if row.get::<_, bool>(1) {
            objects.push("ALL TABLES".to_string());
        }
        if !tables.is_empty() {
            objects.push(format!("TABLE {}", tables.join(", ")));
        }
        if !schemas.is_empty() {
            objects.push(format!("TABLES IN SCHEMA {}", schemas.join(", ")));
        }
        let mut sql = format!("CREATE PUBLICATION {name}");
        if !objects.is_empty() {
            sql.push_str(&format!(" FOR {}", objects.join(", ")));
        }
        let published: Vec<&str> = ["insert", "update", "delete", "truncate"]
            .into_iter()
            .enumerate()
            .filter(|(i, _)| row.get::<_, bool>(2 + i))
            .map(|(_, op)| op)
            .collect();
        let mut with = Vec::new();
        if published.len() < 4 {
            with.push(format!("publish = {}", literal(&published.join(", "))));
        }
        if row.get::<_, bool>(6) {
            with.push("publish_via_partition_root = true".to_string());
        }
        if !with.is_empty() {
            sql.push_str(&format!(" WITH ({})", with.join(", ")));
        }
        rows.publications
            .push(BuiltRow { statements: vec![sql], comment: comment_on("PUBLICATION", &name, row.get(9)) });
    }
    Ok(())
}

/// `CREATE EVENT TRIGGER` for each event trigger, with its switch when it is not plainly enabled.
fn read_event_triggers(tx: &mut Transaction<'_>, rows: &mut ObjectRows) -> Result<(), postgres::Error> {
    let query = format!(
        "SELECT e.evtname, e.evtevent, e.evtfoid::regproc::text, e.evttags, e.evtenabled::text, \
           obj_description(e.oid, 'pg_event_trigger') \
         FROM pg_event_trigger e WHERE {} ORDER BY e.oid",
        not_in_extension("pg_event_trigger", "e.oid")
    );
    for row in tx.query(&query, &[])? {
        let name = ident(&row.get::<_, String>(0));
        let (event, function): (String, String) = (row.get(1), row.get(2));
        let tags: Option<Vec<String>> = row.get(3);
        let when = match tags.filter(|t| !t.is_empty()) {
            Some(tags) => {
                format!(" WHEN TAG IN ({})", tags.iter().map(|t| literal(t)).collect::<Vec<_>>().join(", "))
            }
            None => String::new(),
        };
        let mut statements =
            vec![format!("CREATE EVENT TRIGGER {name} ON {event}{when} EXECUTE FUNCTION {function}()")];
        let switch = enable_switch(&row.get::<_, String>(4));
        if let Some(switch) = switch {
            statements.push(format!("ALTER EVENT TRIGGER {name} {switch}"));
        }
        rows.event_triggers.push(BuiltRow { statements, comment: comment_on("EVENT TRIGGER", &name, row.get(5)) });
    }
    Ok(())
}

/// The `ALTER ... DISABLE` / `ENABLE REPLICA` / `ENABLE ALWAYS` a trigger, rule or event trigger
/// needs for its catalog switch (`tgenabled`, `ev_enabled`, `evtenabled`); `O` (enabled) needs none.
fn enable_switch(enabled: &str) -> Option<&'static str> {
    match enabled {
        "D" => Some("DISABLE"),
        "R" => Some("ENABLE REPLICA"),
        "A" => Some("ENABLE ALWAYS"),
        _ => None,
    }
}

fn render_built(list: &[BuiltRow], out: &mut String, comments: &mut String) {
    for row in list {
        for statement in &row.statements {
            let _ = writeln!(out, "{statement};");
        }
        if let Some(comment) = &row.comment {
            let _ = writeln!(comments, "{comment}");
        }
    }
}

fn table_object(row: &postgres::Row) -> TableObjectRow {
    let definition: String = row.get(3);
    TableObjectRow {
        schema: row.get(0),
        table: row.get(1),
        name: row.get(2),
        definition: definition.trim().trim_end_matches(';').to_string(),
        comment: row.get(4),
        enabled: row.get(5),
    }
}

/// PostgreSQL has no `pg_get_aggregatedef`: the statement is built from `pg_aggregate` as pg_dump
/// builds it, leaving out what is the default.
fn read_aggregates(
    tx: &mut Transaction<'_>,
    filter: &str,
    schemas: &Vec<String>,
    rows: &mut ObjectRows,
) -> Result<(), postgres::Error> {
    // A function reference (regproc) as text, or NULL for none.
    let func = |column: &str| format!("CASE WHEN a.{column}::oid <> 0 THEN a.{column}::regproc::text END");
    let aggregates = format!(
        "SELECT n.nspname, p.proname, pg_get_function_arguments(p.oid), pg_get_function_identity_arguments(p.oid), \
           a.aggkind::text, {}, format_type(a.aggtranstype, NULL), a.aggtransspace, {}, a.aggfinalextra, \
           a.aggfinalmodify::text, {}, {}, {}, {}, {}, {}, a.aggmfinalextra, a.aggmfinalmodify::text, \
           CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END, a.aggmtransspace, \
           a.agginitval, a.aggminitval, \
           (SELECT format('OPERATOR(%s.%s)', quote_ident(onsp.nspname), o.oprname) FROM pg_operator o \
              JOIN pg_namespace onsp ON onsp.oid = o.oprnamespace WHERE o.oid = a.aggsortop), \
           p.proparallel::text, obj_description(p.oid, 'pg_proc') \
         FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE {filter} AND {} ORDER BY p.oid",
        func("aggtransfn"),
        func("aggfinalfn"),
        func("aggcombinefn"),
        func("aggserialfn"),
        func("aggdeserialfn"),
        func("aggmtransfn"),
        func("aggminvtransfn"),
        func("aggmfinalfn"),
        not_in_extension("pg_proc", "p.oid")
    );
    for row in tx.query(&aggregates, &[schemas])? {
        let kind: String = row.get(4);
        // Ordered-set aggregates modify their state by default; normal ones only read it.
        let default_modify = if kind == "n" { "r" } else { "w" };
        let modify = |code: String| match code.as_str() {
            _ if code == default_modify => None,
            "r" => Some("READ_ONLY".to_string()),
            "s" => Some("SHAREABLE".to_string()),
            _ => Some("READ_WRITE".to_string()),
        };
        let mut options: Vec<(&'static str, String)> = Vec::new();
        let mut push = |key: &'static str, value: Option<String>| {
            if let Some(value) = value {
                options.push((key, value));
            }
        };
        push("SFUNC", row.get(5));
        push("STYPE", row.get(6));
        push("SSPACE", Some(row.get::<_, i32>(7)).filter(|s| *s != 0).map(|s| s.to_string()));
        push("INITCOND", row.get::<_, Option<String>>(21).map(|v| literal(&v)));
        push("FINALFUNC", row.get(8));
        push("FINALFUNC_EXTRA", row.get::<_, bool>(9).then(String::new));
        push("FINALFUNC_MODIFY", modify(row.get(10)));
        push("COMBINEFUNC", row.get(11));
        push("SERIALFUNC", row.get(12));
        push("DESERIALFUNC", row.get(13));
        push("MSFUNC", row.get(14));
        push("MINVFUNC", row.get(15));
        push("MSTYPE", row.get(19));
        push("MSSPACE", Some(row.get::<_, i32>(20)).filter(|s| *s != 0).map(|s| s.to_string()));
        push("MINITCOND", row.get::<_, Option<String>>(22).map(|v| literal(&v)));
        push("MFINALFUNC", row.get(16));
        push("MFINALFUNC_EXTRA", row.get::<_, bool>(17).then(String::new));
        if row.get::<_, Option<String>>(14).is_some() {
            push("MFINALFUNC_MODIFY", modify(row.get(18)));
        }
        push("SORTOP", row.get(23));
        push("HYPOTHETICAL", (kind == "h").then(String::new));
        let parallel: String = row.get(24);
        push(
            "PARALLEL",
            match parallel.as_str() {
                "s" => Some("safe".to_string()),
                "r" => Some("restricted".to_string()),
                _ => None,
            },
        );
        rows.aggregates.push(AggregateRow {
            schema: row.get(0),
            name: row.get(1),
            arguments: row.get(2),
            identity: row.get(3),
            options,
            comment: row.get(25),
        });
    }
    Ok(())
}

/// What comes before the tables: extensions (their types may be column types), composite and
/// range types (column types too), sequences (defaults draw from them), functions and aggregates
/// (defaults and checks call them).
pub(crate) fn render_before_tables(rows: &ObjectRows, out: &mut String, comments: &mut String) {
    for e in &rows.extensions {
        let _ = writeln!(out, "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};", ident(&e.name), ident(&e.schema));
        if let Some(comment) = &e.comment {
            let _ = writeln!(comments, "COMMENT ON EXTENSION {} IS {};", ident(&e.name), literal(comment));
        }
    }
    render_built(&rows.collations, out, comments);
    for t in &rows.types {
        let name = qualified(&t.schema, &t.name);
        let _ = writeln!(out, "CREATE TYPE {name} {};", t.body);
        if let Some(comment) = &t.comment {
            let _ = writeln!(comments, "COMMENT ON TYPE {name} IS {};", literal(comment));
        }
    }
    for s in &rows.sequences {
        let name = qualified(&s.schema, &s.name);
        let _ = writeln!(out, "{};", sequence_ddl(s));
        if let Some(comment) = &s.comment {
            let _ = writeln!(comments, "COMMENT ON SEQUENCE {name} IS {};", literal(comment));
        }
    }
    for r in &rows.routines {
        // pg_dump writes `CREATE FUNCTION`; the server's text says `CREATE OR REPLACE FUNCTION`.
        let definition = r.definition.trim().trim_end_matches(';');
        let definition = match definition.strip_prefix("CREATE OR REPLACE ") {
            Some(rest) => format!("CREATE {rest}"),
            None => definition.to_string(),
        };
        let _ = writeln!(out, "{definition};");
        if let Some(comment) = &r.comment {
            let kind = if r.procedure { "PROCEDURE" } else { "FUNCTION" };
            let name = qualified(&r.schema, &r.name);
            let _ = writeln!(comments, "COMMENT ON {kind} {name}({}) IS {};", r.identity, literal(comment));
        }
    }
    for a in &rows.aggregates {
        let name = qualified(&a.schema, &a.name);
        let arguments = if a.arguments.is_empty() { "*" } else { &a.arguments };
        let options: Vec<String> = a
            .options
            .iter()
            .map(|(key, value)| if value.is_empty() { key.to_string() } else { format!("{key} = {value}") })
            .collect();
        let _ = writeln!(out, "CREATE AGGREGATE {name}({arguments}) (\n    {}\n);", options.join(",\n    "));
        if let Some(comment) = &a.comment {
            let identity = if a.identity.is_empty() { "*" } else { &a.identity };
            let _ = writeln!(comments, "COMMENT ON AGGREGATE {name}({identity}) IS {};", literal(comment));
        }
    }
}

/// What needs the tables: sequence ownership, triggers, rules, policies.
pub(crate) fn render_after_tables(rows: &ObjectRows, out: &mut String, comments: &mut String) {
    for s in &rows.sequences {
        if let Some((schema, table, column)) = &s.owner {
            let _ = writeln!(
                out,
                "ALTER SEQUENCE {} OWNED BY {}.{};",
                qualified(&s.schema, &s.name),
                qualified(schema, table),
                ident(column)
            );
        }
    }
    for (kind, list) in [("TRIGGER", &rows.triggers), ("RULE", &rows.rules)] {
        for o in list {
            let _ = writeln!(out, "{};", o.definition);
            // A dump restores the switch the same way.
            let switch = enable_switch(&o.enabled);
            if let Some(switch) = switch {
                let on = qualified(&o.schema, &o.table);
                let _ = writeln!(out, "ALTER TABLE {on} {switch} {kind} {};", ident(&o.name));
            }
            if let Some(comment) = &o.comment {
                let on = qualified(&o.schema, &o.table);
                let _ = writeln!(comments, "COMMENT ON {kind} {} ON {on} IS {};", ident(&o.name), literal(comment));
            }
        }
    }
    for p in &rows.policies {
        let on = qualified(&p.schema, &p.table);
        let _ = writeln!(out, "{};", policy_ddl(p));
        if let Some(comment) = &p.comment {
            let _ = writeln!(comments, "COMMENT ON POLICY {} ON {on} IS {};", ident(&p.name), literal(comment));
        }
    }
    render_built(&rows.publications, out, comments);
    render_built(&rows.event_triggers, out, comments);
}

/// `CREATE SEQUENCE` as pg_dump writes it: `NO MINVALUE`/`NO MAXVALUE` for the defaults, `AS`
/// unless bigint.
fn sequence_ddl(s: &SequenceRow) -> String {
    let (type_min, type_max) = match s.ty.as_str() {
        "smallint" => (i16::MIN as i64, i16::MAX as i64),
        "integer" => (i32::MIN as i64, i32::MAX as i64),
        _ => (i64::MIN, i64::MAX),
    };
    let (default_min, default_max) = if s.increment > 0 { (1, type_max) } else { (type_min, -1) };
    let unlogged = if s.unlogged { "UNLOGGED " } else { "" };
    let mut text = format!("CREATE {unlogged}SEQUENCE {}", qualified(&s.schema, &s.name));
    if s.ty != "bigint" {
        let _ = write!(text, "\n    AS {}", s.ty);
    }
    let _ = write!(text, "\n    START WITH {}\n    INCREMENT BY {}", s.start, s.increment);
    if s.min == default_min {
        text.push_str("\n    NO MINVALUE");
    } else {
        let _ = write!(text, "\n    MINVALUE {}", s.min);
    }
    if s.max == default_max {
        text.push_str("\n    NO MAXVALUE");
    } else {
        let _ = write!(text, "\n    MAXVALUE {}", s.max);
    }
    let _ = write!(text, "\n    CACHE {}", s.cache);
    if s.cycle {
        text.push_str("\n    CYCLE");
    }
    text
}

/// `CREATE POLICY` as pg_dump writes it: `FOR` unless all commands, `TO` unless `PUBLIC`.
fn policy_ddl(p: &PolicyRow) -> String {
    let mut text = format!("CREATE POLICY {} ON {}", ident(&p.name), qualified(&p.schema, &p.table));
    if !p.permissive {
        text.push_str(" AS RESTRICTIVE");
    }
    let command = match p.command.as_str() {
        "r" => Some("SELECT"),
        "a" => Some("INSERT"),
        "w" => Some("UPDATE"),
        "d" => Some("DELETE"),
        _ => None,
    };
    if let Some(command) = command {
        let _ = write!(text, " FOR {command}");
    }
    if !p.roles.is_empty() {
        let _ = write!(text, " TO {}", p.roles.join(", "));
    }
    if let Some(using) = &p.using {
        let _ = write!(text, " USING ({using})");
    }
    if let Some(check) = &p.with_check {
        let _ = write!(text, " WITH CHECK ({check})");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sequence(ty: &str, increment: i64, min: i64, max: i64) -> SequenceRow {
        SequenceRow {
            schema: "public".into(),
            name: "s".into(),
            ty: ty.into(),
            start: 1,
            increment,
            min,
            max,
            cache: 1,
            cycle: false,
            unlogged: false,
            owner: None,
            comment: None,
        }
    }

    #[test]
    fn sequences_leave_out_their_type_defaults_as_pg_dump_does() {
        let serial = sequence_ddl(&sequence("integer", 1, 1, i32::MAX as i64));
        assert_eq!(
            serial,
            "CREATE SEQUENCE \"public\".\"s\"\n    AS integer\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1"
        );
        let down = sequence_ddl(&sequence("bigint", -1, -100, -1));
        assert!(down.contains("MINVALUE -100") && down.contains("NO MAXVALUE") && !down.contains(" AS "), "{down}");
    }

    #[test]
    fn policies_name_only_what_is_not_the_default() {
        let policy = PolicyRow {
            schema: "public".into(),
            table: "docs".into(),
            name: "own".into(),
            permissive: false,
            command: "r".into(),
            roles: vec!["app".into()],
            using: Some("(owner = CURRENT_USER)".into()),
            with_check: None,
            comment: None,
        };
        assert_eq!(
            policy_ddl(&policy),
            "CREATE POLICY \"own\" ON \"public\".\"docs\" AS RESTRICTIVE FOR SELECT TO app USING ((owner = CURRENT_USER))"
        );
        let all = PolicyRow { permissive: true, command: "*".into(), roles: vec![], ..policy };
        assert_eq!(all.command, "*");
        assert!(!policy_ddl(&all).contains(" FOR ") && !policy_ddl(&all).contains(" TO "));
    }
}

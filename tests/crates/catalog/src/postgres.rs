//! A PostgreSQL database's catalog, from `pg_catalog` as PostgreSQL prints it back
//! (`format_type`, `pg_get_constraintdef`, `pg_get_indexdef`, `pg_get_viewdef`,
//! `pg_get_triggerdef`, `pg_get_functiondef`, `pg_get_expr`, ...).
//!
//! Only what a script made is read: system schemas are left out, and so is every object that
//! belongs to an extension (`pg_depend` type `e`), so a database using `citext` lists the
//! extension, not its hundred functions. Objects PostgreSQL makes by itself are left out too,
//! because the object that made them says it: a partition's copies of its parent's constraints,
//! indexes and triggers, an identity column's sequence, the indexes behind keys, a table's row
//! type and the array types, a range type's constructor functions.

use std::collections::BTreeMap;

use postgres::{Client, NoTls, Row};

use crate::{Catalog, Column, Error, Object, Table, View, names, squash};

/// The namespaces a script made: not the system's, not an extension's.
const USER_NAMESPACES: &str = "SELECT n.oid FROM pg_namespace n \
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') \
      AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%' \
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass \
                      AND d.objid = n.oid AND d.deptype = 'e')";

/// `NOT <an extension's member>` for an object of catalog `class` whose OID is `oid`.
fn own(class: &str, oid: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '{class}'::regclass \
         AND d.objid = {oid} AND d.deptype = 'e')"
    )
}

/// Reads the catalog of the database `url` names.
pub fn snapshot(url: &str) -> Result<Catalog, Error> {
    let mut client = Client::connect(url, NoTls)?;
    client.batch_execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")?;
    let mut catalog = Catalog::default();
    read_schemas(&mut client, &mut catalog)?;
    let relations = read_relations(&mut client, &mut catalog)?;
    read_columns(&mut client, &relations, &mut catalog)?;
    read_constraints(&mut client, &relations, &mut catalog)?;
    read_indexes(&mut client, &relations, &mut catalog)?;
    read_triggers(&mut client, &relations, &mut catalog)?;
    read_sequences(&mut client, &mut catalog)?;
    read_routines(&mut client, &mut catalog)?;
    read_types(&mut client, &mut catalog)?;
    read_extensions(&mut client, &mut catalog)?;
    read_operators(&mut client, &mut catalog)?;
    read_policies_and_rules(&mut client, &relations, &mut catalog)?;
    Ok(catalog)
}

fn text(row: &Row, i: usize) -> Option<String> {
    row.get::<_, Option<String>>(i)
}

fn read_schemas(client: &mut Client, catalog: &mut Catalog) -> Result<(), Error> {
    for row in client.query(
        &format!(
            "SELECT n.nspname::text, obj_description(n.oid, 'pg_namespace') FROM pg_namespace n \
             WHERE n.oid IN ({USER_NAMESPACES})"
        ),
        &[],
    )? {
        let name: String = row.get(0);
        catalog.schemas.insert(name, Object::new("").with_comment(text(&row, 1)));
    }
    Ok(())
}

/// A relation's OID and where it went: a table's or view's qualified name, and whether it is a
/// view.
struct Relation {
    name: String,
    /// The bare name, for the names PostgreSQL chooses.
    bare: String,
    view: bool,
}

type Relations = BTreeMap<u32, Relation>;

fn read_relations(client: &mut Client, catalog: &mut Catalog) -> Result<Relations, Error> {
    let rows = client.query(
        &format!(
            "SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::text, c.relpersistence::text, \
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, \
               (SELECT quote_ident(pn.nspname) || '.' || quote_ident(p.relname) || ' ' || pg_get_expr(c.relpartbound, c.oid) \
                  FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace \
                  WHERE i.inhrelid = c.oid AND c.relispartition), \
               (SELECT string_agg(quote_ident(pn.nspname) || '.' || quote_ident(p.relname), ', ' ORDER BY i.inhseqno) \
                  FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace \
                  WHERE i.inhrelid = c.oid AND NOT c.relispartition), \
               array_to_string(c.reloptions, ', '), c.relrowsecurity, c.relforcerowsecurity, \
               obj_description(c.oid, 'pg_class'), \
               CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END, \
               CASE WHEN c.relkind IN ('r', 'p', 'm') THEN am.amname::text END \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_am am ON am.oid = c.relam \
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.oid IN ({USER_NAMESPACES}) AND {}",
            own("pg_class", "c.oid")
        ),
        &[],
    )?;
    let mut relations = Relations::new();
    for row in rows {
        let oid: u32 = row.get(0);
        let (schema, bare): (String, String) = (row.get(1), row.get(2));
        let name = format!("{schema}.{bare}");
        let kind: String = row.get(3);
        let mut options = BTreeMap::new();
        let mut put = |key: &str, value: Option<String>| {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                options.insert(key.to_owned(), value);
            }
        };
        put("reloptions", text(&row, 8));
        if kind == "v" || kind == "m" {
            let view = View {
                materialized: kind == "m",
                definition: squash(&text(&row, 12).unwrap_or_default()),
                options,
                comment: text(&row, 11),
                ..View::default()
            };
            catalog.views.insert(name.clone(), view);
            relations.insert(oid, Relation { name, bare, view: true });
            continue;
        }
        if kind == "f" {
            put("foreign", Some("true".into()));
        }
        put("unlogged", (text(&row, 4).as_deref() == Some("u")).then(|| "true".into()));
        put("partition_by", text(&row, 5));
        put("partition_of", text(&row, 6));
        put("inherits", text(&row, 7));
        put("row_security", row.get::<_, bool>(9).then(|| "enabled".into()));
        put("force_row_security", row.get::<_, bool>(10).then(|| "true".into()));
        put("access_method", text(&row, 13).filter(|am| am != "heap"));
        let table = Table { options, comment: text(&row, 11), ..Table::default() };
        catalog.tables.insert(name.clone(), table);
        relations.insert(oid, Relation { name, bare, view: false });
    }
    Ok(relations)
}

fn read_columns(client: &mut Client, relations: &Relations, catalog: &mut Catalog) -> Result<(), Error> {
    let rows = client.query(
        "SELECT a.attrelid, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
           pg_get_expr(d.adbin, d.adrelid), a.attgenerated::text, a.attidentity::text, \
           CASE WHEN a.attcollation <> t.typcollation THEN co.collname::text END, \
           col_description(a.attrelid, a.attnum) \
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
           LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
           LEFT JOIN pg_collation co ON co.oid = a.attcollation \
         WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid = ANY($1) \
         ORDER BY a.attrelid, a.attnum",
        &[&relations.keys().copied().collect::<Vec<u32>>()],
    )?;
    let mut positions: BTreeMap<u32, usize> = BTreeMap::new();
    for row in rows {
        let oid: u32 = row.get(0);
        let relation = &relations[&oid];
        let position = positions.entry(oid).or_default();
        *position += 1;
        let name: String = row.get(1);
        let ty: String = row.get(2);
        if relation.view {
            let view = catalog.views.get_mut(&relation.name).expect("read with the relations");
            view.columns.push(format!("{name} {ty}"));
            if let Some(comment) = text(&row, 8) {
                view.column_comments.insert(name, comment);
            }
            continue;
        }
        let default = text(&row, 4);
        let generated = text(&row, 5).filter(|g| !g.is_empty());
        let (default, generated) = match generated {
            Some(_) => (None, default.map(|expr| format!("STORED {expr}"))),
            None => (default, None),
        };
        let identity = match text(&row, 6).as_deref() {
            Some("a") => Some("ALWAYS".to_owned()),
            Some("d") => Some("BY DEFAULT".to_owned()),
            _ => None,
        };
        let column = Column {
            position: *position,
            ty,
            nullable: !row.get::<_, bool>(3),
            default,
            generated,
            identity,
            collation: text(&row, 7),
            comment: text(&row, 8),
            ..Column::default()
        };
        let table = catalog.tables.get_mut(&relation.name).expect("read with the relations");
        table.columns.insert(name, column);
    }
    Ok(())
}

fn read_constraints(client: &mut Client, relations: &Relations, catalog: &mut Catalog) -> Result<(), Error> {
    let rows = client.query(
        "SELECT con.conrelid, con.conname::text, con.contype::text, pg_get_constraintdef(con.oid, true), \
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord) \
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum), \
           obj_description(con.oid, 'pg_constraint') \
         FROM pg_constraint con \
         WHERE con.conrelid = ANY($1) AND con.conparentid = 0 AND con.conislocal",
        &[&relations.keys().copied().collect::<Vec<u32>>()],
    )?;
    for row in rows {
        let relation = &relations[&row.get::<_, u32>(0)];
        let Some(table) = catalog.tables.get_mut(&relation.name) else { continue };
        let name: String = row.get(1);
        let kind: String = row.get(2);
        let definition: String = row.get(3);
        let columns: Vec<String> = row.get::<_, Option<Vec<String>>>(4).unwrap_or_default();
        let comment = text(&row, 5);
        let (label, map) = match kind.as_str() {
            "p" => ("pkey", None),
            "f" => ("fkey", Some(&mut table.foreign_keys)),
            "u" => ("key", Some(&mut table.uniques)),
            "c" => ("check", Some(&mut table.checks)),
            "x" => ("excl", Some(&mut table.exclusions)),
            // Constraint triggers are read as triggers.
            _ => continue,
        };
        let generated = match label {
            "pkey" => names::is_postgres_default(&name, &relation.bare, &[], "pkey"),
            // A check is named after one of the columns it uses, or after the table alone.
            "check" => {
                names::is_postgres_default(&name, &relation.bare, &[], label)
                    || columns
                        .iter()
                        .any(|c| names::is_postgres_default(&name, &relation.bare, std::slice::from_ref(c), label))
            }
            _ => names::is_postgres_default(&name, &relation.bare, &columns, label),
        };
        let object =
            Object::new(definition.clone()).with("name", (!generated).then(|| name.clone())).with_comment(comment);
        match map {
            None => table.primary_key = Some(object),
            Some(map) => {
                map.insert(if generated { definition } else { name }, object);
            }
        }
    }
    Ok(())
}

fn read_indexes(client: &mut Client, relations: &Relations, catalog: &mut Catalog) -> Result<(), Error> {
    let rows = client.query(
        "SELECT i.indrelid, ic.relname::text, pg_get_indexdef(i.indexrelid), \
           (SELECT array_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k) \
              FROM generate_series(1, i.indnkeyatts) k), \
           obj_description(i.indexrelid, 'pg_class') \
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid \
         WHERE i.indrelid = ANY($1) \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid \
                           AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) \
           AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = i.indexrelid)",
        &[&relations.keys().copied().collect::<Vec<u32>>()],
    )?;
    for row in rows {
        let relation = &relations[&row.get::<_, u32>(0)];
        let name: String = row.get(1);
        let definition: String = row.get(2);
        let parts: Vec<String> = row.get::<_, Option<Vec<String>>>(3).unwrap_or_default();
        let column_names = names::pg_index_column_names(&parts);
        let generated = names::is_postgres_default(&name, &relation.bare, &column_names, "idx");
        // The definition without the index's name, which is compared apart.
        let definition = match definition.split_once(" ON ") {
            Some((head, tail)) => {
                let unique = if head.starts_with("CREATE UNIQUE") { "UNIQUE " } else { "" };
                format!("{unique}INDEX ON {tail}")
            }
            None => definition,
        };
        let object = Object::new(definition.clone()).with_comment(text(&row, 4));
        let key = if generated { definition } else { name };
        let indexes = match catalog.tables.get_mut(&relation.name) {
            Some(table) => &mut table.indexes,
            None => &mut catalog.views.get_mut(&relation.name).expect("a relation is a table or a view").indexes,
        };
        indexes.insert(key, object);
    }
    Ok(())
}

fn read_triggers(client: &mut Client, relations: &Relations, catalog: &mut Catalog) -> Result<(), Error> {
    let rows = client.query(
        "SELECT t.tgrelid, t.tgname::text, pg_get_triggerdef(t.oid, true), t.tgenabled::text, \
           obj_description(t.oid, 'pg_trigger') \
         FROM pg_trigger t WHERE t.tgrelid = ANY($1) AND NOT t.tgisinternal AND t.tgparentid = 0",
        &[&relations.keys().copied().collect::<Vec<u32>>()],
    )?;
    for row in rows {
        let relation = &relations[&row.get::<_, u32>(0)];
        let name: String = row.get(1);
        let enabled = text(&row, 3).filter(|e| e != "O");
        let object = Object::new(squash(&row.get::<_, String>(2))).with("enabled", enabled).with_comment(text(&row, 4));
        catalog.triggers.insert(format!("{name} on {}", relation.name), object);
    }
    Ok(())
}

fn read_sequences(client: &mut Client, catalog: &mut Catalog) -> Result<(), Error> {
    let rows = client.query(
        &format!(
            "SELECT n.nspname::text || '.' || c.relname::text, format_type(s.seqtypid, NULL), \
               s.seqstart::text, s.seqincrement::text, s.seqmin::text, s.seqmax::text, s.seqcache::text, s.seqcycle, \
               (SELECT tn.nspname::text || '.' || t.relname::text || '.' || a.attname::text \
                  FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace \
                  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass \
                    AND d.deptype = 'a'), \
               obj_description(c.oid, 'pg_class') \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid \
             WHERE c.relkind = 'S' AND n.oid IN ({USER_NAMESPACES}) AND {} \
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass \
                               AND d.objid = c.oid AND d.deptype = 'i')",
            own("pg_class", "c.oid")
        ),
        &[],
    )?;
    for row in rows {
        let name: String = row.get(0);
        let definition = format!(
            "AS {} START {} INCREMENT {} MINVALUE {} MAXVALUE {} CACHE {}{}",
            row.get::<_, String>(1),
            row.get::<_, String>(2),
            row.get::<_, String>(3),
            row.get::<_, String>(4),
            row.get::<_, String>(5),
            row.get::<_, String>(6),
            if row.get::<_, bool>(7) { " CYCLE" } else { "" }
        );
        let object = Object::new(definition).with("owned_by", text(&row, 8)).with_comment(text(&row, 9));
        catalog.sequences.insert(name, object);
    }
    Ok(())
}

fn read_routines(client: &mut Client, catalog: &mut Catalog) -> Result<(), Error> {
    let rows = client.query(
        &format!(
            "SELECT n.nspname::text || '.' || p.proname::text, p.prokind::text, \
               pg_get_function_identity_arguments(p.oid), \
               CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END, \
               CASE WHEN p.prokind = 'a' THEN \
                 (SELECT 'SFUNC = ' || a.aggtransfn::regprocedure::text || ', STYPE = ' || format_type(a.aggtranstype, NULL) \
                    || COALESCE(', FINALFUNC = ' || NULLIF(a.aggfinalfn, 0)::regprocedure::text, '') \
                    || COALESCE(', COMBINEFUNC = ' || NULLIF(a.aggcombinefn, 0)::regprocedure::text, '') \
                    || COALESCE(', INITCOND = ' || a.agginitval, '') \
                    || COALESCE(', SORTOP = ' || NULLIF(a.aggsortop, 0)::regoperator::text, '') \
                    || ', RETURNS ' || format_type(p.prorettype, NULL) \
                  FROM pg_aggregate a WHERE a.aggfnoid = p.oid) END, \
               obj_description(p.oid, 'pg_proc') \
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
             WHERE n.oid IN ({USER_NAMESPACES}) AND {} \
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass \
                               AND d.objid = p.oid AND d.deptype = 'i')",
            own("pg_proc", "p.oid")
        ),
        &[],
    )?;
    for row in rows {
        let name: String = row.get(0);
        let kind = match row.get::<_, String>(1).as_str() {
            "a" => "aggregate",
            "p" => "procedure",
            "w" => "window function",
            _ => "function",
        };
        let arguments: String = row.get(2);
        let definition = text(&row, 3).or_else(|| text(&row, 4)).unwrap_or_default();
        let object = Object::new(squash(&definition)).with_comment(text(&row, 5));
        catalog.routines.insert(format!("{kind} {name}({arguments})"), object);
    }
    Ok(())
}

fn read_types(client: &mut Client, catalog: &mut Catalog) -> Result<(), Error> {
    let rows = client.query(
        &format!(
            "SELECT n.nspname::text || '.' || t.typname::text, t.typtype::text, \
               CASE t.typtype \
                 WHEN 'd' THEN 'DOMAIN AS ' || format_type(t.typbasetype, t.typtypmod) \
                   || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END \
                   || COALESCE(' DEFAULT ' || t.typdefault, '') \
                   || COALESCE(' COLLATE ' || (SELECT co.collname::text FROM pg_collation co \
                        WHERE co.oid = t.typcollation AND t.typcollation <> (SELECT b.typcollation FROM pg_type b WHERE b.oid = t.typbasetype)), '') \
                 WHEN 'e' THEN 'ENUM (' || (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) \
                   FROM pg_enum e WHERE e.enumtypid = t.oid) || ')' \
                 WHEN 'c' THEN 'AS (' || (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) \
                   FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) || ')' \
                 WHEN 'r' THEN (SELECT 'RANGE (SUBTYPE = ' || format_type(r.rngsubtype, NULL) \
                   || COALESCE(', SUBTYPE_DIFF = ' || NULLIF(r.rngsubdiff, 0)::regproc::text, '') \
                   || COALESCE(', CANONICAL = ' || NULLIF(r.rngcanonical, 0)::regproc::text, '') || ')' \
                   FROM pg_range r WHERE r.rngtypid = t.oid) \
                 ELSE 'BASE (INPUT = ' || t.typinput::text || ', OUTPUT = ' || t.typoutput::text || ')' \
               END, \
               (SELECT string_agg(CASE WHEN con.conname = t.typname || '_check' THEN '' ELSE 'CONSTRAINT ' || quote_ident(con.conname) || ' ' END \
                  || pg_get_constraintdef(con.oid, true), ', ' ORDER BY con.conname) \
                  FROM pg_constraint con WHERE con.contypid = t.oid), \
               obj_description(t.oid, 'pg_type') \
             FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
             WHERE n.oid IN ({USER_NAMESPACES}) AND {} \
               AND t.typtype IN ('b', 'c', 'd', 'e', 'r') AND t.typcategory <> 'A' \
               AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')",
            own("pg_type", "t.oid")
        ),
        &[],
    )?;
    for row in rows {
        let name: String = row.get(0);
        let object = Object::new(text(&row, 2).unwrap_or_default())
            .with("constraints", text(&row, 3))
            .with_comment(text(&row, 4));
        catalog.types.insert(name, object);
    }
    Ok(())
}

fn read_extensions(client: &mut Client, catalog: &mut Catalog) -> Result<(), Error> {
    let rows = client.query(
        "SELECT e.extname::text, n.nspname::text, e.extversion, obj_description(e.oid, 'pg_extension') \
         FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace",
        &[],
    )?;
    for row in rows {
        let name: String = row.get(0);
        let definition = format!("SCHEMA {} VERSION {}", row.get::<_, String>(1), row.get::<_, String>(2));
        catalog.extensions.insert(name, Object::new(definition).with_comment(text(&row, 3)));
    }
    Ok(())
}

fn read_operators(client: &mut Client, catalog: &mut Catalog) -> Result<(), Error> {
    let rows = client.query(
        &format!(
            "SELECT n.nspname::text || '.' || o.oprname::text || '(' || \
               COALESCE(format_type(NULLIF(o.oprleft, 0), NULL), 'NONE') || ', ' || \
               COALESCE(format_type(NULLIF(o.oprright, 0), NULL), 'NONE') || ')', \
               'FUNCTION = ' || o.oprcode::regprocedure::text || ', RETURNS ' || format_type(o.oprresult, NULL) \
               || COALESCE(', COMMUTATOR = ' || NULLIF(o.oprcom, 0)::regoperator::text, '') \
               || COALESCE(', NEGATOR = ' || NULLIF(o.oprnegate, 0)::regoperator::text, '') \
               || COALESCE(', RESTRICT = ' || NULLIF(o.oprrest, 0)::regproc::text, '') \
               || COALESCE(', JOIN = ' || NULLIF(o.oprjoin, 0)::regproc::text, ''), \
               obj_description(o.oid, 'pg_operator') \
             FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace \
             WHERE n.oid IN ({USER_NAMESPACES}) AND {}",
            own("pg_operator", "o.oid")
        ),
        &[],
    )?;
    for row in rows {
        catalog.operators.insert(row.get(0), Object::new(row.get::<_, String>(1)).with_comment(text(&row, 2)));
    }
    Ok(())
}

fn read_policies_and_rules(client: &mut Client, relations: &Relations, catalog: &mut Catalog) -> Result<(), Error> {
    let oids: Vec<u32> = relations.keys().copied().collect();
    let policies = client.query(
        "SELECT p.polrelid, p.polname::text, \
           'FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' \
                                   WHEN 'd' THEN 'DELETE' ELSE 'ALL' END \
           || CASE WHEN p.polpermissive THEN '' ELSE ' AS RESTRICTIVE' END \
           || ' TO ' || COALESCE((SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ', ' ORDER BY 1) \
                                  FROM unnest(p.polroles) r), 'public') \
           || COALESCE(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '') \
           || COALESCE(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', ''), \
           obj_description(p.oid, 'pg_policy') \
         FROM pg_policy p WHERE p.polrelid = ANY($1)",
        &[&oids],
    )?;
    for row in policies {
        let relation = &relations[&row.get::<_, u32>(0)];
        let key = format!("{} on {}", row.get::<_, String>(1), relation.name);
        catalog.policies.insert(key, Object::new(row.get::<_, String>(2)).with_comment(text(&row, 3)));
    }
    let rules = client.query(
        "SELECT r.ev_class, r.rulename::text, pg_get_ruledef(r.oid, true), obj_description(r.oid, 'pg_rewrite') \
         FROM pg_rewrite r WHERE r.ev_class = ANY($1) AND r.rulename <> '_RETURN'",
        &[&oids],
    )?;
    for row in rules {
        let relation = &relations[&row.get::<_, u32>(0)];
        let key = format!("{} on {}", row.get::<_, String>(1), relation.name);
        catalog.rules.insert(key, Object::new(squash(&row.get::<_, String>(2))).with_comment(text(&row, 3)));
    }
    Ok(())
}

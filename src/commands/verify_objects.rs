//! The database objects a scratch database holds (functions, procedures, aggregates, triggers,
//! extensions, sequences, policies, rules, events), each with its definition as the engine
//! reports it (`pg_get_functiondef`, `pg_get_triggerdef`, `information_schema.routines`,
//! `sqlite_master`). `codegen verify` lists them before a migration's up and after its down,
//! and after the up and after the up again: a down that does not restore an object exactly (a
//! function body, a trigger left behind) is drift on every engine, whatever the model reader
//! knows of objects.

use codegen_migrations::Drift;

/// `(object, definition)` pairs, sorted: `("function public.touch()", "CREATE OR REPLACE ...")`.
pub(crate) type ObjectCatalog = Vec<(String, String)>;

const POSTGRES: &str = "
with member as (select objid from pg_depend where deptype = 'e'),
     ns as (select oid from pg_namespace where nspname not in ('pg_catalog', 'information_schema')
            and nspname not like 'pg_toast%' and nspname not like 'pg_temp%')
select case p.prokind when 'a' then 'aggregate ' when 'p' then 'procedure ' else 'function ' end
       || p.oid::regprocedure::text,
       case when p.prokind = 'a' then (select concat_ws(' ', a.aggtransfn::text, a.aggfinalfn::text,
            a.aggtranstype::regtype::text, a.agginitval) from pg_aggregate a where a.aggfnoid = p.oid)
            else pg_get_functiondef(p.oid) end
  from pg_proc p where p.pronamespace in (select oid from ns) and p.oid not in (select objid from member)
union all
select 'trigger ' || t.tgname || ' on ' || t.tgrelid::regclass::text, pg_get_triggerdef(t.oid)
  from pg_trigger t where not t.tgisinternal
union all
select 'extension ' || e.extname, e.extversion || ' in ' || e.extnamespace::regnamespace::text from pg_extension e
union all
select 'sequence ' || s.seqrelid::regclass::text, concat_ws(' ', s.seqtypid::regtype::text, s.seqstart,
       s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle)
  from pg_sequence s where s.seqrelid not in (select objid from member)
union all
select 'policy ' || p.polname || ' on ' || p.polrelid::regclass::text,
       concat_ws(' ', p.polcmd::text, p.polpermissive::text, p.polroles::text, pg_get_expr(p.polqual, p.polrelid),
       pg_get_expr(p.polwithcheck, p.polrelid))
  from pg_policy p
union all
select 'row-level security on ' || c.oid::regclass::text, 'force ' || c.relforcerowsecurity::text
  from pg_class c where c.relrowsecurity
union all
select 'rule ' || r.rulename || ' on ' || r.schemaname || '.' || r.tablename, r.definition
  from pg_rules r where r.schemaname not in ('pg_catalog', 'information_schema')
union all
select 'operator ' || o.oid::regoperator::text, o.oprcode::text || ' ' || o.oprrest::text || ' ' || o.oprjoin::text
  from pg_operator o where o.oprnamespace in (select oid from ns) and o.oid not in (select objid from member)
union all
select 'domain ' || t.oid::regtype::text, concat_ws(' ', format_type(t.typbasetype, t.typtypmod), t.typnotnull::text,
       t.typdefault, (select string_agg(pg_get_constraintdef(c.oid), ' ' order by c.conname)
                      from pg_constraint c where c.contypid = t.oid))
  from pg_type t where t.typtype = 'd' and t.typnamespace in (select oid from ns)
union all
select 'event trigger ' || e.evtname, concat_ws(' ', e.evtevent, e.evtfoid::regproc::text, e.evttags::text)
  from pg_event_trigger e
order by 1";

const MYSQL_TRIGGERS: &str = "select concat('trigger ', trigger_name, ' on ', event_object_table),
    concat_ws(' ', action_timing, event_manipulation, action_order, action_statement)
    from information_schema.triggers where trigger_schema = database()";
const MYSQL_ROUTINES: &str = "select concat(lower(r.routine_type), ' ', r.routine_name),
    concat_ws(' ', r.dtd_identifier, r.is_deterministic, r.sql_data_access, r.security_type,
      (select group_concat(concat_ws(' ', p.parameter_mode, p.parameter_name, p.dtd_identifier)
         order by p.ordinal_position separator ', ')
       from information_schema.parameters p
       where p.specific_schema = r.routine_schema and p.specific_name = r.specific_name
         and p.routine_type = r.routine_type and p.ordinal_position > 0),
      r.routine_definition)
    from information_schema.routines r where r.routine_schema = database()";
const MYSQL_EVENTS: &str = "select concat('event ', event_name),
    concat_ws(' ', event_type, execute_at, interval_value, interval_field, status, event_definition)
    from information_schema.events where event_schema = database()";

pub(crate) fn postgres(client: &mut postgres::Client) -> Result<ObjectCatalog, postgres::Error> {
    let rows = client.query(POSTGRES, &[])?;
    Ok(sorted(
        rows.iter().map(|r| (r.get::<_, String>(0), r.get::<_, Option<String>>(1).unwrap_or_default())).collect(),
    ))
}

pub(crate) fn mysql(conn: &mut mysql::Conn) -> Result<ObjectCatalog, mysql::Error> {
    use mysql::prelude::Queryable;
    let mut out = Vec::new();
    for query in [MYSQL_TRIGGERS, MYSQL_ROUTINES, MYSQL_EVENTS] {
        let rows: Vec<(String, Option<String>)> = conn.query(query)?;
        out.extend(rows.into_iter().map(|(object, definition)| (object, definition.unwrap_or_default())));
    }
    Ok(sorted(out))
}

pub(crate) fn sqlite(conn: &rusqlite::Connection) -> rusqlite::Result<ObjectCatalog> {
    let mut statement = conn.prepare(
        "select 'trigger ' || name || ' on ' || tbl_name, coalesce(sql, '') from sqlite_master where type = 'trigger'",
    )?;
    let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(sorted(rows.collect::<Result<_, _>>()?))
}

fn sorted(mut catalog: ObjectCatalog) -> ObjectCatalog {
    catalog.sort();
    catalog
}

/// What differs between the objects expected (the catalog at an earlier step) and found.
pub(crate) fn drifts(expected: &ObjectCatalog, found: &ObjectCatalog) -> Vec<Drift> {
    let mut out = Vec::new();
    for (object, definition) in expected {
        match found.iter().find(|(o, _)| o == object) {
            None => out.push(Drift {
                object: object.clone(),
                what: "missing".into(),
                expected: Some(one_line(definition)),
                found: None,
            }),
            Some((_, other)) if other != definition => out.push(Drift {
                object: object.clone(),
                what: "definition".into(),
                expected: Some(one_line(definition)),
                found: Some(one_line(other)),
            }),
            Some(_) => {}
        }
    }
    for (object, definition) in found {
        if !expected.iter().any(|(o, _)| o == object) {
            out.push(Drift {
                object: object.clone(),
                what: "unexpected".into(),
                expected: None,
                found: Some(one_line(definition)),
            });
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_missing_or_extra_object_is_drift() {
        let entry = |o: &str, d: &str| (o.to_string(), d.to_string());
        let before = vec![entry("function f()", "body 1"), entry("trigger t on x", "AFTER INSERT")];
        assert_eq!(drifts(&before, &before), []);
        let after = vec![entry("function f()", "body 2"), entry("function g()", "new")];
        let found: Vec<String> = drifts(&before, &after).iter().map(|d| format!("{} {}", d.object, d.what)).collect();
        assert_eq!(found, ["function f() definition", "trigger t on x missing", "function g() unexpected"]);
    }
}

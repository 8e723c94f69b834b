//! Triggers, stored procedures and functions, and events: one bulk `information_schema` query per
//! kind (two for routines: their parameters), written back out as the `CREATE` statements
//! `SHOW CREATE ...` would show, without the `DEFINER` (as the DDL reader drops it), so that
//! codegen-core's SQL reader carries them exactly as it carries the same objects from a dump.

use std::collections::BTreeMap;
use std::fmt::Write;

use mysql::Conn;

use super::catalog::rows;
use super::ddl::literal;

/// The objects of the connected database.
#[derive(Debug, Default)]
pub(crate) struct ObjectRows {
    pub triggers: Vec<TriggerRow>,
    pub routines: Vec<RoutineRow>,
    pub events: Vec<EventRow>,
}

#[derive(Debug)]
pub(crate) struct TriggerRow {
    pub name: String,
    pub table: String,
    /// `BEFORE` or `AFTER`.
    pub timing: String,
    /// `INSERT`, `UPDATE` or `DELETE`.
    pub event: String,
    pub body: String,
}

#[derive(Debug)]
pub(crate) struct RoutineRow {
    pub name: String,
    pub procedure: bool,
    /// A function's return type (`DTD_IDENTIFIER`: `int(11)`, `varchar(50)`).
    pub returns: String,
    pub body: String,
    pub deterministic: bool,
    /// `CONTAINS SQL` (the default), `NO SQL`, `READS SQL DATA`, `MODIFIES SQL DATA`.
    pub data_access: String,
    /// `DEFINER` (the default) or `INVOKER`.
    pub security: String,
    pub comment: String,
    /// `IN name type` (the mode only for procedures), in order.
    pub parameters: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct EventRow {
    pub name: String,
    pub body: String,
    /// `EVERY 1 DAY [STARTS ...] [ENDS ...]` or `AT '...'`.
    pub schedule: String,
    pub preserve: bool,
    /// `ENABLED`, `DISABLED` or `SLAVESIDE_DISABLED`.
    pub status: String,
    pub comment: String,
}

type RoutineTuple = (String, String, Option<String>, Option<String>, String, String, String, String);
type ParameterTuple = (String, String, Option<String>, Option<String>, String);
type EventTuple = (
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
);

/// Read triggers, routines and events: five queries (privileges, triggers, parameters, routines,
/// events), whatever their number. What this user may not see (a kind it lacks the privilege
/// for; a routine or event whose body is hidden) is left out, and said in the returned lines.
pub(crate) fn read_objects(conn: &mut Conn) -> Result<(ObjectRows, Vec<String>), mysql::Error> {
    let mut objects = ObjectRows::default();
    let mut hidden = unseen_kinds(conn)?;

    let triggers: Vec<(String, String, String, String, String)> = rows(
        conn,
        "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT \
         FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() \
         ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER",
    )?;
    objects.triggers = triggers
        .into_iter()
        .map(|(name, table, timing, event, body)| TriggerRow { name, table, timing, event, body })
        .collect();

    let parameters: Vec<ParameterTuple> = rows(
        conn,
        "SELECT SPECIFIC_NAME, ROUTINE_TYPE, PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER \
         FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = DATABASE() AND ORDINAL_POSITION > 0 \
         ORDER BY SPECIFIC_NAME, ROUTINE_TYPE, ORDINAL_POSITION",
    )?;
    let mut by_routine: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (routine, kind, mode, name, ty) in parameters {
        let procedure = kind == "PROCEDURE";
        let mode = mode.filter(|_| procedure).map(|m| format!("{m} ")).unwrap_or_default();
        by_routine
            .entry((routine, kind))
            .or_default()
            .push(format!("{mode}{} {ty}", ident(name.as_deref().unwrap_or_default())));
    }
    let routines: Vec<RoutineTuple> = rows(
        conn,
        "SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION, IS_DETERMINISTIC, SQL_DATA_ACCESS, \
           SECURITY_TYPE, ROUTINE_COMMENT \
         FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_TYPE DESC, ROUTINE_NAME",
    )?;
    for (name, kind, returns, body, deterministic, data_access, security, comment) in routines {
        let Some(body) = body else {
            hidden.push(format!("{} {name} is not read: this user may not see its body", kind.to_lowercase()));
            continue;
        };
        let parameters = by_routine.remove(&(name.clone(), kind.clone())).unwrap_or_default();
        objects.routines.push(RoutineRow {
            name,
            procedure: kind == "PROCEDURE",
            returns: returns.unwrap_or_default(),
            body,
            deterministic: deterministic == "YES",
            data_access,
            security,
            comment,
            parameters,
        });
    }

    let events: Vec<EventTuple> = rows(
        conn,
        "SELECT EVENT_NAME, EVENT_DEFINITION, EVENT_TYPE, CAST(EXECUTE_AT AS CHAR), INTERVAL_VALUE, INTERVAL_FIELD, \
           CAST(STARTS AS CHAR), CAST(ENDS AS CHAR), ON_COMPLETION, STATUS, EVENT_COMMENT \
         FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY EVENT_NAME",
    )?;
    for (name, body, kind, at, value, field, starts, ends, completion, status, comment) in events {
        let Some(body) = body else {
            hidden.push(format!("event {name} is not read: this user may not see its body"));
            continue;
        };
        let schedule = if kind == "ONE TIME" {
            format!("AT {}", literal(at.as_deref().unwrap_or_default()))
        } else {
            let value = value.unwrap_or_default();
            // A compound interval (`'1:30' HOUR_MINUTE`) is a string; a plain count is a number.
            let value = if value.chars().all(|c| c.is_ascii_digit()) { value } else { literal(&value) };
            let mut text = format!("EVERY {value} {}", field.unwrap_or_default());
            if let Some(starts) = starts {
                let _ = write!(text, " STARTS {}", literal(&starts));
            }
            if let Some(ends) = ends {
                let _ = write!(text, " ENDS {}", literal(&ends));
            }
            text
        };
        objects.events.push(EventRow { name, body, schedule, preserve: completion == "PRESERVE", status, comment });
    }
    Ok((objects, hidden))
}

/// What `information_schema` hides from this user without a word: a table's triggers need the
/// `TRIGGER` privilege, events the `EVENT` privilege, and other users' routines global `SELECT`
/// (MariaDB) or `SHOW_ROUTINE` (MySQL 8). One sentence per kind that may be missing.
fn unseen_kinds(conn: &mut Conn) -> Result<Vec<String>, mysql::Error> {
    let privileges: Vec<(String, i64)> = rows(
        conn,
        "SELECT PRIVILEGE_TYPE, 1 FROM information_schema.USER_PRIVILEGES \
         UNION ALL SELECT PRIVILEGE_TYPE, 0 FROM information_schema.SCHEMA_PRIVILEGES WHERE TABLE_SCHEMA = DATABASE()",
    )?;
    let has = |name: &str| privileges.iter().any(|(p, _)| p.eq_ignore_ascii_case(name));
    let global_select = privileges.iter().any(|(p, global)| *global == 1 && p.eq_ignore_ascii_case("SELECT"));
    let mut unseen = Vec::new();
    if !has("TRIGGER") {
        unseen.push(
            "triggers are not read: information_schema shows them only to a user with the TRIGGER privilege"
                .to_string(),
        );
    }
    if !has("EVENT") {
        unseen.push(
            "events are not read: information_schema shows them only to a user with the EVENT privilege".to_string(),
        );
    }
    if !global_select && !has("SHOW_ROUTINE") && !has("SHOW CREATE ROUTINE") {
        unseen.push(
            "procedures and functions other users defined are not read: information_schema shows them only to a user \
             with global SELECT or SHOW_ROUTINE"
                .to_string(),
        );
    }
    Ok(unseen)
}

/// The objects as statements, after the tables and views they use. A body holding semicolons
/// goes inside a `DELIMITER ;;` block, as mysqldump writes it.
pub(crate) fn render_objects(objects: &ObjectRows, out: &mut String) {
    for r in &objects.routines {
        push(out, &routine_ddl(r));
    }
    for t in &objects.triggers {
        let statement = format!(
            "CREATE TRIGGER {} {} {} ON {} FOR EACH ROW {}",
            ident(&t.name),
            t.timing,
            t.event,
            ident(&t.table),
            t.body
        );
        push(out, &statement);
    }
    for e in &objects.events {
        let mut statement = format!("CREATE EVENT {} ON SCHEDULE {}", ident(&e.name), e.schedule);
        statement.push_str(if e.preserve { " ON COMPLETION PRESERVE" } else { " ON COMPLETION NOT PRESERVE" });
        statement.push_str(match e.status.as_str() {
            "ENABLED" => " ENABLE",
            "DISABLED" => " DISABLE",
            _ => " DISABLE ON SLAVE",
        });
        if !e.comment.is_empty() {
            let _ = write!(statement, " COMMENT {}", literal(&e.comment));
        }
        let _ = write!(statement, " DO {}", e.body);
        push(out, &statement);
    }
}

fn push(out: &mut String, statement: &str) {
    if statement.contains(';') {
        let _ = writeln!(out, "DELIMITER ;;\n{statement};;\nDELIMITER ;");
    } else {
        let _ = writeln!(out, "{statement};");
    }
}

/// `CREATE PROCEDURE`/`CREATE FUNCTION` with the characteristics that are not the default.
fn routine_ddl(r: &RoutineRow) -> String {
    let kind = if r.procedure { "PROCEDURE" } else { "FUNCTION" };
    let mut text = format!("CREATE {kind} {}({})", ident(&r.name), r.parameters.join(", "));
    if !r.procedure {
        let _ = write!(text, " RETURNS {}", r.returns);
    }
    if r.deterministic {
        text.push_str("\n    DETERMINISTIC");
    }
    if r.data_access != "CONTAINS SQL" {
        let _ = write!(text, "\n    {}", r.data_access);
    }
    if r.security == "INVOKER" {
        text.push_str("\n    SQL SECURITY INVOKER");
    }
    if !r.comment.is_empty() {
        let _ = write!(text, "\n    COMMENT {}", literal(&r.comment));
    }
    let _ = write!(text, "\n{}", r.body);
    text
}

/// A name as `SHOW CREATE` shows one written bare: backquoted only when it must be.
fn ident(name: &str) -> String {
    let bare = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if bare && !is_reserved(name) { name.to_string() } else { format!("`{}`", name.replace('`', "``")) }
}

/// Words that cannot be bare names in the statements written here.
fn is_reserved(name: &str) -> bool {
    const RESERVED: &[&str] = &[
        "select",
        "from",
        "where",
        "table",
        "order",
        "group",
        "key",
        "index",
        "trigger",
        "procedure",
        "function",
        "event",
        "begin",
        "end",
        "declare",
        "return",
        "returns",
        "in",
        "out",
        "inout",
        "on",
        "for",
        "each",
        "row",
        "before",
        "after",
        "insert",
        "update",
        "delete",
        "call",
        "do",
        "set",
        "if",
        "then",
        "else",
        "case",
        "when",
        "loop",
        "while",
        "repeat",
        "leave",
        "condition",
        "cursor",
        "default",
        "interval",
        "check",
    ];
    RESERVED.contains(&name.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routines_state_only_characteristics_that_are_not_the_default() {
        let routine = RoutineRow {
            name: "get_customer_balance".into(),
            procedure: false,
            returns: "decimal(5,2)".into(),
            body: "BEGIN\n  RETURN 1;\nEND".into(),
            deterministic: true,
            data_access: "READS SQL DATA".into(),
            security: "DEFINER".into(),
            comment: String::new(),
            parameters: vec!["p_customer_id int(11)".into(), "`order` datetime".into()],
        };
        assert_eq!(
            routine_ddl(&routine),
            "CREATE FUNCTION get_customer_balance(p_customer_id int(11), `order` datetime) RETURNS decimal(5,2)\n    \
             DETERMINISTIC\n    READS SQL DATA\nBEGIN\n  RETURN 1;\nEND"
        );
        let mut out = String::new();
        render_objects(&ObjectRows { routines: vec![routine], ..ObjectRows::default() }, &mut out);
        assert!(out.starts_with("DELIMITER ;;\nCREATE FUNCTION") && out.ends_with("END;;\nDELIMITER ;\n"), "{out}");
    }
}

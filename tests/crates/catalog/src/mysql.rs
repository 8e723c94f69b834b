//! A MariaDB (or MySQL) database's catalog, from `information_schema` as the server prints it
//! back: `COLUMN_TYPE`, `COLUMN_DEFAULT`, `CHECK_CLAUSE`, `VIEW_DEFINITION`, `ACTION_STATEMENT`,
//! `ROUTINE_DEFINITION`, ...
//!
//! Names of the database itself are taken out of definitions the server qualifies with it (a
//! view's ``select `db`.`t`.`a` ``), since two databases holding the same schema have different
//! names.

use std::collections::BTreeMap;

use mysql::prelude::Queryable;
use mysql::{Conn, Opts, OptsBuilder};

use crate::{Catalog, Column, Error, Object, Table, View, names, squash};

/// Reads the catalog of the database `url` names (`mysql://user:password@host:port/database`).
pub fn snapshot(url: &str) -> Result<Catalog, Error> {
    let url = url.strip_prefix("mariadb://").map_or_else(|| url.to_owned(), |rest| format!("mysql://{rest}"));
    // Over loopback the driver would otherwise switch to the server's socket.
    let opts = OptsBuilder::from_opts(Opts::from_url(&url)?).prefer_socket(false);
    let mut conn = Conn::new(opts)?;
    conn.query_drop("START TRANSACTION READ ONLY")?;
    let database: String = conn.query_first("SELECT DATABASE()")?.flatten().unwrap_or_default();
    let mut catalog = Catalog::default();
    read_tables(&mut conn, &database, &mut catalog)?;
    read_columns(&mut conn, &mut catalog)?;
    read_constraints(&mut conn, &mut catalog)?;
    read_indexes(&mut conn, &mut catalog)?;
    read_triggers(&mut conn, &database, &mut catalog)?;
    read_routines(&mut conn, &database, &mut catalog)?;
    conn.query_drop("COMMIT")?;
    Ok(catalog)
}

/// Removes the database's qualification (`` `db`. ``) from a definition.
fn unqualify(text: &str, database: &str) -> String {
    text.replace(&format!("`{database}`."), "")
}

fn read_tables(conn: &mut Conn, database: &str, catalog: &mut Catalog) -> Result<(), Error> {
    type Row = (String, String, Option<String>, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = conn.query(
        "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT \
         FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
    )?;
    for (name, kind, engine, collation, create_options, comment) in rows {
        let comment = comment.filter(|c| !c.is_empty());
        if kind == "VIEW" {
            // A view's TABLE_COMMENT is the word `VIEW`: views have no comments in MariaDB.
            catalog.views.insert(name, View::default());
            continue;
        }
        let mut table = Table { comment, ..Table::default() };
        let mut put = |key: &str, value: Option<String>| {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                table.options.insert(key.to_owned(), value);
            }
        };
        put("engine", engine);
        put("collation", collation);
        // `partitioned` says no more than the partitioning below.
        put("create_options", create_options.map(|o| o.replace("partitioned", "").trim().to_owned()));
        if kind != "BASE TABLE" {
            put("kind", Some(kind));
        }
        catalog.tables.insert(name, table);
    }
    type PartitionRow = (String, Option<String>, Option<String>, Option<String>, Option<String>);
    let partitions: Vec<PartitionRow> = conn.query(
        "SELECT TABLE_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, PARTITION_NAME, PARTITION_DESCRIPTION \
         FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL \
         ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION",
    )?;
    for (table, method, expression, name, description) in partitions {
        let Some(table) = catalog.tables.get_mut(&table) else { continue };
        let by = format!("{} ({})", method.unwrap_or_default(), expression.unwrap_or_default());
        table.options.insert("partition_by".into(), by);
        let entry = table.options.entry("partitions".into()).or_default();
        if !entry.is_empty() {
            entry.push_str(", ");
        }
        entry.push_str(&format!("{} {}", name.unwrap_or_default(), description.unwrap_or_default()));
    }
    type ViewRow = (String, String, String, String, Option<String>);
    let views: Vec<ViewRow> = conn.query(
        "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, ALGORITHM \
         FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()",
    )?;
    for (name, definition, check_option, security, algorithm) in views {
        let Some(view) = catalog.views.get_mut(&name) else { continue };
        view.definition = squash(&unqualify(&definition, database));
        if check_option != "NONE" {
            view.options.insert("check_option".into(), check_option);
        }
        view.options.insert("security".into(), security);
        if let Some(algorithm) = algorithm.filter(|a| a != "UNDEFINED") {
            view.options.insert("algorithm".into(), algorithm);
        }
    }
    Ok(())
}

fn read_columns(conn: &mut Conn, catalog: &mut Catalog) -> Result<(), Error> {
    type Row = (
        String,
        String,
        u64,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = conn.query(
        "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, \
           GENERATION_EXPRESSION, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_COMMENT \
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
    )?;
    for (table, name, position, ty, nullable, default, extra, generation, charset, collation, comment) in rows {
        if let Some(view) = catalog.views.get_mut(&table) {
            view.columns.push(format!("{name} {ty}"));
            continue;
        }
        let Some(entry) = catalog.tables.get_mut(&table) else { continue };
        let extra_lower = extra.to_ascii_lowercase();
        let generated = generation.filter(|g| !g.is_empty()).map(|expr| {
            let kind = if extra_lower.contains("virtual") { "VIRTUAL" } else { "STORED" };
            format!("{kind} {expr}")
        });
        let identity = extra_lower.contains("auto_increment").then(|| "auto_increment".to_owned());
        // What EXTRA says beyond the fields: `on update current_timestamp()`, `INVISIBLE`.
        let rest: Vec<&str> = extra
            .split_whitespace()
            .filter(|w| {
                !["auto_increment", "virtual", "stored", "persistent", "generated", "default_generated"]
                    .contains(&w.to_ascii_lowercase().as_str())
            })
            .collect();
        let column = Column {
            position: usize::try_from(position).unwrap_or(usize::MAX),
            ty,
            nullable: nullable == "YES",
            default: if generated.is_some() { None } else { default },
            generated,
            identity,
            collation,
            charset,
            extra: (!rest.is_empty()).then(|| rest.join(" ")),
            comment: comment.filter(|c| !c.is_empty()),
        };
        entry.columns.insert(name, column);
    }
    Ok(())
}

fn read_constraints(conn: &mut Conn, catalog: &mut Catalog) -> Result<(), Error> {
    type KeyRow = (String, String, String, String, Option<String>, Option<String>, Option<String>, Option<String>);
    let keys: Vec<KeyRow> = conn.query(
        "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, t.CONSTRAINT_TYPE, k.COLUMN_NAME, \
           k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE \
         FROM information_schema.KEY_COLUMN_USAGE k \
           JOIN information_schema.TABLE_CONSTRAINTS t ON t.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA \
             AND t.TABLE_NAME = k.TABLE_NAME AND t.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
           LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA \
             AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
         WHERE k.TABLE_SCHEMA = DATABASE() AND t.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'FOREIGN KEY') \
         ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
    )?;
    // (table, name) → (kind, columns, parent, parent columns, update, delete)
    type Key = (String, Vec<String>, Option<String>, Vec<String>, Option<String>, Option<String>);
    let mut grouped: BTreeMap<(String, String), Key> = BTreeMap::new();
    for (table, name, kind, column, parent, parent_column, update, delete) in keys {
        let entry =
            grouped.entry((table, name)).or_insert_with(|| (kind, Vec::new(), parent, Vec::new(), update, delete));
        entry.1.push(column);
        entry.3.extend(parent_column);
    }
    for ((table_name, name), (kind, columns, parent, parent_columns, update, delete)) in grouped {
        let Some(table) = catalog.tables.get_mut(&table_name) else { continue };
        if kind == "PRIMARY KEY" {
            table.primary_key = Some(Object::new(format!("PRIMARY KEY ({})", columns.join(", "))));
            continue;
        }
        let head = format!(
            "({}) REFERENCES {} ({})",
            columns.join(", "),
            parent.unwrap_or_default(),
            parent_columns.join(", ")
        );
        let definition = format!(
            "FOREIGN KEY {head} ON UPDATE {} ON DELETE {}",
            update.unwrap_or_default(),
            delete.unwrap_or_default()
        );
        let generated = names::is_mysql_foreign_key_default(&name, &table_name);
        let object = Object::new(definition).with("name", (!generated).then(|| name.clone()));
        table.foreign_keys.insert(if generated { head } else { name }, object);
    }
    // MariaDB has LEVEL (a check written on a column is named after it); MySQL does not.
    let has_level: Option<u64> = conn.query_first(
        "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'information_schema' \
         AND TABLE_NAME = 'CHECK_CONSTRAINTS' AND COLUMN_NAME = 'LEVEL'",
    )?;
    let level = if has_level.unwrap_or(0) > 0 { "c.LEVEL" } else { "'Table'" };
    let checks: Vec<(String, String, String, String)> = conn.query(format!(
        "SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE, {level} \
         FROM information_schema.CHECK_CONSTRAINTS c JOIN information_schema.TABLE_CONSTRAINTS t \
           ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME \
           AND t.CONSTRAINT_TYPE = 'CHECK' AND t.TABLE_NAME = c.TABLE_NAME \
         WHERE c.CONSTRAINT_SCHEMA = DATABASE()"
    ))?;
    for (table_name, name, clause, level) in checks {
        let Some(table) = catalog.tables.get_mut(&table_name) else { continue };
        let column_level = level == "Column";
        let generated = names::is_mysql_check_default(&name, column_level);
        let object = Object::new(clause.clone()).with("name", (!generated).then(|| name.clone()));
        // A column's check is its column's: keyed by it, since the column names it.
        let key = match (generated, column_level) {
            (true, true) => format!("{name}: {clause}"),
            (true, false) => clause,
            (false, _) => name,
        };
        table.checks.insert(key, object);
    }
    Ok(())
}

fn read_indexes(conn: &mut Conn, catalog: &mut Catalog) -> Result<(), Error> {
    type Row = (String, String, u64, Option<String>, Option<u64>, Option<String>, String, Option<String>);
    let rows: Vec<Row> = conn.query(
        "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE, INDEX_COMMENT \
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY' \
         ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    )?;
    type Index = (bool, Vec<String>, String, Option<String>);
    let mut grouped: BTreeMap<(String, String), Index> = BTreeMap::new();
    for (table, name, non_unique, column, prefix, collation, kind, comment) in rows {
        let entry = grouped.entry((table, name)).or_insert_with(|| (non_unique == 0, Vec::new(), kind, comment));
        let mut part = column.unwrap_or_else(|| "<expression>".into());
        if let Some(prefix) = prefix {
            part.push_str(&format!("({prefix})"));
        }
        if collation.as_deref() == Some("D") {
            part.push_str(" DESC");
        }
        entry.1.push(part);
    }
    for ((table_name, name), (unique, parts, kind, comment)) in grouped {
        let Some(table) = catalog.tables.get_mut(&table_name) else { continue };
        let first = parts.first().map(|p| p.split(['(', ' ']).next().unwrap_or(p)).unwrap_or_default();
        // The index a foreign key made for itself takes the key's name, when the key has one.
        let for_foreign_key = table.foreign_keys.values().any(|fk| fk.details.get("name") == Some(&name));
        let generated = names::is_mysql_index_default(&name, first) || for_foreign_key;
        let definition = format!("{}INDEX USING {kind} ({})", if unique { "UNIQUE " } else { "" }, parts.join(", "));
        let object = Object::new(definition.clone()).with_comment(comment.filter(|c| !c.is_empty()));
        let key = if generated { definition } else { name };
        if unique {
            table.uniques.insert(key, object);
        } else {
            table.indexes.insert(key, object);
        }
    }
    Ok(())
}

fn read_triggers(conn: &mut Conn, database: &str, catalog: &mut Catalog) -> Result<(), Error> {
    type Row = (String, String, String, String, u64, String);
    let rows: Vec<Row> = conn.query(
        "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER, ACTION_STATEMENT \
         FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
    )?;
    for (name, table, timing, event, order, statement) in rows {
        let definition = format!("{timing} {event} FOR EACH ROW {}", squash(&unqualify(&statement, database)));
        let object = Object::new(definition).with("order", Some(order.to_string()));
        catalog.triggers.insert(format!("{name} on {table}"), object);
    }
    Ok(())
}

fn read_routines(conn: &mut Conn, database: &str, catalog: &mut Catalog) -> Result<(), Error> {
    type Row = (String, String, Option<String>, Option<String>, String, String, String, Option<String>);
    let rows: Vec<Row> = conn.query(
        "SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION, IS_DETERMINISTIC, \
           SQL_DATA_ACCESS, SECURITY_TYPE, ROUTINE_COMMENT \
         FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()",
    )?;
    type ParameterRow = (String, String, Option<String>, Option<String>, String);
    let parameters: Vec<ParameterRow> = conn.query(
        "SELECT SPECIFIC_NAME, ROUTINE_TYPE, PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER \
         FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = DATABASE() AND ORDINAL_POSITION > 0 \
         ORDER BY SPECIFIC_NAME, ORDINAL_POSITION",
    )?;
    for (name, kind, returns, body, deterministic, access, security, comment) in rows {
        let arguments: Vec<String> = parameters
            .iter()
            .filter(|p| p.0 == name && p.1 == kind)
            .map(|(_, _, mode, param, ty)| {
                let mode = mode.as_deref().filter(|_| kind == "PROCEDURE").map(|m| format!("{m} ")).unwrap_or_default();
                format!("{mode}{} {ty}", param.as_deref().unwrap_or(""))
            })
            .collect();
        let mut definition = squash(&unqualify(&body.unwrap_or_default(), database));
        if let Some(returns) = returns.filter(|_| kind == "FUNCTION") {
            definition = format!("RETURNS {returns} {definition}");
        }
        let object = Object::new(definition)
            .with("deterministic", Some(deterministic))
            .with("sql_data_access", Some(access))
            .with("security", Some(security))
            .with_comment(comment.filter(|c| !c.is_empty()));
        catalog.routines.insert(format!("{} {name}({})", kind.to_ascii_lowercase(), arguments.join(", ")), object);
    }
    Ok(())
}

use std::path::Path;

use super::*;
use crate::read::sql::read_sql_str;

const PG: &str = "CREATE TABLE experiments (
    id bigint PRIMARY KEY,
    status text NOT NULL,
    created_at timestamp NOT NULL,
    completed_at timestamp,
    experiment_duration interval,
    duration_seconds bigint,
    score numeric(10, 2),
    doubled bigint GENERATED ALWAYS AS (id * 2) STORED,
    title varchar(200) NOT NULL
);
CREATE TABLE events (kind text, at timestamp);";

fn schema(sql: &str, dialect: Dialect) -> Schema {
    read_sql_str(sql, Path::new("schema.sql"), dialect).expect("the test schema reads").schema
}

fn request(set: &str, condition: Option<&str>) -> BackfillRequest {
    BackfillRequest {
        table: "experiments".into(),
        set: set.into(),
        condition: condition.map(Into::into),
        else_null: false,
        overwrite: false,
    }
}

fn plan(set: &str, condition: Option<&str>, dialect: Dialect) -> Result<BackfillPlan, Diagnostics> {
    let sql = if dialect == Dialect::Postgres { PG.to_string() } else { PG.replace("interval", "bigint") };
    plan_backfill(&schema(&sql, dialect), &request(set, condition), dialect)
}

fn only_error(result: Result<BackfillPlan, Diagnostics>) -> Diagnostic {
    let errors = result.expect_err("the plan is refused");
    let all: Vec<&Diagnostic> = errors.errors().collect();
    assert_eq!(all.len(), 1, "{all:#?}");
    all[0].clone()
}

#[test]
fn the_duration_backfill_plans_with_its_key_and_a_null_restoring_down() {
    let mut req = request("experiment_duration = completed_at - created_at", Some("status = 'completed'"));
    req.else_null = true;
    let plan = plan_backfill(&schema(PG, Dialect::Postgres), &req, Dialect::Postgres).unwrap();
    assert_eq!(plan.column.name, "experiment_duration");
    assert_eq!(plan.key.as_ref().map(|k| k.name.as_str()), Some("id"));
    assert_eq!(plan.value(), "CASE WHEN (status = 'completed') THEN (completed_at - created_at) END");
    assert_eq!(plan.scope(), None, "--else-null writes every row");
    assert_eq!(plan.restore, Restore::ToNull);
}

#[test]
fn without_else_null_only_the_condition_is_written() {
    let plan = plan("experiment_duration = completed_at - created_at", Some("status = 'completed'"), Dialect::Postgres)
        .unwrap();
    assert_eq!(plan.scope().as_deref(), Some("(status = 'completed')"));
    assert_eq!(plan.value(), "(completed_at - created_at)");
}

#[test]
fn an_unknown_column_is_located_in_the_flag_with_the_closest_name() {
    let e = only_error(plan("experiment_duration = complted_at - created_at", None, Dialect::Postgres));
    assert!(e.message.contains("no column `complted_at`"), "{}", e.message);
    assert_eq!(e.help.as_deref(), Some("did you mean `completed_at`?"));
    let at = e.location.unwrap();
    assert_eq!((at.file.to_str(), at.column), (Some("--set"), 23));

    let e = only_error(plan("experiment_durration = completed_at - created_at", None, Dialect::Postgres));
    assert!(e.message.contains("no column `experiment_durration`"), "{}", e.message);
    assert_eq!(e.location.unwrap().column, 1);

    let e = only_error(plan("duration_seconds = 1", Some("stauts = 'completed'"), Dialect::Postgres));
    assert_eq!(e.help.as_deref(), Some("did you mean `status`?"));
    assert_eq!(e.location.unwrap().file.to_str(), Some("--where"));
}

#[test]
fn an_unknown_table_suggests_the_closest() {
    let mut req = request("experiment_duration = NULL", None);
    req.table = "experiment".into();
    let e = only_error(plan_backfill(&schema(PG, Dialect::Postgres), &req, Dialect::Postgres));
    assert_eq!(e.message, "the schema has no table `experiment`");
    assert_eq!(e.help.as_deref(), Some("did you mean `experiments`?"));
}

#[test]
fn generated_columns_and_the_key_are_refused() {
    let e = only_error(plan("doubled = 1", None, Dialect::Postgres));
    assert!(e.message.contains("generated column"), "{}", e.message);
    let e = only_error(plan("id = id + 1", None, Dialect::Postgres));
    assert!(e.message.contains("primary key"), "{}", e.message);
}

#[test]
fn a_duration_does_not_fit_an_integer_and_the_help_says_how_to_get_seconds() {
    let e = only_error(plan("duration_seconds = completed_at - created_at", None, Dialect::Postgres));
    assert!(e.message.contains("cannot hold"), "{}", e.message);
    assert!(e.help.unwrap().contains("EXTRACT(EPOCH FROM"));
    assert!(plan("duration_seconds = EXTRACT(EPOCH FROM completed_at - created_at)", None, Dialect::Postgres).is_ok());
}

#[test]
fn timestamps_subtracted_outside_postgres_are_refused_with_the_dialects_form() {
    let e = only_error(plan("duration_seconds = completed_at - created_at", None, Dialect::Mysql));
    assert!(e.message.contains("as numbers"), "{}", e.message);
    assert!(e.help.unwrap().contains("TIMESTAMPDIFF(SECOND"));
    assert!(plan("duration_seconds = TIMESTAMPDIFF(SECOND, created_at, completed_at)", None, Dialect::Mysql).is_ok());

    let e = only_error(plan("duration_seconds = completed_at - created_at", None, Dialect::Sqlite));
    assert!(e.help.unwrap().contains("julianday"));
    let sqlite = "duration_seconds = CAST(round((julianday(completed_at) - julianday(created_at)) * 86400) AS INTEGER)";
    assert!(plan(sqlite, None, Dialect::Sqlite).is_ok());
}

#[test]
fn postgres_refuses_types_without_an_assignment_cast_and_warns_on_rounding() {
    let e = only_error(plan("duration_seconds = status = 'completed'", None, Dialect::Postgres));
    assert!(e.message.contains("no assignment cast"), "{}", e.message);
    let plan = plan("duration_seconds = score * 1.5", None, Dialect::Postgres).unwrap();
    assert!(plan.warnings.iter().any(|w| w.message.contains("rounded")));
}

#[test]
fn text_columns_take_anything_and_unknown_functions_pass() {
    assert!(plan("title = id", None, Dialect::Postgres).is_ok());
    assert!(plan("duration_seconds = my_func(id)", None, Dialect::Postgres).is_ok());
    assert!(plan("experiment_duration = '1 day'", None, Dialect::Postgres).is_ok());
}

#[test]
fn subqueries_may_read_other_tables_but_other_qualifiers_are_refused() {
    assert!(
        plan("title = (SELECT max(kind) FROM events WHERE events.at > created_at)", None, Dialect::Postgres).is_ok()
    );
    let e = only_error(plan("title = events.kind", None, Dialect::Postgres));
    assert!(e.message.contains("not the table being backfilled"), "{}", e.message);
    assert!(plan("title = experiments.status", None, Dialect::Postgres).is_ok());
}

#[test]
fn time_units_are_not_columns() {
    assert!(plan("duration_seconds = TIMESTAMPDIFF(MINUTE, created_at, completed_at)", None, Dialect::Mysql).is_ok());
    assert!(plan("completed_at = CURRENT_TIMESTAMP", None, Dialect::Postgres).is_ok());
}

#[test]
fn a_table_without_a_single_column_key_is_refused_where_batches_walk_it() {
    let sql = "CREATE TABLE experiments (a int, b int, note text, PRIMARY KEY (a, b));";
    for dialect in [Dialect::Postgres, Dialect::Mysql] {
        let e = only_error(plan_backfill(&schema(sql, dialect), &request("note = 'x'", None), dialect));
        assert!(e.message.contains("no single-column primary key"), "{}", e.message);
    }
    assert!(plan_backfill(&schema(sql, Dialect::Sqlite), &request("note = 'x'", None), Dialect::Sqlite).is_ok());
}

#[test]
fn bad_input_reads_as_errors_not_panics() {
    only_error(plan("experiment_duration", None, Dialect::Postgres));
    only_error(plan("= 1", None, Dialect::Postgres));
    let e = only_error(plan("duration_seconds = (1 +", None, Dialect::Postgres));
    assert!(e.message.contains("not a SQL expression"), "{}", e.message);
    let e = only_error(plan("duration_seconds = 1", Some("id"), Dialect::Postgres));
    assert!(e.message.contains("not a condition"), "{}", e.message);
    let mut req = request("duration_seconds = 1", None);
    req.else_null = true;
    only_error(plan_backfill(&schema(PG, Dialect::Postgres), &req, Dialect::Postgres));
}

#[test]
fn the_down_is_irreversible_when_previous_values_cannot_be_known() {
    let plan_title = plan("title = upper(title)", None, Dialect::Postgres).unwrap();
    assert!(matches!(plan_title.restore, Restore::Unknown(ref why) if why.contains("NOT NULL")));
    let mut req = request("duration_seconds = 1", None);
    req.overwrite = true;
    let plan = plan_backfill(&schema(PG, Dialect::Postgres), &req, Dialect::Postgres).unwrap();
    assert!(matches!(plan.restore, Restore::Unknown(ref why) if why.contains("--overwrite")));
}

#[test]
fn an_expression_reading_its_own_column_warns_that_a_rerun_applies_it_again() {
    let again = plan("duration_seconds = duration_seconds + 1", None, Dialect::Postgres).unwrap();
    assert!(again.warnings.iter().any(|w| w.message.contains("reads `duration_seconds` itself")));
    let other = plan("duration_seconds = id + 1", None, Dialect::Postgres).unwrap();
    assert!(other.warnings.is_empty(), "{:?}", other.warnings);
}

#[test]
fn a_target_column_not_added_yet_says_to_add_it_first() {
    let e = only_error(plan("finished_in = completed_at - created_at", None, Dialect::Postgres));
    assert!(e.help.unwrap().contains("add `finished_in` to `experiments` first"));
}

#[test]
fn with_nothing_close_the_help_lists_what_there_is_and_lines_are_counted() {
    let e = only_error(plan("duration_seconds = completed_at -\n  zzz", None, Dialect::Postgres));
    assert!(e.help.as_deref().unwrap().starts_with("`experiments` has `id`, `status`"), "{:?}", e.help);
    let at = e.location.unwrap();
    assert_eq!((at.line, at.column), (2, 3));
}

#[test]
fn mysql_and_sqlite_take_a_number_as_a_condition_postgres_does_not() {
    assert!(plan("duration_seconds = 1", Some("id % 2"), Dialect::Mysql).is_ok());
    assert!(plan("duration_seconds = 1", Some("id % 2"), Dialect::Sqlite).is_ok());
    only_error(plan("duration_seconds = 1", Some("id % 2"), Dialect::Postgres));
}

//! The derive beside diesel's own derives on the same structs, against the bundled example
//! (found through the workspace's codegen.toml). The table and column names come from
//! `#[diesel(...)]`.

use codegen_macros::CheckSchema;
use diesel::prelude::*;

diesel::table! {
    experiments (id) {
        id -> BigInt,
        project_id -> BigInt,
        name -> Varchar,
        hypothesis -> Nullable<Text>,
        traffic_percent -> SmallInt,
        started_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

#[derive(Queryable, Selectable, CheckSchema)]
#[diesel(table_name = experiments)]
#[diesel(check_for_backend(diesel::pg::Pg))]
struct Experiment {
    id: i64,
    project_id: i64,
    name: String,
    hypothesis: Option<String>,
    traffic_percent: i16,
    #[diesel(column_name = started_at)]
    start: Option<chrono::DateTime<chrono::Utc>>,
    created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Insertable, CheckSchema)]
#[diesel(table_name = experiments)]
#[schema(insertable)]
struct NewExperiment<'a> {
    project_id: i64,
    name: &'a str,
    hypothesis: Option<&'a str>,
}

#[derive(Debug, PartialEq, CheckSchema)]
#[schema(enum = "experiment_status")]
enum ExperimentStatus {
    Draft,
    Running,
    Paused,
    Completed,
    Archived,
}

/// A read model with the enum column, checked by the derive alone.
#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct ExperimentState {
    id: i64,
    status: ExperimentStatus,
}

fn main() {
    let _query: diesel::dsl::Select<experiments::table, diesel::dsl::AsSelect<Experiment, diesel::pg::Pg>> =
        experiments::table.select(Experiment::as_select());
    let new = NewExperiment { project_id: 1, name: "checkout", hypothesis: None };
    let _insert = diesel::insert_into(experiments::table).values(&new);
    assert_eq!(Experiment::SCHEMA_TABLE, "experiments");
    assert_eq!(Experiment::SCHEMA_COLUMNS[5], "started_at");
    assert_eq!(ExperimentState::SCHEMA_COLUMNS, ["id", "status"]);
    assert_eq!(ExperimentStatus::SCHEMA_ENUM, "experiment_status");
}

//! Newtypes with diesel's `FromSql` impls for their columns' SQL types compile without
//! `unchecked_type`, on a NOT NULL column and inside the `Option` of a nullable one.

use codegen_macros::CheckSchema;
use diesel::deserialize::{self, FromSql};
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::{BigInt, Text};

struct ProjectId(i64);

impl FromSql<BigInt, Pg> for ProjectId {
    fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
        i64::from_sql(bytes).map(ProjectId)
    }
}

struct Hypothesis(String);

impl FromSql<Text, Pg> for Hypothesis {
    fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
        <String as FromSql<Text, Pg>>::from_sql(bytes).map(Hypothesis)
    }
}

#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct Experiment {
    project_id: ProjectId,
    hypothesis: Option<Hypothesis>,
}

fn main() {
    let _ = |e: Experiment| (e.project_id.0, e.hypothesis.map(|h| h.0));
}

//! codegen seed's SeaORM seed functions, run twice each against the database named by
//! `CODEGEN_SEED_DB_<CASE>` (made and given its tables by tests/integration/seed_rust.rs): every
//! table holds exactly the generated rows after each run, so the second run adds nothing.
#![cfg(feature = "seed")]

use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use sea_orm_app::seed_cases::{CASES, seed_case};

#[tokio::test]
async fn seed_functions_run_twice_and_add_nothing_the_second_time() {
    for case in CASES {
        let variable = format!("CODEGEN_SEED_DB_{}", case.name.to_uppercase());
        let url = std::env::var(&variable).unwrap_or_else(|_| panic!("{}: no {variable}", case.name));
        let db = Database::connect(url).await.unwrap();
        for run in 1..=2 {
            seed_case(case.name, &db).await.unwrap_or_else(|e| panic!("{} run {run}: {e}", case.name));
            for (table, expected) in case.counts {
                let q = if db.get_database_backend() == DbBackend::MySql { '`' } else { '"' };
                let sql = format!("SELECT count(*) AS n FROM {q}{table}{q}");
                let row =
                    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
                let n: i64 = row.try_get("", "n").unwrap();
                assert_eq!(n, *expected, "{} run {run}: {table}", case.name);
            }
        }
    }
}

//! codegen seed's Diesel seed functions, run twice each: on an in-memory SQLite database with
//! foreign keys on, and on the PostgreSQL or MariaDB database named by `CODEGEN_SEED_PG_<CASE>` or
//! `CODEGEN_SEED_MY_<CASE>` (made and given its tables by tests/integration/seed_rust.rs). Every table holds exactly the generated
//! rows after each run: the second run adds nothing.
#![cfg(feature = "seed")]

use codegen_diesel_app::seed_cases::CASES;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Asserts the row count of every table (a macro: the two connections share no trait that
/// `sql_query(...).get_result` can be written against simply).
macro_rules! assert_counts {
    ($conn:expr, $counts:expr, $label:expr) => {
        assert_counts!($conn, $counts, $label, '"')
    };
    ($conn:expr, $counts:expr, $label:expr, $quote:expr) => {
        for (table, expected) in $counts {
            let q = $quote;
            let row: Count =
                diesel::sql_query(format!("SELECT count(*) AS n FROM {q}{table}{q}")).get_result($conn).unwrap();
            assert_eq!(row.n, *expected, "{}: {table}", $label);
        }
    };
}

#[test]
fn seed_functions_run_twice_and_add_nothing_the_second_time() {
    for case in CASES {
        if let Some(seed) = case.sqlite {
            let mut conn = SqliteConnection::establish(":memory:").unwrap();
            conn.batch_execute(case.ddl).unwrap();
            for run in 1..=2 {
                seed(&mut conn).unwrap_or_else(|e| panic!("{} run {run}: {e}", case.name));
                assert_counts!(&mut conn, case.counts, format!("{} run {run}", case.name));
            }
            let dangling: Count =
                diesel::sql_query("SELECT count(*) AS n FROM pragma_foreign_key_check").get_result(&mut conn).unwrap();
            assert_eq!(dangling.n, 0, "{}: rows point at missing parents", case.name);
        }
        if let Some(seed) = case.pg {
            let Ok(url) = std::env::var(format!("CODEGEN_SEED_PG_{}", case.name.to_uppercase())) else {
                panic!("{}: no CODEGEN_SEED_PG_{} database", case.name, case.name.to_uppercase());
            };
            let mut conn = PgConnection::establish(&url).unwrap();
            for run in 1..=2 {
                seed(&mut conn).unwrap_or_else(|e| panic!("{} run {run}: {e}", case.name));
                assert_counts!(&mut conn, case.counts, format!("{} run {run}", case.name));
            }
        }
        if let Some(seed) = case.my {
            let Ok(url) = std::env::var(format!("CODEGEN_SEED_MY_{}", case.name.to_uppercase())) else {
                panic!("{}: no CODEGEN_SEED_MY_{} database", case.name, case.name.to_uppercase());
            };
            let mut conn = MysqlConnection::establish(&url).unwrap();
            for run in 1..=2 {
                seed(&mut conn).unwrap_or_else(|e| panic!("{} run {run}: {e}", case.name));
                assert_counts!(&mut conn, case.counts, format!("{} run {run}", case.name), '`');
            }
        }
    }
}

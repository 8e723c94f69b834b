//! The generated migrations run through a sea-orm-migration Migrator on SQLite: up, with rows;
//! down, the rows still there under the old column name; and up again.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use sea_orm_migration_app::Migrator;

async fn columns(db: &DatabaseConnection, table: &str) -> Vec<String> {
    let sql = format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid");
    let rows = db.query_all_raw(Statement::from_string(DbBackend::Sqlite, sql)).await.unwrap();
    rows.iter().map(|r| r.try_get_by_index::<String>(0).unwrap()).collect()
}

async fn one(db: &DatabaseConnection, sql: &str) -> String {
    let row = db.query_one_raw(Statement::from_string(DbBackend::Sqlite, sql)).await.unwrap().expect("a row");
    row.try_get_by_index::<String>(0).unwrap()
}

#[tokio::test]
async fn migrations_go_up_and_down_keeping_the_data() {
    let db = Database::connect("sqlite::memory:").await.unwrap();
    Migrator::up(&db, Some(1)).await.unwrap();
    assert_eq!(columns(&db, "experiments").await, ["id", "owner_id", "state"]);
    db.execute_unprepared("INSERT INTO users (id, name) VALUES (1, 'ada')").await.unwrap();
    db.execute_unprepared("INSERT INTO experiments (id, owner_id, state) VALUES (1, 1, 'running')").await.unwrap();

    Migrator::up(&db, None).await.unwrap();
    assert_eq!(columns(&db, "experiments").await, ["id", "owner_id", "status"]);
    assert_eq!(columns(&db, "users").await, ["id", "name", "email"]);
    assert_eq!(one(&db, "SELECT status FROM experiments WHERE id = 1").await, "running", "renamed, not dropped");

    Migrator::down(&db, Some(1)).await.unwrap();
    assert_eq!(columns(&db, "experiments").await, ["id", "owner_id", "state"]);
    assert_eq!(columns(&db, "users").await, ["id", "name"]);
    assert_eq!(one(&db, "SELECT state FROM experiments WHERE id = 1").await, "running");
    assert_eq!(one(&db, "SELECT name FROM users WHERE id = 1").await, "ada");

    Migrator::up(&db, None).await.unwrap();
    assert_eq!(one(&db, "SELECT status FROM experiments WHERE id = 1").await, "running");
    Migrator::down(&db, None).await.unwrap();
    let tables = one(&db, "SELECT count(*) || '' FROM sqlite_master WHERE name IN ('users', 'experiments')").await;
    assert_eq!(tables, "0");
}

//! Databases for the tests: SQLite in memory, or a fresh database on the PostgreSQL server named
//! by CODEGEN_TEST_POSTGRES_URL or on the MariaDB/MySQL server named by CODEGEN_TEST_MYSQL_URL.
//! Tables come from the same schema the entities were generated
//! from, rendered as DDL by codegen-sql.

#![allow(dead_code, reason = "each test binary uses some helpers")]

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use codegen_core::Dialect;
use codegen_core::read::sql::read_sql_file;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

pub const POSTGRES_URL_VAR: &str = "CODEGEN_TEST_POSTGRES_URL";
pub const MYSQL_URL_VAR: &str = "CODEGEN_TEST_MYSQL_URL";

/// DDL for `source` (relative to the repository root, written in `source_dialect`) in `dialect`.
pub fn ddl(source: &str, source_dialect: Dialect, dialect: Dialect) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(source);
    let schema = read_sql_file(&path, source_dialect).expect("schema reads").schema;
    codegen_sql::render_schema(&schema, dialect).expect("schema renders").0
}

/// An in-memory SQLite database holding the tables of `source`.
pub async fn sqlite(source: &str, source_dialect: Dialect) -> DatabaseConnection {
    let db = Database::connect("sqlite::memory:").await.expect("in-memory SQLite opens");
    db.execute_unprepared(&ddl(source, source_dialect, Dialect::Sqlite)).await.expect("DDL runs on SQLite");
    db
}

/// The shared corpus of public schemas: `../shared/corpus` from the repository root, or
/// `$CODEGEN_CORPUS`.
pub fn corpus_dir() -> std::path::PathBuf {
    std::env::var_os("CODEGEN_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

/// An in-memory SQLite database made by running a script exactly as written (the declared types
/// a user wrote, so SQLite's own affinities decide how values are stored): `source` is a path from
/// the repository root, or `corpus:` and a path inside the shared corpus. `None` (with a note)
/// when a corpus script is missing locally; a panic under CI=true.
pub async fn sqlite_script(source: &str) -> Option<DatabaseConnection> {
    let path = match source.strip_prefix("corpus:") {
        Some(inside) => corpus_dir().join(inside),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(source),
    };
    if !path.is_file() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is missing under CI=true", path.display());
        eprintln!("note: {} missing (set CODEGEN_CORPUS), skipping", path.display());
        return None;
    }
    let sql = std::fs::read_to_string(&path).unwrap();
    let db = Database::connect("sqlite::memory:").await.expect("in-memory SQLite opens");
    db.execute_unprepared(&sql).await.unwrap_or_else(|e| panic!("{} runs on SQLite: {e}", path.display()));
    Some(db)
}

/// A fresh PostgreSQL database holding the tables of `source`; `None` without a server locally,
/// a panic without one under CI=true.
pub async fn postgres(source: &str, source_dialect: Dialect, name: &str) -> Option<DatabaseConnection> {
    let url = server_url(POSTGRES_URL_VAR, "PostgreSQL", name)?;
    let db_name = fresh_name(name);
    let admin = Database::connect(&url).await.expect("PostgreSQL server answers");
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {db_name}")).await.unwrap();
    admin.execute_unprepared(&format!("CREATE DATABASE {db_name}")).await.unwrap();
    let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&url);
    let db = Database::connect(format!("{base}/{db_name}")).await.expect("fresh database opens");
    db.execute_unprepared(&ddl(source, source_dialect, Dialect::Postgres)).await.expect("DDL runs on PostgreSQL");
    Some(db)
}

/// A fresh MariaDB/MySQL database holding the tables of `source`; `None` without a server locally,
/// a panic without one under CI=true. The database is dropped when the returned guard is.
pub async fn mysql(source: &str, source_dialect: Dialect, name: &str) -> Option<MysqlDb> {
    let url = server_url(MYSQL_URL_VAR, "MariaDB", name)?;
    let db_name = fresh_name(name);
    let admin = Database::connect(&url).await.expect("MariaDB server answers");
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS `{db_name}`")).await.unwrap();
    admin.execute_unprepared(&format!("CREATE DATABASE `{db_name}`")).await.unwrap();
    let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&url);
    let db = Database::connect(format!("{base}/{db_name}")).await.expect("fresh database opens");
    db.execute_unprepared(&ddl(source, source_dialect, Dialect::Mysql)).await.expect("DDL runs on MariaDB");
    Some(MysqlDb { db, admin, db_name })
}

/// A connection to a fresh MariaDB database and what it takes to drop that database afterwards.
pub struct MysqlDb {
    pub db: DatabaseConnection,
    admin: DatabaseConnection,
    db_name: String,
}

impl MysqlDb {
    /// Drops the database (the tests' data is of no use after a pass; a failed run keeps it for a look).
    pub async fn drop_database(self) {
        self.db.close().await.unwrap();
        self.admin.execute_unprepared(&format!("DROP DATABASE `{}`", self.db_name)).await.unwrap();
    }
}

/// The URL in `var`; `None` (with a note) when it is unset locally, a panic under CI=true.
fn server_url(var: &str, server: &str, name: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) => Some(url),
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{var} is not set under CI=true: start the servers with `source .ci/servers.sh`")
        }
        Err(_) => {
            eprintln!("note: {var} not set, skipping the {server} run of {name}");
            None
        }
    }
}

/// A database name no other test or concurrent run uses.
fn fresh_name(name: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    format!("seaorm_{name}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The `Linked` impls of the several_fks fixture in entity set `$m`: each key of `messages` to
/// `users` followed both ways, and the `categories` self-reference up and down.
#[macro_export]
macro_rules! linked_story {
    ($m:ident) => {{
        use sea_orm_app::$m::categories::{self, CategoriesByParentLink, ParentLink};
        use sea_orm_app::$m::messages::{self, RecipientLink, SenderLink};
        use sea_orm_app::$m::users::{self, MessagesByRecipientLink, MessagesBySenderLink};
        let db = common::sqlite("tests/fixtures/sea-orm/several_fks/schema.sql", Dialect::Sqlite).await;
        let ada = users::ActiveModel { name: Set("Ada".into()), ..Default::default() }.insert(&db).await.unwrap();
        let bob = users::ActiveModel { name: Set("Bob".into()), ..Default::default() }.insert(&db).await.unwrap();
        let message = messages::ActiveModel {
            sender_id: Set(ada.id),
            recipient_id: Set(bob.id),
            body: Set("hi".into()),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();

        assert_eq!(message.find_linked(SenderLink).one(&db).await.unwrap().unwrap().name, "Ada");
        assert_eq!(message.find_linked(RecipientLink).one(&db).await.unwrap().unwrap().name, "Bob");
        assert_eq!(ada.find_linked(MessagesBySenderLink).count(&db).await.unwrap(), 1);
        assert_eq!(ada.find_linked(MessagesByRecipientLink).count(&db).await.unwrap(), 0);
        assert_eq!(bob.find_linked(MessagesByRecipientLink).one(&db).await.unwrap().unwrap().body, "hi");

        let root =
            categories::ActiveModel { name: Set("root".into()), ..Default::default() }.insert(&db).await.unwrap();
        let child =
            categories::ActiveModel { name: Set("child".into()), parent_id: Set(Some(root.id)), ..Default::default() }
                .insert(&db)
                .await
                .unwrap();
        assert_eq!(child.find_linked(ParentLink).one(&db).await.unwrap().unwrap().name, "root");
        let children = root.find_linked(CategoriesByParentLink).all(&db).await.unwrap();
        assert_eq!(children.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["child"]);
        assert_eq!(root.find_linked(ParentLink).one(&db).await.unwrap(), None);
    }};
}

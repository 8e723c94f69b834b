//! Proves the database-server harness: each server enforces a check constraint and a foreign key,
//! reports the offending line, and hands rows back. Skipped locally without the servers.

use crate::servers::{self, TestDb};

/// A parent and a child table with a check constraint and a foreign key, in SQL both servers accept.
const SCHEMA: &str = "\
CREATE TABLE author (
    id INT PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    CONSTRAINT author_name_not_blank CHECK (name <> '')
);
CREATE TABLE book (
    id INT PRIMARY KEY,
    author_id INT NOT NULL,
    pages INT,
    CONSTRAINT book_pages_positive CHECK (pages > 0),
    CONSTRAINT book_author_fk FOREIGN KEY (author_id) REFERENCES author (id)
);
";

/// Runs the shared scenario and returns the errors of the rejected check and foreign key.
fn exercise(db: &TestDb) -> (String, String) {
    db.execute(SCHEMA).unwrap_or_else(|error| panic!("schema rejected: {error}"));
    db.execute("INSERT INTO author (id, name) VALUES (1, 'Ursula');\nINSERT INTO book (id, author_id, pages) VALUES (10, 1, 183), (11, 1, NULL);")
        .unwrap_or_else(|error| panic!("good rows rejected: {error}"));

    let check = db
        .execute("INSERT INTO author (id, name) VALUES (2, 'Ok');\nINSERT INTO author (id, name) VALUES (3, '');")
        .expect_err("the check constraint must reject an empty name");
    let foreign_key = db
        .execute("INSERT INTO book (id, author_id, pages) VALUES (12, 99, 10);")
        .expect_err("the foreign key must reject an unknown author");

    let rows = db
        .query_rows("SELECT b.id, a.name, b.pages FROM book b JOIN author a ON a.id = b.author_id ORDER BY b.id")
        .unwrap();
    assert_eq!(rows, [["10", "Ursula", "183"], ["11", "Ursula", "NULL"]]);
    // The script stopped at its failing second line, after the first had been committed.
    assert_eq!(db.query_rows("SELECT id FROM author ORDER BY id").unwrap(), [["1"], ["2"]]);
    assert_eq!(db.query_rows("SELECT id FROM author WHERE id > 100").unwrap(), Vec::<Vec<String>>::new());
    (check, foreign_key)
}

#[test]
fn postgres_enforces_checks_and_foreign_keys() {
    let Some(server) = servers::postgres() else { return };
    let db = server.fresh_database("smoke");
    let (check, foreign_key) = exercise(&db);
    assert!(check.contains(":2: ERROR:") && check.contains("author_name_not_blank"), "{check}");
    assert!(foreign_key.contains(":1: ERROR:") && foreign_key.contains("book_author_fk"), "{foreign_key}");
}

#[test]
fn mysql_enforces_checks_and_foreign_keys() {
    let Some(server) = servers::mysql() else { return };
    let db = server.fresh_database("smoke");
    let (check, foreign_key) = exercise(&db);
    assert!(check.contains("at line 2") && check.contains("author_name_not_blank"), "{check}");
    assert!(foreign_key.contains("at line 1") && foreign_key.contains("book_author_fk"), "{foreign_key}");
}

/// Two fresh databases do not see each other's tables, and dropping a `TestDb` drops its database.
fn check_separate_and_dropped(fresh: impl Fn(&str) -> TestDb, list_databases: &str) {
    let first = fresh("separate");
    let probe = fresh("probe");
    let name = first.name().to_owned();
    let listed = || probe.query_rows(list_databases).unwrap().into_iter().any(|row| row[0] == name);
    first.execute("CREATE TABLE only_here (id INT)").unwrap();
    assert!(probe.execute("SELECT * FROM only_here").is_err(), "databases must be separate");
    assert!(listed(), "{name} is not listed");
    drop(first);
    assert!(!listed(), "{name} survived its TestDb");
}

#[test]
fn postgres_fresh_databases_are_separate_and_dropped() {
    let Some(server) = servers::postgres() else { return };
    check_separate_and_dropped(|hint| server.fresh_database(hint), "SELECT datname FROM pg_database");
}

#[test]
fn mysql_fresh_databases_are_separate_and_dropped() {
    let Some(server) = servers::mysql() else { return };
    check_separate_and_dropped(|hint| server.fresh_database(hint), "SHOW DATABASES");
}

//! Inputs the fuzz targets (`fuzz/`, `bash fuzz/run.sh`) found to crash a reader, kept as tests
//! once fixed: each must read to a schema or a located error, never a panic.

use std::path::Path;

use codegen_core::Dialect;
use codegen_core::read::sql::read_sql_str;

/// Reading must end; its result may be an error.
fn reads_without_panic(input: &[u8], dialect: Dialect) {
    let text = String::from_utf8_lossy(input);
    let _ = read_sql_str(&text, Path::new("found.sql"), dialect);
}

/// `sql_mysql`: a line whose ninth byte falls inside a character (here U+FFFD, from a byte that
/// is not UTF-8) broke the test for a `DELIMITER` line; any MySQL script with non-ASCII text there
/// (`-- Paramètres`) did too.
#[test]
fn a_character_across_the_length_of_delimiter() {
    reads_without_panic(
        b"-- dialect: mysql\nCREATE T\x96BLE users (id bigint PRIMARY KEY, age int);\n-- next migration\nALTER TABLE users MODIFY age bigint;\n",
        Dialect::Mysql,
    );
    let schema = read_sql_str("-- Paramètres\nCREATE TABLE t (id int);\n", Path::new("found.sql"), Dialect::Mysql)
        .expect("a comment with accents reads")
        .schema;
    assert_eq!(schema.tables.len(), 1);
}

/// `migrations`: a quoted name left open at the end of a statement, ending inside a character,
/// broke the name's unquoting while the reader looked for what an object depends on.
#[test]
fn a_quoted_name_left_open_inside_a_character() {
    reads_without_panic(
        b"CREATE TYPE mood AS ENUTEXTsa`', 'ok', hapy'p');\nTYPE mooE TYP VALU= 'PRIMAR\xd9\n",
        Dialect::Postgres,
    );
    for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        reads_without_panic(b"CREATE TABLE \"t\xc3\xa9", dialect);
        reads_without_panic("CREATE VIEW v AS SELECT `é".as_bytes(), dialect);
    }
}

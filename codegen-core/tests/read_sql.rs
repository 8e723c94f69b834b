//! The SQL reader on each dialect's idioms, on schema changes, and on bad input.

use std::path::Path;

use codegen_core::Dialect;
use codegen_core::model::*;
use codegen_core::read::ReadError;
use codegen_core::read::migrations::read_migrations_dir;
use codegen_core::read::sql::read_sql_str;

fn read(sql: &str, dialect: Dialect) -> Schema {
    match read_sql_str(sql, Path::new("test.sql"), dialect) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{e}"),
    }
}

fn errors(sql: &str, dialect: Dialect) -> Vec<String> {
    match read_sql_str(sql, Path::new("bad.sql"), dialect) {
        Ok(_) => panic!("expected errors"),
        Err(ReadError::Invalid(d)) => d.errors().map(|d| d.to_string()).collect(),
        Err(e) => panic!("unexpected {e}"),
    }
}

fn table<'a>(schema: &'a Schema, name: &str) -> &'a Table {
    schema.table(&QualifiedName::new(name)).unwrap_or_else(|| panic!("no table {name}"))
}

#[test]
fn mysql_idioms() {
    let schema = read(
        "CREATE TABLE `orders` (
            `id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
            `state` ENUM('new','paid','shipped') NOT NULL DEFAULT 'new',
            `is_gift` TINYINT(1) NOT NULL DEFAULT 0,
            `placed_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
            `seen_at` TIMESTAMP NULL,
            `note` TEXT COMMENT 'free text',
            PRIMARY KEY (`id`),
            UNIQUE KEY `orders_note_uq` (`state`, `placed_at`),
            KEY `orders_placed_idx` (`placed_at` DESC)
        ) ENGINE=InnoDB COMMENT='customer orders';",
        Dialect::Mysql,
    );
    let orders = table(&schema, "orders");
    let id = orders.column("id").unwrap();
    assert_eq!(id.ty, ColumnType::Integer { width: IntWidth::Int, unsigned: true });
    assert_eq!(id.default, Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::AutoIncrement }));
    let state = orders.column("state").unwrap();
    assert_eq!(state.ty, ColumnType::Enum { name: QualifiedName::new("orders_state") });
    assert_eq!(schema.enums[0].values, ["new", "paid", "shipped"]);
    assert_eq!(orders.column("is_gift").unwrap().ty, ColumnType::Bool);
    assert_eq!(orders.column("placed_at").unwrap().ty, ColumnType::Timestamp { precision: Some(3), datetime: false });
    assert_eq!(orders.column("placed_at").unwrap().default, Some(ColumnDefault::CurrentTimestamp));
    assert_eq!(orders.column("seen_at").unwrap().ty, ColumnType::TimestampTz { precision: None });
    assert_eq!(orders.column("note").unwrap().comment.as_deref(), Some("free text"));
    assert_eq!(orders.comment.as_deref(), Some("customer orders"));
    assert_eq!(orders.uniques[0].name.as_deref(), Some("orders_note_uq"));
    assert_eq!(orders.indexes[0].parts[0].order, Some(SortOrder::Desc));
}

#[test]
fn sqlite_idioms_including_check_enums() {
    let schema = read(
        "CREATE TABLE tasks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'done')),
            due DATETIME DEFAULT (datetime('now')),
            score REAL CHECK (score >= 0),
            total INTEGER GENERATED ALWAYS AS (id * 2) STORED
        );
        CREATE UNIQUE INDEX tasks_open ON tasks (status) WHERE status <> 'done';",
        Dialect::Sqlite,
    );
    let tasks = table(&schema, "tasks");
    assert_eq!(tasks.column("status").unwrap().ty, ColumnType::Enum { name: QualifiedName::new("tasks_status") });
    assert_eq!(schema.enums[0].values, ["todo", "doing", "done"]);
    assert_eq!(tasks.checks.len(), 1, "only the enum check is consumed: {:?}", tasks.checks);
    assert_eq!(tasks.checks[0].expression, "score >= 0");
    assert_eq!(tasks.column("due").unwrap().default, Some(ColumnDefault::CurrentTimestamp));
    assert_eq!(
        tasks.column("total").unwrap().generated,
        Some(GeneratedColumn { expression: "id * 2".into(), stored: true })
    );
    assert!(tasks.indexes[0].unique);
    assert_eq!(tasks.indexes[0].predicate.as_deref(), Some("status <> 'done'"));
}

#[test]
fn postgres_namespaces_serials_arrays_and_expression_indexes() {
    let schema = read(
        "CREATE SCHEMA billing;
         CREATE TYPE billing.currency AS ENUM ('eur', 'usd');
         CREATE TABLE billing.invoices (
             id BIGSERIAL PRIMARY KEY,
             currency billing.currency NOT NULL,
             tags TEXT[] NOT NULL DEFAULT '{}',
             public_id UUID NOT NULL DEFAULT gen_random_uuid(),
             Email TEXT
         );
         CREATE INDEX ON billing.invoices USING gin (tags);
         CREATE INDEX invoices_email_lower ON billing.invoices (lower(email));",
        Dialect::Postgres,
    );
    assert_eq!(schema.namespaces, ["billing"]);
    let invoices = schema.table(&QualifiedName::qualified(Some("billing".into()), "invoices")).unwrap();
    let id = invoices.column("id").unwrap();
    assert_eq!(id.ty, ColumnType::BIGINT);
    assert_eq!(id.default, Some(ColumnDefault::AutoIncrement { strategy: AutoIncrement::Serial }));
    assert_eq!(
        invoices.column("currency").unwrap().ty,
        ColumnType::Enum { name: QualifiedName::qualified(Some("billing".into()), "currency") }
    );
    assert_eq!(invoices.column("tags").unwrap().ty, ColumnType::Array { element: Box::new(ColumnType::TEXT) });
    assert_eq!(
        invoices.column("public_id").unwrap().default,
        Some(ColumnDefault::GeneratedUuid { function: "gen_random_uuid".into() })
    );
    assert!(invoices.column("email").is_some(), "unquoted names fold to lower case");
    assert_eq!(invoices.indexes[0].name, "invoices_tags_idx");
    assert_eq!(invoices.indexes[0].method.as_deref(), Some("gin"));
    assert_eq!(invoices.indexes[1].parts[0].key, IndexKey::Expression("lower(email)".into()));
}

#[test]
fn alter_statements_replay_renames_drops_and_constraints() {
    let schema = read(
        "CREATE TABLE a (id INT PRIMARY KEY, code TEXT, gone TEXT);
         CREATE TABLE b (id INT PRIMARY KEY, a_code TEXT);
         CREATE INDEX a_gone_idx ON a (gone);
         ALTER TABLE a ADD CONSTRAINT a_code_key UNIQUE (code);
         ALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_code) REFERENCES a (code) ON UPDATE CASCADE;
         ALTER TABLE a RENAME COLUMN code TO slug;
         ALTER TABLE a DROP COLUMN gone;
         ALTER TABLE a RENAME TO parents;
         ALTER TABLE b ALTER COLUMN a_code SET NOT NULL;
         ALTER TABLE b ALTER COLUMN a_code SET DEFAULT 'x';
         INSERT INTO parents VALUES (1, 'x');",
        Dialect::Postgres,
    );
    let parents = table(&schema, "parents");
    assert_eq!(parents.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["id", "slug"]);
    assert!(parents.indexes.is_empty(), "the index on the dropped column went with it");
    assert_eq!(parents.uniques[0].columns, ["slug"]);
    let b = table(&schema, "b");
    assert_eq!(b.foreign_keys[0].referenced_table, QualifiedName::new("parents"));
    assert_eq!(b.foreign_keys[0].referenced_columns, ["slug"]);
    assert_eq!(b.foreign_keys[0].on_update, ReferentialAction::Cascade);
    assert!(!b.column("a_code").unwrap().nullable);
}

#[test]
fn a_references_clause_without_columns_means_the_primary_key() {
    let schema = read("CREATE TABLE p (k TEXT PRIMARY KEY); CREATE TABLE c (p_k TEXT REFERENCES p);", Dialect::Sqlite);
    assert_eq!(table(&schema, "c").foreign_keys[0].referenced_columns, ["k"]);
}

#[test]
fn views_keep_their_definition_and_typed_columns() {
    let schema = read(
        "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL, deleted_at TIMESTAMPTZ);
         CREATE VIEW active_users AS SELECT u.id, u.email AS address FROM users u WHERE u.deleted_at IS NULL;",
        Dialect::Postgres,
    );
    let view = &schema.views[0];
    assert_eq!(view.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["id", "address"]);
    assert_eq!(view.columns[1].ty, ColumnType::TEXT);
    assert!(!view.columns[1].nullable);
    assert!(view.definition.contains("WHERE u.deleted_at IS NULL"));
}

#[test]
fn unknown_types_are_kept_not_refused() {
    let schema =
        read("CREATE TABLE g (id INT PRIMARY KEY, area geometry(Polygon, 4326), r int4range);", Dialect::Postgres);
    let g = table(&schema, "g");
    assert!(matches!(&g.column("area").unwrap().ty, ColumnType::Other { raw } if raw.starts_with("geometry")));
    assert!(matches!(&g.column("r").unwrap().ty, ColumnType::Other { raw } if raw == "int4range"));
}

#[test]
fn every_error_in_a_file_is_reported_with_its_line() {
    let errs = errors(
        "CREATE TABLE a (id INT PRIMARY KEY);\n\
         ALTER TABLE missing ADD COLUMN x INT;\n\
         CREATE TABLE b (id INT PRIMARY KEY, a_id INT REFERENCES a (nope));\n\
         CREATE TABEL c (id INT);\n\
         CREATE TABLE a (id INT);\n",
        Dialect::Postgres,
    );
    assert_eq!(errs.len(), 4, "{errs:#?}");
    assert!(errs[0].starts_with("bad.sql:2:1: error: table `missing` does not exist"), "{}", errs[0]);
    assert!(errs[1].starts_with("bad.sql:4:"), "{}", errs[1]);
    assert!(errs[1].contains("cannot read `CREATE TABEL c`") && errs[1].contains("TABLE"), "{}", errs[1]);
    assert!(errs[2].starts_with("bad.sql:5:1: error: table `a` is created twice"), "{}", errs[2]);
    assert!(errs[3].contains("references column `a.nope`"), "{}", errs[3]);
    assert!(errs[3].starts_with("bad.sql:3:"), "{}", errs[3]);
}

#[test]
fn ddl_the_model_cannot_hold_is_an_error_not_a_silent_skip() {
    let errs = errors("CREATE TABLE t (id INT);\nCREATE TABLE u AS SELECT * FROM t;\n", Dialect::Postgres);
    assert!(errs[0].starts_with("bad.sql:2:1:") && errs[0].contains("CREATE TABLE u AS"), "{errs:?}");
}

#[test]
fn migrations_in_sqlx_and_prisma_layouts_replay_in_version_order() {
    let dir = tempfile::tempdir().unwrap();
    let sqlx = dir.path().join("sqlx");
    std::fs::create_dir_all(&sqlx).unwrap();
    std::fs::write(sqlx.join("20240102000000_add_email.up.sql"), "ALTER TABLE users ADD COLUMN email TEXT;").unwrap();
    std::fs::write(sqlx.join("20240102000000_add_email.down.sql"), "ALTER TABLE users DROP COLUMN email;").unwrap();
    std::fs::write(sqlx.join("20240101000000_init.sql"), "CREATE TABLE users (id BIGINT PRIMARY KEY);").unwrap();
    let schema = read_migrations_dir(&sqlx, Dialect::Sqlite).unwrap().schema;
    assert_eq!(table(&schema, "users").columns.len(), 2);

    let prisma = dir.path().join("prisma");
    for (name, sql) in [
        (
            "20240101000000_init",
            "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));",
        ),
        ("20240301000000_name", "ALTER TABLE \"User\" ADD COLUMN \"name\" TEXT;"),
    ] {
        std::fs::create_dir_all(prisma.join("migrations").join(name)).unwrap();
        std::fs::write(prisma.join("migrations").join(name).join("migration.sql"), sql).unwrap();
    }
    std::fs::write(prisma.join("migrations/migration_lock.toml"), "provider = \"postgresql\"").unwrap();
    let schema = read_migrations_dir(&prisma, Dialect::Postgres).unwrap().schema;
    let user = table(&schema, "User");
    assert_eq!(user.primary_key.as_ref().unwrap().name.as_deref(), Some("User_pkey"));
    assert_eq!(user.columns[1].name, "name");
}

#[test]
fn dropping_a_referenced_column_drops_the_keys_that_reference_it_self_references_too() {
    let schema = read(
        "CREATE TABLE nodes (id INT PRIMARY KEY, code TEXT UNIQUE, parent_code TEXT REFERENCES nodes (code));
         CREATE TABLE links (id INT PRIMARY KEY, node_code TEXT REFERENCES nodes (code));
         ALTER TABLE nodes DROP COLUMN code CASCADE;
         ALTER TABLE nodes RENAME TO tree;",
        Dialect::Postgres,
    );
    assert!(table(&schema, "tree").foreign_keys.is_empty());
    assert!(table(&schema, "links").foreign_keys.is_empty());
}

#[test]
fn numeric_boolean_defaults_become_booleans_so_postgres_accepts_them() {
    let schema = read(
        "CREATE TABLE f (id INTEGER PRIMARY KEY, on_sale BOOLEAN NOT NULL DEFAULT 0, hot BOOLEAN DEFAULT 1);",
        Dialect::Sqlite,
    );
    let f = table(&schema, "f");
    assert_eq!(f.column("on_sale").unwrap().default, Some(ColumnDefault::Literal { value: Literal::Bool(false) }));
    assert_eq!(f.column("hot").unwrap().default, Some(ColumnDefault::Literal { value: Literal::Bool(true) }));
    let mysql = read("CREATE TABLE g (id INT PRIMARY KEY, flag TINYINT(1) NOT NULL DEFAULT 1);", Dialect::Mysql);
    assert_eq!(
        table(&mysql, "g").column("flag").unwrap().default,
        Some(ColumnDefault::Literal { value: Literal::Bool(true) })
    );
}

#[test]
fn routines_and_validation_leave_the_model_as_it_is() {
    let with = read(
        "CREATE TABLE t (id bigint PRIMARY KEY, n integer);
        ALTER TABLE t ADD CONSTRAINT n_set CHECK (n IS NOT NULL) NOT VALID;
        CREATE PROCEDURE fill(batch integer) LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE t SET n = 0 WHERE n IS NULL;
          COMMIT;
        END
        $$;
        CALL fill(1000);
        ALTER TABLE t VALIDATE CONSTRAINT n_set;
        DROP PROCEDURE fill(integer);",
        Dialect::Postgres,
    );
    let without = read(
        "CREATE TABLE t (id bigint PRIMARY KEY, n integer, CONSTRAINT n_set CHECK (n IS NOT NULL));",
        Dialect::Postgres,
    );
    assert_eq!(with, without);

    let unknown =
        errors("CREATE TABLE t (id bigint PRIMARY KEY); ALTER TABLE t VALIDATE CONSTRAINT nope;", Dialect::Postgres);
    assert!(unknown.iter().any(|e| e.contains("no check or foreign key `nope`")), "{unknown:?}");
}

#[test]
fn mysql_key_prefixes_are_kept() {
    let schema = read(
        "CREATE TABLE t (name varchar(100), bio text, KEY p (name(10)), FULLTEXT KEY f (bio));
        CREATE INDEX q ON t (name(5) DESC, bio(20));",
        Dialect::Mysql,
    );
    let t = table(&schema, "t");
    let lengths = |name: &str| -> Vec<Option<u32>> {
        t.indexes.iter().find(|i| i.name == name).unwrap().parts.iter().map(|p| p.length).collect()
    };
    assert_eq!(lengths("p"), [Some(10)]);
    assert_eq!(lengths("q"), [Some(5), Some(20)]);
    assert_eq!(lengths("f"), [None]);
    let q = t.indexes.iter().find(|i| i.name == "q").unwrap();
    assert_eq!(q.parts[0].key, IndexKey::Column("name".into()));
    assert_eq!(q.parts[0].order, Some(SortOrder::Desc));
}

#[test]
fn a_renamed_column_takes_its_check_and_derived_enum_along() {
    let sqlite = read(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT CHECK (s IN ('a', 'b')));
        ALTER TABLE t RENAME COLUMN s TO st;",
        Dialect::Sqlite,
    );
    let names: Vec<String> = sqlite.enums.iter().map(|e| e.name.to_string()).collect();
    assert_eq!(names, ["t_st"]);
    let mysql = read(
        "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a', 'b'));
        ALTER TABLE t RENAME COLUMN s TO st;",
        Dialect::Mysql,
    );
    let names: Vec<String> = mysql.enums.iter().map(|e| e.name.to_string()).collect();
    assert_eq!(names, ["t_st"]);
    assert_eq!(table(&mysql, "t").column("st").unwrap().ty.enum_name().map(|n| n.to_string()).as_deref(), Some("t_st"));
}

#[test]
fn mysql_only_conditional_comments_mark_what_mariadb_skips() {
    // Sakila's shape: MySQL 5.7.5+ reads the spatial column and its key, MariaDB skips both
    // (it keeps versions 5.7 to 9.x for MySQL); a 4.1 condition and MariaDB's own `/*M!` are
    // read by both engines.
    let schema = read(
        "CREATE TABLE address (
           id INT NOT NULL,
           /*!50705 location GEOMETRY */ /*!80003 SRID 0 */ /*!50705 NOT NULL,*/
           /*!40101 legacy INT,*/
           /*M!100100 maria INT,*/
           PRIMARY KEY (id),
           /*!50705 SPATIAL KEY `idx_location` (location),*/
           KEY idx_legacy (legacy)
         ) ENGINE=InnoDB;
         /*!80013 CREATE INDEX idx_maria ON address (maria) */;",
        Dialect::Mysql,
    );
    let address = table(&schema, "address");
    let since = |name: &str| address.column(name).unwrap().mysql_only_since;
    assert_eq!(since("location"), Some(50705));
    assert_eq!(address.column("location").unwrap().srid, Some(0));
    assert!(!address.column("location").unwrap().nullable);
    assert_eq!((since("id"), since("legacy"), since("maria")), (None, None, None));
    let index = |name: &str| address.indexes.iter().find(|i| i.name == name).unwrap().mysql_only_since;
    assert_eq!(index("idx_location"), Some(50705));
    assert_eq!(index("idx_legacy"), None);
    assert_eq!(index("idx_maria"), Some(80013));
}

#[test]
fn comments_on_constraints_follow_renames_and_drops() {
    let schema = read(
        "CREATE TABLE items (id int PRIMARY KEY, name text UNIQUE, score int CHECK (score > 0), gone int UNIQUE);
         ALTER TABLE items RENAME TO things;
         COMMENT ON CONSTRAINT items_pkey ON things IS 'named when the table was items';
         COMMENT ON CONSTRAINT items_name_key ON things IS 'renamed below';
         ALTER TABLE things RENAME CONSTRAINT items_name_key TO things_name_key;
         COMMENT ON CONSTRAINT items_score_check ON things IS 'cleared below';
         COMMENT ON CONSTRAINT items_score_check ON things IS NULL;
         COMMENT ON CONSTRAINT items_gone_key ON things IS 'dropped with its column';
         ALTER TABLE things DROP COLUMN gone;",
        Dialect::Postgres,
    );
    let comments: Vec<(&str, &str)> =
        table(&schema, "things").constraint_comments.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(comments, [("items_pkey", "named when the table was items"), ("things_name_key", "renamed below")]);

    let errors =
        errors("CREATE TABLE t (id int PRIMARY KEY); COMMENT ON CONSTRAINT nope ON t IS 'x';", Dialect::Postgres);
    assert!(errors.iter().any(|e| e.contains("constraint `nope` of table `t` does not exist")), "{errors:?}");
}

#[test]
fn views_running_as_their_caller_are_marked() {
    let invoker = |sql: &str, dialect| read(sql, dialect).views[0].security_invoker;
    assert!(invoker(
        "CREATE TABLE t (id int); CREATE DEFINER=CURRENT_USER SQL SECURITY INVOKER VIEW v AS SELECT id FROM t;",
        Dialect::Mysql
    ));
    assert!(!invoker(
        "CREATE TABLE t (id int); CREATE SQL SECURITY DEFINER VIEW v AS SELECT id FROM t;",
        Dialect::Mysql
    ));
    // mariadb-dump's shape: the clause inside a conditional comment.
    assert!(invoker(
        "CREATE TABLE t (id int); /*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 DEFINER=`root`@`localhost` SQL SECURITY INVOKER */ /*!50001 VIEW v AS SELECT id FROM t */;",
        Dialect::Mysql
    ));
    // pg_dump's shape, and PostgreSQL's other spellings of true.
    assert!(invoker(
        "CREATE TABLE t (id int); CREATE VIEW v WITH (security_invoker='true') AS SELECT id FROM t;",
        Dialect::Postgres
    ));
    assert!(invoker(
        "CREATE TABLE t (id int); CREATE VIEW v WITH (security_invoker) AS SELECT id FROM t;",
        Dialect::Postgres
    ));
    assert!(!invoker(
        "CREATE TABLE t (id int); CREATE VIEW v WITH (security_invoker = off) AS SELECT id FROM t;",
        Dialect::Postgres
    ));
    assert!(!invoker(
        "CREATE TABLE t (id int); CREATE VIEW v WITH (security_barrier) AS SELECT id FROM t;",
        Dialect::Postgres
    ));
}

//! The diff on small models: what each change looks like, and the order changes come in.

use std::path::Path;

use super::*;
use crate::dialect::Dialect;
use crate::read::sql::read_sql_str;

fn schema(sql: &str) -> Schema {
    read_sql_str(sql, Path::new("test.sql"), Dialect::Postgres).expect("the test SQL reads").schema
}

fn diff(from: &str, to: &str, hints: &[&str]) -> SchemaDiff {
    let mut renames = RenameHints::default();
    for hint in hints {
        renames.add(hint).unwrap();
    }
    diff_schemas(&schema(from), &schema(to), &DiffOptions::new(renames, Vec::new()))
}

fn described(diff: &SchemaDiff) -> Vec<String> {
    diff.changes.iter().map(Change::describe).collect()
}

#[test]
fn the_same_schema_has_no_changes() {
    let sql = "CREATE TABLE a (id int PRIMARY KEY, name text NOT NULL DEFAULT 'x');";
    let d = diff(sql, sql, &[]);
    assert!(d.is_empty());
    assert!(d.diagnostics.is_empty());
}

#[test]
fn a_referenced_table_is_created_first_and_dropped_last() {
    let empty = "";
    let both = "CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id));
                CREATE TABLE parent (id int PRIMARY KEY);";
    assert_eq!(described(&diff(empty, both, &[])), ["create table parent", "create table child"]);
    assert_eq!(described(&diff(both, empty, &[])), ["drop table child", "drop table parent"]);
}

#[test]
fn a_cycle_is_created_with_one_key_added_afterwards() {
    let cycle = "CREATE TABLE a (id int PRIMARY KEY, b_id int, CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b (id));
                 CREATE TABLE b (id int PRIMARY KEY, a_id int, CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES a (id));";
    assert_eq!(described(&diff("", cycle, &[])), ["create table a", "create table b", "add foreign key a_b on a"]);
    assert_eq!(described(&diff(cycle, "", &[])), ["drop foreign key a_b on a", "drop table b", "drop table a"]);
}

#[test]
fn a_hinted_rename_is_one_change_and_keeps_what_names_the_column() {
    let from = "CREATE TABLE t (id int PRIMARY KEY, state text NOT NULL); CREATE INDEX t_state_idx ON t (state);";
    let to = "CREATE TABLE t (id int PRIMARY KEY, status text NOT NULL); CREATE INDEX t_state_idx ON t (status);";
    let d = diff(from, to, &["t.state=status"]);
    assert_eq!(described(&d), ["rename column t.state to status"]);
    assert!(d.diagnostics.is_empty(), "{}", d.diagnostics);
}

#[test]
fn without_the_hint_a_rename_is_a_drop_and_an_add_reported_as_probable() {
    let from = "CREATE TABLE t (id int PRIMARY KEY, state text NOT NULL DEFAULT '');";
    let to = "CREATE TABLE t (id int PRIMARY KEY, status text NOT NULL DEFAULT '');";
    let d = diff(from, to, &[]);
    assert_eq!(described(&d), ["add column t.status", "drop column t.state"]);
    let warning = d.diagnostics.iter().next().expect("a warning");
    assert!(warning.message.starts_with("probable rename: `t.state`"), "{warning}");
    assert_eq!(warning.help.as_deref(), Some("if it is a rename, give the hint `t.state=status`"));
}

#[test]
fn a_hint_that_matches_nothing_is_a_warning() {
    let sql = "CREATE TABLE t (id int PRIMARY KEY);";
    let d = diff(sql, sql, &["t.nope=other", "ghost=spirit"]);
    assert_eq!(d.diagnostics.len(), 2, "{}", d.diagnostics);
    assert!(d.diagnostics.iter().all(|w| w.message.contains("matches nothing")));
}

#[test]
fn table_renames_carry_into_foreign_keys_that_reference_them() {
    let from = "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a_id int, CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES a (id));";
    let to = "CREATE TABLE z (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a_id int, CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES z (id));";
    assert_eq!(described(&diff(from, to, &["a=z"])), ["rename table a to z"]);
}

#[test]
fn enum_values_renamed_and_added_are_one_alter_with_the_columns_using_it() {
    let from = "CREATE TYPE s AS ENUM ('a', 'b'); CREATE TABLE t (id int PRIMARY KEY, v s NOT NULL DEFAULT 'a');";
    let to = "CREATE TYPE s AS ENUM ('a', 'bee', 'c'); CREATE TABLE t (id int PRIMARY KEY, v s NOT NULL DEFAULT 'a');";
    let d = diff(from, to, &["s.b=bee"]);
    let [Change::AlterEnum { renamed_values, columns, .. }] = d.changes.as_slice() else { panic!("{:?}", d.changes) };
    assert_eq!(renamed_values, &[("b".to_string(), "bee".to_string())]);
    assert_eq!(columns.len(), 1);
    assert_eq!(columns[0].column.name, "v");
}

#[test]
fn a_new_not_null_column_without_default_or_fill_is_a_warning() {
    let from = "CREATE TABLE t (id int PRIMARY KEY);";
    let to = "CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL);";
    let d = diff(from, to, &[]);
    let warning = d.diagnostics.iter().next().expect("a warning");
    assert!(warning.message.contains("NOT NULL without a default or a fill"), "{warning}");
    let fill = Fill::parse("t.n = 0").unwrap();
    let d = diff_schemas(&schema(from), &schema(to), &DiffOptions::new(RenameHints::default(), vec![fill]));
    assert!(d.diagnostics.is_empty(), "{}", d.diagnostics);
    let [Change::AddColumn { fills, .. }] = d.changes.as_slice() else { panic!("{:?}", d.changes) };
    assert_eq!(fills[0].expression, "0");
}

#[test]
fn views_on_a_changed_table_are_dropped_first_and_created_last() {
    let from = "CREATE TABLE t (id int PRIMARY KEY, a int); CREATE VIEW v AS SELECT id FROM t;";
    let to = "CREATE TABLE t (id int PRIMARY KEY, a bigint); CREATE VIEW v AS SELECT id FROM t;";
    assert_eq!(described(&diff(from, to, &[])), ["drop view v", "alter column t.a", "create view v"]);
}

#[test]
fn the_reverse_diff_undoes_renames() {
    let from = "CREATE TABLE t (id int PRIMARY KEY, state text);";
    let to = "CREATE TABLE t (id int PRIMARY KEY, status text);";
    let d = diff(from, to, &["t.state=status"]);
    let back = d.reverse(&schema(from), &schema(to));
    assert_eq!(described(&back), ["rename column t.status to state"]);
}

#[test]
fn a_referenced_key_that_changes_takes_the_keys_that_reference_it_along() {
    let from = "CREATE TABLE p (id int, code text, CONSTRAINT p_pkey PRIMARY KEY (id));
                CREATE TABLE c (id int PRIMARY KEY, p_id int, CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id));";
    let to = "CREATE TABLE p (id int, code text, CONSTRAINT p_key PRIMARY KEY (id));
              CREATE TABLE c (id int PRIMARY KEY, p_id int, CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id));";
    assert_eq!(
        described(&diff(from, to, &[])),
        ["drop foreign key c_p on c", "drop primary key of p", "add primary key to p", "add foreign key c_p on c"]
    );
}

const FILMS: &str = "CREATE TABLE films (id int PRIMARY KEY, updated_at timestamp);\n";
const TOUCH: &str = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n\
                     CREATE TRIGGER films_touch BEFORE UPDATE ON films FOR EACH ROW EXECUTE FUNCTION touch();\n";

#[test]
fn objects_are_created_after_what_they_name_and_dropped_before_it() {
    let all = format!("{FILMS}{TOUCH}");
    assert_eq!(
        described(&diff("", &all, &[])),
        ["create function touch()", "create table films", "create trigger films_touch on films"]
    );
    assert_eq!(
        described(&diff(&all, "", &[])),
        ["drop trigger films_touch on films", "drop table films", "drop function touch()"]
    );
    // A function that returns a table's rows waits for the table, and goes before it.
    let setof = format!("{FILMS}CREATE FUNCTION recent() RETURNS SETOF films LANGUAGE sql AS 'select * from films';");
    assert_eq!(described(&diff("", &setof, &[])), ["create table films", "create function recent()"]);
    assert_eq!(described(&diff(&setof, "", &[])), ["drop function recent()", "drop table films"]);
}

#[test]
fn a_changed_function_is_replaced_in_place_unless_its_arguments_or_result_change() {
    let body = |b: &str, returns: &str, arg: &str| {
        format!("CREATE FUNCTION f({arg} int) RETURNS {returns} LANGUAGE sql AS 'select {b}';")
    };
    let d = diff(&body("1", "int", "a"), &body("2", "int", "a"), &[]);
    assert!(matches!(d.changes.as_slice(), [Change::ReplaceObject { .. }]), "{:?}", described(&d));
    // A new result type or a renamed argument: drop and create (CREATE OR REPLACE refuses both).
    let recreated = ["drop function f(a int)", "create function f(a int)"];
    assert_eq!(described(&diff(&body("1", "int", "a"), &body("1", "bigint", "a"), &[])), recreated);
    assert_eq!(
        described(&diff(&body("1", "int", "a"), &body("1", "int", "b"), &[])),
        ["drop function f(a int)", "create function f(b int)"]
    );
    // Another overload is another function.
    let both =
        format!("{}\n{}", body("1", "int", "a"), "CREATE FUNCTION f(a text) RETURNS int LANGUAGE sql AS 'select 1';");
    assert_eq!(described(&diff(&body("1", "int", "a"), &both, &[])), ["create function f(a text)"]);
}

#[test]
fn objects_that_depend_on_a_recreated_one_are_recreated_with_it() {
    // `finish` changes its result type: dropped and created, and the aggregate that uses it (and
    // the view that calls the aggregate) with it, although their own text stays.
    let agg = |returns: &str| {
        format!(
            "CREATE FUNCTION add_up(state int, value int) RETURNS int LANGUAGE sql AS 'select state + value';\n\
             CREATE FUNCTION finish(state int) RETURNS {returns} LANGUAGE sql AS 'select state';\n\
             CREATE AGGREGATE total(int) (SFUNC = add_up, STYPE = int, FINALFUNC = finish);\n\
             CREATE VIEW v AS SELECT total(x) AS t FROM (VALUES (1)) AS s(x);"
        )
    };
    assert_eq!(
        described(&diff(&agg("int"), &agg("bigint"), &[])),
        [
            "drop view v",
            "drop aggregate total(int)",
            "drop function finish(state int)",
            "create function finish(state int)",
            "create aggregate total(int)",
            "create view v",
        ]
    );
}

const USERS: &str = "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, theme text, locale text);";
const SPLIT: &str = "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
    CREATE TABLE user_preferences (user_id int PRIMARY KEY REFERENCES users (id), theme text, locale text);";
const PRODUCTS: &str = "CREATE TABLE products (id int PRIMARY KEY, category text NOT NULL);";
const LOOKUP: &str = "CREATE TABLE categories (id serial PRIMARY KEY, category text NOT NULL UNIQUE);
    CREATE TABLE products (id int PRIMARY KEY, category_id int NOT NULL REFERENCES categories (id));";

fn moves_of(d: &SchemaDiff) -> Vec<(MoveKind, String, String)> {
    d.changes
        .iter()
        .filter_map(|c| match c {
            Change::MoveData(m) => Some((m.kind, m.source_key.clone(), m.target_key.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_move_copies_between_adding_and_dropping_and_its_reverse_moves_back() {
    let d = diff(USERS, SPLIT, &["move users.(theme, locale) -> user_preferences by user_id"]);
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    assert_eq!(
        described(&d),
        [
            "create table user_preferences",
            "move the data of users.(theme, locale) -> user_preferences",
            "drop column users.theme",
            "drop column users.locale"
        ]
    );
    assert_eq!(moves_of(&d), [(MoveKind::Split, "id".into(), "user_id".into())]);
    let back = d.reverse(&schema(USERS), &schema(SPLIT));
    assert_eq!(moves_of(&back), [(MoveKind::Inline, "user_id".into(), "id".into())]);
    // SQLite fills the columns it adds back with a correlated subquery.
    let fills: Vec<&Fill> = back
        .changes
        .iter()
        .filter_map(|c| if let Change::AddColumn { fills, .. } = c { fills.first() } else { None })
        .collect();
    assert_eq!(fills.len(), 2);
    assert_eq!(fills[0].dialect, Some(Dialect::Sqlite));
    assert!(fills[0].expression.contains("WHERE \"user_preferences\".\"user_id\" = \"users\".\"id\""));
}

#[test]
fn a_lookup_adds_its_key_nullable_and_makes_it_not_null_after_the_copy() {
    let d = diff(PRODUCTS, LOOKUP, &["move products.(category) -> categories by category_id"]);
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    assert_eq!(moves_of(&d), [(MoveKind::Lookup, "category_id".into(), "id".into())]);
    let steps = described(&d);
    let at = |s: &str| steps.iter().position(|x| x == s).unwrap_or_else(|| panic!("{s}: {steps:?}"));
    assert!(at("add column products.category_id") < at("move the data of products.(category) -> categories"));
    assert!(at("move the data of products.(category) -> categories") < at("alter column products.category_id"));
    assert!(at("alter column products.category_id") < at("drop column products.category"));
    let added = d.changes.iter().find_map(|c| match c {
        Change::AddColumn { column, .. } => Some(column),
        _ => None,
    });
    assert!(added.unwrap().nullable, "added nullable for the copy");
    let back = d.reverse(&schema(PRODUCTS), &schema(LOOKUP));
    assert_eq!(moves_of(&back), [(MoveKind::Inline, "id".into(), "category_id".into())]);
}

#[test]
fn probable_moves_name_their_hint_and_a_hint_quiets_them() {
    let warned = |d: &SchemaDiff| -> Vec<String> {
        d.diagnostics.iter().filter_map(|x| x.help.clone()).filter(|h| h.contains("move ")).collect()
    };
    let d = diff(USERS, SPLIT, &[]);
    assert_eq!(
        warned(&d),
        ["if the data moves, give the hint `move users.(theme, locale) -> user_preferences by user_id`"]
    );
    let d = diff(SPLIT, USERS, &[]);
    assert_eq!(
        warned(&d),
        ["if the data moves, give the hint `move user_preferences.(theme, locale) -> users by user_id`"]
    );
    let d = diff(PRODUCTS, LOOKUP, &[]);
    assert_eq!(
        warned(&d),
        ["if the data moves, give the hint `move products.(category) -> categories by category_id`"]
    );
    // Unrelated tables with a column of the same name are not a move.
    let d = diff(
        USERS,
        "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL); CREATE TABLE themes (id int PRIMARY KEY, theme text);",
        &[],
    );
    assert!(warned(&d).is_empty(), "{:?}", d.diagnostics);
}

#[test]
fn bad_move_hints_are_errors() {
    for (hint, why) in [
        ("move users.(theme) -> nowhere by user_id", "no table `nowhere` in the schema after"),
        ("move users.(colour) -> user_preferences by user_id", "`users.colour` is not in the schema before"),
        ("move users.(theme) -> user_preferences by id", "no foreign key on `id`"),
        ("move users.(email) -> user_preferences by user_id", "`user_preferences.email` is not in the schema after"),
    ] {
        let d = diff(USERS, SPLIT, &[hint]);
        let errors: Vec<&str> = d.diagnostics.errors().map(|e| e.message.as_str()).collect();
        assert!(errors.len() == 1 && errors[0].contains(why), "{hint}: {errors:?}");
    }
    let d = diff(
        USERS,
        &SPLIT.replace("locale text)", "locale varchar(5))"),
        &["move users.(theme, locale) -> user_preferences by user_id"],
    );
    assert!(
        d.diagnostics
            .errors()
            .any(|e| e.message.contains("a move keeps")
                || e.help.as_deref().is_some_and(|h| h.contains("keeps the type"))),
        "{:?}",
        d.diagnostics
    );
}

#[test]
fn a_comment_on_a_constraint_is_set_and_removed() {
    let bare = "CREATE TABLE a (id int PRIMARY KEY, code text CONSTRAINT a_code_key UNIQUE);";
    let commented = format!("{bare} COMMENT ON CONSTRAINT a_pkey ON a IS 'the row''s key';");
    let up = diff(bare, &commented, &[]);
    assert_eq!(described(&up), ["comment on constraint a_pkey of a"]);
    assert!(matches!(&up.changes[0], Change::SetConstraintComment { comment: Some(c), .. } if c == "the row's key"));
    let down = diff(&commented, bare, &[]);
    assert!(matches!(&down.changes[..], [Change::SetConstraintComment { comment: None, .. }]));
    // Dropped with its constraint: no comment statement of its own.
    let dropped = diff(&commented, "CREATE TABLE a (id int, code text CONSTRAINT a_code_key UNIQUE);", &[]);
    assert!(!described(&dropped).iter().any(|c| c.starts_with("comment on")), "{:?}", described(&dropped));
}

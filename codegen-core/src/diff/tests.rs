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

//! The MySQL output on MariaDB (`CODEGEN_TEST_MYSQL_URL`, required when `CI=true`): every MySQL
//! column type print-schema names, written and read back through the generated models, including
//! the types where we deliberately differ from print-schema (MEDIUMINT, YEAR, JSON on MariaDB), SET
//! and ENUM columns, and keys and joins between backquoted tables.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

/// A fresh database on the test server, dropped when the guard goes; `None` (skip) locally
/// without a server.
struct Database {
    admin_url: String,
    name: String,
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut admin) = MysqlConnection::establish(&self.admin_url) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {}", self.name));
        }
    }
}

fn mysql_database(hint: &str, ddl: &str) -> Option<(MysqlConnection, Database)> {
    let Ok(url) = std::env::var("CODEGEN_TEST_MYSQL_URL") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CODEGEN_TEST_MYSQL_URL must be set in CI (source .ci/servers.sh)"
        );
        eprintln!("note: CODEGEN_TEST_MYSQL_URL is not set; skipping the MariaDB test");
        return None;
    };
    let name = format!("codegen_diesel_{hint}_{}", std::process::id());
    let mut admin = MysqlConnection::establish(&url).expect("connect to CODEGEN_TEST_MYSQL_URL");
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap();
    admin.batch_execute(&format!("CREATE DATABASE {name} CHARACTER SET utf8mb4")).unwrap();
    let guard = Database { admin_url: url.clone(), name: name.clone() };
    let (base, _) = url.rsplit_once('/').expect("a URL with a database");
    let mut conn = MysqlConnection::establish(&format!("{base}/{name}")).unwrap();
    conn.batch_execute(ddl).unwrap();
    Some((conn, guard))
}

#[test]
fn every_mysql_type_round_trips_on_mariadb() {
    use codegen_diesel_app::mysql_types::models::*;
    use codegen_diesel_app::mysql_types::schema::*;
    let Some((mut conn, _db)) = mysql_database("types", codegen_diesel_app::mysql_types::DDL) else { return };
    let conn = &mut conn;

    let numbers = NewNumber {
        id: None,
        tiny: -128,
        tiny_u: Some(255),
        flag: Some(true),
        flag2: None,
        small: Some(-32768),
        small_u: 65535,
        // MEDIUMINT is `Integer` (print-schema's `Mediumint` type does not compile).
        medium: Some(-8_388_608),
        medium_u: 16_777_215,
        plain_int: i32::MIN,
        plain_integer: None,
        big: i64::MIN,
        big_u: Some(u64::MAX),
        price: "12345678.90".parse().unwrap(),
        amount: Some("42".parse().unwrap()),
        ratio: Some(0.5),
        precise: 0.1,
        real_col: Some(2.5),
        bit1: Some(vec![1]),
        bits: Some(vec![0xAB]),
    };
    diesel::insert_into(numbers::table).values(&numbers).execute(conn).unwrap();
    let back: Number = numbers::table.select(Number::as_select()).first(conn).unwrap();
    assert_eq!((back.id, back.tiny, back.tiny_u, back.flag), (1, -128, Some(255), true));
    assert_eq!(
        (back.small, back.small_u, back.medium, back.medium_u),
        (Some(-32768), 65535, Some(-8_388_608), 16_777_215)
    );
    assert_eq!((back.plain_int, back.big, back.big_u), (i32::MIN, i64::MIN, Some(u64::MAX)));
    assert_eq!((back.price.to_string(), back.ratio, back.precise), ("12345678.90".to_string(), Some(0.5), 0.1));
    assert_eq!((back.bit1, back.bits), (vec![1], Some(vec![0xAB])));

    let strings = NewStringRow {
        id: None,
        code: "abc".into(),
        one_char: Some("x".into()),
        name: "name".into(),
        login: "Login".into(),
        nick: Some("nick".into()),
        national_name: Some("Zoë".into()),
        digest: Some(vec![7; 16]),
        token: vec![1, 2, 3],
        t_tiny: Some("tiny".into()),
        t_text: "text".into(),
        t_medium: None,
        t_long: "long".repeat(100),
        b_tiny: Some(vec![1]),
        b_blob: vec![2, 2],
        b_medium: None,
        b_long: Some(vec![3; 1000]),
    };
    diesel::insert_into(strings::table).values(&strings).execute(conn).unwrap();
    let back: StringRow = strings::table.select(StringRow::as_select()).first(conn).unwrap();
    assert_eq!((back.code.as_str(), back.login.as_str(), back.national_name.as_deref()), ("abc", "Login", Some("Zoë")));
    assert_eq!((back.digest, back.token, back.t_long.len()), (Some(vec![7; 16]), vec![1, 2, 3], 400));
    assert_eq!((back.b_blob, back.b_long.map(|b| b.len())), (vec![2, 2], Some(1000)));

    // DATETIME is `Datetime`, TIMESTAMP `Timestamp`; YEAR is `Unsigned<Smallint>` (print-schema's
    // `Year` type does not compile).
    let when = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    diesel::insert_into(times::table)
        .values(&NewTime {
            id: None,
            day: when,
            at_time: Some(chrono::NaiveTime::from_hms_opt(23, 59, 58).unwrap()),
            precise_time: None,
            happened_at: when.and_hms_opt(12, 30, 0).unwrap(),
            precise_at: Some(when.and_hms_micro_opt(1, 2, 3, 456_789).unwrap()),
            updated_at: None,
            deleted_at: None,
            since: Some(1999),
            until: 2155,
        })
        .execute(conn)
        .unwrap();
    let back: Time = times::table.select(Time::as_select()).first(conn).unwrap();
    assert_eq!((back.day, back.since, back.until), (when, Some(1999), 2155));
    assert_eq!(back.precise_at, Some(when.and_hms_micro_opt(1, 2, 3, 456_789).unwrap()));
    let in_2155: i64 = times::table.filter(times::until.eq(2155)).count().get_result(conn).unwrap();
    assert_eq!(in_2155, 1);

    // ENUM and SET columns: their per-column SQL types (as print-schema declares them), with our
    // Rust enum and SET newtype; JSON on MariaDB (a LONGTEXT) as `Json`.
    diesel::insert_into(choices::table)
        .values(&NewChoice {
            mood: Some(ChoicesMood::SoSo),
            size: Some(ChoicesSize::Xl),
            tags: Some(ChoicesTags(vec!["red".into(), "blue".into()])),
            perms: None,
            settings: Some(serde_json::json!({"dark": true})),
            quantity: Some(3),
            ..Default::default()
        })
        .execute(conn)
        .unwrap();
    diesel::insert_into(choices::table).values(&NewChoice::default()).execute(conn).unwrap();
    let rows: Vec<Choice> = choices::table.order(choices::id).select(Choice::as_select()).load(conn).unwrap();
    assert_eq!(
        (rows[0].mood, rows[0].size, rows[0].tags.0.as_slice()),
        (ChoicesMood::SoSo, Some(ChoicesSize::Xl), &["red".to_string(), "blue".to_string()][..])
    );
    assert_eq!(
        (rows[0].settings.clone(), rows[0].double_quantity, rows[0].label.as_deref()),
        (Some(serde_json::json!({"dark": true})), Some(6), Some("q3"))
    );
    assert_eq!((rows[1].mood, rows[1].tags.0.len(), rows[1].perms.clone()), (ChoicesMood::Happy, 0, None));
    let so_so: i64 = choices::table.filter(choices::mood.eq(ChoicesMood::SoSo)).count().get_result(conn).unwrap();
    assert_eq!(so_so, 1);
    diesel::update(choices::table.filter(choices::id.eq(rows[1].id)))
        .set(&ChoiceChangeset { perms: Some(Some(ChoicesPerms(vec!["write".into()]))), ..Default::default() })
        .execute(conn)
        .unwrap();
    let perms: Option<ChoicesPerms> = choices::table.find(rows[1].id).select(choices::perms).first(conn).unwrap();
    assert_eq!(perms, Some(ChoicesPerms(vec!["write".into()])));
}

#[test]
fn mysql_keys_names_and_joins_on_mariadb() {
    use codegen_diesel_app::mysql_relations::models::*;
    use codegen_diesel_app::mysql_relations::schema::*;
    let Some((mut conn, _db)) = mysql_database("relations", codegen_diesel_app::mysql_relations::DDL) else { return };
    let conn = &mut conn;

    diesel::insert_into(customers::table)
        .values(&NewCustomer { FirstName: "Rep".into(), Email: "rep@example.com".into(), ..Default::default() })
        .execute(conn)
        .unwrap();
    diesel::insert_into(customers::table)
        .values(&NewCustomer {
            FirstName: "Ada".into(),
            Email: "ada@example.com".into(),
            SupportRepId: Some(1),
            type_: Some("vip".into()),
            ..Default::default()
        })
        .execute(conn)
        .unwrap();
    let rep: Customer = customers::table.find(1).select(Customer::as_select()).first(conn).unwrap();
    let ada: Customer = customers::table.find(2).select(Customer::as_select()).first(conn).unwrap();
    // The self-reference is an association.
    assert_eq!(Customer::belonging_to(&rep).select(Customer::as_select()).load(conn).unwrap(), vec![ada.clone()]);

    let placed_at = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
    diesel::insert_into(order::table)
        .values(&NewOrder { id: None, CustomerId: ada.CustomerId, placed_at, total: None })
        .execute(conn)
        .unwrap();
    let placed: Order = order::table.select(Order::as_select()).first(conn).unwrap();
    assert_eq!((placed.id, &placed.total), (1, &bigdecimal::BigDecimal::from(0)));
    for line_no in 1..=2u16 {
        diesel::insert_into(order_lines::table)
            .values(&NewOrderLine { order_id: placed.id, line_no, sku: format!("SKU-{line_no}"), qty: None })
            .execute(conn)
            .unwrap();
    }
    // Joins over `order` (a reserved word) and `order lines` (a name with a space).
    let rows: Vec<(String, String)> = order_lines::table
        .inner_join(order::table.inner_join(customers::table))
        .select((customers::FirstName, order_lines::sku))
        .order(order_lines::line_no)
        .load(conn)
        .unwrap();
    assert_eq!(rows, [("Ada".to_string(), "SKU-1".to_string()), ("Ada".to_string(), "SKU-2".to_string())]);
    let lines: Vec<OrderLine> = OrderLine::belonging_to(&placed).select(OrderLine::as_select()).load(conn).unwrap();
    assert_eq!(lines.iter().map(|l| l.qty).collect::<Vec<_>>(), [1, 1]);
    let line = order_lines::table.find((placed.id, 2u16));
    diesel::update(line).set(&OrderLineChangeset { qty: Some(5), ..Default::default() }).execute(conn).unwrap();
    assert_eq!(line.select(order_lines::qty).first::<u32>(conn).unwrap(), 5);
    assert_eq!(diesel::delete(line).execute(conn).unwrap(), 1);
}

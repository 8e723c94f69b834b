//! The fixtures' entities on a real database: many-to-many through a junction (SQLite and
//! PostgreSQL), the `Linked` impls for several keys to one table and a self-reference, keyword
//! and digit-leading column names, PostgreSQL enums and arrays, and the entities generated from
//! MySQL DDL on MariaDB.

mod common;

use codegen_core::Dialect;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryOrder};

const RELATIONS: &str = "tests/fixtures/sea-orm/relations/schema.sql";

/// The same story for the SQLite-typed and the PostgreSQL-typed entities of one schema.
macro_rules! many_to_many_story {
    ($db:expr, $m:ident, $int:ty) => {{
        use sea_orm_app::$m::prelude::*;
        use sea_orm_app::$m::{author_profiles, authors, post_tags, posts, tags};
        let db: &DatabaseConnection = $db;
        let author = authors::ActiveModel {
            name: Set("Ada".into()),
            email: Set("ada@example.com".into()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        author_profiles::ActiveModel {
            author_id: Set(author.id),
            website: Set(Some("https://ada.dev".into())),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        let mut post_ids = Vec::new();
        for title in ["First", "Second"] {
            let post = posts::ActiveModel {
                author_id: Set(author.id),
                title: Set(title.into()),
                body: Set("...".into()),
                published: Set(true),
                views: Set(0),
                published_on: Set(Some(Date::from_ymd_opt(2026, 3, 4).unwrap())),
                created_at: Set(Date::from_ymd_opt(2026, 3, 4).unwrap().and_hms_opt(5, 6, 7).unwrap()),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
            post_ids.push(post.id);
        }
        let mut tag_ids: Vec<$int> = Vec::new();
        for label in ["rust", "sql", "orm"] {
            tag_ids.push(
                tags::ActiveModel { label: Set(label.into()), ..Default::default() }.insert(db).await.unwrap().id,
            );
        }
        for (post, tag) in [(0, 0), (0, 1), (1, 1), (1, 2)] {
            post_tags::ActiveModel { post_id: Set(post_ids[post]), tag_id: Set(tag_ids[tag]) }
                .insert(db)
                .await
                .unwrap();
        }

        // Many-to-many through post_tags, from both sides.
        let posts_with_tags =
            Posts::find().find_with_related(Tags).order_by_asc(posts::Column::Id).all(db).await.unwrap();
        let labels: Vec<Vec<String>> = posts_with_tags
            .iter()
            .map(|(_, tags)| {
                let mut l: Vec<String> = tags.iter().map(|t| t.label.clone()).collect();
                l.sort();
                l
            })
            .collect();
        assert_eq!(labels, [vec!["rust".to_string(), "sql".into()], vec!["orm".to_string(), "sql".into()]]);
        let sql = Tags::find().filter(tags::Column::Label.eq("sql")).one(db).await.unwrap().unwrap();
        assert_eq!(sql.find_related(Posts).count(db).await.unwrap(), 2);

        // has-many and has-one from the author.
        let (_, posts) = &Authors::find().find_with_related(Posts).all(db).await.unwrap()[0];
        assert_eq!(posts.len(), 2);
        assert_eq!(posts[0].published_on, Some(Date::from_ymd_opt(2026, 3, 4).unwrap()));
        let profile = author.find_related(AuthorProfiles).one(db).await.unwrap().unwrap();
        assert_eq!(profile.website.as_deref(), Some("https://ada.dev"));

        // Update and delete through the junction's composite key.
        let mut first: posts::ActiveModel = Posts::find_by_id(post_ids[0]).one(db).await.unwrap().unwrap().into();
        first.title = Set("First, edited".into());
        assert_eq!(first.update(db).await.unwrap().title, "First, edited");
        PostTags::delete_by_id((post_ids[0], tag_ids[0])).exec(db).await.unwrap();
        assert_eq!(PostTags::find().count(db).await.unwrap(), 3);
    }};
}

#[tokio::test]
async fn many_to_many_on_sqlite() {
    let db = common::sqlite(RELATIONS, Dialect::Sqlite).await;
    many_to_many_story!(&db, relations, i64);
}

#[tokio::test]
async fn many_to_many_on_postgres() {
    if let Some(db) = common::postgres(RELATIONS, Dialect::Sqlite, "relations").await {
        many_to_many_story!(&db, relations_pg, i32);
    }
}

#[tokio::test]
async fn linked_impls_follow_each_key_and_the_self_reference() {
    linked_story!(several_fks);
}

#[tokio::test]
async fn keyword_and_digit_columns_reach_their_sql_names() {
    use sea_orm_app::digit_columns::rankings;
    use sea_orm_app::keywords::items;
    let db = common::sqlite("tests/fixtures/sea-orm/keywords/schema.sql", Dialect::Sqlite).await;
    items::ActiveModel {
        r#type: Set("book".into()),
        r#match: Set(Some("exact".into())),
        self_: Set(Some("me".into())),
        r#async: Set(Some(7)),
        crate_: Set(Some("box".into())),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let found = items::Entity::find()
        .filter(items::Column::Type.eq("book"))
        .filter(items::Column::Self_.is_not_null())
        .one(&db)
        .await;
    let found = found.unwrap().unwrap();
    assert_eq!(
        (found.r#match.as_deref(), found.self_.as_deref(), found.r#async, found.crate_.as_deref()),
        (Some("exact"), Some("me"), Some(7), Some("box"))
    );

    let db = common::sqlite("tests/fixtures/sea-orm/digit_columns/schema.sql", Dialect::Sqlite).await;
    rankings::ActiveModel { col_1st_place: Set(Some(1)), col_2nd_place: Set(Some(2)), ..Default::default() }
        .insert(&db)
        .await
        .unwrap();
    let found = rankings::Entity::find().filter(rankings::Column::Col1stPlace.eq(1)).one(&db).await.unwrap().unwrap();
    assert_eq!(found.col_2nd_place, Some(2));
}

#[tokio::test]
async fn postgres_enums_arrays_and_types_round_trip() {
    use sea_orm_app::enums_pg::people;
    use sea_orm_app::enums_pg::sea_orm_active_enums::Mood;
    let Some(db) = common::postgres("tests/fixtures/sea-orm/enums_pg/schema.sql", Dialect::Postgres, "enums").await
    else {
        return;
    };
    let uid = Uuid::parse_str("67e55044-10b1-426f-9247-bb680e5fe0c8").unwrap();
    let person = people::ActiveModel {
        uid: Set(uid),
        current_mood: Set(Mood::SoSo),
        moods: Set(Some(vec![Mood::Happy, Mood::VeryGood])),
        nicknames: Set(Some(vec!["a".into(), "b".into()])),
        profile: Set(Some(serde_json::json!({"k": 1}))),
        joined_at: Set(DateTimeWithTimeZone::parse_from_rfc3339("2026-01-01T00:00:00+00:00").unwrap()),
        balance: Set(Some(Decimal::new(12345, 2))),
        small: Set(Some(3)),
        ratio: Set(Some(0.5)),
        tag: Set(Some("abc".into())),
        blob: Set(Some(vec![1, 2, 3])),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let found =
        people::Entity::find().filter(people::Column::CurrentMood.eq(Mood::SoSo)).one(&db).await.unwrap().unwrap();
    assert_eq!(found, person);
    assert_eq!(found.moods, Some(vec![Mood::Happy, Mood::VeryGood]));
    assert_eq!(found.balance, Some(Decimal::new(12345, 2)));
}

#[tokio::test]
async fn options_serde_attributes_and_the_users_own_active_model_behavior() {
    use sea_orm_app::with_options::{authors, posts};
    let db = common::sqlite(RELATIONS, Dialect::Sqlite).await;
    let author =
        authors::ActiveModel { name: Set("Ada".into()), email: Set("ada@example.com".into()), ..Default::default() }
            .insert(&db)
            .await
            .unwrap();
    let post = posts::ActiveModel {
        author_id: Set(author.id),
        title: Set("  padded  ".into()),
        body: Set("...".into()),
        published: Set(false),
        views: Set(0),
        created_at: Set(Date::from_ymd_opt(2026, 3, 4).unwrap().and_hms_opt(0, 0, 0).unwrap()),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    // src/hooks.rs trims titles before saving.
    assert_eq!(post.title, "padded");
    // with-serde = both and the extra serde attribute: camelCase JSON, and back.
    let json = serde_json::to_value(&post).unwrap();
    assert_eq!(json["authorId"], serde_json::json!(author.id));
    let back: posts::Model = serde_json::from_value(json).unwrap();
    assert_eq!(back, post);
}

#[tokio::test]
async fn tables_and_columns_whose_names_are_not_identifiers() {
    use sea_orm_app::odd_names::prelude::*;
    use sea_orm_app::odd_names::{_1st_table, model, self_, r#type, user_data};
    let db = common::sqlite("tests/sea-orm-app/schemas/odd_names.sql", Dialect::Sqlite).await;
    let t = r#type::ActiveModel { self_: Set(Some("me".into())), ..Default::default() }.insert(&db).await.unwrap();
    let s = self_::ActiveModel { type_id: Set(Some(t.id)), ..Default::default() }.insert(&db).await.unwrap();
    assert_eq!(s.find_related(Type).one(&db).await.unwrap().unwrap().self_.as_deref(), Some("me"));
    assert_eq!(Type::find().find_with_related(Self_).all(&db).await.unwrap()[0].1.len(), 1);

    let u = user_data::ActiveModel { display_name: Set("Ada".into()), col_2fa: Set(Some(true)), ..Default::default() }
        .insert(&db)
        .await
        .unwrap();
    _1st_table::ActiveModel { user_data_id: Set(Some(u.id)), ..Default::default() }.insert(&db).await.unwrap();
    let found = UserData::find()
        .filter(user_data::Column::Col2fa.eq(true))
        .find_with_related(_1stTable)
        .all(&db)
        .await
        .unwrap();
    assert_eq!((found[0].0.display_name.as_str(), found[0].1.len()), ("Ada", 1));

    model::ActiveModel { entity: Set(Some("x".into())), ..Default::default() }.insert(&db).await.unwrap();

    // A composite foreign key to a composite primary key, both ways.
    use sea_orm_app::odd_names::{reviews, versions};
    let v = versions::ActiveModel { doc_id: Set(1), rev: Set(2), body: Set("v2".into()) }.insert(&db).await.unwrap();
    let r = reviews::ActiveModel { doc_id: Set(1), rev: Set(2), verdict: Set("ok".into()), ..Default::default() }
        .insert(&db)
        .await
        .unwrap();
    assert_eq!(r.find_related(versions::Entity).one(&db).await.unwrap().unwrap().body, "v2");
    assert_eq!(v.find_related(reviews::Entity).count(&db).await.unwrap(), 1);
    versions::Entity::delete_by_id((1, 2)).exec(&db).await.unwrap();
    assert_eq!(reviews::Entity::find().count(&db).await.unwrap(), 0);
    assert_eq!(Model::find().filter(model::Column::Entity.eq("x")).count(&db).await.unwrap(), 1);
}

#[tokio::test]
async fn expanded_format_many_to_many_on_sqlite() {
    let db = common::sqlite(RELATIONS, Dialect::Sqlite).await;
    many_to_many_story!(&db, expanded_relations, i64);
}

#[tokio::test]
async fn expanded_format_linked_impls() {
    use sea_orm_app::expanded_several_fks::categories::{self, CategoriesByParentLink, ParentLink};
    use sea_orm_app::expanded_several_fks::messages::{self, SenderLink};
    use sea_orm_app::expanded_several_fks::users::{self, MessagesBySenderLink};
    let db = common::sqlite("tests/fixtures/sea-orm/several_fks/schema.sql", Dialect::Sqlite).await;
    let ada = users::ActiveModel { name: Set("Ada".into()), ..Default::default() }.insert(&db).await.unwrap();
    let message = messages::ActiveModel {
        sender_id: Set(ada.id),
        recipient_id: Set(ada.id),
        body: Set("note".into()),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    assert_eq!(message.find_linked(SenderLink).one(&db).await.unwrap().unwrap().name, "Ada");
    assert_eq!(ada.find_linked(MessagesBySenderLink).count(&db).await.unwrap(), 1);
    let root = categories::ActiveModel { name: Set("root".into()), ..Default::default() }.insert(&db).await.unwrap();
    let child =
        categories::ActiveModel { name: Set("child".into()), parent_id: Set(Some(root.id)), ..Default::default() }
            .insert(&db)
            .await
            .unwrap();
    assert_eq!(child.find_linked(ParentLink).one(&db).await.unwrap().unwrap().id, root.id);
    assert_eq!(root.find_linked(CategoriesByParentLink).count(&db).await.unwrap(), 1);
}

#[tokio::test]
async fn the_users_code_after_the_generated_region_runs() {
    use sea_orm_app::relations::tags;
    let db = common::sqlite(RELATIONS, Dialect::Sqlite).await;
    // src/relations/tags.rs: a before_save and a finder written after the region; reruns keep them.
    let tag = tags::ActiveModel { label: Set("  Rust ".into()), ..Default::default() }.insert(&db).await.unwrap();
    assert_eq!(tag.label, "rust");
    let found = tags::Entity::find_by_label("RUST").one(&db).await.unwrap();
    assert_eq!(found, Some(tag));
}

#[tokio::test]
async fn the_time_crate_option_round_trips_dates() {
    use sea_orm_app::with_time::{authors, posts};
    use time::macros::{date, datetime};
    let db = common::sqlite(RELATIONS, Dialect::Sqlite).await;
    let author =
        authors::ActiveModel { name: Set("Ada".into()), email: Set("ada@example.com".into()), ..Default::default() }
            .insert(&db)
            .await
            .unwrap();
    let post = posts::ActiveModel {
        author_id: Set(author.id),
        title: Set("Dated".into()),
        body: Set("...".into()),
        published: Set(true),
        views: Set(0),
        published_on: Set(Some(date!(2026 - 03 - 04))),
        created_at: Set(datetime!(2026 - 03 - 04 05:06:07)),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let found = posts::Entity::find_by_id(post.id).one(&db).await.unwrap().unwrap();
    assert_eq!(found.published_on, Some(date!(2026 - 03 - 04)));
    assert_eq!(found.created_at, datetime!(2026 - 03 - 04 05:06:07));
}

#[test]
fn mysql_entities_build_mysql_statements() {
    use sea_orm::{DbBackend, QueryTrait};
    use sea_orm_app::mysql::sea_orm_active_enums::Status;
    use sea_orm_app::mysql::{accounts, orders};
    // Compiled from MySQL DDL (unsigned keys, an inline ENUM); no MariaDB needed to build SQL.
    let sql = accounts::Entity::find()
        .filter(accounts::Column::Status.eq(Status::Suspended))
        .find_with_related(orders::Entity)
        .build(DbBackend::MySql)
        .to_string();
    assert!(sql.contains("FROM `accounts` LEFT JOIN `orders` ON `accounts`.`id` = `orders`.`account_id`"), "{sql}");
    assert!(sql.contains("WHERE `accounts`.`status` = 'suspended'"), "{sql}");
    let id: u32 = 7;
    let insert = orders::Entity::insert(orders::ActiveModel {
        account_id: Set(id),
        total: Set(Decimal::new(1250, 2)),
        placed_on: Set(Date::from_ymd_opt(2026, 3, 4).unwrap()),
        ..Default::default()
    })
    .build(DbBackend::MySql)
    .to_string();
    assert!(
        insert.starts_with("INSERT INTO `orders` (`account_id`, `total`, `placed_on`) VALUES (7, 12.50, '2026-03-04')"),
        "{insert}"
    );
}

const MYSQL: &str = "tests/sea-orm-app/schemas/mysql.sql";

/// The entities generated from MySQL DDL, on a real MariaDB: inserts whose unsigned keys come back
/// through last_insert_id, both directions of the foreign key, a filter on the inline ENUM, an
/// update, and a delete that cascades. `$day` makes the date of a day in March 2026, `$at` a
/// DATETIME, in the module's date crate.
macro_rules! mariadb_story {
    ($db:expr, $m:ident, day: $day:expr, at: $at:expr) => {{
        use sea_orm_app::$m::prelude::*;
        use sea_orm_app::$m::sea_orm_active_enums::Status;
        use sea_orm_app::$m::{accounts, orders};
        let db: &DatabaseConnection = $db;
        let account = |handle: &str, status: Status, cents: i64| accounts::ActiveModel {
            handle: Set(handle.into()),
            status: Set(status),
            balance: Set(Decimal::new(cents, 2)),
            flags: Set(1),
            verified: Set(true),
            settings: Set(Some(serde_json::json!({"theme": handle}))),
            created_at: Set($at),
            ..Default::default()
        };
        let ada = account("ada", Status::Active, 1050).insert(db).await.unwrap();
        let bob = account("bob", Status::Closed, 0).insert(db).await.unwrap();
        assert_eq!((ada.id, bob.id), (1, 2), "AUTO_INCREMENT ids read back through last_insert_id");
        // Past i32::MAX: the next id the server hands out only fits the u32 the entity declares.
        let big = accounts::ActiveModel { id: Set(3_000_000_000), ..account("big", Status::Active, 1) };
        assert_eq!(big.insert(db).await.unwrap().id, 3_000_000_000);
        let cyd = account("cyd", Status::Active, 2).insert(db).await.unwrap();
        assert_eq!(cyd.id, 3_000_000_001);

        let order = |account_id: u32, cents: i64, day: u8| orders::ActiveModel {
            account_id: Set(account_id),
            total: Set(Decimal::new(cents, 2)),
            note: Set(Some(format!("day {day}"))),
            placed_on: Set($day(day)),
            ..Default::default()
        };
        let first = order(ada.id, 1250, 1).insert(db).await.unwrap();
        assert_eq!(first.id, 1);
        // Past i64::MAX for the BIGINT UNSIGNED key, then one the server numbers after it.
        let past_i64 = i64::MAX as u64 + 1;
        let big_order = orders::ActiveModel { id: Set(past_i64), ..order(ada.id, 99, 2) }.insert(db).await.unwrap();
        assert_eq!(big_order.id, past_i64);
        let third = order(bob.id, 700, 3).insert(db).await.unwrap();
        assert_eq!(third.id, past_i64 + 1);
        order(cyd.id, 1, 4).insert(db).await.unwrap();

        // has-many, accounts -> orders.
        let with_orders =
            Accounts::find().find_with_related(Orders).order_by_asc(accounts::Column::Id).all(db).await.unwrap();
        let shape: Vec<(&str, Vec<u64>)> =
            with_orders.iter().map(|(a, os)| (a.handle.as_str(), os.iter().map(|o| o.id).collect())).collect();
        assert_eq!(
            shape,
            [("ada", vec![1, past_i64]), ("bob", vec![past_i64 + 1]), ("big", vec![]), ("cyd", vec![past_i64 + 2])]
        );
        // belongs-to, orders -> accounts.
        let (found, owner) =
            Orders::find_by_id(past_i64 + 1).find_also_related(Accounts).one(db).await.unwrap().unwrap();
        assert_eq!(found, third);
        assert_eq!(found.placed_on, $day(3));
        assert_eq!(owner, Some(bob.clone()));
        assert_eq!(ada.find_related(Orders).count(db).await.unwrap(), 2);

        // The inline ENUM in a WHERE clause.
        let closed =
            Accounts::find().filter(accounts::Column::Status.eq(Status::Closed)).all(db).await.unwrap();
        assert_eq!(closed, std::slice::from_ref(&bob));
        let active =
            Accounts::find().filter(accounts::Column::Status.eq(Status::Active)).count(db).await.unwrap();
        assert_eq!(active, 3);

        // An update: a new status and balance, read back from the server.
        let mut edit: accounts::ActiveModel = ada.clone().into();
        edit.status = Set(Status::Suspended);
        edit.balance = Set(Decimal::new(-2575, 2));
        let updated = edit.update(db).await.unwrap();
        let reread = Accounts::find_by_id(ada.id).one(db).await.unwrap().unwrap();
        assert_eq!(reread, updated);
        assert_eq!((reread.status, reread.balance), (Status::Suspended, Decimal::new(-2575, 2)));
        let suspended = Accounts::find().filter(accounts::Column::Status.eq(Status::Suspended)).all(db).await;
        assert_eq!(suspended.unwrap().iter().map(|a| a.id).collect::<Vec<_>>(), [ada.id]);

        // ON DELETE CASCADE: ada's two orders go with her; the others stay.
        Accounts::delete_by_id(ada.id).exec(db).await.unwrap();
        let left = Orders::find().order_by_asc(orders::Column::Id).all(db).await.unwrap();
        assert_eq!(left.iter().map(|o| o.account_id).collect::<Vec<_>>(), [bob.id, cyd.id]);
    }};
}

/// Every column of the MySQL-typed entities, written and read back from MariaDB: the widths of
/// unsigned integers at their maxima, TINYINT(1) as bool, DECIMAL, JSON, BLOB, DATETIME,
/// TIMESTAMP, DATE, the defaults, and the NULLs of the optional ones. The date values come in the
/// module's date crate; `shown` prints a TIMESTAMP as read back.
macro_rules! mariadb_types_story {
    ($db:expr, $m:ident, now: $now:expr, created_at: $created_at:expr, updated_at: $updated_at:expr,
     shown: $shown:expr, stored_as: $stored_as:expr, placed_on: $placed_on:expr) => {{
        use sea_orm_app::$m::sea_orm_active_enums::Status;
        use sea_orm_app::$m::{accounts, orders};
        let db: &DatabaseConnection = $db;

        // Defaults and NULLs first: status 'active', flags 0, TINYINT(1) 0 as false, created_at now.
        // CURRENT_TIMESTAMP has whole seconds: the second before counts as before.
        let before = $now() - std::time::Duration::from_secs(1);
        let bare =
            accounts::ActiveModel { handle: Set("bare".into()), balance: Set(Decimal::ZERO), ..Default::default() }
                .insert(db)
                .await
                .unwrap();
        let after = $now();
        assert_eq!(
            (bare.id, bare.status, bare.flags, bare.logins, bare.verified, bare.settings, bare.avatar, bare.updated_at),
            (1, Status::Active, 0, None, false, None, None, None)
        );
        assert_eq!(bare.since, None
        );
        // The server's CURRENT_TIMESTAMP, in the UTC session sqlx opens.
        assert!(before <= bare.created_at && bare.created_at <= after, "{before} <= {} <= {after}", bare.created_at);

        let settings = serde_json::json!({"theme": "dark", "limits": [1, 2.5, null], "beta": true});
        let full = accounts::ActiveModel {
            id: Set(u32::MAX),
            handle: Set("full".into()),
            status: Set(Status::Suspended),
            balance: Set(Decimal::new(-999_999_999_999, 2)),
            flags: Set(u8::MAX),
            logins: Set(Some(u16::MAX)),
            verified: Set(true),
            settings: Set(Some(settings.clone())),
            avatar: Set(Some(vec![0, 1, 0xfe, 0xff])),
            created_at: Set($created_at),
            updated_at: Set(Some($updated_at)),
            since: Set(Some(2155)),
        }
        .insert(db)
        .await
        .unwrap();
        let read = accounts::Entity::find_by_id(u32::MAX).one(db).await.unwrap().unwrap();
        assert_eq!(read, full);
        assert_eq!(read.status, Status::Suspended);
        assert_eq!(read.balance, Decimal::new(-999_999_999_999, 2));
        assert_eq!((read.flags, read.logins, read.verified), (u8::MAX, Some(u16::MAX), true));
        assert_eq!(read.settings, Some(settings));
        assert_eq!(read.avatar.as_deref(), Some(&[0, 1, 0xfe, 0xff][..]));
        assert_eq!(read.created_at, $created_at);
        assert_eq!(read.updated_at, Some($updated_at));
        // YEAR's upper bound; a u16, since sqlx decodes YEAR into no signed type.
        assert_eq!(read.since, Some(2155));
        // TIMESTAMP is stored in UTC and read back in UTC.
        assert_eq!(read.updated_at.map($shown).as_deref(), Some($stored_as));

        let order = orders::ActiveModel {
            id: Set(u64::MAX),
            account_id: Set(full.id),
            total: Set(Decimal::new(123_456_789_012, 2)),
            note: Set(None),
            placed_on: Set($placed_on),
        }
        .insert(db)
        .await
        .unwrap();
        let read = orders::Entity::find_by_id(u64::MAX).one(db).await.unwrap().unwrap();
        assert_eq!(read, order);
        assert_eq!(
            (read.id, read.account_id, read.total, read.note, read.placed_on),
            (u64::MAX, u32::MAX, Decimal::new(123_456_789_012, 2), None, $placed_on)
        );
    }};
}

/// chrono's March 2026 day, for `mariadb_story!`.
fn chrono_march(day: u8) -> Date {
    Date::from_ymd_opt(2026, 3, day.into()).unwrap()
}

/// The current UTC time as the chrono type of a DATETIME column.
fn chrono_now() -> DateTime {
    DateTimeUtc::from(std::time::SystemTime::now()).naive_utc()
}

#[tokio::test]
async fn mysql_entities_insert_relate_update_and_cascade_on_mariadb() {
    if let Some(server) = common::mysql(MYSQL, Dialect::Mysql, "mysql_story").await {
        let at = chrono_march(4).and_hms_opt(5, 6, 7).unwrap();
        mariadb_story!(&server.db, mysql, day: chrono_march, at: at);
        server.drop_database().await;
    }
}

#[tokio::test]
async fn mysql_entities_round_trip_every_column_type_on_mariadb() {
    if let Some(server) = common::mysql(MYSQL, Dialect::Mysql, "mysql_types").await {
        mariadb_types_story!(
            &server.db,
            mysql,
            now: chrono_now,
            created_at: Date::from_ymd_opt(2026, 2, 28).unwrap().and_hms_opt(23, 59, 58).unwrap(),
            updated_at: DateTimeWithTimeZone::parse_from_rfc3339("2026-03-01T10:20:30+02:00").unwrap().to_utc(),
            shown: |t: DateTimeUtc| t.to_rfc3339(),
            stored_as: "2026-03-01T08:20:30+00:00",
            placed_on: Date::from_ymd_opt(2024, 2, 29).unwrap()
        );
        server.drop_database().await;
    }
}

#[tokio::test]
async fn expanded_mysql_entities_insert_relate_update_and_cascade_on_mariadb() {
    if let Some(server) = common::mysql(MYSQL, Dialect::Mysql, "expanded_mysql_story").await {
        let at = chrono_march(4).and_hms_opt(5, 6, 7).unwrap();
        mariadb_story!(&server.db, expanded_mysql, day: chrono_march, at: at);
        server.drop_database().await;
    }
}

#[tokio::test]
async fn expanded_mysql_entities_round_trip_every_column_type_on_mariadb() {
    if let Some(server) = common::mysql(MYSQL, Dialect::Mysql, "expanded_mysql_types").await {
        mariadb_types_story!(
            &server.db,
            expanded_mysql,
            now: chrono_now,
            created_at: Date::from_ymd_opt(2026, 2, 28).unwrap().and_hms_opt(23, 59, 58).unwrap(),
            updated_at: DateTimeWithTimeZone::parse_from_rfc3339("2026-03-01T10:20:30+02:00").unwrap().to_utc(),
            shown: |t: DateTimeUtc| t.to_rfc3339(),
            stored_as: "2026-03-01T08:20:30+00:00",
            placed_on: Date::from_ymd_opt(2024, 2, 29).unwrap()
        );
        server.drop_database().await;
    }
}

/// The time crate's March 2026 day, for `mariadb_story!`.
fn time_march(day: u8) -> time::Date {
    time::Date::from_calendar_date(2026, time::Month::March, day).unwrap()
}

/// The current UTC time as the time crate's type of a DATETIME column.
fn time_now() -> time::PrimitiveDateTime {
    let now = time::OffsetDateTime::now_utc();
    time::PrimitiveDateTime::new(now.date(), now.time())
}

#[tokio::test]
async fn time_crate_mysql_entities_insert_relate_update_and_cascade_on_mariadb() {
    if let Some(server) = common::mysql(MYSQL, Dialect::Mysql, "with_time_mysql_story").await {
        mariadb_story!(&server.db, with_time_mysql, day: time_march, at: time::macros::datetime!(2026-03-04 05:06:07));
        server.drop_database().await;
    }
}

#[tokio::test]
async fn time_crate_mysql_entities_round_trip_every_column_type_on_mariadb() {
    use time::macros::{date, datetime};
    if let Some(server) = common::mysql(MYSQL, Dialect::Mysql, "with_time_mysql_types").await {
        mariadb_types_story!(
            &server.db,
            with_time_mysql,
            now: time_now,
            created_at: datetime!(2026-02-28 23:59:58),
            updated_at: datetime!(2026-03-01 10:20:30 +02:00),
            shown: |t: time::OffsetDateTime| t.to_string(),
            stored_as: "2026-03-01 8:20:30.0 +00:00:00",
            placed_on: date!(2024-02-29)
        );
        server.drop_database().await;
    }
}

/// The MySQL conformance fixture (tests/fixtures/sea-orm/types_my), run on MariaDB: every column
/// type sea-orm-cli gets wrong or leaves out there (MEDIUMINT, TINYINT(1)/BOOL, JSON, BLOBs,
/// YEAR) written and read back, the has-one, the self-reference through its `Linked` impls and
/// the many-to-many through the junction table.
#[tokio::test]
async fn mysql_fixture_entities_round_trip_types_and_relations_on_mariadb() {
    use sea_orm::ModelTrait;
    use sea_orm_app::types_my::sea_orm_active_enums::{Status, Tier};
    use sea_orm_app::types_my::{accounts, labels, order_labels, orders, profiles};
    const TYPES_MY: &str = "tests/fixtures/sea-orm/types_my/schema.sql";
    let Some(server) = common::mysql(TYPES_MY, Dialect::Mysql, "types_my").await else { return };
    let db = &server.db;

    let created_at = Date::from_ymd_opt(2026, 1, 2).unwrap().and_hms_opt(3, 4, 5).unwrap();
    let updated_at = DateTimeWithTimeZone::parse_from_rfc3339("2026-01-02T03:04:05+01:00").unwrap().to_utc();
    let referrer = accounts::ActiveModel {
        handle: Set("referrer".into()),
        balance: Set(Decimal::ZERO),
        created_at: Set(created_at),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    // Defaults from the DDL: status 'active', score 0, level 1, BOOL 1 as true, TINYINT(1) 0.
    assert_eq!(
        (referrer.status.clone(), referrer.tier.clone(), referrer.score, referrer.level, referrer.active),
        (Status::Active, None, 0.0, 1, true)
    );
    assert_eq!(
        (referrer.verified, referrer.since, referrer.visits, referrer.thumbnail.clone()),
        (false, None, None, None)
    );

    let settings = serde_json::json!({"locale": "fr", "tabs": [1, 2]});
    let full = accounts::ActiveModel {
        id: Set(40),
        handle: Set("full".into()),
        status: Set(Status::Closed),
        tier: Set(Some(Tier::Pro)),
        balance: Set(Decimal::new(12_345, 2)),
        rating: Set(Some(4.5)),
        score: Set(-1.25),
        flags: Set(u8::MAX),
        level: Set(i8::MIN),
        logins: Set(Some(u16::MAX)),
        karma: Set(Some(i16::MIN)),
        visits: Set(Some(8_388_607)), // MEDIUMINT's maximum
        bytes_used: Set(u64::MAX),
        verified: Set(true),
        active: Set(false),
        country: Set(Some("FR".into())),
        bio: Set(Some("é".repeat(300))),
        settings: Set(Some(settings.clone())),
        avatar: Set(Some(vec![0, 0xff])),
        thumbnail: Set(Some(vec![7; 70_000])), // more than a BLOB's 65,535 bytes
        born_on: Set(Some(Date::from_ymd_opt(1999, 12, 31).unwrap())),
        wakes_at: Set(Some(Time::from_hms_opt(6, 30, 0).unwrap())),
        since: Set(Some(1901)), // YEAR's minimum
        created_at: Set(created_at),
        updated_at: Set(Some(updated_at)),
        referred_by: Set(Some(referrer.id)),
    }
    .insert(db)
    .await
    .unwrap();
    let read = accounts::Entity::find_by_id(40u32).one(db).await.unwrap().unwrap();
    assert_eq!(read, full);
    assert_eq!((read.visits, read.since, read.settings.as_ref()), (Some(8_388_607), Some(1901), Some(&settings)));
    assert_eq!(read.thumbnail.as_ref().map(Vec::len), Some(70_000));
    assert_eq!(read.updated_at.map(|t| t.to_rfc3339()).as_deref(), Some("2026-01-02T02:04:05+00:00"));

    // The self-reference, both ways, through the Linked impls.
    let up = read.find_linked(accounts::ReferredByLink).all(db).await.unwrap();
    assert_eq!(up.iter().map(|a| a.handle.as_str()).collect::<Vec<_>>(), ["referrer"]);
    let down = referrer.find_linked(accounts::AccountsByReferredByLink).all(db).await.unwrap();
    assert_eq!(down.iter().map(|a| a.id).collect::<Vec<_>>(), [40]);

    // has_one through the unique key.
    profiles::ActiveModel { account_id: Set(40), display_name: Set("Full".into()), ..Default::default() }
        .insert(db)
        .await
        .unwrap();
    let profile = read.find_related(profiles::Entity).one(db).await.unwrap().unwrap();
    assert_eq!(profile.display_name, "Full");

    // Many-to-many: orders <-> labels through order_labels.
    let order = orders::ActiveModel {
        account_id: Set(40),
        total: Set(Decimal::new(999, 2)),
        placed_on: Set(Date::from_ymd_opt(2026, 5, 6).unwrap()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    for name in ["gift", "urgent"] {
        let label = labels::ActiveModel { name: Set(name.into()), ..Default::default() }.insert(db).await.unwrap();
        order_labels::ActiveModel { order_id: Set(order.id), label_id: Set(label.id) }.insert(db).await.unwrap();
    }
    labels::ActiveModel { name: Set("unused".into()), ..Default::default() }.insert(db).await.unwrap();
    let with_labels = orders::Entity::find().find_with_related(labels::Entity).all(db).await.unwrap();
    assert_eq!(with_labels.len(), 1);
    let mut names: Vec<&str> = with_labels[0].1.iter().map(|l| l.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["gift", "urgent"]);
    let orders_of_gift = labels::Entity::find()
        .filter(labels::Column::Name.eq("gift"))
        .find_with_related(orders::Entity)
        .all(db)
        .await
        .unwrap();
    assert_eq!(orders_of_gift[0].1.iter().map(|o| o.id).collect::<Vec<_>>(), [order.id]);

    // Deleting the referrer sets referred_by to NULL (ON DELETE SET NULL).
    referrer.delete(db).await.unwrap();
    let orphan = accounts::Entity::find_by_id(40u32).one(db).await.unwrap().unwrap();
    assert_eq!(orphan.referred_by, None);
    server.drop_database().await;
}

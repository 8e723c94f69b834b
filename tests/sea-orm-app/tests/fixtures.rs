//! The fixtures' entities on a real database: many-to-many through a junction (SQLite and
//! PostgreSQL), the `Linked` impls for several keys to one table and a self-reference, keyword
//! and digit-leading column names, PostgreSQL enums and arrays.

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
    use sea_orm_app::several_fks::categories::{self, CategoriesByParentLink, ParentLink};
    use sea_orm_app::several_fks::messages::{self, RecipientLink, SenderLink};
    use sea_orm_app::several_fks::users::{self, MessagesByRecipientLink, MessagesBySenderLink};
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

    let root = categories::ActiveModel { name: Set("root".into()), ..Default::default() }.insert(&db).await.unwrap();
    let child =
        categories::ActiveModel { name: Set("child".into()), parent_id: Set(Some(root.id)), ..Default::default() }
            .insert(&db)
            .await
            .unwrap();
    assert_eq!(child.find_linked(ParentLink).one(&db).await.unwrap().unwrap().name, "root");
    let children = root.find_linked(CategoriesByParentLink).all(&db).await.unwrap();
    assert_eq!(children.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["child"]);
    assert_eq!(root.find_linked(ParentLink).one(&db).await.unwrap(), None);
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
    use sea_orm_app::mysql::sea_orm_active_enums::AccountsStatus;
    use sea_orm_app::mysql::{accounts, orders};
    // Compiled from MySQL DDL (unsigned keys, an inline ENUM); no MariaDB needed to build SQL.
    let sql = accounts::Entity::find()
        .filter(accounts::Column::Status.eq(AccountsStatus::Suspended))
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

//! The dense and frontend formats on a real database: the dense entities (sea-orm 2.0's
//! `#[sea_orm::model]`) insert, load their relation fields (has-many, has-one, belongs-to and
//! many-to-many through the junction), update and delete; the compact format's `Linked` impls work
//! on the dense relations; the frontend models take a database row's values and survive a serde
//! round trip.

mod common;

use codegen_core::Dialect;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryOrder};

const RELATIONS: &str = "tests/fixtures/sea-orm/relations/schema.sql";

/// Authors, a profile, two posts, three tags, four post-tag rows, through the dense ActiveModels.
async fn insert_dense_story(db: &DatabaseConnection) -> (i64, Vec<i64>, Vec<i64>) {
    use sea_orm_app::dense_relations::{author_profiles, authors, post_tags, posts, tags};
    let author =
        authors::ActiveModel { name: Set("Ada".into()), email: Set("ada@example.com".into()), ..Default::default() }
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
    let mut tag_ids = Vec::new();
    for label in ["rust", "sql", "orm"] {
        tag_ids.push(tags::ActiveModel { label: Set(label.into()), ..Default::default() }.insert(db).await.unwrap().id);
    }
    for (post, tag) in [(0, 0), (0, 1), (1, 1), (1, 2)] {
        post_tags::ActiveModel { post_id: Set(post_ids[post]), tag_id: Set(tag_ids[tag]) }.insert(db).await.unwrap();
    }
    (author.id, post_ids, tag_ids)
}

#[tokio::test]
async fn dense_entities_insert_load_relation_fields_update_and_delete() {
    use sea_orm_app::dense_relations::{author_profiles, authors, post_tags, posts, tags};
    let db = common::sqlite(RELATIONS, Dialect::Sqlite).await;
    let (author_id, post_ids, tag_ids) = insert_dense_story(&db).await;

    // has-many and has-one, loaded into the author's relation fields.
    let author = authors::Entity::load()
        .filter(authors::Column::Id.eq(author_id))
        .with(posts::Entity)
        .with(author_profiles::Entity)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(author.name, "Ada");
    assert!(author.posts.is_loaded());
    assert_eq!(author.posts.len(), 2);
    let titles: Vec<&str> = (0..2).map(|i| author.posts.get(i).unwrap().title.as_str()).collect();
    assert!(titles.contains(&"First") && titles.contains(&"Second"), "{titles:?}");
    assert_eq!(author.author_profiles.as_ref().unwrap().website.as_deref(), Some("https://ada.dev"));

    // belongs-to, from the post back to its author.
    let post = posts::Entity::load()
        .filter(posts::Column::Id.eq(post_ids[0]))
        .with(authors::Entity)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(post.authors.as_ref().unwrap().email, "ada@example.com");

    // Many-to-many through post_tags: the `via` field, and the derived `Related` impls.
    let post = posts::Entity::load()
        .filter(posts::Column::Id.eq(post_ids[0]))
        .with(tags::Entity)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let mut labels: Vec<&str> = (0..post.tags.len()).map(|i| post.tags.get(i).unwrap().label.as_str()).collect();
    labels.sort();
    assert_eq!(labels, ["rust", "sql"]);
    let with_tags =
        posts::Entity::find().find_with_related(tags::Entity).order_by_asc(posts::Column::Id).all(&db).await.unwrap();
    assert_eq!(with_tags.iter().map(|(_, t)| t.len()).collect::<Vec<_>>(), [2, 2]);
    let sql = tags::Entity::find().filter(tags::Column::Label.eq("sql")).one(&db).await.unwrap().unwrap();
    assert_eq!(sql.find_related(posts::Entity).count(&db).await.unwrap(), 2);

    // Update and delete, the junction through its composite key.
    let mut first: posts::ActiveModel = posts::Entity::find_by_id(post_ids[0]).one(&db).await.unwrap().unwrap().into();
    first.title = Set("First, edited".into());
    assert_eq!(first.update(&db).await.unwrap().title, "First, edited");
    post_tags::Entity::delete_by_id((post_ids[0], tag_ids[0])).exec(&db).await.unwrap();
    assert_eq!(post_tags::Entity::find().count(&db).await.unwrap(), 3);
    // ON DELETE CASCADE from the author takes the posts, the profile and their junction rows.
    authors::Entity::delete_by_id(author_id).exec(&db).await.unwrap();
    assert_eq!(posts::Entity::find().count(&db).await.unwrap(), 0);
    assert_eq!(author_profiles::Entity::find().count(&db).await.unwrap(), 0);
    assert_eq!(post_tags::Entity::find().count(&db).await.unwrap(), 0);
}

#[tokio::test]
async fn dense_entities_with_several_keys_and_a_self_reference_link_both_ways() {
    linked_story!(dense_several_fks);
}

#[tokio::test]
async fn frontend_models_hold_a_rows_values_and_round_trip_through_serde() {
    use sea_orm_app::frontend_relations::posts as frontend_posts;
    use sea_orm_app::relations::posts;
    let db = common::sqlite(RELATIONS, Dialect::Sqlite).await;
    let (_, post_ids, _) = insert_dense_story(&db).await;
    let row = posts::Entity::find_by_id(post_ids[1]).one(&db).await.unwrap().unwrap();
    let model = frontend_posts::Model {
        id: row.id,
        author_id: row.author_id,
        title: row.title.clone(),
        body: row.body.clone(),
        published: row.published,
        rating: row.rating,
        score: row.score,
        price: Some(Decimal::new(1999, 2)),
        views: row.views,
        cover: Some(vec![1, 2, 3]),
        published_on: row.published_on,
        created_at: row.created_at,
    };
    assert_eq!(model.title, "Second");
    assert_eq!(model.published_on, Some(Date::from_ymd_opt(2026, 3, 4).unwrap()));
    let json = serde_json::to_string(&model).unwrap();
    let back: frontend_posts::Model = serde_json::from_str(&json).unwrap();
    assert_eq!(back, model);
}

#[test]
fn frontend_models_with_enums_json_and_time_zones_round_trip_through_serde() {
    use sea_orm_app::frontend_example::experiments;
    use sea_orm_app::frontend_example::prelude::Experiments;
    use sea_orm_app::frontend_example::sea_orm_active_enums::ExperimentStatus;
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-04T05:06:07+02:00").unwrap();
    let model: Experiments = experiments::Model {
        id: 1,
        project_id: 2,
        name: "checkout".into(),
        hypothesis: None,
        status: ExperimentStatus::Running,
        traffic_percent: 50,
        started_at: Some(at),
        ended_at: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    };
    let json = serde_json::to_value(&model).unwrap();
    assert_eq!(json["status"], "Running");
    assert_eq!(serde_json::from_value::<Experiments>(json).unwrap(), model);
}

#[tokio::test]
async fn dense_relation_fields_whose_names_clash_or_are_not_identifiers_load() {
    use sea_orm_app::dense_names::{person, pet, pets};
    use sea_orm_app::dense_odd_names::{self_, r#type};
    let db = common::sqlite("tests/sea-orm-app/schemas/dense_names.sql", Dialect::Sqlite).await;
    let ada = person::ActiveModel { name: Set("Ada".into()), ..Default::default() }.insert(&db).await.unwrap();
    pet::ActiveModel { person_id: Set(ada.id), ..Default::default() }.insert(&db).await.unwrap();
    for _ in 0..2 {
        pets::ActiveModel { person_id: Set(Some(ada.id)), person: Set(Some("column".into())), ..Default::default() }
            .insert(&db)
            .await
            .unwrap();
    }
    let loaded = person::Entity::load().with(pet::Entity).with(pets::Entity).one(&db).await.unwrap().unwrap();
    assert_eq!((loaded.pets.len(), loaded.pets_2.len()), (1, 2));
    let one = pets::Entity::load().with(person::Entity).one(&db).await.unwrap().unwrap();
    assert_eq!(one.person.as_deref(), Some("column"));
    assert_eq!(one.person_2.as_ref().unwrap().name, "Ada");

    let db = common::sqlite("tests/sea-orm-app/schemas/odd_names.sql", Dialect::Sqlite).await;
    let kind = r#type::ActiveModel { self_: Set(Some("me".into())), ..Default::default() }.insert(&db).await.unwrap();
    self_::ActiveModel { type_id: Set(Some(kind.id)), ..Default::default() }.insert(&db).await.unwrap();
    let loaded = r#type::Entity::load().with(self_::Entity).one(&db).await.unwrap().unwrap();
    assert_eq!(loaded.self_s.len(), 1);
    assert_eq!(loaded.self_s.get(0).unwrap().type_id, Some(kind.id));
}

#[test]
fn frontend_models_with_uuid_json_arrays_and_the_time_crate_round_trip_through_serde() {
    use sea_orm_app::frontend_enums_pg::people;
    use sea_orm_app::frontend_enums_pg::sea_orm_active_enums::Mood;
    use sea_orm_app::frontend_with_time_pg::users;
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-04T05:06:07+02:00").unwrap();
    let person = people::Model {
        id: 1,
        uid: uuid::Uuid::from_u128(0x1234),
        current_mood: Mood::VeryGood,
        moods: Some(vec![Mood::Happy, Mood::SoSo]),
        nicknames: Some(vec!["ada".into()]),
        profile: Some(serde_json::json!({"lang": "en"})),
        settings: None,
        born: chrono::NaiveDate::from_ymd_opt(1815, 12, 10),
        wakes_at: chrono::NaiveTime::from_hms_opt(6, 30, 0),
        seen_at: None,
        joined_at: at,
        balance: Some(rust_decimal::Decimal::new(-12345, 2)),
        small: Some(-3),
        big: Some(i64::MAX),
        ratio: Some(0.5),
        precise: Some(0.25),
        tag: None,
        blob: Some(vec![0, 255]),
    };
    let back: people::Model = serde_json::from_str(&serde_json::to_string(&person).unwrap()).unwrap();
    assert_eq!(back, person);

    let now = time::macros::datetime!(2026-03-04 05:06:07 +2);
    let user = users::Model {
        id: 7,
        email: "ada@example.com".into(),
        display_name: "Ada".into(),
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    let back: users::Model = serde_json::from_str(&serde_json::to_string(&user).unwrap()).unwrap();
    assert_eq!(back, user);
}

#[tokio::test]
async fn dense_many_to_many_to_a_table_whose_relation_name_is_not_an_identifier() {
    use sea_orm_app::dense_names::{_1st, person, person_1st};
    let db = common::sqlite("tests/sea-orm-app/schemas/dense_names.sql", Dialect::Sqlite).await;
    let ada = person::ActiveModel { name: Set("Ada".into()), ..Default::default() }.insert(&db).await.unwrap();
    let first = _1st::ActiveModel { label: Set("gold".into()), ..Default::default() }.insert(&db).await.unwrap();
    person_1st::ActiveModel { person_id: Set(ada.id), first_id: Set(first.id) }.insert(&db).await.unwrap();
    let loaded = person::Entity::load().with(_1st::Entity).one(&db).await.unwrap().unwrap();
    assert_eq!(loaded.rel_1sts.get(0).map(|f| f.label.as_str()), Some("gold"));
    let back = _1st::Entity::load().with(person::Entity).one(&db).await.unwrap().unwrap();
    assert_eq!(back.people.get(0).map(|p| p.name.as_str()), Some("Ada"));
}

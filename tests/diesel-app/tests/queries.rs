//! The generated schema and models, used as an application would: the tables are created by
//! codegen's SQL backend, then rows are inserted, joined over `joinable!`, updated through the
//! changeset and deleted, on SQLite (in memory) and on PostgreSQL when
//! `CODEGEN_TEST_POSTGRES_URL` is set (required when `CI=true`).

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

/// The same story on either backend: the generated types differ (timestamps, enum SQL types),
/// the code that uses them does not.
macro_rules! experiment_story {
    ($conn:expr, $m:ident) => {{
        use codegen_diesel_app::$m::models::*;
        use codegen_diesel_app::$m::schema::*;
        let conn = $conn;

        let org: Organization = diesel::insert_into(organizations::table)
            .values(&NewOrganization { name: "Acme".into(), ..Default::default() })
            .returning(Organization::as_returning())
            .get_result(conn)
            .unwrap();
        assert_eq!(org.name, "Acme");

        let ada: User = diesel::insert_into(users::table)
            .values(&NewUser { email: "ada@example.com".into(), display_name: "Ada".into(), ..Default::default() })
            .returning(User::as_returning())
            .get_result(conn)
            .unwrap();
        let project: Project = diesel::insert_into(projects::table)
            .values(&NewProject {
                organization_id: org.id,
                name: "Checkout".into(),
                created_by: Some(ada.id),
                ..Default::default()
            })
            .returning(Project::as_returning())
            .get_result(conn)
            .unwrap();

        // An enum column with a database default, then one set explicitly.
        let membership: Membership = diesel::insert_into(memberships::table)
            .values(&NewMembership { user_id: ada.id, project_id: project.id, ..Default::default() })
            .returning(Membership::as_returning())
            .get_result(conn)
            .unwrap();
        assert_eq!(membership.role, MembershipRole::Member);

        let experiment: Experiment = diesel::insert_into(experiments::table)
            .values(&NewExperiment {
                project_id: project.id,
                name: "Green button".into(),
                hypothesis: Some("Green converts better".into()),
                status: Some(ExperimentStatus::Draft),
                ..Default::default()
            })
            .returning(Experiment::as_returning())
            .get_result(conn)
            .unwrap();
        assert_eq!(experiment.traffic_percent, 100, "the database default comes back");
        for (key, control) in [("control", true), ("green", false)] {
            diesel::insert_into(variants::table)
                .values(&NewVariant {
                    experiment_id: experiment.id,
                    key: key.into(),
                    name: key.to_uppercase(),
                    is_control: Some(control),
                    // JSONB is `Jsonb` (serde_json::Value) on PostgreSQL, `Text` (String) on SQLite.
                    config: Some(format!(r#"{{"color":"{key}"}}"#).parse().unwrap()),
                    ..Default::default()
                })
                .execute(conn)
                .unwrap();
        }

        // Joins over the generated joinable! lines.
        let rows: Vec<(Experiment, Project, Organization)> = experiments::table
            .inner_join(projects::table.inner_join(organizations::table))
            .filter(organizations::name.eq("Acme"))
            .select((Experiment::as_select(), Project::as_select(), Organization::as_select()))
            .load(conn)
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].0.id, rows[0].1.id, rows[0].2.id), (experiment.id, project.id, org.id));

        let members: Vec<(String, MembershipRole)> = memberships::table
            .inner_join(users::table)
            .filter(memberships::project_id.eq(project.id))
            .select((users::display_name, memberships::role))
            .load(conn)
            .unwrap();
        assert_eq!(members, vec![("Ada".to_string(), MembershipRole::Member)]);

        // Associations: the variants belonging to the experiment.
        let mut variants: Vec<Variant> =
            Variant::belonging_to(&experiment).select(Variant::as_select()).load(conn).unwrap();
        variants.sort_by_key(|v| v.key.clone());
        assert_eq!(variants.iter().map(|v| v.key.as_str()).collect::<Vec<_>>(), ["control", "green"]);
        assert_eq!(variants[1].config.as_ref().map(|c| c.to_string()).as_deref(), Some(r#"{"color":"green"}"#));

        // Update through the changeset: one enum column set, a nullable column set to NULL.
        let updated: Experiment = diesel::update(&experiment)
            .set(&ExperimentChangeset {
                status: Some(ExperimentStatus::Running),
                hypothesis: Some(None),
                ..Default::default()
            })
            .returning(Experiment::as_returning())
            .get_result(conn)
            .unwrap();
        assert_eq!(updated.status, ExperimentStatus::Running);
        assert_eq!(updated.hypothesis, None);
        assert_eq!(updated.name, "Green button", "columns left as None are unchanged");
        let running: i64 = experiments::table
            .filter(experiments::status.eq(ExperimentStatus::Running))
            .count()
            .get_result(conn)
            .unwrap();
        assert_eq!(running, 1);

        // Delete.
        let green = variants.iter().find(|v| v.key == "green").unwrap();
        assert_eq!(diesel::delete(green).execute(conn).unwrap(), 1);
        let left: Vec<String> = variants::table.select(variants::key).load(conn).unwrap();
        assert_eq!(left, ["control"]);
    }};
}

#[test]
fn example_on_sqlite() {
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    conn.batch_execute(codegen_diesel_app::example_sqlite::DDL).unwrap();
    experiment_story!(&mut conn, example_sqlite);
}

#[test]
fn reserved_words_and_composite_keys_on_sqlite() {
    use codegen_diesel_app::sqlite_relations::models::*;
    use codegen_diesel_app::sqlite_relations::schema::*;
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    conn.batch_execute(codegen_diesel_app::sqlite_relations::DDL).unwrap();

    let boss: User = diesel::insert_into(users::table)
        .values(&NewUser { name: "Boss".into(), type_: "admin".into(), ..Default::default() })
        .returning(User::as_returning())
        .get_result(&mut conn)
        .unwrap();
    let worker: User = diesel::insert_into(users::table)
        .values(&NewUser {
            name: "Worker".into(),
            manager_id: Some(boss.id),
            type_: "staff".into(),
            ..Default::default()
        })
        .returning(User::as_returning())
        .get_result(&mut conn)
        .unwrap();
    // The self-reference is an association even though joinable! cannot express it.
    let reports: Vec<User> = User::belonging_to(&boss).select(User::as_select()).load(&mut conn).unwrap();
    assert_eq!(reports, vec![worker.clone()]);

    let post: Post = diesel::insert_into(posts::table)
        .values(&NewPost {
            author_id: worker.id,
            title: "Hello".into(),
            where_: Some("here".into()),
            ..Default::default()
        })
        .returning(Post::as_returning())
        .get_result(&mut conn)
        .unwrap();
    diesel::insert_into(tags::table)
        .values(&NewTag { post_id: post.id, label: "intro".into() })
        .execute(&mut conn)
        .unwrap();
    let tagged: Vec<(String, String)> =
        tags::table.inner_join(posts::table).select((tags::label, posts::title)).load(&mut conn).unwrap();
    assert_eq!(tagged, vec![("intro".to_string(), "Hello".to_string())]);

    diesel::insert_into(order::table)
        .values(&NewOrder { table_: "t1".into(), ..Default::default() })
        .execute(&mut conn)
        .unwrap();
    let tables: Vec<String> = order::table.select(order::table_).load(&mut conn).unwrap();
    assert_eq!(tables, ["t1"]);

    // A table without a primary key is keyed on its rowid.
    diesel::insert_into(event_log::table)
        .values(&NewEventLog {
            happened_at: chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap().and_hms_opt(3, 4, 5).unwrap(),
            payload: None,
        })
        .execute(&mut conn)
        .unwrap();
    let logged: Vec<EventLog> = event_log::table.select(EventLog::as_select()).load(&mut conn).unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].rowid, 1);
}

#[test]
fn every_sqlite_affinity_round_trips() {
    use codegen_diesel_app::sqlite_affinities::models::*;
    use codegen_diesel_app::sqlite_affinities::schema::*;
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    conn.batch_execute(codegen_diesel_app::sqlite_affinities::DDL).unwrap();
    let when = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let row = NewAllType {
        tiny: true,
        int2_col: 2,
        big: 1 << 40,
        plain_int: 7,
        flag: true,
        short_name: "short".into(),
        body: "body".into(),
        data: vec![0, 1, 2],
        score: 1.5,
        more_precise: 2.25,
        price: 9.99,
        happened_at: when.and_hms_opt(12, 0, 0).unwrap(),
        day: when,
        ..Default::default()
    };
    diesel::insert_into(all_types::table).values(&row).execute(&mut conn).unwrap();
    let back: AllType = all_types::table.select(AllType::as_select()).first(&mut conn).unwrap();
    assert_eq!((back.big, back.data.as_slice(), back.day, back.price), (1 << 40, &[0u8, 1, 2][..], when, 9.99));
    assert_eq!(back.small, None);
}

/// A fresh PostgreSQL database, dropped afterwards; `None` (skip) locally without a server.
fn postgres_database(name: &str) -> Option<(PgConnection, String, String)> {
    let Ok(url) = std::env::var("CODEGEN_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CODEGEN_TEST_POSTGRES_URL must be set in CI (source .ci/servers.sh)"
        );
        eprintln!("note: CODEGEN_TEST_POSTGRES_URL is not set; skipping the PostgreSQL test");
        return None;
    };
    let db = format!("codegen_diesel_{name}_{}", std::process::id());
    let mut admin = PgConnection::establish(&url).expect("connect to CODEGEN_TEST_POSTGRES_URL");
    // One statement per call: a multi-statement batch runs in a transaction, which DROP refuses.
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db}")).unwrap();
    admin.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let (base, _) = url.rsplit_once('/').expect("a URL with a database");
    let conn = PgConnection::establish(&format!("{base}/{db}")).unwrap();
    Some((conn, url, db))
}

fn drop_database(url: &str, db: &str) {
    let mut admin = PgConnection::establish(url).unwrap();
    let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
}

#[test]
fn example_on_postgres() {
    let Some((mut conn, url, db)) = postgres_database("example") else { return };
    conn.batch_execute(codegen_diesel_app::example_pg::DDL).unwrap();
    experiment_story!(&mut conn, example_pg);

    // Numeric and timestamptz come back as the Rust types the models name.
    use codegen_diesel_app::example_pg::models::*;
    use codegen_diesel_app::example_pg::schema::*;
    let experiment_id: i64 = experiments::table.select(experiments::id).first(&mut conn).unwrap();
    let effect: bigdecimal::BigDecimal = "0.0125".parse().unwrap();
    let metric: Metric = diesel::insert_into(metrics::table)
        .values(&NewMetric {
            experiment_id,
            name: "conversion".into(),
            minimum_detectable_effect: Some(effect.clone()),
            ..Default::default()
        })
        .returning(Metric::as_returning())
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(metric.minimum_detectable_effect, Some(effect));
    assert!(metric.created_at <= chrono::Utc::now());
    drop(conn);
    drop_database(&url, &db);
}

#[test]
fn postgres_arrays_enums_and_schemas() {
    let Some((mut conn, url, db)) = postgres_database("types") else { return };
    conn.batch_execute(codegen_diesel_app::pg_types::DDL).unwrap();
    conn.batch_execute(codegen_diesel_app::pg_schemas::DDL).unwrap();
    {
        use codegen_diesel_app::pg_types::models::*;
        use codegen_diesel_app::pg_types::schema::*;
        let now = chrono::Utc::now();
        let account: Account = diesel::insert_into(accounts::table)
            .values(&NewAccount {
                id: None,
                handle: "ada".into(),
                code: None,
                bio: None,
                tags: vec![Some("a".into()), None],
                scores: Some(vec![Some(1), Some(2)]),
                current_mood: Some(Mood::SoSo),
                past_moods: Some(vec![Some(Mood::Happy), Some(Mood::Sad)]),
                balance: "12.50".parse().unwrap(),
                ratio: None,
                precise: None,
                small: 1,
                big: 2,
                active: true,
                avatar: None,
                external_id: uuid::Uuid::nil(),
                settings: None,
                profile: serde_json::json!({}),
                born: None,
                wakes_at: None,
                created_at: now.naive_utc(),
                updated_at: now,
                grace: None,
                type_: "person".into(),
            })
            .returning(Account::as_returning())
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(account.current_mood, Mood::SoSo);
        assert_eq!(account.past_moods, Some(vec![Some(Mood::Happy), Some(Mood::Sad)]));
        assert_eq!(account.tags, vec![Some("a".to_string()), None]);
        let sad: i64 =
            accounts::table.filter(accounts::current_mood.eq(Mood::SoSo)).count().get_result(&mut conn).unwrap();
        assert_eq!(sad, 1);
        // The joinable! codegen keeps where print-schema drops it (two keys to accounts).
        diesel::insert_into(account_links::table)
            .values(&NewAccountLink { account_id: account.id, linked_id: account.id, note: None })
            .execute(&mut conn)
            .unwrap();
        let linked: Vec<String> =
            account_links::table.inner_join(accounts::table).select(accounts::handle).load(&mut conn).unwrap();
        assert_eq!(linked, ["ada"]);
    }
    {
        use codegen_diesel_app::pg_schemas::models::*;
        use codegen_diesel_app::pg_schemas::schema::audit::*;
        let event: Event = diesel::insert_into(events::table)
            .values(&NewEvent { id: None, what: Action::Update, at: None, actor_id: None })
            .returning(Event::as_returning())
            .get_result(&mut conn)
            .unwrap();
        diesel::insert_into(event_details::table)
            .values(&NewEventDetail { event_id: event.id, detail: "renamed".into() })
            .execute(&mut conn)
            .unwrap();
        let joined: Vec<(Action, String)> = event_details::table
            .inner_join(events::table)
            .select((events::what, event_details::detail))
            .load(&mut conn)
            .unwrap();
        assert_eq!(joined, vec![(Action::Update, "renamed".to_string())]);
    }
    drop(conn);
    drop_database(&url, &db);
}

//! The example's entities (compact, expanded, dense) on SQLite and PostgreSQL: insert through ActiveModel, has-many through
//! find_with_related, enums, update, delete with the cascade the schema declares.

mod common;

/// The same story for the example's entities in each format.
macro_rules! example_story {
    ($m:ident) => {
        mod $m {

use codegen_core::Dialect;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, IntoActiveModel, QueryOrder};
use sea_orm_app::$m::prelude::*;
use sea_orm_app::$m::sea_orm_active_enums::{ExperimentStatus, MembershipRole};
use sea_orm_app::$m::{experiments, memberships, organizations, projects, users, variants};

const SCHEMA: &str = "examples/experiments/schema.sql";

fn at(text: &str) -> DateTimeWithTimeZone {
    DateTimeWithTimeZone::parse_from_rfc3339(text).unwrap()
}

async fn story(db: &DatabaseConnection) {
    let t0 = at("2026-01-02T03:04:05+00:00");
    let org = organizations::ActiveModel { name: Set("Acme".into()), created_at: Set(t0), ..Default::default() }
        .insert(db)
        .await
        .unwrap();
    let user = users::ActiveModel {
        email: Set("ada@example.com".into()),
        display_name: Set("Ada".into()),
        created_at: Set(t0),
        updated_at: Set(t0),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let project = projects::ActiveModel {
        organization_id: Set(org.id),
        name: Set("Checkout".into()),
        created_by: Set(Some(user.id)),
        created_at: Set(t0),
        updated_at: Set(t0),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    assert_eq!(project.description, None);
    memberships::ActiveModel {
        user_id: Set(user.id),
        project_id: Set(project.id),
        role: Set(MembershipRole::Admin),
        created_at: Set(t0),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    for (name, status) in [("Button colour", ExperimentStatus::Running), ("Copy", ExperimentStatus::Draft)] {
        let experiment = experiments::ActiveModel {
            project_id: Set(project.id),
            name: Set(name.into()),
            status: Set(status),
            traffic_percent: Set(50),
            created_at: Set(t0),
            updated_at: Set(t0),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        variants::ActiveModel {
            experiment_id: Set(experiment.id),
            key: Set("control".into()),
            name: Set("Control".into()),
            weight: Set(1),
            is_control: Set(true),
            config: Set(Some(serde_json::json!({"colour": "blue"}))),
            created_at: Set(t0),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }

    // has-many, both ways round.
    let with_experiments =
        Projects::find().find_with_related(Experiments).order_by_asc(experiments::Column::Id).all(db).await.unwrap();
    assert_eq!(with_experiments.len(), 1);
    let (found, exps) = &with_experiments[0];
    assert_eq!(found.name, "Checkout");
    assert_eq!(
        exps.iter().map(|e| (e.name.as_str(), e.status.clone())).collect::<Vec<_>>(),
        [("Button colour", ExperimentStatus::Running), ("Copy", ExperimentStatus::Draft)]
    );
    let by_org = Organizations::find().find_with_related(Projects).all(db).await.unwrap();
    assert_eq!(by_org[0].1.len(), 1);
    let owner = project.find_related(Users).one(db).await.unwrap().unwrap();
    assert_eq!(owner.email, "ada@example.com");
    let member = Memberships::find().find_also_related(Users).one(db).await.unwrap().unwrap();
    assert_eq!((member.0.role, member.1.unwrap().id), (MembershipRole::Admin, user.id));

    // A filter on an enum column, then an update through the ActiveModel.
    let running = Experiments::find()
        .filter(experiments::Column::Status.eq(ExperimentStatus::Running))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut active = running.into_active_model();
    active.status = Set(ExperimentStatus::Completed);
    active.started_at = Set(Some(at("2026-02-01T00:00:00+00:00")));
    let updated = active.update(db).await.unwrap();
    let reloaded = Experiments::find_by_id(updated.id).one(db).await.unwrap().unwrap();
    assert_eq!(reloaded.status, ExperimentStatus::Completed);
    assert_eq!(reloaded.started_at, Some(at("2026-02-01T00:00:00+00:00")));

    // Delete: the project goes, and its experiments and variants with it (ON DELETE CASCADE).
    let result = project.delete(db).await.unwrap();
    assert_eq!(result.rows_affected, 1);
    assert_eq!(Experiments::find().count(db).await.unwrap(), 0);
    assert_eq!(Variants::find().count(db).await.unwrap(), 0);
    assert_eq!(Users::find().count(db).await.unwrap(), 1);
}

#[tokio::test]
async fn on_sqlite() {
    story(&super::common::sqlite(SCHEMA, Dialect::Postgres).await).await;
}

#[tokio::test]
async fn on_postgres() {
    if let Some(db) = super::common::postgres(SCHEMA, Dialect::Postgres, stringify!($m)).await {
        story(&db).await;
    }
}

        }
    };
}

example_story!(example);
example_story!(expanded_example);
example_story!(dense_example);

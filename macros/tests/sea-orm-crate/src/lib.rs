//! SeaORM entities for the bundled example, checked against it (found through the workspace's
//! codegen.toml). Table, enum and value names come from `#[sea_orm(...)]`.

use codegen_macros::CheckSchema;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum, CheckSchema)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "experiment_status")]
pub enum ExperimentStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "running")]
    Running,
    #[sea_orm(string_value = "paused")]
    Paused,
    #[sea_orm(string_value = "completed")]
    Completed,
    #[sea_orm(string_value = "archived")]
    Archived,
}

/// A newtype the derive cannot read: rustc checks that SeaORM reads the column into it
/// (`TryGetable` and `ValueType`, which `DeriveValueType` implements).
#[derive(Clone, Debug, PartialEq, Eq, DeriveValueType)]
pub struct ProjectId(pub i64);

pub mod experiments {
    use super::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, CheckSchema)]
    #[sea_orm(table_name = "experiments")]
    #[schema(orm = "sea-orm", all_columns)]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: ProjectId,
        pub name: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub hypothesis: Option<String>,
        pub status: ExperimentStatus,
        pub traffic_percent: i16,
        pub started_at: Option<DateTimeWithTimeZone>,
        pub ended_at: Option<DateTimeWithTimeZone>,
        pub created_at: DateTimeWithTimeZone,
        pub updated_at: DateTimeWithTimeZone,
        #[sea_orm(column_name = "deleted_at")]
        pub removed_at: Option<DateTimeWithTimeZone>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

//! The user's own `ActiveModelBehavior` impls for the `with_options` entities, generated with
//! `impl-active-model-behavior = false`: regenerating the entities never touches this file.

use sea_orm::entity::prelude::*;

use crate::with_options::{author_profiles, authors, post_tags, posts, tags};

impl ActiveModelBehavior for authors::ActiveModel {}
impl ActiveModelBehavior for author_profiles::ActiveModel {}
impl ActiveModelBehavior for post_tags::ActiveModel {}
impl ActiveModelBehavior for tags::ActiveModel {}

/// Titles are stored trimmed.
#[async_trait::async_trait]
impl ActiveModelBehavior for posts::ActiveModel {
    async fn before_save<C: ConnectionTrait>(mut self, _db: &C, _insert: bool) -> Result<Self, DbErr> {
        if let sea_orm::ActiveValue::Set(title) = &self.title {
            self.title = sea_orm::ActiveValue::Set(title.trim().to_string());
        }
        Ok(self)
    }
}

use sea_orm::entity::prelude::*;

/// How often an account wants mail about its exchanges, and the token of its one-click unsubscribe link (it can only turn mail off).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: Uuid,
    /// `immediate`, `daily` or `off`.
    pub frequency: String,
    #[sea_orm(unique)]
    pub unsubscribe_token: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

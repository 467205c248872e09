use sea_orm::entity::prelude::*;

/// A short case a province publishes: who worked with whom, with their consent.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "good_practices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    pub story: String,
    pub category: String,
    /// The organisations and the company involved, each with the consent recorded, as JSON.
    pub parties: Json,
    pub collaboration_id: Option<Uuid>,
    pub author_account: Uuid,
    pub published_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

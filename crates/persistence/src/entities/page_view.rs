use sea_orm::entity::prelude::*;

/// An organisation's profile opened, or one of its offers through a search hit. Who looked is not kept.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "page_views")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub viewed_at: DateTimeUtc,
    /// `profile` or `offer`.
    pub kind: String,
    pub organisation_id: Uuid,
    pub offer_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

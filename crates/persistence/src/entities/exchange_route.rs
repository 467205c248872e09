use sea_orm::entity::prelude::*;

/// An organisation a question was sent to, in which batch.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exchange_routes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub exchange_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: Uuid,
    pub organisation_province: String,
    pub organisation_slug: String,
    pub organisation_name: String,
    pub batch: i32,
    pub score: f64,
    pub routed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// One step of an exchange: who took it, when, and what it says.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "exchange_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub exchange_id: Uuid,
    /// For a question: the organisation the step concerns.
    pub organisation_id: Option<Uuid>,
    pub kind: String,
    pub side: String,
    pub actor_province: String,
    pub actor_account: Option<Uuid>,
    /// The text a party wrote: private to the two parties.
    pub body: Option<String>,
    pub data: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

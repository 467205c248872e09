use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    #[sea_orm(unique)]
    pub event_id: Uuid,
    pub kind: String,
    pub aggregate_id: Uuid,
    pub payload: Json,
    pub created_at: DateTimeUtc,
    /// PostgreSQL only: the writing transaction's id.
    pub txid: Option<i64>,
    /// A message's receiving province; `None` for a change of public data.
    pub destination: Option<String>,
    pub conversation_id: Option<Uuid>,
    /// Who sent a message: account, role and province, as JSON.
    pub sender: Option<Json>,
    /// When the relay delivered the message (or gave up on it: see `delivery_error`).
    pub delivered_at: Option<DateTimeUtc>,
    /// Why the last delivery failed, or why the receiver refused the message.
    pub delivery_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

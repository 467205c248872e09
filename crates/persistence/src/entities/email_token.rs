use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_digest: String,
    pub account_id: Uuid,
    pub purpose: String,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    /// For a change of address: the address the link confirms.
    pub new_email: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

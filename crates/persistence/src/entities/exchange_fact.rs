use sea_orm::entity::prelude::*;

/// An exchange folded from its steps, for the evaluation figures (see `evaluation::facts_of`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exchange_facts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub exchange_id: Uuid,
    pub kind: String,
    pub company_province: String,
    pub organisation_province: Option<String>,
    pub company_account: Option<Uuid>,
    /// The Europe/Brussels day it was sent or posted.
    pub sent_day: String,
    pub read: bool,
    pub first_answer_seconds: Option<i64>,
    /// A request: the answer; a question: whether any organisation was interested.
    pub interested: Option<bool>,
    /// Why a request was declined.
    pub reason: Option<String>,
    pub organisations_reached: i32,
    pub answers: i32,
    pub interested_answers: i32,
    pub first_interest_seconds: Option<i64>,
    /// A question's outcome as the company gave it (`yes`, `no`, `not_yet`).
    pub outcome: Option<String>,
    /// The Europe/Brussels day a collaboration was agreed (a request's confirmation, a question's "yes").
    pub agreed_day: Option<String>,
    pub agreed_value_eur: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

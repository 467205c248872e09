use sea_orm::entity::prelude::*;

/// A contact request or a question, as one province holds its copy.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "exchanges")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `contact_request`, `question` or `suggestion`.
    pub kind: String,
    pub company_province: String,
    /// `None` once the company deleted its account.
    pub company_account: Option<Uuid>,
    pub company_name: String,
    /// A contact request's organisation.
    pub organisation_province: Option<String>,
    pub organisation_id: Option<Uuid>,
    /// The rest of what was asked (offer, budget band, wished start, title, place, ...), as JSON.
    pub header: Json,
    pub state: String,
    /// A question's deadline, `YYYY-MM-DD`.
    pub deadline: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

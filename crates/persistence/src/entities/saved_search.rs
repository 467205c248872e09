use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "saved_searches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub account_id: Uuid,
    pub query: String,
    /// Where the work is, as typed (a postal code or a municipality); empty for anywhere.
    pub place: String,
    /// Whether the company is mailed when new offers match.
    pub alert: bool,
    /// The offer ids the company already saw or was told about, as a JSON array.
    pub seen: Json,
    pub saved_at: DateTimeUtc,
    pub alerted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

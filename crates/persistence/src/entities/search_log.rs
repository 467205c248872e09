use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub searched_at: DateTimeUtc,
    pub query: String,
    pub filters: Json,
    pub result_count: i32,
    pub company_id: Option<Uuid>,
    /// Where it was asked: `portal`, `flanders` or `api`.
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

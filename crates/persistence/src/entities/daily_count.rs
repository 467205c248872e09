use sea_orm::entity::prelude::*;

/// A count of one measure (and key) on one Europe/Brussels day: a rollup of raw rows.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "daily_counts")]
pub struct Model {
    /// `YYYY-MM-DD`, in Europe/Brussels.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub measure: String,
    /// What the count is of within the measure (a search's source, a zero-result query); empty for none.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

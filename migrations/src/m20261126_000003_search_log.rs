//! Every search asked on a province's portal, for the evaluation figures: what companies look for, and what
//! they look for in vain (zero results are unmet demand).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchLog::Table)
                    .if_not_exists()
                    .col(uuid(SearchLog::Id).primary_key())
                    .col(timestamp_with_time_zone(SearchLog::SearchedAt))
                    .col(string_len(SearchLog::Query, 200))
                    .col(json(SearchLog::Filters))
                    .col(integer(SearchLog::ResultCount))
                    .col(uuid_null(SearchLog::CompanyId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_search_log_searched_at")
                    .table(SearchLog::Table)
                    .col(SearchLog::SearchedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SearchLog::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SearchLog {
    Table,
    Id,
    SearchedAt,
    Query,
    Filters,
    ResultCount,
    CompanyId,
}

//! The company profile of a company account: what the evaluation counts companies by.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Companies::Table)
                    .if_not_exists()
                    .col(uuid(Companies::AccountId).primary_key())
                    .col(string_len(Companies::Name, 200))
                    .col(string_len_null(Companies::EnterpriseNumber, 12))
                    .col(string_len(Companies::Sector, 1))
                    .col(string_len(Companies::Size, 16))
                    .col(string_len(Companies::PostalCode, 4))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Companies::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    AccountId,
    Name,
    EnterpriseNumber,
    Sector,
    Size,
    PostalCode,
}

//! The evaluation figures. Raw rows stay the truth (the search log, page views, the exchanges' steps); beside
//! them, rollups the console can add up fast, kept in the transaction of the write they count and rebuildable
//! from the raw rows (`doeners rollup --rebuild`):
//! - `daily_counts`: per Europe/Brussels day, a count per measure and key (searches by source, zero-result
//!   searches by query, profile and offer views);
//! - `company_days`: which companies were active on which day (a set, so a period counts each company once);
//! - `organisation_days`: which organisations answered or were edited on which day;
//! - `exchange_facts`: one row per exchange this province's companies started, folded from its steps (when it
//!   was read, answered, agreed, for how much).
//!
//! `rollups_built` marks a database whose rollups cover its raw rows, so a database migrated from before this
//! migration is rebuilt once at start. The federation database has the search rollups only.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Only the tables the federation database needs (its Flanders-wide search log).
pub struct FederationMigration;

impl MigrationName for FederationMigration {
    fn name(&self) -> &str {
        "m20261203_000012_evaluation_federation"
    }
}

async fn counts(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(DailyCounts::Table)
                .if_not_exists()
                .col(string_len(DailyCounts::Day, 10))
                .col(string_len(DailyCounts::Measure, 40))
                .col(string_len(DailyCounts::Key, 200))
                .col(big_integer(DailyCounts::N))
                .primary_key(
                    Index::create()
                        .col(DailyCounts::Day)
                        .col(DailyCounts::Measure)
                        .col(DailyCounts::Key),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(RollupsBuilt::Table)
                .if_not_exists()
                .col(string_len(RollupsBuilt::Name, 40).primary_key())
                .col(timestamp_with_time_zone(RollupsBuilt::BuiltAt))
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for FederationMigration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        counts(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DailyCounts::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(RollupsBuilt::Table).to_owned())
            .await
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        counts(manager).await?;
        manager
            .create_table(
                Table::create()
                    .table(CompanyDays::Table)
                    .if_not_exists()
                    .col(string_len(CompanyDays::Day, 10))
                    .col(uuid(CompanyDays::CompanyId))
                    // Company first: "was this company active in the period" is one index seek.
                    .primary_key(
                        Index::create()
                            .col(CompanyDays::CompanyId)
                            .col(CompanyDays::Day),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganisationDays::Table)
                    .if_not_exists()
                    .col(uuid(OrganisationDays::OrganisationId))
                    .col(string_len(OrganisationDays::Day, 10))
                    .primary_key(
                        Index::create()
                            .col(OrganisationDays::OrganisationId)
                            .col(OrganisationDays::Day),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PageViews::Table)
                    .if_not_exists()
                    .col(uuid(PageViews::Id).primary_key())
                    .col(timestamp_with_time_zone(PageViews::ViewedAt))
                    .col(string_len(PageViews::Kind, 16))
                    .col(uuid(PageViews::OrganisationId))
                    .col(uuid_null(PageViews::OfferId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExchangeFacts::Table)
                    .if_not_exists()
                    .col(uuid(ExchangeFacts::ExchangeId).primary_key())
                    .col(string_len(ExchangeFacts::Kind, 32))
                    .col(string_len(ExchangeFacts::CompanyProvince, 64))
                    .col(string_len_null(ExchangeFacts::OrganisationProvince, 64))
                    .col(uuid_null(ExchangeFacts::CompanyAccount))
                    .col(string_len(ExchangeFacts::SentDay, 10))
                    .col(boolean(ExchangeFacts::Read))
                    .col(big_integer_null(ExchangeFacts::FirstAnswerSeconds))
                    .col(boolean_null(ExchangeFacts::Interested))
                    .col(string_len_null(ExchangeFacts::Reason, 32))
                    .col(integer(ExchangeFacts::OrganisationsReached))
                    .col(integer(ExchangeFacts::Answers))
                    .col(integer(ExchangeFacts::InterestedAnswers))
                    .col(big_integer_null(ExchangeFacts::FirstInterestSeconds))
                    .col(string_len_null(ExchangeFacts::Outcome, 16))
                    .col(string_len_null(ExchangeFacts::AgreedDay, 10))
                    .col(big_integer_null(ExchangeFacts::AgreedValueEur))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_exchange_facts_sent",
                [ExchangeFacts::CompanyProvince, ExchangeFacts::SentDay],
            ),
            (
                "idx_exchange_facts_agreed",
                [ExchangeFacts::CompanyProvince, ExchangeFacts::AgreedDay],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(ExchangeFacts::Table);
            for c in columns {
                index.col(c);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_exchange_facts_company")
                    .table(ExchangeFacts::Table)
                    .col(ExchangeFacts::CompanyAccount)
                    .col(ExchangeFacts::SentDay)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_page_views_at")
                    .table(PageViews::Table)
                    .col(PageViews::ViewedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ExchangeFacts::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PageViews::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CompanyDays::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(OrganisationDays::Table).to_owned())
            .await?;
        FederationMigration.down(manager).await
    }
}

#[derive(DeriveIden)]
enum DailyCounts {
    Table,
    Day,
    Measure,
    Key,
    N,
}

#[derive(DeriveIden)]
enum RollupsBuilt {
    Table,
    Name,
    BuiltAt,
}

#[derive(DeriveIden)]
enum CompanyDays {
    Table,
    Day,
    CompanyId,
}

#[derive(DeriveIden)]
enum PageViews {
    Table,
    Id,
    ViewedAt,
    Kind,
    OrganisationId,
    OfferId,
}

#[derive(DeriveIden)]
enum OrganisationDays {
    Table,
    OrganisationId,
    Day,
}

#[derive(DeriveIden)]
enum ExchangeFacts {
    Table,
    ExchangeId,
    Kind,
    CompanyProvince,
    OrganisationProvince,
    CompanyAccount,
    SentDay,
    Read,
    FirstAnswerSeconds,
    Interested,
    Reason,
    OrganisationsReached,
    Answers,
    InterestedAnswers,
    FirstInterestSeconds,
    Outcome,
    AgreedDay,
    AgreedValueEur,
}

//! What a company keeps on its account: organisations it saved, and searches it saved, optionally with an
//! e-mail when new offers match (the offers it was already told about are kept beside the search). Both belong
//! to the account and go with it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn owned_by_account<T: IntoIden + Copy + 'static>(
    table: T,
    column: T,
    name: &str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Accounts::Table, Accounts::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SavedOrganisations::Table)
                    .if_not_exists()
                    .col(uuid(SavedOrganisations::Id).primary_key())
                    .col(uuid(SavedOrganisations::AccountId))
                    .col(string_len(SavedOrganisations::Province, 40))
                    .col(string_len(SavedOrganisations::OrganisationSlug, 200))
                    .col(string_len(SavedOrganisations::Name, 300))
                    .col(timestamp_with_time_zone(SavedOrganisations::SavedAt))
                    .foreign_key(&mut owned_by_account(
                        SavedOrganisations::Table,
                        SavedOrganisations::AccountId,
                        "fk_saved_organisations_account",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_saved_organisations_account_organisation")
                    .table(SavedOrganisations::Table)
                    .col(SavedOrganisations::AccountId)
                    .col(SavedOrganisations::Province)
                    .col(SavedOrganisations::OrganisationSlug)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SavedSearches::Table)
                    .if_not_exists()
                    .col(uuid(SavedSearches::Id).primary_key())
                    .col(uuid(SavedSearches::AccountId))
                    .col(string_len(SavedSearches::Query, 200))
                    .col(string_len(SavedSearches::Place, 100))
                    .col(boolean(SavedSearches::Alert))
                    .col(json(SavedSearches::Seen))
                    .col(timestamp_with_time_zone(SavedSearches::SavedAt))
                    .col(timestamp_with_time_zone_null(SavedSearches::AlertedAt))
                    .foreign_key(&mut owned_by_account(
                        SavedSearches::Table,
                        SavedSearches::AccountId,
                        "fk_saved_searches_account",
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SavedSearches::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SavedOrganisations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum SavedOrganisations {
    Table,
    Id,
    AccountId,
    Province,
    OrganisationSlug,
    Name,
    SavedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SavedSearches {
    Table,
    Id,
    AccountId,
    Query,
    Place,
    Alert,
    Seen,
    SavedAt,
    AlertedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

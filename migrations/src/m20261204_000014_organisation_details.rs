//! What a buyer asks before the first order, kept beside the organisation's profile: its capacity, its
//! certificates and labels, and references (clients who agreed to be named). A table of its own, so the
//! profile's columns (and the import files and the API that write them) stay as they are.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrganisationDetails::Table)
                    .if_not_exists()
                    .col(uuid(OrganisationDetails::OrganisationId).primary_key())
                    .col(string_len(OrganisationDetails::Capacity, 500))
                    .col(json(OrganisationDetails::Certificates))
                    .col(json(OrganisationDetails::ClientReferences))
                    .col(timestamp_with_time_zone(OrganisationDetails::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_details_organisation")
                            .from(
                                OrganisationDetails::Table,
                                OrganisationDetails::OrganisationId,
                            )
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OrganisationDetails::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum OrganisationDetails {
    Table,
    OrganisationId,
    Capacity,
    Certificates,
    ClientReferences,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

//! Photos an organisation shows on its profile: uploaded by its members, stored re-encoded (resized, without
//! the camera's metadata) in the province's own database, so every server of the province serves them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrganisationPhotos::Table)
                    .if_not_exists()
                    .col(uuid(OrganisationPhotos::Id).primary_key())
                    .col(uuid(OrganisationPhotos::OrganisationId))
                    .col(string_len(OrganisationPhotos::Alt, 200))
                    .col(blob(OrganisationPhotos::Jpeg))
                    .col(integer(OrganisationPhotos::Width))
                    .col(integer(OrganisationPhotos::Height))
                    .col(timestamp_with_time_zone(OrganisationPhotos::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_photos_organisation")
                            .from(
                                OrganisationPhotos::Table,
                                OrganisationPhotos::OrganisationId,
                            )
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_organisation_photos_organisation")
                    .table(OrganisationPhotos::Table)
                    .col(OrganisationPhotos::OrganisationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OrganisationPhotos::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum OrganisationPhotos {
    Table,
    Id,
    OrganisationId,
    Alt,
    Jpeg,
    Width,
    Height,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

//! Organisations, their offers, and the outbox: the change feed that later capabilities (search projection,
//! cross-province relay) follow.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .if_not_exists()
                    .col(uuid(Organisations::Id).primary_key())
                    .col(string_len_uniq(Organisations::Slug, 80))
                    .col(string_len_null(Organisations::ImportRef, 100).unique_key())
                    .col(string_len(Organisations::Name, 200))
                    .col(string_len(Organisations::Kind, 40))
                    .col(string_len_null(Organisations::EnterpriseNumber, 12).unique_key())
                    .col(string_len(Organisations::Street, 200))
                    .col(string_len(Organisations::PostalCode, 4))
                    .col(string_len(Organisations::Locality, 100))
                    .col(string_len(Organisations::MunicipalityNis, 5))
                    .col(string_len_null(Organisations::Website, 300))
                    .col(string_len_null(Organisations::Email, 254))
                    .col(string_len_null(Organisations::Phone, 40))
                    .col(integer_null(Organisations::Employees))
                    .col(text(Organisations::Description))
                    .col(string_len(Organisations::Status, 20))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisations_status_name")
                    .table(Organisations::Table)
                    .col(Organisations::Status)
                    .col(Organisations::Name)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Offers::Table)
                    .if_not_exists()
                    .col(uuid(Offers::Id).primary_key())
                    .col(uuid(Offers::OrganisationId))
                    .col(string_len(Offers::Title, 200))
                    .col(text(Offers::Description))
                    .col(string_len(Offers::Category, 40))
                    .col(string_len(Offers::ExecutionMode, 20))
                    .col(string_len(Offers::ServiceArea, 2000))
                    .col(timestamp_with_time_zone(Offers::CreatedAt))
                    .col(timestamp_with_time_zone(Offers::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offers_organisation")
                            .from(Offers::Table, Offers::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_offers_organisation_title")
                    .table(Offers::Table)
                    .col(Offers::OrganisationId)
                    .col(Offers::Title)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_offers_category")
                    .table(Offers::Table)
                    .col(Offers::Category)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Outbox::Seq))
                    .col(uuid_uniq(Outbox::EventId))
                    .col(string_len(Outbox::Kind, 60))
                    .col(uuid(Outbox::AggregateId))
                    .col(json(Outbox::Payload))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Offers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Organisations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Slug,
    ImportRef,
    Name,
    Kind,
    EnterpriseNumber,
    Street,
    PostalCode,
    Locality,
    MunicipalityNis,
    Website,
    Email,
    Phone,
    Employees,
    Description,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    Id,
    OrganisationId,
    Title,
    Description,
    Category,
    ExecutionMode,
    ServiceArea,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Seq,
    EventId,
    Kind,
    AggregateId,
    Payload,
    CreatedAt,
}

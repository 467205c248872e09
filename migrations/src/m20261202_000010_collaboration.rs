//! From a match to a contract. A contact request or a question is an exchange between a company and
//! organisations, possibly in several provinces: every province that holds a party keeps a copy under the
//! same id, with the steps as event rows (one per step: who, when, what). The relay carries the steps across
//! provinces as outbox messages; the receiver's inbox keys them by (source province, message id), written in
//! the transaction of their effect, so a redelivery does nothing. Scheduled work (reminders, digests, the
//! outcome question) records a run key per job and period, so no run happens twice. Per-account notification
//! settings say how often to write.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Exchanges::Table)
                    .if_not_exists()
                    .col(uuid(Exchanges::Id).primary_key())
                    .col(string_len(Exchanges::Kind, 32))
                    .col(string_len(Exchanges::CompanyProvince, 64))
                    .col(uuid_null(Exchanges::CompanyAccount))
                    .col(string_len(Exchanges::CompanyName, 200))
                    .col(string_len_null(Exchanges::OrganisationProvince, 64))
                    .col(uuid_null(Exchanges::OrganisationId))
                    .col(json(Exchanges::Header))
                    .col(string_len(Exchanges::State, 32))
                    .col(string_len_null(Exchanges::Deadline, 10))
                    .col(timestamp_with_time_zone(Exchanges::CreatedAt))
                    .col(timestamp_with_time_zone(Exchanges::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_exchanges_company", Exchanges::CompanyAccount),
            ("idx_exchanges_organisation", Exchanges::OrganisationId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Exchanges::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ExchangeEvents::Table)
                    .if_not_exists()
                    .col(uuid(ExchangeEvents::Id).primary_key())
                    .col(uuid(ExchangeEvents::ExchangeId))
                    .col(uuid_null(ExchangeEvents::OrganisationId))
                    .col(string_len(ExchangeEvents::Kind, 48))
                    .col(string_len(ExchangeEvents::Side, 16))
                    .col(string_len(ExchangeEvents::ActorProvince, 64))
                    .col(uuid_null(ExchangeEvents::ActorAccount))
                    .col(text_null(ExchangeEvents::Body))
                    .col(json(ExchangeEvents::Data))
                    .col(timestamp_with_time_zone(ExchangeEvents::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_exchange_events_exchange")
                    .table(ExchangeEvents::Table)
                    .col(ExchangeEvents::ExchangeId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExchangeRoutes::Table)
                    .if_not_exists()
                    .col(uuid(ExchangeRoutes::ExchangeId))
                    .col(uuid(ExchangeRoutes::OrganisationId))
                    .col(string_len(ExchangeRoutes::OrganisationProvince, 64))
                    .col(string_len(ExchangeRoutes::OrganisationSlug, 100))
                    .col(string_len(ExchangeRoutes::OrganisationName, 200))
                    .col(integer(ExchangeRoutes::Batch))
                    .col(double(ExchangeRoutes::Score))
                    .col(timestamp_with_time_zone(ExchangeRoutes::RoutedAt))
                    .primary_key(
                        Index::create()
                            .col(ExchangeRoutes::ExchangeId)
                            .col(ExchangeRoutes::OrganisationId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Inbox::Table)
                    .if_not_exists()
                    .col(string_len(Inbox::Source, 64))
                    .col(uuid(Inbox::MessageId))
                    .col(timestamp_with_time_zone(Inbox::ReceivedAt))
                    .primary_key(Index::create().col(Inbox::Source).col(Inbox::MessageId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScheduledRuns::Table)
                    .if_not_exists()
                    .col(string_len(ScheduledRuns::Job, 64))
                    .col(string_len(ScheduledRuns::Period, 100))
                    .col(timestamp_with_time_zone(ScheduledRuns::RanAt))
                    .primary_key(
                        Index::create()
                            .col(ScheduledRuns::Job)
                            .col(ScheduledRuns::Period),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationSettings::Table)
                    .if_not_exists()
                    .col(uuid(NotificationSettings::AccountId).primary_key())
                    .col(string_len(NotificationSettings::Frequency, 16))
                    .col(string_len_uniq(NotificationSettings::UnsubscribeToken, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .if_not_exists()
                    .col(uuid(Notifications::Id).primary_key())
                    .col(uuid(Notifications::AccountId))
                    .col(string_len(Notifications::Subject, 200))
                    .col(text(Notifications::Body))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::DigestedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GoodPractices::Table)
                    .if_not_exists()
                    .col(uuid(GoodPractices::Id).primary_key())
                    .col(string_len(GoodPractices::Title, 200))
                    .col(text(GoodPractices::Story))
                    .col(string_len(GoodPractices::Category, 64))
                    .col(json(GoodPractices::Parties))
                    .col(uuid_null(GoodPractices::CollaborationId))
                    .col(uuid(GoodPractices::AuthorAccount))
                    .col(timestamp_with_time_zone(GoodPractices::PublishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(timestamp_with_time_zone_null(Outbox::DeliveredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(text_null(Outbox::DeliveryError))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Outbox::DeliveredAt, Outbox::DeliveryError] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            GoodPractices::Table.into_iden(),
            Notifications::Table.into_iden(),
            NotificationSettings::Table.into_iden(),
            ScheduledRuns::Table.into_iden(),
            Inbox::Table.into_iden(),
            ExchangeRoutes::Table.into_iden(),
            ExchangeEvents::Table.into_iden(),
            Exchanges::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Exchanges {
    Table,
    Id,
    Kind,
    CompanyProvince,
    CompanyAccount,
    CompanyName,
    OrganisationProvince,
    OrganisationId,
    Header,
    State,
    Deadline,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ExchangeEvents {
    Table,
    Id,
    ExchangeId,
    OrganisationId,
    Kind,
    Side,
    ActorProvince,
    ActorAccount,
    Body,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ExchangeRoutes {
    Table,
    ExchangeId,
    OrganisationId,
    OrganisationProvince,
    OrganisationSlug,
    OrganisationName,
    Batch,
    Score,
    RoutedAt,
}

#[derive(DeriveIden)]
enum Inbox {
    Table,
    Source,
    MessageId,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum ScheduledRuns {
    Table,
    Job,
    Period,
    RanAt,
}

#[derive(DeriveIden)]
enum NotificationSettings {
    Table,
    AccountId,
    Frequency,
    UnsubscribeToken,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    AccountId,
    Subject,
    Body,
    CreatedAt,
    DigestedAt,
}

#[derive(DeriveIden)]
enum GoodPractices {
    Table,
    Id,
    Title,
    Story,
    Category,
    Parties,
    CollaborationId,
    AuthorAccount,
    PublishedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    DeliveredAt,
    DeliveryError,
}

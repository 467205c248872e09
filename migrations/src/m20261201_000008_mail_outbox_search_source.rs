//! Outgoing mail is a row, written in the transaction of the use case that sends it and delivered by the mail
//! worker, so a message is neither lost when SMTP is down nor sent when the change it announces was rolled
//! back. And a search says where it was asked (`portal`, `flanders` or `api`), so the evaluation counts only a
//! province's own portal as that province's searches.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .if_not_exists()
                    .col(uuid(MailOutbox::Id).primary_key())
                    .col(string_len(MailOutbox::Recipient, 254))
                    .col(string_len(MailOutbox::Subject, 200))
                    .col(text(MailOutbox::Body))
                    .col(timestamp_with_time_zone(MailOutbox::CreatedAt))
                    .col(integer(MailOutbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(MailOutbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(MailOutbox::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .col(text_null(MailOutbox::LastError))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mail_outbox_due")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::SentAt)
                    .col(MailOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SearchLog::Table)
                    .add_column(string_len(SearchLog::Source, 16).default("portal"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SearchLog::Table)
                    .drop_column(SearchLog::Source)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(MailOutbox::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    Recipient,
    Subject,
    Body,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    SentAt,
    LastError,
}

#[derive(DeriveIden)]
enum SearchLog {
    Table,
    Source,
}

//! A message may carry a one-click unsubscribe address (RFC 8058): the mail worker writes it into the
//! `List-Unsubscribe` header. Every database with a mail outbox has the column.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(MailOutbox::Table)
                    .add_column(string_len_null(MailOutbox::UnsubscribeUrl, 500))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(MailOutbox::Table)
                    .drop_column(MailOutbox::UnsubscribeUrl)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    UnsubscribeUrl,
}

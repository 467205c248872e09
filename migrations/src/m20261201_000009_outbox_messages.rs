//! The outbox carries messages addressed to another province beside the changes of public data: a row with a
//! `destination` is a message (its `event_id` is the message id, delivered once by the relay), a row without
//! one is a change the search projector applies.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds columns one at a time.
        for column in [
            string_len_null(Outbox::Destination, 64),
            uuid_null(Outbox::ConversationId),
            json_null(Outbox::Sender),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Outbox::Destination, Outbox::ConversationId, Outbox::Sender] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Destination,
    ConversationId,
    Sender,
}

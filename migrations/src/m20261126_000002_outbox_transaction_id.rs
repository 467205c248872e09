//! The transaction that wrote each outbox row, on PostgreSQL. A follower reads the rows of transactions older
//! than the oldest one still running (`pg_snapshot_xmin`), so a transaction that took a lower sequence number
//! but commits later is never passed over. SQLite has one writer at a time and needs no such column.

use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                "ALTER TABLE outbox ADD COLUMN txid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
                 CREATE INDEX idx_outbox_txid ON outbox (txid, seq);"
            }
            _ => "ALTER TABLE outbox ADD COLUMN txid bigint",
        };
        manager
            .get_connection()
            .execute_unprepared(sql)
            .await
            .map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("outbox")
                    .drop_column("txid")
                    .to_owned(),
            )
            .await
    }
}

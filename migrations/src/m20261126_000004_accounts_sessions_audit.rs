//! Accounts of a province (companies, organisation members, province administrators), their sessions, the
//! one-time tokens sent by e-mail (verification, password reset), and the province's audit log.
//!
//! Secrets are never stored: a session id or e-mail token is kept as its SHA-256 digest, so a copy of the
//! database opens no session.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .if_not_exists()
                    .col(uuid(Accounts::Id).primary_key())
                    .col(string_len_uniq(Accounts::Email, 254))
                    .col(string_len(Accounts::PasswordHash, 200))
                    .col(string_len(Accounts::Role, 32))
                    .col(uuid_null(Accounts::OrganisationId))
                    .col(timestamp_with_time_zone_null(Accounts::EmailVerifiedAt))
                    .col(timestamp_with_time_zone_null(Accounts::SuspendedAt))
                    .col(timestamp_with_time_zone(Accounts::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .if_not_exists()
                    .col(string_len(Sessions::IdDigest, 64).primary_key())
                    .col(uuid(Sessions::AccountId))
                    .col(string_len(Sessions::CsrfToken, 64))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_account")
                    .table(Sessions::Table)
                    .col(Sessions::AccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EmailTokens::Table)
                    .if_not_exists()
                    .col(string_len(EmailTokens::TokenDigest, 64).primary_key())
                    .col(uuid(EmailTokens::AccountId))
                    .col(string_len(EmailTokens::Purpose, 32))
                    .col(timestamp_with_time_zone(EmailTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(EmailTokens::UsedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .if_not_exists()
                    .col(uuid(AuditLog::Id).primary_key())
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(uuid_null(AuditLog::ActorId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len(AuditLog::Object, 200))
                    .col(json(AuditLog::Detail))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            EmailTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            Accounts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Email,
    PasswordHash,
    Role,
    OrganisationId,
    EmailVerifiedAt,
    SuspendedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdDigest,
    AccountId,
    CsrfToken,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum EmailTokens {
    Table,
    TokenDigest,
    AccountId,
    Purpose,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Action,
    Object,
    Detail,
}

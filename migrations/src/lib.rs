//! The tenant schema. Every province database runs the same migrations; `doeners migrate` applies them to each.
//!
//! The federation database (the Flanders administrators' accounts, sessions and audit log, and the
//! Flanders-wide search log) is made of the same tables, so it runs the subset of these migrations that
//! creates them: `FederationMigrator`.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_organisations_offers_outbox;
mod m20261126_000002_outbox_transaction_id;
mod m20261126_000003_search_log;
mod m20261126_000004_accounts_sessions_audit;
mod m20261126_000005_companies;
mod m20261126_000006_offer_status_api_tokens;
mod m20261126_000007_email_change;
mod m20261201_000008_mail_outbox_search_source;
mod m20261201_000009_outbox_messages;
mod m20261202_000010_collaboration;
mod m20261202_000011_mail_unsubscribe;
mod m20261203_000012_evaluation;
mod m20261204_000013_saved;
mod m20261204_000014_organisation_details;
mod m20261204_000015_organisation_photos;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_organisations_offers_outbox::Migration),
            Box::new(m20261126_000002_outbox_transaction_id::Migration),
            Box::new(m20261126_000003_search_log::Migration),
            Box::new(m20261126_000004_accounts_sessions_audit::Migration),
            Box::new(m20261126_000005_companies::Migration),
            Box::new(m20261126_000006_offer_status_api_tokens::Migration),
            Box::new(m20261126_000007_email_change::Migration),
            Box::new(m20261201_000008_mail_outbox_search_source::Migration),
            Box::new(m20261201_000009_outbox_messages::Migration),
            Box::new(m20261202_000010_collaboration::Migration),
            Box::new(m20261202_000011_mail_unsubscribe::Migration),
            Box::new(m20261203_000012_evaluation::Migration),
            Box::new(m20261204_000013_saved::Migration),
            Box::new(m20261204_000014_organisation_details::Migration),
            Box::new(m20261204_000015_organisation_photos::Migration),
        ]
    }
}

pub struct FederationMigrator;

#[async_trait::async_trait]
impl MigratorTrait for FederationMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000003_search_log::Migration),
            Box::new(m20261126_000004_accounts_sessions_audit::Migration),
            Box::new(m20261126_000007_email_change::Migration),
            Box::new(m20261201_000008_mail_outbox_search_source::Migration),
            Box::new(m20261202_000011_mail_unsubscribe::Migration),
            Box::new(m20261203_000012_evaluation::FederationMigration),
        ]
    }
}

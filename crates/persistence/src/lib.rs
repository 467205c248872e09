//! Tenant databases and everything stored in them: organisations, offers, the outbox, import and demo data,
//! accounts, sessions and the audit log.
//!
//! Every query here runs on one `TenantDatabase`, so no function can mix two provinces' rows.

mod accounts;
mod activity;
mod api_tokens;
mod audit;
pub mod backup;
mod catalogue;
mod change_feed;
mod database_url;
mod editing;
pub mod entities;
mod error;
mod evaluation;
mod exchanges;
mod federation;
mod good_practices;
mod handle;
pub mod import;
mod mail_outbox;
mod membership;
mod notifications;
mod organisation_details;
mod outbox;
mod personal_data;
mod photos;
mod postgres_admin;
mod records;
mod relay_store;
mod rollups;
mod saved;
mod search_log;
mod secrets;
mod seed;
mod sessions;
mod steps;
mod tenant_databases;
mod upsert;

pub use accounts::{AccountRecord, NewAccount, TokenPurpose};
pub use activity::SeedCompany;
pub use api_tokens::ApiTokenInfo;
pub use audit::AuditEntry;
pub use catalogue::{OfferListing, OrganisationFilter, Page, Paged};
pub use change_feed::{Change, FeedPosition};
pub use database_url::DatabaseLocation;
pub use editing::{AdminSearch, OwnOffer, Taken};
pub use error::{PersistenceError, Result};
pub use evaluation::{
    AgreedGroup, AnswerGroup, CompanyRow, DayTotal, FactGroup, OfferRow, OrganisationRow,
    ProvinceRaw,
};
pub use exchanges::{ExchangeRow, RouteRow, StepRow};
pub use federation::{FEDERATION, FederationDatabase};
pub use good_practices::GoodPractice;
pub use handle::Handle;
pub use mail_outbox::QueuedMail;
pub use membership::Applicant;
pub use notifications::{NotificationPreference, PendingNotification};
pub use photos::PhotoInfo;
pub use relay_store::OutgoingMessage;
pub use rollups::{RollupSnapshot, brussels_day, facts_of, normalised_query};
pub use saved::{SavedOrganisation, SavedSearch};
pub use search_log::{PageView, SearchCounts, SearchLogEntry, SearchSource, ViewKind};
pub use sessions::{ActiveSession, OpenedSession, SessionPolicy};
pub use steps::{standing_of, step_of};
pub use tenant_databases::{Database, PoolSettings, TenantDatabase, TenantTx, Transaction};
pub use upsert::{Batch, BatchOffer, BatchOrganisation, UpsertSummary};

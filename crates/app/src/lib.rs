//! The use cases of doeners: one function per thing a person or a worker does. Each takes the caller and input
//! that is already parsed, asks `doeners_domain::access::decide` where the action is not public, and runs one
//! transaction across the repositories it needs: the change, its outbox rows, its audit entry and its outgoing
//! mail commit together or not at all. The portal pages, the API, the command line and (later) the relay's
//! receiving side call these functions; they do not write to the repositories themselves.
//!
//! Beside the use cases live the workers they feed: the `Postman` (outgoing mail) and the search log writer.

pub mod accounts;
mod allow;
pub mod audit_story;
pub mod catalogue;
pub mod collaboration;
mod error;
pub mod evaluation;
pub mod letters;
pub mod mail;
pub mod offers;
pub mod organisations;
pub mod own_account;
pub mod passwords;
pub mod photos;
pub mod province_admins;
mod realm;
pub mod review;
pub mod saved;
pub mod search_log;
mod services;
pub mod sessions;
mod tenant;
mod throttled_logins;
mod via;

pub use error::AppError;
pub use realm::{Federation, Realm};
pub use services::{Bell, Links, Services};
pub use tenant::Tenant;
pub use throttled_logins::ThrottleLog;
pub use via::Via;

/// What the use cases read and return, as the repositories store it.
pub mod records {
    pub use doeners_persistence::{
        AccountRecord, ActiveSession, AdminSearch, ApiTokenInfo, Applicant, AuditEntry,
        ExchangeRow, FEDERATION, GoodPractice, OfferListing, OpenedSession, OrganisationFilter,
        OwnOffer, Page, PageView, Paged, PersistenceError, PhotoInfo, SavedOrganisation,
        SavedSearch, SearchCounts, SearchLogEntry, SearchSource, SessionPolicy, StepRow, Taken,
        TokenPurpose, ViewKind,
    };
}

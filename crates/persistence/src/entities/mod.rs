//! sea-orm entities of the tenant schema (see the `doeners-migrations` crate).

pub mod account;
pub mod api_token;
pub mod audit_log;
pub mod company;
pub mod email_token;
pub mod mail_outbox;
pub mod offer;
pub mod organisation;
pub mod outbox;
pub mod search_log;
pub mod session;

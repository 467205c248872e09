//! sea-orm entities of the tenant schema (see the `doeners-migrations` crate).

pub mod account;
pub mod api_token;
pub mod audit_log;
pub mod company;
pub mod company_day;
pub mod daily_count;
pub mod email_token;
pub mod exchange;
pub mod exchange_event;
pub mod exchange_fact;
pub mod exchange_route;
pub mod good_practice;
pub mod inbox;
pub mod mail_outbox;
pub mod notification;
pub mod notification_setting;
pub mod offer;
pub mod organisation;
pub mod organisation_day;
pub mod outbox;
pub mod page_view;
pub mod rollups_built;
pub mod scheduled_run;
pub mod search_log;
pub mod session;

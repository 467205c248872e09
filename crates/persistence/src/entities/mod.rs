//! sea-orm entities of the tenant schema (see the `doeners-migrations` crate).

pub mod offer;
pub mod organisation;
pub mod outbox;
pub mod search_log;

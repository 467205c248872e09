//! From a match to a contract: contact requests, questions and suggestions, their notifications, the relay
//! that carries their steps between provinces, and the scheduler that sends reminders, further batches, the
//! outcome question and digests.
//!
//! An exchange lives in every province that holds one of its parties, under one id. A use case writes the step
//! in its own province and, in the same transaction, a message for each other province concerned; the relay
//! delivers it there (`receive`), once, in order per exchange. Notifications go to the people of the province
//! that applies the step, so mail is always sent from the database that knows the recipient.

pub mod contact_requests;
mod erasure;
pub mod good_practices;
mod notify;
pub mod oversight;
mod parties;
pub mod preferences;
pub mod questions;
mod receive;
mod relay;
mod rules;
pub mod scheduler;
mod steps;
mod thread;
mod wire;

pub(crate) use erasure::erase_company;
pub use receive::{Received, receive};
pub use relay::{Relay, RelayPass};
pub use rules::Rules;
pub use scheduler::Scheduler;
pub use steps::{standing_of, step_of};
pub use thread::{Summary, Thread};

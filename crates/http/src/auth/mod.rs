//! Who is asking: the caller resolved from a session cookie or an API token (`guard`), and the session cookie
//! itself (`session`).

pub mod guard;
pub mod session;

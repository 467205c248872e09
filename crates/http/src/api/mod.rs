//! The JSON API: the public catalogue and search for anyone, and the write API for organisations' members
//! and province administrators, and contact requests and questions between companies and organisations, signed
//! in with an API token.

pub mod bodies;
mod domain_values;
pub mod dto;
pub(crate) mod exchanges;
pub(crate) mod offers;
pub mod openapi;
pub(crate) mod organisations;
pub(crate) mod reference;
pub mod search;
pub(crate) mod writes;

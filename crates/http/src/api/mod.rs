//! The JSON API: the public catalogue and search for anyone, and the write API for organisations' members
//! and province administrators, signed in with an API token.

pub mod bodies;
mod domain_values;
pub mod dto;
mod offers;
pub mod openapi;
mod organisations;
mod reference;
pub mod search;
mod writes;

use crate::{error::ApiError, routes::Table};

const ORGANISATION: &str = "/v1/tenants/{tenant}/organisations/{slug}";
const OFFERS: &str = "/v1/tenants/{tenant}/organisations/{slug}/offers";
const OFFER: &str = "/v1/tenants/{tenant}/organisations/{slug}/offers/{id}";

pub fn routes() -> Table {
    Table::new()
        .get("/openapi.json", openapi::document)
        .get("/docs", openapi::page)
        .get("/v1/tenants", reference::list_tenants)
        .get("/v1/categories", reference::list_categories)
        .get("/v1/tenants/{tenant}/organisations", organisations::list)
        .post(
            "/v1/tenants/{tenant}/organisations",
            writes::create_organisation,
        )
        .get(ORGANISATION, organisations::show)
        .put(ORGANISATION, writes::update_organisation)
        .post(
            &format!("{ORGANISATION}/publish"),
            writes::publish_organisation,
        )
        .post(
            &format!("{ORGANISATION}/withdraw"),
            writes::withdraw_organisation,
        )
        .get(OFFERS, writes::list_offers)
        .post(OFFERS, writes::create_offer)
        .put(OFFER, writes::update_offer)
        .post(&format!("{OFFER}/publish"), writes::publish_offer)
        .post(&format!("{OFFER}/withdraw"), writes::withdraw_offer)
        .get("/v1/tenants/{tenant}/offers", offers::list)
        .get("/v1/search", search::search)
        .map_router(|r| r.fallback(|| async { ApiError::route_not_found() }))
}

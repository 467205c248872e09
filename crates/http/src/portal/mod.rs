//! The portals and the Flanders-wide pages: server-rendered Dutch HTML that works without JavaScript. One file
//! per page or form.

pub(crate) mod account;
pub(crate) mod account_settings;
pub(crate) mod api_tokens;
pub(crate) mod buying_social;
pub(crate) mod collaboration_admin;
pub(crate) mod flanders;
pub(crate) mod good_practices;
pub(crate) mod manage;
pub(crate) mod notifications;
pub(crate) mod offers;
pub(crate) mod organisation;
pub(crate) mod password_reset;
pub(crate) mod personal_data;
pub(crate) mod photos;
pub(crate) mod province;
pub(crate) mod questions;
pub(crate) mod register_organisation;
pub(crate) mod requests;
pub(crate) mod result_groups;
pub(crate) mod review;
pub(crate) mod saved;
pub(crate) mod search;
pub(crate) mod statements;

use axum::response::Redirect;

pub(crate) use crate::html::{
    Failure, Fields, PageError, PortalTenant, error, field, fieldsets, layout, widgets,
};

/// `/limburg` to `/limburg/`: only for a province of the platform, and only to that province's own path, so
/// the route cannot send anyone elsewhere.
pub(crate) async fn portal_root(PortalTenant(tenant): PortalTenant) -> Redirect {
    Redirect::permanent(&format!("/{}/", tenant.profile.slug))
}

//! Who an exchange's parties are, which side a caller takes in it, and which provinces a step must reach.

use doeners_domain::{
    Message, OrganisationId, Sender, TenantSlug,
    access::{Action, Caller, Decision, Object},
    exchange::Side,
};
use doeners_persistence::{ExchangeRow, RouteRow, TenantTx};
use uuid::Uuid;

use super::wire::Wire;
use crate::{AppError, Tenant, allow::allow};

/// The side `caller` takes in `exchange` on `tenant`'s database, and for an organisation which one; a caller
/// who is no party is answered as if the exchange did not exist.
pub(crate) fn side_of(
    tenant: &Tenant,
    caller: Option<&Caller>,
    exchange: &ExchangeRow,
    routes: &[RouteRow],
) -> Result<(Side, Option<OrganisationId>), AppError> {
    let here = tenant.slug();
    if let Some(org) = caller.and_then(|c| c.role.organisation()) {
        let addressed = exchange.organisation_id == Some(org.as_uuid())
            && exchange.organisation_province.as_deref() == Some(here);
        let routed = routes
            .iter()
            .any(|r| r.organisation_id == org.as_uuid() && r.organisation_province == here);
        if addressed || routed {
            let object = Object {
                province: Some(tenant.profile.slug.clone()),
                organisation: Some(org),
                account: None,
            };
            if allow(caller, Action::TakePart, &object).is_ok() {
                return Ok((Side::Organisation, Some(org)));
            }
        }
    }
    if exchange.company_province == here {
        let object = Object {
            province: Some(tenant.profile.slug.clone()),
            organisation: None,
            account: exchange
                .company_account
                .map(doeners_domain::AccountId::from_uuid),
        };
        allow(caller, Action::TakePart, &object)?;
        return Ok((Side::Company, None));
    }
    Err(AppError::Refused(if caller.is_some() {
        Decision::Hidden
    } else {
        Decision::SignIn
    }))
}

/// The provinces other than `here` that a step must reach: a step about one organisation goes to the company
/// and that organisation; a step about the whole exchange to every province that holds a party.
pub(crate) fn destinations(
    here: &str,
    exchange: &ExchangeRow,
    routes: &[RouteRow],
    about: Option<Uuid>,
) -> Vec<String> {
    let mut provinces = vec![exchange.company_province.clone()];
    match about {
        Some(org) => provinces.extend(
            routes
                .iter()
                .filter(|r| r.organisation_id == org)
                .map(|r| r.organisation_province.clone())
                .chain(
                    exchange
                        .organisation_province
                        .clone()
                        .filter(|_| exchange.organisation_id == Some(org)),
                ),
        ),
        None => provinces.extend(
            routes
                .iter()
                .map(|r| r.organisation_province.clone())
                .chain(exchange.organisation_province.clone()),
        ),
    }
    provinces.sort();
    provinces.dedup();
    provinces.retain(|p| p != here);
    provinces
}

/// The sender a message of `caller` carries, for the receiving province to decide what it may do there.
pub(crate) fn sender(tenant: &Tenant, caller: &Caller) -> Sender {
    Sender {
        province: tenant.profile.slug.clone(),
        account: caller.account,
        role: caller.role.clone(),
    }
}

/// Puts `wire` in the outbox for `destination`, on the use case's transaction.
pub(crate) async fn tell(
    tx: &TenantTx,
    destination: &str,
    conversation: Uuid,
    sender: &Sender,
    wire: &Wire,
) -> Result<(), AppError> {
    let destination = TenantSlug::parse(destination).map_err(|e| {
        AppError::Persistence(doeners_persistence::PersistenceError::Corrupt(
            e.to_string(),
        ))
    })?;
    let payload = serde_json::to_string(wire).map_err(|e| {
        AppError::Persistence(doeners_persistence::PersistenceError::Corrupt(
            e.to_string(),
        ))
    })?;
    tx.send_message(&Message {
        id: Uuid::now_v7(),
        destination,
        conversation,
        sender: sender.clone(),
        kind: wire.kind().to_string(),
        payload,
    })
    .await?;
    Ok(())
}

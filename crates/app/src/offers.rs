//! An organisation's offers, changed one at a time by its members or the province's administrators, through
//! the portal or the API: the change, its outbox row (the index follows) and its audit entry in one transaction.

use doeners_domain::{
    OfferDraft, OfferId, OfferStatus, Organisation,
    access::{Action, Caller, Object},
};
use doeners_persistence::{OwnOffer, Taken};

use crate::{AppError, Tenant, Via, allow::allow};

pub(crate) fn may_edit(
    tenant: &Tenant,
    caller: Option<&Caller>,
    org: &Organisation,
) -> Result<(), AppError> {
    let object = Object {
        province: Some(tenant.profile.slug.clone()),
        organisation: Some(org.id),
        account: None,
    };
    allow(caller, Action::EditOrganisation, &object)
}

/// Replaces `offer`'s text and fields and sets its status; `Err(Taken)` when the organisation already has an
/// offer with the new title.
pub async fn edit_offer(
    tenant: &Tenant,
    caller: Option<&Caller>,
    via: Via,
    org: &Organisation,
    offer: &OwnOffer,
    draft: &OfferDraft,
    status: OfferStatus,
) -> Result<Result<(), Taken>, AppError> {
    may_edit(tenant, caller, org)?;
    let tx = tenant.db.begin().await?;
    if let Err(taken) = tx.update_offer(org.id, offer, draft, status).await? {
        return Ok(Err(taken));
    }
    tx.audit(
        caller.map(|c| c.account),
        "offer.edited",
        &format!("offer:{}", offer.offer.id),
        via.detail(),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Every offer of `org`, withdrawn ones too, for the people who manage it.
pub async fn offers_of(tenant: &Tenant, org: &Organisation) -> Result<Vec<OwnOffer>, AppError> {
    Ok(tenant.db.offers_of(org.id).await?)
}

/// One offer of `org`.
pub async fn offer_of(
    tenant: &Tenant,
    org: &Organisation,
    id: OfferId,
) -> Result<Option<OwnOffer>, AppError> {
    Ok(tenant.db.offer_of(org.id, id).await?)
}

/// A new offer of `org`, published at once; `Err(Taken)` when it already has one with this title.
pub async fn create_offer(
    tenant: &Tenant,
    caller: Option<&Caller>,
    via: Via,
    org: &Organisation,
    draft: &OfferDraft,
) -> Result<Result<OfferId, Taken>, AppError> {
    may_edit(tenant, caller, org)?;
    let tx = tenant.db.begin().await?;
    let id = match tx.create_offer(org.id, draft).await? {
        Ok(id) => id,
        Err(taken) => return Ok(Err(taken)),
    };
    tx.audit(
        caller.map(|c| c.account),
        "offer.created",
        &format!("offer:{id}"),
        via.detail(),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Publishes or withdraws `offer`; its text stays.
pub async fn set_offer_status(
    tenant: &Tenant,
    caller: Option<&Caller>,
    via: Via,
    org: &Organisation,
    offer: &OwnOffer,
    status: OfferStatus,
) -> Result<(), AppError> {
    may_edit(tenant, caller, org)?;
    let tx = tenant.db.begin().await?;
    // A title cannot clash with itself, so the status change always lands.
    let _ = tx
        .update_offer(org.id, offer, &offer.offer.draft, status)
        .await?;
    let action = match status {
        OfferStatus::Published => "offer.published",
        OfferStatus::Withdrawn => "offer.withdrawn",
    };
    tx.audit(
        caller.map(|c| c.account),
        action,
        &format!("offer:{}", offer.offer.id),
        via.detail(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

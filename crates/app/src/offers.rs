//! An organisation's offers, changed one at a time by its members or the province's administrators, through
//! the portal or the API: the change, its outbox row (the index follows) and its audit entry in one transaction.

use doeners_domain::{
    OfferDraft, OfferStatus, Organisation,
    access::{Action, Caller, Decision, Object, decide},
};
use doeners_persistence::{OwnOffer, Taken};

use crate::{AppError, Tenant};

/// Which face the change came through, for the audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Portal,
    Api,
}

impl Via {
    fn detail(self) -> serde_json::Value {
        match self {
            Self::Portal => serde_json::json!({}),
            Self::Api => serde_json::json!({ "via": "api" }),
        }
    }
}

fn may_edit(tenant: &Tenant, caller: Option<&Caller>, org: &Organisation) -> Result<(), AppError> {
    let object = Object {
        province: Some(tenant.profile.slug.clone()),
        organisation: Some(org.id),
        account: None,
    };
    match decide(caller, Action::EditOrganisation, &object) {
        Decision::Allow => Ok(()),
        refused => Err(AppError::Refused(refused)),
    }
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

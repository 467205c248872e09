//! A province administrator's answer to an applicant: approval makes the account a member and publishes a new
//! organisation; refusal removes the account (and the draft no one else belongs to). Either way the applicant
//! is told, and the audit log says who decided, all in one transaction.

use doeners_domain::{
    AccountId,
    access::{Action, Caller},
};
use doeners_persistence::Applicant;

use crate::{
    AppError, Services, Tenant,
    allow::{allow, province},
    letters, mail,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    /// With the reason the applicant is told, in the administrator's words.
    Refuse {
        reason: String,
    },
}

/// `Ok(false)` when the account is not (or no longer) a waiting applicant.
pub async fn decide_application(
    services: &Services,
    tenant: &Tenant,
    caller: Option<&Caller>,
    applicant: AccountId,
    verdict: Verdict,
) -> Result<bool, AppError> {
    allow(caller, Action::ReviewRegistrations, &province(tenant))?;
    let tx = tenant.db.begin().await?;
    let refused = matches!(verdict, Verdict::Refuse { .. });
    let (letter, action) = match &verdict {
        Verdict::Approve => {
            let Some(account) = tx.account(applicant).await? else {
                return Ok(false);
            };
            let Some(org) = tx.approve_applicant(applicant).await? else {
                return Ok(false);
            };
            (
                letters::application_approved(
                    &services.links,
                    &tenant.profile,
                    &account.email,
                    &org.draft.name,
                    org.slug.as_str(),
                ),
                "applicant.approved",
            )
        }
        Verdict::Refuse { reason } => {
            let Some(email) = tx.refuse_applicant(applicant).await? else {
                return Ok(false);
            };
            (
                letters::application_refused(&tenant.profile, &email, reason),
                "applicant.refused",
            )
        }
    };
    tx.audit(
        caller.map(|c| c.account),
        action,
        &format!("account:{applicant}"),
        serde_json::json!({}),
    )
    .await?;
    mail::queue(&tx, &letter).await?;
    tx.commit().await?;
    if refused && let Err(e) = tenant.db.forget_deleted().await {
        // The refusal stands; the server's regular checkpoint copies the log back later.
        tracing::warn!(tenant = tenant.slug(), error = %e, "write-ahead log not emptied after a refusal");
    }
    services.mail.ring();
    Ok(true)
}

/// Verified applicants waiting for the province's answer, oldest first.
pub async fn applicants(tenant: &Tenant) -> Result<Vec<Applicant>, AppError> {
    Ok(tenant.db.applicants().await?)
}

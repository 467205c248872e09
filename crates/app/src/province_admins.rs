//! Province administrators, managed by Flanders administrators from the console.

use doeners_domain::{AccountId, Email, access::Role};
use doeners_persistence::{NewAccount, TenantDatabase, TokenPurpose};

use crate::{AppError, Services, Tenant, accounts::VERIFY_FOR, letters, mail};

/// Creates a province administrator of `tenant` without a password, and queues the invitation whose link lets
/// them choose one (which also verifies the address). `Ok(None)` when the address already has an account there.
///
/// Two databases are written, in this order: the province's (account, token, audit entry and invitation, in one
/// transaction), then the federation's audit entry of the inviting Flanders administrator. If the second write
/// fails, the invitation stands and the province's own entry names the inviter, so nothing is hidden; the error
/// is returned so the administrator sees it.
pub async fn invite(
    services: &Services,
    tenant: &Tenant,
    federation: &TenantDatabase,
    inviter: AccountId,
    email: &Email,
) -> Result<Option<AccountId>, AppError> {
    let tx = tenant.db.begin().await?;
    // No password yet ("!" matches none).
    let Some(id) = tx
        .create_account(&NewAccount {
            email: email.clone(),
            password_hash: "!".to_string(),
            role: Role::ProvinceAdmin,
            company: None,
        })
        .await?
    else {
        return Ok(None);
    };
    let token = tx
        .issue_email_token(id, TokenPurpose::ResetPassword, VERIFY_FOR)
        .await?;
    tx.audit(
        None,
        "province-admin.created",
        &format!("account:{id}"),
        serde_json::json!({ "flanders_admin": inviter.to_string() }),
    )
    .await?;
    mail::queue(
        &tx,
        &letters::province_admin_invitation(&services.links, &tenant.profile, email, &token),
    )
    .await?;
    tx.commit().await?;
    services.mail.ring();
    federation
        .audit(
            Some(inviter),
            "province-admin.created",
            &format!("{}/account:{id}", tenant.slug()),
            serde_json::json!({}),
        )
        .await?;
    Ok(Some(id))
}

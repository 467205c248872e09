//! Accounts of a province's portal: a company registering, and the messages that follow a registration, a
//! forgotten password and an address change.

use std::time::Duration;

use doeners_domain::{AccountId, CompanyProfile, Email, Password, access::Role};
use doeners_persistence::{NewAccount, TenantDatabase, TokenPurpose};

use crate::{AppError, Services, Tenant, letters, mail, passwords};

pub const VERIFY_FOR: Duration = Duration::from_secs(48 * 60 * 60);
pub const RESET_FOR: Duration = Duration::from_secs(60 * 60);
pub const CHANGE_EMAIL_FOR: Duration = Duration::from_secs(24 * 60 * 60);

/// A company's registration, parsed.
#[derive(Debug)]
pub struct CompanyRegistration {
    pub email: Email,
    pub password: Password,
    pub profile: CompanyProfile,
}

/// Registers a company account and queues the link that verifies its address, in one transaction. An address
/// that already has an account changes nothing; its owner gets a message saying so, and the caller answers the
/// same either way, so the form reveals no one's address.
pub async fn register_company(
    services: &Services,
    tenant: &Tenant,
    registration: CompanyRegistration,
) -> Result<(), AppError> {
    let password_hash = passwords::hash(registration.password)
        .await
        .map_err(AppError::Hash)?;
    let tx = tenant.db.begin().await?;
    let created = tx
        .create_account(&NewAccount {
            email: registration.email.clone(),
            password_hash,
            role: Role::Company,
            company: Some(registration.profile),
        })
        .await?;
    welcome(services, tenant, &tx, &registration.email, created).await?;
    tx.commit().await?;
    services.mail.ring();
    Ok(())
}

/// Inside the caller's transaction `tx`: for a new account (`created`), a verification link and its audit
/// entry; for an address that already had one, a message to its owner.
pub(crate) async fn welcome(
    services: &Services,
    tenant: &Tenant,
    tx: &TenantDatabase,
    email: &Email,
    created: Option<AccountId>,
) -> Result<(), AppError> {
    let letter = match created {
        Some(account) => {
            let token = tx
                .issue_email_token(account, TokenPurpose::VerifyEmail, VERIFY_FOR)
                .await?;
            tx.audit(
                Some(account),
                "account.registered",
                &format!("account:{account}"),
                serde_json::json!({}),
            )
            .await?;
            letters::verify_address(&services.links, &tenant.profile, email, &token)
        }
        None => letters::already_registered(&services.links, &tenant.profile, email),
    };
    mail::queue(tx, &letter).await
}

/// Sends a link to choose a new password to the account with `email`, if there is an active one; answers
/// nothing either way, so the form reveals no one's address.
pub async fn request_password_reset(
    services: &Services,
    tenant: &Tenant,
    email: &Email,
) -> Result<(), AppError> {
    let tx = tenant.db.begin().await?;
    let Some(account) = tx.account_by_email(email).await?.filter(|a| !a.suspended) else {
        return Ok(());
    };
    let token = tx
        .issue_email_token(account.id, TokenPurpose::ResetPassword, RESET_FOR)
        .await?;
    mail::queue(
        &tx,
        &letters::password_reset(&services.links, &tenant.profile, &account.email, &token),
    )
    .await?;
    tx.audit(
        Some(account.id),
        "password.reset_requested",
        &format!("account:{}", account.id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    services.mail.ring();
    Ok(())
}

/// Sends a link that makes `new_email` the address of `account`, and warns the current address; the caller
/// has checked the current password.
pub async fn request_email_change(
    services: &Services,
    tenant: &Tenant,
    account: AccountId,
    current_email: &Email,
    new_email: &Email,
) -> Result<(), AppError> {
    let tx = tenant.db.begin().await?;
    let token = tx
        .issue_email_change_token(account, new_email, CHANGE_EMAIL_FOR)
        .await?;
    mail::queue(
        &tx,
        &letters::confirm_new_address(&services.links, &tenant.profile, new_email, &token),
    )
    .await?;
    mail::queue(&tx, &letters::address_change_notice(current_email)).await?;
    tx.audit(
        Some(account),
        "email.change-requested",
        &format!("account:{account}"),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    services.mail.ring();
    Ok(())
}

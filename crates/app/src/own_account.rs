//! What a signed-in person does with their own account: its page, links from mail, password and company
//! changes, API tokens, and the export and deletion of their data.

use doeners_domain::{AccountId, CompanyProfile, Organisation, Password};
use doeners_persistence::{AccountRecord, ApiTokenInfo, OpenedSession, TokenPurpose};

use crate::{AppError, Tenant, passwords, sessions::audit_account};

/// What the account page shows besides the session's account.
#[derive(Debug)]
pub struct Overview {
    pub company: Option<CompanyProfile>,
    pub organisation: Option<Organisation>,
    pub tokens: Vec<ApiTokenInfo>,
}

pub async fn overview(tenant: &Tenant, account: &AccountRecord) -> Result<Overview, AppError> {
    let db = &tenant.db;
    let organisation = match account.role.organisation() {
        Some(id) => db.organisation_by_id(id).await?,
        None => None,
    };
    Ok(Overview {
        company: db.company(account.id).await?,
        organisation,
        tokens: db.api_tokens_of(account.id).await?,
    })
}

/// Follows a link from an e-mail: spends its token for `purpose` and records `action`; `false` for a spent,
/// expired or unknown link.
pub async fn follow_link(
    tenant: &Tenant,
    token: &str,
    purpose: TokenPurpose,
    action: &str,
) -> Result<bool, AppError> {
    let tx = tenant.db.begin().await?;
    let Some(account) = tx.redeem_email_token(token, purpose).await? else {
        return Ok(false);
    };
    audit_account(&tx, account, action).await?;
    tx.commit().await?;
    Ok(true)
}

/// Sets the password chosen through a reset link; `false` when the link does not work (nothing is spent).
pub async fn reset_password(
    tenant: &Tenant,
    token: &str,
    password: Password,
) -> Result<bool, AppError> {
    let tx = tenant.db.begin().await?;
    let Some(account) = tx
        .redeem_email_token(token, TokenPurpose::ResetPassword)
        .await?
    else {
        return Ok(false);
    };
    let hash = passwords::hash(password).await.map_err(AppError::Hash)?;
    tx.set_password_hash(account, &hash).await?;
    audit_account(&tx, account, "password.reset").await?;
    tx.commit().await?;
    Ok(true)
}

/// A new password for `account` (the caller checked the current one): every session and API token ends, and
/// this browser gets the new session returned.
pub async fn change_password(
    tenant: &Tenant,
    account: AccountId,
    password: Password,
) -> Result<OpenedSession, AppError> {
    let hash = passwords::hash(password).await.map_err(AppError::Hash)?;
    let tx = tenant.db.begin().await?;
    tx.set_password_hash(account, &hash).await?;
    let opened = tx.open_session(account).await?;
    audit_account(&tx, account, "password.changed").await?;
    tx.commit().await?;
    Ok(opened)
}

/// Whether `candidate` is `account`'s password.
pub async fn password_matches(account: &AccountRecord, candidate: &str) -> bool {
    passwords::verify(Some(account.password_hash.clone()), candidate.to_string()).await
}

/// Replaces the company profile; `false` when the account has none.
pub async fn change_company(
    tenant: &Tenant,
    account: AccountId,
    profile: &CompanyProfile,
) -> Result<bool, AppError> {
    let tx = tenant.db.begin().await?;
    if !tx.update_company(account, profile).await? {
        return Ok(false);
    }
    audit_account(&tx, account, "company.edited").await?;
    tx.commit().await?;
    Ok(true)
}

/// Everything kept about the account, as one JSON document; `None` when it was deleted meanwhile.
pub async fn export(
    tenant: &Tenant,
    account: AccountId,
) -> Result<Option<serde_json::Value>, AppError> {
    let tx = tenant.db.begin().await?;
    let Some(data) = tx.personal_data(account).await? else {
        return Ok(None);
    };
    audit_account(&tx, account, "account.exported").await?;
    tx.commit().await?;
    Ok(Some(data))
}

/// Deletes the account and what it owns (the caller checked the password). The audit entry names no one.
pub async fn delete(
    tenant: &Tenant,
    account: AccountId,
    actor: Option<AccountId>,
    action: &str,
    object: &str,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    let db = &tenant.db;
    let tx = db.begin().await?;
    let erased_in = crate::collaboration::erase_company(&tx, tenant, account).await?;
    tx.delete_account(account).await?;
    let mut detail = detail;
    if !erased_in.is_empty()
        && let Some(map) = detail.as_object_mut()
    {
        // GDPR Art. 19: the provinces that held a copy of the company's exchanges are told to erase it too.
        map.insert("erasure_sent_to".to_string(), serde_json::json!(erased_in));
    }
    tx.audit(actor, action, object, detail).await?;
    tx.commit().await?;
    // The removed address leaves no copy in SQLite's write-ahead log.
    if let Err(e) = db.forget_deleted().await {
        tracing::warn!(tenant = tenant.slug(), error = %e, "write-ahead log not emptied after a deletion");
    }
    Ok(())
}

/// Deletes one's own account.
pub async fn delete_own(tenant: &Tenant, account: AccountId) -> Result<(), AppError> {
    delete(
        tenant,
        account,
        None,
        "account.deleted",
        &format!("account:{account}"),
        serde_json::json!({}),
    )
    .await
}

/// A new API token named `name`: its id and its secret, shown once.
pub async fn create_api_token(
    tenant: &Tenant,
    account: AccountId,
    name: &str,
) -> Result<(uuid::Uuid, String), AppError> {
    let tx = tenant.db.begin().await?;
    let (id, secret) = tx.create_api_token(account, name).await?;
    tx.audit(
        Some(account),
        "api-token.created",
        &format!("api-token:{id}"),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok((id, secret))
}

/// Revokes `account`'s token `id`; `false` when it has no such token.
pub async fn revoke_api_token(
    tenant: &Tenant,
    account: AccountId,
    id: uuid::Uuid,
) -> Result<bool, AppError> {
    let tx = tenant.db.begin().await?;
    if !tx.revoke_api_token(account, id).await? {
        return Ok(false);
    }
    tx.audit(
        Some(account),
        "api-token.revoked",
        &format!("api-token:{id}"),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The account an API token belongs to, in the token's province.
pub async fn by_api_token(tenant: &Tenant, token: &str) -> Result<Option<AccountRecord>, AppError> {
    Ok(tenant.db.account_by_api_token(token).await?)
}

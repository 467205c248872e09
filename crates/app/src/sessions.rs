//! Signing in and out, and the session a request's cookie names.

use doeners_domain::{AccountId, Email};
use doeners_persistence::{AccountRecord, ActiveSession, OpenedSession, SessionPolicy};

use crate::{AppError, Realm, passwords};

/// How a sign-in ended.
#[derive(Debug)]
pub enum SignIn {
    Opened {
        account: AccountRecord,
        session: OpenedSession,
    },
    /// No active account with this address and password (or one `admit` refuses): the same answer either way.
    Refused,
    /// The right password, but the address was never confirmed.
    Unverified,
}

/// Checks `password` for the account with `email` in `realm` (a decoy hash when there is none, so the time
/// taken tells nothing), and opens a session when it matches and `admit` accepts the account. Either way the
/// audit log says so.
pub async fn sign_in(
    realm: Realm<'_>,
    email: Option<&Email>,
    password: &str,
    admit: impl Fn(&AccountRecord) -> bool,
) -> Result<SignIn, AppError> {
    let db = realm.db();
    let account = match email {
        Some(email) => db.account_by_email(email).await?,
        None => None,
    };
    let matches = passwords::verify(
        account.as_ref().map(|a| a.password_hash.clone()),
        password.to_string(),
    )
    .await;
    let Some(account) = account.filter(|a| matches && !a.suspended && admit(a)) else {
        db.audit(None, "login.failed", "account", serde_json::json!({}))
            .await?;
        return Ok(SignIn::Refused);
    };
    if !account.verified {
        return Ok(SignIn::Unverified);
    }
    let tx = db.begin().await?;
    let session = tx.open_session(account.id).await?;
    audit_account(&tx, account.id, "login").await?;
    tx.commit().await?;
    Ok(SignIn::Opened { account, session })
}

/// Ends the session `id` of `account`.
pub async fn sign_out(realm: Realm<'_>, id: &str, account: AccountId) -> Result<(), AppError> {
    let tx = realm.db().begin().await?;
    tx.close_session(id).await?;
    if matches!(realm, Realm::Province(_)) {
        audit_account(&tx, account, "logout").await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The valid session with `id` in `realm`, if any.
pub async fn active(
    realm: Realm<'_>,
    id: &str,
    policy: &SessionPolicy,
) -> Result<Option<ActiveSession>, AppError> {
    Ok(realm.db().active_session(id, policy).await?)
}

/// An audit entry of `account` about itself.
pub(crate) async fn audit_account(
    db: &doeners_persistence::Database,
    account: AccountId,
    action: &str,
) -> Result<(), AppError> {
    db.audit(
        Some(account),
        action,
        &format!("account:{account}"),
        serde_json::json!({}),
    )
    .await?;
    Ok(())
}

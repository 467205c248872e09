//! Province administrators, managed by Flanders administrators from the console.

use doeners_domain::{AccountId, Email, access::Role};
use doeners_persistence::{AccountRecord, NewAccount, TokenPurpose};

use crate::{AppError, Federation, Services, Tenant, accounts::VERIFY_FOR, letters, mail};

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
    federation: &Federation,
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
        .db()
        .audit(
            Some(inviter),
            "province-admin.created",
            &format!("{}/account:{id}", tenant.slug()),
            serde_json::json!({}),
        )
        .await?;
    Ok(Some(id))
}

/// A province as the console shows it.
#[derive(Debug)]
pub struct ProvinceOverview {
    /// Published organisations, published offers and waiting applicants; `None` when its database did not
    /// answer.
    pub counts: Option<(u64, u64, usize)>,
    pub admins: Vec<AccountRecord>,
}

pub async fn overview(tenant: &Tenant) -> ProvinceOverview {
    let counts = async {
        let (orgs, offers) = tenant.db.published_counts().await?;
        let waiting = tenant.db.applicants().await?.len();
        Ok::<_, doeners_persistence::PersistenceError>((orgs, offers, waiting))
    }
    .await
    .ok();
    let admins = tenant
        .db
        .accounts_with_role(Role::ProvinceAdmin.slug())
        .await
        .unwrap_or_default();
    ProvinceOverview { counts, admins }
}

/// What a Flanders administrator does to a province administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Ends its sessions at once; the account stays.
    Suspend,
    Remove,
}

/// How a change of a province administrator ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    Done,
    /// The account is no province administrator of this province (or none at all).
    NotAnAdministrator,
    /// Neither suspend nor remove was asked.
    NothingAsked,
}

/// Suspends or removes province administrator `target` of `tenant`. Written in the same order as `invite`: the
/// province, then the federation's entry.
pub async fn change(
    tenant: &Tenant,
    federation: &Federation,
    by: AccountId,
    target: AccountId,
    change: Option<Change>,
) -> Result<Changed, AppError> {
    let Some(target) = tenant
        .db
        .account(target)
        .await?
        .filter(|a| a.role == Role::ProvinceAdmin)
    else {
        return Ok(Changed::NotAnAdministrator);
    };
    let Some(change) = change else {
        return Ok(Changed::NothingAsked);
    };
    let detail = serde_json::json!({ "flanders_admin": by.to_string() });
    let object = format!("account:{}", target.id);
    let action = match change {
        Change::Suspend => {
            let tx = tenant.db.begin().await?;
            tx.suspend_account(target.id).await?;
            tx.audit(None, "province-admin.suspended", &object, detail)
                .await?;
            tx.commit().await?;
            "province-admin.suspended"
        }
        Change::Remove => {
            crate::own_account::delete(
                tenant,
                target.id,
                None,
                "province-admin.removed",
                &object,
                detail,
            )
            .await?;
            "province-admin.removed"
        }
    };
    federation
        .db()
        .audit(
            Some(by),
            action,
            &format!("{}/{object}", tenant.slug()),
            serde_json::json!({}),
        )
        .await?;
    Ok(Changed::Done)
}

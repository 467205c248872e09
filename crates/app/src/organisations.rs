//! Organisations: applying for one (registering a new one, a draft the province approves, or claiming one that
//! is already published, with the account that will manage it), and changing one's profile and status.

use doeners_domain::{
    Email, EnterpriseNumber, Organisation, OrganisationDraft, OrganisationStatus, Password,
    access::{Action, Caller, Role},
};
use doeners_persistence::{NewAccount, Page, Paged, Taken};

use crate::{
    AppError, Services, Tenant, Via,
    accounts::welcome,
    allow::{allow, province},
    offers::may_edit,
    passwords,
};

/// What the applicant asks for.
#[derive(Debug)]
pub enum Application {
    /// A new organisation, kept as a draft until the province approves.
    New(OrganisationDraft),
    /// A published organisation the applicant wants to manage.
    Claim(Organisation),
}

/// The published organisation a claim names: an enterprise number, a page address or a slug.
pub async fn claimable(tenant: &Tenant, claim: &str) -> Result<Option<Organisation>, AppError> {
    let found = if let Ok(number) = EnterpriseNumber::parse(claim) {
        tenant.db.organisation_by_enterprise_number(&number).await?
    } else {
        let slug = claim
            .trim()
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        match doeners_domain::Slug::parse(slug) {
            Ok(_) => tenant.db.organisation_by_slug(slug).await?,
            Err(_) => None,
        }
    };
    Ok(found.filter(|o| o.status == OrganisationStatus::Published))
}

/// Whether another organisation of the province already has this enterprise number.
pub async fn number_taken(tenant: &Tenant, number: &EnterpriseNumber) -> Result<bool, AppError> {
    Ok(tenant
        .db
        .organisation_by_enterprise_number(number)
        .await?
        .is_some())
}

/// Registers the applicant's account (and a new organisation's draft) and queues the verification link, in one
/// transaction. An address that already has an account changes nothing; its owner is told, and the caller
/// answers the same. `Err(Taken)` when the enterprise number was taken meanwhile.
pub async fn apply(
    services: &Services,
    tenant: &Tenant,
    email: &Email,
    password: Password,
    application: Application,
) -> Result<Result<(), Taken>, AppError> {
    // Hashed before the address is looked up, so that an address with an account answers after the same work
    // as a new one: the time taken tells no one who has an account.
    let password_hash = passwords::hash(password).await.map_err(AppError::Hash)?;
    let tx = tenant.db.begin().await?;
    if tx.account_by_email(email).await?.is_some() {
        welcome(services, tenant, &tx, email, None).await?;
        tx.commit().await?;
        services.mail.ring();
        return Ok(Ok(()));
    }
    let organisation = match application {
        Application::Claim(org) => org,
        Application::New(draft) => {
            match tx
                .register_organisation(&draft, OrganisationStatus::Draft)
                .await?
            {
                Ok(org) => org,
                Err(taken) => return Ok(Err(taken)),
            }
        }
    };
    let created = tx
        .create_account(&NewAccount {
            email: email.clone(),
            password_hash,
            role: Role::Applicant(organisation.id),
            company: None,
        })
        .await?;
    welcome(services, tenant, &tx, email, created).await?;
    tx.commit().await?;
    services.mail.ring();
    Ok(Ok(()))
}

/// An organisation of the province by its slug, whatever its status: the caller decides what may be seen.
pub async fn by_slug(tenant: &Tenant, slug: &str) -> Result<Option<Organisation>, AppError> {
    Ok(tenant.db.organisation_by_slug(slug).await?)
}

/// Every organisation of the province, drafts and withdrawn ones too: the administrators' list.
pub async fn all(
    tenant: &Tenant,
    page: Page,
    search: &doeners_persistence::AdminSearch,
) -> Result<Paged<Organisation>, AppError> {
    Ok(tenant.db.all_organisations(page, search).await?)
}

/// Replaces `org`'s profile; `Err(Taken)` when another organisation has the enterprise number.
pub async fn edit_profile(
    tenant: &Tenant,
    caller: Option<&Caller>,
    via: Via,
    org: &Organisation,
    draft: &OrganisationDraft,
) -> Result<Result<(), Taken>, AppError> {
    may_edit(tenant, caller, org)?;
    let tx = tenant.db.begin().await?;
    if let Err(taken) = tx.update_organisation(org.id, draft).await? {
        return Ok(Err(taken));
    }
    audit(&tx, caller, via, "organisation.edited", org.id).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// The organisation's capacity, certificates and references (empty when never filled in).
pub async fn details(
    tenant: &Tenant,
    org: doeners_domain::OrganisationId,
) -> Result<doeners_domain::OrganisationDetails, AppError> {
    Ok(tenant.db.details_of(org).await?)
}

/// Replaces the organisation's capacity, certificates and references.
pub async fn edit_details(
    tenant: &Tenant,
    caller: Option<&Caller>,
    via: Via,
    org: &Organisation,
    details: &doeners_domain::OrganisationDetails,
) -> Result<(), AppError> {
    may_edit(tenant, caller, org)?;
    let tx = tenant.db.begin().await?;
    tx.set_details(org.id, details).await?;
    audit(&tx, caller, via, "organisation.details_edited", org.id).await?;
    tx.commit().await?;
    Ok(())
}

/// A published organisation added by the province's administrators.
pub async fn add_published(
    tenant: &Tenant,
    caller: Option<&Caller>,
    via: Via,
    draft: &OrganisationDraft,
) -> Result<Result<Organisation, Taken>, AppError> {
    allow(caller, Action::ReviewRegistrations, &province(tenant))?;
    let tx = tenant.db.begin().await?;
    let org = match tx
        .register_organisation(draft, OrganisationStatus::Published)
        .await?
    {
        Ok(org) => org,
        Err(taken) => return Ok(Err(taken)),
    };
    audit(&tx, caller, via, "organisation.created", org.id).await?;
    tx.commit().await?;
    Ok(Ok(org))
}

/// Publishes or withdraws `org` as a whole.
pub async fn set_status(
    tenant: &Tenant,
    caller: Option<&Caller>,
    via: Via,
    org: &Organisation,
    status: OrganisationStatus,
) -> Result<(), AppError> {
    may_edit(tenant, caller, org)?;
    let tx = tenant.db.begin().await?;
    if org.status != status {
        tx.set_organisation_status(org.id, status).await?;
    }
    let action = match status {
        OrganisationStatus::Published => "organisation.published",
        _ => "organisation.withdrawn",
    };
    audit(&tx, caller, via, action, org.id).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn audit(
    tx: &doeners_persistence::TenantDatabase,
    caller: Option<&Caller>,
    via: Via,
    action: &str,
    org: doeners_domain::OrganisationId,
) -> Result<(), AppError> {
    tx.audit(
        caller.map(|c| c.account),
        action,
        &format!("organisation:{org}"),
        via.detail(),
    )
    .await?;
    Ok(())
}

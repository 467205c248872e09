//! Applying for an organisation: registering a new one (a draft the province approves) or claiming one that is
//! already published, with the account that will manage it.

use doeners_domain::{
    Email, EnterpriseNumber, Organisation, OrganisationDraft, OrganisationStatus, Password,
    access::Role,
};
use doeners_persistence::{NewAccount, Taken};

use crate::{AppError, Services, Tenant, accounts::welcome, passwords};

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

//! Telling the people of this province about a step, as each asked: at once by mail (with a one-click
//! unsubscribe link), in a daily digest, or not at all. Called on the transaction that applies the step, so a
//! notification is sent exactly when the step is stored.

use doeners_domain::{AccountId, OrganisationId, access::Role};
use doeners_persistence::{ExchangeRow, StepRow, TenantTx};

use crate::{AppError, Services, Tenant};

/// The address of `tenant`'s one-click unsubscribe page for `token`.
pub(crate) fn unsubscribe_url(services: &Services, tenant: &Tenant, token: &str) -> String {
    format!(
        "{}/meldingen/uitschrijven?token={token}",
        services.links.portal(tenant.slug())
    )
}

/// Tells `account` (of this province) `subject`, with `body` and a link to `path` on the portal.
pub(crate) async fn tell_account(
    tx: &TenantTx,
    tenant: &Tenant,
    services: &Services,
    account: AccountId,
    subject: &str,
    body: &str,
    path: &str,
) -> Result<(), AppError> {
    let Some(record) = tx.account(account).await? else {
        return Ok(());
    };
    if record.suspended {
        return Ok(());
    }
    let preference = tx.notification_preference(account).await?;
    let link = format!("{}{path}", services.links.portal(tenant.slug()));
    let text = format!("{body}\n\nBekijk het op doeners: {link}\n");
    match preference.frequency.as_str() {
        "off" => Ok(()),
        "daily" => Ok(tx.keep_for_digest(account, subject, &text).await?),
        _ => {
            let unsubscribe = unsubscribe_url(services, tenant, &preference.unsubscribe_token);
            let footer = format!(
                "\n--\nU krijgt dit bericht omdat u meldingen van doeners ontvangt. Meldingen aanpassen: {}/account/meldingen\nMeteen uitschrijven: {unsubscribe}\n",
                services.links.portal(tenant.slug())
            );
            tx.queue_notification_mail(
                &record.email,
                subject,
                &format!("{text}{footer}"),
                Some(&unsubscribe),
            )
            .await?;
            Ok(())
        }
    }
}

/// Tells every member of `organisation` (of this province).
pub(crate) async fn tell_organisation(
    tx: &TenantTx,
    tenant: &Tenant,
    services: &Services,
    organisation: OrganisationId,
    subject: &str,
    body: &str,
    path: &str,
) -> Result<(), AppError> {
    for member in tx.members_of(organisation).await? {
        tell_account(tx, tenant, services, member.id, subject, body, path).await?;
    }
    Ok(())
}

/// Tells this province's administrators.
pub(crate) async fn tell_administrators(
    tx: &TenantTx,
    tenant: &Tenant,
    services: &Services,
    subject: &str,
    body: &str,
    path: &str,
) -> Result<(), AppError> {
    for admin in tx.accounts_with_role(Role::ProvinceAdmin.slug()).await? {
        if !admin.suspended {
            tell_account(tx, tenant, services, admin.id, subject, body, path).await?;
        }
    }
    Ok(())
}

/// Tells the parties of this province what `step` means for them: the other side of the step, and for a step
/// of the platform the party it concerns.
pub(crate) async fn tell_about_step(
    tx: &TenantTx,
    tenant: &Tenant,
    services: &Services,
    exchange: &ExchangeRow,
    step: &StepRow,
) -> Result<(), AppError> {
    let here = tenant.slug();
    let request = exchange.kind == "contact_request";
    let path = if request {
        format!("/aanvragen/{}", exchange.id)
    } else {
        format!("/vragen/{}", exchange.id)
    };
    let title = exchange
        .header
        .get("title")
        .and_then(|t| t.as_str())
        .map_or_else(String::new, |t| format!(" \"{t}\""));
    if step.kind == "seen" || step.kind == "read" {
        // Looking is recorded, not announced.
        return Ok(());
    }
    let to_company = match step.side.as_str() {
        "organisation" => true,
        "platform" => step.organisation_id.is_none(),
        _ => false,
    };
    let organisation = step
        .organisation_id
        .or(exchange.organisation_id)
        .map(OrganisationId::from_uuid);
    let (subject, body) = subject_of(step, exchange, &title);
    if to_company {
        if exchange.company_province == here
            && let Some(account) = exchange.company_account
        {
            tell_account(
                tx,
                tenant,
                services,
                AccountId::from_uuid(account),
                &subject,
                &body,
                &path,
            )
            .await?;
        }
        return Ok(());
    }
    let Some(organisation) = organisation else {
        return Ok(());
    };
    let organisation_here = if request {
        exchange.organisation_province.as_deref() == Some(here)
    } else {
        tx.routes_of(exchange.id)
            .await?
            .iter()
            .any(|r| r.organisation_id == organisation.as_uuid() && r.organisation_province == here)
    };
    if organisation_here {
        tell_organisation(tx, tenant, services, organisation, &subject, &body, &path).await?;
    }
    Ok(())
}

fn subject_of(step: &StepRow, exchange: &ExchangeRow, title: &str) -> (String, String) {
    let company = &exchange.company_name;
    match step.kind.as_str() {
        "sent" => (
            format!("Nieuwe aanvraag van {company}"),
            format!("{company} stuurde u een aanvraag via doeners. Antwoord binnen enkele dagen, ook als u niet geïnteresseerd bent."),
        ),
        "routed" => (
            format!("Een vraag die bij u past: {}", title.trim()),
            format!("{company} zoekt een partner uit de sociale economie. Uw aanbod past bij deze vraag{title}. Laat weten of u geïnteresseerd bent."),
        ),
        "answered" => (
            "U kreeg een antwoord op doeners".to_string(),
            "Een organisatie heeft geantwoord op uw aanvraag of vraag.".to_string(),
        ),
        "message" => (
            "Nieuw bericht op doeners".to_string(),
            "Er is een nieuw bericht in uw gesprek op doeners.".to_string(),
        ),
        "collaboration.recorded" => (
            "Bevestig de samenwerking op doeners".to_string(),
            "De andere partij noteerde een samenwerking. Bevestig of verbeter de gegevens.".to_string(),
        ),
        "picked_up" => (
            format!("Een organisatie pakt uw suggestie op{title}"),
            "Een organisatie uit de sociale economie wil met uw suggestie aan de slag.".to_string(),
        ),
        "reminded" if exchange.kind == "contact_request" => (
            format!("Herinnering: de aanvraag van {company} wacht op uw antwoord"),
            "Een bedrijf wacht op uw antwoord. Ook 'niet geïnteresseerd' helpt het verder.".to_string(),
        ),
        "reminded" => (
            format!("Herinnering: een vraag wacht op uw antwoord{title}"),
            "Een bedrijf wacht op uw antwoord. Ook 'niet geïnteresseerd' helpt het verder.".to_string(),
        ),
        "outcome.asked" => (
            format!("Kwam er een samenwerking van{title}?"),
            "De uiterste datum is voorbij. Laat ons weten of er een samenwerking uit voortkwam, en voor welk bedrag: zo meet de provincie wat het platform oplevert.".to_string(),
        ),
        _ => (
            "Nieuws over uw aanvraag op doeners".to_string(),
            "Er is iets veranderd aan uw aanvraag of vraag op doeners.".to_string(),
        ),
    }
}

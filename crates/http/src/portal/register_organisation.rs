//! `/{tenant}/registreren/organisatie`: someone from a social-economy organisation asks for an account, either
//! for an organisation already on the portal (named by its enterprise number or its page) or for a new one.
//! Either way they are an applicant until the province's administrators approve; a new organisation stays a
//! draft, unseen, until then.

use crate::portal::widgets::privacy_notice;
use axum::{Form, extract::State, http::StatusCode, response::Response};
use doeners_app::organisations::Application;
use doeners_domain::forms;
use maud::html;

use super::{
    Fields, PortalTenant,
    account::{check_mailbox, credentials},
    error::PageError,
    field, fieldsets, layout,
    widgets::{input, problems_list, too_many},
};
use crate::{AppState, Tenant, extract::ClientAddress};

fn page(tenant: &Tenant, fields: &Fields, problems: &[(&str, String)]) -> Response {
    let slug = tenant.profile.slug.as_str();
    let main = html! {
        h1 { "Registreer uw organisatie" }
        p { "Voor organisaties uit de sociale economie. De provincie keurt uw aanvraag goed voor u het aanbod kunt beheren." }
        (problems_list(problems))
        form method="post" action={ "/" (slug) "/registreren/organisatie" } {
            fieldset {
                legend { "Uw account" }
                (input(fields, problems, ("account_email", "Uw e-mailadres", "email", "email", true)))
                (input(&Fields::new(), problems, ("password", "Wachtwoord (minstens 12 tekens)", "password", "new-password", true)))
            }
            fieldset {
                legend { "Staat uw organisatie al op het portaal?" }
                (input(fields, problems, ("claim", "Ondernemingsnummer of adres van de pagina van uw organisatie", "text", "off", false)))
            }
            fieldset {
                legend { "Of: een nieuwe organisatie" }
                p { "Laat het veld hierboven leeg en vul dit in." }
                (fieldsets::organisation(fields, problems))
            }
            (privacy_notice(slug, "om uw aanvraag te beoordelen en uw account te beheren; het profiel van de organisatie wordt openbaar"))
            p { button type="submit" { "Aanvraag indienen" } }
        }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    layout::answer(
        status,
        "Organisatie registreren",
        Some(&tenant.profile),
        main,
    )
}

const NUMBER_TAKEN: &str = "Dit ondernemingsnummer staat al op het portaal: vul het hierboven in om die organisatie te claimen.";

pub async fn form(PortalTenant(tenant): PortalTenant) -> Response {
    page(&tenant, &Fields::new(), &[])
}

pub async fn submit(
    State(state): State<AppState>,
    PortalTenant(tenant): PortalTenant,
    ClientAddress(address): ClientAddress,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    if let Err(wait) = state.limits().registration_per_address.attempt(&address) {
        return Ok(too_many(&tenant, wait));
    }
    let mut problems: Vec<(&str, String)> = Vec::new();
    let (email, password) = credentials(&fields, "account_email", &mut problems);
    let claim = field(&fields, "claim").trim();
    let mut existing = None;
    let mut draft = None;
    if claim.is_empty() {
        match forms::organisation_draft(&fields) {
            Ok(d) => {
                // Checked before the address is, so that a known and a new address get the same answer.
                if let Some(number) = &d.enterprise_number
                    && doeners_app::organisations::number_taken(&tenant, number).await?
                {
                    problems.push(("enterprise_number", NUMBER_TAKEN.to_string()));
                }
                draft = Some(d);
            }
            Err(p) => problems.extend(fieldsets::sentences(p)),
        }
    } else {
        existing = doeners_app::organisations::claimable(&tenant, claim).await?;
        if existing.is_none() {
            problems.push((
                "claim",
                format!("geen gepubliceerde organisatie gevonden voor '{claim}'"),
            ));
        }
    }
    let (Some(email), Some(password), true) = (email, password, problems.is_empty()) else {
        return Ok(page(&tenant, &fields, &problems));
    };
    if let Err(wait) = state.limits().mail_to(&tenant, &email) {
        return Ok(too_many(&tenant, wait));
    }
    let application = match (existing, draft) {
        (Some(org), _) => Application::Claim(org),
        (None, Some(draft)) => Application::New(draft),
        (None, None) => return Ok(page(&tenant, &fields, &problems)),
    };
    let applied =
        doeners_app::organisations::apply(state.services(), &tenant, &email, password, application)
            .await?;
    if applied.is_err() {
        let taken = [("enterprise_number", NUMBER_TAKEN.to_string())];
        return Ok(page(&tenant, &fields, &taken));
    }
    Ok(check_mailbox(&tenant, &email))
}

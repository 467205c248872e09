//! `/{tenant}/organisaties/{slug}/beheren`: an organisation's own page for its members and its province's
//! administrators: the profile, every offer (withdrawn ones too), a new offer, and each offer's edit form.
//! Flanders administrators may look; only members and the province's administrators may change.

use axum::{
    Form,
    extract::Path,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use doeners_app::{
    Via,
    records::{OwnOffer, Taken},
};
use doeners_domain::{
    OfferId, OfferStatus, Organisation,
    access::{Action, Decision, decide},
    forms,
};
use maud::html;

use super::{Failure, Fields, field, fieldsets, layout, widgets::problems_list};
use crate::{extract::QueryParams, guard::Visitor};

fn hidden(v: &Visitor) -> Failure {
    v.refuse(Decision::Hidden).into()
}

async fn own_offer(v: &Visitor, org: &Organisation, id: &str) -> Result<OwnOffer, Failure> {
    let id = id.parse::<uuid::Uuid>().map_err(|_| hidden(v))?;
    doeners_app::offers::offer_of(&v.tenant, org, OfferId::from_uuid(id))
        .await?
        .ok_or_else(|| hidden(v))
}

use super::widgets::csrf;

fn taken_sentence(Taken(field): Taken) -> (&'static str, String) {
    match field {
        "enterprise_number" => (
            field,
            "Dit ondernemingsnummer hoort al bij een andere organisatie.".to_string(),
        ),
        _ => (
            field,
            "Deze organisatie heeft al een aanbod met deze titel.".to_string(),
        ),
    }
}

/// What a save just did, said once at the top of the page it returns to (`?bewaard=...`).
fn saved_sentence(what: &str) -> Option<&'static str> {
    match what {
        "profiel" => Some("Het profiel is bewaard."),
        "nieuw-aanbod" => {
            Some("Het aanbod is gepubliceerd. Bedrijven vinden het binnen enkele seconden.")
        }
        "aanbod" => Some("Het aanbod is bewaard."),
        "details" => Some("Capaciteit, certificaten en referenties zijn bewaard."),
        "foto" => Some("De foto staat op uw publieke pagina."),
        "foto-weg" => Some("De foto is verwijderd."),
        _ => None,
    }
}

/// A form as it is shown again: what was sent and what was wrong with it.
#[derive(Clone, Copy)]
struct Sent<'a> {
    fields: &'a Fields,
    problems: &'a [(&'a str, String)],
}

impl<'a> Sent<'a> {
    fn fresh(fields: &'a Fields) -> Self {
        Self {
            fields,
            problems: &[],
        }
    }
}

async fn overview_page(
    v: &Visitor,
    org: &Organisation,
    saved: Option<&str>,
    Sent {
        fields: profile,
        problems: profile_problems,
    }: Sent<'_>,
    Sent {
        fields: new_offer,
        problems: offer_problems,
    }: Sent<'_>,
    details: Option<Sent<'_>>,
) -> Result<Response, Failure> {
    let offers = doeners_app::offers::offers_of(&v.tenant, org).await?;
    let stored;
    let (details, details_problems) = match details {
        Some(sent) => (sent.fields, sent.problems),
        None => {
            stored = details_fields(&doeners_app::organisations::details(&v.tenant, org.id).await?);
            (&stored, &[][..])
        }
    };
    let may_edit = decide(
        v.caller.as_ref(),
        Action::EditOrganisation,
        &v.organisation(org.id),
    ) == Decision::Allow;
    let base = format!("/{}/organisaties/{}", v.slug(), org.slug);
    // What waits for this organisation's answer: only its own members see it here (the texts are theirs).
    let member = v
        .caller
        .as_ref()
        .is_some_and(|c| c.role == doeners_domain::access::Role::Member(org.id));
    let (requests, questions) = if member {
        (
            doeners_app::collaboration::contact_requests::list(&v.tenant, v.caller.as_ref())
                .await?,
            doeners_app::collaboration::questions::list(&v.tenant, v.caller.as_ref()).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let waiting = |items: &[doeners_app::collaboration::Summary]| {
        items.iter().filter(|i| i.waits_for_answer).count()
    };
    let main = html! {
        h1 { (org.draft.name) }
        @if let Some(s) = saved.and_then(saved_sentence) { p.confirmation role="status" { (s) } }
        p.meta { "Status: " (org.status.label()) " · " a href=(base) { "publieke pagina" } }
        @if member {
            section aria-labelledby="te-beantwoorden" {
                h2 #te-beantwoorden { "Te beantwoorden" }
                ul {
                    li { a href={ "/" (v.slug()) "/aanvragen" } { "Contactaanvragen" } ": " (requests.len()) ", waarvan " strong { (waiting(&requests)) } " wachten op antwoord" }
                    li { a href={ "/" (v.slug()) "/vragen" } { "Vragen van bedrijven" } ": " (questions.len()) ", waarvan " strong { (waiting(&questions)) } " wachten op antwoord" }
                }
            }
        }
        h2 { "Aanbod" }
        // Companies find offers, not organisations: without a published offer nobody finds this one.
        @if !offers.iter().any(|o| o.status == OfferStatus::Published) {
            p.notice { "Bedrijven vinden uw organisatie pas als ze minstens één gepubliceerd aanbod heeft. Voeg hieronder uw eerste aanbod toe." }
        }
        ul {
            @for o in &offers {
                li {
                    a href={ (base) "/aanbod/" (o.offer.id) } { (o.offer.draft.title) }
                    " · " (o.offer.draft.category.name()) " · " (o.status.label())
                }
            }
        }
        @if may_edit {
            h2 { "Nieuw aanbod" }
            (problems_list(offer_problems))
            form method="post" action={ (base) "/aanbod" } {
                (csrf(v))
                (fieldsets::offer(new_offer, offer_problems, false))
                p { button type="submit" { "Aanbod publiceren" } }
            }
            (super::photos::manage(v, org, &doeners_app::photos::of(&v.tenant, org.id).await?))
            h2 #meer { "Capaciteit, certificaten en referenties" }
            p { "Wat een inkoper vraagt voor de eerste opdracht. Dit staat op uw publieke pagina." }
            (problems_list(details_problems))
            form method="post" action={ (base) "/details" } {
                (csrf(v))
                (fieldsets::details(details, details_problems))
                p { button type="submit" { "Bewaren" } }
            }
            h2 { "Profiel" }
            (problems_list(profile_problems))
            form method="post" action={ (base) "/beheren" } {
                (csrf(v))
                (fieldsets::organisation(profile, profile_problems))
                p { button type="submit" { "Profiel bewaren" } }
            }
        }
    };
    let status = if profile_problems.is_empty()
        && offer_problems.is_empty()
        && details_problems.is_empty()
    {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(layout::answer(
        status,
        &org.draft.name,
        Some(&v.tenant.profile),
        main,
    ))
}

pub async fn overview(
    v: Visitor,
    Path(path): Path<(String, String)>,
    query: QueryParams,
) -> Result<Response, Failure> {
    let (_, slug) = path;
    let org = v.find_organisation(&slug, Action::ReadOrganisation).await?;
    let profile = forms::organisation_fields(&org.draft);
    let empty = Fields::new();
    overview_page(
        &v,
        &org,
        query.get("bewaard"),
        Sent::fresh(&profile),
        Sent::fresh(&empty),
        None,
    )
    .await
}

pub async fn update_profile(
    v: Visitor,
    Path(path): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let (_, slug) = path;
    let org = v.find_organisation(&slug, Action::EditOrganisation).await?;
    v.check_form(&fields)?;
    let problems = match forms::organisation_draft(&fields) {
        Ok(draft) => match doeners_app::organisations::edit_profile(
            &v.tenant,
            v.caller.as_ref(),
            Via::Portal,
            &org,
            &draft,
        )
        .await?
        {
            Ok(()) => Vec::new(),
            Err(t) => vec![taken_sentence(t)],
        },
        Err(p) => fieldsets::sentences(p),
    };
    if !problems.is_empty() {
        let empty = Fields::new();
        return overview_page(
            &v,
            &org,
            None,
            Sent {
                fields: &fields,
                problems: &problems,
            },
            Sent::fresh(&empty),
            None,
        )
        .await;
    }
    Ok(saved(&v, &org, "profiel"))
}

/// The details as the form shows them: one certificate or reference per line.
fn details_fields(details: &doeners_domain::OrganisationDetails) -> Fields {
    [
        ("capacity", details.capacity.clone()),
        ("certificates", details.certificates.join("\n")),
        ("references", details.references.join("\n")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

pub async fn update_details(
    v: Visitor,
    Path(path): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let (_, slug) = path;
    let org = v.find_organisation(&slug, Action::EditOrganisation).await?;
    v.check_form(&fields)?;
    match doeners_domain::OrganisationDetails::parse(
        field(&fields, "capacity"),
        field(&fields, "certificates"),
        field(&fields, "references"),
    ) {
        Ok(details) => {
            doeners_app::organisations::edit_details(
                &v.tenant,
                v.caller.as_ref(),
                Via::Portal,
                &org,
                &details,
            )
            .await?;
            Ok(saved(&v, &org, "details"))
        }
        Err(problems) => {
            let problems = fieldsets::sentences(problems);
            let profile = forms::organisation_fields(&org.draft);
            let empty = Fields::new();
            overview_page(
                &v,
                &org,
                None,
                Sent::fresh(&profile),
                Sent::fresh(&empty),
                Some(Sent {
                    fields: &fields,
                    problems: &problems,
                }),
            )
            .await
        }
    }
}

pub async fn create_offer(
    v: Visitor,
    Path(path): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let (_, slug) = path;
    let org = v.find_organisation(&slug, Action::EditOrganisation).await?;
    v.check_form(&fields)?;
    let outcome = match fieldsets::offer_draft(&fields) {
        Ok(draft) => doeners_app::offers::create_offer(
            &v.tenant,
            v.caller.as_ref(),
            Via::Portal,
            &org,
            &draft,
        )
        .await?
        .map_err(|t| vec![taken_sentence(t)]),
        Err(problems) => Err(problems),
    };
    match outcome {
        Ok(_) => Ok(saved(&v, &org, "nieuw-aanbod")),
        Err(problems) => {
            let profile = forms::organisation_fields(&org.draft);
            overview_page(
                &v,
                &org,
                None,
                Sent::fresh(&profile),
                Sent {
                    fields: &fields,
                    problems: &problems,
                },
                None,
            )
            .await
        }
    }
}

/// Back to the organisation's page after a save, which says what was saved.
fn saved(v: &Visitor, org: &Organisation, what: &str) -> Response {
    Redirect::to(&format!(
        "/{}/organisaties/{}/beheren?bewaard={what}",
        v.slug(),
        org.slug
    ))
    .into_response()
}

fn offer_page(
    v: &Visitor,
    org: &Organisation,
    offer: &OwnOffer,
    fields: &Fields,
    problems: &[(&str, String)],
) -> Response {
    let may_edit = decide(
        v.caller.as_ref(),
        Action::EditOrganisation,
        &v.organisation(org.id),
    ) == Decision::Allow;
    let base = format!("/{}/organisaties/{}", v.slug(), org.slug);
    let main = html! {
        p { a href={ (base) "/beheren" } { "← " (org.draft.name) } }
        h1 { (offer.offer.draft.title) }
        p.meta { (offer.status.label()) }
        @if may_edit {
            (problems_list(problems))
            form method="post" action={ (base) "/aanbod/" (offer.offer.id) } {
                (csrf(v))
                (fieldsets::offer(fields, problems, true))
                p { button type="submit" { "Bewaren" } }
            }
        } @else {
            p { (offer.offer.draft.description) }
        }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    layout::answer(
        status,
        &offer.offer.draft.title,
        Some(&v.tenant.profile),
        main,
    )
}

fn offer_fields(offer: &OwnOffer) -> Fields {
    let mut fields = forms::offer_fields(&offer.offer.draft);
    fields.insert("status".into(), offer.status.slug().into());
    fields
}

pub async fn offer_form(
    v: Visitor,
    Path(path): Path<(String, String, String)>,
) -> Result<Response, Failure> {
    let (_, slug, id) = path;
    let org = v.find_organisation(&slug, Action::ReadOrganisation).await?;
    let offer = own_offer(&v, &org, &id).await?;
    Ok(offer_page(&v, &org, &offer, &offer_fields(&offer), &[]))
}

pub async fn update_offer(
    v: Visitor,
    Path(path): Path<(String, String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let (_, slug, id) = path;
    let org = v.find_organisation(&slug, Action::EditOrganisation).await?;
    let offer = own_offer(&v, &org, &id).await?;
    v.check_form(&fields)?;
    let status = OfferStatus::parse(field(&fields, "status"));
    let outcome = match (fieldsets::offer_draft(&fields), status) {
        (Ok(draft), Ok(status)) => doeners_app::offers::edit_offer(
            &v.tenant,
            v.caller.as_ref(),
            Via::Portal,
            &org,
            &offer,
            &draft,
            status,
        )
        .await?
        .map_err(|t| vec![taken_sentence(t)]),
        (draft, status) => {
            let mut problems = draft.err().unwrap_or_default();
            if let Err(e) = status {
                problems.push(("status", e.to_string()));
            }
            Err(problems)
        }
    };
    match outcome {
        Ok(()) => Ok(saved(&v, &org, "aanbod")),
        Err(problems) => Ok(offer_page(&v, &org, &offer, &fields, &problems)),
    }
}

//! A company asks an organisation, in its own province or another: the request, the thread, the answer, the
//! collaboration both sides agree on. Every step is one transaction in the acting party's province, with a
//! message for the other party's province when it is another one.

use doeners_domain::{
    AccountId, OfferId, OfferStatus, OrganisationStatus,
    access::{Action, Caller},
    exchange::{Answer, BudgetBand, Collaboration, Day, RequestState, Side, Step},
    forms::Problems,
    text,
};
use doeners_persistence::ExchangeRow;
use doeners_search::SearchIndex;
use serde_json::json;
use uuid::Uuid;

use super::{
    notify::tell_about_step,
    parties::{self, side_of},
    standing_of,
    steps::{data_of, new_step},
    thread::{Summary, Thread},
    wire::Wire,
};
use crate::{AppError, Services, Tenant, allow::allow};

/// What a company asks.
#[derive(Debug, Clone, Default)]
pub struct NewRequest {
    /// `<province>/<slug>`.
    pub organisation: String,
    pub offer_id: Option<String>,
    pub message: String,
    pub budget_band: Option<String>,
    pub wished_start: Option<String>,
    /// The question the company saw the organisation's interest on, if any.
    pub question: Option<Uuid>,
}

/// The organisation a request is for, as its province or (when that one does not answer) the index knows it.
struct Addressee {
    province: String,
    id: Uuid,
    slug: String,
    name: String,
    offer: Option<(Uuid, String)>,
}

async fn addressee(
    tenants: &[Tenant],
    index: &SearchIndex,
    request: &NewRequest,
    problems: &mut Problems,
) -> Option<Addressee> {
    let unknown = || {
        doeners_domain::InvalidValue::new(
            "deze organisatie bestaat niet of is niet gepubliceerd (schrijf provincie/naam, bv. limburg/atelier-hasselt)",
        )
    };
    let Some((province, slug)) = request.organisation.trim().split_once('/') else {
        problems.push(("organisation", unknown()));
        return None;
    };
    let offer_id = match request.offer_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => match raw.parse::<Uuid>() {
            Ok(id) => Some(id),
            Err(_) => {
                problems.push((
                    "offer_id",
                    doeners_domain::InvalidValue::new("offer_id is geen geldige id"),
                ));
                return None;
            }
        },
    };
    let Some(tenant) = tenants.iter().find(|t| t.slug() == province) else {
        problems.push(("organisation", unknown()));
        return None;
    };
    let missing_offer = || {
        doeners_domain::InvalidValue::new(
            "dit aanbod hoort niet bij deze organisatie of is niet gepubliceerd",
        )
    };
    match tenant.db.organisation_by_slug(slug).await {
        Ok(found) => {
            let Some(org) = found.filter(|o| o.status == OrganisationStatus::Published) else {
                problems.push(("organisation", unknown()));
                return None;
            };
            let offer = match offer_id {
                None => None,
                Some(id) => match tenant.db.offer_of(org.id, OfferId::from_uuid(id)).await {
                    Ok(Some(own)) if own.status == OfferStatus::Published => {
                        Some((id, own.offer.draft.title.clone()))
                    }
                    _ => {
                        problems.push(("offer_id", missing_offer()));
                        return None;
                    }
                },
            };
            Some(Addressee {
                province: province.to_string(),
                id: org.id.as_uuid(),
                slug: org.slug.to_string(),
                name: org.draft.name.clone(),
                offer,
            })
        }
        // The organisation's province is down: the index still knows its published offers, and the request
        // waits in the outbox until that province is back.
        Err(_) => {
            let offers = index
                .offers_of_organisation(province, slug)
                .unwrap_or_default();
            let Some(first) = offers.first() else {
                problems.push(("organisation", unknown()));
                return None;
            };
            let offer = match offer_id {
                None => None,
                Some(id) => match offers.iter().find(|o| o.offer_id == id) {
                    Some(o) => Some((id, o.title.clone())),
                    None => {
                        problems.push(("offer_id", missing_offer()));
                        return None;
                    }
                },
            };
            Some(Addressee {
                province: province.to_string(),
                id: first.organisation_id,
                slug: first.organisation_slug.clone(),
                name: first.organisation_name.clone(),
                offer,
            })
        }
    }
}

/// The name a company is shown by to the organisations it asks.
pub(crate) async fn company_name(tenant: &Tenant, account: AccountId) -> Result<String, AppError> {
    if let Some(company) = tenant.db.company(account).await? {
        return Ok(company.name);
    }
    let record = tenant.db.account(account).await?;
    Ok(record
        .map(|r| {
            let email = r.email.to_string();
            email
                .split_once('@')
                .map_or(email.clone(), |(_, domain)| domain.to_string())
        })
        .unwrap_or_else(|| "Een bedrijf".to_string()))
}

/// The outcome of sending: the thread, or what is wrong with the form, or the daily limit.
#[derive(Debug)]
pub enum Sent {
    Thread(Box<Thread>),
    Invalid(Problems),
    /// The company sent as many requests as the province allows in a day.
    Limit(u64),
}

/// A company of `tenant` asks an organisation of any province.
pub async fn send(
    tenant: &Tenant,
    tenants: &[Tenant],
    index: &SearchIndex,
    services: &Services,
    caller: Option<&Caller>,
    request: &NewRequest,
) -> Result<Sent, AppError> {
    allow(
        caller,
        Action::AskOrganisations,
        &crate::allow::province(tenant),
    )?;
    let Some(caller) = caller else {
        return Err(AppError::Refused(doeners_domain::access::Decision::SignIn));
    };
    let mut problems = Problems::new();
    let message = text::limited(&request.message, "Het bericht", 4000)
        .and_then(|m| {
            if m.is_empty() {
                Err(doeners_domain::InvalidValue::new(
                    "Het bericht is verplicht: schrijf wat u zoekt",
                ))
            } else {
                Ok(m)
            }
        })
        .map_err(|e| problems.push(("message", e)))
        .ok();
    let budget = match request.budget_band.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => BudgetBand::parse(raw)
            .map_err(|e| problems.push(("budget_band", e)))
            .ok(),
    };
    let wished_start = match request.wished_start.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Day::parse(raw, "De gewenste start")
            .map_err(|e| problems.push(("wished_start", e)))
            .ok(),
    };
    let to = addressee(tenants, index, request, &mut problems).await;
    let (Some(message), Some(to), true) = (message, to, problems.is_empty()) else {
        return Ok(Sent::Invalid(problems));
    };
    let since = chrono::Utc::now() - chrono::Duration::hours(24);
    let sent_today = tenant.db.requests_sent_since(caller.account, since).await?;
    if sent_today >= tenant.rules.requests_per_day {
        return Ok(Sent::Limit(tenant.rules.requests_per_day));
    }
    let now = chrono::Utc::now();
    let exchange = ExchangeRow {
        id: Uuid::now_v7(),
        kind: "contact_request".to_string(),
        company_province: tenant.slug().to_string(),
        company_account: Some(caller.account.as_uuid()),
        company_name: company_name(tenant, caller.account).await?,
        organisation_province: Some(to.province.clone()),
        organisation_id: Some(to.id),
        header: json!({
            "organisation_slug": to.slug,
            "organisation_name": to.name,
            "offer_id": to.offer.as_ref().map(|(id, _)| id),
            "offer_title": to.offer.as_ref().map(|(_, t)| t),
            "budget_band": budget.map(BudgetBand::code),
            "wished_start": wished_start.map(|d| d.to_string()),
            "question_id": request.question,
        }),
        state: RequestState::Sent.slug().to_string(),
        deadline: None,
        created_at: now,
        updated_at: now,
    };
    let step = new_step(
        exchange.id,
        Some(to.id),
        Step::Sent.kind(),
        Side::Company,
        tenant.slug(),
        Some(caller.account),
        Some(message),
        json!({}),
    );
    let tx = tenant.db.begin().await?;
    tx.insert_exchange(&exchange).await?;
    tx.add_step(&step).await?;
    if to.province == tenant.slug() {
        tell_about_step(&tx, tenant, services, &exchange, &step).await?;
    } else {
        let wire = Wire::Opened {
            exchange: exchange.clone(),
            steps: vec![step.clone()],
            routes: Vec::new(),
        };
        let sender = parties::sender(tenant, caller);
        parties::tell(&tx, &to.province, exchange.id, &sender, &wire).await?;
    }
    tx.audit(
        Some(caller.account),
        "contact_request.sent",
        &format!("contact_request:{}", exchange.id),
        json!({ "organisation": format!("{}/{}", to.province, to.slug) }),
    )
    .await?;
    tx.commit().await?;
    services.relay.ring();
    services.mail.ring();
    Ok(Sent::Thread(Box::new(
        thread(tenant, Some(caller), exchange.id).await?,
    )))
}

/// The contact requests of the caller: those its company sent, or those sent to its organisation.
pub async fn list(tenant: &Tenant, caller: Option<&Caller>) -> Result<Vec<Summary>, AppError> {
    let Some(caller) = caller else {
        return Err(AppError::Refused(doeners_domain::access::Decision::SignIn));
    };
    if caller.province.as_ref() != Some(&tenant.profile.slug) {
        return Err(AppError::Refused(doeners_domain::access::Decision::Hidden));
    }
    let rows = match caller.role.organisation() {
        Some(org) if matches!(caller.role, doeners_domain::access::Role::Member(_)) => {
            tenant.db.requests_to(org).await?
        }
        _ => {
            tenant
                .db
                .exchanges_of_company(caller.account, &["contact_request"])
                .await?
        }
    };
    let member = matches!(caller.role, doeners_domain::access::Role::Member(_));
    Ok(rows
        .into_iter()
        .map(|exchange| Summary {
            waits_for_answer: member
                && matches!(
                    RequestState::from_stored(&exchange.state),
                    Some(RequestState::Sent | RequestState::Read)
                ),
            exchange,
        })
        .collect())
}

/// Request `id` as the caller's side sees it; 404 for anyone who is no party to it.
pub async fn thread(
    tenant: &Tenant,
    caller: Option<&Caller>,
    id: Uuid,
) -> Result<Thread, AppError> {
    let hidden = || AppError::Refused(doeners_domain::access::Decision::Hidden);
    let exchange = tenant
        .db
        .exchange(id)
        .await?
        .filter(|e| e.kind == "contact_request")
        .ok_or_else(|| {
            if caller.is_some() {
                hidden()
            } else {
                AppError::Refused(doeners_domain::access::Decision::SignIn)
            }
        })?;
    let (side, organisation) = side_of(tenant, caller, &exchange, &[])?;
    let steps = tenant.db.steps_of(id).await?;
    Ok(Thread {
        standing: standing_of(&steps),
        undelivered: tenant.db.undelivered_in(id).await?,
        exchange,
        steps,
        routes: Vec::new(),
        side,
        organisation,
    })
}

/// The organisation opens the request: the first time, that is the step "read".
pub async fn open(
    tenant: &Tenant,
    services: &Services,
    caller: Option<&Caller>,
    id: Uuid,
) -> Result<Thread, AppError> {
    let thread = thread(tenant, caller, id).await?;
    if thread.side == Side::Organisation && thread.standing.state == RequestState::Sent {
        // Two members opening it at once: the second "read" is out of turn, and that is fine.
        let _read = take_step(tenant, services, caller, id, Step::Read, None).await?;
        return self::thread(tenant, caller, id).await;
    }
    Ok(thread)
}

/// What a step can fail with besides a refusal: the form, or a step that does not fit where the request is.
#[derive(Debug)]
pub enum StepRefused {
    Invalid(Problems),
    /// A Dutch sentence: why this step cannot be taken now.
    OutOfTurn(&'static str),
}

/// Takes `step` on request `id` as the caller's side, with `body` as its text.
pub async fn take_step(
    tenant: &Tenant,
    services: &Services,
    caller: Option<&Caller>,
    id: Uuid,
    step: Step,
    body: Option<String>,
) -> Result<Result<Thread, StepRefused>, AppError> {
    let current = thread(tenant, caller, id).await?;
    let Some(caller) = caller else {
        return Err(AppError::Refused(doeners_domain::access::Decision::SignIn));
    };
    if let Err(why) = current.standing.allows(current.side, &step) {
        return Ok(Err(StepRefused::OutOfTurn(why)));
    }
    let row = new_step(
        id,
        current.exchange.organisation_id,
        step.kind(),
        current.side,
        tenant.slug(),
        Some(caller.account),
        body,
        data_of(&step),
    );
    let tx = tenant.db.begin().await?;
    // The exchange's row is locked first (on PostgreSQL; SQLite has one writer at a time), and its steps read
    // again under the lock: two members answering at once cannot both answer, and the messages of one request
    // leave in commit order.
    tx.set_exchange_state(id, &current.exchange.state).await?;
    let mut steps = tx.steps_of(id).await?;
    if let Err(why) = standing_of(&steps).allows(current.side, &step) {
        return Ok(Err(StepRefused::OutOfTurn(why)));
    }
    steps.push(row.clone());
    let state = standing_of(&steps).state;
    tx.set_exchange_state(id, state.slug()).await?;
    tx.add_step(&row).await?;
    let exchange = ExchangeRow {
        state: state.slug().to_string(),
        ..current.exchange.clone()
    };
    let destinations = parties::destinations(tenant.slug(), &exchange, &[], row.organisation_id);
    if destinations.is_empty() {
        tell_about_step(&tx, tenant, services, &exchange, &row).await?;
    }
    let sender = parties::sender(tenant, caller);
    for destination in destinations {
        let wire = Wire::Step { step: row.clone() };
        parties::tell(&tx, &destination, id, &sender, &wire).await?;
    }
    tx.audit(
        Some(caller.account),
        &format!("contact_request.{}", step.kind()),
        &format!("contact_request:{id}"),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    services.relay.ring();
    services.mail.ring();
    Ok(Ok(thread(tenant, Some(caller), id).await?))
}

/// The organisation answers: interested with a reply, or not with a reason.
pub async fn answer(
    tenant: &Tenant,
    services: &Services,
    caller: Option<&Caller>,
    id: Uuid,
    interested: bool,
    message: &str,
    reason: Option<&str>,
) -> Result<Result<Thread, StepRefused>, AppError> {
    let answer = match Answer::parse(interested, message, reason, true) {
        Ok(a) => a,
        Err(problems) => {
            // A stranger learns nothing from the form's problems: ask who may see the request first.
            thread(tenant, caller, id).await?;
            return Ok(Err(StepRefused::Invalid(problems)));
        }
    };
    take_step(
        tenant,
        services,
        caller,
        id,
        Step::Answered {
            interested: answer.interested,
            reason: answer.reason,
        },
        Some(answer.message).filter(|m| !m.is_empty()),
    )
    .await
}

/// A message in the thread.
pub async fn write(
    tenant: &Tenant,
    services: &Services,
    caller: Option<&Caller>,
    id: Uuid,
    message: &str,
) -> Result<Result<Thread, StepRefused>, AppError> {
    let message = match text::limited(message, "Het bericht", 4000) {
        Ok(m) if !m.is_empty() => m,
        Ok(_) => {
            thread(tenant, caller, id).await?;
            return Ok(Err(StepRefused::Invalid(vec![(
                "message",
                doeners_domain::InvalidValue::new("Het bericht is leeg"),
            )])));
        }
        Err(e) => {
            thread(tenant, caller, id).await?;
            return Ok(Err(StepRefused::Invalid(vec![("message", e)])));
        }
    };
    take_step(tenant, services, caller, id, Step::Wrote, Some(message)).await
}

/// Either side declares the collaboration that came of the request (or corrects the other side's figure).
#[allow(clippy::too_many_arguments)]
pub async fn record_collaboration(
    tenant: &Tenant,
    services: &Services,
    caller: Option<&Caller>,
    id: Uuid,
    value_eur: u64,
    start_date: &str,
    end_date: Option<&str>,
    description: &str,
) -> Result<Result<Thread, StepRefused>, AppError> {
    match Collaboration::parse(value_eur, start_date, end_date, description) {
        Ok(c) => {
            take_step(
                tenant,
                services,
                caller,
                id,
                Step::CollaborationRecorded(c),
                None,
            )
            .await
        }
        Err(e) => {
            thread(tenant, caller, id).await?;
            let field = if e.message().contains("einddatum") {
                "end_date"
            } else if e.message().contains("startdatum") {
                "start_date"
            } else if e.message().contains("waarde") {
                "value_eur"
            } else {
                "description"
            };
            Ok(Err(StepRefused::Invalid(vec![(field, e)])))
        }
    }
}

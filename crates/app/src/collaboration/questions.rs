//! "Stel je vraag": a company posts a need no offer covers, or a suggestion of work. A question that goes out
//! is routed by the search index to the organisations that match it in every province, a batch at a time; each
//! answers interested or not; after the deadline the parties are asked whether a collaboration came of it.

use std::collections::BTreeMap;

use doeners_domain::{
    AccountId, CategoryRef,
    access::{Action, Caller, Decision, Role},
    exchange::{Answer, Reason, Side},
    forms::{Fields, Problems},
    question::{Outcome, QuestionDraft, QuestionKind, QuestionState},
    service_area::Place,
};
use doeners_persistence::{ExchangeRow, RouteRow, StepRow, TenantTx};
use doeners_search::{SearchIndex, SearchRequest};
use serde_json::json;
use uuid::Uuid;

use super::{
    contact_requests::company_name,
    notify::{tell_about_step, tell_administrators},
    parties::{self, side_of},
    steps::new_step,
    thread::{Summary, Thread},
    wire::Wire,
};
use crate::{AppError, Services, Tenant, allow::allow};

/// How many hits of the index to read for one batch.
const CANDIDATES: usize = 300;

/// Today in Brussels, as the forms read dates.
pub(crate) fn today() -> doeners_domain::exchange::Day {
    let local = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Brussels);
    let text = local.format("%Y-%m-%d").to_string();
    doeners_domain::exchange::Day::parse(&text, "vandaag").unwrap_or(
        doeners_domain::exchange::Day {
            year: 2026,
            month: 1,
            day: 1,
        },
    )
}

#[derive(Debug)]
pub enum Posted {
    Thread(Box<Thread>),
    Invalid(Problems),
}

/// A company of `tenant` posts a question or a suggestion. A question goes out at once, or waits for the
/// administrators when the province reviews questions.
pub async fn post(
    tenant: &Tenant,
    tenants: &[Tenant],
    index: &SearchIndex,
    services: &Services,
    caller: Option<&Caller>,
    fields: &Fields,
) -> Result<Posted, AppError> {
    allow(
        caller,
        Action::AskOrganisations,
        &crate::allow::province(tenant),
    )?;
    let Some(caller) = caller else {
        return Err(AppError::Refused(Decision::SignIn));
    };
    let draft = match QuestionDraft::parse(fields, today()) {
        Ok(d) => d,
        Err(problems) => return Ok(Posted::Invalid(problems)),
    };
    let now = chrono::Utc::now();
    let review = draft.kind == QuestionKind::Question && tenant.rules.review_questions;
    let state = match (draft.kind, review) {
        (QuestionKind::Suggestion, _) | (QuestionKind::Question, false) => QuestionState::Open,
        (QuestionKind::Question, true) => QuestionState::Review,
    };
    let exchange = ExchangeRow {
        id: Uuid::now_v7(),
        kind: draft.kind.slug().to_string(),
        company_province: tenant.slug().to_string(),
        company_account: Some(caller.account.as_uuid()),
        company_name: company_name(tenant, caller.account).await?,
        organisation_province: None,
        organisation_id: None,
        header: json!({
            "title": draft.title,
            "description": draft.description,
            "category": draft.category.map(|c| c.slug()),
            "place": draft.place,
            "budget_band": draft.budget.map(|b| b.code()),
        }),
        state: state.slug().to_string(),
        deadline: draft.deadline.map(|d| d.to_string()),
        created_at: now,
        updated_at: now,
    };
    let posted = new_step(
        exchange.id,
        None,
        "posted",
        Side::Company,
        tenant.slug(),
        Some(caller.account),
        None,
        json!({}),
    );
    let tx = tenant.db.begin().await?;
    tx.insert_exchange(&exchange).await?;
    tx.add_step(&posted).await?;
    tx.audit(
        Some(caller.account),
        &format!("{}.posted", draft.kind.slug()),
        &format!("{}:{}", draft.kind.slug(), exchange.id),
        json!({}),
    )
    .await?;
    if review {
        tell_administrators(
            &tx,
            tenant,
            services,
            "Een nieuwe vraag wacht op nazicht",
            &format!(
                "{} stelde een vraag: \"{}\". Keur ze goed of weiger ze voor ze naar de organisaties gaat.",
                exchange.company_name, draft.title
            ),
            "/beheer/vragen",
        )
        .await?;
    } else if draft.kind == QuestionKind::Question {
        route_batch(&tx, tenant, tenants, index, services, &exchange, 1).await?;
    }
    tx.commit().await?;
    services.relay.ring();
    services.mail.ring();
    Ok(Posted::Thread(Box::new(
        thread(tenant, Some(caller), exchange.id).await?,
    )))
}

/// The organisations of every province that match `exchange`, best first: those of the question's category
/// whose service area covers its place, then those whose offers match its words, nearer first.
fn candidates(
    index: &SearchIndex,
    exchange: &ExchangeRow,
) -> Vec<(String, Uuid, String, String, f64)> {
    let header = &exchange.header;
    let category = header
        .get("category")
        .and_then(|c| c.as_str())
        .and_then(|c| CategoryRef::parse(c).ok());
    let place = header
        .get("place")
        .and_then(|p| p.as_str())
        .and_then(|p| Place::parse(p).ok());
    let title = header
        .get("title")
        .and_then(|t| t.as_str())
        .unwrap_or_default();
    let mut requests = Vec::new();
    if let Some(category) = category {
        requests.push(SearchRequest {
            q: title.to_string(),
            categories: vec![category],
            near: place,
            limit: CANDIDATES,
            ..SearchRequest::default()
        });
        requests.push(SearchRequest {
            categories: vec![category],
            near: place,
            limit: CANDIDATES,
            ..SearchRequest::default()
        });
    }
    requests.push(SearchRequest {
        q: title.to_string(),
        near: place,
        limit: CANDIDATES,
        ..SearchRequest::default()
    });
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    for (round, request) in requests.iter().enumerate() {
        // A query of words that finds only some of them is no match for a question.
        let Ok(results) = index.search(request) else {
            continue;
        };
        if results.relaxed {
            continue;
        }
        // An organisation that only fills up a short answer was not found by the question's words.
        for hit in results.hits.iter().filter(|h| !h.explanation.same_kind) {
            let o = &hit.offer;
            if seen.insert(o.organisation_id) {
                let rank = found.len() as f64;
                let score = 1000.0 - 100.0 * round as f64 - rank;
                found.push((
                    o.tenant.clone(),
                    o.organisation_id,
                    o.organisation_slug.clone(),
                    o.organisation_name.clone(),
                    score,
                ));
            }
        }
    }
    found
}

/// Sends `exchange` to its next batch of organisations (batch number `batch`), on the use case's transaction:
/// a route and a step per organisation here, a message per other province. When not one organisation matches
/// the first batch, the province's administrators are told why.
pub(crate) async fn route_batch(
    tx: &TenantTx,
    tenant: &Tenant,
    tenants: &[Tenant],
    index: &SearchIndex,
    services: &Services,
    exchange: &ExchangeRow,
    batch: i32,
) -> Result<usize, AppError> {
    let routed = tx.routes_of(exchange.id).await?;
    let room = tenant.rules.max_routed.saturating_sub(routed.len());
    let chosen: Vec<_> = candidates(index, exchange)
        .into_iter()
        .filter(|(province, ..)| tenants.iter().any(|t| t.slug() == province))
        .filter(|(_, id, ..)| !routed.iter().any(|r| r.organisation_id == *id))
        .take(room.min(tenant.rules.batch_size))
        .collect();
    if chosen.is_empty() {
        if batch == 1 {
            tx.set_exchange_state(exchange.id, QuestionState::Unmatched.slug())
                .await?;
            let step = new_step(
                exchange.id,
                None,
                "unmatched",
                Side::Platform,
                tenant.slug(),
                None,
                None,
                json!({ "reason": unmatched_reason(exchange) }),
            );
            tx.add_step(&step).await?;
            tell_administrators(
                tx,
                tenant,
                services,
                "Een vraag vond geen organisatie",
                &format!(
                    "Geen enkele organisatie past bij de vraag \"{}\" van {}: {}",
                    exchange
                        .header
                        .get("title")
                        .and_then(|t| t.as_str())
                        .unwrap_or_default(),
                    exchange.company_name,
                    unmatched_reason(exchange)
                ),
                "/beheer/vragen",
            )
            .await?;
        }
        return Ok(0);
    }
    tx.set_exchange_state(exchange.id, QuestionState::Open.slug())
        .await?;
    let now = chrono::Utc::now();
    let mut by_province: BTreeMap<String, (Vec<RouteRow>, Vec<StepRow>)> = BTreeMap::new();
    for (province, id, slug, name, score) in &chosen {
        let route = RouteRow {
            exchange_id: exchange.id,
            organisation_id: *id,
            organisation_province: province.clone(),
            organisation_slug: slug.clone(),
            organisation_name: name.clone(),
            batch,
            score: *score,
            routed_at: now,
        };
        let step = new_step(
            exchange.id,
            Some(*id),
            "routed",
            Side::Platform,
            tenant.slug(),
            None,
            None,
            json!({ "batch": batch }),
        );
        tx.add_route(&route).await?;
        tx.add_step(&step).await?;
        let entry = by_province.entry(province.clone()).or_default();
        entry.0.push(route);
        entry.1.push(step);
    }
    let company = exchange
        .company_account
        .map(AccountId::from_uuid)
        .ok_or(AppError::Refused(Decision::Hidden))?;
    let sender = doeners_domain::Sender {
        province: tenant.profile.slug.clone(),
        account: company,
        role: Role::Company,
    };
    for (province, (routes, steps)) in by_province {
        if province == tenant.slug() {
            for step in &steps {
                tell_about_step(tx, tenant, services, exchange, step).await?;
            }
            continue;
        }
        let wire = Wire::Opened {
            exchange: exchange.clone(),
            steps,
            routes,
        };
        parties::tell(tx, &province, exchange.id, &sender, &wire).await?;
    }
    Ok(chosen.len())
}

fn unmatched_reason(exchange: &ExchangeRow) -> String {
    let h = &exchange.header;
    let category = h
        .get("category")
        .and_then(|c| c.as_str())
        .and_then(|c| CategoryRef::parse(c).ok());
    let place = h.get("place").and_then(|p| p.as_str()).unwrap_or_default();
    match category {
        Some(c) => format!(
            "geen gepubliceerd aanbod in de categorie {} dat {} bedient en bij de vraag past",
            c.label(),
            place
        ),
        None => {
            format!("geen gepubliceerd aanbod past bij de woorden van de vraag en bedient {place}")
        }
    }
}

/// The administrators of the company's province let a question go out, or refuse it.
pub async fn review(
    tenant: &Tenant,
    tenants: &[Tenant],
    index: &SearchIndex,
    services: &Services,
    caller: Option<&Caller>,
    id: Uuid,
    approve: bool,
) -> Result<bool, AppError> {
    allow(
        caller,
        Action::ReviewRegistrations,
        &crate::allow::province(tenant),
    )?;
    let Some(exchange) = tenant
        .db
        .exchange(id)
        .await?
        .filter(|e| e.kind == "question" && e.state == QuestionState::Review.slug())
    else {
        return Ok(false);
    };
    let tx = tenant.db.begin().await?;
    if approve {
        route_batch(&tx, tenant, tenants, index, services, &exchange, 1).await?;
    } else {
        tx.set_exchange_state(id, QuestionState::Refused.slug())
            .await?;
    }
    tx.audit(
        caller.map(|c| c.account),
        if approve {
            "question.approved"
        } else {
            "question.refused"
        },
        &format!("question:{id}"),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    services.relay.ring();
    services.mail.ring();
    Ok(true)
}

/// Questions waiting for the province's review, oldest first.
pub async fn waiting_for_review(
    tenant: &Tenant,
    caller: Option<&Caller>,
) -> Result<Vec<ExchangeRow>, AppError> {
    allow(
        caller,
        Action::ReviewRegistrations,
        &crate::allow::province(tenant),
    )?;
    Ok(tenant
        .db
        .exchanges_in("question", &[QuestionState::Review.slug()])
        .await?)
}

/// The questions of the caller: those its company posted, or those routed to its organisation.
pub async fn list(tenant: &Tenant, caller: Option<&Caller>) -> Result<Vec<Summary>, AppError> {
    let Some(caller) = caller else {
        return Err(AppError::Refused(Decision::SignIn));
    };
    if caller.province.as_ref() != Some(&tenant.profile.slug) {
        return Err(AppError::Refused(Decision::Hidden));
    }
    if let Role::Member(org) = caller.role {
        let mut summaries = Vec::new();
        for exchange in tenant.db.questions_to(org).await? {
            let steps = tenant.db.steps_of(exchange.id).await?;
            let answered = steps
                .iter()
                .any(|s| s.kind == "answered" && s.organisation_id == Some(org.as_uuid()));
            summaries.push(Summary {
                waits_for_answer: !answered && exchange.state == QuestionState::Open.slug(),
                exchange,
            });
        }
        return Ok(summaries);
    }
    Ok(tenant
        .db
        .exchanges_of_company(caller.account, &["question", "suggestion"])
        .await?
        .into_iter()
        .map(|exchange| Summary {
            exchange,
            waits_for_answer: false,
        })
        .collect())
}

/// Question `id` as the caller's side sees it: the company sees every organisation's answer, an organisation
/// only its own part.
pub async fn thread(
    tenant: &Tenant,
    caller: Option<&Caller>,
    id: Uuid,
) -> Result<Thread, AppError> {
    let exchange = tenant
        .db
        .exchange(id)
        .await?
        .filter(|e| e.kind == "question" || e.kind == "suggestion")
        .ok_or(AppError::Refused(if caller.is_some() {
            Decision::Hidden
        } else {
            Decision::SignIn
        }))?;
    let routes = tenant.db.routes_of(id).await?;
    let (side, organisation) = side_of(tenant, caller, &exchange, &routes)?;
    let mut steps = tenant.db.steps_of(id).await?;
    let mut routes = routes;
    if let Some(org) = organisation {
        let own = |about: Option<Uuid>| about.is_none() || about == Some(org.as_uuid());
        steps.retain(|s| {
            own(s.organisation_id)
                && s.kind != "unmatched"
                && !(s.kind == "outcome" && s.side == "company")
        });
        routes.retain(|r| r.organisation_id == org.as_uuid());
    }
    Ok(Thread {
        undelivered: tenant.db.undelivered_in(id).await?,
        exchange,
        steps,
        routes,
        standing: doeners_domain::exchange::RequestStanding::default(),
        side,
        organisation,
    })
}

/// An organisation opens a question it was sent: the first time, that is the step "seen" (the company's
/// province learns when each organisation looked).
pub async fn open(
    tenant: &Tenant,
    services: &Services,
    caller: Option<&Caller>,
    id: Uuid,
) -> Result<Thread, AppError> {
    let current = thread(tenant, caller, id).await?;
    let (Some(caller), Some(org)) = (caller, current.organisation) else {
        return Ok(current);
    };
    if current.steps.iter().any(|s| s.kind == "seen") {
        return Ok(current);
    }
    let step = new_step(
        id,
        Some(org.as_uuid()),
        "seen",
        Side::Organisation,
        tenant.slug(),
        Some(caller.account),
        None,
        json!({}),
    );
    let _first_look = record(tenant, services, caller, &current, step, "question.seen").await?;
    thread(tenant, Some(caller), id).await
}

#[derive(Debug)]
pub enum Answered {
    Thread(Box<Thread>),
    Invalid(Problems),
    /// A Dutch sentence: why not now.
    OutOfTurn(&'static str),
}

/// An organisation the question was routed to answers, on its own province's database.
pub async fn answer(
    tenant: &Tenant,
    services: &Services,
    caller: Option<&Caller>,
    id: Uuid,
    interested: bool,
    message: &str,
    reason: Option<&str>,
) -> Result<Answered, AppError> {
    let current = thread(tenant, caller, id).await?;
    let (Some(caller), Some(org)) = (caller, current.organisation) else {
        return Err(AppError::Refused(Decision::Forbidden));
    };
    let answer = match Answer::parse(interested, message, reason, false) {
        Ok(a) => a,
        Err(problems) => return Ok(Answered::Invalid(problems)),
    };
    if current.steps.iter().any(|s| s.kind == "answered") {
        return Ok(Answered::OutOfTurn(
            "Uw organisatie heeft deze vraag al beantwoord.",
        ));
    }
    if current.exchange.state != QuestionState::Open.slug() {
        return Ok(Answered::OutOfTurn("Deze vraag is afgesloten."));
    }
    let step = new_step(
        id,
        Some(org.as_uuid()),
        "answered",
        Side::Organisation,
        tenant.slug(),
        Some(caller.account),
        Some(answer.message).filter(|m| !m.is_empty()),
        json!({ "interested": answer.interested, "reason": answer.reason.map(Reason::code) }),
    );
    record(
        tenant,
        services,
        caller,
        &current,
        step,
        "question.answered",
    )
    .await?;
    Ok(Answered::Thread(Box::new(
        thread(tenant, Some(caller), id).await?,
    )))
}

/// A party says whether a collaboration came of the question, after the deadline.
pub async fn outcome(
    tenant: &Tenant,
    services: &Services,
    caller: Option<&Caller>,
    id: Uuid,
    outcome: Outcome,
) -> Result<Answered, AppError> {
    let current = thread(tenant, caller, id).await?;
    let Some(caller) = caller else {
        return Err(AppError::Refused(Decision::SignIn));
    };
    let value = match outcome {
        Outcome::Collaboration { value_eur } => Some(value_eur),
        _ => None,
    };
    let step = new_step(
        id,
        current.organisation.map(|o| o.as_uuid()),
        "outcome",
        current.side,
        tenant.slug(),
        Some(caller.account),
        None,
        json!({ "outcome": outcome.code(), "value_eur": value }),
    );
    if let Some(why) = record(tenant, services, caller, &current, step, "question.outcome").await? {
        return Ok(Answered::OutOfTurn(why));
    }
    Ok(Answered::Thread(Box::new(
        thread(tenant, Some(caller), id).await?,
    )))
}

/// Stores `step` of the caller's side and sends it where it must go; the refusal when, read again under the
/// exchange's lock, the organisation has answered already.
async fn record(
    tenant: &Tenant,
    services: &Services,
    caller: &Caller,
    current: &Thread,
    step: StepRow,
    audit: &str,
) -> Result<Option<&'static str>, AppError> {
    let tx = tenant.db.begin().await?;
    // Takes the row lock first (see `set_exchange_state`): the message leaves in commit order, and two
    // members answering at once cannot both answer.
    tx.set_exchange_state(current.exchange.id, &current.exchange.state)
        .await?;
    if step.kind == "answered" {
        let answered = tx
            .steps_of(current.exchange.id)
            .await?
            .iter()
            .any(|s| s.kind == "answered" && s.organisation_id == step.organisation_id);
        if answered {
            return Ok(Some("Uw organisatie heeft deze vraag al beantwoord."));
        }
    }
    tx.add_step(&step).await?;
    let all_routes = tx.routes_of(current.exchange.id).await?;
    // The company's own outcome (whether and for how much it contracted) is the company's: it stays in its
    // province, where the evaluation counts it.
    let destinations = if step.kind == "outcome" && step.side == Side::Company.slug() {
        Vec::new()
    } else {
        parties::destinations(
            tenant.slug(),
            &current.exchange,
            &all_routes,
            step.organisation_id,
        )
    };
    tell_about_step(&tx, tenant, services, &current.exchange, &step).await?;
    let sender = parties::sender(tenant, caller);
    for destination in destinations {
        let wire = Wire::Step { step: step.clone() };
        parties::tell(&tx, &destination, current.exchange.id, &sender, &wire).await?;
    }
    tx.audit(
        Some(caller.account),
        audit,
        &format!("question:{}", current.exchange.id),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    services.relay.ring();
    services.mail.ring();
    Ok(None)
}

/// A suggestion and the organisations that picked it up (name, province).
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub exchange: ExchangeRow,
    pub picked_up_by: Vec<(String, String)>,
}

/// Every open suggestion of every province that answers, newest first, for organisations and administrators.
pub async fn suggestions(tenants: &[Tenant]) -> Vec<Suggestion> {
    let mut all = Vec::new();
    for tenant in tenants {
        let Ok(rows) = tenant
            .db
            .exchanges_in("suggestion", &[QuestionState::Open.slug()])
            .await
        else {
            continue;
        };
        for exchange in rows {
            let steps = tenant.db.steps_of(exchange.id).await.unwrap_or_default();
            let picked_up_by = steps
                .iter()
                .filter(|s| s.kind == "picked_up")
                .map(|s| {
                    let get = |k: &str| {
                        s.data
                            .get(k)
                            .and_then(|v| v.as_str())
                            .unwrap_or_default()
                            .to_string()
                    };
                    (get("organisation_name"), s.actor_province.clone())
                })
                .collect();
            all.push(Suggestion {
                exchange,
                picked_up_by,
            });
        }
    }
    all.sort_by_key(|s| std::cmp::Reverse(s.exchange.created_at));
    all
}

/// A member's organisation picks up suggestion `id` of `province` (any province): a step of the suggestion,
/// written there directly or carried by the relay. False when there is no such open suggestion.
pub async fn pick_up(
    tenant: &Tenant,
    tenants: &[Tenant],
    services: &Services,
    caller: Option<&Caller>,
    province: &str,
    id: Uuid,
) -> Result<bool, AppError> {
    let Some(caller) = caller else {
        return Err(AppError::Refused(Decision::SignIn));
    };
    let Role::Member(org) = caller.role else {
        return Err(AppError::Refused(Decision::Forbidden));
    };
    if caller.province.as_ref() != Some(&tenant.profile.slug) {
        return Err(AppError::Refused(Decision::Forbidden));
    }
    let Some(home) = tenants.iter().find(|t| t.slug() == province) else {
        return Ok(false);
    };
    let Some(suggestion) = home
        .db
        .exchange(id)
        .await?
        .filter(|e| e.kind == "suggestion" && e.state == QuestionState::Open.slug())
    else {
        return Ok(false);
    };
    let organisation = tenant
        .db
        .organisation_by_id(org)
        .await?
        .ok_or(AppError::Refused(Decision::Forbidden))?;
    let step = new_step(
        id,
        Some(org.as_uuid()),
        "picked_up",
        Side::Organisation,
        tenant.slug(),
        Some(caller.account),
        None,
        json!({
            "organisation_name": organisation.draft.name,
            "organisation_slug": organisation.slug.to_string(),
        }),
    );
    let tx = tenant.db.begin().await?;
    if province == tenant.slug() {
        tx.set_exchange_state(id, &suggestion.state).await?;
        tx.add_step(&step).await?;
        tell_about_step(&tx, tenant, services, &suggestion, &step).await?;
    } else {
        let wire = Wire::Step { step };
        parties::tell(&tx, province, id, &parties::sender(tenant, caller), &wire).await?;
    }
    tx.audit(
        Some(caller.account),
        "suggestion.picked_up",
        &format!("suggestion:{id}"),
        json!({ "province": province }),
    )
    .await?;
    tx.commit().await?;
    services.relay.ring();
    services.mail.ring();
    Ok(true)
}

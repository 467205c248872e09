//! Good practices: province administrators publish short cases of collaborations that worked, listed on the
//! province's portal and on the Flanders site. A party is named only when its consent is recorded; a case may
//! point to a collaboration the platform recorded and both sides confirmed.

use doeners_domain::{
    CategoryRef, InvalidValue,
    access::{Action, Caller},
    exchange::RequestState,
    forms::{Fields, Problems},
    text,
};
use doeners_persistence::GoodPractice;
use serde_json::json;
use uuid::Uuid;

use crate::{AppError, Tenant, allow::allow};

fn get<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map_or("", |v| v.trim())
}

/// Publishes a case from the administrators' form; the problems of the form, if any.
pub async fn publish(
    tenant: &Tenant,
    caller: Option<&Caller>,
    fields: &Fields,
) -> Result<Result<GoodPractice, Problems>, AppError> {
    allow(
        caller,
        Action::ReviewRegistrations,
        &crate::allow::province(tenant),
    )?;
    let Some(caller) = caller else {
        return Err(AppError::Refused(doeners_domain::access::Decision::SignIn));
    };
    let mut problems = Problems::new();
    let mut keep = |name: &'static str, r: Result<String, InvalidValue>| {
        r.map_err(|e| problems.push((name, e))).unwrap_or_default()
    };
    let title = keep(
        "title",
        text::required(get(fields, "title"), "De titel", 150),
    );
    let story = keep(
        "story",
        text::required(get(fields, "story"), "Het verhaal", 4000),
    );
    let organisations = keep(
        "organisations",
        text::required(get(fields, "organisations"), "De organisaties", 500),
    );
    let company = keep(
        "company",
        text::line(get(fields, "company"), "Het bedrijf", 200),
    );
    let category = match CategoryRef::parse(get(fields, "category")) {
        Ok(c) => c.slug().to_string(),
        Err(e) => {
            problems.push(("category", e));
            String::new()
        }
    };
    if get(fields, "organisations_consent") != "ja" {
        problems.push((
            "organisations_consent",
            InvalidValue::new("De organisaties moeten toestemming geven om genoemd te worden"),
        ));
    }
    let company_consent = get(fields, "company_consent") == "ja";
    if !company.is_empty() && !company_consent {
        problems.push((
            "company_consent",
            InvalidValue::new(
                "Het bedrijf moet toestemming geven om genoemd te worden; laat de naam anders leeg",
            ),
        ));
    }
    let collaboration = match get(fields, "collaboration") {
        "" => None,
        raw => match raw.parse::<Uuid>() {
            Ok(id) => {
                let agreed = tenant.db.exchange(id).await?.is_some_and(|e| {
                    e.kind == "contact_request"
                        && e.state == RequestState::CollaborationAgreed.slug()
                });
                if !agreed {
                    problems.push((
                        "collaboration",
                        InvalidValue::new(
                            "Geen bevestigde samenwerking met deze id in deze provincie",
                        ),
                    ));
                }
                Some(id)
            }
            Err(_) => {
                problems.push(("collaboration", InvalidValue::new("Dit is geen geldige id")));
                None
            }
        },
    };
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let now = chrono::Utc::now();
    let practice = GoodPractice {
        id: Uuid::now_v7(),
        title,
        story,
        category,
        parties: json!({
            "organisations": organisations,
            "company": company,
            "consent": {
                "organisations": { "recorded_by": caller.account.as_uuid(), "at": now },
                "company": company_consent.then(|| json!({ "recorded_by": caller.account.as_uuid(), "at": now })),
            },
        }),
        collaboration,
        published_at: now,
    };
    let tx = tenant.db.begin().await?;
    tx.publish_good_practice(caller.account, &practice).await?;
    tx.audit(
        Some(caller.account),
        "good_practice.published",
        &format!("good_practice:{}", practice.id),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(practice))
}

/// A province's cases, newest first.
pub async fn of(tenant: &Tenant) -> Result<Vec<GoodPractice>, AppError> {
    Ok(tenant.db.good_practices().await?)
}

/// Every province's cases (those that answer), newest first, with their province.
pub async fn everywhere(tenants: &[Tenant]) -> Vec<(String, GoodPractice)> {
    let mut all = Vec::new();
    for tenant in tenants {
        if let Ok(cases) = tenant.db.good_practices().await {
            all.extend(cases.into_iter().map(|c| (tenant.slug().to_string(), c)));
        }
    }
    all.sort_by_key(|(_, c)| std::cmp::Reverse(c.published_at));
    all
}

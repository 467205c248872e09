//! What a company keeps on its account: organisations it saved (of any province), and searches it saved, with an
//! optional daily e-mail when offers appear that the search did not show before. Both stay in the company's own
//! province and go with the account.

use chrono::{DateTime, Timelike, Utc};
use doeners_domain::{
    access::{Action, Caller, Object, Role},
    service_area::Place,
};
use doeners_persistence::{SavedOrganisation, SavedSearch};
use doeners_search::{SearchIndex, SearchRequest};
use uuid::Uuid;

use crate::{AppError, Services, Tenant, allow::allow, mail, mail::Letter};

/// How many offers a saved search keeps track of, and how many one alert names.
const WATCHED: usize = 200;
const NAMED: usize = 10;

/// The caller, when it is a company of this province acting on its own account.
fn own_company<'a>(tenant: &Tenant, caller: Option<&'a Caller>) -> Result<&'a Caller, AppError> {
    let object = Object {
        province: Some(tenant.profile.slug.clone()),
        account: caller.map(|c| c.account),
        ..Object::default()
    };
    allow(caller, Action::ManageOwnAccount, &object)?;
    match caller {
        Some(c) if c.role == Role::Company => Ok(c),
        _ => Err(AppError::Refused(
            doeners_domain::access::Decision::Forbidden,
        )),
    }
}

pub async fn save_organisation(
    tenant: &Tenant,
    caller: Option<&Caller>,
    province: &str,
    slug: &str,
    name: &str,
) -> Result<(), AppError> {
    let company = own_company(tenant, caller)?;
    Ok(tenant
        .db
        .save_organisation(company.account, province, slug, name)
        .await?)
}

pub async fn forget_organisation(
    tenant: &Tenant,
    caller: Option<&Caller>,
    id: Uuid,
) -> Result<(), AppError> {
    let company = own_company(tenant, caller)?;
    Ok(tenant.db.forget_organisation(company.account, id).await?)
}

/// The company's saved organisations and searches; nothing for another kind of account.
pub async fn of_account(
    tenant: &Tenant,
    caller: Option<&Caller>,
) -> Result<(Vec<SavedOrganisation>, Vec<SavedSearch>), AppError> {
    let Ok(company) = own_company(tenant, caller) else {
        return Ok((Vec::new(), Vec::new()));
    };
    Ok((
        tenant.db.saved_organisations(company.account).await?,
        tenant.db.saved_searches(company.account).await?,
    ))
}

/// The search a saved one runs: its words and place, from the company's own portal (its province first).
pub fn request(tenant: &Tenant, query: &str, place: &str) -> SearchRequest {
    SearchRequest {
        q: query.to_string(),
        near: Place::parse(place)
            .ok()
            .filter(|_| !place.trim().is_empty()),
        portal: tenant.profile.province(),
        limit: WATCHED,
        ..SearchRequest::default()
    }
}

/// Saves the search with the offers it shows now: an alert only names offers that come after.
pub async fn save_search(
    tenant: &Tenant,
    caller: Option<&Caller>,
    index: &SearchIndex,
    query: &str,
    place: &str,
    alert: bool,
) -> Result<Uuid, AppError> {
    let company = own_company(tenant, caller)?;
    let shown = index
        .search(&request(tenant, query, place))
        .map(|r| r.hits.iter().map(|h| h.offer.offer_id).collect::<Vec<_>>())
        .unwrap_or_default();
    Ok(tenant
        .db
        .save_search(company.account, query, place, alert, &shown)
        .await?)
}

pub async fn forget_search(
    tenant: &Tenant,
    caller: Option<&Caller>,
    id: Uuid,
) -> Result<(), AppError> {
    let company = own_company(tenant, caller)?;
    Ok(tenant.db.forget_search(company.account, id).await?)
}

/// Once a day (from `hour` in Brussels), an e-mail per saved search that asked for one and has new offers.
/// Each search's day is claimed in the transaction that mails it, so no alert goes out twice. How many were sent.
pub async fn send_alerts(
    tenant: &Tenant,
    index: &SearchIndex,
    services: &Services,
    now: DateTime<Utc>,
    hour: u32,
) -> Result<usize, AppError> {
    let local = now.with_timezone(&chrono_tz::Europe::Brussels);
    if local.hour() < hour {
        return Ok(0);
    }
    let day = local.format("%Y-%m-%d").to_string();
    let mut sent = 0;
    for search in tenant.db.searches_to_alert().await? {
        let Ok(results) = index.search(&request(tenant, &search.query, &search.place)) else {
            continue;
        };
        let tx = tenant.db.begin().await?;
        if !tx
            .claim_run("saved_search.alert", &format!("{}:{day}", search.id))
            .await?
        {
            continue;
        }
        let new: Vec<_> = results
            .hits
            .iter()
            .filter(|h| !search.seen.contains(&h.offer.offer_id))
            .collect();
        if !new.is_empty()
            && let Some(account) = tx.account(search.account).await?
        {
            let mut body = format!(
                "Er is nieuw aanbod voor uw bewaarde zoekopdracht '{}'{}:\n",
                search.query,
                if search.place.is_empty() {
                    String::new()
                } else {
                    format!(" bij {}", search.place)
                }
            );
            for hit in new.iter().take(NAMED) {
                body.push_str(&format!(
                    "\n* {}, van {} ({})\n  {}/{}/organisaties/{}?aanbod={}\n",
                    hit.offer.title,
                    hit.offer.organisation_name,
                    hit.offer.municipality,
                    services.links.base(),
                    hit.offer.tenant,
                    hit.offer.organisation_slug,
                    hit.offer.offer_id
                ));
            }
            if new.len() > NAMED {
                body.push_str(&format!("\nen nog {} meer.\n", new.len() - NAMED));
            }
            body.push_str(&format!(
                "\n--\nGeen e-mail meer voor deze zoekopdracht? Verwijder ze op {}/{}/account.\n",
                services.links.base(),
                tenant.slug()
            ));
            mail::queue(
                &tx,
                &Letter {
                    to: account.email.clone(),
                    subject: format!("Nieuw aanbod voor '{}' op doeners", search.query),
                    body,
                },
            )
            .await?;
            sent += 1;
        }
        // What the search shows now is what the company knows of: the list stays as long as the results.
        let seen: Vec<Uuid> = results.hits.iter().map(|h| h.offer.offer_id).collect();
        tx.mark_alerted(search.id, &seen, now).await?;
        tx.commit().await?;
    }
    Ok(sent)
}

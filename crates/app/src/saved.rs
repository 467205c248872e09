//! What a company keeps on its account: organisations it saved (of any province), and searches it saved, with an
//! optional daily e-mail when offers appear that the search did not show before. Both stay in the company's own
//! province and go with the account.

use chrono::{DateTime, Timelike, Utc};
use doeners_domain::{
    access::{Action, Caller, Object, Role},
    service_area::Place,
};
use doeners_persistence::{SavedOrganisation, SavedSearch};
use doeners_search::{Hit, SearchIndex, SearchRequest};
use uuid::Uuid;

use crate::{AppError, Services, Tenant, allow::allow, mail, mail::Letter};

/// How many offers a search reads (the engine's largest page), how many one alert names, how many offers a
/// saved search remembers it told about, and how many searches a company saves.
const WATCHED: usize = 100;
const NAMED: usize = 10;
const REMEMBERED: usize = 1_000;
pub const MAX_SAVED_SEARCHES: usize = 20;

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

/// Saves the search with the offers it shows now: an alert only names offers that come after. Saving the same
/// words and place again changes nothing but the choice of e-mail; `Ok(Err(sentence))` when the words cannot be
/// kept or the company has its twenty searches already.
pub async fn save_search(
    tenant: &Tenant,
    caller: Option<&Caller>,
    index: &SearchIndex,
    query: &str,
    place: &str,
    alert: bool,
) -> Result<Result<(), String>, AppError> {
    let company = own_company(tenant, caller)?;
    let query = match doeners_domain::text::line(query, "zoekopdracht", 200) {
        Ok(q) if !q.is_empty() => q,
        Ok(_) => {
            return Ok(Err(
                "Een zoekopdracht bewaart u met de woorden waarop u zocht.".to_string(),
            ));
        }
        Err(e) => return Ok(Err(e.to_string())),
    };
    let place = place.trim();
    let saved = tenant.db.saved_searches(company.account).await?;
    if let Some(same) = saved
        .iter()
        .find(|s| s.query.eq_ignore_ascii_case(&query) && s.place.eq_ignore_ascii_case(place))
    {
        tenant.db.set_alert(company.account, same.id, alert).await?;
        return Ok(Ok(()));
    }
    if saved.len() >= MAX_SAVED_SEARCHES {
        return Ok(Err(format!(
            "U bewaarde al {MAX_SAVED_SEARCHES} zoekopdrachten: verwijder er eerst een op uw account."
        )));
    }
    let shown = index
        .search(&request(tenant, &query, place))
        .map(|r| r.hits.iter().map(|h| h.offer.offer_id).collect::<Vec<_>>())
        .unwrap_or_default();
    tenant
        .db
        .save_search(company.account, &query, place, alert, &shown)
        .await?;
    Ok(Ok(()))
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
    let today = local.date_naive();
    let mut sent = 0;
    for search in tenant.db.searches_to_alert().await? {
        // Already done today: not even searched again.
        if search
            .alerted_at
            .is_some_and(|at| at.with_timezone(&chrono_tz::Europe::Brussels).date_naive() == today)
        {
            continue;
        }
        match alert(tenant, index, services, &search, &day, now).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            // One search that fails does not keep the others from their e-mail.
            Err(e) => {
                tracing::warn!(province = %tenant.slug(), search = %search.id, error = %e, "saved search not checked; tried again later")
            }
        }
    }
    Ok(sent)
}

/// One saved search's day: whether it mailed.
async fn alert(
    tenant: &Tenant,
    index: &SearchIndex,
    services: &Services,
    search: &SavedSearch,
    day: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Ok(results) = index.search(&request(tenant, &search.query, &search.place)) else {
        return Ok(false);
    };
    let tx = tenant.db.begin().await?;
    if !tx
        .claim_run("saved_search.alert", &format!("{}:{day}", search.id))
        .await?
    {
        return Ok(false);
    }
    let new: Vec<&Hit> = results
        .hits
        .iter()
        // An offer that only fills up a short answer does not do what was searched for: no news.
        .filter(|h| !h.explanation.same_kind && !search.seen.contains(&h.offer.offer_id))
        .collect();
    let mut mailed = false;
    if !new.is_empty()
        && let Some(account) = tx.account(search.account).await?
    {
        mail::queue(&tx, &letter(tenant, services, search, &new, &account.email)).await?;
        mailed = true;
    }
    // Every offer it told about or showed is remembered (the newest first, within bounds), so an offer that
    // leaves the results and comes back is not news again.
    let mut seen: Vec<Uuid> = new.iter().map(|h| h.offer.offer_id).collect();
    seen.extend(search.seen.iter().copied());
    seen.truncate(REMEMBERED);
    tx.mark_alerted(search.id, &seen, now).await?;
    tx.commit().await?;
    Ok(mailed)
}

/// The alert: the new offers (the first ten), each with its link, and how to stop it.
fn letter(
    tenant: &Tenant,
    services: &Services,
    search: &SavedSearch,
    new: &[&Hit],
    to: &doeners_domain::Email,
) -> Letter {
    let place = if search.place.is_empty() {
        String::new()
    } else {
        format!(" bij {}", search.place)
    };
    let mut body = format!(
        "Er is nieuw aanbod voor uw bewaarde zoekopdracht '{}'{place}:\n",
        search.query
    );
    for hit in new.iter().take(NAMED) {
        body.push_str(&format!(
            "\n* {}, van {} ({})\n  {}/organisaties/{}?aanbod={}\n",
            hit.offer.title,
            hit.offer.organisation_name,
            hit.offer.municipality,
            services.links.portal(hit.offer.tenant.as_str()),
            hit.offer.organisation_slug,
            hit.offer.offer_id
        ));
    }
    if new.len() > NAMED {
        body.push_str(&format!("\nen nog {} meer.\n", new.len() - NAMED));
    }
    body.push_str(&format!(
        "\n--\nGeen e-mail meer voor deze zoekopdracht? Verwijder ze op {}/account.\n",
        services.links.portal(tenant.slug())
    ));
    Letter {
        to: to.clone(),
        subject: format!("Nieuw aanbod voor '{}' op doeners", search.query),
        body,
    }
}

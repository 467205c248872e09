//! Reading a search from a query string: the API and the search pages accept the same parameters.

use doeners_app::records::{SearchLogEntry, SearchSource};
use doeners_domain::{
    CategoryGroup, CategoryRef, ExecutionMode, OrganisationKind, ProvinceRef,
    service_area::{MAX_RADIUS_KM, Place},
};
use doeners_search::SearchRequest;

use crate::{AppState, error::ApiError, extract::QueryParams};

pub const MAX_QUERY_CHARS: usize = 200;

/// The search the query asks for; `portal` is the tenant whose page asks, when it is not in the query.
pub fn request(
    state: &AppState,
    query: &QueryParams,
    portal: Option<&str>,
) -> Result<SearchRequest, ApiError> {
    let q = query_text(query);
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::invalid_parameter(
            "q",
            format!("te lang (hoogstens {MAX_QUERY_CHARS} tekens)"),
        ));
    }
    let page = query.page()?;
    let near = query.parse("near", Place::parse)?;
    let radius_km = query.parse_number("radius_km", |raw| match raw.trim().parse::<u16>() {
        Ok(km) if (1..=MAX_RADIUS_KM).contains(&km) => Ok(km),
        _ => Err(format!(
            "verwacht een aantal kilometer van 1 tot {MAX_RADIUS_KM}"
        )),
    })?;
    if radius_km.is_some() && near.is_none() {
        return Err(ApiError::invalid_parameter(
            "radius_km",
            "geef ook een plaats met near",
        ));
    }
    let portal_slug = query.get("portal").or(portal);
    let portal = match portal_slug {
        Some(slug) => {
            let tenant = state.tenant(slug).ok_or_else(|| {
                ApiError::invalid_parameter("portal", format!("onbekende provincie '{slug}'"))
            })?;
            tenant.profile.province()
        }
        None => None,
    };
    let offset = (page.number - 1).saturating_mul(page.per_page);
    Ok(SearchRequest {
        q,
        categories: query.parse_all("category", CategoryRef::parse)?,
        group: query.parse("group", |raw| {
            CategoryGroup::by_slug(raw.trim()).ok_or_else(|| format!("onbekende groep '{raw}'"))
        })?,
        kind: query.parse("kind", OrganisationKind::parse)?,
        mode: query.parse("mode", ExecutionMode::parse)?,
        provinces: query.parse_all("province", |raw| {
            ProvinceRef::by_slug(raw).ok_or_else(|| format!("onbekende provincie '{raw}'"))
        })?,
        near,
        radius_km,
        portal,
        offset: usize::try_from(offset).unwrap_or(usize::MAX),
        limit: usize::try_from(page.per_page).unwrap_or(20),
    })
}

/// A place the search does not know, said in plain Dutch with the municipalities whose names start alike
/// ("Hasselt centrum" → "Bedoelt u Hasselt?").
pub fn place_not_understood(raw: &str, reason: &str) -> String {
    let raw = raw.trim();
    let mut message = format!("We kennen de plaats '{raw}' niet ({reason}).");
    let alike = places_alike(raw);
    if let Some((last, rest)) = alike.split_last() {
        let names = if rest.is_empty() {
            (*last).to_string()
        } else {
            format!("{} of {last}", rest.join(", "))
        };
        message.push_str(&format!(" Bedoelt u {names}?"));
    }
    message.push_str(" Geef een postcode, zoals 3500, of de naam van een gemeente.");
    message
}

/// Up to five municipalities whose name starts like the first word of `raw`.
fn places_alike(raw: &str) -> Vec<&'static str> {
    let folded = doeners_domain::text::fold(raw);
    let Some(first) = folded
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.len() >= 3)
    else {
        return Vec::new();
    };
    let prefix: String = first.chars().take(5).collect();
    let mut names: Vec<&'static str> = doeners_domain::Municipality::all()
        .iter()
        .filter(|m| {
            m.province()
                .is_some_and(|p| p.is_flemish() || p.slug == "brussel")
        })
        .map(|m| m.name)
        .filter(|name| doeners_domain::text::fold(name).starts_with(&prefix))
        .collect();
    names.sort_unstable();
    names.dedup();
    names.truncate(5);
    names
}

/// The typed words, with control characters read as spaces: they mean nothing to the search, and the recorded
/// query is shown to administrators later.
pub fn query_text(query: &QueryParams) -> String {
    query
        .get("q")
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// A hit's explanation in plain Dutch: "12 km, in Limburg, past bij: groenonderhoud".
pub fn explain(hit: &doeners_search::Hit) -> String {
    let mut parts = Vec::new();
    if let Some(km) = hit.distance_km {
        parts.push(if km < 1.0 {
            "minder dan 1 km".to_string()
        } else {
            format!("{} km", km.round())
        });
    }
    if let Some(province) = ProvinceRef::by_slug(&hit.offer.province) {
        parts.push(format!("in {}", province.name));
    }
    let e = &hit.explanation;
    let mut matched: Vec<String> = Vec::new();
    for term in &e.matched_terms {
        if let Some((_, used)) = e.synonyms.iter().find(|(typed, _)| typed == term) {
            matched.push(format!("{term} (= {used})"));
        } else if let Some((_, corrected)) = e.typos.iter().find(|(typed, _)| typed == term) {
            matched.push(format!("{corrected} (u typte '{term}')"));
        } else {
            matched.push(term.clone());
        }
    }
    if let Some(category) = e.category_match.as_ref().filter(|_| !e.category_intent) {
        let lower = category.to_lowercase();
        if !matched.iter().any(|m| m.eq_ignore_ascii_case(&lower)) {
            matched.push(lower);
        }
    }
    if !matched.is_empty() {
        parts.push(format!("past bij: {}", matched.join(", ")));
    }
    if let Some(category) = e.category_match.as_ref().filter(|_| e.same_kind) {
        parts.push(format!(
            "zelfde soort werk als het best passende aanbod: {category}"
        ));
    } else if let Some(category) = e.category_match.as_ref().filter(|_| e.category_intent) {
        parts.push(format!("past bij categorie {category}"));
    }
    parts.join(", ")
}

/// Where a search was asked.
#[derive(Debug, Clone, Copy)]
pub enum Asked<'a> {
    /// On this province's portal: counted as its search.
    Portal(&'a crate::Tenant),
    /// On the Flanders-wide page.
    Flanders,
    /// Through the JSON API: counted as an API search, in no province (`?portal=` only shapes the answer).
    Api,
}

/// Records a search, with the signed-in company when there is one, without holding up the answer. A search of
/// no province's portal is recorded in the federation database.
pub fn record(
    state: &AppState,
    asked: Asked<'_>,
    query: &QueryParams,
    total: usize,
    company: Option<doeners_domain::AccountId>,
) {
    let mut filters = serde_json::Map::new();
    for name in [
        "category",
        "group",
        "kind",
        "mode",
        "province",
        "near",
        "radius_km",
    ] {
        let values: Vec<&str> = query.all(name).collect();
        match values.as_slice() {
            [] => {}
            [one] => {
                filters.insert(name.to_string(), (*one).into());
            }
            many => {
                filters.insert(name.to_string(), many.to_vec().into());
            }
        }
    }
    let source = match asked {
        Asked::Portal(_) => SearchSource::Portal,
        Asked::Flanders => SearchSource::Flanders,
        Asked::Api => SearchSource::Api,
    };
    let entry = SearchLogEntry {
        searched_at: chrono::Utc::now(),
        source,
        query: query_text(query),
        filters: filters.into(),
        result_count: total,
        company_id: company.map(|c| c.as_uuid()),
    };
    let recorder = &state.services().searches;
    match asked {
        Asked::Portal(tenant) => recorder.portal(tenant, entry),
        Asked::Flanders | Asked::Api => recorder.beyond_provinces(state.federation(), entry),
    }
}

#[cfg(test)]
mod tests {
    use super::place_not_understood;

    #[test]
    fn a_place_not_understood_is_answered_with_places_alike() {
        let message = place_not_understood("Hasselt centrum", "onbekende gemeente");
        assert!(
            message.starts_with("We kennen de plaats 'Hasselt centrum' niet"),
            "{message}"
        );
        assert!(message.contains("Bedoelt u Hasselt?"), "{message}");
        assert!(!place_not_understood("qqq", "onbekend").contains("Bedoelt u"));
    }
}

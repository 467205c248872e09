//! `/zoeken` (all of Flanders) and `/{tenant}/zoeken` (a portal's search: its own province first, with a switch
//! to "only this province"). Plain GET forms; facets are links, so everything works without JavaScript.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use doeners_domain::{
    CategoryGroup, CategoryRef, ExecutionMode, OrganisationKind, ProvinceRef, access::Role,
};
use doeners_search::SearchResults;
use maud::{Markup, html};

use super::{PortalTenant, layout, result_groups};
use crate::{AppState, Tenant, error::ErrorCode, extract::QueryParams, search_params, session};

pub async fn flanders(State(state): State<AppState>, query: QueryParams) -> Response {
    render(&state, None, &query, None)
}

pub async fn portal(
    PortalTenant(tenant): PortalTenant,
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryParams,
) -> Response {
    // The signed-in company, for the search log and to save the search; a session that cannot be read only
    // leaves it out.
    let company = match session::current(&state, &tenant, &headers).await {
        Ok(Some((_, active))) if active.account.role == Role::Company => Some(active),
        _ => None,
    };
    render(&state, Some(&tenant), &query, company.as_ref())
}

fn render(
    state: &AppState,
    tenant: Option<&Tenant>,
    query: &QueryParams,
    company: Option<&doeners_app::records::ActiveSession>,
) -> Response {
    let own = tenant.and_then(|t| t.profile.province());
    let only_own = query.get("alleen").is_some() && own.is_some();
    let mut params = query.clone();
    if only_own && let Some(p) = own {
        params.0.push(("province".to_string(), p.slug.to_string()));
    }
    let searched = query
        .0
        .iter()
        .any(|(k, v)| k != "alleen" && !v.trim().is_empty());
    // Nothing asked yet: the form alone.
    let outcome = searched.then(|| {
        search_params::request(state, &params, tenant.map(|t| t.profile.slug.as_str())).and_then(
            |mut request| {
                // The page lists organisations: it ranks a window of offers and pages through the
                // organisations they gather into.
                request.offset = 0;
                request.limit = result_groups::WINDOW;
                state
                    .search_offers(&request)
                    .map(|r| (r, request))
                    .map_err(|e| {
                        tracing::error!(error = %e, "search failed");
                        crate::error::ApiError::new(
                            StatusCode::INTERNAL_SERVER_ERROR,
                            ErrorCode::SearchFailed,
                            "Zoeken lukt nu niet.",
                        )
                    })
            },
        )
    });
    let action = tenant.map_or_else(
        || "/zoeken".to_string(),
        |t| format!("/{}/zoeken", t.profile.slug),
    );
    let (status, results, error) = match outcome {
        None => (StatusCode::OK, None, None),
        Some(Ok((results, request))) => {
            search_params::record(
                state,
                tenant.map_or(search_params::Asked::Flanders, search_params::Asked::Portal),
                &params,
                results.found,
                company.map(|c| c.account.id),
            );
            (StatusCode::OK, Some((results, request)), None)
        }
        Some(Err(e)) => {
            // A place the search does not know is said in plain Dutch, with places whose names start alike.
            let unknown_place = query
                .get("near")
                .filter(|raw| !raw.trim().is_empty())
                .and_then(|raw| {
                    doeners_domain::service_area::Place::parse(raw)
                        .err()
                        .map(|e| search_params::place_not_understood(raw, &e.to_string()))
                });
            (e.status, None, Some(unknown_place.unwrap_or(e.message)))
        }
    };
    let body = html! {
        h1 { @if let Some(t) = tenant { "Zoeken in het aanbod van " (t.profile.display_name) } @else { "Zoeken in heel Vlaanderen" } }
        (form(query, &action, own, only_own))
        @if let Some(message) = error { p.error role="alert" { (message) } }
        @if query.get("bewaard").is_some() { p.confirmation role="status" { "De zoekopdracht is bewaard. U vindt ze terug op " a href={ (action.trim_end_matches("zoeken")) "account#bewaard" } { "Mijn account" } "." } }
        @if let Some((results, request)) = &results {
            (result_list(results, query, &action, request.near.is_some() || results.place_from_query.is_some(), &ask_instead(state, tenant)))
            @if let (Some(t), Some(c)) = (tenant, company) {
                @if !request.q.is_empty() {
                    (super::saved::save_search_form(t.profile.slug.as_str(), &c.csrf_token, &request.q, query.get("near").unwrap_or_default()))
                }
            }
        }
    };
    // The query in the title: a browser's history and tabs tell one search from another.
    let title = match query.get("q").map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => format!("Zoeken: {q}"),
        None => "Zoeken".to_string(),
    };
    let page = layout::page(&title, tenant.map(|t| &t.profile), body);
    (status, page).into_response()
}

pub(crate) fn form(
    query: &QueryParams,
    action: &str,
    own: Option<&ProvinceRef>,
    only_own: bool,
) -> Markup {
    html! {
        form.search method="get" action=(action) role="search" {
            div.field {
                label for="q" { "Wat zoekt u?" }
                input #q type="search" name="q" value=(query.get("q").unwrap_or_default()) placeholder="bv. groenonderhoud, kuisen van bureaus";
            }
            div.field {
                label for="near" { "Waar moet het werk gebeuren? " span.small { "(postcode of gemeente)" } }
                input #near type="text" name="near" value=(query.get("near").unwrap_or_default()) placeholder="bv. 3500 of Hasselt";
            }
            @for (name, value) in query.0.iter().filter(|(k, _)| matches!(k.as_str(), "category" | "group" | "kind" | "mode" | "province")) {
                input type="hidden" name=(name) value=(value);
            }
            @if let Some(p) = own {
                div.field.check {
                    input #alleen type="checkbox" name="alleen" value="1" checked[only_own];
                    label for="alleen" { "Alleen organisaties uit " (p.name) }
                }
            }
            button type="submit" { "Zoeken" }
        }
    }
}

/// The current query with one parameter set (or removed when `value` is `None`), as a link.
fn link(query: &QueryParams, action: &str, name: &str, value: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> = query
        .0
        .iter()
        .filter(|(k, v)| k != name && k != "page" && !v.is_empty())
        .cloned()
        .collect();
    if let Some(v) = value {
        pairs.push((name.to_string(), v.to_string()));
    }
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    format!("{action}?{}", encoded.join("&"))
}

/// A query-string value, percent-encoded (spaces as `+`).
pub(crate) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn facet_label(dimension: &str, value: &str) -> String {
    match dimension {
        "group" => CategoryGroup::by_slug(value).map_or(value.to_string(), |g| g.label.to_string()),
        "category" => CategoryRef::parse(value).map_or(value.to_string(), |c| c.name().to_string()),
        "province" => ProvinceRef::by_slug(value).map_or(value.to_string(), |p| p.name.to_string()),
        "kind" => {
            OrganisationKind::parse(value).map_or(value.to_string(), |k| k.label().to_string())
        }
        "mode" => ExecutionMode::parse(value).map_or(value.to_string(), |m| m.label().to_string()),
        _ => value.to_string(),
    }
}

/// A related offer, shown when nothing answers the whole query.
fn related(hit: &doeners_search::Hit) -> Markup {
    html! {
        article.offer {
            h4 { (hit.offer.title) }
            p.meta {
                a href={ "/" (hit.offer.tenant) "/organisaties/" (hit.offer.organisation_slug) "?aanbod=" (hit.offer.offer_id) "#aanbod-" (hit.offer.offer_id) } { (hit.offer.organisation_name) }
                " · " (hit.offer.municipality)
                @if hit.crosses_border { " · " span.badge { "andere provincie" } }
            }
            p.why { (search_params::explain(hit)) }
        }
    }
}

/// When nothing answers, the next step: a question that the province sends to the organisations that fit; from
/// the Flanders-wide page, to any province.
fn ask_instead(state: &AppState, tenant: Option<&Tenant>) -> Markup {
    let short_name = |t: &Tenant| {
        t.profile
            .province()
            .map_or(t.profile.display_name.clone(), |p| p.name.to_string())
    };
    html! {
        @if let Some(t) = tenant {
            p { "Beschrijf wat u zoekt: de provincie stuurt uw vraag naar de organisaties die erbij passen. " a.button href={ "/" (t.profile.slug) "/vragen/nieuw" } { "Stel je vraag" } }
        } @else {
            p { "Beschrijf wat u zoekt op het portaal van uw provincie: zij stuurt uw vraag naar de organisaties die erbij passen. Stel je vraag in "
                @for (i, t) in state.tenants().iter().enumerate() {
                    @if i > 0 { ", " }
                    a href={ "/" (t.profile.slug) "/vragen/nieuw" } { (short_name(t)) }
                }
                "."
            }
        }
    }
}

fn result_list(
    results: &SearchResults,
    query: &QueryParams,
    action: &str,
    located: bool,
    next_step: &Markup,
) -> Markup {
    let f = &results.facets;
    let dimensions = [
        ("group", "Soort werk", &f.group),
        ("province", "Provincie", &f.province),
        ("kind", "Soort organisatie", &f.kind),
        ("mode", "Uitvoering", &f.mode),
    ];
    let by_distance = located && query.get("sort") == Some("afstand");
    let mut organisations = result_groups::group(&results.hits);
    if by_distance {
        result_groups::sort_by_distance(&mut organisations);
    }
    let shown_from = query
        .get("page")
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let pages = organisations.len().div_ceil(result_groups::PER_PAGE).max(1);
    let page = shown_from.min(pages);
    let on_page = organisations
        .iter()
        .skip((page - 1) * result_groups::PER_PAGE)
        .take(result_groups::PER_PAGE);
    let active_filters = dimensions
        .iter()
        .filter(|(name, _, _)| query.all(name).next().is_some())
        .count();
    html! {
        div.results {
            // On a phone the filters fold away behind one line, so the first organisation is in view; on a wider
            // screen the stylesheet shows them beside the results.
            details.facets {
                summary {
                    "Verfijnen"
                    @if active_filters > 0 { " (" (active_filters) " actief)" }
                }
                aside aria-label="Verfijnen" {
                    @for (name, title, counts) in dimensions {
                        @if !counts.is_empty() {
                            h2 { (title) }
                            ul {
                                @for (value, n) in counts.iter() {
                                    @let active = query.all(name).any(|v| v == value);
                                    li {
                                        @if active {
                                            strong { (facet_label(name, value)) } " " a href=(link(query, action, name, None)) { "(wis)" }
                                        } @else {
                                            a href=(link(query, action, name, Some(value))) { (facet_label(name, value)) } " " span.count { "(" (n) ")" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.hits aria-labelledby="resultaten" {
                h2 #resultaten {
                    (layout::count(organisations.len() as u64, "organisatie", "organisaties"))
                }
                @if let Some(place) = &results.place_from_query {
                    p.small { "Gezocht in de buurt van " strong { (place) } ", de plaats in uw zoekopdracht." }
                }
                @if results.total > results.hits.len() {
                    p.small { "Met het best passende aanbod: de eerste " (results.hits.len()) " van " (results.total) " resultaten. Maak uw zoekopdracht preciezer of verfijn ze, om de rest te zien." }
                }
                @if located && !organisations.is_empty() {
                    p.sort {
                        "Volgorde: "
                        @if by_distance {
                            a href=(link(query, action, "sort", None)) { "best passend eerst" } " · " strong aria-current="true" { "dichtstbij eerst" }
                        } @else {
                            strong aria-current="true" { "best passend eerst" } " · " a href=(link(query, action, "sort", Some("afstand"))) { "dichtstbij eerst" }
                        }
                    }
                }
                @if results.relaxed { p.small { "Geen aanbod past bij alle woorden; dit past bij een deel ervan." } }
                @if results.total == 0 {
                    @if results.unmatched.is_empty() {
                        p { "Geen aanbod gevonden. Probeer andere of minder woorden, of laat de plaats weg." }
                    } @else {
                        p { strong { "Niemand biedt dit aan." } " Geen organisatie in het aanbod doet '" (results.unmatched.join(" ")) "'." }
                    }
                    (next_step)
                    @if !results.related.is_empty() {
                        h3 #verwant { "Misschien zoekt u: …" }
                        p.small { "Dit aanbod past bij een deel van uw zoekopdracht, niet bij alles wat u vroeg." }
                        @for hit in &results.related { (related(hit)) }
                    }
                }
                @for organisation in on_page { (result_groups::render(organisation)) }
                @if pages > 1 {
                    nav.pages aria-label="Paginering" {
                        @if page > 1 { a rel="prev" href=(link(query, action, "page", Some(&(page - 1).to_string()))) { "← Vorige" } }
                        span { "pagina " (page) " van " (pages) }
                        @if page < pages { a rel="next" href=(link(query, action, "page", Some(&(page + 1).to_string()))) { "Volgende →" } }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_query_and_replace_one_parameter() {
        let q = QueryParams(vec![
            ("q".into(), "kuisen van bureaus".into()),
            ("page".into(), "3".into()),
            ("group".into(), "groen".into()),
        ]);
        assert_eq!(
            link(&q, "/zoeken", "group", Some("schoonmaak")),
            "/zoeken?q=kuisen+van+bureaus&group=schoonmaak"
        );
        assert_eq!(
            link(&q, "/zoeken", "group", None),
            "/zoeken?q=kuisen+van+bureaus"
        );
        assert_eq!(encode("é&="), "%C3%A9%26%3D");
    }
}

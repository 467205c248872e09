//! `GET /api/v1/search`: one search over every province's published offers.

use std::time::Instant;

use axum::{Json, extract::State};
use doeners_search::{Facets, Hit};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ErrorCode;
use crate::{
    AppState,
    error::{ApiError, ErrorBody},
    extract::QueryParams,
    search_params,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    pub total: usize,
    pub page: u64,
    pub per_page: u64,
    /// Milliseconds the engine took.
    pub took_ms: f64,
    /// True when no hit matches every word of the query (nor the category it means).
    pub relaxed: bool,
    pub hits: Vec<SearchHitDto>,
    /// Typed words that match nothing any organisation offers (no word, synonym, typo correction or category).
    /// When they are the distinctive part of the query, `hits` is empty and `total` is 0.
    pub unmatched: Vec<String>,
    /// With an empty `hits`: offers that match the rest of the query ("maybe you mean"), not an answer to it.
    pub related: Vec<SearchHitDto>,
    /// Counts per value, over all results: group, category, province, kind, mode.
    #[schema(value_type = Object)]
    pub facets: Facets,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitDto {
    pub offer_id: uuid::Uuid,
    pub title: String,
    pub description: String,
    pub category: String,
    pub group: String,
    pub execution_mode: String,
    pub service_area: String,
    pub organisation: SearchOrganisationDto,
    /// The province whose portal holds the organisation.
    #[schema(example = "vlaams-brabant")]
    pub province: String,
    pub municipality: String,
    pub distance_km: Option<f64>,
    /// Whether the organisation lies outside the asking portal's province.
    pub crosses_border: bool,
    pub score: f32,
    pub explanation: ExplanationDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchOrganisationDto {
    pub slug: String,
    pub name: String,
    pub kind: String,
    /// The organisation's page on its province's portal.
    #[schema(example = "/limburg/organisaties/de-vlinder-hasselt")]
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExplanationDto {
    pub matched_terms: Vec<String>,
    /// Pairs of (typed word, synonym that matched).
    pub synonyms: Vec<(String, String)>,
    /// Pairs of (typed word, the word it was read as).
    pub typos: Vec<(String, String)>,
    pub category_match: Option<String>,
    pub distance_km: Option<f64>,
    /// The same in a Dutch sentence, e.g. "12 km, in Limburg, past bij: groenonderhoud".
    pub text: String,
}

impl SearchHitDto {
    pub fn of(hit: &Hit) -> Self {
        let o = &hit.offer;
        Self {
            offer_id: o.offer_id,
            title: o.title.clone(),
            description: o.description.clone(),
            category: o.category.clone(),
            group: o.group.clone(),
            execution_mode: o.mode.clone(),
            service_area: o.service_area.clone(),
            organisation: SearchOrganisationDto {
                slug: o.organisation_slug.clone(),
                name: o.organisation_name.clone(),
                kind: o.kind.clone(),
                url: format!("/{}/organisaties/{}", o.tenant, o.organisation_slug),
            },
            province: o.tenant.clone(),
            municipality: o.municipality.clone(),
            distance_km: hit.distance_km,
            crosses_border: hit.crosses_border,
            score: hit.score,
            explanation: ExplanationDto {
                matched_terms: hit.explanation.matched_terms.clone(),
                synonyms: hit.explanation.synonyms.clone(),
                typos: hit.explanation.typos.clone(),
                category_match: hit.explanation.category_match.clone(),
                distance_km: hit.explanation.distance_km,
                text: search_params::explain(hit),
            },
        }
    }
}

/// Searches the published offers of every province.
#[utoipa::path(get, path = "/api/v1/search", tag = "zoeken",
    params(
        ("q" = Option<String>, Query, max_length = 200, description = "Words, in Dutch; synonyms and small typos are understood"),
        ("category" = Option<Vec<String>>, Query, description = "Category or group slug; repeat for several"),
        ("group" = Option<String>, Query, description = "Category group slug"),
        ("kind" = Option<String>, Query, description = "Kind of organisation"),
        ("mode" = Option<String>, Query, description = "Execution mode"),
        ("province" = Option<Vec<String>>, Query, description = "Only organisations in this province; repeat for several"),
        ("near" = Option<String>, Query, description = "Postal code or municipality where the work is: only offers serving it, nearer first"),
        ("radius_km" = Option<u16>, Query, minimum = 1, maximum = 300, description = "With near (required with it, else 400): only organisations within this distance"),
        ("portal" = Option<String>, Query, description = "The province whose portal asks: its own offers rank first"),
        ("page" = Option<u64>, Query, minimum = 1, maximum = 100000, description = "Page number, from 1"),
        ("per_page" = Option<u64>, Query, minimum = 1, maximum = 100, description = "Hits per page, 1 to 100 (default 20)"),
    ),
    responses(
        (status = 200, body = SearchResponse),
        (status = 400, description = "A parameter is invalid, e.g. an unknown postal code", body = ErrorBody),
    ))]
pub async fn search(
    State(state): State<AppState>,
    query: QueryParams,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = search_params::request(&state, &query, None)?;
    let started = Instant::now();
    let results = state.search().search(&request).map_err(|e| {
        tracing::error!(error = %e, "search failed");
        ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::SearchFailed,
            "Zoeken lukt nu niet.",
        )
    })?;
    let took_ms = started.elapsed().as_secs_f64() * 1000.0;
    // The API has no sessions; integrations will sign in with tokens.
    search_params::record(
        &state,
        search_params::Asked::Api,
        &query,
        results.total,
        None,
    );
    Ok(Json(SearchResponse {
        total: results.total,
        page: (request.offset / request.limit.max(1) + 1) as u64,
        per_page: request.limit as u64,
        took_ms,
        relaxed: results.relaxed,
        hits: results.hits.iter().map(SearchHitDto::of).collect(),
        unmatched: results.unmatched,
        related: results.related.iter().map(SearchHitDto::of).collect(),
        facets: results.facets,
    }))
}

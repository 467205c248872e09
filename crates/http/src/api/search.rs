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
    /// Hoeveel aanbod het antwoord telt, met het aanbod dat een kort antwoord aanvult (`explanation.same_kind`).
    pub total: usize,
    pub page: u64,
    pub per_page: u64,
    /// Hoeveel milliseconden de zoekmachine nodig had.
    pub took_ms: f64,
    /// Waar (`true`) als geen resultaat bij elk woord van de zoekvraag past (noch bij de categorie die ze bedoelt).
    pub relaxed: bool,
    pub hits: Vec<SearchHitDto>,
    /// Getypte woorden die bij niets passen wat een organisatie aanbiedt (geen woord, synoniem, verbeterde tikfout of
    /// categorie). Zijn zij het onderscheidende deel van de zoekvraag, dan is `hits` leeg en `total` 0. Laat het
    /// best passende aanbod het onderscheidende deel weg, dan is `hits` ook leeg en staan hier de woorden die het weglaat.
    pub unmatched: Vec<String>,
    /// Bij een lege `hits`: aanbod dat bij de rest van de zoekvraag past ("bedoelt u misschien"), geen antwoord erop.
    pub related: Vec<SearchHitDto>,
    /// Zonder `near`: de gemeente of postcode die in `q` stond ("schoonmaak Hasselt") en gelezen werd als de plaats
    /// waar het werk is, met de afstand erbij; anders `null`.
    #[schema(example = "Hasselt")]
    pub near_from_query: Option<String>,
    /// Aantallen per waarde, over alle resultaten: groep, categorie, provincie, soort organisatie, uitvoering.
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
    /// De provincie op wiens portaal de organisatie staat.
    #[schema(example = "vlaams-brabant")]
    pub province: String,
    pub municipality: String,
    pub distance_km: Option<f64>,
    /// Of de organisatie buiten de provincie van het vragende portaal ligt.
    pub crosses_border: bool,
    pub score: f32,
    pub explanation: ExplanationDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchOrganisationDto {
    pub slug: String,
    pub name: String,
    pub kind: String,
    /// De pagina van de organisatie op het portaal van haar provincie.
    #[schema(example = "/limburg/organisaties/de-vlinder-hasselt")]
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExplanationDto {
    pub matched_terms: Vec<String>,
    /// Paren van (getypt woord, synoniem dat paste).
    pub synonyms: Vec<(String, String)>,
    /// Paren van (getypt woord, het woord waarvoor het gelezen werd).
    pub typos: Vec<(String, String)>,
    pub category_match: Option<String>,
    /// Waar (`true`) als het aanbod een kort antwoord aanvult: het doet hetzelfde soort werk (`category_match`) als
    /// het best passende aanbod, zonder zelf bij de woorden te passen. Het komt na al het aanbod dat er wel bij past.
    pub same_kind: bool,
    pub distance_km: Option<f64>,
    /// Hetzelfde in een Nederlandse zin, bv. "12 km, in Limburg, past bij: groenonderhoud".
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
                same_kind: hit.explanation.same_kind,
                distance_km: hit.explanation.distance_km,
                text: search_params::explain(hit),
            },
        }
    }
}

/// Zoekt in het gepubliceerde aanbod van alle provincies.
#[utoipa::path(get, path = "/api/v1/search", tag = "zoeken",
    params(
        ("q" = Option<String>, Query, max_length = 200, description = "Zoekwoorden, in het Nederlands; synoniemen en kleine tikfouten worden begrepen"),
        ("category" = Option<Vec<String>>, Query, description = "Categorie of groep (slug); herhaal voor meerdere"),
        ("group" = Option<String>, Query, description = "Groep van categorieën (slug)"),
        ("kind" = Option<String>, Query, description = "Soort organisatie"),
        ("mode" = Option<String>, Query, description = "Uitvoering: waar of hoe het werk gebeurt"),
        ("province" = Option<Vec<String>>, Query, description = "Alleen organisaties in deze provincie; herhaal voor meerdere"),
        ("near" = Option<String>, Query, description = "Postcode of gemeente waar het werk is: alleen aanbod dat daar werkt, het dichtste eerst"),
        ("radius_km" = Option<u16>, Query, minimum = 1, maximum = 300, description = "Samen met near (dan verplicht, anders 400): alleen organisaties binnen deze afstand, in km"),
        ("portal" = Option<String>, Query, description = "De provincie wiens portaal de vraag stelt: haar eigen aanbod komt eerst"),
        ("page" = Option<u64>, Query, minimum = 1, maximum = 100000, description = "Paginanummer, vanaf 1"),
        ("per_page" = Option<u64>, Query, minimum = 1, maximum = 100, description = "Resultaten per pagina, van 1 tot 100 (standaard 20)"),
    ),
    responses(
        (status = 200, description = "De resultaten, met hun uitleg en de aantallen per waarde", body = SearchResponse),
        (status = 400, description = "Een parameter is ongeldig, bv. een onbekende postcode (invalid_parameter)", body = ErrorBody),
    ))]
pub async fn search(
    State(state): State<AppState>,
    query: QueryParams,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = search_params::request(&state, &query, None)?;
    let started = Instant::now();
    let results = state.search_offers(&request).map_err(|e| {
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
        results.found,
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
        near_from_query: results.place_from_query,
        facets: results.facets,
    }))
}

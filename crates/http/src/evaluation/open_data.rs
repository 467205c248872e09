//! The published figures: `/cijfers` for people, `/cijfers.csv`, and `GET /api/v1/stats` for other systems.
//! Anyone may read them; small counts are hidden (see `doeners_app::evaluation::open_data`).

use axum::{
    Json,
    extract::State,
    response::{IntoResponse, Response},
};
use doeners_app::evaluation::{self, Period, open_data};
use maud::html;
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::console::{csv_document, csv_response};
use crate::{AppState, error::ApiError, extract::QueryParams, html::layout};

/// De gepubliceerde maatstaven van één provincie (of van Vlaanderen, zonder `province`): een aantal, of `null` waar
/// het verborgen is omdat het 1 tot 4 is (of zo'n aantal zou verraden).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProvinceStatsDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    pub companies_registered: Option<u64>,
    pub companies_active: Option<u64>,
    pub searches: Option<u64>,
    pub zero_result_searches: Option<u64>,
    pub contact_requests: Option<u64>,
    pub contact_requests_answered: Option<u64>,
    pub collaborations: Option<u64>,
    /// In euro; verborgen als minder dan 5 samenwerkingen het bedrag vormen of als één er meer dan de helft van uitmaakt.
    pub collaboration_value_eur: Option<u64>,
    /// Vragen en suggesties die bedrijven stelden.
    pub questions: Option<u64>,
    pub questions_with_interest: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatsDto {
    /// De eerste dag, `JJJJ-MM-DD` (Belgische tijd).
    pub from: String,
    /// De laatste dag, inbegrepen.
    pub to: String,
    pub provinces: Vec<ProvinceStatsDto>,
    pub flanders: ProvinceStatsDto,
}

fn dto(m: &Map<String, Value>) -> ProvinceStatsDto {
    let n = |k: &str| m.get(k).and_then(Value::as_u64);
    ProvinceStatsDto {
        province: m
            .get("province")
            .and_then(Value::as_str)
            .map(str::to_string),
        companies_registered: n("companies_registered"),
        companies_active: n("companies_active"),
        searches: n("searches"),
        zero_result_searches: n("zero_result_searches"),
        contact_requests: n("contact_requests"),
        contact_requests_answered: n("contact_requests_answered"),
        collaborations: n("collaborations"),
        collaboration_value_eur: n("collaboration_value_eur"),
        questions: n("questions"),
        questions_with_interest: n("questions_with_interest"),
    }
}

async fn published(state: &AppState, period: Period) -> Result<open_data::Stats, ApiError> {
    let e = evaluation::evaluate(
        state.tenants(),
        state.federation(),
        period,
        evaluation::Depth::Published,
    )
    .await?;
    Ok(open_data::published(&e))
}

/// De gepubliceerde evaluatiecijfers per provincie en voor Vlaanderen, over een periode van dagen.
#[utoipa::path(get, path = "/api/v1/stats", tag = "cijfers",
    params(
        ("from" = Option<String>, Query, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description = "Eerste dag, JJJJ-MM-DD (standaard: 1 januari van het jaar van `to`)"),
        ("to" = Option<String>, Query, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description = "Laatste dag, inbegrepen, JJJJ-MM-DD (standaard: vandaag)"),
    ),
    responses(
        (status = 200, description = "De cijfers; `null` waar een aantal van 1 tot 4 verborgen is", body = StatsDto),
        (status = 400, description = "Een datum is niet in de vorm JJJJ-MM-DD (invalid_parameter)", body = crate::error::ErrorBody),
        (status = 422, description = "Geen bestaande dag, een jaar buiten 2000–2100, een begin na het einde of meer dan tien jaar (invalid_parameter)", body = crate::error::ErrorBody),
    ))]
pub async fn stats(
    State(state): State<AppState>,
    query: QueryParams,
) -> Result<Json<StatsDto>, ApiError> {
    for name in ["from", "to"] {
        if query.given(name).any(|raw| !is_day_shaped(raw.trim())) {
            return Err(ApiError::invalid_parameter(
                name,
                "schrijf de datum als JJJJ-MM-DD, bv. 2026-01-31",
            ));
        }
    }
    let period = Period::parse(query.get("from"), query.get("to")).map_err(|why| {
        ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            crate::error::ErrorCode::InvalidParameter,
            format!("{why}."),
        )
    })?;
    let stats = published(&state, period).await?;
    Ok(Json(StatsDto {
        from: stats.from,
        to: stats.to,
        provinces: stats.provinces.iter().map(dto).collect(),
        flanders: dto(&stats.flanders),
    }))
}

/// `YYYY-MM-DD` in form (whether it is a day is for `Period::parse` to say).
fn is_day_shaped(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn shown(v: Option<&Value>) -> String {
    match v.and_then(Value::as_u64) {
        Some(n) => evaluation::sheet::thousands(n),
        None => "verborgen".to_string(),
    }
}

pub async fn page(State(state): State<AppState>, query: QueryParams) -> Response {
    let period = match super::period_of(&query) {
        Ok(p) => p,
        Err(why) => return super::bad_period(&why, "/cijfers"),
    };
    let stats = match published(&state, period).await {
        Ok(s) => s,
        Err(e) => return crate::html::PageError(e).into_response(),
    };
    let names: Vec<&str> = state
        .tenants()
        .iter()
        .map(|t| t.profile.display_name.as_str())
        .collect();
    let q = format!("from={}&to={}", stats.from, stats.to);
    use chrono::Datelike;
    let year = evaluation::today().year();
    let main = html! {
        h1 { "Cijfers " (period.describe()) }
        p.lead { "Hoeveel bedrijven het platform gebruikten, hoe vaak ze contact opnamen met de sociale economie en hoeveel samenwerkingen dat opleverde, per provincie en voor heel Vlaanderen." }
        nav aria-label="Periodes" {
            ul.periods {
                li { a href={ "/cijfers?from=" (year) "-01-01" } { "Dit jaar" } }
                li { a href={ "/cijfers?from=" (year - 1) "-01-01&to=" (year - 1) "-12-31" } { "Vorig jaar" } }
            }
        }
        div.table-scroll role="region" aria-labelledby="cijfers-kop" tabindex="0" {
            table.figures {
                caption #cijfers-kop { "Cijfers van " (evaluation::dutch_date(period.from)) " tot en met " (evaluation::dutch_date(period.to)) }
                thead { tr { th scope="col" { "Maatstaf" } @for n in &names { th scope="col" { (n) } } th scope="col" { "Vlaanderen" } } }
                tbody {
                    @for (key, label) in open_data::MEASURES {
                        tr data-key=(key) {
                            th scope="row" { (label) }
                            @for p in &stats.provinces { td { (shown(p.get(key))) } }
                            td { (shown(stats.flanders.get(key))) }
                        }
                    }
                }
            }
        }
        p { a href={ "/cijfers.csv?" (q) } { "Download als CSV" } " · " a href={ "/api/v1/stats?" (q) } { "Als JSON via de API" } " (" a href="/api/docs" { "documentatie" } ")" }
        h2 { "Hoe we kleine aantallen verbergen" }
        ul {
            li { "Een aantal van 1 tot 4 tonen we niet ('verborgen'), zodat geen enkel bedrijf of organisatie herkenbaar is. Nul tonen we wel." }
            li { "Waar het Vlaamse totaal min de andere provincies een verborgen aantal zou verraden, verbergen we ook het kleinste andere aantal." }
            li { "Een bedrag verbergen we als minder dan 5 samenwerkingen het vormen of als één samenwerking meer dan de helft ervan uitmaakt." }
            li { "Dagen tellen in Belgische tijd. Een bedrijf telt bij de provincie waar het geregistreerd is; een samenwerking telt op de dag dat ze werd afgesproken." }
        }
        h2 { "Licentie" }
        p { "Deze cijfers zijn open data onder de " a href=(open_data::LICENCE_URL) { (open_data::LICENCE) } ": u mag ze gratis hergebruiken, ook commercieel, met bronvermelding 'doeners, de Vlaamse provincies'." }
    };
    layout::page(&format!("Cijfers {}", period.describe()), None, main).into_response()
}

pub async fn csv(State(state): State<AppState>, query: QueryParams) -> Response {
    let period = match super::period_of(&query) {
        Ok(p) => p,
        Err(why) => return super::bad_period(&why, "/cijfers"),
    };
    let stats = match published(&state, period).await {
        Ok(s) => s,
        Err(e) => return crate::html::PageError(e).into_response(),
    };
    let mut head = vec!["maatstaf".to_string(), "sleutel".to_string()];
    head.extend(state.tenants().iter().map(|t| t.slug().to_string()));
    head.push("vlaanderen".to_string());
    let mut lines = vec![head];
    let cell = |v: Option<&Value>| {
        v.and_then(Value::as_u64)
            .map_or(String::new(), |n| n.to_string())
    };
    for (key, label) in open_data::MEASURES {
        let mut line = vec![label.to_string(), key.to_string()];
        line.extend(stats.provinces.iter().map(|p| cell(p.get(key))));
        line.push(cell(stats.flanders.get(key)));
        lines.push(line);
    }
    csv_response(
        csv_document(&lines),
        &format!("doeners-cijfers-{}-{}.csv", stats.from, stats.to),
    )
}

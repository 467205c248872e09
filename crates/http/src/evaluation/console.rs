//! `/admin/evaluatie`: every figure for a period, as tables and charts, and the same numbers as CSV and JSON.

use axum::{
    extract::State,
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use doeners_app::evaluation::{self, Period, Sheet, sheet};
use maud::html;
use serde_json::json;

use super::{Reading, section_table};
use crate::{AppState, extract::QueryParams, html::layout};

fn sheet_of(reading: &Reading) -> Sheet {
    sheet::sheet(&reading.evaluation, &reading.columns)
}

/// Links to common periods, keeping the province asked for.
fn quick_periods(province: Option<&str>) -> Vec<(String, String)> {
    use chrono::Datelike;
    let today = evaluation::today();
    let y = today.year();
    let q0 = (today.month0() / 3) * 3 + 1;
    let quarter_from = chrono::NaiveDate::from_ymd_opt(y, q0, 1).unwrap_or(today);
    let month_from = chrono::NaiveDate::from_ymd_opt(y, today.month(), 1).unwrap_or(today);
    let p = province
        .map(|p| format!("&province={p}"))
        .unwrap_or_default();
    let link = |from: chrono::NaiveDate, to: chrono::NaiveDate| format!("?from={from}&to={to}{p}");
    let last_year = Period::year(y - 1);
    vec![
        (format!("Dit jaar ({y})"), link(Period::year(y).from, today)),
        (
            format!("Vorig jaar ({})", y - 1),
            link(last_year.from, last_year.to),
        ),
        ("Dit kwartaal".to_string(), link(quarter_from, today)),
        ("Deze maand".to_string(), link(month_from, today)),
    ]
}

pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryParams,
) -> Response {
    let reading = match Reading::of(&state, &headers, &query).await {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    let sheet = sheet_of(&reading);
    let period = reading.evaluation.period;
    let flanders_reader = reading.columns.matrix_of.is_none();
    let asked = query.get("province");
    let missing = reading.evaluation.missing();
    let main = html! {
        h1 { "Evaluatie " (period.describe()) }
        p.lead { "Wat het platform opleverde, van zoekopdracht tot samenwerking, uit de eigen gegevens van de provincies. Periode: "
            (evaluation::dutch_date(period.from)) " tot en met " (evaluation::dutch_date(period.to)) " (dagen in Belgische tijd)." }
        @if !missing.is_empty() {
            p.warning role="status" { "Niet bereikbaar, en dus niet meegeteld: " (missing.join(", ")) "." }
        }
        form.filter method="get" action="/admin/evaluatie" {
            p { label for="from" { "Van" } input #from type="date" name="from" value=(period.from_day()); }
            p { label for="to" { "Tot en met" } input #to type="date" name="to" value=(period.to_day()); }
            @if flanders_reader {
                p {
                    label for="province" { "Provincie" }
                    select #province name="province" {
                        option value="" selected[asked.is_none()] { "Alle provincies" }
                        @for t in state.tenants() {
                            option value=(t.slug()) selected[asked == Some(t.slug())] { (t.profile.display_name) }
                        }
                    }
                }
            }
            p { button type="submit" { "Toon" } }
        }
        nav aria-label="Periodes" {
            ul.periods { @for (label, href) in quick_periods(reading.columns.matrix_of.as_deref().or(asked)) { li { a href=(href) { (label) } } } }
        }
        p.downloads {
            a.button href={ "/admin/rapport?" (reading.query) } { "Rapport om af te drukken" } " "
            a href={ "/admin/evaluatie.csv?" (reading.query) } { "Download als CSV" } " · "
            a href={ "/admin/evaluatie.json?" (reading.query) } { "Download als JSON" }
        }
        (super::charts(&reading))
        section aria-labelledby="cijfers" {
            h2 #cijfers { "Alle cijfers" }
            p.small { "Een contactaanvraag of vraag telt in de periode waarin ze verzonden werd (met alles wat er daarna mee gebeurde); een samenwerking telt op de dag dat ze werd afgesproken. Een bedrijf telt bij zijn eigen provincie. Organisaties en aanbod: zoals ze nu gepubliceerd zijn." }
            @for section in &sheet.sections { (section_table(section)) }
        }
        p { a href="/admin" { "← Beheer" } }
    };
    layout::page(&format!("Evaluatie {}", period.describe()), None, main).into_response()
}

/// A CSV cell: quoted when needed, and never read as a formula by a spreadsheet (`=`, `+`, `-`, `@`, tab or
/// carriage return first gets a leading apostrophe).
pub fn csv_cell(raw: &str) -> String {
    let guarded = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    if guarded.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A number as Belgian Excel reads it: a decimal comma, no thousands separator; empty when unknown.
pub fn csv_number(v: Option<f64>) -> String {
    match v {
        None => String::new(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}").replace('.', ","),
    }
}

/// Lines of `;`-separated cells as one CSV document: UTF-8 with a byte order mark, CRLF line ends.
pub fn csv_document(lines: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    for line in lines {
        let cells: Vec<String> = line.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out
}

pub fn csv_response(body: String, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryParams,
) -> Response {
    let reading = match Reading::of(&state, &headers, &query).await {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    let sheet = sheet_of(&reading);
    let mut lines = Vec::new();
    let period = reading.evaluation.period;
    for section in &sheet.sections {
        let mut head = vec![section.title.clone(), "sleutel".to_string()];
        head.extend(section.columns.iter().cloned());
        lines.push(head);
        for row in &section.rows {
            let mut line = vec![row.label.clone(), row.key.clone()];
            line.extend(row.cells.iter().map(|c| csv_number(c.value)));
            lines.push(line);
        }
        lines.push(Vec::new());
    }
    csv_response(
        csv_document(&lines),
        &format!("evaluatie-{}-{}.csv", period.from_day(), period.to_day()),
    )
}

pub async fn json(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryParams,
) -> Response {
    let reading = match Reading::of(&state, &headers, &query).await {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    let sheet = sheet_of(&reading);
    let period = reading.evaluation.period;
    axum::Json(json!({
        "from": period.from_day(),
        "to": period.to_day(),
        "provinces": reading.columns.provinces.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>(),
        "sections": sheet.sections,
    }))
    .into_response()
}

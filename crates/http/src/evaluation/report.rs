//! `/admin/rapport`: the four questions of the Flemish Parliament answered in sentences with the numbers, the
//! comparison across the provinces and the charts; printable on A4 (see the print rules in the stylesheet).

use axum::{
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use doeners_app::evaluation::{self, Figures, open_data, sheet};
use maud::{Markup, html};

use super::Reading;
use crate::{AppState, extract::QueryParams, html::layout};

fn n(v: u64) -> String {
    sheet::thousands(v)
}

fn pct(part: u64, whole: u64) -> String {
    sheet::share(part, whole).text
}

fn hours(f: &Figures, key: &str) -> Option<String> {
    f.median(key).map(|s| sheet::hours(Some(s)).text)
}

/// The largest label of a breakdown, with its count.
fn top(f: &Figures, breakdown: &str) -> Option<(String, u64)> {
    f.breakdowns
        .get(breakdown)?
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(l, c)| (l.clone(), *c))
}

fn first_lower(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The three queries that most often found nothing.
fn most_searched_without_result(f: &Figures) -> Vec<String> {
    let mut queries: Vec<(&String, &u64)> = f
        .breakdowns
        .get("zero_queries")
        .map(|q| q.iter().collect())
        .unwrap_or_default();
    queries.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    queries
        .into_iter()
        .take(3)
        .map(|(q, _)| q.clone())
        .collect()
}

/// What the companies said came of their questions: "10 leidden tot een samenwerking, 20 niet, 5 nog niet
/// beslist; van 62 is de uitkomst nog niet bekend."
fn outcomes(f: &Figures) -> String {
    let of = |label: &str| {
        f.breakdowns
            .get("outcomes")
            .and_then(|o| o.get(label))
            .copied()
            .unwrap_or(0)
    };
    format!(
        "Volgens de bedrijven zelf leidden {} vragen tot een samenwerking, {} niet en zijn er {} nog niet beslist; van {} is de uitkomst nog niet bekend. ",
        n(of("Samenwerking")),
        n(of("Geen samenwerking")),
        n(of("Nog niet beslist")),
        n(of("Nog geen uitkomst")),
    )
}

fn who_used(f: &Figures, name: &str, period: &str) -> Markup {
    let active = f.count("companies_active");
    html! {
        p {
            @if active == 0 {
                (period) " gebruikte nog geen enkel bedrijf uit " (name) " het platform. "
            } @else {
                (period) " gebruikten " (n(active)) " bedrijven uit " (name) " het platform: ze zochten aangemeld, namen contact op met een organisatie of stelden een vraag. "
            }
            (n(f.count("companies_registered"))) " bedrijven registreerden zich in die periode; op het einde ervan stonden er " (n(f.count("companies_total"))) " geregistreerd. "
            @if let (Some((sector, s)), Some((size, z)), Some((arr, a))) = (top(f, "sector"), top(f, "size"), top(f, "arrondissement")) {
                "De meeste actieve bedrijven komen uit de sector " (first_lower(&sector)) " (" (n(s)) " van de " (n(active)) "); "
                (n(z)) " ervan zijn " (first_lower(&size)) ", en " (n(a)) " zijn gevestigd in het arrondissement " (arr) ". "
            }
        }
        p {
            "Er werd " (n(f.count("searches"))) " keer gezocht en " (n(f.count("profile_views"))) " keer een profiel bekeken. "
            (pct(f.count("zero_result_searches"), f.count("searches"))) " van de zoekopdrachten vond niets"
            @let unmet = most_searched_without_result(f);
            @if !unmet.is_empty() {
                "; vaakst gezocht zonder resultaat: "
                @for (i, q) in unmet.iter().enumerate() { @if i > 0 { ", " } "‘" (q) "’" }
            }
            "."
        }
    }
}

fn collaborations(f: &Figures, period: &str) -> Markup {
    let requests = f.count("contact_requests");
    html! {
        p {
            "Bedrijven stuurden " (n(requests)) " contactaanvragen naar organisaties van de sociale economie. "
            @if requests > 0 {
                (pct(f.count("contact_requests_answered"), requests)) " ervan kreeg een antwoord"
                @if let Some(h) = hours(f, "answer_seconds") { ", na een mediaan van " (h) }
                "; in " (pct(f.count("contact_requests_interested"), requests)) " van de aanvragen was de organisatie geïnteresseerd. "
                @if let Some((reason, c)) = top(f, "reasons") {
                    "Wie niet inging op een aanvraag, gaf het vaakst als reden: " (first_lower(&reason)) " (" (n(c)) " keer). "
                }
            }
        }
        p {
            (period) " werden " (n(f.count("collaborations"))) " samenwerkingen afgesproken: "
            (n(f.count("collaborations_from_requests"))) " na een contactaanvraag en " (n(f.count("collaborations_from_questions"))) " na een vraag. "
            @if f.count("collaborations") > 0 {
                "Hun afgesproken waarde bedraagt samen " (sheet::euro(f.count("collaboration_value_eur")).text)
                @if let Some(m) = f.median("collaboration_values") { " (mediaan " (sheet::euro(m.max(0.0).round() as u64).text) " per samenwerking)" }
                ". "
            }
            "Van zoekopdracht naar contactaanvraag: " (pct(requests, f.count("searches"))) "; van contactaanvraag naar samenwerking: "
            (pct(f.count("collaborations_from_requests"), requests)) "."
        }
    }
}

fn questions(f: &Figures) -> Markup {
    let posted = f.count("questions") + f.count("suggestions");
    let answers = f.count("question_answers");
    html! {
        p {
            "Bedrijven stelden " (n(f.count("questions"))) " vragen en gaven " (n(f.count("suggestions"))) " suggesties door voor werk dat ze niet in het aanbod vonden. "
            @if posted > 0 {
                "Van die " (n(posted)) " stuurde het platform er " (n(f.count("questions_routed"))) " door naar passende organisaties (samen " (n(f.count("organisations_reached"))) " organisaties bereikt). "
                (n(f.count("questions_with_interest"))) " (" (pct(f.count("questions_with_interest"), posted)) ") kregen minstens één geïnteresseerde organisatie"
                @if let Some(h) = hours(f, "interest_seconds") { ", na een mediaan van " (h) }
                ". "
            }
        }
        @if answers > 0 {
            p {
                "De organisaties gaven " (n(answers)) " antwoorden: " (n(f.count("question_answers_interested"))) " keer geïnteresseerd en "
                (n(answers - f.count("question_answers_interested"))) " keer niet"
                @if let Some((reason, _)) = top(f, "question_reasons") { ", vooral omdat: " (first_lower(&reason)) }
                ". "
                (outcomes(f))
                "Goede praktijken, waarin organisaties vertellen hoe ze hun werking aanpasten aan zulke vragen, staan op " a href="/goede-praktijken" { "de pagina goede praktijken" } "."
            }
        }
    }
}

/// The comparison across provinces: in full for a Flanders administrator, else the published figures.
fn comparison(reading: &Reading) -> Markup {
    let e = &reading.evaluation;
    let full = reading.columns.matrix_of.is_none();
    let published = open_data::published(e);
    let value = |i: usize, key: &str| -> String {
        if full {
            e.provinces[i].2.as_ref().map_or("–".to_string(), |f| {
                n(match key {
                    "questions" => f.count("questions") + f.count("suggestions"),
                    k => f.count(k),
                })
            })
        } else {
            published.provinces[i]
                .get(key)
                .and_then(serde_json::Value::as_u64)
                .map_or("verborgen".to_string(), n)
        }
    };
    html! {
        div.table-scroll role="region" aria-labelledby="vergelijking" tabindex="0" {
            table.figures {
                caption #vergelijking { "De provincies naast elkaar" @if !full { " (gepubliceerde cijfers: aantallen van 1 tot 4 verborgen)" } }
                thead { tr { th scope="col" { "Maatstaf" } @for (_, name, _) in &e.provinces { th scope="col" { (name) } } } }
                tbody {
                    @for (key, label) in open_data::MEASURES {
                        tr { th scope="row" { (label) } @for i in 0..e.provinces.len() { td { (value(i, key)) } } }
                    }
                }
            }
        }
    }
}

fn comparison_sentence(reading: &Reading, name: &str, f: &Figures) -> Markup {
    let e = &reading.evaluation;
    let requests = f.count("contact_requests");
    let single = reading.columns.provinces.len() == 1;
    let mut ranked: Vec<(u64, &str)> = e
        .provinces
        .iter()
        .map(|(_, n, fig)| {
            (
                fig.as_ref().map_or(0, |f| f.count("contact_requests")),
                n.as_str(),
            )
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let rank = ranked
        .iter()
        .position(|(_, n)| super::short(n) == name)
        .map(|i| i + 1);
    html! {
        p {
            (name) " telt " (n(f.count("organisations"))) " gepubliceerde organisaties van de sociale economie met samen " (n(f.count("offers"))) " gepubliceerde aanbodsfiches. "
            @if single && reading.columns.matrix_of.is_none() {
                @if let Some(r) = rank { "Met " (n(requests)) " contactaanvragen staat " (name) " op plaats " (r) " van de " (e.provinces.len()) " provincies. " }
            }
            (pct(f.count("contact_requests_cross_border"), requests)) " van de contactaanvragen van bedrijven ging naar een organisatie in een andere provincie, en "
            (n(f.count("collaborations_cross_border"))) " samenwerkingen kwamen over de provinciegrens tot stand. "
            (n(f.count("organisations_active"))) " organisaties waren actief in de periode: ze beantwoordden een aanvraag of vraag of werkten hun profiel bij."
        }
    }
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
    let period = reading.evaluation.period;
    let described = period.describe();
    let (full_name, f) = reading.focus();
    // "bedrijven uit Limburg", not "uit Provincie Limburg".
    let short_name = super::short(full_name);
    let name = short_name.as_str();
    let main = html! {
        article.report {
            h1 { "doeners: evaluatie " (name) ", " (described) }
            p.meta { "Periode: " (evaluation::dutch_date(period.from)) " tot en met " (evaluation::dutch_date(period.to)) ". Opgemaakt op "
                (evaluation::dutch_date(evaluation::today())) " uit de eigen gegevens van de provincies." }
            p.no-print { a href={ "/admin/evaluatie?" (reading.query) } { "← Terug naar de evaluatie" } }
            h2 { "1. Hoeveel bedrijven gebruikten het platform, en welke?" }
            (who_used(f, name, &period.during()))
            h2 { "2. Leidt het tot samenwerkingen en contracten?" }
            (collaborations(f, &period.during()))
            h2 { "3. Wat gebeurt er met de vragen en suggesties van bedrijven?" }
            (questions(f))
            h2 { "4. Hoe verhouden de provincies zich tot elkaar?" }
            (comparison_sentence(&reading, name, f))
            (comparison(&reading))
            (super::charts(&reading))
        }
    };
    layout::page(&format!("Rapport {name} {described}"), None, main).into_response()
}

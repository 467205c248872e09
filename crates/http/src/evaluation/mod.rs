//! The evaluation on the web: the console (`/admin/evaluatie` and its CSV and JSON exports), the printable
//! report (`/admin/rapport`) and the published figures (`/cijfers`, `/api/v1/stats`).

pub mod charts;
pub mod console;
pub mod open_data;
pub mod report;

use axum::{
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use doeners_app::evaluation::{self, Columns, Evaluation, Figures, Period, Section};
use maud::{Markup, html};

use crate::{AppState, extract::QueryParams, guard::Refusal, html::layout};

/// Who reads the console, what they may see of it, and for which period; or the answer that refuses them.
pub struct Reading {
    pub columns: Columns,
    pub evaluation: Evaluation,
    /// The query as given, for the links between the console, its exports and the report.
    pub query: String,
}

/// The period a page was asked for, or what is wrong with it in Dutch.
pub fn period_of(query: &QueryParams) -> Result<Period, String> {
    Period::parse(query.get("from"), query.get("to"))
}

/// The page that says what is wrong with the period asked for.
pub fn bad_period(why: &str, back: &str) -> Response {
    layout::answer(
        StatusCode::BAD_REQUEST,
        "Ongeldige periode",
        None,
        html! { h1 { "Ongeldige periode" } p { (why) "." } p { a href=(back) { "Terug" } } },
    )
}

impl Reading {
    pub async fn of(
        state: &AppState,
        headers: &HeaderMap,
        query: &QueryParams,
    ) -> Result<Self, Response> {
        let asking = crate::guard::console_caller(state, headers)
            .await
            .map_err(|e| crate::html::PageError(e).into_response())?;
        let caller = asking.as_ref().map(|a| &a.caller);
        let columns = evaluation::columns_for(caller, state.tenants(), query.get("province"))
            .map_err(|decision| {
                Refusal {
                    decision,
                    profile: None,
                }
                .into_response()
            })?;
        let period = period_of(query).map_err(|why| bad_period(&why, "/admin/evaluatie"))?;
        let evaluation = evaluation::evaluate(
            state.tenants(),
            state.federation(),
            period,
            evaluation::Depth::Full,
        )
        .await
        .map_err(|e| crate::html::PageError(e.into()).into_response())?;
        let mut query = format!("from={}&to={}", period.from_day(), period.to_day());
        if let Some(p) = columns
            .matrix_of
            .as_deref()
            .or((columns.provinces.len() == 1).then(|| columns.provinces[0].0.as_str()))
        {
            query.push_str("&province=");
            query.push_str(p);
        }
        Ok(Self {
            columns,
            evaluation,
            query,
        })
    }

    /// The figures the charts draw: the one province read, or Flanders.
    pub fn focus(&self) -> (&str, &Figures) {
        match self.columns.provinces.as_slice() {
            [(slug, name)] => (
                name.as_str(),
                self.evaluation
                    .province(slug)
                    .unwrap_or(&self.evaluation.flanders),
            ),
            _ => ("Vlaanderen", &self.evaluation.flanders),
        }
    }
}

/// A section of the sheet as a table, scrollable on its own on a narrow screen.
pub fn section_table(section: &Section) -> Markup {
    html! {
        div.table-scroll role="region" aria-labelledby={ "tabel-" (section.id) } tabindex="0" {
            table.figures id={ "t-" (section.id) } {
                caption #{ "tabel-" (section.id) } { (section.title) }
                thead { tr { th scope="col" { "Maatstaf" } @for c in &section.columns { th scope="col" { (c) } } } }
                tbody {
                    @if section.rows.is_empty() {
                        tr { td colspan=(section.columns.len() + 1) { "Nog niets in deze periode." } }
                    }
                    @for row in &section.rows {
                        tr data-key=(row.key) {
                            th scope="row" { (row.label) }
                            @for cell in &row.cells { td { (cell.text) } }
                        }
                    }
                }
            }
        }
    }
}

/// Charts of the figures in focus: per month, the funnel; and, with several provinces, their comparison.
pub fn charts(reading: &Reading) -> Markup {
    use charts::Bar;
    let (name, f) = reading.focus();
    let months = reading.evaluation.period.months();
    let per_month = |key: &str| -> Vec<Bar> {
        months
            .iter()
            .map(|m| {
                let n = f
                    .monthly
                    .get(m)
                    .and_then(|c| c.get(key))
                    .copied()
                    .unwrap_or(0);
                bar(&evaluation::short_month(m), n)
            })
            .collect()
    };
    let funnel = vec![
        bar("Zoekopdrachten", f.count("searches")),
        bar("Bekeken profielen", f.count("profile_views")),
        bar("Contactaanvragen", f.count("contact_requests")),
        bar("Beantwoord", f.count("contact_requests_answered")),
        bar("Geïnteresseerd", f.count("contact_requests_interested")),
        bar("Samenwerkingen", f.count("collaborations_from_requests")),
    ];
    let several = reading.columns.provinces.len() > 1;
    let compare = |key: &str| -> Vec<Bar> {
        reading
            .evaluation
            .provinces
            .iter()
            .map(|(_, n, fig)| bar(&short(n), fig.as_ref().map_or(0, |f| f.count(key))))
            .collect()
    };
    html! {
        section.charts aria-labelledby="grafieken" {
            h2 #grafieken { "Grafieken: " (name) }
            (charts::bars("g-zoek", &format!("Zoekopdrachten per maand, {name}"),
                &format!("Staafdiagram van het aantal zoekopdrachten per maand in {name}."), "Maand", &per_month("searches")))
            (charts::bars("g-aanvraag", &format!("Contactaanvragen per maand, {name}"),
                &format!("Staafdiagram van het aantal verzonden contactaanvragen per maand in {name}."), "Maand", &per_month("contact_requests")))
            (charts::bars("g-samen", &format!("Samenwerkingen per maand, {name}"),
                &format!("Staafdiagram van het aantal afgesproken samenwerkingen per maand in {name}."), "Maand", &per_month("collaborations")))
            (charts::bars("g-trechter", &format!("Van zoekopdracht tot samenwerking, {name}"),
                "Trechter: zoekopdrachten, bekeken profielen, contactaanvragen, beantwoorde aanvragen, geïnteresseerde antwoorden en samenwerkingen.", "Stap", &funnel))
            @if several {
                (charts::bars("g-provincies-aanvragen", "Contactaanvragen per provincie",
                    "Vergelijking van het aantal contactaanvragen van bedrijven per provincie.", "Provincie", &compare("contact_requests")))
                (charts::bars("g-provincies-samen", "Samenwerkingen per provincie",
                    "Vergelijking van het aantal samenwerkingen per provincie van het bedrijf.", "Provincie", &compare("collaborations")))
            }
            (matrix_chart(reading))
        }
    }
}

/// A province's name without "Provincie", for the labels of a chart.
fn short(name: &str) -> String {
    name.trim_start_matches("Provincie ").to_string()
}

fn bar(label: &str, n: u64) -> charts::Bar {
    #[allow(clippy::cast_precision_loss)]
    charts::Bar {
        label: label.to_string(),
        value: n as f64,
        text: evaluation::sheet::thousands(n),
    }
}

/// Who works with whom, as far as the reader may see it.
fn matrix_chart(reading: &Reading) -> Markup {
    let e = &reading.evaluation;
    let names: Vec<String> = e.provinces.iter().map(|(_, n, _)| short(n)).collect();
    let cells: Vec<Vec<Option<u64>>> = e
        .provinces
        .iter()
        .map(|(from, _, _)| {
            e.provinces
                .iter()
                .map(|(to, _, _)| {
                    let visible = reading
                        .columns
                        .matrix_of
                        .as_deref()
                        .is_none_or(|p| p == from || p == to);
                    visible.then(|| {
                        e.flanders
                            .matrix
                            .get(&(from.clone(), to.clone()))
                            .map_or(0, |c| c.0)
                    })
                })
                .collect()
        })
        .collect();
    charts::grid(
        "g-matrix",
        "Wie werkt met wie: contactaanvragen van bedrijven (rij) aan organisaties (kolom)",
        "Raster met per provincie van het bedrijf en per provincie van de organisatie het aantal contactaanvragen; een streepje is niet zichtbaar voor u.",
        &names,
        &names,
        &cells,
    )
}

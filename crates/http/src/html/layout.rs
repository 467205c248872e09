//! The frame of every page: language, landmarks, the province's colour, navigation and footer.

use axum::response::Html;
use doeners_domain::TenantProfile;
use maud::{DOCTYPE, Markup, html};

/// A full page. With a tenant, the header carries its name, colour and navigation.
pub fn page(title: &str, tenant: Option<&TenantProfile>, main: Markup) -> Html<String> {
    let colour = tenant.map_or("#1f5f8b", |t| t.colour.as_str());
    let full_title = match tenant {
        Some(t) => format!("{title} · {} · doeners", t.display_name),
        None => format!("{title} · doeners"),
    };
    let markup = html! {
        (DOCTYPE)
        html lang="nl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (full_title) }
                link rel="stylesheet" href="/static/site.css";
            }
            // The province's colour as an attribute: the content security policy allows no style elements.
            body style={ "--brand:" (colour) } {
                a.skip href="#inhoud" { "Naar de inhoud" }
                header.site {
                    div.wrap {
                        a.brand href="/" { "doeners" }
                        @if let Some(t) = tenant {
                            span.province { (t.display_name) }
                            nav aria-label="Provincie" {
                                ul {
                                    li { a href={ "/" (t.slug) "/" } { "Start" } }
                                    li { a href={ "/" (t.slug) "/aanbod" } { "Aanbod" } }
                                    li { a href={ "/" (t.slug) "/zoeken" } { "Zoeken" } }
                                    li { a href={ "/" (t.slug) "/account" } { "Mijn account" } }
                                }
                            }
                        } @else {
                            nav aria-label="Hoofdmenu" {
                                ul { li { a href="/" { "Vlaanderen" } } li { a href="/zoeken" { "Zoeken" } } li { a href="/api/docs" { "API" } } }
                            }
                        }
                    }
                }
                main #inhoud { div.wrap { (main) } }
                footer.site {
                    div.wrap {
                        @if let Some(t) = tenant {
                            p { "Vragen? Mail " a href={ "mailto:" (t.contact_email) } { (t.contact_email) } "." }
                        }
                        p {
                            "doeners brengt bedrijven en de sociale economie samen, in de vijf Vlaamse provincies. "
                            a href="/api/docs" { "Open data via de API" } ". "
                            @match tenant {
                                Some(t) => { a href={ "/" (t.slug) "/goede-praktijken" } { "Goede praktijken" } "." }
                                None => { a href="/goede-praktijken" { "Goede praktijken" } "." }
                            }
                        }
                        p.small { "Gemeenten en postcodes: Statbel (CC BY 4.0); coördinaten: countrystatecity (ODbL)." }
                    }
                }
            }
        }
    };
    Html(markup.into_string())
}

/// A full page answering with `status`: a form sent back with its problems, a spent link, a limit reached.
pub fn answer(
    status: axum::http::StatusCode,
    title: &str,
    tenant: Option<&TenantProfile>,
    main: Markup,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    (status, page(title, tenant, main)).into_response()
}

/// "1 organisatie" / "3 organisaties".
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

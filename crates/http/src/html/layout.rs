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
    let asked = super::current_path::asked();
    let here = asked.path.as_str();
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
                                    (nav_item(here, &format!("/{}/", t.slug), "Start", false))
                                    (nav_item(here, &format!("/{}/aanbod", t.slug), "Aanbod", true))
                                    (nav_item(here, &format!("/{}/zoeken", t.slug), "Zoeken", true))
                                    @if asked.province_admin {
                                        (nav_item(here, &format!("/{}/beheer", t.slug), "Beheer", true))
                                    }
                                    (nav_item(here, &format!("/{}/account", t.slug), "Mijn account", true))
                                }
                            }
                        } @else {
                            nav aria-label="Hoofdmenu" {
                                ul {
                                    (nav_item(here, "/", "Vlaanderen", false))
                                    (nav_item(here, "/zoeken", "Zoeken", true))
                                    (nav_item(here, "/api/docs", "API", true))
                                }
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
                        (crate::portal::statements::footer_links(tenant.map(|t| t.slug.as_str())))
                        p.small { "Gemeenten en postcodes: Statbel (CC BY 4.0); coördinaten: countrystatecity (ODbL)." }
                    }
                }
            }
        }
    };
    Html(markup.into_string())
}

/// A link of the header's navigation, marked as the current page (or section, with `section`) for screen readers.
fn nav_item(here: &str, href: &str, label: &str, section: bool) -> Markup {
    let current = here == href || (section && here.starts_with(href));
    html! { li { a href=(href) aria-current=[current.then_some("page")] { (label) } } }
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

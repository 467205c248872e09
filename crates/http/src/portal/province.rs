//! `/{tenant}/`: a province's home — its intro, what its organisations offer by category, and who joined last.

use axum::response::Html;
use doeners_domain::CategoryGroup;
use maud::html;

use super::{
    PortalTenant,
    error::PageError,
    layout::{self, count},
};

const RECENT: u64 = 6;

pub async fn home(PortalTenant(tenant): PortalTenant) -> Result<Html<String>, PageError> {
    let counts = doeners_app::catalogue::offer_counts_by_category(&tenant).await?;
    let recent = doeners_app::catalogue::recent_organisations(&tenant, RECENT).await?;
    let profile = &tenant.profile;
    let slug = profile.slug.as_str();
    Ok(layout::page(
        "Start",
        Some(profile),
        html! {
            h1 { "Sociale economie in " (profile.display_name.trim_start_matches("Provincie ")) }
            p.lead { (profile.intro) }
            section aria-labelledby="zoek" {
                h2 #zoek { "Zoek een partner" }
                (super::search::form(&crate::extract::QueryParams::default(), &format!("/{slug}/zoeken"), None, false))
            }
            section aria-labelledby="categorieen" {
                h2 #categorieen { "Aanbod per categorie" }
                ul.groups {
                    @for group in CategoryGroup::all() {
                        @let total: u64 = std::iter::once(group.slug).chain(group.categories.iter().map(|c| c.slug))
                            .map(|s| counts.get(s).copied().unwrap_or(0)).sum();
                        li {
                            a href={ "/" (slug) "/aanbod?categorie=" (group.slug) } { (group.label) }
                            " " span.count { "(" (total) ")" }
                            @if total > 0 {
                                ul.sub {
                                    @for c in group.categories {
                                        @let n = counts.get(c.slug).copied().unwrap_or(0);
                                        @if n > 0 {
                                            li { a href={ "/" (slug) "/aanbod?categorie=" (c.slug) } { (c.label) } " " span.count { "(" (n) ")" } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="nieuw" {
                h2 #nieuw { "Recent toegevoegd" }
                @if recent.is_empty() {
                    p { "Nog geen organisaties." }
                } @else {
                    ul.cards {
                        @for org in &recent {
                            li.card {
                                h3 { a href={ "/" (slug) "/organisaties/" (org.slug) } { (org.draft.name) } }
                                p { (org.draft.kind.label()) " in " (org.draft.address.municipality.name) }
                                @if let Some(n) = org.draft.employees { p.small { (count(u64::from(n), "medewerker", "medewerkers")) } }
                            }
                        }
                    }
                }
            }
        },
    ))
}

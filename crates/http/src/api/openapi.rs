//! The OpenAPI document (`/api/openapi.json`) and a page that shows it to people (`/api/docs`), rendered on the
//! server so it works without JavaScript or anything fetched from elsewhere.

use axum::Json;
use axum::response::Html;
use maud::html;
use utoipa::{
    OpenApi,
    openapi::{RefOr, path::ParameterIn},
};

use super::{
    dto::{
        AddressDto, CategoryDto, CategoryGroupDto, OfferDto, OfferListingDto, OfferPage,
        OrganisationDetailDto, OrganisationDto, OrganisationPage, OrganisationRefDto, TenantDto,
    },
    exchanges, offers, organisations, reference,
    search::{self, ExplanationDto, SearchHitDto, SearchOrganisationDto, SearchResponse},
    writes,
};
use crate::{error::ErrorBody, html::layout, ops};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "doeners API",
        description = "Het aanbod van de sociale economie in de Vlaamse provincies. Lezen en zoeken: alleen \
                       gepubliceerde gegevens, zonder sleutel. Wijzigen (beheer): met een API-sleutel van een lid \
                       van de organisatie of een provinciebeheerder. Elke fout antwoordt als \
                       {\"error\": \"<code>\", \"message\": \"<tekst>\"}.",
        license(name = "EUPL-1.2")
    ),
    paths(
        reference::list_tenants,
        reference::list_categories,
        organisations::list,
        organisations::show,
        offers::list,
        search::search,
        crate::evaluation::open_data::stats,
        writes::create_organisation,
        writes::update_organisation,
        writes::publish_organisation,
        writes::withdraw_organisation,
        writes::list_offers,
        writes::create_offer,
        writes::update_offer,
        writes::publish_offer,
        writes::withdraw_offer,
        exchanges::create_request,
        exchanges::list_requests,
        exchanges::show_request,
        exchanges::answer_request,
        exchanges::write_message,
        exchanges::record_collaboration,
        exchanges::confirm_collaboration,
        exchanges::create_question,
        exchanges::list_questions,
        exchanges::show_question,
        exchanges::answer_question,
        exchanges::question_outcome,
        ops::healthz,
        ops::readyz,
    ),
    components(schemas(
        ErrorBody, TenantDto, CategoryGroupDto, CategoryDto, OrganisationDto, AddressDto, OrganisationDetailDto,
        OfferDto, OfferListingDto, OrganisationRefDto, OrganisationPage, OfferPage, ops::Readiness, ops::TenantReadiness,
        crate::evaluation::open_data::StatsDto, crate::evaluation::open_data::ProvinceStatsDto,
        SearchResponse, SearchHitDto, SearchOrganisationDto, ExplanationDto,
        writes::InvalidFieldsBody, writes::FieldProblem, writes::OwnOfferDto,
        super::bodies::OrganisationFields, super::bodies::OfferFields,
        exchanges::StepDto, exchanges::CollaborationDto, exchanges::ContactRequestDto,
        exchanges::ContactRequestSummaryDto, exchanges::ContactRequestList, exchanges::QuestionRecipientDto,
        exchanges::QuestionDto, exchanges::QuestionSummaryDto, exchanges::QuestionList,
        exchanges::NewContactRequestBody, exchanges::AnswerBody, exchanges::MessageBody,
        exchanges::CollaborationBody, exchanges::NewQuestionBody, exchanges::OutcomeBody,
    )),
    modifiers(&BearerToken),
    tags(
        (name = "referentie", description = "Provincies en categorieën"),
        (name = "aanbod", description = "Organisaties en hun aanbod, per provincie"),
        (name = "zoeken", description = "Zoeken over alle provincies heen"),
        (name = "beheer", description = "Organisaties en hun aanbod wijzigen, met een API-sleutel"),
        (name = "samenwerking", description = "Contactaanvragen en vragen tussen bedrijven en organisaties, over de provinciegrenzen heen, met een API-sleutel van een bedrijf of een lid"),
        (name = "cijfers", description = "De evaluatiecijfers per provincie en voor Vlaanderen, als open data (Modellicentie Gratis Hergebruik); aantallen van 1 tot 4 verborgen"),
        (name = "werking", description = "Gezondheid en beschikbaarheid"),
    )
)]
pub struct ApiDoc;

/// The write API's `Authorization: Bearer <API-sleutel>`, made on the account page of a portal.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document as this server runs: the closed lists (kinds, categories, provinces, its tenants) filled in.
pub fn described(state: &crate::AppState) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    let tenants: Vec<String> = state
        .tenants()
        .iter()
        .map(|t| t.profile.slug.to_string())
        .collect();
    super::domain_values::fill(&mut doc, &tenants);
    doc
}

pub async fn document(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
) -> Json<utoipa::openapi::OpenApi> {
    Json(described(&state))
}

pub async fn page() -> Html<String> {
    let doc = ApiDoc::openapi();
    layout::page(
        "API-documentatie",
        None,
        html! {
            h1 { "API-documentatie" }
            @if let Some(description) = &doc.info.description { p { (description) } }
            p { "Het volledige document in OpenAPI-formaat: " a href="/api/openapi.json" { "/api/openapi.json" } "." }
            @for (path, item) in &doc.paths.paths {
                @if let Some(op) = &item.get {
                    section.endpoint aria-labelledby=(anchor(path)) {
                        h2 id=(anchor(path)) { code { "GET " (path) } }
                        @if let Some(summary) = &op.summary { p { (summary) } }
                        @if let Some(params) = &op.parameters {
                            table {
                                caption { "Parameters" }
                                thead { tr { th scope="col" { "Naam" } th scope="col" { "Waar" } th scope="col" { "Betekenis" } } }
                                tbody {
                                    @for p in params {
                                        tr {
                                            td { code { (p.name) } }
                                            td { (match p.parameter_in { ParameterIn::Path => "pad", ParameterIn::Query => "query", _ => "andere" }) }
                                            td { (p.description.clone().unwrap_or_default()) }
                                        }
                                    }
                                }
                            }
                        }
                        ul {
                            @for (status, response) in &op.responses.responses {
                                li { code { (status) } " " (match response { RefOr::T(r) => r.description.clone(), RefOr::Ref(r) => r.ref_location.clone() }) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn anchor(path: &str) -> String {
    path.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

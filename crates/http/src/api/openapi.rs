//! The OpenAPI document (`/api/openapi.json`) and a page that shows it to people (`/api/docs`), rendered on the
//! server so it works without JavaScript or anything fetched from elsewhere.

use axum::Json;
use axum::response::Html;
use maud::{Markup, html};
use utoipa::{
    OpenApi,
    openapi::{
        RefOr, Required, Schema,
        path::{Operation, ParameterIn, PathItem},
        schema::ArrayItems,
    },
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
    let listed = endpoints(&doc);
    layout::page(
        "API-documentatie",
        None,
        html! {
            h1 { "API-documentatie" }
            @if let Some(description) = &doc.info.description { p { (description) } }
            p { "Het volledige document in OpenAPI-formaat: " a href="/api/openapi.json" { "/api/openapi.json" } "." }
            h2 { "Aanmelden en versturen" }
            p {
                "Lezen en zoeken kan zonder sleutel. Voor het beheer, contactaanvragen en vragen stuurt u in elk "
                "verzoek een API-sleutel mee, in de kop " code { "Authorization: Bearer <API-sleutel>" } ". "
                "U maakt een sleutel op de pagina 'Mijn account' van het portaal van uw provincie; ze begint met "
                code { "dnr_" } " en de naam van die provincie. Gebruik de API van uw eigen provincie: "
                code { "/api/v1/tenants/<provincie>/…" } "."
            }
            p {
                "Stuur de inhoud als JSON, met de kop " code { "Content-Type: application/json" } ". "
                "Bij het beheer van organisaties en aanbod is elke waarde tekst, ook een getal ("
                code { "\"employees\": \"25\"" } "), en wordt een veld dat u weglaat, leeg."
            }
            nav aria-labelledby="overzicht" {
                h2 id="overzicht" { "Overzicht" }
                ul {
                    @for e in &listed {
                        li {
                            a href={ "#" (e.id) } { code { (e.method) " " (breakable(e.path)) } }
                            @if let Some(summary) = &e.op.summary { ": " (summary) }
                        }
                    }
                }
            }
            @for e in &listed { (endpoint(e)) }
        },
    )
}

/// One operation of the document, as the page shows it.
struct Endpoint<'a> {
    method: &'static str,
    path: &'a str,
    op: &'a Operation,
    /// The anchor of its section: method and path, since several methods share a path.
    id: String,
}

/// Every operation, in the document's order of tags, then by path and method.
fn endpoints(doc: &utoipa::openapi::OpenApi) -> Vec<Endpoint<'_>> {
    let tags: Vec<&str> = doc.tags.iter().flatten().map(|t| t.name.as_str()).collect();
    let rank = |op: &Operation| {
        op.tags
            .as_ref()
            .and_then(|t| t.first())
            .and_then(|t| tags.iter().position(|name| *name == t.as_str()))
            .unwrap_or(tags.len())
    };
    let mut all: Vec<Endpoint<'_>> = doc
        .paths
        .paths
        .iter()
        .flat_map(|(path, item)| {
            methods(item).into_iter().filter_map(move |(method, op)| {
                op.map(|op| Endpoint {
                    method,
                    path: path.as_str(),
                    op,
                    id: format!("{}{}", method.to_ascii_lowercase(), anchor(path)),
                })
            })
        })
        .collect();
    // Stable: within a tag, the paths keep their order.
    all.sort_by_key(|e| rank(e.op));
    all
}

fn methods(item: &PathItem) -> [(&'static str, Option<&Operation>); 5] {
    [
        ("GET", item.get.as_ref()),
        ("POST", item.post.as_ref()),
        ("PUT", item.put.as_ref()),
        ("PATCH", item.patch.as_ref()),
        ("DELETE", item.delete.as_ref()),
    ]
}

/// The section of one operation: what it does, its parameters, its request body, its answers and, for the
/// write API, a worked example.
fn endpoint(e: &Endpoint<'_>) -> Markup {
    let op = e.op;
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let tag = op.tags.as_ref().and_then(|t| t.first());
    let parameters = op.parameters.as_ref().filter(|p| !p.is_empty());
    let responses: Vec<(&str, String, Option<String>)> = op
        .responses
        .responses
        .iter()
        .map(|(status, response)| match response {
            RefOr::T(r) => {
                let meaning = if r.description.trim().is_empty() {
                    status_text(status).to_string()
                } else {
                    r.description.clone()
                };
                let schema = r
                    .content
                    .values()
                    .next()
                    .and_then(|c| c.schema.as_ref())
                    .and_then(schema_name);
                (status.as_str(), meaning, schema)
            }
            RefOr::Ref(r) => (status.as_str(), r.ref_location.clone(), None),
        })
        .collect();
    html! {
        section.endpoint aria-labelledby=(e.id) data-method=(e.method) data-path=(e.path) {
            h2 id=(e.id) { code { (e.method) " " (breakable(e.path)) } }
            @if let Some(summary) = &op.summary { p { (summary) } }
            @if let Some(description) = &op.description {
                @for paragraph in description.split("\n\n") { p { (paragraph) } }
            }
            p.meta {
                @if let Some(tag) = tag { "Onderdeel: " (tag) ". " }
                @if secured { "Met API-sleutel." } @else { "Zonder sleutel." }
            }
            @if let Some(parameters) = parameters {
                @let parameters_id = format!("{}-parameters", e.id);
                div.table-scroll role="region" aria-labelledby={ (parameters_id) " " (e.id) } tabindex="0" { table {
                    caption id=(parameters_id) { "Parameters" }
                    thead {
                        tr {
                            th scope="col" { "Naam" }
                            th scope="col" { "Waar" }
                            th scope="col" { "Verplicht" }
                            th scope="col" { "Betekenis" }
                        }
                    }
                    tbody {
                        @for p in parameters {
                            tr {
                                td { code { (p.name) } }
                                td { (place(&p.parameter_in)) }
                                td { @if matches!(p.required, Required::True) { "ja" } @else { "nee" } }
                                td { (p.description.as_deref().unwrap_or_default()) }
                            }
                        }
                    }
                } }
            }
            @if let Some(body) = &op.request_body {
                h3 { "Inhoud van het verzoek" }
                @if let Some(description) = &body.description { p { (description) } }
                @for (content_type, content) in &body.content {
                    p {
                        "Als " code { (content_type) }
                        @if let Some(name) = content.schema.as_ref().and_then(schema_name) {
                            ", volgens het schema " code { (name) } " in het OpenAPI-document"
                        }
                        "."
                    }
                }
            }
            @let responses_id = format!("{}-antwoorden", e.id);
            div.table-scroll role="region" aria-labelledby={ (responses_id) " " (e.id) } tabindex="0" { table {
                caption id=(responses_id) { "Antwoorden" }
                thead {
                    tr {
                        th scope="col" { "Status" }
                        th scope="col" { "Betekenis" }
                    }
                }
                tbody {
                    @for (status, meaning, schema) in &responses {
                        tr {
                            td { code { (status) } }
                            td {
                                (meaning)
                                @if let Some(schema) = schema { br; span.small { "Inhoud: " code { (schema) } } }
                            }
                        }
                    }
                }
            } }
            @if let Some(example) = example_of(e.method, e.path) {
                h3 { "Voorbeeld" }
                p { (example.note) }
                @for (i, (title, text)) in example.blocks.iter().enumerate() {
                    @let block_id = format!("{}-voorbeeld-{}", e.id, i + 1);
                    h4 id=(block_id) { (title) }
                    // Wide lines scroll inside the block, which takes the keyboard focus for it.
                    pre.table-scroll role="region" aria-labelledby={ (block_id) " " (e.id) } tabindex="0" { code { (text) } }
                }
            }
        }
    }
}

/// A path that may wrap after each `/` on a narrow screen.
fn breakable(path: &str) -> Markup {
    html! {
        @for (i, segment) in path.split('/').enumerate() {
            @if i > 0 { "/" wbr; }
            (segment)
        }
    }
}

fn place(parameter_in: &ParameterIn) -> &'static str {
    match parameter_in {
        ParameterIn::Path => "pad",
        ParameterIn::Query => "query",
        ParameterIn::Header => "kop",
        ParameterIn::Cookie => "cookie",
    }
}

/// What a status means, for an answer the document describes without words.
fn status_text(status: &str) -> &'static str {
    match status {
        "200" => "Gelukt",
        "201" => "Aangemaakt",
        "400" => "Het verzoek is ongeldig",
        "401" => "Niet aangemeld",
        "403" => "Niet toegestaan",
        "404" => "Niet gevonden",
        "409" => "In strijd met wat er al is",
        "413" => "De inhoud is te groot",
        "422" => "Niet alle velden zijn in orde",
        "429" => "Te veel verzoeken",
        "503" => "Tijdelijk niet beschikbaar",
        _ => "",
    }
}

/// The name of a component schema (`#/components/schemas/OfferFields` is `OfferFields`), or of a list of one.
fn schema_name(schema: &RefOr<Schema>) -> Option<String> {
    match schema {
        RefOr::Ref(r) => r.ref_location.rsplit('/').next().map(str::to_string),
        RefOr::T(Schema::Array(array)) => match &array.items {
            ArrayItems::RefOrSchema(items) => {
                schema_name(items).map(|name| format!("lijst van {name}"))
            }
            ArrayItems::False => None,
        },
        RefOr::T(_) => None,
    }
}

/// A worked example of one operation of the write API: a sentence that sets the scene, then the blocks of text
/// (request, answer, ...), each with its heading.
struct Example {
    note: &'static str,
    blocks: Vec<(&'static str, String)>,
}

/// The organisation the examples follow, in Limburg.
const ORGANISATION_PATH: &str = "/api/v1/tenants/limburg/organisations/de-vlinder";
const OFFER_ID: &str = "0192b3f4-5c6d-7e8f-9a0b-1c2d3e4f5a6b";

const ORGANISATION_BODY: &str = r#"{
  "name": "De Vlinder",
  "kind": "maatwerkbedrijf",
  "enterprise_number": "0203.201.340",
  "street": "Kempische Steenweg 100",
  "postal_code": "3500",
  "municipality": "Hasselt",
  "website": "https://www.devlinder.example",
  "email": "info@devlinder.example",
  "phone": "011 12 34 56",
  "employees": "25",
  "description": "Verpakking, montage en groenonderhoud."
}"#;

const ORGANISATION: &str = r#"{
  "slug": "de-vlinder",
  "name": "De Vlinder",
  "kind": "maatwerkbedrijf",
  "kind_label": "Maatwerkbedrijf",
  "enterprise_number": "0203.201.340",
  "address": {
    "street": "Kempische Steenweg 100",
    "postal_code": "3500",
    "locality": "Hasselt",
    "municipality": "Hasselt",
    "province": "limburg"
  },
  "website": "https://www.devlinder.example",
  "email": "info@devlinder.example",
  "phone": "011 12 34 56",
  "employees": 25,
  "description": "Verpakking, montage en groenonderhoud."
}"#;

const ORGANISATION_EDITED_BODY: &str = r#"{
  "name": "De Vlinder",
  "kind": "maatwerkbedrijf",
  "enterprise_number": "0203.201.340",
  "street": "Kempische Steenweg 100",
  "postal_code": "3500",
  "municipality": "Hasselt",
  "website": "https://www.devlinder.example",
  "email": "info@devlinder.example",
  "phone": "011 12 34 56",
  "employees": "28",
  "description": "Verpakking, montage, groen en schoonmaak."
}"#;

const ORGANISATION_EDITED: &str = r#"{
  "slug": "de-vlinder",
  "name": "De Vlinder",
  "kind": "maatwerkbedrijf",
  "kind_label": "Maatwerkbedrijf",
  "enterprise_number": "0203.201.340",
  "address": {
    "street": "Kempische Steenweg 100",
    "postal_code": "3500",
    "locality": "Hasselt",
    "municipality": "Hasselt",
    "province": "limburg"
  },
  "website": "https://www.devlinder.example",
  "email": "info@devlinder.example",
  "phone": "011 12 34 56",
  "employees": 28,
  "description": "Verpakking, montage, groen en schoonmaak."
}"#;

const OFFER_BODY: &str = r#"{
  "title": "Handverpakking op maat",
  "category": "handverpakking",
  "execution_mode": "eigen-atelier",
  "service_area": "radius:25",
  "description": "Kleine en grote reeksen, in ons atelier."
}"#;

const OFFER: &str = r#"{
  "id": "0192b3f4-5c6d-7e8f-9a0b-1c2d3e4f5a6b",
  "title": "Handverpakking op maat",
  "description": "Kleine en grote reeksen, in ons atelier.",
  "category": "handverpakking",
  "execution_mode": "eigen-atelier",
  "service_area": "radius:25",
  "status": "published"
}"#;

const OFFER_EDITED_BODY: &str = r#"{
  "title": "Handverpakking op maat",
  "category": "handverpakking",
  "execution_mode": "eigen-atelier",
  "service_area": "radius:25",
  "description": "Kleine en grote reeksen, ook met etiket."
}"#;

const OFFER_EDITED: &str = r#"{
  "id": "0192b3f4-5c6d-7e8f-9a0b-1c2d3e4f5a6b",
  "title": "Handverpakking op maat",
  "description": "Kleine en grote reeksen, ook met etiket.",
  "category": "handverpakking",
  "execution_mode": "eigen-atelier",
  "service_area": "radius:25",
  "status": "published"
}"#;

const OFFER_WITHDRAWN: &str = r#"{
  "id": "0192b3f4-5c6d-7e8f-9a0b-1c2d3e4f5a6b",
  "title": "Handverpakking op maat",
  "description": "Kleine en grote reeksen, ook met etiket.",
  "category": "handverpakking",
  "execution_mode": "eigen-atelier",
  "service_area": "radius:25",
  "status": "withdrawn"
}"#;

const OFFER_REFUSED_BODY: &str = r#"{
  "title": "Vliegtuigen poetsen",
  "category": "vliegen",
  "execution_mode": "op-locatie",
  "service_area": "flanders"
}"#;

const OFFER_REFUSED: &str = r#"{
  "error": "invalid_fields",
  "message": "Niet alle velden zijn in orde.",
  "problems": [
    {
      "field": "category",
      "message": "onbekende categorie 'vliegen'"
    }
  ]
}"#;

const CONTACT_REQUEST_BODY: &str = r#"{
  "organisation": "vlaams-brabant/atelier-leuven",
  "offer_id": "0192c1a0-3b4c-7d5e-8f60-7a8b9c0d1e2f",
  "message": "Handverpakking: 20.000 dozen per jaar.",
  "budget_band": "25000_100000",
  "wished_start": "2027-03-01"
}"#;

const CONTACT_REQUEST: &str = r#"{
  "id": "0195a7e2-1f00-7c3a-b5d4-2e6f8a9b0c1d",
  "state": "sent",
  "organisation": "vlaams-brabant/atelier-leuven",
  "organisation_name": "Atelier Leuven",
  "company_name": "Geschenken Peeters",
  "offer_id": "0192c1a0-3b4c-7d5e-8f60-7a8b9c0d1e2f",
  "offer_title": "Handverpakking op maat",
  "budget_band": "25000_100000",
  "wished_start": "2027-03-01",
  "your_side": "company",
  "delivered": false,
  "collaboration": null,
  "thread": [
    {
      "id": "0195a7e2-1f01-7d2b-a1c3-4b5d6e7f8091",
      "kind": "sent",
      "side": "company",
      "organisation": null,
      "message": "Handverpakking: 20.000 dozen per jaar.",
      "data": {},
      "created_at": "2026-03-02T09:15:00+00:00"
    }
  ],
  "created_at": "2026-03-02T09:15:00+00:00",
  "updated_at": "2026-03-02T09:15:00+00:00"
}"#;

/// A request as it goes over the wire: the request line, the API token and, with a body, its type and the body.
fn request(line: &str, body: Option<&str>) -> String {
    let mut text = format!("{line}\nAuthorization: Bearer <API-sleutel>");
    if let Some(body) = body {
        text.push_str("\nContent-Type: application/json\n\n");
        text.push_str(body);
    }
    text
}

/// An answer: the status line, the type and the JSON body.
fn answer(status: &str, body: &str) -> String {
    format!("HTTP/1.1 {status}\nContent-Type: application/json\n\n{body}")
}

/// The worked example of `method` on `path`, for the operations of the write API that change something.
fn example_of(method: &str, path: &str) -> Option<Example> {
    let offer = format!("{ORGANISATION_PATH}/offers/{OFFER_ID}");
    let example = match (method, path) {
        ("POST", "/api/v1/tenants/{tenant}/organisations") => Example {
            note: "Een beheerder van de provincie Limburg voegt De Vlinder toe. De slug komt uit de naam.",
            blocks: vec![
                (
                    "Verzoek",
                    request(
                        "POST /api/v1/tenants/limburg/organisations",
                        Some(ORGANISATION_BODY),
                    ),
                ),
                ("Antwoord", answer("201 Created", ORGANISATION)),
            ],
        },
        ("PUT", "/api/v1/tenants/{tenant}/organisations/{slug}") => Example {
            note: "Een lid van De Vlinder past het aantal werknemers en de beschrijving aan. De andere velden gaan \
                   ongewijzigd mee: een veld dat u weglaat, wordt leeg.",
            blocks: vec![
                (
                    "Verzoek",
                    request(
                        &format!("PUT {ORGANISATION_PATH}"),
                        Some(ORGANISATION_EDITED_BODY),
                    ),
                ),
                ("Antwoord", answer("200 OK", ORGANISATION_EDITED)),
            ],
        },
        ("POST", "/api/v1/tenants/{tenant}/organisations/{slug}/publish") => Example {
            note: "De Vlinder komt (opnieuw) op het portaal en in de zoekresultaten. Het verzoek heeft geen inhoud.",
            blocks: vec![
                (
                    "Verzoek",
                    request(&format!("POST {ORGANISATION_PATH}/publish"), None),
                ),
                ("Antwoord", answer("200 OK", ORGANISATION_EDITED)),
            ],
        },
        ("POST", "/api/v1/tenants/{tenant}/organisations/{slug}/withdraw") => Example {
            note: "De Vlinder verdwijnt van het portaal en uit de zoekresultaten, met al haar aanbod. Het verzoek \
                   heeft geen inhoud.",
            blocks: vec![
                (
                    "Verzoek",
                    request(&format!("POST {ORGANISATION_PATH}/withdraw"), None),
                ),
                ("Antwoord", answer("200 OK", ORGANISATION_EDITED)),
            ],
        },
        ("POST", "/api/v1/tenants/{tenant}/organisations/{slug}/offers") => Example {
            note: "De Vlinder voegt een aanbod toe; het is meteen gepubliceerd. Het tweede verzoek noemt een \
                   categorie die niet bestaat en wordt geweigerd, met het veld en de reden.",
            blocks: vec![
                (
                    "Verzoek",
                    request(
                        &format!("POST {ORGANISATION_PATH}/offers"),
                        Some(OFFER_BODY),
                    ),
                ),
                ("Antwoord", answer("201 Created", OFFER)),
                (
                    "Geweigerd verzoek",
                    request(
                        &format!("POST {ORGANISATION_PATH}/offers"),
                        Some(OFFER_REFUSED_BODY),
                    ),
                ),
                (
                    "Antwoord op het geweigerde verzoek",
                    answer("422 Unprocessable Entity", OFFER_REFUSED),
                ),
            ],
        },
        ("PUT", "/api/v1/tenants/{tenant}/organisations/{slug}/offers/{id}") => Example {
            note: "De Vlinder past de beschrijving van haar aanbod aan; de id komt uit het antwoord bij het \
                   toevoegen. Alle velden gaan mee, de status blijft.",
            blocks: vec![
                (
                    "Verzoek",
                    request(&format!("PUT {offer}"), Some(OFFER_EDITED_BODY)),
                ),
                ("Antwoord", answer("200 OK", OFFER_EDITED)),
            ],
        },
        ("POST", "/api/v1/tenants/{tenant}/organisations/{slug}/offers/{id}/publish") => Example {
            note: "Een ingetrokken aanbod komt terug op het portaal en in de zoekresultaten. Het verzoek heeft geen \
                   inhoud.",
            blocks: vec![
                ("Verzoek", request(&format!("POST {offer}/publish"), None)),
                ("Antwoord", answer("200 OK", OFFER_EDITED)),
            ],
        },
        ("POST", "/api/v1/tenants/{tenant}/organisations/{slug}/offers/{id}/withdraw") => Example {
            note: "Het aanbod verdwijnt van het portaal en uit de zoekresultaten, en blijft bij De Vlinder. Het \
                   verzoek heeft geen inhoud.",
            blocks: vec![
                ("Verzoek", request(&format!("POST {offer}/withdraw"), None)),
                ("Antwoord", answer("200 OK", OFFER_WITHDRAWN)),
            ],
        },
        ("POST", "/api/v1/tenants/{tenant}/contact-requests") => Example {
            note: "Een bedrijf uit Limburg vraagt Atelier Leuven, in Vlaams-Brabant, naar een aanbod: via de API van \
                   zijn eigen provincie. Zolang de aanvraag nog niet in Vlaams-Brabant is afgeleverd, staat \
                   \"delivered\" op false (verzonden, nog niet afgeleverd); dat gebeurt zodra die provincie \
                   bereikbaar is, meestal meteen.",
            blocks: vec![
                (
                    "Verzoek",
                    request(
                        "POST /api/v1/tenants/limburg/contact-requests",
                        Some(CONTACT_REQUEST_BODY),
                    ),
                ),
                ("Antwoord", answer("201 Created", CONTACT_REQUEST)),
            ],
        },
        _ => return None,
    };
    Some(example)
}

fn anchor(path: &str) -> String {
    path.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

//! The request bodies of the write API, as the OpenAPI document describes them: the import files' columns, all
//! text. The handlers read the body as text fields and check them with the import's own parser
//! (`doeners_domain::forms`); these types only say what that parser takes, so that clients and generated tests
//! see the same rules. The allowed values of `kind`, `category` and `execution_mode` come from the domain (see
//! `domain_values`).

use serde::Deserialize;
use utoipa::ToSchema;

/// De velden van een organisatie: de kolommen van `organisations.csv` uit de import, zonder `ref`. Elke waarde is
/// tekst; een veld dat u weglaat of `null` maakt, is leeg.
// `Deserialize` only so that `deny_unknown_fields` tells the schema there are no other fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct OrganisationFields {
    #[schema(min_length = 1, max_length = 200, example = "De Vlinder")]
    pub name: String,
    /// `maatwerkbedrijf`, `maatwerkafdeling`, `lokale-diensteneconomie`, `arbeidsmatige-activiteiten` of
    /// `sociale-onderneming`.
    #[schema(example = "maatwerkbedrijf")]
    pub kind: String,
    /// Een Belgische postcode.
    #[schema(pattern = "^[1-9][0-9]{3}$", example = "3500")]
    pub postal_code: String,
    /// Ondernemingsnummer (KBO) met zijn controlecijfers, bv. `0203.201.340`.
    #[schema(max_length = 20)]
    pub enterprise_number: Option<String>,
    #[schema(max_length = 200)]
    pub street: Option<String>,
    /// De plaats zoals u ze schrijft (een deelgemeente mag); leeg betekent de gemeente van de postcode.
    #[schema(max_length = 100)]
    pub municipality: Option<String>,
    #[schema(max_length = 200)]
    pub website: Option<String>,
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[schema(max_length = 30)]
    pub phone: Option<String>,
    /// Een geheel getal, als tekst (bv. `"25"`).
    #[schema(pattern = "^(100000|[0-9]{0,5})$")]
    pub employees: Option<String>,
    #[schema(max_length = 5000)]
    pub description: Option<String>,
}

/// De velden van een aanbod: de kolommen van `offers.csv` uit de import, zonder `organisation_ref`. Elke waarde
/// is tekst; een veld dat u weglaat of `null` maakt, is leeg.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct OfferFields {
    /// Uniek binnen de organisatie.
    #[schema(min_length = 1, max_length = 200, example = "Handverpakking op maat")]
    pub title: String,
    /// Een subcategorie (slug), of een groep (slug) die "andere, binnen deze groep" betekent (`GET /api/v1/categories`).
    #[schema(example = "handverpakking")]
    pub category: String,
    #[schema(example = "eigen-atelier")]
    pub execution_mode: String,
    /// `flanders`, `radius:<km>`, `provinces:<slug>+<slug>` of `municipalities:<postcode>+<postcode>`.
    #[schema(
        pattern = "^(flanders|vlaanderen|radius:[0-9]{1,3}|provinces:[a-z-]+(\\+[a-z-]+)*|municipalities:[0-9]{4}(\\+[0-9]{4})*)$",
        example = "radius:25"
    )]
    pub service_area: String,
    #[schema(max_length = 5000)]
    pub description: Option<String>,
}

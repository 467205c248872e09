//! The shapes the API answers with. Built from domain values; only public information goes in.

use doeners_domain::{CategoryGroup, Offer, Organisation};
use serde::Serialize;
use utoipa::ToSchema;

use crate::Tenant;

#[derive(Debug, Serialize, ToSchema)]
pub struct TenantDto {
    #[schema(example = "limburg")]
    pub slug: String,
    #[schema(example = "Provincie Limburg")]
    pub name: String,
    #[schema(example = "70000")]
    pub nis_code: String,
    pub colour: String,
    pub intro: String,
    pub contact_email: String,
    /// De startpagina van het portaal van de provincie.
    #[schema(example = "/limburg/")]
    pub portal: String,
}

impl TenantDto {
    pub fn of(tenant: &Tenant) -> Self {
        let p = &tenant.profile;
        Self {
            slug: p.slug.to_string(),
            name: p.display_name.clone(),
            nis_code: p.nis_code.clone(),
            colour: p.colour.clone(),
            intro: p.intro.clone(),
            contact_email: p.contact_email.clone(),
            portal: format!("/{}/", p.slug),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryDto {
    #[schema(example = "groenonderhoud")]
    pub slug: String,
    #[schema(example = "Groenonderhoud")]
    pub label: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryGroupDto {
    #[schema(example = "groen")]
    pub slug: String,
    #[schema(example = "Groen & natuur")]
    pub label: String,
    pub categories: Vec<CategoryDto>,
}

impl CategoryGroupDto {
    pub fn of(group: &CategoryGroup) -> Self {
        Self {
            slug: group.slug.to_string(),
            label: group.label.to_string(),
            categories: group
                .categories
                .iter()
                .map(|c| CategoryDto {
                    slug: c.slug.to_string(),
                    label: c.label.to_string(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AddressDto {
    pub street: String,
    #[schema(example = "3500")]
    pub postal_code: String,
    /// De plaats zoals de organisatie ze schrijft.
    #[schema(example = "Hasselt")]
    pub locality: String,
    /// De gemeente waarin de postcode ligt.
    #[schema(example = "Hasselt")]
    pub municipality: String,
    #[schema(example = "limburg")]
    pub province: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDto {
    #[schema(example = "de-vlinder-hasselt")]
    pub slug: String,
    pub name: String,
    /// Een van maatwerkbedrijf, maatwerkafdeling, lokale-diensteneconomie, arbeidsmatige-activiteiten, sociale-onderneming.
    #[schema(example = "maatwerkbedrijf")]
    pub kind: String,
    #[schema(example = "Maatwerkbedrijf")]
    pub kind_label: String,
    #[schema(example = "0203.201.340")]
    pub enterprise_number: Option<String>,
    pub address: AddressDto,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub employees: Option<u32>,
    pub description: String,
}

impl OrganisationDto {
    pub fn of(org: &Organisation) -> Self {
        let d = &org.draft;
        Self {
            slug: org.slug.to_string(),
            name: d.name.clone(),
            kind: d.kind.slug().to_string(),
            kind_label: d.kind.label().to_string(),
            enterprise_number: d.enterprise_number.as_ref().map(ToString::to_string),
            address: AddressDto {
                street: d.address.street.clone(),
                postal_code: d.address.postal_code.to_string(),
                locality: d.address.locality.clone(),
                municipality: d.address.municipality.name.to_string(),
                province: d
                    .address
                    .municipality
                    .province()
                    .map(|p| p.slug.to_string())
                    .unwrap_or_default(),
            },
            website: d.website.as_ref().map(|w| w.as_str().to_string()),
            email: d.email.as_ref().map(ToString::to_string),
            phone: d.phone.as_ref().map(|p| p.as_str().to_string()),
            employees: d.employees,
            description: d.description.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferDto {
    pub id: uuid::Uuid,
    pub title: String,
    pub description: String,
    /// Een subcategorie (slug), of een groep (slug) die "andere, binnen deze groep" betekent.
    #[schema(example = "groenonderhoud")]
    pub category: String,
    pub category_label: String,
    #[schema(example = "groen")]
    pub group: String,
    /// Een van eigen-atelier, op-locatie, detachering, producten.
    #[schema(example = "op-locatie")]
    pub execution_mode: String,
    /// `flanders`, `radius:<km>`, `provinces:<slug>+<slug>` of `municipalities:<postcode>+<postcode>`.
    #[schema(example = "radius:25")]
    pub service_area: String,
    #[schema(example = "tot 25 km van de vestiging")]
    pub service_area_label: String,
}

impl OfferDto {
    pub fn of(offer: &Offer) -> Self {
        let d = &offer.draft;
        Self {
            id: offer.id.as_uuid(),
            title: d.title.clone(),
            description: d.description.clone(),
            category: d.category.slug().to_string(),
            category_label: d.category.label(),
            group: d.category.group().slug.to_string(),
            execution_mode: d.execution_mode.slug().to_string(),
            service_area: d.service_area.to_string(),
            service_area_label: d.service_area.describe(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDetailDto {
    #[serde(flatten)]
    pub organisation: OrganisationDto,
    pub offers: Vec<OfferDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationRefDto {
    pub slug: String,
    pub name: String,
    pub municipality: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferListingDto {
    #[serde(flatten)]
    pub offer: OfferDto,
    pub organisation: OrganisationRefDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationPage {
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
    pub items: Vec<OrganisationDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferPage {
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
    pub items: Vec<OfferListingDto>,
}

//! An offer ("aanbod"): a kind of work an organisation does for companies, where and how.

use crate::{
    CategoryRef, InvalidValue, OfferId, OrganisationId, ServiceArea, organisation::slug_enum, text,
};

slug_enum! {
    /// How the work is done: in the organisation's own workshop, at the customer's site, by people seconded to
    /// the customer, or as products the organisation makes.
    ExecutionMode, "uitvoering" {
        EigenAtelier = "eigen-atelier" / "In eigen atelier",
        OpLocatie = "op-locatie" / "Op locatie bij de klant",
        Detachering = "detachering" / "Detachering",
        Producten = "producten" / "Eigen producten",
    }
}

slug_enum! {
    /// Whether an offer is shown: a withdrawn offer stays with its organisation but leaves the portal and search.
    OfferStatus, "status" {
        Published = "published" / "Gepubliceerd",
        Withdrawn = "withdrawn" / "Ingetrokken",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OfferDraft {
    pub title: String,
    pub description: String,
    pub category: CategoryRef,
    pub execution_mode: ExecutionMode,
    pub service_area: ServiceArea,
}

pub const MAX_TITLE_LEN: usize = 200;

impl OfferDraft {
    pub fn parse_title(raw: &str) -> Result<String, InvalidValue> {
        text::required(raw, "titel", MAX_TITLE_LEN)
    }

    pub fn parse_description(raw: &str) -> Result<String, InvalidValue> {
        text::limited(
            raw,
            "beschrijving",
            crate::organisation::MAX_DESCRIPTION_LEN,
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub id: OfferId,
    pub organisation_id: OrganisationId,
    pub draft: OfferDraft,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn execution_modes_parse_from_slugs() {
        assert_eq!(
            ExecutionMode::parse("op-locatie"),
            Ok(ExecutionMode::OpLocatie)
        );
        assert!(ExecutionMode::parse("thuis").is_err());
        assert_eq!(ExecutionMode::Detachering.label(), "Detachering");
    }

    #[test]
    fn a_title_is_required() {
        assert!(OfferDraft::parse_title("   ").is_err());
        assert_eq!(
            OfferDraft::parse_title(" Groenonderhoud "),
            Ok("Groenonderhoud".to_string())
        );
    }
}

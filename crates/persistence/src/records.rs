//! Turning stored rows back into domain values. Rows were validated when written; a row that no longer parses
//! is reported as corrupt rather than shown half-right.

use doeners_domain::{
    Address, CategoryRef, Email, EnterpriseNumber, ExecutionMode, InvalidValue, Offer, OfferDraft,
    OfferId, Organisation, OrganisationDraft, OrganisationId, OrganisationKind, OrganisationStatus,
    Phone, ServiceArea, Slug, Website, organisation::optional,
};

use crate::{
    entities::{offer, organisation},
    error::PersistenceError,
};

fn corrupt(what: &str, id: uuid::Uuid) -> impl Fn(InvalidValue) -> PersistenceError + '_ {
    move |e| PersistenceError::Corrupt(format!("{what} {id}: {e}"))
}

pub fn organisation_from(row: &organisation::Model) -> Result<Organisation, PersistenceError> {
    let bad = corrupt("organisatie", row.id);
    let draft = OrganisationDraft {
        name: row.name.clone(),
        kind: OrganisationKind::parse(&row.kind).map_err(&bad)?,
        enterprise_number: row
            .enterprise_number
            .as_deref()
            .map(EnterpriseNumber::parse)
            .transpose()
            .map_err(&bad)?,
        address: Address::parse(&row.street, &row.postal_code, &row.locality).map_err(&bad)?,
        website: optional(row.website.as_deref().unwrap_or_default(), Website::parse)
            .map_err(&bad)?,
        email: row
            .email
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            .map(Email::stored),
        phone: optional(row.phone.as_deref().unwrap_or_default(), Phone::parse).map_err(&bad)?,
        employees: row.employees.and_then(|n| u32::try_from(n).ok()),
        description: row.description.clone(),
    };
    Ok(Organisation {
        id: OrganisationId::from_uuid(row.id),
        slug: Slug::parse(&row.slug).map_err(&bad)?,
        status: OrganisationStatus::parse(&row.status).map_err(&bad)?,
        draft,
    })
}

pub fn offer_from(row: &offer::Model) -> Result<Offer, PersistenceError> {
    let bad = corrupt("aanbod", row.id);
    Ok(Offer {
        id: OfferId::from_uuid(row.id),
        organisation_id: OrganisationId::from_uuid(row.organisation_id),
        draft: OfferDraft {
            title: row.title.clone(),
            description: row.description.clone(),
            category: CategoryRef::parse(&row.category).map_err(&bad)?,
            execution_mode: ExecutionMode::parse(&row.execution_mode).map_err(&bad)?,
            service_area: ServiceArea::parse(&row.service_area).map_err(&bad)?,
        },
    })
}

/// The row an organisation draft makes, with the identity, status and times given.
pub fn organisation_model(
    draft: &OrganisationDraft,
    id: uuid::Uuid,
    slug: String,
    import_ref: Option<String>,
    status: OrganisationStatus,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
) -> organisation::Model {
    organisation::Model {
        id,
        slug,
        import_ref,
        name: draft.name.clone(),
        kind: draft.kind.slug().to_string(),
        enterprise_number: draft.enterprise_number.as_ref().map(ToString::to_string),
        street: draft.address.street.clone(),
        postal_code: draft.address.postal_code.to_string(),
        locality: draft.address.locality.clone(),
        municipality_nis: draft.address.municipality.nis.to_string(),
        website: draft.website.as_ref().map(|w| w.as_str().to_string()),
        email: draft.email.as_ref().map(ToString::to_string),
        phone: draft.phone.as_ref().map(|p| p.as_str().to_string()),
        employees: draft.employees.and_then(|n| i32::try_from(n).ok()),
        description: draft.description.clone(),
        status: status.slug().to_string(),
        created_at,
        updated_at,
    }
}

/// The row an offer draft makes.
pub fn offer_model(
    id: uuid::Uuid,
    organisation_id: uuid::Uuid,
    draft: &OfferDraft,
    status: &str,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
) -> offer::Model {
    offer::Model {
        id,
        organisation_id,
        title: draft.title.clone(),
        description: draft.description.clone(),
        category: draft.category.slug().to_string(),
        execution_mode: draft.execution_mode.slug().to_string(),
        service_area: draft.service_area.to_string(),
        status: status.to_string(),
        created_at,
        updated_at,
    }
}

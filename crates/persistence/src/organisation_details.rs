//! An organisation's capacity, certificates and references, one row beside its profile.

use chrono::Utc;
use doeners_domain::{OrganisationDetails, OrganisationId};
use sea_orm::{ActiveValue::Set, EntityTrait, sea_query::OnConflict};

use crate::{TenantDatabase, entities::organisation_detail, error::Result};

impl TenantDatabase {
    /// The organisation's details; empty when it never filled them in.
    pub async fn details_of(&self, organisation: OrganisationId) -> Result<OrganisationDetails> {
        Ok(
            organisation_detail::Entity::find_by_id(organisation.as_uuid())
                .one(self.conn())
                .await
                .map_err(|e| self.err(e))?
                .map(|row| OrganisationDetails {
                    capacity: row.capacity,
                    certificates: serde_json::from_value(row.certificates).unwrap_or_default(),
                    references: serde_json::from_value(row.client_references).unwrap_or_default(),
                })
                .unwrap_or_default(),
        )
    }

    /// Replaces the organisation's details.
    pub async fn set_details(
        &self,
        organisation: OrganisationId,
        details: &OrganisationDetails,
    ) -> Result<()> {
        let row = organisation_detail::ActiveModel {
            organisation_id: Set(organisation.as_uuid()),
            capacity: Set(details.capacity.clone()),
            certificates: Set(serde_json::json!(details.certificates)),
            client_references: Set(serde_json::json!(details.references)),
            updated_at: Set(Utc::now()),
        };
        organisation_detail::Entity::insert(row)
            .on_conflict(
                OnConflict::column(organisation_detail::Column::OrganisationId)
                    .update_columns([
                        organisation_detail::Column::Capacity,
                        organisation_detail::Column::Certificates,
                        organisation_detail::Column::ClientReferences,
                        organisation_detail::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

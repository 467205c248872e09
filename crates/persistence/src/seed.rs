//! Demo data for a province: the domain's fictional organisations, written through the same upsert as an
//! import, so seeding twice changes nothing.

use doeners_demo as demo;

use crate::{
    Batch, BatchOffer, BatchOrganisation, TenantDatabase, UpsertSummary, error::PersistenceError,
};

impl TenantDatabase {
    /// Seeds the demo organisations of the province with NIS code `province_nis`.
    pub async fn seed_demo(&self, province_nis: &str) -> Result<UpsertSummary, PersistenceError> {
        let organisations = demo::organisations(province_nis)
            .map_err(|e| PersistenceError::Corrupt(e.to_string()))?;
        let mut batch = Batch::default();
        for org in organisations {
            batch
                .offers
                .extend(org.offers.into_iter().map(|draft| BatchOffer {
                    organisation_ref: org.reference.clone(),
                    draft,
                }));
            batch.organisations.push(BatchOrganisation {
                reference: org.reference,
                draft: org.draft,
            });
        }
        self.upsert(&batch).await
    }

    /// Whether this tenant has no organisations at all: a fresh database.
    pub async fn is_empty(&self) -> Result<bool, PersistenceError> {
        use sea_orm::{EntityTrait, PaginatorTrait};
        let n = crate::entities::organisation::Entity::find()
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(n == 0)
    }
}

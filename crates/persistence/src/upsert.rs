//! Writing a batch of organisations with their offers: the one write path of the import and the demo seed.
//!
//! Organisations are matched by enterprise number, else by the batch's own reference; offers by organisation
//! and title. Only what differs is written, so applying the same batch twice changes nothing, not even the
//! outbox. Everything happens in one transaction: a batch lands whole or not at all.

use std::collections::{HashMap, HashSet};

use doeners_domain::{
    OfferDraft, OfferId, OrganisationDraft, OrganisationId, OrganisationStatus, PublicChange, Slug,
};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, TransactionTrait};
use uuid::Uuid;

use crate::{
    TenantDatabase,
    entities::{offer, organisation},
    error::Result,
    outbox,
    records::{offer_model, organisation_model},
};

#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub organisations: Vec<BatchOrganisation>,
    pub offers: Vec<BatchOffer>,
}

#[derive(Debug, Clone)]
pub struct BatchOrganisation {
    /// The batch's own key for the organisation (an import file's `ref`).
    pub reference: String,
    pub draft: OrganisationDraft,
}

#[derive(Debug, Clone)]
pub struct BatchOffer {
    pub organisation_ref: String,
    pub draft: OfferDraft,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertSummary {
    pub organisations_created: usize,
    pub organisations_updated: usize,
    pub organisations_unchanged: usize,
    pub offers_created: usize,
    pub offers_updated: usize,
    pub offers_unchanged: usize,
}

impl UpsertSummary {
    pub fn changed_anything(&self) -> bool {
        self.organisations_created
            + self.organisations_updated
            + self.offers_created
            + self.offers_updated
            > 0
    }
}

impl std::fmt::Display for UpsertSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} organisaties nieuw, {} bijgewerkt, {} ongewijzigd; {} aanbiedingen nieuw, {} bijgewerkt, {} ongewijzigd",
            self.organisations_created,
            self.organisations_updated,
            self.organisations_unchanged,
            self.offers_created,
            self.offers_updated,
            self.offers_unchanged
        )
    }
}

const CHUNK: usize = 500;
/// New offers from a batch are published; an existing offer keeps the status its organisation gave it.
const PUBLISHED: &str = "published";

impl TenantDatabase {
    /// Writes `batch`, publishing every organisation in it.
    pub async fn upsert(&self, batch: &Batch) -> Result<UpsertSummary> {
        let txn = self
            .conn()
            .begin_with_options(self.writing())
            .await
            .map_err(|e| self.err(e))?;
        let now = chrono::Utc::now();
        let mut summary = UpsertSummary::default();
        let mut events = Vec::new();

        let existing = organisation::Entity::find()
            .all(&txn)
            .await
            .map_err(|e| self.err(e))?;
        let mut taken_slugs: HashSet<String> = existing.iter().map(|o| o.slug.clone()).collect();
        let by_number: HashMap<&str, &organisation::Model> = existing
            .iter()
            .filter_map(|o| o.enterprise_number.as_deref().map(|n| (n, o)))
            .collect();
        let by_ref: HashMap<&str, &organisation::Model> = existing
            .iter()
            .filter_map(|o| o.import_ref.as_deref().map(|r| (r, o)))
            .collect();

        let mut id_of_ref: HashMap<&str, Uuid> = HashMap::new();
        let mut inserts = Vec::new();
        for item in &batch.organisations {
            let found = item
                .draft
                .enterprise_number
                .as_ref()
                .and_then(|n| by_number.get(n.as_str()))
                .or_else(|| by_ref.get(item.reference.as_str()))
                .copied();
            match found {
                Some(old) => {
                    id_of_ref.insert(&item.reference, old.id);
                    let new = organisation_model(
                        &item.draft,
                        old.id,
                        old.slug.clone(),
                        old.import_ref.clone(),
                        OrganisationStatus::Published,
                        old.created_at,
                        old.updated_at,
                    );
                    if &new == old {
                        summary.organisations_unchanged += 1;
                        continue;
                    }
                    let was_published = old.status == OrganisationStatus::Published.slug();
                    let mut row = new.into_active_model().reset_all();
                    row.id = sea_orm::ActiveValue::Unchanged(old.id);
                    row.created_at = sea_orm::ActiveValue::Unchanged(old.created_at);
                    row.updated_at = sea_orm::ActiveValue::Set(now);
                    row.update(&txn).await.map_err(|e| self.err(e))?;
                    summary.organisations_updated += 1;
                    let organisation = OrganisationId::from_uuid(old.id);
                    events.push(if was_published {
                        PublicChange::OrganisationUpdated(organisation)
                    } else {
                        PublicChange::OrganisationPublished(organisation)
                    });
                }
                None => {
                    let id = Uuid::now_v7();
                    id_of_ref.insert(&item.reference, id);
                    let slug = unique_slug(&item.draft.name, &mut taken_slugs);
                    let row = organisation_model(
                        &item.draft,
                        id,
                        slug,
                        Some(item.reference.clone()),
                        OrganisationStatus::Published,
                        now,
                        now,
                    );
                    inserts.push(row.into_active_model());
                    summary.organisations_created += 1;
                    events.push(PublicChange::OrganisationPublished(
                        OrganisationId::from_uuid(id),
                    ));
                }
            }
        }
        for chunk in chunks(inserts) {
            organisation::Entity::insert_many(chunk)
                .exec(&txn)
                .await
                .map_err(|e| self.err(e))?;
        }

        let existing_offers = offer::Entity::find()
            .all(&txn)
            .await
            .map_err(|e| self.err(e))?;
        let offer_by_key: HashMap<(Uuid, &str), &offer::Model> = existing_offers
            .iter()
            .map(|o| ((o.organisation_id, o.title.as_str()), o))
            .collect();
        let mut offer_inserts = Vec::new();
        for item in &batch.offers {
            let Some(&organisation_id) = id_of_ref.get(item.organisation_ref.as_str()) else {
                continue; // The import validates references; a seed never has dangling ones.
            };
            match offer_by_key.get(&(organisation_id, item.draft.title.as_str())) {
                Some(old) => {
                    let new = offer_model(
                        old.id,
                        organisation_id,
                        &item.draft,
                        &old.status,
                        old.created_at,
                        old.updated_at,
                    );
                    if &new == *old {
                        summary.offers_unchanged += 1;
                        continue;
                    }
                    let mut row = new.into_active_model().reset_all();
                    row.id = sea_orm::ActiveValue::Unchanged(old.id);
                    row.created_at = sea_orm::ActiveValue::Unchanged(old.created_at);
                    row.updated_at = sea_orm::ActiveValue::Set(now);
                    row.update(&txn).await.map_err(|e| self.err(e))?;
                    summary.offers_updated += 1;
                    events.push(PublicChange::OfferUpserted {
                        offer: OfferId::from_uuid(old.id),
                        organisation: OrganisationId::from_uuid(organisation_id),
                    });
                }
                None => {
                    let id = Uuid::now_v7();
                    offer_inserts.push(
                        offer_model(id, organisation_id, &item.draft, PUBLISHED, now, now)
                            .into_active_model(),
                    );
                    summary.offers_created += 1;
                    events.push(PublicChange::OfferUpserted {
                        offer: OfferId::from_uuid(id),
                        organisation: OrganisationId::from_uuid(organisation_id),
                    });
                }
            }
        }
        for chunk in chunks(offer_inserts) {
            offer::Entity::insert_many(chunk)
                .exec(&txn)
                .await
                .map_err(|e| self.err(e))?;
        }

        outbox::append(&txn, events)
            .await
            .map_err(|e| self.err(e))?;
        txn.commit().await.map_err(|e| self.err(e))?;
        Ok(summary)
    }
}

pub(crate) fn unique_slug(name: &str, taken: &mut HashSet<String>) -> String {
    let base = Slug::from_name(name);
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(candidate.as_str()) {
        candidate = base.numbered(n);
        n += 1;
    }
    taken.insert(candidate.to_string());
    candidate.to_string()
}

fn chunks<T>(items: Vec<T>) -> impl Iterator<Item = Vec<T>> {
    let mut items = items.into_iter().peekable();
    std::iter::from_fn(move || {
        items.peek()?;
        Some(items.by_ref().take(CHUNK).collect())
    })
}

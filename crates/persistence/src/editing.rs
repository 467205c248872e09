//! What organisation members and province administrators change by hand (through the portal or the write
//! API): an organisation's profile and its offers, one at a time. A change to public data appends its event to
//! the outbox in the same transaction, so the search index follows within a projector pass.
//!
//! Uniqueness (an enterprise number per province, an offer title per organisation) is checked before writing,
//! so the answer can name the field; the unique indexes stay the real guard.

use chrono::Utc;
use doeners_domain::{
    Offer, OfferDraft, OfferId, OfferStatus, Organisation, OrganisationDraft, OrganisationId,
    OrganisationStatus, PublicChange,
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
    sea_query::{Expr, Func},
};
use uuid::Uuid;

use crate::{
    TenantDatabase,
    entities::{offer, organisation},
    error::{PersistenceError, Result},
    outbox,
    records::{offer_from, offer_model, organisation_from, organisation_model},
};

/// What the administrators' list of organisations is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct AdminSearch {
    pub text: Option<String>,
    pub status: Option<OrganisationStatus>,
    pub kind: Option<doeners_domain::OrganisationKind>,
}

/// A value another row already holds: the field it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taken(pub &'static str);

/// An offer with its status, as its organisation sees it.
#[derive(Debug, Clone)]
pub struct OwnOffer {
    pub offer: Offer,
    pub status: OfferStatus,
}

fn own_offer(row: &offer::Model) -> Result<OwnOffer> {
    Ok(OwnOffer {
        offer: offer_from(row)?,
        status: OfferStatus::parse(&row.status)
            .map_err(|e| PersistenceError::Corrupt(format!("aanbod {}: {e}", row.id)))?,
    })
}

impl TenantDatabase {
    /// An organisation of this province, whatever its status.
    pub async fn organisation_by_slug(&self, slug: &str) -> Result<Option<Organisation>> {
        self.one_organisation(
            organisation::Entity::find().filter(organisation::Column::Slug.eq(slug)),
        )
        .await
    }

    /// Every organisation of the province, whatever its status, by name: the administrators' list.
    /// Every organisation the administrators' list shows, drafts and withdrawn ones too, by name; narrowed by
    /// `search` (a part of the name, the municipality or the postal code, a status, a kind).
    pub async fn all_organisations(
        &self,
        page: crate::Page,
        search: &AdminSearch,
    ) -> Result<crate::Paged<Organisation>> {
        let mut query = organisation::Entity::find();
        if let Some(text) = search
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            // LIKE's own wildcards in the typed text are read as letters would be: dropped.
            let folded: String = text
                .to_lowercase()
                .chars()
                .filter(|c| !matches!(c, '%' | '_' | '\\'))
                .collect();
            let like = format!("%{folded}%");
            let lower = |column: organisation::Column| Expr::expr(Func::lower(Expr::col(column)));
            query = query.filter(
                Condition::any()
                    .add(lower(organisation::Column::Name).like(like.as_str()))
                    .add(lower(organisation::Column::Locality).like(like.as_str()))
                    .add(organisation::Column::PostalCode.eq(folded.as_str())),
            );
        }
        if let Some(status) = search.status {
            query = query.filter(organisation::Column::Status.eq(status.slug()));
        }
        if let Some(kind) = search.kind {
            query = query.filter(organisation::Column::Kind.eq(kind.slug()));
        }
        let paginator = query
            .order_by_asc(organisation::Column::Name)
            .order_by_asc(organisation::Column::Slug)
            .paginate(self.conn(), page.per_page);
        let total = paginator.num_items().await.map_err(|e| self.err(e))?;
        let rows = paginator
            .fetch_page(page.number.saturating_sub(1))
            .await
            .map_err(|e| self.err(e))?;
        let items = rows.iter().map(organisation_from).collect::<Result<_>>()?;
        Ok(crate::Paged { items, total })
    }

    async fn one_organisation(
        &self,
        query: sea_orm::Select<organisation::Entity>,
    ) -> Result<Option<Organisation>> {
        query
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .as_ref()
            .map(organisation_from)
            .transpose()
    }

    pub async fn organisation_by_enterprise_number(
        &self,
        number: &doeners_domain::EnterpriseNumber,
    ) -> Result<Option<Organisation>> {
        self.one_organisation(
            organisation::Entity::find()
                .filter(organisation::Column::EnterpriseNumber.eq(number.to_string())),
        )
        .await
    }

    pub async fn organisation_by_id(&self, id: OrganisationId) -> Result<Option<Organisation>> {
        self.one_organisation(organisation::Entity::find_by_id(id.as_uuid()))
            .await
    }

    /// Every offer of the organisation, withdrawn ones too, by title.
    pub async fn offers_of(&self, organisation: OrganisationId) -> Result<Vec<OwnOffer>> {
        offer::Entity::find()
            .filter(offer::Column::OrganisationId.eq(organisation.as_uuid()))
            .order_by_asc(offer::Column::Title)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .iter()
            .map(own_offer)
            .collect()
    }

    /// An offer's organisation and title, whoever it belongs to: for the audit log's sentences.
    pub async fn offer_heading(&self, id: OfferId) -> Result<Option<(OrganisationId, String)>> {
        Ok(offer::Entity::find_by_id(id.as_uuid())
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .map(|row| (OrganisationId::from_uuid(row.organisation_id), row.title)))
    }

    /// One offer, only if it belongs to `organisation`.
    pub async fn offer_of(
        &self,
        organisation: OrganisationId,
        id: OfferId,
    ) -> Result<Option<OwnOffer>> {
        offer::Entity::find_by_id(id.as_uuid())
            .filter(offer::Column::OrganisationId.eq(organisation.as_uuid()))
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .as_ref()
            .map(own_offer)
            .transpose()
    }

    async fn number_taken(&self, draft: &OrganisationDraft, except: Option<Uuid>) -> Result<bool> {
        let Some(number) = &draft.enterprise_number else {
            return Ok(false);
        };
        let holder = organisation::Entity::find()
            .filter(organisation::Column::EnterpriseNumber.eq(number.to_string()))
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(holder.is_some_and(|h| Some(h.id) != except))
    }

    async fn title_taken(
        &self,
        organisation: Uuid,
        title: &str,
        except: Option<Uuid>,
    ) -> Result<bool> {
        let holder = offer::Entity::find()
            .filter(offer::Column::OrganisationId.eq(organisation))
            .filter(offer::Column::Title.eq(title))
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(holder.is_some_and(|h| Some(h.id) != except))
    }

    /// A new organisation: a `Draft` waits for the province's approval; a `Published` one (made by an
    /// administrator) is public at once, its event in the same transaction.
    pub async fn register_organisation(
        &self,
        draft: &OrganisationDraft,
        status: OrganisationStatus,
    ) -> Result<std::result::Result<Organisation, Taken>> {
        if self.number_taken(draft, None).await? {
            return Ok(Err(Taken("enterprise_number")));
        }
        let taken = organisation::Entity::find()
            .select_only()
            .column(organisation::Column::Slug)
            .into_tuple::<String>()
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .collect();
        let slug = crate::upsert::unique_slug(&draft.name, &mut { taken });
        let now = Utc::now();
        let row = organisation_model(draft, Uuid::now_v7(), slug, None, status, now, now);
        let txn = self.conn().begin().await.map_err(|e| self.err(e))?;
        row.clone()
            .into_active_model()
            .insert(&txn)
            .await
            .map_err(|e| self.err(e))?;
        if status == OrganisationStatus::Published {
            changed(
                &txn,
                PublicChange::OrganisationPublished(OrganisationId::from_uuid(row.id)),
            )
            .await
            .map_err(|e| self.err(e))?;
        }
        txn.commit().await.map_err(|e| self.err(e))?;
        Ok(Ok(organisation_from(&row)?))
    }

    /// Replaces the organisation's profile; its status and slug stay.
    pub async fn update_organisation(
        &self,
        id: OrganisationId,
        draft: &OrganisationDraft,
    ) -> Result<std::result::Result<(), Taken>> {
        let Some(old) = organisation::Entity::find_by_id(id.as_uuid())
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
        else {
            return Err(PersistenceError::Corrupt(format!(
                "organisatie {id} bestaat niet"
            )));
        };
        if self.number_taken(draft, Some(old.id)).await? {
            return Ok(Err(Taken("enterprise_number")));
        }
        let status = OrganisationStatus::parse(&old.status)
            .map_err(|e| PersistenceError::Corrupt(e.to_string()))?;
        let new = organisation_model(
            draft,
            old.id,
            old.slug.clone(),
            old.import_ref.clone(),
            status,
            old.created_at,
            old.updated_at,
        );
        if new == old {
            return Ok(Ok(()));
        }
        let txn = self.conn().begin().await.map_err(|e| self.err(e))?;
        let mut row = new.into_active_model().reset_all();
        row.id = sea_orm::ActiveValue::Unchanged(old.id);
        row.updated_at = Set(Utc::now());
        row.update(&txn).await.map_err(|e| self.err(e))?;
        if status == OrganisationStatus::Published {
            changed(&txn, PublicChange::OrganisationUpdated(id))
                .await
                .map_err(|e| self.err(e))?;
        }
        txn.commit().await.map_err(|e| self.err(e))?;
        Ok(Ok(()))
    }

    /// Publishes or withdraws the organisation as a whole.
    pub async fn set_organisation_status(
        &self,
        id: OrganisationId,
        status: OrganisationStatus,
    ) -> Result<()> {
        let txn = self.conn().begin().await.map_err(|e| self.err(e))?;
        set_status_in(&txn, id, status)
            .await
            .map_err(|e| self.err(e))?;
        txn.commit().await.map_err(|e| self.err(e))
    }

    /// A new offer of the organisation, published at once.
    pub async fn create_offer(
        &self,
        organisation: OrganisationId,
        draft: &OfferDraft,
    ) -> Result<std::result::Result<OfferId, Taken>> {
        let org = organisation.as_uuid();
        if self.title_taken(org, &draft.title, None).await? {
            return Ok(Err(Taken("title")));
        }
        let id = Uuid::now_v7();
        let now = Utc::now();
        let txn = self.conn().begin().await.map_err(|e| self.err(e))?;
        offer_model(id, org, draft, OfferStatus::Published.slug(), now, now)
            .into_active_model()
            .insert(&txn)
            .await
            .map_err(|e| self.err(e))?;
        changed(
            &txn,
            PublicChange::OfferUpserted {
                offer: OfferId::from_uuid(id),
                organisation,
            },
        )
        .await
        .map_err(|e| self.err(e))?;
        txn.commit().await.map_err(|e| self.err(e))?;
        Ok(Ok(OfferId::from_uuid(id)))
    }

    /// Replaces the offer's text and fields, and sets its status.
    pub async fn update_offer(
        &self,
        organisation: OrganisationId,
        offer: &OwnOffer,
        draft: &OfferDraft,
        status: OfferStatus,
    ) -> Result<std::result::Result<(), Taken>> {
        let org = organisation.as_uuid();
        let id = offer.offer.id.as_uuid();
        if self.title_taken(org, &draft.title, Some(id)).await? {
            return Ok(Err(Taken("title")));
        }
        if offer.offer.draft == *draft && offer.status == status {
            return Ok(Ok(()));
        }
        let txn = self.conn().begin().await.map_err(|e| self.err(e))?;
        offer::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(id),
            title: Set(draft.title.clone()),
            description: Set(draft.description.clone()),
            category: Set(draft.category.slug().to_string()),
            execution_mode: Set(draft.execution_mode.slug().to_string()),
            service_area: Set(draft.service_area.to_string()),
            status: Set(status.slug().to_string()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(&txn)
        .await
        .map_err(|e| self.err(e))?;
        changed(
            &txn,
            PublicChange::OfferUpserted {
                offer: OfferId::from_uuid(id),
                organisation,
            },
        )
        .await
        .map_err(|e| self.err(e))?;
        txn.commit().await.map_err(|e| self.err(e))?;
        Ok(Ok(()))
    }
}

/// Sets the organisation's status and appends its event, inside the caller's transaction.
pub(crate) async fn set_status_in(
    txn: &impl ConnectionTrait,
    id: OrganisationId,
    status: OrganisationStatus,
) -> std::result::Result<(), sea_orm::DbErr> {
    organisation::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id.as_uuid()),
        status: Set(status.slug().to_string()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(txn)
    .await?;
    let change = match status {
        OrganisationStatus::Published => PublicChange::OrganisationPublished(id),
        _ => PublicChange::OrganisationUpdated(id),
    };
    changed(txn, change).await
}

async fn changed(
    txn: &impl ConnectionTrait,
    change: PublicChange,
) -> std::result::Result<(), sea_orm::DbErr> {
    outbox::append(txn, vec![change]).await
}

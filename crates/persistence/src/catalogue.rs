//! Reading a province's public catalogue: published organisations and their offers. Nothing here returns a
//! draft or withdrawn organisation, nor an offer of one.

use std::collections::BTreeMap;

use doeners_domain::{
    CategoryRef, Offer, OfferStatus, Organisation, OrganisationKind, OrganisationStatus,
};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Query,
};

use crate::{
    TenantDatabase,
    entities::{offer, organisation},
    error::{PersistenceError, Result},
    records::{offer_from, organisation_from},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// 1-based.
    pub number: u64,
    pub per_page: u64,
}

impl Page {
    pub const MAX_PER_PAGE: u64 = 100;
}

#[derive(Debug, Clone)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: u64,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct OrganisationFilter {
    pub kind: Option<OrganisationKind>,
    /// Organisations with at least one offer under this category (a group covers its subcategories).
    pub category: Option<CategoryRef>,
}

/// An offer with what a list needs of its organisation.
#[derive(Debug, Clone)]
pub struct OfferListing {
    pub offer: Offer,
    pub organisation: Organisation,
}

fn published() -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(organisation::Column::Status.eq(OrganisationStatus::Published.slug()))
}

/// A shown offer: published, by a published organisation (the latter is the caller's join).
pub(crate) fn offer_shown() -> sea_orm::Condition {
    sea_orm::Condition::all().add(offer::Column::Status.eq(OfferStatus::Published.slug()))
}

impl TenantDatabase {
    pub async fn published_organisations(
        &self,
        filter: OrganisationFilter,
        page: Page,
    ) -> Result<Paged<Organisation>> {
        let mut query = organisation::Entity::find().filter(published());
        if let Some(kind) = filter.kind {
            query = query.filter(organisation::Column::Kind.eq(kind.slug()));
        }
        if let Some(category) = filter.category {
            query = query.filter(
                organisation::Column::Id.in_subquery(
                    Query::select()
                        .column(offer::Column::OrganisationId)
                        .from(offer::Entity)
                        .and_where(offer::Column::Category.is_in(category.covered_slugs()))
                        .cond_where(offer_shown())
                        .to_owned(),
                ),
            );
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
        Ok(Paged { items, total })
    }

    /// A published organisation with its offers, by slug.
    pub async fn published_organisation(
        &self,
        slug: &str,
    ) -> Result<Option<(Organisation, Vec<Offer>)>> {
        let row = organisation::Entity::find()
            .filter(published())
            .filter(organisation::Column::Slug.eq(slug))
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let Some(row) = row else { return Ok(None) };
        let offers = offer::Entity::find()
            .filter(offer::Column::OrganisationId.eq(row.id))
            .filter(offer_shown())
            .order_by_asc(offer::Column::Category)
            .order_by_asc(offer::Column::Title)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let offers = offers.iter().map(offer_from).collect::<Result<_>>()?;
        Ok(Some((organisation_from(&row)?, offers)))
    }

    /// Offers of published organisations, by category then title.
    pub async fn published_offers(
        &self,
        category: Option<CategoryRef>,
        page: Page,
    ) -> Result<Paged<OfferListing>> {
        let mut query = offer::Entity::find()
            .find_also_related(organisation::Entity)
            .filter(published())
            .filter(offer_shown());
        if let Some(category) = category {
            query = query.filter(offer::Column::Category.is_in(category.covered_slugs()));
        }
        let paginator = query
            .order_by_asc(offer::Column::Category)
            .order_by_asc(offer::Column::Title)
            .order_by_asc(offer::Column::Id)
            .paginate(self.conn(), page.per_page);
        let total = paginator.num_items().await.map_err(|e| self.err(e))?;
        let rows = paginator
            .fetch_page(page.number.saturating_sub(1))
            .await
            .map_err(|e| self.err(e))?;
        let items = rows
            .iter()
            .map(|(o, org)| {
                let org = org.as_ref().ok_or_else(|| {
                    PersistenceError::Corrupt(format!("aanbod {} zonder organisatie", o.id))
                })?;
                Ok(OfferListing {
                    offer: offer_from(o)?,
                    organisation: organisation_from(org)?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Paged { items, total })
    }

    /// How many published offers each category slug has.
    pub async fn offer_counts_by_category(&self) -> Result<BTreeMap<String, u64>> {
        let rows: Vec<(String, i64)> = offer::Entity::find()
            .select_only()
            .column(offer::Column::Category)
            .column_as(offer::Column::Id.count(), "n")
            .inner_join(organisation::Entity)
            .filter(published())
            .filter(offer_shown())
            .group_by(offer::Column::Category)
            .into_tuple()
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(rows
            .into_iter()
            .map(|(slug, n)| (slug, u64::try_from(n).unwrap_or(0)))
            .collect())
    }

    /// The most recently added published organisations.
    pub async fn recent_organisations(&self, limit: u64) -> Result<Vec<Organisation>> {
        let rows = organisation::Entity::find()
            .filter(published())
            .order_by_desc(organisation::Column::CreatedAt)
            .order_by_desc(organisation::Column::Id)
            .limit(limit)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        rows.iter().map(organisation_from).collect()
    }

    /// (published organisations, their offers).
    pub async fn published_counts(&self) -> Result<(u64, u64)> {
        let organisations = organisation::Entity::find()
            .filter(published())
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let offers = offer::Entity::find()
            .inner_join(organisation::Entity)
            .filter(published())
            .filter(offer_shown())
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok((organisations, offers))
    }
}

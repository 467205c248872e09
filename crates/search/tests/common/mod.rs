//! The demo data of all five provinces, indexed in memory: shared by the engine and relevance tests.

use doeners_demo as demo;
use doeners_domain::{
    Offer, OfferId, Organisation, OrganisationId, OrganisationStatus, Slug, service_area::Place,
};
use doeners_search::{OfferDocument, SearchIndex};

pub const PROVINCES: &[(&str, &str)] = &[
    ("antwerpen", "10000"),
    ("limburg", "70000"),
    ("oost-vlaanderen", "40000"),
    ("vlaams-brabant", "20001"),
    ("west-vlaanderen", "30000"),
];

pub fn demo_documents() -> Vec<OfferDocument> {
    let mut docs = Vec::new();
    for (tenant, nis) in PROVINCES {
        for org in demo::organisations(nis).expect("demo data") {
            let organisation = Organisation {
                id: OrganisationId::new(),
                slug: Slug::from_name(&org.draft.name),
                status: OrganisationStatus::Published,
                draft: org.draft.clone(),
            };
            for draft in org.offers {
                let offer = Offer {
                    id: OfferId::new(),
                    organisation_id: organisation.id,
                    draft,
                };
                docs.push(OfferDocument::new(tenant, &organisation, &offer));
            }
        }
    }
    docs
}

pub fn demo_index() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    index.upsert(&demo_documents()).expect("upsert");
    index.commit("{}").expect("commit");
    index
}

/// The demo index with one offer more: a copy of the first demo offer of `category` (of any, when empty) under a
/// new id and `title`, changed further by `change`.
#[allow(
    dead_code,
    reason = "the engine tests use it, the relevance test does not"
)]
pub fn demo_index_with(
    category: &str,
    title: &str,
    change: impl FnOnce(&mut OfferDocument),
) -> (SearchIndex, OfferDocument) {
    let mut docs = demo_documents();
    let mut extra = docs
        .iter()
        .find(|d| category.is_empty() || d.category == category)
        .expect("a demo offer of the category")
        .clone();
    extra.offer_id = uuid::Uuid::new_v4();
    extra.title = title.to_string();
    change(&mut extra);
    docs.push(extra.clone());
    let index = SearchIndex::in_memory().expect("index");
    index.upsert(&docs).expect("upsert");
    index.commit("{}").expect("commit");
    (index, extra)
}

/// A postal code or municipality as a place.
pub fn place(name: &str) -> Place {
    Place::parse(name).expect("a known place")
}

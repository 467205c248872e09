//! The cross-province search index (tantivy): one index over every published offer of every province, with
//! Dutch analysis, Flemish synonyms, typo tolerance, geography, facets and an explanation for every hit.

pub mod analysis;
mod columns;
mod coverage;
mod document;
mod gather;
mod index;
mod intent;
mod lag;
mod lookup;
mod memo;
mod postings;
mod query;
mod stemmer;
pub mod synonyms;
mod typed_place;
mod unoffered;
mod words;

pub use document::{OfferDocument, coverage_terms, place_terms};
pub use index::SearchIndex;
pub use lag::Lag;
pub use query::{Explanation, Facets, Hit, SearchRequest, SearchResults};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("zoekindex: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("zoekindex (bestanden): {0}")]
    Io(String),
    #[error("ongeldig document voor de zoekindex: {0}")]
    Document(String),
}

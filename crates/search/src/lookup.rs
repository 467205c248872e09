//! Looking up what the index holds of one organisation, without a query: when its own province's database does
//! not answer, another province can still name the organisation a company wants to contact.

use tantivy::{
    TantivyDocument, Term, collector::DocSetCollector, query::TermQuery, schema::IndexRecordOption,
    schema::Value,
};

use crate::{OfferDocument, SearchError, SearchIndex};

impl SearchIndex {
    /// The published offers of the organisation `slug` of `tenant`, as indexed.
    pub fn offers_of_organisation(
        &self,
        tenant: &str,
        slug: &str,
    ) -> Result<Vec<OfferDocument>, SearchError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.tenant, tenant),
            IndexRecordOption::Basic,
        );
        let mut offers = Vec::new();
        for address in searcher.search(&query, &DocSetCollector)? {
            let stored: TantivyDocument = searcher.doc(address)?;
            let source = stored
                .get_first(self.fields.source)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let offer: OfferDocument =
                serde_json::from_str(source).map_err(|e| SearchError::Document(e.to_string()))?;
            if offer.organisation_slug == slug {
                offers.push(offer);
            }
        }
        Ok(offers)
    }
}

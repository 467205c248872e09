//! The index itself: one tantivy index holding every published offer of every province.
//!
//! Writes are upserts and deletes by offer, organisation or tenant; a commit carries a payload (the projector
//! stores its per-tenant positions there), so what is in the index and how far it has read are saved together.

use std::{path::Path, sync::Mutex};

use tantivy::{
    Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyDocument, Term,
    directory::MmapDirectory,
    schema::{
        FAST, Facet, FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema,
        TextFieldIndexing, TextOptions,
    },
};

use crate::{
    OfferDocument, SearchError,
    analysis::{self, DUTCH},
    document::coverage_terms,
    gather::facet_code,
};

/// Bumped when the schema changes: an index of another version is rebuilt rather than misread.
const SCHEMA_VERSION: &str = "5";
pub(crate) const FACET_CODE: &str = "facet_code";
/// A number of the offer's own (from its id) that orders hits of equal score: every node, and every rebuild of
/// an index, then answers a query in the same order, so paging through hits served by different nodes neither
/// repeats nor skips one.
pub(crate) const TIE: &str = "tie";
/// The indexing arena; a rebuild flushes a segment whenever it fills, and the segments are merged later.
const WRITER_MEMORY: usize = 20_000_000;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub offer_id: Field,
    pub organisation_id: Field,
    pub tenant: Field,
    /// The offer's title and everything else a searcher may type about it.
    pub words: Field,
    /// The title alone, with positions: a title that holds the query's words (in their order) ranks higher.
    pub title: Field,
    pub coverage: Field,
    pub facets: Field,
    /// Category, province, kind and mode packed into one number (see `gather`).
    pub facet_code: Field,
    pub lat: Field,
    pub lon: Field,
    pub tie: Field,
    pub source: Field,
    /// The analysed terms of the offer's text, so that a hit is explained without analysing it again.
    pub terms: Field,
    pub version: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let dutch = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(DUTCH)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let titled = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(DUTCH)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        offer_id: b.add_text_field("offer_id", STRING),
        organisation_id: b.add_text_field("organisation_id", STRING),
        tenant: b.add_text_field("tenant", STRING),
        words: b.add_text_field("words", dutch),
        title: b.add_text_field("title", titled),
        coverage: b.add_text_field("coverage", STRING),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        facet_code: b.add_u64_field(FACET_CODE, FAST),
        lat: b.add_f64_field("lat", FAST),
        lon: b.add_f64_field("lon", FAST),
        tie: b.add_u64_field(TIE, FAST),
        source: b.add_text_field("source", STORED),
        terms: b.add_text_field("terms", STORED),
        version: b.add_text_field("schema_version", STRING),
    };
    (b.build(), fields)
}

/// A page of hits reads 20 stored documents from all over the store, each from its own block: small
/// blocks make each read decompress little.
fn settings() -> IndexSettings {
    IndexSettings {
        docstore_blocksize: 4096,
        ..IndexSettings::default()
    }
}

pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    pub(crate) fields: Fields,
    pub(crate) columns: crate::columns::Columns,
    pub(crate) memos: crate::memo::Memos,
    /// The decoded posting lists of the words and filters searched lately (`postings`).
    pub(crate) lists: std::sync::Arc<crate::postings::PostingLists>,
    lags: crate::lag::Lags,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Records how far the index is behind `tenant`'s change feed (its follower measures it).
    pub fn record_lag(&self, tenant: &str, lag: crate::Lag) {
        self.lags.record(tenant, lag);
    }

    /// How far the index was behind `tenant`'s feed when last measured; `None` before the first measurement.
    pub fn lag(&self, tenant: &str) -> Option<crate::Lag> {
        self.lags.of(tenant)
    }

    /// Opens the index in `dir`, creating it (or recreating it, when its schema is of another version).
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| SearchError::Io(format!("{}: {e}", dir.display())))?;
        let (schema, fields) = schema();
        let directory = MmapDirectory::open(dir).map_err(|e| SearchError::Io(e.to_string()))?;
        let index = match Index::builder()
            .schema(schema.clone())
            .settings(settings())
            .open_or_create(directory)
        {
            Ok(index) => index,
            Err(_) => {
                // Another schema: the index is derived data, so it is rebuilt from the databases.
                std::fs::remove_dir_all(dir).map_err(|e| SearchError::Io(e.to_string()))?;
                std::fs::create_dir_all(dir).map_err(|e| SearchError::Io(e.to_string()))?;
                Index::builder()
                    .schema(schema)
                    .settings(settings())
                    .create_in_dir(dir)?
            }
        };
        Self::from_index(index, fields)
    }

    /// Keeps up to `answers` answers to requests while the index is unchanged (10,000 unless told; 0 keeps
    /// none, to measure what a request costs when it is new).
    pub fn remembering_answers(mut self, answers: usize) -> Self {
        self.memos = crate::memo::Memos::new(answers);
        self
    }

    /// An index in memory, for tests and tools.
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        Self::from_index(
            Index::builder()
                .schema(schema)
                .settings(settings())
                .create_in_ram()?,
            fields,
        )
    }

    fn from_index(index: Index, fields: Fields) -> Result<Self, SearchError> {
        index.tokenizers().register(DUTCH, analysis::analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            // Up to 1,000 decompressed 4 KB blocks per segment of a searcher, for the offers the memo of parsed
            // offers does not hold yet.
            .doc_store_cache_num_blocks(1_000)
            .try_into()?;
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            columns: Default::default(),
            memos: Default::default(),
            lists: Default::default(),
            lags: Default::default(),
        })
    }

    fn writer(
        &self,
    ) -> Result<std::sync::MutexGuard<'_, IndexWriter<TantivyDocument>>, SearchError> {
        self.writer
            .lock()
            .map_err(|_| SearchError::Io("index writer poisoned".to_string()))
    }

    /// Replaces (or adds) these offers; visible after the next `commit`.
    pub fn upsert(&self, docs: &[OfferDocument]) -> Result<(), SearchError> {
        let writer = self.writer()?;
        for doc in docs {
            writer.delete_term(Term::from_field_text(
                self.fields.offer_id,
                &doc.offer_id.to_string(),
            ));
            writer.add_document(self.to_tantivy(doc)?)?;
        }
        Ok(())
    }

    pub fn delete_offer(&self, offer_id: uuid::Uuid) -> Result<(), SearchError> {
        self.writer()?.delete_term(Term::from_field_text(
            self.fields.offer_id,
            &offer_id.to_string(),
        ));
        Ok(())
    }

    pub fn delete_organisation(&self, organisation_id: uuid::Uuid) -> Result<(), SearchError> {
        self.writer()?.delete_term(Term::from_field_text(
            self.fields.organisation_id,
            &organisation_id.to_string(),
        ));
        Ok(())
    }

    pub fn delete_tenant(&self, tenant: &str) -> Result<(), SearchError> {
        self.writer()?
            .delete_term(Term::from_field_text(self.fields.tenant, tenant));
        Ok(())
    }

    /// Makes the writes since the last commit durable and visible, together with `payload`.
    pub fn commit(&self, payload: &str) -> Result<(), SearchError> {
        let mut writer = self.writer()?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(payload);
        prepared.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Merges every segment into one, waiting for it: after a full rebuild, so that searches visit one segment
    /// from the start instead of after the background merges.
    pub fn merge_all(&self) -> Result<(), SearchError> {
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            let merging = self.writer()?.merge(&segments);
            merging.wait()?;
            self.reader.reload()?;
        }
        Ok(())
    }

    /// The payload of the last commit, if any.
    pub fn payload(&self) -> Result<Option<String>, SearchError> {
        Ok(self.index.load_metas()?.payload)
    }

    /// How many segments a search visits; every query pays a little per segment.
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    pub fn document_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn to_tantivy(&self, doc: &OfferDocument) -> Result<TantivyDocument, SearchError> {
        let f = &self.fields;
        let mut t = TantivyDocument::default();
        t.add_text(f.offer_id, doc.offer_id.to_string());
        t.add_text(f.organisation_id, doc.organisation_id.to_string());
        t.add_text(f.tenant, &doc.tenant);
        let category = doeners_domain::CategoryRef::parse(&doc.category).ok();
        // The category's own name, not its group's: a group's words are read as intent (see `intent`), so
        // that they do not make every offer of the group hold them.
        let labels = category.map(|c| c.name().to_string()).unwrap_or_default();
        let kind = doeners_domain::OrganisationKind::parse(&doc.kind)
            .map(|k| k.label())
            .unwrap_or_default();
        let text = format!(
            "{} {} {} {} {} {}",
            doc.description,
            labels,
            doc.category.replace('-', " "),
            doc.organisation_name,
            kind,
            doc.municipality
        );
        let mut terms = analysis::terms(&format!("{} {text}", doc.title));
        terms.sort_unstable();
        terms.dedup();
        t.add_text(f.terms, terms.join(" "));
        t.add_text(f.words, format!("{} {text}", doc.title));
        t.add_text(f.title, &doc.title);
        let area = doeners_domain::ServiceArea::parse(&doc.service_area)
            .map_err(|e| SearchError::Document(e.to_string()))?;
        for term in coverage_terms(&area, doc.home(), &doc.municipality_nis) {
            t.add_text(f.coverage, term);
        }
        for (dimension, value) in [
            ("group", &doc.group),
            ("category", &doc.category),
            ("province", &doc.province),
            ("kind", &doc.kind),
            ("mode", &doc.mode),
        ] {
            t.add_facet(f.facets, Facet::from_path([dimension, value.as_str()]));
        }
        t.add_u64(
            f.facet_code,
            facet_code(&doc.category, &doc.province, &doc.kind, &doc.mode),
        );
        t.add_f64(f.lat, doc.lat);
        t.add_f64(f.lon, doc.lon);
        t.add_u64(f.tie, tie(doc.offer_id));
        t.add_text(
            f.source,
            serde_json::to_string(doc).map_err(|e| SearchError::Document(e.to_string()))?,
        );
        t.add_text(f.version, SCHEMA_VERSION);
        Ok(t)
    }
}

/// The tie-breaking number of an offer: the random half of its id.
fn tie(offer_id: uuid::Uuid) -> u64 {
    let bytes = offer_id.as_bytes();
    u64::from_be_bytes([
        bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15],
    ])
}

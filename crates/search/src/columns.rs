//! Per segment, every offer's facet code and coordinates as plain arrays, read once from the fast fields
//! when a search first meets the segment. A broad query gathers thousands of offers, and reading three
//! bit-packed columns for each of them cost more than scoring it; segments never change, so the arrays are
//! kept until the segment is merged away. The codes are an array of their own, four bytes an offer, so that
//! a query without a place reads a third as much memory.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use tantivy::{DocId, Searcher, SegmentReader, index::SegmentId};

use crate::index::{FACET_CODE, TIE};

#[derive(Debug)]
pub(crate) struct SegmentColumns {
    /// Category, province, kind and mode, a byte each (see `gather::facet_code`), by document.
    codes: Vec<u32>,
    /// Latitude and longitude in degrees, by document; single precision is well under a metre over Flanders.
    points: Vec<[f32; 2]>,
    /// What orders hits of equal score (see `index::TIE`), by document; read only for a hit that could make
    /// the page.
    ties: Vec<u64>,
}

impl SegmentColumns {
    fn read(reader: &SegmentReader) -> tantivy::Result<Self> {
        let fast = reader.fast_fields();
        let (codes, lat, lon) = (fast.u64(FACET_CODE)?, fast.f64("lat")?, fast.f64("lon")?);
        let ties = fast.u64(TIE)?;
        let docs = 0..reader.max_doc();
        Ok(Self {
            codes: docs
                .clone()
                .map(|doc| codes.first(doc).map_or(u32::MAX, |c| c as u32))
                .collect(),
            points: docs
                .clone()
                .map(|doc| match (lat.first(doc), lon.first(doc)) {
                    (Some(lat), Some(lon)) => [lat as f32, lon as f32],
                    _ => [f32::NAN; 2],
                })
                .collect(),
            ties: docs.map(|doc| ties.first(doc).unwrap_or(0)).collect(),
        })
    }

    pub fn code(&self, doc: DocId) -> u32 {
        self.codes.get(doc as usize).copied().unwrap_or(u32::MAX)
    }

    pub fn tie(&self, doc: DocId) -> u64 {
        self.ties.get(doc as usize).copied().unwrap_or(0)
    }

    /// Latitude and longitude, when the offer has them.
    pub fn point(&self, doc: DocId) -> Option<(f64, f64)> {
        let [lat, lon] = *self.points.get(doc as usize)?;
        (!lat.is_nan()).then(|| (f64::from(lat), f64::from(lon)))
    }
}

/// Segments kept beyond the searcher's own.
const SPARE: usize = 16;

/// The arrays of the segments searched lately, by segment.
#[derive(Debug, Default)]
pub(crate) struct Columns(Mutex<HashMap<SegmentId, Arc<SegmentColumns>>>);

impl Columns {
    /// The arrays of each of the searcher's segments, by segment ordinal.
    pub fn of(&self, searcher: &Searcher) -> tantivy::Result<Vec<Arc<SegmentColumns>>> {
        let readers = searcher.segment_readers();
        // The arrays are only ever replaced whole, so a panic elsewhere cannot leave one half-written.
        let mut cache = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out = Vec::with_capacity(readers.len());
        for reader in readers {
            let columns = match cache.get(&reader.segment_id()) {
                Some(columns) => Arc::clone(columns),
                None => {
                    let columns = Arc::new(SegmentColumns::read(reader)?);
                    cache.insert(reader.segment_id(), Arc::clone(&columns));
                    columns
                }
            };
            out.push(columns);
        }
        // Merged-away segments go, with room for a searcher of the previous generation still at work: the two
        // would otherwise evict each other's segments. A searcher holding one keeps its own `Arc`.
        if cache.len() > readers.len() + SPARE {
            cache.retain(|id, _| readers.iter().any(|r| r.segment_id() == *id));
        }
        Ok(out)
    }
}

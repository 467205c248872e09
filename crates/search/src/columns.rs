//! Per segment, every offer's facet code and coordinates as one plain array, read once from the fast fields
//! when a search first meets the segment. A broad query gathers thousands of offers, and reading three
//! bit-packed columns for each of them cost more than scoring it; segments never change, so the arrays are
//! kept until the segment is merged away.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use tantivy::{DocId, Searcher, SegmentReader, index::SegmentId};

use crate::index::FACET_CODE;

/// One offer as the gathering collector needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    /// Category, province, kind and mode, a byte each (see `gather::facet_code`).
    pub code: u32,
    /// Degrees; single precision is well under a metre over Flanders.
    pub lat: f32,
    pub lon: f32,
}

const MISSING: Row = Row {
    code: u32::MAX,
    lat: f32::NAN,
    lon: f32::NAN,
};

#[derive(Debug)]
pub(crate) struct SegmentColumns {
    rows: Vec<Row>,
}

impl SegmentColumns {
    fn read(reader: &SegmentReader) -> tantivy::Result<Self> {
        let fast = reader.fast_fields();
        let (codes, lat, lon) = (fast.u64(FACET_CODE)?, fast.f64("lat")?, fast.f64("lon")?);
        let rows = (0..reader.max_doc())
            .map(|doc| Row {
                code: codes.first(doc).map_or(u32::MAX, |c| c as u32),
                lat: lat.first(doc).map_or(f32::NAN, |v| v as f32),
                lon: lon.first(doc).map_or(f32::NAN, |v| v as f32),
            })
            .collect();
        Ok(Self { rows })
    }

    pub fn row(&self, doc: DocId) -> Row {
        self.rows.get(doc as usize).copied().unwrap_or(MISSING)
    }
}

/// The arrays of the segments searched lately, by segment.
#[derive(Debug, Default)]
pub(crate) struct Columns(Mutex<HashMap<SegmentId, Arc<SegmentColumns>>>);

impl Columns {
    /// The arrays of each of the searcher's segments, by segment ordinal.
    pub fn of(&self, searcher: &Searcher) -> tantivy::Result<Vec<Arc<SegmentColumns>>> {
        let readers = searcher.segment_readers();
        let mut cache = self
            .0
            .lock()
            .map_err(|_| tantivy::TantivyError::InternalError("column cache poisoned".into()))?;
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
        // Merged-away segments go; a searcher still holding one keeps its own `Arc`.
        if cache.len() > readers.len() {
            cache.retain(|id, _| readers.iter().any(|r| r.segment_id() == *id));
        }
        Ok(out)
    }
}

//! The documents of a segment's posting lists, decoded once and kept as plain arrays, as Lucene's query cache
//! keeps the document sets of the clauses it meets often. A query's words repeat far more than whole
//! queries do, so a new request is mostly made of lists read before: a word's (the documents holding a term,
//! or every term of a compound) as a sorted array, a filter's (any of its terms: the place, a category) as a
//! bit per document. Segments never change (a deleted document is still in its lists and is left out when
//! collected), so a list stays right until its segment is merged away; the memo starts afresh when it holds
//! more than its bound.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use tantivy::{
    DocId, SegmentReader, Term, index::SegmentId, postings::BlockSegmentPostings,
    schema::IndexRecordOption,
};

/// Held in units of four bytes (a document of a list; a bitset's word counts two): about 64 MB before the
/// memo starts afresh.
const BOUND: usize = 16_000_000;
/// What an entry costs beyond its documents, in the same units: its key's terms, the map's slot and the
/// `Arc`, so that many small or empty lists count too.
const ENTRY: usize = 32;

/// A filter's documents, a bit each.
pub(crate) type Bits = Arc<[u64]>;

/// The decoded lists of the segments searched lately.
#[derive(Default)]
pub(crate) struct PostingLists(Mutex<Kept>);

impl std::fmt::Debug for PostingLists {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.lock();
        f.debug_struct("PostingLists")
            .field("held", &kept.held)
            .field("lists", &(kept.every.len() + kept.any.len()))
            .finish()
    }
}

#[derive(Default)]
struct Kept {
    /// Units of four bytes held (see `BOUND`).
    held: usize,
    every: HashMap<(SegmentId, Vec<Term>), Arc<[DocId]>>,
    any: HashMap<(SegmentId, Vec<Term>), Bits>,
}

impl PostingLists {
    /// The documents of `reader` holding every one of `terms`, in order.
    pub fn every(&self, reader: &SegmentReader, terms: &[Term]) -> tantivy::Result<Arc<[DocId]>> {
        let key = (reader.segment_id(), terms.to_vec());
        if let Some(docs) = self.lock().every.get(&key) {
            return Ok(Arc::clone(docs));
        }
        let mut docs: Option<Vec<DocId>> = None;
        for term in terms {
            let list = read(reader, term)?;
            docs = Some(match docs {
                None => list,
                Some(held) => intersect(&held, &list),
            });
        }
        let docs: Arc<[DocId]> = docs.unwrap_or_default().into();
        self.keep(|kept| &mut kept.every, key, Arc::clone(&docs), docs.len());
        Ok(docs)
    }

    /// The documents of `reader` holding any of `terms`, a bit each.
    pub fn any(&self, reader: &SegmentReader, terms: &[Term]) -> tantivy::Result<Bits> {
        // The same filter asked in another order (`?province=a&province=b`) is the same list.
        let mut terms = terms.to_vec();
        terms.sort();
        terms.dedup();
        let key = (reader.segment_id(), terms.clone());
        if let Some(bits) = self.lock().any.get(&key) {
            return Ok(Arc::clone(bits));
        }
        let mut bits = vec![0_u64; (reader.max_doc() as usize).div_ceil(64)];
        for term in &terms {
            for doc in read(reader, term)? {
                bits[doc as usize / 64] |= 1 << (doc % 64);
            }
        }
        let bits: Bits = bits.into();
        self.keep(|kept| &mut kept.any, key, Arc::clone(&bits), 2 * bits.len());
        Ok(bits)
    }

    fn keep<V>(
        &self,
        map: impl Fn(&mut Kept) -> &mut HashMap<(SegmentId, Vec<Term>), V>,
        key: (SegmentId, Vec<Term>),
        value: V,
        size: usize,
    ) {
        let size = size + ENTRY + key.1.len();
        let mut kept = self.lock();
        let mut old = None;
        if kept.held + size > BOUND {
            old = Some(std::mem::take(&mut *kept));
        }
        kept.held += size;
        map(&mut kept).insert(key, value);
        drop(kept);
        // Freed after the lock is let go, not while other searches wait on it.
        drop(old);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        // Entries are inserted whole, so a panic elsewhere cannot leave one half-written.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Every document of the segment holding `term`, deleted ones included, decoded a block at a time.
fn read(reader: &SegmentReader, term: &Term) -> tantivy::Result<Vec<DocId>> {
    let Some(mut blocks): Option<BlockSegmentPostings> = reader
        .inverted_index(term.field())?
        .read_block_postings(term, IndexRecordOption::Basic)?
    else {
        return Ok(Vec::new());
    };
    let mut docs = Vec::with_capacity(blocks.doc_freq() as usize);
    loop {
        let block = blocks.docs();
        if block.is_empty() {
            return Ok(docs);
        }
        docs.extend_from_slice(block);
        blocks.advance();
    }
}

/// The documents in both sorted lists.
fn intersect(a: &[DocId], b: &[DocId]) -> Vec<DocId> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(short.len());
    let mut rest = long;
    for doc in short {
        let at = rest.partition_point(|d| d < doc);
        rest = &rest[at..];
        if rest.first() == Some(doc) {
            out.push(*doc);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::{
        Index, IndexWriter, TantivyDocument,
        schema::{STRING, Schema},
    };

    #[test]
    fn lists_hold_every_or_any_of_their_terms() {
        let mut schema = Schema::builder();
        let f = schema.add_text_field("f", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).expect("writer");
        // More than one block of 128 for `a`.
        for n in 0..1_000u32 {
            let mut doc = TantivyDocument::default();
            for (word, every) in [("a", 2), ("b", 3), ("c", 500)] {
                if n % every == 0 {
                    doc.add_text(f, word);
                }
            }
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let reader = searcher.segment_reader(0);
        let term = |w: &str| Term::from_field_text(f, w);
        let lists = PostingLists::default();

        let a = lists.every(reader, &[term("a")]).expect("a");
        assert_eq!(a.len(), 500);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        let ab = lists.every(reader, &[term("a"), term("b")]).expect("ab");
        assert_eq!(ab.len(), 167, "the multiples of 6 below 1,000");
        assert!(ab.iter().all(|d| d % 6 == 0));
        assert!(
            lists
                .every(reader, &[term("a"), term("z")])
                .expect("az")
                .is_empty()
        );

        let bc = lists.any(reader, &[term("b"), term("c")]).expect("bc");
        let held: Vec<u32> = (0..1_000)
            .filter(|d| bc[*d as usize / 64] >> (d % 64) & 1 == 1)
            .collect();
        assert_eq!(
            held.len(),
            334 + 2 - 1,
            "multiples of 3, and 500 (0 is both)"
        );
        // Kept: the same array comes back.
        assert!(Arc::ptr_eq(
            &a,
            &lists.every(reader, &[term("a")]).expect("a")
        ));
    }
}

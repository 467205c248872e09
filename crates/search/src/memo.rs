//! What a search derives again and again from an unchanging index, kept while the index is unchanged:
//! how the offers holding a term spread over the categories (for the query's intent), each hit's stored
//! offer, parsed (reading and parsing it was a tenth of a search under load), each typed word's reading (its
//! stems, synonyms, corrections and compound parts: another tenth), and each request's answer as ranked
//! documents and counts (as Solr's query result cache keeps document ids, not documents: a page is still made
//! from the offers and explained afresh). All are bounded and start afresh when the index changes, so they
//! never answer with anything the index no longer holds.

use std::{
    collections::HashMap,
    hash::Hash,
    sync::{Arc, Mutex},
};

use tantivy::{DocId, index::SegmentId};

use crate::{OfferDocument, gather::Gathered, words::WordMatch};

/// Entries kept before a memo starts afresh: offers (a few kilobytes each) and far more than a day's
/// distinct words.
const OFFERS: usize = 20_000;
const WORDS: usize = 20_000;
const SPREADS: usize = 50_000;
/// Answers kept by default: each is a page of document addresses (up to 100) and the facet counts, one to
/// three kilobytes.
pub const ANSWERS: usize = 10_000;

/// An offer as a hit shows it, and its indexed terms, sorted (for the explanation).
#[derive(Debug)]
pub(crate) struct StoredOffer {
    pub offer: OfferDocument,
    pub terms: Vec<String>,
}

/// Values by key, for one generation of the index.
#[derive(Debug)]
struct Memo<K, V> {
    bound: usize,
    state: Mutex<(u64, HashMap<K, V>)>,
}

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    fn new(bound: usize) -> Self {
        Self {
            bound,
            state: Mutex::new((0, HashMap::new())),
        }
    }

    /// The value for `key` in `generation`, made by `make` when not kept (outside the lock: two searches
    /// may both make it, and the second one's is kept).
    fn get_or<E>(
        &self,
        generation: u64,
        key: K,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        {
            let state = self.lock();
            if state.0 == generation
                && let Some(v) = state.1.get(&key)
            {
                return Ok(v.clone());
            }
        }
        let value = make()?;
        if self.bound == 0 {
            return Ok(value);
        }
        let mut state = self.lock();
        // A search of an older generation that finishes late leaves the newer memo alone.
        if generation < state.0 {
            return Ok(value);
        }
        let mut old = None;
        if state.0 != generation || state.1.len() >= self.bound {
            old = Some(std::mem::replace(&mut *state, (generation, HashMap::new())));
        }
        state.1.insert(key, value.clone());
        drop(state);
        // Thousands of entries are freed after the lock is let go, not while other searches wait on it.
        drop(old);
        Ok(value)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (u64, HashMap<K, V>)> {
        // Entries are inserted whole, so a panic elsewhere cannot leave one half-written.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[derive(Debug)]
pub(crate) struct Memos {
    offers: Memo<(SegmentId, DocId), Arc<StoredOffer>>,
    words: Memo<String, WordMatch>,
    spreads: Memo<String, Arc<Vec<u64>>>,
    answers: Memo<String, Arc<Gathered>>,
}

impl Default for Memos {
    fn default() -> Self {
        Self::new(ANSWERS)
    }
}

impl Memos {
    /// Keeping up to `answers` answers; none with 0.
    pub fn new(answers: usize) -> Self {
        Self {
            offers: Memo::new(OFFERS),
            words: Memo::new(WORDS),
            spreads: Memo::new(SPREADS),
            answers: Memo::new(answers),
        }
    }

    /// The answer to the request `asked` (its every parameter, as the key), gathered when not kept.
    pub fn answer<E>(
        &self,
        generation: u64,
        asked: String,
        gather: impl FnOnce() -> Result<Gathered, E>,
    ) -> Result<Arc<Gathered>, E> {
        self.answers
            .get_or(generation, asked, || gather().map(Arc::new))
    }

    pub fn offer<E>(
        &self,
        generation: u64,
        at: (SegmentId, DocId),
        read: impl FnOnce() -> Result<Arc<StoredOffer>, E>,
    ) -> Result<Arc<StoredOffer>, E> {
        self.offers.get_or(generation, at, read)
    }

    pub fn word(
        &self,
        generation: u64,
        typed: &str,
        resolve: impl FnOnce() -> WordMatch,
    ) -> WordMatch {
        self.words.get(generation, typed, resolve)
    }

    /// Per category, the offers holding `term`.
    pub fn spread(
        &self,
        generation: u64,
        term: &str,
        count: impl FnOnce() -> Arc<Vec<u64>>,
    ) -> Arc<Vec<u64>> {
        self.spreads.get(generation, term, count)
    }
}

impl<V: Clone> Memo<String, V> {
    /// [`Memo::get_or`] for a value that is always made.
    fn get(&self, generation: u64, key: &str, make: impl FnOnce() -> V) -> V {
        self.get_or(generation, key.to_string(), || {
            Ok::<_, std::convert::Infallible>(make())
        })
        .unwrap_or_else(|never| match never {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_forgets_on_a_new_generation_and_when_full() {
        let memo: Memo<u32, u32> = Memo::new(2);
        let made = std::cell::Cell::new(0);
        let make = |v: u32| {
            made.set(made.get() + 1);
            Ok::<_, ()>(v)
        };
        assert_eq!(memo.get_or(1, 1, || make(10)), Ok(10));
        assert_eq!(memo.get_or(1, 1, || make(11)), Ok(10), "kept");
        assert_eq!(memo.get_or(2, 1, || make(12)), Ok(12), "a new generation");
        assert_eq!(memo.get_or(2, 2, || make(20)), Ok(20));
        assert_eq!(memo.get_or(2, 3, || make(30)), Ok(30), "full: afresh");
        assert_eq!(memo.get_or(2, 1, || make(13)), Ok(13), "forgotten");
        assert_eq!(made.get(), 5);
        assert_eq!(
            memo.get_or(1, 1, || make(14)),
            Ok(14),
            "an older generation's search"
        );
        assert_eq!(
            memo.get_or(2, 1, || make(15)),
            Ok(13),
            "leaves the newer memo alone"
        );
        let none: Memo<u32, u32> = Memo::new(0);
        assert_eq!(none.get_or(1, 1, || make(1)), Ok(1));
        assert_eq!(
            none.get_or(1, 1, || make(2)),
            Ok(2),
            "a memo of none keeps nothing"
        );
    }
}

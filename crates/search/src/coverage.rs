//! The query's text part as one flat union: every posting list a word can match through (as typed, a synonym,
//! a correction, in the body or in the title), the title phrase and the meant categories, each a clause with a
//! constant value in a slot. An offer scores, per slot, the value of the best clause it matches, summed over the
//! slots: a word counts once, through its best alternative, however many of them an offer holds.
//!
//! It replaces a union of disjunctions of constant scorers: one pass over the posting lists in windows of
//! documents, marking per document which slots are already scored, instead of a heap per word and a scorer per
//! layer for every document.

use std::sync::Arc;

use tantivy::{
    DocId, DocSet, Score, SegmentReader, TERMINATED, Term,
    query::{EnableScoring, Explanation, Query, Scorer, Weight},
};

use crate::postings::{Bits, PostingLists};

/// Where a clause's documents come from.
#[derive(Debug)]
pub(crate) enum Postings {
    /// The documents holding every one of these terms (a word, or the parts of a compound): read once per
    /// segment and kept (`postings`).
    Every(Vec<Term>),
    /// Any other query (the title phrase), read anew for each search.
    Query(Box<dyn Query>),
}

impl Clone for Postings {
    fn clone(&self) -> Self {
        match self {
            Self::Every(terms) => Self::Every(terms.clone()),
            Self::Query(query) => Self::Query(query.box_clone()),
        }
    }
}

/// One posting list (a term, the terms of a compound, a phrase, a category) worth `value` in `slot`.
#[derive(Debug, Clone)]
pub(crate) struct Clause {
    pub postings: Postings,
    pub slot: usize,
    pub value: Score,
}

/// Slots are marked in one `u64` per document.
pub(crate) const SLOTS: usize = 64;

#[derive(Debug, Clone)]
pub(crate) struct CoverageQuery {
    /// Ordered so that within a slot the most valuable clause comes first.
    clauses: Vec<Clause>,
    /// The least score of a match: documents below it are left out here, before anything else reads them.
    least: Score,
    /// Each filter holds terms of which a match must hold at least one (the place, the categories asked).
    filters: Vec<Vec<Term>>,
    lists: Arc<PostingLists>,
}

impl CoverageQuery {
    /// The clauses beyond the 64th slot are left out (a query of more than thirty words).
    pub fn new(mut clauses: Vec<Clause>, lists: Arc<PostingLists>) -> Self {
        clauses.retain(|c| c.slot < SLOTS);
        clauses.sort_by(|a, b| a.slot.cmp(&b.slot).then(b.value.total_cmp(&a.value)));
        Self {
            clauses,
            least: 0.0,
            filters: Vec::new(),
            lists,
        }
    }

    /// Only documents that score at least `least` match.
    pub fn at_least(self, least: Score) -> Self {
        Self { least, ..self }
    }

    /// Only documents holding any term of each filter match. They are read as a bit per document and
    /// applied a window at a time, so that a broad filter (every offer serving a place) costs no seeks.
    pub fn filtered(self, filters: Vec<Vec<Term>>) -> Self {
        Self { filters, ..self }
    }
}

impl Query for CoverageQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // The clauses only say which documents match: their own scores are not used.
        let matching = EnableScoring::disabled_from_schema(enable_scoring.schema());
        let clauses = self
            .clauses
            .iter()
            .map(|c| {
                let source = match &c.postings {
                    Postings::Every(terms) => Source::Every(terms.clone()),
                    Postings::Query(query) => Source::Weight(query.weight(matching)?),
                };
                Ok((source, c.slot, c.value))
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(CoverageWeight {
            clauses,
            least: self.least,
            filters: self.filters.clone(),
            lists: Arc::clone(&self.lists),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            match &clause.postings {
                Postings::Every(terms) => terms.iter().for_each(|t| visitor(t, false)),
                Postings::Query(query) => query.query_terms(visitor),
            }
        }
    }
}

enum Source {
    Every(Vec<Term>),
    Weight(Box<dyn Weight>),
}

struct CoverageWeight {
    clauses: Vec<(Source, usize, Score)>,
    least: Score,
    filters: Vec<Vec<Term>>,
    lists: Arc<PostingLists>,
}

impl CoverageWeight {
    fn coverage(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<CoverageScorer> {
        let mut postings = Vec::with_capacity(self.clauses.len());
        for (source, slot, value) in &self.clauses {
            let docs = match source {
                Source::Every(terms) => self.lists.every(reader, terms)?,
                Source::Weight(weight) => {
                    let mut scorer = weight.scorer(reader, 1.0)?;
                    let mut docs = Vec::new();
                    while scorer.doc() != TERMINATED {
                        docs.push(scorer.doc());
                        scorer.advance();
                    }
                    docs.into()
                }
            };
            if !docs.is_empty() {
                postings.push(Posting {
                    docs,
                    at: 0,
                    bit: 1 << slot,
                    value: value * boost,
                });
            }
        }
        let filters = self
            .filters
            .iter()
            .map(|terms| self.lists.any(reader, terms))
            .collect::<tantivy::Result<_>>()?;
        Ok(CoverageScorer::new(postings, filters, self.least * boost))
    }
}

impl Weight for CoverageWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorer = self.coverage(reader, boost)?;
        scorer.advance_within(0);
        Ok(Box::new(scorer))
    }

    /// Every match, a window at a time, without moving a cursor from one document to the next.
    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.coverage(reader, 1.0)?.for_each(callback);
        Ok(())
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("coverage of the query", scorer.score()))
    }
}

struct Posting {
    docs: Arc<[DocId]>,
    /// The first document not yet read.
    at: usize,
    bit: u64,
    value: Score,
}

impl Posting {
    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    /// Moves to the first document at or after `target`.
    fn skip_to(&mut self, target: DocId) {
        let rest = self.docs.get(self.at..).unwrap_or_default();
        self.at += rest.partition_point(|d| *d < target);
    }
}

/// Documents looked at together: the slots and scores of a window fit in the CPU's nearest caches.
const WINDOW: u32 = 4096;
const WORDS: usize = (WINDOW / 64) as usize;

struct CoverageScorer {
    postings: Vec<Posting>,
    filters: Vec<Bits>,
    /// Per document of the window: the slots scored so far, and the score.
    slots: Box<[u64]>,
    scores: Box<[Score]>,
    /// Per 64 documents of the window: which of them match, and which the filters let through.
    present: [u64; WORDS],
    allowed: [u64; WORDS],
    /// The first 64 documents of the window that may still hold a match.
    cursor: usize,
    /// The window's first document, a multiple of 64 (so that its words are whole words of the filters').
    start: DocId,
    doc: DocId,
    score: Score,
    least: Score,
}

impl CoverageScorer {
    /// Filled with the first window that can hold a match; not yet on a document.
    fn new(postings: Vec<Posting>, filters: Vec<Bits>, least: Score) -> Self {
        let mut scorer = Self {
            postings,
            filters,
            slots: vec![0; WINDOW as usize].into_boxed_slice(),
            scores: vec![0.0; WINDOW as usize].into_boxed_slice(),
            present: [0; WORDS],
            allowed: [!0; WORDS],
            cursor: 0,
            start: 0,
            doc: 0,
            score: 0.0,
            least,
        };
        let first = scorer.least_doc();
        scorer.fill(first);
        scorer
    }

    fn least_doc(&self) -> DocId {
        self.postings
            .iter()
            .map(Posting::doc)
            .min()
            .unwrap_or(TERMINATED)
    }

    /// Reads every posting list up to the end of the window holding `from`; a window the filters let
    /// nothing through is passed over.
    fn fill(&mut self, mut from: DocId) {
        self.cursor = 0;
        loop {
            if from == TERMINATED {
                self.start = TERMINATED;
                return;
            }
            let start = from & !63;
            let end = start.saturating_add(WINDOW);
            self.start = start;
            if self.let_through(start) {
                break;
            }
            for posting in &mut self.postings {
                posting.skip_to(end);
            }
            self.postings.retain(|p| p.doc() != TERMINATED);
            from = self.least_doc();
        }
        let end = self.start.saturating_add(WINDOW);
        for posting in &mut self.postings {
            let rest = posting.docs.get(posting.at..).unwrap_or_default();
            let within = rest.partition_point(|d| *d < end);
            for doc in rest.get(..within).unwrap_or_default() {
                let at = (doc - self.start) as usize;
                let (word, bit) = (at / 64, 1 << (at % 64));
                if self.allowed[word] & bit == 0 || self.slots[at] & posting.bit != 0 {
                    continue;
                }
                self.slots[at] |= posting.bit;
                self.scores[at] += posting.value;
                self.present[word] |= bit;
            }
            posting.at += within;
        }
        self.postings.retain(|p| p.doc() != TERMINATED);
    }

    /// Which documents of the window starting at `start` every filter lets through; whether any.
    fn let_through(&mut self, start: DocId) -> bool {
        if self.filters.is_empty() {
            return true;
        }
        let first = start as usize / 64;
        let mut any = 0;
        for (word, allowed) in self.allowed.iter_mut().enumerate() {
            *allowed = self
                .filters
                .iter()
                .map(|bits| bits.get(first + word).copied().unwrap_or(0))
                .fold(!0, |a, b| a & b);
            any |= *allowed;
        }
        any != 0
    }

    /// Moves to the first matching document at or after `target` within the window, or to the next window.
    fn advance_within(&mut self, target: DocId) {
        loop {
            if self.start == TERMINATED {
                self.doc = TERMINATED;
                return;
            }
            let from = (target.max(self.start) - self.start) as usize;
            if let Some(at) = self.take_from(from) {
                self.doc = self.start + at as DocId;
                return;
            }
            let next = self.least_doc();
            self.fill(next);
        }
    }

    /// The first matching position at or after `from` that scores at least the least score, taken out of the
    /// window with every position before it.
    fn take_from(&mut self, from: usize) -> Option<usize> {
        while self.cursor < WORDS {
            let word = self.cursor;
            let mut bits = self.present[word];
            while bits != 0 {
                let at = word * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                self.present[word] = bits;
                self.slots[at] = 0;
                let score = std::mem::take(&mut self.scores[at]);
                if at >= from && score >= self.least {
                    self.score = score;
                    return Some(at);
                }
            }
            self.cursor += 1;
        }
        None
    }

    /// Calls `callback` with every match from the window filled on, in order.
    fn for_each(&mut self, callback: &mut dyn FnMut(DocId, Score)) {
        while self.start != TERMINATED {
            for word in 0..WORDS {
                let mut bits = std::mem::take(&mut self.present[word]);
                while bits != 0 {
                    let at = word * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    self.slots[at] = 0;
                    let score = std::mem::take(&mut self.scores[at]);
                    if score >= self.least {
                        callback(self.start + at as DocId, score);
                    }
                }
            }
            let next = self.least_doc();
            self.fill(next);
        }
        self.doc = TERMINATED;
    }
}

impl DocSet for CoverageScorer {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.advance_within(self.doc + 1);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if target >= self.start.saturating_add(WINDOW) {
            // Beyond the window: what is left of it does not match, and the posting lists jump ahead.
            self.take_from(usize::MAX);
            for posting in &mut self.postings {
                posting.skip_to(target);
            }
            self.postings.retain(|p| p.doc() != TERMINATED);
            let next = self.least_doc();
            self.fill(next);
        }
        self.advance_within(target);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.postings
            .iter()
            .map(|p| (p.docs.len() - p.at) as u32)
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.postings
            .iter()
            .map(|p| (p.docs.len() - p.at) as u64)
            .sum()
    }
}

impl Scorer for CoverageScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::{
        Index, IndexWriter, TantivyDocument, Term,
        collector::{Count, TopDocs},
        query::{BooleanQuery, Occur, TermQuery},
        schema::{IndexRecordOption, STRING, Schema},
    };

    /// 10,000 documents; document n holds `a` when n is even, `b` when divisible by 3, `c` when by 7000.
    fn index() -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let f = schema.add_text_field("f", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).expect("writer");
        for n in 0..10_000u32 {
            let mut doc = TantivyDocument::default();
            for (word, every) in [("a", 2), ("b", 3), ("c", 7000)] {
                if n % every == 0 {
                    doc.add_text(f, word);
                }
            }
            doc.add_text(f, "all");
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        (index, f)
    }

    fn term(f: tantivy::schema::Field, word: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(f, word),
            IndexRecordOption::Basic,
        ))
    }

    fn every(f: tantivy::schema::Field, word: &str) -> Postings {
        Postings::Every(vec![Term::from_field_text(f, word)])
    }

    fn lists() -> Arc<PostingLists> {
        Arc::default()
    }

    #[test]
    fn a_slot_scores_its_best_clause_once_and_slots_add_up() {
        let (index, f) = index();
        let searcher = index.reader().expect("reader").searcher();
        let query = CoverageQuery::new(
            vec![
                Clause {
                    postings: every(f, "a"),
                    slot: 0,
                    value: 0.5,
                },
                Clause {
                    postings: every(f, "b"),
                    slot: 0,
                    value: 0.25,
                },
                Clause {
                    postings: every(f, "c"),
                    slot: 1,
                    value: 2.0,
                },
            ],
            lists(),
        );
        // Matches: even or divisible by 3 (6,667 of 10,000) plus 7000's multiples already among them.
        assert_eq!(searcher.search(&query, &Count).expect("count"), 6667);
        let top = searcher
            .search(&query, &TopDocs::with_limit(3).order_by_score())
            .expect("top");
        let scores: Vec<f32> = top.iter().map(|(s, _)| *s).collect();
        // 0 and 7000 hold a, b and c: 0.5 (a beats b in slot 0) + 2.0.
        assert_eq!(scores[..2], [2.5, 2.5]);
        assert_eq!(scores[2], 0.5);
        // Only 0 and 7000 reach 1.0; 0.5 (a) falls short.
        let demanding = query.clone().at_least(1.0);
        assert_eq!(searcher.search(&demanding, &Count).expect("count"), 2);
        assert_eq!(
            searcher
                .search(&query.at_least(0.5), &Count)
                .expect("count"),
            5000
        );
    }

    #[test]
    fn an_intersection_seeks_through_it_as_through_a_plain_union() {
        let (index, f) = index();
        let searcher = index.reader().expect("reader").searcher();
        let coverage = || -> Box<dyn Query> {
            Box::new(CoverageQuery::new(
                vec![
                    Clause {
                        postings: every(f, "b"),
                        slot: 0,
                        value: 1.0,
                    },
                    Clause {
                        postings: every(f, "c"),
                        slot: 1,
                        value: 1.0,
                    },
                ],
                lists(),
            ))
        };
        // `c` is rare, so the intersection leads with it and seeks far into the union.
        let both = BooleanQuery::new(vec![(Occur::Must, coverage()), (Occur::Must, term(f, "c"))]);
        assert_eq!(searcher.search(&both, &Count).expect("count"), 2);
        let with_a =
            BooleanQuery::new(vec![(Occur::Must, coverage()), (Occur::Must, term(f, "a"))]);
        // Even and (divisible by 3 or by 7000): the 1,667 multiples of 6, and 7000.
        assert_eq!(searcher.search(&with_a, &Count).expect("count"), 1668);
    }

    #[test]
    fn filters_let_through_only_what_holds_one_of_their_terms() {
        let (index, f) = index();
        let searcher = index.reader().expect("reader").searcher();
        let field_term = |w: &str| Term::from_field_text(f, w);
        let query = || {
            CoverageQuery::new(
                vec![Clause {
                    postings: every(f, "b"),
                    slot: 0,
                    value: 1.0,
                }],
                lists(),
            )
        };
        // Divisible by 3 and (even or divisible by 7000): the 1,667 multiples of 6, and 7000 is not one of 3.
        let filtered = query().filtered(vec![vec![field_term("a"), field_term("c")]]);
        assert_eq!(searcher.search(&filtered, &Count).expect("count"), 1667);
        // Two filters must both hold: divisible by 3 and by 7000 (only 0), and even.
        let both = query().filtered(vec![vec![field_term("c")], vec![field_term("a")]]);
        assert_eq!(searcher.search(&both, &Count).expect("count"), 1);
        let top = searcher
            .search(&both, &TopDocs::with_limit(2).order_by_score())
            .expect("top");
        assert_eq!(top.len(), 1);
        assert_eq!(top[0].1.doc_id, 0);
        // A filter nothing holds lets nothing through.
        let none = query().filtered(vec![vec![field_term("z")]]);
        assert_eq!(searcher.search(&none, &Count).expect("count"), 0);
        // A clause read anew (as the title phrase is) counts as a kept one does.
        let read_anew = CoverageQuery::new(
            vec![Clause {
                postings: Postings::Query(term(f, "c")),
                slot: 0,
                value: 1.0,
            }],
            lists(),
        );
        assert_eq!(searcher.search(&read_anew, &Count).expect("count"), 2);
    }
    /// Documents with words from a small alphabet at random (a fixed seed), and filters that hold in
    /// patches, so that windows are filled, passed over and entered by seeking.
    #[test]
    fn matches_and_scores_are_those_of_the_plain_definition() {
        const DOCS: u32 = 20_000;
        let mut schema = Schema::builder();
        let f = schema.add_text_field("f", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).expect("writer");
        let mut seed: u64 = 7;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let words = ["a", "b", "c", "d", "e"];
        let mut held: Vec<Vec<&str>> = Vec::new();
        for n in 0..DOCS {
            let mut doc = TantivyDocument::default();
            let mut mine = Vec::new();
            for (i, word) in words.iter().enumerate() {
                // `a` is common, `e` rare.
                if next(100) < [30, 15, 8, 3, 1][i] {
                    mine.push(*word);
                }
            }
            // Filters: `near` in two patches, `kind` on every third document.
            if (2_000..6_100).contains(&n) || (15_000..15_070).contains(&n) {
                mine.push("near");
            }
            if n % 3 == 0 {
                mine.push("kind");
            }
            for word in &mine {
                doc.add_text(f, word);
            }
            held.push(mine);
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let reader = searcher.segment_reader(0);
        let clause = |word: &str, slot: usize, value: f32| Clause {
            postings: every(f, word),
            slot,
            value,
        };
        let clauses = vec![
            clause("a", 0, 0.2),
            clause("b", 0, 0.5),
            clause("c", 1, 0.7),
            clause("d", 2, 1.0),
            clause("e", 2, 0.4),
        ];
        let term = |w: &str| Term::from_field_text(f, w);
        for (least, filters) in [
            (0.0, vec![]),
            (0.6, vec![]),
            (0.6, vec![vec![term("near")]]),
            (0.2, vec![vec![term("near")], vec![term("kind"), term("e")]]),
        ] {
            let expected: Vec<(DocId, f32)> = (0..DOCS)
                .filter_map(|n| {
                    let mine = &held[n as usize];
                    let holds = |w: &Term| mine.iter().any(|m| term(m) == *w);
                    if !filters.iter().all(|any| any.iter().any(holds)) {
                        return None;
                    }
                    let mut best = [0.0_f32; 3];
                    let mut any = false;
                    for c in &clauses {
                        let Postings::Every(terms) = &c.postings else {
                            continue;
                        };
                        if terms.iter().all(holds) {
                            best[c.slot] = best[c.slot].max(c.value);
                            any = true;
                        }
                    }
                    let score: f32 = best.iter().sum();
                    (any && score >= least).then_some((n, score))
                })
                .collect();
            assert!(!expected.is_empty());
            let query = CoverageQuery::new(clauses.clone(), lists())
                .at_least(least)
                .filtered(filters.clone());
            let weight = query
                .weight(EnableScoring::disabled_from_searcher(&searcher))
                .expect("weight");
            let mut walked = Vec::new();
            weight
                .for_each(reader, &mut |doc, score| walked.push((doc, score)))
                .expect("for each");
            assert_eq!(walked, expected, "for_each, least {least}");
            let mut scorer = weight.scorer(reader, 1.0).expect("scorer");
            let mut stepped = Vec::new();
            while scorer.doc() != TERMINATED {
                stepped.push((scorer.doc(), scorer.score()));
                scorer.advance();
            }
            assert_eq!(stepped, expected, "advance, least {least}");
            // Seeking to random targets, each beyond the last, lands on the first match at or after it.
            let mut scorer = weight.scorer(reader, 1.0).expect("scorer");
            let mut target = 0;
            while target < DOCS {
                target += 1 + next(3_000) as u32;
                let want = expected
                    .iter()
                    .find(|(d, _)| *d >= target)
                    .map_or(TERMINATED, |(d, _)| *d);
                assert_eq!(scorer.seek(target), want, "seek {target}, least {least}");
            }
        }
    }
}

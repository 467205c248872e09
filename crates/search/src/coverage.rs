//! The query's text part as one flat union: every posting list a word can match through (as typed, a synonym,
//! a correction, in the body or in the title), the title phrase and the meant categories, each a clause with a
//! constant value in a slot. An offer scores, per slot, the value of the best clause it matches, summed over the
//! slots: a word counts once, through its best alternative, however many of them an offer holds.
//!
//! It replaces a union of disjunctions of constant scorers: one pass over the posting lists in windows of
//! documents, marking per document which slots are already scored, instead of a heap per word and a scorer per
//! layer for every document.

use tantivy::{
    DocId, DocSet, Score, SegmentReader, TERMINATED,
    query::{EnableScoring, Explanation, Query, Scorer, Weight},
};

/// One posting list (a term, the terms of a compound, a phrase, a category) worth `value` in `slot`.
#[derive(Debug)]
pub(crate) struct Clause {
    pub query: Box<dyn Query>,
    pub slot: usize,
    pub value: Score,
}

impl Clone for Clause {
    fn clone(&self) -> Self {
        Self {
            query: self.query.box_clone(),
            slot: self.slot,
            value: self.value,
        }
    }
}

/// Slots are marked in one `u64` per document.
pub(crate) const SLOTS: usize = 64;

#[derive(Debug, Clone)]
pub(crate) struct CoverageQuery {
    /// Ordered so that within a slot the most valuable clause comes first.
    clauses: Vec<Clause>,
    /// The least score of a match: documents below it are left out here, before anything else reads them.
    least: Score,
}

impl CoverageQuery {
    /// The clauses beyond the 64th slot are left out (a query of more than thirty words).
    pub fn new(mut clauses: Vec<Clause>) -> Self {
        clauses.retain(|c| c.slot < SLOTS);
        clauses.sort_by(|a, b| a.slot.cmp(&b.slot).then(b.value.total_cmp(&a.value)));
        Self {
            clauses,
            least: 0.0,
        }
    }

    /// Only documents that score at least `least` match.
    pub fn at_least(self, least: Score) -> Self {
        Self { least, ..self }
    }
}

impl Query for CoverageQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // The clauses only say which documents match: their own scores are not used.
        let matching = EnableScoring::disabled_from_schema(enable_scoring.schema());
        let clauses = self
            .clauses
            .iter()
            .map(|c| Ok((c.query.weight(matching)?, c.slot, c.value)))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(CoverageWeight {
            clauses,
            least: self.least,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for clause in &self.clauses {
            clause.query.query_terms(visitor);
        }
    }
}

struct CoverageWeight {
    clauses: Vec<(Box<dyn Weight>, usize, Score)>,
    least: Score,
}

impl Weight for CoverageWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut postings = Vec::with_capacity(self.clauses.len());
        for (weight, slot, value) in &self.clauses {
            let scorer = weight.scorer(reader, 1.0)?;
            if scorer.doc() != TERMINATED {
                postings.push(Posting {
                    docs: scorer,
                    bit: 1 << slot,
                    value: value * boost,
                });
            }
        }
        Ok(Box::new(CoverageScorer::new(postings, self.least * boost)))
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
    docs: Box<dyn Scorer>,
    bit: u64,
    value: Score,
}

/// Documents looked at together: the slots and scores of a window fit in the CPU's nearest caches.
const WINDOW: u32 = 4096;

struct CoverageScorer {
    postings: Vec<Posting>,
    /// Per document of the window: the slots scored so far, and the score.
    slots: Box<[u64]>,
    scores: Box<[Score]>,
    /// Per 64 documents of the window: which of them match.
    present: Box<[u64]>,
    /// The first 64 documents of the window that may still hold a match.
    cursor: usize,
    start: DocId,
    doc: DocId,
    score: Score,
    least: Score,
}

impl CoverageScorer {
    fn new(postings: Vec<Posting>, least: Score) -> Self {
        let mut scorer = Self {
            postings,
            slots: vec![0; WINDOW as usize].into_boxed_slice(),
            scores: vec![0.0; WINDOW as usize].into_boxed_slice(),
            present: vec![0; (WINDOW / 64) as usize].into_boxed_slice(),
            cursor: 0,
            start: 0,
            doc: 0,
            score: 0.0,
            least,
        };
        let first = scorer.least_doc();
        scorer.fill(first);
        scorer.advance_within(first);
        scorer
    }

    fn least_doc(&self) -> DocId {
        self.postings
            .iter()
            .map(|p| p.docs.doc())
            .min()
            .unwrap_or(TERMINATED)
    }

    /// Reads every posting list up to the end of the window that starts at `start`.
    fn fill(&mut self, start: DocId) {
        self.start = start;
        self.cursor = 0;
        if start == TERMINATED {
            return;
        }
        let end = start.saturating_add(WINDOW);
        for posting in &mut self.postings {
            let mut doc = posting.docs.doc();
            while doc < end {
                let at = (doc - start) as usize;
                if self.slots[at] & posting.bit == 0 {
                    self.slots[at] |= posting.bit;
                    self.scores[at] += posting.value;
                    self.present[at / 64] |= 1 << (at % 64);
                }
                doc = posting.docs.advance();
            }
        }
        self.postings.retain(|p| p.docs.doc() != TERMINATED);
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
        while self.cursor < self.present.len() {
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
                if posting.docs.doc() < target {
                    posting.docs.seek(target);
                }
            }
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
            .map(|p| p.docs.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.postings.iter().map(|p| p.docs.cost()).sum()
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

    #[test]
    fn a_slot_scores_its_best_clause_once_and_slots_add_up() {
        let (index, f) = index();
        let searcher = index.reader().expect("reader").searcher();
        let query = CoverageQuery::new(vec![
            Clause {
                query: term(f, "a"),
                slot: 0,
                value: 0.5,
            },
            Clause {
                query: term(f, "b"),
                slot: 0,
                value: 0.25,
            },
            Clause {
                query: term(f, "c"),
                slot: 1,
                value: 2.0,
            },
        ]);
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
            Box::new(CoverageQuery::new(vec![
                Clause {
                    query: term(f, "b"),
                    slot: 0,
                    value: 1.0,
                },
                Clause {
                    query: term(f, "c"),
                    slot: 1,
                    value: 1.0,
                },
            ]))
        };
        // `c` is rare, so the intersection leads with it and seeks far into the union.
        let both = BooleanQuery::new(vec![(Occur::Must, coverage()), (Occur::Must, term(f, "c"))]);
        assert_eq!(searcher.search(&both, &Count).expect("count"), 2);
        let with_a =
            BooleanQuery::new(vec![(Occur::Must, coverage()), (Occur::Must, term(f, "a"))]);
        // Even and (divisible by 3 or by 7000): the 1,667 multiples of 6, and 7000.
        assert_eq!(searcher.search(&with_a, &Count).expect("count"), 1668);
    }
}
